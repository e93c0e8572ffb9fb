"""Send a CFDI by email (PDF and XML attached) through an outbox that survives crashes.

`queue_email` builds the whole message once, with its Message-ID, and stores it as a
PENDIENTE row of `correo_pendiente`. `send_pending` sends what is due over SMTP (STARTTLS,
SSL or plain, per the company's settings; certificates verified):

- before a message leaves, its row is claimed (attempts + 1, `next_attempt_at` moved a lease
  ahead) in a short transaction, so a second sender does not pick it up meanwhile;
- right after the server accepts it, one transaction marks it ENVIADO with `sent_at`;
- connection problems, timeouts and 4xx answers keep it PENDIENTE with exponential backoff
  and a Spanish `last_error`; a permanent (5xx) refusal marks it FALLIDO with the reason.

A crash between "accepted" and "marked" resends the very same bytes (same Message-ID) once
the lease expires, which mail systems recognise as the same message.

The SMTP password lives in the SecretStore under `smtp_password_key(rfc)`, never in the
database or a log; logs carry row ids only, never addresses or content.
"""

from __future__ import annotations

import logging
import random
import re
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, formataddr, make_msgid, parseaddr

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from facturador.models import Cliente, Documento, Empresa, read_session, write_session
from facturador.models.tables import CorreoPendiente
from facturador.sat.errors import FacturadorError, InvalidInputError
from facturador.services.errors import NotFoundError
from facturador.services.secrets import SERVICE, SecretStore

__all__ = [
    "CONNECTION_ERROR",
    "SECURITY_MODES",
    "EmailNotConfiguredError",
    "EmailOutcome",
    "InvalidEmailError",
    "NoRecipientsError",
    "PasswordProvider",
    "SendReport",
    "attachment_names",
    "build_message",
    "configure_smtp",
    "documento_id_by_uuid",
    "email_retry_delay",
    "queue_email",
    "secret_store_password_provider",
    "send_pending",
    "smtp_password_key",
]

log = logging.getLogger(__name__)

PENDIENTE, ENVIADO, FALLIDO = "PENDIENTE", "ENVIADO", "FALLIDO"
SECURITY_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
LEASE = timedelta(minutes=10)
BASE_DELAY = 30.0  # seconds
MAX_DELAY = 3600.0
JITTER = 0.2

CONNECTION_ERROR = "No se pudo conectar con el servidor de correo; se reintentará."
AUTH_ERROR = (
    "El servidor de correo rechazó el usuario o la contraseña; revise la configuración "
    "(facturador enviar --configurar). Se reintentará."
)
NO_PASSWORD = (
    "Falta la contraseña del correo de la empresa {rfc}; guárdela con "
    "facturador enviar --configurar. Se reintentará."
)
TEMPORARY_ERROR = "El servidor de correo no aceptó el mensaje por ahora ({detail}); se reintentará."
REFUSED = "El servidor de correo rechazó el mensaje: {detail}"
PARTLY_REFUSED = "Enviado, pero el servidor rechazó a: {detail}"

# Deliberately simple: one @, no spaces or header specials, a dotted domain.
_ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)

PasswordProvider = Callable[[Empresa], str | None]


# ---------------------------------------------------------------- errors


class InvalidEmailError(InvalidInputError):
    def __init__(self, address: str) -> None:
        super().__init__(address)
        self.address = address

    @property
    def message(self) -> str:
        return f"«{self.address}» no es un correo electrónico válido."


class NoRecipientsError(InvalidInputError):
    def __init__(self, rfc: str) -> None:
        super().__init__(rfc)
        self.rfc = rfc

    @property
    def message(self) -> str:
        return (
            f"El cliente {self.rfc} no tiene correo electrónico registrado; "
            "indique uno con --correo o agréguelo al cliente."
        )


class EmailNotConfiguredError(FacturadorError):
    def __init__(self, rfc: str, what: str = "servidor") -> None:
        super().__init__(rfc, what)
        self.rfc = rfc
        self.what = what

    @property
    def message(self) -> str:
        if self.what == "documento":
            return f"El comprobante {self.rfc} no tiene XML sellado; no se puede enviar."
        return (
            f"La empresa {self.rfc} no tiene configurado el correo de salida (SMTP); "
            "configúrelo con facturador enviar --configurar."
        )


# ---------------------------------------------------------------- settings


def smtp_password_key(rfc: str) -> str:
    return f"smtp:{rfc}"


def secret_store_password_provider(secrets: SecretStore) -> PasswordProvider:
    """The SMTP password of each company, read from `secrets`."""
    return lambda empresa: secrets.get(SERVICE, smtp_password_key(empresa.rfc))


def _check_address(address: str) -> str:
    address = address.strip()
    if not _ADDRESS.match(address) or parseaddr(address)[1] != address:
        raise InvalidEmailError(address)
    return address


def configure_smtp(
    engine: Engine,
    *,
    host: str,
    port: int | None = None,
    user: str | None = None,
    security: str = "starttls",
    from_address: str | None = None,
    password: str | None = None,
    secrets: SecretStore | None = None,
    rfc: str | None = None,
) -> Empresa:
    """Store the SMTP settings of company `rfc` (or the active one); the password in `secrets`."""
    from facturador.models import active_empresa, empresa_by_rfc
    from facturador.services.errors import FieldError, NoActiveCompanyError

    if security not in SECURITY_MODES:
        raise FieldError("smtp_security", "invalid", security, "use starttls, ssl o none.")
    if not host.strip():
        raise FieldError("smtp_host", "required")
    if port is not None and not 0 < port < 65536:
        raise FieldError("smtp_port", "invalid", port, "debe estar entre 1 y 65535.")
    sender = from_address or user
    if sender is None:
        raise FieldError("smtp_from", "required")
    sender = _check_address(sender)
    with write_session(engine) as session:
        empresa = empresa_by_rfc(session, rfc) if rfc else active_empresa(session)
        if empresa is None:
            if rfc:
                raise NotFoundError("empresa", rfc)
            raise NoActiveCompanyError()
        empresa.smtp_host = host.strip()
        empresa.smtp_port = port
        empresa.smtp_user = user or None
        empresa.smtp_security = security
        empresa.smtp_from = sender
        session.add(empresa)
        if password is not None:
            if secrets is None:
                raise ValueError("a password needs a SecretStore")
            secrets.set(SERVICE, smtp_password_key(empresa.rfc), password)
        session.commit()
        return empresa


# ---------------------------------------------------------------- building


def attachment_names(empresa_rfc: str, documento: Documento) -> tuple[str, str]:
    """`{RFC emisor}_{serie}{folio}_{uuid}.pdf` and `.xml`."""
    stem = f"{empresa_rfc}_{documento.serie or ''}{documento.folio or ''}"
    if documento.uuid:
        stem += f"_{documento.uuid}"
    return f"{stem}.pdf", f"{stem}.xml"


def _reference(documento: Documento) -> str:
    parts = [p for p in (documento.serie, str(documento.folio or "")) if p]
    return "-".join(parts) or (documento.uuid or str(documento.id))


def build_message(
    empresa: Empresa,
    documento: Documento,
    recipients: Sequence[str],
    *,
    pdf: bytes,
    xml: bytes,
    message_id: str,
    date: datetime,
) -> EmailMessage:
    """The email of one CFDI: Spanish text, the PDF and the XML attached."""
    sender = empresa.smtp_from or empresa.smtp_user
    if not sender:
        raise EmailNotConfiguredError(empresa.rfc)
    reference = _reference(documento)
    message = EmailMessage(policy=SMTP_POLICY)
    message["From"] = formataddr((empresa.nombre, sender))
    message["To"] = ", ".join(recipients)
    message["Subject"] = f"CFDI {reference} de {empresa.nombre}"
    message["Date"] = format_datetime(date.astimezone(UTC))
    message["Message-ID"] = message_id
    lines = [
        "Estimado cliente:",
        "",
        f"Le enviamos el CFDI {reference} por {documento.total} {documento.moneda}, "
        f"emitido por {empresa.nombre} (RFC {empresa.rfc}).",
    ]
    if documento.uuid:
        lines.append(f"Folio fiscal (UUID): {documento.uuid}")
    lines += [
        "",
        "Se adjuntan el PDF (representación impresa) y el XML del comprobante.",
        "",
        "Atentamente,",
        empresa.nombre,
    ]
    message.set_content("\n".join(lines) + "\n")
    pdf_name, xml_name = attachment_names(empresa.rfc, documento)
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    message.add_attachment(xml, maintype="application", subtype="xml", filename=xml_name)
    return message


def documento_id_by_uuid(engine: Engine, uuid: str) -> int:
    with read_session(engine) as session:
        found = session.exec(
            select(Documento.id).where(col(Documento.uuid) == uuid.strip().upper())
        ).first()
        if found is None:
            found = session.exec(
                select(Documento.id).where(col(Documento.uuid) == uuid.strip())
            ).first()
    if found is None:
        raise NotFoundError("documento", uuid)
    return found


def _default_recipients(session: object, documento: Documento) -> list[str]:
    clientes = session.exec(  # type: ignore[attr-defined]
        select(Cliente).where(
            Cliente.empresa_id == documento.empresa_id, Cliente.rfc == documento.rfc_receptor
        )
    ).all()
    clientes.sort(key=lambda c: (c.nombre != documento.nombre_receptor, c.id))
    for cliente in clientes:
        if cliente.emails:
            return list(cliente.emails)
    return []


def queue_email(
    engine: Engine,
    documento_id: int,
    *,
    to: list[str] | None = None,
    now: datetime | None = None,
) -> int:
    """Build the email of a CFDI and leave it PENDIENTE in the outbox; returns its id."""
    from facturador.pdf import render_pdf

    moment = now or datetime.now(UTC)
    with read_session(engine) as session:
        documento = session.get(Documento, documento_id)
        if documento is None:
            raise NotFoundError("documento", documento_id)
        empresa = session.get(Empresa, documento.empresa_id)
        assert empresa is not None
        recipients = to if to is not None else _default_recipients(session, documento)
    recipients = list(dict.fromkeys(_check_address(a) for a in recipients))
    if not recipients:
        raise NoRecipientsError(documento.rfc_receptor)
    sender = empresa.smtp_from or empresa.smtp_user
    if not empresa.smtp_host or not sender:
        raise EmailNotConfiguredError(empresa.rfc)
    xml = documento.stamped_xml or documento.sealed_xml
    if xml is None:
        raise EmailNotConfiguredError(_reference(documento), "documento")
    pdf = render_pdf(
        xml, logo=empresa.logo, estado="cancelado" if documento.state == "CANCELADO" else "vigente"
    )
    message_id = make_msgid(domain=sender.rsplit("@", 1)[1])
    message = build_message(
        empresa, documento, recipients, pdf=pdf, xml=xml, message_id=message_id, date=moment
    )
    row = CorreoPendiente(
        documento_id=documento_id,
        recipients=recipients,
        subject=str(message["Subject"]),
        body=message.get_body(("plain",)).get_content(),  # type: ignore[union-attr]
        raw_message=message.as_bytes(policy=SMTP_POLICY),
        message_id=message_id,
        next_attempt_at=moment,
        created_at=moment,
    )
    with write_session(engine) as session:
        session.add(row)
        session.commit()
        assert row.id is not None
        log.info("email %s queued for documento %s", row.id, documento_id)
        return row.id


# ---------------------------------------------------------------- sending


@dataclass(frozen=True, slots=True)
class EmailOutcome:
    correo_id: int
    documento_id: int
    recipients: tuple[str, ...]
    state: str
    detail: str | None = None


@dataclass(slots=True)
class SendReport:
    sent: list[EmailOutcome] = field(default_factory=list)
    retrying: list[EmailOutcome] = field(default_factory=list)
    failed: list[EmailOutcome] = field(default_factory=list)

    def outcome_of(self, correo_id: int) -> EmailOutcome | None:
        for outcome in (*self.sent, *self.retrying, *self.failed):
            if outcome.correo_id == correo_id:
                return outcome
        return None


def email_retry_delay(attempts: int, rng: random.Random | None = None) -> timedelta:
    """min(2^attempts * 30 s, 1 h), ± 20 % jitter."""
    base = min(BASE_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY)
    return timedelta(seconds=base * (rng or random).uniform(1 - JITTER, 1 + JITTER))


@dataclass(frozen=True, slots=True)
class _Due:
    id: int
    documento_id: int
    empresa_id: int
    recipients: tuple[str, ...]


class _Retry(Exception):
    def __init__(self, detail: str, whole_connection: bool) -> None:
        super().__init__(detail)
        self.detail = detail
        self.whole_connection = whole_connection


class _Refused(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _due(engine: Engine, now: datetime) -> list[_Due]:
    with read_session(engine) as session:
        rows = session.exec(
            select(CorreoPendiente, Documento.empresa_id)
            .join(Documento, col(Documento.id) == col(CorreoPendiente.documento_id))
            .where(
                CorreoPendiente.state == PENDIENTE,
                (col(CorreoPendiente.next_attempt_at).is_(None))
                | (col(CorreoPendiente.next_attempt_at) <= now),
            )
            .order_by(col(CorreoPendiente.id))
        ).all()
    return [_Due(c.id, c.documento_id, e, tuple(c.recipients)) for c, e in rows]  # type: ignore[arg-type]


def _connect(
    empresa: Empresa, password: str | None, timeout: float, context: ssl.SSLContext
) -> smtplib.SMTP:
    security = empresa.smtp_security or "starttls"
    host = empresa.smtp_host or ""
    port = empresa.smtp_port or DEFAULT_PORTS[security]
    smtp: smtplib.SMTP
    if security == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        smtp.ehlo()
        if security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if empresa.smtp_user:
            smtp.login(empresa.smtp_user, password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _refusal_detail(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(
        f"{address} ({code} {reply.decode('utf-8', 'replace')})"
        for address, (code, reply) in recipients.items()
    )


def _classify(error: Exception) -> Exception:
    """A send error as _Retry (keep PENDIENTE) or _Refused (FALLIDO)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        detail = _refusal_detail(error.recipients)
        if codes and all(code >= 500 for code in codes):
            return _Refused(REFUSED.format(detail=detail))
        return _Retry(TEMPORARY_ERROR.format(detail=detail), whole_connection=False)
    if isinstance(error, smtplib.SMTPResponseException) and not isinstance(
        error, smtplib.SMTPAuthenticationError
    ):
        reply = error.smtp_error
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
        detail = f"{error.smtp_code} {text}"
        if error.smtp_code >= 500:
            return _Refused(REFUSED.format(detail=detail))
        return _Retry(TEMPORARY_ERROR.format(detail=detail), whole_connection=False)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return _Retry(AUTH_ERROR, whole_connection=True)
    # SMTPServerDisconnected, SMTPConnectError, timeouts, refused connections, TLS errors.
    return _Retry(CONNECTION_ERROR, whole_connection=True)


def _claim(engine: Engine, correo_id: int, now: datetime) -> tuple[bytes, list[str]] | None:
    with write_session(engine) as session:
        row = session.exec(
            select(CorreoPendiente).where(CorreoPendiente.id == correo_id).with_for_update()
        ).one_or_none()
        if row is None or row.state != PENDIENTE:
            return None
        if row.next_attempt_at is not None and row.next_attempt_at > now:
            return None  # another sender took it meanwhile
        row.attempts += 1
        row.next_attempt_at = now + LEASE
        session.add(row)
        session.commit()
        return row.raw_message, list(row.recipients)


def _finish(
    engine: Engine,
    correo_id: int,
    *,
    state: str,
    now: datetime,
    error: str | None,
    delay: Callable[[int], timedelta] | None = None,
    count_attempt: bool = False,
) -> None:
    with write_session(engine) as session:
        row = session.get(CorreoPendiente, correo_id)
        if row is None:
            return
        if count_attempt:
            row.attempts += 1
        row.state = state
        row.last_error = error
        if state == ENVIADO:
            row.sent_at = now
            row.next_attempt_at = None
        elif state == FALLIDO:
            row.next_attempt_at = None
        else:
            assert delay is not None
            row.next_attempt_at = now + delay(row.attempts)
        session.add(row)
        session.commit()


def send_pending(
    engine: Engine,
    *,
    smtp_password_provider: PasswordProvider,
    now: datetime | None = None,
    timeout: float = 10,
    ssl_context: ssl.SSLContext | None = None,
    backoff: Callable[[int], timedelta] = email_retry_delay,
    only: Sequence[int] | None = None,
) -> SendReport:
    """Send every due PENDIENTE email (or those of `only`), one SMTP connection per company."""
    moment = now or datetime.now(UTC)
    context = ssl_context or ssl.create_default_context()
    report = SendReport()
    due = [d for d in _due(engine, moment) if only is None or d.id in only]
    by_empresa: dict[int, list[_Due]] = {}
    for item in due:
        by_empresa.setdefault(item.empresa_id, []).append(item)

    def retry(item: _Due, detail: str, *, counted: bool) -> None:
        _finish(
            engine,
            item.id,
            state=PENDIENTE,
            now=moment,
            error=detail,
            delay=backoff,
            count_attempt=not counted,
        )
        report.retrying.append(
            EmailOutcome(item.id, item.documento_id, item.recipients, PENDIENTE, detail)
        )

    for empresa_id, items in by_empresa.items():
        with read_session(engine) as session:
            empresa = session.get(Empresa, empresa_id)
        assert empresa is not None
        sender = parseaddr(empresa.smtp_from or empresa.smtp_user or "")[1]
        if not empresa.smtp_host or not sender:
            detail = EmailNotConfiguredError(empresa.rfc).message
            for item in items:
                retry(item, detail, counted=False)
            continue
        password = smtp_password_provider(empresa) if empresa.smtp_user else None
        if empresa.smtp_user and password is None:
            for item in items:
                retry(item, NO_PASSWORD.format(rfc=empresa.rfc), counted=False)
            continue
        try:
            smtp = _connect(empresa, password, timeout, context)
        except (OSError, smtplib.SMTPException) as error:
            log.warning("SMTP connection for empresa %s failed: %s", empresa_id, type(error))
            problem = _classify(error)
            text = problem.detail if isinstance(problem, _Retry | _Refused) else CONNECTION_ERROR
            for item in items:
                retry(item, text, counted=False)
            continue
        try:
            _send_batch(engine, smtp, sender, items, moment, report, retry)
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
    return report


def _send_batch(
    engine: Engine,
    smtp: smtplib.SMTP,
    sender: str,
    items: list[_Due],
    moment: datetime,
    report: SendReport,
    retry: Callable[..., None],
) -> None:
    for index, item in enumerate(items):
        claimed = _claim(engine, item.id, moment)
        if claimed is None:
            continue
        raw, recipients = claimed
        try:
            refused = smtp.sendmail(sender, recipients, raw)
        except (OSError, smtplib.SMTPException) as error:
            outcome = _classify(error)
            log.warning("email %s not sent: %s", item.id, type(error).__name__)
            if isinstance(outcome, _Refused):
                _finish(engine, item.id, state=FALLIDO, now=moment, error=outcome.detail)
                report.failed.append(
                    EmailOutcome(
                        item.id, item.documento_id, item.recipients, FALLIDO, outcome.detail
                    )
                )
                continue
            assert isinstance(outcome, _Retry)
            retry(item, outcome.detail, counted=True)
            if outcome.whole_connection:
                for rest in items[index + 1 :]:
                    retry(rest, outcome.detail, counted=False)
                return
            continue
        # Accepted by the server: mark it at once, in one transaction.
        detail = PARTLY_REFUSED.format(detail=_refusal_detail(refused)) if refused else None
        _finish(engine, item.id, state=ENVIADO, now=moment, error=detail)
        log.info("email %s sent", item.id)
        report.sent.append(
            EmailOutcome(item.id, item.documento_id, item.recipients, ENVIADO, detail)
        )
