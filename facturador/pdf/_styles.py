"""Fonts, colours and paragraph styles, built once per process and per font family.

Helvetica (a PDF base font, nothing embedded, fastest) covers Windows-1252: every Spanish
letter, "ñ", "á", "€" and typographic quotes. A document with any other character (names in
other scripts, rare symbols) is rendered with the bundled DejaVu Sans instead.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from facturador.sat.resources import resource_path

__all__ = ["ACCENT", "BORDER", "LIGHT", "MUTED", "Para", "Styles", "needs_unicode_font", "styles"]

ACCENT = colors.HexColor("#1F3A5F")
LIGHT = colors.HexColor("#E8EEF5")
BORDER = colors.HexColor("#B8C4D2")
MUTED = colors.HexColor("#5A6675")
ZEBRA = colors.HexColor("#F6F8FB")

HELVETICA = ("Helvetica", "Helvetica-Bold")
DEJAVU = ("DejaVuSans", "DejaVuSans-Bold")


def needs_unicode_font(texts: list[str]) -> bool:
    try:
        "".join(texts).encode("cp1252")
    except UnicodeEncodeError:
        return True
    return False


@functools.cache
def _register_dejavu() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = DEJAVU
    pdfmetrics.registerFont(TTFont(regular, str(resource_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(bold, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold)


@dataclass(frozen=True, slots=True)
class Styles:
    regular: str
    bold: str
    title: ParagraphStyle
    company: ParagraphStyle
    folio: ParagraphStyle
    body: ParagraphStyle
    body_right: ParagraphStyle
    body_center: ParagraphStyle
    small: ParagraphStyle
    small_right: ParagraphStyle
    tiny: ParagraphStyle
    label: ParagraphStyle
    head: ParagraphStyle
    head_right: ParagraphStyle
    section: ParagraphStyle
    sello: ParagraphStyle
    total: ParagraphStyle
    total_right: ParagraphStyle


@functools.cache
def styles(unicode_font: bool = False) -> Styles:
    if unicode_font:
        _register_dejavu()
    regular, bold = DEJAVU if unicode_font else HELVETICA

    def style(name: str, size: float, **kw: object) -> ParagraphStyle:
        kw.setdefault("fontName", regular)
        kw.setdefault("leading", size * 1.22)
        return ParagraphStyle(name, fontSize=size, **kw)

    return Styles(
        regular=regular,
        bold=bold,
        title=style("title", 15, fontName=bold, textColor=ACCENT, alignment=TA_RIGHT),
        folio=style("folio", 11, fontName=bold, alignment=TA_RIGHT, leading=14),
        company=style("company", 12.5, fontName=bold, textColor=ACCENT, leading=15),
        body=style("body", 8),
        body_right=style("body_right", 8, alignment=TA_RIGHT),
        body_center=style("body_center", 8, alignment=TA_CENTER),
        small=style("small", 6.8),
        small_right=style("small_right", 6.8, alignment=TA_RIGHT),
        tiny=style("tiny", 5.9, textColor=MUTED, leading=7.2),
        label=style("label", 6.3, textColor=MUTED, leading=7.6),
        head=style("head", 6.8, fontName=bold, textColor=colors.white, alignment=TA_LEFT),
        head_right=style(
            "head_right", 6.8, fontName=bold, textColor=colors.white, alignment=TA_RIGHT
        ),
        section=style("section", 7.5, fontName=bold, textColor=ACCENT, spaceBefore=2),
        sello=style("sello", 5.9, leading=7.0),
        total=style("total", 9.5, fontName=bold),
        total_right=style("total_right", 9.5, fontName=bold, alignment=TA_RIGHT),
    )


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks its lines once per width: tables wrap each cell two or three
    times (measure, then draw), and line breaking is most of the cost of a page."""

    _wrapped_for: tuple[float, tuple[float, float]] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        cached = self._wrapped_for
        if cached is not None and cached[0] == avail_width:
            self.width, self.height = cached[1]
            return cached[1]
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        self._wrapped_for = (avail_width, size)
        return size
