"""The QR code as vector drawing: segno's matrix, one filled path of horizontal runs."""

from __future__ import annotations

from reportlab.platypus import Flowable

__all__ = ["QrFlowable"]

# Any mask gives a valid symbol; a fixed one skips segno's costly search for the "best" one
# (a readability nicety that takes longer than the rest of the page).
_MASK = 2


class QrFlowable(Flowable):  # type: ignore[misc]
    """A square QR of side `size` points (quiet zone of `border` modules included)."""

    def __init__(self, data: str, size: float, border: int = 2) -> None:
        import segno

        super().__init__()
        self._matrix = segno.make(data, error="m", micro=False, mask=_MASK).matrix
        self._border = border
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        """One path in module units, scaled by a transform: integer operands, cheap to write."""
        matrix = self._matrix
        border = self._border
        modules = len(matrix) + 2 * border
        operators = []
        for row_index, row in enumerate(matrix):
            y = modules - border - row_index - 1
            column = 0
            count = len(row)
            while column < count:
                if row[column]:
                    start = column
                    while column < count and row[column]:
                        column += 1
                    operators.append(f"{border + start} {y} {column - start} 1 re")
                else:
                    column += 1
        unit = self.width / modules
        canvas = self.canv
        canvas.saveState()
        canvas.scale(unit, unit)
        canvas.setFillColorRGB(0, 0, 0)
        canvas._code.append("\n".join(operators) + "\nf")  # raw path operators
        canvas.restoreState()
