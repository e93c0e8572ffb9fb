"""Page geometry and the small building blocks every section uses."""

from __future__ import annotations

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from facturador.pdf._styles import ACCENT, BORDER, LIGHT, MUTED, Styles
from facturador.pdf._text import Run, Text

__all__ = [
    "BOTTOM_MARGIN",
    "FRAME_WIDTH",
    "MARGIN",
    "PAGE_SIZE",
    "TOP_MARGIN",
    "Columns",
    "boxed",
    "kv",
    "kv_lines",
    "plain",
    "section_bar",
]

PAGE_SIZE = LETTER
MARGIN = 12 * mm
TOP_MARGIN = 11 * mm
BOTTOM_MARGIN = 17 * mm
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN


def kv(
    label: str, value: str, st: Styles, style: ParagraphStyle | None = None, *, bold: bool = False
) -> Text:
    """'Label: value' with the label muted."""
    return Text([(f"{label}: ", False, MUTED), (value, bold, None)], style or st.body, st.bold)


def plain(
    value: str, st: Styles, style: ParagraphStyle | None = None, *, bold: bool = False
) -> Text:
    return Text([(value, bold, None)], style or st.body, st.bold)


def kv_lines(
    pairs: list[tuple[str, str]], st: Styles, style: ParagraphStyle | None = None
) -> list[Text]:
    """'Label: value' lines (empty values left out) as one flowable: one to wrap and draw."""
    runs: list[Run] = []
    for label, value in pairs:
        if value:
            runs += [("\n", False, None)] if runs else []
            runs += [(f"{label}: ", False, MUTED), (value, False, None)]
    return [Text(runs, style or st.body, st.bold)] if runs else []


def section_bar(title: str, st: Styles, width: float = FRAME_WIDTH) -> Table:
    """A thin coloured bar with a white title, heading a box."""
    bar = Table([[plain(title, st, st.head)]], colWidths=[width])
    bar.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), 1.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return bar


def boxed(
    rows: list[list[object]], widths: list[float], *, header: bool = False, pad: float = 3.0
) -> Table:
    """A light-bordered box; with `header`, row 0 is the coloured title row."""
    table = Table(rows, colWidths=widths)
    commands: list[tuple[object, ...]] = [
        ("BOX", (0, 0), (-1, -1), 0.6, BORDER),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
            ("TOPPADDING", (0, 0), (-1, 0), 1.6),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 2.2),
        ]
    else:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), LIGHT))
    table.setStyle(TableStyle(commands))
    return table


class Columns(Flowable):  # type: ignore[misc]
    """Flowables side by side, top-aligned, in fixed-width columns; never split (for the
    small blocks of a page, cheaper than a one-row Table)."""

    def __init__(self, columns: list[tuple[list[Flowable], float]], gap: float = 0.0) -> None:
        super().__init__()
        self._columns = columns
        self._gap = gap
        self._heights: list[list[float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._heights = [
            [item.wrap(width, avail_height)[1] for item in items] for items, width in self._columns
        ]
        self.width = sum(width for _, width in self._columns) + self._gap * (len(self._columns) - 1)
        self.height = max((sum(h) for h in self._heights), default=0.0)
        return self.width, self.height

    def draw(self) -> None:
        x = 0.0
        for (items, width), heights in zip(self._columns, self._heights, strict=True):
            y = self.height
            for item, height in zip(items, heights, strict=True):
                y -= height
                item.drawOn(self.canv, x, y)
            x += width + self._gap
