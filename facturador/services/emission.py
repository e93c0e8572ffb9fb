"""`emitir`: from the JSON input (or a stored client and products) to a sealed, queued CFDI.

The document is built and checked against SAT's offline rules first; only then, in one write
transaction, the folio is taken, the XML sealed with the active company's CSD and stored
byte-exact, and the document moves BORRADOR -> SELLADO -> EN_COLA with its audit entries.
A failure anywhere rolls the whole transaction back: no folio is burnt, nothing half-stored.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from facturador.models.engine import read_session, write_session
from facturador.models.states import DocumentState, transition
from facturador.models.tables import Documento, Empresa
from facturador.sat.build import build_comprobante
from facturador.sat.comprobante import Comprobante
from facturador.sat.credentials import Credential
from facturador.sat.errors import ComprobanteInputError
from facturador.sat.fecha import fecha_expedicion
from facturador.sat.sello import seal
from facturador.sat.validation import Finding, validate_rules
from facturador.services.companies import get_active_company, load_csd
from facturador.services.errors import RulesFailedError
from facturador.services.folios import allocate_folio, ensure_serie
from facturador.services.secrets import SecretStore

__all__ = ["DEFAULT_SERIE", "EmittedDocument", "emit", "prepare"]

DEFAULT_SERIE = "A"


@dataclass(frozen=True, slots=True, kw_only=True)
class EmittedDocument:
    documento_id: int
    serie: str
    folio: int
    total: Decimal
    moneda: str
    state: str


def _with_company(data: Mapping[str, Any], empresa: Empresa) -> dict[str, Any]:
    """The input with the company's Emisor and LugarExpedicion filled in where missing."""
    result = dict(data)
    emisor = dict(result.get("Emisor") or {})
    stated_rfc = str(emisor.get("Rfc", empresa.rfc)).strip().upper()
    if stated_rfc != empresa.rfc:
        raise ComprobanteInputError(
            "Emisor.Rfc", f"debe ser el de la empresa activa ({empresa.rfc})"
        )
    emisor.setdefault("Rfc", empresa.rfc)
    emisor.setdefault("Nombre", empresa.nombre)
    emisor.setdefault("RegimenFiscal", empresa.regimen_fiscal)
    result["Emisor"] = emisor
    result.setdefault("LugarExpedicion", empresa.lugar_expedicion)
    result.setdefault("Serie", DEFAULT_SERIE)
    return result


def prepare(
    data: Mapping[str, Any], empresa: Empresa, now: datetime
) -> tuple[dict[str, Any], Comprobante]:
    """The completed input and the Comprobante it describes (no folio yet), rules checked."""
    completed = _with_company(data, empresa)
    fecha = fecha_expedicion(str(completed["LugarExpedicion"]), now)
    comprobante = build_comprobante(completed, fecha=fecha, folio="0")
    findings = [f for f in validate_rules(comprobante) if not _is_about_folio(f)]
    if findings:
        raise RulesFailedError(tuple(findings))
    return completed, comprobante


def _is_about_folio(finding: Finding) -> bool:
    return finding.ruta.endswith("/@Folio")


def emit(
    engine: Engine,
    data: Mapping[str, Any],
    *,
    secrets: SecretStore,
    now: datetime | None = None,
    password: str | None = None,
    guard: Callable[[Session, dict[str, Any]], None] | None = None,
) -> EmittedDocument:
    """Store, seal with the active company's CSD and queue the document the input describes.

    `guard(session, completed_input)` runs inside the write transaction, once the folio is
    taken (which serializes emissions of the serie): what it raises undoes everything, folio
    included.
    """
    moment = now or datetime.now(UTC)
    with read_session(engine) as session:
        empresa = get_active_company(session)
        credential = load_csd(empresa, secrets, moment, password)
    completed, comprobante = prepare(data, empresa, moment)
    return _seal_and_queue(engine, empresa, credential, completed, comprobante, moment, guard)


def _seal_and_queue(
    engine: Engine,
    empresa: Empresa,
    credential: Credential,
    completed: dict[str, Any],
    comprobante: Comprobante,
    now: datetime,
    guard: Callable[[Session, dict[str, Any]], None] | None = None,
) -> EmittedDocument:
    assert empresa.id is not None
    serie = str(completed["Serie"])
    with write_session(engine) as session:
        ensure_serie(session, empresa.id, serie, comprobante.tipo_de_comprobante)
        folio = allocate_folio(session, empresa.id, serie)
        if guard is not None:
            guard(session, completed)
        sealed = seal(dataclasses.replace(comprobante, folio=str(folio)), credential)
        c = sealed.comprobante
        documento = Documento(
            empresa_id=empresa.id,
            tipo=c.tipo_de_comprobante,
            serie=serie,
            folio=folio,
            fecha=c.fecha,
            rfc_receptor=c.receptor.rfc,
            nombre_receptor=c.receptor.nombre,
            total=c.total,
            moneda=c.moneda,
            input_json=json.dumps(completed, ensure_ascii=False, default=str),
            sealed_xml=sealed.xml,
        )
        session.add(documento)
        session.flush()
        transition(session, documento, DocumentState.SELLADO, f"Folio {serie}-{folio}", now=now)
        transition(session, documento, DocumentState.EN_COLA, "En espera de timbrado", now=now)
        session.commit()
        assert documento.id is not None
        return EmittedDocument(
            documento_id=documento.id,
            serie=serie,
            folio=folio,
            total=c.total,
            moneda=c.moneda,
            state=documento.state,
        )
