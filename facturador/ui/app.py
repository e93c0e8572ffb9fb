"""Start the desktop app: `run()` shows the main window first, then opens the database.

Cold start matters (target < 1.5 s to the window): this module imports only Qt and our
light ui modules; SQLAlchemy, keyring, cryptography and lxml load in the worker that opens
the database, after the window is on screen.

With FACTURADOR_STARTUP_PROBE=1 the app prints one JSON line when the window is first shown
(`shown_at`, wall-clock seconds) and another when the database is open and the company shown
(`ready_at`), then quits: bench/gui.py measures cold start with it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication

__all__ = ["PROBE_ENV", "create_app", "run"]

PROBE_ENV = "FACTURADOR_STARTUP_PROBE"
log = logging.getLogger(__name__)


def create_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication with our name, Spanish (Mexico) locale, Qt's own texts in Spanish
    and light Fusion theme."""
    from facturador.ui.theme import apply_theme
    from facturador.ui.translations import install_translations

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Facturador")
    app.setApplicationDisplayName("Facturador")
    app.setOrganizationName("Facturador")
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico))
    install_translations(app)
    apply_theme(app)
    return app


def _probe(event: str) -> None:
    sys.stdout.write(json.dumps({event: time.time()}) + "\n")
    sys.stdout.flush()


def run() -> int:
    app = create_app()
    from facturador.services.context import Context
    from facturador.ui.main_window import MainWindow

    window = MainWindow(Context())
    probe = os.environ.get(PROBE_ENV) == "1"
    if probe:
        window.ready.connect(lambda: (_probe("ready_at"), app.quit()))
    window.show()
    if probe:
        _probe("shown_at")
    # Open the database once the event loop runs, so the window paints first.
    QTimer.singleShot(0, window.start)
    code = app.exec()
    from facturador.ui.workers import wait_idle

    wait_idle()
    return int(code)
