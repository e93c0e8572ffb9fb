"""Inicio, IVA y retenciones del mes and Cuentas por cobrar over the known month of the
service tests (tests/unit/services/reports_month.py), at the window's 1180×760."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from facturador.services.context import Context
from facturador.services.secrets import MemorySecretStore
from tests.ui.conftest import StubProbe
from tests.unit.services.company_setup import install_test_company
from tests.unit.services.reports_month import build_month

NOW = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)  # the bookkeeper looks at November
SHOTS = os.environ.get("FACTURADOR_SCREENSHOTS", "/tmp")


@pytest.fixture
def services(template_db, shared_sat):
    import shutil

    from facturador.services.settings import database_path

    shutil.copy(template_db, database_path())
    ctx = Context(secrets_=MemorySecretStore(), clock=lambda: NOW, probe=StubProbe())
    company = install_test_company(ctx.engine, shared_sat / "csd", ctx.secrets)
    build_month(ctx.engine, company, ctx.secrets)
    return ctx


@pytest.fixture
def seed():
    return None


def _wait_rows(qtbot, table, n):
    qtbot.waitUntil(lambda: table.rowCount() == n, timeout=10_000)


pytestmark = pytest.mark.usefixtures("themed_page")


def test_inicio_shows_november(qtbot, window):
    window.resize(1180, 760)
    assert window.current_page_id() == "inicio"  # the first page once a company exists
    page = window.show_page("inicio")
    qtbot.waitUntil(lambda: page.dashboard is not None, timeout=15_000)
    assert page.sales.value.text() == "$13,650.00"
    assert page.last_year.value.text() == "$300.00"
    assert page.last_year.note.text() == "+4,450.0 % contra el año pasado"
    assert page.total.value.text() == "$15,627.33"
    assert [v for _, v in page.chart.bars][-3:] == [8750, 2000, 13650]
    assert [label for label, _ in page.chart.bars][-1] == "nov"
    _wait_rows(qtbot, page.clients, 2)
    assert page.clients.item(0, 0).text() == "UNIVERSIDAD ROBOTICA ESPAÑOLA"
    assert page.clients.item(0, 2).text() == "$10,900.00"
    assert "Todo en orden" in page.attention.text()
    qtbot.wait(50)
    window.grab().save(f"{SHOTS}/inicio.png")


def test_iva_del_mes_opens_a_line_to_its_documents(qtbot, window):
    window.resize(1180, 760)
    page = window.show_page("iva")
    qtbot.waitUntil(lambda: page.report is not None, timeout=15_000)
    assert page.month.currentText() == "Noviembre de 2026"
    assert page.iva.value.text() == "$1,384.00"
    assert page.iva_ret.value.text() == "$106.67"
    assert page.isr_ret.value.text() == "$100.00"
    _wait_rows(qtbot, page.table, 3)
    assert [page.table.item(0, c).text() for c in range(6)] == [
        "Trasladado", "IVA", "16 %", "$8,650.00", "$1,384.00", "5"]  # fmt: skip
    _wait_rows(qtbot, page.documents, 5)  # the first line is opened
    assert [page.documents.item(r, 5).text() for r in range(5)] == [
        "$160.00", "$280.00", "-$16.00", "$160.00", "$800.00"]  # fmt: skip
    qtbot.wait(50)
    window.grab().save(f"{SHOTS}/iva_del_mes.png")
    page.table.selectRow(2)  # ISR retenido
    _wait_rows(qtbot, page.documents, 1)
    assert page.documents.item(0, 0).text() == "A-7"


def test_cuentas_por_cobrar_and_the_payment(qtbot, window):
    window.resize(1180, 760)
    page = window.show_page("cobranza")
    qtbot.waitUntil(lambda: page.report is not None, timeout=15_000)
    assert page.until.currentText() == "Hoy"
    # Today (Nov 28): A-6 580 USD at 17.50 (74 days), A-2 5,684 (23 days).
    assert [k.value.text() for k in page.kpis] == [
        "$5,684.00", "$0.00", "$10,150.00", "$0.00", "$15,834.00"]  # fmt: skip
    _wait_rows(qtbot, page.clients, 2)
    page.clients.selectRow(1)
    _wait_rows(qtbot, page.table, 1)
    qtbot.waitUntil(lambda: page.table.item(0, 0).text() == "A-5", timeout=10_000)
    assert page.table.item(0, 5).text() == "$5,684.00"
    assert page.table.item(0, 7).text() == "20/11/2026"
    page.table.selectRow(0)
    qtbot.wait(50)
    window.grab().save(f"{SHOTS}/cuentas_por_cobrar.png")
    page.pay_button.click()
    qtbot.waitUntil(lambda: window.current_page_id() == "pagos", timeout=10_000)
    pagos = window.show_page("pagos")
    assert pagos.rfc == "URE180429TM6"
