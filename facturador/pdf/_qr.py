"""The QR code as vector drawing: the module matrix as one filled path of horizontal runs.

The matrix comes from zxing-cpp (C++, about 0.1 ms) when it is installed, else from segno
(pure Python, about 4 ms: a fifth of the whole page's budget). Both use error correction
level M; the tests decode the printed QR of both.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

__all__ = ["QrFlowable", "qr_matrix", "qr_matrix_segno"]

_DARK_ZERO = bytes.maketrans(bytes(range(256)), b"\x01" + b"\x00" * 255)


def qr_matrix_segno(data: str) -> Sequence[Sequence[int]]:
    import segno

    # Any mask gives a valid symbol; a fixed one skips segno's costly search for the "best" one.
    return segno.make(data, error="m", micro=False, mask=2).matrix  # type: ignore[no-any-return]


def qr_matrix(data: str) -> Sequence[Sequence[int]]:
    """Rows of modules, truthy when dark, without quiet zone."""
    try:
        import zxingcpp
    except ImportError:
        return qr_matrix_segno(data)
    barcode = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))
    height, width = image.shape
    pixels = image.tobytes().translate(_DARK_ZERO)  # black (0) is a dark module
    return [pixels[row * width : (row + 1) * width] for row in range(height)]


class QrFlowable(Flowable):  # type: ignore[misc]
    """A square QR of side `size` points (quiet zone of `border` modules included)."""

    def __init__(self, data: str, size: float, border: int = 2) -> None:
        super().__init__()
        self._matrix = qr_matrix(data)
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
