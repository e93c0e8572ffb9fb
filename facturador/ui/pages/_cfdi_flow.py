"""What Generar CFDI asks and says around issuing a document.

- Before Generar (the button or Ctrl+Enter) seals anything, a short summary (receptor,
  total, forma and método de pago, moneda) whose default button is «Generar».
- Before «Nuevo» throws away edits that were neither saved nor issued, a question in Spanish
  whose default is to keep editing. The form is "clean" as it was last cleared, loaded,
  saved as a draft or issued (`mark_clean`), and dirty when its JSON input differs.
- The banner's news about the previous document (sealed, stamped, draft saved) goes as soon
  as the user edits the form; later answers about that document then show only a rejection
  (which stays until the next Generar or Nuevo).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from facturador.ui import messages_documents as M
from facturador.ui.dialogs.issue_summary_dialog import IssueSummaryDialog
from facturador.ui.pages._documents import STATE_NAMES

if TYPE_CHECKING:
    from facturador.services.views import DocumentRow
    from facturador.ui.pages.cfdi import CfdiPage

__all__ = ["IssueFlow", "result_text"]


def result_text(row: DocumentRow) -> tuple[str, str]:
    """The banner's text and state for the document `row` after a pass."""
    if row.state == "TIMBRADO":
        return f"Comprobante {row.name} timbrado. UUID {row.uuid}.", "ok"
    if row.state == "RECHAZADO":
        return (
            f"El PAC rechazó {row.name}: {row.last_error_message or row.last_error_code}. "
            "Ábralo desde Registros CFDI para corregirlo.",
            "error",
        )
    return (
        f"Comprobante {row.name}: {STATE_NAMES.get(row.state, row.state).lower()}. "
        "Se timbrará en cuanto haya conexión con el PAC.",
        "info",
    )


class IssueFlow(QObject):
    """The page's summary dialog, discard question and banner news (see the module)."""

    def __init__(self, page: CfdiPage) -> None:
        super().__init__(page)
        self.page = page
        self.clean: dict[str, Any] | None = None
        self.news = False  # the banner speaks of a previous document
        self.summary_dialog: IssueSummaryDialog | None = None
        self.discard_dialog: QMessageBox | None = None
        self.discard_button: QPushButton | None = None

    # -- unsaved edits ---------------------------------------------------------------------

    def mark_clean(self, data: dict[str, Any] | None = None) -> None:
        self.clean = data if data is not None else self.page.data()

    def dirty(self) -> bool:
        return self.clean is not None and self.page.data() != self.clean

    def ask_new(self) -> None:
        """«Nuevo»: clear the form, after asking when that would lose edits."""
        if not self.dirty():
            self.page.clear()
            return
        box = QMessageBox(QMessageBox.Icon.Question, M.DISCARD_TITLE, M.DISCARD_QUESTION)
        box.setParent(self.page, box.windowFlags())
        box.setInformativeText(M.DISCARD_DETAIL)
        discard = box.addButton(M.DISCARD_CONFIRM, QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(M.DISCARD_KEEP, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # the safe choice
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.discard_dialog, self.discard_button = box, discard

        def answered(_result: int) -> None:
            self.discard_dialog = None
            if box.clickedButton() is discard:
                self.page.clear()

        box.finished.connect(answered)
        box.open()

    # -- the summary before Generar ------------------------------------------------------------

    def confirm(
        self, data: dict[str, Any], total: Decimal | None, then: Callable[[], None]
    ) -> None:
        """Show the summary of `data`; `then()` only when the user confirms «Generar»."""
        if self.summary_dialog is not None:
            return  # already asking
        dialog = IssueSummaryDialog(data, total, parent=self.page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary_dialog = dialog

        def answered(result: int) -> None:
            self.summary_dialog = None
            if result == IssueSummaryDialog.DialogCode.Accepted:
                then()

        dialog.finished.connect(answered)
        dialog.open()

    # -- the banner ----------------------------------------------------------------------------

    def show_news(self, text: str, state: str) -> None:
        self.page.result.show_state(text, state)
        self.news = True

    def edited(self) -> None:
        """The user changed the form: the news about the previous document goes."""
        if self.news:
            self.news = False
            self.page.result.show_state("", "")

    def show_result(self, row: DocumentRow) -> None:
        """A pass's answer about the last document: shown while the banner speaks of it; a
        rejection always, and it stays while the user writes the next one."""
        text, state = result_text(row)
        if state == "error":
            self.news = False
            self.page.result.show_state(text, state)
        elif self.news:
            self.show_news(text, state)
