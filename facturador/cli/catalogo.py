"""`facturador catalogo buscar CATALOGO TEXTO [--json] [--limite N]`: search a SAT catalog.

Exit codes: 0 with results, 1 with none ("Sin resultados."), 2 for an unknown catalog.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the catalogs are imported by the command only, not for --help
    from facturador.sat.catalogs import CatalogEntry

__all__ = ["register"]

EPILOG = (
    "Catálogos: forma_pago, metodo_pago, moneda, uso_cfdi, regimen_fiscal, clave_prod_serv, "
    "clave_unidad, codigo_postal, pais, ... (o el nombre del SAT, p. ej. c_ClaveProdServ). "
    "Código de salida: 0 con resultados, 1 sin resultados, 2 si el catálogo no existe."
)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("debe ser un entero mayor que cero")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "catalogo",
        help="busca en los catálogos del SAT",
        description="Consulta los catálogos del SAT para CFDI 4.0.",
    )
    actions = parser.add_subparsers(dest="accion", metavar="ACCION", required=True)
    buscar = actions.add_parser(
        "buscar",
        help="busca por clave o por palabras de la descripción",
        description="Busca por clave (exacta o por prefijo) o por palabras de la descripción "
        "(en c_ClaveProdServ, también por las «palabras similares» del SAT), "
        "sin distinguir mayúsculas ni acentos.",
        epilog=EPILOG,
    )
    buscar.add_argument("catalogo", metavar="CATALOGO", help="p. ej. clave_prod_serv")
    buscar.add_argument("texto", metavar="TEXTO", nargs="+", help="clave o palabras a buscar")
    buscar.add_argument("--json", action="store_true", help="salida como arreglo JSON")
    buscar.add_argument(
        "--limite", type=_positive, default=20, metavar="N", help="máximo de resultados (20)"
    )
    buscar.set_defaults(handler=_buscar)


def _as_json(entry: CatalogEntry) -> dict[str, object]:
    def iso(day: date | None) -> str | None:
        return day.isoformat() if day else None

    return {
        "clave": entry.clave,
        "descripcion": entry.descripcion,
        "vigencia_desde": iso(entry.vigencia_desde),
        "vigencia_hasta": iso(entry.vigencia_hasta),
        "extra": dict(entry.extra),
    }


def _buscar(args: argparse.Namespace) -> int:
    from facturador.sat.catalogs import UnknownCatalogError, default_catalogs

    catalogs = default_catalogs()
    try:
        found = catalogs.search(args.catalogo, " ".join(args.texto), limit=args.limite)
    except UnknownCatalogError as error:
        valid = ", ".join(error.valid)
        print(f"Error: no existe el catálogo «{args.catalogo}»; use uno de: {valid}.",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.json:
        print(json.dumps([_as_json(e) for e in found], ensure_ascii=False))
    else:
        for entry in found:
            print(f"{entry.clave}  {entry.descripcion}")
    if not found:
        print("Sin resultados.", file=sys.stderr)
        return 1
    return 0
