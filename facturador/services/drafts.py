"""Drafts: BORRADOR `Documento` rows holding the Generar form's JSON input (`input_json`),
no XML and no folio (drafts never burn folios). They show in Registros as "Borrador" and
open back in Generar CFDI; issuing a draft deletes it once the sealed document exists."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from facturador.models.states import DocumentState
from facturador.models.tables import Documento

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["delete_draft", "save_draft"]


def _local_now(ctx: Context, lugar: str) -> datetime:
    """The moment in the LugarExpedicion's time zone (the form's Fecha), to sort it on top."""
    from facturador.sat.errors import FacturadorError
    from facturador.sat.fecha import fecha_expedicion

    try:
        return fecha_expedicion(lugar, ctx.now())
    except (FacturadorError, ValueError, KeyError):
        return ctx.now().replace(tzinfo=None, microsecond=0)


def save_draft(ctx: Context, data: Mapping[str, Any], draft_id: int | None = None) -> int:
    """Keep the form as a draft of the active company (a new one, or `draft_id` updated)."""
    receptor = data.get("Receptor") or {}
    tipo = str(data.get("TipoDeComprobante", "I"))
    with ctx.write() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        doc = session.get(Documento, draft_id) if draft_id is not None else None
        if doc is None or doc.state != DocumentState.BORRADOR or doc.empresa_id != empresa.id:
            doc = Documento(empresa_id=empresa.id, tipo=tipo)
        doc.tipo = tipo
        doc.rfc_receptor = str(receptor.get("Rfc", ""))[:13]
        doc.nombre_receptor = str(receptor.get("Nombre", ""))
        doc.moneda = str(data.get("Moneda", "MXN"))[:3]
        doc.input_json = json.dumps(data, ensure_ascii=False, default=str)
        doc.fecha = _local_now(ctx, str(data.get("LugarExpedicion", "")))
        doc.updated_at = ctx.now()
        session.add(doc)
        session.commit()
        assert doc.id is not None
        return int(doc.id)


def delete_draft(ctx: Context, draft_id: int) -> None:
    """Delete the active company's draft `draft_id`; anything else is left alone."""
    with ctx.write() as session:
        doc = session.get(Documento, draft_id)
        empresa_id = ctx.active_company(session).id
        if doc is not None and doc.state == DocumentState.BORRADOR and doc.empresa_id == empresa_id:
            session.delete(doc)
            session.commit()
