"""The 80 mm ticket of a nota de venta: what was sold, the total, how to ask for an invoice.

Reads only the plain `TicketPrint` handed to it (services.tickets fills it in). The page is
80 mm wide (72 mm printable, as thermal printers print) and as long as its content.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from facturador.pdf import labels as L
from facturador.pdf._format import amount, quantity

__all__ = ["WIDTH", "TicketPrint", "TicketPrintLine", "render_ticket"]

WIDTH = 80 * mm
_MARGIN = 4 * mm
_INNER = WIDTH - 2 * _MARGIN
_FONT, _BOLD = "Helvetica", "Helvetica-Bold"


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketPrintLine:
    descripcion: str
    cantidad: Decimal
    valor_unitario: Decimal
    importe: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketPrint:
    emisor_nombre: str
    emisor_rfc: str
    lugar_expedicion: str
    numero: int
    fecha: datetime
    lineas: tuple[TicketPrintLine, ...]
    subtotal: Decimal
    impuestos: tuple[tuple[str, Decimal | None], ...]  # (label, importe; None when exento)
    total: Decimal
    forma_pago: str


def _style(size: float, bold: bool = False, center: bool = False) -> ParagraphStyle:
    return ParagraphStyle(
        "t",
        fontName=_BOLD if bold else _FONT,
        fontSize=size,
        leading=size * 1.25,
        alignment=TA_CENTER if center else 0,
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _flowables(t: TicketPrint) -> list[Paragraph | Table]:
    small, normal = _style(7), _style(8)
    center, title = _style(8, center=True), _style(10, bold=True, center=True)
    items: list[Paragraph | Table] = [
        Paragraph(_escape(t.emisor_nombre), _style(9, bold=True, center=True)),
        Paragraph(f"RFC {t.emisor_rfc} · C.P. {t.lugar_expedicion}", center),
        Paragraph(L.TICKET_TITULO, title),
        Paragraph(L.TICKET_NUMERO.format(numero=t.numero), _style(9, bold=True, center=True)),
        Paragraph(L.TICKET_FECHA.format(fecha=f"{t.fecha:%d/%m/%Y %H:%M}"), center),
    ]
    rows: list[list[Paragraph | str]] = []
    for line in t.lineas:
        rows.append([Paragraph(_escape(line.descripcion), normal), "", ""])
        rows.append([
            f"{quantity(line.cantidad)} × {amount(line.valor_unitario)}", "",
            amount(line.importe),
        ])  # fmt: skip
    rows.append([L.TICKET_SUBTOTAL, "", amount(t.subtotal)])
    for label, importe in t.impuestos:
        rows.append([label, "", "—" if importe is None else amount(importe)])
    rows.append([L.TICKET_TOTAL, "", amount(t.total)])
    table = Table(rows, colWidths=[_INNER * 0.6, _INNER * 0.05, _INNER * 0.35])
    style = [
        ("FONTNAME", (0, 0), (-1, -1), _FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("ALIGN", (2, 0), (2, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LINEABOVE", (0, 2 * len(t.lineas)), (-1, 2 * len(t.lineas)), 0.5, "black"),
        ("FONTNAME", (0, -1), (-1, -1), _BOLD),
        ("FONTSIZE", (0, -1), (-1, -1), 10),
    ]
    for i in range(len(t.lineas)):
        style.append(("SPAN", (0, 2 * i), (-1, 2 * i)))
    table.setStyle(TableStyle(style))
    items += [
        table,
        Paragraph(L.TICKET_FORMA_PAGO.format(forma=_escape(t.forma_pago)), normal),
        Paragraph(L.TICKET_FACTURA.format(numero=t.numero), small),
        Paragraph(L.TICKET_NO_FISCAL, _style(7, center=True)),
    ]
    return items


def render_ticket(t: TicketPrint) -> bytes:
    """The ticket as a one-page PDF, 80 mm wide and as long as it needs."""
    items = _flowables(t)
    gap = 2 * mm
    heights = [item.wrap(_INNER, 10_000)[1] for item in items]
    height = sum(heights) + gap * len(items) + 2 * _MARGIN
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(WIDTH, height), invariant=True)
    canvas.setTitle(f"{L.TICKET_TITULO} {t.numero}")
    y = height - _MARGIN
    for item, h in zip(items, heights, strict=True):
        y -= h
        item.drawOn(canvas, _MARGIN, y)
        y -= gap
    canvas.showPage()
    canvas.save()
    return out.getvalue()
