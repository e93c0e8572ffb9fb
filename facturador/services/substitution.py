"""Substituting a wrong CFDI (cancellation motivo 01), exactly as users are told (SAT FAQ,
pac-protocols.md §5.1):

1. issue the correct invoice with CfdiRelacionados TipoRelacion "04" pointing at the wrong one
   (added here when the input lacks it), sealed and queued by `emit`;
2. queue the cancellation of the wrong one with motivo 01 and FolioSustitucion = the new UUID.

Offline the new invoice has no UUID yet, so step 2 stores a pending link: the wrong document
goes to CANCELACION_EN_COLA with a motivo 01 request whose `sustituto_id` is the new document
("sustitución pendiente de <id>" in its history). The cancellation pass sends it only once the
new document is TIMBRADO and its UUID known (services.cancellation).

The wrong document is checked before anything is stored. If the process stops between the
two steps, the new invoice stays queued without the link; `cancelar UUID --motivo 01
--sustituye NEW` completes it once NEW is stamped.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine

from facturador.models.engine import read_session, write_session
from facturador.models.tables import Documento
from facturador.sat.errors import ComprobanteInputError
from facturador.services.cancel_requests import (
    QueuedCancellation,
    check_cancellable,
    find_document,
    queue_request,
)
from facturador.services.companies import get_active_company
from facturador.services.emission import EmittedDocument, emit
from facturador.services.secrets import SecretStore

__all__ = ["Substitution", "substitute", "with_substitution_relation"]

TIPO_RELACION_SUSTITUCION = "04"


@dataclass(frozen=True, slots=True, kw_only=True)
class Substitution:
    old_documento_id: int
    old_uuid: str
    new: EmittedDocument
    cancellation: QueuedCancellation


def with_substitution_relation(data: Mapping[str, Any], old_uuid: str) -> dict[str, Any]:
    """The input with `old_uuid` in a CfdiRelacionados group with TipoRelacion 04."""
    result = copy.deepcopy(dict(data))
    raw = result.get("CfdiRelacionados")
    groups: list[Any] = (
        list(raw) if isinstance(raw, list) else [raw] if isinstance(raw, Mapping) else []
    )
    if raw is not None and not isinstance(raw, (list, Mapping)):
        raise ComprobanteInputError("CfdiRelacionados", "debe ser una lista de grupos")
    for group in groups:
        if isinstance(group, dict) and group.get("TipoRelacion") == TIPO_RELACION_SUSTITUCION:
            items = group.get("CfdiRelacionado")
            items = items if isinstance(items, list) else [items] if items else []
            uuids = {(i if isinstance(i, str) else i.get("UUID", "")).upper() for i in items}
            if old_uuid.upper() not in uuids:
                items.append({"UUID": old_uuid.upper()})
            group["CfdiRelacionado"] = items
            break
    else:
        groups.append(
            {"TipoRelacion": TIPO_RELACION_SUSTITUCION, "CfdiRelacionado": [{"UUID": old_uuid}]}
        )
    result["CfdiRelacionados"] = groups
    return result


def substitute(
    engine: Engine,
    old_uuid: str,
    new_input_json: Mapping[str, Any],
    *,
    secrets: SecretStore,
    password: str | None = None,
    now: datetime | None = None,
) -> Substitution:
    """Emit the replacement of `old_uuid` (related with 04) and queue the old one's
    cancellation with motivo 01, pending until the replacement is stamped."""
    moment = now or datetime.now(UTC)
    with read_session(engine) as session:
        empresa = get_active_company(session)
        assert empresa.id is not None
        found = find_document(session, empresa.id, old_uuid)
        check_cancellable(found)
        assert found.id is not None
        assert found.uuid is not None
        old_id, uuid = found.id, found.uuid
    emitted = emit(
        engine,
        with_substitution_relation(new_input_json, uuid),
        secrets=secrets,
        now=moment,
        password=password,
    )
    with write_session(engine) as session:
        old = session.get(Documento, old_id)
        new = session.get(Documento, emitted.documento_id)
        assert old is not None
        assert new is not None
        check_cancellable(old)  # nobody else asked for it meanwhile
        queued = queue_request(session, old, "01", folio=None, sustituto=new, now=moment)
        session.commit()
    return Substitution(old_documento_id=old_id, old_uuid=uuid, new=emitted, cancellation=queued)
