"""Stamped CFDI 4.0 with SAT's complements: Carta Porte 3.1, Nómina 1.2, Comercio Exterior 2.0.

Each complement in `complementos/` was written from SAT's published schema
(`sat-xml/.../CartaPorte31.xsd`, `nomina12.xsd`, `ComercioExterior20.xsd`) with values from
SAT's catalogs; each document is sealed with SAT's test CSD EKU9003173C9 and stamped by the
sandbox stamper, whose TFD certificate is handed to the validator.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from facturador.pac.sandbox import SandboxStamper
from facturador.sat.build import build_comprobante
from facturador.sat.comprobante import RawXml
from facturador.sat.validation import validate_xml
from tests.unit.sat.validation.conftest import FECHA, INVOICE, replace

HERE = Path(__file__).parent / "complementos"
STAMPED_AT = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)

NOMINA = {
    "Serie": "N",
    "TipoDeComprobante": "N",
    "Exportacion": "01",
    "MetodoPago": "PUE",
    "Moneda": "MXN",
    "LugarExpedicion": "42501",
    "Emisor": INVOICE["Emisor"],
    "Receptor": {
        "Rfc": "CACX7605101P8",
        "Nombre": "XOCHILT CASAS CHAVEZ",
        "DomicilioFiscalReceptor": "36257",
        "RegimenFiscalReceptor": "605",
        "UsoCFDI": "CN01",
    },
    "Conceptos": [
        {"ClaveProdServ": "84111505", "Cantidad": "1", "ClaveUnidad": "ACT",
         "Descripcion": "Pago de nómina", "ValorUnitario": "10000.00", "Descuento": "1200.00",
         "ObjetoImp": "01"}
    ],
}  # fmt: skip

EXPORTACION = {
    **INVOICE,
    "Exportacion": "02",
    "Moneda": "USD",
    "TipoCambio": "20.000000",
    "Receptor": {
        "Rfc": "XEXX010101000",
        "Nombre": "ACME IMPORTS LLC",
        "DomicilioFiscalReceptor": "42501",
        "ResidenciaFiscal": "USA",
        "NumRegIdTrib": "123456789",
        "RegimenFiscalReceptor": "616",
        "UsoCFDI": "S01",
    },
    "Conceptos": [
        {"ClaveProdServ": "10101500", "NoIdentificacion": "SKU-1", "Cantidad": "1",
         "ClaveUnidad": "H87", "Descripcion": "Animal vivo", "ValorUnitario": "10.00",
         "ObjetoImp": "01"}
    ],
}  # fmt: skip

CASES = {
    "cartaporte31": INVOICE,
    "nomina12": NOMINA,
    "cce20": EXPORTACION,
}


def _complement(name: str) -> RawXml:
    element = etree.fromstring((HERE / f"{name}.xml").read_bytes())
    return RawXml(xml=etree.tostring(element, encoding="utf-8"), tag=str(element.tag))


@pytest.fixture(scope="module")
def stamper() -> SandboxStamper:
    return SandboxStamper(clock=lambda: STAMPED_AT)


def _stamped(name: str, credential, stamper: SandboxStamper) -> bytes:
    from facturador.sat.sello import seal

    comprobante = build_comprobante(copy.deepcopy(CASES[name]), fecha=FECHA, folio="7")
    comprobante = replace(comprobante, complementos=(_complement(name),))
    result = stamper.stamp(seal(comprobante, credential).xml)
    assert result.xml is not None, result
    return result.xml


def _report(data: bytes, stamper: SandboxStamper):
    signer = stamper.signer
    return validate_xml(data, sat_certificates={signer.no_certificado: signer.certificate})


@pytest.mark.parametrize("name", sorted(CASES))
def test_stamped_document_with_the_complement_is_valid(name, credential, stamper):
    report = _report(_stamped(name, credential, stamper), stamper)
    assert report.errores == ()
    assert report.sello_valido is True
    assert report.timbre_valido is True


CHANGES = {
    "cartaporte31": (b'PlacaVM="501AAA"', b'PlacaVM="501AAB"'),
    "nomina12": (b'NumEmpleado="120"', b'NumEmpleado="121"'),
    "cce20": (b'Incoterm="FCA"', b'Incoterm="FOB"'),  # TotalUSD would also be CCE20113
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_changed_complement_value_fails_the_sello(name, credential, stamper):
    data = _stamped(name, credential, stamper)
    before, after = CHANGES[name]
    assert data.count(before) == 1
    report = _report(data.replace(before, after), stamper)
    assert report.sello_valido is False
    assert [f.codigo for f in report.errores] == ["CFDI40102"]


def test_a_broken_complement_is_an_xsd_finding_not_a_missing_schema(credential, stamper):
    data = _stamped("cartaporte31", credential, stamper)
    report = _report(data.replace(b'UnidadPeso="KGM"', b'UnidadPeso="ZZZ"'), stamper)
    xsd = [f for f in report.errores if f.codigo == "XSD"]
    assert len(xsd) == 1
    assert "UnidadPeso" in xsd[0].ruta
    assert "No matching global element" not in xsd[0].mensaje


def test_a_complement_of_another_cfdi_version_is_refused(credential, stamper):
    comprobante = build_comprobante(copy.deepcopy(INVOICE), fecha=FECHA, folio="8")
    pagos10 = RawXml(
        xml=b'<pago10:Pagos xmlns:pago10="http://www.sat.gob.mx/Pagos" Version="1.0"/>',
        tag="{http://www.sat.gob.mx/Pagos}Pagos",
    )
    from facturador.sat.sello import seal

    data = seal(replace(comprobante, complementos=(pagos10,)), credential).xml
    report = validate_xml(data)
    finding = next(f for f in report.errores if f.codigo == "COMPL02")
    assert "Pagos 1.0" in finding.mensaje
    assert "CFDI 4.0" in finding.mensaje


def test_an_unknown_complement_is_said_once_whatever_its_size(credential):
    comprobante = build_comprobante(copy.deepcopy(INVOICE), fecha=FECHA, folio="9")
    many = b"".join(b'<x:dato xmlns:x="urn:ejemplo:propio"/>' for _ in range(3000))
    raw = RawXml(xml=b'<x:propio xmlns:x="urn:ejemplo:propio">' + many + b"</x:propio>",
                 tag="{urn:ejemplo:propio}propio")  # fmt: skip
    from facturador.sat.sello import seal

    report = validate_xml(seal(replace(comprobante, complementos=(raw,)), credential).xml)
    assert [f.codigo for f in report.errores] == ["COMPL01"]
    assert "urn:ejemplo:propio" in report.errores[0].mensaje
    assert report.sello_valido is True


@pytest.mark.parametrize(
    ("name", "before", "after", "attribute"),
    [
        ("cartaporte31", b'BienesTransp="10101500"', b'BienesTransp="10101599"', "BienesTransp"),
        ("cce20", b'FraccionArancelaria="0101210100"', b'FraccionArancelaria="0101210199"',
         "FraccionArancelaria"),
    ],
)  # fmt: skip
def test_a_value_outside_a_big_complement_catalog_is_an_xsd_finding(
    name, before, after, attribute, credential, stamper
):
    data = _stamped(name, credential, stamper)
    report = _report(data.replace(before, after), stamper)
    xsd = [f for f in report.errores if f.codigo == "XSD"]
    assert [f.ruta.rsplit("/@", 1)[-1] for f in xsd] == [attribute]
    assert "no está en el catálogo" in xsd[0].mensaje
