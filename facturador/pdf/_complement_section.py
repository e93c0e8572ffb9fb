"""The Comercio Exterior 2.0 and Carta Porte 3.1 complements, after the totals.

The sections come from `facturador.sat.complement_view` (any producer's XML); each prints
as a title bar, its label/value rows in a light grid, then its tables: long ones split
across pages with their header row repeated; a table with more columns than fit shows the
first ones as columns and the rest as "label: value" lines in a last column.
"""

from __future__ import annotations

import re

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, LongTable, Spacer, Table, TableStyle

from facturador.pdf import labels as L
from facturador.pdf._common import FRAME_WIDTH, kv, kv_lines, plain, section_bar
from facturador.pdf._styles import ACCENT, BORDER, LIGHT, ZEBRA, Styles
from facturador.sat.catalogs import default_catalogs
from facturador.sat.complement_view import (
    CARTA_PORTE_31_NS,
    COMERCIO_EXTERIOR_20_NS,
    ComplementSection,
    ComplementTable,
    complement_sections_from_xml,
)
from facturador.sat.comprobante import Comprobante

__all__ = ["complement_flowables", "complement_sections_of", "section_texts"]

_TAGS = frozenset(
    {
        f"{{{COMERCIO_EXTERIOR_20_NS}}}ComercioExterior",
        f"{{{CARTA_PORTE_31_NS}}}CartaPorte",
    }
)
_MAX_COLUMNS = 8  # beyond this, the remaining columns go into one "more data" column
_CELL_SIZE = 6.8
_MIN_COLUMN = 13 * mm
_MAX_NATURAL = 60 * mm  # a long value wraps rather than taking the whole width
_PAD = 3.0
_GRID_COLUMNS = 3
# An amount or quantity (or nothing): such a column is right-aligned. Codes are not:
# "01", "0101210100" (leading zero), "50151513" (eight digits or more, no decimals).
_NUMBER = re.compile(r"^(-?(0|[1-9][0-9]{0,6})(\.[0-9]+)?|-?[1-9][0-9]*\.[0-9]+)?$")


def complement_sections_of(c: Comprobante) -> tuple[ComplementSection, ...]:
    """The sections of every CCE 2.0 / Carta Porte 3.1 complement `c` carries."""
    sections: list[ComplementSection] = []
    for raw in c.complementos:
        if raw.tag in _TAGS:
            sections += complement_sections_from_xml(raw.xml, default_catalogs())
    return tuple(sections)


def section_texts(sections: tuple[ComplementSection, ...]) -> list[str]:
    """Every text the sections print (to choose a font that has their characters)."""
    texts: list[str] = []
    for s in sections:
        texts.append(s.title)
        texts += [part for row in s.rows for part in row]
        for t in s.tables:
            texts += [t.title, *t.columns]
            texts += [cell for row in t.rows for cell in row]
    return texts


def _rows_grid(rows: tuple[tuple[str, str], ...], st: Styles) -> Table:
    """The label/value rows, three to a line; one too long for a cell takes a whole line."""
    lines: list[list[object]] = []
    spans: list[int] = []
    pending: list[object] = []

    def flush() -> None:
        if pending:
            lines.append([*pending, *[""] * (_GRID_COLUMNS - len(pending))])
            pending.clear()

    cell = FRAME_WIDTH / _GRID_COLUMNS - 8
    for label, value in rows:
        if stringWidth(f"{label}: {value}", st.regular, st.body.fontSize) > cell:
            flush()
            spans.append(len(lines))
            lines.append([kv(label, value, st), *[""] * (_GRID_COLUMNS - 1)])
            continue
        pending.append(kv(label, value, st))
        if len(pending) == _GRID_COLUMNS:
            flush()
    flush()
    table = Table(lines, colWidths=[FRAME_WIDTH / _GRID_COLUMNS] * _GRID_COLUMNS)
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
        ("FONT", (0, 0), (-1, -1), st.regular, 6, 6),  # the empty cells: no taller than text
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ]
    commands += [("SPAN", (0, n), (-1, n)) for n in spans]
    table.setStyle(TableStyle(commands))
    return table


def _natural_width(texts: list[str], font: str, bold: str, *, whole_header: bool) -> float:
    """The width a column would like: its widest value, its header's widest word (or the
    whole header, for a narrow column of numbers)."""
    widest = stringWidth(texts[0], bold, _CELL_SIZE) if whole_header else 0.0
    for n, text in enumerate(texts):
        if n == 0 and not whole_header:  # the header wraps at its words
            width = max((stringWidth(w, bold, _CELL_SIZE) for w in text.split()), default=0.0)
        else:
            width = stringWidth(text, font, _CELL_SIZE)
        widest = max(widest, width)
    return min(max(widest + 2 * _PAD + 1, _MIN_COLUMN), _MAX_NATURAL)


def _widths(columns: list[list[str]], numeric: list[bool], st: Styles) -> list[float]:
    natural = [
        _natural_width(texts, st.regular, st.bold, whole_header=n)
        for texts, n in zip(columns, numeric, strict=True)
    ]
    total = sum(natural)
    if total <= FRAME_WIDTH:  # spare room goes to the text columns, numbers stay narrow
        growing = sum(w for w, n in zip(natural, numeric, strict=True) if not n) or total
        spare = (FRAME_WIDTH - total) / growing
        return [
            w if n and growing != total else w * (1 + spare)
            for w, n in zip(natural, numeric, strict=True)
        ]
    fixed = [w for w in natural if w <= _MIN_COLUMN]
    scale = (FRAME_WIDTH - sum(fixed)) / max(total - sum(fixed), 1.0)
    return [w if w <= _MIN_COLUMN else w * scale for w in natural]


def _table(table: ComplementTable, st: Styles) -> LongTable:
    """Its title and header rows repeat on every page the table reaches."""
    columns = list(table.columns)
    rows = [list(r) for r in table.rows]
    extra: list[list[tuple[str, str]]] = []
    if len(columns) > _MAX_COLUMNS:
        keep = _MAX_COLUMNS - 1
        extra = [[(a, v) for a, v in zip(columns[keep:], r[keep:], strict=True) if v] for r in rows]
        rows = [r[:keep] for r in rows]
        columns = columns[:keep]
    texts = [[c, *(r[i] for r in rows)] for i, c in enumerate(columns)]
    if extra:
        columns.append(L.COMPLEMENTO_MAS_DATOS)
        texts.append([columns[-1], *("; ".join(f"{a}: {v}" for a, v in e) for e in extra)])
    numeric = [
        i < len(table.columns)
        and any(r[i] for r in rows)
        and all(_NUMBER.match(r[i]) for r in rows)
        for i in range(len(columns))
    ]
    widths = _widths(texts, numeric, st)
    header: list[object] = [
        plain(h, st, st.head_right if numeric[i] else st.head) for i, h in enumerate(columns)
    ]
    # A titled table repeats its title with its header; an untitled one is its section's.
    top = 1 if table.title else 0
    title = [[plain(table.title, st, st.section), *[""] * (len(columns) - 1)]] if top else []
    body: list[list[object]] = []
    for n, row in enumerate(rows):
        cells: list[object] = [
            plain(v, st, st.small_right if numeric[i] else st.small) if v else ""
            for i, v in enumerate(row)
        ]
        if extra:
            cells += kv_lines(extra[n], st, st.small) or [""]
        body.append(cells)
    result = LongTable([*title, header, *body], colWidths=widths, repeatRows=top + 1)
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, top), (-1, top), ACCENT),
        ("FONT", (0, 0), (-1, -1), st.regular, 6, 6),  # the empty cells: no taller than text
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, top + 1), (-1, -1), 0.4, BORDER),
        ("BOX", (0, top), (-1, -1), 0.6, BORDER),
        ("ROWBACKGROUNDS", (0, top + 1), (-1, -1), [None, ZEBRA]),
    ]
    if top:
        commands += [
            ("SPAN", (0, 0), (-1, 0)),
            ("LEFTPADDING", (0, 0), (-1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 0),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 1.5),
        ]
    result.setStyle(TableStyle(commands))
    return result


def complement_flowables(sections: tuple[ComplementSection, ...], st: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    for section in sections:
        out += [Spacer(1, 4 * mm), section_bar(section.title, st)]
        if section.rows:
            out.append(_rows_grid(section.rows, st))
        for n, table in enumerate(section.tables):
            gap = 2 * mm if section.rows or n else 1 * mm
            out += [Spacer(1, gap), _table(table, st)]
    return out
