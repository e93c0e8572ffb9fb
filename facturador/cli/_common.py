"""Helpers shared by the command modules: reading the user's files with Spanish errors."""

from __future__ import annotations

import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from facturador.cli import messages
from facturador.sat.errors import InvalidInputError
from facturador.sat.messages import os_reason

__all__ = [
    "active_document",
    "read_bytes",
    "read_json",
    "read_password",
    "warn_about_name",
    "write_atomically",
]


class UnreadableFileError(InvalidInputError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    @property
    def message(self) -> str:
        return f"No se pudo leer «{self.path}»: {self.reason}."


class UnwritableFileError(InvalidInputError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason  # Spanish already

    @property
    def message(self) -> str:
        return messages.UNWRITABLE.format(path=self.path, reason=self.reason)


def read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise UnreadableFileError(path, "no existe") from None
    except IsADirectoryError:
        raise UnreadableFileError(path, "es una carpeta") from None
    except OSError as error:
        raise UnreadableFileError(path, os_reason(error)) from None


def read_password(path: str) -> str:
    """A password file: trailing CR/LF removed; UTF-8, or Latin-1 from older Windows tools."""
    data = read_bytes(path).rstrip(b"\r\n")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_json(path: str) -> Any:
    """JSON with numbers as Decimal (never float)."""
    try:
        return json.loads(read_bytes(path), parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = f" (línea {error.lineno})" if isinstance(error, json.JSONDecodeError) else ""
        raise UnreadableFileError(path, f"no es un JSON válido{where}") from None
    except RecursionError:
        raise UnreadableFileError(path, messages.JSON_TOO_DEEP) from None
    except ValueError:  # an integer of more than 4,300 digits (sys.int_info)
        raise UnreadableFileError(path, messages.JSON_NUMBER_TOO_LONG) from None


def _writable_target(path: str) -> Path:
    """UnwritableFileError, in Spanish, for an output that is a folder or in none."""
    target = Path(path)
    if target.is_dir():
        raise UnwritableFileError(path, os_reason(IsADirectoryError()))
    if not target.parent.is_dir():
        raise UnwritableFileError(path, messages.FOLDER_MISSING.format(folder=target.parent))
    return target


def write_atomically(path: str, data: bytes) -> None:
    """Write through a temporary file and rename, so a crash never leaves half a file.
    The OS's refusals (no folder, a folder, no permission, disk full) are said in Spanish."""
    target = _writable_target(path)
    try:
        _write_through_temporary(target, data)
    except OSError as error:
        raise UnwritableFileError(path, os_reason(error)) from None


def _write_through_temporary(target: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def warn_about_name(nombre: str, rfc: str) -> None:
    """On stderr, a persona moral's name written with its régimen de capital (sat.names)."""
    import sys

    from facturador.sat.names import regimen_capital_warning

    warning = regimen_capital_warning(nombre, rfc)
    if warning:
        print(f"Aviso: {warning}", file=sys.stderr)


def active_document(ctx: Any, ref: str) -> tuple[Any, Any, Any]:
    """(engine, active company, its document `ref`: UUID or serie-folio), or the Spanish
    refusal when there is no such document."""
    from facturador.models.engine import read_session
    from facturador.services.cancel_requests import find_document
    from facturador.services.companies import get_active_company

    engine = ctx.engine
    with read_session(engine) as session:
        empresa = get_active_company(session)
        assert empresa.id is not None
        return engine, empresa, find_document(session, empresa.id, ref)
