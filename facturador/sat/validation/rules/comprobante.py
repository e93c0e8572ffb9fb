"""Rules of the Comprobante root: catalogs, currency, SubTotal, Descuento, Total (7.1)."""

from __future__ import annotations

from decimal import Decimal

from facturador.sat.money import quantize
from facturador.sat.validation.paths import COMPROBANTE, attr, concepto
from facturador.sat.validation.rules._context import Context
from facturador.sat.xml_safety import parse_xml

__all__ = ["check"]

_IMPLOCAL = "{http://www.sat.gob.mx/implocal}ImpuestosLocales"
_CON_IMPORTES = ("I", "E", "N")
_SIN_IMPORTES = ("T", "P")
_ZERO = Decimal(0)


def _at(name: str) -> str:
    return attr(COMPROBANTE, name)


def check(ctx: Context) -> None:
    for rule in (_forma_pago, _moneda, _sub_total, _descuento, _total, _catalogos):
        rule(ctx)


def _forma_pago(ctx: Context) -> None:
    c = ctx.comprobante
    if c.forma_pago is not None:
        if ctx.tipo in _SIN_IMPORTES:
            ctx.add("CFDI40103", _at("FormaPago"), tipo=ctx.tipo)
        elif not ctx.known("c_FormaPago", c.forma_pago):
            ctx.add("CFDI40104", _at("FormaPago"), valor=c.forma_pago)
    if c.metodo_pago == "PPD" and c.forma_pago != "99":
        ctx.add("CFDI40105", _at("FormaPago"))


def _moneda(ctx: Context) -> None:
    c = ctx.comprobante
    if ctx.decimals is None:
        ctx.add("CFDI40113", _at("Moneda"), valor=c.moneda)
    if c.moneda == "MXN" and c.tipo_cambio is not None and c.tipo_cambio != 1:
        ctx.add("CFDI40114", _at("TipoCambio"))
    elif c.moneda not in ("MXN", "XXX") and c.tipo_cambio is None:
        ctx.add("CFDI40115", _at("TipoCambio"), moneda=c.moneda)
    elif c.moneda == "XXX" and c.tipo_cambio is not None:
        ctx.add("CFDI40116", _at("TipoCambio"))
    if c.tipo_cambio is not None and c.tipo_cambio.as_tuple().exponent < -6:  # type: ignore[operator]
        ctx.add("CFDI40117", _at("TipoCambio"), valor=c.tipo_cambio)


def _sums(values: list[Decimal], decimals: int) -> set[Decimal]:
    """A sum of amounts as SAT accepts it: rounded at the end, or of the rounded amounts."""
    return {
        quantize(sum(values, _ZERO), decimals),
        sum((quantize(v, decimals) for v in values), _ZERO),
    }


def _sub_total(ctx: Context) -> None:
    c = ctx.comprobante
    money = {"moneda": c.moneda, "decimales": ctx.decimals}
    if ctx.too_many_decimals(c.sub_total):
        ctx.add("CFDI40107", _at("SubTotal"), valor=c.sub_total, **money)
    if ctx.tipo in _SIN_IMPORTES:
        if c.sub_total != 0:
            ctx.add("CFDI40109", _at("SubTotal"), tipo=ctx.tipo)
    elif ctx.decimals is not None:
        expected = _sums([x.importe for x in c.conceptos], ctx.decimals)
        if c.sub_total not in expected:
            ctx.add("CFDI40108", _at("SubTotal"), valor=c.sub_total, esperado=min(expected))


def _descuento(ctx: Context) -> None:
    c = ctx.comprobante
    if c.descuento is not None and c.descuento > c.sub_total:
        ctx.add("CFDI40110", _at("Descuento"), valor=c.descuento, subtotal=c.sub_total)
    if ctx.too_many_decimals(c.descuento):
        money = {"moneda": c.moneda, "decimales": ctx.decimals}
        ctx.add("CFDI40112", _at("Descuento"), valor=c.descuento, **money)
    for i, x in enumerate(c.conceptos):
        if x.descuento is not None and ctx.tipo not in _CON_IMPORTES:
            ctx.add("CFDI40111", attr(concepto(i), "Descuento"), tipo=ctx.tipo)
    descuentos = [x.descuento for x in c.conceptos if x.descuento is not None]
    if ctx.decimals is None or (not descuentos and not c.descuento):
        return
    expected = _sums(descuentos, ctx.decimals)
    if (c.descuento or _ZERO) not in expected:
        ctx.add("DESCUENTO01", _at("Descuento"), valor=c.descuento or 0, esperado=min(expected))


def _local_taxes(ctx: Context) -> Decimal:
    """Net local taxes (impuestos locales complement): transferred minus withheld."""
    net = _ZERO
    for raw in ctx.comprobante.complementos:
        if raw.tag == _IMPLOCAL:
            element = parse_xml(raw.xml)
            net += Decimal(element.get("TotaldeTraslados", "0"))
            net -= Decimal(element.get("TotaldeRetenciones", "0"))
    return net


def _total(ctx: Context) -> None:
    c = ctx.comprobante
    maximo = ctx.catalogs.valor_maximo(ctx.tipo)
    if maximo is not None and c.total > maximo and c.confirmacion is None:
        ctx.add("CFDI40120", _at("Total"), valor=c.total, tipo=ctx.tipo, maximo=maximo)
    if ctx.tipo in _SIN_IMPORTES:
        if c.total != 0:
            ctx.add("CFDI40119.cero", _at("Total"), tipo=ctx.tipo)
        return
    if ctx.decimals is None:
        return
    if ctx.too_many_decimals(c.total):
        money = {"moneda": c.moneda, "decimales": ctx.decimals}
        ctx.add("CFDI40119.decimales", _at("Total"), valor=c.total, **money)
    impuestos = c.impuestos
    trasladados = impuestos.total_impuestos_trasladados if impuestos else None
    retenidos = impuestos.total_impuestos_retenidos if impuestos else None
    expected = (
        c.sub_total - (c.descuento or _ZERO) + (trasladados or _ZERO) - (retenidos or _ZERO)
        + _local_taxes(ctx)
    )  # fmt: skip
    if c.total != quantize(expected, ctx.decimals):
        ctx.add("CFDI40119", _at("Total"), valor=c.total, esperado=quantize(expected, ctx.decimals))


def _catalogos(ctx: Context) -> None:
    c = ctx.comprobante
    if not ctx.known("c_TipoDeComprobante", c.tipo_de_comprobante):
        ctx.add("CFDI40121", _at("TipoDeComprobante"), valor=c.tipo_de_comprobante)
    if not ctx.known("c_Exportacion", c.exportacion):
        ctx.add("CFDI40123", _at("Exportacion"), valor=c.exportacion)
    elif c.exportacion == "02" and not ctx.comercio_exterior:
        ctx.add("CFDI40122", _at("Exportacion"))
    if c.metodo_pago is not None:
        if ctx.tipo in _SIN_IMPORTES:
            ctx.add("CFDI40125", _at("MetodoPago"), tipo=ctx.tipo)
        elif not ctx.known("c_MetodoPago", c.metodo_pago):
            ctx.add("CFDI40124", _at("MetodoPago"), valor=c.metodo_pago)
    if not ctx.known("c_CodigoPostal", c.lugar_expedicion):
        ctx.add("CFDI40126", _at("LugarExpedicion"), valor=c.lugar_expedicion)
