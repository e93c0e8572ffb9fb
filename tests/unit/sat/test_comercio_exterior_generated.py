"""Export invoices with Comercio Exterior 2.0, generated from JSON, checked the way SAT would.

About a quarter are traslados (tipo T: MotivoTraslado, a Propietario for motivo 05, no
payment nor taxes, total 0). Each of 200 documents is built through `build_comprobante`,
sealed with SAT's test CSD, and must pass SAT's XSD with the complement schema (the
validator's full set), have a native cadena identical to SAT's XSLT's, carry a Sello that
verifies and get no error from `validar`. Plus the model's round trip and the input's errors.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import functools
import json
import zipfile
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from facturador.sat.build import build_comprobante
from facturador.sat.cadena import cadena_original, cadena_xslt
from facturador.sat.comercio_exterior import (
    CCE_TAG,
    ComercioExterior,
    DescripcionEspecifica,
    Destinatario,
    Domicilio,
    Emisor,
    Mercancia,
    Propietario,
    Receptor,
    comercio_exterior_to_raw,
    comercio_exterior_to_xml,
    find_comercio_exterior,
    parse_comercio_exterior,
)
from facturador.sat.errors import ComprobanteInputError
from facturador.sat.money import quantize
from facturador.sat.resources import resource_path
from facturador.sat.sello import seal
from facturador.sat.validation import validate_xml
from facturador.sat.validation.xsd import schema_for
from facturador.sat.xml_safety import parse_xml
from tests.unit.sat.conftest import FECHA

TIPO_CAMBIO_USD = "17.2500"
CURRENCIES = {"USD": TIPO_CAMBIO_USD, "MXN": None, "EUR": "20.1500"}
EMISOR_DOMICILIOS = [
    {"Calle": "Av. Juárez", "NumeroExterior": "100", "Estado": "HID", "Pais": "MEX",
     "CodigoPostal": "42501"},
    {"Calle": "Av. Reforma  Norte", "NumeroExterior": "10", "NumeroInterior": "B & C",
     "Localidad": "01", "Municipio": "001", "Estado": "AGU", "Pais": "MEX",
     "CodigoPostal": "20000", "Referencia": 'Frente al "Parque"'},
]  # fmt: skip
# (ResidenciaFiscal, NumRegIdTrib, a Domicilio there): identities fit c_Pais's patterns.
FOREIGN = [
    ("USA", "123456789", {"Calle": "Main St", "NumeroExterior": "500", "Municipio": "Laredo",
                          "Estado": "TX", "Pais": "USA", "CodigoPostal": "78040"}),
    ("CAN", "987654321", {"Calle": "Wellington St", "Colonia": "Centretown",
                          "Localidad": "Ottawa", "Estado": "ON", "Pais": "CAN",
                          "CodigoPostal": "K1A 0B1"}),
    ("DEU", "DE123456789", {"Calle": "Marienplatz", "NumeroExterior": "8",
                            "Municipio": "München", "Estado": "BY", "Pais": "DEU",
                            "CodigoPostal": "80331"}),
]  # fmt: skip
CLAVES = ["50151513", "10101500", "43211503", "25101503", "01010101"]
TAXES = [None, [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.000000"}],
         [{"Impuesto": "002", "TipoFactor": "Exento"}]]  # fmt: skip
UNIDADES_ADUANA = [f"{n:02d}" for n in range(1, 23)]
TEXTS = st.sampled_from(["Kemper", "Año & día", "Café <molido>", 'Pieza "A"', "X  Y"])


@functools.cache
def fracciones() -> list[str]:
    """Ten-digit (TIGIE/NICO) fractions of c_FraccionArancelaria, a spread sample."""
    with zipfile.ZipFile(resource_path("xsd", "sat-xml.zip")) as archive:
        values = json.loads(archive.read("catalogos/enumeraciones.json"))
    catalog = values["http://www.sat.gob.mx/sitio_internet/cfd/catalogos/ComExt"]
    ten = sorted(v for v in catalog["c_FraccionArancelaria"] if len(v) == 10)
    return ten[:: max(1, len(ten) // 40)]


@st.composite
def _amount(draw: st.DrawFn, max_places: int, high: int) -> str:
    """At least 1 (so every tax Base is positive), below `high`, up to `max_places` decimals."""
    places = draw(st.integers(0, max_places))
    return str(Decimal(draw(st.integers(10**places, high * 10**places - 1))).scaleb(-places))


def _importe(concept: dict[str, object]) -> Decimal:
    return quantize(Decimal(str(concept["Cantidad"])) * Decimal(str(concept["ValorUnitario"])), 2)


@st.composite
def mercancia(draw: st.DrawFn, concept: dict[str, object], moneda: str) -> dict[str, object]:
    factor = Decimal(CURRENCIES[moneda] or "1") / Decimal(TIPO_CAMBIO_USD)
    # FraccionArancelaria is required unless UnidadAduana is 99 (CCE20125), never 99 here.
    item: dict[str, object] = {
        "NoIdentificacion": concept["NoIdentificacion"],
        "FraccionArancelaria": draw(st.sampled_from(fracciones())),
    }
    if draw(st.booleans()):  # the customs group: quantity, unit and unit value together
        cantidad = Decimal(str(concept["Cantidad"]))
        unitario = quantize(Decimal(str(concept["ValorUnitario"])) * factor, 6)
        item["CantidadAduana"] = str(cantidad)
        item["UnidadAduana"] = draw(st.sampled_from(UNIDADES_ADUANA))
        item["ValorUnitarioAduana"] = str(unitario)
        if draw(st.booleans()):
            item["ValorDolares"] = str(quantize(cantidad * unitario, 2))
    else:
        item["ValorDolares"] = str(quantize(_importe(concept) * factor, 2))
    descripciones = []
    for _ in range(draw(st.integers(0, 2))):
        d: dict[str, str] = {"Marca": draw(TEXTS)}
        for key in ("Modelo", "SubModelo", "NumeroSerie"):
            if draw(st.booleans()):
                d[key] = draw(TEXTS)
        descripciones.append(d)
    if descripciones:
        item["DescripcionesEspecificas"] = descripciones
    return item


@st.composite
def documents(draw: st.DrawFn) -> dict[str, object]:
    moneda = draw(st.sampled_from(sorted(CURRENCIES)))
    residencia, num_reg, domicilio = draw(st.sampled_from(FOREIGN))
    ppd = draw(st.booleans())
    traslado = draw(st.integers(0, 3)) == 0  # goods sent abroad without a sale (tipo T)
    conceptos: list[dict[str, object]] = []
    for index in range(draw(st.integers(1, 4))):
        taxes = None if traslado else draw(st.sampled_from(TAXES))
        concept: dict[str, object] = {
            "ClaveProdServ": draw(st.sampled_from(CLAVES)),
            "NoIdentificacion": f"SKU-{index + 1}",
            "Cantidad": draw(_amount(3, 5_000)),
            "ClaveUnidad": draw(st.sampled_from(["H87", "KGM", "LTR"])),
            "Descripcion": draw(TEXTS),
            "ValorUnitario": draw(_amount(6, 90_000)),
            "ObjetoImp": "01" if taxes is None else "02",
        }
        if taxes is not None:
            concept["Impuestos"] = {"Traslados": taxes}
        conceptos.append(concept)
    cce: dict[str, object] = {
        "ClaveDePedimento": "A1",
        "CertificadoOrigen": draw(st.sampled_from(["0", "1"])),
        "TipoCambioUSD": TIPO_CAMBIO_USD,
        "Emisor": {"Domicilio": draw(st.sampled_from(EMISOR_DOMICILIOS))},
        "Receptor": draw(
            st.sampled_from(
                [
                    {"Domicilio": domicilio},
                    {"Domicilio": domicilio, "NumRegIdTrib": num_reg},
                    {"NumRegIdTrib": num_reg},
                ]
            )
        ),
        "Mercancias": [draw(mercancia(c, moneda)) for c in conceptos],
    }
    if cce["CertificadoOrigen"] == "1":
        cce["NumCertificadoOrigen"] = "CO-2026-000123"
    if traslado:
        cce["MotivoTraslado"] = draw(st.sampled_from(["01", "02", "03", "04", "05", "99"]))
        if cce["MotivoTraslado"] == "05":  # goods of someone else: their owner
            cce["Propietario"] = [{"NumRegIdTrib": num_reg, "ResidenciaFiscal": residencia}]
    if draw(st.booleans()):
        cce["Incoterm"] = draw(st.sampled_from(["FOB", "CIF", "EXW", "DAP", "FCA"]))
    if draw(st.booleans()):
        cce["NumeroExportadorConfiable"] = "MXEC-0042"
    if draw(st.booleans()):
        cce["Observaciones"] = 'Entrega  en <andén> & "A"'
    if draw(st.booleans()):
        cce["Version"] = "2.0"
    if draw(st.booleans()):
        cce["Destinatario"] = [
            {"Nombre": draw(TEXTS), "NumRegIdTrib": num_reg,
             "Domicilio": draw(st.lists(st.sampled_from([f[2] for f in FOREIGN]),
                                        min_size=1, max_size=2))}
        ]  # fmt: skip
    if draw(st.booleans()):
        valores = (Decimal(str(m["ValorDolares"])) if "ValorDolares" in m else
                   quantize(Decimal(str(m["CantidadAduana"]))
                            * Decimal(str(m["ValorUnitarioAduana"])), 2)
                   for m in cce["Mercancias"])  # type: ignore[attr-defined]  # fmt: skip
        cce["TotalUSD"] = str(quantize(sum(valores, Decimal(0)), 2))
    doc: dict[str, object] = {
        "Serie": "E",
        "Folio": str(draw(st.integers(1, 10**9))),
        "TipoDeComprobante": "I",
        "Exportacion": "02",
        "FormaPago": "99" if ppd else draw(st.sampled_from(["01", "03", "28"])),
        "MetodoPago": "PPD" if ppd else "PUE",
        "Moneda": moneda,
        "LugarExpedicion": "42501",
        "Emisor": {"Rfc": "EKU9003173C9", "Nombre": "ESCUELA KEMPER URGATE",
                   "RegimenFiscal": "601"},
        "Receptor": {"Rfc": "XEXX010101000", "Nombre": "ACME IMPORTS LLC",
                     "DomicilioFiscalReceptor": "42501", "RegimenFiscalReceptor": "616",
                     "UsoCFDI": "S01", "ResidenciaFiscal": residencia, "NumRegIdTrib": num_reg},
        "Conceptos": conceptos,
        "Complemento": {"ComercioExterior": cce},
    }  # fmt: skip
    if CURRENCIES[moneda]:
        doc["TipoCambio"] = CURRENCIES[moneda]
    if traslado:
        doc.update(Serie="T", TipoDeComprobante="T")
        del doc["FormaPago"], doc["MetodoPago"]
    return doc


def _full_schema() -> etree.XMLSchema:
    return schema_for(frozenset({"http://www.sat.gob.mx/cfd/4", CCE_TAG[1:].split("}")[0]}))


def _check_sealed(sealed, credential) -> etree._Element:
    root = parse_xml(sealed.xml)
    schema = _full_schema()
    assert schema.validate(root), schema.error_log.last_error
    assert cadena_xslt()(root) == sealed.cadena == cadena_original(sealed.comprobante)
    credential.certificate.public_key().verify(
        base64.b64decode(root.get("Sello")),
        sealed.cadena.encode("utf-8"),
        padding.PKCS1v15(),
        hashes.SHA256(),
    )
    report = validate_xml(sealed.xml)
    assert report.errores == (), [f.codigo + " " + f.mensaje for f in report.errores]
    assert report.sello_valido is True
    return root


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(doc=documents())
def test_generated_export_invoice_is_what_sat_accepts(doc, credential):
    comprobante = build_comprobante(doc, fecha=FECHA)
    sealed = seal(comprobante, credential)
    root = _check_sealed(sealed, credential)
    cce = find_comercio_exterior(sealed.comprobante)
    assert cce is not None
    assert cce.total_usd == sum(m.valor_dolares for m in cce.mercancias)
    assert {m.no_identificacion for m in cce.mercancias} <= {
        c.no_identificacion for c in sealed.comprobante.conceptos
    }
    found = root.find(f".//{CCE_TAG}")
    assert found is not None
    assert parse_comercio_exterior(etree.tostring(found)) == cce


# ---------------------------------------------------------------- unit tests

EXAMPLE: dict[str, object] = {
    "Serie": "E", "TipoDeComprobante": "I", "Exportacion": "02",
    "FormaPago": "03", "MetodoPago": "PUE", "Moneda": "USD", "TipoCambio": "17.2500",
    "LugarExpedicion": "42501",
    "Emisor": {"Rfc": "EKU9003173C9", "Nombre": "ESCUELA KEMPER URGATE", "RegimenFiscal": "601"},
    "Receptor": {"Rfc": "XEXX010101000", "Nombre": "ACME IMPORTS LLC",
                 "DomicilioFiscalReceptor": "42501", "RegimenFiscalReceptor": "616",
                 "UsoCFDI": "S01", "ResidenciaFiscal": "USA", "NumRegIdTrib": "123456789"},
    "Conceptos": [
        {"ClaveProdServ": "50151513", "NoIdentificacion": "ACE-01", "Cantidad": "10",
         "ClaveUnidad": "H87", "Descripcion": "Aceite de aguacate 1 L", "ValorUnitario": "12.50",
         "ObjetoImp": "02",
         "Impuestos": {"Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa",
                                      "TasaOCuota": "0.000000"}]}}
    ],
    "Complemento": {
        "ComercioExterior": {
            "ClaveDePedimento": "A1", "CertificadoOrigen": "0", "Incoterm": "FOB",
            "TipoCambioUSD": "17.2500",
            "Emisor": {"Domicilio": {"Calle": "Av. Reforma", "NumeroExterior": "10",
                                     "Localidad": "01", "Municipio": "001", "Estado": "AGU",
                                     "Pais": "MEX", "CodigoPostal": "20000"}},
            "Receptor": {"Domicilio": {"Calle": "Main St", "NumeroExterior": "500",
                                       "Municipio": "Laredo", "Estado": "TX", "Pais": "USA",
                                       "CodigoPostal": "78040"}},
            "Mercancias": [
                {"NoIdentificacion": "ACE-01", "FraccionArancelaria": "0101210100",
                 "CantidadAduana": "10", "UnidadAduana": "06", "ValorUnitarioAduana": "12.50",
                 "DescripcionesEspecificas": [{"Marca": "Kemper"}]}
            ],
        }
    },
}  # fmt: skip


def _example() -> dict[str, object]:
    return copy.deepcopy(EXAMPLE)


def _cce(doc: dict[str, object]) -> dict[str, object]:
    return doc["Complemento"]["ComercioExterior"]  # type: ignore[index,no-any-return]


def test_example_computes_version_valor_dolares_and_total_usd():
    comprobante = build_comprobante(_example(), fecha=FECHA)
    cce = find_comercio_exterior(comprobante)
    assert cce is not None
    assert cce.version == "2.0"
    assert cce.mercancias[0].valor_dolares == Decimal("125.00")
    assert cce.total_usd == Decimal("125.00")
    raw = next(r for r in comprobante.complementos if r.tag == CCE_TAG)
    assert raw.cadena is not None
    assert raw.cadena[:6] == ("2.0", "A1", "0", "FOB", "17.2500", "125.00")


FULL = ComercioExterior(
    motivo_traslado="05",
    clave_de_pedimento="A1",
    certificado_origen="1",
    num_certificado_origen="CO-123456",
    numero_exportador_confiable="EC-1",
    incoterm="CIF",
    observaciones='Frágil & "urgente" <sí>',
    tipo_cambio_usd=Decimal("17.2500"),
    total_usd=Decimal("125.00"),
    emisor=Emisor(
        curp="VADA800927HSRSRL05",
        domicilio=Domicilio(calle="Av. Reforma", numero_exterior="10", numero_interior="2",
                            colonia="0001", localidad="01", referencia="Esquina",
                            municipio="001", estado="AGU", pais="MEX", codigo_postal="20000"),
    ),
    propietarios=(
        Propietario(num_reg_id_trib="123456789", residencia_fiscal="USA"),
        Propietario(num_reg_id_trib="987654321", residencia_fiscal="CAN"),
    ),
    receptor=Receptor(num_reg_id_trib="123456789"),
    destinatarios=(
        Destinatario(
            num_reg_id_trib="555666777",
            nombre="Warehouse Inc",
            domicilios=(
                Domicilio(calle="Main St", estado="TX", pais="USA", codigo_postal="78040"),
                Domicilio(calle="Elm St", municipio="Dallas", estado="TX", pais="USA",
                          codigo_postal="75201"),
            ),
        ),
    ),
    mercancias=(
        Mercancia(
            no_identificacion="ACE-01",
            fraccion_arancelaria="0101210100",
            cantidad_aduana=Decimal("10"),
            unidad_aduana="06",
            valor_unitario_aduana=Decimal("12.50"),
            valor_dolares=Decimal("125.00"),
            descripciones_especificas=(
                DescripcionEspecifica(marca="Kemper", modelo="K1", sub_modelo="a",
                                      numero_serie="SN-1"),
                DescripcionEspecifica(marca="Otra"),
            ),
        ),
    ),
)  # fmt: skip


def test_round_trip_of_every_field():
    assert parse_comercio_exterior(comercio_exterior_to_xml(FULL)) == FULL
    assert parse_comercio_exterior(comercio_exterior_to_raw(FULL)) == FULL


def test_native_cadena_of_every_field_is_sats(credential):
    """Propietario, Destinatario and the optional attributes in the XSLT's order."""
    comprobante = build_comprobante(_example(), fecha=FECHA)
    comprobante = dataclasses.replace(comprobante, complementos=(comercio_exterior_to_raw(FULL),))
    sealed = seal(comprobante, credential)
    root = parse_xml(sealed.xml)
    schema = _full_schema()
    assert schema.validate(root), schema.error_log.last_error
    assert cadena_xslt()(root) == sealed.cadena == cadena_original(sealed.comprobante)
    assert '|Frágil & "urgente" <sí>|' in sealed.cadena


def _error(doc: dict[str, object]) -> ComprobanteInputError:
    with pytest.raises(ComprobanteInputError) as raised:
        build_comprobante(doc, fecha=FECHA)
    return raised.value


def test_exportacion_must_be_02():
    doc = _example()
    doc["Exportacion"] = "01"
    error = _error(doc)
    assert error.path == "Complemento.ComercioExterior"
    assert "Exportacion 02" in error.detail


def test_mercancia_must_name_a_concepto():
    doc = _example()
    _cce(doc)["Mercancias"][0]["NoIdentificacion"] = "OTRO"  # type: ignore[index]
    error = _error(doc)
    assert error.path == "Complemento.ComercioExterior.Mercancias[0].NoIdentificacion"
    assert "ningún Concepto" in error.detail


def test_stated_total_usd_must_agree():
    doc = _example()
    _cce(doc)["TotalUSD"] = "120.00"
    error = _error(doc)
    assert error.path == "Complemento.ComercioExterior.TotalUSD"
    assert error.detail == "no coincide con el cálculo: debe ser 125.00 (se indicó 120.00)"


def test_stated_valor_dolares_must_agree():
    doc = _example()
    _cce(doc)["Mercancias"][0]["ValorDolares"] = "125.01"  # type: ignore[index]
    error = _error(doc)
    assert error.path == "Complemento.ComercioExterior.Mercancias[0].ValorDolares"


def test_valor_dolares_required_without_the_customs_values():
    doc = _example()
    for key in ("CantidadAduana", "UnidadAduana", "ValorUnitarioAduana"):
        del _cce(doc)["Mercancias"][0][key]  # type: ignore[index]
    error = _error(doc)
    assert error.path == "Complemento.ComercioExterior.Mercancias[0].ValorDolares"
    assert error.detail == "es obligatorio"


def test_customs_values_go_together():
    doc = _example()
    del _cce(doc)["Mercancias"][0]["ValorUnitarioAduana"]  # type: ignore[index]
    error = _error(doc)
    assert error.path == "Complemento.ComercioExterior.Mercancias[0].UnidadAduana"
    assert "van juntos" in error.detail


def test_unknown_key_and_bad_version():
    doc = _example()
    _cce(doc)["Totalusd"] = "1"
    assert _error(doc).path == "Complemento.ComercioExterior.Totalusd"
    doc = _example()
    _cce(doc)["Version"] = "1.1"
    assert _error(doc).path == "Complemento.ComercioExterior.Version"


def test_domicilio_checks_country_state_and_postal_code():
    doc = _example()
    _cce(doc)["Emisor"]["Domicilio"]["Pais"] = "USA"  # type: ignore[index]
    assert _error(doc).path == "Complemento.ComercioExterior.Emisor.Domicilio.Pais"
    doc = _example()
    _cce(doc)["Emisor"]["Domicilio"]["CodigoPostal"] = "42501"  # type: ignore[index]
    error = _error(doc)
    assert error.path == "Complemento.ComercioExterior.Emisor.Domicilio.CodigoPostal"
    assert error.detail == "«42501» no pertenece al estado AGU"
    doc = _example()
    _cce(doc)["Receptor"]["Domicilio"]["Estado"] = "ON"  # type: ignore[index]
    error = _error(doc)
    assert error.path == "Complemento.ComercioExterior.Receptor.Domicilio.Estado"
    assert error.detail == "«ON» no es un estado de USA en c_Estado"


def _set_cce(key: str, value: object):
    def edit(doc: dict[str, object]) -> None:
        _cce(doc)[key] = value

    return edit


def _add_concepto_without_mercancia(doc: dict[str, object]) -> None:
    conceptos = doc["Conceptos"]
    assert isinstance(conceptos, list)
    conceptos.append({**conceptos[0], "NoIdentificacion": "ACE-02"})


def _repeat_mercancia(doc: dict[str, object]) -> None:
    mercancias = _cce(doc)["Mercancias"]
    assert isinstance(mercancias, list)
    mercancias.append(copy.deepcopy(mercancias[0]))


def _usd_rate_differs(doc: dict[str, object]) -> None:
    _cce(doc)["TipoCambioUSD"] = "17.3000"


@pytest.mark.parametrize(
    ("edit", "path", "fragment"),
    [
        (_set_cce("CertificadoOrigen", "1"), "NumCertificadoOrigen", "CertificadoOrigen 1"),
        (_set_cce("NumCertificadoOrigen", "CO-1"), "NumCertificadoOrigen", "CertificadoOrigen 0"),
        (_set_cce("MotivoTraslado", "02"), "MotivoTraslado", "solo va en comprobantes de traslado"),
        (_add_concepto_without_mercancia, "Mercancias", "falta ACE-02"),
        (_repeat_mercancia, "Mercancias", "repetidas"),
        (_usd_rate_differs, "TipoCambioUSD", "igual al TipoCambio"),
    ],
    ids=["certificado-1-sin-numero", "certificado-0-con-numero", "motivo-en-ingreso",
         "concepto-sin-mercancia", "mercancia-repetida", "tipo-cambio-usd"],
)  # fmt: skip
def test_input_refuses_what_the_cce_rules_would_reject(edit, path, fragment):
    doc = _example()
    edit(doc)
    error = _error(doc)
    assert error.path == f"Complemento.ComercioExterior.{path}"
    assert fragment in error.detail


def test_emisor_persona_fisica_needs_curp_and_moral_refuses_it():
    doc = _example()
    _cce(doc)["Emisor"]["Curp"] = "VADA800927HSRSRL05"  # type: ignore[index]
    error = _error(doc)
    assert error.path == "Complemento.ComercioExterior.Emisor.Curp"
    assert "persona moral" in error.detail


def test_traslado_needs_motivo():
    doc = _example()
    doc.update(TipoDeComprobante="T", Moneda="XXX")
    for key in ("FormaPago", "MetodoPago", "TipoCambio"):
        doc.pop(key)
    for concepto in doc["Conceptos"]:  # type: ignore[attr-defined]
        concepto.update(ValorUnitario="0", ObjetoImp="01")
        concepto.pop("Impuestos")
    _cce(doc)["Mercancias"][0]["ValorUnitarioAduana"] = "0"  # type: ignore[index]
    error = _error(doc)
    assert error.path == "Complemento.ComercioExterior.MotivoTraslado"
    assert "traslado (T)" in error.detail
