"""What the printed representation says about the stamp: SAT's QR URL, demo detection, cadena.

The verification URL follows pac-protocols.md §4 (as phpcfdi/cfdi-expresiones builds it):
`https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx?id=UUID&re=RFC&rr=RFC&tt=TOTAL&fe=XXXXXXXX`
with `&` in an RFC XML-escaped, the total with at most 6 decimals and no trailing zeros (but at
least one decimal digit), and the last 8 characters of the Comprobante's Sello.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from facturador.sat.comprobante import Comprobante, TimbreFiscalDigital

__all__ = [
    "DEMO_CERTIFICATE_PREFIX",
    "DEMO_LEYENDA",
    "format_total_tt",
    "is_demo_timbre",
    "tfd_cadena",
    "verification_url",
]

VERIFICATION_BASE = "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx"
DEMO_CERTIFICATE_PREFIX = "99999"
DEMO_LEYENDA = "SIN VALIDEZ FISCAL"
_SIX = Decimal("0.000001")
_XML_SPACE = re.compile(r"[ \t\n\r]+")


def is_demo_timbre(timbre: TimbreFiscalDigital | None) -> bool:
    """True when a document has no fiscal validity: not stamped at all, or stamped by a
    sandbox/demo PAC.

    The convention every demo stamper of ours follows (and that this function checks): the
    TimbreFiscalDigital's NoCertificadoSAT starts with "99999" (SAT's certificates never do),
    or its Leyenda contains "SIN VALIDEZ FISCAL" (case-insensitive). Such PDFs carry a
    "SIN VALIDEZ FISCAL" watermark.
    """
    if timbre is None:
        return True
    if timbre.no_certificado_sat.startswith(DEMO_CERTIFICATE_PREFIX):
        return True
    return DEMO_LEYENDA in (timbre.leyenda or "").upper()


def format_total_tt(total: Decimal | str | None) -> str:
    """`tt` of the QR: half-up to 6 decimals, trailing zeros removed, one decimal kept."""
    try:
        value = Decimal(str(total)) if total not in (None, "") else Decimal(0)
    except InvalidOperation:
        value = Decimal(0)
    text = f"{value.quantize(_SIX, rounding=ROUND_HALF_UP):f}"
    integer, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0") or "0"
    return f"{integer}.{fraction}"


def _xml_escape_rfc(rfc: str) -> str:
    return rfc.replace("&", "&amp;")


def verification_url(c: Comprobante) -> str:
    """SAT's verification URL for a stamped Comprobante (empty `id` if not stamped)."""
    uuid = c.timbre.uuid if c.timbre else ""
    return (
        f"{VERIFICATION_BASE}?id={uuid}"
        f"&re={_xml_escape_rfc(c.emisor.rfc)}"
        f"&rr={_xml_escape_rfc(c.receptor.rfc)}"
        f"&tt={format_total_tt(c.total)}"
        f"&fe={(c.sello or '')[-8:]}"
    )


def _norm(value: str) -> str:
    """XPath normalize-space: only space, tab, CR and LF are white space."""
    return _XML_SPACE.sub(" ", value).strip(" ")


def tfd_cadena(timbre: TimbreFiscalDigital) -> str:
    """The cadena original del complemento de certificación digital del SAT (TFD 1.1), as
    SAT's cadenaoriginal_TFD_1_1.xslt produces it (the tests compare both)."""
    parts = [
        timbre.version,
        timbre.uuid,
        timbre.fecha_timbrado,
        timbre.rfc_prov_certif,
        *((timbre.leyenda,) if timbre.leyenda else ()),
        timbre.sello_cfd,
        timbre.no_certificado_sat,
    ]
    return "||" + "|".join(_norm(p) for p in parts) + "||"
