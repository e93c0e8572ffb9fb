"""SAT's descarga masiva: the company's e.firma, download requests as rows, one pass.

    install_fiel(ctx, cer, key, password)   the FIEL's .cer/.key in the database, its
                                             password only in the keyring
    solicitar(ctx, tipo=, desde=, hasta=)    record a request (and send it when online)
    continuar(ctx, progress)                 one pass over every company's open requests:
                                             send, verify (with backoff), download packages
    estado(ctx)                              every request with its packages, as views
    downloaded_packages(ctx, job_id)         the ZIPs on disk of a request (for the import)
    mark_imported(ctx, package_id)           a package's CFDI are in the inbox: "importado"

A request's life (`DescargaSolicitud.state`):

    por_enviar --send--> enviando --5000--> aceptada --verify: 3--> terminada --all
    packages on disk--> descargada --all imported--> importada
    (or sin_datos, rechazada, vencida, incompleta, reemplazada)

Crash safety. Every step commits what it is about to do before the request leaves, and
what SAT answered right after:

* Sending: `enviando` and `attempts + 1` are committed first. A row found in `enviando`
  later lost its answer (a crash, a timeout, an HTTP 500, garbage): SAT may hold that
  request, and it accepts the same parameters only twice. So the same parameters are sent
  once more at most (attempts <= 2); when SAT then says 5005 (it holds a live identical
  request) or 5002, or that answer is lost too, the period is asked again as two halves —
  other parameters, the same CFDI — and the row becomes `reemplazada`. The lost request is
  never downloaded (its IdSolicitud is unknown), so no CFDI arrives twice, and SAT never
  sees the same parameters a third time. A send that surely never left (connection
  refused) or that SAT answered with a transient error does not count.
* Downloading: the ZIP is written to a temporary file, flushed and renamed to
  `<data dir>/descargas/<RFC>/<IdPaquete>.zip` before the row says `descargado`; a crash in
  between leaves the file, which the next pass checks and records without downloading
  again. `attempts + 1` is committed before each download: SAT hands a package twice at
  most, so a third is never asked (the package becomes `agotado`).
* Verifying is harmless to repeat; it is polled with backoff (`poll_delay`).

Settings read from the environment, for a loopback emulator and its tests:
FACTURADOR_SAT_DESCARGA_URL (one base URL for the four services instead of SAT's) and
FACTURADOR_DESCARGA_POLL_SECONDS (the first poll's delay, 60 s by default).
"""

from __future__ import annotations

import hashlib
import logging
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from facturador.sat.errors import FacturadorError
from facturador.services import messages_descarga as M
from facturador.services.errors import DescargaInputError, SecretStoreUnavailableError
from facturador.services.files import write_atomically

if TYPE_CHECKING:
    from sqlmodel import Session

    from facturador.models.tables import DescargaPaquete, DescargaSolicitud, Empresa, EmpresaFiel
    from facturador.pac.errors import SatDescargaError
    from facturador.pac.sat_descarga import SatDescargaClient, Verificacion
    from facturador.sat.credentials import Credential
    from facturador.services.context import Context
    from facturador.services.secrets import SecretStore

__all__ = [
    "OPEN_STATES",
    "FielFacts",
    "PackageView",
    "PassReport",
    "SolicitudView",
    "continuar",
    "downloaded_packages",
    "estado",
    "fiel_password_key",
    "install_fiel",
    "load_fiel",
    "mark_imported",
    "next_due",
    "solicitar",
]

log = logging.getLogger(__name__)

URL_ENV = "FACTURADOR_SAT_DESCARGA_URL"
POLL_ENV = "FACTURADOR_DESCARGA_POLL_SECONDS"
SEND_LIMIT = 2  # SAT accepts the same parameters twice
DOWNLOAD_LIMIT = 2  # and hands each package twice
MAX_DELAY = timedelta(hours=1)
YEARS_BACK = 6
MEXICO = ZoneInfo("America/Mexico_City")
OPEN_STATES = ("por_enviar", "enviando", "aceptada", "terminada")
_FORMAT = "%Y-%m-%dT%H:%M:%S"

Tipo = Literal["emitidos", "recibidos"]
ClientFactory = Callable[["Credential"], "SatDescargaClient"]
Progress = Callable[[str], None]


def fiel_password_key(rfc: str, no_certificado: str) -> str:
    return f"fiel:{rfc}:{no_certificado}"


# ---------------------------------------------------------------- views


@dataclass(frozen=True, slots=True)
class FielFacts:
    rfc: str
    nombre: str
    no_certificado: str
    valid_from: datetime
    valid_until: datetime
    password_kept: bool  # False: no keyring, asked again in each session


@dataclass(frozen=True, slots=True)
class PackageView:
    id: int
    id_paquete: str
    state: str
    path: str | None
    size: int | None
    attempts: int


@dataclass(frozen=True, slots=True)
class SolicitudView:
    id: int
    rfc: str
    tipo: str
    formato: str
    desde: str
    hasta: str
    id_solicitud: str | None
    state: str
    state_label: str
    attempts: int
    numero_cfdis: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    paquetes: tuple[PackageView, ...] = ()

    @property
    def descargados(self) -> int:
        return sum(1 for p in self.paquetes if p.state in ("descargado", "importado"))


@dataclass(slots=True)
class PassReport:
    sent: int = 0
    verified: int = 0
    downloaded: int = 0
    imported: int = 0  # CFDI new in the inbox (Comprobantes recibidos)
    errors: list[str] = field(default_factory=list)
    open: int = 0


# ---------------------------------------------------------------- the e.firma


def install_fiel(ctx: Context, cer: bytes, key: bytes, password: str) -> FielFacts:
    """Check the e.firma (a FIEL, not a CSD; valid now; the active company's RFC; the key
    encrypted and opened by `password`) and keep it: .cer/.key in the database, the
    password in the keyring (without one, it is asked again in each session)."""
    from sqlmodel import select

    from facturador.models.tables import EmpresaFiel
    from facturador.sat.credentials import Credential
    from facturador.services.secrets import SERVICE

    credential = Credential.load(
        cer, key, password, now=ctx.now(), require_csd=False, require_encrypted_key=True
    )
    certificate = credential.certificate
    if certificate.is_csd:
        raise DescargaInputError("is_csd", no_certificado=certificate.no_certificado)
    with ctx.write() as session:
        empresa = ctx.active_company(session)
        if certificate.rfc.upper() != empresa.rfc:
            raise DescargaInputError(
                "rfc_mismatch", company_rfc=empresa.rfc, certificate_rfc=certificate.rfc
            )
        secret_key = fiel_password_key(empresa.rfc, certificate.no_certificado)
        kept = not ctx.secrets_are_session_only
        ctx.secrets.set(SERVICE, secret_key, password)
        row = session.exec(select(EmpresaFiel).where(EmpresaFiel.empresa_id == empresa.id)).first()
        if row is None:
            assert empresa.id is not None
            row = EmpresaFiel(
                empresa_id=empresa.id,
                certificado_der=certificate.der,
                llave_cifrada=bytes(key),
                no_certificado=certificate.no_certificado,
                valid_from=certificate.valid_from,
                valid_until=certificate.valid_until,
            )
        row.certificado_der = certificate.der
        row.llave_cifrada = bytes(key)
        row.no_certificado = certificate.no_certificado
        row.valid_from = certificate.valid_from
        row.valid_until = certificate.valid_until
        row.installed_at = ctx.now()
        session.add(row)
        session.commit()
    log.info("FIEL %s installed for %s", certificate.no_certificado, certificate.rfc)
    return FielFacts(
        rfc=certificate.rfc,
        nombre=certificate.nombre,
        no_certificado=certificate.no_certificado,
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        password_kept=kept,
    )


def _fiel_row(session: Session, empresa: Empresa) -> EmpresaFiel:
    from sqlmodel import select

    from facturador.models.tables import EmpresaFiel

    row = session.exec(select(EmpresaFiel).where(EmpresaFiel.empresa_id == empresa.id)).first()
    if row is None:
        raise DescargaInputError("no_fiel", rfc=empresa.rfc)
    return row


def load_fiel(
    session: Session,
    empresa: Empresa,
    secrets: SecretStore,
    now: datetime,
    password: str | None = None,
) -> Credential:
    """The company's e.firma, its password from `secrets` unless given."""
    from facturador.sat.credentials import Credential
    from facturador.services.secrets import SERVICE

    row = _fiel_row(session, empresa)
    if password is None:
        try:
            password = secrets.get(SERVICE, fiel_password_key(empresa.rfc, row.no_certificado))
        except SecretStoreUnavailableError:
            password = None
        if password is None:
            raise DescargaInputError("no_password", no_certificado=row.no_certificado)
    return Credential.load(
        row.certificado_der, row.llave_cifrada, password, now=now, require_csd=False
    )


# ---------------------------------------------------------------- requests


def _parse_day(value: date | datetime | str, *, end: bool) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, str):
        text = value.strip()
        try:
            if "T" in text or " " in text:
                return datetime.fromisoformat(text).replace(tzinfo=None, microsecond=0)
            value = date.fromisoformat(text)
        except ValueError:
            raise DescargaInputError("fecha", value=text) from None
    if end:
        return datetime(value.year, value.month, value.day, 23, 59, 59)
    return datetime(value.year, value.month, value.day)


def solicitar(
    ctx: Context,
    *,
    tipo: str,
    desde: date | datetime | str,
    hasta: date | datetime | str,
    metadata: bool = False,
    send: bool = True,
    client_factory: ClientFactory | None = None,
    password: str | None = None,
) -> SolicitudView:
    """Record a request of the active company's emitidos or recibidos of a period (whole
    days from `desde` 00:00:00 to `hasta` 23:59:59, Mexico's time) and, with `send`, send it
    now; offline (or SAT down) it stays por_enviar and `continuar` sends it later. Nothing
    is recorded when the input is wrong or the company has no e.firma."""
    from facturador.models.tables import DescargaSolicitud

    if tipo not in ("emitidos", "recibidos"):
        raise DescargaInputError("tipo")
    start, end = _parse_day(desde, end=False), _parse_day(hasta, end=True)
    if start > end:
        raise DescargaInputError("desde_after_hasta", desde=start.date(), hasta=end.date())
    today = ctx.now().astimezone(MEXICO).replace(tzinfo=None)
    if start > today:
        raise DescargaInputError("future", hasta=end.date())
    end = min(end, today.replace(microsecond=0))
    limit = today.date().replace(year=today.year - YEARS_BACK)
    if start.date() < limit:
        raise DescargaInputError("too_old", desde=start.date(), limit=limit)
    with ctx.write() as session:
        empresa = ctx.active_company(session)
        _fiel_row(session, empresa)
        assert empresa.id is not None
        row = DescargaSolicitud(
            empresa_id=empresa.id,
            tipo=tipo,
            formato="metadata" if metadata else "xml",
            desde=start.strftime(_FORMAT),
            hasta=end.strftime(_FORMAT),
            created_at=ctx.now(),
            updated_at=ctx.now(),
        )
        session.add(row)
        session.commit()
        row_id, rfc = row.id, empresa.rfc
    assert row_id is not None
    if send:
        report = PassReport()
        try:
            with _Company(ctx, rfc, client_factory, password) as company:
                company.step(row_id, report)
        except FacturadorError as error:  # offline, SAT down: `continuar` sends it later
            log.info("request %s not sent now: %s", row_id, error)
    return _view_of(ctx, row_id)


def poll_delay(polls: int) -> timedelta:
    """How long to wait before verifying again (or retrying after a fault): the first
    delay (60 s, or FACTURADOR_DESCARGA_POLL_SECONDS) doubling up to an hour."""
    try:
        base = float(os.environ.get(POLL_ENV, "60"))
    except ValueError:
        base = 60.0
    return min(timedelta(seconds=base * 2 ** min(max(polls, 0), 12)), MAX_DELAY)


def _default_client(credential: Credential) -> SatDescargaClient:
    from facturador.pac.sat_descarga import SatDescargaClient

    return SatDescargaClient(credential, base_url=os.environ.get(URL_ENV) or None)


class _Company:
    """One company's open requests in one pass: its e.firma and client, opened lazily."""

    def __init__(
        self,
        ctx: Context,
        rfc: str,
        client_factory: ClientFactory | None,
        password: str | None,
        progress: Progress | None = None,
    ) -> None:
        self.ctx = ctx
        self.rfc = rfc
        self.factory = client_factory or _default_client
        self.password = password
        self.progress = progress or (lambda _text: None)
        self._client: SatDescargaClient | None = None

    def __enter__(self) -> _Company:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()

    @property
    def client(self) -> SatDescargaClient:
        if self._client is None:
            from facturador.services.companies import get_company_by_rfc

            with self.ctx.read() as session:
                empresa = get_company_by_rfc(session, self.rfc)
                credential = load_fiel(
                    session, empresa, self.ctx.secrets, self.ctx.now(), self.password
                )
            self._client = self.factory(credential)
        return self._client

    # ------------------------------------------------------------ one row

    def step(self, row_id: int, report: PassReport) -> None:
        """Move one request as far as it goes now. SAT's authentication refusal and an
        e.firma that cannot be opened propagate: the company's other rows wait too."""
        from facturador.models.tables import DescargaSolicitud

        with self.ctx.read() as session:
            row = session.get(DescargaSolicitud, row_id)
            assert row is not None
            state = row.state
        if state in ("por_enviar", "enviando"):
            self._send(row_id, report)
        elif state == "aceptada":
            self._verify(row_id, report)
        elif state == "terminada":
            self._download(row_id, report)

    def _send(self, row_id: int, report: PassReport) -> None:
        from facturador.pac.errors import PacUnavailableError, SatDescargaAuthError
        from facturador.pac.errors import SatDescargaError as Refused

        client = self.client  # the e.firma opens before anything is recorded as sent
        if not self._authenticated(report):  # and the token is there: the send is one call
            self._unanswered(row_id, report.errors[-1], undo=None)
            return
        with self.ctx.write() as session:
            row = _row(session, row_id)
            lost = row.state == "enviando"
            if lost and row.attempts >= SEND_LIMIT:
                self._split(session, row, M.LOST_ANSWER_SPLIT)
                return
            row.state, row.attempts = "enviando", row.attempts + 1
            self._touch(row)
            session.add(row)
            session.commit()
            tipo, formato = row.tipo, row.formato
            desde, hasta = row.desde, row.hasta
        self.progress(f"Enviando la solicitud {row_id} ({tipo} {desde[:10]} a {hasta[:10]})…")
        try:
            answer = client.solicitar(
                "emitidos" if tipo == "emitidos" else "recibidos",
                datetime.strptime(desde, _FORMAT),
                datetime.strptime(hasta, _FORMAT),
                metadata=formato == "metadata",
            )
        except PacUnavailableError as error:
            # it never left: it does not count; else the answer is lost (stays enviando)
            undo = ("enviando" if lost else "por_enviar") if error.request_sent is False else None
            self._unanswered(row_id, error.message, undo=undo)
            report.errors.append(error.message)
            return
        except SatDescargaAuthError:
            with self.ctx.write() as session:
                row = _row(session, row_id)
                row.state, row.attempts = ("enviando" if lost else "por_enviar"), row.attempts - 1
                session.add(row)
                session.commit()
            raise
        except Refused as error:
            self._refused(row_id, error, lost, report)
            return
        with self.ctx.write() as session:
            row = _row(session, row_id)
            row.id_solicitud = answer.id_solicitud
            row.state, row.polls, row.last_error, row.last_code = "aceptada", 0, None, None
            row.next_attempt_at = self.ctx.now() + poll_delay(0)
            self._touch(row)
            session.add(row)
            session.commit()
        report.sent += 1
        self.progress(f"El SAT aceptó la solicitud {row_id}: {answer.id_solicitud}.")

    def _unanswered(self, row_id: int, message: str, *, undo: str | None) -> None:
        """No answer: try later; with `undo` (the state to go back to) the send did not count."""
        with self.ctx.write() as session:
            row = _row(session, row_id)
            if undo is not None:
                row.state = undo
                row.attempts -= 1
            self._later(row, message, None)
            session.add(row)
            session.commit()

    def _refused(self, row_id: int, error: Exception, lost: bool, report: PassReport) -> None:
        code = getattr(error, "code", None) or ""
        message = getattr(error, "message", str(error))
        with self.ctx.write() as session:
            row = _row(session, row_id)
            row.last_code = code
            if lost and code in ("5002", "5005"):  # SAT holds the request whose answer we lost
                self._split(session, row, M.LOST_ANSWER_SPLIT)
                return
            if code == "5003":
                self._split(session, row, M.TOO_MANY_SPLIT)
                return
            if code == "5004":
                row.state, row.numero_cfdis, row.last_error = "sin_datos", 0, None
            elif code in ("5002", "5005", "301", "303"):
                row.state, row.last_error = "rechazada", message
            else:  # 404, 5006, ...: SAT did not take it; try again later
                row.state, row.attempts = ("enviando" if lost else "por_enviar"), row.attempts - 1
                self._later(row, message, None)
                report.errors.append(message)
            self._touch(row)
            session.add(row)
            session.commit()

    def _split(self, session: Session, row: DescargaSolicitud, why: str) -> None:
        """The period asked again as two halves (other parameters, the same CFDI)."""
        from facturador.models.tables import DescargaSolicitud

        start = datetime.strptime(row.desde, _FORMAT)
        end = datetime.strptime(row.hasta, _FORMAT)
        if end - start < timedelta(seconds=2):
            row.state, row.last_error = "rechazada", M.CANNOT_SPLIT
            self._touch(row)
            session.add(row)
            session.commit()
            return
        middle = start + (end - start) // 2
        middle = middle.replace(microsecond=0)
        halves = ((start, middle), (middle + timedelta(seconds=1), end))
        for first, last in halves:
            session.add(
                DescargaSolicitud(
                    empresa_id=row.empresa_id,
                    tipo=row.tipo,
                    formato=row.formato,
                    desde=first.strftime(_FORMAT),
                    hasta=last.strftime(_FORMAT),
                    parent_id=row.id,
                    created_at=self.ctx.now(),
                    updated_at=self.ctx.now(),
                )
            )
        row.state = "reemplazada"
        row.last_error = why.format(
            first=f"{halves[0][0]:%Y-%m-%d %H:%M:%S} a {halves[0][1]:%Y-%m-%d %H:%M:%S}",
            second=f"{halves[1][0]:%Y-%m-%d %H:%M:%S} a {halves[1][1]:%Y-%m-%d %H:%M:%S}",
        )
        self._touch(row)
        session.add(row)
        session.commit()
        self.progress(f"Solicitud {row.id}: {row.last_error}")

    def _verify(self, row_id: int, report: PassReport) -> None:

        from facturador.pac.errors import PacUnavailableError, SatDescargaAuthError
        from facturador.pac.errors import SatDescargaError as Refused

        with self.ctx.read() as session:
            row = _row(session, row_id)
            id_solicitud = row.id_solicitud
        assert id_solicitud is not None
        try:
            answer = self.client.verificar(id_solicitud)
        except SatDescargaAuthError:
            raise
        except (PacUnavailableError, Refused) as error:
            with self.ctx.write() as session:
                row = _row(session, row_id)
                row.polls += 1
                self._later(row, error.message, getattr(error, "code", None))
                session.add(row)
                session.commit()
            report.errors.append(error.message)
            return
        report.verified += 1
        with self.ctx.write() as session:
            row = _row(session, row_id)
            self._apply(session, row, answer)
            self._touch(row)
            session.add(row)
            session.commit()
            state, count = row.state, len(answer.ids_paquetes)
        self.progress(f"Solicitud {row_id}: {M.STATE_LABELS[state]}" + (
            f" ({count} paquetes)." if state == "terminada" else "."
        ))  # fmt: skip
        if state == "terminada":
            self._download(row_id, report)

    def _apply(self, session: Session, row: DescargaSolicitud, answer: Verificacion) -> None:
        """What a verification says, on the row (packages recorded once each)."""
        from sqlmodel import select

        from facturador.models.tables import DescargaPaquete

        assert row.id is not None
        row.last_error = None
        estado = answer.estado_solicitud
        if estado in (1, 2):
            row.polls += 1
            row.next_attempt_at = self.ctx.now() + poll_delay(row.polls)
        elif estado == 3 and (answer.ids_paquetes or answer.codigo_estado_solicitud == "5000"):
            known = set(
                session.exec(
                    select(DescargaPaquete.id_paquete).where(DescargaPaquete.solicitud_id == row.id)
                )
            )
            for id_paquete in dict.fromkeys(answer.ids_paquetes):
                if id_paquete not in known:
                    session.add(DescargaPaquete(solicitud_id=row.id, id_paquete=id_paquete))
            row.numero_cfdis = answer.numero_cfdis
            row.state = "terminada" if answer.ids_paquetes else "sin_datos"
            row.next_attempt_at = None
        elif estado == 3:
            row.state, row.numero_cfdis = "sin_datos", 0
            row.last_code = answer.codigo_estado_solicitud
        elif estado == 6:
            row.state, row.last_error = "vencida", M.EXPIRED
        else:
            code = answer.codigo_estado_solicitud or str(estado)
            row.state, row.last_code = "rechazada", code
            row.last_error = M.SAT_ERROR.format(code=code)

    def _download(self, row_id: int, report: PassReport) -> None:
        from sqlmodel import col, select

        from facturador.models.tables import DescargaPaquete

        with self.ctx.read() as session:
            ids = list(
                session.exec(
                    select(DescargaPaquete.id)
                    .where(DescargaPaquete.solicitud_id == row_id)
                    .where(DescargaPaquete.state == "pendiente")
                    .order_by(col(DescargaPaquete.id))
                )
            )
        now = self.ctx.now()
        for package_id in ids:
            assert package_id is not None
            if not self._download_one(package_id, now, report):
                break
        self._settle(row_id)

    def _download_one(self, package_id: int, now: datetime, report: PassReport) -> bool:
        """False when the pass should leave this request (SAT down)."""
        from facturador.models.tables import DescargaPaquete
        from facturador.pac.errors import PacUnavailableError, SatDescargaAuthError
        from facturador.pac.errors import SatDescargaError as Refused

        if not self._authenticated(report):  # an attempt counted is one request to SAT
            return False
        with self.ctx.write() as session:
            package = session.get(DescargaPaquete, package_id)
            assert package is not None
            if package.next_attempt_at is not None and package.next_attempt_at > now:
                return True
            target = self._target(package.id_paquete)
            if _good_zip(target):  # written before a crash, not yet recorded
                self._record(session, package, target)
                report.downloaded += 1
                return True
            if package.attempts >= DOWNLOAD_LIMIT:
                package.state = "agotado"
                package.last_error = M.PACKAGE_EXHAUSTED.format(package=package.id_paquete)
                session.add(package)
                session.commit()
                return True
            id_paquete = package.id_paquete

        counted: list[bool] = []

        def count_it() -> None:  # committed before the request leaves
            counted.append(True)
            with self.ctx.write() as session:
                package = session.get(DescargaPaquete, package_id)
                assert package is not None
                package.attempts += 1
                session.add(package)
                session.commit()

        self.progress(f"Descargando el paquete {id_paquete}…")
        try:
            data = self.client.descargar(id_paquete, before_send=count_it)
        except SatDescargaAuthError:
            self._undo_attempt(package_id, None, decrement=bool(counted))
            raise
        except PacUnavailableError as error:
            never_left = bool(counted) and error.request_sent is False
            self._undo_attempt(package_id, error.message, decrement=never_left)
            report.errors.append(error.message)
            return False
        except Refused as error:
            self._package_refused(package_id, error)
            report.errors.append(error.message)
            return True
        write_atomically(target, data)
        with self.ctx.write() as session:
            package = session.get(DescargaPaquete, package_id)
            assert package is not None
            self._record(session, package, target)
        report.downloaded += 1
        return True

    def _package_refused(self, package_id: int, error: SatDescargaError) -> None:
        """5007/5008: SAT will not hand it (agotado); else it did not count: try later."""
        from facturador.models.tables import DescargaPaquete

        with self.ctx.write() as session:
            package = session.get(DescargaPaquete, package_id)
            assert package is not None
            if error.code in ("5007", "5008"):
                package.state, package.last_error = "agotado", error.message
            else:
                package.attempts -= 1
                package.last_error = error.message
                package.next_attempt_at = self.ctx.now() + poll_delay(package.attempts)
            session.add(package)
            session.commit()

    def _authenticated(self, report: PassReport) -> bool:
        """A valid token now (renewed if about to expire); False when SAT cannot be reached."""
        from facturador.pac.errors import PacUnavailableError

        try:
            self.client.token()
        except PacUnavailableError as error:
            report.errors.append(error.message)
            return False
        return True

    def _undo_attempt(self, package_id: int, message: str | None, *, decrement: bool) -> None:
        """A download without the package: try later; `decrement` when it did not count."""
        from facturador.models.tables import DescargaPaquete

        with self.ctx.write() as session:
            package = session.get(DescargaPaquete, package_id)
            assert package is not None
            if decrement:
                package.attempts -= 1
            package.last_error = message
            package.next_attempt_at = self.ctx.now() + poll_delay(package.attempts)
            session.add(package)
            session.commit()

    def _record(self, session: Session, package: DescargaPaquete, target: Path) -> None:
        data = target.read_bytes()
        package.state = "descargado"
        package.path = str(target)
        package.size = len(data)
        package.sha256 = hashlib.sha256(data).hexdigest()
        package.downloaded_at = self.ctx.now()
        package.last_error = None
        session.add(package)
        session.commit()

    def _settle(self, row_id: int) -> None:
        """descargada (or incompleta) once no package is pendiente."""
        with self.ctx.write() as session:
            row = _row(session, row_id)
            _settle_row(session, row, self.ctx.now())

    def _target(self, id_paquete: str) -> Path:
        safe = "".join(c for c in id_paquete if c.isalnum() or c in "-_")
        return self.ctx.data_dir / "descargas" / self.rfc / f"{safe}.zip"

    def _later(self, row: DescargaSolicitud, message: str, code: str | None) -> None:
        row.last_error = message
        row.last_code = code
        row.next_attempt_at = self.ctx.now() + poll_delay(max(row.polls, row.attempts - 1))
        self._touch(row)

    def _touch(self, row: DescargaSolicitud) -> None:
        row.updated_at = self.ctx.now()


def _settle_row(session: Session, row: DescargaSolicitud, now: datetime) -> None:
    from sqlmodel import select

    from facturador.models.tables import DescargaPaquete

    states = list(
        session.exec(select(DescargaPaquete.state).where(DescargaPaquete.solicitud_id == row.id))
    )
    if not states or "pendiente" in states or row.state not in ("terminada", "descargada"):
        return
    if "agotado" in states:
        row.state = "incompleta"
    elif all(state == "importado" for state in states):
        row.state = "importada"
    else:
        row.state = "descargada"
    row.updated_at = now
    session.add(row)
    session.commit()


def _row(session: Session, row_id: int) -> DescargaSolicitud:
    from facturador.models.tables import DescargaSolicitud

    row = session.get(DescargaSolicitud, row_id)
    if row is None:
        raise DescargaInputError("unknown_job", job=row_id)
    return row


def _good_zip(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None
    except (zipfile.BadZipFile, OSError):
        return False


# ---------------------------------------------------------------- the pass


def continuar(
    ctx: Context,
    progress: Progress | None = None,
    *,
    client_factory: ClientFactory | None = None,
    password: str | None = None,
) -> PassReport:
    """One pass over every company's open requests that are due: send what waits, verify
    what SAT prepares, download finished packages and import their CFDI into the inbox
    (services.descarga_import). A company whose e.firma cannot be used,
    or that SAT refuses, is reported and skipped; the others go on."""
    from sqlmodel import col, select

    from facturador.models.tables import DescargaSolicitud, Empresa
    from facturador.pac.errors import PacError
    from facturador.sat.errors import CredentialError

    report = PassReport()
    now = ctx.now()
    with ctx.read() as session:
        rows = session.exec(
            select(DescargaSolicitud.id, Empresa.rfc, DescargaSolicitud.next_attempt_at)
            .join(Empresa, col(Empresa.id) == DescargaSolicitud.empresa_id)
            .where(col(DescargaSolicitud.state).in_(OPEN_STATES))
            .order_by(col(Empresa.rfc), col(DescargaSolicitud.id))
        ).all()
    by_company: dict[str, list[int]] = {}
    for row_id, rfc, next_at in rows:
        if row_id is not None and (next_at is None or next_at <= now):
            by_company.setdefault(rfc, []).append(row_id)
    for rfc, ids in by_company.items():
        with _Company(ctx, rfc, client_factory, password, progress) as company:
            for row_id in ids:
                try:
                    company.step(row_id, report)
                except (DescargaInputError, CredentialError, PacError) as error:
                    report.errors.append(f"{rfc}: {error.message}")
                    if progress is not None:
                        progress(f"{rfc}: {error.message}")
                    break
    from facturador.services.descarga_import import import_downloaded

    report.imported = import_downloaded(ctx, progress).importados
    with ctx.read() as session:
        report.open = len(
            session.exec(
                select(DescargaSolicitud.id).where(col(DescargaSolicitud.state).in_(OPEN_STATES))
            ).all()
        )
    return report


def next_due(ctx: Context) -> datetime | None:
    """When the next open request is due (None: nothing open)."""
    from sqlmodel import col, select

    from facturador.models.tables import DescargaSolicitud

    with ctx.read() as session:
        moments = session.exec(
            select(DescargaSolicitud.next_attempt_at).where(
                col(DescargaSolicitud.state).in_(OPEN_STATES)
            )
        ).all()
    if not moments:
        return None
    now = ctx.now()
    return min((m or now) for m in moments)


# ---------------------------------------------------------------- reading and the seam


def _views(session: Session, rows: list[tuple[DescargaSolicitud, str]]) -> list[SolicitudView]:
    from sqlmodel import col, select

    from facturador.models.tables import DescargaPaquete

    ids = [row.id for row, _ in rows]
    packages: dict[int, list[PackageView]] = {}
    for package in session.exec(
        select(DescargaPaquete)
        .where(col(DescargaPaquete.solicitud_id).in_(ids))
        .order_by(col(DescargaPaquete.id))
    ):
        assert package.id is not None
        packages.setdefault(package.solicitud_id, []).append(
            PackageView(
                id=package.id,
                id_paquete=package.id_paquete,
                state=package.state,
                path=package.path,
                size=package.size,
                attempts=package.attempts,
            )
        )
    views = []
    for row, rfc in rows:
        assert row.id is not None
        views.append(
            SolicitudView(
                id=row.id,
                rfc=rfc,
                tipo=row.tipo,
                formato=row.formato,
                desde=row.desde,
                hasta=row.hasta,
                id_solicitud=row.id_solicitud,
                state=row.state,
                state_label=M.STATE_LABELS.get(row.state, row.state),
                attempts=row.attempts,
                numero_cfdis=row.numero_cfdis,
                last_error=row.last_error,
                next_attempt_at=row.next_attempt_at,
                paquetes=tuple(packages.get(row.id, ())),
            )
        )
    return views


def estado(ctx: Context) -> list[SolicitudView]:
    """Every company's requests, newest first, with their packages."""
    from sqlmodel import col, select

    from facturador.models.tables import DescargaSolicitud, Empresa

    with ctx.read() as session:
        rows = session.exec(
            select(DescargaSolicitud, Empresa.rfc)
            .join(Empresa, col(Empresa.id) == DescargaSolicitud.empresa_id)
            .order_by(col(DescargaSolicitud.id).desc())
        ).all()
        return _views(session, [(row, rfc) for row, rfc in rows])


def _view_of(ctx: Context, row_id: int) -> SolicitudView:
    from facturador.models.tables import Empresa

    with ctx.read() as session:
        row = _row(session, row_id)
        empresa = session.get(Empresa, row.empresa_id)
        assert empresa is not None
        return _views(session, [(row, empresa.rfc)])[0]


def downloaded_packages(ctx: Context, job_id: int) -> list[Path]:
    """The ZIPs on disk of request `job_id` (and of the halves it was asked again as), in
    the order SAT listed them: what the import of received CFDI reads."""
    from sqlmodel import col, select

    from facturador.models.tables import DescargaPaquete, DescargaSolicitud

    with ctx.read() as session:
        _row(session, job_id)
        family: list[int] = [job_id]
        frontier: list[int] = [job_id]
        while frontier:
            children = list(
                session.exec(
                    select(DescargaSolicitud.id).where(
                        col(DescargaSolicitud.parent_id).in_(frontier)
                    )
                )
            )
            frontier = [child for child in children if child is not None]
            family.extend(frontier)
        paths = session.exec(
            select(DescargaPaquete.path)
            .where(col(DescargaPaquete.solicitud_id).in_(family))
            .where(col(DescargaPaquete.state).in_(("descargado", "importado")))
            .order_by(col(DescargaPaquete.solicitud_id), col(DescargaPaquete.id))
        ).all()
    return [Path(p) for p in paths if p]


def mark_imported(ctx: Context, package_id: int) -> None:
    """The CFDI of downloaded package `package_id` are in the inbox: "importado" (and the
    request "importada" once all its packages are). Idempotent."""
    from facturador.models.tables import DescargaPaquete

    with ctx.write() as session:
        package = session.get(DescargaPaquete, package_id)
        if package is None:
            raise DescargaInputError("unknown_package", package=package_id)
        if package.state not in ("descargado", "importado"):
            raise DescargaInputError("not_downloaded", package=package.id_paquete)
        if package.state == "descargado":
            package.state = "importado"
            package.imported_at = ctx.now()
            session.add(package)
            session.commit()
        row = _row(session, package.solicitud_id)
        _settle_row(session, row, ctx.now())
