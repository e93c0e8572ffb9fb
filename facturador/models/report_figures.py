"""Storing a document's report figures (sat.figures) beside it, whenever its XML is stored.

Why stored and not read at report time: the reports (services.reports_*) must answer in
under 300 ms over 100,000 documents, which only SQL aggregates do; parsing that many XMLs
takes minutes. The figures are a pure function of the sealed XML, so they are written in the
same transaction that stores (or re-seals) it, and the 0007 migration reads them once for
documents stored before. The stamped XML carries the same figures (the PAC adds the TFD only).

`record_figures` is the ORM path (emission, re-dating); `figure_rows` gives the migration the
same rows as plain storage values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col

from facturador.models.tables import Documento, DocumentoImpuesto, PagoAplicado
from facturador.sat.comprobante import Comprobante
from facturador.sat.errors import FacturadorError
from facturador.sat.figures import DocumentFigures, document_figures
from facturador.sat.xml_reader import parse_comprobante

__all__ = ["figure_rows", "record_figures"]


def record_figures(session: Session, documento: Documento, comprobante: Comprobante) -> None:
    """Set `documento`'s report columns and replace its tax and payment lines (flushes)."""
    assert documento.id is not None, "flush the document first"
    figures = document_figures(comprobante)
    documento.tipo_cambio = figures.tipo_cambio
    documento.metodo_pago = figures.metodo_pago
    documento.importe_mxn = figures.importe_mxn
    documento.total_mxn = figures.total_mxn
    session.execute(
        delete(DocumentoImpuesto).where(col(DocumentoImpuesto.documento_id) == documento.id)
    )
    session.execute(delete(PagoAplicado).where(col(PagoAplicado.documento_id) == documento.id))
    for values in _tax_values(figures):
        session.add(DocumentoImpuesto(documento_id=documento.id, empresa_id=documento.empresa_id,
                                      **values))  # fmt: skip
    for values in _application_values(figures):
        session.add(PagoAplicado(documento_id=documento.id, empresa_id=documento.empresa_id,
                                 **values))  # fmt: skip
    session.flush()


def _tax_values(figures: DocumentFigures) -> list[dict[str, Any]]:
    return [
        {"origen": t.origen, "kind": t.kind, "impuesto": t.impuesto,
         "tipo_factor": t.tipo_factor, "tasa": t.tasa, "base_mxn": t.base_mxn,
         "importe_mxn": t.importe_mxn, "fecha_pago": t.fecha_pago, "uuid_dr": t.uuid_dr}
        for t in figures.taxes
    ]  # fmt: skip


def _application_values(figures: DocumentFigures) -> list[dict[str, Any]]:
    return [
        {"uuid": a.uuid, "moneda": a.moneda, "importe": a.importe, "fecha": a.fecha,
         "num_parcialidad": a.num_parcialidad}
        for a in figures.applications
    ]  # fmt: skip


def figure_rows(
    documento_id: int, empresa_id: int, xml: bytes
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]] | None:
    """The documento columns, tax rows and payment rows of `xml` (for typed Core inserts);
    None for an XML the reader refuses."""
    try:
        figures = document_figures(parse_comprobante(xml))
    except (FacturadorError, ValueError):
        return None
    ids = {"documento_id": documento_id, "empresa_id": empresa_id}
    columns = {
        "tipo_cambio": figures.tipo_cambio,
        "metodo_pago": figures.metodo_pago,
        "importe_mxn": figures.importe_mxn,
        "total_mxn": figures.total_mxn,
    }
    taxes = [{**ids, **row} for row in _tax_values(figures)]
    applications = [{**ids, **row} for row in _application_values(figures)]
    return columns, taxes, applications
