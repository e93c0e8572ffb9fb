"""PDF fixtures: SAT's samples, generated stamped invoices, and poppler/zxing helpers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from facturador.sat.credentials import Credential
from tests.unit.pdf.documents import SAMPLES_DIR, load_credential, stamped_invoice

SAMPLE_FILES = sorted(SAMPLES_DIR.glob("*.xml"))
_SPACE = re.compile(r"\s+")


@pytest.fixture(scope="session")
def pdf_credential() -> Credential:
    return load_credential()


@pytest.fixture(scope="session")
def invoice_1(pdf_credential: Credential) -> bytes:
    return stamped_invoice(pdf_credential, 1)


@pytest.fixture(scope="session")
def invoice_150(pdf_credential: Credential) -> bytes:
    return stamped_invoice(pdf_credential, 150)


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def pdf_text(pdf: bytes, tmp_path: Path, *, page: int | None = None) -> str:
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(
        [_need("pdftotext"), *pages, str(source), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    """Text without any white space: long sellos wrap over lines in the PDF."""
    return _SPACE.sub("", text)


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


def decode_qr(pdf: bytes, tmp_path: Path, page: int) -> list[str]:
    """QR texts found on `page`, rendered at 150 dpi by pdftoppm and read by zxing-cpp."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    source = tmp_path / "qr.pdf"
    source.write_bytes(pdf)
    prefix = tmp_path / "qr"
    subprocess.run(
        [_need("pdftoppm"), "-r", "150", "-png", "-f", str(page), "-l", str(page),
         "-singlefile", str(source), str(prefix)],
        check=True,
    )  # fmt: skip
    with Image.open(f"{prefix}.png") as image:
        return [b.text for b in zxingcpp.read_barcodes(image)]
