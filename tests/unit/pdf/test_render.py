"""The PDF of every sample and of generated invoices: what pdftotext reads, what the QR says."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from facturador.cli import main
from facturador.pdf import render_comprobante, render_pdf, verification_url
from facturador.pdf._format import amount
from facturador.pdf.verification import tfd_cadena
from facturador.sat.comprobante import Comprobante
from facturador.sat.xml_reader import parse_comprobante
from tests.unit.pdf.conftest import SAMPLE_FILES, decode_qr, page_count, pdf_text, squeeze
from tests.unit.pdf.documents import DEMO_SAT_CERTIFICATE, add_timbre, sealed_invoice


def watermarks(pdf: bytes) -> set[str]:
    """Diagonal watermark words (pdftotext skips rotated text; content streams are plain)."""
    return {w for w in ("SIN VALIDEZ FISCAL", "CANCELADO") if f"({w}) Tj".encode() in pdf}


def _check_content(c: Comprobante, text: str) -> None:
    flat = squeeze(text)
    assert "Este documento es una representación impresa de un CFDI" in text
    assert c.emisor.rfc in text
    assert c.receptor.rfc in text
    assert amount(c.total, c.moneda) in text
    assert c.sello is not None
    assert c.sello in flat  # the FULL sello, wrapped over lines
    if c.timbre is not None:
        assert c.timbre.uuid in text
        assert c.timbre.sello_sat in flat
        assert squeeze(tfd_cadena(c.timbre)) in flat
        assert c.timbre.no_certificado_sat in text
        assert c.timbre.rfc_prov_certif in text
    assert c.no_certificado is not None
    assert c.no_certificado in text


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_samples(path: Path, tmp_path: Path) -> None:
    xml = path.read_bytes()
    c = parse_comprobante(xml)
    pdf = render_pdf(xml)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    _check_content(c, text)
    text = " ".join(text.split())
    if c.tipo_de_comprobante == "P":
        assert "COMPLEMENTO DE PAGOS 2.0" in text
        for uuid in (
            "00000000-1111-2222-3333-00000000000A",
            "00000000-1111-2222-3333-00000000000B",
        ):
            assert uuid in text
        for figure in ("15,000.00", "12,000.00", "10,000.00", "7,000.00", "2,068.96"):
            assert figure in text
        assert watermarks(pdf) == {"SIN VALIDEZ FISCAL"}  # sealed, never stamped
    else:
        assert watermarks(pdf) == set()
        assert "Importe con letra" in text


def _check_qr(pdf: bytes, c: Comprobante, tmp_path: Path) -> None:
    assert c.timbre is not None
    assert c.sello is not None
    found = decode_qr(pdf, tmp_path, page_count(pdf))
    assert found == [verification_url(c)]
    # no percent-encoding: fe is raw base64 ("+", "/", "=") as SAT's readers expect
    params = dict(pair.split("=", 1) for pair in urlsplit(found[0]).query.split("&"))
    assert params["id"] == c.timbre.uuid
    assert params["re"] == c.emisor.rfc
    assert params["rr"] == c.receptor.rfc
    assert Decimal(params["tt"]) == c.total
    assert params["fe"] == c.sello[-8:]


@pytest.mark.parametrize("path", [p for p in SAMPLE_FILES if "timbrado" in p.name], ids=str)
def test_sample_qr_decodes_to_verification_url(path: Path, tmp_path: Path) -> None:
    xml = path.read_bytes()
    _check_qr(render_pdf(xml), parse_comprobante(xml), tmp_path)


def test_one_concept_invoice(invoice_1: bytes, tmp_path: Path) -> None:
    c = parse_comprobante(invoice_1)
    pdf = render_pdf(invoice_1)
    text = pdf_text(pdf, tmp_path)
    _check_content(c, text)
    text = " ".join(text.split())
    assert page_count(pdf) == 1
    for expected in (
        "FACTURA",
        "A-1",
        "25/11/2026 10:00:00",  # fecha de emisión
        "25/11/2026 10:00:05",  # fecha de certificación
        "601 - General de Ley Personas Morales",
        "612 - Personas Físicas con Actividades Empresariales",
        "G03 - Gastos en general",
        "03 - Transferencia electrónica de fondos",
        "PUE - Pago en una sola exhibición",
        "MXN - Peso Mexicano",
        "01 - No aplica",
        "43211503 - Computadores notebook",
        "H87 - Pieza",
        "02 - Sí objeto de impuesto",
        "SKU-0001",
        "IVA 16 %",
        "42501",
        "36257",
        "DIECIOCHO MIL QUINIENTOS CINCUENTA Y NUEVE PESOS 99/100 M.N.",
    ):
        assert expected in text, expected
    assert watermarks(pdf) == set()
    _check_qr(pdf, c, tmp_path)


def test_150_concepts_span_pages_with_repeated_header(invoice_150: bytes, tmp_path: Path) -> None:
    c = parse_comprobante(invoice_150)
    pdf = render_pdf(invoice_150)
    pages = page_count(pdf)
    assert pages > 3
    text = pdf_text(pdf, tmp_path)
    _check_content(c, text)
    for n in (1, 75, 150):
        assert f"SKU-{n:04d}" in text
    for page in (2, pages - 1):
        page_text = pdf_text(pdf, tmp_path, page=page)
        assert "Valor unitario" in page_text  # the table header, repeated
        assert f"Página {page} de {pages}" in page_text
        assert c.timbre is not None
        assert c.timbre.uuid in page_text
    _check_qr(pdf, c, tmp_path)


def test_demo_stamp_and_cancelled_watermarks(pdf_credential) -> None:
    sealed = sealed_invoice(pdf_credential, 2)
    demo = add_timbre(sealed, no_certificado_sat=DEMO_SAT_CERTIFICATE)
    leyenda = add_timbre(sealed, leyenda="Timbrado de prueba SIN VALIDEZ FISCAL")
    real = add_timbre(sealed)
    for xml in (sealed, demo, leyenda):
        assert watermarks(render_pdf(xml)) == {"SIN VALIDEZ FISCAL"}
    assert watermarks(render_pdf(real)) == set()
    assert watermarks(render_pdf(real, estado="cancelado")) == {"CANCELADO"}
    both = {"SIN VALIDEZ FISCAL", "CANCELADO"}
    assert watermarks(render_pdf(demo, estado="cancelado")) == both
    with pytest.raises(ValueError, match="estado"):
        render_pdf(real, estado="anulado")  # type: ignore[arg-type]


def test_relacionados_and_foreign_currency_in_words(tmp_path: Path) -> None:
    golden = Path(__file__).parents[1] / "sat" / "golden" / "egreso_usd_relacionado.xml"
    c = parse_comprobante(golden.read_bytes())
    text = " ".join(pdf_text(render_comprobante(c), tmp_path).split())
    assert "NOTA DE CRÉDITO" in text
    assert "CFDI RELACIONADOS" in text
    for rel in c.cfdi_relacionados:
        assert rel.tipo_relacion in text
        for uuid in rel.uuids:
            assert uuid in squeeze(text)
    assert "DÓLARES" in text
    assert "/100 USD" in text
    assert c.tipo_cambio is not None


def test_logo_is_drawn(invoice_1: bytes) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), (31, 58, 95)).save(buffer, format="PNG")
    pdf = render_pdf(invoice_1, logo=buffer.getvalue())
    assert b"/Subtype /Image" in pdf
    assert b"/Subtype /Image" not in render_pdf(invoice_1)
    assert render_pdf(invoice_1, logo=b"not an image").startswith(b"%PDF")  # ignored


def test_text_outside_latin1_switches_to_the_bundled_font(invoice_1: bytes, tmp_path) -> None:
    xml = invoice_1.replace(b"XOCHILT CASAS CHAVEZ", "XÓCHITL Ő→Ω CASAS".encode())
    pdf = render_pdf(xml)
    assert b"DejaVuSans" in pdf
    assert "XÓCHITL Ő→Ω CASAS" in pdf_text(pdf, tmp_path)
    assert b"DejaVuSans" not in render_pdf(invoice_1)  # Helvetica covers Spanish, ñ and €


def test_cli_pdf(invoice_1: bytes, tmp_path: Path, capsys) -> None:
    source = tmp_path / "factura.xml"
    source.write_bytes(invoice_1)
    out = tmp_path / "factura.pdf"
    assert main(["pdf", str(source), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["pdf", str(source), "--cancelado"]) == 0
    assert watermarks(out.read_bytes()) == {"CANCELADO"}
    assert main(["pdf", str(tmp_path / "falta.xml")]) == 1
    assert "no existe" in capsys.readouterr().err


def test_segno_fallback_qr_decodes_too(invoice_1: bytes, tmp_path: Path, monkeypatch) -> None:
    from facturador.pdf import _qr

    monkeypatch.setattr(_qr, "qr_matrix", _qr.qr_matrix_segno)
    c = parse_comprobante(invoice_1)
    _check_qr(render_comprobante(c), c, tmp_path)
