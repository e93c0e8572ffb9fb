"""Rules of the Comprobante's Impuestos: totals and grouped taxes vs the concepts (7.4).

Traslados are grouped by (Impuesto, TipoFactor, TasaOCuota), retenciones by Impuesto. A
grouped amount is accepted when it equals the sum of the concept amounts rounded at the end
or the sum of the concept amounts each rounded to the currency's decimals.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from facturador.sat.comprobante import Impuestos, Retencion, Traslado
from facturador.sat.money import quantize
from facturador.sat.validation.paths import IMPUESTOS, attr
from facturador.sat.validation.rules._context import Context

__all__ = ["check"]

_ZERO = Decimal(0)
_TRASLADOS = f"{IMPUESTOS}/cfdi:Traslados"
_RETENCIONES = f"{IMPUESTOS}/cfdi:Retenciones"
_Key = tuple[str, str, Decimal | None]


def _sums(values: list[Decimal], decimals: int) -> set[Decimal]:
    return {
        quantize(sum(values, _ZERO), decimals),
        sum((quantize(v, decimals) for v in values), _ZERO),
    }


def _clave(key: _Key) -> str:
    impuesto, factor, tasa = key
    return f"{impuesto} {factor} {tasa}" if tasa is not None else f"{impuesto} {factor}"


def check(ctx: Context) -> None:
    c = ctx.comprobante
    if c.impuestos is not None and ctx.tipo in ("T", "P"):
        ctx.add("CFDI40201", IMPUESTOS, tipo=ctx.tipo)
        return
    if ctx.decimals is None:
        return
    impuestos = c.impuestos or Impuestos()
    _retenciones(ctx, impuestos, ctx.decimals)
    _traslados(ctx, impuestos, ctx.decimals)


def _money(ctx: Context, key: str, ruta: str, valor: Decimal | None) -> None:
    if ctx.too_many_decimals(valor):
        ctx.add(key, ruta, valor=valor, moneda=ctx.comprobante.moneda, decimales=ctx.decimals)


def _retenciones(ctx: Context, impuestos: Impuestos, decimals: int) -> None:
    expected: dict[str, list[Decimal]] = defaultdict(list)
    for x in ctx.comprobante.conceptos:
        for r in x.impuestos.retenciones if x.impuestos else ():
            expected[r.impuesto].append(r.importe)
    total = impuestos.total_impuestos_retenidos
    _money(ctx, "CFDI40202", attr(IMPUESTOS, "TotalImpuestosRetenidos"), total)
    if impuestos.retenciones and total is None:
        ctx.add("CFDI40206", attr(IMPUESTOS, "TotalImpuestosRetenidos"))
    suma = sum((r.importe for r in impuestos.retenciones), _ZERO)
    if total is not None and total != suma:
        ctx.add("CFDI40203", attr(IMPUESTOS, "TotalImpuestosRetenidos"), valor=total,
                esperado=suma)  # fmt: skip
    seen: set[str] = set()
    for j, r in enumerate(impuestos.retenciones):
        _retencion(ctx, r, f"{_RETENCIONES}/cfdi:Retencion[{j + 1}]", seen, expected, decimals)
    for impuesto, values in expected.items():
        if impuesto not in seen:
            ctx.add("CFDI40211.falta", _RETENCIONES, impuesto=impuesto,
                    esperado=quantize(sum(values, _ZERO), decimals))  # fmt: skip


def _retencion(
    ctx: Context, r: Retencion, path: str, seen: set[str],
    expected: dict[str, list[Decimal]], decimals: int,
) -> None:  # fmt: skip
    if not ctx.known("c_Impuesto", r.impuesto):
        ctx.add("CFDI40207", attr(path, "Impuesto"), valor=r.impuesto)
    if r.impuesto in seen:
        ctx.add("CFDI40208", attr(path, "Impuesto"), valor=r.impuesto)
    seen.add(r.impuesto)
    _money(ctx, "CFDI40210", attr(path, "Importe"), r.importe)
    sums = _sums(expected.get(r.impuesto, []), decimals)
    if r.importe not in sums:
        ctx.add("CFDI40211", attr(path, "Importe"), valor=r.importe, impuesto=r.impuesto,
                esperado=min(sums))  # fmt: skip


def _traslados(ctx: Context, impuestos: Impuestos, decimals: int) -> None:
    bases: dict[_Key, list[Decimal]] = defaultdict(list)
    importes: dict[_Key, list[Decimal]] = defaultdict(list)
    for x in ctx.comprobante.conceptos:
        for t in x.impuestos.traslados if x.impuestos else ():
            key = (t.impuesto, t.tipo_factor, t.tasa_o_cuota)
            bases[key].append(t.base)
            if t.importe is not None:
                importes[key].append(t.importe)
    total = impuestos.total_impuestos_trasladados
    _money(ctx, "CFDI40204", attr(IMPUESTOS, "TotalImpuestosTrasladados"), total)
    with_importe = [t.importe for t in impuestos.traslados if t.importe is not None]
    if with_importe and total is None:
        ctx.add("CFDI40212", attr(IMPUESTOS, "TotalImpuestosTrasladados"))
    suma = sum(with_importe, _ZERO)
    if total is not None and total != suma:
        ctx.add("CFDI40205", attr(IMPUESTOS, "TotalImpuestosTrasladados"), valor=total,
                esperado=suma)  # fmt: skip
    seen: set[_Key] = set()
    for j, t in enumerate(impuestos.traslados):
        path = f"{_TRASLADOS}/cfdi:Traslado[{j + 1}]"
        key = (t.impuesto, t.tipo_factor, t.tasa_o_cuota)
        _traslado(ctx, t, path, key in seen)
        seen.add(key)
        _traslado_sumas(ctx, t, path, bases.get(key, []), importes.get(key, []), decimals)
    for key, values in bases.items():
        if key not in seen:
            ctx.add("CFDI40221.falta", _TRASLADOS, clave=_clave(key),
                    esperado=quantize(sum(values, _ZERO), decimals))  # fmt: skip


def _traslado(ctx: Context, t: Traslado, path: str, repeated: bool) -> None:
    key = (t.impuesto, t.tipo_factor, t.tasa_o_cuota)
    if not ctx.known("c_Impuesto", t.impuesto):
        ctx.add("CFDI40217", attr(path, "Impuesto"), valor=t.impuesto)
    if repeated:
        ctx.add("CFDI40218", path, clave=_clave(key))
    if t.tasa_o_cuota is not None and not ctx.catalogs.tasa_o_cuota_permitida(
        t.impuesto, t.tipo_factor, t.tasa_o_cuota, traslado=True, on=ctx.on
    ):
        ctx.add("CFDI40219", attr(path, "TasaOCuota"), valor=t.tasa_o_cuota,
                impuesto=t.impuesto, factor=t.tipo_factor)  # fmt: skip
    _money(ctx, "CFDI40214", attr(path, "Base"), t.base)
    _money(ctx, "CFDI40220", attr(path, "Importe"), t.importe)


def _traslado_sumas(
    ctx: Context, t: Traslado, path: str, bases: list[Decimal], importes: list[Decimal],
    decimals: int,
) -> None:  # fmt: skip
    clave = _clave((t.impuesto, t.tipo_factor, t.tasa_o_cuota))
    expected_bases = _sums(bases, decimals)
    if t.base not in expected_bases:
        ctx.add("CFDI40215", attr(path, "Base"), valor=t.base, clave=clave,
                esperado=min(expected_bases))  # fmt: skip
    if t.importe is None:
        return
    expected = _sums(importes, decimals)
    if t.importe not in expected:
        ctx.add("CFDI40221", attr(path, "Importe"), valor=t.importe, clave=clave,
                esperado=min(expected))  # fmt: skip
