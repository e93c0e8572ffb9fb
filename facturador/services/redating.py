"""SAT's 72-hour window: how old a document is, and re-dating it (same serie and folio).

A PAC stamps a CFDI only while its Fecha is less than 72 hours old (and not in the future).
The queue re-dates on its own only a document none of whose sends can have reached a PAC
(`Documento.may_be_stamped` is false): new bytes for a folio that no PAC has seen cannot make
a second CFDI. A document that may be stamped keeps its bytes; once the window has closed it
waits in POSIBLEMENTE_TIMBRADO, and only the user can decide to seal it again
(`redate_document(..., confirmed=True)`), as for a document the PAC rejected for its Fecha.

Time: the PAC's clock decides, not this computer's. `trusted_now` corrects the local clock by
the offset the PAC's last answer showed (its HTTP Date header) when that is off by more than
`CLOCK_TOLERANCE`, so a computer whose clock is days ahead does not date documents into the
future.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from facturador.models.engine import write_session
from facturador.models.report_figures import record_figures
from facturador.models.states import DocumentState, transition
from facturador.models.tables import Documento, Empresa
from facturador.sat.build import build_comprobante
from facturador.sat.credentials import Credential
from facturador.sat.errors import CatalogError, FacturadorError
from facturador.sat.fecha import fecha_expedicion, zona_horaria
from facturador.sat.xml_reader import parse_comprobante
from facturador.services import messages
from facturador.services.secrets import SecretStore

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.views import DocumentRow

__all__ = [
    "CLOCK_TOLERANCE",
    "DATE_WINDOW_CODES",
    "NEAR_LIMIT",
    "REDATE_AFTER",
    "WINDOW",
    "RedateRefusedError",
    "Resealed",
    "age",
    "redate",
    "redate_document",
    "redate_for_company",
    "reseal",
    "trusted_now",
]

S = DocumentState
REDATE_AFTER = timedelta(hours=70)  # re-date on our own this early: SAT allows 72 h
WINDOW = timedelta(hours=72)
# A waiting document this old has less than a day before the 72 h close: the user is told.
NEAR_LIMIT = timedelta(hours=48)
CLOCK_TOLERANCE = timedelta(minutes=5)
# The PAC's codes for "Fecha outside the 72-hour window" (Finkok and SW say 401).
DATE_WINDOW_CODES = frozenset({"401"})

_LUGAR = re.compile(rb'\sLugarExpedicion="(\d{5})"')


def trusted_now(local: datetime, offset: timedelta | None) -> datetime:
    """The PAC's time when its clock is known to differ from ours by more than a few minutes."""
    if offset is None or abs(offset) <= CLOCK_TOLERANCE:
        return local
    return local + offset


def age(fecha: datetime, sealed_xml: bytes, fallback_lugar: str, now: datetime) -> timedelta:
    """How old a Fecha (naive, local time of LugarExpedicion) is at the aware `now`."""
    match = _LUGAR.search(sealed_xml)
    lugar = match.group(1).decode("ascii") if match else fallback_lugar
    try:
        zone = zona_horaria(lugar)
    except CatalogError:
        zone = zona_horaria("06000")  # Mexico City
    return now - fecha.replace(tzinfo=zone)


@dataclass(frozen=True, slots=True)
class Resealed:
    xml: bytes
    fecha: datetime  # naive, as written in the XML


def reseal(input_json: str, folio: int | None, credential: Credential, now: datetime) -> Resealed:
    """The document built again from its input, dated `now`, same folio, sealed."""
    data = json.loads(input_json, parse_float=Decimal)
    fecha = fecha_expedicion(str(data["LugarExpedicion"]), now)
    from facturador.services.emission import seal_with_folio

    sealed = seal_with_folio(build_comprobante(data, fecha=fecha), credential, folio)
    return Resealed(sealed.xml, sealed.comprobante.fecha)


class RedateRefusedError(FacturadorError):
    """The user asked to re-date a document that must not (or cannot) be re-dated."""

    def __init__(self, reason: str, name: str) -> None:
        super().__init__(reason, name)
        self.reason = reason
        self.name = name

    @property
    def message(self) -> str:
        return messages.REDATE_REFUSALS[self.reason].format(name=self.name)


def redate_document(
    engine: Engine,
    documento_id: int,
    credential: Credential,
    now: datetime,
    *,
    confirmed: bool = False,
) -> Resealed:
    """Re-date and re-seal a document the user chose (same serie and folio), and queue it.

    Allowed for a document the PAC rejected for its Fecha, and for one that may be stamped
    (POSIBLEMENTE_TIMBRADO) only with `confirmed`: the user has checked with the PAC or the
    SAT that the earlier bytes were not stamped, since a second CFDI would otherwise exist.
    """
    with write_session(engine) as session:
        documento = session.get(Documento, documento_id)
        if documento is None:
            raise RedateRefusedError("not_found", str(documento_id))
        name = f"{documento.serie or ''}-{documento.folio}"
        state = DocumentState(documento.state)
        if state is S.POSIBLEMENTE_TIMBRADO:
            if not confirmed:
                raise RedateRefusedError("needs_confirmation", name)
        elif state is not S.RECHAZADO or documento.last_error_code not in DATE_WINDOW_CODES:
            raise RedateRefusedError("not_for_date", name)
        if documento.input_json is None:
            raise RedateRefusedError("no_input", name)
        resealed = reseal(documento.input_json, documento.folio, credential, now)
        why = (
            "el usuario confirmó que no quedó timbrado"
            if state is S.POSIBLEMENTE_TIMBRADO
            else "rechazado por la fecha"
        )
        transition(
            session,
            documento,
            S.SELLADO,
            f"Re-fechado a petición del usuario ({why}): Fecha {documento.fecha} → "
            f"{resealed.fecha}; sellado de nuevo, serie y folio {name} conservados",
            now=now,
        )
        documento.sealed_xml = resealed.xml
        documento.fecha = resealed.fecha
        record_figures(session, documento, parse_comprobante(resealed.xml))
        documento.may_be_stamped = False
        documento.attempts = 0
        documento.next_attempt_at = None
        documento.last_error_code = None
        documento.last_error_message = None
        transition(session, documento, S.EN_COLA, "En espera de timbrado (re-fechado)", now=now)
        session.commit()
    return resealed


def redate_for_company(
    engine: Engine,
    empresa: Empresa,
    documento_id: int,
    secrets: SecretStore,
    now: datetime,
    *,
    data_dir: Path,
    password: str | None = None,
    confirmed: bool = False,
) -> Resealed:
    """`redate_document` with the company's CSD (its password from `secrets` unless given)
    and dated by the PAC's clock when this computer's is known to be off (pac_clock)."""
    from facturador.services.companies import load_csd
    from facturador.services.pac_clock import known_clock_offset

    credential = load_csd(empresa, secrets, now, password)
    moment = trusted_now(now, known_clock_offset(data_dir))
    return redate_document(engine, documento_id, credential, moment, confirmed=confirmed)


def redate(ctx: Context, documento_id: int, confirmed: bool = False) -> DocumentRow:
    """Fechar de nuevo (Registros' action) the active company's document, dated by the
    PAC's clock."""
    from facturador.services import registry

    redate_for_company(
        ctx.engine, ctx.company(), documento_id, ctx.secrets, ctx.now(),
        data_dir=ctx.data_dir, confirmed=confirmed,
    )  # fmt: skip
    return registry.row(ctx, documento_id)
