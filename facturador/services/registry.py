"""The active company's documents as Registros and `facturador registros` list them: one
query builder (`repositories.DocumentFilter`), rows as views, a document's detail, its XML
and its PDF."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

from facturador.models.repositories import DocumentFilter, count_documents, list_documents
from facturador.services.views import DocumentDetail, DocumentRow, document_row

if TYPE_CHECKING:
    from sqlmodel import Session

    from facturador.models.tables import Documento
    from facturador.services.context import Context

__all__ = [
    "PAGE_SIZE",
    "DocumentFilter",
    "count",
    "detail",
    "document_pdf",
    "document_xml",
    "documents",
    "file_stem",
    "row",
]

PAGE_SIZE = 200


def _of_active(ctx: Context, session: Session, flt: DocumentFilter) -> DocumentFilter:
    return dataclasses.replace(flt, empresa_id=ctx.active_company(session).id)


def documents(
    ctx: Context, flt: DocumentFilter, offset: int = 0, limit: int = PAGE_SIZE
) -> list[DocumentRow]:
    """One page of the active company's documents, newest first."""
    with ctx.read() as session:
        found = list_documents(session, _of_active(ctx, session, flt), limit=limit, offset=offset)
        return [document_row(doc) for doc in found]


def count(ctx: Context, flt: DocumentFilter) -> int:
    with ctx.read() as session:
        return count_documents(session, _of_active(ctx, session, flt))


def _document(ctx: Context, session: Session, documento_id: int) -> Documento:
    """The active company's document `documento_id` (NotFoundError if none)."""
    from facturador.models.tables import Documento
    from facturador.services.errors import NotFoundError

    doc = session.get(Documento, documento_id)
    if doc is None or doc.empresa_id != ctx.active_company(session).id:
        raise NotFoundError("documento", documento_id)
    return doc


def row(ctx: Context, documento_id: int) -> DocumentRow:
    with ctx.read() as session:
        return document_row(_document(ctx, session, documento_id))


def detail(ctx: Context, documento_id: int) -> DocumentDetail:
    """The row, its JSON input (to duplicate or fix it) and, if rejected, what to fix."""
    from facturador.pac.messages import explain

    with ctx.read() as session:
        doc = _document(ctx, session, documento_id)
        data = json.loads(doc.input_json) if doc.input_json else None
        found = document_row(doc)
    title = solution = ""
    if found.state == "RECHAZADO":
        title, solution = explain(found.last_error_code)
    return DocumentDetail(row=found, input_data=data, fix_title=title, fix_solution=solution)


def document_xml(ctx: Context, documento_id: int) -> bytes:
    """The stamped XML, or the sealed one while it waits for the PAC."""
    from facturador.services.errors import NotFoundError

    with ctx.read() as session:
        doc = _document(ctx, session, documento_id)
        if not (doc.stamped_xml or doc.sealed_xml):
            raise NotFoundError("documento", documento_id)
        return bytes(doc.stamped_xml or doc.sealed_xml or b"")


def document_pdf(ctx: Context, documento_id: int) -> bytes:
    from facturador.pdf import render_pdf

    cancelado = row(ctx, documento_id).state == "CANCELADO"
    xml = document_xml(ctx, documento_id)
    return bytes(render_pdf(xml, estado="cancelado" if cancelado else "vigente"))


def file_stem(found: DocumentRow) -> str:
    """The name its XML and PDF are saved under: RFC_SERIEFOLIO_UUID8."""
    name = f"{found.serie or ''}{found.folio or found.id}"
    return f"{found.rfc_receptor}_{name}_{(found.uuid or '')[:8]}"
