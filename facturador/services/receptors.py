"""The two generic receptors of Anexo 20: the público en general and the foreigner.

An Ingreso to XAXX010101000 named «PUBLICO EN GENERAL» is a CFDI global: it carries
InformacionGlobal, the period it covers (SAT's CFDI40130). `periodicidades`, `meses` and
`anios` are what may go in it: c_Periodicidad (05, bimestral, only for an emisor in régimen
621: CFDI40132), c_Meses 01–12 for periodicidades 01–04 and 13–18 for 05 (CFDI40134/40135),
and the year of the document or the one before (CFDI40136). An XAXX010101000 with the
customer's own name is a sale with a named customer and takes none.

A client with the generic RFC for foreigners, XEXX010101000, may have its ResidenciaFiscal
and NumRegIdTrib (catalog_data.check_extranjero); `foreign_ids` gives them, in Anexo 20's
names, for the Receptor of a document to that client.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.engine import Engine

from facturador.models.engine import read_session
from facturador.sat.catalogs import default_catalogs
from facturador.sat.errors import CatalogError
from facturador.sat.fecha import fecha_expedicion
from facturador.sat.rfc import PUBLICO_EN_GENERAL, RFC_EXTRANJERO, is_publico_en_general
from facturador.services.catalog_data import get_client

__all__ = [
    "BIMESTRAL",
    "PUBLICO_EN_GENERAL",
    "anios",
    "default_meses",
    "fecha_local",
    "foreign_ids",
    "meses",
    "needs_informacion_global",
    "periodicidades",
]

BIMESTRAL = "05"
REGIMEN_BIMESTRAL = "621"  # Incorporación Fiscal: the only one that may report by bimester
_MESES = tuple(f"{m:02d}" for m in range(1, 13))
_BIMESTRES = tuple(str(m) for m in range(13, 19))


def needs_informacion_global(receptor: Mapping[str, str], tipo: str) -> bool:
    """True for an Ingreso to XAXX010101000 «PUBLICO EN GENERAL»: a CFDI global."""
    rfc = str(receptor.get("Rfc", ""))
    return tipo == "I" and is_publico_en_general(rfc, str(receptor.get("Nombre", "")))


@functools.cache
def _described(catalog: str, claves: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    catalogs = default_catalogs()
    entries = ((clave, catalogs.entry(catalog, clave)) for clave in claves)
    return tuple((clave, entry.descripcion if entry else clave) for clave, entry in entries)


def periodicidades(regimen_fiscal: str) -> tuple[tuple[str, str], ...]:
    """(clave, descripción) of c_Periodicidad that an emisor in this régimen may use."""
    claves = ("01", "02", "03", "04") + (
        (BIMESTRAL,) if regimen_fiscal == REGIMEN_BIMESTRAL else ()
    )
    return _described("c_Periodicidad", claves)


def meses(periodicidad: str) -> tuple[tuple[str, str], ...]:
    """(clave, descripción) of c_Meses allowed with this Periodicidad."""
    return _described("c_Meses", _BIMESTRES if periodicidad == BIMESTRAL else _MESES)


def default_meses(periodicidad: str, now: datetime) -> str:
    """The month (or bimester, for 05) of `now`."""
    if periodicidad == BIMESTRAL:
        return str(13 + (now.month - 1) // 2)
    return f"{now.month:02d}"


def fecha_local(lugar_expedicion: str, now: datetime) -> datetime:
    """`now` as the document's Fecha will read it: local time at LugarExpedicion."""
    try:
        return fecha_expedicion(lugar_expedicion, now)
    except CatalogError:
        return now.replace(tzinfo=None)


def anios(now: datetime) -> tuple[str, str]:
    """The years InformacionGlobal/@Año may have: this one and the one before."""
    return str(now.year), str(now.year - 1)


def foreign_ids(engine: Engine, empresa_id: int, cliente_id: int) -> dict[str, str]:
    """ResidenciaFiscal and NumRegIdTrib of a foreign client, those it has (else empty)."""
    with read_session(engine) as session:
        cliente = get_client(session, empresa_id, cliente_id)
        if cliente.rfc != RFC_EXTRANJERO:
            return {}
        values = {
            "ResidenciaFiscal": cliente.residencia_fiscal,
            "NumRegIdTrib": cliente.num_reg_id_trib,
        }
    return {name: value for name, value in values.items() if value}
