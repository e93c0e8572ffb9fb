"""Cancelling stamped CFDI: the request, the cancellation queue, and following SAT's answer.

The requests come from services.cancel_requests (checked before anything is queued).

`sync_cancellations` is the cancellation queue's pass, beside the stamping queue
(services.queue), with the same rules (style.md §2):

1. CANCELACION_EN_COLA, due: a motivo 01 request waiting for its substitute (substitution)
   is sent only once that document is TIMBRADO and its UUID known. The request is claimed
   first, CANCELACION_EN_COLA -> CANCELACION_EN_PROCESO with `sent_at` set and no `code`,
   committed *before* it leaves (as ENVIANDO is for stamping). The answer is stored in one
   transaction: 201/202 -> stays CANCELACION_EN_PROCESO with the code and the acuse;
   a rejection (203, 204, no_cancelable, 207–212, 3xx) -> CANCELACION_RECHAZADA with the code
   and a Spanish message; a retryable fault (no network, 5xx, 708) or 205 ("not yet at SAT")
   -> back to CANCELACION_EN_COLA with exponential backoff; credits or account problems
   pause the pass.
2. CANCELACION_EN_PROCESO: SAT's ConsultaCFDIService decides (pac-protocols.md §3.2, §5.4):
   Estado "Cancelado" (con/sin aceptación, or "Plazo vencido") -> CANCELADO;
   EstatusCancelacion "Solicitud rechazada" -> CANCELACION_RECHAZADA; "En proceso" -> stays;
   "Vigente" with no EstatusCancelacion stays when the PAC accepted the request (SAT may lag),
   and goes back to the queue when no answer was stored (the process died mid-request:
   resending is safe, the PAC answers 202 for a request already made).

Reading of "Plazo vencido" (§5.2): the receptor did not answer within 3 business days, and
SAT then cancels the CFDI; SAT reports Estado "Cancelado" with that EstatusCancelacion. We
treat "Plazo vencido" as CANCELADO even if Estado lags behind, and say why in the audit.

`sync_all` runs the stamping pass and then this one; services.sync.run_pass adds the email.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from facturador.models.engine import read_session, write_session
from facturador.models.states import DocumentState, transition
from facturador.models.tables import Cancelacion, Documento, Empresa
from facturador.pac.base import (
    CancelCommand,
    CancelResult,
    PacClient,
    SatStatus,
)
from facturador.pac.errors import (
    PacAuthError,
    PacCreditsExhaustedError,
    PacError,
    PacRejectedError,
)
from facturador.pac.messages import error_message
from facturador.sat.errors import FacturadorError
from facturador.services import messages
from facturador.services.cancel_events import (
    CancelItem,
    CancellationRejected,
    CancellationReport,
    CancellationRequested,
    CancellationRetry,
    CancellationWaiting,
    Cancelled,
    Event,
    StatusProvider,
)
from facturador.services.cancel_follow import FollowSteps
from facturador.services.cancel_requests import (
    NOT_STAMPED,
    CsdFiles,
    document_name,
    latest_request,
    status_query,
)
from facturador.services.companies import load_csd
from facturador.services.queue import PassLimits, SyncReport, retry_delay, sync_once
from facturador.services.queue_events import PauseReason
from facturador.services.secrets import SecretStore

__all__ = [
    "CancellationRejected",
    "CancellationReport",
    "CancellationRequested",
    "CancellationRetry",
    "CancellationWaiting",
    "Cancelled",
    "StatusProvider",
    "sync_all",
    "sync_cancellations",
]

log = logging.getLogger(__name__)

S = DocumentState
_RETRY_CODES = frozenset({"205", "708"})  # not at SAT yet / SAT unreachable: try again later


# ---------------------------------------------------------------- events and report


# ---------------------------------------------------------------- the pass


class _Stop(Exception):
    """End the sending phase: the PAC refuses the account or is out of credits."""


def sync_cancellations(
    engine: Engine,
    client: PacClient,
    *,
    empresa_id: int,
    credential: CsdFiles | None,
    sat_status_client: StatusProvider | None = None,
    now: datetime | None = None,
    on_event: Callable[[Event], None] | None = None,
    backoff: Callable[[int], timedelta] = retry_delay,
) -> CancellationReport:
    """One pass: send the due queued cancellations, then ask SAT about those in process.

    `credential` signs the requests (None: nothing is sent, the report says why);
    `sat_status_client` answers ConsultaCFDIService (default: `client.status`).
    """
    pass_ = _CancelPass(
        engine,
        client,
        empresa_id=empresa_id,
        credential=credential,
        status=sat_status_client if sat_status_client is not None else client,
        moment=now or datetime.now(UTC),
        notify=on_event or (lambda _event: None),
        backoff=backoff,
    )
    return pass_.run()


class _CancelPass(FollowSteps):
    def __init__(
        self,
        engine: Engine,
        client: PacClient,
        *,
        empresa_id: int,
        credential: CsdFiles | None,
        status: StatusProvider,
        moment: datetime,
        notify: Callable[[Event], None],
        backoff: Callable[[int], timedelta],
    ) -> None:
        self.engine = engine
        self.client = client
        self.empresa_id = empresa_id
        self.credential = credential
        self.status = status
        self.moment = moment
        self.notify = notify
        self.backoff = backoff
        self.report = CancellationReport()
        self.sat_answers: dict[int, SatStatus] = {}
        self.reasons: dict[int, str] = {}
        with read_session(engine) as session:
            empresa = session.get(Empresa, empresa_id)
            self.rfc = empresa.rfc if empresa is not None else ""

    def run(self) -> CancellationReport:
        with contextlib.suppress(_Stop):
            for item in self._items(S.CANCELACION_EN_COLA, due_only=True):
                self._send(item)
        for item in self._items(S.CANCELACION_EN_PROCESO, due_only=False):
            if not self._follow(item):
                break
        self.report.waiting = self._waiting()
        return self.report

    # ------------------------------------------------------------ reading

    def _items(self, state: DocumentState, *, due_only: bool) -> list[CancelItem]:
        with read_session(self.engine) as session:
            docs = session.exec(
                select(Documento)
                .where(Documento.empresa_id == self.empresa_id, Documento.state == state.value)
                .order_by(col(Documento.id))
            ).all()
            items = []
            for doc in docs:
                request = latest_request(session, doc.id or 0)
                if request is None or request.id is None:
                    continue
                if (
                    due_only
                    and request.next_attempt_at is not None
                    and request.next_attempt_at > self.moment
                ):
                    self.reasons[doc.id or 0] = doc.last_error_message or ""
                    continue
                items.append(
                    CancelItem(
                        doc.id or 0,
                        doc.uuid or "",
                        doc.state,
                        request.id,
                        request.motivo,
                        request.folio_sustitucion,
                        request.sustituto_id,
                        request.attempts,
                        request.code,
                        status_query(doc, self.rfc),
                    )
                )
        return items

    # ------------------------------------------------------------ sending

    def _substitute_ready(self, item: CancelItem) -> bool:
        """A motivo 01 request waiting for its substitute: fill the folio once stamped."""
        if item.folio or item.sustituto_id is None:
            return True
        with write_session(self.engine) as session:
            substitute = session.get(Documento, item.sustituto_id)
            request = session.get(Cancelacion, item.request_id)
            if substitute is None or request is None:
                return False
            if substitute.uuid and substitute.state not in (*NOT_STAMPED, S.RECHAZADO):
                request.folio_sustitucion = substitute.uuid
                session.add(request)
                session.commit()
                item.folio = substitute.uuid
                return True
            key = "substitute_rejected" if substitute.state == S.RECHAZADO else "substitute_pending"
            self.reasons[item.id] = messages.CANCEL_WAITING[key].format(
                name=document_name(substitute)
            )
            return False

    def _send(self, item: CancelItem) -> None:
        if not self._substitute_ready(item):
            return
        if self.credential is None:
            if self.report.paused_reason is None:
                text = messages.CANCEL_REFUSALS["no_csd"].format(detail="falta el CSD")
                self.report.paused_reason = PauseReason.NO_CSD
                self.report.notices.append(text)
            raise _Stop
        try:
            command = CancelCommand(
                uuid=item.uuid,
                rfc_emisor=self.rfc,
                motivo=item.motivo,
                certificate=self.credential.certificate,
                private_key=self.credential.private_key,
                password=self.credential.password,
                folio_sustitucion=item.folio,
            )
        except PacRejectedError as error:  # 207/208/209: stored data SAT would refuse
            if self._claim(item):
                self._rejected(item, error.code or "", error_message(error))
            return
        es_cancelable = self._pre_check(item)
        if not self._claim(item):
            return
        try:
            result = self.client.cancel(command)
        except PacRejectedError as error:
            self._rejected(item, error.code or "", error_message(error))
            return
        except PacError as error:
            self._fault(item, error)
            return
        if result.accepted:
            self._accepted(item, result, es_cancelable)
        elif result.code in _RETRY_CODES:
            self._fault(item, PacRejectedError(result.code, result.detail))
        else:
            self._rejected(
                item, result.code, error_message(PacRejectedError(result.code, result.detail))
            )

    def _pre_check(self, item: CancelItem) -> str:
        """SAT's EsCancelable before sending (shown in the report); "" when SAT can't say."""
        try:
            answer = self.status.status(item.query)
        except PacError:
            return ""
        self.sat_answers[item.id] = answer
        return answer.es_cancelable

    def _claim(self, item: CancelItem) -> bool:
        """CANCELACION_EN_COLA -> CANCELACION_EN_PROCESO, committed before the request leaves."""
        with write_session(self.engine) as session:
            doc = session.get(Documento, item.id)
            request = session.get(Cancelacion, item.request_id)
            if doc is None or request is None or doc.state != S.CANCELACION_EN_COLA:
                return False  # another worker moved it
            request.attempts += 1
            request.sent_at = self.moment
            request.code = None
            request.detail = None
            session.add(request)
            detail = (
                f"Enviando la solicitud de cancelación a {self.client.name} "
                f"(motivo {item.motivo}"
                + (f", FolioSustitucion {item.folio}" if item.folio else "")
                + f", intento {request.attempts})"
            )
            transition(session, doc, S.CANCELACION_EN_PROCESO, detail, now=self.moment)
            session.commit()
        item.state = S.CANCELACION_EN_PROCESO.value
        item.attempts += 1
        return True

    def _accepted(self, item: CancelItem, result: CancelResult, es_cancelable: str) -> None:
        with write_session(self.engine) as session:
            doc = session.get(Documento, item.id)
            request = session.get(Cancelacion, item.request_id)
            if doc is None or request is None or doc.state != S.CANCELACION_EN_PROCESO:
                return
            request.code = result.code
            request.detail = result.detail
            request.acuse = result.acuse
            request.next_attempt_at = None
            session.add(request)
            doc.last_error_code = None
            doc.last_error_message = None
            text = (
                f"{self.client.name}: solicitud de cancelación aceptada ({result.code}"
                + (f" {result.detail}" if result.detail else "")
                + ")"
                + (f"; {es_cancelable}" if es_cancelable else "")
            )
            transition(session, doc, S.CANCELACION_EN_PROCESO, text, now=self.moment)
            session.commit()
        item.code = result.code
        event = CancellationRequested(item.id, item.uuid, result.code, es_cancelable)
        self.report.requested.append(event)
        self.notify(event)

    def _rejected(self, item: CancelItem, code: str, message: str) -> None:
        with write_session(self.engine) as session:
            doc = session.get(Documento, item.id)
            request = session.get(Cancelacion, item.request_id)
            if doc is None or request is None or doc.state != S.CANCELACION_EN_PROCESO:
                return
            request.code = code[:40]
            request.detail = message
            request.next_attempt_at = None
            session.add(request)
            doc.last_error_code = code[:40]
            doc.last_error_message = message
            transition(
                session,
                doc,
                S.CANCELACION_RECHAZADA,
                f"Cancelación rechazada: {code}",
                now=self.moment,
            )
            session.commit()
        event = CancellationRejected(item.id, item.uuid, code, message)
        self.report.rejected.append(event)
        self.notify(event)

    def _fault(self, item: CancelItem, error: PacError) -> None:
        """Back to CANCELACION_EN_COLA with backoff; account or credit problems pause."""
        message = error_message(error)
        if error.code not in _RETRY_CODES:
            message = f"{messages.CANCEL_WAITING['retry']}. {message}"
        next_at = self.moment + self.backoff(item.attempts)
        self._requeue(item, message, next_at, f"Reintento programado: {error}")
        self.notify(CancellationRetry(item.id, item.uuid, next_at, message))
        if isinstance(error, (PacAuthError, PacCreditsExhaustedError)) or (
            error.code not in _RETRY_CODES
        ):
            self.report.paused_reason = self.report.paused_reason or PauseReason.UNREACHABLE
            self.report.notices.append(message)
            raise _Stop

    def _requeue(
        self, item: CancelItem, message: str, next_at: datetime | None, detail: str
    ) -> None:
        with write_session(self.engine) as session:
            doc = session.get(Documento, item.id)
            request = session.get(Cancelacion, item.request_id)
            if doc is None or request is None or doc.state != S.CANCELACION_EN_PROCESO:
                return
            request.next_attempt_at = next_at
            session.add(request)
            doc.last_error_message = message
            transition(session, doc, S.CANCELACION_EN_COLA, detail, now=self.moment)
            session.commit()
        item.state = S.CANCELACION_EN_COLA.value

    # ------------------------------------------------------------ following SAT
    def _waiting(self) -> list[CancellationWaiting]:
        states = [S.CANCELACION_EN_COLA.value, S.CANCELACION_EN_PROCESO.value]
        with read_session(self.engine) as session:
            docs = session.exec(
                select(Documento)
                .where(Documento.empresa_id == self.empresa_id, col(Documento.state).in_(states))
                .order_by(col(Documento.id))
            ).all()
            result = []
            for doc in docs:
                doc_id = doc.id or 0
                request = latest_request(session, doc_id)
                answer = self.sat_answers.get(doc_id)
                reason = self.reasons.get(doc_id) or (
                    doc.last_error_message
                    if doc.state == S.CANCELACION_EN_COLA and doc.last_error_message
                    else messages.CANCEL_WAITING["queued"]
                    if doc.state == S.CANCELACION_EN_COLA
                    else messages.CANCEL_WAITING["sat_pending"]
                )
                result.append(
                    CancellationWaiting(
                        doc_id,
                        doc.uuid or "",
                        doc.state,
                        reason,
                        answer.estado if answer else (request.sat_estado or "" if request else ""),
                        answer.es_cancelable
                        if answer
                        else (request.sat_es_cancelable or "" if request else ""),
                        answer.estatus_cancelacion
                        if answer
                        else (request.sat_estatus_cancelacion or "" if request else ""),
                    )
                )
        return result


# ---------------------------------------------------------------- both queues


def sync_all(
    engine: Engine,
    client: PacClient,
    *,
    empresa_id: int,
    secrets: SecretStore,
    sat_status_client: StatusProvider | None = None,
    password: str | None = None,
    now: datetime | None = None,
    on_event: Callable[[Any], None] | None = None,
    backoff: Callable[[int], timedelta] = retry_delay,
    everything_due: bool = False,
    limits: PassLimits | None = None,
    clock_offset: timedelta | None = None,
) -> tuple[SyncReport, CancellationReport]:
    """The stamping pass, then the cancellation pass (substitutes stamped in the first are
    cancelled-for in the second). A CSD that cannot be loaded leaves cancellations queued.
    `everything_due`, `limits` and `clock_offset` are the stamping pass's (services.queue)."""
    moment = now or datetime.now(UTC)
    stamping = sync_once(
        engine,
        client,
        empresa_id=empresa_id,
        now=moment,
        on_event=on_event,
        backoff=backoff,
        credential_provider=lambda e: load_csd(e, secrets, moment, password),
        everything_due=everything_due,
        limits=limits,
        clock_offset=clock_offset,
    )
    with read_session(engine) as session:
        empresa = session.get(Empresa, empresa_id)
    credential: CsdFiles | None = None
    notice: str | None = None
    if empresa is not None:
        try:
            credential = CsdFiles.for_company(empresa, secrets, moment, password)
        except FacturadorError as error:
            notice = messages.CANCEL_REFUSALS["no_csd"].format(detail=error.message)
    cancelling = sync_cancellations(
        engine,
        client,
        empresa_id=empresa_id,
        credential=credential,
        sat_status_client=sat_status_client,
        now=moment,
        on_event=on_event,
        backoff=backoff,
    )
    if notice is not None and cancelling.paused_reason is PauseReason.NO_CSD:
        cancelling.notices = [notice]
    return stamping, cancelling
