"""What received CFDIs look like in the wild: Addenda, no Sello, broken templates, old dates,
RFCs with spaces, CFDI 3.3 and 3.2."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import load_der_private_key
from lxml import etree

from facturador.sat.cadena import cadena_xslt_for
from facturador.sat.validation import validate_xml
from facturador.sat.validation.validator import MAX_FINDINGS

STAMPED = "cfdi40_ingreso_iva16_timbrado.xml"
PRODUCTION = "cfdi40_ingreso_produccion_timbrado.xml"
ADDENDA = (
    b'<cfdi:Addenda><cliente:Pedido xmlns:cliente="urn:cliente:pedidos" Numero="4500012">'
    b"<cliente:Linea Sku='1' Cantidad='no es un numero'/></cliente:Pedido></cfdi:Addenda>"
)


def _sample(shared_sat: Path, name: str) -> bytes:
    return (shared_sat / "samples" / name).read_bytes()


def _with_addenda(data: bytes, addenda: bytes = ADDENDA) -> bytes:
    return data.replace(b"</cfdi:Comprobante>", addenda + b"</cfdi:Comprobante>")


@pytest.mark.parametrize("name", [STAMPED, PRODUCTION])
def test_addenda_is_a_note_never_a_reason_for_invalidity(shared_sat, name):
    report = validate_xml(_with_addenda(_sample(shared_sat, name)))
    assert report.valido
    assert report.sello_valido is True
    assert report.timbre_valido is True
    note = next(a for a in report.avisos if a.codigo == "ADDENDA01")
    assert "urn:cliente:pedidos" in note.mensaje


def test_stripping_the_addenda_does_not_change_the_seal_verdict(shared_sat):
    data = _sample(shared_sat, STAMPED)
    tampered = data.replace(b'Descripcion="', b'Descripcion="X', 1)
    for document in (data, tampered):
        with_addenda = validate_xml(_with_addenda(document))
        without = validate_xml(document)
        assert with_addenda.sello_valido is without.sello_valido
        assert with_addenda.timbre_valido is without.timbre_valido
        assert with_addenda.errores == without.errores
    assert validate_xml(_with_addenda(tampered)).sello_valido is False


def test_a_document_without_sello_has_a_seal_that_does_not_verify(shared_sat):
    data = re.sub(rb' Sello="[^"]*"', b"", _sample(shared_sat, STAMPED), count=1)
    report = validate_xml(data)
    assert report.sello_valido is False
    finding = next(f for f in report.errores if f.codigo == "SELLO03")
    assert "no tiene el atributo Sello" in finding.mensaje
    assert finding.ruta == "/cfdi:Comprobante/@Sello"


def test_a_broken_template_still_reports_what_is_there(shared_sat):
    data = _sample(shared_sat, STAMPED)
    data = re.sub(rb' (NoCertificado|Certificado|Fecha)="[^"]*"', b"", data, count=3)
    report = validate_xml(data)
    assert report.comprobante is None
    root = etree.fromstring(_sample(shared_sat, STAMPED))
    assert report.hechos.total == root.get("Total")
    assert report.hechos.rfc_emisor == root.find("{*}Emisor").get("Rfc")
    assert report.hechos.rfc_receptor == root.find("{*}Receptor").get("Rfc")
    assert report.hechos.uuid == "6F35D3B5-3651-5370-BC2C-14CDBE384CD7"
    paths = {f.ruta for f in report.errores}
    assert {"/cfdi:Comprobante/@NoCertificado", "/cfdi:Comprobante/@Certificado"} <= paths
    assert "/cfdi:Comprobante/@Fecha" in paths


def test_rfc_with_spaces_is_read_as_sat_reads_it_and_flagged(invoice, sealed):
    from tests.unit.sat.validation.conftest import replace

    emisor = replace(invoice.emisor, rfc=" EKU9003173C9")
    data = sealed(replace(invoice, emisor=emisor))
    report = validate_xml(data)
    assert report.hechos.rfc_emisor == "EKU9003173C9"
    assert report.comprobante is not None
    assert report.comprobante.emisor.rfc == "EKU9003173C9"
    aviso = next(a for a in report.avisos if a.codigo == "RFC01")
    assert "« EKU9003173C9»" in aviso.mensaje
    assert aviso.ruta == "/cfdi:Comprobante/cfdi:Emisor/@Rfc"
    assert report.sello_valido is True  # the cadena normalizes the space, as SAT's does


def test_a_date_before_cfdi_40_is_said_once_first(invoice, sealed):
    from datetime import datetime

    from tests.unit.sat.validation.conftest import replace

    report = validate_xml(sealed(replace(invoice, fecha=datetime(2021, 6, 1, 10, 0, 0))))
    codes = [f.codigo for f in report.errores]
    assert codes[0] == "FECHA01"
    assert "anterior al 1 de enero de 2022" in report.errores[0].mensaje
    assert not [f for f in report.errores if "no está en el catálogo" in f.mensaje]
    assert not [f for f in report.errores if "vigente en el catálogo" in f.mensaje]


# ---------------------------------------------------------------- CFDI 3.3 and 3.2

CFDI33 = """<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/3" Version="3.3" Serie="A"
 Folio="33" Fecha="2023-06-01T10:00:00" FormaPago="03" NoCertificado="" Certificado=""
 SubTotal="200.00" Moneda="MXN" Total="232.00" TipoDeComprobante="I" MetodoPago="PUE"
 LugarExpedicion="42501" Sello=""><cfdi:Emisor Rfc="EKU9003173C9"
 Nombre="ESCUELA KEMPER URGATE" RegimenFiscal="601"/><cfdi:Receptor Rfc="CACX7605101P8"
 Nombre="XOCHILT CASAS CHAVEZ" UsoCFDI="G03"/><cfdi:Conceptos><cfdi:Concepto
 ClaveProdServ="01010101" Cantidad="2" ClaveUnidad="H87" Descripcion="Venta"
 ValorUnitario="100.00" Importe="200.00"><cfdi:Impuestos><cfdi:Traslados><cfdi:Traslado
 Base="200.00" Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="32.00"/>
 </cfdi:Traslados></cfdi:Impuestos></cfdi:Concepto></cfdi:Conceptos><cfdi:Impuestos
 TotalImpuestosTrasladados="32.00"><cfdi:Traslados><cfdi:Traslado Impuesto="002"
 TipoFactor="Tasa" TasaOCuota="0.160000" Importe="32.00"/></cfdi:Traslados></cfdi:Impuestos>
</cfdi:Comprobante>"""

CFDI32 = """<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/3" version="3.2"
 serie="B" folio="32" fecha="2023-06-01T10:00:00" formaDePago="PAGO EN UNA SOLA EXHIBICION"
 noCertificado="" certificado="" subTotal="200.00" total="232.00" tipoDeComprobante="ingreso"
 metodoDePago="03" LugarExpedicion="Pachuca" sello=""><cfdi:Emisor rfc="EKU9003173C9"
 nombre="ESCUELA KEMPER URGATE"><cfdi:RegimenFiscal Regimen="601"/></cfdi:Emisor>
 <cfdi:Receptor rfc="CACX7605101P8" nombre="XOCHILT CASAS CHAVEZ"/><cfdi:Conceptos>
 <cfdi:Concepto cantidad="2" unidad="pieza" descripcion="Venta" valorUnitario="100.00"
 importe="200.00"/></cfdi:Conceptos><cfdi:Impuestos totalImpuestosTrasladados="32.00">
 <cfdi:Traslados><cfdi:Traslado impuesto="IVA" tasa="16.00" importe="32.00"/></cfdi:Traslados>
 </cfdi:Impuestos></cfdi:Comprobante>"""


def _signed(template: str, shared_sat: Path, version: str, digest: hashes.HashAlgorithm) -> bytes:
    csd = shared_sat / "csd" / "csd_EKU9003173C9"
    key = load_der_private_key(
        (csd / "private_key.key").read_bytes(), (csd / "password.txt").read_bytes()
    )
    from facturador.sat.credentials import Certificate

    certificate = Certificate.from_bytes((csd / "certificate.cer").read_bytes())
    lower = version == "3.2"
    root = etree.fromstring(template.encode())
    root.set("noCertificado" if lower else "NoCertificado", certificate.no_certificado)
    root.set("certificado" if lower else "Certificado",
             base64.b64encode((csd / "certificate.cer").read_bytes()).decode())  # fmt: skip
    xslt = cadena_xslt_for(version)
    assert xslt is not None
    cadena = xslt(root).encode()
    signature = key.sign(cadena, padding.PKCS1v15(), digest)  # type: ignore[union-attr]
    root.set("sello" if lower else "Sello", base64.b64encode(signature).decode())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.fixture(scope="module")
def cfdi33(shared_sat) -> bytes:
    return _signed(CFDI33, shared_sat, "3.3", hashes.SHA256())


def test_a_cfdi_33_validates_with_its_seal_checked(cfdi33):
    report = validate_xml(cfdi33)
    assert report.errores == ()
    assert report.sello_valido is True
    assert report.hechos.version == "3.3"
    assert report.hechos.total == "232.00"
    assert [a.codigo for a in report.avisos] == ["CFDI33"]


def test_a_changed_cfdi_33_fails_its_seal(cfdi33):
    report = validate_xml(cfdi33.replace(b'Descripcion="Venta"', b'Descripcion="Venta2"'))
    assert report.sello_valido is False
    assert [f.codigo for f in report.errores] == ["CFDI40102"]


def test_a_cfdi_33_is_checked_against_its_own_schema(cfdi33):
    report = validate_xml(cfdi33.replace(b'UsoCFDI="G03"', b'UsoCFDI="ZZZ"'))
    xsd = [f for f in report.errores if f.codigo == "XSD"]
    assert [f.ruta for f in xsd] == ["/cfdi:Comprobante/cfdi:Receptor/@UsoCFDI"]


def test_a_stamped_cfdi_33_gets_its_tfd_checked(cfdi33):
    from datetime import UTC, datetime

    from facturador.pac.sandbox import SandboxStamper

    moment = datetime(2023, 6, 1, 18, 0, tzinfo=UTC)
    assert SandboxStamper(clock=lambda: moment).stamp(cfdi33).code == "301"  # as PACs do now
    stamper = SandboxStamper(clock=lambda: moment, validate=False)  # a TFD for the test
    stamped = stamper.stamp(cfdi33).xml
    assert stamped is not None
    signer = stamper.signer
    certificates = {signer.no_certificado: signer.certificate}
    assert validate_xml(stamped, sat_certificates=certificates).timbre_valido is True
    broken = re.sub(rb'SelloSAT="[A-Za-z]', b'SelloSAT="A', stamped, count=1)
    if broken == stamped:
        broken = re.sub(rb'SelloSAT="[A-Za-z]', b'SelloSAT="B', stamped, count=1)
    assert validate_xml(broken, sat_certificates=certificates).timbre_valido is False


@pytest.mark.parametrize(
    ("before", "after", "code", "ruta"),
    [
        (b'SubTotal="200.00"', b'SubTotal="201.00"', "SUBTOTAL33", "/cfdi:Comprobante/@SubTotal"),
        (b'Total="232.00"', b'Total="233.00"', "TOTAL33", "/cfdi:Comprobante/@Total"),
        (b'TotalImpuestosTrasladados="32.00"', b'TotalImpuestosTrasladados="31.00"',
         "IMPUESTOS33", "/cfdi:Comprobante/cfdi:Impuestos/@TotalImpuestosTrasladados"),
        (b'SubTotal="200.00"', b'SubTotal="200.00" Descuento="5.00"', "DESCUENTO33",
         "/cfdi:Comprobante/@Descuento"),
    ],
)  # fmt: skip
def test_a_cfdi_33_has_its_arithmetic_checked(shared_sat, before, after, code, ruta):
    template = CFDI33.replace(before.decode(), after.decode(), 1)
    report = validate_xml(_signed(template, shared_sat, "3.3", hashes.SHA256()))
    assert report.sello_valido is True  # signed as it is: only the arithmetic is wrong
    finding = next(f for f in report.errores if f.codigo == code)
    assert finding.ruta == ruta
    assert "pida al emisor el comprobante correcto" in finding.mensaje


def test_a_cfdi_33_amount_no_cfdi_can_have_is_said_once(cfdi33):
    report = validate_xml(cfdi33.replace(b'Importe="200.00"', b'Importe="1e400"', 1))
    assert [f.codigo for f in report.errores if f.ruta.endswith("@Importe")] == ["XML04"]


@pytest.mark.parametrize("digest", [hashes.SHA1(), hashes.SHA256()], ids=["sha1", "sha256"])
def test_a_cfdi_32_reports_its_facts_and_seal(shared_sat, digest):
    data = _signed(CFDI32, shared_sat, "3.2", digest)
    report = validate_xml(data)
    assert report.sello_valido is True
    assert report.errores == ()
    assert report.hechos.version == "3.2"
    assert report.hechos.total == "232.00"
    assert report.hechos.rfc_emisor == "EKU9003173C9"
    assert report.hechos.rfc_receptor == "CACX7605101P8"
    aviso = report.avisos[0]
    assert aviso.codigo == "VERSION01"
    assert "3.3 y 4.0" in aviso.mensaje
    changed = validate_xml(data.replace(b'descripcion="Venta"', b'descripcion="Otra"'))
    assert changed.sello_valido is False


# ---------------------------------------------------------------- hostile sizes


def test_findings_are_capped_and_say_how_many_more(shared_sat):
    data = _sample(shared_sat, STAMPED)
    concepto = re.search(rb"<cfdi:Concepto .*?</cfdi:Concepto>", data, re.S)
    assert concepto is not None
    copies = concepto.group(0).replace(b"<cfdi:Concepto ", b'<cfdi:Concepto Extra="1" ') * 300
    report = validate_xml(data.replace(b"</cfdi:Conceptos>", copies + b"</cfdi:Conceptos>"))
    assert len(report.errores) == MAX_FINDINGS + 1
    last = report.errores[-1]
    assert last.codigo == "LIMITE01"
    assert re.search(r"y \d+ errores más", last.mensaje)


def test_huge_addenda_is_noted_not_validated(shared_sat):
    addenda = b"<cfdi:Addenda>" + b'<a:b xmlns:a="urn:a"/>' * 262_000 + b"</cfdi:Addenda>"
    report = validate_xml(_with_addenda(_sample(shared_sat, STAMPED), addenda))
    assert report.valido
    assert [a.codigo for a in report.avisos] == ["ADDENDA01"]


def test_many_bad_siblings_are_validated_streamed_and_stop_at_the_cap(shared_sat):
    data = _sample(shared_sat, STAMPED)
    bad = b'<cfdi:Concepto ClaveProdServ="x"/>' * 30_000
    report = validate_xml(data.replace(b"</cfdi:Conceptos>", bad + b"</cfdi:Conceptos>"))
    assert len(report.errores) <= MAX_FINDINGS + 2
    assert report.errores[-1].codigo == "LIMITE01"


def test_a_large_addenda_is_never_parsed_and_keeps_the_verdicts(shared_sat):
    data = _sample(shared_sat, STAMPED)
    addenda = b'<cfdi:Addenda><p:Pedido xmlns:p="urn:cliente:pedidos">' + b"<a/>" * 250_000
    addenda += b"</p:Pedido></cfdi:Addenda>"
    report = validate_xml(_with_addenda(data, addenda))
    assert report.valido
    assert (report.sello_valido, report.timbre_valido) == (True, True)
    assert [a.codigo for a in report.avisos] == ["ADDENDA01"]
    assert "urn:cliente:pedidos" in report.avisos[0].mensaje
    tampered = data.replace(b'Descripcion="', b'Descripcion="X', 1)
    assert validate_xml(_with_addenda(tampered, addenda)).sello_valido is False


def test_a_large_addenda_that_is_not_well_formed_makes_the_file_unreadable(shared_sat):
    addenda = b"<cfdi:Addenda>" + b"<a>" * 30_000 + b"</cfdi:Addenda>"
    report = validate_xml(_with_addenda(_sample(shared_sat, STAMPED), addenda))
    assert [f.codigo for f in report.errores] == ["XML01"]


def test_millions_of_tiny_elements_are_refused_before_parsing(shared_sat):
    junk = b"<a/>" * 600_000
    data = _sample(shared_sat, STAMPED).replace(b"</cfdi:Conceptos>", junk + b"</cfdi:Conceptos>")
    report = validate_xml(data)
    assert [f.codigo for f in report.errores] == ["XML01"]
    assert "tiene más de 500 000 elementos" in report.errores[0].mensaje
