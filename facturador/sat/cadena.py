"""The cadena original: SAT's XSLT for any document, and a native builder for our own.

`CadenaXslt` runs SAT's `cadenaoriginal_4_0.xslt` (compiled once per process) and is the
authority. `cadena_original` builds the same string straight from a Comprobante for speed;
the tests compare both on every generated document. A complement adds its own values
(`RawXml.cadena`, filled by the complements we build); the native builder refuses documents
with any other complement but the TFD: their cadena comes from SAT's XSLT.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from lxml import etree

from facturador.sat.comprobante import Comprobante, Concepto, Impuestos
from facturador.sat.resources import resource_path
from facturador.sat.xml_safety import safe_parser
from facturador.sat.xml_writer import format_fecha

__all__ = ["CadenaXslt", "cadena_original", "cadena_xslt", "cadena_xslt_for", "tfd_cadena_xslt"]

_XML_SPACE = re.compile(r"[ \t\n\r]+")
_NEEDS_NORMALIZING = re.compile(r"[\t\n\r]|  |^ | $")


class CadenaXslt:
    """A compiled SAT stylesheet that turns a document into its cadena original."""

    def __init__(self, stylesheet: str) -> None:
        path = resource_path("xslt", stylesheet)
        self._transform = etree.XSLT(
            etree.parse(str(path), safe_parser()),
            access_control=etree.XSLTAccessControl.DENY_ALL,
        )

    def __call__(self, document: etree._Element | etree._ElementTree) -> str:
        return str(self._transform(document))


@functools.cache
def cadena_xslt() -> CadenaXslt:
    return CadenaXslt("cadenaoriginal_4_0.xslt")


_STYLESHEETS = {
    "4.0": "cadenaoriginal_4_0.xslt",
    "3.3": "cadenaoriginal_3_3.xslt",
    "3.2": "cadenaoriginal_3_2.xslt",
}


@functools.cache
def cadena_xslt_for(version: str) -> CadenaXslt | None:
    """SAT's stylesheet for a CFDI `version` (4.0, 3.3, 3.2), or None for other versions."""
    if version == "4.0":
        return cadena_xslt()
    stylesheet = _STYLESHEETS.get(version)
    return CadenaXslt(stylesheet) if stylesheet else None


@functools.cache
def tfd_cadena_xslt() -> CadenaXslt:
    return CadenaXslt("cadenaoriginal_TFD_1_1.xslt")


def _norm(value: str) -> str:
    """XPath normalize-space: only space, tab, CR and LF count as white space."""
    if _NEEDS_NORMALIZING.search(value) is None:
        return value
    return _XML_SPACE.sub(" ", value).strip(" ")


def _text(value: str | Decimal) -> str:
    return format(value, "f") if isinstance(value, Decimal) else _norm(value)


def _add(parts: list[str], *values: str | Decimal | None) -> None:
    """Opcional and Requerido alike: a missing value is skipped (our documents have every
    required one)."""
    parts.extend(_text(v) for v in values if v is not None)


_TFD_TAG = "{http://www.sat.gob.mx/TimbreFiscalDigital}TimbreFiscalDigital"


def cadena_original(c: Comprobante) -> str:
    """The cadena of a document whose complements (the TFD adds nothing) carry their own."""
    if any(raw.tag != _TFD_TAG and raw.cadena is None for raw in c.complementos) or any(
        x.complemento_concepto for x in c.conceptos
    ):
        raise ValueError("documents with complements need the XSLT cadena")
    parts: list[str] = []
    _add(parts, c.version, c.serie, c.folio, format_fecha(c), c.forma_pago, c.no_certificado)
    _add(parts, c.condiciones_de_pago, c.sub_total, c.descuento, c.moneda, c.tipo_cambio)
    _add(parts, c.total, c.tipo_de_comprobante, c.exportacion, c.metodo_pago)
    _add(parts, c.lugar_expedicion, c.confirmacion)
    if c.informacion_global is not None:
        g = c.informacion_global
        _add(parts, g.periodicidad, g.meses, g.anio)
    for group in c.cfdi_relacionados:
        _add(parts, group.tipo_relacion, *group.uuids)
    e, r = c.emisor, c.receptor
    _add(parts, e.rfc, e.nombre, e.regimen_fiscal, e.fac_atr_adquirente)
    _add(parts, r.rfc, r.nombre, r.domicilio_fiscal_receptor, r.residencia_fiscal)
    _add(parts, r.num_reg_id_trib, r.regimen_fiscal_receptor, r.uso_cfdi)
    for concepto in c.conceptos:
        _concepto(parts, concepto)
    if c.impuestos is not None:
        _document_impuestos(parts, c.impuestos)
    for raw in c.complementos:
        _add(parts, *(raw.cadena or ()))
    return "||" + "|".join(parts) + "||"


def _concepto(parts: list[str], x: Concepto) -> None:
    _add(parts, x.clave_prod_serv, x.no_identificacion, x.cantidad, x.clave_unidad, x.unidad)
    _add(parts, x.descripcion, x.valor_unitario, x.importe, x.descuento, x.objeto_imp)
    if x.impuestos is not None:
        for t in x.impuestos.traslados:
            _add(parts, t.base, t.impuesto, t.tipo_factor, t.tasa_o_cuota, t.importe)
        for r in x.impuestos.retenciones:
            _add(parts, r.base, r.impuesto, r.tipo_factor, r.tasa_o_cuota, r.importe)
    if x.a_cuenta_terceros is not None:
        t3 = x.a_cuenta_terceros
        _add(parts, t3.rfc_a_cuenta_terceros, t3.nombre_a_cuenta_terceros)
        _add(parts, t3.regimen_fiscal_a_cuenta_terceros, t3.domicilio_fiscal_a_cuenta_terceros)
    _add(parts, *x.informacion_aduanera)
    _add(parts, *x.cuenta_predial)
    for p in x.partes:
        _add(parts, p.clave_prod_serv, p.no_identificacion, p.cantidad, p.unidad)
        _add(parts, p.descripcion, p.valor_unitario, p.importe, *p.informacion_aduanera)


def _document_impuestos(parts: list[str], i: Impuestos) -> None:
    for r in i.retenciones:
        _add(parts, r.impuesto, r.importe)
    _add(parts, i.total_impuestos_retenidos)
    for t in i.traslados:
        _add(parts, t.base, t.impuesto, t.tipo_factor, t.tasa_o_cuota, t.importe)
    _add(parts, i.total_impuestos_trasladados)
