"""Registros as the user keeps it: the selected document and the scroll position survive the
queue's reloads; at 1024×700 every action is reachable (menu buttons, context menu) and the
Total column is on screen."""

from __future__ import annotations

from datetime import datetime

import pytest

from facturador.models.engine import write_session
from facturador.models.tables import Documento
from facturador.ui.models import documents_model as dm
from tests.ui.conftest import create_eku
from tests.ui.registros_rows import insert_documents as _insert
from tests.ui.registros_rows import registros_with as _registros


@pytest.fixture
def seed(services):
    create_eku(services)


def _queue_reload(qtbot, window, page) -> None:
    """What the status bar's queue poll does every few seconds."""
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        window.ctx.changed.emit("queue")


def test_a_row_stays_selected_across_queue_reloads(qtbot, window, services):
    _insert(services, 0, 300, datetime(2026, 1, 1))
    window.resize(1024, 700)
    page = _registros(qtbot, window, 200)
    page.model.fetchMore()  # the user scrolled past the first page
    qtbot.waitUntil(lambda: page.model.rowCount() == 300)
    stamped = next(i for i in range(230, 300) if page.model.row_at(i).state == "TIMBRADO")
    page.select_row(stamped)
    page.table.scrollTo(page.model.index(stamped, 0))
    chosen = page.selected()
    scroll = page.table.verticalScrollBar().value()
    assert scroll > 0
    assert page.actions["pdf"].isEnabled()

    _queue_reload(qtbot, window, page)  # nothing changed
    assert page.selected() == chosen
    assert page.table.verticalScrollBar().value() == scroll

    _insert(services, 300, 2, datetime(2027, 1, 1))  # two new documents, newest first
    _queue_reload(qtbot, window, page)
    assert page.model.rowCount() == 300  # as many rows as were shown, newest first
    qtbot.waitUntil(lambda: page.model.total == 302)
    assert page.selected() == chosen
    assert page.table.selectionModel().selectedRows()[0].row() == stamped + 2
    assert page.table.verticalScrollBar().value() == scroll + 2  # the row did not move
    assert page.actions["pdf"].isEnabled()
    assert page.actions["cancel"].isEnabled()


def test_a_selected_document_whose_state_changes_gets_its_actions(qtbot, window, services):
    _insert(services, 0, 4, datetime(2026, 1, 1))
    page = _registros(qtbot, window, 4)
    draft = next(i for i in range(4) if page.model.row_at(i).state == "BORRADOR")
    page.select_row(draft)
    assert page.actions["open"].isEnabled()
    assert not page.actions["pdf"].isEnabled()
    with write_session(services.engine) as session:
        doc = session.get(Documento, page.selected().id)
        doc.state, doc.uuid = "TIMBRADO", "ABCDEF01-0000-4000-8000-000000000000"
        session.add(doc)
        session.commit()
    _queue_reload(qtbot, window, page)
    assert page.selected().state == "TIMBRADO"
    assert page.actions["pdf"].isEnabled()
    assert page.actions["cancel"].isEnabled()


def _reachable(page, action) -> bool:
    """In an open-able menu, or a toolbar button that is on screen (not in the overflow)."""
    for button in (page.save_button, page.more_button):
        if action in button.menu().actions():
            return True
    widget = page.toolbar.widgetForAction(action)
    return widget is not None and widget.isVisible()


def test_every_action_reachable_and_total_visible_at_1024(qtbot, window, services):
    _insert(services, 0, 8, datetime(2026, 1, 1))
    window.resize(1024, 700)
    page = _registros(qtbot, window, 8)
    qtbot.waitUntil(lambda: window.width() == 1024)
    stamped = next(i for i in range(8) if page.model.row_at(i).state == "TIMBRADO")
    page.select_row(stamped)
    everything = [*page.actions.values(), page.export_action, page.sync_action]
    assert [a.text() for a in everything if not _reachable(page, a)] == []
    for button in (page.save_button, page.more_button):
        assert button.isVisible()
        right = button.mapTo(page, button.rect().topRight()).x()
        assert right <= page.width(), f"«{button.text()}» is cut off"

    header = page.table.horizontalHeader()
    left = header.sectionViewportPosition(dm.C_TOTAL)
    assert left >= 0
    assert left + header.sectionSize(dm.C_TOTAL) <= page.table.viewport().width()

    index = page.model.index(stamped, dm.C_FOLIO)
    page._context_menu(page.table.visualRect(index).center())
    menu = page.context_menu
    assert page.export_action in menu.actions()
    assert page.sync_action in menu.actions()
    assert page.actions["pdf"] in menu.actions()
    menu.close()


def test_a_reload_during_a_scroll_keeps_the_page_the_scroll_asked_for(qtbot, window, services):
    _insert(services, 0, 500, datetime(2026, 1, 1))
    page = _registros(qtbot, window, 200)
    page.model.fetchMore()  # the user scrolls to the bottom...
    page.model.reload()  # ...as the queue reloads: the page of rows 200-399 must not be lost
    qtbot.waitUntil(lambda: page.model.rowCount() == 400)
    assert [r.folio for r in page.model.rows[:3]] == [500, 499, 498]
