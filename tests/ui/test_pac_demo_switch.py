"""Conexión con el PAC → "Demostración" for a real company: a clear question first (its
queued invoices would never be valid), nothing changes without it, and the company's PAC
user and password come back when Finkok is chosen again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facturador.models import Documento, read_session
from facturador.services import company_setup, pac_connection
from facturador.services.emission import emit
from facturador.services.pac_clients import pac_secret_key
from facturador.services.secrets import SERVICE
from facturador.ui import messages_config as T
from tests.ui.conftest import FIXED_NOW
from tests.unit.services.company_setup import company_input

REAL = "CACX7605101P8"
URL = "https://demo-facturacion.finkok.com/servicios/soap"


@pytest.fixture
def seed(services, csd):
    """A real taxpayer's company (not the demo one) on Finkok, with its CSD."""
    company_setup.create_company(
        services,
        rfc=REAL,
        nombre="XOCHILT CASAS CHAVEZ",
        regimen_fiscal="612",
        lugar_expedicion="36257",
    )
    cer, key, password = csd(f"csd_{REAL}")
    with open(cer, "rb") as c, open(key, "rb") as k:
        company_setup.install_csd(services, c.read(), k.read(), password)

    pac_connection.save_pac(services, "finkok", "pruebas", URL, "xochilt@example.com", "s3creta")


def _queued(services) -> int:
    data = company_input()
    data["Receptor"] = {
        "Rfc": "EKU9003173C9",
        "Nombre": "ESCUELA KEMPER URGATE",
        "DomicilioFiscalReceptor": "42501",
        "RegimenFiscalReceptor": "601",
        "UsoCFDI": "G03",
    }
    return emit(services.engine, data, secrets=services.secrets, now=FIXED_NOW).documento_id


def _document(services, documento_id) -> Documento:
    with read_session(services.engine) as session:
        return session.get(Documento, documento_id)


def _shot(widget, name: str) -> None:
    folder = os.environ.get("FACTURADOR_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def _choose(qtbot, page, provider: str) -> None:
    qtbot.waitUntil(page.save_button.isEnabled, timeout=20_000)
    page.provider_combo.setCurrentIndex(page.provider_combo.findData(provider))


def test_demo_for_a_real_company_asks_in_words_and_keeps_its_pac_credentials(
    qtbot, window, services
):
    runner = window.queue_runner
    runner.stop()  # offline: the invoice waits in the queue
    qtbot.waitUntil(lambda: not runner.running, timeout=15_000)
    documento_id = _queued(services)
    page = window.show_page("pac")
    qtbot.waitUntil(lambda: page.view is not None, timeout=20_000)
    assert (page.provider(), page.user_edit.text()) == ("finkok", "xochilt@example.com")

    _choose(qtbot, page, "sandbox")
    page.save_button.click()
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=20_000)
    box = page.dialog
    assert box.text() == f"«XOCHILT CASAS CHAVEZ» ({REAL}) no es la empresa de demostración."
    assert "incluido el que espera en la cola" in box.informativeText()
    assert "nunca serán válidos" in box.informativeText()
    assert box.defaultButton() is box.keep_button
    assert not box.confirm_button.isEnabled()  # the sentence must be ticked first
    box.keep_button.click()
    qtbot.wait(200)
    assert window.ctx.company.pac_provider == "finkok"  # "No" changed nothing
    assert _document(services, documento_id).state == "EN_COLA"

    qtbot.waitUntil(page.save_button.isEnabled, timeout=20_000)
    page.save_button.click()
    qtbot.waitUntil(lambda: page.dialog is not box, timeout=20_000)
    box = page.dialog
    box.understood.setChecked(True)
    assert box.confirm_button.isEnabled()
    _shot(box, "demostracion_empresa_real_dialog.png")
    box.confirm_button.click()
    qtbot.waitUntil(lambda: page.message.text() == T.PAC_SAVED, timeout=20_000)
    assert window.ctx.company.pac_provider == "sandbox"
    assert services.secrets.get(SERVICE, pac_secret_key("finkok", REAL, "password")) == "s3creta"

    _choose(qtbot, page, "finkok")  # switching back restores the user, the password is kept
    assert page.user_edit.text() == "xochilt@example.com"
    assert page.password_hint.text() == T.PAC_PASSWORD_KEPT
    assert page.url_edit.text() == URL
    page.message.show_state("", "")
    page.save_button.click()  # no credentials typed: the kept ones serve
    qtbot.waitUntil(lambda: page.message.text() == T.PAC_SAVED, timeout=20_000)
    assert window.ctx.company.pac_provider == "finkok"
    assert window.ctx.company.pac_environment == "pruebas"
