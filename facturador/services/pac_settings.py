"""The company's PAC: provider, environment and URL; a second (backup) PAC; the balance.

- `configure_pac` stores provider/environment/URL on the `Empresa` row and the credentials
  in the SecretStore under the names the queue reads (`queue.pac_secret_key`):
  `pac:finkok:{RFC}:username|password`, `pac:sw:{RFC}:user|password` or `pac:sw:{RFC}:token`.
  Credentials never reach the database or a log.
- Choosing the sandbox ("Demostración") for a company other than the demo one needs
  `accept_demo=True`: the user confirmed, in words, that its documents, queued ones
  included, will never be valid (else DemoConfirmationError, nothing changed). Switching
  provider never erases credentials: each provider's stay in the SecretStore, and the sandbox
  leaves the company's environment and URL as they were, so switching back restores them.
- `configure_backup` declares a second PAC for the failover (`services.failover`). It is not
  a database column (no migration): it lives in the settings file of `services.settings`
  (`ajustes.json` in the data dir) under `pac.respaldo`, one small JSON object per RFC:
  `{"EKU9003173C9": {"provider": "sw", "environment": "produccion", "url": null}}`.
  Its credentials go to the SecretStore under the same names as a primary of that provider,
  so the backup must be a different provider than the primary.
- `read_credits` asks the PAC for its balance and keeps the last reading with its time in
  the settings file (`pac.creditos`), so `last_credits` can show it offline.
- `connection_advice(first_failure_at, now)` is the FAQ rule for "Error de conexión con el
  SAT / Servicio no disponible": retried automatically; after an hour, contact support.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from facturador.models.tables import AuditEntry, Documento, Empresa
from facturador.pac.base import PacClient
from facturador.pac.factory import ENVIRONMENTS, PROVIDERS
from facturador.pac.messages import FAQ_CONEXION
from facturador.pac.probe import is_pac_url
from facturador.sat.errors import FacturadorError
from facturador.services.pac_clients import (
    PAC_SECRET_FIELDS,
    demo_accepted,
    is_demo_company,
    pac_secret_key,
    set_demo_accepted,
)
from facturador.services.secrets import SERVICE, SecretStore
from facturador.services.settings import Setting, get_setting, set_setting

__all__ = [
    "BACKUP_PROVIDERS",
    "CONNECTION_SUPPORT_AFTER",
    "PAC_BACKUP",
    "PAC_CREDITS",
    "BackupPac",
    "CreditReading",
    "DemoConfirmationError",
    "PacSettingsError",
    "backup_pac",
    "configure_backup",
    "configure_pac",
    "connection_advice",
    "credential_fields",
    "first_connection_failure",
    "last_credits",
    "read_credits",
    "remove_backup",
]

PAC_BACKUP = Setting("pac.respaldo", dict, {}, "PAC de respaldo (por RFC)")
PAC_CREDITS = Setting("pac.creditos", dict, {}, "Última lectura del saldo de timbres (por RFC)")
SETTINGS = (PAC_BACKUP, PAC_CREDITS)

BACKUP_PROVIDERS = ("finkok", "sw")
CONNECTION_SUPPORT_AFTER = timedelta(hours=1)


_REASONS = {
    "provider": "El proveedor «{value}» no existe; use finkok, sw o sandbox.",
    "backup_provider": "El PAC de respaldo «{value}» no es válido; use finkok o sw.",
    "environment": "El ambiente «{value}» no existe; use pruebas o produccion.",
    "url": "La dirección «{value}» no es válida: debe empezar con https://.",
    "credentials": (
        "Faltan las credenciales de {value}: {detail}. Escríbalas al configurar el PAC; "
        "se guardan sólo en el llavero del sistema."
    ),
    "same_provider": (
        "El PAC de respaldo no puede ser el mismo proveedor que el principal ({value})."
    ),
}
_CREDENTIAL_NAMES = {
    "finkok": "usuario y contraseña",
    "sw": "usuario y contraseña, o token",
    "sandbox": "ninguna",
}


class PacSettingsError(FacturadorError):
    """A PAC setting that cannot be stored: `reason` is a key of `_REASONS`."""

    def __init__(self, reason: str, value: str = "") -> None:
        super().__init__(reason, value)
        self.reason = reason
        self.value = value

    @property
    def message(self) -> str:
        detail = _CREDENTIAL_NAMES.get(self.value, "")
        return _REASONS[self.reason].format(value=self.value, detail=detail)


class DemoConfirmationError(PacSettingsError):
    """The sandbox was chosen for a real company without the user's confirmation that its
    documents (`queued` of them waiting now) will never be valid."""

    def __init__(self, rfc: str, queued: int) -> None:
        super().__init__("demo_confirmation", rfc)
        self.rfc = rfc
        self.queued = queued

    @property
    def message(self) -> str:
        waiting = f", incluidos los {self.queued} que esperan en la cola," if self.queued else ""
        waiting = ", incluido el que espera en la cola," if self.queued == 1 else waiting
        return (
            f"La empresa {self.rfc} no es la de demostración: en «Demostración» sus "
            f"comprobantes{waiting} se timbran sin validez fiscal y nunca serían válidos ante "
            "el SAT. Elija su PAC, o confirme que acepta que esos comprobantes nunca serán "
            "válidos."
        )


# ---------------------------------------------------------------- primary PAC


def credential_fields(provider: str, credentials: Mapping[str, str]) -> tuple[str, ...]:
    """The set of credential names `credentials` satisfies for `provider` (finkok:
    username+password; sw: user+password or token; sandbox: none). PacSettingsError if none."""
    for names in PAC_SECRET_FIELDS[provider]:
        if all((credentials.get(name) or "").strip() for name in names):
            return names
    raise PacSettingsError("credentials", provider)


def _check(provider: str, environment: str, url: str | None) -> tuple[str, str, str | None]:
    provider = provider.strip().lower()
    environment = environment.strip().lower()
    if provider not in PROVIDERS:
        raise PacSettingsError("provider", provider)
    if environment not in ENVIRONMENTS:
        raise PacSettingsError("environment", environment)
    url = (url or "").strip() or None
    if url is not None and not is_pac_url(url):
        raise PacSettingsError("url", url)
    return provider, environment, url


def _store_credentials(
    secrets: SecretStore, provider: str, rfc: str, credentials: Mapping[str, str]
) -> None:
    names = credential_fields(provider, credentials)
    for name in names:
        secrets.set(SERVICE, pac_secret_key(provider, rfc, name), credentials[name].strip())
    # The other way of signing in (SW token vs user+password) is removed so that the
    # queue does not pick a stale one first.
    for other in PAC_SECRET_FIELDS[provider]:
        for name in other:
            if name not in names:
                secrets.delete(SERVICE, pac_secret_key(provider, rfc, name))


def configure_pac(
    session: Session,
    empresa_id: int,
    secrets: SecretStore,
    *,
    provider: str,
    environment: str,
    url: str | None = None,
    credentials: Mapping[str, str] | None = None,
    accept_demo: bool = False,
    now: datetime | None = None,
) -> Empresa:
    """Set the company's PAC. `credentials` None keeps those already in the SecretStore
    (they must be there, except for the sandbox). The sandbox for a real company needs
    `accept_demo` (the user's confirmation), else DemoConfirmationError."""
    provider, environment, url = _check(provider, environment, url)
    empresa = session.get(Empresa, empresa_id)
    if empresa is None:
        from facturador.services.errors import NotFoundError

        raise NotFoundError("empresa", empresa_id)
    if provider == "sandbox":
        return _choose_sandbox(session, empresa, accept_demo, now)
    if credentials is not None:
        _store_credentials(secrets, provider, empresa.rfc, credentials)
    else:
        credential_fields(provider, _stored_credentials(secrets, provider, empresa.rfc))
    backup = backup_pac(empresa.rfc)
    if backup is not None and backup.provider == provider:
        raise PacSettingsError("same_provider", provider)
    empresa.pac_provider = provider
    empresa.pac_environment = environment
    empresa.pac_url = url
    session.add(empresa)
    session.commit()
    set_demo_accepted(empresa.rfc, None)  # a later switch to the sandbox asks again
    return empresa


_WAITING = ("SELLADO", "EN_COLA", "ENVIANDO")


def _choose_sandbox(
    session: Session, empresa: Empresa, accept_demo: bool, now: datetime | None
) -> Empresa:
    """The sandbox for `empresa`; environment, URL and credentials stay for switching back."""
    if not is_demo_company(empresa) and not demo_accepted(empresa.rfc):
        if not accept_demo:
            queued = session.exec(
                select(func.count())
                .select_from(Documento)
                .where(Documento.empresa_id == empresa.id)
                .where(col(Documento.state).in_(_WAITING))
            ).one()
            raise DemoConfirmationError(empresa.rfc, int(queued))
        set_demo_accepted(empresa.rfc, now or datetime.now(UTC))
    empresa.pac_provider = "sandbox"
    session.add(empresa)
    session.commit()
    return empresa


def _stored_credentials(secrets: SecretStore, provider: str, rfc: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for names in PAC_SECRET_FIELDS[provider]:
        for name in names:
            value = secrets.get(SERVICE, pac_secret_key(provider, rfc, name))
            if value:
                found[name] = value
    return found


# ---------------------------------------------------------------- backup PAC


@dataclass(frozen=True, slots=True)
class BackupPac:
    provider: str
    environment: str
    url: str | None = None


def backup_pac(rfc: str) -> BackupPac | None:
    """The second PAC configured for `rfc`, or None."""
    raw = dict(get_setting(PAC_BACKUP)).get(rfc.strip().upper())
    if not isinstance(raw, dict):
        return None
    provider, environment = raw.get("provider"), raw.get("environment")
    if provider not in BACKUP_PROVIDERS or environment not in ENVIRONMENTS:
        return None
    url = raw.get("url")
    return BackupPac(provider, environment, url if isinstance(url, str) and url else None)


def configure_backup(
    empresa: Empresa,
    secrets: SecretStore,
    *,
    provider: str,
    environment: str,
    url: str | None = None,
    credentials: Mapping[str, str] | None = None,
) -> BackupPac:
    """Declare the second PAC of `empresa` (finkok or sw, not the primary's provider)."""
    provider, environment, url = _check(provider, environment, url)
    if provider not in BACKUP_PROVIDERS:
        raise PacSettingsError("backup_provider", provider)
    if (empresa.pac_provider or "").lower() == provider:
        raise PacSettingsError("same_provider", provider)
    if credentials is not None:
        _store_credentials(secrets, provider, empresa.rfc, credentials)
    else:
        credential_fields(provider, _stored_credentials(secrets, provider, empresa.rfc))
    backup = BackupPac(provider, environment, url)
    values = dict(get_setting(PAC_BACKUP))
    values[empresa.rfc] = asdict(backup)
    set_setting(PAC_BACKUP, values)
    return backup


def remove_backup(rfc: str) -> None:
    values = dict(get_setting(PAC_BACKUP))
    if values.pop(rfc.strip().upper(), None) is not None:
        set_setting(PAC_BACKUP, values)


# ---------------------------------------------------------------- balance


@dataclass(frozen=True, slots=True)
class CreditReading:
    """A balance read from the PAC. `supported` False: the PAC has no balance service
    (Finkok for plain customers); then the other fields are empty."""

    provider: str
    read_at: datetime
    supported: bool = True
    remaining: int | None = None
    used: int | None = None
    unlimited: bool = False
    expires: str | None = None


def read_credits(rfc: str, client: PacClient, *, now: datetime | None = None) -> CreditReading:
    """Ask `client` for its balance (raises the PAC's errors) and remember the reading."""
    balance = client.credits()
    moment = now or datetime.now(UTC)
    if balance is None:
        return CreditReading(client.name, moment, supported=False)
    reading = CreditReading(
        client.name,
        moment,
        remaining=balance.remaining,
        used=balance.used,
        unlimited=balance.unlimited,
        expires=balance.expires,
    )
    values = dict(get_setting(PAC_CREDITS))
    values[rfc.strip().upper()] = {**asdict(reading), "read_at": moment.isoformat()}
    set_setting(PAC_CREDITS, values)
    return reading


def last_credits(rfc: str) -> CreditReading | None:
    """The last balance read for `rfc` (for showing offline), or None."""
    raw: Any = dict(get_setting(PAC_CREDITS)).get(rfc.strip().upper())
    if not isinstance(raw, dict):
        return None
    try:
        return CreditReading(
            provider=str(raw["provider"]),
            read_at=datetime.fromisoformat(str(raw["read_at"])),
            supported=bool(raw.get("supported", True)),
            remaining=raw.get("remaining"),
            used=raw.get("used"),
            unlimited=bool(raw.get("unlimited", False)),
            expires=raw.get("expires"),
        )
    except (KeyError, ValueError):
        return None


# ---------------------------------------------------------------- the FAQ's connection rule


def connection_advice(first_failure_at: datetime, now: datetime) -> str:
    """What to tell the user while the PAC or the SAT cannot be reached: it is retried
    automatically; once failures have lasted an hour or more, contact support."""
    titulo, solucion = FAQ_CONEXION
    if now - first_failure_at < CONNECTION_SUPPORT_AFTER:
        return f"{titulo}. {solucion} Se reintentará automáticamente."
    hours = int((now - first_failure_at) / timedelta(hours=1))
    since = "más de una hora" if hours <= 1 else f"más de {hours} horas"
    return (
        f"{titulo}. No ha sido posible timbrar desde hace {since}. Contacte a soporte "
        "técnico (de Facturador o de su PAC) e indique el mensaje de error; sus "
        "comprobantes siguen en la cola y se enviarán en cuanto el servicio responda."
    )


_CONNECTION_ERRORS = ("PacUnavailableError", "PacProtocolError")


def first_connection_failure(session: Session, documento_id: int) -> datetime | None:
    """When the document's current run of connection failures began (from its history:
    the queue writes "Reintento programado: PacUnavailableError(...)" on each), or None if
    its last attempt did not fail for that reason. Feed it to `connection_advice`."""
    rows = session.exec(
        select(AuditEntry)
        .where(AuditEntry.documento_id == documento_id)
        .order_by(col(AuditEntry.id))
    ).all()
    first: datetime | None = None
    for row in rows:
        if row.from_state != "ENVIANDO":
            continue  # sending again, re-dating: not an outcome
        if row.to_state == "EN_COLA" and any(name in row.detail for name in _CONNECTION_ERRORS):
            first = first or row.at
        else:
            first = None  # stamped, rejected, or waiting for another reason
    return first
