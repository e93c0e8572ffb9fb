"""Correcting a rejected document: the corrected input sealed again with its own serie and
folio (RECHAZADO -> SELLADO -> EN_COLA, docs/architecture.md), so no folio is lost or skipped.

A rejection is a definite answer (the PAC refused those bytes): new bytes for the folio cannot
make a second CFDI.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from facturador.models.engine import read_session, write_session
from facturador.models.report_figures import record_figures
from facturador.models.states import DocumentState, transition
from facturador.models.tables import Documento
from facturador.services.companies import get_active_company, load_csd
from facturador.services.emission import prepare, seal_with_folio
from facturador.services.errors import NotFoundError
from facturador.services.secrets import SecretStore

__all__ = ["reissue"]

S = DocumentState


def reissue(
    engine: Engine,
    documento_id: int,
    data: Mapping[str, Any],
    *,
    secrets: SecretStore,
    now: datetime,
) -> None:
    """Seal `data` (the corrected input) with the rejected document's serie and folio."""
    with read_session(engine) as session:
        empresa = get_active_company(session)
        doc = session.get(Documento, documento_id)
        if doc is None or doc.empresa_id != empresa.id or doc.state != S.RECHAZADO:
            raise NotFoundError("documento", documento_id)
        serie, folio, code = doc.serie, doc.folio, doc.last_error_code
    credential = load_csd(empresa, secrets, now)
    completed, comprobante = prepare({**data, "Serie": serie}, empresa, now)
    sealed = seal_with_folio(comprobante, credential, folio)
    c = sealed.comprobante
    with write_session(engine) as session:
        doc = session.get(Documento, documento_id)
        if doc is None or doc.state != S.RECHAZADO:
            raise NotFoundError("documento", documento_id)  # another seat got there first
        doc.fecha, doc.total, doc.moneda = c.fecha, c.total, c.moneda
        doc.rfc_receptor, doc.nombre_receptor = c.receptor.rfc, c.receptor.nombre
        doc.input_json = json.dumps(completed, ensure_ascii=False, default=str)
        doc.sealed_xml, doc.stamped_xml = sealed.xml, None
        doc.last_error_code = doc.last_error_message = None
        doc.attempts, doc.next_attempt_at, doc.may_be_stamped = 0, None, False
        record_figures(session, doc, c)  # the reports count the corrected figures
        detail = f"Corregido tras el rechazo {code}; sellado de nuevo con el folio {folio}"
        transition(session, doc, S.SELLADO, detail, now=now)
        transition(session, doc, S.EN_COLA, "En espera de timbrado", now=now)
        session.commit()
