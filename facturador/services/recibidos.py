"""The inbox of received CFDIs: import without the SAT, list, detail, PDF, XLSX, SAT status.

`import_sources(ctx, sources, origen, progress)` reads XML files, folders (recursively) and
ZIP archives (paths, or `(name, bytes)` packages such as a SAT download hands over), validates
each document with `sat.validation.validate_xml` and stores it byte-exact for the company
whose RFC is its Receptor ("recibido") or its Emisor ("emitido"). One bad file never stops
the rest: each gets an outcome with its name and the Spanish reason. Duplicates (the same
UUID already in the inbox, or twice in one import) are reported as such and stored once.
Rows are written in batches, each batch in one transaction.

Known defects of XML delivered by the SAT (`xmlns:schemaLocation` instead of
`xsi:schemaLocation`) are cleaned only to read the document; the stored bytes are the
original ones.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from facturador.sat.errors import FacturadorError
from facturador.services.messages_recibidos import (
    DIRECCIONES,
    ESTADO_PENDIENTE,
    LIMPIEZA,
    REASONS,
    XLSX_HEADERS,
    XLSX_TITLE,
)
from facturador.services.xml_sources import Source, count, documents

if TYPE_CHECKING:
    from sqlalchemy.sql import Select
    from sqlmodel import Session

    from facturador.pac.base import SatStatus, StatusQuery
    from facturador.sat.complement_view import ComplementSection
    from facturador.sat.validation import ValidationReport
    from facturador.services.context import Context

__all__ = [
    "ESTADO_PENDIENTE",
    "FindingView",
    "ImportOutcome",
    "ImportSummary",
    "InboxError",
    "InboxPage",
    "RecibidoDetail",
    "RecibidoFilter",
    "RecibidoRow",
    "StatusSummary",
    "check_sat_status",
    "clean_known_defects",
    "import_sources",
    "inbox_page",
    "list_recibidos",
    "recibido_detail",
    "recibido_json",
    "recibido_pdf",
    "recibido_xml",
    "write_xlsx",
]

Origen = Literal["importado", "descarga"]
Progress = Callable[[int, int], None]  # (done, total)
BATCH = 500

_BAD_SCHEMA_LOCATION = b"xmlns:schemaLocation="
_XSI = b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
_SELLO = re.compile(rb'\s[Ss]ello="([^"]*)"')
_TIPOS_32 = {"ingreso": "I", "egreso": "E", "traslado": "T"}
_UUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
_MAX_TOTAL = Decimal(10) ** 12  # MicroAmount: millionths in a signed 64-bit integer


class InboxError(FacturadorError):
    """Something about the inbox the user must know (REASONS key and its values)."""

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(reason, values)
        self.reason = reason
        self.values = values

    @property
    def message(self) -> str:
        text = REASONS[self.reason].format(**self.values)
        return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


# ------------------------------------------------------------------------------ import


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What became of one document: "importado", "duplicado" or "error" (with the reason)."""

    archivo: str
    resultado: Literal["importado", "duplicado", "error"]
    mensaje: str = ""
    uuid: str | None = None
    rfc_empresa: str | None = None
    direccion: str | None = None
    valido: bool | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "archivo": self.archivo,
            "resultado": self.resultado,
            "uuid": self.uuid,
            "empresa": self.rfc_empresa,
            "direccion": self.direccion,
            "valido": self.valido,
            "mensaje": self.mensaje,
        }


@dataclass(slots=True)
class ImportSummary:
    outcomes: list[ImportOutcome] = field(default_factory=list)

    def _count(self, resultado: str) -> int:
        return sum(1 for o in self.outcomes if o.resultado == resultado)

    @property
    def importados(self) -> int:
        return self._count("importado")

    @property
    def duplicados(self) -> int:
        return self._count("duplicado")

    @property
    def errores(self) -> int:
        return self._count("error")


def clean_known_defects(data: bytes) -> tuple[bytes, bool]:
    """The bytes to read (SAT's `xmlns:schemaLocation` made `xsi:schemaLocation`), and
    whether anything was cleaned. The original bytes are what the inbox stores."""
    if _BAD_SCHEMA_LOCATION not in data[:4096]:
        return data, False
    cleaned = data.replace(_BAD_SCHEMA_LOCATION, b"xsi:schemaLocation=", 1)
    if b"xmlns:xsi=" not in cleaned[:4096]:
        cleaned = cleaned.replace(b"xsi:schemaLocation=", _XSI + b"xsi:schemaLocation=", 1)
    return cleaned, True


def _fecha(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip()[:19])
    except ValueError:
        return None


def _total(text: str | None) -> Decimal | None:
    """The Total as stored (six decimals at most), or None if no column can hold it."""
    try:
        value = Decimal((text or "0").strip())
    except InvalidOperation:
        return Decimal("0.00")
    if not value.is_finite():
        return Decimal("0.00")
    if abs(value) >= _MAX_TOTAL:
        return None
    return value.quantize(Decimal("0.000001")) if value.as_tuple().exponent < -6 else value  # type: ignore[operator]


def _summary(report: ValidationReport) -> str:
    """The errors' codes, each once, in order: what `listar` and the table show."""
    codes = list(dict.fromkeys(f.codigo for f in report.errores))
    text = ", ".join(codes)
    return text if len(text) <= 200 else text[:196].rsplit(",", 1)[0] + ", …"


def _findings_json(report: ValidationReport, cleaned: bool) -> str:
    items = [{"codigo": f.codigo, "mensaje": f.mensaje, "ruta": f.ruta, "aviso": False}
             for f in report.errores]  # fmt: skip
    items += [{"codigo": f.codigo, "mensaje": f.mensaje, "ruta": f.ruta, "aviso": True}
              for f in report.avisos]  # fmt: skip
    if cleaned:
        items.append({"codigo": "LIMPIEZA01", "mensaje": LIMPIEZA, "ruta": "/", "aviso": True})
    return json.dumps(items, ensure_ascii=False)


@dataclass(slots=True)
class _Importer:
    ctx: Context
    origen: str
    companies: dict[str, int]  # RFC -> empresa id
    known: dict[tuple[int, str], str]  # (empresa id, UUID) -> where it was first seen
    existing: set[tuple[int, str]]
    results: list[tuple[int, ImportOutcome]] = field(default_factory=list)
    pending: list[tuple[int, ImportOutcome, dict[str, Any]]] = field(default_factory=list)
    seq: int = 0  # the document being read, to report outcomes in reading order

    def done(self, outcome: ImportOutcome, seq: int | None = None) -> None:
        self.results.append((self.seq if seq is None else seq, outcome))

    def read(self, name: str, data: bytes) -> None:
        from facturador.sat.validation import validate_xml

        readable, cleaned = clean_known_defects(data)
        report = validate_xml(readable)
        h = report.hechos
        if report.comprobante is None and h.version is None:  # not even a CFDI
            first = report.errores[0].mensaje if report.errores else ""
            self.done(ImportOutcome(name, "error", first))
            return
        if not h.uuid:
            self.done(ImportOutcome(name, "error", REASONS["sin_uuid"]))
            return
        if not _UUID.fullmatch(h.uuid):
            self.done(ImportOutcome(name, "error", REASONS["uuid_invalido"].format(
                uuid=h.uuid[:60])))  # fmt: skip
            return
        total = _total(h.total)
        if total is None:
            self.done(ImportOutcome(name, "error", REASONS["total_enorme"].format(
                total=(h.total or "")[:40]), h.uuid))  # fmt: skip
            return
        targets: dict[int, tuple[str, str]] = {}  # one row per company (recibido first)
        for rfc, direccion in ((h.rfc_receptor, "recibido"), (h.rfc_emisor, "emitido")):
            if rfc and rfc in self.companies:
                targets.setdefault(self.companies[rfc], (rfc, direccion))
        if not targets:
            reason = REASONS["ajeno"].format(emisor=h.rfc_emisor or "-",
                                             receptor=h.rfc_receptor or "-")  # fmt: skip
            self.done(ImportOutcome(name, "error", reason, h.uuid))
            return
        hallazgos = _findings_json(report, cleaned)
        resumen = _summary(report)
        version = h.version or ""
        tipo = h.tipo_de_comprobante or ""
        tipo = _TIPOS_32.get(tipo.lower(), tipo)[:1]
        for empresa_id, (rfc, direccion) in targets.items():
            key = (empresa_id, h.uuid)
            seen = self.known.get(key)
            if seen is not None:
                if key in self.existing:
                    reason = REASONS["duplicado"].format(uuid=h.uuid)
                else:
                    reason = REASONS["duplicado_lote"].format(uuid=h.uuid, otro=seen)
                self.done(
                    ImportOutcome(name, "duplicado", reason, h.uuid, rfc, direccion, report.valido)
                )
                continue
            self.known[key] = name
            row = {
                "empresa_id": empresa_id,
                "uuid": h.uuid,
                "direccion": direccion,
                "version": version[:8],
                "tipo": tipo,
                "fecha": _fecha(h.fecha),
                "rfc_emisor": (h.rfc_emisor or "")[:13],
                "nombre_emisor": (h.nombre_emisor or "")[:300],
                "rfc_receptor": (h.rfc_receptor or "")[:13],
                "nombre_receptor": (h.nombre_receptor or "")[:300],
                "total": total,
                "moneda": (h.moneda or ("MXN" if version.startswith("3.2") else ""))[:3],
                "valido": report.valido,
                "hallazgos": hallazgos,
                "resumen": resumen,
                "xml": data,
                "origen": self.origen,
                "archivo": name,
                "imported_at": self.ctx.now(),
            }
            outcome = ImportOutcome(name, "importado", "", h.uuid, rfc, direccion, report.valido)
            self.pending.append((self.seq, outcome, row))
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        from sqlalchemy import insert
        from sqlalchemy.exc import IntegrityError

        from facturador.models.tables import Recibido

        if not self.pending:
            return
        table = Recibido.__table__  # type: ignore[attr-defined]
        try:
            with self.ctx.write() as session:
                session.execute(insert(table), [row for _, _, row in self.pending])
                session.commit()
            for seq, outcome, _ in self.pending:
                self.done(outcome, seq)
        except IntegrityError:  # another process imported some meanwhile: one by one
            for seq, outcome, row in self.pending:
                try:
                    with self.ctx.write() as session:
                        session.execute(insert(table), [row])
                        session.commit()
                    self.done(outcome, seq)
                except IntegrityError:
                    reason = REASONS["duplicado"].format(uuid=outcome.uuid)
                    self.done(
                        ImportOutcome(outcome.archivo, "duplicado", reason, outcome.uuid,
                                      outcome.rfc_empresa, outcome.direccion, outcome.valido),
                        seq,
                    )  # fmt: skip
        self.pending.clear()


def import_sources(
    ctx: Context,
    sources: Iterable[Source | str],
    origen: Origen = "importado",
    progress: Progress | None = None,
) -> ImportSummary:
    """Import every CFDI in `sources` (paths of XML files, folders, ZIPs, or `(name, bytes)`
    of a ZIP or an XML) into the inbox of the company it belongs to; per-file outcomes."""
    from sqlmodel import select

    from facturador.models.tables import Empresa, Recibido

    items: list[Source] = [Path(s) if isinstance(s, str) else s for s in sources]
    if not items:
        raise InboxError("sin_fuentes")
    with ctx.read() as session:
        companies = {e.rfc: e.id for e in session.exec(select(Empresa)) if e.id is not None}
        existing = {(int(r[0]), str(r[1])) for r in session.execute(
            select(Recibido.empresa_id, Recibido.uuid)
        )}  # fmt: skip
    importer = _Importer(ctx, origen, companies, dict.fromkeys(existing, ""), existing)
    total = count(items) if progress is not None else 0
    done = 0
    for seq, document in enumerate(documents(items)):
        importer.seq = seq
        if document.data is None:
            importer.done(ImportOutcome(document.name, "error", document.error or ""))
        else:
            importer.read(document.name, document.data)
        done = seq + 1
        if progress is not None and (done % 25 == 0 or done == total):
            progress(done, total)
    importer.flush()
    importer.results.sort(key=lambda r: r[0])
    return ImportSummary([outcome for _, outcome in importer.results])


# ------------------------------------------------------------------------------ list


@dataclass(frozen=True, slots=True, kw_only=True)
class RecibidoFilter:
    """Which inbox CFDIs to list; every criterion given must hold."""

    desde: date | None = None
    hasta: date | None = None  # inclusive
    rfc: str | None = None  # the emisor's or the receptor's RFC, exactly
    texto: str | None = None  # part of an RFC, a name or the UUID
    tipo: str | None = None  # I, E, T, N, P
    direccion: str | None = None  # recibido | emitido
    estado_sat: str | None = None  # "pendiente" (never asked), Vigente, Cancelado, ...
    valido: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RecibidoRow:
    id: int
    uuid: str
    direccion: str
    version: str
    tipo: str
    fecha: datetime | None
    rfc_emisor: str
    nombre_emisor: str
    rfc_receptor: str
    nombre_receptor: str
    total: Decimal
    moneda: str
    valido: bool
    resumen: str
    estado_sat: str | None
    es_cancelable: str | None
    estatus_cancelacion: str | None
    validacion_efos: str | None
    sat_checked_at: datetime | None
    origen: str
    archivo: str
    imported_at: datetime

    @property
    def direccion_label(self) -> str:
        return DIRECCIONES.get(self.direccion, self.direccion)

    @property
    def estado_label(self) -> str:
        return self.estado_sat or ESTADO_PENDIENTE


@dataclass(frozen=True, slots=True)
class FindingView:
    codigo: str
    mensaje: str
    ruta: str
    aviso: bool


@dataclass(frozen=True, slots=True)
class RecibidoDetail:
    row: RecibidoRow
    hallazgos: tuple[FindingView, ...]
    # "Carta Porte 3.1", "Comercio Exterior 2.0": the complements it carries, and their data
    complementos: tuple[str, ...] = ()
    secciones: tuple[ComplementSection, ...] = ()

    @property
    def errores(self) -> tuple[FindingView, ...]:
        return tuple(f for f in self.hallazgos if not f.aviso)

    @property
    def avisos(self) -> tuple[FindingView, ...]:
        return tuple(f for f in self.hallazgos if f.aviso)

    @property
    def printable(self) -> bool:
        return self.row.version == "4.0"


_ROW_FIELDS = tuple(RecibidoRow.__dataclass_fields__)


def _row(r: Any) -> RecibidoRow:
    return RecibidoRow(**{name: getattr(r, name) for name in _ROW_FIELDS})


def _query(empresa_id: int, f: RecibidoFilter) -> Select[Any]:
    from sqlalchemy import or_, select

    from facturador.models.tables import Recibido

    t = Recibido.__table__  # type: ignore[attr-defined]
    q = select(*(t.c[name] for name in _ROW_FIELDS)).where(t.c.empresa_id == empresa_id)
    if f.desde is not None:
        q = q.where(t.c.fecha >= datetime.combine(f.desde, datetime.min.time()))
    if f.hasta is not None:
        q = q.where(t.c.fecha < datetime.combine(f.hasta + timedelta(days=1), datetime.min.time()))
    if f.rfc:
        rfc = f.rfc.strip().upper()
        q = q.where(or_(t.c.rfc_emisor == rfc, t.c.rfc_receptor == rfc))
    if f.texto and f.texto.strip():
        like = f"%{f.texto.strip().upper()}%"
        q = q.where(or_(t.c.rfc_emisor.like(like), t.c.rfc_receptor.like(like),
                        t.c.uuid.like(like), t.c.nombre_emisor.ilike(like),
                        t.c.nombre_receptor.ilike(like)))  # fmt: skip
    if f.tipo:
        q = q.where(t.c.tipo == f.tipo)
    if f.direccion:
        q = q.where(t.c.direccion == f.direccion)
    if f.estado_sat == "pendiente":
        q = q.where(t.c.estado_sat.is_(None))
    elif f.estado_sat:
        q = q.where(t.c.estado_sat == f.estado_sat)
    if f.valido is not None:
        q = q.where(t.c.valido.is_(f.valido))
    return q.order_by(t.c.fecha.desc(), t.c.id.desc())


def list_recibidos(
    ctx: Context, filtro: RecibidoFilter | None = None, limit: int | None = None
) -> list[RecibidoRow]:
    """The active company's inbox CFDIs that pass `filtro`, newest first (`limit` of them)."""
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        query = _query(empresa.id, filtro or RecibidoFilter())
        rows = session.execute(query if limit is None else query.limit(limit)).all()
    return [_row(r) for r in rows]


@dataclass(frozen=True, slots=True)
class InboxPage:
    rows: list[RecibidoRow]
    total: int  # how many pass the filter (more than `rows` when the page was cut)


def inbox_page(ctx: Context, filtro: RecibidoFilter | None, limit: int) -> InboxPage:
    """The newest `limit` CFDIs that pass `filtro`, and how many pass it (the GUI's table)."""
    from sqlalchemy import func, select

    rows = list_recibidos(ctx, filtro, limit)
    if len(rows) < limit:
        return InboxPage(rows, len(rows))
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        query = _query(empresa.id, filtro or RecibidoFilter()).order_by(None)
        total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    return InboxPage(rows, int(total))


def recibido_json(row: RecibidoRow) -> dict[str, object]:
    """One line of `recibidos listar --json`."""
    return {
        "uuid": row.uuid,
        "direccion": row.direccion,
        "version": row.version,
        "tipo": row.tipo,
        "fecha": row.fecha.isoformat() if row.fecha else None,
        "rfc_emisor": row.rfc_emisor,
        "nombre_emisor": row.nombre_emisor,
        "rfc_receptor": row.rfc_receptor,
        "nombre_receptor": row.nombre_receptor,
        "total": str(row.total),
        "moneda": row.moneda,
        "valido": row.valido,
        "errores": row.resumen,
        "estado_sat": row.estado_sat,
        "es_cancelable": row.es_cancelable,
        "estatus_cancelacion": row.estatus_cancelacion,
        "validacion_efos": row.validacion_efos,
        "consultado": row.sat_checked_at.isoformat() if row.sat_checked_at else None,
        "origen": row.origen,
        "archivo": row.archivo,
    }


def _own(session: Session, ctx: Context, recibido_id: int) -> Any:
    from facturador.models.tables import Recibido

    empresa = ctx.active_company(session)
    found = session.get(Recibido, recibido_id)
    if found is None or found.empresa_id != empresa.id:
        raise InboxError("no_encontrado", id=recibido_id)
    return found


def _complements(data: bytes) -> tuple[tuple[str, ...], tuple[ComplementSection, ...]]:
    """The Comercio Exterior / Carta Porte complements of the XML and their sections."""
    from facturador.sat.catalogs import default_catalogs
    from facturador.sat.complement_view import complement_names, complement_sections
    from facturador.sat.errors import UnsafeXmlError
    from facturador.sat.xml_safety import parse_xml

    try:
        root = parse_xml(clean_known_defects(data)[0])
    except UnsafeXmlError:  # the findings already say why
        return (), ()
    return complement_names(root), complement_sections(root, default_catalogs())


def recibido_detail(ctx: Context, recibido_id: int) -> RecibidoDetail:
    """One inbox CFDI with the findings `validar` reported when it was imported, and the
    Comercio Exterior / Carta Porte complements it carries."""
    with ctx.read() as session:
        found = _own(session, ctx, recibido_id)
        items = json.loads(found.hallazgos or "[]")
        row = _row(found)
        xml = bytes(found.xml)
    names, sections = _complements(xml)
    return RecibidoDetail(row, tuple(FindingView(**item) for item in items), names, sections)


def recibido_xml(ctx: Context, recibido_id: int) -> bytes:
    """The original bytes, as they were imported."""
    with ctx.read() as session:
        return bytes(_own(session, ctx, recibido_id).xml)


def recibido_pdf(ctx: Context, recibido_id: int) -> bytes:
    """The printed representation of a CFDI 4.0 of the inbox (cancelled ones marked so)."""
    from facturador.pdf import render_pdf

    with ctx.read() as session:
        found = _own(session, ctx, recibido_id)
        version, xml, estado = found.version, bytes(found.xml), found.estado_sat
    if version != "4.0":
        raise InboxError("no_imprimible", version=version or "sin versión")
    try:
        pdf = render_pdf(clean_known_defects(xml)[0],
                         estado="cancelado" if estado == "Cancelado" else "vigente")  # fmt: skip
    except FacturadorError as error:
        raise InboxError("pdf_fallo", detalle=error.message.rstrip(".")) from error
    return bytes(pdf)


def write_xlsx(ctx: Context, filtro: RecibidoFilter | None, path: Path) -> int:
    """The filtered list as an XLSX workbook; how many CFDIs it holds."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    rows = list_recibidos(ctx, filtro)
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = XLSX_TITLE[:31]
    ws.append(list(XLSX_HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F3A5F")
    for r in rows:
        ws.append([
            r.uuid, r.direccion_label, r.version, r.tipo, r.fecha, r.rfc_emisor,
            r.nombre_emisor, r.rfc_receptor, r.nombre_receptor, r.total, r.moneda,
            "Sí" if r.valido else "No", r.resumen, r.estado_label, r.es_cancelable or "",
            r.estatus_cancelacion or "", r.validacion_efos or "",
            r.sat_checked_at.replace(tzinfo=None) if r.sat_checked_at else None, r.origen,
        ])  # fmt: skip
        ws.cell(ws.max_row, 5).number_format = "yyyy-mm-dd hh:mm"
        ws.cell(ws.max_row, 10).number_format = "#,##0.00"
    widths = (38, 10, 8, 6, 18, 15, 30, 15, 30, 14, 8, 7, 20, 14, 22, 22, 10, 18, 10)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    book.save(path)
    return len(rows)


# ------------------------------------------------------------------------------ SAT status


@dataclass(slots=True)
class StatusSummary:
    consultados: int = 0
    vigentes: int = 0
    cancelados: int = 0
    no_encontrados: int = 0
    pendientes: int = 0  # left unasked (the service stopped answering)
    error: str | None = None  # the Spanish reason it stopped, if it did


class StatusClient:
    """Anything with `status(StatusQuery) -> SatStatus` (pac.sat_status.SatStatusClient)."""

    def status(self, query: StatusQuery) -> SatStatus:  # pragma: no cover - protocol
        raise NotImplementedError


def _status_client() -> Any:
    from facturador.pac.sat_status import SatStatusClient
    from facturador.services.pac_clients import ENV_SAT_STATUS_URL

    return SatStatusClient(url=os.environ.get(ENV_SAT_STATUS_URL) or None)


def check_sat_status(
    ctx: Context,
    ids: Sequence[int] | None = None,
    *,
    client: Any = None,
    progress: Progress | None = None,
) -> StatusSummary:
    """Ask SAT's ConsultaCFDI service about inbox CFDIs (`ids`, or every one never asked) and
    store each answer with the moment asked. Stops at the first failure of the service:
    what was answered stays stored, the rest stays pending."""
    from sqlalchemy import select, update

    from facturador.models.tables import Recibido
    from facturador.pac.base import StatusQuery

    t = Recibido.__table__  # type: ignore[attr-defined]
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        q = select(t.c.id, t.c.uuid, t.c.rfc_emisor, t.c.rfc_receptor, t.c.total, t.c.xml)
        q = q.where(t.c.empresa_id == empresa.id)
        q = q.where(t.c.id.in_(list(ids))) if ids is not None else q.where(t.c.estado_sat.is_(None))
        targets = session.execute(q.order_by(t.c.id)).all()
    client = client or _status_client()
    summary = StatusSummary()
    for n, target in enumerate(targets):
        found = _SELLO.search(bytes(target.xml))
        sello = found.group(1).decode("ascii", "replace") if found else ""
        query = StatusQuery(uuid=target.uuid, rfc_emisor=target.rfc_emisor,
                            rfc_receptor=target.rfc_receptor, total=target.total,
                            sello=sello)  # fmt: skip
        try:
            answer = client.status(query)
        except FacturadorError as error:
            summary.pendientes = len(targets) - n
            summary.error = InboxError("consulta_interrumpida", hechos=n, total=len(targets),
                                       detalle=error.message.rstrip(".")).message  # fmt: skip
            break
        estado = answer.estado or None
        with ctx.write() as session:
            session.execute(
                update(t).where(t.c.id == target.id).values(
                    estado_sat=estado, es_cancelable=answer.es_cancelable or None,
                    estatus_cancelacion=answer.estatus_cancelacion or None,
                    validacion_efos=answer.validacion_efos or None, sat_checked_at=ctx.now(),
                )
            )  # fmt: skip
            session.commit()
        summary.consultados += 1
        if estado == "Vigente":
            summary.vigentes += 1
        elif estado == "Cancelado":
            summary.cancelados += 1
        else:
            summary.no_encontrados += 1
        if progress is not None:
            progress(n + 1, len(targets))
    return summary
