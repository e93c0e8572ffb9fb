"""Confirm a client at SAT's Constancia validation page (online; never required).

The page the CSF's QR opens (`pac.sat_csf_page`) shows the taxpayer's data as SAT has them
today. `verify_client` asks it with the client's RFC and the idCIF of its imported
Constancia, keeps what SAT said as the client's known data (`cliente.constancia`, source
"sat", today's date) and tells what differs from the client's record. When the record
matches, the client is "confirmed at SAT on <date>"; the client's fields themselves are
never changed here (the user updates them, e.g. by importing a new Constancia). Any failure
(no idCIF, not found, garbage, no answer) raises with a Spanish message and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from facturador.services import messages_receptor as M
from facturador.services.views import ClientInfo

if TYPE_CHECKING:
    from datetime import date

    from facturador.pac.base import Timeout
    from facturador.services.context import Context

__all__ = ["SatCheck", "verify_client"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SatCheck:
    client: ClientInfo  # after the check: origin "sat" when its data match
    nombre: str  # as SAT has them
    codigo_postal: str
    regimenes: tuple[str, ...]
    situacion: str
    fecha: date
    differences: tuple[str, ...] = ()  # what the client's record has otherwise (Spanish)

    @property
    def confirmed(self) -> bool:
        return not self.differences


def _differences(client: ClientInfo, nombre: str, cp: str, regimenes: tuple[str, ...]) -> list[str]:
    found = []
    if " ".join(client.nombre.split()) != nombre:
        found.append(M.SAT_DIFFERS_NOMBRE.format(sat=nombre, cliente=client.nombre))
    if cp and client.domicilio_fiscal_receptor != cp:
        found.append(M.SAT_DIFFERS_CP.format(sat=cp, cliente=client.domicilio_fiscal_receptor))
    if regimenes and client.regimen_fiscal_receptor not in regimenes:
        found.append(
            M.SAT_DIFFERS_REGIMEN.format(
                sat=", ".join(regimenes), cliente=client.regimen_fiscal_receptor
            )
        )
    return found


def verify_client(
    ctx: Context,
    rfc: str,
    *,
    client_id: int | None = None,
    url: str | None = None,
    timeout: Timeout | None = None,
) -> SatCheck:
    """Ask SAT's validation page about the active company's client `rfc` (or `client_id`)."""
    from sqlmodel import select

    from facturador.models.tables import Cliente
    from facturador.pac.base import DEFAULT_TIMEOUT
    from facturador.pac.sat_csf_page import SatCsfPageClient, SatCsfPageError
    from facturador.sat.catalogs import default_catalogs
    from facturador.sat.csf import regimen_clave
    from facturador.services.catalog_data import refresh_origin
    from facturador.services.errors import NotFoundError
    from facturador.services.views import client_info

    rfc = rfc.strip().upper()
    with ctx.read() as session:
        empresa_id = ctx.active_company(session).id
        query = select(Cliente).where(Cliente.empresa_id == empresa_id)
        query = query.where(Cliente.id == client_id if client_id else Cliente.rfc == rfc)
        row = session.exec(query).first()
        if row is None:
            raise NotFoundError("cliente", rfc or client_id)
        before = client_info(row)
    known = before.constancia
    if known is None or not known.id_cif:
        raise SatCsfPageError("no_idcif")
    page = SatCsfPageClient(url=url, timeout=timeout or DEFAULT_TIMEOUT).fetch(
        before.rfc, known.id_cif
    )  # network: outside any transaction
    catalogs = default_catalogs()
    claves = tuple(c for c in (regimen_clave(d, catalogs) for d, _alta in page.regimenes) if c)
    nombre = " ".join(page.nombre.upper().split())
    today = ctx.now().date()
    record = {
        "fuente": "sat",
        "nombre": nombre,
        "codigo_postal": page.codigo_postal,
        "regimenes": list(claves),
        "estatus": page.situacion,
        "id_cif": known.id_cif,
        "fecha": today.isoformat(),
    }
    with ctx.write() as session:
        row = session.get(Cliente, before.id)
        if row is None:
            raise NotFoundError("cliente", before.id)
        row.constancia = record
        refresh_origin(row)
        session.add(row)
        session.commit()
        after = client_info(row)
    return SatCheck(
        client=after,
        nombre=nombre,
        codigo_postal=page.codigo_postal,
        regimenes=claves,
        situacion=page.situacion,
        fecha=today,
        differences=tuple(_differences(after, nombre, page.codigo_postal, claves)),
    )
