"""A lost answer near SAT's 72-hour limit never leads to a second CFDI for the same folio.

The loopback Finkok emulator behaves as real PACs do after a lost answer: it stamps, the
connection drops before the answer arrives, and for a while its `stamped` lookup does not
show the stamp (answering 603 "not stamped", or in a variant a bare 307 without it). The
queue's clock (and the emulator's) is moved across the 70-hour mark, where the queue used to
re-date and re-seal the folio, and across the 72-hour mark.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import re
import signal
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
from facturador.services.companies import load_csd
from facturador.services.emission import emit
from facturador.services.queue import PassLimits, sync_once
from facturador.services.redating import RedateRefusedError, redate_document
from facturador.services.secrets import MemorySecretStore
from tests.pac_emulators import FaultKind, FaultPlan, FinkokEmulator
from tests.unit.services.company_setup import PASSWORD, company_input, install_test_company

REPO = Path(__file__).resolve().parents[2]
CSD_DIR = REPO.parent / "shared" / "sat" / "csd"
T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=100)  # the invoice is made
FOREVER = 1e9  # the lookup does not catch up until the test says so
S = DocumentState


class Clock:
    """The emulator's clock, moved by the test with the queue's."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _client(emulator: FinkokEmulator) -> FinkokClient:
    return FinkokClient(
        "demo@example.com",
        "secreto",
        base_url=emulator.url,
        timeout=(2.0, 1.0),
        recover_attempts=2,
        recover_interval=0.01,
    )


def _doc(engine, documento_id) -> Documento:
    with read_session(engine) as session:
        return session.get(Documento, documento_id)


def _stamps_per_folio(emulator: FinkokEmulator) -> dict[str, list[str]]:
    """What the PAC issued, by folio: the truth the SAT would see."""
    by_folio: dict[str, list[str]] = {}
    for key, count in emulator.stamp_counts.items():
        assert count == 1
        found = emulator.sandbox._by_key[key].result
        folio = re.search(rb'\sFolio="(\d+)"', found.xml).group(1).decode()
        by_folio.setdefault(folio, []).append(found.uuid)
    return by_folio


@pytest.fixture
def company(tmp_path):
    secrets = MemorySecretStore()
    engine = open_database(sqlite_url(tmp_path / "db.sqlite3"))
    empresa = install_test_company(engine, CSD_DIR, secrets, now=T0)
    yield engine, secrets, empresa
    engine.dispose()


@pytest.mark.parametrize("lagging_answer", ["603", "307"])
def test_a_lost_answer_then_a_lagging_lookup_across_70_and_72_hours_stamps_the_folio_once(
    company, lagging_answer
):
    engine, secrets, empresa = company
    clock = Clock(T0)
    emulator = FinkokEmulator(
        SandboxStamper(clock=clock), stamped_delay=FOREVER, lagging_answer=lagging_answer
    )
    with emulator:
        client = _client(emulator)

        def sync(hours: float):
            clock.at = T0 + timedelta(hours=hours)
            return sync_once(
                engine,
                client,
                empresa_id=empresa.id,
                now=clock.at,
                credential_provider=lambda e: load_csd(e, secrets, clock.at),
            )

        documento_id = emit(engine, company_input(), secrets=secrets, now=T0).documento_id
        sealed = _doc(engine, documento_id).sealed_xml
        # 1. The PAC stamps it (U1) and the connection drops before the answer arrives.
        emulator.faults.script(FaultKind.DROP_AFTER_COMMIT)
        sync(0.5)
        (u1,) = _stamps_per_folio(emulator)["1"]
        documento = _doc(engine, documento_id)
        assert (documento.state, documento.may_be_stamped) == (S.EN_COLA, True)

        # 2. Past 70 hours the lookup still does not show U1: the same bytes go again.
        report = sync(70.5)
        documento = _doc(engine, documento_id)
        assert report.redated == []
        assert documento.sealed_xml == sealed  # never re-dated while the doubt stands
        assert documento.state == S.EN_COLA
        if lagging_answer == "307":
            assert "ya quedó timbrado" in documento.last_error_message
        assert _stamps_per_folio(emulator) == {"1": [u1]}

        # 3. Past 72 hours, still unknown: visible as possibly stamped, looked up, not resent.
        report = sync(72.5)
        documento = _doc(engine, documento_id)
        assert documento.state == S.POSIBLEMENTE_TIMBRADO
        assert [p.documento_id for p in report.possibly_stamped] == [documento_id]
        assert "Posiblemente timbrado" in report.possibly_stamped[0].message
        assert [w.reason for w in report.waiting] == [
            "Posiblemente timbrado: verificando con el PAC"
        ]
        stamp_requests = _count(emulator, "stamp")
        report = sync(73.0)  # a later lookup: still nothing, still no new bytes
        assert _doc(engine, documento_id).state == S.POSIBLEMENTE_TIMBRADO
        assert _count(emulator, "stamp") == stamp_requests
        # Nothing new is sealed for that sale unless the user confirms.
        credential = load_csd(empresa, secrets, clock.at)
        with pytest.raises(RedateRefusedError) as refused:
            redate_document(engine, documento_id, credential, clock.at)
        assert "confirme con su PAC o en el portal del SAT" in refused.value.message
        assert _doc(engine, documento_id).sealed_xml == sealed

        # 4. The lookup catches up: the app ends with U1, the only stamp of the folio.
        emulator.stamped_delay = 0
        report = sync(74.0)
    documento = _doc(engine, documento_id)
    assert (documento.state, documento.uuid) == (S.TIMBRADO, u1)
    assert report.stamped[0].previously
    assert _stamps_per_folio(emulator) == {"1": [u1]}
    assert documento.sealed_xml == sealed


def _count(emulator: FinkokEmulator, operation: str) -> int:
    return sum(1 for r in emulator.requests if emulator.operation(r) == operation)


# ---------------------------------------------------------------- with SIGKILLs

DOCS, KILLS_PER_PHASE = 24, 6


def _worker(url: str, base_url: str, empresa_id: int, at: str, passes: int, ready) -> None:
    """A child process: a few passes at the phase's clock; the test kills it at random."""
    from facturador.models.engine import create_db_engine

    engine = create_db_engine(url)
    client = FinkokClient(
        "demo@example.com", "secreto", base_url=base_url, timeout=(2.0, 0.3),
        recover_attempts=2, recover_interval=0.01,
    )  # fmt: skip
    now = datetime.fromisoformat(at)
    ready.set()
    for _ in range(passes):
        sync_once(
            engine,
            client,
            empresa_id=empresa_id,
            now=now,
            backoff=lambda _a: timedelta(0),
            everything_due=True,
            limits=PassLimits(time_budget=None),
            credential_provider=lambda e: load_csd(e, MemorySecretStore(), now, PASSWORD),
        )


def _run_phase(context, url, emulator, empresa_id, hours, rng) -> None:
    at = (T0 + timedelta(hours=hours)).isoformat()
    for _ in range(KILLS_PER_PHASE):
        ready = context.Event()
        process = context.Process(
            target=_worker, args=(url, emulator.url, empresa_id, at, 50, ready), daemon=True
        )
        process.start()
        assert ready.wait(timeout=60), "the worker did not start"
        time.sleep(rng.uniform(0.02, 0.5))
        if process.is_alive():
            os.kill(process.pid, signal.SIGKILL)
        process.join(timeout=10)
    ready = context.Event()
    final = context.Process(
        target=_worker, args=(url, emulator.url, empresa_id, at, 3, ready), daemon=True
    )
    final.start()
    final.join(timeout=120)
    assert final.exitcode == 0


@pytest.mark.slow
def test_sigkills_at_random_moments_across_the_72_hours_never_stamp_a_folio_twice(tmp_path):
    secrets = MemorySecretStore()
    url = sqlite_url(tmp_path / "db.sqlite3")
    engine = open_database(url)
    empresa = install_test_company(engine, CSD_DIR, secrets, now=T0)
    ids = [emit(engine, company_input(), secrets=secrets, now=T0).documento_id for _ in range(DOCS)]
    engine.dispose()
    clock = Clock(T0)
    faults = FaultPlan(
        rate=0.4,
        seed=23,
        random_kinds=(FaultKind.DROP_AFTER_COMMIT, FaultKind.DROP, FaultKind.TIMEOUT),
    )
    emulator = FinkokEmulator(SandboxStamper(clock=clock), stamped_delay=FOREVER, faults=faults)
    emulator.timeout_delay = 0.5  # beyond the worker's 0.3 s read timeout
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    rng = random.Random(2323)
    with emulator:
        for hours in (0.5, 70.5, 72.5):
            clock.at = T0 + timedelta(hours=hours)
            _run_phase(context, url, emulator, empresa.id, hours, rng)
            if hours == 0.5:
                faults.clear()  # from now on the PAC answers; only its lookup lags
                stamped_early = set(_stamps_per_folio(emulator))
        per_folio = _stamps_per_folio(emulator)
        assert all(len(uuids) == 1 for uuids in per_folio.values())
        engine = open_database(url)
        with read_session(engine) as session:
            rows = session.exec(select(Documento).order_by(col(Documento.id))).all()
        waiting = {str(d.folio) for d in rows if d.state == S.POSIBLEMENTE_TIMBRADO}
        assert waiting  # the lost answers are now visible as possibly stamped
        assert waiting <= set(per_folio)  # each of them is indeed stamped at the PAC
        assert waiting & stamped_early  # among them, answers lost before the 70-hour mark
        # The lookup catches up: every folio ends with its only stamp.
        emulator.stamped_delay = 0
        clock.at = T0 + timedelta(hours=80)
        _run_phase(context, url, emulator, empresa.id, 80, rng)
        per_folio = _stamps_per_folio(emulator)
    with read_session(engine) as session:
        rows = session.exec(select(Documento).order_by(col(Documento.id))).all()
    engine.dispose()
    assert [d.id for d in rows] == ids
    assert {d.state for d in rows} == {S.TIMBRADO}
    assert sorted(per_folio, key=int) == [str(d.folio) for d in rows]
    for documento in rows:
        assert per_folio[str(documento.folio)] == [documento.uuid]
