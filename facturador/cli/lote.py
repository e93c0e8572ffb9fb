"""`facturador lote importar ARCHIVO.csv|ARCHIVO.xlsx`: many invoices from one spreadsheet.

One row per concept; rows with the same `documento` make one CFDI. Every row is checked
(catalogs, RFC, the receptor's rules, SAT's schema) before anything is sealed; then every
document is sealed with consecutive folios and left in the queue. A file with problems
emits nothing unless --emitir-validos is given (then only the documents without problems).
--simular only reports. Exit code 0 when every document was emitted (or, with --simular,
would be), 1 when there is any problem.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from facturador.cli import messages_lote as text

if TYPE_CHECKING:
    from facturador.services.batch import BatchEmission, BatchReport

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "lote", help="emite muchos CFDI desde un archivo CSV o Excel", description=__doc__
    )
    actions = parser.add_subparsers(dest="accion", metavar="ACCION", required=True)
    importar = actions.add_parser(
        "importar",
        help="revisa y emite los documentos de un CSV o XLSX (una fila por concepto)",
        description="Revisa cada fila (catálogos, RFC, reglas del receptor, esquema del SAT) "
        "antes de sellar nada; después sella todos los documentos con folios consecutivos y "
        "los deja en cola. Columnas: vea el README (Lote desde CSV/Excel) y examples/lote.csv.",
        epilog="Código de salida: 0 si todo se emitió (o, con --simular, se emitiría); 1 si "
        "hay algún problema.",
    )
    importar.add_argument("archivo", metavar="ARCHIVO", help="archivo .csv o .xlsx")
    importar.add_argument("--simular", action="store_true", help="solo revisa; no emite nada")
    importar.add_argument(
        "--emitir-validos",
        action="store_true",
        help="si hay documentos con problemas, emite los demás (sin esto no se emite nada)",
    )
    importar.add_argument("--json", action="store_true", help="salida como un objeto JSON")
    importar.add_argument("--password-file", metavar="ARCHIVO", help="contraseña del CSD")
    importar.set_defaults(handler=_importar)


def _emit(args: argparse.Namespace, report: BatchReport) -> BatchEmission:
    from facturador.cli._password import ask_csd_password
    from facturador.services.batch import emit_batch
    from facturador.services.errors import SecretStoreError

    password = ask_csd_password(args) if args.password_file else None
    try:
        return emit_batch(args.ctx, report, only_valid=args.emitir_validos, password=password)
    except SecretStoreError:  # no keyring, or it has no password for this CSD
        password = ask_csd_password(args)
        return emit_batch(args.ctx, report, only_valid=args.emitir_validos, password=password)


def _as_json(
    report: BatchReport, emission: BatchEmission | None, simulated: bool
) -> dict[str, Any]:
    by_key = {e.key: e for e in emission.emitted} if emission else {}
    documents = []
    for d in report.documents:
        entry: dict[str, Any] = {
            "documento": d.key, "filas": list(d.filas), "rfc": d.rfc, "nombre": d.nombre,
            "conceptos": d.conceptos, "total": None if d.total is None else str(d.total),
            "moneda": d.moneda, "valido": d.valid,
        }  # fmt: skip
        emitted = by_key.get(d.key)
        if emitted is not None:
            entry.update(id=emitted.documento_id, serie=emitted.serie, folio=emitted.folio,
                         estado=emitted.state)  # fmt: skip
        documents.append(entry)
    return {
        "archivo": report.archivo,
        "filas": report.filas,
        "simulado": simulated,
        "documentos": documents,
        "problemas": [
            {"fila": p.fila, "columna": p.columna, "documento": p.documento, "mensaje": p.mensaje}
            for p in report.problems
        ],
        "emitidos": len(by_key),
        "error": emission.error if emission else "",
    }


def _print_report(report: BatchReport) -> None:
    print(text.SUMMARY.format(archivo=report.archivo, filas=report.filas,
                              documentos=len(report.documents), validos=len(report.valid),
                              invalidos=len(report.invalid)))  # fmt: skip
    for p in report.problems:
        where = text.WHERE_COLUMN if p.columna else text.WHERE_ROW
        place = where.format(fila=p.fila, columna=p.columna)
        if p.documento:
            place += text.OF_DOCUMENT.format(documento=p.documento)
        print(f"{place}: {p.mensaje}", file=sys.stderr)


def _print_emission(emission: BatchEmission) -> None:
    done = emission.emitted
    if done:
        first, last = done[0], done[-1]
        print(text.EMITTED.format(n=len(done), primero=f"{first.serie}-{first.folio}",
                                  ultimo=f"{last.serie}-{last.folio}"))  # fmt: skip
    if emission.skipped:
        print(text.SKIPPED.format(n=len(emission.skipped), documentos=", ".join(emission.skipped)))
    if emission.error:
        print(f"Error: {emission.error}", file=sys.stderr)


def _importar(args: argparse.Namespace) -> int:
    from facturador.services.batch import check_batch

    report = check_batch(args.ctx, args.archivo)
    emission = None
    refused = ""
    if args.simular:
        pass
    elif report.problems and not args.emitir_validos:
        refused = text.NOT_EMITTED
    elif not report.valid:
        refused = text.NOTHING_VALID
    else:
        emission = _emit(args, report)
    if args.json:
        result = _as_json(report, emission, args.simular)
        if refused:
            result["error"] = refused
        print(json.dumps(result, ensure_ascii=False))
    else:
        _print_report(report)
        if args.simular:
            print(text.SIMULATED)
        elif refused:
            print(refused, file=sys.stderr)
        if emission is not None:
            _print_emission(emission)
    failed = bool(report.problems) or not report.documents
    return 1 if failed or (emission is not None and emission.error) else 0
