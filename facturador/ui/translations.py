"""Qt's own texts (standard buttons, file dialogs, context menus of text fields) in Spanish.

The PySide6 wheel ships `qtbase_es.qm`; `install_translations(app)` loads it at start, from
Qt's translations folder or, in a bundle whose Qt paths point elsewhere, from the PySide6
package's own folders. Qt's catalog is written in Spain's Spanish; the few words Mexico says
otherwise ("fichero" -> "archivo") are changed on the way out (messages.QT_WORDS_ES_MX).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from facturador.ui import messages as M

__all__ = ["MexicanTranslator", "install_translations", "translation_folders"]

log = logging.getLogger(__name__)
CATALOG = "qtbase"
_WORDS = re.compile(r"\b(" + "|".join(map(re.escape, M.QT_WORDS_ES_MX)) + r")\b")


def translation_folders() -> list[str]:
    """Where Qt's .qm files may be: Qt's own path, then the wheel's layouts (Linux/macOS keep
    them in PySide6/Qt/translations, Windows in PySide6/translations)."""
    import PySide6

    package = Path(PySide6.__file__).parent
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    folders += [str(package / "Qt" / "translations"), str(package / "translations")]
    return list(dict.fromkeys(folders))


class MexicanTranslator(QTranslator):
    """Qt's Spanish catalog, with Mexico's words where Spain's differ."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        text = super().translate(context, source, disambiguation, n)
        return _WORDS.sub(lambda m: M.QT_WORDS_ES_MX[m.group(1)], text) if text else text


def install_translations(app: QCoreApplication) -> QTranslator | None:
    """Load Qt's Spanish catalog into `app` (once); None if no folder has it."""
    for existing in app.findChildren(MexicanTranslator):
        return existing
    locale = QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico)
    translator = MexicanTranslator(app)
    for folder in translation_folders():
        if translator.load(locale, CATALOG, "_", folder):
            app.installTranslator(translator)
            return translator
    log.warning("Qt's Spanish translations (%s_es.qm) were not found", CATALOG)
    translator.deleteLater()
    return None
