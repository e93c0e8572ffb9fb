"""Golden documents: a fixed Fecha and SAT's test CSD give exactly the stored XML and cadena.

Regenerate only on purpose (FACTURADOR_REGENERATE_GOLDEN=1) and review the diff: a change
here is a change in what we send to SAT.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from lxml import etree

from facturador.sat.build import build_comprobante
from facturador.sat.sello import seal
from facturador.sat.xml_reader import parse_comprobante
from facturador.sat.xml_safety import parse_xml
from tests.unit.sat.conftest import FECHA

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))


def _c14n(xml: bytes) -> bytes:
    return etree.tostring(parse_xml(xml), method="c14n")


@pytest.mark.parametrize("case", CASES)
def test_sealed_document_matches_golden(case, credential):
    data = json.loads((GOLDEN / f"{case}.json").read_text(encoding="utf-8"))
    sealed = seal(build_comprobante(data, fecha=FECHA), credential)
    xml_path, cadena_path = GOLDEN / f"{case}.xml", GOLDEN / f"{case}.cadena.txt"
    if os.environ.get("FACTURADOR_REGENERATE_GOLDEN") == "1":
        xml_path.write_bytes(sealed.xml)
        cadena_path.write_text(sealed.cadena, encoding="utf-8")
    assert _c14n(sealed.xml) == _c14n(xml_path.read_bytes())
    assert sealed.cadena == cadena_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_golden_document_reads_back_to_the_same_model(case, credential):
    data = json.loads((GOLDEN / f"{case}.json").read_text(encoding="utf-8"))
    sealed = seal(build_comprobante(data, fecha=FECHA), credential)
    assert parse_comprobante((GOLDEN / f"{case}.xml").read_bytes()) == sealed.comprobante


def test_there_are_golden_cases():
    assert {"ingreso_iva16", "ingreso_ieps_retenciones_descuento", "egreso_usd_relacionado"} <= set(
        CASES
    )
