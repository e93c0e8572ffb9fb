"""The Fecha of a CFDI: local time at LugarExpedicion, from its c_CodigoPostal time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from facturador.sat.catalogs import Catalogs, default_catalogs
from facturador.sat.errors import CatalogError

__all__ = ["fecha_expedicion", "zona_horaria"]

# c_CodigoPostal's "huso" descriptions -> IANA zones (the border ones follow US daylight saving).
_ZONES = {
    "Tiempo del Centro": "America/Mexico_City",
    "Tiempo del Centro en Frontera": "America/Matamoros",
    "Tiempo del Noroeste": "America/Tijuana",
    "Tiempo del Pacífico": "America/Mazatlan",
    "Tiempo del Sureste": "America/Cancun",
}


def zona_horaria(codigo_postal: str, catalogs: Catalogs | None = None) -> ZoneInfo:
    entry = (catalogs or default_catalogs()).codigo_postal(codigo_postal)
    if entry is None:
        raise CatalogError("c_CodigoPostal", codigo_postal)
    return ZoneInfo(_ZONES.get(str(entry.extra.get("huso_descripcion")), "America/Mexico_City"))


def fecha_expedicion(
    lugar_expedicion: str, now: datetime | None = None, catalogs: Catalogs | None = None
) -> datetime:
    """`now` (aware; default: the clock) as naive local time of the place of issue, to seconds."""
    moment = now or datetime.now(UTC)
    local = moment.astimezone(zona_horaria(lugar_expedicion, catalogs))
    return local.replace(tzinfo=None, microsecond=0)
