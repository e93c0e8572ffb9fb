"""Certificates: an e.firma or an expired CSD seal is reported as CFDI40106."""

from __future__ import annotations

from datetime import UTC, datetime

from facturador.sat.sello import seal
from facturador.sat.validation import validate_xml
from tests.unit.sat.validation.conftest import load_credential, replace


def test_fiel_instead_of_csd(shared_sat, invoice):
    fiel = load_credential(shared_sat, "fiel_EKU9003173C9", require_csd=False)
    report = validate_xml(seal(invoice, fiel).xml)
    assert "CFDI40106" in {f.codigo for f in report.errores}
    assert report.sello_valido is True


def test_expired_csd(shared_sat, invoice):
    then = datetime(2022, 1, 1, tzinfo=UTC)
    expired = load_credential(shared_sat, "csd_XIA190128J61_expired", now=then)
    emisor = replace(invoice.emisor, rfc="XIA190128J61", nombre="XENON INDUSTRIAL ARTICLES")
    report = validate_xml(seal(replace(invoice, emisor=emisor), expired).xml)
    findings = [f for f in report.errores if f.codigo == "CFDI40106"]
    assert findings
    assert "no estaba vigente" in findings[0].mensaje
