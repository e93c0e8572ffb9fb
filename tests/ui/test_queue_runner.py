# ruff: noqa: F811 - the emulator fixtures are imported by name
"""The background queue against the loopback Finkok emulator: connection in the status bar,
documents queued offline stamped once the PAC is back, and the known errors reaching the
user through the one error funnel with the FAQ's solutions."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from facturador.pac.messages import FAQ_CONEXION, FAQ_CREDITOS, FAQ_RECEPTOR
from facturador.services import company_setup, pac_connection, queue_status
from facturador.services.context import Context
from facturador.services.emission import emit
from facturador.services.secrets import MemorySecretStore
from facturador.services.settings import database_path
from facturador.ui import messages_config as T
from tests.pac_emulators.faults import Fault, FaultKind
from tests.pac_emulators.fixtures import (  # noqa: F401 - fixtures
    INVOICE,
    SANDBOX_NOW,
    finkok_emulator,
    sandbox,
)
from tests.ui.conftest import StubProbe, create_eku


class Clock:
    def __init__(self) -> None:
        self.now = SANDBOX_NOW - timedelta(hours=2)

    def __call__(self):
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def services(template_db: Path, clock: Clock) -> Context:
    shutil.copy(template_db, database_path())
    return Context(secrets_=MemorySecretStore(), clock=clock, probe=StubProbe())


@pytest.fixture
def seed(services, csd, finkok_emulator):
    create_eku(services)
    cer, key, password = csd("csd_EKU9003173C9")
    company_setup.install_csd(services, Path(cer).read_bytes(), Path(key).read_bytes(), password)
    pac_connection.save_pac(
        services, "finkok", "pruebas", finkok_emulator.url, "demo@example.com", "secreto"
    )


def emit_invoice(services: Context) -> int:
    document = emit(services.engine, INVOICE, secrets=services.secrets, now=services.now())
    return document.documento_id


def connection_text(window) -> str:
    return window.status.connection_label.text()


def test_offline_then_online_stamps_what_was_queued(
    qtbot, window, services, clock, finkok_emulator
):
    runner = window.queue_runner
    qtbot.waitUntil(lambda: connection_text(window) == T.ONLINE, timeout=10_000)

    finkok_emulator.stop()
    window.status.check_online()
    qtbot.waitUntil(lambda: connection_text(window) == T.OFFLINE, timeout=10_000)

    emit_invoice(services)
    emit_invoice(services)
    qtbot.waitUntil(lambda: not runner.running, timeout=10_000)
    with qtbot.waitSignal(runner.sync_finished, timeout=10_000):
        window.ctx.changed.emit("queue")  # what the Documentos page says after emitting
    assert queue_status.queue_summary(services).en_cola == 2
    assert not finkok_emulator.stamp_counts
    assert connection_text(window) == T.OFFLINE

    clock.now += timedelta(hours=1)  # the first document's retry is due
    finkok_emulator.start()
    window.status.check_online()
    qtbot.waitUntil(lambda: connection_text(window) == T.ONLINE, timeout=10_000)
    qtbot.waitUntil(lambda: queue_status.queue_summary(services).waiting == 0, timeout=15_000)
    assert len(finkok_emulator.stamp_counts) == 2
    assert set(finkok_emulator.stamp_counts.values()) == {1}


def test_rejection_shows_the_faq_solution(qtbot, window, services, finkok_emulator, shown_errors):
    runner = window.queue_runner
    qtbot.waitUntil(lambda: not runner.running, timeout=10_000)
    finkok_emulator.faults.script(Fault(FaultKind.REJECT, "CFDI40143"))
    emit_invoice(services)
    with qtbot.waitSignal(runner.document_rejected, timeout=10_000) as rejected:
        runner.sync_now()
    assert rejected.args[0].code == "CFDI40143"
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=20_000)
    text = shown_errors[-1].text
    assert FAQ_RECEPTOR[0] in text
    assert FAQ_RECEPTOR[1].split(".")[0] in text
    assert shown_errors[-1].details is None  # an expected error, not a crash
    assert queue_status.queue_summary(services).rechazado == 1


def test_credits_exhausted_pauses_and_says_so_once(
    qtbot, window, services, finkok_emulator, shown_errors
):
    runner = window.queue_runner
    qtbot.waitUntil(lambda: not runner.running, timeout=10_000)
    finkok_emulator.faults.script(FaultKind.CREDITS, times=2)
    emit_invoice(services)
    with qtbot.waitSignal(runner.sync_paused, timeout=10_000):
        runner.sync_now()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=20_000)
    assert FAQ_CREDITOS[0] in shown_errors[-1].text
    assert "timbres" in shown_errors[-1].text
    with qtbot.waitSignal(runner.sync_finished, timeout=10_000):
        runner.sync_now()
    assert len(shown_errors) == 1  # the same pause is not shown again
    assert queue_status.queue_summary(services).en_cola == 1  # the document waits, nothing lost


def test_connection_failure_after_an_hour_advises_support(
    qtbot,
    window,
    clock,
    finkok_emulator,
    shown_errors,
):
    qtbot.waitUntil(lambda: connection_text(window) == T.ONLINE, timeout=10_000)
    finkok_emulator.stop()
    window.status.check_online()
    qtbot.waitUntil(lambda: connection_text(window) == T.OFFLINE, timeout=10_000)
    clock.now += timedelta(minutes=30)
    with qtbot.waitSignal(window.queue_runner.connection_changed, timeout=10_000):
        window.status.check_online()
    assert not shown_errors  # under an hour: only the status bar says it

    clock.now += timedelta(minutes=31)
    with qtbot.waitSignal(window.queue_runner.connection_changed, timeout=10_000):
        window.status.check_online()
    assert len(shown_errors) == 1
    text = shown_errors[0].text
    assert FAQ_CONEXION[0] in text
    assert "Contacte a soporte" in text
    with qtbot.waitSignal(window.queue_runner.connection_changed, timeout=10_000):
        window.status.check_online()
    assert len(shown_errors) == 1  # advised once


def test_demo_company_is_online_in_demo_mode(qtbot, window, services):
    with qtbot.waitSignal(window.ctx.company_changed, timeout=10_000):
        window.ctx.set_company(company_setup.create_demo_company(services))
    qtbot.waitUntil(lambda: connection_text(window) == T.ONLINE_DEMO, timeout=10_000)
