"""Rules of SAT's matrix for the Comercio Exterior 2.0 complement (CCE20xxx) that need no
online data: the CFDI envelope of an export, the complement's own arithmetic, the link of
every Concepto to its Mercancia and the addresses against SAT's catalogs.

The codes follow the numbering of SAT's "Matriz de errores del complemento de Comercio
Exterior 2.0" as far as we know it; `docs/validaciones.md` says which numbers are not
confirmed. ValorDolares is compared with CantidadAduana × ValorUnitarioAduana within the
limits of the matrix (each factor ± half a unit of its last written decimal); TotalUSD must be
the sum of the ValorDolares rounded to two decimals, exactly.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from facturador.sat.comercio_exterior import (
    CCE_TAG,
    ComercioExterior,
    Domicilio,
    Mercancia,
    find_comercio_exterior,
)
from facturador.sat.errors import ComprobanteInputError
from facturador.sat.money import quantize
from facturador.sat.rfc import MORAL_LENGTH
from facturador.sat.validation.paths import COMPROBANTE, RECEPTOR, attr, concepto
from facturador.sat.validation.rules._context import Context, product_limits

__all__ = ["check"]

CCE = f"{COMPROBANTE}/cfdi:Complemento/cce20:ComercioExterior"
_RFC_EXTRANJERO = "XEXX010101000"
_TIPOS = ("I", "E", "T")
_MOTIVO_TERCEROS = "05"  # envío de mercancías propiedad de terceros: their Propietario
_MEX = "MEX"
_COUNTRIES_WITH_STATES = frozenset({_MEX, "USA", "CAN"})  # c_Estado lists their states
_SIN_FRACCION = "99"  # UnidadAduana of goods with no tariff fraction (services, etc.)
_ZERO = Decimal(0)


def check(ctx: Context) -> None:
    c = ctx.comprobante
    if not any(raw.tag == CCE_TAG for raw in c.complementos):
        return
    try:
        cce = find_comercio_exterior(c)
    except ComprobanteInputError:
        return  # unreadable: the XSD stage reports it
    assert cce is not None
    _comprobante(ctx)
    _receptor(ctx, cce)
    _root(ctx, cce)
    _domicilios(ctx, cce)
    _mercancias(ctx, cce)


# ---------------------------------------------------------------- the CFDI envelope


def _comprobante(ctx: Context) -> None:
    c = ctx.comprobante
    if ctx.tipo not in _TIPOS:
        ctx.add("CCE20101", attr(COMPROBANTE, "TipoDeComprobante"), valor=ctx.tipo)
    if c.exportacion != "02":
        ctx.add("CCE20102", attr(COMPROBANTE, "Exportacion"), valor=c.exportacion)
    if c.moneda == "XXX":
        ctx.add("CCE20103", attr(COMPROBANTE, "Moneda"))
    elif c.moneda != "MXN" and c.tipo_cambio is None:
        ctx.add("CCE20104", attr(COMPROBANTE, "TipoCambio"), moneda=c.moneda)


def _receptor(ctx: Context, cce: ComercioExterior) -> None:
    r = ctx.comprobante.receptor
    if r.rfc != _RFC_EXTRANJERO:
        return
    if r.residencia_fiscal is None:
        ctx.add("CCE20105", attr(RECEPTOR, "ResidenciaFiscal"))
    in_cce = cce.receptor is not None and cce.receptor.num_reg_id_trib is not None
    if r.num_reg_id_trib is None and not in_cce:
        ctx.add("CCE20106", attr(RECEPTOR, "NumRegIdTrib"))


# ---------------------------------------------------------------- the complement's root


def _root(ctx: Context, cce: ComercioExterior) -> None:
    c = ctx.comprobante
    if ctx.tipo == "T" and cce.motivo_traslado is None:
        ctx.add("CCE20107", attr(CCE, "MotivoTraslado"))
    elif ctx.tipo != "T" and cce.motivo_traslado is not None:
        ctx.add("CCE20108", attr(CCE, "MotivoTraslado"), tipo=ctx.tipo)
    if cce.motivo_traslado == _MOTIVO_TERCEROS and not cce.propietarios:
        ctx.add("CCE20109", f"{CCE}/cce20:Propietario")
    elif cce.propietarios and cce.motivo_traslado != _MOTIVO_TERCEROS:
        ctx.add("CCE20128", f"{CCE}/cce20:Propietario")
    if cce.certificado_origen == "1" and cce.num_certificado_origen is None:
        ctx.add("CCE20110", attr(CCE, "NumCertificadoOrigen"))
    elif cce.certificado_origen == "0" and cce.num_certificado_origen is not None:
        ctx.add("CCE20111", attr(CCE, "NumCertificadoOrigen"))
    if c.moneda == "USD" and c.tipo_cambio is not None and cce.tipo_cambio_usd != c.tipo_cambio:
        ctx.add("CCE20112", attr(CCE, "TipoCambioUSD"), valor=cce.tipo_cambio_usd,
                esperado=c.tipo_cambio)  # fmt: skip
    expected = quantize(sum((m.valor_dolares for m in cce.mercancias), _ZERO), 2)
    if cce.total_usd != expected:
        ctx.add("CCE20113", attr(CCE, "TotalUSD"), valor=cce.total_usd, esperado=expected)
    if cce.emisor is not None:
        rfc = ctx.comprobante.emisor.rfc
        ruta = attr(f"{CCE}/cce20:Emisor", "Curp")
        if len(rfc) == MORAL_LENGTH and cce.emisor.curp is not None:
            ctx.add("CCE20114", ruta)
        elif len(rfc) != MORAL_LENGTH and cce.emisor.curp is None:
            ctx.add("CCE20115", ruta)


# ---------------------------------------------------------------- addresses


def _domicilios(ctx: Context, cce: ComercioExterior) -> None:
    if cce.emisor is not None:
        path = f"{CCE}/cce20:Emisor/cce20:Domicilio"
        if cce.emisor.domicilio.pais != _MEX:
            ctx.add("CCE20116", attr(path, "Pais"), valor=cce.emisor.domicilio.pais)
        _domicilio(ctx, cce.emisor.domicilio, path)
    if cce.receptor is not None and cce.receptor.domicilio is not None:
        _domicilio(ctx, cce.receptor.domicilio, f"{CCE}/cce20:Receptor/cce20:Domicilio")
    for i, d in enumerate(cce.destinatarios):
        for j, dom in enumerate(d.domicilios):
            _domicilio(ctx, dom, f"{CCE}/cce20:Destinatario[{i + 1}]/cce20:Domicilio[{j + 1}]")


def _domicilio(ctx: Context, d: Domicilio, path: str) -> None:
    if d.pais in _COUNTRIES_WITH_STATES:
        estado = ctx.entry("c_Estado", d.estado)
        if estado is None or estado.extra.get("pais") != d.pais:
            ctx.add("CCE20117", attr(path, "Estado"), valor=d.estado, pais=d.pais)
            return
    if d.pais == _MEX:
        cp = ctx.entry("c_CodigoPostal", d.codigo_postal)
        if cp is None:
            ctx.add("CCE20118", attr(path, "CodigoPostal"), valor=d.codigo_postal)
        elif cp.extra.get("estado") != d.estado:
            ctx.add("CCE20119", attr(path, "CodigoPostal"), valor=d.codigo_postal,
                    estado=d.estado)  # fmt: skip


# ---------------------------------------------------------------- Mercancias


def _mercancias(ctx: Context, cce: ComercioExterior) -> None:
    conceptos = ctx.comprobante.conceptos
    identificaciones = {x.no_identificacion for x in conceptos}
    mercancias = {m.no_identificacion for m in cce.mercancias}
    for i, x in enumerate(conceptos):
        if x.no_identificacion is None:
            ctx.add("CCE20120", attr(concepto(i), "NoIdentificacion"))
        elif x.no_identificacion not in mercancias:
            ctx.add("CCE20121", attr(concepto(i), "NoIdentificacion"), valor=x.no_identificacion)
    pairs = Counter((m.no_identificacion, m.fraccion_arancelaria) for m in cce.mercancias)
    for i, m in enumerate(cce.mercancias):
        path = f"{CCE}/cce20:Mercancias/cce20:Mercancia[{i + 1}]"
        if m.no_identificacion not in identificaciones:
            ctx.add("CCE20122", attr(path, "NoIdentificacion"), valor=m.no_identificacion)
        if pairs[(m.no_identificacion, m.fraccion_arancelaria)] > 1:
            ctx.add("CCE20123", path, valor=m.no_identificacion)
        _aduana(ctx, m, path)


def _aduana(ctx: Context, m: Mercancia, path: str) -> None:
    group = (m.cantidad_aduana, m.unidad_aduana, m.valor_unitario_aduana)
    present = sum(value is not None for value in group)
    if present not in (0, len(group)):
        ctx.add("CCE20124", path)
    if m.unidad_aduana == _SIN_FRACCION:
        if m.fraccion_arancelaria is not None:
            ctx.add("CCE20126", attr(path, "FraccionArancelaria"))
    elif m.fraccion_arancelaria is None:
        ctx.add("CCE20125", attr(path, "FraccionArancelaria"))
    if m.cantidad_aduana is None or m.valor_unitario_aduana is None:
        return
    low, high = product_limits(m.cantidad_aduana, m.valor_unitario_aduana, 2)
    if not low <= m.valor_dolares <= high:
        ctx.add("CCE20127", attr(path, "ValorDolares"), valor=m.valor_dolares, minimo=low,
                maximo=high)  # fmt: skip
