"""Where file dialogs open: the user's documents folder, never the program's own folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

__all__ = ["documents_folder", "in_documents"]


def documents_folder() -> Path:
    """The user's documents folder (QStandardPaths.DocumentsLocation), else the home folder."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def in_documents(name: str) -> str:
    """A file dialog's suggested path: `name` inside the documents folder."""
    return str(documents_folder() / name)
