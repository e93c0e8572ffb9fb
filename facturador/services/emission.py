"""`emitir`: from the JSON input (or a stored client and products) to a sealed, queued CFDI.

The document is built with the folio the serie would assign next, checked against SAT's
offline rules, sealed, and the sealed bytes checked against SAT's XSD, all before any folio
is taken: what SAT would refuse is refused here, naming the field, and burns nothing. Then,
in one write transaction, the folio is taken (if another process took that one meanwhile,
the document is sealed again with the new folio), the XML is stored byte-exact and the
document moves BORRADOR -> SELLADO -> EN_COLA with its audit entries. A failure anywhere
rolls the whole transaction back: no folio is burnt, nothing half-stored.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from facturador.models.engine import read_session, write_session
from facturador.models.report_figures import record_figures
from facturador.models.states import DocumentState, transition
from facturador.models.tables import Documento, Empresa
from facturador.sat.build import build_comprobante
from facturador.sat.comprobante import Comprobante
from facturador.sat.credentials import Credential
from facturador.sat.errors import ComprobanteInputError
from facturador.sat.fecha import fecha_expedicion
from facturador.sat.sello import SealedComprobante, seal
from facturador.sat.validation import Finding, validate_rules
from facturador.sat.validation.sealed import check_sealed_xml
from facturador.services import messages
from facturador.services.companies import get_active_company, load_csd
from facturador.services.errors import RulesFailedError
from facturador.services.folios import allocate_folio, ensure_serie, next_folio
from facturador.services.secrets import SecretStore

__all__ = [
    "DEFAULT_SERIE",
    "EmittedDocument",
    "emit",
    "emit_chunks",
    "emit_with",
    "prepare",
    "seal_with_folio",
]

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
    if not isinstance(data, Mapping):
        raise ComprobanteInputError("Comprobante", "debe ser un objeto JSON")
    result = dict(data)
    stated = result.get("Emisor")
    if stated is not None and not isinstance(stated, Mapping):
        raise ComprobanteInputError("Emisor", "debe ser un objeto JSON")
    emisor = dict(stated or {})
    stated_rfc = str(emisor.get("Rfc", empresa.rfc)).strip().upper()
    if stated_rfc != empresa.rfc:
        raise ComprobanteInputError(
            "Emisor.Rfc", f"debe ser el de la empresa activa ({empresa.rfc})"
        )
    emisor.setdefault("Rfc", empresa.rfc)
    emisor.setdefault("Nombre", empresa.nombre)
    emisor.setdefault("RegimenFiscal", empresa.regimen_fiscal)
    result["Emisor"] = emisor
    for key, default in (("LugarExpedicion", empresa.lugar_expedicion), ("Serie", DEFAULT_SERIE)):
        if result.get(key) is None:  # absent, or null in the JSON
            result[key] = default
    return result


def _check_stated_folio(completed: Mapping[str, Any], folio: int) -> None:
    """A Folio in the input must be the one the serie assigns (omitting it is the norm)."""
    stated = completed.get("Folio")
    if stated is None or str(stated).strip() == str(folio):
        return
    raise ComprobanteInputError(
        "Folio",
        messages.FOLIO_MISMATCH.format(stated=stated, serie=completed["Serie"], folio=folio),
    )


def prepare(
    data: Mapping[str, Any],
    empresa: Empresa,
    now: datetime,
    *,
    folio: int | None = None,
    dated: datetime | None = None,
) -> tuple[dict[str, Any], Comprobante]:
    """The completed input and the Comprobante it describes, SAT's offline rules checked.

    With `folio` (the one the serie would assign) the document carries it and a stated
    Folio must agree; without it the folio is left to `_seal_and_queue`. The Fecha is
    `dated` (an aware moment; default `now`) in the LugarExpedicion's time zone.
    """
    completed = _with_company(data, empresa)
    if folio is not None:
        _check_stated_folio(completed, folio)
    fecha = fecha_expedicion(str(completed["LugarExpedicion"]), dated or now)
    shown = None if folio is None else str(folio)
    comprobante = build_comprobante({**completed, "Folio": shown}, fecha=fecha, folio=shown)
    findings = validate_rules(comprobante)
    if folio is None:
        findings = [f for f in findings if not _is_about_folio(f)]
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
    return emit_with(engine, empresa, credential, data, moment, guard)


def emit_with(
    engine: Engine,
    empresa: Empresa,
    credential: Credential,
    data: Mapping[str, Any],
    now: datetime,
    guard: Callable[[Session, dict[str, Any]], None] | None = None,
    *,
    dated: datetime | None = None,
    on_stored: Callable[[Session, Documento], None] | None = None,
) -> EmittedDocument:
    """`emit` with the company and its CSD already loaded (a batch loads them once).
    `dated`: the moment the Fecha states when it is not `now` (a recurring invoice's day);
    `on_stored(session, documento)` runs in the transaction that stores the sealed document,
    before it commits (a recurring invoice records its date there: both or neither)."""
    assert empresa.id is not None
    serie = _with_company(data, empresa)["Serie"]
    with read_session(engine) as session:
        folio = next_folio(session, empresa.id, str(serie))
    completed, comprobante = prepare(data, empresa, now, folio=folio or 1, dated=dated)
    sealed = seal(comprobante, credential)
    check_sealed_xml(sealed.xml)  # SAT's XSD on the exact bytes, before a folio is taken
    return _seal_and_queue(engine, empresa, credential, completed, comprobante, now, guard,
                           presealed=sealed, serie_exists=folio is not None,
                           on_stored=on_stored)  # fmt: skip


def _seal_and_queue(
    engine: Engine,
    empresa: Empresa,
    credential: Credential,
    completed: dict[str, Any],
    comprobante: Comprobante,
    now: datetime,
    guard: Callable[[Session, dict[str, Any]], None] | None = None,
    *,
    presealed: SealedComprobante | None = None,
    serie_exists: bool = False,
    on_stored: Callable[[Session, Documento], None] | None = None,
) -> EmittedDocument:
    """Take the folio, seal (unless `presealed` already carries that folio), store, queue."""
    assert empresa.id is not None
    serie = str(completed["Serie"])
    with write_session(engine) as session:
        if not serie_exists:  # series are never deleted: once seen, it is still there
            ensure_serie(session, empresa.id, serie, comprobante.tipo_de_comprobante)
        folio = allocate_folio(session, empresa.id, serie)
        _check_stated_folio(completed, folio)
        if guard is not None:
            guard(session, completed)
        sealed = _sealed_with(presealed, comprobante, credential, folio)
        emitted = _store(session, empresa, serie, folio, completed, sealed, now,
                         on_stored=on_stored)  # fmt: skip
        session.commit()
        return emitted


def _store(
    session: Session,
    empresa: Empresa,
    serie: str,
    folio: int,
    completed: dict[str, Any],
    sealed: SealedComprobante,
    now: datetime,
    on_stored: Callable[[Session, Documento], None] | None = None,
) -> EmittedDocument:
    """Store the sealed document (its folio taken) and move it to EN_COLA; no commit.
    `on_stored(session, documento)` runs then, in the same transaction."""
    assert empresa.id is not None
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
    record_figures(session, documento, c)
    transition(session, documento, DocumentState.SELLADO, f"Folio {serie}-{folio}", now=now)
    transition(session, documento, DocumentState.EN_COLA, "En espera de timbrado", now=now)
    if on_stored is not None:
        on_stored(session, documento)
    assert documento.id is not None
    return EmittedDocument(
        documento_id=documento.id,
        serie=serie,
        folio=folio,
        total=c.total,
        moneda=c.moneda,
        state=documento.state,
    )


def emit_chunks(
    engine: Engine,
    empresa: Empresa,
    credential: Credential,
    inputs: Sequence[Mapping[str, Any]],
    now: datetime,
    *,
    chunk: int = 50,
) -> Iterator[list[EmittedDocument]]:
    """Emit many documents, in order, `chunk` per write transaction (a batch, the Lote).

    Each chunk is built, checked and sealed with the folios its series would assign next
    (outside any transaction), then stored in one write transaction that takes those folios:
    the documents of a serie get consecutive folios; should another seat take one meanwhile,
    the document is sealed again with the folio it got. What a document's input gets wrong
    raises before its chunk is written: the chunks before it stay emitted, nothing of its
    own chunk is. Yields the documents of each chunk once it is committed.
    """
    assert empresa.id is not None
    upcoming: dict[str, int] = {}
    known: set[str] = set()
    for start in range(0, len(inputs), max(1, chunk)):
        part = inputs[start : start + max(1, chunk)]
        prepared = []
        for data in part:
            serie = str(_with_company(data, empresa)["Serie"])
            if serie not in upcoming:
                with read_session(engine) as session:
                    stated = next_folio(session, empresa.id, serie)
                if stated is not None:
                    known.add(serie)
                upcoming[serie] = stated or 1
            folio = upcoming[serie]
            upcoming[serie] = folio + 1
            completed, comprobante = prepare(data, empresa, now, folio=folio)
            sealed = seal(comprobante, credential)
            check_sealed_xml(sealed.xml)
            prepared.append((serie, completed, comprobante, sealed))
        with write_session(engine) as session:
            done = []
            for serie, completed, comprobante, sealed in prepared:
                if serie not in known:
                    ensure_serie(session, empresa.id, serie, comprobante.tipo_de_comprobante)
                    known.add(serie)
                folio = allocate_folio(session, empresa.id, serie)
                _check_stated_folio(completed, folio)
                final = _sealed_with(sealed, comprobante, credential, folio)
                done.append(_store(session, empresa, serie, folio, completed, final, now))
                upcoming[serie] = folio + 1
            session.commit()
        yield done


def _sealed_with(
    presealed: SealedComprobante | None,
    comprobante: Comprobante,
    credential: Credential,
    folio: int,
) -> SealedComprobante:
    if presealed is not None and presealed.comprobante.folio == str(folio):
        return presealed
    return seal_with_folio(comprobante, credential, folio)


def seal_with_folio(
    comprobante: Comprobante, credential: Credential, folio: int | str | None
) -> SealedComprobante:
    """The one way a document is sealed for its folio (a new emission, the correction of a
    rejected one, a re-dating): the seal, then SAT's XSD on the exact bytes."""
    sealed = seal(
        dataclasses.replace(comprobante, folio=None if folio is None else str(folio)), credential
    )
    check_sealed_xml(sealed.xml)
    return sealed
