"""Comprobantes recibidos: drop a folder to import (progress, bad files named), filter, see
the validar verdict and findings of the selected CFDI, export the filtered list."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.ui.conftest import create_eku
from tests.unit.services.recibidos_corpus import STAMPED_AT, stamped_33, stamped_invoices

SHOTS = os.environ.get("FACTURADOR_SCREENSHOTS", "/tmp")


@pytest.fixture
def seed(services):
    create_eku(services)


pytestmark = pytest.mark.usefixtures("themed_page")


@pytest.fixture
def folder(tmp_path) -> Path:
    from facturador.pac.sandbox import SandboxStamper

    folder = tmp_path / "descargas"
    folder.mkdir()
    for i, data in enumerate(stamped_invoices(4, SandboxStamper(clock=lambda: STAMPED_AT))):
        (folder / f"factura_{i}.xml").write_bytes(data)
    threes = stamped_33(2)
    (folder / "cfdi33_bueno.xml").write_bytes(threes[0])
    changed = threes[1].replace(b'Descripcion="Venta"', b'Descripcion="Venta alterada"')
    (folder / "cfdi33_alterado.xml").write_bytes(changed)  # its Sello no longer verifies
    (folder / "roto.xml").write_bytes(b"<cfdi:Comprobante")
    return folder


def _drop(page, paths: list[Path]) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QDragEnterEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    page.dragEnterEvent(enter)
    assert enter.isAccepted()  # local files and folders are taken
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    page.dropEvent(event)


def _select(qtbot, page, predicate) -> None:
    rows = page.model.rows
    index = next(i for i, r in enumerate(rows) if predicate(r))
    page.table.selectRow(index)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.row.id == rows[index].id,
                    timeout=10_000)  # fmt: skip


def test_drop_a_folder_filter_and_read_the_findings(qtbot, window, folder, tmp_path,
                                                    monkeypatch):  # fmt: skip
    window.resize(1180, 760)
    page = window.show_page("recibidos")
    assert window.current_page_id() == "recibidos"
    qtbot.waitUntil(lambda: page.count_label.text() != "", timeout=10_000)
    assert page.model.rows == []
    _drop(page, [folder])
    qtbot.waitUntil(lambda: page.last_import is not None and not page.busy, timeout=30_000)
    assert (page.last_import.importados, page.last_import.errores) == (6, 1)
    text = page.message.text()
    assert "6 importados, 0 ya estaban, 1 con error." in text
    assert "roto.xml: El archivo no es un XML válido" in text
    qtbot.waitUntil(lambda: len(page.model.rows) == 6, timeout=10_000)
    assert page.count_label.text() == "6 comprobantes"

    _select(qtbot, page, lambda r: not r.valido)
    assert page.verdict.text().startswith("INVÁLIDO · 3.3 · ")
    assert "Error CFDI40102" in page.findings.toPlainText()  # the Sello does not verify
    row = page.model.rows.index(page.selected())
    assert page.model.index(row, 4).data() == "Inválido: CFDI40102"
    assert not page.pdf_button.isEnabled()  # 3.3: no printed representation
    page.table.clearSelection()

    page.valido_combo.setCurrentIndex(2)  # Inválidos
    qtbot.waitUntil(lambda: len(page.model.rows) == 1, timeout=10_000)
    page.valido_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(page.model.rows) == 6, timeout=10_000)
    page.tipo_combo.setCurrentIndex(0)
    qtbot.keyClicks(page.text_edit, "CACX7605101P8")
    qtbot.waitUntil(lambda: len(page.model.rows) == 6, timeout=10_000)
    page.text_edit.clear()
    qtbot.keyClicks(page.text_edit, "XAXX")
    qtbot.waitUntil(lambda: page.model.rows == [], timeout=10_000)
    page.text_edit.clear()
    qtbot.waitUntil(lambda: len(page.model.rows) == 6, timeout=10_000)

    _select(qtbot, page, lambda r: r.valido and r.version == "4.0")
    assert page.verdict.text().startswith("VÁLIDO · 4.0 · ")
    assert page.sat_line.text().startswith("Estado en el SAT: Sin consultar")
    assert page.pdf_button.isEnabled()
    window.grab().save(str(Path(SHOTS) / "recibidos.png"))
    page.pdf_button.click()  # the printed representation of the selected 4.0
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.ready, timeout=30_000)
    assert page.dialog.pdf.startswith(b"%PDF")
    page.dialog.close()

    # the filtered list to Excel
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "lista.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.estado_combo.setCurrentIndex(1)  # Sin consultar: all six
    qtbot.waitUntil(lambda: len(page.model.rows) == 6, timeout=10_000)
    page.export_button.click()
    qtbot.waitUntil(lambda: target.exists() and "exportados" in page.message.text(),
                    timeout=10_000)  # fmt: skip
    assert load_workbook(target).active.max_row == 7

    # the same folder again: nothing new, each reported as already there
    page.last_import = None
    _drop(page, [folder])
    qtbot.waitUntil(lambda: page.last_import is not None and not page.busy, timeout=30_000)
    assert "0 importados, 6 ya estaban, 1 con error." in page.message.text()


def test_import_button_and_sat_status_of_the_selected_one(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from facturador.pac.base import CancelCommand
    from facturador.pac.sandbox import SandboxStamper
    from tests.pac_emulators.sat import SatEmulator

    stamper = SandboxStamper(clock=lambda: STAMPED_AT)
    paths = []
    for i, data in enumerate(stamped_invoices(2, stamper)):
        paths.append(tmp_path / f"{i}.xml")
        paths[-1].write_bytes(data)
    page = window.show_page("recibidos")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(p) for p in paths], ""))  # fmt: skip
    page.import_files_button.click()
    qtbot.waitUntil(lambda: len(page.model.rows) == 2, timeout=30_000)
    with SatEmulator(stamper) as emulator:
        monkeypatch.setenv("FACTURADOR_SAT_STATUS_URL", f"{emulator.url}/ConsultaCFDIService.svc")
        first = page.model.rows[0]
        stamper.cancel(CancelCommand(uuid=first.uuid, rfc_emisor="CACX7605101P8", motivo="02",
                                     certificate=b"", private_key=b"", password=""))  # fmt: skip
        _select(qtbot, page, lambda r: r.id == first.id)
        page.sat_button.click()
        qtbot.waitUntil(lambda: page.last_status is not None and not page.busy, timeout=15_000)
        assert page.last_status.consultados == 1  # the selected one only
        assert "1 consultados: 0 vigentes, 1 cancelados" in page.message.text()
        qtbot.waitUntil(lambda: page.sat_line.text().startswith("Estado en el SAT: Cancelado"),
                        timeout=10_000)  # fmt: skip
        page.table.clearSelection()
        page.last_status = None
        page.sat_button.click()  # nothing selected: every one not asked yet
        qtbot.waitUntil(lambda: page.last_status is not None and not page.busy, timeout=15_000)
        assert page.last_status.consultados == 1
        assert len(emulator.requests) == 2
    qtbot.waitUntil(lambda: {r.estado_sat for r in page.model.rows} == {"Cancelado", "Vigente"},
                    timeout=10_000)  # fmt: skip
