"""The fiscal block: QR, sellos, cadena original of the TFD and certificate numbers.

One flowable that lays itself out (QR on the left, the long strings cut at the width on the
right, the certificate numbers and the legend below) and is never split across pages: nested
tables did the same with several times the work.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from facturador.pdf import labels as L
from facturador.pdf._format import fecha_text
from facturador.pdf._qr import draw_qr, qr_matrix
from facturador.pdf._styles import BORDER, MUTED, Styles
from facturador.pdf._wrapped import split_lines
from facturador.pdf.verification import tfd_cadena, verification_url
from facturador.sat.comprobante import Comprobante

__all__ = ["timbre_block"]

_QR_SIZE = 34 * mm
_QR_GAP = 3 * mm
_TOP = 4.0  # space between the rule and the content
_NUMBERS_GAP = 4.0


class _TimbreBlock(Flowable):  # type: ignore[misc]
    def __init__(self, c: Comprobante, st: Styles) -> None:
        super().__init__()
        self._st = st
        timbre = c.timbre
        self._matrix = qr_matrix(verification_url(c)) if timbre is not None else None
        self._long: list[tuple[str, str]] = []
        if c.sello:
            self._long.append((L.SELLO_CFDI, c.sello))
        if timbre is not None:
            self._long += [(L.SELLO_SAT, timbre.sello_sat), (L.CADENA_TFD, tfd_cadena(timbre))]
        self._numbers = [
            (L.NO_CERTIFICADO, c.no_certificado or "—"),
            (L.NO_CERTIFICADO_SAT, timbre.no_certificado_sat if timbre else "—"),
            (L.RFC_PAC, timbre.rfc_prov_certif if timbre else "—"),
            (L.FECHA_CERTIFICACION, fecha_text(timbre.fecha_timbrado) if timbre else "—"),
        ]
        self._lines: list[tuple[str, list[str]]] = []
        self._text_height = 0.0

    def _text_left(self) -> float:
        return _QR_SIZE + _QR_GAP if self._matrix is not None else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        st = self._st
        sello = st.sello
        text_width = avail_width - self._text_left()
        self._lines = [
            (label, split_lines(value, sello.fontName, sello.fontSize, text_width))
            for label, value in self._long
        ]
        height = sum(st.label.leading + len(lines) * sello.leading for _, lines in self._lines)
        if self._matrix is None:
            height += st.small.leading  # the "not stamped" note
        self._text_height = max(height, _QR_SIZE if self._matrix is not None else 0.0)
        self.width = avail_width
        numbers = 2 * st.small.leading + _NUMBERS_GAP * 2
        self.height = _TOP + self._text_height + numbers + 6 + st.body.leading
        return self.width, self.height

    def _draw_texts(self, top: float) -> None:
        st, canvas = self._st, self.canv
        text = canvas.beginText()
        y = top
        for label, lines in self._lines:
            y -= st.label.fontSize
            text.setTextOrigin(self._text_left(), y)
            text.setFont(st.bold, st.label.fontSize)
            text.setFillColor(MUTED)
            text.textOut(label)
            y -= st.label.leading - st.label.fontSize
            text.setFont(st.sello.fontName, st.sello.fontSize, st.sello.leading)
            text.setFillColorRGB(0, 0, 0)
            text.setTextOrigin(self._text_left(), y - st.sello.fontSize)
            text.textLines(lines)
            y -= len(lines) * st.sello.leading
        if self._matrix is None:
            text.setTextOrigin(0, y - st.small.fontSize)
            text.setFont(st.bold, st.small.fontSize)
            text.textOut(L.NO_TIMBRADO)
        canvas.drawText(text)

    def _draw_numbers(self, top: float) -> None:
        st, canvas = self._st, self.canv
        size = st.small.fontSize
        canvas.setStrokeColor(BORDER)
        canvas.setLineWidth(0.4)
        canvas.line(0, top, self.width, top)
        text = canvas.beginText()
        text.setFont(st.regular, size)
        for n, (label, value) in enumerate(self._numbers):
            x = (n % 2) * self.width / 2
            y = top - _NUMBERS_GAP - size - (n // 2) * st.small.leading
            text.setTextOrigin(x, y)
            text.setFillColor(MUTED)
            text.textOut(f"{label}: ")
            text.setFillColorRGB(0, 0, 0)
            text.textOut(value)
        canvas.drawText(text)

    def draw(self) -> None:
        st, canvas = self._st, self.canv
        top = self.height
        canvas.setStrokeColor(BORDER)
        canvas.setLineWidth(0.8)
        canvas.line(0, top, self.width, top)
        top -= _TOP
        if self._matrix is not None:
            draw_qr(canvas, self._matrix, 0, top - _QR_SIZE, _QR_SIZE)
        self._draw_texts(top)
        top -= self._text_height + _NUMBERS_GAP
        self._draw_numbers(top)
        canvas.setFont(st.bold, st.body.fontSize)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawCentredString(self.width / 2, st.body.leading - st.body.fontSize, L.LEYENDA_CFDI)


def timbre_block(c: Comprobante, st: Styles) -> list[Flowable]:
    return [Spacer(1, 5 * mm), _TimbreBlock(c, st)]
