"""Exportar XML y PDF por mes: one ZIP per month (CFDI_AAAA-MM.zip) of every sealed document
that the filter selects, each as its XML and its PDF, written through a temporary file so a
crash never leaves half an archive."""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from facturador.models.states import DocumentState
from facturador.services import registry

if TYPE_CHECKING:
    from facturador.models.repositories import DocumentFilter
    from facturador.services.context import Context
    from facturador.services.views import DocumentRow

__all__ = ["Progress", "export_months"]

Progress = Callable[[int, int], None]
BATCH = 1000


def _exportable(ctx: Context, flt: DocumentFilter) -> dict[str, list[DocumentRow]]:
    by_month: dict[str, list[DocumentRow]] = {}
    offset = 0
    while batch := registry.documents(ctx, flt, offset, BATCH):
        offset += len(batch)
        for found in batch:
            if found.state != DocumentState.BORRADOR and found.fecha is not None:
                by_month.setdefault(found.fecha.strftime("%Y-%m"), []).append(found)
    return by_month


def export_months(
    ctx: Context, flt: DocumentFilter, folder: Path, progress: Progress | None = None
) -> list[Path]:
    """The ZIPs written, oldest month first; `progress(done, total)` after each document."""
    by_month = _exportable(ctx, flt)
    total = sum(len(items) for items in by_month.values())
    folder.mkdir(parents=True, exist_ok=True)
    done, paths = 0, []
    for month, items in sorted(by_month.items()):
        path = folder / f"CFDI_{month}.zip"
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
        try:
            with (
                os.fdopen(fd, "wb") as stream,
                zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive,
            ):
                for found in items:
                    stem = registry.file_stem(found)
                    archive.writestr(f"{stem}.xml", registry.document_xml(ctx, found.id))
                    archive.writestr(f"{stem}.pdf", registry.document_pdf(ctx, found.id))
                    done += 1
                    if progress is not None:
                        progress(done, total)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        paths.append(path)
    return paths
