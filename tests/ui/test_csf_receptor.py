"""A CSF dropped on the client dialog, the client's origin badge in Generar CFDI, the
pre-flight flagging a name the Constancia contradicts before sealing, and Registros'
«Actualizar datos del cliente…» after a rejection for the receptor's name."""

# ruff: noqa: F401, F811 - pytest fixtures imported by name
from __future__ import annotations

import json
import os
import tempfile

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialogButtonBox

from facturador.models.engine import write_session
from facturador.models.tables import Documento
from facturador.services import csf_import
from facturador.services.directory import client_data, save_client
from tests.pac_emulators.fixtures import finkok_emulator, sandbox, sat_emulator
from tests.ui.documents_fixtures import (
    clock,
    press_generar,
    registros_state,
    seed,
    services,
)
from tests.unit.services import csf_pdfs

# FACTURADOR_SCREENSHOTS=docs/screenshots renders the pictures in docs/.
SCREENSHOTS = os.environ.get("FACTURADOR_SCREENSHOTS", tempfile.gettempdir())


pytestmark = pytest.mark.usefixtures("themed_page")


def _csf(tmp_path):
    path = tmp_path / "constancia_mi_empresa.pdf"
    path.write_bytes(csf_pdfs.pdf_from_lines(csf_pdfs.moral_lines()))
    return path


def _drop(dialog, path) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    dialog.dragEnterEvent(enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    dialog.dropEvent(drop)
    return True


def _choose(qtbot, page, nombre: str, rfc: str) -> None:
    page.refresh()
    qtbot.waitUntil(lambda: any(c.rfc == rfc for c in page.clients), timeout=10_000)
    page.client_edit.completer().activated.emit(f"{nombre} — {rfc}")
    qtbot.waitUntil(lambda: bool(page.products), timeout=10_000)
    page.product_edit.completer().activated.emit(page._product_model.stringList()[0])
    page.recompute()


def test_drop_a_csf_save_and_invoice_the_client(qtbot, window, seed, tmp_path, shown_errors):
    clients = window.show_page("clientes")
    clients.add_button.click()
    dialog = clients.dialog
    assert not _drop(dialog, tmp_path / "notas.txt")  # not a PDF: refused at the border
    assert _drop(dialog, _csf(tmp_path))
    qtbot.waitUntil(lambda: dialog.nombre_edit.text() == "MI EMPRESA", timeout=10_000)
    assert (dialog.rfc_edit.text(), dialog.regimen_edit.code()) == ("DIM8701081LA", "601")
    assert "Constancia del 10/02/2022" in dialog.origin_label.text()
    qtbot.wait(50)  # the layout settles after the import's adjustSize
    dialog.grab().save(f"{SCREENSHOTS}/csf_client_dialog.png")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: clients.model.rowCount() == 2, timeout=10_000)
    saved = next(c for c in clients.model.rows if c.rfc == "DIM8701081LA")
    assert saved.origen == "constancia"
    from facturador.ui.models.clients_model import ORIGIN, ORIGIN_ROLE

    origin = clients.model.index(clients.model.rows.index(saved), ORIGIN)
    assert clients.model.data(origin, ORIGIN_ROLE) == "CSF"
    assert not clients.model.data(origin, Qt.ItemDataRole.DecorationRole).isNull()
    window.resize(1024, 700)
    qtbot.wait(50)
    clients.grab().save(f"{SCREENSHOTS}/csf_clients_table.png")
    tip = clients.model.data(origin, Qt.ItemDataRole.ToolTipRole)
    assert tip == "Verificado con la Constancia del 10/02/2022"

    page = window.show_page("cfdi")
    _choose(qtbot, page, "MI EMPRESA", "DIM8701081LA")
    assert page.client_badge.isVisible()
    assert page.client_badge.text() == "Verificado con la Constancia del 10/02/2022"
    assert not page.receptor_notes.isVisible()
    assert page.preview.ok, page.preview.findings
    row = press_generar(qtbot, page, wait_stamped=True)
    assert row.rfc_receptor == "DIM8701081LA"
    assert shown_errors == []


def test_a_name_the_constancia_contradicts_is_flagged_before_sealing(
    qtbot, window, services, seed, tmp_path
):
    result = csf_import.import_csf(services, _csf(tmp_path).read_bytes())
    imported = csf_import.save_import(services, result)
    save_client(
        services,
        client_data(
            rfc=imported.rfc,
            nombre="MI EMPRESA SA DE CV",
            regimen_fiscal_receptor=imported.regimen_fiscal_receptor,
            domicilio_fiscal_receptor=imported.domicilio_fiscal_receptor,
            uso_cfdi=imported.uso_cfdi,
        ),
        imported.id,
    )
    page = window.show_page("cfdi")
    _choose(qtbot, page, "MI EMPRESA SA DE CV", "DIM8701081LA")
    assert page.receptor_notes.isVisible()
    assert page.receptor_notes.text() == (
        "La Constancia dice «MI EMPRESA»; el SAT rechaza «MI EMPRESA SA DE CV» (CFDI40145). "
        "Use el nombre tal como lo registra el SAT."
    )
    assert page.client_badge.text() == (
        "Cambiado a mano: no coincide con la Constancia del 10/02/2022"
    )
    assert page.boxes["client"].has_error
    assert page.boxes["client"].message.text() == (
        "No coincide con la Constancia del cliente (vea abajo)."
    )
    qtbot.wait(50)  # the layout settles (posted events)
    page.grab().save(f"{SCREENSHOTS}/csf_preflight_warning.png")
    page.generate_button.click()  # nothing is sealed: the summary is not even offered
    assert page.flow.summary_dialog is None
    assert page.last_row is None


def test_a_typed_client_gets_a_gentle_prompt(qtbot, window, seed):
    page = window.show_page("cfdi")
    _choose(qtbot, page, "XOCHILT CASAS CHAVEZ", "CACX7605101P8")
    assert page.client_badge.text() == "Capturado a mano, sin verificar"
    assert not page.receptor_notes.isVisible()
    assert page.message.text().startswith("Listo para generar. Datos del cliente capturados a mano")
    assert "importe su Constancia" in page.message.text()
    assert page.preview.ok  # a prompt, never a block
    qtbot.wait(50)  # the layout settles (posted events)
    page.grab().save(f"{SCREENSHOTS}/csf_unverified_prompt.png")


def test_rejected_for_the_name_update_the_client_and_reseal(
    qtbot, window, services, seed, tmp_path, shown_errors
):
    typed = save_client(
        services,
        client_data(
            rfc="DIM8701081LA", nombre="MI EMPRESA SA DE CV", regimen_fiscal_receptor="601",
            domicilio_fiscal_receptor="06300", uso_cfdi="G03",
        ),
    )  # fmt: skip
    page = window.show_page("cfdi")
    _choose(qtbot, page, typed.nombre, typed.rfc)
    page.draft_button.click()
    qtbot.waitUntil(lambda: page.draft_id is not None)
    with write_session(services.engine) as session:  # as the queue leaves a rejection
        doc = session.get(Documento, page.draft_id)
        doc.state, doc.serie, doc.folio = "RECHAZADO", "A", 9
        doc.rfc_receptor, doc.nombre_receptor = typed.rfc, typed.nombre
        doc.last_error_code = "CFDI40145"
        doc.last_error_message = "El nombre del receptor no corresponde al RFC"
        session.add(doc)
        session.commit()
        documento_id = doc.id
    page.clear()
    registros = window.show_page("registros")
    registros_state(qtbot, window, "A-9", "RECHAZADO")
    registros.select_row(0)
    qtbot.waitUntil(registros.update_client_button.isVisible)
    qtbot.waitUntil(lambda: "Actualice los datos del cliente" in registros.fix_message.text())
    registros.update_client_button.click()
    qtbot.waitUntil(lambda: registros.receptor_fix.dialog is not None, timeout=10_000)
    dialog = registros.receptor_fix.dialog
    assert dialog.nombre_edit.text() == "MI EMPRESA SA DE CV"
    assert "se sella de nuevo con el mismo folio" in dialog.message.text()
    dialog.import_csf(str(_csf(tmp_path)))
    qtbot.waitUntil(lambda: dialog.nombre_edit.text() == "MI EMPRESA", timeout=10_000)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    registros_state(qtbot, window, "A-9", "TIMBRADO")
    with write_session(services.engine) as session:
        doc = session.get(Documento, documento_id)
        assert (doc.serie, doc.folio) == ("A", 9)
        assert json.loads(doc.input_json)["Receptor"]["Nombre"] == "MI EMPRESA"
        assert b'Nombre="MI EMPRESA"' in doc.stamped_xml
    assert shown_errors == []


def test_verify_a_client_at_sat_from_its_dialog(
    qtbot, window, services, seed, tmp_path, monkeypatch, shown_errors
):
    from tests.pac_emulators.sat_csf import SatCsfPageEmulator, page_for

    result = csf_import.import_csf(services, _csf(tmp_path).read_bytes())
    imported = csf_import.save_import(services, result)
    key = f"{result.constancia.id_cif}_{imported.rfc}"
    with SatCsfPageEmulator() as emulator:
        monkeypatch.setenv("FACTURADOR_SAT_CSF_URL", emulator.page_url)
        emulator.pages[key] = page_for(
            imported.rfc, "MI EMPRESA", imported.domicilio_fiscal_receptor
        )
        clients = window.show_page("clientes")
        qtbot.waitUntil(lambda: clients.model.rowCount() == 2, timeout=10_000)
        clients._open(next(c for c in clients.model.rows if c.rfc == "DIM8701081LA"))
        dialog = clients.dialog
        assert dialog.verify_button.isEnabled()
        assert dialog.origin_label.text() == "Verificado con la Constancia del 10/02/2022"
        dialog.verify_button.click()
        qtbot.waitUntil(lambda: "Confirmado en el SAT" in dialog.message.text(), timeout=10_000)
        assert dialog.origin_label.text().startswith("Confirmado en el SAT el ")
        dialog.grab().save(f"{SCREENSHOTS}/csf_verified_at_sat.png")
        # SAT answers "not found" now: said in Spanish, the client unchanged
        emulator.pages.clear()
        qtbot.waitUntil(dialog.verify_button.isEnabled, timeout=10_000)  # the check is over
        dialog.verify_button.click()
        qtbot.waitUntil(lambda: "no encontró" in dialog.message.text(), timeout=10_000)
        assert dialog.origin_label.text().startswith("Confirmado en el SAT el ")
    assert shown_errors == []
