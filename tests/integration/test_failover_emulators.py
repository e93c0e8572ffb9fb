# ruff: noqa: F811 - the fixtures imported from tests.pac_emulators.fixtures are parameters
"""Failover between two real PAC protocols on loopback: Finkok (primary) and SW (secondary),
each emulator with its own stamper, so each one's stamp counter says what that PAC issued.

(a) the primary refuses connections -> stamped by the secondary;
(b) the primary stamps but the answer is lost -> never sent to the secondary, not even while
    the primary is down; recovered from the primary when it is back;
(c) the process dies while the request is at the primary -> the ledger file survives and a
    new FailoverClient honours it;
and the whole chain from the settings (`client_with_failover`) through the queue.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from facturador.models import Documento, read_session, write_session
from facturador.models.engine import open_database, sqlite_url
from facturador.models.states import DocumentState
from facturador.pac.base import StampStatus
from facturador.pac.errors import PacUnavailableError
from facturador.pac.finkok import FinkokClient
from facturador.pac.sandbox import SandboxStamper
from facturador.pac.sw import SwClient
from facturador.services.companies import add_company, install_csd
from facturador.services.emission import emit
from facturador.services.failover import (
    FailoverClient,
    FailoverLedger,
    client_with_failover,
    ledger_path,
)
from facturador.services.pac_settings import configure_backup, configure_pac
from facturador.services.queue import sync_once
from facturador.services.secrets import MemorySecretStore
from tests.pac_emulators import FaultKind, FinkokEmulator, SwEmulator
from tests.pac_emulators.fixtures import (  # noqa: F401 - pytest fixtures
    CSD_DIR,
    SANDBOX_NOW,
    TEST_TIMEOUT,
    csd_credential,
    make_sealed,
)
from tests.unit.sat.conftest import BASE_INPUT

USER, PASSWORD = "demo@example.com", "secreto"


@pytest.fixture
def finkok() -> Iterator[FinkokEmulator]:
    with FinkokEmulator(SandboxStamper(clock=lambda: SANDBOX_NOW)) as emulator:
        yield emulator


@pytest.fixture
def sw() -> Iterator[SwEmulator]:
    with SwEmulator(SandboxStamper(clock=lambda: SANDBOX_NOW)) as emulator:
        yield emulator


def _finkok_client(url: str, timeout=TEST_TIMEOUT) -> FinkokClient:
    return FinkokClient(USER, PASSWORD, base_url=url, timeout=timeout, recover_interval=0.05)


def _client(finkok, sw, path: Path) -> FailoverClient:
    return FailoverClient(
        _finkok_client(finkok.url),
        SwClient(user=USER, password=PASSWORD, services_url=sw.url, timeout=TEST_TIMEOUT),
        FailoverLedger(path),
    )


def _counts(finkok, sw) -> tuple[int, int]:
    return sum(finkok.stamp_counts.values()), sum(sw.stamp_counts.values())


def _sw_stamp_requests(sw) -> int:
    return sum(1 for r in sw.requests if "/stamp/" in r.path)


def test_a_primary_refusing_connections_fails_over(finkok, sw, make_sealed, tmp_path):
    client = _client(finkok, sw, tmp_path / "ledger.json")
    finkok.stop()
    result = client.stamp(make_sealed())
    assert result.status is StampStatus.STAMPED
    assert sw.sandbox.lookup(result.uuid).uuid == result.uuid  # issued by the SW side
    assert _counts(finkok, sw) == (0, 1)
    assert finkok.requests == []


@pytest.mark.parametrize("fault", [FaultKind.DROP_AFTER_COMMIT, FaultKind.TIMEOUT])
def test_b_a_lost_answer_waits_for_the_primary(finkok, sw, make_sealed, tmp_path, fault):
    client = _client(finkok, sw, tmp_path / "ledger.json")
    xml = make_sealed()
    finkok.faults.script(fault)
    with pytest.raises(PacUnavailableError) as lost:
        client.stamp(xml)  # stamped at Finkok, answer lost
    assert lost.value.request_sent is not False
    assert _counts(finkok, sw) == (1, 0)
    finkok.stop()
    for _ in range(2):  # the primary is down: still not sent to the secondary
        with pytest.raises(PacUnavailableError) as waiting:
            client.stamp(xml)
        assert waiting.value.request_sent is False
    assert _sw_stamp_requests(sw) == 0
    finkok.start()  # back on the same port
    result = client.stamp(xml)
    assert result.status is StampStatus.PREVIOUSLY_STAMPED
    assert _counts(finkok, sw) == (1, 0)
    assert _sw_stamp_requests(sw) == 0


def _die_at_the_primary(url: str, ledger: str, xml: bytes) -> None:
    """The child: send to Finkok (which answers late) and get killed while waiting."""
    from facturador.pac.sw import SwClient

    client = FailoverClient(
        _finkok_client(url, timeout=(2.0, 30.0)),
        SwClient(token="unused", services_url="http://127.0.0.1:9"),
        FailoverLedger(Path(ledger)),
    )
    client.stamp(xml)


def test_c_a_crash_keeps_the_ledger_and_a_new_client_honours_it(finkok, sw, make_sealed, tmp_path):
    path = tmp_path / "ledger.json"
    xml = make_sealed()
    finkok.timeout_delay = 20.0
    finkok.faults.script(FaultKind.TIMEOUT)  # stamps, then answers very late
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=_die_at_the_primary, args=(finkok.url, str(path), xml))
    child.start()
    deadline = time.monotonic() + 30
    while not finkok.stamp_counts and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _counts(finkok, sw) == (1, 0)
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)
    assert path.exists()  # written before the request left

    finkok.stop()
    client = _client(finkok, sw, path)  # a new process would build just this
    with pytest.raises(PacUnavailableError):
        client.stamp(xml)
    assert _sw_stamp_requests(sw) == 0
    finkok.timeout_delay = 1.0
    finkok.start()
    assert client.recover(xml).status is StampStatus.PREVIOUSLY_STAMPED
    assert client.stamp(xml).status is StampStatus.PREVIOUSLY_STAMPED
    assert _counts(finkok, sw) == (1, 0)


# ---------------------------------------------------------------- from the settings, via the queue


def _input() -> dict[str, object]:
    data = copy.deepcopy(BASE_INPUT)
    for key in ("Emisor", "Folio", "LugarExpedicion"):
        data.pop(key)
    return data


@pytest.fixture
def live_pacs() -> Iterator[tuple[FinkokEmulator, SwEmulator]]:
    """Emulators on the real clock (the queue emits documents dated now)."""
    with FinkokEmulator(SandboxStamper()) as finkok, SwEmulator(SandboxStamper()) as sw:
        yield finkok, sw


def test_sincronizar_wiring_fails_over_through_the_queue(live_pacs, tmp_path):
    finkok, sw = live_pacs
    secrets = MemorySecretStore()
    now = datetime.now(UTC)
    engine = open_database(sqlite_url(tmp_path / "db.sqlite3"))
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
            (CSD_DIR / "certificate.cer").read_bytes(),
            (CSD_DIR / "private_key.key").read_bytes(),
            (CSD_DIR / "password.txt").read_text().strip(),
            secrets,
            now,
        )
        empresa = configure_pac(
            session,
            empresa.id,
            secrets,
            provider="finkok",
            environment="pruebas",
            url=finkok.url,
            credentials={"username": USER, "password": PASSWORD},
        )
        configure_backup(
            empresa,
            secrets,
            provider="sw",
            environment="pruebas",
            url=sw.url,
            credentials={"user": USER, "password": PASSWORD},
        )
    ids = [emit(engine, _input(), secrets=secrets, now=now).documento_id]
    client, demo = client_with_failover(empresa, secrets, data_dir=tmp_path, timeout=TEST_TIMEOUT)
    assert isinstance(client, FailoverClient)
    assert not demo

    finkok.faults.script(FaultKind.DROP_AFTER_COMMIT)  # first document: answer lost
    report = sync_once(engine, client, empresa_id=empresa.id, now=now + timedelta(seconds=1))
    assert [w.documento_id for w in report.waiting] == ids
    ids += [emit(engine, _input(), secrets=secrets, now=now).documento_id for _ in range(2)]
    finkok.stop()  # now the primary is down: new documents go to SW; the first one waits
    report = sync_once(engine, client, empresa_id=empresa.id, now=now + timedelta(hours=1))
    states = {}
    with read_session(engine) as session:
        for i in ids:
            states[i] = session.get(Documento, i).state
    assert states[ids[0]] == DocumentState.EN_COLA
    assert [states[i] for i in ids[1:]] == [DocumentState.TIMBRADO] * 2
    assert _counts(finkok, sw) == (1, 2)
    finkok.start()
    report = sync_once(engine, client, empresa_id=empresa.id, now=now + timedelta(hours=2))
    assert [s.documento_id for s in report.stamped] == [ids[0]]
    assert report.stamped[0].previously
    assert _counts(finkok, sw) == (1, 2)  # three documents, three stamps, once each
    assert ledger_path(tmp_path).exists()
    engine.dispose()
