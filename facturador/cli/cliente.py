"""`facturador cliente agregar|listar|buscar`: the clients of the active company.

facturador cliente agregar --rfc RFC --nombre N --regimen 612 --cp 36257 --uso G03 [--email E]...
    [--residencia-fiscal PAIS --num-reg-id-trib NUMERO]   (solo con el RFC XEXX010101000)
facturador cliente listar [--json]
facturador cliente buscar TEXTO [--json]
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facturador.models.tables import Cliente

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "cliente", help="clientes (receptores) de la empresa activa", description=__doc__
    )
    actions = parser.add_subparsers(dest="accion", metavar="ACCION", required=True)
    agregar = actions.add_parser("agregar", help="agrega un cliente")
    agregar.add_argument("--rfc", required=True)
    agregar.add_argument("--nombre", required=True, help="como en su constancia fiscal")
    agregar.add_argument("--regimen", required=True, help="RegimenFiscalReceptor")
    agregar.add_argument("--cp", required=True, help="DomicilioFiscalReceptor (código postal)")
    agregar.add_argument("--uso", required=True, help="UsoCFDI por omisión")
    agregar.add_argument("--email", action="append", default=[], help="correo (repetible)")
    agregar.add_argument(
        "--residencia-fiscal",
        metavar="PAIS",
        help="extranjero (RFC XEXX010101000): país de residencia fiscal, clave c_Pais (USA...)",
    )
    agregar.add_argument(
        "--num-reg-id-trib",
        metavar="NUMERO",
        help="extranjero: su número de registro fiscal en ese país (requiere --residencia-fiscal)",
    )
    agregar.set_defaults(handler=_agregar)
    listar = actions.add_parser("listar", help="lista los clientes")
    listar.add_argument("--json", action="store_true", help="salida como arreglo JSON")
    listar.set_defaults(handler=_listar)
    buscar = actions.add_parser("buscar", help="busca por RFC o nombre (sin acentos)")
    buscar.add_argument("texto", metavar="TEXTO", nargs="+")
    buscar.add_argument("--json", action="store_true", help="salida como arreglo JSON")
    buscar.set_defaults(handler=_buscar)


def _agregar(args: argparse.Namespace) -> int:
    from facturador.models.engine import write_session
    from facturador.services import catalog_data, companies

    data = catalog_data.ClienteData(
        rfc=args.rfc,
        nombre=args.nombre,
        regimen_fiscal_receptor=args.regimen,
        domicilio_fiscal_receptor=args.cp,
        uso_cfdi=args.uso,
        emails=args.email,
        residencia_fiscal=args.residencia_fiscal,
        num_reg_id_trib=args.num_reg_id_trib,
    )
    with write_session(args.ctx.engine) as session:
        empresa = companies.get_active_company(session)
        assert empresa.id is not None
        cliente = catalog_data.add_client(session, empresa.id, data)
        print(f"Cliente {cliente.rfc} {cliente.nombre} agregado a {empresa.rfc}.")
    from facturador.cli._common import warn_about_name

    warn_about_name(args.nombre, args.rfc)
    return 0


def _print(rows: list[Cliente], as_json: bool, empty_code: int) -> int:
    if as_json:
        keys = (
            "id",
            "rfc",
            "nombre",
            "regimen_fiscal_receptor",
            "domicilio_fiscal_receptor",
            "uso_cfdi",
            "emails",
            "residencia_fiscal",
            "num_reg_id_trib",
        )
        print(json.dumps([{k: getattr(c, k) for k in keys} for c in rows], ensure_ascii=False))
        return 0
    if not rows:
        print("Sin resultados.")
        return empty_code
    for c in rows:
        print(f"{c.id:>5}  {c.rfc:<13}  {c.nombre}  ({c.regimen_fiscal_receptor}, {c.uso_cfdi})")
    return 0


def _listar(args: argparse.Namespace) -> int:
    from facturador.models.engine import read_session
    from facturador.services import catalog_data, companies

    with read_session(args.ctx.engine) as session:
        empresa = companies.get_active_company(session)
        assert empresa.id is not None
        rows = catalog_data.list_clients(session, empresa.id)
    return _print(rows, args.json, 0)


def _buscar(args: argparse.Namespace) -> int:
    from facturador.models.engine import read_session
    from facturador.services import catalog_data, companies

    with read_session(args.ctx.engine) as session:
        empresa = companies.get_active_company(session)
        assert empresa.id is not None
        rows = catalog_data.search_clients(session, empresa.id, " ".join(args.texto))
    return _print(rows, args.json, 1)
