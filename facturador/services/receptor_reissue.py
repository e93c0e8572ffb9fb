"""A document the PAC rejected for its receptor's data, sealed again with the client's
corrected data: same serie and folio (`reissue`), in one flow.

SAT's rules CFDI40143–CFDI40161 are about the receptor (RFC in SAT's list, the name, the
código postal, the régimen, the UsoCFDI for it). The user updates the client (imports its
Constancia de Situación Fiscal, or edits it); `reseal_with_client` then takes the rejected
document's input, puts the client's current Rfc, Nombre, DomicilioFiscalReceptor,
RegimenFiscalReceptor and UsoCFDI (and a foreigner's ids) in its Receptor, runs the
pre-flight (what the client's Constancia contradicts is refused, nothing sealed) and seals
it again with its serie and folio, queued (RECHAZADO -> SELLADO -> EN_COLA).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from facturador.services.errors import ReceptorMismatchError, ReceptorUpdateError
from facturador.services.receptor_check import preflight
from facturador.services.views import ClientInfo, DocumentRow

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["is_receptor_rejection", "receptor_rejection_text", "reseal_with_client"]

_CODE = re.compile(r"CFDI40(\d{3})")
FIRST, LAST = 143, 161  # CFDI40143 … CFDI40161: the Receptor's rules


def is_receptor_rejection(code: str | None) -> bool:
    """True for a PAC's rejection code about the receptor's data (CFDI40143–CFDI40161)."""
    match = _CODE.search(code or "")
    return match is not None and FIRST <= int(match.group(1)) <= LAST


def receptor_rejection_text(code: str | None) -> str | None:
    """What the error screen says of such a rejection (None for any other)."""
    from facturador.services import messages_receptor

    if not is_receptor_rejection(code):
        return None
    return messages_receptor.RECEPTOR_REJECTION.format(codigo=code)


def _client(ctx: Context, empresa_id: int, doc: Any, client_id: int | None) -> ClientInfo:
    from sqlmodel import select

    from facturador.models.tables import Cliente
    from facturador.services.views import client_info

    with ctx.read() as session:
        if client_id is not None:
            row = session.get(Cliente, client_id)
            rows = [row] if row is not None and row.empresa_id == empresa_id else []
        else:
            rows = list(
                session.exec(
                    select(Cliente).where(
                        Cliente.empresa_id == empresa_id, Cliente.rfc == doc.rfc_receptor
                    )
                ).all()
            )
        if not rows:
            raise ReceptorUpdateError("no_client", rfc=doc.rfc_receptor)
        same_name = [r for r in rows if r.nombre == doc.nombre_receptor]
        return client_info((same_name or rows)[0])


def reseal_with_client(
    ctx: Context, documento_id: int, client_id: int | None = None
) -> DocumentRow:
    """Seal the rejected document again (same serie and folio) with its client's current
    data: the client `client_id`, else the one with the document's RFC (and name)."""
    from facturador.models.states import DocumentState
    from facturador.models.tables import Documento
    from facturador.services.errors import NotFoundError
    from facturador.services.issuing import issue
    from facturador.services.receptors import foreign_ids

    with ctx.read() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        doc = session.get(Documento, documento_id)
        if doc is None or doc.empresa_id != empresa.id:
            raise NotFoundError("documento", documento_id)
        name = f"{doc.serie or ''}-{doc.folio}"
        if doc.state != DocumentState.RECHAZADO:
            raise ReceptorUpdateError("not_rejected", name=name)
        if not is_receptor_rejection(doc.last_error_code):
            raise ReceptorUpdateError("not_receptor", name=name)
        data: dict[str, Any] = json.loads(doc.input_json or "{}")
    client = _client(ctx, empresa.id, doc, client_id)
    receptor = {
        "Rfc": client.rfc,
        "Nombre": client.nombre,
        "DomicilioFiscalReceptor": client.domicilio_fiscal_receptor,
        "RegimenFiscalReceptor": client.regimen_fiscal_receptor,
        "UsoCFDI": client.uso_cfdi,
        **foreign_ids(ctx.engine, empresa.id, client.id),
    }
    data["Receptor"] = receptor
    checked = preflight(data, client)
    if checked.findings:
        raise ReceptorMismatchError(checked.findings)
    return issue(ctx, data, rejected_id=documento_id)
