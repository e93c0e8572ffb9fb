"""Downloaded packages into the inbox: each XML package's CFDI imported by
`recibidos.import_sources` (origen "descarga"), then the package marked "importado".

The import de-duplicates by UUID, so a crash between the import and the mark only means
the next pass reads that ZIP again and finds every CFDI already there. Metadata packages
(text, no XML) stay "descargado": the inbox stores CFDI, not their metadata.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from facturador.services.descarga import mark_imported
from facturador.services.recibidos import ImportSummary, import_sources

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["import_downloaded"]


def import_downloaded(ctx: Context, progress: Callable[[str], None] | None = None) -> ImportSummary:
    """Import every downloaded, not yet imported XML package of every company."""
    from sqlmodel import col, select

    from facturador.models.tables import DescargaPaquete, DescargaSolicitud
    from facturador.services.messages_descarga import PACKAGE_IMPORTED

    with ctx.read() as session:
        packages = session.exec(
            select(DescargaPaquete.id, DescargaPaquete.id_paquete, DescargaPaquete.path)
            .join(DescargaSolicitud, col(DescargaSolicitud.id) == DescargaPaquete.solicitud_id)
            .where(DescargaPaquete.state == "descargado", DescargaSolicitud.formato == "xml")
            .order_by(col(DescargaPaquete.id))
        ).all()
    summary = ImportSummary()
    for package_id, id_paquete, path in packages:
        if package_id is None or not path or not Path(path).is_file():
            continue
        found = import_sources(ctx, [Path(path)], origen="descarga")
        summary.outcomes.extend(found.outcomes)
        mark_imported(ctx, package_id)
        if progress is not None:
            progress(PACKAGE_IMPORTED.format(paquete=id_paquete, nuevos=found.importados,
                                             repetidos=found.duplicados))  # fmt: skip
    return summary
