"""A bar chart drawn with QPainter: the twelve months of Inicio.

Drawn here rather than with QtCharts or pyqtgraph: QtCharts needs PySide6-Addons (its
library and binding add about 4–6 MB to the bundle, which has ~4 MB left of its 150 MB
budget) and pyqtgraph needs NumPy (45 MB plus 28 MB of OpenBLAS unpacked). Twelve bars, a
baseline and labels are a hundred lines.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from facturador.ui import messages_reports as R
from facturador.ui.theme import ACCENT

__all__ = ["BarChart", "short_amount"]

_MUTED = QColor("#5A6675")
_LIGHT = QColor("#9DB4CF")
_NEGATIVE = QColor("#C0392B")
_GRID = QColor("#E1E6EC")


def short_amount(value: Decimal) -> str:
    """$13.7 mil, $1.2 M, $950: what fits above a bar."""
    sign = "-" if value < 0 else ""
    n = abs(float(value))
    if n >= 1_000_000:
        return f"{sign}${n / 1_000_000:,.1f} {R.MILLIONS}"
    if n >= 1_000:
        return f"{sign}${n / 1_000:,.1f} {R.THOUSANDS}"
    return f"{sign}${n:,.0f}"


class BarChart(QWidget):
    """Bars of (label, amount); the last one (this month) in the accent colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, Decimal]] = []
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(600, 170)

    def set_bars(self, bars: list[tuple[str, Decimal]]) -> None:
        self.bars = bars
        self.setToolTip("\n".join(f"{label}: ${value:,.2f}" for label, value in bars))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.bars:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        line = metrics.height()
        top, bottom = line + 6, self.height() - line - 8
        high = max((v for _, v in self.bars), default=Decimal(0))
        low = min((v for _, v in self.bars), default=Decimal(0))
        high, low = max(high, Decimal(0)), min(low, Decimal(0))
        span = float(high - low) or 1.0
        base = top + (bottom - top) * float(high) / span
        slot = self.width() / len(self.bars)
        width = min(slot * 0.62, 46)
        painter.setPen(QPen(_GRID, 1))
        painter.drawLine(0, round(base), self.width(), round(base))
        for i, (label, value) in enumerate(self.bars):
            x = slot * i + (slot - width) / 2
            height = (bottom - top) * float(value) / span
            last = i == len(self.bars) - 1
            colour = _NEGATIVE if value < 0 else QColor(ACCENT) if last else _LIGHT
            rect = QRectF(x, base - max(height, 0), width, abs(height))
            painter.fillRect(rect, colour)
            painter.setPen(_MUTED if not last else QColor(ACCENT))
            if value:
                y = rect.top() - 4 if value > 0 else rect.bottom() + line
                text_rect = QRectF(slot * i, y - line, slot, line)
                painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, short_amount(value))
            label_rect = QRectF(slot * i, bottom + 4, slot, line)
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignCenter, label)
        painter.end()
