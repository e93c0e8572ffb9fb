"""Exactly once, whatever happens: the queue killed with SIGKILL at random moments while it
drains through the loopback PACs over real HTTP, and restarted each time.

Figures: Finkok 300 documents and 20 kills; SW 300 documents, 20 % of the stamp requests
faulted at random (seeded) and 20 kills. The emulators live in this process, so their stamp
counters and stored stamps survive every kill of the worker.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
import random
import shutil
import signal
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlmodel import col, select

from facturador.models import Documento, read_session, write_session
from facturador.models.engine import open_database, sqlite_url
from facturador.models.states import DocumentState
from facturador.models.tables import AuditEntry, Empresa
from facturador.pac.finkok import FinkokClient
from facturador.pac.sandbox import SandboxStamper
from facturador.services.companies import add_company, install_csd, load_csd
from facturador.services.emission import _seal_and_queue, prepare
from facturador.services.queue import sync_once
from facturador.services.queue_events import PauseReason
from facturador.services.secrets import MemorySecretStore
from tests.pac_emulators import FaultPlan, FinkokEmulator, SwEmulator
from tests.unit.sat.conftest import BASE_INPUT

REPO = Path(__file__).resolve().parents[2]
CSD = REPO.parent / "shared" / "sat" / "csd" / "csd_EKU9003173C9"
PASSWORD = "12345678a"
FINKOK_DOCS, FINKOK_KILLS = 300, 20
SW_DOCS, SW_KILLS, SW_FAULT_RATE = 300, 20, 0.2


def _worker(url: str, provider: str, base_url: str, empresa_id: int, ready) -> None:
    """The child process: drain the queue, no backoff (a fault is retried on the next pass)."""
    from facturador.models.engine import create_db_engine
    from facturador.pac.sw import SwClient

    if provider == "finkok":
        client = FinkokClient(
            "demo@example.com", "secreto", base_url=base_url, timeout=(2.0, 0.3),
            recover_interval=0.05,
        )  # fmt: skip
    else:
        client = SwClient(
            user="demo@example.com", password="secreto", services_url=base_url, timeout=(2.0, 0.3)
        )
    engine = create_db_engine(url)
    ready.set()
    while True:
        report = sync_once(engine, client, empresa_id=empresa_id, backoff=lambda _a: timedelta(0))
        if report.rejected:
            sys.exit(3)
        if not report.waiting:
            return


def _input() -> dict[str, object]:
    data = copy.deepcopy(BASE_INPUT)
    for key in ("Emisor", "Folio", "LugarExpedicion"):
        data.pop(key)
    return data


def _queued_database(path: Path, count: int) -> int:
    """A SQLite database with `count` documents emitted (sealed and EN_COLA); the company id."""
    now = datetime.now(UTC)
    secrets = MemorySecretStore()
    engine = open_database(sqlite_url(path))
    with write_session(engine) as session:
        empresa = add_company(
            session,
            rfc="EKU9003173C9",
            nombre="ESCUELA KEMPER URGATE",
            regimen_fiscal="601",
            lugar_expedicion="42501",
        )
        install_csd(
            session,
            empresa.id,
            (CSD / "certificate.cer").read_bytes(),
            (CSD / "private_key.key").read_bytes(),
            PASSWORD,
            secrets,
            now,
        )
        empresa_id = empresa.id
    # What `emit` does, with the CSD decrypted once instead of once per document.
    with read_session(engine) as session:
        empresa = session.get(Empresa, empresa_id)
    credential = load_csd(empresa, secrets, now)
    completed, comprobante = prepare(_input(), empresa, now)
    with engine.connect():  # an idle connection keeps the WAL open: no sync per close
        for _ in range(count):
            _seal_and_queue(engine, empresa, credential, completed, comprobante, now)
    engine.dispose()
    return empresa_id


@pytest.fixture(scope="module")
def queued(tmp_path_factory):
    """`copy(count)` -> (url, empresa_id) of a fresh copy of a database with queued documents."""
    base = tmp_path_factory.mktemp("queue_db")
    empresa_id = _queued_database(base / "seed.sqlite3", FINKOK_DOCS)

    def copy_of(name: str, count: int) -> tuple[str, int]:
        target = base / f"{name}.sqlite3"
        shutil.copyfile(base / "seed.sqlite3", target)
        engine = open_database(sqlite_url(target))
        with write_session(engine) as session:  # keep the oldest `count` documents
            extra = select(Documento.id).where(col(Documento.folio) > count)
            session.execute(delete(AuditEntry).where(col(AuditEntry.documento_id).in_(extra)))
            session.execute(delete(Documento).where(col(Documento.folio) > count))
            session.commit()
        engine.dispose()
        return sqlite_url(target), empresa_id

    return copy_of


def _context():
    """Workers come from a fork server that has imported everything once: a fresh process per
    start (not a fork of this one, with its emulator threads) in milliseconds, not seconds."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _start_worker(context, url: str, provider: str, base_url: str, empresa_id: int):
    ready = context.Event()
    process = context.Process(
        target=_worker, args=(url, provider, base_url, empresa_id, ready), daemon=True
    )
    process.start()
    if not ready.wait(timeout=60):
        process.kill()
        pytest.fail("the worker did not start")
    return process


def _drain_with_kills(url, provider, emulator, empresa_id, kills, seed) -> list[float]:
    rng = random.Random(seed)
    context = _context()
    delays = []
    for _ in range(kills):
        worker = _start_worker(context, url, provider, emulator.url, empresa_id)
        delay = rng.uniform(0.01, 0.4)
        time.sleep(delay)
        if worker.is_alive():
            os.kill(worker.pid, signal.SIGKILL)
            delays.append(delay)
        worker.join(timeout=10)
    worker = _start_worker(context, url, provider, emulator.url, empresa_id)
    worker.join(timeout=120)
    assert worker.exitcode == 0
    return delays


def _assert_exactly_once(url: str, emulator, count: int) -> int:
    """Check every document; answer how many were found in ENVIANDO (or stamped without the
    answer stored) after a kill."""
    engine = open_database(url)
    with read_session(engine) as session:
        documentos = session.exec(select(Documento).order_by(col(Documento.id))).all()
        # A leftover ENVIANDO is either found stamped at the PAC (TIMBRADO "recuperado")
        # or resent (ENVIANDO -> ENVIANDO).
        resent = session.exec(
            select(AuditEntry).where(
                AuditEntry.from_state == "ENVIANDO",
                (AuditEntry.to_state == "ENVIANDO") | col(AuditEntry.detail).contains("recuperado"),
            )
        ).all()
    engine.dispose()
    assert len(documentos) == count
    assert {d.state for d in documentos} == {DocumentState.TIMBRADO.value}
    counts = emulator.stamp_counts
    assert len(counts) == count  # every document reached the PAC ...
    assert set(counts.values()) == {1}  # ... and was stamped exactly once
    for documento in documentos:
        issued = emulator.sandbox.lookup(documento.sealed_xml)
        assert issued is not None
        assert documento.stamped_xml == issued.xml  # byte for byte what the PAC issued
        assert documento.uuid == issued.uuid
    assert len({d.uuid for d in documentos}) == count
    return len(resent)


@pytest.mark.slow
def test_finkok_sigkill_at_random_moments_stamps_each_document_exactly_once(queued):
    url, empresa_id = queued("finkok", FINKOK_DOCS)
    with FinkokEmulator(SandboxStamper()) as emulator:
        killed = _drain_with_kills(url, "finkok", emulator, empresa_id, FINKOK_KILLS, seed=7)
        leftovers = _assert_exactly_once(url, emulator, FINKOK_DOCS)
    assert len(killed) >= FINKOK_KILLS // 2  # most kills landed while the worker was busy
    assert leftovers >= 1  # some kills landed mid-request and those documents were recovered


@pytest.mark.slow
def test_sw_with_random_faults_and_kills_stamps_each_document_exactly_once(queued):
    url, empresa_id = queued("sw", SW_DOCS)
    faults = FaultPlan(rate=SW_FAULT_RATE, seed=11)
    with SwEmulator(SandboxStamper(), faults=faults) as emulator:
        emulator.timeout_delay = 0.5  # beyond the worker's 0.3 s read timeout
        _drain_with_kills(url, "sw", emulator, empresa_id, SW_KILLS, seed=13)
        _assert_exactly_once(url, emulator, SW_DOCS)
    assert len(faults.injected) >= SW_DOCS * SW_FAULT_RATE / 2


def test_a_pac_where_nothing_listens_leaves_documents_queued_until_it_is_up(queued):
    url, empresa_id = queued("offline", 3)
    engine = open_database(url)
    emulator = FinkokEmulator(SandboxStamper())
    emulator.start()
    emulator.stop()  # the port is known and nothing listens on it
    client = FinkokClient("demo@example.com", "secreto", base_url=emulator.url, timeout=(1, 1))
    report = sync_once(engine, client, empresa_id=empresa_id)
    with read_session(engine) as session:
        documentos = session.exec(select(Documento).order_by(col(Documento.id))).all()
    assert {d.state for d in documentos} == {DocumentState.EN_COLA.value}
    assert documentos[0].last_error_message.startswith("Sin conexión con el PAC")
    assert "Error de conexión con el SAT / Servicio no disponible" in (
        documentos[0].last_error_message
    )
    assert len(emulator.requests) == 0
    assert report.paused_reason is PauseReason.UNREACHABLE
    assert len(report.waiting) == 3
    with emulator:
        later = datetime.now(UTC) + timedelta(minutes=1)  # after the backoff
        report = sync_once(engine, client, empresa_id=empresa_id, now=later)
    assert len(report.stamped) == 3
    with read_session(engine) as session:
        documentos = session.exec(select(Documento)).all()
    assert {d.state for d in documentos} == {DocumentState.TIMBRADO.value}
    assert all(d.last_error_message is None for d in documentos)
    engine.dispose()
