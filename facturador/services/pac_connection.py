"""The PAC as the Conexión con el PAC page and the status bar see it: what is stored, saving
it, "Probar conexión", whether the PAC answers now, and the balance of credits.

Credentials go to the secret store under `pac_clients.pac_secret_key` (the names the pass
reads); the password is never handed out, only whether one is kept. Switching provider keeps
every provider's credentials (pac_settings), so switching back shows them again.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from facturador.pac.probe import CONNECT_TIMEOUT, SAT_HOST, endpoint, is_pac_url
from facturador.services.errors import ConfigError
from facturador.services.views import CompanyInfo, PacView, company_info

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.pac_settings import CreditReading

__all__ = [
    "Connection",
    "connection",
    "last_credits",
    "pac_view",
    "read_credits",
    "save_pac",
    "test_pac",
]

USER_FIELD = {"finkok": "username", "sw": "user"}


class Connection(StrEnum):
    """What the status bar says about the PAC."""

    ONLINE = "online"
    OFFLINE = "offline"
    DEMO = "demo"  # the local sandbox: always answers


def _stored(ctx: Context, provider: str, rfc: str) -> tuple[str | None, bool]:
    """The user kept for `provider` and whether its password is kept too."""
    from facturador.services.pac_clients import pac_secret_key
    from facturador.services.secrets import SERVICE

    user = ctx.secrets.get(SERVICE, pac_secret_key(provider, rfc, USER_FIELD[provider]))
    password = ctx.secrets.get(SERVICE, pac_secret_key(provider, rfc, "password"))
    return user, bool(password)


def _company_row(ctx: Context):  # type: ignore[no-untyped-def]
    from facturador.models.repositories import active_empresa

    with ctx.read() as session:
        row = active_empresa(session)
    if row is None:
        raise ConfigError("no_company")
    return row


def pac_view(ctx: Context) -> PacView:
    """The active company's PAC settings (the password is never handed out)."""
    row = _company_row(ctx)
    provider = row.pac_provider or "sandbox"
    stored = {name: _stored(ctx, name, row.rfc) for name in USER_FIELD}
    user, has_password = stored.get(provider, (None, False))
    return PacView(
        provider=provider,
        environment=row.pac_environment or "pruebas",
        url=row.pac_url,
        user=user,
        has_password=has_password,
        stored=stored,
    )


def _check_url(url: str) -> str:
    url = url.strip()
    if url and not is_pac_url(url):
        raise ConfigError("url")
    return url


def save_pac(
    ctx: Context,
    provider: str,
    environment: str,
    url: str = "",
    user: str = "",
    password: str = "",
    accept_demo: bool = False,
) -> CompanyInfo:
    """Store the active company's PAC; an empty password keeps the one already kept for
    that provider. The sandbox for a real company needs `accept_demo` (the user confirmed
    that its documents will never be valid): else pac_settings.DemoConfirmationError."""
    from facturador.services.pac_clients import pac_secret_key
    from facturador.services.pac_settings import configure_pac
    from facturador.services.secrets import SERVICE

    url = _check_url(url)
    row = _company_row(ctx)
    credentials: dict[str, str] | None = None
    if provider in USER_FIELD:
        keeps = _stored(ctx, provider, row.rfc)[1]
        if not user.strip() or not (password or keeps):
            raise ConfigError("credentials")
        if password:
            credentials = {USER_FIELD[provider]: user.strip(), "password": password}
    with ctx.write() as session:
        assert row.id is not None
        stored = configure_pac(
            session,
            row.id,
            ctx.secrets,
            provider=provider,
            environment=environment,
            url=url or None,
            credentials=credentials,
            accept_demo=accept_demo,
            now=ctx.now(),
        )
        if credentials is None and provider in USER_FIELD:
            key = pac_secret_key(provider, stored.rfc, USER_FIELD[provider])
            ctx.secrets.set(SERVICE, key, user.strip())
        return company_info(stored)


def test_pac(ctx: Context, provider: str, environment: str, url: str) -> str:
    """Whether the PAC's server answers at its address: "host:port", or ConfigError."""
    host = endpoint(provider, environment, _check_url(url) or None)
    if host is None:
        return ""
    if not ctx.probe(host, CONNECT_TIMEOUT):
        raise ConfigError("unreachable", f"{host[0]}:{host[1]}")
    return f"{host[0]}:{host[1]}"


def connection(ctx: Context, timeout: float = CONNECT_TIMEOUT) -> Connection:
    """ONLINE when the active company's PAC accepts a TCP connection (at the host of its
    environment, or its own URL); DEMO for the sandbox; without a PAC, SAT's host decides."""
    from facturador.models.repositories import active_empresa

    with ctx.read() as session:
        row = active_empresa(session)
    provider = row.pac_provider if row is not None else None
    if provider == "sandbox":
        return Connection.DEMO
    host = None
    if row is not None and provider is not None:
        host = endpoint(provider, row.pac_environment or "pruebas", row.pac_url)
    online = ctx.probe(host or SAT_HOST, timeout)
    return Connection.ONLINE if online else Connection.OFFLINE


def last_credits(ctx: Context) -> CreditReading | None:
    from facturador.services import pac_settings
    from facturador.services.company_setup import active_company

    company = active_company(ctx)
    return None if company is None else pac_settings.last_credits(company.rfc)


def read_credits(ctx: Context) -> CreditReading:
    """Ask the PAC for its balance now (network) and remember the reading."""
    from facturador.services import pac_settings
    from facturador.services.pac_clients import client_for_company

    row = _company_row(ctx)
    client, _demo = client_for_company(row, ctx.secrets, data_dir=ctx.data_dir)
    return pac_settings.read_credits(row.rfc, client, now=ctx.now())
