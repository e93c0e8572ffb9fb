"""The Sello: cadena original from SAT's XSLT, SHA256withRSA against the embedded Certificado.

`sello_valido` means the signature verifies with the Certificado of the document. Findings
besides a bad signature (CFDI40102): a Certificado that cannot be read (SELLO01), a
NoCertificado that is not the certificate's serial (SELLO02), an e.firma or a certificate
not valid at the document's Fecha (CFDI40106; Fecha is read as central Mexico time, UTC−6).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import timedelta, timezone

from lxml import etree

from facturador.sat.cadena import cadena_xslt
from facturador.sat.comprobante import Comprobante
from facturador.sat.validation.certificates import certificate_from_base64
from facturador.sat.validation.messages import text
from facturador.sat.validation.paths import COMPROBANTE, attr
from facturador.sat.validation.report import Finding

__all__ = ["SelloResult", "check_sello"]

_MEXICO_CENTRO = timezone(timedelta(hours=-6))


@dataclass(frozen=True, slots=True)
class SelloResult:
    valido: bool | None
    errores: list[Finding] = field(default_factory=list)


def check_sello(root: etree._Element, comprobante: Comprobante) -> SelloResult:
    """Check the Sello of `root` (the parsed bytes, never re-serialized)."""
    if comprobante.sello is None:
        return SelloResult(None)
    certificado = comprobante.certificado
    certificate = certificate_from_base64(certificado) if certificado else None
    if certificate is None:
        detalle = "no está" if not certificado else "no se puede leer"
        finding = Finding(
            "SELLO01", text("SELLO01", detalle=detalle), attr(COMPROBANTE, "Certificado")
        )
        return SelloResult(False, [finding])
    errores = []
    if comprobante.no_certificado != certificate.no_certificado:
        errores.append(Finding("SELLO02", text("SELLO02", valor=comprobante.no_certificado,
                                               esperado=certificate.no_certificado),
                               attr(COMPROBANTE, "NoCertificado")))  # fmt: skip
    fecha = comprobante.fecha.replace(tzinfo=_MEXICO_CENTRO)
    ruta = attr(COMPROBANTE, "Certificado")
    if not certificate.is_csd:
        errores.append(
            Finding("CFDI40106", text("CFDI40106", no_certificado=certificate.no_certificado), ruta)
        )
    elif not certificate.is_valid_at(fecha):
        mensaje = text("CFDI40106.vigencia", no_certificado=certificate.no_certificado,
                       fecha=comprobante.fecha.isoformat())  # fmt: skip
        errores.append(Finding("CFDI40106", mensaje, ruta))
    try:
        signature = base64.b64decode(comprobante.sello, validate=True)
    except (binascii.Error, ValueError):
        errores.append(Finding("CFDI40102", text("CFDI40102.base64"), attr(COMPROBANTE, "Sello")))
        return SelloResult(False, errores)
    cadena = cadena_xslt()(root)
    valido = certificate.verify(cadena.encode("utf-8"), signature)
    if not valido:
        errores.append(Finding("CFDI40102", text("CFDI40102"), attr(COMPROBANTE, "Sello")))
    return SelloResult(valido, errores)
