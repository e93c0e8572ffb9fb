"""One stamping pass's worker: each document's send and the storing of its outcome.

See services.queue for the rules (never two CFDIs for one folio, bounded passes).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlmodel import Session

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
from facturador.pac.messages import error_message
from facturador.sat.credentials import Credential
from facturador.services import messages
from facturador.services.queue_events import (
    DocumentRejected,
    DocumentStamped,
    Event,
    PauseReason,
    RetryScheduled,
)
from facturador.services.queue_policy import (
    SIN_CONEXION,
    STOP_AFTER_FAULTS,
    CredentialProvider,
    PassState,
    QueuedDoc,
    StopPass,
    pause,
)
from facturador.services.queue_window import WindowSteps
from facturador.services.redating import DATE_WINDOW_CODES

__all__ = ["Worker"]

S = DocumentState


class Worker(WindowSteps):
    def __init__(
        self,
        sessions: Callable[[], Session],
        client: PacClient,
        empresa: Empresa | None,
        run: PassState,
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
        self.run_.notify(event)

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
            pause(self.report, self.notify, PauseReason.STOPPED, messages.PASS_STOPPED)
            raise StopPass
        budget = limits.time_budget
        if budget is not None and limits.monotonic() - self.run_.started >= budget:
            text = messages.PASS_TIME_UP.format(seconds=int(budget))
            pause(self.report, self.notify, PauseReason.TIME_UP, text)
            raise StopPass

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
            pause(self.report, self.notify, PauseReason.SLOW, text)
            raise StopPass

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

    def _settled_before_resending(self, doc: QueuedDoc) -> bool:
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

    def _read(self, documento_id: int) -> QueuedDoc | None:
        with self.sessions() as session:
            d = session.get(Documento, documento_id)
            if d is None or d.sealed_xml is None:
                return None
            if d.state not in (S.EN_COLA, S.ENVIANDO, S.POSIBLEMENTE_TIMBRADO):
                return None
            return QueuedDoc(
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

    def _try_recover(self, doc: QueuedDoc) -> bool:
        """Whether the PAC already had these bytes stamped (then stored: TIMBRADO)."""
        found = self.client.recover(doc.sealed_xml)
        if found is None or not found.stamped:
            return False
        # EN_COLA after an unknown outcome: record the (re)send we are completing.
        if doc.state == S.EN_COLA and not self._claim(doc, detail="Consulta al PAC"):
            return True
        self._stamped(doc, found, recovered=True)
        return True

    def _claim(self, doc: QueuedDoc, detail: str | None = None) -> bool:
        """EN_COLA -> ENVIANDO (or ENVIANDO -> ENVIANDO for a leftover), committed first."""
        with self.sessions() as session:
            # FOR UPDATE (PostgreSQL; SQLite's writers are serialized anyway): a withdrawal or
            # another seat's claim of this row commits first and is seen here.
            d = session.get(Documento, doc.id, with_for_update=True)
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

    def _stamped(self, doc: QueuedDoc, result: StampResult, *, recovered: bool = False) -> None:
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

    def _rejected(self, doc: QueuedDoc, code: str, detail: str | None, doubt_before: bool) -> None:
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

    def _fault(self, doc: QueuedDoc, error: PacError, doubt_before: bool) -> None:
        """Back to EN_COLA: retry later (unknown outcome) or pause (credits, account)."""
        stop_for: tuple[PauseReason, str] | None = None
        delay = self.backoff(doc.attempts)
        if isinstance(error, PacStampNotReadyError):  # the PAC answered: stamped, not yet given
            message = messages.STAMP_NOT_READY.format(pac=self.client.name)
            self.faults_in_a_row = 0
        elif isinstance(error, PacUnavailableError):
            message = f"{SIN_CONEXION}. {error.message}"
            self.faults_in_a_row += 1
            unreachable = error.code == "CONEXION" and error.request_sent is False
            if unreachable or self.faults_in_a_row >= STOP_AFTER_FAULTS:
                text = messages.SIN_CONEXION_RETRY
                stop_for = (PauseReason.UNREACHABLE, text)
        elif isinstance(error, PacCreditsExhaustedError):
            message = error.message
            delay = timedelta(0)
            stop_for = (PauseReason.CREDITS, message)
        elif isinstance(error, PacAuthError):
            message = error.message
            delay = timedelta(0)
            stop_for = (PauseReason.ACCOUNT, message)
        else:  # an unexpected PAC error: outcome unknown, retry later and stop
            message = error.message
            stop_for = (PauseReason.PAC_ERROR, message)
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
        if stop_for is not None:
            pause(self.report, self.notify, *stop_for)
            raise StopPass
