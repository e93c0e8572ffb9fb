"""Errors of the PAC layer. All descend from `facturador.sat.errors.FacturadorError`.

    FacturadorError
    └── PacError                      anything a PAC or the SAT service answered or failed to
        ├── PacUnavailableError       retryable: refused, timeout, HTTP 5xx, 708, AU/CO outages
        │   └── PacProtocolError      retryable: an answer we cannot read (garbage, truncated)
        ├── PacRejectedError          the document (or request) is wrong: code + PAC's text
        ├── PacCreditsExhaustedError  no stamps left (Finkok 718, SW AU2001): pause the queue
        └── PacAuthError              credentials or account (300, 702, AU2000...): pause

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
    "PacUnavailableError",
]

from facturador.sat.errors import FacturadorError


class PacError(FacturadorError):
    """Root of the PAC layer; `code` is the PAC/SAT code when there is one."""

    retryable = False

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


class PacRejectedError(PacError):
    """The PAC refused the document or request; `code` says why (e.g. CFDI40158, 401)."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(code, detail)


class PacCreditsExhaustedError(PacError):
    """No stamps left in the account."""


class PacAuthError(PacError):
    """Wrong credentials or an account problem (suspended, RFC not registered, manifest)."""
