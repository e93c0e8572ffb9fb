from decimal import Decimal

import pytest

from facturador.models import Empresa, read_session, write_session
from facturador.services.catalog_data import (
    ClienteData,
    ProductoData,
    add_client,
    add_product,
    edit_client,
    edit_product,
    get_product,
    list_clients,
    list_products,
    search_clients,
    search_products,
)
from facturador.services.errors import DuplicateError, FieldError, NotFoundError


@pytest.fixture
def empresa_id(engine):
    with write_session(engine) as session:
        empresa = Empresa(
            rfc="EKU9003173C9", nombre="E", regimen_fiscal="601", lugar_expedicion="42501"
        )
        session.add(empresa)
        session.commit()
        return empresa.id


def _client(**overrides):
    values = {
        "rfc": "CACX7605101P8",
        "nombre": "XOCHILT CASAS CHAVEZ",
        "regimen_fiscal_receptor": "612",
        "domicilio_fiscal_receptor": "36257",
        "uso_cfdi": "G03",
        "emails": ["xochilt@example.com"],
    }
    values.update(overrides)
    return ClienteData(**values)


def _product(**overrides):
    values = {
        "clave_prod_serv": "01010101",
        "clave_unidad": "H87",
        "descripcion": "Café orgánico",
        "valor_unitario": "100.00",
        "objeto_imp": "02",
        "unidad": "Pieza",
        "impuestos": {
            "Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}]
        },
    }
    values.update(overrides)
    return ProductoData(**values)


def test_add_list_edit_and_search_clients(engine, empresa_id):
    with write_session(engine) as session:
        cliente = add_client(session, empresa_id, _client(rfc="cacx7605101p8"))
        add_client(
            session,
            empresa_id,
            _client(
                rfc="EKU9003173C9",
                nombre="ESCUELA KEMPER URGATE",
                regimen_fiscal_receptor="601",
                emails=[],
            ),
        )
        add_client(
            session,
            empresa_id,
            _client(
                rfc="XAXX010101000",
                nombre="PÚBLICO EN GENERAL",
                regimen_fiscal_receptor="616",
                uso_cfdi="S01",
                domicilio_fiscal_receptor="42501",
            ),
        )
        with pytest.raises(DuplicateError):
            add_client(session, empresa_id, _client())
        edit_client(session, empresa_id, cliente.id, _client(nombre="Xóchitl Casas Chávez"))
    with read_session(engine) as session:
        assert [c.rfc for c in list_clients(session, empresa_id)] == [
            "EKU9003173C9",
            "XAXX010101000",
            "CACX7605101P8",
        ]
        assert [c.rfc for c in search_clients(session, empresa_id, "chavez")] == ["CACX7605101P8"]
        assert [c.rfc for c in search_clients(session, empresa_id, "CHÁVEZ")] == ["CACX7605101P8"]
        assert [c.rfc for c in search_clients(session, empresa_id, "publico")] == ["XAXX010101000"]
        assert [c.rfc for c in search_clients(session, empresa_id, "eku9003")] == ["EKU9003173C9"]
        assert search_clients(session, empresa_id, "%") == []
        assert search_clients(session, empresa_id + 1, "chavez") == []
        assert list_clients(session, empresa_id)[2].emails == ["xochilt@example.com"]


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"rfc": "ABC"}, "rfc", "RFC:"),
        ({"nombre": "  "}, "nombre", "Nombre: es obligatorio."),
        ({"domicilio_fiscal_receptor": "00001"}, "domicilio_fiscal_receptor", "«00001» no existe"),
        ({"regimen_fiscal_receptor": "999"}, "regimen_fiscal_receptor", "no existe"),
        (
            {"regimen_fiscal_receptor": "601"},
            "regimen_fiscal_receptor",
            "no aplica a personas físicas",
        ),
        (
            {"rfc": "EKU9003173C9", "regimen_fiscal_receptor": "612"},
            "regimen_fiscal_receptor",
            "no aplica a personas morales",
        ),
        ({"uso_cfdi": "ZZZ"}, "uso_cfdi", "no existe"),
        (
            {"uso_cfdi": "D01", "rfc": "EKU9003173C9", "regimen_fiscal_receptor": "601"},
            "uso_cfdi",
            "no aplica a personas morales",
        ),
        ({"regimen_fiscal_receptor": "605"}, "uso_cfdi", "no se permite con el régimen fiscal 605"),
        (
            {"rfc": "XAXX010101000", "regimen_fiscal_receptor": "612"},
            "regimen_fiscal_receptor",
            "debe ser 616",
        ),
        (
            {"rfc": "XAXX010101000", "regimen_fiscal_receptor": "616", "uso_cfdi": "G03"},
            "uso_cfdi",
            None,
        ),
        ({"emails": ["no-es-correo"]}, "emails", "correo electrónico"),
    ],
)
def test_client_validation_names_the_field(engine, empresa_id, overrides, field, text):
    with write_session(engine) as session, pytest.raises(FieldError) as caught:
        add_client(session, empresa_id, _client(**overrides))
    assert caught.value.field == field
    assert text is None or text in caught.value.message, caught.value.message


def test_uso_cfdi_must_allow_the_regimen(engine, empresa_id):
    # G03 is not allowed for régimen 616 (sin obligaciones fiscales)
    with write_session(engine) as session, pytest.raises(FieldError) as caught:
        add_client(session, empresa_id, _client(regimen_fiscal_receptor="616", uso_cfdi="G03"))
    assert caught.value.reason in {"uso_not_for_regimen", "not_for_fisica"}
    assert caught.value.field == "uso_cfdi"


def test_products_keep_exact_amounts_and_validate_catalogs(engine, empresa_id):
    with write_session(engine) as session:
        producto = add_product(session, empresa_id, _product())
        add_product(
            session,
            empresa_id,
            _product(
                descripcion="Asesoría",
                valor_unitario=Decimal("0.123456"),
                clave_prod_serv="80101500",
                clave_unidad="E48",
                no_identificacion="SERV-1",
            ),
        )
        for bad, field in [
            ({"clave_prod_serv": "99999999"}, "clave_prod_serv"),
            ({"clave_unidad": "QQQ"}, "clave_unidad"),
            ({"objeto_imp": "09"}, "objeto_imp"),
            ({"valor_unitario": "abc"}, "valor_unitario"),
            ({"valor_unitario": "-1"}, "valor_unitario"),
            ({"valor_unitario": "1.1234567"}, "valor_unitario"),
            ({"descripcion": ""}, "descripcion"),
        ]:
            with pytest.raises(FieldError) as caught:
                add_product(session, empresa_id, _product(**bad))
            assert caught.value.field == field
            assert caught.value.message.startswith(
                ("ClaveProdServ", "ClaveUnidad", "ObjetoImp", "ValorUnitario", "Descripción")
            )
        edit_product(session, empresa_id, producto.id, _product(valor_unitario="250.50"))
        with pytest.raises(NotFoundError):
            get_product(session, empresa_id, 999)
    with read_session(engine) as session:
        products = list_products(session, empresa_id)
        assert [(p.descripcion, str(p.valor_unitario)) for p in products] == [
            ("Asesoría", "0.123456"),
            ("Café orgánico", "250.50"),
        ]
        assert products[1].impuestos["Traslados"][0]["TasaOCuota"] == "0.160000"
        assert [p.descripcion for p in search_products(session, empresa_id, "cafe ORGANICO")] == [
            "Café orgánico"
        ]
        assert [p.descripcion for p in search_products(session, empresa_id, "serv-1")] == [
            "Asesoría"
        ]


def test_customs_keys_and_a_foreign_client_s_country_are_in_their_catalogs(engine, empresa_id):
    with write_session(engine) as session:
        producto = add_product(
            session, empresa_id, _product(fraccion_arancelaria=" 1515909900 ", unidad_aduana="06")
        )
        assert (producto.fraccion_arancelaria, producto.unidad_aduana) == ("1515909900", "06")
        for bad, field in [
            ({"fraccion_arancelaria": "99"}, "fraccion_arancelaria"),
            ({"unidad_aduana": "QQ"}, "unidad_aduana"),
        ]:
            with pytest.raises(FieldError) as caught:
                add_product(session, empresa_id, _product(**bad))
            assert (caught.value.field, caught.value.reason) == (field, "not_in_catalog")
        extranjero = {"rfc": "XEXX010101000", "nombre": "ACME", "regimen_fiscal_receptor": "616",
                      "uso_cfdi": "S01", "residencia_fiscal": "USA"}  # fmt: skip
        with pytest.raises(FieldError) as caught:
            add_client(session, empresa_id, _client(**extranjero, pais="QQQ"))
        assert caught.value.field == "pais"
        cliente = add_client(session, empresa_id, _client(**extranjero, pais="usa", estado="TX"))
        assert (cliente.pais, cliente.estado) == ("USA", "TX")
