"""For support: the address the user (or the distributor) sets, and the diagnostic report.

The report holds plain facts (versions, OS, data dir, database, company, queue) and never a
password, key, token, certificate or document content.
"""

from __future__ import annotations

import platform
import sys
from typing import TYPE_CHECKING

from facturador.services.settings import Setting, get_setting, set_setting

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["SUPPORT_EMAIL", "diagnostic_report", "set_support_email", "support_email"]

SUPPORT_EMAIL = Setting("soporte.correo", str, "", "Correo de soporte técnico")


def support_email() -> str:
    return str(get_setting(SUPPORT_EMAIL))


def set_support_email(address: str) -> str:
    """Keep the support address ("" clears it); InvalidEmailError if it is not one."""
    from facturador.services.email import check_address

    address = check_address(address) if address.strip() else ""
    set_setting(SUPPORT_EMAIL, address)
    return address


def diagnostic_report(ctx: Context, extra: dict[str, str] | None = None) -> str:
    """Plain facts for support, one "name: value" per line."""
    from facturador import __version__
    from facturador.services.company_setup import active_company
    from facturador.services.queue_status import queue_summary

    company = active_company(ctx)
    lines = {
        "Facturador": __version__,
        "Python": platform.python_version(),
        "Sistema operativo": f"{platform.system()} {platform.release()} ({platform.machine()})",
        **(extra or {}),
        "Carpeta de datos": str(ctx.data_dir),
        "Base de datos": ctx.engine.dialect.name,
    }
    if company is None:
        lines["Empresa"] = "sin empresa"
    else:
        summary = queue_summary(ctx)
        lines["Empresa (RFC)"] = company.rfc
        lines["PAC"] = f"{company.pac_provider or 'sin configurar'} / "
        lines["PAC"] += company.pac_environment or "pruebas"
        lines["CSD"] = company.no_certificado or "sin instalar"
        lines["Cola"] = (
            f"{summary.en_cola} en cola, {summary.enviando} enviándose, "
            f"{summary.rechazado} rechazados"
        )
    lines["Fecha del informe"] = ctx.now().isoformat(timespec="seconds")
    lines["Plataforma"] = sys.platform
    return "\n".join(f"{key}: {value}" for key, value in lines.items())
