"""The client dialog's "Importar Constancia…": the form filled from a CSF PDF, then saved."""

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from tests.ui.conftest import create_eku
from tests.unit.services import csf_pdfs


@pytest.fixture
def seed(services):
    return create_eku(services)


def test_import_csf_fills_the_client_form_and_saves(
    qtbot, window, shown_errors, tmp_path, monkeypatch
):
    path = tmp_path / "constancia.pdf"
    path.write_bytes(csf_pdfs.pdf_from_lines(csf_pdfs.fisica_lines()))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    page = window.show_page("clientes")
    page.add_button.click()
    dialog = page.dialog
    assert dialog.import_button.text() == "Importar Constancia…"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.nombre_edit.text() == "JUAN PÉREZ LÓPEZ", timeout=10_000)
    assert dialog.rfc_edit.text() == "PELJ8501153M2"
    assert dialog.regimen_edit.code() == "605"
    assert dialog.cp_edit.code() == "72030"
    assert dialog.uso_edit.code() == "S01"  # c_UsoCFDI: G03 is not for régimen 605
    text = dialog.message.text()
    assert "Constancia del 10/02/2022 (idCIF 12345678)" in text
    assert "varios regímenes vigentes" in text
    dialog.grab().save("/tmp/csf_client_dialog.png")

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    client = page.model.row_at(0)
    assert (client.rfc, client.nombre, client.regimen_fiscal_receptor) == (
        "PELJ8501153M2",
        "JUAN PÉREZ LÓPEZ",
        "605",
    )
    assert shown_errors == []


def test_a_file_that_is_not_a_csf_is_explained(qtbot, window, tmp_path):
    path = tmp_path / "factura.pdf"
    path.write_bytes(b"no soy un PDF")
    page = window.show_page("clientes")
    page.add_button.click()
    dialog = page.dialog
    dialog.import_csf(str(path))
    qtbot.waitUntil(lambda: "no es un PDF válido" in dialog.message.text(), timeout=10_000)
    assert dialog.rfc_edit.text() == ""
