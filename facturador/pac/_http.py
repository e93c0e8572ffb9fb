"""One place where requests is called: timeouts always, TLS verified, faults mapped."""

from __future__ import annotations

from collections.abc import Mapping

import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError

from facturador.pac.base import Timeout
from facturador.pac.errors import PacUnavailableError
from facturador.pac.server_clock import SERVER_CLOCK

__all__ = ["Transport", "request_sent"]


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
            response = self.session.request(
                method,
                url,
                data=data,
                json=json,
                headers=dict(headers or {}),
                timeout=self.timeout,
            )
        except requests.Timeout as error:
            raise PacUnavailableError(
                "CONEXION", f"tiempo de espera agotado: {url}", request_sent=request_sent(error)
            ) from error
        except requests.RequestException as error:
            raise PacUnavailableError(
                "CONEXION", f"{type(error).__name__}: {url}", request_sent=request_sent(error)
            ) from error
        SERVER_CLOCK.observe(getattr(response, "headers", {}).get("Date"))
        return response

    def close(self) -> None:
        self.session.close()


_NEVER_SENT = (
    requests.ConnectTimeout,
    requests.exceptions.InvalidURL,
    requests.exceptions.InvalidSchema,
    requests.exceptions.MissingSchema,
)


def request_sent(error: requests.RequestException) -> bool | None:
    """False when the request surely never left (refused, DNS, connect timeout, bad URL);
    True after a read timeout (it was sent); None when it cannot be told."""
    if isinstance(error, _NEVER_SENT):
        return False
    if isinstance(error, requests.Timeout):
        return True  # a read timeout: the request was sent, the answer did not come
    reason = error.args[0] if error.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    if isinstance(reason, NewConnectionError):  # refused, unreachable, name resolution
        return False
    return None
