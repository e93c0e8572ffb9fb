"""Registros → «Actualizar datos del cliente…» for a document the PAC rejected for its
receptor's data (CFDI40143–CFDI40161): the client dialog opens (import the Constancia, drop
its PDF, or edit), and once saved the document is sealed again with the client's data and
the same serie and folio (`services.receptor_reissue`), queued and sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from facturador.services import directory
from facturador.services.receptor_reissue import reseal_with_client
from facturador.ui import messages as M
from facturador.ui.dialogs.client_dialog import ClientDialog
from facturador.ui.errors import show_error
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from collections.abc import Callable

    from facturador.services.views import ClientInfo, DocumentRow
    from facturador.ui.context import AppContext

__all__ = ["ReceptorFix"]


class ReceptorFix:
    def __init__(
        self, page: QWidget, ctx: AppContext, on_done: Callable[[DocumentRow], None]
    ) -> None:
        self.page = page
        self.ctx = ctx
        self.on_done = on_done
        self.dialog: ClientDialog | None = None

    def start(self, row: DocumentRow) -> None:
        run_in_background(
            directory.clients,
            self.ctx.services,
            row.rfc_receptor,
            on_success=lambda found: self._edit(row, found),
            parent=self.page,
        )

    def _edit(self, row: DocumentRow, found: list[ClientInfo]) -> None:
        same = [c for c in found if c.rfc == row.rfc_receptor]
        client = next((c for c in same if c.nombre == row.nombre_receptor), None)
        client = client or (same[0] if same else None)
        dialog = ClientDialog(self.ctx, client, parent=self.page)
        if client is None:
            dialog.rfc_edit.setText(row.rfc_receptor)
            dialog.nombre_edit.setText(row.nombre_receptor)
        dialog.setWindowTitle(M.RECEPTOR_FIX_TITLE)
        dialog.message.show_state(M.RECEPTOR_FIX_HINT.format(name=row.name), "info")
        dialog.accepted.connect(lambda: self._reseal(row, dialog.saved))
        self.dialog = dialog
        dialog.open()

    def _reseal(self, row: DocumentRow, client: ClientInfo | None) -> None:
        if client is None:
            return
        run_in_background(
            reseal_with_client,
            self.ctx.services,
            row.id,
            client.id,
            on_success=self.on_done,
            on_failure=lambda error: show_error(self.page, error),
            parent=self.page,
        )
