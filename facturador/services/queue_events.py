"""What a stamping pass tells its caller: events as they happen and the report at the end.

`on_event` receives these plain dataclasses (the GUI bridges them to signals); nothing here
touches Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

__all__ = [
    "DocumentPossiblyStamped",
    "DocumentRedated",
    "DocumentRejected",
    "DocumentStamped",
    "Event",
    "Notify",
    "PauseReason",
    "RetryScheduled",
    "SyncFinished",
    "SyncPaused",
    "SyncReport",
    "SyncStarted",
    "WaitingDocument",
]


class PauseReason(StrEnum):
    """Why a pass stopped early; `text` is what the user reads (services.messages)."""

    UNREACHABLE = "unreachable"
    SLOW = "slow"
    TIME_UP = "time_up"
    STOPPED = "stopped"
    PAC_ERROR = "pac_error"
    NO_CSD = "no_csd"
    CREDITS = "credits"
    ACCOUNT = "account"

    @property
    def text(self) -> str:
        from facturador.services.messages import PAUSE_REASONS

        return PAUSE_REASONS[self]


@dataclass(frozen=True, slots=True)
class SyncStarted:
    empresa_id: int
    pending: int


@dataclass(frozen=True, slots=True)
class DocumentStamped:
    documento_id: int
    serie: str | None
    folio: int | None
    uuid: str
    previously: bool  # the PAC had stamped these bytes before (recovered stamp)
    is_demo: bool


@dataclass(frozen=True, slots=True)
class DocumentRejected:
    documento_id: int
    serie: str | None
    folio: int | None
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class RetryScheduled:
    documento_id: int
    serie: str | None
    folio: int | None
    next_attempt_at: datetime
    message: str


@dataclass(frozen=True, slots=True)
class DocumentRedated:
    documento_id: int
    serie: str | None
    folio: int | None
    old_fecha: datetime | None
    new_fecha: datetime
    message: str


@dataclass(frozen=True, slots=True)
class DocumentPossiblyStamped:
    """SAT's 72 hours ran out while a send's outcome was unknown: the document may be
    stamped at the PAC. It is looked up again and again; nothing new is sealed for it
    unless the user says so (services.redating)."""

    documento_id: int
    serie: str | None
    folio: int | None
    message: str


@dataclass(frozen=True, slots=True)
class SyncPaused:
    reason: PauseReason
    message: str


@dataclass(frozen=True, slots=True)
class WaitingDocument:
    documento_id: int
    serie: str | None
    folio: int | None
    reason: str
    next_attempt_at: datetime | None


@dataclass(slots=True)
class SyncReport:
    stamped: list[DocumentStamped] = field(default_factory=list)
    rejected: list[DocumentRejected] = field(default_factory=list)
    waiting: list[WaitingDocument] = field(default_factory=list)
    redated: list[DocumentRedated] = field(default_factory=list)
    possibly_stamped: list[DocumentPossiblyStamped] = field(default_factory=list)
    paused_reason: PauseReason | None = None
    notices: list[str] = field(default_factory=list)  # things the user should know


@dataclass(frozen=True, slots=True)
class SyncFinished:
    report: SyncReport


Event = (
    SyncStarted
    | DocumentStamped
    | DocumentRejected
    | RetryScheduled
    | DocumentRedated
    | DocumentPossiblyStamped
    | SyncPaused
    | SyncFinished
)
Notify = Callable[[Event], None]
