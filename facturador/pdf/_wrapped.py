"""Long unbroken strings (sellos, cadena original) drawn as lines cut exactly at the width.

A Paragraph splits such a "word" by measuring it again and again; here each character's width
is looked up once per font and size, and the lines are drawn as plain text.
"""

from __future__ import annotations

import functools

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

__all__ = ["WrappedText", "split_lines"]


@functools.lru_cache(maxsize=8192)
def _char_width(char: str, font: str, size: float) -> float:
    return float(stringWidth(char, font, size))


def split_lines(value: str, font: str, size: float, width: float) -> list[str]:
    """`value` cut into lines no wider than `width` (at least one character per line)."""
    lines: list[str] = []
    start = 0
    used = 0.0
    for index, char in enumerate(value):
        w = _char_width(char, font, size)
        if used + w > width and index > start:
            lines.append(value[start:index])
            start = index
            used = 0.0
        used += w
    if start < len(value) or not lines:
        lines.append(value[start:])
    return lines


class WrappedText(Flowable):  # type: ignore[misc]
    """Text wrapped at any character, for base64 sellos and the cadena original."""

    def __init__(self, value: str, font: str, size: float, leading: float) -> None:
        super().__init__()
        self._value = value
        self._font = font
        self._size = size
        self._leading = leading
        self._lines: list[str] = []
        self._for_width = -1.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width != self._for_width:
            self._lines = split_lines(self._value, self._font, self._size, avail_width)
            self._for_width = avail_width
        self.width = avail_width
        self.height = len(self._lines) * self._leading
        return self.width, self.height

    def draw(self) -> None:
        text = self.canv.beginText(0, self.height - self._size)
        text.setFont(self._font, self._size, self._leading)
        text.textLines(self._lines)
        self.canv.drawText(text)
