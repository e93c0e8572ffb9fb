# ruff: noqa: F811 - the emulator fixtures are imported by name
"""Offline, the status bar says more than "N en cola": the last attempt and the next retry;
"Enviar pendientes ahora" tries at once and says what happened."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from facturador.services import company_setup, pac_connection
from facturador.services.context import Context
from facturador.services.emission import emit
from facturador.services.secrets import MemorySecretStore
from facturador.services.settings import database_path
from facturador.ui import messages_config as T
from tests.pac_emulators.fixtures import (  # noqa: F401 - fixtures
    INVOICE,
    SANDBOX_NOW,
    finkok_emulator,
    sandbox,
)
from tests.ui.conftest import StubProbe, create_eku

NOW = SANDBOX_NOW - timedelta(hours=2)


@pytest.fixture
def services(template_db: Path) -> Context:
    shutil.copy(template_db, database_path())
    return Context(secrets_=MemorySecretStore(), clock=lambda: NOW, probe=StubProbe())


@pytest.fixture
def seed(services, csd, finkok_emulator):
    create_eku(services)
    cer, key, password = csd("csd_EKU9003173C9")
    company_setup.install_csd(services, Path(cer).read_bytes(), Path(key).read_bytes(), password)
    pac_connection.save_pac(
        services, "finkok", "pruebas", finkok_emulator.url, "demo@example.com", "secreto"
    )


def test_offline_the_status_bar_shows_the_next_retry_and_send_now_says_why_not(
    qtbot, window, services, finkok_emulator
):
    runner = window.queue_runner
    qtbot.waitUntil(lambda: window.status.connection_label.text() == T.ONLINE, timeout=10_000)
    qtbot.waitUntil(lambda: not runner.running, timeout=10_000)
    finkok_emulator.stop()
    emit(services.engine, INVOICE, secrets=services.secrets, now=services.now())

    page = window.show_page("registros")
    page.sync_action.trigger()
    qtbot.waitUntil(lambda: not page.syncing, timeout=20_000)
    assert "1 sigue(n) en la cola" in page.info_text
    assert "sin conexión" in page.info_text
    assert page.sync_action.isEnabled()

    qtbot.waitUntil(lambda: "próximo intento" in window.status.queue_label.text(), timeout=10_000)
    text = window.status.queue_label.text()
    assert text.startswith("1 en cola")
    assert window.status.connection_label.text() == T.OFFLINE
    window.grab().save("/tmp/e/status_offline.png")
    window.status.grab().save("/tmp/e/status_bar.png")


def test_send_now_with_nothing_pending_says_so(qtbot, window):
    runner = window.queue_runner
    qtbot.waitUntil(lambda: not runner.running, timeout=10_000)
    page = window.show_page("registros")
    page.sync_action.trigger()
    qtbot.waitUntil(lambda: not page.syncing, timeout=20_000)
    assert page.info_text == "No había comprobantes pendientes de enviar."
