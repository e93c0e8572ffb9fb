"""The Sello: cadena original from SAT's XSLT, RSA against the embedded Certificado.

`sello_valido` means the signature verifies with the Certificado of the document; a document
without a Sello has no seal that verifies: False, with SELLO03. Findings besides a bad
signature (CFDI40102): a Certificado that cannot be read (SELLO01), a NoCertificado that is
not the certificate's serial (SELLO02), an e.firma or a certificate not valid at the
document's Fecha (CFDI40106; Fecha is read as central Mexico time, UTC−6).

CFDI 4.0 and 3.3 are signed SHA256withRSA over their version's cadena; 3.2 and older
documents were signed with SHA-1 (SHA-256 is accepted too).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from lxml import etree

from facturador.sat.cadena import cadena_xslt_for
from facturador.sat.credentials import Certificate
from facturador.sat.validation.certificates import certificate_from_base64
from facturador.sat.validation.document import get
from facturador.sat.validation.messages import text
from facturador.sat.validation.paths import COMPROBANTE, attr
from facturador.sat.validation.report import Finding

__all__ = ["SelloResult", "check_sello"]

_MEXICO_CENTRO = timezone(timedelta(hours=-6))
_SHA256_VERSIONS = frozenset({"4.0", "3.3"})


@dataclass(frozen=True, slots=True)
class SelloResult:
    valido: bool | None
    errores: list[Finding] = field(default_factory=list)


def _certificate_findings(
    root: etree._Element, certificate: Certificate, fecha: datetime | None
) -> list[Finding]:
    errores = []
    no_certificado = get(root, "NoCertificado")
    if no_certificado != certificate.no_certificado:
        errores.append(Finding("SELLO02", text("SELLO02", valor=no_certificado,
                                               esperado=certificate.no_certificado),
                               attr(COMPROBANTE, "NoCertificado")))  # fmt: skip
    ruta = attr(COMPROBANTE, "Certificado")
    if not certificate.is_csd:
        errores.append(
            Finding("CFDI40106", text("CFDI40106", no_certificado=certificate.no_certificado), ruta)
        )
    elif fecha is not None and not certificate.is_valid_at(fecha.replace(tzinfo=_MEXICO_CENTRO)):
        mensaje = text("CFDI40106.vigencia", no_certificado=certificate.no_certificado,
                       fecha=fecha.isoformat())  # fmt: skip
        errores.append(Finding("CFDI40106", mensaje, ruta))
    return errores


def _verify_sha1(certificate: Certificate, data: bytes, signature: bytes) -> bool:
    try:
        certificate.public_key().verify(signature, data, padding.PKCS1v15(), hashes.SHA1())
    except InvalidSignature:
        return False
    return True


def _verifies(certificate: Certificate, version: str, cadena: str, signature: bytes) -> bool:
    data = cadena.encode("utf-8")
    if certificate.verify(data, signature):
        return True
    return version not in _SHA256_VERSIONS and _verify_sha1(certificate, data, signature)


def check_sello(root: etree._Element, fecha: datetime | None, version: str = "4.0") -> SelloResult:
    """Check the Sello of `root` (the parsed bytes, never re-serialized)."""
    sello = get(root, "Sello")
    if sello is None:
        return SelloResult(False, [Finding("SELLO03", text("SELLO03"), attr(COMPROBANTE, "Sello"))])
    certificado = get(root, "Certificado")
    certificate = certificate_from_base64(certificado) if certificado else None
    if certificate is None:
        detalle = "no está" if not certificado else "no se puede leer"
        finding = Finding(
            "SELLO01", text("SELLO01", detalle=detalle), attr(COMPROBANTE, "Certificado")
        )
        return SelloResult(False, [finding])
    errores = _certificate_findings(root, certificate, fecha)
    try:
        signature = base64.b64decode(sello, validate=True)
    except (binascii.Error, ValueError):
        errores.append(Finding("CFDI40102", text("CFDI40102.base64"), attr(COMPROBANTE, "Sello")))
        return SelloResult(False, errores)
    xslt = cadena_xslt_for(version)
    valido = xslt is not None and _verifies(certificate, version, xslt(root), signature)
    if not valido:
        errores.append(Finding("CFDI40102", text("CFDI40102"), attr(COMPROBANTE, "Sello")))
    return SelloResult(valido, errores)
