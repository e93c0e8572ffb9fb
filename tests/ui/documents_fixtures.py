"""Fixtures for the document pages: the EKU company with SAT's test CSD, its PAC pointed at
the loopback Finkok emulator, SAT's status service at the SAT emulator, one client and one
product, and a clock near the emulators' "now" that a test may move forward."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from facturador.models.engine import write_session
from facturador.models.repositories import active_empresa
from facturador.services import company_setup, directory
from facturador.services.context import Context
from facturador.services.directory import client_data, product_data
from facturador.services.pac_clients import pac_secret_key
from facturador.services.secrets import SERVICE, MemorySecretStore
from facturador.services.settings import database_path
from tests.pac_emulators.fixtures import SANDBOX_NOW
from tests.ui.conftest import StubProbe, create_eku

IVA16 = {"Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}]}


class Clock:
    def __init__(self) -> None:
        self.now = SANDBOX_NOW - timedelta(minutes=10)

    def __call__(self):
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def services(template_db, clock) -> Context:
    shutil.copy(template_db, database_path())
    return Context(secrets_=MemorySecretStore(), clock=clock, probe=StubProbe())


@pytest.fixture
def seed(services, csd, finkok_emulator, sat_emulator, monkeypatch):
    monkeypatch.setenv("FACTURADOR_SAT_STATUS_URL", f"{sat_emulator.url}/ConsultaCFDIService.svc")
    create_eku(services)
    cer, key, password = csd("csd_EKU9003173C9")
    with open(cer, "rb") as c, open(key, "rb") as k:
        company_setup.install_csd(services, c.read(), k.read(), password)
    with write_session(services.engine) as session:
        empresa = active_empresa(session)
        empresa.pac_provider = "finkok"
        empresa.pac_environment = "pruebas"
        empresa.pac_url = finkok_emulator.url
        session.add(empresa)
        session.commit()
    for name, value in (("username", "demo@example.com"), ("password", "secreto")):
        services.secrets.set(SERVICE, pac_secret_key("finkok", "EKU9003173C9", name), value)
    directory.save_client(
        services,
        client_data(
            rfc="CACX7605101P8",
            nombre="XOCHILT CASAS CHAVEZ",
            regimen_fiscal_receptor="612",
            domicilio_fiscal_receptor="36257",
            uso_cfdi="G03",
            emails=[],
        ),
    )
    directory.save_product(
        services,
        product_data(
            descripcion="Servicio de contabilidad mensual",
            clave_prod_serv="84111500",
            clave_unidad="E48",
            unidad="Servicio",
            valor_unitario="3500.00",
            objeto_imp="02",
            impuestos=IVA16,
        ),
    )
    return finkok_emulator


def fill_invoice(qtbot, page, *, metodo: str = "PUE") -> None:
    """The FAQ's steps on Generar CFDI: client by search, a product, another free line."""
    qtbot.waitUntil(lambda: bool(page.clients and page.products), timeout=10_000)
    page.client_edit.completer().activated.emit("XOCHILT CASAS CHAVEZ — CACX7605101P8")
    text = page._product_model.stringList()[0]
    page.product_edit.completer().activated.emit(text)
    row = page.concepts.add_concept()
    page.concepts.editor(row, 0).setText("2")
    page.concepts.editor(row, 1).setText("H87")
    page.concepts.editor(row, 2).setText("01010101")
    page.concepts.editor(row, 3).setText("Papelería")
    page.concepts.editor(row, 4).setText("100.00")
    page.metodo_combo.set_code(metodo)
    if metodo == "PPD":
        page.forma_combo.set_code("99")
    page.recompute()


def registros_state(qtbot, window, name: str, state: str) -> bool:
    """Registros shows the document `name` in `state` (waits for the model to catch up)."""
    page = window.show_page("registros")

    def shown() -> bool:
        found = [r.state for r in page.model.rows if r.name == name]
        if found == [state]:
            return True
        if not page.model._loading:
            page.model.reload()
        return False

    qtbot.waitUntil(shown, timeout=15_000)
    return True


def press_generar(qtbot, page, *, wait_stamped: bool = False):
    """Generar as a user does it: the button, then «Generar» in the summary that asks first.
    With `wait_stamped`, waits until the document is TIMBRADO and returns its row."""
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow.summary_dialog is not None, timeout=5_000)
    dialog = page.flow.summary_dialog
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    if wait_stamped:
        qtbot.waitUntil(
            lambda: page.last_row is not None and page.last_row.state == "TIMBRADO",
            timeout=15_000,
        )
    return page.last_row
