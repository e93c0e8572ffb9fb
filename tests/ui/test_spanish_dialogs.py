"""Qt's own texts in Spanish (Mexico): the standard buttons, the non-native file dialog and a
text field's context menu show no English once the app has started (create_app installs
qtbase_es.qm); file dialogs open in the user's documents folder, not the program's."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from unittest.mock import patch

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTreeView,
    QWizard,
)

from facturador.ui.app import create_app
from tests.ui.conftest import create_eku
from tests.ui.registros_rows import insert_documents, registros_with

# What Qt says in English in these dialogs ("No" is Spanish too, so it is not listed).
ENGLISH = re.compile(
    r"\b(OK|Cancel|Yes|Yes to All|No to All|Save|Save All|Open|Close|Discard|Apply|Reset|"
    r"Restore Defaults|Help|Abort|Retry|Ignore|Look in|File name|Files of type|All Files|"
    r"Name|Size|Type|Kind|Date Modified|Back|Forward|Parent Directory|Create New Folder|"
    r"List View|Detail View|Choose|Directory|Folder|Undo|Redo|Cut|Copy|Paste|Delete|"
    r"Select All|File|Files|Computer)\b"
)
SPANISH_OF_SPAIN = re.compile(r"\b(fichero|ficheros|ordenador)\b", re.IGNORECASE)


@pytest.fixture
def app(qapp):
    return create_app()


def _plain(text: str) -> str:
    return text.replace("&", "").strip()


def _english(texts: list[str]) -> list[str]:
    return [t for t in texts if ENGLISH.search(t) or SPANISH_OF_SPAIN.search(t)]


def test_standard_buttons_are_in_spanish(qtbot, app):
    buttons = QMessageBox.StandardButton
    every = buttons.NoButton
    for button in (
        buttons.Ok, buttons.Cancel, buttons.Yes, buttons.No, buttons.Save, buttons.Discard,
        buttons.Close, buttons.Apply, buttons.Retry, buttons.Abort, buttons.Ignore,
        buttons.Help, buttons.Open, buttons.YesToAll, buttons.NoToAll, buttons.SaveAll,
        buttons.Reset, buttons.RestoreDefaults,
    ):  # fmt: skip
        every |= button
    box = QMessageBox(QMessageBox.Icon.Question, "Facturador", "¿Continuar?", every)
    qtbot.addWidget(box)
    texts = {box.standardButton(b): _plain(b.text()) for b in box.buttons()}
    assert texts[buttons.Ok] == "Aceptar"
    assert texts[buttons.Cancel] == "Cancelar"
    assert texts[buttons.Yes] == "Sí"
    assert texts[buttons.Save] == "Guardar"
    assert _english(list(texts.values())) == []


def test_input_dialog_and_wizard_buttons_are_in_spanish(qtbot, app):
    dialog = QInputDialog()
    qtbot.addWidget(dialog)
    dialog.setLabelText("Para:")
    dialog.show()
    texts = [_plain(b.text()) for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    assert sorted(texts) == ["Aceptar", "Cancelar"]
    wizard = QWizard()
    qtbot.addWidget(wizard)
    wizard.setOption(QWizard.WizardOption.HaveHelpButton)
    names = QWizard.WizardButton
    buttons = (names.BackButton, names.NextButton, names.FinishButton, names.CancelButton)
    texts = [_plain(wizard.buttonText(b)) for b in (*buttons, names.HelpButton)]
    assert "Cancelar" in texts
    assert _english(texts) == []
    assert not {"Back", "Next", "Finish"} & {t.strip("<> ") for t in texts}


def _visible_texts(dialog: QFileDialog) -> list[str]:
    texts = [_plain(label.text()) for label in dialog.findChildren(QLabel)]
    for button in dialog.findChildren(QAbstractButton):
        texts += [_plain(button.text()), button.toolTip()]
    for combo in dialog.findChildren(QComboBox):
        texts += [combo.itemText(i) for i in range(combo.count())]
    for view in dialog.findChildren(QTreeView):  # the detail view's column titles
        header = view.header()
        texts += [
            str(header.model().headerData(c, Qt.Orientation.Horizontal))
            for c in range(header.count())
        ]
    return [t for t in texts if t]


def test_the_file_dialog_speaks_spanish(qtbot, app, tmp_path):
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "Guardar XML", str(tmp_path))
        qtbot.addWidget(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(mode)
        dialog.show()
        qtbot.waitExposed(dialog)
        texts = _visible_texts(dialog)
        assert "Todos los archivos (*)" in texts
        assert "Nombre de archivo:" in texts
        assert _english(texts) == []
        dialog.close()


def test_a_text_fields_context_menu_speaks_spanish(qtbot, app):
    edit = QLineEdit("CACX7605101P8")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [_plain(a.text()).split("\t")[0] for a in menu.actions() if a.text()]
    assert "Copiar" in texts
    assert _english(texts) == []


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    """A documents folder of its own, as the desktop's user-dirs.dirs names it."""
    folder = tmp_path / "Documentos"
    folder.mkdir()
    config = tmp_path / "config"
    config.mkdir()
    (config / "user-dirs.dirs").write_text(f'XDG_DOCUMENTS_DIR="{folder}"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert Path(found) == folder
    return folder


@pytest.fixture
def seed(services):
    create_eku(services)


def test_file_dialogs_open_in_the_documents_folder(qtbot, window, services, documents):
    insert_documents(services, 0, 1, datetime(2026, 1, 1))  # one stamped invoice
    page = registros_with(qtbot, window, 1)
    page.select_row(0)
    asked: list[str] = []

    def save_name(_parent, _title, where, *_a):
        asked.append(where)
        return "", ""

    def folder(_parent, _title, where="", *_a):
        asked.append(where)
        return ""

    with (
        patch.object(QFileDialog, "getSaveFileName", save_name),
        patch.object(QFileDialog, "getExistingDirectory", folder),
    ):
        page.actions["save_xml"].trigger()
        page.export_action.trigger()
    assert asked == [str(documents / "CACX7605101P8_B1_00000000.xml"), str(documents)]
