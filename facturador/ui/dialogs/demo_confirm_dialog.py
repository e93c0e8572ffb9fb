"""The question before a real company's documents go to the demo sandbox (no validity).

Shown when the services refuse the sandbox for a company other than the demo one
(pac_settings.DemoConfirmationError): the user must tick, in words, that these documents
will never be valid before "Timbrar sin validez fiscal" is enabled; the safe choice is the
default button.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QMessageBox, QPushButton, QWidget

from facturador.ui import messages_config as T

__all__ = ["DemoConfirmDialog", "ask_demo_confirmation", "needs_demo_confirmation"]


def needs_demo_confirmation(error: object) -> bool:
    from facturador.services.pac_settings import DemoConfirmationError

    return isinstance(error, DemoConfirmationError)


class DemoConfirmDialog(QMessageBox):
    def __init__(self, rfc: str, nombre: str, queued: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(T.DEMO_CONFIRM_TITLE)
        self.setText(T.DEMO_CONFIRM_QUESTION.format(nombre=nombre, rfc=rfc))
        waiting = T.DEMO_CONFIRM_WAITING.format(n=queued) if queued > 1 else ""
        waiting = T.DEMO_CONFIRM_WAITING_ONE if queued == 1 else waiting
        self.setInformativeText(T.DEMO_CONFIRM_DETAIL.format(waiting=waiting))
        self.understood = QCheckBox(T.DEMO_CONFIRM_CHECK)
        self.setCheckBox(self.understood)
        self.confirm_button: QPushButton = self.addButton(
            T.DEMO_CONFIRM_YES, QMessageBox.ButtonRole.DestructiveRole
        )
        self.keep_button: QPushButton = self.addButton(
            T.DEMO_CONFIRM_NO, QMessageBox.ButtonRole.RejectRole
        )
        self.confirm_button.setEnabled(False)
        self.understood.toggled.connect(self.confirm_button.setEnabled)
        self.setDefaultButton(self.keep_button)
        self.setEscapeButton(self.keep_button)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def confirmed(self) -> bool:
        return self.understood.isChecked() and self.clickedButton() is self.confirm_button


def ask_demo_confirmation(
    parent: QWidget, error: object, nombre: str, on_confirmed: Callable[[], None]
) -> DemoConfirmDialog:
    """Open the question for `error` (a DemoConfirmationError), not blocking; call
    `on_confirmed` only if the user ticked the sentence and chose to go on."""
    rfc = str(getattr(error, "rfc", ""))
    dialog = DemoConfirmDialog(rfc, nombre, int(getattr(error, "queued", 0)), parent)
    dialog.finished.connect(lambda _result: on_confirmed() if dialog.confirmed() else None)
    dialog.open()
    return dialog
