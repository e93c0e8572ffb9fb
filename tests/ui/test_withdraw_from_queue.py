"""Registros → Retirar de la cola…: a queued invoice that never reached a PAC is withdrawn
after a clear question, shown as withdrawn, and never sent; one that may be at the PAC is not."""

# ruff: noqa: F401, F811 - pytest fixtures imported by name
from __future__ import annotations

import os
from pathlib import Path

from facturador.models import Documento, read_session, write_session
from facturador.services.emission import emit
from facturador.ui import messages as M
from tests.pac_emulators.fixtures import INVOICE, finkok_emulator, sandbox, sat_emulator
from tests.ui.documents_fixtures import clock, registros_state, seed, services


def _queued(services, *, may_be_stamped: bool = False) -> int:
    documento_id = emit(
        services.engine, INVOICE, secrets=services.secrets, now=services.now()
    ).documento_id
    if may_be_stamped:
        with write_session(services.engine) as session:
            documento = session.get(Documento, documento_id)
            documento.may_be_stamped = True  # a send left without an answer
            session.add(documento)
            session.commit()
    return documento_id


def _document(services, documento_id) -> Documento:
    with read_session(services.engine) as session:
        return session.get(Documento, documento_id)


def _select(qtbot, page, name: str) -> None:
    qtbot.waitUntil(lambda: not page.model._loading, timeout=15_000)
    page.select_row(next(i for i, r in enumerate(page.model.rows) if r.name == name))


def _shot(widget, name: str) -> None:
    folder = os.environ.get("FACTURADOR_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def test_a_queued_invoice_is_withdrawn_after_confirmation_and_never_stamped(
    qtbot, window, services, finkok_emulator
):
    runner = window.queue_runner
    runner.stop()  # offline: the invoices wait in the queue
    qtbot.waitUntil(lambda: not runner.running, timeout=15_000)
    wrong = _queued(services)
    sent = _queued(services, may_be_stamped=True)
    page = window.show_page("registros")
    registros_state(qtbot, window, "A-1", "EN_COLA")

    _select(qtbot, page, "A-2")  # sent without an answer: only the PAC can tell
    assert not page.actions["withdraw"].isEnabled()
    assert "sin preguntarle antes al PAC" in page.actions["withdraw"].toolTip()
    assert "podría estar timbrado" in page.fix_message.text()  # said where it is seen

    _select(qtbot, page, "A-1")
    qtbot.waitUntil(page.actions["withdraw"].isEnabled, timeout=5_000)
    assert not page.actions["cancel"].isEnabled()  # not stamped: nothing to cancel at SAT
    page.actions["withdraw"].trigger()
    box = page.dialog
    assert box.text() == "¿Retirar A-1 de la cola de timbrado?"
    assert "no se enviará ni se timbrará nunca" in box.informativeText()
    assert "quedan marcados como retirados" in box.informativeText()
    assert box.defaultButton().text() == M.WITHDRAW_KEEP  # the safe choice is the default
    _shot(box, "retirar_de_la_cola_dialog.png")
    box.keep_button.click()
    qtbot.wait(200)
    assert _document(services, wrong).state == "EN_COLA"  # "No" changed nothing

    page.actions["withdraw"].trigger()
    page.dialog.confirm_button.click()
    registros_state(qtbot, window, "A-1", "RETIRADO")
    qtbot.waitUntil(
        lambda: getattr(page, "info_text", "").startswith("A-1 se retiró"), timeout=5_000
    )
    shown = [
        page.model.index(r, c).data()
        for r in range(page.model.rowCount())
        for c in range(page.model.columnCount())
    ]
    assert "Retirado de la cola" in shown
    page.dialog.close()

    runner.start()  # back online: the pass sends what is queued, never the withdrawn one
    registros_state(qtbot, window, "A-2", "TIMBRADO")
    assert _document(services, wrong).state == "RETIRADO"
    assert _document(services, wrong).stamped_xml is None
    assert len(finkok_emulator.stamp_counts) == 1
    assert _document(services, sent).uuid is not None
