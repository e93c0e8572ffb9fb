"""Rules of the Carta Porte 3.1 complement (road transport) that need no online service.

They follow SAT's "Matriz de errores del complemento Carta Porte 3.1" and its filling guide,
but the codes are ours (CCP31001–CCP31042): the matrix's own numbers could not be checked
here, so each code names the rule it stands for (docs/validaciones.md maps them). The
complement is read into `facturador.sat.carta_porte` types; a Carta Porte that cannot be
read is left to the XSD stage (or said as XML04 when an amount is impossible).
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from facturador.sat.carta_porte import (
    CARTA_PORTE_TAG,
    CartaPorte,
    Domicilio,
    Mercancias,
    Ubicacion,
    find_carta_porte,
)
from facturador.sat.errors import AmountInputError, ComprobanteInputError
from facturador.sat.validation.paths import COMPROBANTE, attr
from facturador.sat.validation.rules._context import Context

__all__ = ["check"]

CARTA_PORTE = f"{COMPROBANTE}/cfdi:Complemento/cartaporte31:CartaPorte"
_UBICACIONES = f"{CARTA_PORTE}/cartaporte31:Ubicaciones"
_MERCANCIAS = f"{CARTA_PORTE}/cartaporte31:Mercancias"
_AUTOTRANSPORTE = f"{_MERCANCIAS}/cartaporte31:Autotransporte"
_FIGURAS = f"{CARTA_PORTE}/cartaporte31:FiguraTransporte"

_ID_CCP = re.compile(
    r"CCC[0-9A-Fa-f]{5}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
)
_ID_UBICACION = {"Origen": re.compile(r"OR[0-9]{6}"), "Destino": re.compile(r"DE[0-9]{6}")}
# c_ConfigAutotransporte keys of a tractor or truck pulling trailers (semirremolque S or
# remolque R): T2S1, T3S2R4, C2R2...; C2, C3, VL and the special GPLUT/GPLAT/OTROEV keys do not.
_WITH_TRAILER = re.compile(r"[CT][0-9](?:[SR][0-9])+")
_SI, _NO = "Sí", "No"
_KGM = "KGM"
_PESO_TOLERANCE = Decimal("0.001")  # one unit of PesoBrutoTotal's third decimal
_INTERNACIONAL = (
    ("EntradaSalidaMerc", "entrada_salida_merc"),
    ("PaisOrigenDestino", "pais_origen_destino"),
    ("ViaEntradaSalida", "via_entrada_salida"),
)


def check(ctx: Context) -> None:
    c = ctx.comprobante
    if not any(raw.tag == CARTA_PORTE_TAG for raw in c.complementos):
        return
    if ctx.tipo not in ("T", "I"):
        ctx.add("CCP31001", attr(COMPROBANTE, "TipoDeComprobante"), valor=ctx.tipo)
    if ctx.tipo == "T":
        _traslado(ctx)
    try:
        cp = find_carta_porte(c)
    except AmountInputError as error:
        ctx.add("XML04", f"{COMPROBANTE}/cfdi:Complemento{error.path}", detalle=error.detail)
        return
    except ComprobanteInputError:
        return  # missing or unreadable attributes: the XSD stage reports them
    assert cp is not None
    for rule in (_root, _ubicaciones, _mercancias, _autotransporte, _figuras):
        rule(ctx, cp)


def _traslado(ctx: Context) -> None:
    c = ctx.comprobante
    if c.moneda != "XXX":
        ctx.add("CCP31002", attr(COMPROBANTE, "Moneda"), valor=c.moneda)
    if c.sub_total != 0:
        ctx.add("CCP31003", attr(COMPROBANTE, "SubTotal"), valor=c.sub_total)
    if c.total != 0:
        ctx.add("CCP31004", attr(COMPROBANTE, "Total"), valor=c.total)


# ---------------------------------------------------------------- CartaPorte


def _root(ctx: Context, cp: CartaPorte) -> None:
    if not _ID_CCP.fullmatch(cp.id_ccp):
        ctx.add("CCP31005", attr(CARTA_PORTE, "IdCCP"), valor=cp.id_ccp)
    for name, field in _INTERNACIONAL:
        value = getattr(cp, field)
        if cp.transp_internac == _SI and value is None:
            ctx.add("CCP31006", attr(CARTA_PORTE, name), atributo=name)
        elif cp.transp_internac == _NO and value is not None:
            ctx.add("CCP31007", attr(CARTA_PORTE, name), atributo=name)
    if cp.mercancias.autotransporte is None:
        return
    distancias = [u.distancia_recorrida for u in cp.ubicaciones if u.tipo_ubicacion == "Destino"]
    esperado = sum((d for d in distancias if d is not None), Decimal(0))
    if cp.total_dist_rec is None:
        ctx.add("CCP31008", attr(CARTA_PORTE, "TotalDistRec"), valor="(ausente)",
                esperado=esperado)  # fmt: skip
    elif cp.total_dist_rec != esperado:
        ctx.add("CCP31008", attr(CARTA_PORTE, "TotalDistRec"), valor=cp.total_dist_rec,
                esperado=esperado)  # fmt: skip


# ---------------------------------------------------------------- Ubicaciones


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None  # the XSD reports a malformed t_FechaH


def _ubicaciones(ctx: Context, cp: CartaPorte) -> None:
    tipos = {u.tipo_ubicacion for u in cp.ubicaciones}
    if "Origen" not in tipos or "Destino" not in tipos:
        ctx.add("CCP31010", _UBICACIONES)
    road = cp.mercancias.autotransporte is not None
    # A Destino arrives after the latest Origen before it (or the first Origen).
    origenes = [u for u in cp.ubicaciones if u.tipo_ubicacion == "Origen"]
    salida = _moment(origenes[0].fecha_hora_salida_llegada) if origenes else None
    for i, u in enumerate(cp.ubicaciones):
        path = f"{_UBICACIONES}/cartaporte31:Ubicacion[{i + 1}]"
        _id_ubicacion(ctx, u, path)
        moment = _moment(u.fecha_hora_salida_llegada)
        if u.tipo_ubicacion == "Origen":
            salida = moment
            if u.distancia_recorrida is not None:
                ctx.add("CCP31013", attr(path, "DistanciaRecorrida"))
        elif u.tipo_ubicacion == "Destino":
            if salida is not None and moment is not None and moment <= salida:
                ctx.add("CCP31012", attr(path, "FechaHoraSalidaLlegada"),
                        valor=u.fecha_hora_salida_llegada, salida=salida.isoformat())  # fmt: skip
            if road and u.distancia_recorrida is None:
                ctx.add("CCP31014", attr(path, "DistanciaRecorrida"))
        if u.domicilio is not None:
            _domicilio(ctx, u.domicilio, f"{path}/cartaporte31:Domicilio")


def _id_ubicacion(ctx: Context, u: Ubicacion, path: str) -> None:
    pattern = _ID_UBICACION.get(u.tipo_ubicacion)
    if u.id_ubicacion is not None and pattern is not None and not pattern.fullmatch(u.id_ubicacion):
        prefijo = "OR" if u.tipo_ubicacion == "Origen" else "DE"
        ctx.add("CCP31011", attr(path, "IDUbicacion"), valor=u.id_ubicacion,
                tipo=u.tipo_ubicacion, prefijo=prefijo)  # fmt: skip


def _domicilio(ctx: Context, d: Domicilio, path: str) -> None:
    """A Mexican address: Estado of Mexico, CodigoPostal of that Estado (and Municipio)."""
    if d.pais != "MEX":
        return
    estado = ctx.entry("c_Estado", d.estado)
    if estado is None or estado.extra.get("pais") != "MEX":
        ctx.add("CCP31015", attr(path, "Estado"), valor=d.estado)
        return
    cp = ctx.catalogs.codigo_postal(d.codigo_postal)
    if cp is None or cp.extra.get("estado") != d.estado:
        ctx.add("CCP31016", attr(path, "CodigoPostal"), valor=d.codigo_postal, estado=d.estado)
        return
    municipio = cp.extra.get("municipio")
    if d.municipio is not None and municipio and municipio != d.municipio:
        ctx.add("CCP31017", attr(path, "Municipio"), valor=d.municipio,
                codigo_postal=d.codigo_postal, esperado=municipio)  # fmt: skip


# ---------------------------------------------------------------- Mercancias


def _mercancias(ctx: Context, cp: CartaPorte) -> None:
    m = cp.mercancias
    if m.num_total_mercancias != len(m.mercancias):
        ctx.add("CCP31020", attr(_MERCANCIAS, "NumTotalMercancias"),
                valor=m.num_total_mercancias, esperado=len(m.mercancias))  # fmt: skip
    if m.unidad_peso == _KGM:
        total = sum((x.peso_en_kg for x in m.mercancias), Decimal(0))
        if abs(m.peso_bruto_total - total) > _PESO_TOLERANCE:
            ctx.add("CCP31021", attr(_MERCANCIAS, "PesoBrutoTotal"), valor=m.peso_bruto_total,
                    esperado=total)  # fmt: skip
    for i, x in enumerate(m.mercancias):
        path = f"{_MERCANCIAS}/cartaporte31:Mercancia[{i + 1}]"
        if x.material_peligroso == _SI:
            if x.cve_material_peligroso is None:
                ctx.add("CCP31022", attr(path, "CveMaterialPeligroso"))
            if x.embalaje is None:
                ctx.add("CCP31023", attr(path, "Embalaje"))
        elif x.cve_material_peligroso is not None:
            ctx.add("CCP31024", attr(path, "CveMaterialPeligroso"))


# ---------------------------------------------------------------- Autotransporte


def _peligroso(m: Mercancias) -> bool:
    return any(x.material_peligroso == _SI for x in m.mercancias)


def _autotransporte(ctx: Context, cp: CartaPorte) -> None:
    a = cp.mercancias.autotransporte
    if a is None:
        return
    seguros = f"{_AUTOTRANSPORTE}/cartaporte31:Seguros"
    if _peligroso(cp.mercancias):
        for name, value in (("AseguraMedAmbiente", a.seguros.asegura_med_ambiente),
                            ("PolizaMedAmbiente", a.seguros.poliza_med_ambiente)):  # fmt: skip
            if value is None:
                ctx.add("CCP31030", attr(seguros, name), atributo=name)
    config = a.identificacion_vehicular.config_vehicular
    if _WITH_TRAILER.fullmatch(config) and not a.remolques:
        ctx.add("CCP31031", f"{_AUTOTRANSPORTE}/cartaporte31:Remolques", config=config)
    if not cp.figura_transporte:
        ctx.add("CCP31040", _FIGURAS)


# ---------------------------------------------------------------- FiguraTransporte


def _figuras(ctx: Context, cp: CartaPorte) -> None:
    for i, f in enumerate(cp.figura_transporte):
        path = f"{_FIGURAS}/cartaporte31:TiposFigura[{i + 1}]"
        if f.tipo_figura == "01" and f.num_licencia is None:
            ctx.add("CCP31041", attr(path, "NumLicencia"))
        if f.rfc_figura is None and f.num_reg_id_trib_figura is None:
            ctx.add("CCP31042", path, figura=f.tipo_figura)
