"""A pass against a PAC that stalls every request ends within its bound, between documents.

The loopback Finkok emulator answers every request late (within the client's read timeout,
or after it); the pass must stop by itself, leaving every document it did not reach exactly
as it was (EN_COLA, same bytes, no attempt counted).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from facturador.models import Documento, read_session
from facturador.models.engine import open_database, sqlite_url
from facturador.models.states import DocumentState
from facturador.pac.finkok import FinkokClient
from facturador.pac.sandbox import SandboxStamper
from facturador.services.emission import emit
from facturador.services.queue import PassLimits, sync_once
from facturador.services.queue_events import PauseReason
from facturador.services.secrets import MemorySecretStore
from tests.pac_emulators import FaultKind, FaultPlan, FinkokEmulator
from tests.unit.services.company_setup import company_input, install_test_company

REPO = Path(__file__).resolve().parents[2]
CSD_DIR = REPO.parent / "shared" / "sat" / "csd"
NOW = datetime.now(UTC).replace(microsecond=0)
DOCS = 12


@pytest.fixture
def queued(tmp_path):
    secrets = MemorySecretStore()
    engine = open_database(sqlite_url(tmp_path / "db.sqlite3"))
    empresa = install_test_company(engine, CSD_DIR, secrets, now=NOW)
    ids = [
        emit(engine, company_input(), secrets=secrets, now=NOW).documento_id for _ in range(DOCS)
    ]
    with read_session(engine) as session:
        before = {d.id: d.sealed_xml for d in session.exec(select(Documento)).all()}
    yield engine, empresa.id, ids, before
    engine.dispose()


def _stalling(kind: FaultKind) -> FinkokEmulator:
    emulator = FinkokEmulator(
        SandboxStamper(clock=lambda: NOW + timedelta(minutes=1)),
        faults=FaultPlan(rate=1.0, random_kinds=(kind,)),
    )
    emulator.slow_delay = 0.6  # just under the client's 0.8 s read timeout
    emulator.timeout_delay = 1.0  # beyond it
    return emulator


def _client(emulator) -> FinkokClient:
    return FinkokClient("demo@example.com", "secreto", base_url=emulator.url, timeout=(2, 0.8))


def _untouched(engine, before, stamped_ids):
    with read_session(engine) as session:
        rows = session.exec(select(Documento).order_by(col(Documento.id))).all()
    rest = [d for d in rows if d.id not in stamped_ids]
    assert rest
    for documento in rest:
        assert documento.state == DocumentState.EN_COLA
        assert documento.sealed_xml == before[documento.id]
    return rest


@pytest.mark.parametrize("kind", [FaultKind.SLOW, FaultKind.TIMEOUT])
def test_consecutive_stalls_end_the_pass_and_leave_the_rest_queued(queued, kind):
    engine, empresa_id, ids, before = queued
    with _stalling(kind) as emulator:
        started = time.monotonic()
        report = sync_once(
            engine,
            _client(emulator),
            empresa_id=empresa_id,
            now=NOW + timedelta(minutes=1),
            limits=PassLimits(stall_after=0.4),
        )
        elapsed = time.monotonic() - started
    # Three stalls in a row, then the pass stops: not twelve of them.
    assert len(emulator.requests) == 3
    assert elapsed < 3 * 1.0 + 2.0
    assert report.paused_reason in (PauseReason.SLOW, PauseReason.UNREACHABLE)
    stamped = {s.documento_id for s in report.stamped}
    rest = _untouched(engine, before, stamped)
    assert sum(d.attempts for d in rest) <= 3  # only the ones sent (TIMEOUT: unknown outcome)
    assert all(d.attempts == 0 for d in rest if d.id not in {*ids[:3]})
    if kind is FaultKind.SLOW:
        assert stamped == set(ids[:3])  # slow, but answered: those are stored
        assert "tarda demasiado en responder" in " ".join(report.notices)


def test_the_pass_stops_when_its_time_budget_is_spent(queued):
    engine, empresa_id, _ids, before = queued
    with _stalling(FaultKind.SLOW) as emulator:
        started = time.monotonic()
        report = sync_once(
            engine,
            _client(emulator),
            empresa_id=empresa_id,
            now=NOW + timedelta(minutes=1),
            limits=PassLimits(time_budget=1.5, stall_after=60),
        )
        elapsed = time.monotonic() - started
    assert elapsed < 1.5 + 1.0  # at most one request past the budget
    assert 1 <= len(report.stamped) <= 3
    assert report.paused_reason is PauseReason.TIME_UP
    assert "tiempo máximo" in " ".join(report.notices)
    _untouched(engine, before, {s.documento_id for s in report.stamped})


def test_the_user_stops_the_pass_between_documents(queued):
    engine, empresa_id, ids, before = queued
    emulator = FinkokEmulator(SandboxStamper(clock=lambda: NOW + timedelta(minutes=1)))

    def should_stop() -> bool:  # the user presses Cancelar after the second stamp
        return len(emulator.stamp_counts) >= 2

    with emulator:
        report = sync_once(
            engine,
            _client(emulator),
            empresa_id=empresa_id,
            now=NOW + timedelta(minutes=1),
            limits=PassLimits(should_stop=should_stop),
        )
    assert [s.documento_id for s in report.stamped] == ids[:2]
    assert report.paused_reason is PauseReason.STOPPED
    _untouched(engine, before, set(ids[:2]))


@pytest.mark.slow
def test_a_users_sincronizar_loop_drains_100_documents_through_a_faulty_pac(tmp_path):
    """20 % of requests fault (HTTP 500, reset, a stall past the timeout, a malformed body)
    and 10 % are stamped with the answer lost. Each run is the user's `sincronizar`
    (everything due now, no waiting on backoff): the queue drains in a few runs, and no
    document is stamped twice."""
    count = 100
    secrets = MemorySecretStore()
    engine = open_database(sqlite_url(tmp_path / "db.sqlite3"))
    empresa = install_test_company(engine, CSD_DIR, secrets, now=NOW)
    for _ in range(count):
        emit(engine, company_input(), secrets=secrets, now=NOW)
    kinds = (
        FaultKind.HTTP_500,
        FaultKind.DROP,
        FaultKind.TIMEOUT,
        FaultKind.MALFORMED,
        FaultKind.DROP_AFTER_COMMIT,
        FaultKind.DROP_AFTER_COMMIT,
    )
    faults = FaultPlan(rate=0.3, seed=21, random_kinds=kinds)
    emulator = FinkokEmulator(
        SandboxStamper(clock=lambda: NOW + timedelta(minutes=1)), faults=faults
    )
    emulator.timeout_delay = 0.5
    started = time.monotonic()
    runs = 0
    with emulator:
        client = FinkokClient(
            "demo@example.com", "secreto", base_url=emulator.url, timeout=(2, 0.3),
            recover_interval=0.01,
        )  # fmt: skip
        while runs < 15:
            runs += 1
            report = sync_once(
                engine,
                client,
                empresa_id=empresa.id,
                now=NOW + timedelta(minutes=1, seconds=runs),
                everything_due=True,
            )
            if not report.waiting:
                break
    seconds = time.monotonic() - started
    with read_session(engine) as session:
        rows = session.exec(select(Documento)).all()
    engine.dispose()
    print(
        f"\ndrain: {count} documents, {runs} runs, {seconds:.1f} s, faults {len(faults.injected)}"
    )
    assert {d.state for d in rows} == {DocumentState.TIMBRADO}
    assert runs <= 10
    assert len(emulator.stamp_counts) == count
    assert set(emulator.stamp_counts.values()) == {1}  # stamped twice: 0
    assert len(faults.injected) >= 20
