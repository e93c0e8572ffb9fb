"""Whether a PAC's server answers at all: a TCP connection to the host its client would use.

`endpoint` reads the same URL tables as the clients (`FINKOK_URLS`, `SW_URLS`), so a company
in `pruebas` is probed at the test host, and a URL the user set wins over both.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

__all__ = ["CONNECT_TIMEOUT", "SAT_HOST", "can_connect", "endpoint", "is_pac_url"]

CONNECT_TIMEOUT = 3.0
SAT_HOST = ("consultaqr.facturaelectronica.sat.gob.mx", 443)


def is_pac_url(url: str) -> bool:
    """The one rule for a PAC address the user types: http(s) with a host."""
    parts = urlsplit(url.strip())
    return parts.scheme in ("https", "http") and bool(parts.hostname)


def endpoint(provider: str, environment: str, url: str | None) -> tuple[str, int] | None:
    """The host and port a PAC is reached at; None for the local sandbox."""
    if provider == "finkok":
        from facturador.pac.finkok import FINKOK_URLS

        url = url or FINKOK_URLS[environment]
    elif provider == "sw":
        from facturador.pac.sw import SW_URLS

        url = url or SW_URLS[environment][0]
    else:
        return None
    parts = urlsplit(url)
    default = 443 if parts.scheme == "https" else 80
    return parts.hostname or "", parts.port or default


def can_connect(host: tuple[str, int], timeout: float = CONNECT_TIMEOUT) -> bool:
    try:
        with socket.create_connection(host, timeout=timeout):
            return True
    except OSError:
        return False
