"""`Complemento.CartaPorte` of the JSON input (tipo T or I): Carta Porte 3.1, road transport.

The JSON mirrors the XML (see `facturador.sat.carta_porte`): attribute names as in the XSD;
the wrappers without attributes are lists ("Ubicaciones", "FiguraTransporte",
"RegimenesAduaneros", and "Remolques" inside Autotransporte); "Mercancias" is an object with
its "Mercancia" list and "Autotransporte". Computed, and checked when stated: Version (3.1),
Mercancias.PesoBrutoTotal (Σ PesoEnKg when UnidadPeso is KGM), NumTotalMercancias (how many
Mercancia), TotalDistRec (Σ DistanciaRecorrida of the Destino ubicaciones). IdCCP, when
omitted, is generated: "CCC" and the last 33 characters of a random UUID4, upper case.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from facturador.sat._input_reader import InputNode
from facturador.sat.carta_porte import (
    AUTOTRANSPORTE_ATTRS,
    CANTIDAD_TRANSPORTA_ATTRS,
    CARTA_PORTE_ATTRS,
    DETALLE_MERCANCIA_ATTRS,
    DOCUMENTACION_ADUANERA_ATTRS,
    DOMICILIO_ATTRS,
    GUIAS_IDENTIFICACION_ATTRS,
    IDENTIFICACION_VEHICULAR_ATTRS,
    MERCANCIA_ATTRS,
    MERCANCIAS_ATTRS,
    REMOLQUE_ATTRS,
    SEGUROS_ATTRS,
    TIPOS_FIGURA_ATTRS,
    UBICACION_ATTRS,
    VERSION,
    Attr,
    Autotransporte,
    CantidadTransporta,
    CartaPorte,
    DetalleMercancia,
    DocumentacionAduanera,
    Domicilio,
    GuiasIdentificacion,
    IdentificacionVehicular,
    Mercancia,
    Mercancias,
    Remolque,
    Seguros,
    TiposFigura,
    Ubicacion,
    carta_porte_to_raw,
)
from facturador.sat.catalogs import Catalogs
from facturador.sat.comprobante import Comprobante, RawXml

__all__ = ["carta_porte_from_input", "new_id_ccp"]

_ID_CCP = re.compile(
    r"CCC[0-9A-Fa-f]{5}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
)
_COMPUTED = frozenset({"Version", "IdCCP", "TotalDistRec", "PesoBrutoTotal", "NumTotalMercancias"})
_ORIGEN, _DESTINO = "Origen", "Destino"
_KGM = "KGM"
_MAX_DISTANCIA = Decimal(99999)  # km, DistanciaRecorrida and TotalDistRec in SAT's XSD
# Decimal places SAT's XSD allows for the attributes read as numbers.
_PLACES = {"DistanciaRecorrida": 2, "TotalDistRec": 2, "PesoEnKg": 3, "PesoBrutoTotal": 3}


def _keys(attrs: Iterable[Attr], *children: str) -> frozenset[str]:
    return frozenset((*(a[0] for a in attrs), *children))


_CP_KEYS = _keys(CARTA_PORTE_ATTRS, "RegimenesAduaneros", "Ubicaciones", "Mercancias",
                 "FiguraTransporte")  # fmt: skip
_REGIMEN_KEYS = frozenset({"RegimenAduanero"})
_UBICACION_KEYS = _keys(UBICACION_ATTRS, "Domicilio")
_DOMICILIO_KEYS = _keys(DOMICILIO_ATTRS)
_MERCANCIAS_KEYS = _keys(MERCANCIAS_ATTRS, "Mercancia", "Autotransporte")
_MERCANCIA_KEYS = _keys(MERCANCIA_ATTRS, "DocumentacionAduanera", "GuiasIdentificacion",
                        "CantidadTransporta", "DetalleMercancia")  # fmt: skip
_AUTO_KEYS = _keys(AUTOTRANSPORTE_ATTRS, "IdentificacionVehicular", "Seguros", "Remolques")
_FIGURA_KEYS = _keys(TIPOS_FIGURA_ATTRS, "PartesTransporte", "Domicilio")
_PARTE_KEYS = frozenset({"ParteTransporte"})


def new_id_ccp() -> str:
    """A fresh IdCCP: "CCC" and the last 33 characters of a random UUID4, upper case."""
    return "CCC" + str(uuid.uuid4()).upper()[3:]


def _fields(
    node: InputNode, attrs: Iterable[Attr], skip: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The model's fields from the node's attributes (computed ones left out)."""
    values: dict[str, Any] = {}
    for xml_name, field, required, kind in attrs:
        if xml_name in skip:
            continue
        if kind == "d":
            value = node.decimal(xml_name, required=required, max_places=_PLACES.get(xml_name, 6))
            if value is not None and value <= 0:
                raise node.error(xml_name, "debe ser mayor que cero")
            if xml_name == "DistanciaRecorrida" and value is not None and value > _MAX_DISTANCIA:
                raise node.error(xml_name, f"no puede exceder {_MAX_DISTANCIA} km")
            values[field] = value
        else:
            values[field] = node.text(xml_name, required=required)
    return values


def _domicilio(node: InputNode) -> Domicilio | None:
    child = node.child("Domicilio", _DOMICILIO_KEYS)
    return None if child is None else Domicilio(**_fields(child, DOMICILIO_ATTRS))


def _ubicaciones(cp: InputNode) -> tuple[Ubicacion, ...]:
    ubicaciones = []
    for node in cp.children("Ubicaciones", _UBICACION_KEYS):
        u = Ubicacion(**_fields(node, UBICACION_ATTRS), domicilio=_domicilio(node))
        if u.tipo_ubicacion not in (_ORIGEN, _DESTINO):
            raise node.error("TipoUbicacion", "debe ser Origen o Destino")
        if u.tipo_ubicacion == _ORIGEN and u.distancia_recorrida is not None:
            raise node.error("DistanciaRecorrida", "solo se indica en una ubicación Destino")
        ubicaciones.append(u)
    tipos = {u.tipo_ubicacion for u in ubicaciones}
    if _ORIGEN not in tipos or _DESTINO not in tipos:
        raise cp.error("Ubicaciones", "debe tener al menos una ubicación Origen y una Destino")
    return tuple(ubicaciones)


def _mercancia(node: InputNode) -> Mercancia:
    detalle = node.child("DetalleMercancia", _keys(DETALLE_MERCANCIA_ATTRS))
    return Mercancia(
        **_fields(node, MERCANCIA_ATTRS),
        documentacion_aduanera=tuple(
            DocumentacionAduanera(**_fields(d, DOCUMENTACION_ADUANERA_ATTRS))
            for d in node.children("DocumentacionAduanera", _keys(DOCUMENTACION_ADUANERA_ATTRS))
        ),
        guias_identificacion=tuple(
            GuiasIdentificacion(**_fields(g, GUIAS_IDENTIFICACION_ATTRS))
            for g in node.children("GuiasIdentificacion", _keys(GUIAS_IDENTIFICACION_ATTRS))
        ),
        cantidad_transporta=tuple(
            CantidadTransporta(**_fields(c, CANTIDAD_TRANSPORTA_ATTRS))
            for c in node.children("CantidadTransporta", _keys(CANTIDAD_TRANSPORTA_ATTRS))
        ),
        detalle_mercancia=None
        if detalle is None
        else DetalleMercancia(**_fields(detalle, DETALLE_MERCANCIA_ATTRS)),
    )


def _autotransporte(node: InputNode | None) -> Autotransporte | None:
    if node is None:
        return None
    vehiculo = node.child("IdentificacionVehicular", _keys(IDENTIFICACION_VEHICULAR_ATTRS))
    if vehiculo is None:
        raise node.error("IdentificacionVehicular", "es obligatorio")
    seguros = node.child("Seguros", _keys(SEGUROS_ATTRS))
    if seguros is None:
        raise node.error("Seguros", "es obligatorio")
    remolques = tuple(
        Remolque(**_fields(r, REMOLQUE_ATTRS))
        for r in node.children("Remolques", _keys(REMOLQUE_ATTRS))
    )
    if len(remolques) > 2:
        raise node.error("Remolques", "admite a lo más dos remolques")
    return Autotransporte(
        **_fields(node, AUTOTRANSPORTE_ATTRS),
        identificacion_vehicular=IdentificacionVehicular(
            **_fields(vehiculo, IDENTIFICACION_VEHICULAR_ATTRS)
        ),
        seguros=Seguros(**_fields(seguros, SEGUROS_ATTRS)),
        remolques=remolques,
    )


def _mercancias(cp: InputNode) -> Mercancias:
    node = cp.child("Mercancias", _MERCANCIAS_KEYS)
    if node is None:
        raise cp.error("Mercancias", "es obligatorio")
    items = tuple(_mercancia(m) for m in node.children("Mercancia", _MERCANCIA_KEYS))
    if not items:
        raise node.error("Mercancia", "agrega al menos una mercancía")
    fields = _fields(node, MERCANCIAS_ATTRS, _COMPUTED)
    if fields["unidad_peso"] == _KGM:
        peso = sum((m.peso_en_kg for m in items), Decimal(0))
        node.check_computed("PesoBrutoTotal", peso)
    else:  # another unit: the sum of PesoEnKg is not the total, which must be stated
        peso = node.required_decimal("PesoBrutoTotal", max_places=_PLACES["PesoBrutoTotal"])
        if peso <= 0:
            raise node.error("PesoBrutoTotal", "debe ser mayor que cero")
    node.check_computed("NumTotalMercancias", Decimal(len(items)))
    autotransporte = _autotransporte(node.child("Autotransporte", _AUTO_KEYS))
    if autotransporte is None:
        raise node.error("Autotransporte", "es obligatorio (solo se admite autotransporte federal)")
    return Mercancias(
        **fields,
        peso_bruto_total=peso,
        num_total_mercancias=len(items),
        mercancias=items,
        autotransporte=autotransporte,
    )


def _figuras(cp: InputNode) -> tuple[TiposFigura, ...]:
    return tuple(
        TiposFigura(
            **_fields(node, TIPOS_FIGURA_ATTRS),
            partes_transporte=tuple(
                p.required_text("ParteTransporte")
                for p in node.children("PartesTransporte", _PARTE_KEYS)
            ),
            domicilio=_domicilio(node),
        )
        for node in cp.children("FiguraTransporte", _FIGURA_KEYS)
    )


def carta_porte_from_input(
    complemento: InputNode, comprobante: Comprobante, catalogs: Catalogs
) -> RawXml:
    """The Carta Porte 3.1 complement the input's `Complemento.CartaPorte` describes."""
    del catalogs  # SAT's Carta Porte catalogs are checked against the XSD's enumerations
    cp = complemento.child("CartaPorte", _CP_KEYS)
    assert cp is not None  # build asks only when the key is there
    if comprobante.tipo_de_comprobante not in ("T", "I"):
        raise complemento.error(
            "CartaPorte", "solo se admite en comprobantes de traslado (T) o de ingreso (I)"
        )
    version = cp.text("Version", required=False)
    if version not in (None, VERSION):
        raise cp.error("Version", f"debe ser {VERSION}")
    id_ccp = cp.text("IdCCP", required=False)
    if id_ccp is None:
        id_ccp = new_id_ccp()
    elif not _ID_CCP.fullmatch(id_ccp):
        raise cp.error(
            "IdCCP", "debe ser «CCC» seguido de 5-4-4-4-12 dígitos hexadecimales (36 caracteres)"
        )
    ubicaciones = _ubicaciones(cp)
    distancias = [
        u.distancia_recorrida
        for u in ubicaciones
        if u.tipo_ubicacion == _DESTINO and u.distancia_recorrida is not None
    ]
    if len(distancias) != sum(u.tipo_ubicacion == _DESTINO for u in ubicaciones):
        raise cp.error(
            "Ubicaciones", "cada ubicación Destino del autotransporte lleva DistanciaRecorrida"
        )
    total_dist = sum(distancias, Decimal(0))
    if total_dist > _MAX_DISTANCIA:
        raise cp.error(
            "Ubicaciones",
            f"la suma de DistanciaRecorrida excede {_MAX_DISTANCIA} km (TotalDistRec)",
        )
    cp.check_computed("TotalDistRec", total_dist)
    regimenes = tuple(
        r.required_text("RegimenAduanero") for r in cp.children("RegimenesAduaneros", _REGIMEN_KEYS)
    )
    if len(regimenes) > 10:
        raise cp.error("RegimenesAduaneros", "admite a lo más diez regímenes aduaneros")
    model = CartaPorte(
        **_fields(cp, CARTA_PORTE_ATTRS, _COMPUTED),
        id_ccp=id_ccp,
        total_dist_rec=total_dist,
        regimenes_aduaneros=regimenes,
        ubicaciones=ubicaciones,
        mercancias=_mercancias(cp),
        figura_transporte=_figuras(cp),
    )
    if model.transp_internac not in ("Sí", "No"):
        raise cp.error("TranspInternac", "debe ser «Sí» o «No»")
    return carta_porte_to_raw(model)
