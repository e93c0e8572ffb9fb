"""Small helpers for the ui tests."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

__all__ = ["type_into"]


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Replace the text as a user would: select all, type, leave the field."""
    edit.setFocus()
    edit.selectAll()
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # QTest types ASCII only
        edit.setText(text)
        edit.textEdited.emit(text)
    edit.editingFinished.emit()
