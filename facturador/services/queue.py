"""The send queue: stamp every queued document exactly once, surviving crashes.

The queue is rows with a status (architecture.md, style.md §2). `sync_once` makes one pass
over a company's documents, oldest first, one at a time:

1. A document left in ENVIANDO (the process died mid-request) is first looked up at the PAC
   with its sealed bytes (`client.recover`); if the PAC had stamped it, that stamp is stored.
   Otherwise it is resent with the same bytes.
2. EN_COLA -> ENVIANDO (attempts + 1) is committed *before* the request leaves.
3. The answer is stored in one transaction: STAMPED / PREVIOUSLY_STAMPED -> TIMBRADO with the
   stamped XML as received; REJECTED -> RECHAZADO with the code and what to fix; a
   retryable fault -> EN_COLA with exponential backoff and jitter; no credits or an account
   problem -> EN_COLA and the pass pauses.
4. A queued document whose Fecha is older than `REDATE_AFTER` (70 h, SAT allows 72 h) is
   re-dated and re-sealed with the same serie and folio (EN_COLA -> SELLADO -> EN_COLA),
   after checking the PAC did not stamp the old bytes already (pac-protocols.md §6.1).

Resending the same bytes is safe because the PAC recognises a duplicate and answers
"previously stamped" with the earlier stamp; that is a success, never an error. Several
processes may run passes at once: every write re-reads the row under the write lock and
does nothing when another worker got there first.

`on_event` is a plain callable receiving the small event dataclasses below; the GUI bridges
them to signals. Nothing here touches Qt.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import case
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from facturador.models.engine import is_sqlite, read_session, write_session
from facturador.models.states import DocumentState, transition
from facturador.models.tables import Documento, Empresa
from facturador.pac.base import DEFAULT_TIMEOUT, PacClient, StampResult, StampStatus, Timeout
from facturador.pac.demo_certificate import is_demo_stamp
from facturador.pac.errors import (
    PacAuthError,
    PacCreditsExhaustedError,
    PacError,
    PacRejectedError,
    PacUnavailableError,
)
from facturador.pac.messages import FAQ_CREDITOS, error_message, explain
from facturador.sat.build import build_comprobante
from facturador.sat.credentials import Credential
from facturador.sat.errors import CatalogError, FacturadorError
from facturador.sat.fecha import fecha_expedicion, zona_horaria
from facturador.sat.sello import seal
from facturador.services.connectivity import Connectivity
from facturador.services.secrets import SERVICE, SecretStore

__all__ = [
    "MAX_DELAY",
    "PAC_SECRET_FIELDS",
    "REDATE_AFTER",
    "DocumentRedated",
    "DocumentRejected",
    "DocumentStamped",
    "PacNotConfiguredError",
    "RetryScheduled",
    "SyncFinished",
    "SyncPaused",
    "SyncReport",
    "SyncStarted",
    "WaitingDocument",
    "client_for_company",
    "pac_secret_key",
    "retry_delay",
    "sync_once",
]

log = logging.getLogger(__name__)

S = DocumentState
REDATE_AFTER = timedelta(hours=70)
BASE_DELAY = 5.0  # seconds
MAX_DELAY = 15 * 60.0
JITTER = 0.2
STOP_AFTER_FAULTS = 3  # consecutive retryable faults that end a pass
SIN_CONEXION = "Sin conexión con el PAC: el comprobante sigue en la cola"
CREDITOS_AGOTADOS = FAQ_CREDITOS[0]


# ---------------------------------------------------------------- events and report


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
class SyncPaused:
    reason: str
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
    paused_reason: str | None = None
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
    | SyncPaused
    | SyncFinished
)
CredentialProvider = Callable[[Empresa], Credential | None]


# ---------------------------------------------------------------- policy


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


class _Stop(Exception):
    """End the pass: the PAC is unreachable, out of credits or refuses the account."""


def sync_once(
    engine: Engine,
    client: PacClient,
    *,
    empresa_id: int,
    now: datetime | None = None,
    on_event: Callable[[Event], None] | None = None,
    max_documents: int | None = None,
    credential_provider: CredentialProvider | None = None,
    backoff: Callable[[int], timedelta] = retry_delay,
    connectivity: Connectivity | None = None,
) -> SyncReport:
    """One pass over the company's due EN_COLA documents and any ENVIANDO leftovers.

    `now` is the pass's clock (due times, backoff, re-dating); `credential_provider(empresa)`
    gives the CSD for re-dating (None: documents near the 72 h limit are sent as they are
    and the report says so); `backoff(attempts)` is the retry delay.
    """
    moment = now or _utcnow()
    notify = on_event or (lambda _event: None)
    report = SyncReport()
    with read_session(engine) as session:
        empresa = session.get(Empresa, empresa_id)
        ids = _due_ids(session, empresa_id, moment)
    if max_documents is not None:
        ids = ids[:max_documents]
    notify(SyncStarted(empresa_id, len(ids)))
    if connectivity is not None and not connectivity.is_online():
        _pause(report, notify, "sin conexión", SIN_CONEXION + ".")
        ids = []
    with _pass_sessions(engine) as sessions:
        worker = _Worker(
            sessions, client, empresa, moment, notify, report, credential_provider, backoff
        )
        try:
            for documento_id in ids:
                worker.process(documento_id)
        except _Stop:
            pass
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


def _due_ids(session: Session, empresa_id: int, moment: datetime) -> list[int]:
    due = (col(Documento.state) == S.ENVIANDO.value) | (
        (col(Documento.state) == S.EN_COLA.value)
        & (col(Documento.next_attempt_at).is_(None) | (col(Documento.next_attempt_at) <= moment))
    )
    leftovers_first = case((col(Documento.state) == S.ENVIANDO.value, 0), else_=1)
    query = (
        select(Documento.id)
        .where(Documento.empresa_id == empresa_id, due)
        .order_by(leftovers_first, col(Documento.id))
    )
    return [i for i in session.exec(query).all() if i is not None]


def _waiting(engine: Engine, empresa_id: int) -> list[WaitingDocument]:
    with read_session(engine) as session:
        rows = session.exec(
            select(Documento)
            .where(
                Documento.empresa_id == empresa_id,
                col(Documento.state).in_([S.EN_COLA.value, S.ENVIANDO.value]),
            )
            .order_by(col(Documento.id))
        ).all()
    return [
        WaitingDocument(
            d.id or 0,
            d.serie,
            d.folio,
            d.last_error_message or "En espera de timbrado",
            d.next_attempt_at,
        )
        for d in rows
    ]


def _pause(report: SyncReport, notify: Callable[[Event], None], reason: str, text: str) -> None:
    report.paused_reason = reason
    report.notices.append(text)
    notify(SyncPaused(reason, text))


class _Worker:
    def __init__(
        self,
        sessions: Callable[[], Session],
        client: PacClient,
        empresa: Empresa | None,
        moment: datetime,
        notify: Callable[[Event], None],
        report: SyncReport,
        credential_provider: CredentialProvider | None,
        backoff: Callable[[int], timedelta],
    ) -> None:
        self.sessions = sessions
        self.client = client
        self.empresa = empresa
        self.moment = moment
        self.notify = notify
        self.report = report
        self.credential_provider = credential_provider
        self.backoff = backoff
        self.faults_in_a_row = 0
        self._credential: Credential | None = None
        self._credential_tried = False

    # ------------------------------------------------------------ one document

    def process(self, documento_id: int) -> None:
        doc = self._read(documento_id)
        if doc is None:
            return
        try:
            if doc.state == S.ENVIANDO and self._try_recover(doc, leftover=True):
                return
            if doc.state == S.EN_COLA and self._too_old(doc):
                # Before re-dating, make sure the old bytes were not stamped already.
                if doc.attempts and self._try_recover(doc, leftover=False):
                    return
                redated = self._redate(doc)
                if redated is None:
                    return
                doc = redated
            if not self._claim(doc):
                return
            result = self.client.stamp(doc.sealed_xml)
        except PacRejectedError as error:
            self._rejected(doc, error.code or "", error.detail)
            return
        except PacError as error:
            self._fault(doc, error)
            return
        if result.stamped:
            self._stamped(doc, result)
        else:
            self._rejected(doc, result.code or "", result.detail)

    def _read(self, documento_id: int) -> _Doc | None:
        with self.sessions() as session:
            d = session.get(Documento, documento_id)
            if d is None or d.sealed_xml is None:
                return None
            if d.state not in (S.EN_COLA, S.ENVIANDO):
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
            )

    def _try_recover(self, doc: _Doc, *, leftover: bool) -> bool:
        """Whether the PAC already had these bytes stamped (then stored: TIMBRADO)."""
        found = self.client.recover(doc.sealed_xml)
        if found is None or not found.stamped:
            return False
        # EN_COLA after an unknown outcome: record the (re)send we are completing.
        if not leftover and not self._claim(doc, detail="Consulta al PAC antes de re-fechar"):
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
            if d is None or d.state != S.ENVIANDO:
                return  # another worker stored it
            d.stamped_xml = result.xml
            d.uuid = result.uuid.upper()
            d.is_demo = demo
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
        self.faults_in_a_row = 0
        event = DocumentStamped(doc.id, doc.serie, doc.folio, result.uuid.upper(), previously, demo)
        self.report.stamped.append(event)
        self.notify(event)

    def _rejected(self, doc: _Doc, code: str, detail: str | None) -> None:
        message = error_message(PacRejectedError(code, detail))
        with self.sessions() as session:
            d = session.get(Documento, doc.id)
            if d is None or d.state != S.ENVIANDO:
                return
            d.last_error_code = code[:40]
            d.last_error_message = message
            d.next_attempt_at = None
            detail = f"Rechazado por {self.client.name}: {code}"
            transition(session, d, S.RECHAZADO, detail, now=self.moment)
            session.commit()
        self.faults_in_a_row = 0
        event = DocumentRejected(doc.id, doc.serie, doc.folio, code, message)
        self.report.rejected.append(event)
        self.notify(event)

    def _fault(self, doc: _Doc, error: PacError) -> None:
        """Back to EN_COLA: retry later (unknown outcome) or pause (credits, account)."""
        pause: tuple[str, str] | None = None
        if isinstance(error, PacUnavailableError):
            message = f"{SIN_CONEXION}. {error.message}"
            self.faults_in_a_row += 1
            delay = self.backoff(doc.attempts)
            if error.code == "CONEXION" or self.faults_in_a_row >= STOP_AFTER_FAULTS:
                pause = ("sin conexión", f"{SIN_CONEXION}. Se reintentará automáticamente.")
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
            delay = self.backoff(doc.attempts)
            pause = ("error del PAC", message)
        next_at = self.moment + delay
        if doc.state == S.ENVIANDO:
            with self.sessions() as session:
                d = session.get(Documento, doc.id)
                if d is not None and d.state == S.ENVIANDO:
                    d.last_error_code = (error.code or type(error).__name__)[:40]
                    d.last_error_message = message
                    d.next_attempt_at = next_at
                    transition(
                        session, d, S.EN_COLA, f"Reintento programado: {error}", now=self.moment
                    )
                    session.commit()
        self.notify(RetryScheduled(doc.id, doc.serie, doc.folio, next_at, message))
        if pause is not None:
            _pause(self.report, self.notify, *pause)
            raise _Stop

    # ------------------------------------------------------------ the 72-hour window

    def _too_old(self, doc: _Doc) -> bool:
        if doc.fecha is None:
            return False
        lugar = _lugar(doc.sealed_xml) or (self.empresa.lugar_expedicion if self.empresa else "")
        try:
            zone = zona_horaria(lugar)
        except CatalogError:
            zone = zona_horaria("06000")  # Mexico City
        return self.moment - doc.fecha.replace(tzinfo=zone) > REDATE_AFTER

    def _credential_for_redating(self) -> Credential | None:
        if not self._credential_tried:
            self._credential_tried = True
            if self.credential_provider is not None and self.empresa is not None:
                try:
                    self._credential = self.credential_provider(self.empresa)
                except FacturadorError as error:
                    self.report.notices.append(f"No se pudo cargar el CSD: {error.message}")
        return self._credential

    def _redate(self, doc: _Doc) -> _Doc | None:
        """Re-date and re-seal (same serie and folio); None if another worker moved it.

        Without a credential (or the input) the document is sent as it is and the user told.
        """
        name = f"{doc.serie or ''}-{doc.folio}"
        credential = self._credential_for_redating()
        if credential is None or doc.input_json is None:
            text = (
                f"El comprobante {name} tiene más de 70 horas en la cola y no pudo fecharse "
                "de nuevo (falta el CSD); se envía como está y el PAC podría rechazarlo."
            )
            self.report.notices.append(text)
            return doc
        data = json.loads(doc.input_json, parse_float=Decimal)
        fecha = fecha_expedicion(str(data["LugarExpedicion"]), self.moment)
        comprobante = build_comprobante(data, fecha=fecha, folio=str(doc.folio))
        sealed = seal(comprobante, credential)
        old = doc.fecha
        text = (
            f"El comprobante {name} llevaba más de 70 horas sin timbrarse: se fechó de nuevo "
            f"({old:%Y-%m-%d %H:%M} → {fecha:%Y-%m-%d %H:%M}) y se selló otra vez con la misma "
            "serie y folio."
            if old
            else f"El comprobante {name} se fechó y selló de nuevo."
        )
        with self.sessions() as session:
            d = session.get(Documento, doc.id)
            if d is None or d.state != S.EN_COLA or d.sealed_xml != doc.sealed_xml:
                return None
            transition(
                session,
                d,
                S.SELLADO,
                f"Re-fechado por el límite de 72 horas: Fecha {old} → {fecha}; "
                f"sellado de nuevo, serie y folio {name} conservados",
                now=self.moment,
            )
            d.sealed_xml = sealed.xml
            d.fecha = sealed.comprobante.fecha
            d.next_attempt_at = None
            transition(session, d, S.EN_COLA, "En espera de timbrado (re-fechado)", now=self.moment)
            session.commit()
        event = DocumentRedated(doc.id, doc.serie, doc.folio, old, fecha, text)
        self.report.redated.append(event)
        self.report.notices.append(text)
        self.notify(event)
        doc.sealed_xml = sealed.xml
        doc.fecha = sealed.comprobante.fecha
        return doc


_LUGAR = re.compile(rb'\sLugarExpedicion="(\d{5})"')


def _lugar(xml: bytes) -> str | None:
    match = _LUGAR.search(xml)
    return match.group(1).decode("ascii") if match else None


# ---------------------------------------------------------------- the configured PAC


class PacNotConfiguredError(FacturadorError):
    """The company's PAC settings are incomplete (provider, environment or credentials)."""

    def __init__(self, rfc: str, reason: str) -> None:
        super().__init__(rfc, reason)
        self.rfc = rfc
        self.reason = reason

    @property
    def message(self) -> str:
        return f"El PAC de la empresa {self.rfc} no está configurado correctamente: {self.reason}."


# Secret names, under the service `facturador` of the SecretStore (the OS keyring):
#   pac:finkok:{RFC}:username, pac:finkok:{RFC}:password
#   pac:sw:{RFC}:user, pac:sw:{RFC}:password   (or pac:sw:{RFC}:token)
PAC_SECRET_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "finkok": (("username", "password"),),
    "sw": (("user", "password"), ("token",)),
    "sandbox": ((),),
}


def pac_secret_key(provider: str, rfc: str, name: str) -> str:
    return f"pac:{provider}:{rfc}:{name}"


def client_for_company(
    empresa: Empresa,
    secrets: SecretStore | None,
    *,
    data_dir: Path | None = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
) -> tuple[PacClient, bool]:
    """The company's configured PAC client, and whether it is the demo sandbox because the
    company has no PAC configured. Raises PacNotConfiguredError when settings are incomplete."""
    from facturador.pac.factory import ENVIRONMENTS, PROVIDERS, make_client

    provider = (empresa.pac_provider or "").strip().lower()
    if not provider:
        return make_client("sandbox", "pruebas", {}, data_dir=data_dir), True
    if provider not in PROVIDERS:
        raise PacNotConfiguredError(empresa.rfc, f"proveedor desconocido «{provider}»")
    environment = (empresa.pac_environment or "pruebas").strip().lower()
    if environment not in ENVIRONMENTS:
        raise PacNotConfiguredError(empresa.rfc, f"ambiente desconocido «{environment}»")
    credentials: dict[str, str] = {}
    for names in PAC_SECRET_FIELDS[provider]:
        found = {
            name: secrets.get(SERVICE, pac_secret_key(provider, empresa.rfc, name))
            if secrets is not None
            else None
            for name in names
        }
        if all(found.values()):
            credentials = {k: v for k, v in found.items() if v}
            break
    else:
        wanted = " y ".join(
            pac_secret_key(provider, empresa.rfc, n) for n in PAC_SECRET_FIELDS[provider][0]
        )
        raise PacNotConfiguredError(
            empresa.rfc, f"faltan el usuario y la contraseña del PAC en el llavero ({wanted})"
        )
    client = make_client(
        provider,
        environment,
        credentials,
        base_url=empresa.pac_url or None,
        timeout=timeout,
        data_dir=data_dir,
    )
    return client, False
