"""The desktop app's facade for documents: generate, drafts, Registros, pay, cancel, send.

`DocumentServices(desktop)` is built from a `DesktopServices` and, like it, is called from
worker threads (except `preview`, which is pure and fast enough for every keystroke) and
hands the GUI small frozen values, never SQLModel rows.

Drafts are BORRADOR `Documento` rows holding the form's JSON input (`input_json`), no XML
and no folio (drafts never burn folios). They show in Registros as "Borrador" and open
back in Generar CFDI; emitting a draft deletes it once the sealed document exists.

Sincronizar runs the one pass (services.sync.run_pass) with every pass's PAC client.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facturador.services.pac_clock import sealing_now

if TYPE_CHECKING:
    from facturador.services.desktop import DesktopServices
    from facturador.services.payments import OpenInvoice

__all__ = [
    "DocumentDetail",
    "DocumentQuery",
    "DocumentRow",
    "DocumentServices",
    "Preview",
    "SatStatusInfo",
    "SyncSummary",
]

PAGE_SIZE = 200
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentQuery:
    """Registros' filters; empty values filter nothing."""

    since: datetime | None = None
    until: datetime | None = None
    rfc_receptor: str = ""
    states: tuple[str, ...] = ()
    tipo: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentRow:
    id: int
    state: str
    tipo: str
    serie: str | None
    folio: int | None
    uuid: str | None
    fecha: datetime | None
    rfc_receptor: str
    nombre_receptor: str
    total: Decimal
    moneda: str
    last_error_code: str | None = None
    last_error_message: str | None = None
    is_demo: bool = False
    may_be_stamped: bool = False  # a send may have reached a PAC (no withdrawal then)

    @property
    def name(self) -> str:
        if self.folio is None:
            return "Borrador" if self.state == "BORRADOR" else "—"
        return f"{self.serie}-{self.folio}" if self.serie else str(self.folio)


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentDetail:
    row: DocumentRow
    input_data: dict[str, Any] | None
    fix_title: str = ""
    fix_solution: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Preview:
    """Totals of the form as the core computes them, and what SAT would object to."""

    sub_total: Decimal | None = None
    descuento: Decimal | None = None
    traslados: Decimal | None = None
    retenciones: Decimal | None = None
    total: Decimal | None = None
    findings: tuple[tuple[str, str], ...] = ()  # (ruta, Spanish message)
    importes: tuple[Decimal, ...] = ()  # each Concepto's Importe

    @property
    def ok(self) -> bool:
        return not self.findings and self.total is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncSummary:
    stamped: tuple[str, ...] = ()  # UUIDs
    rejected: int = 0
    waiting: int = 0
    paused: str | None = None
    cancelled: int = 0
    notices: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True, kw_only=True)
class SatStatusInfo:
    uuid: str
    codigo_estatus: str
    estado: str
    es_cancelable: str
    estatus_cancelacion: str


def _row(doc: Any) -> DocumentRow:
    return DocumentRow(
        id=doc.id,
        state=doc.state,
        tipo=doc.tipo,
        serie=doc.serie,
        folio=doc.folio,
        uuid=doc.uuid,
        fecha=doc.fecha,
        rfc_receptor=doc.rfc_receptor,
        nombre_receptor=doc.nombre_receptor,
        total=doc.total,
        moneda=doc.moneda,
        last_error_code=doc.last_error_code,
        last_error_message=doc.last_error_message,
        is_demo=doc.is_demo,
        may_be_stamped=doc.may_be_stamped,
    )


class DocumentServices:
    """Documents of the active company, over a DesktopServices (engine, secrets, clock)."""

    def __init__(self, desktop: DesktopServices) -> None:
        self.desktop = desktop

    @property
    def _engine(self) -> Any:
        return self.desktop.engine

    def _empresa(self) -> Any:
        from facturador.models.engine import read_session
        from facturador.services.companies import get_active_company

        with read_session(self._engine) as session:
            return get_active_company(session)

    # -- the form ---------------------------------------------------------------------------

    def preview(self, data: Mapping[str, Any], now: datetime | None = None) -> Preview:
        """Build the Comprobante the form describes (no folio, no seal) and check SAT rules."""
        from facturador.sat.build import build_comprobante
        from facturador.sat.errors import ComprobanteInputError, FacturadorError
        from facturador.sat.fecha import fecha_expedicion
        from facturador.sat.validation import validate_rules
        from facturador.sat.validation.sealed import unsealed_schema_findings
        from facturador.sat.validation.validator import merge

        moment = now or self.desktop.now()
        try:
            fecha = fecha_expedicion(str(data.get("LugarExpedicion", "")), moment)
            c = build_comprobante(data, fecha=fecha, folio="1")
        except ComprobanteInputError as error:
            return Preview(findings=((error.path, error.detail),))
        except FacturadorError as error:
            return Preview(findings=(("", error.message),))
        except (ArithmeticError, ValueError):  # an absurd number (1e400) breaks the arithmetic
            return Preview(findings=(("Conceptos", "Revise las cantidades y los importes."),))
        rules = [f for f in validate_rules(c) if not f.ruta.endswith("/@Folio")]
        findings = tuple((f.ruta, f.mensaje) for f in merge(unsealed_schema_findings(c), rules))
        impuestos = c.impuestos
        return Preview(
            sub_total=c.sub_total,
            descuento=c.descuento,
            traslados=impuestos.total_impuestos_trasladados if impuestos else None,
            retenciones=impuestos.total_impuestos_retenidos if impuestos else None,
            total=c.total,
            findings=findings,
            importes=tuple(x.importe for x in c.conceptos),
        )

    def issue(
        self,
        data: Mapping[str, Any],
        *,
        draft_id: int | None = None,
        rejected_id: int | None = None,
        substitutes: str | None = None,
    ) -> DocumentRow:
        """Generar decides here: a rejected one's correction keeps its folio (reissue), a
        stamped one's replacement is a substitution (04 + 01), else a new emission."""
        if rejected_id is not None:
            return self.reissue(rejected_id, data)
        if substitutes:
            rest = {k: v for k, v in data.items() if k != "CfdiRelacionados"}
            return self.substitute(substitutes, rest)
        return self.emit(data, draft_id)

    def emit(self, data: Mapping[str, Any], draft_id: int | None = None) -> DocumentRow:
        """Seal and queue the document (the draft, if any, is deleted once it exists)."""
        from facturador.services.emission import emit

        emitted = emit(
            self._engine, data, secrets=self.desktop.secrets, now=sealing_now(self.desktop.now)
        )
        if draft_id is not None:
            self.delete_draft(draft_id)
        return self.row(emitted.documento_id)

    def reissue(self, documento_id: int, data: Mapping[str, Any]) -> DocumentRow:
        """Fix a RECHAZADO document with its own serie and folio (services.reissue)."""
        from facturador.services.reissue import reissue

        now = sealing_now(self.desktop.now)
        reissue(self._engine, documento_id, data, secrets=self.desktop.secrets, now=now)
        return self.row(documento_id)

    def substitute(self, old_uuid: str, data: Mapping[str, Any]) -> DocumentRow:
        """Emit the replacement of `old_uuid` (relation 04) and queue its cancellation 01."""
        from facturador.services.substitution import substitute

        done = substitute(
            self._engine,
            old_uuid,
            data,
            secrets=self.desktop.secrets,
            now=sealing_now(self.desktop.now),
        )
        return self.row(done.new.documento_id)

    def save_draft(self, data: Mapping[str, Any], draft_id: int | None = None) -> int:
        from facturador.models.engine import write_session
        from facturador.models.tables import Documento
        from facturador.services.companies import get_active_company

        receptor = data.get("Receptor") or {}
        text = json.dumps(data, ensure_ascii=False, default=str)
        with write_session(self._engine) as session:
            empresa = get_active_company(session)
            doc = session.get(Documento, draft_id) if draft_id is not None else None
            if doc is None or doc.state != "BORRADOR" or doc.empresa_id != empresa.id:
                assert empresa.id is not None
                doc = Documento(empresa_id=empresa.id, tipo=str(data.get("TipoDeComprobante", "I")))
            doc.tipo = str(data.get("TipoDeComprobante", "I"))
            doc.rfc_receptor = str(receptor.get("Rfc", ""))[:13]
            doc.nombre_receptor = str(receptor.get("Nombre", ""))
            doc.moneda = str(data.get("Moneda", "MXN"))[:3]
            doc.input_json = text
            doc.fecha = self._local_now(str(data.get("LugarExpedicion", "")))  # sorts it on top
            doc.updated_at = self.desktop.now()
            session.add(doc)
            session.commit()
            assert doc.id is not None
            return int(doc.id)

    def _local_now(self, lugar: str) -> datetime:
        from facturador.sat.errors import FacturadorError
        from facturador.sat.fecha import fecha_expedicion

        try:
            return fecha_expedicion(lugar, self.desktop.now())
        except (FacturadorError, ValueError, KeyError):
            return self.desktop.now().replace(tzinfo=None, microsecond=0)

    def delete_draft(self, draft_id: int) -> None:
        from facturador.models.engine import write_session
        from facturador.models.tables import Documento

        with write_session(self._engine) as session:
            doc = session.get(Documento, draft_id)
            if doc is not None and doc.state == "BORRADOR":
                session.delete(doc)
                session.commit()

    # -- Registros --------------------------------------------------------------------------

    def _query(self, select_what: Any, empresa_id: int | None, q: DocumentQuery) -> Any:
        from sqlalchemy import ColumnElement, or_
        from sqlmodel import col

        from facturador.models.repositories import search_key
        from facturador.models.tables import Documento

        query = select_what.where(Documento.empresa_id == empresa_id)
        if q.states:
            query = query.where(col(Documento.state).in_(list(q.states)))
        if q.tipo:
            query = query.where(Documento.tipo == q.tipo)
        if q.rfc_receptor:
            query = query.where(Documento.rfc_receptor == q.rfc_receptor.strip().upper())
        if q.since is not None:
            query = query.where(col(Documento.fecha) >= q.since)
        if q.until is not None:
            query = query.where(col(Documento.fecha) < q.until)
        text = q.text.strip()
        if text:
            like = f"%{search_key(text)}%"
            # Names, RFC and UUID are stored in upper case (SAT writes them so): LIKE on the
            # search key needs no lower() per row (SQLite's LIKE ignores ASCII case anyway).
            conditions: list[ColumnElement[bool]] = [
                col(Documento.nombre_receptor).like(like),
                col(Documento.rfc_receptor).like(like),
                col(Documento.uuid).like(like),
            ]
            folio = text.rpartition("-")[2]
            if folio.isdigit():
                conditions.append(col(Documento.folio) == int(folio))
            query = query.where(or_(*conditions))
        return query

    def documents(
        self, q: DocumentQuery, offset: int = 0, limit: int = PAGE_SIZE
    ) -> list[DocumentRow]:
        """One page of the active company's documents, newest first."""
        from sqlalchemy.orm import load_only
        from sqlmodel import col, select

        from facturador.models.engine import read_session
        from facturador.models.tables import Documento
        from facturador.services.companies import get_active_company

        fields = [
            "id", "state", "tipo", "serie", "folio", "uuid", "fecha", "rfc_receptor",
            "nombre_receptor", "total", "moneda", "last_error_code", "last_error_message",
            "is_demo", "may_be_stamped",
        ]  # fmt: skip
        with read_session(self._engine) as session:
            empresa_id = get_active_company(session).id
            query = self._query(select(Documento), empresa_id, q)
            query = query.order_by(col(Documento.fecha).desc(), col(Documento.id).desc())
            query = query.options(load_only(*(getattr(Documento, f) for f in fields)))
            rows = session.exec(query.offset(offset).limit(limit)).all()
            return [_row(doc) for doc in rows]

    def count(self, q: DocumentQuery) -> int:
        from sqlalchemy import func
        from sqlmodel import col, select

        from facturador.models.engine import read_session
        from facturador.models.tables import Documento
        from facturador.services.companies import get_active_company

        with read_session(self._engine) as session:
            empresa_id = get_active_company(session).id
            query = self._query(select(func.count(col(Documento.id))), empresa_id, q)
            return int(session.exec(query).one())

    def row(self, documento_id: int) -> DocumentRow:
        from facturador.models.engine import read_session
        from facturador.models.tables import Documento
        from facturador.services.errors import NotFoundError

        with read_session(self._engine) as session:
            doc = session.get(Documento, documento_id)
            if doc is None:
                raise NotFoundError("documento", documento_id)
            return _row(doc)

    def detail(self, documento_id: int) -> DocumentDetail:
        """The row, its JSON input (to duplicate or fix it) and, if rejected, what to fix."""
        from facturador.models.engine import read_session
        from facturador.models.tables import Documento
        from facturador.pac.messages import explain

        with read_session(self._engine) as session:
            doc = session.get(Documento, documento_id)
            assert doc is not None
            data = json.loads(doc.input_json) if doc.input_json else None
            row = _row(doc)
        title = solution = ""
        if row.state == "RECHAZADO":
            title, solution = explain(row.last_error_code)
        return DocumentDetail(row=row, input_data=data, fix_title=title, fix_solution=solution)

    def xml(self, documento_id: int) -> bytes:
        from facturador.models.engine import read_session
        from facturador.models.tables import Documento
        from facturador.services.errors import NotFoundError

        with read_session(self._engine) as session:
            doc = session.get(Documento, documento_id)
            if doc is None or not (doc.stamped_xml or doc.sealed_xml):
                raise NotFoundError("documento", documento_id)
            return bytes(doc.stamped_xml or doc.sealed_xml or b"")

    def pdf(self, documento_id: int) -> bytes:
        from facturador.pdf import render_pdf

        cancelado = self.row(documento_id).state == "CANCELADO"
        return bytes(
            render_pdf(self.xml(documento_id), estado="cancelado" if cancelado else "vigente")
        )

    def file_stem(self, row: DocumentRow) -> str:
        return f"{row.rfc_receptor}_{row.serie or ''}{row.folio or row.id}_{(row.uuid or '')[:8]}"

    def export_months(
        self, q: DocumentQuery, folder: Path, progress: Progress | None = None
    ) -> list[Path]:
        """One zip per month (AAAA-MM) with the XML and PDF of every sealed document."""
        rows: list[DocumentRow] = []
        offset = 0
        while batch := self.documents(q, offset, 1000):
            rows.extend(r for r in batch if r.state not in ("BORRADOR",) and r.fecha)
            offset += len(batch)
        by_month: dict[str, list[DocumentRow]] = {}
        for r in rows:
            assert r.fecha is not None
            by_month.setdefault(r.fecha.strftime("%Y-%m"), []).append(r)
        folder.mkdir(parents=True, exist_ok=True)
        done, paths = 0, []
        for month, items in sorted(by_month.items()):
            path = folder / f"CFDI_{month}.zip"
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for r in items:
                    stem = self.file_stem(r)
                    archive.writestr(f"{stem}.xml", self.xml(r.id))
                    archive.writestr(f"{stem}.pdf", self.pdf(r.id))
                    done += 1
                    if progress is not None:
                        progress(done, len(rows))
            path.write_bytes(buffer.getvalue())
            paths.append(path)
        return paths

    # -- the queue --------------------------------------------------------------------------

    def pac_client(self, empresa: Any | None = None) -> Any:
        """The active company's PAC client, as every pass builds it (with its backup)."""
        from facturador.services.failover import client_with_failover
        from facturador.services.settings import data_dir

        client, _demo = client_with_failover(
            empresa or self._empresa(), self.desktop.secrets, data_dir=data_dir()
        )
        return client

    def sync(self) -> SyncSummary:
        """A pass the user asked for (services.sync.run_pass): every queued one, now."""
        from facturador.services.settings import data_dir
        from facturador.services.sync import run_pass

        outcome = run_pass(
            self._engine,
            self._empresa(),
            self.desktop.secrets,
            data_dir=data_dir(),
            now=self.desktop.now(),
            user_asked=True,
        )
        stamping, cancelling = outcome.stamping, outcome.cancelling
        return SyncSummary(
            stamped=tuple(s.uuid for s in stamping.stamped),
            rejected=len(stamping.rejected),
            waiting=len(stamping.waiting),
            paused=stamping.paused_reason,
            cancelled=len(cancelling.cancelled),
            notices=tuple(stamping.notices) + tuple(cancelling.notices),
        )

    # -- payments -----------------------------------------------------------------------------

    def open_invoices(self, rfc_receptor: str | None = None) -> list[OpenInvoice]:
        from facturador.services.payments import open_invoices

        return open_invoices(self._engine, self._empresa().id, rfc_receptor)

    def emit_payment(
        self,
        *,
        fecha_pago: datetime,
        forma_de_pago: str,
        moneda: str,
        lines: Sequence[tuple[str, Decimal]],
        tipo_cambio: Decimal | None = None,
        num_operacion: str | None = None,
    ) -> DocumentRow:
        """Build (from the stored invoices) and emit a receipt paying `lines` (uuid, amount)."""
        from facturador.services.payments import PaymentLine, build_payment_input, emit_payment

        data = build_payment_input(
            self._engine,
            self._empresa().id,
            [PaymentLine(uuid, amount) for uuid, amount in lines],
            fecha_pago=fecha_pago,
            forma_de_pago=forma_de_pago,
            moneda_p=moneda,
            tipo_cambio_p=tipo_cambio,
            num_operacion=num_operacion,
        )
        emitted = emit_payment(
            self._engine, data, secrets=self.desktop.secrets, now=self.desktop.now()
        )
        return self.row(emitted.documento_id)

    # -- cancel, SAT status, email ------------------------------------------------------------

    def cancel(self, uuid: str, motivo: str, folio_sustitucion: str | None = None) -> DocumentRow:
        from facturador.services.cancel_requests import request_cancellation

        queued = request_cancellation(
            self._engine,
            uuid,
            motivo,
            folio_sustitucion=folio_sustitucion or None,
            now=self.desktop.now(),
        )
        return self.row(queued.documento_id)

    def redate(self, documento_id: int, confirmed: bool = False) -> DocumentRow:
        """Fechar de nuevo (services.redating), dated by the PAC's clock."""
        from facturador.services.redating import redate_for_company
        from facturador.services.settings import data_dir

        empresa, secrets, now = self._empresa(), self.desktop.secrets, self.desktop.now()
        redate_for_company(
            self._engine, empresa, documento_id, secrets, now, data_dir=data_dir(),
            confirmed=confirmed,
        )  # fmt: skip
        return self.row(documento_id)

    def sat_status(self, documento_id: int) -> SatStatusInfo:
        from facturador.models.engine import read_session
        from facturador.models.tables import Documento
        from facturador.services.cancel_requests import status_query

        empresa = self._empresa()
        with read_session(self._engine) as session:
            doc = session.get(Documento, documento_id)
            assert doc is not None
            query = status_query(doc, empresa.rfc)
        answer = self.pac_client(empresa).status(query)
        return SatStatusInfo(
            uuid=query.uuid,
            codigo_estatus=answer.codigo_estatus or "",
            estado=answer.estado or "",
            es_cancelable=answer.es_cancelable or "",
            estatus_cancelacion=answer.estatus_cancelacion or "",
        )

    def email(self, documento_id: int, to: Sequence[str] | None = None) -> tuple[str, ...]:
        """Queue the email with XML and PDF and try to send it now; the addresses it reached
        (empty: it waits in the outbox and is retried)."""
        from facturador.services.email import queue_email, secret_store_password_provider
        from facturador.services.email_sending import send_pending

        correo_id = queue_email(
            self._engine, documento_id, to=list(to) if to else None, now=self.desktop.now()
        )
        report = send_pending(
            self._engine,
            smtp_password_provider=secret_store_password_provider(self.desktop.secrets),
            now=self.desktop.now(),
            only=[correo_id],
        )
        return next((o.recipients for o in report.sent if o.correo_id == correo_id), ())
