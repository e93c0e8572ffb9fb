"""The send queue: stamp every queued document exactly once, surviving crashes.

The queue is rows with a status (architecture.md, style.md §2). `sync_once` makes one pass
over a company's documents, oldest first, one at a time:

1. A document left in ENVIANDO (the process died mid-request) is first looked up at the PAC
   with its sealed bytes (`client.recover`); if the PAC had stamped it, that stamp is stored.
   Otherwise it is resent with the same bytes.
2. EN_COLA -> ENVIANDO (attempts + 1, `may_be_stamped` set) is committed *before* the
   request leaves.
3. The answer is stored in one transaction: STAMPED / PREVIOUSLY_STAMPED -> TIMBRADO with the
   stamped XML as received; REJECTED -> RECHAZADO with the code and what to fix; a
   retryable fault -> EN_COLA with exponential backoff and jitter; no credits or an account
   problem -> EN_COLA and the pass pauses.
4. SAT's 72-hour window (services.redating): a queued document older than 70 hours is
   re-dated and re-sealed (same serie and folio) -- but only if no send of it can have
   reached a PAC.

Never two CFDIs for one folio. Resending the same bytes is safe: the PAC recognises them and
answers "previously stamped" (307) with the earlier stamp. Sending *different* bytes for the
same folio is safe only if the old ones were never stamped, and a lookup that answers "not
found" does not prove it: PACs and the SAT are eventually consistent, a stamp may be missing
from the lookup for minutes after it was made, and some PACs answer 307 without the stamp.
So the outcome of every send is classified, and the doubt is kept on the row
(`Documento.may_be_stamped`), written with ENVIANDO before the request leaves:

- a definite answer settles it: a stamp (TIMBRADO), a rejection of these bytes (RECHAZADO;
  except a rejection for Fecha after an earlier unknown outcome, since whether a PAC checks
  307 before the date window is unknown), or proof that *this* request did not stamp (it
  never left, 708/709, no credits, account refused: the doubt stays what it was before);
- anything else (read timeout, reset after sending, HTTP 5xx, garbage, 307 without the
  stamp, a crash while ENVIANDO) leaves the doubt standing.

While the doubt stands the document is resent with the very same bytes and is never
re-dated. If SAT's 72 hours run out with the doubt still open, the document moves to
POSIBLEMENTE_TIMBRADO ("Posiblemente timbrado: verificando con el PAC"): the pass keeps
looking it up (never re-sending new bytes) and stores the stamp when the lookup finds it;
only the user can have it sealed again, after confirming with the PAC or the SAT that it
does not exist (`redating.redate_document(..., confirmed=True)`).

Bounded passes: a pass ends between documents when its `time_budget` is spent, when
`should_stop()` says so (the GUI's Cancelar), after `STOP_AFTER_FAULTS` consecutive faults,
after as many consecutive answers slower than `stall_after` seconds, or at once when the PAC
cannot be reached at all. Documents not reached stay queued, untouched.

Backoff: a transient fault delays that document (exponential, with jitter). A fault says
something about the connection, not the document, so once a pass gets an answer, documents
waiting only on such a delay are tried again in the same pass; `everything_due=True` (a
pass the user asked for) tries every queued document at once.

Several processes may run passes at once: every write re-reads the row under the write lock
and does nothing when another worker got there first. Nothing here touches Qt.
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import case
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from facturador.models.engine import is_sqlite, read_session, write_session
from facturador.models.states import DocumentState, transition
from facturador.models.tables import Documento, Empresa
from facturador.pac.base import PacClient, StampResult, StampStatus
from facturador.pac.demo_certificate import is_demo_stamp
from facturador.pac.errors import (
    PacAuthError,
    PacCreditsExhaustedError,
    PacError,
    PacRejectedError,
    PacStampNotReadyError,
    PacUnavailableError,
    known_not_stamped,
)
from facturador.pac.messages import FAQ_CREDITOS, error_message, explain
from facturador.pac.server_clock import SERVER_CLOCK
from facturador.sat.credentials import Credential
from facturador.sat.errors import FacturadorError
from facturador.services import messages
from facturador.services.connectivity import Connectivity
from facturador.services.queue_events import (
    DocumentPossiblyStamped,
    DocumentRedated,
    DocumentRejected,
    DocumentStamped,
    Event,
    Notify,
    RetryScheduled,
    SyncFinished,
    SyncPaused,
    SyncReport,
    SyncStarted,
    WaitingDocument,
)
from facturador.services.redating import (
    DATE_WINDOW_CODES,
    REDATE_AFTER,
    WINDOW,
    age,
    reseal,
    trusted_now,
)

__all__ = [
    "MAX_DELAY",
    "PASS_TIME_BUDGET",
    "REDATE_AFTER",
    "STALL_AFTER",
    "DocumentPossiblyStamped",
    "DocumentRedated",
    "DocumentRejected",
    "DocumentStamped",
    "RetryScheduled",
    "SyncFinished",
    "SyncPaused",
    "SyncReport",
    "SyncStarted",
    "WaitingDocument",
    "retry_delay",
    "sync_once",
]

log = logging.getLogger(__name__)

S = DocumentState
BASE_DELAY = 5.0  # seconds
MAX_DELAY = 15 * 60.0
LOOKUP_DELAY = timedelta(minutes=15)  # between lookups of a possibly stamped document
JITTER = 0.2
STOP_AFTER_FAULTS = 3  # consecutive retryable faults (or stalls) that end a pass
PASS_TIME_BUDGET = 120.0  # seconds; a pass stops between documents after this
STALL_AFTER = 10.0  # seconds: an answer slower than this is a stall
CREDITOS_AGOTADOS = FAQ_CREDITOS[0]
SIN_CONEXION = messages.SIN_CONEXION

CredentialProvider = Callable[[Empresa], Credential | None]


def retry_delay(attempts: int, rng: random.Random | None = None) -> timedelta:
    """min(2^attempts * 5 s, 15 min), ± 20 % jitter so that many laptops do not sync in step."""
    base = min(BASE_DELAY * 2 ** max(attempts, 0), MAX_DELAY)
    return timedelta(seconds=base * (rng or random).uniform(1 - JITTER, 1 + JITTER))


def _utcnow() -> datetime:
    return datetime.now(UTC)


# ---------------------------------------------------------------- the pass


@dataclass(slots=True)
class _Doc:
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


class _Stop(Exception):
    """End the pass: the PAC is unreachable, slow, out of credits or refuses the account."""


@dataclass(frozen=True, slots=True)
class PassLimits:
    """When a pass ends early: total time, the user's stop, answers that count as stalls."""

    time_budget: float | None = PASS_TIME_BUDGET
    should_stop: Callable[[], bool] | None = None
    stall_after: float = STALL_AFTER
    monotonic: Callable[[], float] = time.monotonic


def sync_once(
    engine: Engine,
    client: PacClient,
    *,
    empresa_id: int,
    now: datetime | None = None,
    on_event: Notify | None = None,
    max_documents: int | None = None,
    credential_provider: CredentialProvider | None = None,
    backoff: Callable[[int], timedelta] = retry_delay,
    connectivity: Connectivity | None = None,
    everything_due: bool = False,
    limits: PassLimits | None = None,
    clock_offset: timedelta | None = None,
) -> SyncReport:
    """One pass over the company's due EN_COLA documents, any ENVIANDO leftovers and the
    possibly stamped ones whose next lookup is due.

    `now` is the pass's clock (due times, backoff); `credential_provider(empresa)` gives the
    CSD for re-dating (None: documents near the 72 h limit are sent as they are and the
    report says so); `backoff(attempts)` is the retry delay; `everything_due` ignores the
    backoff (the user asked for this pass); `limits` bound the pass; `clock_offset` is the
    PAC's clock minus ours as last seen (answers during the pass update it).
    """
    moment = now or _utcnow()
    notify: Notify = on_event or (lambda _event: None)
    report = SyncReport()
    with read_session(engine) as session:
        empresa = session.get(Empresa, empresa_id)
        ids = _due_ids(session, empresa_id, moment, everything_due)
    if max_documents is not None:
        ids = ids[:max_documents]
    notify(SyncStarted(empresa_id, len(ids)))
    if connectivity is not None and not connectivity.is_online():
        _pause(report, notify, messages.PAUSE_UNREACHABLE, SIN_CONEXION + ".")
        ids = []
    with _pass_sessions(engine) as sessions:
        worker = _Worker(
            sessions,
            client,
            empresa,
            _Pass(moment, notify, report, limits or PassLimits(), clock_offset),
            credential_provider,
            backoff,
        )
        try:
            worker.run(ids)
            if worker.answered and max_documents is None:
                # The PAC answers again: what waits only on a transient fault's delay goes now.
                with read_session(engine) as session:
                    backed_off = _backed_off_ids(session, empresa_id, moment)
                worker.run([i for i in backed_off if i not in worker.seen])
        except _Stop:
            pass
        worker.run_.warn_if_clock_off()
    report.waiting = _waiting(engine, empresa_id)
    notify(SyncFinished(report))
    return report


@contextlib.contextmanager
def _pass_sessions(engine: Engine) -> Iterator[Callable[[], Session]]:
    """Sessions for the pass's steps, each one transaction that starts as a writer.

    On SQLite they share one connection (BEGIN IMMEDIATE) for the whole pass: with NullPool
    every session would otherwise open its own, and closing the last connection checkpoints
    and removes the WAL, so each commit would pay two file syncs. Elsewhere, `write_session`.
    """
    if not is_sqlite(engine):
        yield lambda: write_session(engine)
        return
    probe = write_session(engine)
    bind = probe.get_bind()
    probe.close()
    assert isinstance(bind, Engine)
    with bind.connect() as connection:
        yield lambda: Session(bind=connection, expire_on_commit=False)


def _due_ids(
    session: Session, empresa_id: int, moment: datetime, everything_due: bool
) -> list[int]:
    state = col(Documento.state)
    due_at = col(Documento.next_attempt_at).is_(None) | (col(Documento.next_attempt_at) <= moment)
    queued = state == S.EN_COLA.value
    due = (
        (state == S.ENVIANDO.value)
        | (queued if everything_due else queued & due_at)
        | ((state == S.POSIBLEMENTE_TIMBRADO.value) & due_at)
    )
    leftovers_first = case((state == S.ENVIANDO.value, 0), else_=1)
    query = (
        select(Documento.id)
        .where(Documento.empresa_id == empresa_id, due)
        .order_by(leftovers_first, col(Documento.id))
    )
    return [i for i in session.exec(query).all() if i is not None]


def _backed_off_ids(session: Session, empresa_id: int, moment: datetime) -> list[int]:
    query = (
        select(Documento.id)
        .where(
            Documento.empresa_id == empresa_id,
            col(Documento.state) == S.EN_COLA.value,
            col(Documento.next_attempt_at) > moment,
        )
        .order_by(col(Documento.id))
    )
    return [i for i in session.exec(query).all() if i is not None]


def _waiting(engine: Engine, empresa_id: int) -> list[WaitingDocument]:
    with read_session(engine) as session:
        rows = session.exec(
            select(Documento)
            .where(
                Documento.empresa_id == empresa_id,
                col(Documento.state).in_(
                    [S.EN_COLA.value, S.ENVIANDO.value, S.POSIBLEMENTE_TIMBRADO.value]
                ),
            )
            .order_by(col(Documento.id))
        ).all()
    return [
        WaitingDocument(
            d.id or 0,
            d.serie,
            d.folio,
            d.last_error_message
            or (
                messages.POSSIBLY_STAMPED_WAITING
                if d.state == S.POSIBLEMENTE_TIMBRADO
                else "En espera de timbrado"
            ),
            d.next_attempt_at,
        )
        for d in rows
    ]


def _pause(report: SyncReport, notify: Notify, reason: str, text: str) -> None:
    report.paused_reason = reason
    report.notices.append(text)
    notify(SyncPaused(reason, text))


@dataclass(slots=True)
class _Pass:
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

    def tell(self, event: Event) -> None:
        self.notify(event)

    def pac_clock_known(self) -> bool:
        return SERVER_CLOCK.offset() is not None or self.clock_offset is not None

    def warn_if_clock_off(self) -> None:
        self.now_for_the_pac()

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


class _Worker:
    def __init__(
        self,
        sessions: Callable[[], Session],
        client: PacClient,
        empresa: Empresa | None,
        run: _Pass,
        credential_provider: CredentialProvider | None,
        backoff: Callable[[int], timedelta],
    ) -> None:
        self.sessions = sessions
        self.client = client
        self.empresa = empresa
        self.moment = run.moment
        self.run_ = run
        self.report = run.report
        self.credential_provider = credential_provider
        self.backoff = backoff
        self.faults_in_a_row = 0
        self.stalls_in_a_row = 0
        self.answered = False  # the PAC gave a definite answer in this pass
        self.seen: set[int] = set()
        self.redated_after_rejection: set[int] = set()
        self._credential: Credential | None = None
        self._credential_tried = False

    def notify(self, event: Event) -> None:
        self.run_.tell(event)

    def run(self, ids: list[int]) -> None:
        for documento_id in ids:
            self._check_limits()
            self.seen.add(documento_id)
            started = self.run_.limits.monotonic()
            self.process(documento_id)
            self._count_stall(self.run_.limits.monotonic() - started)

    # ------------------------------------------------------------ limits

    def _check_limits(self) -> None:
        limits = self.run_.limits
        if limits.should_stop is not None and limits.should_stop():
            _pause(self.report, self.notify, messages.PAUSE_STOPPED, messages.PASS_STOPPED)
            raise _Stop
        budget = limits.time_budget
        if budget is not None and limits.monotonic() - self.run_.started >= budget:
            text = messages.PASS_TIME_UP.format(seconds=int(budget))
            _pause(self.report, self.notify, messages.PAUSE_TIME, text)
            raise _Stop

    def _count_stall(self, seconds: float) -> None:
        stall_after = self.run_.limits.stall_after
        if seconds <= stall_after:
            self.stalls_in_a_row = 0
            return
        self.stalls_in_a_row += 1
        if self.stalls_in_a_row >= STOP_AFTER_FAULTS:
            text = messages.SLOW_PAC.format(
                pac=self.client.name, count=self.stalls_in_a_row, seconds=int(stall_after)
            )
            _pause(self.report, self.notify, messages.PAUSE_SLOW, text)
            raise _Stop

    # ------------------------------------------------------------ one document

    def process(self, documento_id: int) -> None:
        doc = self._read(documento_id)
        if doc is None:
            return
        if doc.state == S.POSIBLEMENTE_TIMBRADO:
            self._look_up_possibly_stamped(doc)
            return
        doubt_before = doc.may_be_stamped or doc.state == S.ENVIANDO
        try:
            if doubt_before:
                if self._settled_before_resending(doc):
                    return
            elif doc.state == S.EN_COLA and self.run_.pac_clock_known() and self._too_old(doc):
                # Without a reading of the PAC's clock the bytes go as they are: if they are
                # out of its window it answers 401, and they are re-dated by its clock then.
                redated = self._redate(doc)
                if redated is None:
                    return
                doc = redated
            if not self._claim(doc):
                return
            result = self.client.stamp(doc.sealed_xml)
        except PacRejectedError as error:
            self._rejected(doc, error.code or "", error.detail, doubt_before)
            return
        except PacError as error:
            self._fault(doc, error, doubt_before)
            return
        if result.stamped:
            self._stamped(doc, result)
        else:
            self._rejected(doc, result.code or "", result.detail, doubt_before)

    def _settled_before_resending(self, doc: _Doc) -> bool:
        """A document that may be stamped is resent as it is; a leftover, or one near the
        window's end, is first asked for at the PAC. True when nothing is to be sent: the
        stamp was found, or the window closed (POSIBLEMENTE_TIMBRADO)."""
        if doc.state != S.ENVIANDO and not self._too_old(doc):
            return False
        try:
            if self._try_recover(doc):
                return True
        except PacStampNotReadyError:  # stamped there, not handed over yet
            if not self._window_closed(doc):
                raise
        if self._window_closed(doc):
            self._possibly_stamped(doc)
            return True
        return False

    def _read(self, documento_id: int) -> _Doc | None:
        with self.sessions() as session:
            d = session.get(Documento, documento_id)
            if d is None or d.sealed_xml is None:
                return None
            if d.state not in (S.EN_COLA, S.ENVIANDO, S.POSIBLEMENTE_TIMBRADO):
                return None
            return _Doc(
                documento_id,
                d.state,
                d.serie,
                d.folio,
                d.sealed_xml,
                d.fecha,
                d.attempts,
                d.input_json,
                d.may_be_stamped,
            )

    def _try_recover(self, doc: _Doc) -> bool:
        """Whether the PAC already had these bytes stamped (then stored: TIMBRADO)."""
        found = self.client.recover(doc.sealed_xml)
        if found is None or not found.stamped:
            return False
        # EN_COLA after an unknown outcome: record the (re)send we are completing.
        if doc.state == S.EN_COLA and not self._claim(doc, detail="Consulta al PAC"):
            return True
        self._stamped(doc, found, recovered=True)
        return True

    def _claim(self, doc: _Doc, detail: str | None = None) -> bool:
        """EN_COLA -> ENVIANDO (or ENVIANDO -> ENVIANDO for a leftover), committed first."""
        with self.sessions() as session:
            d = session.get(Documento, doc.id)
            if d is None or d.state != doc.state or d.sealed_xml != doc.sealed_xml:
                return False  # another worker moved it
            d.attempts += 1
            d.may_be_stamped = True  # from now until an answer settles it
            text = detail or (
                f"Reenvío a {self.client.name} tras una interrupción (intento {d.attempts})"
                if d.state == S.ENVIANDO
                else f"Enviando a {self.client.name} (intento {d.attempts})"
            )
            transition(session, d, S.ENVIANDO, text, now=self.moment)
            session.commit()
        doc.state = S.ENVIANDO.value
        doc.attempts += 1
        return True

    # ------------------------------------------------------------ outcomes

    def _stamped(self, doc: _Doc, result: StampResult, *, recovered: bool = False) -> None:
        assert result.xml is not None
        assert result.uuid is not None
        previously = recovered or result.status is StampStatus.PREVIOUSLY_STAMPED
        demo = is_demo_stamp(result.xml)
        with self.sessions() as session:
            d = session.get(Documento, doc.id)
            if d is None or d.state != doc.state:
                return  # another worker stored it
            d.stamped_xml = result.xml
            d.uuid = result.uuid.upper()
            d.is_demo = demo
            d.may_be_stamped = False
            d.last_error_code = None
            d.last_error_message = None
            d.next_attempt_at = None
            how = "timbre recuperado (timbrado previamente)" if previously else "timbrado"
            transition(
                session,
                d,
                S.TIMBRADO,
                f"{self.client.name}: {how}, UUID {d.uuid}" + (" (demostración)" if demo else ""),
                now=self.moment,
            )
            session.commit()
        self._answered()
        event = DocumentStamped(doc.id, doc.serie, doc.folio, result.uuid.upper(), previously, demo)
        self.report.stamped.append(event)
        self.notify(event)

    def _answered(self) -> None:
        self.faults_in_a_row = 0
        self.answered = True

    def _rejected(self, doc: _Doc, code: str, detail: str | None, doubt_before: bool) -> None:
        if doubt_before and code in DATE_WINDOW_CODES:
            # Out of the window, and an earlier send may have been stamped: whether the PAC
            # looks for its earlier stamp before checking the date is not known.
            self._answered()
            self._possibly_stamped(doc)
            return
        if code in DATE_WINDOW_CODES and doc.id not in self.redated_after_rejection:
            # These bytes were never stamped (no earlier doubt, and this answer is a refusal):
            # date them again by the PAC's clock, which this very answer has just shown.
            self._answered()
            if self._redate(doc, rejected=True) is not None:
                self.process(doc.id)
                return
        message = error_message(PacRejectedError(code, detail))
        with self.sessions() as session:
            d = session.get(Documento, doc.id)
            if d is None or d.state != S.ENVIANDO:
                return
            d.last_error_code = code[:40]
            d.last_error_message = message
            d.next_attempt_at = None
            d.may_be_stamped = False
            detail = f"Rechazado por {self.client.name}: {code}"
            transition(session, d, S.RECHAZADO, detail, now=self.moment)
            session.commit()
        self._answered()
        event = DocumentRejected(doc.id, doc.serie, doc.folio, code, message)
        self.report.rejected.append(event)
        self.notify(event)

    def _fault(self, doc: _Doc, error: PacError, doubt_before: bool) -> None:
        """Back to EN_COLA: retry later (unknown outcome) or pause (credits, account)."""
        pause: tuple[str, str] | None = None
        delay = self.backoff(doc.attempts)
        if isinstance(error, PacStampNotReadyError):  # the PAC answered: stamped, not yet given
            message = messages.STAMP_NOT_READY.format(pac=self.client.name)
            self.faults_in_a_row = 0
        elif isinstance(error, PacUnavailableError):
            message = f"{SIN_CONEXION}. {error.message}"
            self.faults_in_a_row += 1
            unreachable = error.code == "CONEXION" and error.request_sent is False
            if unreachable or self.faults_in_a_row >= STOP_AFTER_FAULTS:
                text = f"{SIN_CONEXION}. Se reintentará automáticamente."
                pause = (messages.PAUSE_UNREACHABLE, text)
        elif isinstance(error, PacCreditsExhaustedError):
            message = error.message
            delay = timedelta(0)
            pause = (CREDITOS_AGOTADOS, message)
        elif isinstance(error, PacAuthError):
            message = error.message
            delay = timedelta(0)
            pause = (explain(error.code)[0], message)
        else:  # an unexpected PAC error: outcome unknown, retry later and stop
            message = error.message
            pause = (messages.PAUSE_PAC_ERROR, message)
        next_at = self.moment + delay
        doubt = doubt_before or not known_not_stamped(error)
        with self.sessions() as session:
            d = session.get(Documento, doc.id)
            if d is not None and d.state == doc.state and d.sealed_xml == doc.sealed_xml:
                d.last_error_code = (error.code or type(error).__name__)[:40]
                d.last_error_message = message
                d.next_attempt_at = next_at
                d.may_be_stamped = doubt
                if d.state == S.ENVIANDO:
                    transition(
                        session, d, S.EN_COLA, f"Reintento programado: {error}", now=self.moment
                    )
                session.add(d)  # EN_COLA: the lookup before the send failed; no transition
                session.commit()
        self.notify(RetryScheduled(doc.id, doc.serie, doc.folio, next_at, message))
        if pause is not None:
            _pause(self.report, self.notify, *pause)
            raise _Stop

    # ------------------------------------------------------------ possibly stamped

    def _possibly_stamped(self, doc: _Doc) -> None:
        """EN_COLA/ENVIANDO -> POSIBLEMENTE_TIMBRADO: looked up from now on, never resent."""
        text = messages.POSSIBLY_STAMPED.format(name=doc.name, ref=doc.name)
        with self.sessions() as session:
            d = session.get(Documento, doc.id)
            if d is None or d.state != doc.state or d.sealed_xml != doc.sealed_xml:
                return
            d.may_be_stamped = True
            d.last_error_message = messages.POSSIBLY_STAMPED_WAITING
            d.next_attempt_at = self.moment + LOOKUP_DELAY
            transition(
                session,
                d,
                S.POSIBLEMENTE_TIMBRADO,
                "Pasaron las 72 horas sin saber si un envío anterior quedó timbrado: "
                "se verifica con el PAC; no se vuelve a sellar sin confirmación del usuario",
                now=self.moment,
            )
            session.commit()
        event = DocumentPossiblyStamped(doc.id, doc.serie, doc.folio, text)
        self.report.possibly_stamped.append(event)
        self.report.notices.append(text)
        self.notify(event)

    def _look_up_possibly_stamped(self, doc: _Doc) -> None:
        try:
            found = self.client.recover(doc.sealed_xml)
        except PacRejectedError:
            found = None  # SW looks up by stamping: out of the window it answers 401
        except PacError as error:
            found = None
            if isinstance(error, PacUnavailableError) and not isinstance(
                error, PacStampNotReadyError
            ):
                self.faults_in_a_row += 1
        if found is not None and found.stamped:
            self._stamped(doc, found, recovered=True)
            return
        with self.sessions() as session:
            d = session.get(Documento, doc.id)
            if d is not None and d.state == S.POSIBLEMENTE_TIMBRADO:
                d.next_attempt_at = self.moment + LOOKUP_DELAY
                session.add(d)
                session.commit()
        if self.faults_in_a_row >= STOP_AFTER_FAULTS:
            text = f"{SIN_CONEXION}. Se reintentará automáticamente."
            _pause(self.report, self.notify, messages.PAUSE_UNREACHABLE, text)
            raise _Stop

    # ------------------------------------------------------------ the 72-hour window

    def _age(self, doc: _Doc) -> timedelta | None:
        if doc.fecha is None:
            return None
        lugar = self.empresa.lugar_expedicion if self.empresa else ""
        return age(doc.fecha, doc.sealed_xml, lugar, self.run_.now_for_the_pac())

    def _too_old(self, doc: _Doc) -> bool:
        old = self._age(doc)
        return old is not None and old > REDATE_AFTER

    def _window_closed(self, doc: _Doc) -> bool:
        old = self._age(doc)
        return old is not None and old > WINDOW

    def _credential_for_redating(self) -> Credential | None:
        if not self._credential_tried:
            self._credential_tried = True
            if self.credential_provider is not None and self.empresa is not None:
                try:
                    self._credential = self.credential_provider(self.empresa)
                except FacturadorError as error:
                    self.report.notices.append(f"No se pudo cargar el CSD: {error.message}")
        return self._credential

    def _redate(self, doc: _Doc, *, rejected: bool = False) -> _Doc | None:
        """Re-date and re-seal (same serie and folio); None if another worker moved it.

        Only for a document none of whose sends can have reached a PAC: a queued one, or one
        the PAC has just refused for its Fecha (`rejected`: ENVIANDO -> RECHAZADO -> SELLADO
        -> EN_COLA in one transaction). Without a credential (or the input) a queued
        document is sent as it is and the user told; a rejected one stays rejected (None).
        """
        credential = self._credential_for_redating()
        if credential is None or doc.input_json is None:
            self.report.notices.append(messages.REDATE_NO_CSD.format(name=doc.name))
            return None if rejected else doc
        if rejected:
            self.redated_after_rejection.add(doc.id)
        resealed = reseal(doc.input_json, doc.folio, credential, self.run_.now_for_the_pac())
        old, fecha = doc.fecha, resealed.fecha
        when = {"old": f"{old:%Y-%m-%d %H:%M}" if old else "—", "new": f"{fecha:%Y-%m-%d %H:%M}"}
        text = (messages.REDATED_AFTER_401 if rejected else messages.REDATED).format(
            name=doc.name, **when
        )
        why = "tras el rechazo 401 del PAC" if rejected else "por el límite de 72 horas"
        with self.sessions() as session:
            d = session.get(Documento, doc.id)
            if d is None or d.state != doc.state or d.sealed_xml != doc.sealed_xml:
                return None
            if rejected:
                text_401 = f"Rechazado por {self.client.name}: 401 (fecha fuera de plazo)"
                transition(session, d, S.RECHAZADO, text_401, now=self.moment)
            elif d.may_be_stamped:
                return None  # a send by another worker may have reached the PAC meanwhile
            d.may_be_stamped = False
            transition(
                session,
                d,
                S.SELLADO,
                f"Re-fechado {why}: Fecha {old} → {fecha}; "
                f"sellado de nuevo, serie y folio {doc.name} conservados",
                now=self.moment,
            )
            d.sealed_xml = resealed.xml
            d.fecha = fecha
            d.next_attempt_at = None
            transition(session, d, S.EN_COLA, "En espera de timbrado (re-fechado)", now=self.moment)
            session.commit()
        doc.state = S.EN_COLA.value
        doc.may_be_stamped = False
        event = DocumentRedated(doc.id, doc.serie, doc.folio, old, fecha, text)
        self.report.redated.append(event)
        self.report.notices.append(text)
        self.notify(event)
        doc.sealed_xml = resealed.xml
        doc.fecha = fecha
        return doc
