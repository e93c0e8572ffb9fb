"""Command line: `facturador` alone opens the GUI; subcommands use Spanish verbs.

Each command group lives in its own module with a `register(subparsers)` function that adds
its parser and sets `handler` to a function taking the parsed arguments and returning the exit
code. Errors of the domain reach the user as one Spanish line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from facturador import __version__
from facturador.sat.errors import FacturadorError

__all__ = ["main"]

COMMAND_MODULES = (
    "facturador.cli.catalogo",
    "facturador.cli.certificado",
    "facturador.cli.sellar",
    "facturador.cli.empresa",
    "facturador.cli.cliente",
    "facturador.cli.producto",
    "facturador.cli.respaldo",
    "facturador.cli.pdf",
    "facturador.cli.validar",
    "facturador.cli.emitir",
    "facturador.cli.registros",
    "facturador.cli.enviar",
    "facturador.cli.sincronizar",
    "facturador.cli.refechar",
    "facturador.cli.pago",
    "facturador.cli.saldos",
    "facturador.cli.cancelar",
    "facturador.cli.sustituir",
    "facturador.cli.estado",
    "facturador.cli.pac",
    "facturador.cli.creditos",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facturador",
        description="Facturación electrónica CFDI 4.0. Sin subcomando abre la aplicación.",
    )
    parser.add_argument("--version", action="version", version=f"facturador {__version__}")
    parser.add_argument(
        "--datos",
        metavar="DIR",
        help="directorio de datos (por omisión el del usuario, o FACTURADOR_HOME)",
    )
    parser.add_argument(
        "--autoprueba",
        action="store_true",
        help="comprueba la instalación (sellar, validar, timbrar de prueba, PDF, base de datos)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="SUBCOMANDO")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def _open_gui(parser: argparse.ArgumentParser) -> int:
    try:
        gui = importlib.import_module("facturador.ui.app")
    except ModuleNotFoundError:
        print(f"facturador {__version__}")
        parser.print_help()
        return 0
    return int(gui.run())


def _restore_hint(error: FacturadorError) -> str:
    """For a damaged database: the newest backup that passes its check, to restore."""
    if not getattr(error, "corrupt", False):
        return ""
    from facturador.services.backups import newest_good_backup
    from facturador.services.messages import RESTORE_HINT

    backup = newest_good_backup()
    return "" if backup is None else " " + RESTORE_HINT.format(path=backup)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.datos:
        os.environ["FACTURADOR_HOME"] = args.datos
    if args.autoprueba:
        from facturador.selftest import run_selftest

        return run_selftest()
    if args.command is None:
        return _open_gui(parser)
    try:
        return int(args.handler(args))
    except FacturadorError as error:
        print(f"Error: {error.message}{_restore_hint(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Cancelado.", file=sys.stderr)
        return 130
