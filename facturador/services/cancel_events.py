"""What the cancellation pass tells its caller (events, report) and the rows it works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from facturador.pac.base import SatStatus, StatusQuery
from facturador.services.queue_events import PauseReason

__all__ = [
    "CancelItem",
    "CancellationRejected",
    "CancellationReport",
    "CancellationRequested",
    "CancellationRetry",
    "CancellationWaiting",
    "Cancelled",
    "Event",
    "StatusProvider",
]


@dataclass(frozen=True, slots=True)
class CancellationRequested:
    """The PAC accepted the request (201, or 202 already cancelled/requested)."""

    documento_id: int
    uuid: str
    code: str
    es_cancelable: str  # SAT's EsCancelable before sending ("" when unknown)


@dataclass(frozen=True, slots=True)
class Cancelled:
    documento_id: int
    uuid: str
    estatus_cancelacion: str  # Cancelado con/sin aceptación, Plazo vencido


@dataclass(frozen=True, slots=True)
class CancellationRejected:
    documento_id: int
    uuid: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class CancellationRetry:
    documento_id: int
    uuid: str
    next_attempt_at: datetime
    message: str


@dataclass(frozen=True, slots=True)
class CancellationWaiting:
    documento_id: int
    uuid: str
    state: str
    reason: str
    estado: str = ""  # SAT's last answer, when asked
    es_cancelable: str = ""
    estatus_cancelacion: str = ""


@dataclass(slots=True)
class CancellationReport:
    requested: list[CancellationRequested] = field(default_factory=list)
    cancelled: list[Cancelled] = field(default_factory=list)
    rejected: list[CancellationRejected] = field(default_factory=list)
    waiting: list[CancellationWaiting] = field(default_factory=list)
    paused_reason: PauseReason | None = None
    notices: list[str] = field(default_factory=list)


Event = CancellationRequested | Cancelled | CancellationRejected | CancellationRetry


@dataclass(slots=True)
class CancelItem:
    """A document and its current request, read in one short transaction."""

    id: int
    uuid: str
    state: str
    request_id: int
    motivo: str
    folio: str | None
    sustituto_id: int | None
    attempts: int
    code: str | None
    query: StatusQuery


class StatusProvider(Protocol):
    """Anything with `status(StatusQuery) -> SatStatus`: SatStatusClient or a PacClient."""

    def status(self, query: StatusQuery) -> SatStatus: ...
