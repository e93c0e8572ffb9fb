"""Errors of the PAC layer. All descend from `facturador.sat.errors.FacturadorError`.

    FacturadorError
    └── PacError                      anything a PAC or the SAT service answered or failed to
        ├── PacUnavailableError       retryable: refused, timeout, HTTP 5xx, 708, AU/CO outages
        │   ├── PacProtocolError      retryable: an answer we cannot read (garbage, truncated)
        │   └── PacStampNotReadyError the PAC says it stamped these bytes (307) but cannot
        │                             hand over the stamp yet: ask again, never re-seal
        ├── PacRejectedError          the document (or request) is wrong: code + PAC's text
        ├── PacCreditsExhaustedError  no stamps left (Finkok 718, SW AU2001): pause the queue
        ├── PacAuthError              credentials or account (300, 702, AU2000...): pause
        └── SatDescargaError          SAT's descarga masiva refused (5002, 5005, 5008...)
            └── SatDescargaAuthError  its authentication refused the e.firma (300-305)

Exceptions carry data (the PAC's code and text); the Spanish sentence comes from
`facturador.pac.messages`.
"""

from __future__ import annotations

__all__ = [
    "PacAuthError",
    "PacCreditsExhaustedError",
    "PacError",
    "PacProtocolError",
    "PacRejectedError",
    "PacStampNotReadyError",
    "PacUnavailableError",
    "SatDescargaAuthError",
    "SatDescargaError",
    "known_not_stamped",
]

from facturador.sat.errors import FacturadorError


class PacError(FacturadorError):
    """Root of the PAC layer; `code` is the PAC/SAT code when there is one; `kind` tells
    pac.messages which sentence fits (messages never import this module)."""

    retryable = False
    kind = "other"

    def __init__(self, code: str | None = None, detail: str | None = None) -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail

    def __str__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, detail={self.detail!r})"

    @property
    def message(self) -> str:
        from facturador.pac.messages import error_message

        return error_message(self)


class PacUnavailableError(PacError):
    """The outcome is unknown or the service is down: retry later with the same bytes.

    `request_sent` is a fact about the transport: False when the request never left
    (connection refused, DNS failure, connect timeout), so the PAC cannot have stamped it;
    True or None when it may have reached the PAC (read timeout, HTTP 5xx, an unreadable
    answer, a connection dropped after sending).
    """

    retryable = True
    kind = "unavailable"

    def __init__(
        self,
        code: str | None = None,
        detail: str | None = None,
        *,
        request_sent: bool | None = None,
    ) -> None:
        super().__init__(code, detail)
        self.request_sent = request_sent


class PacProtocolError(PacUnavailableError):
    """The answer could not be understood; treated as unknown outcome (retryable)."""


class PacStampNotReadyError(PacUnavailableError):
    """307 "timbrado previamente" without the stamp: the bytes *are* stamped at that PAC.

    The PAC answered (it is not a connection problem); the stamp is asked for again later
    and the document is never re-dated or sent anywhere else meanwhile."""

    def __init__(self, code: str = "307", detail: str | None = None) -> None:
        super().__init__(code, detail, request_sent=True)


class PacRejectedError(PacError):
    """The PAC refused the document or request; `code` says why (e.g. CFDI40158, 401)."""

    kind = "rejected"

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(code, detail)


class PacCreditsExhaustedError(PacError):
    """No stamps left in the account."""

    kind = "credits"


class PacAuthError(PacError):
    """Wrong credentials or an account problem (suspended, RFC not registered, manifest)."""

    kind = "auth"


# Codes with which a PAC answers that it did not stamp because it could not reach the SAT.
_PAC_SAID_NOT_STAMPED = frozenset({"708", "709"})


def known_not_stamped(error: PacError) -> bool:
    """Whether `error` proves this request did not stamp the document: the request never
    left, the PAC said it could not reach the SAT (708/709), no credits, the account was
    refused. Never for a rejection (final, but of these bytes), an unreadable answer, a
    307, or a request that may have arrived."""
    if isinstance(error, PacRejectedError | PacStampNotReadyError):
        return False
    if isinstance(error, PacCreditsExhaustedError | PacAuthError):
        return True
    if isinstance(error, PacUnavailableError):
        return error.request_sent is False or (
            type(error) is PacUnavailableError and error.code in _PAC_SAID_NOT_STAMPED
        )
    return False


class SatDescargaError(PacError):
    """SAT's descarga masiva answered with a code that is not success (`code`: 300-305,
    404, 5002-5011); `detail` is SAT's Mensaje. The text is in `pac.messages_descarga`."""

    kind = "descarga"

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(code, detail)

    @property
    def message(self) -> str:
        from facturador.pac.messages_descarga import descarga_message

        return descarga_message(self.code, self.detail)


class SatDescargaAuthError(SatDescargaError):
    """300-305 (or an HTTP 401/403 of the authentication): the e.firma was not accepted."""

    kind = "descarga_auth"
