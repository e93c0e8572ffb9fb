"""Cancelling stamped CFDI: the request, the cancellation queue, and following SAT's answer.

`request_cancellation` checks everything SAT would refuse before anything is queued (the
document is TIMBRADO, motivo 01–04, FolioSustitucion only and always with motivo 01, pointing
at a stamped document of the same company that relates to this one with TipoRelacion 04),
then stores a `Cancelacion` row and moves TIMBRADO -> CANCELACION_EN_COLA in one transaction.
A refusal is a `CancellationRefusedError` and changes nothing.

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

`sync_all` runs the stamping pass and then this one, for `facturador sincronizar`.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from facturador.models.engine import read_session, write_session
from facturador.models.states import DocumentState, transition
from facturador.models.tables import Cancelacion, Documento, Empresa
from facturador.pac.base import (
    CancelCommand,
    CancelResult,
    PacClient,
    SatStatus,
    StatusQuery,
    is_uuid,
)
from facturador.pac.errors import (
    PacAuthError,
    PacCreditsExhaustedError,
    PacError,
    PacRejectedError,
)
from facturador.pac.messages import error_message
from facturador.sat.errors import FacturadorError
from facturador.sat.xml_safety import parse_xml
from facturador.services import messages
from facturador.services.companies import get_active_company, load_csd
from facturador.services.queue import PassLimits, SyncReport, retry_delay, sync_once
from facturador.services.secrets import SERVICE, SecretStore, csd_password_key

__all__ = [
    "CancellationRefusedError",
    "CancellationRejected",
    "CancellationReport",
    "CancellationRequested",
    "CancellationRetry",
    "CancellationWaiting",
    "Cancelled",
    "CsdFiles",
    "QueuedCancellation",
    "StatusProvider",
    "check_cancellable",
    "find_document",
    "latest_request",
    "queue_request",
    "request_cancellation",
    "status_query",
    "sync_all",
    "sync_cancellations",
]

log = logging.getLogger(__name__)

S = DocumentState
MOTIVOS = tuple(messages.CANCEL_MOTIVOS)
CFDI_NS = "http://www.sat.gob.mx/cfd/4"
_SERIE_FOLIO = re.compile(r"^(?P<serie>[^-\s]*)-(?P<folio>\d+)$")
_SELLO = re.compile(rb'\sSello="([^"]*)"')
_RETRY_CODES = frozenset({"205", "708"})  # not at SAT yet / SAT unreachable: try again later
_NOT_STAMPED = (S.BORRADOR, S.SELLADO, S.EN_COLA, S.ENVIANDO)


# ---------------------------------------------------------------- errors


class CancellationRefusedError(FacturadorError):
    """A cancellation that must not be queued; `reason` keys messages.CANCEL_REFUSALS."""

    def __init__(self, reason: str, **data: str) -> None:
        super().__init__(reason, data)
        self.reason = reason
        self.data = data

    @property
    def message(self) -> str:
        return messages.CANCEL_REFUSALS[self.reason].format(**self.data)


# ---------------------------------------------------------------- the CSD for cancelling


@dataclass(frozen=True, slots=True, kw_only=True)
class CsdFiles:
    """The CSD files as the PACs' cancel calls take them (.cer DER, encrypted .key DER and
    its password). A `Credential` holds the decrypted key only, so it cannot be sent."""

    certificate: bytes
    private_key: bytes
    password: str = field(repr=False)

    @classmethod
    def for_company(
        cls, empresa: Empresa, secrets: SecretStore, now: datetime, password: str | None = None
    ) -> CsdFiles:
        """Checked with `load_csd` (right password, the company's, valid at `now`)."""
        load_csd(empresa, secrets, now, password)
        assert empresa.certificado_der is not None
        assert empresa.llave_cifrada is not None
        assert empresa.no_certificado is not None
        if password is None:
            password = secrets.get(SERVICE, csd_password_key(empresa.rfc, empresa.no_certificado))
        return cls(
            certificate=empresa.certificado_der,
            private_key=empresa.llave_cifrada,
            password=password or "",
        )


# ---------------------------------------------------------------- lookups


def _name(doc: Documento) -> str:
    if doc.uuid and doc.state not in _NOT_STAMPED:
        label = f"{doc.serie}-{doc.folio}" if doc.serie else str(doc.folio)
        return f"{label} (UUID {doc.uuid})"
    return f"{doc.serie}-{doc.folio}" if doc.serie else f"folio {doc.folio}"


def _state_name(state: str) -> str:
    return messages.CANCEL_STATE_NAMES.get(state, state)


def find_document(session: Session, empresa_id: int, ref: str) -> Documento:
    """The company's document by UUID or by "SERIE-FOLIO"; CancellationRefusedError if none."""
    text = ref.strip()
    if is_uuid(text):
        query = select(Documento).where(
            Documento.empresa_id == empresa_id, Documento.uuid == text.upper()
        )
    elif match := _SERIE_FOLIO.match(text):
        query = select(Documento).where(
            Documento.empresa_id == empresa_id,
            Documento.serie == (match["serie"] or None),
            Documento.folio == int(match["folio"]),
        )
    else:
        raise CancellationRefusedError("bad_reference", ref=text)
    doc = session.exec(query).first()
    if doc is None:
        raise CancellationRefusedError("not_found", ref=text)
    return doc


def latest_request(session: Session, documento_id: int) -> Cancelacion | None:
    return session.exec(
        select(Cancelacion)
        .where(Cancelacion.documento_id == documento_id)
        .order_by(col(Cancelacion.id).desc())
    ).first()


def _related_04(doc: Documento) -> set[str]:
    """UUIDs this document substitutes (CfdiRelacionados with TipoRelacion 04)."""
    xml = doc.stamped_xml or doc.sealed_xml
    if not xml:
        return set()
    root = parse_xml(xml)
    found = set()
    for group in root.iter(f"{{{CFDI_NS}}}CfdiRelacionados"):
        if group.get("TipoRelacion") == "04":
            for item in group.iter(f"{{{CFDI_NS}}}CfdiRelacionado"):
                found.add((item.get("UUID") or "").upper())
    return found


# ---------------------------------------------------------------- the request


@dataclass(frozen=True, slots=True, kw_only=True)
class QueuedCancellation:
    documento_id: int
    uuid: str
    motivo: str
    folio_sustitucion: str | None
    sustituto_id: int | None
    state: str


def check_cancellable(doc: Documento) -> None:
    """Refuse a document that is not stamped, or that is cancelled or being cancelled."""
    state = S(doc.state)
    if state in _NOT_STAMPED:
        raise CancellationRefusedError(
            "not_stamped_queued", name=_name(doc), state=_state_name(state)
        )
    if state is S.RECHAZADO:
        raise CancellationRefusedError("not_stamped_rejected", name=_name(doc))
    if state is S.CANCELADO:
        raise CancellationRefusedError("already_cancelled", name=_name(doc))
    if state in (S.CANCELACION_EN_COLA, S.CANCELACION_EN_PROCESO):
        raise CancellationRefusedError(
            "already_cancelling", name=_name(doc), state=_state_name(state)
        )
    # TIMBRADO, or CANCELACION_RECHAZADA (a rejected request may be made again)


def _check_motivo(motivo: str, folio: str | None) -> None:
    if motivo not in MOTIVOS:
        raise CancellationRefusedError("bad_motivo", motivo=motivo)
    if motivo != "01" and folio:
        raise CancellationRefusedError("folio_not_allowed", motivo=motivo)


def _check_substitute(session: Session, doc: Documento, folio: str) -> Documento:
    if not is_uuid(folio):
        raise CancellationRefusedError("folio_invalid", folio=folio)
    if folio.upper() == (doc.uuid or "").upper():
        raise CancellationRefusedError("folio_self")
    substitute = session.exec(
        select(Documento).where(
            Documento.empresa_id == doc.empresa_id, Documento.uuid == folio.upper()
        )
    ).first()
    if substitute is None:
        raise CancellationRefusedError("folio_unknown", folio=folio.upper())
    if substitute.state != S.TIMBRADO:
        raise CancellationRefusedError(
            "folio_not_stamped", folio=folio.upper(), state=_state_name(substitute.state)
        )
    if (doc.uuid or "").upper() not in _related_04(substitute):
        raise CancellationRefusedError(
            "folio_not_related", folio=folio.upper(), name=_name(doc), uuid=doc.uuid or ""
        )
    return substitute


def request_cancellation(
    engine: Engine,
    uuid: str,
    motivo: str,
    *,
    folio_sustitucion: str | None = None,
    empresa_id: int | None = None,
    now: datetime | None = None,
) -> QueuedCancellation:
    """Queue the cancellation of the document `uuid` (a UUID, or "SERIE-FOLIO") of the
    active company (or `empresa_id`). Raises CancellationRefusedError, changing nothing."""
    moment = now or datetime.now(UTC)
    motivo = motivo.strip()
    folio = folio_sustitucion.strip().upper() if folio_sustitucion else None
    with write_session(engine) as session:
        company = empresa_id if empresa_id is not None else get_active_company(session).id
        assert company is not None
        doc = find_document(session, company, uuid)
        check_cancellable(doc)
        _check_motivo(motivo, folio)
        if motivo == "01":
            if not folio:
                raise CancellationRefusedError("folio_required", name=_name(doc))
            _check_substitute(session, doc, folio)
        queued = queue_request(session, doc, motivo, folio=folio, sustituto=None, now=moment)
        session.commit()
        return queued


def queue_request(
    session: Session,
    doc: Documento,
    motivo: str,
    *,
    folio: str | None,
    sustituto: Documento | None,
    now: datetime,
) -> QueuedCancellation:
    """Store the request and move the document to CANCELACION_EN_COLA; the caller commits."""
    assert doc.id is not None
    request = Cancelacion(
        documento_id=doc.id,
        motivo=motivo,
        folio_sustitucion=folio,
        sustituto_id=sustituto.id if sustituto is not None else None,
        created_at=now,
    )
    session.add(request)
    detail = f"Cancelación solicitada, motivo {motivo} ({messages.CANCEL_MOTIVOS[motivo]})"
    if folio:
        detail += f", FolioSustitucion {folio}"
    if sustituto is not None:
        detail += f"; sustitución pendiente de {sustituto.id} ({_name(sustituto)})"
    transition(session, doc, S.CANCELACION_EN_COLA, detail, now=now)
    doc.last_error_code = None
    doc.last_error_message = None
    return QueuedCancellation(
        documento_id=doc.id,
        uuid=doc.uuid or "",
        motivo=motivo,
        folio_sustitucion=folio,
        sustituto_id=request.sustituto_id,
        state=doc.state,
    )


# ---------------------------------------------------------------- events and report


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
    paused_reason: str | None = None
    notices: list[str] = field(default_factory=list)


Event = CancellationRequested | Cancelled | CancellationRejected | CancellationRetry


class StatusProvider(Protocol):
    """Anything with `status(StatusQuery) -> SatStatus`: SatStatusClient or a PacClient."""

    def status(self, query: StatusQuery) -> SatStatus: ...


def status_query(doc: Documento, rfc_emisor: str) -> StatusQuery:
    """What SAT's status service needs to find a stored, stamped document."""
    match = _SELLO.search(doc.sealed_xml or b"")
    return StatusQuery(
        uuid=doc.uuid or "",
        rfc_emisor=rfc_emisor,
        rfc_receptor=doc.rfc_receptor,
        total=doc.total,
        sello=match.group(1).decode("ascii") if match else "",
    )


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


@dataclass(slots=True)
class _Item:
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


class _CancelPass:
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

    def _items(self, state: DocumentState, *, due_only: bool) -> list[_Item]:
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
                    _Item(
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

    def _substitute_ready(self, item: _Item) -> bool:
        """A motivo 01 request waiting for its substitute: fill the folio once stamped."""
        if item.folio or item.sustituto_id is None:
            return True
        with write_session(self.engine) as session:
            substitute = session.get(Documento, item.sustituto_id)
            request = session.get(Cancelacion, item.request_id)
            if substitute is None or request is None:
                return False
            if substitute.uuid and substitute.state not in (*_NOT_STAMPED, S.RECHAZADO):
                request.folio_sustitucion = substitute.uuid
                session.add(request)
                session.commit()
                item.folio = substitute.uuid
                return True
            key = "substitute_rejected" if substitute.state == S.RECHAZADO else "substitute_pending"
            self.reasons[item.id] = messages.CANCEL_WAITING[key].format(name=_name(substitute))
            return False

    def _send(self, item: _Item) -> None:
        if not self._substitute_ready(item):
            return
        if self.credential is None:
            if self.report.paused_reason is None:
                text = messages.CANCEL_REFUSALS["no_csd"].format(detail="falta el CSD")
                self.report.paused_reason = "sin CSD"
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

    def _pre_check(self, item: _Item) -> str:
        """SAT's EsCancelable before sending (shown in the report); "" when SAT can't say."""
        try:
            answer = self.status.status(item.query)
        except PacError:
            return ""
        self.sat_answers[item.id] = answer
        return answer.es_cancelable

    def _claim(self, item: _Item) -> bool:
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

    def _accepted(self, item: _Item, result: CancelResult, es_cancelable: str) -> None:
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

    def _rejected(self, item: _Item, code: str, message: str) -> None:
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

    def _fault(self, item: _Item, error: PacError) -> None:
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
            self.report.paused_reason = self.report.paused_reason or "sin conexión"
            self.report.notices.append(message)
            raise _Stop

    def _requeue(self, item: _Item, message: str, next_at: datetime | None, detail: str) -> None:
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

    def _follow(self, item: _Item) -> bool:
        """Ask SAT; False when SAT cannot be reached (stop asking in this pass)."""
        try:
            answer = self.status.status(item.query)
        except PacError as error:
            self.report.notices.append(f"{messages.CANCEL_WAITING['no_status']}: {error}")
            return False
        self.sat_answers[item.id] = answer
        estatus = answer.estatus_cancelacion
        if answer.estado == "Cancelado" or estatus == "Plazo vencido":
            self._cancelled(item, answer)
        elif estatus == "Solicitud rechazada":
            self._receptor_rejected(item, answer)
        elif item.code is None and not estatus and answer.estado != "Cancelado":
            # Claimed but no answer stored (crash mid-request) and SAT knows no request:
            # send again; the PAC answers 202 if the first one did arrive.
            self._requeue(
                item,
                messages.CANCEL_WAITING["queued"],
                None,
                "Sin respuesta del PAC a la solicitud anterior: se enviará de nuevo",
            )
        else:
            key = "with_acceptance" if estatus == "En proceso" else "sat_pending"
            self.reasons[item.id] = messages.CANCEL_WAITING[key]
            self._store_status(item, answer)
        return True

    def _store_status(self, item: _Item, answer: SatStatus) -> None:
        with write_session(self.engine) as session:
            request = session.get(Cancelacion, item.request_id)
            if request is None:
                return
            _copy_status(request, answer, self.moment)
            session.add(request)
            session.commit()

    def _cancelled(self, item: _Item, answer: SatStatus) -> None:
        estatus = answer.estatus_cancelacion
        with write_session(self.engine) as session:
            doc = session.get(Documento, item.id)
            request = session.get(Cancelacion, item.request_id)
            if doc is None or request is None or doc.state != S.CANCELACION_EN_PROCESO:
                return
            _copy_status(request, answer, self.moment)
            session.add(request)
            why = messages.CANCEL_PLAZO_VENCIDO if estatus == "Plazo vencido" else estatus
            detail = (
                f"SAT: Estado {answer.estado}"
                + (f", {why}" if why else "")
                + (f"; EsCancelable {answer.es_cancelable}" if answer.es_cancelable else "")
                + (f"; acuse {request.code}" if request.code else "")
            )
            transition(session, doc, S.CANCELADO, detail, now=self.moment)
            session.commit()
        event = Cancelled(item.id, item.uuid, estatus or answer.estado)
        self.report.cancelled.append(event)
        self.notify(event)

    def _receptor_rejected(self, item: _Item, answer: SatStatus) -> None:
        with write_session(self.engine) as session:
            doc = session.get(Documento, item.id)
            request = session.get(Cancelacion, item.request_id)
            if doc is None or request is None or doc.state != S.CANCELACION_EN_PROCESO:
                return
            _copy_status(request, answer, self.moment)
            session.add(request)
            message = messages.CANCEL_RECEPTOR_REJECTED.format(name=_name(doc))
            doc.last_error_code = "SOLICITUD_RECHAZADA"
            doc.last_error_message = message
            transition(
                session,
                doc,
                S.CANCELACION_RECHAZADA,
                "SAT: Solicitud rechazada por el receptor",
                now=self.moment,
            )
            session.commit()
        event = CancellationRejected(item.id, item.uuid, "Solicitud rechazada", message)
        self.report.rejected.append(event)
        self.notify(event)

    # ------------------------------------------------------------ the report

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


def _copy_status(request: Cancelacion, answer: SatStatus, moment: datetime) -> None:
    request.sat_estado = answer.estado[:40] or None
    request.sat_es_cancelable = answer.es_cancelable[:40] or None
    request.sat_estatus_cancelacion = answer.estatus_cancelacion[:40] or None
    request.checked_at = moment


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
    if notice is not None and cancelling.paused_reason == "sin CSD":
        cancelling.notices = [notice]
    return stamping, cancelling
