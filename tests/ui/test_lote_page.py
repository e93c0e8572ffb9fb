"""Documentos > Lote desde CSV/Excel: a file with problems shows each by row and column and
emits nothing until the user presses «Emitir … válidos»; a clean file emits all, queued."""

# ruff: noqa: F401, F811 - pytest fixtures imported by name
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from facturador.services import registry
from facturador.services.registry import DocumentFilter
from tests.pac_emulators.fixtures import finkok_emulator, sandbox, sat_emulator
from tests.ui.documents_fixtures import clock, seed, services
from tests.unit.services.batch_files import big_batch, write_xlsx
from tests.unit.services.test_batch import FIVE_BAD_ROWS, HEADER

# FACTURADOR_SCREENSHOTS=docs/screenshots renders the README's pictures of this page.
SHOTS = Path(os.environ.get("FACTURADOR_SCREENSHOTS", "/tmp"))


pytestmark = pytest.mark.usefixtures("themed_page")


def _cells(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def _loaded(qtbot, page, path: Path) -> None:
    page.load(str(path))
    qtbot.waitUntil(lambda: page.report is not None, timeout=15_000)


def _stored(services) -> int:
    return registry.count(services, DocumentFilter())


def test_a_file_with_problems_is_shown_by_row_and_column_and_only_valid_ones_emitted(
    qtbot, window, seed, services, tmp_path
):
    page = window.show_page("lote")
    path = tmp_path / "lote_con_errores.csv"
    path.write_bytes("\n".join([HEADER, *FIVE_BAD_ROWS]).encode("cp1252"))
    _loaded(qtbot, page, path)
    assert _cells(page.problems, 0) == ["3", "5", "6", "7", "9"]
    assert _cells(page.problems, 1) == [
        "clave_prod_serv", "cantidad", "receptor_rfc", "iva", "descripcion"]  # fmt: skip
    assert "coma decimal" in page.problems.item(1, 3).text()
    assert _cells(page.documents, 6) == ["Listo para emitir", "Con problemas", "Con problemas",
                                         "Con problemas", "Con problemas", "Listo para emitir",
                                         "Con problemas"]  # fmt: skip
    assert not page.emit_all_button.isEnabled()
    assert page.emit_valid_button.isEnabled()
    assert page.emit_valid_button.text() == "Emitir 2 documentos válidos"
    assert "5 problema(s) en 5 de 7 documento(s)" in page.message.text()
    assert _stored(services) == 0  # checking stored nothing
    window.resize(1280, 800)
    qtbot.wait(50)
    window.grab().save(str(SHOTS / "lote_problemas.png"))
    qtbot.mouseClick(page.emit_valid_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.emission is not None, timeout=15_000)
    assert _cells(page.documents, 6)[0] == "En cola, A-1"
    assert _cells(page.documents, 6)[5] == "En cola, A-2"
    assert _cells(page.documents, 6)[1] == "No emitido"
    assert "Se emitieron 2 documento(s), folios A-1 a A-2" in page.message.text()
    assert not page.emit_valid_button.isEnabled()  # the same batch is never emitted twice
    assert _stored(services) == 2


def test_a_clean_xlsx_batch_is_emitted_whole_with_consecutive_folios(
    qtbot, window, seed, services, tmp_path
):
    page = window.show_page("lote")
    _loaded(qtbot, page, write_xlsx(big_batch(60, 200), tmp_path / "lote.xlsx"))
    assert page.problems.rowCount() == 0
    assert not page.problems_card.isVisible()
    assert page.emit_all_button.isEnabled()
    assert page.emit_all_button.text() == "Emitir 60 documentos"
    assert not page.emit_valid_button.isVisible()
    window.resize(1280, 800)
    qtbot.wait(50)
    window.grab().save(str(SHOTS / "lote.png"))
    progress = []
    page.progressed.connect(lambda done, total: progress.append((done, total)))
    qtbot.mouseClick(page.emit_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.emission is not None, timeout=30_000)
    assert progress[-1] == (60, 60)
    assert _cells(page.documents, 6) == [f"En cola, A-{n}" for n in range(1, 61)]
    assert _cells(page.documents, 1)[:2] == ["2–5", "6–9"]  # each document's rows
    window.grab().save(str(SHOTS / "lote_emitido.png"))
    assert "folios A-1 a A-60" in page.message.text()
    assert _stored(services) == 60


def test_a_file_that_cannot_be_read_is_explained_on_the_page(qtbot, window, seed, tmp_path):
    page = window.show_page("lote")
    path = tmp_path / "lote.xlsx"
    path.write_bytes(b"esto no es un libro")
    page.load(str(path))
    qtbot.waitUntil(lambda: "no es un libro de Excel" in page.message.text(), timeout=10_000)
    assert page.report is None
    assert not page.emit_all_button.isEnabled()
    assert page.choose_button.isEnabled()
