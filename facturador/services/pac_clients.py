"""The company's configured PAC client, and where its user and password live.

Secret names, under the service `facturador` of the SecretStore (the OS keyring):
  pac:finkok:{RFC}:username, pac:finkok:{RFC}:password
  pac:sw:{RFC}:user, pac:sw:{RFC}:password   (or pac:sw:{RFC}:token)
"""

from __future__ import annotations

import os
from pathlib import Path

from facturador.models.tables import Empresa
from facturador.pac.base import DEFAULT_TIMEOUT, PacClient, Timeout
from facturador.sat.errors import FacturadorError
from facturador.services.secrets import SERVICE, SecretStore

__all__ = [
    "ENV_SAT_STATUS_URL",
    "PAC_SECRET_FIELDS",
    "PacNotConfiguredError",
    "client_for_company",
    "pac_secret_key",
]

ENV_SAT_STATUS_URL = "FACTURADOR_SAT_STATUS_URL"


class PacNotConfiguredError(FacturadorError):
    """The company's PAC settings are incomplete (provider, environment or credentials)."""

    def __init__(self, rfc: str, reason: str) -> None:
        super().__init__(rfc, reason)
        self.rfc = rfc
        self.reason = reason

    @property
    def message(self) -> str:
        return f"El PAC de la empresa {self.rfc} no está configurado correctamente: {self.reason}."


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
    sat_status_url: str | None = None,
) -> tuple[PacClient, bool]:
    """The company's configured PAC client, and whether it is the demo sandbox because the
    company has no PAC configured. Raises PacNotConfiguredError when settings are incomplete.
    `sat_status_url` (else FACTURADOR_SAT_STATUS_URL) replaces SAT's ConsultaCFDI address."""
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
        sat_status_url=sat_status_url or os.environ.get(ENV_SAT_STATUS_URL) or None,
        timeout=timeout,
        data_dir=data_dir,
    )
    return client, False
