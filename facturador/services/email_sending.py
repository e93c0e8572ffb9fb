"""Sending the email outbox over SMTP: claimed, sent, marked, exactly once per message.

The rules are in services.email (which builds and queues the messages).
"""

from __future__ import annotations

import logging
import random
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from facturador.models import Documento, Empresa, read_session, write_session
from facturador.models.tables import CorreoPendiente
from facturador.services.email import (
    AUTH_ERROR,
    BASE_DELAY,
    CONNECTION_ERROR,
    DEFAULT_PORTS,
    ENVIADO,
    FALLIDO,
    JITTER,
    LEASE,
    MAX_DELAY,
    NO_PASSWORD,
    PARTLY_REFUSED,
    PENDIENTE,
    REFUSED,
    TEMPORARY_ERROR,
    EmailNotConfiguredError,
    PasswordProvider,
)

__all__ = ["EmailOutcome", "SendReport", "connect_smtp", "email_retry_delay", "send_pending"]

log = logging.getLogger(__name__)


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


def connect_smtp(
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
            smtp = connect_smtp(empresa, password, timeout, context)
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
