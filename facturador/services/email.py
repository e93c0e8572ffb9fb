"""Send a CFDI by email (PDF and XML attached) through an outbox that survives crashes.

`queue_email` builds the whole message once, with its Message-ID, and stores it as a
PENDIENTE row of `correo_pendiente`. `send_pending` (services.email_sending) sends what is
due over SMTP (STARTTLS, SSL or plain, per the company's settings; certificates verified):

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
import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from facturador.models import Cliente, Documento, Empresa, read_session, write_session
from facturador.models.tables import CorreoPendiente
from facturador.sat.errors import FacturadorError, InvalidInputError
from facturador.services.errors import NotFoundError
from facturador.services.secrets import SERVICE, SecretStore

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = [
    "CONNECTION_ERROR",
    "SECURITY_MODES",
    "EmailNotConfiguredError",
    "InvalidEmailError",
    "NoRecipientsError",
    "PasswordProvider",
    "attachment_names",
    "build_message",
    "check_address",
    "configure_smtp",
    "documento_id_by_uuid",
    "queue_email",
    "secret_store_password_provider",
    "send_now",
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


def check_address(address: str) -> str:
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
    sender = check_address(sender)
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
    recipients = list(dict.fromkeys(check_address(a) for a in recipients))
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


def send_now(ctx: Context, documento_id: int, to: Sequence[str] | None = None) -> tuple[str, ...]:
    """Queue the email with XML and PDF and try to send it now; the addresses it reached
    (empty: it waits in the outbox and is retried by the pass)."""
    from facturador.services.email_sending import send_pending

    correo_id = queue_email(ctx.engine, documento_id, to=list(to) if to else None, now=ctx.now())
    report = send_pending(
        ctx.engine,
        smtp_password_provider=secret_store_password_provider(ctx.secrets),
        now=ctx.now(),
        only=[correo_id],
    )
    outcome = report.outcome_of(correo_id)
    if outcome is None:  # the app's background pass took it first: wait for that send
        return _recipients_once_sent(ctx.engine, correo_id)
    return outcome.recipients if outcome.state == ENVIADO else ()


def _recipients_once_sent(
    engine: Engine, correo_id: int, *, wait: float = 30, poll: float = 0.2
) -> tuple[str, ...]:
    """The recipients of an email another sender is delivering, once it reports ENVIADO;
    empty if it is still pending after `wait` seconds or ended otherwise."""
    deadline = time.monotonic() + wait
    while True:
        with read_session(engine) as session:
            row = session.get(CorreoPendiente, correo_id)
        if row is None:
            return ()
        if row.state == ENVIADO:
            return tuple(row.recipients)
        if row.state != PENDIENTE or row.last_error or time.monotonic() >= deadline:
            return ()
        time.sleep(poll)
