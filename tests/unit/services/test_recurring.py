"""Recurring invoices: one invoice per date, each with its own Fecha, never twice."""

from __future__ import annotations

import multiprocessing
import os
import signal
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from facturador.models import Documento, create_db_engine, read_session, write_session
from facturador.models.tables import Cliente, CorreoPendiente, RecurrenteOcurrencia
from facturador.sat.xml_reader import parse_comprobante
from facturador.services import recurring
from facturador.services.context import Context
from facturador.services.errors import RecurringInputError, RulesFailedError
from facturador.services.secrets import MemorySecretStore
from tests.unit.services.company_setup import PASSWORD, company_input

CREATED = datetime(2026, 8, 20, 16, 0, tzinfo=UTC)
BACK = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # 10:00 in Querétaro


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock():
    return Clock(CREATED)


@pytest.fixture
def ctx(engine, company, secrets, clock, tmp_path):
    return Context(engine, secrets, clock=clock, data_dir_=tmp_path)


def _documents(engine):
    with read_session(engine) as session:
        return session.exec(select(Documento).order_by(Documento.id)).all()


def test_three_months_closed_gives_three_invoices_each_with_its_fecha(ctx, engine, clock):
    rid = recurring.create_recurring(ctx, company_input(), dia=1)
    assert recurring.run_due(ctx).issued == []  # 20 Aug: nothing due yet
    clock.at = BACK
    report = recurring.run_due(ctx)
    assert [i.programada for i in report.issued] == [
        date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
    ]  # fmt: skip
    assert all(i.fuera_de_plazo for i in report.issued)
    docs = _documents(engine)
    assert [(d.serie, d.folio, d.state) for d in docs] == [
        ("A", 1, "EN_COLA"), ("A", 2, "EN_COLA"), ("A", 3, "EN_COLA")
    ]  # fmt: skip
    parsed = [parse_comprobante(d.sealed_xml) for d in docs]
    fechas = [c.fecha for c in parsed]
    assert len(set(fechas)) == 3
    assert fechas == sorted(fechas)
    # within SAT's 72 h of stamping now, the latest is now (10:00 local)
    assert fechas[-1] == datetime(2026, 11, 20, 10, 0, 0)
    assert fechas[0] == datetime(2026, 11, 20, 9, 58, 0)
    assert [c.conceptos[0].descripcion for c in parsed] == [
        "Venta (Periodo: septiembre de 2026)",
        "Venta (Periodo: octubre de 2026)",
        "Venta (Periodo: noviembre de 2026)",
    ]
    assert "72 horas" in report.summary
    assert "3 factura(s)" in report.summary
    # a second run (the next pass) issues nothing more
    assert recurring.run_due(ctx).issued == []
    assert len(_documents(engine)) == 3
    (view,) = recurring.list_recurring(ctx)
    assert (view.id, view.emitidas, view.proximo, view.estado) == (
        rid, 3, date(2026, 12, 1), "Activa"
    )  # fmt: skip
    assert "3 factura(s)" in recurring.last_result(ctx)


def test_a_date_within_the_window_is_dated_on_its_own_day(ctx, engine, clock):
    clock.at = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
    recurring.create_recurring(ctx, company_input(), dia=24)
    clock.at = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # the 24th was yesterday
    (issued,) = recurring.run_due(ctx).issued
    assert not issued.fuera_de_plazo
    (doc,) = _documents(engine)
    comprobante = parse_comprobante(doc.sealed_xml)
    assert comprobante.fecha == datetime(2026, 11, 24, 10, 0, 0)
    assert comprobante.conceptos[0].descripcion == "Venta"
    assert "24/11/2026" in issued.text


def test_a_crash_inside_the_catch_up_never_issues_a_date_twice(ctx, engine, clock, monkeypatch):
    from facturador.services import emission

    recurring.create_recurring(ctx, company_input(), dia=1)
    clock.at = BACK
    real = emission.record_figures
    calls = []

    def crash_on_second(session, documento, comprobante):
        calls.append(1)
        real(session, documento, comprobante)
        if len(calls) == 2:  # sealed, stored, not yet committed with its date's row
            raise SystemExit("power cut")

    monkeypatch.setattr(emission, "record_figures", crash_on_second)
    with pytest.raises(SystemExit):
        recurring.run_due(ctx)
    monkeypatch.setattr(emission, "record_figures", real)
    assert [d.folio for d in _documents(engine)] == [1]  # the second rolled back whole
    recurring.run_due(ctx)
    recurring.run_due(ctx)
    docs = _documents(engine)
    assert [d.folio for d in docs] == [1, 2, 3]
    with read_session(engine) as session:
        rows = session.exec(select(RecurrenteOcurrencia)).all()
    assert sorted(r.fecha_programada.date() for r in rows) == [
        date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
    ]  # fmt: skip
    assert {r.documento_id for r in rows} == {d.id for d in docs}


def _killed_mid_catch_up(url, data_dir):
    from facturador.services import emission

    engine = create_db_engine(url)
    real = emission.record_figures
    calls = []

    def kill_on_second(session, documento, comprobante):
        calls.append(1)
        real(session, documento, comprobante)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    emission.record_figures = kill_on_second
    ctx = Context(engine, MemorySecretStore(), clock=lambda: BACK, data_dir_=data_dir)
    recurring.run_due(ctx, password=PASSWORD)


def test_a_process_killed_during_catch_up_then_run_again_gives_exactly_three(
    ctx, engine, db_url, tmp_path
):
    recurring.create_recurring(ctx, company_input(), dia=1)
    process = multiprocessing.get_context("fork").Process(
        target=_killed_mid_catch_up, args=(db_url, tmp_path)
    )
    process.start()
    process.join(120)
    assert process.exitcode == -signal.SIGKILL
    assert [d.folio for d in _documents(engine)] == [1]
    ctx.clock = lambda: BACK
    assert len(recurring.run_due(ctx).issued) == 2
    assert [d.folio for d in _documents(engine)] == [1, 2, 3]
    assert recurring.run_due(ctx).issued == []


def test_paused_templates_issue_nothing_and_resume_at_the_next_date(ctx, engine, clock):
    rid = recurring.create_recurring(ctx, company_input(), dia=1)
    recurring.set_paused(ctx, rid, True)
    clock.at = BACK
    assert recurring.run_due(ctx).issued == []
    assert recurring.list_recurring(ctx)[0].estado == "En pausa"
    recurring.set_paused(ctx, rid, False)
    assert recurring.run_due(ctx).issued == []  # the dates while paused are not issued
    (view,) = recurring.list_recurring(ctx)
    assert (view.estado, view.proximo) == ("Activa", date(2026, 12, 1))


def test_every_two_months_until_a_date(ctx, engine, clock):
    recurring.create_recurring(ctx, company_input(), dia=31, cada_meses=2,
                               hasta=date(2026, 10, 31))  # fmt: skip
    clock.at = BACK
    report = recurring.run_due(ctx)
    # August has a 31st, October too; September is skipped (every two months)
    assert [i.programada for i in report.issued] == [date(2026, 8, 31), date(2026, 10, 31)]
    (view,) = recurring.list_recurring(ctx)
    assert (view.estado, view.proximo) == ("Terminada", None)
    assert recurring.occurrences(
        recurring.Schedule(dia=31, desde=date(2027, 1, 1)), date(2027, 4, 30)
    ) == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]


def test_bad_input_or_calendar_stores_nothing(ctx, engine):
    bad = company_input()
    bad["Receptor"]["RegimenFiscalReceptor"] = "601"
    with pytest.raises(RulesFailedError):
        recurring.create_recurring(ctx, bad, dia=1)
    with pytest.raises(RecurringInputError, match="del 1 al 31"):
        recurring.create_recurring(ctx, company_input(), dia=32)
    with pytest.raises(RecurringInputError, match="anterior"):
        recurring.create_recurring(ctx, company_input(), dia=1, hasta=date(2026, 8, 1))
    assert recurring.list_recurring(ctx) == []


def test_edit_delete_and_a_draft_as_template(ctx, engine, clock):
    from facturador.services.drafts import save_draft

    draft = save_draft(ctx, company_input())
    rid = recurring.create_from_draft(ctx, draft, dia=5)
    recurring.update_recurring(ctx, rid, dia=10, cada_meses=3, hasta=None, enviar_correo=True)
    (view,) = recurring.list_recurring(ctx)
    assert (view.cada, view.enviar_correo, view.proximo) == (
        "Cada 3 meses, día 10", True, date(2026, 11, 10)
    )  # fmt: skip
    recurring.delete_recurring(ctx, rid)
    assert recurring.list_recurring(ctx) == []
    assert [d.state for d in _documents(engine)] == ["BORRADOR"]  # the draft stays


def test_email_is_queued_once_the_invoice_is_stamped(ctx, engine, clock, company):
    with write_session(engine) as session:
        empresa = ctx.active_company(session)
        empresa.smtp_host, empresa.smtp_from = "localhost", "facturas@example.com"
        data = company_input()
        session.add(empresa)
        session.add(
            Cliente(
                empresa_id=empresa.id,
                rfc=data["Receptor"]["Rfc"],
                nombre=data["Receptor"]["Nombre"],
                regimen_fiscal_receptor=data["Receptor"]["RegimenFiscalReceptor"],
                domicilio_fiscal_receptor=data["Receptor"]["DomicilioFiscalReceptor"],
                uso_cfdi=data["Receptor"]["UsoCFDI"],
                emails=["cliente@example.com"],
            )
        )
        session.commit()
    clock.at = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
    recurring.create_recurring(ctx, company_input(), dia=20, enviar_correo=True)
    (issued,) = recurring.run_due(ctx).issued
    assert recurring.queue_stamped_emails(engine, company.id, clock.at) == []  # not stamped
    with write_session(engine) as session:
        doc = session.get(Documento, issued.documento_id)
        doc.state, doc.stamped_xml = "TIMBRADO", doc.sealed_xml
        session.add(doc)
        session.commit()
    assert recurring.queue_stamped_emails(engine, company.id, clock.at) == []
    assert recurring.queue_stamped_emails(engine, company.id, clock.at) == []
    with read_session(engine) as session:
        (correo,) = session.exec(select(CorreoPendiente)).all()
    assert correo.recipients == ["cliente@example.com"]


def test_the_pass_issues_stamps_and_queues_the_email_of_a_due_invoice(ctx, engine, clock, company):
    """`sync_active` (the GUI's pass) issues the due invoice first, stamps it in the same
    pass (the demo sandbox) and leaves its email in the outbox."""
    from facturador.services.sync import sync_active

    with write_session(engine) as session:
        empresa = ctx.active_company(session)
        empresa.smtp_host, empresa.smtp_port = "127.0.0.1", 9  # nobody listens: it waits
        empresa.smtp_from = "facturas@example.com"
        session.add(empresa)
        data = company_input()
        session.add(
            Cliente(
                empresa_id=empresa.id,
                rfc=data["Receptor"]["Rfc"],
                nombre=data["Receptor"]["Nombre"],
                regimen_fiscal_receptor=data["Receptor"]["RegimenFiscalReceptor"],
                domicilio_fiscal_receptor=data["Receptor"]["DomicilioFiscalReceptor"],
                uso_cfdi=data["Receptor"]["UsoCFDI"],
                emails=["cliente@example.com"],
            )
        )
        session.commit()
    from facturador.sat.fecha import fecha_expedicion

    clock.at = datetime.now(UTC)  # the sandbox stamps by the real clock
    today = fecha_expedicion("42501", clock.at).date()
    recurring.create_recurring(ctx, company_input(), dia=today.day, enviar_correo=True)
    outcome = sync_active(ctx)
    (issued,) = outcome.recurring.issued
    assert [s.documento_id for s in outcome.stamping.stamped] == [issued.documento_id]
    with read_session(engine) as session:
        (correo,) = session.exec(select(CorreoPendiente)).all()
        (ocurrencia,) = session.exec(select(RecurrenteOcurrencia)).all()
    assert (correo.documento_id, correo.recipients) == (
        issued.documento_id,
        ["cliente@example.com"],
    )
    assert correo.state == "PENDIENTE"
    assert ocurrencia.correo_pendiente is False
    sync_active(ctx)  # the next pass: no second invoice, no second email
    with read_session(engine) as session:
        assert len(session.exec(select(CorreoPendiente)).all()) == 1
    assert len(_documents(engine)) == 1


def test_resuming_or_a_new_day_keeps_the_months_of_an_every_three_months_calendar(ctx, clock):
    clock.at = datetime(2026, 1, 5, 16, 0, tzinfo=UTC)
    rid = recurring.create_recurring(ctx, company_input(), dia=10, cada_meses=3)  # Jan Apr Jul
    recurring.set_paused(ctx, rid, True)
    clock.at = datetime(2026, 4, 20, 16, 0, tzinfo=UTC)  # 10 Jan and 10 Apr passed paused
    assert recurring.list_recurring(ctx)[0].proximo == date(2026, 7, 10)
    recurring.set_paused(ctx, rid, False)
    assert recurring.run_due(ctx).issued == []
    (view,) = recurring.list_recurring(ctx)
    assert (view.estado, view.proximo) == ("Activa", date(2026, 7, 10))
    clock.at = datetime(2026, 5, 3, 16, 0, tzinfo=UTC)
    recurring.update_recurring(ctx, rid, dia=25, cada_meses=3, hasta=None, enviar_correo=False)
    assert recurring.list_recurring(ctx)[0].proximo == date(2026, 7, 25)


def test_resuming_on_the_day_still_issues_today(ctx, engine, clock):
    clock.at = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
    rid = recurring.create_recurring(ctx, company_input(), dia=25)
    recurring.set_paused(ctx, rid, True)
    clock.at = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
    recurring.set_paused(ctx, rid, False)
    (issued,) = recurring.run_due(ctx).issued
    assert issued.programada == date(2026, 11, 25)


def test_a_date_another_process_issued_meanwhile_is_not_issued_again(
    ctx, engine, clock, monkeypatch
):
    recurring.create_recurring(ctx, company_input(), dia=1)
    clock.at = BACK
    assert len(recurring.run_due(ctx).issued) == 3
    # a second process that read the dates before the first one committed: the unique key
    # refuses each date inside its transaction, folio included
    monkeypatch.setattr(recurring, "_done_dates", lambda session, ids: {})
    report = recurring.run_due(ctx)
    assert (report.issued, report.failed) == ([], [])
    assert [d.folio for d in _documents(engine)] == [1, 2, 3]
    from facturador.services.folios import next_folio

    with read_session(engine) as session:
        assert next_folio(session, ctx.company().id, "A") == 4  # no folio burnt
