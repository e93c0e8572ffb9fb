"""What the XML of a CFDI cannot carry, refused in the JSON input before anything is built.

XML 1.0 has no way to write most control characters (NUL, U+0001..U+0008, U+000B, U+000C,
U+000E..U+001F), U+FFFE, U+FFFF or an unpaired surrogate: a document holding one would be
sealed into a file that is not even well-formed XML. `check_input` walks the input once and
names the first field that holds one, or a text far longer than any attribute of a CFDI, and
refuses input nested deeper than any CFDI is. The exact limits are SAT's XSD, checked later.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from facturador.sat import messages
from facturador.sat.errors import ComprobanteInputError

__all__ = ["MAX_DEPTH", "check_input"]

MAX_DEPTH = 12  # Comprobante > Conceptos > [i] > Impuestos > Traslados > [j] is 6 deep
MAX_TEXT = 10_000  # no CFDI attribute allows more (Descripcion: 1,000; Certificado: ~2,500)
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _child_path(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _check_text(path: str, text: str) -> None:
    if len(text) > MAX_TEXT:
        raise ComprobanteInputError(path or "Comprobante", messages.TEXT_TOO_LONG.format(len(text)))
    found = _NOT_IN_XML.search(text)
    if found is not None:
        code = f"U+{ord(found.group()):04X}"
        raise ComprobanteInputError(path or "Comprobante", messages.CONTROL_CHARACTER.format(code))


def check_input(data: object, path: str = "", depth: int = 0) -> None:
    """Raise ComprobanteInputError for the first text XML cannot carry, or too deep nesting."""
    if depth > MAX_DEPTH:
        raise ComprobanteInputError(path or "Comprobante", messages.TOO_DEEP)
    if type(data) is str:
        _check_text(path, data)
    elif isinstance(data, Mapping):
        for key, value in data.items():
            if isinstance(key, str):
                _check_text(_child_path(path, key), key)
            check_input(value, _child_path(path, key), depth + 1)
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            check_input(value, _child_path(path, index), depth + 1)
