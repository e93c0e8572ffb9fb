"""`facturador respaldo crear|restaurar`: backups of the SQLite database.

    facturador respaldo crear [--destino DIR] [--conservar N]
    facturador respaldo restaurar ARCHIVO

With PostgreSQL (FACTURADOR_DB_URL) the answer is pg_dump on the server.
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("respaldo", help="respalda o restaura la base de datos")
    actions = parser.add_subparsers(dest="accion", metavar="ACCION", required=True)
    crear = actions.add_parser("crear", help="crea un respaldo ahora")
    crear.add_argument("--destino", type=Path, help="carpeta (por omisión la de respaldos)")
    crear.add_argument("--conservar", type=int, help="respaldos que se conservan")
    crear.set_defaults(handler=_crear)
    restaurar = actions.add_parser("restaurar", help="reemplaza la base con un respaldo")
    restaurar.add_argument("archivo", type=Path, metavar="ARCHIVO")
    restaurar.set_defaults(handler=_restaurar)


def _crear(args: argparse.Namespace) -> int:
    from facturador.services import backups, settings

    keep = args.conservar or settings.get_setting(settings.BACKUP_KEEP)
    path = backups.create_backup(dest_dir=args.destino, keep=keep)
    print(f"Respaldo creado: {path}")
    return 0


def _restaurar(args: argparse.Namespace) -> int:
    from facturador.services import backups, settings

    keep = int(settings.get_setting(settings.BACKUP_KEEP))
    restored = backups.restore_backup(args.archivo, keep=keep)
    print(f"Base de datos restaurada desde {args.archivo} en {restored.database}.")
    if restored.previous is not None:
        print(f"La base anterior quedó respaldada en {restored.previous}.")
    return 0
