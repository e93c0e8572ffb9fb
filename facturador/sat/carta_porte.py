"""Complemento Carta Porte 3.1, road transport (Autotransporte): the model and its XML.

Modelled: the root attributes, RegimenesAduaneros, Ubicaciones (with Domicilio), Mercancias
with each Mercancia's DocumentacionAduanera, GuiasIdentificacion, CantidadTransporta and
DetalleMercancia, Autotransporte (IdentificacionVehicular, Seguros, Remolques) and
FiguraTransporte (TiposFigura with PartesTransporte and Domicilio). TransporteMaritimo,
TransporteAereo and TransporteFerroviario are NOT modelled: `parse_carta_porte` ignores them
(a parsed document that has them does not round-trip them).

Attribute values are kept as the text written in the XML (SAT's cadena uses that text), except
the amounts the input computes (DistanciaRecorrida, TotalDistRec, PesoEnKg, PesoBrutoTotal,
NumTotalMercancias). The cadena follows resources/xslt/CartaPorte31.xslt: every node's
attributes in the stylesheet's order, then its children in document order, which is the
order in which `carta_porte_to_xml` writes them. The JSON input (`Complemento.CartaPorte`) is
read by `facturador.sat._carta_porte_input`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from facturador.sat._xml_attrs import decimal_attr, node_path, required_attr
from facturador.sat.comprobante import Comprobante, RawXml
from facturador.sat.errors import ComprobanteInputError
from facturador.sat.xml_safety import parse_xml

__all__ = [
    "AUTOTRANSPORTE_ATTRS",
    "CANTIDAD_TRANSPORTA_ATTRS",
    "CARTA_PORTE_ATTRS",
    "CARTA_PORTE_NS",
    "CARTA_PORTE_TAG",
    "DETALLE_MERCANCIA_ATTRS",
    "DOCUMENTACION_ADUANERA_ATTRS",
    "DOMICILIO_ATTRS",
    "GUIAS_IDENTIFICACION_ATTRS",
    "IDENTIFICACION_VEHICULAR_ATTRS",
    "MERCANCIAS_ATTRS",
    "MERCANCIA_ATTRS",
    "REMOLQUE_ATTRS",
    "SEGUROS_ATTRS",
    "TIPOS_FIGURA_ATTRS",
    "UBICACION_ATTRS",
    "VERSION",
    "Attr",
    "Autotransporte",
    "CantidadTransporta",
    "CartaPorte",
    "DetalleMercancia",
    "DocumentacionAduanera",
    "Domicilio",
    "GuiasIdentificacion",
    "IdentificacionVehicular",
    "Mercancia",
    "Mercancias",
    "Remolque",
    "Seguros",
    "TiposFigura",
    "Ubicacion",
    "carta_porte_cadena",
    "carta_porte_to_raw",
    "carta_porte_to_xml",
    "find_carta_porte",
    "parse_carta_porte",
]

CARTA_PORTE_NS = "http://www.sat.gob.mx/CartaPorte31"
CARTA_PORTE_TAG = f"{{{CARTA_PORTE_NS}}}CartaPorte"
VERSION = "3.1"
_C = f"{{{CARTA_PORTE_NS}}}"
_PREFIX = "cartaporte31"

# (XML attribute, field name, required, kind) in the order of SAT's XSLT; kind "s" is text,
# "d" a Decimal, "i" an int.
Attr = tuple[str, str, bool, str]


def _t(*specs: str) -> tuple[Attr, ...]:
    """Attribute specs written "XmlName field [req] [d|i]"."""
    out = []
    for spec in specs:
        xml_name, field, *flags = spec.split()
        kind = "d" if "d" in flags else "i" if "i" in flags else "s"
        out.append((xml_name, field, "req" in flags, kind))
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class Domicilio:
    estado: str
    pais: str
    codigo_postal: str
    calle: str | None = None
    numero_exterior: str | None = None
    numero_interior: str | None = None
    colonia: str | None = None
    localidad: str | None = None
    referencia: str | None = None
    municipio: str | None = None


DOMICILIO_ATTRS = _t(
    "Calle calle", "NumeroExterior numero_exterior", "NumeroInterior numero_interior",
    "Colonia colonia", "Localidad localidad", "Referencia referencia", "Municipio municipio",
    "Estado estado req", "Pais pais req", "CodigoPostal codigo_postal req",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Ubicacion:
    tipo_ubicacion: str
    rfc_remitente_destinatario: str
    fecha_hora_salida_llegada: str
    id_ubicacion: str | None = None
    nombre_remitente_destinatario: str | None = None
    num_reg_id_trib: str | None = None
    residencia_fiscal: str | None = None
    num_estacion: str | None = None
    nombre_estacion: str | None = None
    navegacion_trafico: str | None = None
    tipo_estacion: str | None = None
    distancia_recorrida: Decimal | None = None
    domicilio: Domicilio | None = None


UBICACION_ATTRS = _t(
    "TipoUbicacion tipo_ubicacion req", "IDUbicacion id_ubicacion",
    "RFCRemitenteDestinatario rfc_remitente_destinatario req",
    "NombreRemitenteDestinatario nombre_remitente_destinatario",
    "NumRegIdTrib num_reg_id_trib", "ResidenciaFiscal residencia_fiscal",
    "NumEstacion num_estacion", "NombreEstacion nombre_estacion",
    "NavegacionTrafico navegacion_trafico",
    "FechaHoraSalidaLlegada fecha_hora_salida_llegada req", "TipoEstacion tipo_estacion",
    "DistanciaRecorrida distancia_recorrida d",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentacionAduanera:
    tipo_documento: str
    num_pedimento: str | None = None
    ident_doc_aduanero: str | None = None
    rfc_impo: str | None = None


DOCUMENTACION_ADUANERA_ATTRS = _t(
    "TipoDocumento tipo_documento req", "NumPedimento num_pedimento",
    "IdentDocAduanero ident_doc_aduanero", "RFCImpo rfc_impo",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class GuiasIdentificacion:
    numero_guia_identificacion: str
    descrip_guia_identificacion: str
    peso_guia_identificacion: str


GUIAS_IDENTIFICACION_ATTRS = _t(
    "NumeroGuiaIdentificacion numero_guia_identificacion req",
    "DescripGuiaIdentificacion descrip_guia_identificacion req",
    "PesoGuiaIdentificacion peso_guia_identificacion req",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class CantidadTransporta:
    cantidad: str
    id_origen: str
    id_destino: str
    cves_transporte: str | None = None


CANTIDAD_TRANSPORTA_ATTRS = _t(
    "Cantidad cantidad req", "IDOrigen id_origen req", "IDDestino id_destino req",
    "CvesTransporte cves_transporte",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class DetalleMercancia:
    unidad_peso_merc: str
    peso_bruto: str
    peso_neto: str
    peso_tara: str
    num_piezas: str | None = None


DETALLE_MERCANCIA_ATTRS = _t(
    "UnidadPesoMerc unidad_peso_merc req", "PesoBruto peso_bruto req",
    "PesoNeto peso_neto req", "PesoTara peso_tara req", "NumPiezas num_piezas",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Mercancia:
    bienes_transp: str
    descripcion: str
    cantidad: str
    clave_unidad: str
    peso_en_kg: Decimal
    clave_stcc: str | None = None
    unidad: str | None = None
    dimensiones: str | None = None
    material_peligroso: str | None = None
    cve_material_peligroso: str | None = None
    embalaje: str | None = None
    descrip_embalaje: str | None = None
    sector_cofepris: str | None = None
    nombre_ingrediente_activo: str | None = None
    nom_quimico: str | None = None
    denominacion_generica_prod: str | None = None
    denominacion_distintiva_prod: str | None = None
    fabricante: str | None = None
    fecha_caducidad: str | None = None
    lote_medicamento: str | None = None
    forma_farmaceutica: str | None = None
    condiciones_esp_transp: str | None = None
    registro_sanitario_folio_autorizacion: str | None = None
    permiso_importacion: str | None = None
    folio_impo_vucem: str | None = None
    num_cas: str | None = None
    razon_social_emp_imp: str | None = None
    num_reg_san_plag_cofepris: str | None = None
    datos_fabricante: str | None = None
    datos_formulador: str | None = None
    datos_maquilador: str | None = None
    uso_autorizado: str | None = None
    valor_mercancia: str | None = None
    moneda: str | None = None
    fraccion_arancelaria: str | None = None
    uuid_comercio_ext: str | None = None
    tipo_materia: str | None = None
    descripcion_materia: str | None = None
    documentacion_aduanera: tuple[DocumentacionAduanera, ...] = ()
    guias_identificacion: tuple[GuiasIdentificacion, ...] = ()
    cantidad_transporta: tuple[CantidadTransporta, ...] = ()
    detalle_mercancia: DetalleMercancia | None = None


MERCANCIA_ATTRS = _t(
    "BienesTransp bienes_transp req", "ClaveSTCC clave_stcc", "Descripcion descripcion req",
    "Cantidad cantidad req", "ClaveUnidad clave_unidad req", "Unidad unidad",
    "Dimensiones dimensiones", "MaterialPeligroso material_peligroso",
    "CveMaterialPeligroso cve_material_peligroso", "Embalaje embalaje",
    "DescripEmbalaje descrip_embalaje", "SectorCOFEPRIS sector_cofepris",
    "NombreIngredienteActivo nombre_ingrediente_activo", "NomQuimico nom_quimico",
    "DenominacionGenericaProd denominacion_generica_prod",
    "DenominacionDistintivaProd denominacion_distintiva_prod", "Fabricante fabricante",
    "FechaCaducidad fecha_caducidad", "LoteMedicamento lote_medicamento",
    "FormaFarmaceutica forma_farmaceutica", "CondicionesEspTransp condiciones_esp_transp",
    "RegistroSanitarioFolioAutorizacion registro_sanitario_folio_autorizacion",
    "PermisoImportacion permiso_importacion", "FolioImpoVUCEM folio_impo_vucem",
    "NumCAS num_cas", "RazonSocialEmpImp razon_social_emp_imp",
    "NumRegSanPlagCOFEPRIS num_reg_san_plag_cofepris", "DatosFabricante datos_fabricante",
    "DatosFormulador datos_formulador", "DatosMaquilador datos_maquilador",
    "UsoAutorizado uso_autorizado", "PesoEnKg peso_en_kg req d",
    "ValorMercancia valor_mercancia", "Moneda moneda",
    "FraccionArancelaria fraccion_arancelaria", "UUIDComercioExt uuid_comercio_ext",
    "TipoMateria tipo_materia", "DescripcionMateria descripcion_materia",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class IdentificacionVehicular:
    config_vehicular: str
    peso_bruto_vehicular: str
    placa_vm: str
    anio_modelo_vm: str


IDENTIFICACION_VEHICULAR_ATTRS = _t(
    "ConfigVehicular config_vehicular req", "PesoBrutoVehicular peso_bruto_vehicular req",
    "PlacaVM placa_vm req", "AnioModeloVM anio_modelo_vm req",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Seguros:
    asegura_resp_civil: str
    poliza_resp_civil: str
    asegura_med_ambiente: str | None = None
    poliza_med_ambiente: str | None = None
    asegura_carga: str | None = None
    poliza_carga: str | None = None
    prima_seguro: str | None = None


SEGUROS_ATTRS = _t(
    "AseguraRespCivil asegura_resp_civil req", "PolizaRespCivil poliza_resp_civil req",
    "AseguraMedAmbiente asegura_med_ambiente", "PolizaMedAmbiente poliza_med_ambiente",
    "AseguraCarga asegura_carga", "PolizaCarga poliza_carga", "PrimaSeguro prima_seguro",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Remolque:
    sub_tipo_rem: str
    placa: str


REMOLQUE_ATTRS = _t("SubTipoRem sub_tipo_rem req", "Placa placa req")


@dataclass(frozen=True, slots=True, kw_only=True)
class Autotransporte:
    perm_sct: str
    num_permiso_sct: str
    identificacion_vehicular: IdentificacionVehicular
    seguros: Seguros
    remolques: tuple[Remolque, ...] = ()


AUTOTRANSPORTE_ATTRS = _t("PermSCT perm_sct req", "NumPermisoSCT num_permiso_sct req")


@dataclass(frozen=True, slots=True, kw_only=True)
class Mercancias:
    peso_bruto_total: Decimal
    unidad_peso: str
    num_total_mercancias: int
    mercancias: tuple[Mercancia, ...]
    peso_neto_total: str | None = None
    cargo_por_tasacion: str | None = None
    logistica_inversa_recoleccion_devolucion: str | None = None
    autotransporte: Autotransporte | None = None


MERCANCIAS_ATTRS = _t(
    "PesoBrutoTotal peso_bruto_total req d", "UnidadPeso unidad_peso req",
    "PesoNetoTotal peso_neto_total", "NumTotalMercancias num_total_mercancias req i",
    "CargoPorTasacion cargo_por_tasacion",
    "LogisticaInversaRecoleccionDevolucion logistica_inversa_recoleccion_devolucion",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class TiposFigura:
    tipo_figura: str
    nombre_figura: str
    rfc_figura: str | None = None
    num_licencia: str | None = None
    num_reg_id_trib_figura: str | None = None
    residencia_fiscal_figura: str | None = None
    partes_transporte: tuple[str, ...] = ()
    domicilio: Domicilio | None = None


TIPOS_FIGURA_ATTRS = _t(
    "TipoFigura tipo_figura req", "RFCFigura rfc_figura", "NumLicencia num_licencia",
    "NombreFigura nombre_figura req", "NumRegIdTribFigura num_reg_id_trib_figura",
    "ResidenciaFiscalFigura residencia_fiscal_figura",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class CartaPorte:
    id_ccp: str
    transp_internac: str
    ubicaciones: tuple[Ubicacion, ...]
    mercancias: Mercancias
    version: str = VERSION
    entrada_salida_merc: str | None = None
    pais_origen_destino: str | None = None
    via_entrada_salida: str | None = None
    total_dist_rec: Decimal | None = None
    registro_istmo: str | None = None
    ubicacion_polo_origen: str | None = None
    ubicacion_polo_destino: str | None = None
    regimenes_aduaneros: tuple[str, ...] = ()
    figura_transporte: tuple[TiposFigura, ...] = ()


CARTA_PORTE_ATTRS = _t(
    "Version version req", "IdCCP id_ccp req", "TranspInternac transp_internac req",
    "EntradaSalidaMerc entrada_salida_merc", "PaisOrigenDestino pais_origen_destino",
    "ViaEntradaSalida via_entrada_salida", "TotalDistRec total_dist_rec d",
    "RegistroISTMO registro_istmo", "UbicacionPoloOrigen ubicacion_polo_origen",
    "UbicacionPoloDestino ubicacion_polo_destino",
)  # fmt: skip


# ---------------------------------------------------------------- XML and cadena

# A node ready to write: element name, attributes (name, text) present, children.
_Node = tuple[str, tuple[tuple[str, str], ...], tuple["_Node", ...]]


def _text(value: object) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _node(name: str, obj: object, attrs: Iterable[Attr], children: Iterable[_Node] = ()) -> _Node:
    pairs = []
    for xml_name, field, _required, _kind in attrs:
        value = getattr(obj, field)
        if value is not None:
            pairs.append((xml_name, _text(value)))
    return (name, tuple(pairs), tuple(children))


def _bare(name: str, children: Iterable[_Node]) -> _Node:
    return (name, (), tuple(children))


def _domicilio(d: Domicilio | None) -> Iterator[_Node]:
    if d is not None:
        yield _node("Domicilio", d, DOMICILIO_ATTRS)


def _mercancia(m: Mercancia) -> _Node:
    children = [
        *(_node("DocumentacionAduanera", d, DOCUMENTACION_ADUANERA_ATTRS)
          for d in m.documentacion_aduanera),
        *(_node("GuiasIdentificacion", g, GUIAS_IDENTIFICACION_ATTRS)
          for g in m.guias_identificacion),
        *(_node("CantidadTransporta", c, CANTIDAD_TRANSPORTA_ATTRS)
          for c in m.cantidad_transporta),
    ]  # fmt: skip
    if m.detalle_mercancia is not None:
        children.append(_node("DetalleMercancia", m.detalle_mercancia, DETALLE_MERCANCIA_ATTRS))
    return _node("Mercancia", m, MERCANCIA_ATTRS, children)


def _autotransporte(a: Autotransporte) -> _Node:
    children = [
        _node("IdentificacionVehicular", a.identificacion_vehicular,
              IDENTIFICACION_VEHICULAR_ATTRS),
        _node("Seguros", a.seguros, SEGUROS_ATTRS),
    ]  # fmt: skip
    if a.remolques:
        children.append(
            _bare("Remolques", (_node("Remolque", r, REMOLQUE_ATTRS) for r in a.remolques))
        )
    return _node("Autotransporte", a, AUTOTRANSPORTE_ATTRS, children)


def _tree(cp: CartaPorte) -> _Node:
    children: list[_Node] = []
    if cp.regimenes_aduaneros:
        children.append(
            _bare(
                "RegimenesAduaneros",
                (
                    ("RegimenAduaneroCCP", (("RegimenAduanero", r),), ())
                    for r in cp.regimenes_aduaneros
                ),
            )
        )
    children.append(
        _bare(
            "Ubicaciones",
            (
                _node("Ubicacion", u, UBICACION_ATTRS, _domicilio(u.domicilio))
                for u in cp.ubicaciones
            ),
        )
    )
    m = cp.mercancias
    merc_children = [_mercancia(x) for x in m.mercancias]
    if m.autotransporte is not None:
        merc_children.append(_autotransporte(m.autotransporte))
    children.append(_node("Mercancias", m, MERCANCIAS_ATTRS, merc_children))
    if cp.figura_transporte:
        children.append(
            _bare(
                "FiguraTransporte",
                (
                    _node(
                        "TiposFigura",
                        f,
                        TIPOS_FIGURA_ATTRS,
                        [
                            *(
                                ("PartesTransporte", (("ParteTransporte", p),), ())
                                for p in f.partes_transporte
                            ),
                            *_domicilio(f.domicilio),
                        ],
                    )
                    for f in cp.figura_transporte
                ),
            )
        )
    return _node("CartaPorte", cp, CARTA_PORTE_ATTRS, children)


def _write(node: _Node, out: list[str]) -> None:
    name, attrs, children = node
    out.append(f"<{_PREFIX}:{name}")
    out.extend(f' {k}="{escape(v, {chr(34): "&quot;"})}"' for k, v in attrs)
    if not children:
        out.append("/>")
        return
    out.append(">")
    for child in children:
        _write(child, out)
    out.append(f"</{_PREFIX}:{name}>")


def _values(node: _Node, out: list[str]) -> None:
    out.extend(v for _k, v in node[1])
    for child in node[2]:
        _values(child, out)


def carta_porte_to_xml(cp: CartaPorte) -> bytes:
    """The `cartaporte31:CartaPorte` element, with its namespace declaration."""
    out: list[str] = []
    _write(_tree(cp), out)
    head = f"<{_PREFIX}:CartaPorte"
    out[0] = f'{head} xmlns:{_PREFIX}="{CARTA_PORTE_NS}"'
    return "".join(out).encode("utf-8")


def carta_porte_cadena(cp: CartaPorte) -> tuple[str, ...]:
    """The complement's values for the cadena original, in CartaPorte31.xslt's order."""
    out: list[str] = []
    _values(_tree(cp), out)
    return tuple(out)


def carta_porte_to_raw(cp: CartaPorte) -> RawXml:
    return RawXml(xml=carta_porte_to_xml(cp), tag=CARTA_PORTE_TAG, cadena=carta_porte_cadena(cp))


# ---------------------------------------------------------------- reading XML


def _fields(e: etree._Element, attrs: Iterable[Attr]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for xml_name, field, required, kind in attrs:
        if required:
            required_attr(e, xml_name)
        if kind == "d":
            values[field] = decimal_attr(e, xml_name)
        elif kind == "i":
            raw = e.get(xml_name)
            if raw is not None and not raw.strip().isdigit():
                raise ComprobanteInputError(f"{node_path(e)}/@{xml_name}", "no es un número entero")
            values[field] = None if raw is None else int(raw)
        else:
            values[field] = e.get(xml_name)
    return values


def _one(e: etree._Element, name: str, required: bool) -> etree._Element | None:
    found = e.find(f"{_C}{name}")
    if found is None and required:
        raise ComprobanteInputError(node_path(e), f"falta el nodo {name}")
    return found


def _read_domicilio(e: etree._Element) -> Domicilio | None:
    d = _one(e, "Domicilio", False)
    return None if d is None else Domicilio(**_fields(d, DOMICILIO_ATTRS))


def _read_mercancia(e: etree._Element) -> Mercancia:
    detalle = _one(e, "DetalleMercancia", False)
    return Mercancia(
        **_fields(e, MERCANCIA_ATTRS),
        documentacion_aduanera=tuple(
            DocumentacionAduanera(**_fields(x, DOCUMENTACION_ADUANERA_ATTRS))
            for x in e.iterfind(f"{_C}DocumentacionAduanera")
        ),
        guias_identificacion=tuple(
            GuiasIdentificacion(**_fields(x, GUIAS_IDENTIFICACION_ATTRS))
            for x in e.iterfind(f"{_C}GuiasIdentificacion")
        ),
        cantidad_transporta=tuple(
            CantidadTransporta(**_fields(x, CANTIDAD_TRANSPORTA_ATTRS))
            for x in e.iterfind(f"{_C}CantidadTransporta")
        ),
        detalle_mercancia=None
        if detalle is None
        else DetalleMercancia(**_fields(detalle, DETALLE_MERCANCIA_ATTRS)),
    )


def _read_autotransporte(e: etree._Element | None) -> Autotransporte | None:
    if e is None:
        return None
    vehiculo = _one(e, "IdentificacionVehicular", True)
    seguros = _one(e, "Seguros", True)
    assert vehiculo is not None
    assert seguros is not None
    return Autotransporte(
        **_fields(e, AUTOTRANSPORTE_ATTRS),
        identificacion_vehicular=IdentificacionVehicular(
            **_fields(vehiculo, IDENTIFICACION_VEHICULAR_ATTRS)
        ),
        seguros=Seguros(**_fields(seguros, SEGUROS_ATTRS)),
        remolques=tuple(
            Remolque(**_fields(r, REMOLQUE_ATTRS))
            for r in e.iterfind(f"{_C}Remolques/{_C}Remolque")
        ),
    )


def parse_carta_porte(raw: RawXml | bytes) -> CartaPorte:
    """The CartaPorte of a `cartaporte31:CartaPorte` element (road transport; other modes are
    skipped); ComprobanteInputError if it cannot be read."""
    root = parse_xml(raw.xml if isinstance(raw, RawXml) else raw)
    if root.tag != CARTA_PORTE_TAG:
        raise ComprobanteInputError(node_path(root), "no es un complemento cartaporte31:CartaPorte")
    mercancias = _one(root, "Mercancias", True)
    assert mercancias is not None
    return CartaPorte(
        **_fields(root, CARTA_PORTE_ATTRS),
        regimenes_aduaneros=tuple(
            required_attr(r, "RegimenAduanero")
            for r in root.iterfind(f"{_C}RegimenesAduaneros/{_C}RegimenAduaneroCCP")
        ),
        ubicaciones=tuple(
            Ubicacion(**_fields(u, UBICACION_ATTRS), domicilio=_read_domicilio(u))
            for u in root.iterfind(f"{_C}Ubicaciones/{_C}Ubicacion")
        ),
        mercancias=Mercancias(
            **_fields(mercancias, MERCANCIAS_ATTRS),
            mercancias=tuple(_read_mercancia(m) for m in mercancias.iterfind(f"{_C}Mercancia")),
            autotransporte=_read_autotransporte(_one(mercancias, "Autotransporte", False)),
        ),
        figura_transporte=tuple(
            TiposFigura(
                **_fields(f, TIPOS_FIGURA_ATTRS),
                partes_transporte=tuple(
                    required_attr(p, "ParteTransporte") for p in f.iterfind(f"{_C}PartesTransporte")
                ),
                domicilio=_read_domicilio(f),
            )
            for f in root.iterfind(f"{_C}FiguraTransporte/{_C}TiposFigura")
        ),
    )


def find_carta_porte(comprobante: Comprobante) -> CartaPorte | None:
    """The document's Carta Porte 3.1 complement, read; None if it has none."""
    for raw in comprobante.complementos:
        if raw.tag == CARTA_PORTE_TAG:
            return parse_carta_porte(raw)
    return None
