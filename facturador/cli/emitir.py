"""`facturador emitir IN.json... [CARPETA...]`: store, seal with the active company's CSD, queue.

Several files (or folders of .json files) are emitted in one process, in order, each in its
own transaction: a bad file is reported with its name and reason and does not stop or undo
the others; the exit code is 1 if any failed. `--json` prints one line per file.

The CSD password comes from the OS keyring; if the keyring has none (or there is no keyring)
it is read from --password-file, asked on the terminal, or read from stdin, for this run only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facturador.cli import messages
from facturador.cli._common import UnreadableFileError, read_json
from facturador.cli._password import ask_csd_password
from facturador.sat.errors import FacturadorError, InvalidInputError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from facturador.models.tables import Empresa
    from facturador.sat.credentials import Credential
    from facturador.services.emission import EmittedDocument

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "emitir",
        help="guarda, sella y deja en cola uno o más CFDI 4.0 de la empresa activa",
        description="Calcula, revisa, asigna folio, sella con el CSD de la empresa activa y deja "
        "el comprobante en cola para timbrarse al sincronizar. Con varios archivos (o "
        "carpetas de .json), cada uno se emite por separado: uno con error no detiene ni "
        "deshace a los demás.",
        epilog="Código de salida: 0 si todos se emitieron, 1 si alguno no.",
    )
    parser.add_argument(
        "entradas", metavar="IN.json", nargs="+", help="comprobantes en JSON, o carpetas con ellos"
    )
    parser.add_argument("--password-file", metavar="ARCHIVO", help="contraseña del CSD")
    parser.add_argument("--json", action="store_true", help="una línea JSON por archivo")
    parser.set_defaults(handler=run)


def _files(entradas: list[str]) -> Iterator[str]:
    for entrada in entradas:
        path = Path(entrada)
        if not path.is_dir():
            yield entrada
            continue
        found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and p.is_file())
        if not found:
            raise UnreadableFileError(entrada, messages.NO_JSON_IN_FOLDER)
        yield from (str(p) for p in found)


def _company_and_csd(engine: Engine, args: argparse.Namespace) -> tuple[Empresa, Credential]:
    from facturador.models.engine import read_session
    from facturador.services.companies import get_active_company, load_csd
    from facturador.services.errors import SecretStoreError
    from facturador.services.secrets import MemorySecretStore

    now = datetime.now(UTC)
    with read_session(engine) as session:
        empresa = get_active_company(session)
    if args.password_file:
        return empresa, load_csd(empresa, MemorySecretStore(), now, ask_csd_password(args))
    try:
        return empresa, load_csd(empresa, args.ctx.secrets, now)
    except SecretStoreError:  # no keyring, or it has no password for this CSD
        return empresa, load_csd(empresa, MemorySecretStore(), now, ask_csd_password(args))


def _emit_file(
    args: argparse.Namespace,
    empresa: Empresa,
    credential: Credential,
    archivo: str,
    offset: timedelta,
) -> EmittedDocument:
    from facturador.services.emission import emit_with
    from facturador.services.receptor_check import preflight_input

    data = read_json(archivo)
    if not isinstance(data, dict):
        raise InvalidInputError(f"{archivo} {messages.NOT_AN_OBJECT}")
    now = datetime.now(UTC) + offset
    data, warnings = preflight_input(args.ctx, data, now)  # raises on a Constancia mismatch
    emitted = emit_with(args.ctx.engine, empresa, credential, data, now)
    for warning in warnings:  # gentle prompts: said once the document exists, never a block
        print(f"Aviso ({archivo}): {warning}", file=sys.stderr)
    return emitted


def _clock_offset() -> timedelta:
    """The PAC's clock minus ours when this computer's clock is known to be off (the last
    answers of the PAC): the document is dated by the PAC's clock, and the user told."""
    from facturador.services.pac_clock import clock_off_by
    from facturador.services.queue_policy import clock_notice
    from facturador.services.settings import data_dir

    offset = clock_off_by(data_dir())
    if offset is None:
        return timedelta(0)
    print(f"Aviso: {clock_notice(offset)}", file=sys.stderr)
    return offset


def _as_json(archivo: str, result: EmittedDocument) -> dict[str, Any]:
    return {
        "archivo": archivo,
        "id": result.documento_id,
        "serie": result.serie,
        "folio": result.folio,
        "total": str(result.total),
        "moneda": result.moneda,
        "estado": result.state,
    }


def _report(args: argparse.Namespace, archivo: str, result: EmittedDocument, many: bool) -> None:
    if args.json:
        print(json.dumps(_as_json(archivo, result), ensure_ascii=False), flush=True)
        return
    fields = {"serie": result.serie, "folio": result.folio, "total": result.total,
              "moneda": result.moneda, "archivo": archivo}  # fmt: skip
    print((messages.EMITTED_FILE if many else messages.EMITTED).format(**fields), flush=True)


def _report_failure(args: argparse.Namespace, archivo: str, error: FacturadorError) -> None:
    if args.json:
        print(json.dumps({"archivo": archivo, "error": error.message}, ensure_ascii=False))
    else:
        print(messages.FAILED_FILE.format(archivo=archivo, motivo=error.message), file=sys.stderr)


def run(args: argparse.Namespace) -> int:

    archivos = list(_files(args.entradas))
    if len(archivos) > 1 and args.ctx.engine_ is None:  # many files: a pooled engine
        from facturador.services.settings import open_engine

        args.ctx.engine_ = open_engine(pooled=True)
    engine = args.ctx.engine
    empresa, credential = _company_and_csd(engine, args)
    offset = _clock_offset()
    if len(archivos) == 1 and not args.json:  # one file: its error is the command's error
        emitted = _emit_file(args, empresa, credential, archivos[0], offset)
        _report(args, archivos[0], emitted, False)
        return 0
    failed = 0
    for archivo in archivos:
        try:
            result = _emit_file(args, empresa, credential, archivo, offset)
        except FacturadorError as error:
            failed += 1
            _report_failure(args, archivo, error)
            continue
        _report(args, archivo, result, True)
    engine.dispose()
    if not args.json:
        total = len(archivos)
        print(messages.BATCH_SUMMARY.format(emitidos=total - failed, fallidos=failed, total=total))
    return 1 if failed else 0
