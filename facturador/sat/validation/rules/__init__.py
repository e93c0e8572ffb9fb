"""The offline SAT rules of the CFDI 4.0 matrix, one small module per area."""

from __future__ import annotations

from facturador.sat.catalogs import Catalogs
from facturador.sat.comprobante import Comprobante
from facturador.sat.validation.report import Finding
from facturador.sat.validation.rules import (
    carta_porte,
    comercio_exterior,
    comprobante,
    conceptos,
    emisor_receptor,
    impuestos,
    pagos,
    relacionados,
)
from facturador.sat.validation.rules._context import Context

__all__ = ["run_rules"]

_AREAS = (
    comprobante,
    relacionados,
    emisor_receptor,
    conceptos,
    impuestos,
    pagos,
    comercio_exterior,
    carta_porte,
)


def run_rules(document: Comprobante, catalogs: Catalogs) -> list[Finding]:
    """Every finding of every rule, in document order by area."""
    ctx = Context(document, catalogs)
    for area in _AREAS:
        area.check(ctx)
    return ctx.findings
