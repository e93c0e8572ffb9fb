"""Rules of each Concepto: catalogs, Importe limits, ObjetoImp, taxes, terceros, partes (7.3)."""

from __future__ import annotations

import re

from facturador.sat.comprobante import Concepto, Retencion, Traslado
from facturador.sat.validation.paths import attr, concepto
from facturador.sat.validation.rules._context import Context, decimals_of, product_limits

__all__ = ["check"]

_PEDIMENTO = re.compile(r"[0-9]{2}  [0-9]{2}  [0-9]{4}  [0-9]{7}")
_CON_IMPORTES = ("I", "E", "N")


def check(ctx: Context) -> None:
    comercio_exterior = ctx.comercio_exterior
    for i, x in enumerate(ctx.comprobante.conceptos):
        path = concepto(i)
        _claves(ctx, x, path)
        if comercio_exterior:
            _sin_pedimentos(ctx, x, path)
        _importes(ctx, x, path)
        _objeto_imp(ctx, x, path)
        if x.impuestos is not None:
            base = f"{path}/cfdi:Impuestos"
            for j, t in enumerate(x.impuestos.traslados):
                _traslado(ctx, t, f"{base}/cfdi:Traslados/cfdi:Traslado[{j + 1}]")
            for j, r in enumerate(x.impuestos.retenciones):
                _retencion(ctx, r, f"{base}/cfdi:Retenciones/cfdi:Retencion[{j + 1}]")
        _terceros_y_partes(ctx, x, path)


def _claves(ctx: Context, x: Concepto, path: str) -> None:
    if not ctx.known("c_ClaveProdServ", x.clave_prod_serv):
        ctx.add("CFDI40162", attr(path, "ClaveProdServ"), valor=x.clave_prod_serv)
    if not ctx.known("c_ClaveUnidad", x.clave_unidad):
        ctx.add("CFDI40165", attr(path, "ClaveUnidad"), valor=x.clave_unidad)
    for k, numero in enumerate(x.informacion_aduanera):
        if _PEDIMENTO.fullmatch(numero) is None:
            ruta = attr(f"{path}/cfdi:InformacionAduanera[{k + 1}]", "NumeroPedimento")
            ctx.add("CFDI40194", ruta, valor=numero)


def _sin_pedimentos(ctx: Context, x: Concepto, path: str) -> None:
    """With Comercio Exterior the pedimento goes in the complement, not in the concept."""
    if x.informacion_aduanera:
        ctx.add("CFDI40195", f"{path}/cfdi:InformacionAduanera")
    for k, p in enumerate(x.partes):
        if p.informacion_aduanera:
            ctx.add("CFDI40200", f"{path}/cfdi:Parte[{k + 1}]/cfdi:InformacionAduanera")


def _importes(ctx: Context, x: Concepto, path: str) -> None:
    if ctx.tipo in _CON_IMPORTES and x.valor_unitario <= 0:
        ctx.add("CFDI40166", attr(path, "ValorUnitario"), tipo=ctx.tipo)
    low, high = product_limits(x.cantidad, x.valor_unitario, decimals_of(x.importe))
    if not low <= x.importe <= high:
        ctx.add("CFDI40167", attr(path, "Importe"), valor=x.importe, minimo=low, maximo=high)
    if x.descuento is not None:
        if decimals_of(x.descuento) > decimals_of(x.importe):
            ctx.add("CFDI40168", attr(path, "Descuento"), valor=x.descuento)
        if x.descuento > x.importe:
            ctx.add("CFDI40169", attr(path, "Descuento"), valor=x.descuento, importe=x.importe)


def _objeto_imp(ctx: Context, x: Concepto, path: str) -> None:
    ruta = attr(path, "ObjetoImp")
    if not ctx.known("c_ObjetoImp", x.objeto_imp):
        ctx.add("CFDI40170", ruta, valor=x.objeto_imp)
    elif x.objeto_imp == "02" and x.impuestos is None:
        ctx.add("CFDI40171", ruta)
    elif x.objeto_imp in ("01", "03") and x.impuestos is not None:
        ctx.add("CFDI40172", ruta, valor=x.objeto_imp)
    if x.impuestos is not None and not (x.impuestos.traslados or x.impuestos.retenciones):
        ctx.add("CFDI40173", f"{path}/cfdi:Impuestos")


def _traslado(ctx: Context, t: Traslado, path: str) -> None:
    if t.base <= 0:
        ctx.add("CFDI40174", attr(path, "Base"), valor=t.base)
    if not ctx.known("c_Impuesto", t.impuesto):
        ctx.add("CFDI40175", attr(path, "Impuesto"), valor=t.impuesto)
    if not ctx.known("c_TipoFactor", t.tipo_factor):
        ctx.add("CFDI40176", attr(path, "TipoFactor"), valor=t.tipo_factor)
        return
    if t.tipo_factor == "Exento":
        if t.tasa_o_cuota is not None or t.importe is not None:
            ctx.add("CFDI40177", path)
        return
    if t.tasa_o_cuota is None or t.importe is None:
        ctx.add("CFDI40178", path, valor=t.tipo_factor)
        return
    if not ctx.catalogs.tasa_o_cuota_permitida(
        t.impuesto, t.tipo_factor, t.tasa_o_cuota, traslado=True, on=ctx.on
    ):
        ctx.add("CFDI40179", attr(path, "TasaOCuota"), valor=t.tasa_o_cuota,
                impuesto=t.impuesto, factor=t.tipo_factor)  # fmt: skip
    low, high = product_limits(t.base, t.tasa_o_cuota, decimals_of(t.importe), b_exact=True)
    if not low <= t.importe <= high:
        ctx.add("CFDI40180", attr(path, "Importe"), valor=t.importe, minimo=low, maximo=high)


def _retencion(ctx: Context, r: Retencion, path: str) -> None:
    if r.base is None or r.base <= 0:
        ctx.add("CFDI40181", attr(path, "Base"))
    if not ctx.known("c_Impuesto", r.impuesto):
        ctx.add("CFDI40182", attr(path, "Impuesto"), valor=r.impuesto)
    if r.tipo_factor is None or not ctx.known("c_TipoFactor", r.tipo_factor):
        ctx.add("CFDI40183", attr(path, "TipoFactor"), valor=r.tipo_factor or "")
        return
    if r.tipo_factor == "Exento":
        ctx.add("CFDI40184", attr(path, "TipoFactor"))
        return
    if r.tasa_o_cuota is None or not ctx.catalogs.tasa_o_cuota_permitida(
        r.impuesto, r.tipo_factor, r.tasa_o_cuota, traslado=False, on=ctx.on
    ):
        ctx.add("CFDI40185", attr(path, "TasaOCuota"), valor=r.tasa_o_cuota,
                impuesto=r.impuesto, factor=r.tipo_factor)  # fmt: skip
        return
    if r.base is None or r.base <= 0:
        return
    low, high = product_limits(r.base, r.tasa_o_cuota, decimals_of(r.importe), b_exact=True)
    if not low <= r.importe <= high:
        ctx.add("CFDI40186", attr(path, "Importe"), valor=r.importe, minimo=low, maximo=high)


def _terceros_y_partes(ctx: Context, x: Concepto, path: str) -> None:
    t3 = x.a_cuenta_terceros
    if t3 is not None:
        node = f"{path}/cfdi:ACuentaTerceros"
        c = ctx.comprobante
        if t3.rfc_a_cuenta_terceros in (c.emisor.rfc, c.receptor.rfc):
            ctx.add("CFDI40188", attr(node, "RfcACuentaTerceros"), valor=t3.rfc_a_cuenta_terceros)
        if not ctx.known("c_RegimenFiscal", t3.regimen_fiscal_a_cuenta_terceros):
            ctx.add("CFDI40191", attr(node, "RegimenFiscalACuentaTerceros"),
                    valor=t3.regimen_fiscal_a_cuenta_terceros)  # fmt: skip
    for k, p in enumerate(x.partes):
        node = f"{path}/cfdi:Parte[{k + 1}]"
        if not ctx.known("c_ClaveProdServ", p.clave_prod_serv):
            ctx.add("CFDI40196", attr(node, "ClaveProdServ"), valor=p.clave_prod_serv)
        if p.valor_unitario is not None and p.valor_unitario <= 0:
            ctx.add("CFDI40197", attr(node, "ValorUnitario"))
        if p.valor_unitario is not None and p.importe is not None:
            low, high = product_limits(p.cantidad, p.valor_unitario, decimals_of(p.importe))
            if not low <= p.importe <= high:
                ctx.add("CFDI40198", attr(node, "Importe"), valor=p.importe, minimo=low,
                        maximo=high)  # fmt: skip
        for n, numero in enumerate(p.informacion_aduanera):
            if _PEDIMENTO.fullmatch(numero) is None:
                ruta = attr(f"{node}/cfdi:InformacionAduanera[{n + 1}]", "NumeroPedimento")
                ctx.add("CFDI40199", ruta, valor=numero)
