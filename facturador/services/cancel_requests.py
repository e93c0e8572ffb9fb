"""Asking to cancel a stamped CFDI: every check SAT would make, before anything is queued.

`request_cancellation` checks everything SAT would refuse before anything is queued (the
document is TIMBRADO, motivo 01–04, FolioSustitucion only and always with motivo 01, pointing
at a stamped document of the same company that relates to this one with TipoRelacion 04),
then stores a `Cancelacion` row and moves TIMBRADO -> CANCELACION_EN_COLA in one transaction.
A refusal is a `CancellationRefusedError` and changes nothing. The queue's pass is
services.cancellation.

`substitute_candidates` lists what may go in FolioSustitucion: the company's stamped
documents issued since this one, those that relate to it with TipoRelacion 04 first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from facturador.models.engine import write_session
from facturador.models.states import DocumentState, transition
from facturador.models.tables import Cancelacion, Documento, Empresa
from facturador.pac.base import StatusQuery, is_uuid
from facturador.sat.errors import FacturadorError
from facturador.sat.xml_safety import parse_xml
from facturador.services import messages
from facturador.services.companies import get_active_company, load_csd
from facturador.services.secrets import SERVICE, SecretStore, csd_password_key

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.views import DocumentRow

__all__ = [
    "NOT_STAMPED",
    "CancellationRefusedError",
    "CsdFiles",
    "QueuedCancellation",
    "SubstituteCandidate",
    "cancel",
    "check_cancellable",
    "document_name",
    "find_document",
    "latest_request",
    "queue_request",
    "request_cancellation",
    "status_query",
    "substitute_candidates",
]

S = DocumentState
MOTIVOS = tuple(messages.CANCEL_MOTIVOS)
CFDI_NS = "http://www.sat.gob.mx/cfd/4"
_SERIE_FOLIO = re.compile(r"^(?P<serie>[^-\s]*)-(?P<folio>\d+)$")
_SELLO = re.compile(rb'\sSello="([^"]*)"')
NOT_STAMPED = (S.BORRADOR, S.SELLADO, S.EN_COLA, S.ENVIANDO)


# ---------------------------------------------------------------- errors


class CancellationRefusedError(FacturadorError):
    """A cancellation that must not be queued; `reason` keys messages.CANCEL_REFUSALS."""

    def __init__(self, reason: str, **data: str) -> None:
        super().__init__(reason, data)
        self.reason = reason
        self.data = data

    @property
    def message(self) -> str:
        return messages.CANCEL_REFUSALS[self.reason].format(**self.data)


# ---------------------------------------------------------------- the CSD for cancelling


@dataclass(frozen=True, slots=True, kw_only=True)
class CsdFiles:
    """The CSD files as the PACs' cancel calls take them (.cer DER, encrypted .key DER and
    its password). A `Credential` holds the decrypted key only, so it cannot be sent."""

    certificate: bytes
    private_key: bytes
    password: str = field(repr=False)

    @classmethod
    def for_company(
        cls, empresa: Empresa, secrets: SecretStore, now: datetime, password: str | None = None
    ) -> CsdFiles:
        """Checked with `load_csd` (right password, the company's, valid at `now`)."""
        load_csd(empresa, secrets, now, password)
        assert empresa.certificado_der is not None
        assert empresa.llave_cifrada is not None
        assert empresa.no_certificado is not None
        if password is None:
            password = secrets.get(SERVICE, csd_password_key(empresa.rfc, empresa.no_certificado))
        return cls(
            certificate=empresa.certificado_der,
            private_key=empresa.llave_cifrada,
            password=password or "",
        )


# ---------------------------------------------------------------- lookups


def document_name(doc: Documento) -> str:
    if doc.uuid and doc.state not in NOT_STAMPED:
        label = f"{doc.serie}-{doc.folio}" if doc.serie else str(doc.folio)
        return f"{label} (UUID {doc.uuid})"
    return f"{doc.serie}-{doc.folio}" if doc.serie else f"folio {doc.folio}"


def _state_name(state: str) -> str:
    return messages.STATE_PHRASES.get(state, state)


def find_document(session: Session, empresa_id: int, ref: str) -> Documento:
    """The company's document by UUID or by "SERIE-FOLIO"; CancellationRefusedError if none."""
    text = ref.strip()
    if is_uuid(text):
        query = select(Documento).where(
            Documento.empresa_id == empresa_id, Documento.uuid == text.upper()
        )
    elif match := _SERIE_FOLIO.match(text):
        query = select(Documento).where(
            Documento.empresa_id == empresa_id,
            Documento.serie == (match["serie"] or None),
            Documento.folio == int(match["folio"]),
        )
    else:
        raise CancellationRefusedError("bad_reference", ref=text)
    doc = session.exec(query).first()
    if doc is None:
        raise CancellationRefusedError("not_found", ref=text)
    return doc


def latest_request(session: Session, documento_id: int) -> Cancelacion | None:
    return session.exec(
        select(Cancelacion)
        .where(Cancelacion.documento_id == documento_id)
        .order_by(col(Cancelacion.id).desc())
    ).first()


def _related_04(doc: Documento) -> set[str]:
    """UUIDs this document substitutes (CfdiRelacionados with TipoRelacion 04)."""
    xml = doc.stamped_xml or doc.sealed_xml
    if not xml:
        return set()
    root = parse_xml(xml)
    found = set()
    for group in root.iter(f"{{{CFDI_NS}}}CfdiRelacionados"):
        if group.get("TipoRelacion") == "04":
            for item in group.iter(f"{{{CFDI_NS}}}CfdiRelacionado"):
                found.add((item.get("UUID") or "").upper())
    return found


# ---------------------------------------------------------------- the request


@dataclass(frozen=True, slots=True, kw_only=True)
class QueuedCancellation:
    documento_id: int
    uuid: str
    motivo: str
    folio_sustitucion: str | None
    sustituto_id: int | None
    state: str


def check_cancellable(doc: Documento) -> None:
    """Refuse a document that is not stamped, or that is cancelled or being cancelled."""
    state = S(doc.state)
    if state in NOT_STAMPED:
        raise CancellationRefusedError(
            "not_stamped_queued", name=document_name(doc), state=_state_name(state)
        )
    if state is S.RECHAZADO:
        raise CancellationRefusedError("not_stamped_rejected", name=document_name(doc))
    if state is S.CANCELADO:
        raise CancellationRefusedError("already_cancelled", name=document_name(doc))
    if state in (S.CANCELACION_EN_COLA, S.CANCELACION_EN_PROCESO):
        raise CancellationRefusedError(
            "already_cancelling", name=document_name(doc), state=_state_name(state)
        )
    # TIMBRADO, or CANCELACION_RECHAZADA (a rejected request may be made again)


def _check_motivo(motivo: str, folio: str | None) -> None:
    if motivo not in MOTIVOS:
        raise CancellationRefusedError("bad_motivo", motivo=motivo)
    if motivo != "01" and folio:
        raise CancellationRefusedError("folio_not_allowed", motivo=motivo)


def _check_substitute(session: Session, doc: Documento, folio: str) -> Documento:
    if not is_uuid(folio):
        raise CancellationRefusedError("folio_invalid", folio=folio)
    if folio.upper() == (doc.uuid or "").upper():
        raise CancellationRefusedError("folio_self")
    substitute = session.exec(
        select(Documento).where(
            Documento.empresa_id == doc.empresa_id, Documento.uuid == folio.upper()
        )
    ).first()
    if substitute is None:
        raise CancellationRefusedError("folio_unknown", folio=folio.upper())
    if substitute.state != S.TIMBRADO:
        raise CancellationRefusedError(
            "folio_not_stamped", folio=folio.upper(), state=_state_name(substitute.state)
        )
    if (doc.uuid or "").upper() not in _related_04(substitute):
        raise CancellationRefusedError(
            "folio_not_related", folio=folio.upper(), name=document_name(doc), uuid=doc.uuid or ""
        )
    return substitute


def request_cancellation(
    engine: Engine,
    uuid: str,
    motivo: str,
    *,
    folio_sustitucion: str | None = None,
    empresa_id: int | None = None,
    now: datetime | None = None,
) -> QueuedCancellation:
    """Queue the cancellation of the document `uuid` (a UUID, or "SERIE-FOLIO") of the
    active company (or `empresa_id`). Raises CancellationRefusedError, changing nothing."""
    moment = now or datetime.now(UTC)
    motivo = motivo.strip()
    folio = folio_sustitucion.strip().upper() if folio_sustitucion else None
    with write_session(engine) as session:
        company = empresa_id if empresa_id is not None else get_active_company(session).id
        assert company is not None
        doc = find_document(session, company, uuid)
        check_cancellable(doc)
        _check_motivo(motivo, folio)
        if motivo == "01":
            if not folio:
                raise CancellationRefusedError("folio_required", name=document_name(doc))
            _check_substitute(session, doc, folio)
        queued = queue_request(session, doc, motivo, folio=folio, sustituto=None, now=moment)
        session.commit()
        return queued


def queue_request(
    session: Session,
    doc: Documento,
    motivo: str,
    *,
    folio: str | None,
    sustituto: Documento | None,
    now: datetime,
) -> QueuedCancellation:
    """Store the request and move the document to CANCELACION_EN_COLA; the caller commits."""
    assert doc.id is not None
    request = Cancelacion(
        documento_id=doc.id,
        motivo=motivo,
        folio_sustitucion=folio,
        sustituto_id=sustituto.id if sustituto is not None else None,
        created_at=now,
    )
    session.add(request)
    detail = f"Cancelación solicitada, motivo {motivo} ({messages.CANCEL_MOTIVOS[motivo]})"
    if folio:
        detail += f", FolioSustitucion {folio}"
    if sustituto is not None:
        detail += f"; sustitución pendiente de {sustituto.id} ({document_name(sustituto)})"
    transition(session, doc, S.CANCELACION_EN_COLA, detail, now=now)
    doc.last_error_code = None
    doc.last_error_message = None
    return QueuedCancellation(
        documento_id=doc.id,
        uuid=doc.uuid or "",
        motivo=motivo,
        folio_sustitucion=folio,
        sustituto_id=request.sustituto_id,
        state=doc.state,
    )


def status_query(doc: Documento, rfc_emisor: str) -> StatusQuery:
    """What SAT's status service needs to find a stored, stamped document."""
    match = _SELLO.search(doc.sealed_xml or b"")
    return StatusQuery(
        uuid=doc.uuid or "",
        rfc_emisor=rfc_emisor,
        rfc_receptor=doc.rfc_receptor,
        total=doc.total,
        sello=match.group(1).decode("ascii") if match else "",
    )


# ---------------------------------------------------------------- the substitute (motivo 01)


@dataclass(frozen=True, slots=True, kw_only=True)
class SubstituteCandidate:
    """A stamped document that could go in FolioSustitucion; `relates_04` when it names the
    document being cancelled in a CfdiRelacionados group with TipoRelacion 04."""

    documento_id: int
    uuid: str
    name: str
    fecha: datetime | None
    rfc_receptor: str
    nombre_receptor: str
    total: Decimal
    moneda: str
    relates_04: bool


def substitute_candidates(
    ctx: Context, uuid: str, *, limit: int = 200
) -> list[SubstituteCandidate]:
    """The active company's stamped documents dated at or after the document `uuid` (a
    substitute is issued after it), other than it: those that relate to it with
    TipoRelacion 04 first, then the same receptor's, newest first."""
    with ctx.read() as session:
        company = ctx.active_company(session).id
        assert company is not None
        doc = find_document(session, company, uuid)
        query = select(Documento).where(
            Documento.empresa_id == company,
            Documento.state == S.TIMBRADO.value,
            col(Documento.uuid).is_not(None),
            Documento.id != doc.id,
        )
        if doc.fecha is not None:
            query = query.where(col(Documento.fecha) >= doc.fecha)
        found = session.exec(
            query.order_by(col(Documento.fecha).desc(), col(Documento.id).desc()).limit(limit)
        ).all()
        own = (doc.uuid or "").upper()
        result = []
        for other in found:
            xml = other.stamped_xml or other.sealed_xml or b""
            assert other.id is not None
            result.append(
                SubstituteCandidate(
                    documento_id=other.id,
                    uuid=(other.uuid or "").upper(),
                    name=f"{other.serie}-{other.folio}" if other.serie else str(other.folio),
                    fecha=other.fecha,
                    rfc_receptor=other.rfc_receptor,
                    nombre_receptor=other.nombre_receptor,
                    total=other.total,
                    moneda=other.moneda,
                    relates_04=bool(own)
                    and own.encode() in xml.upper()
                    and own in _related_04(other),
                )
            )
    result.sort(key=lambda c: (not c.relates_04, c.rfc_receptor != doc.rfc_receptor))
    return result


def cancel(
    ctx: Context, uuid: str, motivo: str, folio_sustitucion: str | None = None
) -> DocumentRow:
    """Queue the cancellation of the active company's document `uuid` (Registros' Cancelar)."""
    from facturador.services import registry

    queued = request_cancellation(
        ctx.engine, uuid, motivo, folio_sustitucion=folio_sustitucion or None, now=ctx.now()
    )
    return registry.row(ctx, queued.documento_id)
