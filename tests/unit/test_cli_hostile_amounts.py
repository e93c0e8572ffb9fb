"""`validar` and `pdf` of a CFDI whose amounts no CFDI can have: one Spanish line, no traceback.

Issue 21 point 10 and issue 24 point 3: Cantidad, Importe, SubTotal, ValorUnitario or Total
written as 1e400, as a 400-digit integer, as NaN or as 1E+999999999 (which once made `pdf`
run for minutes and take gigabytes while formatting it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from facturador.cli import main

SAMPLE = "cfdi40_ingreso_iva16_timbrado.xml"
ATTRIBUTES = ("Cantidad", "Importe", "SubTotal", "ValorUnitario", "Total")
VALUES = {
    "1e400": "no es un importe que un CFDI pueda tener",
    "9" * 400: "no es un importe que un CFDI pueda tener",
    "NaN": "no es un número",
    "1E+999999999": "no es un importe que un CFDI pueda tener",
}
CASES = [
    pytest.param(attribute, value, expected, id=f"{attribute}-{value[:12]}")
    for attribute in ATTRIBUTES
    for value, expected in VALUES.items()
]


def _bad_file(shared_sat: Path, tmp_path: Path, attribute: str, value: str) -> Path:
    data = (shared_sat / "samples" / SAMPLE).read_bytes()
    changed = re.sub(rb' %s="[^"]*"' % attribute.encode(),
                     b' %s="%s"' % (attribute.encode(), value.encode()), data, count=1)  # fmt: skip
    assert changed != data
    path = tmp_path / "malo.xml"
    path.write_bytes(changed)
    return path


@pytest.mark.parametrize(("attribute", "value", "expected"), CASES)
def test_pdf_says_what_is_wrong_in_one_line(shared_sat, tmp_path, capsys, attribute, value,
                                            expected):  # fmt: skip
    path = _bad_file(shared_sat, tmp_path, attribute, value)
    salida = tmp_path / "malo.pdf"
    assert main(["pdf", str(path), "-o", str(salida)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(f"Error: {attribute} (")
    assert expected in err
    assert "pida al emisor el XML correcto" in err  # what to do
    assert len(err) < 400  # the value is shown cut, never in full
    assert not salida.exists()


@pytest.mark.parametrize(("attribute", "value", "expected"), CASES)
def test_validar_says_what_is_wrong_once(shared_sat, tmp_path, capsys, attribute, value,
                                         expected):  # fmt: skip
    path = _bad_file(shared_sat, tmp_path, attribute, value)
    assert main(["validar", "--json", str(path)]) == 1
    doc = json.loads(capsys.readouterr().out)
    at_attribute = [e for e in doc["errores"] if e["ruta"].endswith(f"/@{attribute}")]
    assert len(at_attribute) == 1
    assert at_attribute[0]["codigo"] == "XML04"
    assert expected in at_attribute[0]["mensaje"]
    assert "pida al emisor el XML correcto" in at_attribute[0]["mensaje"]
    assert doc["sello_valido"] is False  # the seal is still checked: the value was changed
    assert doc["rfc_emisor"] == "EKU9003173C9"  # and the document is still named


def test_largest_amounts_the_reader_accepts_still_render(shared_sat, tmp_path, capsys):
    # 24 integer digits and 12 decimals: more than SAT's schema allows, less than the bound
    path = _bad_file(shared_sat, tmp_path, "Total", "9" * 24 + "." + "9" * 12)
    data = path.read_bytes().replace(
        b'TasaOCuota="0.160000"', b'TasaOCuota="' + b"9" * 24 + b'"', 1
    )
    path.write_bytes(data)
    salida = tmp_path / "grande.pdf"
    assert main(["pdf", str(path), "-o", str(salida)]) == 0
    assert salida.read_bytes().startswith(b"%PDF")


PAGOS = "cfdi40_pagos20_sellado.xml"
PAGOS_ATTRIBUTES = ("Monto", "ImpPagado", "MontoTotalPagos", "EquivalenciaDR", "BaseDR")


@pytest.mark.parametrize("attribute", PAGOS_ATTRIBUTES)
@pytest.mark.parametrize("value", ["1e400", "9" * 400, "NaN"], ids=["1e400", "400-digits", "NaN"])
def test_pagos_amounts_are_bounded_too(shared_sat, tmp_path, capsys, attribute, value):
    data = (shared_sat / "samples" / PAGOS).read_bytes()
    changed = re.sub(rb' %s="[^"]*"' % attribute.encode(),
                     b' %s="%s"' % (attribute.encode(), value.encode()), data, count=1)  # fmt: skip
    path = tmp_path / "pago.xml"
    path.write_bytes(changed)
    assert main(["validar", "--json", str(path)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [e["codigo"] for e in doc["errores"]] == ["XML04", "CFDI40102"]
    assert doc["errores"][0]["ruta"].endswith(f"@{attribute}")
    assert main(["pdf", str(path), "-o", str(tmp_path / "pago.pdf")]) != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"Error: {attribute} (")
    assert len(err.splitlines()) == 1
