"""Registros at 1024×700 with a row still selected after 30 s of queue reloads, and a standard
dialog's buttons and a non-native file dialog in Spanish (docs/screenshots/).

    uv run python scripts/screenshots_small.py [OUT_DIR]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from facturador.services.context import Context
from facturador.services.secrets import MemorySecretStore
from facturador.ui.app import create_app
from facturador.ui.widgets.files import documents_folder
from facturador.ui.workers import wait_idle
from scripts.screenshots import REPO, _documents_in_every_state, save, seed, settle


def shoot_registros(app: QApplication, window: Any, out: Path) -> None:
    """A stamped row selected; then, for 30 s, the app runs as usual: the queue runner stamps
    the pending invoice, a new invoice arrives above the selection, the queue reloads the
    table. The same row is still selected, where it was on screen."""
    from facturador.services.issuing import issue

    window.queue_runner.stop()
    window.resize(1024, 700)
    queued = _documents_in_every_state(app, window)
    registros = window.show_page("registros")
    registros.apply_filters()
    settle(app, lambda: registros.model.rowCount() >= 6)
    stamped = next(i for i, r in enumerate(registros.model.rows) if r.state == "TIMBRADO")
    registros.select_row(stamped)
    kept = registros.selected()
    issue(window.ctx.services, window.show_page("cfdi").data())
    window.show_page("registros")
    window.queue_runner.start()
    window.queue_runner.sync_now()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    wait_idle()
    app.processEvents()
    states = {r.id: r.state for r in registros.model.rows}
    assert states[queued.id] == "TIMBRADO", "the queued invoice was not stamped"
    assert registros.selected() is not None, "the selection was lost"
    assert registros.selected().id == kept.id, "another row is selected"
    save(window, out, "registros_1024")


def shoot_dialogs(app: QApplication, window: Any, out: Path) -> None:
    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Facturador",
        "¿Desea guardar los cambios?",
        buttons.Yes | buttons.No | buttons.Cancel,
        window,
    )
    box.show()
    settle(app)
    save(box, out, "dialog_buttons_es")
    box.close()
    dialog = QFileDialog(window, "Guardar XML", str(documents_folder()))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.resize(760, 480)
    dialog.show()
    settle(app)
    save(dialog, out, "file_dialog_es")
    dialog.close()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_app([])
    from facturador.ui.main_window import MainWindow

    services = Context(secrets_=MemorySecretStore())
    seed(services)
    window = MainWindow(services)
    window.show()
    window.start()
    settle(app, lambda: window.is_ready and window.status.queue_label.text() != "")
    shoot_registros(app, window, out)
    shoot_dialogs(app, window, out)
    window.status.stop()
    window.close()
    wait_idle()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
