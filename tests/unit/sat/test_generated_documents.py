"""1,000 generated documents, sealed with SAT's test CSD, checked the way SAT would check them.

Each must pass SAT's XSD, have a native cadena identical to SAT's XSLT's, carry a Sello that
verifies, satisfy every arithmetic rule exactly, and get no finding from `validar`.
"""

from __future__ import annotations

import base64
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from facturador.sat.build import build_comprobante
from facturador.sat.cadena import cadena_original, cadena_xslt
from facturador.sat.catalogs import default_catalogs
from facturador.sat.money import ZERO, quantize
from facturador.sat.resources import resource_path
from facturador.sat.sello import seal
from facturador.sat.validation import validate_xml
from facturador.sat.xml_safety import parse_xml, safe_parser
from tests.unit.sat.conftest import FECHA

CURRENCIES = {"MXN": None, "USD": "17.254300", "JPY": "0.1189", "CLF": "38.5"}
IVA16 = {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}
TAX_SETS = [
    [IVA16],
    [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.080000"}],
    [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.000000"}],
    [{"Impuesto": "002", "TipoFactor": "Exento"}],
    [{"Impuesto": "003", "TipoFactor": "Tasa", "TasaOCuota": "0.265000"}, IVA16],
    [{"Impuesto": "003", "TipoFactor": "Tasa", "TasaOCuota": "0.080000"}],
    [{"Impuesto": "003", "TipoFactor": "Cuota", "TasaOCuota": "6.455500"}, IVA16],
]
RETENTION_SETS = [
    [],
    [{"Impuesto": "001", "TipoFactor": "Tasa", "TasaOCuota": "0.100000"},
     {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.106667"}],
    [{"Impuesto": "001", "TipoFactor": "Tasa", "TasaOCuota": "0.012500"}],
]  # fmt: skip
RECEPTORES = [
    ({"Rfc": "CACX7605101P8", "Nombre": "XOCHILT CASAS CHAVEZ", "DomicilioFiscalReceptor": "36257",
      "RegimenFiscalReceptor": "612", "UsoCFDI": "G03"}, None),
    ({"Rfc": "ICV060329BY0", "Nombre": "INMOBILIARIA CVA", "DomicilioFiscalReceptor": "33826",
      "RegimenFiscalReceptor": "601", "UsoCFDI": "G01"}, None),
    ({"Rfc": "XAXX010101000", "Nombre": "PUBLICO EN GENERAL", "DomicilioFiscalReceptor": "42501",
      "RegimenFiscalReceptor": "616", "UsoCFDI": "S01"},
     {"Periodicidad": "04", "Meses": "11", "Año": "2026"}),
]  # fmt: skip
WORDS = st.sampled_from(["Servicio", "Tornillo", "Año & día", "Café <molido>", 'Pieza "A"'])


def _amount(max_places: int, low: int, high: int) -> st.SearchStrategy[str]:
    return st.builds(
        lambda n, places: str(Decimal(n).scaleb(-places)),
        st.integers(low, high),
        st.integers(0, max_places),
    )


@st.composite
def conceptos(draw: st.DrawFn) -> dict[str, object]:
    objeto = draw(st.sampled_from(["01", "02", "02", "02", "03"]))
    concept: dict[str, object] = {
        "ClaveProdServ": draw(st.sampled_from(["01010101", "43211503", "84111506", "50202306"])),
        "Cantidad": draw(_amount(3, 1, 5_000_000)),
        "ClaveUnidad": draw(st.sampled_from(["H87", "E48", "LTR", "KGM"])),
        "Descripcion": " ".join(draw(st.lists(WORDS, min_size=1, max_size=3))),
        "ValorUnitario": draw(_amount(6, 100, 90_000_000)),
        "ObjetoImp": objeto,
    }
    if draw(st.booleans()):
        concept["NoIdentificacion"] = draw(st.sampled_from(["SKU-1", "A 2"]))
    if objeto == "02":
        taxes: dict[str, object] = {"Traslados": draw(st.sampled_from(TAX_SETS))}
        retentions = draw(st.sampled_from(RETENTION_SETS))
        if retentions:
            taxes["Retenciones"] = retentions
        concept["Impuestos"] = taxes
    concept["_descuento_pct"] = draw(st.sampled_from([None, 0, 5, 37, 99]))
    return concept


@st.composite
def documents(draw: st.DrawFn) -> dict[str, object]:
    moneda = draw(st.sampled_from(sorted(CURRENCIES)))
    receptor, informacion_global = draw(st.sampled_from(RECEPTORES))
    ppd = draw(st.booleans())
    tipo = draw(st.sampled_from(["I", "I", "E"]))
    doc: dict[str, object] = {
        "Serie": draw(st.sampled_from(["A", "FAC", "NC-1"])),
        "Folio": str(draw(st.integers(1, 10**9))),
        "TipoDeComprobante": tipo,
        "Exportacion": "01",
        "FormaPago": "99" if ppd else draw(st.sampled_from(["01", "03", "04", "28"])),
        "MetodoPago": "PPD" if ppd else "PUE",
        "Moneda": moneda,
        "LugarExpedicion": "42501",
        "Emisor": {"Rfc": "EKU9003173C9", "Nombre": "ESCUELA KEMPER URGATE",
                   "RegimenFiscal": "601"},
        "Receptor": dict(receptor, UsoCFDI="G02" if tipo == "E" and informacion_global is None
                         else receptor["UsoCFDI"]),
        "Conceptos": draw(st.lists(conceptos(), min_size=1, max_size=5)),
    }  # fmt: skip
    if CURRENCIES[moneda]:
        doc["TipoCambio"] = CURRENCIES[moneda]
    if informacion_global:
        doc["InformacionGlobal"] = informacion_global
    if draw(st.booleans()):
        doc["CondicionesDePago"] = "Contado  30 días"
    return doc


def _apply_discounts(doc: dict[str, object], decimals: int) -> None:
    """Descuento as a share of each concept's Importe, in the currency's decimals."""
    for concept in doc["Conceptos"]:  # type: ignore[union-attr]
        pct = concept.pop("_descuento_pct")
        if pct is None:
            continue
        importe = quantize(
            Decimal(concept["Cantidad"]) * Decimal(concept["ValorUnitario"]), decimals
        )
        concept["Descuento"] = str(quantize(importe * pct / 100, decimals))


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(
        etree.parse(str(resource_path("xsd", "cfdi40_bundle.xsd")), safe_parser())
    )


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _check_arithmetic(c, decimals: int) -> None:
    i = c.impuestos
    trasladados = (i.total_impuestos_trasladados if i else None) or ZERO
    retenidos = (i.total_impuestos_retenidos if i else None) or ZERO
    assert c.total == c.sub_total - (c.descuento or ZERO) + trasladados - retenidos
    assert c.sub_total == sum(x.importe for x in c.conceptos)
    money = [c.sub_total, c.total, c.descuento, trasladados, retenidos]
    money += [x.importe for x in c.conceptos]
    for amount in filter(None, money):
        assert _places(amount) <= decimals
        assert quantize(amount, decimals) == amount  # quantizing is idempotent
    if i is not None:
        for t in i.traslados:
            bases = [
                ct.base for x in c.conceptos if x.impuestos for ct in x.impuestos.traslados
                if (ct.impuesto, ct.tipo_factor, ct.tasa_o_cuota)
                == (t.impuesto, t.tipo_factor, t.tasa_o_cuota)
            ]  # fmt: skip
            assert abs(t.base - sum(bases)) <= Decimal(1).scaleb(-decimals) / 2


@settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(doc=documents())
def test_generated_document_is_what_sat_accepts(doc, credential, schema):
    decimals = default_catalogs().moneda_decimales(str(doc["Moneda"]))
    _apply_discounts(doc, decimals)
    comprobante = build_comprobante(doc, fecha=FECHA)
    assume(
        all(
            t.base > 0
            for x in comprobante.conceptos
            if x.impuestos
            for t in (*x.impuestos.traslados, *x.impuestos.retenciones)
        )
    )
    sealed = seal(comprobante, credential)
    root = parse_xml(sealed.xml)
    assert schema.validate(root), schema.error_log.last_error
    assert cadena_xslt()(root) == sealed.cadena == cadena_original(sealed.comprobante)
    credential.certificate.public_key().verify(
        base64.b64decode(root.get("Sello")),
        sealed.cadena.encode("utf-8"),
        padding.PKCS1v15(),
        hashes.SHA256(),
    )
    _check_arithmetic(sealed.comprobante, decimals)
    report = validate_xml(sealed.xml)
    assert report.errores == (), [f.codigo + " " + f.mensaje for f in report.errores]
    assert report.sello_valido is True
