"""Complemento de Comercio Exterior 2.0: the model, its XML, its cadena and reading it back.

The cadena values follow SAT's `ComercioExterior20.xslt`: the root's attributes (Version,
MotivoTraslado, ClaveDePedimento, CertificadoOrigen, NumCertificadoOrigen,
NumeroExportadorConfiable, Incoterm, Observaciones, TipoCambioUSD, TotalUSD), then Emisor
(Curp, Domicilio), every Propietario, Receptor (NumRegIdTrib, Domicilio), every Destinatario
(NumRegIdTrib, Nombre, its Domicilios) and every Mercancia (its attributes, then its
DescripcionesEspecificas). Optional values absent from the XML are left out.

The JSON input (`Complemento.ComercioExterior`) is read by
`facturador.sat._comercio_exterior_input`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from lxml import etree

from facturador.sat._xml_attrs import (
    decimal_attr,
    node_path,
    required_attr,
    required_decimal_attr,
)
from facturador.sat.comprobante import Comprobante, RawXml
from facturador.sat.errors import ComprobanteInputError
from facturador.sat.xml_safety import parse_xml

__all__ = [
    "CCE_NS",
    "CCE_TAG",
    "CCE_VERSION",
    "ComercioExterior",
    "DescripcionEspecifica",
    "Destinatario",
    "Domicilio",
    "Emisor",
    "Mercancia",
    "Propietario",
    "Receptor",
    "comercio_exterior_cadena",
    "comercio_exterior_to_raw",
    "comercio_exterior_to_xml",
    "find_comercio_exterior",
    "parse_comercio_exterior",
]

CCE_NS = "http://www.sat.gob.mx/ComercioExterior20"
CCE_TAG = f"{{{CCE_NS}}}ComercioExterior"
CCE_VERSION = "2.0"
_C = f"{{{CCE_NS}}}"

_Value = str | Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Domicilio:
    """A CCE address. In Emisor, Colonia/Localidad/Municipio/Estado are SAT catalog keys."""

    calle: str
    estado: str
    pais: str
    codigo_postal: str
    numero_exterior: str | None = None
    numero_interior: str | None = None
    colonia: str | None = None
    localidad: str | None = None
    referencia: str | None = None
    municipio: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Emisor:
    domicilio: Domicilio
    curp: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Propietario:
    num_reg_id_trib: str
    residencia_fiscal: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Receptor:
    num_reg_id_trib: str | None = None
    domicilio: Domicilio | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Destinatario:
    domicilios: tuple[Domicilio, ...]
    num_reg_id_trib: str | None = None
    nombre: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DescripcionEspecifica:
    marca: str
    modelo: str | None = None
    sub_modelo: str | None = None
    numero_serie: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Mercancia:
    no_identificacion: str
    valor_dolares: Decimal
    fraccion_arancelaria: str | None = None
    cantidad_aduana: Decimal | None = None
    unidad_aduana: str | None = None
    valor_unitario_aduana: Decimal | None = None
    descripciones_especificas: tuple[DescripcionEspecifica, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ComercioExterior:
    clave_de_pedimento: str
    certificado_origen: str
    tipo_cambio_usd: Decimal
    total_usd: Decimal
    mercancias: tuple[Mercancia, ...]
    version: str = CCE_VERSION
    motivo_traslado: str | None = None
    num_certificado_origen: str | None = None
    numero_exportador_confiable: str | None = None
    incoterm: str | None = None
    observaciones: str | None = None
    emisor: Emisor | None = None
    propietarios: tuple[Propietario, ...] = ()
    receptor: Receptor | None = None
    destinatarios: tuple[Destinatario, ...] = ()


# ---------------------------------------------------------------- attribute lists


def _text(value: str | Decimal) -> str:
    return format(value, "f") if isinstance(value, Decimal) else value


def _root_attrs(c: ComercioExterior) -> tuple[tuple[str, _Value], ...]:
    return (
        ("Version", c.version),
        ("MotivoTraslado", c.motivo_traslado),
        ("ClaveDePedimento", c.clave_de_pedimento),
        ("CertificadoOrigen", c.certificado_origen),
        ("NumCertificadoOrigen", c.num_certificado_origen),
        ("NumeroExportadorConfiable", c.numero_exportador_confiable),
        ("Incoterm", c.incoterm),
        ("Observaciones", c.observaciones),
        ("TipoCambioUSD", c.tipo_cambio_usd),
        ("TotalUSD", c.total_usd),
    )


def _domicilio_attrs(d: Domicilio) -> tuple[tuple[str, _Value], ...]:
    return (
        ("Calle", d.calle),
        ("NumeroExterior", d.numero_exterior),
        ("NumeroInterior", d.numero_interior),
        ("Colonia", d.colonia),
        ("Localidad", d.localidad),
        ("Referencia", d.referencia),
        ("Municipio", d.municipio),
        ("Estado", d.estado),
        ("Pais", d.pais),
        ("CodigoPostal", d.codigo_postal),
    )


def _mercancia_attrs(m: Mercancia) -> tuple[tuple[str, _Value], ...]:
    return (
        ("NoIdentificacion", m.no_identificacion),
        ("FraccionArancelaria", m.fraccion_arancelaria),
        ("CantidadAduana", m.cantidad_aduana),
        ("UnidadAduana", m.unidad_aduana),
        ("ValorUnitarioAduana", m.valor_unitario_aduana),
        ("ValorDolares", m.valor_dolares),
    )


def _descripcion_attrs(d: DescripcionEspecifica) -> tuple[tuple[str, _Value], ...]:
    return (
        ("Marca", d.marca),
        ("Modelo", d.modelo),
        ("SubModelo", d.sub_modelo),
        ("NumeroSerie", d.numero_serie),
    )


# ---------------------------------------------------------------- XML


def _attrs(pairs: Iterable[tuple[str, _Value]]) -> str:
    return "".join(
        f' {name}="{escape(_text(value), {chr(34): "&quot;"})}"'
        for name, value in pairs
        if value is not None
    )


def _domicilio_xml(d: Domicilio) -> str:
    return "<cce20:Domicilio" + _attrs(_domicilio_attrs(d)) + "/>"


def comercio_exterior_to_xml(cce: ComercioExterior) -> bytes:
    """The `cce20:ComercioExterior` element, with its namespace declaration."""
    out = [f'<cce20:ComercioExterior xmlns:cce20="{CCE_NS}"' + _attrs(_root_attrs(cce)) + ">"]
    if cce.emisor is not None:
        out.append("<cce20:Emisor" + _attrs((("Curp", cce.emisor.curp),)) + ">")
        out.append(_domicilio_xml(cce.emisor.domicilio))
        out.append("</cce20:Emisor>")
    out.extend(
        "<cce20:Propietario"
        + _attrs((("NumRegIdTrib", p.num_reg_id_trib), ("ResidenciaFiscal", p.residencia_fiscal)))
        + "/>"
        for p in cce.propietarios
    )
    if cce.receptor is not None:
        head = "<cce20:Receptor" + _attrs((("NumRegIdTrib", cce.receptor.num_reg_id_trib),))
        if cce.receptor.domicilio is None:
            out.append(head + "/>")
        else:
            out.append(head + ">" + _domicilio_xml(cce.receptor.domicilio) + "</cce20:Receptor>")
    for d in cce.destinatarios:
        out.append(
            "<cce20:Destinatario"
            + _attrs((("NumRegIdTrib", d.num_reg_id_trib), ("Nombre", d.nombre)))
            + ">"
        )
        out.extend(_domicilio_xml(dom) for dom in d.domicilios)
        out.append("</cce20:Destinatario>")
    out.append("<cce20:Mercancias>")
    for m in cce.mercancias:
        head = "<cce20:Mercancia" + _attrs(_mercancia_attrs(m))
        if not m.descripciones_especificas:
            out.append(head + "/>")
            continue
        out.append(head + ">")
        out.extend(
            "<cce20:DescripcionesEspecificas" + _attrs(_descripcion_attrs(e)) + "/>"
            for e in m.descripciones_especificas
        )
        out.append("</cce20:Mercancia>")
    out.append("</cce20:Mercancias></cce20:ComercioExterior>")
    return "".join(out).encode("utf-8")


def comercio_exterior_cadena(cce: ComercioExterior) -> tuple[str, ...]:
    """The complement's values for the cadena original, in ComercioExterior20.xslt's order."""
    pairs: list[tuple[str, _Value]] = list(_root_attrs(cce))
    if cce.emisor is not None:
        pairs.append(("Curp", cce.emisor.curp))
        pairs.extend(_domicilio_attrs(cce.emisor.domicilio))
    for p in cce.propietarios:
        pairs.extend(
            (("NumRegIdTrib", p.num_reg_id_trib), ("ResidenciaFiscal", p.residencia_fiscal))
        )
    if cce.receptor is not None:
        pairs.append(("NumRegIdTrib", cce.receptor.num_reg_id_trib))
        if cce.receptor.domicilio is not None:
            pairs.extend(_domicilio_attrs(cce.receptor.domicilio))
    for d in cce.destinatarios:
        pairs.extend((("NumRegIdTrib", d.num_reg_id_trib), ("Nombre", d.nombre)))
        for dom in d.domicilios:
            pairs.extend(_domicilio_attrs(dom))
    for m in cce.mercancias:
        pairs.extend(_mercancia_attrs(m))
        for e in m.descripciones_especificas:
            pairs.extend(_descripcion_attrs(e))
    return tuple(_text(value) for _, value in pairs if value is not None)


def comercio_exterior_to_raw(cce: ComercioExterior) -> RawXml:
    return RawXml(
        xml=comercio_exterior_to_xml(cce), tag=CCE_TAG, cadena=comercio_exterior_cadena(cce)
    )


# ---------------------------------------------------------------- reading XML


def _read_domicilio(e: etree._Element) -> Domicilio:
    return Domicilio(
        calle=required_attr(e, "Calle"),
        numero_exterior=e.get("NumeroExterior"),
        numero_interior=e.get("NumeroInterior"),
        colonia=e.get("Colonia"),
        localidad=e.get("Localidad"),
        referencia=e.get("Referencia"),
        municipio=e.get("Municipio"),
        estado=required_attr(e, "Estado"),
        pais=required_attr(e, "Pais"),
        codigo_postal=required_attr(e, "CodigoPostal"),
    )


def _required_domicilio(parent: etree._Element) -> Domicilio:
    found = parent.find(f"{_C}Domicilio")
    if found is None:
        raise ComprobanteInputError(node_path(parent), "falta el nodo Domicilio")
    return _read_domicilio(found)


def _read_emisor(root: etree._Element) -> Emisor | None:
    e = root.find(f"{_C}Emisor")
    if e is None:
        return None
    return Emisor(curp=e.get("Curp"), domicilio=_required_domicilio(e))


def _read_receptor(root: etree._Element) -> Receptor | None:
    e = root.find(f"{_C}Receptor")
    if e is None:
        return None
    domicilio = e.find(f"{_C}Domicilio")
    return Receptor(
        num_reg_id_trib=e.get("NumRegIdTrib"),
        domicilio=None if domicilio is None else _read_domicilio(domicilio),
    )


def _read_mercancia(e: etree._Element) -> Mercancia:
    return Mercancia(
        no_identificacion=required_attr(e, "NoIdentificacion"),
        fraccion_arancelaria=e.get("FraccionArancelaria"),
        cantidad_aduana=decimal_attr(e, "CantidadAduana"),
        unidad_aduana=e.get("UnidadAduana"),
        valor_unitario_aduana=decimal_attr(e, "ValorUnitarioAduana"),
        valor_dolares=required_decimal_attr(e, "ValorDolares"),
        descripciones_especificas=tuple(
            DescripcionEspecifica(
                marca=required_attr(d, "Marca"),
                modelo=d.get("Modelo"),
                sub_modelo=d.get("SubModelo"),
                numero_serie=d.get("NumeroSerie"),
            )
            for d in e.iterfind(f"{_C}DescripcionesEspecificas")
        ),
    )


def parse_comercio_exterior(raw: RawXml | bytes) -> ComercioExterior:
    """The model of a `cce20:ComercioExterior` element; ComprobanteInputError if unreadable."""
    root = parse_xml(raw.xml if isinstance(raw, RawXml) else raw)
    if root.tag != CCE_TAG:
        raise ComprobanteInputError(node_path(root), "no es un complemento cce20:ComercioExterior")
    if root.find(f"{_C}Mercancias") is None:
        raise ComprobanteInputError(node_path(root), "falta el nodo Mercancias")
    return ComercioExterior(
        version=required_attr(root, "Version"),
        motivo_traslado=root.get("MotivoTraslado"),
        clave_de_pedimento=required_attr(root, "ClaveDePedimento"),
        certificado_origen=required_attr(root, "CertificadoOrigen"),
        num_certificado_origen=root.get("NumCertificadoOrigen"),
        numero_exportador_confiable=root.get("NumeroExportadorConfiable"),
        incoterm=root.get("Incoterm"),
        observaciones=root.get("Observaciones"),
        tipo_cambio_usd=required_decimal_attr(root, "TipoCambioUSD"),
        total_usd=required_decimal_attr(root, "TotalUSD"),
        emisor=_read_emisor(root),
        propietarios=tuple(
            Propietario(
                num_reg_id_trib=required_attr(p, "NumRegIdTrib"),
                residencia_fiscal=required_attr(p, "ResidenciaFiscal"),
            )
            for p in root.iterfind(f"{_C}Propietario")
        ),
        receptor=_read_receptor(root),
        destinatarios=tuple(
            Destinatario(
                num_reg_id_trib=d.get("NumRegIdTrib"),
                nombre=d.get("Nombre"),
                domicilios=tuple(_read_domicilio(x) for x in d.iterfind(f"{_C}Domicilio")),
            )
            for d in root.iterfind(f"{_C}Destinatario")
        ),
        mercancias=tuple(
            _read_mercancia(m) for m in root.iterfind(f"{_C}Mercancias/{_C}Mercancia")
        ),
    )


def find_comercio_exterior(comprobante: Comprobante) -> ComercioExterior | None:
    """The document's Comercio Exterior 2.0 complement, read; None if it has none."""
    for raw in comprobante.complementos:
        if raw.tag == CCE_TAG:
            return parse_comercio_exterior(raw)
    return None
