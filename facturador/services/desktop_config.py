"""What the desktop's configuration and help pages ask of the services (no Qt here).

`ConfigServices(desktop)` sits beside `DesktopServices` and reuses its engine, secret store
and clock: PAC settings and "probar conexión", the PAC's balance, series and folios, SMTP
and a test message, backups, the support address, the diagnostic report, and one pass of
the send queue for the desktop's background runner. Every method may block (database,
network): call them from worker threads. Values handed out are small frozen dataclasses.
"""

from __future__ import annotations

import platform
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from facturador.sat.errors import FacturadorError
from facturador.services.settings import Setting, get_setting, set_setting

if TYPE_CHECKING:
    from facturador.services.desktop import CompanyInfo, DesktopServices
    from facturador.services.pac_settings import CreditReading
    from facturador.services.queue import SyncReport
    from facturador.services.sync import PassOutcome

__all__ = [
    "CONNECT_TIMEOUT",
    "SUPPORT_EMAIL",
    "BackupInfo",
    "ConfigError",
    "ConfigServices",
    "Connection",
    "DocumentRejectedError",
    "PacUnreachableError",
    "PacView",
    "QueuePausedError",
    "SerieInfo",
    "SmtpView",
    "SyncOutcome",
    "known_errors",
]

CONNECT_TIMEOUT = 3.0
SUPPORT_EMAIL = Setting("soporte.correo", str, "", "Correo de soporte técnico")


class Connection:
    """What the status bar says about the PAC."""

    ONLINE = "online"
    OFFLINE = "offline"
    DEMO = "demo"  # the local sandbox: always answers


class ConfigError(FacturadorError):
    """A configuration step the user must fix; `reason` picks the Spanish sentence."""

    _TEXTS: ClassVar[dict[str, str]] = {
        "no_company": "Primero configure una empresa.",
        "credentials": "Escriba el usuario y la contraseña que le dio su PAC.",
        "url": "La dirección del PAC debe empezar con https:// (o http:// para pruebas locales).",
        "unreachable": (
            "No fue posible conectar con el PAC en {detail}. Revise su conexión a internet y "
            "la dirección del PAC; si el problema continúa, contacte a soporte."
        ),
        "serie": "Escriba la serie: letras o números, sin espacios, hasta 25 caracteres.",
        "serie_exists": "La serie «{detail}» ya existe.",
        "folio": "El primer folio debe ser un número entero mayor que cero.",
        "smtp_missing": "Primero guarde los datos del servidor de correo.",
        "smtp_auth": "El servidor de correo rechazó el usuario o la contraseña.",
        "smtp_connect": (
            "No se pudo conectar con el servidor de correo ({detail}). Revise el servidor, "
            "el puerto y la seguridad."
        ),
        "smtp_refused": "El servidor de correo no aceptó el mensaje: {detail}",
        "smtp_password": "Falta la contraseña del correo: escríbala y guarde.",
        "email": "«{detail}» no es un correo electrónico válido.",
    }

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail

    @property
    def message(self) -> str:
        return self._TEXTS.get(self.reason, self.reason).format(detail=self.detail)


@dataclass(frozen=True, slots=True, kw_only=True)
class PacView:
    provider: str  # "sandbox", "finkok", "sw"
    environment: str  # "pruebas", "produccion"
    url: str | None
    user: str | None
    has_password: bool
    # What the keyring keeps for each real provider, whichever is chosen now:
    # {"finkok": ("user", True), "sw": (None, False)}; switching back shows them.
    stored: dict[str, tuple[str | None, bool]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class SerieInfo:
    code: str
    tipo: str
    next_folio: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SmtpView:
    host: str
    port: int | None
    user: str
    security: str
    from_address: str
    has_password: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class BackupInfo:
    path: Path
    taken_at: datetime | None
    size: int


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    report: SyncReport
    demo: bool
    whole: PassOutcome | None = None  # cancellations and email of the same pass


_USER_FIELD = {"finkok": "username", "sw": "user"}


def endpoint(provider: str, environment: str, url: str | None) -> tuple[str, int] | None:
    """The host and port a PAC is reached at; None for the local sandbox."""
    if provider == "finkok":
        from facturador.pac.finkok import FINKOK_URLS

        url = url or FINKOK_URLS[environment]
    elif provider == "sw":
        from facturador.pac.sw import SW_URLS

        url = url or SW_URLS[environment][0]
    else:
        return None
    parts = urlsplit(url)
    default = 443 if parts.scheme == "https" else 80
    return parts.hostname or "", parts.port or default


def can_connect(host: tuple[str, int], timeout: float = CONNECT_TIMEOUT) -> bool:
    try:
        with socket.create_connection(host, timeout=timeout):
            return True
    except OSError:
        return False


class ConfigServices:
    """The configuration pages' facade over `desktop` (its engine, secrets and clock)."""

    def __init__(self, desktop: DesktopServices) -> None:
        self.desktop = desktop

    # -- helpers -------------------------------------------------------------------------

    def _company_row(self, session: Any) -> Any:
        from facturador.models.repositories import active_empresa

        row = active_empresa(session)
        if row is None:
            raise ConfigError("no_company")
        return row

    def _active(self) -> Any:
        with self.desktop._read() as session:
            return self._company_row(session)

    # -- PAC -----------------------------------------------------------------------------

    def pac(self) -> PacView:
        """The active company's PAC settings (the password is never handed out)."""
        row = self._active()
        provider = row.pac_provider or "sandbox"
        stored = {name: self._stored(name, row.rfc) for name in _USER_FIELD}
        user, has_password = stored.get(provider, (None, False))
        return PacView(
            provider=provider,
            environment=row.pac_environment or "pruebas",
            url=row.pac_url,
            user=user,
            has_password=has_password,
            stored=stored,
        )

    def _stored(self, provider: str, rfc: str) -> tuple[str | None, bool]:
        """The user kept for `provider` and whether its password is kept too."""
        from facturador.services.pac_clients import pac_secret_key
        from facturador.services.secrets import SERVICE

        secrets = self.desktop.secrets
        user = secrets.get(SERVICE, pac_secret_key(provider, rfc, _USER_FIELD[provider]))
        password = secrets.get(SERVICE, pac_secret_key(provider, rfc, "password"))
        return user, bool(password)

    def save_pac(
        self,
        provider: str,
        environment: str,
        url: str,
        user: str,
        password: str,
        accept_demo: bool = False,
    ) -> CompanyInfo:
        """Store the PAC; an empty password keeps the one already in the keyring for that
        provider. The sandbox for a real company needs `accept_demo` (the user confirmed
        that its documents will never be valid): else pac_settings.DemoConfirmationError."""
        from facturador.services._desktop_values import company_info
        from facturador.services.pac_settings import configure_pac

        url = url.strip()
        if url and not url.startswith(("https://", "http://")):
            raise ConfigError("url")
        credentials: dict[str, str] | None = None
        if provider in _USER_FIELD:
            current = self.pac() if self._has_company() else None
            keeps = current is not None and current.stored.get(provider, (None, False))[1]
            if not user.strip() or not (password or keeps):
                raise ConfigError("credentials")
            if password:
                credentials = {_USER_FIELD[provider]: user.strip(), "password": password}
        with self.desktop._write() as session:
            row = self._company_row(session)
            stored = configure_pac(
                session,
                row.id,
                self.desktop.secrets,
                provider=provider,
                environment=environment,
                url=url or None,
                credentials=credentials,
                accept_demo=accept_demo,
                now=self.desktop.now(),
            )
            if credentials is None and provider in _USER_FIELD:
                self._set_user(provider, stored.rfc, user.strip())
            return company_info(stored)

    def _set_user(self, provider: str, rfc: str, user: str) -> None:
        from facturador.services.pac_clients import pac_secret_key
        from facturador.services.secrets import SERVICE

        self.desktop.secrets.set(
            SERVICE, pac_secret_key(provider, rfc, _USER_FIELD[provider]), user
        )

    def _has_company(self) -> bool:
        return self.desktop.active_company() is not None

    def test_pac(self, provider: str, environment: str, url: str) -> str:
        """Whether the PAC's server answers at its address: "host:port", or ConfigError."""
        url = url.strip()
        if url and not url.startswith(("https://", "http://")):
            raise ConfigError("url")
        host = endpoint(provider, environment, url or None)
        if host is None:
            return ""
        if not can_connect(host):
            raise ConfigError("unreachable", f"{host[0]}:{host[1]}")
        return f"{host[0]}:{host[1]}"

    def connection(self, timeout: float = CONNECT_TIMEOUT) -> str:
        """ONLINE when the active company's PAC accepts a TCP connection; DEMO for the
        sandbox; without a PAC configured, what the desktop's connectivity says."""
        company = self.desktop.active_company()
        provider = company.pac_provider if company else None
        if provider == "sandbox":
            return Connection.DEMO
        if company is not None and provider in _USER_FIELD:
            with self.desktop._read() as session:
                url = self._company_row(session).pac_url
            host = endpoint(provider, company.pac_environment or "pruebas", url)
            assert host is not None
            return Connection.ONLINE if can_connect(host, timeout) else Connection.OFFLINE
        return Connection.ONLINE if self.desktop.is_online() else Connection.OFFLINE

    def _client(self, row: Any) -> tuple[Any, bool]:
        from facturador.services.pac_clients import client_for_company
        from facturador.services.settings import data_dir

        return client_for_company(row, self.desktop.secrets, data_dir=data_dir())

    # -- credits -------------------------------------------------------------------------

    def last_credits(self) -> CreditReading | None:
        from facturador.services.pac_settings import last_credits

        company = self.desktop.active_company()
        return None if company is None else last_credits(company.rfc)

    def read_credits(self) -> CreditReading:
        """Ask the PAC for its balance now (network) and remember the reading."""
        from facturador.services.pac_settings import read_credits

        row = self._active()
        client, _demo = self._client(row)
        return read_credits(row.rfc, client, now=self.desktop.now())

    # -- the send queue --------------------------------------------------------------------

    def sync(
        self,
        on_event: Callable[[object], None] | None = None,
        *,
        user_asked: bool = False,
        should_stop: Callable[[], bool] | None = None,
    ) -> SyncOutcome | None:
        """One pass (services.sync.run_pass) for the active company (None without one)."""
        from facturador.services.queue import PassLimits
        from facturador.services.settings import data_dir
        from facturador.services.sync import run_pass

        if self.desktop.active_company() is None:
            return None
        outcome = run_pass(
            self.desktop.engine,
            self._active(),
            self.desktop.secrets,
            data_dir=data_dir(),
            now=self.desktop.now(),
            on_event=on_event,
            user_asked=user_asked,
            limits=PassLimits(should_stop=should_stop),
        )
        return SyncOutcome(outcome.stamping, outcome.demo, outcome)

    # -- series --------------------------------------------------------------------------

    def series(self) -> list[SerieInfo]:
        from sqlmodel import col, select

        from facturador.models.tables import Serie

        with self.desktop._read() as session:
            row = self._company_row(session)
            rows = session.exec(
                select(Serie).where(Serie.empresa_id == row.id).order_by(col(Serie.code))
            ).all()
            return [SerieInfo(code=s.code, tipo=s.tipo, next_folio=s.next_folio) for s in rows]

    def add_serie(self, code: str, tipo: str = "I", first_folio: int = 1) -> SerieInfo:
        from sqlmodel import select

        from facturador.models.tables import Serie

        code = code.strip().upper()
        if not code or len(code) > 25 or not code.isalnum():
            raise ConfigError("serie")
        if first_folio < 1:
            raise ConfigError("folio")
        with self.desktop._write() as session:
            row = self._company_row(session)
            query = select(Serie).where(Serie.empresa_id == row.id, Serie.code == code)
            if session.exec(query).first() is not None:
                raise ConfigError("serie_exists", code)
            session.add(Serie(empresa_id=row.id, code=code, tipo=tipo, next_folio=first_folio))
            session.commit()
        return SerieInfo(code=code, tipo=tipo, next_folio=first_folio)

    # -- email ---------------------------------------------------------------------------

    def smtp(self) -> SmtpView:
        from facturador.services.email import smtp_password_key
        from facturador.services.secrets import SERVICE

        row = self._active()
        password = self.desktop.secrets.get(SERVICE, smtp_password_key(row.rfc))
        return SmtpView(
            host=row.smtp_host or "",
            port=row.smtp_port,
            user=row.smtp_user or "",
            security=row.smtp_security or "starttls",
            from_address=row.smtp_from or "",
            has_password=bool(password),
        )

    def save_smtp(
        self, *, host: str, port: int | None, user: str, security: str, sender: str, password: str
    ) -> SmtpView:
        """Store the SMTP settings; an empty password keeps the stored one."""
        from facturador.services.email import configure_smtp

        configure_smtp(
            self.desktop.engine,
            host=host,
            port=port,
            user=user.strip() or None,
            security=security,
            from_address=sender.strip() or None,
            password=password or None,
            secrets=self.desktop.secrets,
        )
        return self.smtp()

    def send_test_email(self, to: str) -> str:
        """Send a short message to `to` with the stored settings, now; returns `to`."""
        import smtplib
        import ssl
        from email.message import EmailMessage

        from facturador.services.email import smtp_password_key
        from facturador.services.email_sending import connect_smtp
        from facturador.services.secrets import SERVICE

        row = self._active()
        if not row.smtp_host or not row.smtp_from:
            raise ConfigError("smtp_missing")
        to = to.strip()
        if "@" not in to or " " in to:
            raise ConfigError("email", to)
        password = self.desktop.secrets.get(SERVICE, smtp_password_key(row.rfc))
        if row.smtp_user and not password:
            raise ConfigError("smtp_password")
        message = EmailMessage()
        message["From"] = row.smtp_from
        message["To"] = to
        message["Subject"] = "Prueba de correo de Facturador"
        message.set_content(
            f"Este es un mensaje de prueba de Facturador para {row.nombre} ({row.rfc}).\n"
            "Si lo recibe, el envío de comprobantes por correo está listo."
        )
        try:
            smtp = connect_smtp(row, password, 15.0, ssl.create_default_context())
            with smtp:
                smtp.send_message(message)
        except smtplib.SMTPAuthenticationError as error:
            raise ConfigError("smtp_auth") from error
        except smtplib.SMTPResponseException as error:
            raise ConfigError("smtp_refused", f"{error.smtp_code}") from error
        except (OSError, smtplib.SMTPException) as error:
            raise ConfigError("smtp_connect", f"{row.smtp_host}") from error
        return to

    # -- backups -------------------------------------------------------------------------

    def backups(self) -> list[BackupInfo]:
        from facturador.services.backups import _taken_at, list_backups

        found = [
            BackupInfo(path=path, taken_at=_taken_at(path), size=path.stat().st_size)
            for path in list_backups()
        ]
        return list(reversed(found))  # newest first

    def create_backup(self) -> BackupInfo:
        from facturador.services.backups import _taken_at, create_backup
        from facturador.services.settings import BACKUP_KEEP

        path = create_backup(keep=int(get_setting(BACKUP_KEEP)), now=None)
        return BackupInfo(path=path, taken_at=_taken_at(path), size=path.stat().st_size)

    def restore_backup(self, path: Path) -> Path:
        """Restore `path` over the database, which is backed up first (see `restore_backup`)."""
        from facturador.services.backups import restore_backup
        from facturador.services.settings import BACKUP_KEEP

        return restore_backup(path, keep=int(get_setting(BACKUP_KEEP))).database

    def automatic_backups(self) -> bool:
        from facturador.services.settings import BACKUP_ENABLED

        return bool(get_setting(BACKUP_ENABLED))

    def set_automatic_backups(self, enabled: bool) -> None:
        from facturador.services.settings import BACKUP_ENABLED

        set_setting(BACKUP_ENABLED, bool(enabled))

    def backup_if_due(self) -> Path | None:
        """The app's start-up and hourly check: `PRAGMA quick_check` of the database, then
        the day's backup if automatic backups are on (DatabaseDamagedError if damaged)."""
        from facturador.services.backups import backup_if_due, check_database
        from facturador.services.settings import BACKUP_KEEP

        if not self.automatic_backups():
            check_database()
            return None
        return backup_if_due(keep=int(get_setting(BACKUP_KEEP)), now=self.desktop.now())

    # -- support -------------------------------------------------------------------------

    def support_email(self) -> str:
        return str(get_setting(SUPPORT_EMAIL))

    def set_support_email(self, address: str) -> str:
        address = address.strip()
        if address and ("@" not in address or " " in address):
            raise ConfigError("email", address)
        set_setting(SUPPORT_EMAIL, address)
        return address

    def diagnostic_report(self, extra: dict[str, str] | None = None) -> str:
        """Plain facts for support: versions, OS, data dir, database, company, queue.
        Never a password, key, token, certificate or document content."""
        from facturador import __version__
        from facturador.services.settings import data_dir

        engine = self.desktop.engine
        company = self.desktop.active_company()
        lines = {
            "Facturador": __version__,
            "Python": platform.python_version(),
            "Sistema operativo": f"{platform.system()} {platform.release()} ({platform.machine()})",
            **(extra or {}),
            "Carpeta de datos": str(data_dir()),
            "Base de datos": engine.dialect.name,
        }
        if company is None:
            lines["Empresa"] = "sin empresa"
        else:
            summary = self.desktop.queue_summary()
            lines["Empresa (RFC)"] = company.rfc
            lines["PAC"] = f"{company.pac_provider or 'sin configurar'} / "
            lines["PAC"] += company.pac_environment or "pruebas"
            lines["CSD"] = company.no_certificado or "sin instalar"
            lines["Cola"] = (
                f"{summary.en_cola} en cola, {summary.enviando} enviándose, "
                f"{summary.rechazado} rechazados"
            )
        lines["Fecha del informe"] = self.desktop.now().isoformat(timespec="seconds")
        lines["Plataforma"] = sys.platform
        return "\n".join(f"{key}: {value}" for key, value in lines.items())


# ---------------------------------------------------------------- what the queue tells


class DocumentRejectedError(FacturadorError):
    """The PAC rejected a queued document; `explanation` is the PAC layer's sentence
    (title, code and what to do, from `pac.messages`)."""

    def __init__(self, serie: str | None, folio: int | None, code: str, explanation: str) -> None:
        super().__init__(serie, folio, code, explanation)
        self.serie, self.folio, self.code, self.explanation = serie, folio, code, explanation

    @property
    def message(self) -> str:
        name = f"{self.serie}-{self.folio}" if self.serie else str(self.folio)
        return f"El PAC rechazó el comprobante {name}. {self.explanation}"


class QueuePausedError(FacturadorError):
    """The queue stopped: no credits, or the PAC refused the account."""

    def __init__(self, reason: str, explanation: str) -> None:
        super().__init__(reason, explanation)
        self.reason, self.explanation = reason, explanation

    @property
    def message(self) -> str:
        return f"{self.reason}. {self.explanation}"


class PacUnreachableError(FacturadorError):
    """The PAC has not answered since `since`; the FAQ's advice depends on how long."""

    def __init__(self, since: datetime, now: datetime) -> None:
        super().__init__(since, now)
        self.since, self.now = since, now

    @property
    def message(self) -> str:
        from facturador.services.pac_settings import connection_advice

        return connection_advice(self.since, self.now)


def known_errors() -> tuple[tuple[str, str, str], ...]:
    """The four problems of the user FAQ as (key, title, solution), from `pac.messages`."""
    from facturador.pac.messages import FAQ_CERTIFICADO, FAQ_CONEXION, FAQ_CREDITOS, FAQ_RECEPTOR

    return (
        ("certificado", *FAQ_CERTIFICADO),
        ("creditos", *FAQ_CREDITOS),
        ("receptor", *FAQ_RECEPTOR),
        ("conexion", *FAQ_CONEXION),
    )
