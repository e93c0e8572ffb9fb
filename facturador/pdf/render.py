"""Assemble the printed representation: story, page template, footer, watermarks."""

from __future__ import annotations

import decimal
from io import BytesIO
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from facturador.pdf import labels as L
from facturador.pdf._common import BOTTOM_MARGIN, FRAME_WIDTH, MARGIN, PAGE_SIZE, TOP_MARGIN
from facturador.pdf._complement_section import (
    complement_flowables,
    complement_sections_of,
    section_texts,
)
from facturador.pdf._conceptos import conceptos_table, totals_block
from facturador.pdf._header import header_flowables
from facturador.pdf._pagos_section import pagos_flowables
from facturador.pdf._styles import BORDER, MUTED, needs_unicode_font, styles
from facturador.pdf._timbre import timbre_block
from facturador.pdf.pagos import pagos_of
from facturador.pdf.verification import is_demo_timbre
from facturador.sat.comprobante import Comprobante
from facturador.sat.xml_reader import parse_comprobante

__all__ = ["Estado", "render_comprobante", "render_pdf"]

Estado = Literal["vigente", "cancelado"]
_WATERMARK_RED = colors.HexColor("#C0392B")
_PRECISION = 80


def render_pdf(xml: bytes, *, logo: bytes | None = None, estado: Estado = "vigente") -> bytes:
    """The PDF of any CFDI 4.0 XML (stamped or not); raises what `parse_comprobante` raises."""
    return render_comprobante(parse_comprobante(xml), logo=logo, estado=estado)


def _all_text(c: Comprobante) -> list[str]:
    texts = [c.emisor.nombre, c.receptor.nombre, c.condiciones_de_pago or "", c.serie or ""]
    texts += [c.folio or "", c.receptor.num_reg_id_trib or "", c.lugar_expedicion]
    for x in c.conceptos:
        texts += [x.descripcion, x.no_identificacion or "", x.unidad or ""]
        texts += [p.descripcion for p in x.partes]
        if x.a_cuenta_terceros is not None:
            texts.append(x.a_cuenta_terceros.nombre_a_cuenta_terceros)
    return texts


def _story(c: Comprobante, logo: bytes | None) -> tuple[list[Flowable], str]:
    sections = complement_sections_of(c)
    st = styles(needs_unicode_font(_all_text(c) + section_texts(sections)))
    story: list[Flowable] = header_flowables(c, st, logo)
    story += totals_block_with_table(c, st)
    pagos = pagos_of(c) if c.tipo_de_comprobante == "P" else None
    if pagos is not None:
        story += pagos_flowables(pagos, st)
    story += complement_flowables(sections, st)
    story += timbre_block(c, st)
    return story, st.regular


def totals_block_with_table(c: Comprobante, st: Any) -> list[Flowable]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    return [Spacer(1, 4 * mm), conceptos_table(c, st), *totals_block(c, st)]


class _Decorations:
    """What every page gets once the page count is known: footer and watermarks."""

    def __init__(self, c: Comprobante, estado: Estado, font: str) -> None:
        self.uuid = c.timbre.uuid if c.timbre else ""
        self.demo = is_demo_timbre(c.timbre)
        self.cancelado = estado == "cancelado"
        self.font = font
        serie_folio = "-".join(p for p in (c.serie, c.folio) if p)
        title = L.TITULOS.get(c.tipo_de_comprobante, L.TITULO_OTRO)
        self.running_head = " · ".join(
            p for p in (f"{title} {serie_folio}".strip(), c.emisor.nombre)
        )

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        width = PAGE_SIZE[0]
        canvas.saveState()
        canvas.setStrokeColor(BORDER)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, BOTTOM_MARGIN - 5, width - MARGIN, BOTTOM_MARGIN - 5)
        canvas.setFont(self.font, 6.5)
        canvas.setFillColor(MUTED)
        y = BOTTOM_MARGIN - 13
        canvas.drawString(MARGIN, y, L.LEYENDA_CFDI)
        if self.uuid:
            canvas.drawCentredString(
                MARGIN + FRAME_WIDTH * 0.62, y, f"{L.FOLIO_FISCAL}: {self.uuid}"
            )
        canvas.drawRightString(width - MARGIN, y, L.PAGINA.format(page=page, pages=pages))
        if page > 1:
            top = PAGE_SIZE[1] - TOP_MARGIN + 9
            canvas.drawString(MARGIN, top, self.running_head)
            canvas.drawRightString(width - MARGIN, top, L.CONTINUACION)
        canvas.restoreState()
        if self.demo:
            self._stamp(canvas, L.SIN_VALIDEZ, 58, 0.13, 0.0)
        if self.cancelado:
            self._stamp(canvas, L.CANCELADO, 92, 0.2, -140.0 if self.demo else 0.0)

    def _stamp(self, canvas: Canvas, word: str, size: float, alpha: float, shift: float) -> None:
        width, height = PAGE_SIZE
        canvas.saveState()
        canvas.setFillColor(_WATERMARK_RED)
        canvas.setFillAlpha(alpha)
        canvas.setFont(self.font.replace("Helvetica", "Helvetica-Bold"), size)
        canvas.translate(width / 2, height / 2 + shift)
        canvas.rotate(40)
        canvas.drawCentredString(0, -size / 3, word)
        canvas.restoreState()


def _canvas_class(decorations: _Decorations) -> type[Canvas]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Keeps each page's state until the end, to print 'Página N de M' on all of them."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._saved)
            for number, state in enumerate(self._saved, start=1):
                self.__dict__.update(state)
                decorations.draw(self, number, pages)
                super().showPage()
            super().save()

    return NumberedCanvas


def render_comprobante(
    c: Comprobante, *, logo: bytes | None = None, estado: Estado = "vigente"
) -> bytes:
    """The PDF of a parsed Comprobante; `estado="cancelado"` adds the CANCELADO watermark."""
    if estado not in ("vigente", "cancelado"):
        raise ValueError(f"estado must be 'vigente' or 'cancelado', not {estado!r}")
    # The reader bounds every amount (24 integer digits, 12 decimals); formatting a rate or
    # rounding such an amount needs more than the default 28 digits of precision.
    with decimal.localcontext(prec=_PRECISION):
        return _render(c, logo, estado)


def _render(c: Comprobante, logo: bytes | None, estado: Estado) -> bytes:
    story, font = _story(c, logo)
    buffer = BytesIO()
    title = " ".join(p for p in (L.TITULOS.get(c.tipo_de_comprobante, ""), c.serie, c.folio) if p)
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title or "CFDI",
        author=c.emisor.nombre,
        subject=c.timbre.uuid if c.timbre else "",
        creator="Facturador",
        pageCompression=0,
    )
    frame = Frame(
        MARGIN,
        BOTTOM_MARGIN,
        FRAME_WIDTH,
        PAGE_SIZE[1] - TOP_MARGIN - BOTTOM_MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="cfdi", frames=[frame])])
    doc.build(story, canvasmaker=_canvas_class(_Decorations(c, estado, font)))
    return buffer.getvalue()
