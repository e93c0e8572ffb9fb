"""One place where requests is called: timeouts always, TLS verified, faults mapped."""

from __future__ import annotations

from collections.abc import Mapping

import requests

from facturador.pac.base import Timeout
from facturador.pac.errors import PacUnavailableError

__all__ = ["Transport"]


class Transport:
    """A requests session with a (connect, read) timeout on every call."""

    def __init__(self, timeout: Timeout, session: requests.Session | None = None) -> None:
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.verify = True

    def request(
        self,
        method: str,
        url: str,
        *,
        data: bytes | None = None,
        json: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Send; connection refused/reset and timeouts become `PacUnavailableError`."""
        try:
            return self.session.request(
                method,
                url,
                data=data,
                json=json,
                headers=dict(headers or {}),
                timeout=self.timeout,
            )
        except requests.Timeout as error:
            raise PacUnavailableError("CONEXION", f"tiempo de espera agotado: {url}") from error
        except requests.RequestException as error:
            raise PacUnavailableError("CONEXION", f"{type(error).__name__}: {url}") from error

    def close(self) -> None:
        self.session.close()
