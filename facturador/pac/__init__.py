"""PAC and SAT web-service clients (Finkok, SW Sapien, SAT status) and the sandbox stamper."""

from facturador.pac.base import (
    CancelCommand,
    CancelResult,
    CreditBalance,
    PacClient,
    SatStatus,
    StampResult,
    StampStatus,
    StatusQuery,
)
from facturador.pac.errors import (
    PacAuthError,
    PacCreditsExhaustedError,
    PacError,
    PacProtocolError,
    PacRejectedError,
    PacUnavailableError,
)
from facturador.pac.messages import explain

__all__ = [
    "CancelCommand",
    "CancelResult",
    "CreditBalance",
    "PacAuthError",
    "PacClient",
    "PacCreditsExhaustedError",
    "PacError",
    "PacProtocolError",
    "PacRejectedError",
    "PacUnavailableError",
    "SatStatus",
    "StampResult",
    "StampStatus",
    "StatusQuery",
    "explain",
]
