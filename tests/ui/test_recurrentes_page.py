"""Documentos > Facturas recurrentes: a template from a draft, pause, edit, delete."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facturador.services import recurring
from facturador.services.drafts import save_draft
from facturador.ui import messages_recurring as T
from tests.ui.conftest import create_eku
from tests.unit.services.company_setup import company_input

pytestmark = pytest.mark.usefixtures("themed_page")


@pytest.fixture
def seed(services):
    create_eku(services)
    save_draft(services, company_input())


def _shot(widget, name: str) -> None:
    folder = os.environ.get("FACTURADOR_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def _cells(page, row: int) -> list[str]:
    return [page.table.item(row, c).text() for c in range(page.table.columnCount())]


def test_a_draft_becomes_a_recurring_invoice_that_can_be_paused_edited_and_deleted(
    qtbot, window, services
):
    page = window.show_page("recurrentes")
    qtbot.waitUntil(lambda: page.last_label.text() != "", timeout=20_000)
    assert page.last_label.text() == recurring.last_result(services)
    assert page.empty_label.isVisible()
    page.new_button.click()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=20_000)
    dialog = page.dialog
    assert "CACX7605101P8" in dialog.draft_combo.currentText()
    dialog.day_spin.setValue(15)
    dialog.every_spin.setValue(2)
    dialog.email_check.setChecked(True)
    _shot(dialog, "recurrentes_nueva.png")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=20_000)
    assert page.message.text() == T.SAVED
    cells = _cells(page, 0)
    assert cells[2] == "Cada 2 meses, día 15"
    assert cells[3] == "15/06/2026"  # June 1 today: the 15th is next
    assert cells[4] == "Activa"
    assert cells[5] == "Sí"
    _shot(window, "recurrentes.png")

    page.table.selectRow(0)
    assert page.pause_button.text() == T.PAUSE
    page.pause_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1 and _cells(page, 0)[4] == "En pausa",
                    timeout=20_000)  # fmt: skip
    page.table.selectRow(0)
    assert page.pause_button.text() == T.RESUME
    page.pause_button.click()
    qtbot.waitUntil(lambda: _cells(page, 0)[4] == "Activa", timeout=20_000)

    page.table.selectRow(0)
    page.edit_button.click()
    dialog = page.dialog
    assert (dialog.day_spin.value(), dialog.every_spin.value()) == (15, 2)
    dialog.day_spin.setValue(20)
    dialog.every_spin.setValue(1)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: _cells(page, 0)[2] == "Cada mes, día 20", timeout=20_000)
    assert page.message.text() == T.UPDATED

    page.table.selectRow(0)
    page.delete_button.click()
    box = page.dialog
    assert "ESCUELA" not in box.text()  # it names the client, not the company
    assert box.defaultButton().text() == T.CANCEL
    next(b for b in box.buttons() if b.text() == "Borrar").click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=20_000)
    assert page.message.text() == T.DELETED
    assert recurring.list_recurring(services) == []


def test_without_drafts_the_page_says_how_to_make_one(qtbot, window, services):
    from facturador.services.drafts import delete_draft

    for choice in recurring.draft_choices(services):
        delete_draft(services, choice.id)
    page = window.show_page("recurrentes")
    page.new_button.click()
    qtbot.waitUntil(lambda: page.message.text() == T.NO_DRAFTS, timeout=20_000)
    assert page.dialog is None


@pytest.fixture
def three_months_closed(services, csd):
    """A monthly invoice on the 2nd, kept on 20 February; the app opens on 1 June."""
    from datetime import date

    from facturador.services import company_setup

    create_eku(services)
    cer, key, password = csd("csd_EKU9003173C9")
    with open(cer, "rb") as c, open(key, "rb") as k:
        company_setup.install_csd(services, c.read(), k.read(), password)
    recurring.create_recurring(services, company_input(), dia=2, desde=date(2026, 2, 20))


@pytest.mark.parametrize("seed", [None], ids=["closed"])
def test_opening_the_app_issues_one_invoice_per_missed_date(
    qtbot, three_months_closed, window, services, seed
):
    qtbot.waitUntil(lambda: recurring.list_recurring(services)[0].emitidas == 3, timeout=30_000)
    page = window.show_page("recurrentes")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1 and _cells(page, 0)[6] == "3",
                    timeout=20_000)  # fmt: skip
    assert _cells(page, 0)[3] == "02/06/2026"
    text = page.last_label.text()
    assert "3 factura(s) recurrente(s) emitida(s)" in text
    assert "Periodo: marzo de 2026" in text
    assert "72 horas" in text
    _shot(window, "recurrentes_catchup.png")
