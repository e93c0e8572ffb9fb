"""The QR code as vector drawing: the module matrix as one filled path of horizontal runs.

The matrix comes from zxing-cpp (C++, about 0.1 ms) when it is installed, else from segno
(pure Python, about 4 ms: a fifth of the whole page's budget). Both use error correction
level M; the tests decode the printed QR of both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas

__all__ = ["draw_qr", "qr_matrix", "qr_matrix_segno"]

_DARK_RUN = re.compile(rb"[\x01]+")
_DARK_ZERO = bytes.maketrans(bytes(range(256)), b"\x01" + b"\x00" * 255)


def qr_matrix_segno(data: str) -> Sequence[Sequence[int]]:
    import segno

    # Any mask gives a valid symbol; a fixed one skips segno's costly search for the "best" one.
    matrix: Sequence[Sequence[int]] = segno.make(data, error="m", micro=False, mask=2).matrix
    return matrix


def qr_matrix(data: str) -> Sequence[Sequence[int]]:
    """Rows of modules, truthy when dark, without quiet zone."""
    try:
        import zxingcpp
    except ImportError:
        return qr_matrix_segno(data)
    barcode = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    height, width = image.shape or (0, 0)
    pixels = image.tobytes().translate(_DARK_ZERO)  # black (0) is a dark module
    return [pixels[row * width : (row + 1) * width] for row in range(height)]


def draw_qr(
    canvas: Canvas,
    matrix: Sequence[Sequence[int]],
    x: float,
    y: float,
    size: float,
    border: int = 2,
) -> None:
    """A square QR of side `size` at (x, y), quiet zone of `border` modules included: one path
    in module units scaled by a transform, so the operands are small integers."""
    modules = len(matrix) + 2 * border
    operators = [
        f"{border + run.start()} {modules - border - row_index - 1} {len(run.group())} 1 re"
        for row_index, row in enumerate(matrix)
        for run in _DARK_RUN.finditer(bytes(row))
    ]
    unit = size / modules
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(unit, unit)
    canvas.setFillColorRGB(0, 0, 0)
    canvas._code.append("\n".join(operators) + "\nf")  # raw path operators
    canvas.restoreState()
