"""The company's mail server as Correo shows it: the settings, saving them, a test message.

The password lives in the secret store (`email.smtp_password_key`); only whether one is
kept is handed out. The test message goes through the same connection code as the outbox
(`email_sending.connect_smtp`), so a test that passes means the outbox can send.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import TYPE_CHECKING

from facturador.services import messages
from facturador.services.errors import ConfigError
from facturador.services.views import SmtpView

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["TEST_TIMEOUT", "save_smtp", "send_test_email", "smtp_view"]

TEST_TIMEOUT = 15.0


def _password(ctx: Context, rfc: str) -> str | None:
    from facturador.services.email import smtp_password_key
    from facturador.services.secrets import SERVICE

    return ctx.secrets.get(SERVICE, smtp_password_key(rfc))


def smtp_view(ctx: Context) -> SmtpView:
    row = ctx.company()
    return SmtpView(
        host=row.smtp_host or "",
        port=row.smtp_port,
        user=row.smtp_user or "",
        security=row.smtp_security or "starttls",
        from_address=row.smtp_from or "",
        has_password=bool(_password(ctx, row.rfc)),
    )


def save_smtp(
    ctx: Context,
    *,
    host: str,
    port: int | None,
    user: str,
    security: str,
    sender: str,
    password: str,
) -> SmtpView:
    """Store the SMTP settings of the active company; an empty password keeps the stored one."""
    from facturador.services.email import configure_smtp

    configure_smtp(
        ctx.engine,
        host=host,
        port=port,
        user=user.strip() or None,
        security=security,
        from_address=sender.strip() or None,
        password=password or None,
        secrets=ctx.secrets,
    )
    return smtp_view(ctx)


def send_test_email(ctx: Context, to: str) -> str:
    """Send a short message to `to` with the stored settings, now; returns `to`."""
    from facturador.services.email import check_address
    from facturador.services.email_sending import connect_smtp

    row = ctx.company()
    if not row.smtp_host or not row.smtp_from:
        raise ConfigError("smtp_missing")
    to = check_address(to)
    password = _password(ctx, row.rfc)
    if row.smtp_user and not password:
        raise ConfigError("smtp_password")
    message = EmailMessage()
    message["From"] = row.smtp_from
    message["To"] = to
    message["Subject"] = messages.TEST_EMAIL_SUBJECT
    message.set_content(messages.TEST_EMAIL_BODY.format(nombre=row.nombre, rfc=row.rfc))
    try:
        with connect_smtp(row, password, TEST_TIMEOUT, ssl.create_default_context()) as smtp:
            smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as error:
        raise ConfigError("smtp_auth") from error
    except smtplib.SMTPResponseException as error:
        raise ConfigError("smtp_refused", f"{error.smtp_code}") from error
    except (OSError, smtplib.SMTPException) as error:
        raise ConfigError("smtp_connect", f"{row.smtp_host}") from error
    return to
