"""A report as tables, printed with the invoice's look (colours, fonts, bars): pure reportlab.

The services turn a report into `Sheet`s (services.reports_export); the same sheets become
an XLSX workbook there and a PDF here, so both hold the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer, Table, TableStyle

from facturador.pdf import labels as L
from facturador.pdf._common import (
    BOTTOM_MARGIN,
    FRAME_WIDTH,
    MARGIN,
    PAGE_SIZE,
    TOP_MARGIN,
    plain,
    section_bar,
)
from facturador.pdf._format import amount
from facturador.pdf._styles import (
    ACCENT,
    BORDER,
    MUTED,
    ZEBRA,
    Styles,
    needs_unicode_font,
    styles,
)

__all__ = ["Cell", "Sheet", "cell_text", "render_report"]

Cell = str | int | Decimal | datetime | date | None


@dataclass(frozen=True, slots=True)
class Sheet:
    """One table: a title, its column headers, rows and an optional totals row."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    totals: tuple[Cell, ...] | None = None
    widths: tuple[float, ...] = field(default=())  # relative; equal when empty


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return amount(value)
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _table(sheet: Sheet, s: Styles) -> Table:
    numeric = [isinstance(v, (int, Decimal)) for v in (sheet.rows[0] if sheet.rows else ())]

    def row(values: tuple[Cell, ...], *, bold: bool = False) -> list[object]:
        cells: list[object] = []
        for i, value in enumerate(values):
            right = (i < len(numeric) and numeric[i]) or isinstance(value, (int, Decimal))
            cells.append(plain(cell_text(value), s, s.body_right if right else s.body, bold=bold))
        return cells

    heads = [
        plain(h, s, s.head_right if i < len(numeric) and numeric[i] else s.head)
        for i, h in enumerate(sheet.headers)
    ]
    data = [heads] + [row(r) for r in sheet.rows]
    if sheet.totals is not None:
        data.append(row(sheet.totals, bold=True))
    weights = sheet.widths or (1.0,) * len(sheet.headers)
    widths = [FRAME_WIDTH * w / sum(weights) for w in weights]
    table = Table(data, colWidths=widths, repeatRows=1)
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, BORDER),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for i in range(2, len(data), 2):
        commands.append(("BACKGROUND", (0, i), (-1, i), ZEBRA))
    if sheet.totals is not None:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT))
    table.setStyle(TableStyle(commands))
    return table


def render_report(title: str, subtitle: str, sheets: list[Sheet]) -> bytes:
    """The report's PDF: the title (company and period in `subtitle`), then each sheet."""
    texts = [title, subtitle] + [cell_text(v) for sh in sheets for r in sh.rows for v in r]
    st = styles(needs_unicode_font(texts))
    story: list[object] = [
        plain(title, st, st.company),
        plain(subtitle, st, st.body),
        Spacer(1, 6),
    ]
    for sheet in sheets:
        story += [section_bar(sheet.title, st), Spacer(1, 2)]
        if sheet.rows:
            story.append(_table(sheet, st))
        else:
            story.append(plain(L.NO_ROWS, st, st.body))
        story.append(Spacer(1, 8))
    buffer = BytesIO()
    margins = {"leftMargin": MARGIN, "rightMargin": MARGIN, "topMargin": TOP_MARGIN,
               "bottomMargin": BOTTOM_MARGIN}  # fmt: skip
    doc = BaseDocTemplate(buffer, pagesize=PAGE_SIZE, title=title, **margins)
    height = PAGE_SIZE[1] - TOP_MARGIN - BOTTOM_MARGIN
    frame = Frame(MARGIN, BOTTOM_MARGIN, FRAME_WIDTH, height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip

    def footer(canvas: object, document: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(st.regular, 6.5)  # type: ignore[attr-defined]
        canvas.setFillColor(MUTED)  # type: ignore[attr-defined]
        canvas.drawRightString(  # type: ignore[attr-defined]
            MARGIN + FRAME_WIDTH,
            BOTTOM_MARGIN / 2,
            L.REPORT_PAGE.format(title=title, page=document.page),  # type: ignore[attr-defined]
        )
        canvas.restoreState()  # type: ignore[attr-defined]

    doc.addPageTemplates([PageTemplate(id="report", frames=[frame], onPage=footer)])
    doc.build(story)
    return buffer.getvalue()
