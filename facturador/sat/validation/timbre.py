"""The TimbreFiscalDigital 1.1: SelloCFD is the Sello, SelloSAT verifies with SAT's certificate.

Its structure is checked by the XSD. SAT's certificates come from `resources/sat_certs/`
(keyed by NoCertificado) unless the caller passes its own. When NoCertificadoSAT is not among
them the SelloSAT cannot be checked offline: that is an aviso (TFD03), not an error, and
`timbre_valido` is None — the document may be perfectly valid, signed with a SAT
certificate we do not ship; the SAT portal is the authority.
"""

from __future__ import annotations

import base64
import binascii
import copy
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from lxml import etree

from facturador.sat.cadena import tfd_cadena_xslt
from facturador.sat.credentials import Certificate
from facturador.sat.resources import resource_path
from facturador.sat.validation.messages import text
from facturador.sat.validation.report import Finding
from facturador.sat.xml_reader import TFD_NS

__all__ = ["TimbreResult", "check_timbre", "default_sat_certificates"]

_TFD = f"{{{TFD_NS}}}TimbreFiscalDigital"


@dataclass(frozen=True, slots=True)
class TimbreResult:
    valido: bool | None
    errores: list[Finding] = field(default_factory=list)
    avisos: list[Finding] = field(default_factory=list)


@functools.cache
def default_sat_certificates() -> Mapping[str, Certificate]:
    """SAT's certificates shipped in `resources/sat_certs/`, by NoCertificado."""
    found = {}
    for path in sorted(resource_path("sat_certs").glob("*.cer")):
        certificate = Certificate.from_bytes(path.read_bytes())
        found[certificate.no_certificado] = certificate
    return MappingProxyType(found)


def _verify(tfd: etree._Element, certificate: Certificate) -> bool:
    try:
        signature = base64.b64decode(tfd.get("SelloSAT", ""), validate=True)
    except (binascii.Error, ValueError):
        return False
    cadena = tfd_cadena_xslt()(etree.ElementTree(copy.deepcopy(tfd)))
    return certificate.verify(cadena.encode("utf-8"), signature)


def check_timbre(
    root: etree._Element, sat_certificates: Mapping[str, Certificate] | None = None
) -> TimbreResult:
    namespace = etree.QName(root).namespace  # CFDI 4.0 or 3.3
    timbres = root.findall(f"{{{namespace}}}Complemento/{_TFD}")
    if not timbres:
        return TimbreResult(None)
    tree = root.getroottree()
    errores = [Finding("TFD04", text("TFD04"), tree.getpath(t)) for t in timbres[1:]]
    tfd = timbres[0]
    path = tree.getpath(tfd)
    if tfd.get("SelloCFD") != root.get("Sello"):
        errores.append(Finding("TFD01", text("TFD01"), f"{path}/@SelloCFD"))
    certificates = default_sat_certificates() if sat_certificates is None else sat_certificates
    no_certificado = tfd.get("NoCertificadoSAT", "")
    certificate = certificates.get(no_certificado)
    if certificate is None:
        aviso = Finding("TFD03", text("TFD03", no_certificado=no_certificado),
                        f"{path}/@NoCertificadoSAT")  # fmt: skip
        return TimbreResult(False if errores else None, errores, [aviso])
    if not _verify(tfd, certificate):
        errores.append(Finding("TFD02", text("TFD02"), f"{path}/@SelloSAT"))
    return TimbreResult(not errores, errores)
