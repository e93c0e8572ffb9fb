"""The stamping pass's policy and shared pieces: delays, limits, the pass's state.

See services.queue for the rules these serve.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from facturador.models.tables import Empresa
from facturador.pac.server_clock import SERVER_CLOCK
from facturador.sat.credentials import Credential
from facturador.services import messages
from facturador.services.queue_events import Notify, PauseReason, SyncPaused, SyncReport
from facturador.services.redating import trusted_now

__all__ = [
    "LOOKUP_DELAY",
    "MAX_DELAY",
    "PASS_TIME_BUDGET",
    "STALL_AFTER",
    "STOP_AFTER_FAULTS",
    "CredentialProvider",
    "PassLimits",
    "PassState",
    "QueuedDoc",
    "StopPass",
    "clock_notice",
    "pause",
    "retry_delay",
]

BASE_DELAY = 5.0  # seconds
MAX_DELAY = 15 * 60.0
LOOKUP_DELAY = timedelta(minutes=15)  # between lookups of a possibly stamped document
JITTER = 0.2
STOP_AFTER_FAULTS = 3  # consecutive retryable faults (or stalls) that end a pass
PASS_TIME_BUDGET = 120.0  # seconds; a pass stops between documents after this
STALL_AFTER = 10.0  # seconds: an answer slower than this is a stall
SIN_CONEXION = messages.SIN_CONEXION

CredentialProvider = Callable[[Empresa], Credential | None]


def retry_delay(attempts: int, rng: random.Random | None = None) -> timedelta:
    """min(2^attempts * 5 s, 15 min), ± 20 % jitter so that many laptops do not sync in step."""
    base = min(BASE_DELAY * 2 ** max(attempts, 0), MAX_DELAY)
    return timedelta(seconds=base * (rng or random).uniform(1 - JITTER, 1 + JITTER))


@dataclass(slots=True)
class QueuedDoc:
    """What a step needs of a row, read outside any write transaction."""

    id: int
    state: str
    serie: str | None
    folio: int | None
    sealed_xml: bytes
    fecha: datetime | None
    attempts: int
    input_json: str | None
    may_be_stamped: bool

    @property
    def name(self) -> str:
        return f"{self.serie or ''}-{self.folio}"


class StopPass(Exception):
    """End the pass: the PAC is unreachable, slow, out of credits or refuses the account."""


@dataclass(frozen=True, slots=True)
class PassLimits:
    """When a pass ends early: total time, the user's stop, answers that count as stalls."""

    time_budget: float | None = PASS_TIME_BUDGET
    should_stop: Callable[[], bool] | None = None
    stall_after: float = STALL_AFTER
    monotonic: Callable[[], float] = time.monotonic


def pause(report: SyncReport, notify: Notify, reason: PauseReason, text: str) -> None:
    report.paused_reason = reason
    report.notices.append(text)
    notify(SyncPaused(reason, text))


@dataclass(slots=True)
class PassState:
    """The pass's clock, where its events go, its report and its limits."""

    moment: datetime
    notify: Notify
    report: SyncReport
    limits: PassLimits
    clock_offset: timedelta | None
    clock_warned: bool = False
    started: float = 0.0

    def __post_init__(self) -> None:
        self.started = self.limits.monotonic()

    def pac_clock_known(self) -> bool:
        return SERVER_CLOCK.offset() is not None or self.clock_offset is not None

    def now_for_the_pac(self) -> datetime:
        """The moment as the PAC's clock has it (services.redating.trusted_now)."""
        offset = SERVER_CLOCK.offset()
        if offset is not None:
            self.clock_offset = offset
        trusted = trusted_now(self.moment, self.clock_offset)
        if trusted != self.moment and not self.clock_warned:
            self.clock_warned = True
            self.report.notices.append(clock_notice(trusted - self.moment))
        return trusted


def clock_notice(offset: timedelta) -> str:
    """'El reloj de esta computadora está adelantado 5 días...' for the PAC's clock offset."""
    direction = messages.CLOCK_BEHIND if offset > timedelta(0) else messages.CLOCK_AHEAD
    seconds = abs(offset.total_seconds())
    if seconds >= 2 * 86400 - 60:
        amount = f"{round(seconds / 86400)} días"
    elif seconds >= 2 * 3600 - 60:
        amount = f"{round(seconds / 3600)} horas"
    else:
        amount = f"{max(round(seconds / 60), 1)} minutos"
    return messages.CLOCK_OFF.format(direction=direction, amount=amount)
