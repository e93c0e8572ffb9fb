"""`facturador sincronizar` and the GUI's scheduled pass are one pass: what the CLI sent to
the backup PAC (answer lost) is never sent to the primary by the GUI, and the other way round.

Two real protocols on loopback (Finkok and SW), each with its own stamper, so each one's
records say what that PAC received and issued.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from facturador.models.states import DocumentState
from facturador.pac.sandbox import SandboxStamper
from facturador.services import company_setup, pac_connection
from facturador.services.context import Context
from facturador.services.emission import emit
from facturador.services.pac_settings import configure_backup
from facturador.services.secrets import MemorySecretStore
from facturador.services.settings import database_path
from tests.pac_emulators import FaultKind, FinkokEmulator, SwEmulator
from tests.pac_emulators.fixtures import INVOICE
from tests.ui.conftest import StubProbe, create_eku

USER, PASSWORD = "demo@example.com", "secreto"


def _real_time() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def pacs():
    finkok = FinkokEmulator(SandboxStamper(clock=_real_time)).start()
    sw = SwEmulator(SandboxStamper(clock=_real_time)).start()
    yield {"finkok": finkok, "sw": sw}
    finkok.stop()
    sw.stop()


@pytest.fixture
def services(template_db: Path) -> Context:
    shutil.copy(template_db, database_path())
    return Context(secrets_=MemorySecretStore(), probe=StubProbe())


@pytest.fixture(params=[("finkok", "sw"), ("sw", "finkok")], ids=["finkok-sw", "sw-finkok"])
def roles(request):
    return request.param


@pytest.fixture
def seed(services, csd, pacs, roles, monkeypatch):
    from facturador.models import read_session
    from facturador.services import secrets as secrets_module
    from facturador.services.companies import get_active_company

    primary, backup = roles
    create_eku(services)
    cer, key, password = csd("csd_EKU9003173C9")
    company_setup.install_csd(services, Path(cer).read_bytes(), Path(key).read_bytes(), password)
    user = {"finkok": "username", "sw": "user"}
    pac_connection.save_pac(services, primary, "pruebas", pacs[primary].url, USER, PASSWORD)
    with read_session(services.engine) as session:
        empresa = get_active_company(session)
    configure_backup(
        empresa,
        services.secrets,
        provider=backup,
        environment="pruebas",
        url=pacs[backup].url,
        credentials={user[backup]: USER, "password": PASSWORD},
    )
    monkeypatch.setattr(secrets_module, "open_secret_store", lambda: services.secrets)


def _document(services, documento_id):
    from facturador.models import Documento, read_session

    with read_session(services.engine) as session:
        return session.get(Documento, documento_id)


def _requests(emulator) -> int:
    return sum(1 for r in emulator.requests if emulator.operation(r) != "unknown")


def test_a_document_the_cli_left_at_the_backup_pac_never_reaches_the_primary(
    qtbot, window, services, pacs, roles
):
    from facturador.cli import main

    primary, backup = pacs[roles[0]], pacs[roles[1]]
    window.queue_runner.stop()  # the test decides when the scheduled pass runs
    qtbot.waitUntil(lambda: not window.queue_runner.running, timeout=15_000)
    documento_id = emit(services.engine, INVOICE, secrets=services.secrets).documento_id
    primary.stop()  # refuses connections: the CLI fails over to the backup ...
    backup.faults.script(FaultKind.DROP_AFTER_COMMIT)  # ... which stamps; the answer is lost
    assert main(["sincronizar"]) == 0
    assert sum(backup.stamp_counts.values()) == 1
    assert _document(services, documento_id).state == DocumentState.EN_COLA
    received_by_primary = _requests(primary)

    primary.start()  # the primary is back and healthy
    runner = window.queue_runner

    def scheduled_pass_stamped() -> bool:  # the timer's pass, every 30 s in the app
        if _document(services, documento_id).state == DocumentState.TIMBRADO:
            return True
        if not runner.running:
            runner._on_timer_timeout()
        return False

    qtbot.waitUntil(scheduled_pass_stamped, timeout=30_000)  # past the document's backoff
    assert _requests(primary) == received_by_primary  # the primary never received it
    assert sum(primary.stamp_counts.values()) == 0
    assert list(backup.stamp_counts.values()) == [1]  # stamped once, at the backup
    stamped = _document(services, documento_id)
    issued = backup.sandbox.lookup(stamped.uuid)
    assert issued is not None
    assert issued.xml == stamped.stamped_xml
