"""XPaths of the nodes a finding points at (always with indices on repeatable nodes)."""

from __future__ import annotations

__all__ = [
    "COMPROBANTE",
    "EMISOR",
    "IMPUESTOS",
    "INFORMACION_GLOBAL",
    "RECEPTOR",
    "attr",
    "concepto",
    "normalized",
]

COMPROBANTE = "/cfdi:Comprobante"
EMISOR = f"{COMPROBANTE}/cfdi:Emisor"
RECEPTOR = f"{COMPROBANTE}/cfdi:Receptor"
INFORMACION_GLOBAL = f"{COMPROBANTE}/cfdi:InformacionGlobal"
IMPUESTOS = f"{COMPROBANTE}/cfdi:Impuestos"


def attr(node: str, name: str) -> str:
    return f"{node}/@{name}"


def concepto(index: int) -> str:
    """Path of the concept at 0-based `index` (XPath counts from 1)."""
    return f"{COMPROBANTE}/cfdi:Conceptos/cfdi:Concepto[{index + 1}]"


def normalized(path: str) -> str:
    """The path without `[1]` steps, as lxml writes a node that has no same-named sibling."""
    return path.replace("[1]", "")
