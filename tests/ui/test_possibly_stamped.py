"""A document that may be stamped (SAT's 72 hours ran out after a lost answer) is visible in
Registros and the status bar, and is sealed again only after the user confirms in words."""

# ruff: noqa: F401, F811 - pytest fixtures imported by name
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from facturador.models import Documento, read_session, write_session
from facturador.models.states import DocumentState, transition
from facturador.services.emission import emit
from facturador.ui import messages as M
from tests.pac_emulators.fixtures import INVOICE, finkok_emulator, sandbox, sat_emulator
from tests.ui.documents_fixtures import clock, registros_state, seed, services


def _possibly_stamped(services) -> int:
    documento_id = emit(services.engine, INVOICE, secrets=services.secrets, now=services.now())
    documento_id = documento_id.documento_id
    with write_session(services.engine) as session:
        documento = session.get(Documento, documento_id)
        documento.may_be_stamped = True
        documento.last_error_message = "Posiblemente timbrado: verificando con el PAC"
        transition(session, documento, DocumentState.POSIBLEMENTE_TIMBRADO, "prueba")
        session.commit()
    return documento_id


def _document(services, documento_id) -> Documento:
    with read_session(services.engine) as session:
        return session.get(Documento, documento_id)


def _button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text() == text)


def _shot(widget, name: str) -> None:
    folder = os.environ.get("FACTURADOR_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def test_a_possibly_stamped_document_is_shown_and_resealed_only_after_confirmation(
    qtbot, window, services, clock, finkok_emulator
):
    runner = window.queue_runner
    runner.stop()  # no background pass reloads the list under the test's selection
    qtbot.waitUntil(lambda: not runner.running, timeout=15_000)
    documento_id = _possibly_stamped(services)
    sealed = _document(services, documento_id).sealed_xml
    page = window.show_page("registros")
    registros_state(qtbot, window, "A-1", "POSIBLEMENTE_TIMBRADO")
    qtbot.waitUntil(lambda: not page.model._loading, timeout=15_000)
    row = next(i for i, r in enumerate(page.model.rows) if r.name == "A-1")
    page.select_row(row)
    shown = [page.model.index(row, c).data() for c in range(page.model.columnCount())]
    assert "Posiblemente timbrado" in shown
    assert "se sigue verificando con el pac" in page.fix_message.text().lower()
    assert page.redate_button.isVisible()
    window.status.refresh()
    qtbot.waitUntil(
        lambda: "1 posiblemente timbrado(s)" in window.status.queue_label.text(), timeout=10_000
    )
    qtbot.waitUntil(page.actions["redate"].isEnabled, timeout=5_000)
    assert not page.actions["cancel"].isEnabled()  # not stamped as far as we know

    page.actions["redate"].trigger()
    box = page.dialog
    assert "posiblemente ya está timbrado" in box.text()
    assert "portal del SAT" in box.text()
    assert box.defaultButton().text() == M.REDATE_KEEP  # the safe choice is the default
    _shot(window, "registros_posiblemente_timbrado.png")
    _shot(box, "fechar_de_nuevo_dialog.png")
    _button(box, M.REDATE_KEEP).click()
    qtbot.wait(200)
    assert _document(services, documento_id).sealed_xml == sealed  # nothing new sealed

    clock.advance(minutes=5)  # the user checked with the PAC meanwhile
    page.actions["redate"].trigger()
    _button(page.dialog, M.REDATE_CONFIRM_POSSIBLY).click()
    registros_state(qtbot, window, "A-1", "TIMBRADO")  # re-dated, re-sealed, stamped
    documento = _document(services, documento_id)
    assert documento.sealed_xml != sealed
    assert (documento.serie, documento.folio) == ("A", 1)
    assert list(finkok_emulator.stamp_counts.values()) == [1]
