"""Queries the services share; dialect-neutral and backed by the indexes in `tables`."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import Session, col, select

from facturador.models.tables import AuditEntry, Documento, Empresa

__all__ = [
    "DocumentFilter",
    "active_empresa",
    "audit_of",
    "count_documents",
    "empresa_by_rfc",
    "list_documents",
    "search_key",
]

SortKey = Literal["fecha", "total", "rfc_receptor", "state", "folio"]


def search_key(*parts: str | None) -> str:
    """Upper case without accents (Ñ kept), for case- and accent-insensitive LIKE search."""
    text = " ".join(part for part in parts if part)
    text = text.upper().replace("Ñ", "\0")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text.replace("\0", "Ñ")


def empresa_by_rfc(session: Session, rfc: str) -> Empresa | None:
    return session.exec(select(Empresa).where(Empresa.rfc == rfc.strip().upper())).first()


def active_empresa(session: Session) -> Empresa | None:
    return session.exec(select(Empresa).where(col(Empresa.active).is_(True))).first()


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentFilter:
    """Which documents `facturador registros` and Registros list; empty values filter
    nothing. `empresa_id` None: the caller fills in the active company's."""

    empresa_id: int | None = None
    states: Sequence[str] = ()
    tipo: str = ""
    rfc_receptor: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    min_total: Decimal | None = None
    max_total: Decimal | None = None
    text: str = ""  # name, RFC, UUID, or a folio ("A-15", "15")


def _text_condition(text: str) -> Any:
    like = f"%{search_key(text)}%"
    # Names, RFC and UUID are stored in upper case (SAT writes them so): LIKE on the search
    # key needs no lower() per row (SQLite's LIKE ignores ASCII case anyway).
    conditions: list[ColumnElement[bool]] = [
        col(Documento.nombre_receptor).like(like),
        col(Documento.rfc_receptor).like(like),
        col(Documento.uuid).like(like),
    ]
    folio = text.rpartition("-")[2]
    if folio.isdigit():
        conditions.append(col(Documento.folio) == int(folio))
    return or_(*conditions)


def _where(query: Any, flt: DocumentFilter) -> Any:
    assert flt.empresa_id is not None, "the active company's id is filled in by the caller"
    query = query.where(Documento.empresa_id == flt.empresa_id)
    if flt.states:
        query = query.where(col(Documento.state).in_(list(flt.states)))
    if flt.tipo:
        query = query.where(Documento.tipo == flt.tipo)
    if flt.rfc_receptor and flt.rfc_receptor.strip():
        query = query.where(Documento.rfc_receptor == flt.rfc_receptor.strip().upper())
    if flt.text.strip():
        query = query.where(_text_condition(flt.text.strip()))
    if flt.since is not None:
        query = query.where(col(Documento.fecha) >= flt.since)
    if flt.until is not None:
        query = query.where(col(Documento.fecha) < flt.until)
    if flt.min_total is not None:
        query = query.where(col(Documento.total) >= flt.min_total)
    if flt.max_total is not None:
        query = query.where(col(Documento.total) <= flt.max_total)
    return query


def list_documents(
    session: Session,
    flt: DocumentFilter,
    *,
    order_by: SortKey = "fecha",
    descending: bool = True,
    limit: int = 200,
    offset: int = 0,
) -> list[Documento]:
    """One page of documents; the XML columns are not loaded (they are large)."""
    from sqlalchemy.orm import defer

    column = col(getattr(Documento, order_by))
    ordering = [column.desc(), col(Documento.id).desc()] if descending else [column, Documento.id]
    query = _where(select(Documento), flt).order_by(*ordering).offset(offset).limit(limit)
    query = query.options(
        defer(Documento.sealed_xml),  # type: ignore[arg-type]
        defer(Documento.stamped_xml),  # type: ignore[arg-type]
        defer(Documento.input_json),  # type: ignore[arg-type]
    )
    return list(session.exec(query))


def count_documents(session: Session, flt: DocumentFilter) -> int:
    return int(session.exec(_where(select(func.count(col(Documento.id))), flt)).one())


def audit_of(session: Session, documento_id: int) -> list[AuditEntry]:
    query = (
        select(AuditEntry)
        .where(AuditEntry.documento_id == documento_id)
        .order_by(col(AuditEntry.at), col(AuditEntry.id))
    )
    return list(session.exec(query))
