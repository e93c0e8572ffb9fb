"""Spanish text of the command line's own errors (files it reads and writes)."""

from __future__ import annotations

__all__ = ["FOLDER_MISSING", "UNWRITABLE"]

UNWRITABLE = "No se pudo escribir «{path}»: {reason}. Indique en -o la ruta de un archivo."
FOLDER_MISSING = "la carpeta «{folder}» no existe"
