"""The certificate of a document's Certificado attribute, parsed once per distinct value."""

from __future__ import annotations

import functools

from facturador.sat.credentials import Certificate
from facturador.sat.errors import CredentialError

__all__ = ["certificate_from_base64"]


@functools.lru_cache(maxsize=64)
def certificate_from_base64(text: str) -> Certificate | None:
    """The certificate, or None if `text` is not a base64 X.509 RSA certificate."""
    try:
        return Certificate.from_bytes(text.encode("ascii"))
    except (CredentialError, ValueError, UnicodeEncodeError):
        return None
