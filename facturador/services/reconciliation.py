"""Conciliación con el SAT: where the active company's records and the SAT's disagree.

`reconcile(ctx)` only reads (the inbox, the documents, the cached SAT answers and the 69-B
list imported with `import_69b`) and returns every difference with what to do about it:

- falta_aqui: an inbox CFDI issued by the company ("emitido") whose UUID is not among the
  documents: the PAC's answer was lost (a local document with its Serie and Folio waits, not
  TIMBRADO) or it was stamped elsewhere (no such local document).
- cancelado_en_sat: a document in force here (TIMBRADO, or its cancellation rejected) whose
  latest SAT status cached (in the inbox, or by the cancellation follow-up) is "Cancelado";
  a cancellation under way is the pass's to settle.
- vigente_en_sat: a document CANCELADO here that the SAT (cached) reports "Vigente".
- ppd_sin_pago: a stamped PPD invoice with a balance and no payment receipt applied to it.
- emisor_69b: a received CFDI whose Emisor is on SAT's 69-B list as Presunto or Definitivo.

The 69-B list is SAT's "Listado_Completo_69-B.csv" (latin-1, a few lines before the header
`No,RFC,Nombre del Contribuyente,Situación del contribuyente,...`); `import_69b` keeps the
RFC, name and situation of every row in `lista_69b.json` in the data directory.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facturador.sat.errors import FacturadorError
from facturador.services.messages import STATE_LABELS
from facturador.services.messages_reconciliation import KINDS, ORIGENES, REASONS, WHAT_TO_DO

if TYPE_CHECKING:
    from sqlmodel import Session

    from facturador.services.context import Context

__all__ = [
    "KINDS",
    "LIST_69B_FILE",
    "RECOVERABLE",
    "Difference",
    "List69BSummary",
    "ReconciliationError",
    "ReconciliationReport",
    "import_69b",
    "reconcile",
]

LIST_69B_FILE = "lista_69b.json"
COUNTED_69B = ("presunto", "definitivo")
# In force here with no cancellation under way (one under way is the pass's to settle).
ACTIVE_HERE = ("TIMBRADO", "CANCELACION_RECHAZADA")
# A lost answer the stamping pass recovers from the PAC (it asks before sending again).
RECOVERABLE = ("SELLADO", "EN_COLA", "ENVIANDO", "POSIBLEMENTE_TIMBRADO")
IN_FORCE = ("TIMBRADO", "CANCELACION_EN_COLA", "CANCELACION_EN_PROCESO", "CANCELACION_RECHAZADA")
_OPENING = re.compile(rb"<(?:\w+:)?Comprobante\b[^>]*>", re.S)
_ATTR = re.compile(rb'\s(Serie|Folio)="([^"]*)"')
_RFC = re.compile(r"[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}")


class ReconciliationError(FacturadorError):
    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(reason, values)
        self.reason = reason
        self.values = values

    @property
    def message(self) -> str:
        text = REASONS[self.reason].format(**self.values)
        return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


@dataclass(frozen=True, slots=True, kw_only=True)
class Difference:
    """One disagreement. `documento_id` is the local document (if any), `recibido_id` the
    inbox CFDI (if any): the actions of the report screen open one or the other."""

    kind: str
    uuid: str
    serie_folio: str
    rfc: str  # the other party: the Receptor of what we issued, the Emisor of what we received
    nombre: str
    total: Decimal
    moneda: str
    fecha: datetime | None
    what_to_do: str
    documento_id: int | None = None
    recibido_id: int | None = None
    estado_local: str = ""  # the local document's state, as the user reads it
    state: str = ""  # and its code (models.states)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def as_json(self) -> dict[str, object]:
        return {
            "tipo": self.kind,
            "uuid": self.uuid,
            "serie_folio": self.serie_folio,
            "rfc": self.rfc,
            "nombre": self.nombre,
            "total": str(self.total),
            "moneda": self.moneda,
            "fecha": self.fecha.isoformat() if self.fecha else None,
            "estado_local": self.estado_local,
            "que_hacer": self.what_to_do,
            "documento_id": self.documento_id,
            "recibido_id": self.recibido_id,
        }


@dataclass(frozen=True, slots=True)
class ReconciliationReport:
    differences: tuple[Difference, ...]
    list_69b_at: datetime | None = None  # when the 69-B list was imported (None: never)
    counts: dict[str, int] = field(default_factory=dict)

    def of(self, kind: str) -> tuple[Difference, ...]:
        return tuple(d for d in self.differences if d.kind == kind)


@dataclass(frozen=True, slots=True)
class List69BSummary:
    contribuyentes: int
    presuntos: int
    definitivos: int


# ------------------------------------------------------------------------------ 69-B list


def _norm(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


def import_69b(ctx: Context, path: Path) -> List69BSummary:
    """Read SAT's Listado completo 69-B (CSV, latin-1 or UTF-8) and keep it in the data dir,
    replacing the previous one only when this one was read whole."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ReconciliationError("lista_ilegible", archivo=path.name,
                                  detalle=error.strerror or str(error)) from error  # fmt: skip
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    rows = csv.reader(io.StringIO(text))
    columns: dict[str, int] | None = None
    found: dict[str, tuple[str, str]] = {}
    for row in rows:
        if columns is None:
            names = [_norm(cell) for cell in row]
            if "rfc" in names and any(n.startswith("situacion") for n in names):
                columns = {
                    "rfc": names.index("rfc"),
                    "nombre": next((i for i, n in enumerate(names) if n.startswith("nombre")), -1),
                    "situacion": next(i for i, n in enumerate(names) if n.startswith("situacion")),
                }
            continue
        if len(row) <= max(columns.values()):
            continue
        rfc = row[columns["rfc"]].strip().upper()
        if not _RFC.fullmatch(rfc):
            continue
        nombre = row[columns["nombre"]].strip() if columns["nombre"] >= 0 else ""
        found[rfc] = (nombre, row[columns["situacion"]].strip())
    if columns is None:
        raise ReconciliationError("lista_sin_columnas", archivo=path.name)
    if not found:
        raise ReconciliationError("lista_vacia", archivo=path.name)
    target = ctx.data_dir / LIST_69B_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    payload = {"importado": ctx.now().isoformat(), "archivo": path.name,
               "contribuyentes": {r: list(v) for r, v in found.items()}}  # fmt: skip
    partial.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, target)
    situations = Counter(_norm(s) for _, s in found.values())
    return List69BSummary(len(found), situations["presunto"], situations["definitivo"])


def _list_69b(ctx: Context) -> tuple[dict[str, tuple[str, str]], datetime | None]:
    path = ctx.data_dir / LIST_69B_FILE
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, None
    listed = {rfc: (str(v[0]), str(v[1])) for rfc, v in payload["contribuyentes"].items()
              if _norm(str(v[1])) in COUNTED_69B}  # fmt: skip
    return listed, datetime.fromisoformat(payload["importado"])


# ------------------------------------------------------------------------------ reconcile


def _serie_folio(xml: bytes) -> tuple[str | None, int | None]:
    opening = _OPENING.search(xml[:20000])
    if opening is None:
        return None, None
    attrs = {k.decode(): v.decode("utf-8", "replace") for k, v in _ATTR.findall(opening.group())}
    folio = attrs.get("Folio", "")
    return attrs.get("Serie") or None, int(folio) if folio.isdigit() else None


def _name(serie: str | None, folio: int | None) -> str:
    if folio is None:
        return serie or ""
    return f"{serie}-{folio}" if serie else str(folio)


def _lost_answers(session: Session, empresa_id: int) -> list[Difference]:
    from sqlalchemy import select

    from facturador.models.tables import Documento, Recibido

    r = Recibido.__table__  # type: ignore[attr-defined]
    d = Documento.__table__  # type: ignore[attr-defined]
    ours = select(d.c.uuid).where(d.c.uuid.is_not(None))
    missing = session.execute(
        select(r.c.id, r.c.uuid, r.c.rfc_receptor, r.c.nombre_receptor, r.c.total, r.c.moneda,
               r.c.fecha, r.c.xml)
        .where(r.c.empresa_id == empresa_id, r.c.direccion == "emitido",
               r.c.uuid.not_in(ours))
        .order_by(r.c.fecha, r.c.id)
    ).all()  # fmt: skip
    found = []
    for row in missing:
        serie, folio = _serie_folio(bytes(row.xml))
        local = None
        if folio is not None:
            local = session.execute(
                select(d.c.id, d.c.state).where(d.c.empresa_id == empresa_id,
                                                d.c.serie == serie, d.c.folio == folio)
            ).first()  # fmt: skip
        if local is not None and local.state not in (*IN_FORCE, "CANCELADO"):
            key = "falta_aqui_local" if local.state in RECOVERABLE else "falta_aqui_otro"
            text = WHAT_TO_DO[key].format(
                documento=_name(serie, folio), estado=STATE_LABELS.get(local.state, local.state)
            )
        else:
            text, local = WHAT_TO_DO["falta_aqui"], None
        found.append(Difference(
            kind="falta_aqui", uuid=row.uuid, serie_folio=_name(serie, folio),
            rfc=row.rfc_receptor, nombre=row.nombre_receptor, total=row.total,
            moneda=row.moneda, fecha=row.fecha, what_to_do=text, recibido_id=row.id,
            documento_id=local.id if local is not None else None,
            estado_local=STATE_LABELS.get(local.state, local.state) if local is not None else "",
            state=local.state if local is not None else "",
        ))  # fmt: skip
    return found


def _status_differences(session: Session, empresa_id: int) -> list[Difference]:
    from sqlalchemy import func, select

    from facturador.models.tables import Cancelacion, Documento, Recibido

    r = Recibido.__table__  # type: ignore[attr-defined]
    d = Documento.__table__  # type: ignore[attr-defined]
    c = Cancelacion.__table__  # type: ignore[attr-defined]
    # documento id -> (the SAT's estado, where it was cached, when, the inbox row)
    sat: dict[int, tuple[str, str, datetime | None, int | None]] = {}
    states: dict[int, str] = {}
    latest = (
        select(func.max(c.c.id)).join(d, d.c.id == c.c.documento_id)
        .where(d.c.empresa_id == empresa_id).group_by(c.c.documento_id)
    )  # fmt: skip
    for doc_id, state, estado, at in session.execute(
        select(c.c.documento_id, d.c.state, c.c.sat_estado, c.c.checked_at)
        .join(d, d.c.id == c.c.documento_id)
        .where(c.c.id.in_(latest), c.c.sat_estado.is_not(None))
    ):  # fmt: skip
        sat[doc_id], states[doc_id] = (estado, "cancelacion", at, None), state
    for doc_id, state, estado, at, inbox_id in session.execute(
        select(d.c.id, d.c.state, r.c.estado_sat, r.c.sat_checked_at, r.c.id)
        .join(r, r.c.uuid == d.c.uuid)
        .where(d.c.empresa_id == empresa_id, r.c.empresa_id == empresa_id,
               r.c.estado_sat.is_not(None))
    ):  # fmt: skip
        states[doc_id] = state
        previous = sat.get(doc_id)
        if previous is None or (at is not None and (previous[2] is None or at > previous[2])):
            sat[doc_id] = (estado, "recibidos", at, inbox_id)
        else:
            sat[doc_id] = (previous[0], previous[1], previous[2], inbox_id)
    wanted = [i for i, (estado, *_) in sat.items()
              if (estado == "Cancelado" and states[i] in ACTIVE_HERE)
              or (estado == "Vigente" and states[i] == "CANCELADO")]  # fmt: skip
    if not wanted:
        return []
    found = []
    docs = session.execute(
        select(d.c.id, d.c.uuid, d.c.serie, d.c.folio, d.c.rfc_receptor, d.c.nombre_receptor,
               d.c.total, d.c.moneda, d.c.fecha, d.c.state)
        .where(d.c.id.in_(wanted)).order_by(d.c.fecha, d.c.id)
    ).all()  # fmt: skip
    for doc in docs:
        estado, origin, _at, inbox_id = sat[doc.id]
        label = STATE_LABELS.get(doc.state, doc.state)
        if estado == "Cancelado" and doc.state in ACTIVE_HERE:
            kind = "cancelado_en_sat"
            text = WHAT_TO_DO[kind].format(origen=ORIGENES[origin], estado=label.lower())
        elif estado == "Vigente" and doc.state == "CANCELADO":
            kind, text = "vigente_en_sat", WHAT_TO_DO["vigente_en_sat"]
        else:
            continue
        found.append(Difference(
            kind=kind, uuid=doc.uuid or "", serie_folio=_name(doc.serie, doc.folio),
            rfc=doc.rfc_receptor, nombre=doc.nombre_receptor, total=doc.total,
            moneda=doc.moneda, fecha=doc.fecha, what_to_do=text, documento_id=doc.id,
            recibido_id=inbox_id, estado_local=label, state=doc.state,
        ))  # fmt: skip
    return found


def _unpaid_ppd(ctx: Context) -> list[Difference]:
    from facturador.services.reports_cobranza import receivable_invoices

    until = datetime(9999, 1, 1)
    found = []
    for i in receivable_invoices(ctx, until):
        if i.ultimo_pago is not None:
            continue
        found.append(Difference(
            kind="ppd_sin_pago", uuid=i.uuid, serie_folio=_name(i.serie, i.folio),
            rfc=i.rfc_receptor, nombre=i.nombre_receptor, total=i.total, moneda=i.moneda,
            fecha=i.fecha, documento_id=i.documento_id, estado_local=STATE_LABELS["TIMBRADO"],
            state="TIMBRADO",
            what_to_do=WHAT_TO_DO["ppd_sin_pago"].format(saldo=f"{i.saldo:,.2f}",
                                                         moneda=i.moneda),
        ))  # fmt: skip
    return found


def _from_69b(session: Session, empresa_id: int, listed: dict[str, tuple[str, str]]) -> list[Any]:
    from sqlalchemy import select

    from facturador.models.tables import Recibido

    if not listed:
        return []
    r = Recibido.__table__  # type: ignore[attr-defined]
    issuers = session.execute(  # the list has thousands of RFCs: only those seen are asked
        select(r.c.rfc_emisor).where(r.c.empresa_id == empresa_id, r.c.direccion == "recibido")
        .distinct()
    ).scalars()  # fmt: skip
    flagged = sorted(set(issuers) & set(listed))
    if not flagged:
        return []
    rows = session.execute(
        select(r.c.id, r.c.uuid, r.c.rfc_emisor, r.c.nombre_emisor, r.c.total, r.c.moneda,
               r.c.fecha, r.c.xml)
        .where(r.c.empresa_id == empresa_id, r.c.direccion == "recibido",
               r.c.rfc_emisor.in_(flagged))
        .order_by(r.c.fecha, r.c.id)
    ).all()  # fmt: skip
    return [
        Difference(
            kind="emisor_69b",
            uuid=row.uuid,
            serie_folio=_name(*_serie_folio(bytes(row.xml))),
            rfc=row.rfc_emisor,
            nombre=row.nombre_emisor or listed[row.rfc_emisor][0],
            total=row.total,
            moneda=row.moneda,
            fecha=row.fecha,
            recibido_id=row.id,
            what_to_do=WHAT_TO_DO["emisor_69b"].format(situacion=listed[row.rfc_emisor][1]),
        )
        for row in rows
    ]


def reconcile(ctx: Context) -> ReconciliationReport:
    """Every difference between the active company's records and what the SAT says."""
    listed, listed_at = _list_69b(ctx)
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        found = _lost_answers(session, empresa.id) + _status_differences(session, empresa.id)
        found += _from_69b(session, empresa.id, listed)
    found += _unpaid_ppd(ctx)
    order = list(KINDS)
    found.sort(key=lambda d: order.index(d.kind))
    counts = {kind: sum(1 for d in found if d.kind == kind) for kind in KINDS}
    return ReconciliationReport(tuple(found), listed_at, counts)
