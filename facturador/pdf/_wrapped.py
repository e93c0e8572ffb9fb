"""Long unbroken strings (sellos, cadena original) drawn as lines cut exactly at the width.

A Paragraph splits such a "word" by measuring it again and again; here each character's width
is looked up once per font and size, and the lines are drawn as plain text.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from itertools import accumulate

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

__all__ = ["WrappedText", "split_lines"]


@functools.cache
def _widths(font: str, size: float) -> dict[str, float]:
    """Character widths of one font and size, filled as characters appear."""
    return {}


def split_lines(value: str, font: str, size: float, width: float) -> list[str]:
    """`value` cut into lines no wider than `width` (at least one character per line)."""
    table = _widths(font, size)
    for char in set(value).difference(table):
        table[char] = float(stringWidth(char, font, size))
    ends = list(accumulate(table[char] for char in value))
    lines: list[str] = []
    start, offset = 0, 0.0
    while start < len(value):
        stop = max(bisect_right(ends, offset + width, lo=start), start + 1)
        lines.append(value[start:stop])
        offset = ends[stop - 1]
        start = stop
    return lines or [""]


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
