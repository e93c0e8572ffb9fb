"""The renderer's warm-up: a real one-page PDF of its built-in sample, in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from facturador.pdf.warm_up import warm_up
from tests.unit.pdf.conftest import page_count, pdf_text, squeeze

REPO = Path(__file__).resolve().parents[3]

_FRESH = """
import json, sys
xml = open(sys.argv[1], "rb").read()
from facturador.pdf.warm_up import warm_up
warm_up()
before = set(sys.modules)
from facturador.pdf import render_pdf
render_pdf(xml)
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_warm_up_renders_its_sample(tmp_path: Path) -> None:
    pdf = warm_up()
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) == 1
    text = squeeze(pdf_text(pdf, tmp_path))
    assert "Artículodemuestra" in text
    assert "00000000-0000-4000-8000-000000000000" in text


def test_after_warm_up_the_first_pdf_costs_no_imports(invoice_1: bytes, tmp_path: Path) -> None:
    path = tmp_path / "invoice.xml"
    path.write_bytes(invoice_1)
    out = subprocess.run(
        [sys.executable, "-c", _FRESH, str(path)],
        capture_output=True, text=True, cwd=REPO, timeout=120, check=True,
    )  # fmt: skip
    # Cold, the first PDF imports reportlab, segno, num2words...: ~0.2-0.3 s of the first
    # PDF's time, and a warm render takes ~10 ms.
    assert json.loads(out.stdout) == []
