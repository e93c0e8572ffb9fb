"""Vehicles, drivers and frequent locations, and the Complemento JSON the form's choices
make: it is the contract's shape and `build_comprobante` builds a document from it."""

from datetime import datetime
from decimal import Decimal

import pytest

from facturador.models import Empresa, read_session, write_session
from facturador.sat.build import build_comprobante
from facturador.services.catalog_data import ClienteData, ProductoData, add_client, add_product
from facturador.services.complementos import (
    CartaPorteLinea,
    OperadorData,
    UbicacionData,
    VehiculoData,
    add_operador,
    add_ubicacion,
    add_vehiculo,
    carta_porte_input,
    comercio_exterior_input,
    data_of,
    delete_vehiculo,
    edit_ubicacion,
    is_clave_prod_serv_cp,
    list_operadores,
    list_ubicaciones,
    list_vehiculos,
)
from facturador.services.errors import FieldError, NotFoundError

EMISOR = {"Rfc": "EKU9003173C9", "Nombre": "ESCUELA KEMPER URGATE", "RegimenFiscal": "601"}
ACEITE = {"ClaveProdServ": "50151513", "NoIdentificacion": "ACE-01", "Cantidad": "10",
          "ClaveUnidad": "H87", "Descripcion": "Aceite de aguacate 1 L", "ValorUnitario": "12.50",
          "ObjetoImp": "02", "Impuestos": {"Traslados": [
              {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.000000"}]}}  # fmt: skip


@pytest.fixture
def empresa_id(engine):
    with write_session(engine) as session:
        empresa = Empresa(
            rfc="EKU9003173C9", nombre="E", regimen_fiscal="601", lugar_expedicion="42501"
        )
        session.add(empresa)
        session.commit()
        return empresa.id


def _vehiculo(**overrides):
    values = {"alias": "Camión 1", "perm_sct": "TPAF01", "num_permiso_sct": "0X2XTXZ0X5X0X3X2X1X0",
              "config_vehicular": "C2", "peso_bruto_vehicular": "3.5", "placa_vm": "abc 1234",
              "anio_modelo_vm": "2020", "asegura_resp_civil": "Seguros SA",
              "poliza_resp_civil": "123456",
              "remolques": [{"SubTipoRem": "CTR004", "Placa": "XYZ987"}]}  # fmt: skip
    return VehiculoData(**{**values, **overrides})


def _ubicacion(alias, **overrides):
    values = {"alias": alias, "rfc": "EKU9003173C9", "calle": "Av. Reforma", "municipio": "001",
              "estado": "AGU", "codigo_postal": "20000"}  # fmt: skip
    return UbicacionData(**{**values, **overrides})


def test_vehicles_drivers_locations_crud(engine, empresa_id):
    with write_session(engine) as session:
        vehiculo = add_vehiculo(session, empresa_id, _vehiculo())
        assert vehiculo.placa_vm == "ABC1234"
        assert vehiculo.remolques == [{"SubTipoRem": "CTR004", "Placa": "XYZ987"}]
        add_operador(
            session,
            empresa_id,
            OperadorData(
                rfc_figura="cacx7605101p8", nombre_figura="XOCHILT CASAS CHAVEZ",
                num_licencia="a234567890"),
        )  # fmt: skip
        ubicacion = add_ubicacion(session, empresa_id, _ubicacion("Bodega"))
        edit_ubicacion(session, empresa_id, ubicacion.id, _ubicacion("Bodega norte"))
        with pytest.raises(FieldError):
            add_vehiculo(session, empresa_id, _vehiculo(anio_modelo_vm="20"))
        with pytest.raises(FieldError):
            add_vehiculo(session, empresa_id, _vehiculo(remolques=[{"SubTipoRem": "CTR004"}]))
        with pytest.raises(FieldError):
            add_operador(session, empresa_id, OperadorData(nombre_figura="X", num_licencia="1"))
    with read_session(engine) as session:
        assert [v.alias for v in list_vehiculos(session, empresa_id)] == ["Camión 1"]
        assert list_operadores(session, empresa_id)[0].rfc_figura == "CACX7605101P8"
        ubicaciones = list_ubicaciones(session, empresa_id)
        assert [u.alias for u in ubicaciones] == ["Bodega norte"]
        assert data_of(ubicaciones[0]).municipio == "001"
        assert list_vehiculos(session, empresa_id + 1) == []
    with write_session(engine) as session:
        delete_vehiculo(session, empresa_id, vehiculo.id)
        with pytest.raises(NotFoundError):
            delete_vehiculo(session, empresa_id, vehiculo.id)


def test_comercio_exterior_input_from_client_and_products(engine, empresa_id):
    with write_session(engine) as session:
        cliente = add_client(
            session,
            empresa_id,
            ClienteData(
                rfc="XEXX010101000", nombre="ACME IMPORTS LLC", regimen_fiscal_receptor="616",
                domicilio_fiscal_receptor="42501", uso_cfdi="S01", residencia_fiscal="USA",
                num_reg_id_trib="123456789", calle="Main St", numero_exterior="500",
                municipio="Laredo", estado="TX", pais="USA", codigo_postal="78040"),
        )  # fmt: skip
        producto = add_product(
            session,
            empresa_id,
            ProductoData(
                clave_prod_serv="50151513", clave_unidad="H87", descripcion="Aceite",
                valor_unitario=Decimal("12.50"), objeto_imp="02", no_identificacion="ACE-01",
                fraccion_arancelaria="1515909900", unidad_aduana="06"),
        )  # fmt: skip
        emisor = add_ubicacion(
            session, empresa_id,
            _ubicacion("Planta", calle="Av. Juárez", numero_exterior="100", municipio=None,
                       estado="HID", codigo_postal="42501"),
        )  # fmt: skip
        complemento = comercio_exterior_input(
            cliente=cliente, conceptos=[ACEITE], productos=[producto], emisor_domicilio=emisor,
            tipo_cambio_usd="17.2500", moneda="USD", tipo_cambio="17.2500", incoterm="FOB",
        )  # fmt: skip
    assert complemento == {
        "ComercioExterior": {
            "ClaveDePedimento": "A1", "CertificadoOrigen": "0", "TipoCambioUSD": "17.2500",
            "Incoterm": "FOB",
            "Emisor": {"Domicilio": {"Calle": "Av. Juárez", "NumeroExterior": "100",
                                     "Estado": "HID", "Pais": "MEX", "CodigoPostal": "42501"}},
            "Receptor": {"Domicilio": {"Calle": "Main St", "NumeroExterior": "500",
                                       "Municipio": "Laredo", "Estado": "TX", "Pais": "USA",
                                       "CodigoPostal": "78040"}},
            "Mercancias": [{"NoIdentificacion": "ACE-01", "FraccionArancelaria": "1515909900",
                            "CantidadAduana": "10", "UnidadAduana": "06",
                            "ValorUnitarioAduana": "12.500000", "ValorDolares": "125.00"}],
        }
    }  # fmt: skip
    data = {
        "Serie": "E", "TipoDeComprobante": "I", "Exportacion": "02", "FormaPago": "03",
        "MetodoPago": "PUE", "Moneda": "USD", "TipoCambio": "17.2500", "LugarExpedicion": "42501",
        "Emisor": EMISOR,
        "Receptor": {"Rfc": "XEXX010101000", "Nombre": "ACME IMPORTS LLC",
                     "DomicilioFiscalReceptor": "42501", "RegimenFiscalReceptor": "616",
                     "UsoCFDI": "S01", "ResidenciaFiscal": "USA", "NumRegIdTrib": "123456789"},
        "Conceptos": [ACEITE], "Complemento": complemento,
    }  # fmt: skip
    comprobante = build_comprobante(data, fecha=datetime(2026, 12, 3, 9))
    assert comprobante.complementos


def test_mxn_amounts_go_to_dollars(engine, empresa_id):
    with write_session(engine) as session:
        cliente = add_client(
            session,
            empresa_id,
            ClienteData(
                rfc="XEXX010101000", nombre="ACME", regimen_fiscal_receptor="616",
                domicilio_fiscal_receptor="42501", uso_cfdi="S01", estado="TX", pais="USA",
                codigo_postal="78040"),
        )  # fmt: skip
        complemento = comercio_exterior_input(
            cliente=cliente, conceptos=[{**ACEITE, "ValorUnitario": "172.50"}], productos=[],
            emisor_domicilio={"estado": "HID", "pais": "MEX", "codigo_postal": "42501"},
            tipo_cambio_usd="17.25", moneda="MXN",
        )  # fmt: skip
    assert complemento["ComercioExterior"]["Mercancias"] == [
        {"NoIdentificacion": "ACE-01", "ValorDolares": "100.00"}
    ]


def test_carta_porte_input_from_catalogs(engine, empresa_id):
    assert is_clave_prod_serv_cp("50151513")
    assert not is_clave_prod_serv_cp("84111506")
    with write_session(engine) as session:
        vehiculo = add_vehiculo(session, empresa_id, _vehiculo())
        operador = add_operador(
            session, empresa_id,
            OperadorData(rfc_figura="CACX7605101P8", nombre_figura="XOCHILT CASAS CHAVEZ",
                         num_licencia="a234567890"),
        )  # fmt: skip
        origen = add_ubicacion(session, empresa_id, _ubicacion("Planta"))
        destino = add_ubicacion(
            session, empresa_id,
            _ubicacion("CDMX", calle="Insurgentes", municipio="015", estado="CMX",
                       codigo_postal="06000"),
        )  # fmt: skip
        concepto = {"ClaveProdServ": "50151513", "Cantidad": "100", "ClaveUnidad": "H87",
                    "Descripcion": "Aceite de aguacate 1 L", "ValorUnitario": "0",
                    "ObjetoImp": "01"}  # fmt: skip
        complemento = carta_porte_input(
            origen=origen, salida="2026-12-03T08:00:00", destino=destino,
            llegada="2026-12-03T18:00:00", distancia="520",
            lineas=[CartaPorteLinea(concepto=concepto, peso_en_kg="95.5")],
            vehiculo=vehiculo, operador=operador,
        )  # fmt: skip
        with pytest.raises(FieldError):
            carta_porte_input(
                origen=origen, salida="2026-12-03T08:00:00", destino=destino,
                llegada="2026-12-03T18:00:00", distancia="520",
                lineas=[CartaPorteLinea(concepto={**concepto, "ClaveProdServ": "84111506"},
                                        peso_en_kg="1")],
                vehiculo=vehiculo, operador=operador,
            )  # fmt: skip
    cp = complemento["CartaPorte"]
    assert cp["Ubicaciones"][1] == {
        "TipoUbicacion": "Destino", "IDUbicacion": "DE000001",
        "RFCRemitenteDestinatario": "EKU9003173C9", "FechaHoraSalidaLlegada": "2026-12-03T18:00:00",
        "DistanciaRecorrida": "520",
        "Domicilio": {"Calle": "Insurgentes", "Municipio": "015", "Estado": "CMX", "Pais": "MEX",
                      "CodigoPostal": "06000"},
    }  # fmt: skip
    assert cp["Mercancias"]["Mercancia"] == [
        {"BienesTransp": "50151513", "Descripcion": "Aceite de aguacate 1 L", "Cantidad": "100",
         "ClaveUnidad": "H87", "PesoEnKg": "95.5"}
    ]  # fmt: skip
    assert cp["Mercancias"]["Autotransporte"]["Remolques"] == [
        {"SubTipoRem": "CTR004", "Placa": "XYZ987"}
    ]
    assert cp["FiguraTransporte"] == [
        {"TipoFigura": "01", "RFCFigura": "CACX7605101P8", "NumLicencia": "a234567890",
         "NombreFigura": "XOCHILT CASAS CHAVEZ"}
    ]  # fmt: skip
    data = {
        "Serie": "T", "TipoDeComprobante": "T", "Exportacion": "01", "Moneda": "XXX",
        "LugarExpedicion": "42501", "Emisor": EMISOR,
        "Receptor": {**EMISOR, "DomicilioFiscalReceptor": "42501", "RegimenFiscalReceptor": "601",
                     "UsoCFDI": "S01"},
        "Conceptos": [concepto], "Complemento": complemento,
    }  # fmt: skip
    del data["Receptor"]["RegimenFiscal"]
    comprobante = build_comprobante(data, fecha=datetime(2026, 12, 3, 7))
    assert comprobante.complementos


def test_vehicle_driver_and_location_keys_are_checked_against_their_catalogs(engine, empresa_id):
    with write_session(engine) as session:
        for bad, field in [
            ({"perm_sct": "TPAF99"}, "perm_sct"),
            ({"config_vehicular": "ZZZ"}, "config_vehicular"),
            ({"remolques": [{"SubTipoRem": "CTR999", "Placa": "XYZ987"}]}, "remolques"),
        ]:
            with pytest.raises(FieldError) as caught:
                add_vehiculo(session, empresa_id, _vehiculo(**bad))
            assert (caught.value.field, caught.value.reason) == (field, "not_in_catalog")
        with pytest.raises(FieldError) as caught:
            add_operador(session, empresa_id, OperadorData(
                nombre_figura="JOHN SMITH", num_licencia="D1", num_reg_id_trib_figura="123",
                residencia_fiscal_figura="QQQ"))  # fmt: skip
        assert caught.value.field == "residencia_fiscal_figura"
        with pytest.raises(FieldError) as caught:
            add_ubicacion(session, empresa_id, _ubicacion("Bodega", estado="XX"))
        assert (caught.value.field, caught.value.reason) == ("estado", "not_in_catalog")
        with pytest.raises(FieldError) as caught:
            add_ubicacion(session, empresa_id, _ubicacion("Bodega", pais="QQQ"))
        assert caught.value.field == "pais"
        with pytest.raises(FieldError) as caught:
            add_ubicacion(session, empresa_id, _ubicacion("Bodega", codigo_postal="00001"))
        assert (caught.value.field, caught.value.reason) == ("codigo_postal", "not_in_catalog")
        # outside Mexico, the US and Canada the state is free text
        berlin = add_ubicacion(
            session, empresa_id,
            _ubicacion("Berlín", rfc="XEXX010101000", estado="Berlin", pais="deu"),
        )  # fmt: skip
        assert (berlin.estado, berlin.pais) == ("BERLIN", "DEU")
        assert add_ubicacion(session, empresa_id, _ubicacion("Laredo", estado="TX", pais="USA"))


def test_the_active_company_s_rows_for_the_pages(company, engine, secrets, tmp_path):
    from facturador.services.complementos import (
        operadores,
        remove_vehiculo,
        save_operador,
        save_ubicacion,
        save_vehiculo,
        ubicaciones,
        vehiculos,
    )
    from facturador.services.context import Context

    ctx = Context(engine, secrets, data_dir_=tmp_path)
    rojo = save_vehiculo(ctx, _vehiculo(alias="Camión rojo"))
    save_vehiculo(ctx, _vehiculo(alias="Torton", placa_vm="ZZZ999"))
    assert [v.data.alias for v in vehiculos(ctx)] == ["Camión rojo", "Torton"]
    assert [v.data.alias for v in vehiculos(ctx, "camion")] == ["Camión rojo"]  # no accents
    assert [v.data.alias for v in vehiculos(ctx, "zzz9")] == ["Torton"]  # by plate too
    changed = save_vehiculo(ctx, _vehiculo(alias="Camión rojo", anio_modelo_vm="2021"), rojo.id)
    assert (changed.id, changed.data.anio_modelo_vm) == (rojo.id, "2021")
    remove_vehiculo(ctx, rojo.id)
    assert [v.data.alias for v in vehiculos(ctx)] == ["Torton"]
    with pytest.raises(NotFoundError):
        remove_vehiculo(ctx, rojo.id)
    xochilt = OperadorData(
        rfc_figura="CACX7605101P8", nombre_figura="XOCHILT CASAS CHAVEZ", num_licencia="A1"
    )
    save_operador(ctx, xochilt)
    assert [o.data.rfc_figura for o in operadores(ctx, "xochilt")] == ["CACX7605101P8"]
    bodega = save_ubicacion(ctx, _ubicacion("Bodega"))
    assert ubicaciones(ctx, "20000") == [bodega]
