"""Sealing: NoCertificado and Certificado from the CSD, cadena original, Sello, final XML."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from facturador.sat.cadena import cadena_original, cadena_xslt
from facturador.sat.comprobante import Comprobante
from facturador.sat.credentials import Credential
from facturador.sat.errors import ComprobanteInputError
from facturador.sat.xml_safety import parse_xml
from facturador.sat.xml_writer import to_xml

__all__ = ["SealedComprobante", "seal"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SealedComprobante:
    comprobante: Comprobante
    cadena: str
    xml: bytes  # byte-exact: store and send these bytes, never re-serialize


def seal(comprobante: Comprobante, credential: Credential) -> SealedComprobante:
    """Fill the certificate fields, sign the cadena original with SHA256withRSA, write XML."""
    certificate = credential.certificate
    for field, value in (
        ("NoCertificado", comprobante.no_certificado),
        ("Certificado", comprobante.certificado),
    ):
        expected = certificate.no_certificado if field == "NoCertificado" else certificate.base64
        if value is not None and value != expected:
            raise ComprobanteInputError(field, "no corresponde al certificado con que se sella")
    unsigned = dataclasses.replace(
        comprobante,
        no_certificado=certificate.no_certificado,
        certificado=certificate.base64,
        sello=None,
    )
    try:
        cadena = cadena_original(unsigned)
    except ValueError:  # complements: only SAT's stylesheets know their cadena
        cadena = cadena_xslt()(parse_xml(to_xml(unsigned)))
    sello = credential.sign_base64(cadena.encode("utf-8"))
    sealed = dataclasses.replace(unsigned, sello=sello)
    return SealedComprobante(comprobante=sealed, cadena=cadena, xml=to_xml(sealed))
