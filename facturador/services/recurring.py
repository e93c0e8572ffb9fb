"""Recurring invoices ("Facturas recurrentes"): a template and its monthly calendar.

A template (`Recurrente`) keeps the Generar form's JSON input (from a draft or a JSON file,
as `emitir` takes it) and a calendar: day `dia` of the month (the month's last day when it
has fewer), every `cada_meses` months from the month of `desde`, up to `hasta`. `run_due`
(called by the GUI's scheduler before each pass and by `facturador sincronizar`) turns every
date that has come and has no document yet into a sealed, queued invoice: a computer that was
off for three months issues three invoices, one per missed date, oldest first.

**Never twice.** The date's row (`RecurrenteOcurrencia`, unique per template and date) is
written in the very transaction that stores the sealed document and takes its folio
(`emission.emit_with(on_stored=...)`): a crash leaves both or neither, and the next run
skips the dates that have a row. Two processes racing for one date: the second one's
insert violates the unique key and its whole transaction (folio included) rolls back.

**Fecha.** SAT lets a PAC stamp a CFDI only while its Fecha is less than 72 hours old
(`redating.WINDOW`). A date up to `ON_ITS_DAY_WITHIN` ago (two days: the queue then still
has a day to stamp it before `redating.REDATE_AFTER`) gets a Fecha on that very day, at the
current time of day. An older date cannot carry its own day: its invoice is dated now (the
oldest a few minutes earlier than the next, so each has its own Fecha, in the order of the
dates) and the first Concepto's Descripcion states the period ("Periodo: septiembre de
2026"); the user is told so.

**Email.** With `enviar_correo`, the invoice's email is queued in the outbox
(services.email) once the pass has it stamped (`queue_stamped_emails`, in `sync.run_pass`).
"""

from __future__ import annotations

import calendar
import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from facturador.models.engine import read_session, write_session
from facturador.models.states import DocumentState
from facturador.models.tables import CorreoPendiente, Documento, Recurrente, RecurrenteOcurrencia
from facturador.sat.errors import ComprobanteInputError, FacturadorError
from facturador.sat.fecha import fecha_expedicion
from facturador.services import messages_recurring as M
from facturador.services.errors import NotFoundError, RecurringInputError

if TYPE_CHECKING:
    from facturador.models.tables import Empresa
    from facturador.services.context import Context

__all__ = [
    "ON_ITS_DAY_WITHIN",
    "IssuedOccurrence",
    "RecurringView",
    "RunReport",
    "Schedule",
    "create_from_draft",
    "create_recurring",
    "delete_recurring",
    "draft_choices",
    "last_result",
    "list_recurring",
    "occurrences",
    "queue_stamped_emails",
    "run_due",
    "set_paused",
    "update_recurring",
]

log = logging.getLogger(__name__)

ON_ITS_DAY_WITHIN = 2  # days: a Fecha that old is 48 h old, a day before the queue re-dates
LATE_STEP = timedelta(minutes=1)  # between the Fechas of the late dates of one template
_LAST_RESULT_FILE = "recurrentes_ultimo.json"


# ---------------------------------------------------------------- the calendar


@dataclass(frozen=True, slots=True)
class Schedule:
    dia: int
    cada_meses: int = 1
    desde: date = date(2000, 1, 1)
    hasta: date | None = None

    def check(self) -> None:
        if not 1 <= self.dia <= 31:
            raise RecurringInputError(M.BAD_DAY.format(valor=self.dia))
        if not 1 <= self.cada_meses <= 12:
            raise RecurringInputError(M.BAD_EVERY.format(valor=self.cada_meses))
        first = next(iter(_dates(self)), None)
        if self.hasta is not None and (first is None or self.hasta < first):
            start = first or self.desde
            raise RecurringInputError(
                M.UNTIL_BEFORE_START.format(hasta=_shown(self.hasta), desde=_shown(start))
            )

    @property
    def text(self) -> str:
        every = (
            M.EVERY_MONTH.format(dia=self.dia)
            if self.cada_meses == 1
            else M.EVERY_N_MONTHS.format(n=self.cada_meses, dia=self.dia)
        )
        return every + (M.UNTIL.format(hasta=_shown(self.hasta)) if self.hasta else "")


def _dates(schedule: Schedule) -> Iterator[date]:
    """The calendar's dates in order, from `desde` (endless without `hasta`)."""
    year, month = schedule.desde.year, schedule.desde.month
    while True:
        day = min(schedule.dia, calendar.monthrange(year, month)[1])
        when = date(year, month, day)
        if schedule.hasta is not None and when > schedule.hasta:
            return
        if when >= schedule.desde:
            yield when
        month += schedule.cada_meses
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def occurrences(schedule: Schedule, upto: date) -> list[date]:
    """The calendar's dates from `desde` up to `upto` (inclusive)."""
    found = []
    for when in _dates(schedule):
        if when > upto:
            break
        found.append(when)
    return found


def next_date(schedule: Schedule, after: date) -> date | None:
    """The first date of the calendar after `after` (None once it has ended)."""
    for when in _dates(schedule):
        if when > after:
            return when
    return None


def _shown(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _schedule(row: Recurrente) -> Schedule:
    return Schedule(
        dia=row.dia,
        cada_meses=row.cada_meses,
        desde=row.desde.date(),
        hasta=row.hasta.date() if row.hasta else None,
    )


def _at_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _today(empresa: Empresa, now: datetime) -> date:
    return fecha_expedicion(empresa.lugar_expedicion, now).date()


# ---------------------------------------------------------------- templates


@dataclass(frozen=True, slots=True, kw_only=True)
class RecurringView:
    id: int
    cliente: str
    rfc: str
    total: Decimal
    moneda: str
    cada: str  # "Cada mes, día 1 hasta el 31/12/2027"
    dia: int
    cada_meses: int
    hasta: date | None
    proximo: date | None
    estado: str  # M.STATE_*
    paused: bool
    enviar_correo: bool
    emitidas: int


def _checked_input(ctx: Context, session: Session, data: Mapping[str, Any]) -> dict[str, Any]:
    """The input completed with the company, SAT's offline rules checked (as `emitir`)."""
    from facturador.services.emission import prepare

    if not isinstance(data, Mapping):
        raise ComprobanteInputError("Comprobante", "debe ser un objeto JSON")
    tipo = str(data.get("TipoDeComprobante", "I"))
    if tipo != "I":
        raise RecurringInputError(M.ONLY_INVOICES.format(tipo=tipo))
    empresa = ctx.active_company(session)
    clean = {k: v for k, v in data.items() if k not in ("Folio", "Fecha")}
    prepare(clean, empresa, ctx.now())
    return clean


def create_recurring(
    ctx: Context,
    data: Mapping[str, Any],
    *,
    dia: int,
    cada_meses: int = 1,
    desde: date | None = None,
    hasta: date | None = None,
    enviar_correo: bool = False,
) -> int:
    """A new template of the active company from the JSON input; its id. Nothing is stored
    when the input or the calendar is wrong."""
    from facturador.services.emission import prepare

    with ctx.read() as session:
        empresa = ctx.active_company(session)
        start = desde or _today(empresa, ctx.now())
        schedule = Schedule(dia=dia, cada_meses=cada_meses, desde=start, hasta=hasta)
        schedule.check()
        clean = _checked_input(ctx, session, data)
        _, comprobante = prepare(clean, empresa, ctx.now())
    with ctx.write() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        row = Recurrente(
            empresa_id=empresa.id,
            input_json=json.dumps(clean, ensure_ascii=False, default=str),
            rfc_receptor=comprobante.receptor.rfc,
            nombre_receptor=comprobante.receptor.nombre,
            total=comprobante.total,
            moneda=comprobante.moneda,
            dia=dia,
            cada_meses=cada_meses,
            desde=_at_midnight(start),
            hasta=_at_midnight(hasta) if hasta else None,
            enviar_correo=enviar_correo,
            created_at=ctx.now(),
            updated_at=ctx.now(),
        )
        session.add(row)
        session.commit()
        assert row.id is not None
        return int(row.id)


def create_from_draft(
    ctx: Context,
    draft_id: int,
    *,
    dia: int,
    cada_meses: int = 1,
    desde: date | None = None,
    hasta: date | None = None,
    enviar_correo: bool = False,
) -> int:
    """ "Guardar como recurrente" on a draft: a template from its data (the draft stays)."""
    with ctx.read() as session:
        doc = session.get(Documento, draft_id)
        empresa_id = ctx.active_company(session).id
        if doc is None or doc.state != DocumentState.BORRADOR or doc.empresa_id != empresa_id:
            raise RecurringInputError(M.NOT_A_DRAFT.format(id=draft_id))
        if not doc.input_json:
            raise RecurringInputError(M.DRAFT_WITHOUT_DATA.format(id=draft_id))
        data = json.loads(doc.input_json)
    return create_recurring(ctx, data, dia=dia, cada_meses=cada_meses, desde=desde,
                            hasta=hasta, enviar_correo=enviar_correo)  # fmt: skip


def _own(ctx: Context, session: Session, recurrente_id: int) -> Recurrente:
    row = session.get(Recurrente, recurrente_id)
    if row is None or row.empresa_id != ctx.active_company(session).id:
        raise NotFoundError("recurrente", recurrente_id)
    return row


def list_recurring(ctx: Context) -> list[RecurringView]:
    """The active company's templates, oldest first, with their next date."""
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        today = _today(empresa, ctx.now())
        rows = session.exec(
            select(Recurrente)
            .where(Recurrente.empresa_id == empresa.id)
            .order_by(col(Recurrente.id))
        ).all()
        counts: dict[int, int] = dict(
            session.exec(
                select(RecurrenteOcurrencia.recurrente_id, func.count())
                .where(col(RecurrenteOcurrencia.recurrente_id).in_([r.id for r in rows]))
                .group_by(col(RecurrenteOcurrencia.recurrente_id))
            ).all()
        )
        done = _done_dates(session, [r.id for r in rows if r.id is not None])
    views = []
    for row in rows:
        assert row.id is not None
        schedule = _schedule(row)
        if row.paused:  # on resuming, the calendar goes on from its next date
            proximo = next_date(schedule, today - timedelta(days=1))
        else:
            proximo = _first_pending(schedule, done.get(row.id, set()), today)
        estado = M.STATE_PAUSED if row.paused else M.STATE_ACTIVE
        if proximo is None:
            estado = M.STATE_FINISHED
        views.append(
            RecurringView(
                id=row.id,
                cliente=row.nombre_receptor,
                rfc=row.rfc_receptor,
                total=row.total,
                moneda=row.moneda,
                cada=schedule.text,
                dia=row.dia,
                cada_meses=row.cada_meses,
                hasta=schedule.hasta,
                proximo=proximo,
                estado=estado,
                paused=row.paused,
                enviar_correo=row.enviar_correo,
                emitidas=int(counts.get(row.id, 0)),
            )
        )
    return views


def _first_pending(schedule: Schedule, done: set[date], today: date) -> date | None:
    """The oldest date still to issue: a missed one, else the next one to come."""
    for when in occurrences(schedule, today):
        if when not in done:
            return when
    return next_date(schedule, today)


def set_paused(ctx: Context, recurrente_id: int, paused: bool) -> None:
    """Pausar / Reanudar. Resuming does not issue the dates that passed while paused: the
    calendar starts again at its next date."""
    with ctx.write() as session:
        row = _own(ctx, session, recurrente_id)
        if row.paused and not paused:
            empresa = ctx.active_company(session)
            today = _today(empresa, ctx.now())
            done = _done_dates(session, [recurrente_id]).get(recurrente_id, set())
            yesterday = today - timedelta(days=1)
            missed = [d for d in occurrences(_schedule(row), yesterday) if d not in done]
            if missed:  # skipped on purpose: on again from today, in the same months
                row.desde = _at_midnight(_in_phase_from(_schedule(row), today))
        row.paused = paused
        row.updated_at = ctx.now()
        session.add(row)
        session.commit()


def update_recurring(
    ctx: Context,
    recurrente_id: int,
    *,
    dia: int,
    cada_meses: int,
    hasta: date | None,
    enviar_correo: bool,
) -> None:
    """Editar calendario: new day, interval, end and email option. The dates already issued
    stay issued; the new calendar starts today (missed dates of the old one are not issued
    twice, nor invented for the new one)."""
    with ctx.write() as session:
        row = _own(ctx, session, recurrente_id)
        empresa = ctx.active_company(session)
        today = _today(empresa, ctx.now())
        old = _schedule(row)
        start = old.desde
        if cada_meses != row.cada_meses:  # a new interval: its months count from today
            start = max(old.desde, today)
        elif dia != row.dia:  # a new day, in the same months, from today on
            start = max(old.desde, _in_phase_from(old, today))
        schedule = Schedule(dia=dia, cada_meses=cada_meses, desde=start, hasta=hasta)
        schedule.check()
        row.dia, row.cada_meses, row.enviar_correo = dia, cada_meses, enviar_correo
        row.desde = _at_midnight(start)
        row.hasta = _at_midnight(hasta) if hasta else None
        row.updated_at = ctx.now()
        session.add(row)
        session.commit()


def delete_recurring(ctx: Context, recurrente_id: int) -> None:
    """Borrar: the template and its calendar; the invoices it issued stay as they are."""
    with ctx.write() as session:
        row = _own(ctx, session, recurrente_id)
        for ocurrencia in session.exec(
            select(RecurrenteOcurrencia).where(RecurrenteOcurrencia.recurrente_id == row.id)
        ).all():
            session.delete(ocurrencia)
        session.delete(row)
        session.commit()


def _in_phase_from(schedule: Schedule, today: date) -> date:
    """The start that keeps the calendar's months (every N months from `desde`'s month)
    and issues nothing before `today`: today in a month of the calendar, else the 1st of
    the next such month."""
    year, month = schedule.desde.year, schedule.desde.month
    while (year, month) < (today.year, today.month):
        month += schedule.cada_meses
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    if (year, month) == (today.year, today.month):
        return today
    return date(year, month, 1)


def _done_dates(session: Session, ids: list[int]) -> dict[int, set[date]]:
    found: dict[int, set[date]] = {}
    if not ids:
        return found
    for rid, when in session.exec(
        select(RecurrenteOcurrencia.recurrente_id, RecurrenteOcurrencia.fecha_programada).where(
            col(RecurrenteOcurrencia.recurrente_id).in_(ids)
        )
    ).all():
        found.setdefault(rid, set()).add(when.date())
    return found


# ---------------------------------------------------------------- catching up


@dataclass(frozen=True, slots=True, kw_only=True)
class IssuedOccurrence:
    recurrente_id: int
    programada: date
    documento_id: int
    serie: str
    folio: int
    fecha: datetime  # the CFDI's Fecha (local, naive)
    fuera_de_plazo: bool
    periodo: str = ""

    @property
    def text(self) -> str:
        ref = f"{self.serie}-{self.folio}"
        shown = self.fecha.strftime("%d/%m/%Y %H:%M")
        if not self.fuera_de_plazo:
            return M.ISSUED_ON_ITS_DAY.format(ref=ref, fecha=shown)
        return M.ISSUED_LATE.format(
            ref=ref, programada=_shown(self.programada), fecha=shown, periodo=self.periodo
        )

    @property
    def short(self) -> str:
        """One line of the page's last result."""
        ref = f"{self.serie}-{self.folio}"
        shown = self.fecha.strftime("%d/%m/%Y %H:%M")
        template = M.SHORT_LATE if self.fuera_de_plazo else M.SHORT_ON_ITS_DAY
        return template.format(ref=ref, programada=_shown(self.programada), fecha=shown,
                               periodo=self.periodo)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class FailedOccurrence:
    recurrente_id: int
    cliente: str
    programada: date | None
    motivo: str

    @property
    def text(self) -> str:
        if self.programada is None:
            return M.NO_CSD.format(motivo=self.motivo)
        return M.FAILED.format(
            cliente=self.cliente, programada=_shown(self.programada), motivo=self.motivo
        )


@dataclass(frozen=True, slots=True)
class RunReport:
    issued: list[IssuedOccurrence] = field(default_factory=list)
    failed: list[FailedOccurrence] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if not self.issued and not self.failed:
            return M.NOTHING_DUE
        text = M.SUMMARY.format(emitidas=len(self.issued))
        late = sum(1 for i in self.issued if i.fuera_de_plazo)
        if late:
            text += M.SUMMARY_LATE.format(tarde=late)
        if self.failed:
            text += M.SUMMARY_FAILED.format(fallidas=len(self.failed))
        return text

    @property
    def lines(self) -> list[str]:
        return [i.text for i in self.issued] + [f.text for f in self.failed]


def _period(day: date) -> str:
    return f"{M.MONTHS[day.month - 1]} de {day.year}"


def _with_period(data: dict[str, Any], day: date) -> dict[str, Any]:
    """The input with the period stated at the end of the first Concepto's Descripcion."""
    result: dict[str, Any] = json.loads(json.dumps(data))
    conceptos = result.get("Conceptos")
    if isinstance(conceptos, list) and conceptos and isinstance(conceptos[0], dict):
        note = M.PERIOD_NOTE.format(mes=M.MONTHS[day.month - 1], anio=day.year)
        descripcion = str(conceptos[0].get("Descripcion", ""))
        conceptos[0]["Descripcion"] = descripcion[: 1000 - len(note)] + note
    return result


def run_due(ctx: Context, *, password: str | None = None) -> RunReport:
    """Issue every date of the active company's templates that has come and has no invoice
    yet (oldest first); the GUI's scheduler and `sincronizar` call it before the pass."""
    from facturador.models.repositories import active_empresa

    with ctx.read() as session:
        empresa = active_empresa(session)
        if empresa is None:
            return RunReport()
        rows = session.exec(
            select(Recurrente)
            .where(Recurrente.empresa_id == empresa.id)
            .where(col(Recurrente.paused).is_(False))
            .order_by(col(Recurrente.id))
        ).all()
        done = _done_dates(session, [r.id for r in rows if r.id is not None])
    offset = _clock_offset(ctx)
    now = ctx.now() + offset
    today = _today(empresa, now)
    due = [
        (row, [d for d in occurrences(_schedule(row), today) if d not in done.get(row.id, set())])
        for row in rows
        if row.id is not None
    ]
    due = [(row, dates) for row, dates in due if dates]
    report = RunReport()
    if not due:
        return report
    try:
        from facturador.services.companies import load_csd

        credential = load_csd(empresa, ctx.secrets, now, password)
    except FacturadorError as error:
        report.failed.append(FailedOccurrence(recurrente_id=0, cliente="", programada=None,
                                              motivo=error.message))  # fmt: skip
        _remember(ctx, report)
        return report
    for row, dates in due:
        _issue_dates(ctx, empresa, credential, row, dates, today, report, offset)
    _remember(ctx, report)
    return report


def _clock_offset(ctx: Context) -> timedelta:
    """The PAC's clock minus ours when this computer's is known to be off (as `emitir`):
    a Fecha in the PAC's future would be refused."""
    from facturador.services.pac_clock import clock_off_by

    return clock_off_by(ctx.data_dir, ctx.now) or timedelta(0)


def _issue_dates(
    ctx: Context,
    empresa: Empresa,
    credential: Any,
    row: Recurrente,
    dates: list[date],
    today: date,
    report: RunReport,
    offset: timedelta,
) -> None:
    from facturador.services.emission import emit_with

    assert row.id is not None
    recurrente_id = row.id
    data = json.loads(row.input_json)
    late = [d for d in dates if (today - d).days > ON_ITS_DAY_WITHIN]
    for when in dates:
        now = ctx.now() + offset
        fuera = when in late
        if fuera:  # dated now; the older the date, the earlier (one minute apart)
            dated = now - LATE_STEP * (len(late) - 1 - late.index(when))
            content = _with_period(data, when)
        else:  # on its own day, at the current time of day
            dated = now - timedelta(days=(today - when).days)
            content = data

        def record(session: Session, documento: Documento, when: date = when,
                   fuera: bool = fuera, now: datetime = now) -> None:  # fmt: skip
            session.add(
                RecurrenteOcurrencia(
                    recurrente_id=recurrente_id,
                    fecha_programada=_at_midnight(when),
                    documento_id=documento.id,
                    fuera_de_plazo=fuera,
                    correo_pendiente=row.enviar_correo,
                    created_at=now,
                )
            )
            session.flush()  # the unique key speaks now, inside the transaction

        try:
            emitted = emit_with(ctx.engine, empresa, credential, content, now,
                                dated=dated, on_stored=record)  # fmt: skip
        except IntegrityError:  # another process issued this date meanwhile: nothing stored
            log.info("recurrente %s: %s already issued elsewhere", row.id, when)
            continue
        except FacturadorError as error:
            report.failed.append(FailedOccurrence(recurrente_id=row.id,
                                                  cliente=row.nombre_receptor, programada=when,
                                                  motivo=error.message))  # fmt: skip
            break  # the later dates of this template wait: their folios stay in order
        with ctx.read() as session:
            documento = session.get(Documento, emitted.documento_id)
            assert documento is not None
            assert documento.fecha is not None
            fecha = documento.fecha
        report.issued.append(
            IssuedOccurrence(
                recurrente_id=row.id,
                programada=when,
                documento_id=emitted.documento_id,
                serie=emitted.serie,
                folio=emitted.folio,
                fecha=fecha,
                fuera_de_plazo=fuera,
                periodo=_period(when) if fuera else "",
            )
        )


def _remember(ctx: Context, report: RunReport) -> None:
    """Keep the last run that did something (the page's label), in the data dir."""
    if not report.issued and not report.failed:
        return
    text = "\n".join([report.summary, *(i.short for i in report.issued),
                      *(f"• {f.text}" for f in report.failed)])  # fmt: skip
    try:
        path = ctx.data_dir / _LAST_RESULT_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"at": ctx.now().isoformat(), "text": text}
        path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    except OSError:  # the label is a convenience: the invoices are what counts
        log.warning("could not keep the last recurring result", exc_info=True)


def last_result(ctx: Context) -> str:
    """The page's label: what the last run that issued (or failed) something did."""
    try:
        payload = json.loads((ctx.data_dir / _LAST_RESULT_FILE).read_text(encoding="utf-8"))
        when = datetime.fromisoformat(payload["at"])
        with ctx.read() as session:
            empresa = ctx.active_company(session)
        shown = fecha_expedicion(empresa.lugar_expedicion, when).strftime("%d/%m/%Y %H:%M")
        return M.LAST_RESULT.format(cuando=shown, texto=payload["text"])
    except (OSError, ValueError, KeyError, TypeError):
        return M.NEVER_RUN


# ---------------------------------------------------------------- email on stamping


def queue_stamped_emails(engine: Engine, empresa_id: int, now: datetime) -> list[str]:
    """Queue in the outbox the email of each recurring invoice that asked for one and is now
    stamped; the notices of those that could not be queued (no address, no SMTP)."""
    from facturador.services.email import queue_email

    with read_session(engine) as session:
        waiting = session.exec(
            select(RecurrenteOcurrencia.id, Documento.id, Documento.serie, Documento.folio)
            .join(Documento, col(Documento.id) == col(RecurrenteOcurrencia.documento_id))
            .where(col(RecurrenteOcurrencia.correo_pendiente).is_(True))
            .where(Documento.empresa_id == empresa_id)
            .where(Documento.state == DocumentState.TIMBRADO.value)
        ).all()
    notices = []
    for ocurrencia_id, documento_id, serie, folio in waiting:
        assert documento_id is not None
        with read_session(engine) as session:
            queued = session.exec(
                select(CorreoPendiente.id).where(CorreoPendiente.documento_id == documento_id)
            ).first()
        if queued is None:  # not queued by an earlier run that crashed before the flag
            try:
                queue_email(engine, documento_id, now=now)
            except FacturadorError as error:
                ref = f"{serie}-{folio}" if serie else str(folio)
                notices.append(M.EMAIL_NOT_QUEUED.format(ref=ref, motivo=error.message))
        with write_session(engine) as session:
            ocurrencia = session.get(RecurrenteOcurrencia, ocurrencia_id)
            if ocurrencia is not None:
                ocurrencia.correo_pendiente = False
                session.add(ocurrencia)
                session.commit()
    return notices


# ---------------------------------------------------------------- the page's choices


@dataclass(frozen=True, slots=True)
class DraftChoice:
    id: int
    text: str  # "Xóchitl Casas (CACX7605101P8) · 25/11/2026 10:00"


def draft_choices(ctx: Context) -> list[DraftChoice]:
    """The active company's invoice drafts a template can be made from, newest first."""
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        rows = session.exec(
            select(Documento)
            .where(Documento.empresa_id == empresa.id)
            .where(Documento.state == DocumentState.BORRADOR.value)
            .where(Documento.tipo == "I")
            .order_by(col(Documento.updated_at).desc())
        ).all()
    choices = []
    for doc in rows:
        assert doc.id is not None
        when = doc.fecha.strftime("%d/%m/%Y %H:%M") if doc.fecha else ""
        name = doc.nombre_receptor or doc.rfc_receptor or "—"
        text = f"{name} ({doc.rfc_receptor}) · {when}" if doc.rfc_receptor else f"{name} · {when}"
        choices.append(DraftChoice(doc.id, text))
    return choices
