"""The question before Retirar de la cola: which document, and that it is for good."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from facturador.ui import messages as M
from facturador.ui.pages._documents import money

if TYPE_CHECKING:
    from collections.abc import Callable

    from facturador.services.views import DocumentRow
    from facturador.ui.context import AppContext

__all__ = ["WithdrawDialog", "ask_withdrawal", "withdraw_hint", "withdraw_tip"]


class WithdrawDialog(QMessageBox):
    """Asks before withdrawing `row`; "No, dejarlo en la cola" is the default button.
    `confirmed()` after it closes: whether the user chose to withdraw."""

    def __init__(self, row: DocumentRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(M.WITHDRAW_TITLE)
        self.setText(M.WITHDRAW_QUESTION.format(name=row.name))
        self.setInformativeText(
            M.WITHDRAW_DETAIL.format(
                name=row.name,
                receptor=row.nombre_receptor or row.rfc_receptor,
                total=money(row.total, row.moneda),
            )
        )
        self.confirm_button: QPushButton = self.addButton(
            M.WITHDRAW_CONFIRM, QMessageBox.ButtonRole.DestructiveRole
        )
        self.keep_button: QPushButton = self.addButton(
            M.WITHDRAW_KEEP, QMessageBox.ButtonRole.RejectRole
        )
        self.setDefaultButton(self.keep_button)  # the safe choice
        self.setEscapeButton(self.keep_button)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def confirmed(self) -> bool:
        return self.clickedButton() is self.confirm_button


def withdraw_tip(row: DocumentRow | None) -> str:
    """The Retirar action's tooltip: what it does, or why this document cannot be withdrawn
    (it may be at a PAC: only the PAC can tell, the next pass asks it)."""
    from facturador.services.withdrawal import WithdrawalRefusedError, withdrawal_refusal

    reason = withdrawal_refusal(row.state, row.may_be_stamped) if row and row.state else None
    if row is None or reason is None or reason == "not_queued":
        return M.WITHDRAW_TIP
    return WithdrawalRefusedError(reason, row.name, row.state).message


def ask_withdrawal(
    parent: QWidget, ctx: AppContext, row: DocumentRow, on_withdrawn: Callable[[], None]
) -> WithdrawDialog:
    """Open the question (not blocking); if confirmed, withdraw in a worker, then tell the
    app the queue changed (Registros and the status bar reload) and call `on_withdrawn`."""
    from facturador.services.withdrawal import withdraw_document
    from facturador.ui.workers import run_in_background

    dialog = WithdrawDialog(row, parent=parent)

    def withdrawn(_documento: object) -> None:
        ctx.changed.emit("queue")
        on_withdrawn()

    def answered(_result: int) -> None:
        if dialog.confirmed():
            services = ctx.services
            args = (services.engine, row.id, services.now())
            run_in_background(withdraw_document, *args, on_success=withdrawn, parent=parent)

    dialog.finished.connect(answered)
    dialog.open()
    return dialog


def withdraw_hint(row: DocumentRow | None) -> str | None:
    """For a queued document that may be at the PAC (sent without an answer, or being
    sent): why it cannot be withdrawn and that the PAC is asked first; else None."""
    if row is None or row.state not in ("EN_COLA", "ENVIANDO"):
        return None
    tip = withdraw_tip(row)
    return None if tip == M.WITHDRAW_TIP else tip
