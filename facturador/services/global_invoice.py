"""Factura global: the CFDI to «PUBLICO EN GENERAL» that covers a period's notas de venta.

The period (InformacionGlobal, Anexo 20 and its Guía de llenado; rules CFDI40130–CFDI40136):

- Periodicidad 01 diario (one day), 02 semanal (Monday to Sunday, within the month),
  03 quincenal (days 1–15 or 16 to the month's end), 04 mensual: Meses is the month, 01–12;
- 05 bimestral, only for an emisor in régimen 621: Meses is the bimester, 13 (enero–febrero)
  to 18 (noviembre–diciembre);
- Año is the year of the document's Fecha or the one before.

The CFDI: Receptor XAXX010101000 «PUBLICO EN GENERAL», régimen 616, UsoCFDI S01,
DomicilioFiscalReceptor = LugarExpedicion; one Concepto per pending ticket of the period
(ClaveProdServ 01010101, Cantidad 1, ClaveUnidad ACT, Descripcion «Venta», NoIdentificacion
the ticket's number, ValorUnitario its subtotal, ObjetoImp 02 with its IVA as Traslado: 16 %,
8 %, 0 % or Exento). A traslado's Base is its concept's whole Importe, so a ticket that mixes
tasas (or has products that are not objeto de impuesto, ObjetoImp 01) has one concept per
tasa, all with the ticket's number. FormaPago is the one that took the largest
amount; MetodoPago PUE. It is sealed and queued like any invoice (services.emission), and the
tickets go `en_global` in the same transaction that takes the folio.

A ticket already in a factura global that a customer later asks to have invoiced
(`invoice_ticket`) follows SAT's procedure for cancellation motivo 04 («Operación
nominativa relacionada en una factura global»): the global is cancelled with motivo 04
(withdrawn instead, if it was never sent), a new global of the same period is issued
without that ticket, then the customer's own invoice. A global the PAC rejected was never a
CFDI: it is sealed again with its own folio without that ticket (services.reissue).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlmodel import Session, col, select

from facturador.models.engine import read_session
from facturador.models.states import DocumentState
from facturador.models.tables import Documento, Empresa, NotaVenta
from facturador.sat.money import ZERO
from facturador.sat.rfc import PUBLICO_EN_GENERAL, RFC_PUBLICO_GENERAL
from facturador.services.errors import TicketError
from facturador.services.messages_notas import (
    GLOBAL_NOT_SENT,
    GLOBAL_PROCEDURE,
    GLOBAL_REJECTED,
    PERIODICIDAD_NAMES,
)
from facturador.services.receptors import BIMESTRAL, REGIMEN_BIMESTRAL, fecha_local
from facturador.services.tickets import (
    EN_GLOBAL,
    FACTURADA,
    PENDIENTE,
    TicketView,
    find_ticket,
    free_condition,
    is_free,
    ticket_view,
)

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = [
    "GlobalPreview",
    "GlobalResult",
    "Period",
    "TicketInvoiceResult",
    "emit_global",
    "global_input",
    "invoice_ticket",
    "period",
    "preview_global",
    "ticket_procedure",
]

_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    periodicidad: str
    meses: str
    anio: str
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.start == self.end:
            return f"{self.start.day} de {_MONTHS[self.start.month - 1]} de {self.start.year}"
        if self.start.month != self.end.month:
            first, last = _MONTHS[self.start.month - 1], _MONTHS[self.end.month - 1]
            return f"{first}–{last} de {self.start.year}"
        month = _MONTHS[self.start.month - 1]
        if self.start.day == 1 and self.end.day == calendar.monthrange(*_ym(self.end))[1]:
            return f"{month} de {self.start.year}"
        return f"{self.start.day} al {self.end.day} de {month} de {self.start.year}"

    def informacion_global(self) -> dict[str, str]:
        return {"Periodicidad": self.periodicidad, "Meses": self.meses, "Año": self.anio}


def _ym(day: date) -> tuple[int, int]:
    return day.year, day.month


@dataclass(frozen=True, slots=True, kw_only=True)
class GlobalPreview:
    period: Period
    tickets: tuple[TicketView, ...]
    subtotal: Decimal
    impuestos: Decimal
    total: Decimal
    forma_pago: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GlobalResult:
    preview: GlobalPreview
    documento_id: int | None  # None when simulated
    serie: str
    folio: int | None
    total: Decimal
    simulated: bool
    xml: bytes | None = None  # the sealed XML of a simulation


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketInvoiceResult:
    invoice_id: int
    invoice: str  # SERIE-FOLIO
    old_global: str | None  # the global cancelled (motivo 04) or withdrawn
    old_global_action: str | None  # "cancelada" | "retirada" | "corregida"
    new_global: str | None


def period(
    periodicidad: str, meses: str, anio: int | str, dia: int | None = None, *, regimen: str = ""
) -> Period:
    """The period Periodicidad, Meses and Año name (`dia`: a day in it, for 01–03)."""
    periodicidad = str(periodicidad).strip().zfill(2)
    if periodicidad not in PERIODICIDAD_NAMES:
        raise TicketError("bad_periodicidad", periodicidad)
    if periodicidad == BIMESTRAL and regimen != REGIMEN_BIMESTRAL:
        raise TicketError("bimestral_regimen")
    try:
        year = int(anio)
        month_code = int(str(meses).strip())
    except ValueError:
        raise TicketError("bad_meses", periodicidad, _allowed(periodicidad)) from None
    if not 1900 < year < 3000:
        raise TicketError("bad_anio", anio)
    if periodicidad == BIMESTRAL:
        if not 13 <= month_code <= 18:
            raise TicketError("bad_meses", periodicidad, _allowed(periodicidad))
        first = 2 * (month_code - 13) + 1
        start = date(year, first, 1)
        end = date(year, first + 1, calendar.monthrange(year, first + 1)[1])
        return Period(periodicidad=periodicidad, meses=str(month_code), anio=str(year),
                      start=start, end=end)  # fmt: skip
    if not 1 <= month_code <= 12:
        raise TicketError("bad_meses", periodicidad, _allowed(periodicidad))
    last_day = calendar.monthrange(year, month_code)[1]
    month_start, month_end = date(year, month_code, 1), date(year, month_code, last_day)
    if periodicidad == "04":
        start, end = month_start, month_end
    else:
        if dia is None or not 1 <= dia <= last_day:
            raise TicketError("bad_dia", periodicidad)
        day = date(year, month_code, dia)
        if periodicidad == "01":
            start = end = day
        elif periodicidad == "02":
            monday = day - timedelta(days=day.weekday())
            start, end = max(monday, month_start), min(monday + timedelta(days=6), month_end)
        else:
            start, end = (
                (month_start, date(year, month_code, 15))
                if dia <= 15
                else (date(year, month_code, 16), month_end)
            )
    return Period(periodicidad=periodicidad, meses=f"{month_code:02d}", anio=str(year),
                  start=start, end=end)  # fmt: skip


def _allowed(periodicidad: str) -> str:
    return "de 13 a 18 (bimestres)" if periodicidad == BIMESTRAL else "de 01 a 12"


def _check_when(p: Period, today: date) -> None:
    if p.start > today:
        raise TicketError("future_period", p.label)
    if p.anio not in (str(today.year), str(today.year - 1)):
        raise TicketError("bad_anio", p.anio)


def _pending(session: Session, empresa_id: int, p: Period) -> list[NotaVenta]:
    return list(
        session.exec(
            select(NotaVenta)
            .where(
                NotaVenta.empresa_id == empresa_id,
                free_condition(),
                NotaVenta.fecha >= datetime.combine(p.start, datetime.min.time()),
                NotaVenta.fecha < datetime.combine(p.end + timedelta(days=1), datetime.min.time()),
            )
            .order_by(col(NotaVenta.numero))
        )
    )


def _preview(session: Session, p: Period, notas: Sequence[NotaVenta]) -> GlobalPreview:
    subtotal = sum((Decimal(n.subtotal) for n in notas), ZERO)
    total = sum((Decimal(n.total) for n in notas), ZERO)
    by_forma: dict[str, Decimal] = {}
    for n in notas:
        by_forma[n.forma_pago] = by_forma.get(n.forma_pago, ZERO) + Decimal(n.total)
    forma = max(sorted(by_forma), key=lambda f: by_forma[f]) if by_forma else None
    return GlobalPreview(
        period=p,
        tickets=tuple(ticket_view(session, n) for n in notas),
        subtotal=subtotal,
        impuestos=total - subtotal,
        total=total,
        forma_pago=forma,
    )


def preview_global(
    ctx: Context, periodicidad: str, meses: str, anio: int | str, dia: int | None = None
) -> GlobalPreview:
    """The pending tickets of the period and what their factura global would add up to."""
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        p = period(periodicidad, meses, anio, dia, regimen=empresa.regimen_fiscal)
        today = fecha_local(empresa.lugar_expedicion, ctx.now()).date()
        _check_when(p, today)
        return _preview(session, p, _pending(session, empresa.id, p))


def _concepts(nota: NotaVenta) -> list[dict[str, Any]]:
    """The ticket's concepts: one per IVA group (a ticket with one tasa has one), and one
    with ObjetoImp 01 for what is not objeto de impuesto. A concept's traslado Base is its
    whole Importe (Anexo 20), so a ticket with two tasas needs two concepts, both with the
    ticket's number as NoIdentificacion."""
    untaxed = Decimal(nota.subtotal) - sum((Decimal(t["Base"]) for t in nota.impuestos), ZERO)
    parts: list[tuple[Decimal, dict[str, str] | None]] = [
        (Decimal(t["Base"]), t) for t in nota.impuestos
    ]
    if untaxed > 0 or not parts:
        parts.append((untaxed, None))
    result = []
    for base, tax in parts:
        concept: dict[str, Any] = {
            "ClaveProdServ": "01010101",
            "NoIdentificacion": str(nota.numero),
            "Cantidad": "1",
            "ClaveUnidad": "ACT",
            "Descripcion": "Venta",
            "ValorUnitario": f"{base:.2f}",
            "ObjetoImp": "01" if tax is None else "02",
        }
        if tax is not None:
            traslado = {k: tax[k] for k in ("Impuesto", "TipoFactor", "TasaOCuota") if k in tax}
            concept["Impuestos"] = {"Traslados": [traslado]}
        result.append(concept)
    return result


def global_input(
    empresa: Empresa, notas: Sequence[NotaVenta], informacion_global: Mapping[str, str]
) -> dict[str, Any]:
    """The Comprobante (Anexo 20's names) of the factura global of these tickets."""
    by_forma: dict[str, Decimal] = {}
    for n in notas:
        by_forma[n.forma_pago] = by_forma.get(n.forma_pago, ZERO) + Decimal(n.total)
    forma = max(sorted(by_forma), key=lambda f: by_forma[f])
    return {
        "Version": "4.0",
        "TipoDeComprobante": "I",
        "Exportacion": "01",
        "Moneda": "MXN",
        "FormaPago": forma,
        "MetodoPago": "PUE",
        "InformacionGlobal": dict(informacion_global),
        "Receptor": {
            "Rfc": RFC_PUBLICO_GENERAL,
            "Nombre": PUBLICO_EN_GENERAL,
            "DomicilioFiscalReceptor": empresa.lugar_expedicion,
            "RegimenFiscalReceptor": "616",
            "UsoCFDI": "S01",
        },
        "Conceptos": [c for n in notas for c in _concepts(n)],
    }


def _mark_on_commit(
    session: Session, empresa_id: int, serie: str, ids: Sequence[int], status: str
) -> None:
    """When `session` commits the document it just stored, the tickets `ids` point at it."""

    @event.listens_for(session, "before_commit", once=True)
    def _link(s: Session) -> None:
        documento = s.exec(
            select(Documento)
            .where(Documento.empresa_id == empresa_id, Documento.serie == serie)
            .order_by(col(Documento.id).desc())
        ).first()
        assert documento is not None
        assert documento.id is not None
        for nota in s.exec(select(NotaVenta).where(col(NotaVenta.id).in_(ids))):
            nota.status = status
            nota.documento_id = documento.id
            s.add(nota)


def _guard(
    empresa_id: int, ids: Sequence[int], status: str
) -> Callable[[Session, dict[str, Any]], None]:
    """Inside the emission's transaction: the tickets are still free, then linked."""

    def guard(session: Session, completed: dict[str, Any]) -> None:
        notas = session.exec(select(NotaVenta).where(col(NotaVenta.id).in_(ids))).all()
        for nota in notas:
            if not is_free(session, nota):
                raise TicketError("already_invoiced", nota.numero)
        _mark_on_commit(session, empresa_id, str(completed["Serie"]), ids, status)

    return guard


def _emit(
    ctx: Context, data: Mapping[str, Any], guard: Any, password: str | None
) -> tuple[int, str, int]:
    from facturador.services.emission import emit
    from facturador.services.pac_clock import sealing_now

    done = emit(ctx.engine, data, secrets=ctx.secrets, now=sealing_now(ctx.clock), guard=guard,
                password=password)  # fmt: skip
    return done.documento_id, done.serie, done.folio


def emit_global(
    ctx: Context,
    periodicidad: str,
    meses: str,
    anio: int | str,
    dia: int | None = None,
    *,
    simulate: bool = False,
    password: str | None = None,
) -> GlobalResult:
    """Build, seal and queue the factura global of the period's pending tickets.

    With `simulate`, the document is built, checked against SAT's rules, sealed and
    checked against the XSD, and nothing is stored (its XML is returned)."""
    preview = preview_global(ctx, periodicidad, meses, anio, dia)
    p = preview.period
    if not preview.tickets:
        raise TicketError("empty_period", p.label)
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        notas = _pending(session, empresa.id, p)
        ids = [n.id for n in notas if n.id is not None]
        data = global_input(empresa, notas, p.informacion_global())
    if simulate:
        return _simulate(ctx, empresa, data, preview, password)
    guard = _guard(empresa.id, ids, EN_GLOBAL)
    doc_id, serie, folio = _emit(ctx, data, guard, password)
    return GlobalResult(preview=preview, documento_id=doc_id, serie=serie, folio=folio,
                        total=preview.total, simulated=False)  # fmt: skip


def _simulate(
    ctx: Context,
    empresa: Empresa,
    data: Mapping[str, Any],
    preview: GlobalPreview,
    password: str | None,
) -> GlobalResult:
    from facturador.services.companies import load_csd
    from facturador.services.emission import DEFAULT_SERIE, prepare, seal_with_folio
    from facturador.services.folios import next_folio
    from facturador.services.pac_clock import sealing_now

    now = sealing_now(ctx.clock)
    assert empresa.id is not None
    with ctx.read() as session:
        folio = next_folio(session, empresa.id, DEFAULT_SERIE) or 1
    credential = load_csd(empresa, ctx.secrets, now, password)
    _, comprobante = prepare(data, empresa, now, folio=folio)
    sealed = seal_with_folio(comprobante, credential, folio)
    return GlobalResult(preview=preview, documento_id=None, serie=DEFAULT_SERIE, folio=folio,
                        total=comprobante.total, simulated=True, xml=sealed.xml)  # fmt: skip


# ---------------------------------------------------------------- a ticket invoiced later


def _invoice_input(nota: NotaVenta, receptor: Mapping[str, str]) -> dict[str, Any]:
    conceptos = []
    for line in nota.lineas:
        concept: dict[str, Any] = {
            k: line[k]
            for k in ("ClaveProdServ", "NoIdentificacion", "ClaveUnidad", "Unidad",
                      "Descripcion", "Cantidad", "ValorUnitario", "ObjetoImp")
            if line.get(k) is not None
        }  # fmt: skip
        if line["Traslados"]:
            concept["Impuestos"] = {"Traslados": [dict(t) for t in line["Traslados"]]}
        conceptos.append(concept)
    return {
        "Version": "4.0",
        "TipoDeComprobante": "I",
        "Exportacion": "01",
        "Moneda": "MXN",
        "FormaPago": nota.forma_pago,
        "MetodoPago": "PUE",
        "Receptor": dict(receptor),
        "Conceptos": conceptos,
    }


def _receptor(
    session: Session, empresa_id: int, cliente_id: int, uso: str | None
) -> dict[str, str]:
    from facturador.services.catalog_data import get_client

    cliente = get_client(session, empresa_id, cliente_id)
    return {
        "Rfc": cliente.rfc,
        "Nombre": cliente.nombre,
        "DomicilioFiscalReceptor": cliente.domicilio_fiscal_receptor,
        "RegimenFiscalReceptor": cliente.regimen_fiscal_receptor,
        "UsoCFDI": uso or cliente.uso_cfdi,
    }


def ticket_procedure(ctx: Context, numero: int) -> str | None:
    """What invoicing this ticket to a customer will also do (SAT's motivo 04), or None."""
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        nota = find_ticket(session, empresa.id, numero)
        if nota.status == FACTURADA:
            raise TicketError("already_invoiced", numero)
        if nota.status != EN_GLOBAL or nota.documento_id is None or is_free(session, nota):
            return None
        doc = session.get(Documento, nota.documento_id)
        if doc is None:
            return None
        _check_correctable(doc)
        name = f"{doc.serie}-{doc.folio}"
        if doc.state == DocumentState.TIMBRADO:
            return GLOBAL_PROCEDURE.format(global_=name)
        if doc.state == DocumentState.RECHAZADO:
            return GLOBAL_REJECTED.format(global_=name)
        return GLOBAL_NOT_SENT.format(global_=name)


def invoice_ticket(
    ctx: Context,
    numero: int,
    cliente_id: int,
    uso_cfdi: str | None = None,
    *,
    password: str | None = None,
) -> TicketInvoiceResult:
    """Invoice a ticket to a named customer; a ticket already in a global follows SAT's
    procedure (module docstring). Both documents are checked before anything changes."""
    from facturador.services.companies import load_csd
    from facturador.services.emission import prepare
    from facturador.services.pac_clock import sealing_now

    now = sealing_now(ctx.clock)
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        nota = find_ticket(session, empresa.id, numero)
        if nota.status == FACTURADA:
            raise TicketError("already_invoiced", numero)
        invoice = _invoice_input(nota, _receptor(session, empresa.id, cliente_id, uso_cfdi))
        in_global = nota.status == EN_GLOBAL and not is_free(session, nota)
        old = session.get(Documento, nota.documento_id) if in_global else None
        others: list[NotaVenta] = []
        new_global = None
        if old is not None:
            _check_correctable(old)
            others = list(
                session.exec(
                    select(NotaVenta)
                    .where(NotaVenta.documento_id == old.id, NotaVenta.id != nota.id)
                    .order_by(col(NotaVenta.numero))
                )
            )
            if others:
                info = _old_informacion_global(old)
                new_global = global_input(empresa, others, info)
                prepare(new_global, empresa, now)  # SAT's rules, before anything changes
        prepare(invoice, empresa, now)
    load_csd(empresa, ctx.secrets, now, password)  # a missing password stops it here
    old_name = old_action = new_name = None
    if old is not None and old.state == DocumentState.RECHAZADO:
        # never stamped: the rejected global is sealed again, same folio, without the ticket
        from facturador.services.reissue import reissue

        assert old.id is not None
        old_name = new_name = f"{old.serie}-{old.folio}"
        old_action = "corregida"
        if new_global is not None:
            reissue(ctx.engine, old.id, new_global, secrets=ctx.secrets, now=now)
        else:
            new_name = None
        _release(ctx, old.id, only=nota.id)
    elif old is not None:
        assert old.id is not None
        old_name, old_action = _retire_global(ctx, old, now)
        _release(ctx, old.id)
        if new_global is not None:
            ids = [n.id for n in others if n.id is not None]
            guard = _guard(empresa.id, ids, EN_GLOBAL)
            _, serie, folio = _emit(ctx, new_global, guard, password)
            new_name = f"{serie}-{folio}"
    assert nota.id is not None
    guard = _guard(empresa.id, [nota.id], FACTURADA)
    doc_id, serie, folio = _emit(ctx, invoice, guard, password)
    return TicketInvoiceResult(invoice_id=doc_id, invoice=f"{serie}-{folio}",
                               old_global=old_name, old_global_action=old_action,
                               new_global=new_name)  # fmt: skip


def _check_correctable(doc: Documento) -> None:
    name = f"{doc.serie}-{doc.folio}"
    if doc.state in (DocumentState.TIMBRADO, DocumentState.RECHAZADO):
        return
    if doc.state in (DocumentState.SELLADO, DocumentState.EN_COLA) and not doc.may_be_stamped:
        return
    if doc.state in (DocumentState.ENVIANDO, DocumentState.EN_COLA):
        raise TicketError("global_busy", name)
    from facturador.services.messages import STATE_LABELS

    raise TicketError("global_state", name, STATE_LABELS.get(doc.state, doc.state).lower())


def _old_informacion_global(doc: Documento) -> dict[str, str]:
    import json

    data = json.loads(doc.input_json or "{}")
    return dict(data["InformacionGlobal"])


def _retire_global(ctx: Context, doc: Documento, now: datetime) -> tuple[str, str]:
    """Cancel the stamped global with motivo 04, or withdraw one that was never sent."""
    assert doc.id is not None
    name = f"{doc.serie}-{doc.folio}"
    if doc.state == DocumentState.TIMBRADO:
        from facturador.services.cancel_requests import request_cancellation

        assert doc.uuid is not None
        request_cancellation(ctx.engine, doc.uuid, "04", empresa_id=doc.empresa_id, now=now)
        return name, "cancelada"
    from facturador.services.withdrawal import withdraw_document

    withdraw_document(ctx.engine, doc.id, now)
    return name, "retirada"


def _release(ctx: Context, global_id: int, only: int | None = None) -> None:
    """The tickets of a cancelled or withdrawn global (or just `only`) are pending again."""
    with ctx.write() as session:
        query = select(NotaVenta).where(NotaVenta.documento_id == global_id)
        if only is not None:
            query = query.where(NotaVenta.id == only)
        for nota in session.exec(query):
            nota.status = PENDIENTE
            nota.documento_id = None
            session.add(nota)
        session.commit()


def global_tickets(ctx: Context, documento_id: int) -> list[TicketView]:
    """The tickets a factura global covers."""
    with read_session(ctx.engine) as session:
        notas = session.exec(
            select(NotaVenta)
            .where(NotaVenta.documento_id == documento_id, NotaVenta.status == EN_GLOBAL)
            .order_by(col(NotaVenta.numero))
        )
        return [ticket_view(session, n) for n in notas]
