"""CSF PDFs built with reportlab on SAT's layout (shared/sat/csf/csf-content.txt)."""

from __future__ import annotations

import io
from pathlib import Path

SHARED_CSF = Path(__file__).resolve().parents[3].parent / "shared" / "sat" / "csf"


def real_layout() -> list[str]:
    return (SHARED_CSF / "csf-content.txt").read_text(encoding="utf-8").splitlines()[:-1]


def pdf_from_lines(lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=letter)
    y = 760
    for line in lines:
        if line.startswith("Página [") and y < 760:
            canvas.showPage()
            y = 760
        canvas.setFont("Helvetica", 8)
        canvas.drawString(40, y, line)
        y -= 11
        if y < 40:
            canvas.showPage()
            y = 760
    canvas.save()
    return out.getvalue()


def _replace(lines: list[str], old: str, new: list[str]) -> list[str]:
    index = next(i for i, line in enumerate(lines) if line.startswith(old))
    return lines[:index] + new + lines[index + 1 :]


def moral_lines() -> list[str]:
    """The real CSF: persona moral DIM8701081LA with its régimen de capital listed apart."""
    return real_layout()


def fisica_lines() -> list[str]:
    """A persona física with two regímenes (one ended), on the real layout."""
    lines = [line.replace("DIM8701081LA", "PELJ8501153M2") for line in real_layout()]
    lines = [line.replace("MI EMPRESA", "JUAN PÉREZ LÓPEZ") if line == "MI EMPRESA" else line
             for line in lines]  # fmt: skip
    lines = _replace(
        lines,
        "Denominación/Razón Social:",
        [
            "CURP: PELJ850115HDFRPN09",
            "Nombre (s): JUAN",
            "Primer Apellido: PÉREZ",
            "Segundo Apellido: LÓPEZ",
        ],
    )
    lines = _replace(lines, "Régimen Capital:", [])
    lines = [line.replace("REACTIVADO", "ACTIVO") for line in lines]
    return _replace(
        lines,
        "Régimen General de Ley Personas Morales",
        [
            "Régimen de Sueldos y Salarios e Ingresos Asimilados a Salarios 01/01/2018",
            "Régimen de Incorporación Fiscal 01/01/2014 31/12/2021",
            "Régimen Simplificado de Confianza 09/02/2022",
        ],
    )


def localidad_lines() -> list[str]:
    """A persona moral registered in a localidad (no colonia), SUSPENDIDO in the padrón."""
    lines = _replace(
        real_layout(),
        "Número Interior:12 Y 13",
        ["Número Interior: Nombre de la Colonia:",
         "Nombre de la Localidad: TUXTLA CHICO Nombre del Municipio o Demarcación Territorial: "
         "TAPACHULA"],
    )  # fmt: skip
    lines = [line for line in lines if not line.startswith("Nombre de la Localidad: Nombre del")]
    lines = [line.replace("CIUDAD DE MEXICO Entre", "CHIAPAS Entre") for line in lines]
    return [line.replace("REACTIVADO", "SUSPENDIDO") for line in lines]


def scanned_pdf(qr_text: str) -> bytes:
    """A page that is only an image (a scan): the CSF rendered, with its QR, no text layer."""
    import pypdfium2
    import zxingcpp
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    page_pdf = pdf_from_lines(real_layout()[:30])
    document = pypdfium2.PdfDocument(page_pdf)
    image = document[0].render(scale=2).to_pil().convert("RGB")
    document.close()
    qr = zxingcpp.create_barcode(qr_text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    qr_image = _qr_pil(qr)
    image.paste(qr_image, (60, 120))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=letter)
    canvas.drawImage(ImageReader(image), 0, 0, width=letter[0], height=letter[1])
    canvas.save()
    return out.getvalue()


def _qr_pil(barcode):  # type: ignore[no-untyped-def]
    from PIL import Image

    view = memoryview(barcode.to_image(scale=6, add_quiet_zones=True))
    height, width = view.shape
    return Image.frombytes("L", (width, height), view.tobytes()).convert("RGB")
