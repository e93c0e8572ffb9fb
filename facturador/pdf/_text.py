"""A lean wrapped-text flowable: a few runs of (text, bold, colour), greedy word wrap.

reportlab's Paragraph parses markup and re-measures every word on every wrap; an invoice has
a few dozen short texts, and Paragraph was most of the time of a page. `Text` measures each
word once (cached across documents), wraps once per width, and draws with one text object.
"\n" in a run forces a line break; words wider than the line are cut at any character.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from facturador.pdf._wrapped import split_lines

__all__ = ["Run", "Text", "TextStack"]

Run = tuple[str, bool, Color | None]  # text, bold, colour (None: the style's)
_Fragment = tuple[str, str, Color]  # text, font, colour
_MAX_CACHED_WORDS = 50_000


@functools.cache
def _word_widths(font: str, size: float) -> dict[str, float]:
    """Widths of the words seen so far in one font and size (they repeat across documents)."""
    return {" ": float(stringWidth(" ", font, size))}


class Text(Flowable):  # type: ignore[misc]
    def __init__(self, runs: Sequence[Run], style: ParagraphStyle, bold_font: str) -> None:
        super().__init__()
        self._style = style
        self._runs = [
            (text, bold_font if bold else style.fontName, color or style.textColor)
            for text, bold, color in runs
            if text
        ]
        self._lines: list[tuple[float, list[_Fragment]]] = []
        self._for_width = -1.0

    def _words(self) -> list[tuple[str, str, Color] | None]:
        """Words with their font and colour; None marks a forced line break."""
        words: list[tuple[str, str, Color] | None] = []
        for text, font, color in self._runs:
            for n, piece in enumerate(text.split("\n")):
                if n:
                    words.append(None)
                words.extend((word, font, color) for word in piece.split(" ") if word)
        return words

    def _break(self, width: float) -> list[tuple[float, list[_Fragment]]]:
        size = self._style.fontSize
        lines: list[tuple[float, list[_Fragment]]] = []
        line: list[tuple[list[str], str, Color]] = []  # words of each font/colour run
        used = 0.0

        def flush() -> None:
            nonlocal line, used
            fragments = [(" ".join(words), font, color) for words, font, color in line]
            fragments[1:] = [(" " + piece, font, color) for piece, font, color in fragments[1:]]
            lines.append((used, fragments))
            line, used = [], 0.0

        for item in self._words():
            if item is None:
                flush()
                continue
            word, font, color = item
            widths = _word_widths(font, size)
            w = widths.get(word)
            if w is None:
                if len(widths) > _MAX_CACHED_WORDS:  # a long-running app: keep it bounded
                    widths.clear()
                    widths[" "] = float(stringWidth(" ", font, size))
                w = widths[word] = float(stringWidth(word, font, size))
            space = widths[" "] if line else 0.0
            if line and used + space + w > width:
                flush()
                space = 0.0
            if w > width:  # a word longer than a line: cut it
                *full, word = split_lines(word, font, size, width)
                lines += [
                    (stringWidth(piece, font, size), [(piece, font, color)]) for piece in full
                ]
                w = stringWidth(word, font, size)
            if line and line[-1][1] == font and line[-1][2] is color:
                line[-1][0].append(word)
            else:
                line.append(([word], font, color))
            used += space + w
        if line or not lines:
            flush()
        return lines

    def _one_line(self, width: float) -> list[tuple[float, list[_Fragment]]] | None:
        """The common case, measured in one call per run: everything fits on one line."""
        size = self._style.fontSize
        used = 0.0
        fragments: list[_Fragment] = []
        for text, font, color in self._runs:
            if "\n" in text or "  " in text:
                return None
            used += stringWidth(text, font, size)
            fragments.append((text, font, color))
        if used > width:
            return None
        return [(used, fragments)]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width != self._for_width:
            self._lines = self._one_line(avail_width) or self._break(avail_width)
            self._for_width = avail_width
        self.width = avail_width
        self.height = len(self._lines) * self._style.leading
        return self.width, self.height

    def emit(self, text: PDFTextObject, top: float) -> None:
        """Write the wrapped lines into `text`, the first line's box starting at `top`."""
        style = self._style
        size = style.fontSize
        font, color = None, None
        y = top - size
        for used, fragments in self._lines:
            if style.alignment == TA_RIGHT:
                x = self.width - used
            elif style.alignment == TA_CENTER:
                x = (self.width - used) / 2
            else:
                x = 0.0
            text.setTextOrigin(x, y)
            for piece, piece_font, piece_color in fragments:
                if piece_font is not font:
                    text.setFont(piece_font, size)
                    font = piece_font
                if piece_color is not color:
                    text.setFillColor(piece_color)
                    color = piece_color
                text.textOut(piece)
            y -= style.leading

    def draw(self) -> None:
        text = self.canv.beginText()
        self.emit(text, self.height)
        self.canv.drawText(text)


class TextStack(Flowable):  # type: ignore[misc]
    """Several Texts one under the other, measured and drawn as one flowable (a table cell
    with one flowable costs much less than a cell with a list)."""

    def __init__(self, parts: Sequence[Text]) -> None:
        super().__init__()
        self._parts = list(parts)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = sum(part.wrap(avail_width, avail_height)[1] for part in self._parts)
        return self.width, self.height

    def draw(self) -> None:
        text = self.canv.beginText()
        top = self.height
        for part in self._parts:
            part.emit(text, top)
            top -= part.height
        self.canv.drawText(text)
