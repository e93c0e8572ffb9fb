"""Hostile or foreign input gives one clean finding: no exception, no file read, no network."""

from __future__ import annotations

import time

import pytest

from facturador.sat.validation import validate_xml
from facturador.sat.validation import validator as validator_module
from facturador.sat.validation.report import Finding
from facturador.sat.validation.xsd import XsdResult

SECRET = "contenido-secreto-que-no-debe-leerse"


def _only(report, code: str) -> Finding:
    assert report.valido is False
    assert report.comprobante is None
    assert report.sello_valido is None
    assert report.timbre_valido is None
    assert [f.codigo for f in report.errores] == [code]
    return report.errores[0]


@pytest.mark.parametrize("where", ["attribute", "text"])
def test_xxe_external_entity_to_a_local_file(tmp_path, where):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    body = (
        ' Serie="&x;"/>'
        if where == "attribute"
        else "><cfdi:Emisor>&x;</cfdi:Emisor></cfdi:Comprobante>"
    )
    data = (
        f'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0"' + body
    ).encode()
    finding = _only(validate_xml(data), "XML01")
    assert SECRET not in repr(finding)
    if where == "text":
        assert "DOCTYPE" in finding.mensaje


def test_xxe_parameter_entity_over_the_network_is_refused():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>'
        b"<c/>"
    )
    _only(validate_xml(data), "XML01")


def test_billion_laughs():
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    data = (f'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY l0 "lol">{entities}]><c>&l9;</c>').encode()
    started = time.perf_counter()
    _only(validate_xml(data), "XML01")
    assert time.perf_counter() - started < 1


def test_25_mb_file_is_refused_before_parsing():
    data = b'<?xml version="1.0"?><c>' + b"A" * (25 * 1024 * 1024) + b"</c>"
    finding = _only(validate_xml(data), "XML01")
    assert "20 MB" in finding.mensaje


@pytest.mark.parametrize("data", [b"", b"not xml at all", b"\x00\xff\xfe garbage", b"{}", b"<a>"])
def test_not_xml_at_all(data):
    _only(validate_xml(data), "XML01")


@pytest.mark.parametrize(
    "data",
    [
        b"<factura><total>1</total></factura>",
        b'<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/3" Version="4.0"/>',
        b'<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="3.3"/>',
    ],
)
def test_xml_that_is_not_a_cfdi(data):
    finding = _only(validate_xml(data), "XML02")
    assert "no es un CFDI" in finding.mensaje


def test_empty_cfdi_root_lists_schema_findings():
    data = b'<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0"/>'
    report = validate_xml(data)
    assert report.comprobante is None
    assert "XSD" in {f.codigo for f in report.errores}


def test_reader_failure_not_said_by_the_xsd_is_xml03(monkeypatch):
    monkeypatch.setattr(
        validator_module, "xsd_findings", lambda *args: XsdResult([], 0, stopped=False)
    )
    data = b'<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0"/>'
    report = validate_xml(data)
    assert [f.codigo for f in report.errores if f.codigo.startswith("XML")] == ["XML03"]
