"""The real CFDI 4.0 samples of shared/sat/samples validate; changing one byte breaks them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from facturador.sat.cadena import cadena_xslt
from facturador.sat.validation import validate_xml
from facturador.sat.xml_safety import parse_xml

SAMPLES = [
    "cfdi40_ingreso_iva16_timbrado",
    "cfdi40_ingreso_produccion_timbrado",
    "cfdi40_ingreso_retenciones_timbrado",
    "cfdi40_pagos20_sellado",
]


def _sample(shared_sat: Path, name: str) -> bytes:
    return (shared_sat / "samples" / f"{name}.xml").read_bytes()


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_is_valid(shared_sat, name):
    data = _sample(shared_sat, name)
    report = validate_xml(data)
    assert report.errores == ()
    assert report.valido
    assert report.sello_valido is True
    stamped = name.endswith("_timbrado")
    assert report.timbre_valido is (True if stamped else None)
    assert report.avisos == ()
    assert report.comprobante is not None
    manifest = json.loads((shared_sat / "samples" / "MANIFEST.json").read_text())
    assert json.dumps(manifest)  # the manifest is readable; the uuid below comes from it
    if stamped:
        assert report.comprobante.uuid is not None


@pytest.mark.parametrize("name", SAMPLES)
def test_cadena_from_sat_xslt_equals_the_expected_file(shared_sat, name):
    expected = (shared_sat / "samples" / f"{name}.cadena.txt").read_text(encoding="utf-8")
    assert cadena_xslt()(parse_xml(_sample(shared_sat, name))) == expected


def _change_total(data: bytes) -> bytes:
    match = re.search(rb' Total="([0-9.]+)"', data)
    assert match is not None
    old = match.group(0)
    digits = bytearray(old)
    position = old.index(b'"') + 1  # first digit of the amount
    digits[position] = ord("9") if digits[position] != ord("9") else ord("8")
    return data.replace(old, bytes(digits), 1)


@pytest.mark.parametrize("name", SAMPLES[:3])
def test_one_byte_changed_in_total_breaks_sello_and_arithmetic(shared_sat, name):
    report = validate_xml(_change_total(_sample(shared_sat, name)))
    codes = {f.codigo for f in report.errores}
    assert {"CFDI40102", "CFDI40119"} <= codes
    assert report.sello_valido is False
    assert not report.valido


def test_changed_sello_sat_fails_the_tfd_check(shared_sat):
    data = _sample(shared_sat, "cfdi40_ingreso_iva16_timbrado")
    tampered = re.sub(rb'SelloSAT="(.)', lambda m: b'SelloSAT="' + (b"B" if m.group(1) == b"A"
                      else b"A"), data, count=1)  # fmt: skip
    assert tampered != data
    report = validate_xml(tampered)
    assert [f.codigo for f in report.errores] == ["TFD02"]
    assert report.timbre_valido is False
    assert report.sello_valido is True
    assert report.errores[0].ruta.endswith("tfd:TimbreFiscalDigital/@SelloSAT")


def _edit(data: bytes, change) -> bytes:
    root = parse_xml(data)
    change(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


TFD = "{http://www.sat.gob.mx/cfd/4}Complemento/{http://www.sat.gob.mx/TimbreFiscalDigital}TimbreFiscalDigital"


def test_sello_cfd_must_be_the_comprobante_sello(shared_sat):
    data = _sample(shared_sat, "cfdi40_ingreso_iva16_timbrado")
    other = _sample(shared_sat, "cfdi40_ingreso_retenciones_timbrado")
    other_sello = parse_xml(other).get("Sello")
    report = validate_xml(_edit(data, lambda r: r.find(TFD).set("SelloCFD", other_sello)))
    codes = [f.codigo for f in report.errores]
    assert "TFD01" in codes
    assert report.timbre_valido is False


def test_unknown_sat_certificate_is_an_aviso_not_an_error(shared_sat):
    data = _sample(shared_sat, "cfdi40_ingreso_iva16_timbrado")
    report = validate_xml(data, sat_certificates={})
    assert report.valido
    assert report.timbre_valido is None
    assert [f.codigo for f in report.avisos] == ["TFD03"]
    assert "30001000000500003456" in report.avisos[0].mensaje


def test_two_timbres_are_an_error(shared_sat):
    data = _sample(shared_sat, "cfdi40_ingreso_iva16_timbrado")

    def duplicate(root):
        tfd = root.find(TFD)
        tfd.getparent().append(etree.fromstring(etree.tostring(tfd)))

    codes = {f.codigo for f in validate_xml(_edit(data, duplicate)).errores}
    assert "TFD04" in codes


def test_no_certificado_must_be_the_certificate_serial(shared_sat):
    data = _sample(shared_sat, "cfdi40_pagos20_sellado")
    report = validate_xml(_edit(data, lambda r: r.set("NoCertificado", "30001000000500003415")))
    codes = {f.codigo for f in report.errores}
    assert {"SELLO02", "CFDI40102"} <= codes


@pytest.mark.parametrize("certificado", ["", "bm90IGEgY2VydGlmaWNhdGU=", "%%%"])
def test_unreadable_certificado(shared_sat, certificado):
    data = _sample(shared_sat, "cfdi40_pagos20_sellado")
    report = validate_xml(_edit(data, lambda r: r.set("Certificado", certificado)))
    assert "SELLO01" in {f.codigo for f in report.errores}
    assert report.sello_valido is False


def test_sello_not_base64(shared_sat):
    data = _sample(shared_sat, "cfdi40_pagos20_sellado")
    report = validate_xml(_edit(data, lambda r: r.set("Sello", "%%%")))
    assert "CFDI40102" in {f.codigo for f in report.errores}
    assert report.sello_valido is False


def test_fecha_with_a_bad_format(shared_sat):
    data = _sample(shared_sat, "cfdi40_pagos20_sellado")
    report = validate_xml(_edit(data, lambda r: r.set("Fecha", "2023-06-13 14:15:16")))
    assert "CFDI40101" in {f.codigo for f in report.errores}
    assert report.comprobante is None


def test_missing_required_attribute_is_one_xsd_finding(shared_sat):
    data = _sample(shared_sat, "cfdi40_pagos20_sellado")
    report = validate_xml(_edit(data, lambda r: r.attrib.pop("Exportacion")))
    # the seal is still checked, and the edit broke it
    assert [f.codigo for f in report.errores] == ["XSD", "CFDI40102"]
    assert "falta el atributo obligatorio Exportacion" in report.errores[0].mensaje
    assert report.comprobante is None


def test_unreadable_amount_is_reported_once_by_the_reader(shared_sat):
    data = _sample(shared_sat, "cfdi40_pagos20_sellado")
    report = validate_xml(_edit(data, lambda r: r.find("{*}Conceptos/{*}Concepto").set(
        "Cantidad", "uno")))  # fmt: skip
    codes = [f.codigo for f in report.errores]
    assert codes == ["XML04", "CFDI40102"]
    assert "«uno» no es un número" in report.errores[0].mensaje


def test_unknown_element_is_an_xsd_finding(shared_sat):
    data = _sample(shared_sat, "cfdi40_pagos20_sellado")
    report = validate_xml(
        _edit(data, lambda r: r.append(etree.Element("{http://www.sat.gob.mx/cfd/4}Extra")))
    )
    assert "XSD" in {f.codigo for f in report.errores}
