"""The queue's status as the status bar shows it: last attempt, next retry, near 72 h."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from facturador.models import AuditEntry, Documento, write_session
from facturador.services.context import Context
from facturador.services.issuing import issue
from facturador.services.queue_status import queue_summary
from tests.unit.services.company_setup import NOW, company_input


def _ctx(engine, secrets, tmp_path, at):
    return Context(engine, secrets, clock=lambda: at, data_dir_=tmp_path)


def test_a_document_backing_off_tells_its_last_and_next_attempt(engine, company, secrets, tmp_path):
    ctx = _ctx(engine, secrets, tmp_path, NOW)
    issue(ctx, company_input())
    fresh = queue_summary(ctx)
    assert fresh.en_cola == 1
    assert fresh.last_attempt_at is None  # never sent yet
    assert fresh.next_attempt_at == NOW  # due: the next pass tries it
    assert fresh.near_limit == 0

    with write_session(engine) as session:  # a send failed 5 min ago; it waits 10 min more
        documento = session.exec(select(Documento)).one()
        session.add(
            AuditEntry(
                documento_id=documento.id,
                from_state="EN_COLA",
                to_state="ENVIANDO",
                at=NOW - timedelta(minutes=5),
            )
        )
        documento.next_attempt_at = NOW + timedelta(minutes=10)
        session.add(documento)
        session.commit()

    summary = queue_summary(ctx, next_pass_at=NOW + timedelta(seconds=30))
    assert summary.last_attempt_at == NOW - timedelta(minutes=5)
    assert summary.next_attempt_at == NOW + timedelta(minutes=10)
    assert queue_summary(ctx, next_pass_at=NOW + timedelta(hours=1)).next_attempt_at == (
        NOW + timedelta(hours=1)
    )


def test_a_document_waiting_two_days_is_near_the_72_hour_limit(engine, company, secrets, tmp_path):
    issue(_ctx(engine, secrets, tmp_path, NOW), company_input())
    assert queue_summary(_ctx(engine, secrets, tmp_path, NOW + timedelta(hours=47))).near_limit == 0
    later = queue_summary(_ctx(engine, secrets, tmp_path, NOW + timedelta(hours=50)))
    assert later.near_limit == 1
    assert later.waiting == 1
