"""Serialize a Comprobante to CFDI 4.0 XML: SAT's namespaces, schemaLocation and child order.

Written by hand rather than through a tree: sealing is on the hot path and this is a fixed,
small shape. Attribute order follows Anexo 20 (it does not matter to SAT, but keeps output
stable). Complements kept as `RawXml` are copied in unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from facturador.sat.comprobante import (
    Comprobante,
    Concepto,
    Impuestos,
    Parte,
    Retencion,
    Traslado,
)

__all__ = ["CFDI_NS", "XSI_NS", "format_fecha", "to_xml"]

CFDI_NS = "http://www.sat.gob.mx/cfd/4"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_LOCATION = f"{CFDI_NS} http://www.sat.gob.mx/sitio_internet/cfd/4/cfdv40.xsd"
_CFD = "http://www.sat.gob.mx/sitio_internet/cfd"
# The xsi:schemaLocation pair of each complement we write, by its root element.
_COMPLEMENT_LOCATIONS = {
    "{http://www.sat.gob.mx/Pagos20}Pagos": (
        f"http://www.sat.gob.mx/Pagos20 {_CFD}/Pagos/Pagos20.xsd"
    ),
    "{http://www.sat.gob.mx/ComercioExterior20}ComercioExterior": (
        f"http://www.sat.gob.mx/ComercioExterior20 {_CFD}/ComercioExterior20/ComercioExterior20.xsd"
    ),
    "{http://www.sat.gob.mx/CartaPorte31}CartaPorte": (
        f"http://www.sat.gob.mx/CartaPorte31 {_CFD}/CartaPorte/CartaPorte31.xsd"
    ),
}
_NEEDS_ESCAPE = re.compile(r'[&<>"\t\n\r]')
_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\t": "&#9;",
    "\n": "&#10;",
    "\r": "&#13;",
}

Value = str | Decimal | None


def _escape(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)


def _attrs(pairs: Iterable[tuple[str, Value]]) -> str:
    parts = []
    for name, value in pairs:
        if value is None:
            continue
        text = format(value, "f") if isinstance(value, Decimal) else _escape(value)
        parts.append(f' {name}="{text}"')
    return "".join(parts)


def format_fecha(comprobante: Comprobante) -> str:
    return comprobante.fecha.strftime("%Y-%m-%dT%H:%M:%S")


def to_xml(comprobante: Comprobante) -> bytes:
    """The UTF-8 XML of the Comprobante, with declaration."""
    c = comprobante
    location = " ".join(
        [_SCHEMA_LOCATION]
        + [_COMPLEMENT_LOCATIONS[r.tag] for r in c.complementos if r.tag in _COMPLEMENT_LOCATIONS]
    )
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<cfdi:Comprobante xmlns:cfdi="{CFDI_NS}" xmlns:xsi="{XSI_NS}"'
        f' xsi:schemaLocation="{location}"',
        _attrs(
            (
                ("Version", c.version),
                ("Serie", c.serie),
                ("Folio", c.folio),
                ("Fecha", format_fecha(c)),
                ("Sello", c.sello),
                ("FormaPago", c.forma_pago),
                ("NoCertificado", c.no_certificado),
                ("Certificado", c.certificado),
                ("CondicionesDePago", c.condiciones_de_pago),
                ("SubTotal", c.sub_total),
                ("Descuento", c.descuento),
                ("Moneda", c.moneda),
                ("TipoCambio", c.tipo_cambio),
                ("Total", c.total),
                ("TipoDeComprobante", c.tipo_de_comprobante),
                ("Exportacion", c.exportacion),
                ("MetodoPago", c.metodo_pago),
                ("LugarExpedicion", c.lugar_expedicion),
                ("Confirmacion", c.confirmacion),
            )
        ),
        ">",
    ]
    _write_header_nodes(out, c)
    out.append("<cfdi:Conceptos>")
    out.extend(_concepto(concepto) for concepto in c.conceptos)
    out.append("</cfdi:Conceptos>")
    if c.impuestos is not None:
        out.append(_document_impuestos(c.impuestos))
    if c.complementos:
        out.append("<cfdi:Complemento>")
        out.extend(raw.xml.decode("utf-8") for raw in c.complementos)
        out.append("</cfdi:Complemento>")
    if c.addenda is not None:
        out.append(c.addenda.xml.decode("utf-8"))
    out.append("</cfdi:Comprobante>")
    return "".join(out).encode("utf-8")


def _write_header_nodes(out: list[str], c: Comprobante) -> None:
    if c.informacion_global is not None:
        g = c.informacion_global
        out.append(
            "<cfdi:InformacionGlobal"
            + _attrs((("Periodicidad", g.periodicidad), ("Meses", g.meses), ("Año", g.anio)))
            + "/>"
        )
    for group in c.cfdi_relacionados:
        out.append(f'<cfdi:CfdiRelacionados TipoRelacion="{_escape(group.tipo_relacion)}">')
        out.extend(f'<cfdi:CfdiRelacionado UUID="{_escape(u)}"/>' for u in group.uuids)
        out.append("</cfdi:CfdiRelacionados>")
    e, r = c.emisor, c.receptor
    out.append(
        "<cfdi:Emisor"
        + _attrs(
            (
                ("Rfc", e.rfc),
                ("Nombre", e.nombre),
                ("RegimenFiscal", e.regimen_fiscal),
                ("FacAtrAdquirente", e.fac_atr_adquirente),
            )
        )
        + "/><cfdi:Receptor"
        + _attrs(
            (
                ("Rfc", r.rfc),
                ("Nombre", r.nombre),
                ("DomicilioFiscalReceptor", r.domicilio_fiscal_receptor),
                ("ResidenciaFiscal", r.residencia_fiscal),
                ("NumRegIdTrib", r.num_reg_id_trib),
                ("RegimenFiscalReceptor", r.regimen_fiscal_receptor),
                ("UsoCFDI", r.uso_cfdi),
            )
        )
        + "/>"
    )


def _concepto(c: Concepto) -> str:
    head = "<cfdi:Concepto" + _attrs(
        (
            ("ClaveProdServ", c.clave_prod_serv),
            ("NoIdentificacion", c.no_identificacion),
            ("Cantidad", c.cantidad),
            ("ClaveUnidad", c.clave_unidad),
            ("Unidad", c.unidad),
            ("Descripcion", c.descripcion),
            ("ValorUnitario", c.valor_unitario),
            ("Importe", c.importe),
            ("Descuento", c.descuento),
            ("ObjetoImp", c.objeto_imp),
        )
    )
    body: list[str] = []
    if c.impuestos is not None:
        body.append(_concept_impuestos(c.impuestos))
    if c.a_cuenta_terceros is not None:
        t = c.a_cuenta_terceros
        body.append(
            "<cfdi:ACuentaTerceros"
            + _attrs(
                (
                    ("RfcACuentaTerceros", t.rfc_a_cuenta_terceros),
                    ("NombreACuentaTerceros", t.nombre_a_cuenta_terceros),
                    ("RegimenFiscalACuentaTerceros", t.regimen_fiscal_a_cuenta_terceros),
                    ("DomicilioFiscalACuentaTerceros", t.domicilio_fiscal_a_cuenta_terceros),
                )
            )
            + "/>"
        )
    body.extend(_pedimentos(c.informacion_aduanera))
    body.extend(f'<cfdi:CuentaPredial Numero="{_escape(n)}"/>' for n in c.cuenta_predial)
    if c.complemento_concepto:
        body.append("<cfdi:ComplementoConcepto>")
        body.extend(raw.xml.decode("utf-8") for raw in c.complemento_concepto)
        body.append("</cfdi:ComplementoConcepto>")
    body.extend(_parte(p) for p in c.partes)
    if not body:
        return head + "/>"
    return head + ">" + "".join(body) + "</cfdi:Concepto>"


def _pedimentos(numbers: tuple[str, ...]) -> Iterable[str]:
    return (f'<cfdi:InformacionAduanera NumeroPedimento="{_escape(n)}"/>' for n in numbers)


def _parte(p: Parte) -> str:
    head = "<cfdi:Parte" + _attrs(
        (
            ("ClaveProdServ", p.clave_prod_serv),
            ("NoIdentificacion", p.no_identificacion),
            ("Cantidad", p.cantidad),
            ("Unidad", p.unidad),
            ("Descripcion", p.descripcion),
            ("ValorUnitario", p.valor_unitario),
            ("Importe", p.importe),
        )
    )
    if not p.informacion_aduanera:
        return head + "/>"
    return head + ">" + "".join(_pedimentos(p.informacion_aduanera)) + "</cfdi:Parte>"


def _traslado(t: Traslado) -> str:
    return (
        "<cfdi:Traslado"
        + _attrs(
            (
                ("Base", t.base),
                ("Impuesto", t.impuesto),
                ("TipoFactor", t.tipo_factor),
                ("TasaOCuota", t.tasa_o_cuota),
                ("Importe", t.importe),
            )
        )
        + "/>"
    )


def _retencion(r: Retencion) -> str:
    return (
        "<cfdi:Retencion"
        + _attrs(
            (
                ("Base", r.base),
                ("Impuesto", r.impuesto),
                ("TipoFactor", r.tipo_factor),
                ("TasaOCuota", r.tasa_o_cuota),
                ("Importe", r.importe),
            )
        )
        + "/>"
    )


def _concept_impuestos(i: Impuestos) -> str:
    out = ["<cfdi:Impuestos>"]
    if i.traslados:
        out.append("<cfdi:Traslados>" + "".join(map(_traslado, i.traslados)) + "</cfdi:Traslados>")
    if i.retenciones:
        out.append(
            "<cfdi:Retenciones>" + "".join(map(_retencion, i.retenciones)) + "</cfdi:Retenciones>"
        )
    out.append("</cfdi:Impuestos>")
    return "".join(out)


def _document_impuestos(i: Impuestos) -> str:
    out = [
        "<cfdi:Impuestos"
        + _attrs(
            (
                ("TotalImpuestosRetenidos", i.total_impuestos_retenidos),
                ("TotalImpuestosTrasladados", i.total_impuestos_trasladados),
            )
        )
        + ">"
    ]
    if i.retenciones:
        out.append(
            "<cfdi:Retenciones>" + "".join(map(_retencion, i.retenciones)) + "</cfdi:Retenciones>"
        )
    if i.traslados:
        out.append("<cfdi:Traslados>" + "".join(map(_traslado, i.traslados)) + "</cfdi:Traslados>")
    out.append("</cfdi:Impuestos>")
    return "".join(out)
