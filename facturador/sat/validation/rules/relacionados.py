"""Rules of CfdiRelacionados and InformacionGlobal (7.1, CFDI40130–CFDI40137)."""

from __future__ import annotations

from facturador.sat.rfc import PUBLICO_EN_GENERAL, is_publico_en_general
from facturador.sat.validation.paths import COMPROBANTE, INFORMACION_GLOBAL, RECEPTOR, attr
from facturador.sat.validation.rules._context import Context

__all__ = ["PUBLICO_EN_GENERAL", "check"]

_BIMESTRAL = "05"
_MESES = frozenset(f"{m:02d}" for m in range(1, 13))
_BIMESTRES = frozenset(str(m) for m in range(13, 19))


def check(ctx: Context) -> None:
    for i, group in enumerate(ctx.comprobante.cfdi_relacionados):
        if not ctx.known("c_TipoRelacion", group.tipo_relacion):
            ruta = attr(f"{COMPROBANTE}/cfdi:CfdiRelacionados[{i + 1}]", "TipoRelacion")
            ctx.add("CFDI40137", ruta, valor=group.tipo_relacion)
    _informacion_global(ctx)


def _informacion_global(ctx: Context) -> None:
    c = ctx.comprobante
    g = c.informacion_global
    publico = is_publico_en_general(c.receptor.rfc, c.receptor.nombre)
    if g is None:
        # SAT's CFDI40130 both ways: an Ingreso to XAXX010101000 named PUBLICO EN GENERAL
        # is a CFDI global and must say the period it covers.
        if publico and ctx.tipo == "I":
            ctx.add("CFDI40130.requerido", INFORMACION_GLOBAL)
        return
    if not publico:
        ctx.add("CFDI40130", RECEPTOR)
    if not ctx.known("c_Periodicidad", g.periodicidad):
        ctx.add("CFDI40131", attr(INFORMACION_GLOBAL, "Periodicidad"), valor=g.periodicidad)
    elif g.periodicidad == _BIMESTRAL and c.emisor.regimen_fiscal != "621":
        ctx.add("CFDI40132", attr(INFORMACION_GLOBAL, "Periodicidad"))
    meses = attr(INFORMACION_GLOBAL, "Meses")
    if not ctx.known("c_Meses", g.meses):
        ctx.add("CFDI40133", meses, valor=g.meses)
    elif g.periodicidad == _BIMESTRAL and g.meses not in _BIMESTRES:
        ctx.add("CFDI40135", meses)
    elif g.periodicidad != _BIMESTRAL and g.meses not in _MESES:
        ctx.add("CFDI40134", meses, periodicidad=g.periodicidad)
    year = c.fecha.year
    if g.anio not in (str(year), str(year - 1)):
        ctx.add("CFDI40136", attr(INFORMACION_GLOBAL, "Año"), valor=g.anio)
