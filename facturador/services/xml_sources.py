"""What `facturador validar` and `recibidos importar` read: files, folders, ZIP archives.

`documents(sources)` yields one `Input` per document, in order: its name as shown to the user
(`carpeta/a.xml`, `lote.zip:a.xml`) and its bytes, or the Spanish reason it could not be read.
A source is a path (file, folder: every .xml inside, recursively; ZIP) or, for packages held
in memory (a SAT download), a `(name, bytes)` pair whose bytes are a ZIP or one XML.
ZIP members are read with a size bound, so a compressed bomb is refused, not expanded.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from facturador.sat.messages import os_reason
from facturador.sat.xml_safety import MAX_XML_BYTES

__all__ = ["Input", "Source", "count", "documents"]

Source = Path | tuple[str, bytes]
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class Input:
    name: str
    data: bytes | None
    error: str | None = None  # Spanish reason when `data` is None


def _is_xml(name: str) -> bool:
    return name.lower().endswith(".xml")


def _folder(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file() and _is_xml(p.name))


def _zip_members(path: Path | str, data: bytes | None = None) -> Iterator[Input]:
    try:
        archive = zipfile.ZipFile(path if data is None else io.BytesIO(data))
    except (OSError, zipfile.BadZipFile):
        yield Input(str(path), None, "no es un archivo ZIP válido")
        return
    with archive:
        for member in archive.infolist():
            if member.is_dir() or not _is_xml(member.filename):
                continue
            name = f"{path}:{member.filename}"
            if member.file_size > MAX_XML_BYTES:
                yield Input(name, None, f"mide más de {MAX_XML_BYTES // (1024 * 1024)} MB")
                continue
            try:
                with archive.open(member) as stream:
                    data = stream.read(MAX_XML_BYTES + 1)
            except OSError as error:
                yield Input(name, None, f"no se pudo extraer: {os_reason(error)}")
                continue
            except (zipfile.BadZipFile, RuntimeError):
                yield Input(name, None, "no se pudo extraer: el archivo ZIP está dañado o cifrado")
                continue
            yield Input(name, data)


def _file(path: Path) -> Input:
    try:
        return Input(str(path), path.read_bytes())
    except OSError as error:
        return Input(str(path), None, os_reason(error))


def _in_memory(name: str, data: bytes) -> Iterator[Input]:
    if data.startswith(_ZIP_MAGIC) or name.lower().endswith(".zip"):
        yield from _zip_members(name, data)
    elif len(data) > MAX_XML_BYTES:
        yield Input(name, None, f"mide más de {MAX_XML_BYTES // (1024 * 1024)} MB")
    else:
        yield Input(name, data)


def documents(sources: Iterable[Source]) -> Iterator[Input]:
    for path in sources:
        if isinstance(path, tuple):
            yield from _in_memory(*path)
        elif path.is_dir():
            found = _folder(path)
            if not found:
                yield Input(str(path), None, "es una carpeta sin archivos XML")
            yield from (_file(p) for p in found)
        elif path.suffix.lower() == ".zip" and path.is_file():
            yield from _zip_members(path)
        else:
            yield _file(path)


def _zip_count(archive: zipfile.ZipFile) -> int:
    return sum(1 for m in archive.infolist() if not m.is_dir() and _is_xml(m.filename))


def count(sources: Iterable[Source]) -> int:
    """How many documents `documents(sources)` will yield (for the progress line)."""
    total = 0
    for path in sources:
        if isinstance(path, tuple):
            name, data = path
            if data.startswith(_ZIP_MAGIC) or name.lower().endswith(".zip"):
                try:
                    with zipfile.ZipFile(io.BytesIO(data)) as archive:
                        total += _zip_count(archive)
                except zipfile.BadZipFile:
                    total += 1
            else:
                total += 1
        elif path.is_dir():
            total += len(_folder(path)) or 1  # an empty folder is reported once
        elif path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                total += _zip_count(archive)
        else:
            total += 1
    return total
