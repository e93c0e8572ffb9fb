"""The company's configured PAC client, and where its user and password live.

Secret names, under the service `facturador` of the SecretStore (the OS keyring):
  pac:finkok:{RFC}:username, pac:finkok:{RFC}:password
  pac:sw:{RFC}:user, pac:sw:{RFC}:password   (or pac:sw:{RFC}:token)

The demo sandbox stamps only the demo company: the one the first run creates, SAT's test
taxpayer `DEMO_COMPANY_RFC` with SAT's test CSD. Any other (real) company's documents are
stamped by it only after the user confirmed, in words, that they will never be valid
(`pac_settings.configure_pac(..., accept_demo=True)` records it in the settings file,
`pac.demostracion_aceptada`, per RFC; choosing a real PAC again withdraws it). Without that,
`client_for_company` refuses with SandboxRefusedError, so the pass never stamps them.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from facturador.models.tables import Empresa
from facturador.pac.base import DEFAULT_TIMEOUT, PacClient, Timeout
from facturador.sat.errors import FacturadorError
from facturador.services.secrets import SERVICE, SecretStore

__all__ = [
    "DEMO_COMPANY_RFC",
    "ENV_SAT_STATUS_URL",
    "PAC_SECRET_FIELDS",
    "PacNotConfiguredError",
    "SandboxRefusedError",
    "client_for_company",
    "demo_accepted",
    "is_demo_company",
    "pac_secret_key",
    "set_demo_accepted",
]

ENV_SAT_STATUS_URL = "FACTURADOR_SAT_STATUS_URL"
DEMO_COMPANY_RFC = "EKU9003173C9"  # SAT's test taxpayer: the first run's demo company


class PacNotConfiguredError(FacturadorError):
    """The company's PAC settings are incomplete (provider, environment or credentials)."""

    def __init__(self, rfc: str, reason: str) -> None:
        super().__init__(rfc, reason)
        self.rfc = rfc
        self.reason = reason

    @property
    def message(self) -> str:
        return f"El PAC de la empresa {self.rfc} no está configurado correctamente: {self.reason}."


class SandboxRefusedError(FacturadorError):
    """A real company's documents would be stamped by the demo sandbox, and the user has not
    accepted that they will never be valid."""

    def __init__(self, rfc: str) -> None:
        super().__init__(rfc)
        self.rfc = rfc

    @property
    def message(self) -> str:
        return (
            f"La empresa {self.rfc} no es la de demostración: sus comprobantes no se timbran "
            "con el PAC de demostración, porque no tendrían validez fiscal. Configure su PAC "
            "(Finkok o SW); mientras tanto, sus comprobantes esperan en la cola."
        )


def _demo_setting() -> Any:
    from facturador.services.settings import Setting

    return Setting(
        "pac.demostracion_aceptada",
        dict,
        {},
        "Empresas reales que aceptaron timbrar sin validez fiscal (por RFC, con la fecha)",
    )


def is_demo_company(empresa: Empresa) -> bool:
    return empresa.rfc.strip().upper() == DEMO_COMPANY_RFC


def demo_accepted(rfc: str) -> bool:
    """Whether the user accepted that `rfc`'s documents stamped in demo are never valid."""
    from facturador.services.settings import get_setting

    return rfc.strip().upper() in dict(get_setting(_demo_setting()))


def set_demo_accepted(rfc: str, at: datetime | None) -> None:
    """Record the user's acceptance (at `at`), or withdraw it (None)."""
    from facturador.services.settings import get_setting, set_setting

    setting = _demo_setting()
    values = dict(get_setting(setting))
    key = rfc.strip().upper()
    if at is None:
        if values.pop(key, None) is None:
            return
    else:
        values[key] = at.isoformat()
    set_setting(setting, values)


def _sandbox_for(empresa: Empresa, data_dir: Path | None) -> PacClient:
    from facturador.pac.factory import make_client

    if not is_demo_company(empresa) and not demo_accepted(empresa.rfc):
        raise SandboxRefusedError(empresa.rfc)
    return make_client("sandbox", "pruebas", {}, data_dir=data_dir)


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
    company has no PAC configured. Raises PacNotConfiguredError when settings are incomplete,
    SandboxRefusedError when a real company would get the sandbox without having accepted it.
    `sat_status_url` (else FACTURADOR_SAT_STATUS_URL) replaces SAT's ConsultaCFDI address."""
    from facturador.pac.factory import ENVIRONMENTS, PROVIDERS, make_client

    provider = (empresa.pac_provider or "").strip().lower()
    if not provider:
        return _sandbox_for(empresa, data_dir), True
    if provider == "sandbox":
        return _sandbox_for(empresa, data_dir), False
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
