"""Documentos > Descargas del SAT against the loopback SAT emulator: request November's
received CFDI, continue until the packages are on disk; the progress and the states shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from facturador.services.context import Context
from facturador.services.descarga import POLL_ENV, URL_ENV, install_fiel
from facturador.services.secrets import MemorySecretStore
from tests.integration.descarga_fixtures import fiel_certificate, fiel_files
from tests.pac_emulators.sat_descarga import SatDescargaEmulator
from tests.ui.conftest import StubProbe, create_eku

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def emulator(monkeypatch):
    with SatDescargaEmulator(fiel_certificate()) as server:
        monkeypatch.setenv(URL_ENV, server.url)
        monkeypatch.setenv(POLL_ENV, "0")
        yield server


@pytest.fixture
def services(template_db, emulator):
    import shutil

    from facturador.services.settings import database_path

    shutil.copy(template_db, database_path())
    ctx = Context(secrets_=MemorySecretStore(), probe=StubProbe())
    create_eku(ctx)
    install_fiel(ctx, *fiel_files())
    return ctx


pytestmark = pytest.mark.usefixtures("themed_page")


def test_a_month_is_requested_and_downloaded_from_the_page(qtbot, window, emulator):
    window.resize(1180, 760)
    page = window.show_page("descargas")
    page.desde.setDate(QDate(2026, 11, 1))
    page.hasta.setDate(QDate(2026, 11, 30))
    qtbot.mouseClick(page.request_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "registrada" in page.message.text(), timeout=10_000)
    assert page.message.text() == "Solicitud 1 registrada: Aceptada, el SAT la prepara."
    qtbot.waitUntil(
        lambda: (
            page.table.rowCount() == 1
            and page.table.item(0, 5).text() == "Aceptada, el SAT la prepara"
        ),
        timeout=10_000,
    )
    assert page.table.item(0, 4).text() == "2026-11-01 a 2026-11-30"
    for _ in range(5):
        qtbot.waitUntil(page.continue_button.isEnabled, timeout=10_000)
        if page.table.item(0, 5).text() == "Importada":
            break
        qtbot.mouseClick(page.continue_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Listo" in page.message.text(), timeout=10_000)
        qtbot.waitUntil(page.continue_button.isEnabled, timeout=10_000)
        qtbot.wait(50)
    assert page.table.item(0, 5).text() == "Importada"
    assert page.table.item(0, 6).text() == "7"
    assert page.table.item(0, 7).text() == "3/3"
    assert page.progress.value() == 3
    assert page.progress.text() == "Paquetes descargados: 3 de 3"
    assert set(emulator.download_counts.values()) == {1}
    qtbot.wait(50)
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "descargas_sat.png"))


def test_a_period_backwards_is_explained_on_the_page(qtbot, window, emulator):
    page = window.show_page("descargas")
    page.desde.setDate(QDate(2026, 11, 30))
    page.hasta.setDate(QDate(2026, 11, 1))
    qtbot.mouseClick(page.request_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "posterior a la final" in page.message.text(), timeout=10_000)
    assert emulator.requests == []
