"""Rules of the payment receipt (tipo P) and its Pagos 2.0 complement (7.5, CRP20101–CRP20274).

The envelope rules are a table: each row is one fixed value of the Comprobante or its single
Concepto. The complement rules read `pago20:Pagos` into `facturador.sat.pagos` types. Sums of
converted amounts (ImpuestosP against ImpuestosDR ÷ EquivalenciaDR) are accepted within one
unit of MonedaP's last decimal; Totales must be the rounded MXN sum exactly (rounded at the
end, or per Pago).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from facturador.sat.comprobante import Comprobante, Concepto
from facturador.sat.errors import AmountInputError, ComprobanteInputError
from facturador.sat.money import quantize, step
from facturador.sat.pagos import (
    CLAVE_PROD_SERV_PAGO,
    EXENTO,
    PAGOS_TAG,
    DoctoRelacionado,
    Pago,
    Pagos,
    RetencionDR,
    TrasladoDR,
    find_pagos,
    totales_fields,
)
from facturador.sat.validation.paths import COMPROBANTE, attr, concepto
from facturador.sat.validation.rules._context import Context, decimals_of, product_limits

__all__ = ["check"]

_ZERO = Decimal(0)
_ONE = Decimal(1)
PAGOS = f"{COMPROBANTE}/cfdi:Complemento/pago20:Pagos"
_TOTALES = f"{PAGOS}/pago20:Totales"
_RFC_EXTRANJERO = "XEXX010101000"

# (code, attribute, value of the document, is it wrong?) for the fixed envelope of a tipo P.
_Envelope = tuple[str, str, Callable[[Comprobante], object], Callable[[object], bool]]
_absent: Callable[[object], bool] = lambda v: v is not None  # noqa: E731
_ROOT_RULES: tuple[_Envelope, ...] = (
    ("CRP20102", "Exportacion", lambda c: c.exportacion, lambda v: v != "01"),
    ("CRP20103", "SubTotal", lambda c: c.sub_total, lambda v: v != 0),
    ("CRP20104", "Moneda", lambda c: c.moneda, lambda v: v != "XXX"),
    ("CRP20105", "FormaPago", lambda c: c.forma_pago, _absent),
    ("CRP20106", "MetodoPago", lambda c: c.metodo_pago, _absent),
    ("CRP20107", "CondicionesDePago", lambda c: c.condiciones_de_pago, _absent),
    ("CRP20108", "Descuento", lambda c: c.descuento, _absent),
    ("CRP20109", "TipoCambio", lambda c: c.tipo_cambio, _absent),
    ("CRP20110", "Total", lambda c: c.total, lambda v: v != 0),
)
_ConceptRule = tuple[str, str, Callable[[Concepto], object], Callable[[object], bool]]
_CONCEPT_RULES: tuple[_ConceptRule, ...] = (
    ("CRP20113", "ClaveProdServ", lambda x: x.clave_prod_serv, lambda v: v != CLAVE_PROD_SERV_PAGO),
    ("CRP20114", "NoIdentificacion", lambda x: x.no_identificacion, _absent),
    ("CRP20115", "Cantidad", lambda x: x.cantidad, lambda v: v != 1),
    ("CRP20116", "ClaveUnidad", lambda x: x.clave_unidad, lambda v: v != "ACT"),
    ("CRP20117", "Unidad", lambda x: x.unidad, _absent),
    ("CRP20118", "Descripcion", lambda x: x.descripcion, lambda v: v != "Pago"),
    ("CRP20119", "ValorUnitario", lambda x: x.valor_unitario, lambda v: v != 0),
    ("CRP20120", "Importe", lambda x: x.importe, lambda v: v != 0),
    ("CRP20121", "Descuento", lambda x: x.descuento, _absent),
    ("CRP20122", "ObjetoImp", lambda x: x.objeto_imp, lambda v: v != "01"),
)  # fmt: skip


def check(ctx: Context) -> None:
    c = ctx.comprobante
    has_pagos = any(raw.tag == PAGOS_TAG for raw in c.complementos)
    if has_pagos and ctx.tipo != "P":
        ctx.add("CRP20101", attr(COMPROBANTE, "TipoDeComprobante"), valor=ctx.tipo)
    if ctx.tipo != "P":
        return
    _envelope(ctx)
    if not has_pagos:
        ctx.add("PAGOS01", f"{COMPROBANTE}/cfdi:Complemento")
        return
    try:
        pagos = find_pagos(c)
    except AmountInputError as error:  # an amount no CFDI can have: said as for the Comprobante
        ctx.add("XML04", f"{COMPROBANTE}/cfdi:Complemento{error.path}", detalle=error.detail)
        return
    except ComprobanteInputError:
        return  # unreadable amounts: the XSD stage reports them
    assert pagos is not None
    _totales(ctx, pagos)
    for i, pago in enumerate(pagos.pagos):
        path = f"{PAGOS}/pago20:Pago[{i + 1}]"
        for rule in (_pago_moneda, _pago_monto, _pago_bancos, _impuestos_p):
            rule(ctx, pago, path)
        for j, docto in enumerate(pago.doctos):
            dpath = f"{path}/pago20:DoctoRelacionado[{j + 1}]"
            _docto_moneda(ctx, pago, docto, dpath)
            _docto_saldos(ctx, docto, dpath)
            _docto_impuestos(ctx, docto, dpath)


# ---------------------------------------------------------------- envelope


def _envelope(ctx: Context) -> None:
    c = ctx.comprobante
    for code, name, get, wrong in _ROOT_RULES:
        if wrong(get(c)):
            ctx.add(code, attr(COMPROBANTE, name))
    if c.impuestos is not None:
        ctx.add("CRP20123", f"{COMPROBANTE}/cfdi:Impuestos")
    if len(c.conceptos) != 1:
        ctx.add("CRP20111", f"{COMPROBANTE}/cfdi:Conceptos", cantidad=len(c.conceptos))
    for i, x in enumerate(c.conceptos):
        path = concepto(i)
        for code, name, get_x, wrong in _CONCEPT_RULES:
            if wrong(get_x(x)):
                ctx.add(code, attr(path, name))
        children = (x.impuestos, x.informacion_aduanera, x.cuenta_predial,
                    x.complemento_concepto, x.partes)  # fmt: skip
        if any(children):
            ctx.add("CRP20112", path)


# ---------------------------------------------------------------- Totales


_TOTAL_CODES = (
    ("CRP20201", "TotalRetencionesIVA", "total_retenciones_iva"),
    ("CRP20202", "TotalRetencionesISR", "total_retenciones_isr"),
    ("CRP20203", "TotalRetencionesIEPS", "total_retenciones_ieps"),
    ("CRP20204", "TotalTrasladosBaseIVA16", "total_traslados_base_iva16"),
    ("CRP20205", "TotalTrasladosImpuestoIVA16", "total_traslados_impuesto_iva16"),
    ("CRP20206", "TotalTrasladosBaseIVA8", "total_traslados_base_iva8"),
    ("CRP20207", "TotalTrasladosImpuestoIVA8", "total_traslados_impuesto_iva8"),
    ("CRP20208", "TotalTrasladosBaseIVA0", "total_traslados_base_iva0"),
    ("CRP20209", "TotalTrasladosImpuestoIVA0", "total_traslados_impuesto_iva0"),
    ("CRP20210", "TotalTrasladosBaseIVAExento", "total_traslados_base_iva_exento"),
    ("CRP20211", "MontoTotalPagos", "monto_total_pagos"),
)
_RETENCIONES_TOTALES = ("total_retenciones_iva", "total_retenciones_isr", "total_retenciones_ieps")
_BASES_TOTALES = ("total_traslados_base_iva16", "total_traslados_base_iva8",
                  "total_traslados_base_iva0", "total_traslados_base_iva_exento")  # fmt: skip
_IMPUESTOS_TOTALES = ("total_traslados_impuesto_iva16", "total_traslados_impuesto_iva8",
                      "total_traslados_impuesto_iva0")  # fmt: skip


def _totales(ctx: Context, pagos: Pagos) -> None:
    t = pagos.totales
    exact = totales_fields(pagos.pagos)
    per_pago: dict[str, Decimal] = {}
    for pago in pagos.pagos:
        for key, value in totales_fields((pago,)).items():
            per_pago[key] = per_pago.get(key, _ZERO) + quantize(value, 2)
    for code, name, field in _TOTAL_CODES:
        stated = getattr(t, field)
        if field not in exact:
            if stated is not None and stated != 0:
                ctx.add(code, attr(_TOTALES, name), valor=stated, esperado=0)
            continue
        expected = {quantize(exact[field], 2), per_pago[field]}
        if stated is None:
            if min(expected) != 0 and not _group_missing(field, t):
                ctx.add(code, attr(_TOTALES, name), valor="(ausente)", esperado=min(expected))
        elif stated not in expected:
            ctx.add(code, attr(_TOTALES, name), valor=stated, esperado=quantize(exact[field], 2))
    _totales_presentes(ctx, pagos)


def _group_missing(field: str, t: object) -> bool:
    """True when a whole group of Totales is absent: CRP20264/20267/20273 report that.
    (MontoTotalPagos is required, so it is never absent here: the XSD reports that.)"""
    groups = (_RETENCIONES_TOTALES, _BASES_TOTALES, _IMPUESTOS_TOTALES, ("monto_total_pagos",))
    group = next(g for g in groups if field in g)
    return all(getattr(t, name) is None for name in group)


def _totales_presentes(ctx: Context, pagos: Pagos) -> None:
    t = pagos.totales
    retenciones = any(p.retenciones_p for p in pagos.pagos)
    traslados = [tp for p in pagos.pagos for tp in p.traslados_p if tp.impuesto_p == "002"]
    if retenciones and all(getattr(t, name) is None for name in _RETENCIONES_TOTALES):
        ctx.add("CRP20264", _TOTALES)
    if traslados and all(getattr(t, name) is None for name in _BASES_TOTALES):
        ctx.add("CRP20267", _TOTALES)
    charged = any(tp.tipo_factor_p != EXENTO for tp in traslados)
    if charged and all(getattr(t, name) is None for name in _IMPUESTOS_TOTALES):
        ctx.add("CRP20273", _TOTALES)


# ---------------------------------------------------------------- Pago


def _moneda_decimals(ctx: Context, moneda: str) -> int | None:
    return ctx.catalogs.moneda_decimales(moneda) if ctx.entry("c_Moneda", moneda) else None


def _pago_moneda(ctx: Context, pago: Pago, path: str) -> None:
    if pago.forma_de_pago_p == "99":
        ctx.add("CRP20212", attr(path, "FormaDePagoP"))
    if pago.moneda_p == "XXX":
        ctx.add("CRP20213", attr(path, "MonedaP"))
    elif pago.moneda_p != "MXN" and pago.tipo_cambio_p is None:
        ctx.add("CRP20214", attr(path, "TipoCambioP"), moneda=pago.moneda_p)
    elif pago.moneda_p == "MXN" and pago.tipo_cambio_p not in (None, _ONE):
        ctx.add("CRP20215", attr(path, "TipoCambioP"), valor=pago.tipo_cambio_p)


def _pago_monto(ctx: Context, pago: Pago, path: str) -> None:
    if pago.monto <= 0:
        ctx.add("CRP20218", attr(path, "Monto"), valor=pago.monto)
    decimals = _moneda_decimals(ctx, pago.moneda_p)
    if decimals is None:
        return
    if decimals_of(pago.monto) > decimals:
        ctx.add("CRP20219", attr(path, "Monto"), valor=pago.monto, moneda=pago.moneda_p,
                decimales=decimals)  # fmt: skip
    if any(d.equivalencia <= 0 for d in pago.doctos):
        return  # the XSD reports EquivalenciaDR out of range
    applied = quantize(sum((d.imp_pagado / d.equivalencia for d in pago.doctos), _ZERO), decimals)
    if applied > pago.monto:
        ctx.add("CRP20217", attr(path, "Monto"), valor=pago.monto, pagado=applied)


def _pago_bancos(ctx: Context, pago: Pago, path: str) -> None:
    if pago.rfc_emisor_cta_ord == _RFC_EXTRANJERO and pago.nom_banco_ord_ext is None:
        ctx.add("CRP20223", attr(path, "NomBancoOrdExt"))


def _impuestos_p(ctx: Context, pago: Pago, path: str) -> None:
    decimals = _moneda_decimals(ctx, pago.moneda_p)
    tolerance = step(decimals if decimals is not None else 2)
    ipath = f"{path}/pago20:ImpuestosP"
    retenido: dict[str, Decimal] = {}
    trasladado: dict[tuple[str, str, Decimal | None], list[Decimal]] = {}
    for d in pago.doctos:
        eq = d.equivalencia if d.equivalencia > 0 else _ONE
        for rdr in d.retenciones_dr:
            retenido[rdr.impuesto_dr] = retenido.get(rdr.impuesto_dr, _ZERO) + rdr.importe_dr / eq
        for t in d.traslados_dr:
            key = (t.impuesto_dr, t.tipo_factor_dr, t.tasa_o_cuota_dr)
            sums = trasladado.setdefault(key, [_ZERO, _ZERO])
            sums[0] += t.base_dr / eq
            sums[1] += (t.importe_dr or _ZERO) / eq
    seen = Counter(r.impuesto_p for r in pago.retenciones_p)
    for k, r in enumerate(pago.retenciones_p):
        rpath = f"{ipath}/pago20:RetencionesP/pago20:RetencionP[{k + 1}]"
        if not ctx.known("c_Impuesto", r.impuesto_p):
            ctx.add("CRP20262", attr(rpath, "ImpuestoP"), valor=r.impuesto_p)
        if seen[r.impuesto_p] > 1:
            ctx.add("CRP20263", rpath, valor=r.impuesto_p)
        expected = retenido.get(r.impuesto_p, _ZERO)
        if abs(r.importe_p - expected) > tolerance:
            ctx.add("CRP20265", attr(rpath, "ImporteP"), valor=r.importe_p,
                    esperado=quantize(expected, 6))  # fmt: skip
    for impuesto in retenido.keys() - seen.keys():
        ctx.add("CRP20265.falta", ipath, impuesto=impuesto)
    _traslados_p(ctx, pago, ipath, trasladado, tolerance)


def _traslados_p(
    ctx: Context,
    pago: Pago,
    ipath: str,
    trasladado: dict[tuple[str, str, Decimal | None], list[Decimal]],
    tolerance: Decimal,
) -> None:
    keys = Counter((t.impuesto_p, t.tipo_factor_p, t.tasa_o_cuota_p) for t in pago.traslados_p)
    for k, t in enumerate(pago.traslados_p):
        tpath = f"{ipath}/pago20:TrasladosP/pago20:TrasladoP[{k + 1}]"
        key = (t.impuesto_p, t.tipo_factor_p, t.tasa_o_cuota_p)
        clave = " ".join(str(v) for v in key if v is not None)
        if not ctx.known("c_Impuesto", t.impuesto_p):
            ctx.add("CRP20270", attr(tpath, "ImpuestoP"), valor=t.impuesto_p)
        if keys[key] > 1:
            ctx.add("CRP20271", tpath, clave=clave)
        if t.tipo_factor_p != EXENTO and (
            t.tasa_o_cuota_p is None
            or not ctx.catalogs.tasa_o_cuota_permitida(
                t.impuesto_p, t.tipo_factor_p, t.tasa_o_cuota_p, traslado=True, on=ctx.on
            )
        ):
            ctx.add("CRP20272", attr(tpath, "TasaOCuotaP"), valor=t.tasa_o_cuota_p,
                    impuesto=t.impuesto_p, factor=t.tipo_factor_p)  # fmt: skip
        base, importe = trasladado.get(key, [_ZERO, _ZERO])
        if abs(t.base_p - base) > tolerance:
            ctx.add("CRP20268", attr(tpath, "BaseP"), valor=t.base_p, clave=clave,
                    esperado=quantize(base, 6))  # fmt: skip
        if t.importe_p is not None and abs(t.importe_p - importe) > tolerance:
            ctx.add("CRP20274", attr(tpath, "ImporteP"), valor=t.importe_p, clave=clave,
                    esperado=quantize(importe, 6))  # fmt: skip
    for key in trasladado.keys() - keys.keys():
        clave = " ".join(str(v) for v in key if v is not None)
        ctx.add("CRP20268.falta", ipath, clave=clave)


# ---------------------------------------------------------------- DoctoRelacionado


def _docto_moneda(ctx: Context, pago: Pago, d: DoctoRelacionado, path: str) -> None:
    if d.moneda_dr == "XXX":
        ctx.add("CRP20236", attr(path, "MonedaDR"))
    if d.moneda_dr != pago.moneda_p and d.equivalencia_dr is None:
        ctx.add("CRP20237", attr(path, "EquivalenciaDR"), moneda=d.moneda_dr,
                moneda_p=pago.moneda_p)  # fmt: skip
    elif d.moneda_dr == pago.moneda_p and d.equivalencia_dr not in (None, _ONE):
        ctx.add("CRP20238", attr(path, "EquivalenciaDR"), valor=d.equivalencia_dr)


def _docto_saldos(ctx: Context, d: DoctoRelacionado, path: str) -> None:
    decimals = _moneda_decimals(ctx, d.moneda_dr)
    money = {"moneda": d.moneda_dr, "decimales": decimals}
    for code, name, value in (
        ("CRP20239", "ImpSaldoAnt", d.imp_saldo_ant),
        ("CRP20241", "ImpPagado", d.imp_pagado),
    ):
        if value <= 0:
            ctx.add(code, attr(path, name), valor=value)
    for code, name, value in (
        ("CRP20240", "ImpSaldoAnt", d.imp_saldo_ant),
        ("CRP20242", "ImpPagado", d.imp_pagado),
        ("CRP20243", "ImpSaldoInsoluto", d.imp_saldo_insoluto),
    ):
        if decimals is not None and decimals_of(value) > decimals:
            ctx.add(code, attr(path, name), valor=value, **money)
    expected = d.imp_saldo_ant - d.imp_pagado
    if d.imp_saldo_insoluto != expected or d.imp_saldo_insoluto < 0:
        ctx.add("CRP20244", attr(path, "ImpSaldoInsoluto"), valor=d.imp_saldo_insoluto,
                esperado=expected)  # fmt: skip


def _docto_impuestos(ctx: Context, d: DoctoRelacionado, path: str) -> None:
    ruta = attr(path, "ObjetoImpDR")
    if not ctx.known("c_ObjetoImp", d.objeto_imp_dr):
        ctx.add("CRP20245", ruta, valor=d.objeto_imp_dr)
    elif d.objeto_imp_dr == "02" and not d.has_impuestos:
        ctx.add("CRP20246", ruta)
    elif d.objeto_imp_dr != "02" and d.has_impuestos:
        ctx.add("CRP20247", ruta, valor=d.objeto_imp_dr)
    base = f"{path}/pago20:ImpuestosDR"
    for k, r in enumerate(d.retenciones_dr):
        _retencion_dr(ctx, r, f"{base}/pago20:RetencionesDR/pago20:RetencionDR[{k + 1}]")
    for k, t in enumerate(d.traslados_dr):
        _traslado_dr(ctx, t, f"{base}/pago20:TrasladosDR/pago20:TrasladoDR[{k + 1}]")


def _retencion_dr(ctx: Context, r: RetencionDR, path: str) -> None:
    if r.base_dr <= 0:
        ctx.add("CRP20249", attr(path, "BaseDR"), valor=r.base_dr)
    if not ctx.known("c_Impuesto", r.impuesto_dr):
        ctx.add("CRP20250", attr(path, "ImpuestoDR"), valor=r.impuesto_dr)
    if not ctx.known("c_TipoFactor", r.tipo_factor_dr):
        ctx.add("CRP20251", attr(path, "TipoFactorDR"), valor=r.tipo_factor_dr)
        return
    if r.tipo_factor_dr == EXENTO:
        ctx.add("CRP20252", attr(path, "TipoFactorDR"))
        return
    if not ctx.catalogs.tasa_o_cuota_permitida(
        r.impuesto_dr, r.tipo_factor_dr, r.tasa_o_cuota_dr, traslado=False, on=ctx.on
    ):
        ctx.add("CRP20253", attr(path, "TasaOCuotaDR"), valor=r.tasa_o_cuota_dr,
                impuesto=r.impuesto_dr, factor=r.tipo_factor_dr)  # fmt: skip
        return
    _importe_limits(ctx, "CRP20254", r.base_dr, r.tasa_o_cuota_dr, r.importe_dr, path)


def _traslado_dr(ctx: Context, t: TrasladoDR, path: str) -> None:
    if t.base_dr <= 0:
        ctx.add("CRP20255", attr(path, "BaseDR"), valor=t.base_dr)
    if not ctx.known("c_Impuesto", t.impuesto_dr):
        ctx.add("CRP20256", attr(path, "ImpuestoDR"), valor=t.impuesto_dr)
    if not ctx.known("c_TipoFactor", t.tipo_factor_dr):
        ctx.add("CRP20257", attr(path, "TipoFactorDR"), valor=t.tipo_factor_dr)
        return
    if t.tipo_factor_dr == EXENTO:
        if t.tasa_o_cuota_dr is not None or t.importe_dr is not None:
            ctx.add("CRP20258", path)
        return
    if t.tasa_o_cuota_dr is None or not ctx.catalogs.tasa_o_cuota_permitida(
        t.impuesto_dr, t.tipo_factor_dr, t.tasa_o_cuota_dr, traslado=True, on=ctx.on
    ):
        ctx.add("CRP20259", attr(path, "TasaOCuotaDR"), valor=t.tasa_o_cuota_dr,
                impuesto=t.impuesto_dr, factor=t.tipo_factor_dr)  # fmt: skip
        return
    if t.importe_dr is None:
        ctx.add("CRP20261", attr(path, "ImporteDR"), valor="(ausente)", minimo="", maximo="")
        return
    _importe_limits(ctx, "CRP20261", t.base_dr, t.tasa_o_cuota_dr, t.importe_dr, path)


def _importe_limits(
    ctx: Context, code: str, base: Decimal, rate: Decimal, importe: Decimal, path: str
) -> None:
    low, high = product_limits(base, rate, decimals_of(importe), b_exact=True)
    if not low <= importe <= high:
        ctx.add(code, attr(path, "ImporteDR"), valor=importe, minimo=low, maximo=high)
