"""Import a customer's Constancia de Situación Fiscal (CSF): the client data it proposes.

The PDF's text is read with pypdfium2 and parsed by `sat.csf.parse_csf`; a PDF without text
(a scan, a photo) is rendered and its QR decoded with zxing-cpp (a run-time dependency; if
it is missing, a Spanish error says so), which gives the RFC and idCIF only. `import_csf`
returns the proposed `ClienteData`, the warnings (padrón status, several régimenes, fields
the CSF did not give) and the active company's client with that RFC, if any;
`save_import` creates or updates that client through `catalog_data`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facturador.sat.csf import Constancia, constancia_from_qr, parse_csf
from facturador.sat.errors import CsfError
from facturador.services import messages

if TYPE_CHECKING:
    from facturador.sat.catalogs import Catalogs
    from facturador.services.catalog_data import ClienteData
    from facturador.services.context import Context
    from facturador.services.views import ClientInfo

__all__ = ["CsfImport", "import_csf", "import_csf_file", "read_csf_pdf", "save_import"]

_PDFIUM = threading.Lock()  # pdfium is not thread-safe
_MIN_TEXT = 1  # no character on any page: no text layer (a scan)
_QR_SCALE = 3.0
DEFAULT_USO = "G03"
FALLBACK_USO = "S01"


@dataclass(frozen=True, slots=True)
class CsfImport:
    constancia: Constancia
    cliente: ClienteData
    warnings: tuple[str, ...]
    existing_client_id: int | None = None


def _open(pdf: bytes):  # type: ignore[no-untyped-def]
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise CsfError("encrypted_pdf") from error
        raise CsfError("damaged_pdf") from error


def _decode_qr(document) -> list[str]:  # type: ignore[no-untyped-def]
    try:
        import zxingcpp
    except ImportError as error:
        raise CsfError("qr_unavailable") from error
    texts: list[str] = []
    for page in document:
        image = page.render(scale=_QR_SCALE).to_pil().convert("L")
        texts.extend(barcode.text for barcode in zxingcpp.read_barcodes(image))
    return texts


def read_csf_pdf(pdf: bytes, catalogs: Catalogs | None = None) -> Constancia:
    """The Constancia in a CSF's PDF: its text, else the QR of its pages."""
    if not pdf.lstrip()[:5].startswith(b"%PDF"):
        raise CsfError("damaged_pdf")
    with _PDFIUM:
        document = _open(pdf)
        try:
            text = "\n".join(page.get_textpage().get_text_range() for page in document)
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            if len(text.strip()) >= _MIN_TEXT:
                return parse_csf(text, catalogs)
            qr_texts = _decode_qr(document)
        finally:
            document.close()
    if not qr_texts:
        raise CsfError("no_text_no_qr")
    return constancia_from_qr(qr_texts[0])


def _uso(regimen: str, catalogs: Catalogs) -> str:
    if not regimen:
        return DEFAULT_USO
    try:
        allowed = catalogs.uso_cfdi_regimenes(DEFAULT_USO)
    except Exception:  # noqa: BLE001 - a catalog without the key: leave it to the form check
        return DEFAULT_USO
    return DEFAULT_USO if regimen in allowed else FALLBACK_USO


def _warnings(constancia: Constancia) -> list[str]:
    found: list[str] = []
    if constancia.from_qr:
        found.append(messages.CSF_FROM_QR)
    elif constancia.estatus and not constancia.usable:
        found.append(messages.CSF_ESTATUS.format(estatus=constancia.estatus))
    vigentes = constancia.regimenes_vigentes()
    if len(vigentes) > 1:
        lista = "; ".join(f"{r.clave or '?'} {r.descripcion}" for r in vigentes)
        found.append(messages.CSF_REGIMENES.format(regimenes=lista, elegido=vigentes[0].clave))
    for regimen in vigentes:
        if regimen.clave is None:
            found.append(messages.CSF_REGIMEN_UNKNOWN.format(descripcion=regimen.descripcion))
    if not constancia.from_qr:
        missing = [messages.CSF_FIELDS[name] for name in constancia.missing]
        if missing:
            found.append(messages.CSF_MISSING.format(campos=", ".join(missing)))
    return found


def propose(
    constancia: Constancia, catalogs: Catalogs, current: ClienteData | None = None
) -> tuple[ClienteData, list[str]]:
    """The client data a Constancia proposes (keeping what it does not give from `current`)."""
    from facturador.services.catalog_data import ClienteData

    vigentes = [r for r in constancia.regimenes_vigentes() if r.clave]
    regimen = vigentes[0].clave if vigentes else ""
    if current is not None and current.regimen_fiscal_receptor in {r.clave for r in vigentes}:
        regimen = current.regimen_fiscal_receptor
    data = ClienteData(
        rfc=constancia.rfc,
        nombre=constancia.nombre or (current.nombre if current else ""),
        regimen_fiscal_receptor=regimen or (current.regimen_fiscal_receptor if current else ""),
        domicilio_fiscal_receptor=constancia.codigo_postal
        or (current.domicilio_fiscal_receptor if current else ""),
        uso_cfdi=current.uso_cfdi if current else _uso(regimen or "", catalogs),
        emails=list(current.emails) if current else [],
        constancia=constancia,
    )
    return data, _warnings(constancia)


def _current(ctx: Context, rfc: str) -> tuple[int | None, ClienteData | None]:
    from sqlmodel import select

    from facturador.models.tables import Cliente
    from facturador.services.catalog_data import ClienteData

    with ctx.read() as session:
        empresa_id = ctx.active_company(session).id
        row = session.exec(
            select(Cliente).where(Cliente.empresa_id == empresa_id, Cliente.rfc == rfc)
        ).first()
        if row is None:
            return None, None
        return row.id, ClienteData(
            rfc=row.rfc,
            nombre=row.nombre,
            regimen_fiscal_receptor=row.regimen_fiscal_receptor,
            domicilio_fiscal_receptor=row.domicilio_fiscal_receptor,
            uso_cfdi=row.uso_cfdi,
            emails=list(row.emails or []),
        )


def import_csf(ctx: Context, pdf: bytes) -> CsfImport:
    """Read a CSF's PDF; the client data it proposes for the active company, with warnings.
    Nothing is saved (see `save_import`)."""
    from facturador.sat.catalogs import default_catalogs

    catalogs = default_catalogs()
    constancia = read_csf_pdf(pdf, catalogs)
    client_id, current = _current(ctx, constancia.rfc)
    data, warnings = propose(constancia, catalogs, current)
    if client_id is not None:
        warnings.append(messages.CSF_UPDATES.format(rfc=constancia.rfc))
    return CsfImport(constancia, data, tuple(warnings), client_id)


def import_csf_file(ctx: Context, path: str) -> CsfImport:
    """`import_csf` of the file at `path` (the GUI's file dialog, a dropped file)."""
    from pathlib import Path

    from facturador.sat.messages import os_reason

    try:
        pdf = Path(path).read_bytes()
    except OSError as error:
        raise CsfError("file_unreadable", detail=os_reason(error)) from error
    return import_csf(ctx, pdf)


def save_import(ctx: Context, result: CsfImport) -> ClientInfo:
    """Create the client the import proposes, or update the one with its RFC."""
    from facturador.services.directory import save_client

    return save_client(ctx, result.cliente, result.existing_client_id)
