"""Command line: `facturador` alone opens the GUI; subcommands use Spanish verbs.

Each command group lives in its own module with a `register(subparsers)` function that adds
its parser and sets `handler` to a function taking the parsed arguments and returning the exit
code. Errors of the domain reach the user as one Spanish line on stderr.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import facturador
from facturador.sat.errors import FacturadorError

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["console", "main"]

COMMAND_MODULES = (
    "facturador.cli.catalogo",
    "facturador.cli.certificado",
    "facturador.cli.sellar",
    "facturador.cli.empresa",
    "facturador.cli.cliente",
    "facturador.cli.producto",
    "facturador.cli.vehiculo",
    "facturador.cli.operador",
    "facturador.cli.ubicacion",
    "facturador.cli.respaldo",
    "facturador.cli.pdf",
    "facturador.cli.validar",
    "facturador.cli.emitir",
    "facturador.cli.lote",
    "facturador.cli.registros",
    "facturador.cli.enviar",
    "facturador.cli.sincronizar",
    "facturador.cli.refechar",
    "facturador.cli.reemitir",
    "facturador.cli.retirar",
    "facturador.cli.pago",
    "facturador.cli.saldos",
    "facturador.cli.reporte",
    "facturador.cli.cancelar",
    "facturador.cli.sustituir",
    "facturador.cli.estado",
    "facturador.cli.pac",
    "facturador.cli.creditos",
    "facturador.cli.nota",
    "facturador.cli.factura_global",
    "facturador.cli.recurrente",
    "facturador.cli.recibidos",
    "facturador.cli.descarga",
)


class _VersionAction(argparse.Action):
    """`--version`, reading the package metadata only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="muestra la versión y termina")

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        print(f"facturador {facturador.__version__}")
        parser.exit()


def _named_command(argv: Sequence[str]) -> str | None:
    """The subcommand `argv` names (the first word that is not an option or --datos's DIR)."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            return None  # the general help lists every subcommand
        if word == "--datos":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only` (a known subcommand), just that one is imported and added:
    the others' modules cost start-up time a command that does not use them should not pay."""
    parser = argparse.ArgumentParser(
        prog="facturador",
        description="Facturación electrónica CFDI 4.0. Sin subcomando abre la aplicación.",
    )
    parser.add_argument("--version", action=_VersionAction)
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
    wanted = f"facturador.cli.{only}"
    for module_name in (wanted,) if wanted in COMMAND_MODULES else COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def _open_gui(parser: argparse.ArgumentParser) -> int:
    try:
        gui = importlib.import_module("facturador.ui.app")
    except ModuleNotFoundError:
        print(f"facturador {facturador.__version__}")
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


def main(argv: Sequence[str] | None = None, context: Context | None = None) -> int:
    """Run one command with `context` (tests) or a fresh one: the data dir of --datos, the
    default database, the OS keyring (or a store for this run only)."""
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_named_command(words))
    args = parser.parse_args(words)
    if args.datos:
        os.environ["FACTURADOR_HOME"] = args.datos
    if args.autoprueba:
        from facturador.selftest import run_selftest

        return run_selftest()
    if args.command is None:
        return _open_gui(parser)
    from facturador.services.context import Context

    args.ctx = context or Context()
    try:
        return int(args.handler(args))
    except FacturadorError as error:
        print(f"Error: {error.message}{_restore_hint(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Cancelado.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `facturador registros | head`: the reader left; no traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the final flush at exit would fail again
        return 141  # what a shell reports for a command ended by SIGPIPE


def console() -> int:
    """The `facturador` program (console script, `python -m facturador`, the bundle): `main`,
    then a quick exit.

    At shutdown Python garbage-collects the objects of every module it loaded: with
    SQLAlchemy and pydantic loaded that is ~0.2 s of a 0.5 s command. `gc.freeze()` puts
    them out of the collector's reach first; exit handlers still run and output is flushed
    as usual. Not for in-process callers such as tests: frozen objects are never collected.
    """
    code = main()
    gc.freeze()
    return code
