"""`facturador recibidos importar|listar|estado|exportar`: the inbox of received CFDIs.

- `importar RUTA... [--json]`: XML files, folders (every .xml inside, recursively) and ZIP
  archives, thousands at once in this one process; each CFDI is validated and stored for
  the company that is its Receptor (or Emisor). One bad file never stops the rest; each is
  reported by name with the reason, duplicates as such. On a terminal a progress line on
  stderr says how many of how many are done. Exit code 0 when every file was imported or
  was already there, 1 when some could not be.
- `listar [--desde] [--hasta] [--rfc] [--tipo] [--estado] [--json]`: the active company's
  inbox, newest first; with --json one object per CFDI and line.
- `estado [--todos] [--json]`: asks SAT's ConsultaCFDI service about the CFDIs never asked
  (or all of them) and stores each answer.
- `exportar ARCHIVO.xlsx [filters]`: the filtered list as an Excel workbook.
- `conciliar [--json]`: the differences with the SAT (services.reconciliation), by kind,
  each with what to do; exit code 0 when there are none, 1 when there are.
- `importar-69b ARCHIVO.csv`: SAT's Listado completo 69-B, for `conciliar`.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

__all__ = ["register"]

_TIPOS = ("I", "E", "T", "N", "P")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» no es una fecha AAAA-MM-DD") from None


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--desde", type=_date, metavar="AAAA-MM-DD", help="desde esta fecha")
    parser.add_argument("--hasta", type=_date, metavar="AAAA-MM-DD", help="hasta esta fecha")
    parser.add_argument("--rfc", help="RFC del emisor o del receptor")
    parser.add_argument("--tipo", choices=_TIPOS, help="TipoDeComprobante")
    parser.add_argument("--estado", metavar="ESTADO",
                        help="estado en el SAT: Vigente, Cancelado o pendiente")  # fmt: skip


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "recibidos",
        help="comprobantes recibidos: importar XML, carpetas o ZIP; listar; estado en el SAT",
        description="Bandeja de comprobantes recibidos (y emitidos) de sus empresas.",
    )
    commands = parser.add_subparsers(dest="accion", metavar="ACCION", required=True)
    importar = commands.add_parser(
        "importar",
        help="importa archivos XML, carpetas y archivos ZIP",
        description="Importa CFDI sin conexión al SAT: cada uno se valida y se guarda tal "
        "como llegó para la empresa que es su receptor (o su emisor).",
        epilog="Código de salida: 0 si todos se importaron o ya estaban, 1 si alguno no.",
    )
    importar.add_argument("rutas", metavar="RUTA", nargs="+", type=Path,
                          help="archivo XML, carpeta o archivo ZIP")  # fmt: skip
    importar.add_argument("--json", action="store_true", help="un objeto JSON por archivo y línea")
    importar.set_defaults(handler=_importar)
    listar = commands.add_parser("listar", help="lista los comprobantes de la bandeja")
    _filters(listar)
    listar.add_argument("--json", action="store_true", help="un objeto JSON por CFDI y línea")
    listar.set_defaults(handler=_listar)
    estado = commands.add_parser(
        "estado",
        help="consulta en el SAT el estado de los comprobantes aún no consultados",
        description="Consulta el servicio de estado de CFDI del SAT (Estado, EsCancelable, "
        "EstatusCancelacion, EFOS) y guarda cada respuesta con la fecha de la consulta.",
    )
    estado.add_argument("--todos", action="store_true", help="consulta también los ya consultados")
    estado.add_argument("--json", action="store_true", help="resumen JSON en una línea")
    estado.set_defaults(handler=_estado)
    exportar = commands.add_parser("exportar", help="exporta la lista filtrada a Excel (XLSX)")
    exportar.add_argument("archivo", metavar="ARCHIVO", type=Path, help="archivo .xlsx")
    _filters(exportar)
    exportar.set_defaults(handler=_exportar)
    conciliar = commands.add_parser(
        "conciliar",
        help="diferencias con el SAT: timbres perdidos, cancelaciones, PPD sin pago, 69-B",
        description="Compara sus registros con lo que dice el SAT (comprobantes importados o "
        "descargados, consultas de estado guardadas y la lista 69-B importada).",
        epilog="Código de salida: 0 si no hay diferencias, 1 si las hay.",
    )
    conciliar.add_argument("--json", action="store_true", help="un objeto JSON por diferencia")
    conciliar.set_defaults(handler=_conciliar)
    lista = commands.add_parser(
        "importar-69b",
        help="importa el Listado completo 69-B del SAT (CSV)",
        description="Guarda el Listado_Completo_69-B.csv publicado por el SAT; «conciliar» "
        "señala los CFDI recibidos de contribuyentes en situación Presunto o Definitivo.",
    )
    lista.add_argument("archivo", metavar="ARCHIVO", type=Path, help="archivo .csv del SAT")
    lista.set_defaults(handler=_importar_69b)


class _Progress:
    """ "n/total importados" rewritten in place on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.shown = sys.stderr.isatty()
        self.last = 0

    def __call__(self, done: int, total: int) -> None:
        self.last = done
        print(f"\r{done}/{total} leídos", end="", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.shown and self.last:
            print(file=sys.stderr)


def _importar(args: argparse.Namespace) -> int:
    from facturador.services.recibidos import import_sources

    progress = _Progress()
    summary = import_sources(args.ctx, args.rutas, "importado",
                             progress if progress.shown else None)  # fmt: skip
    progress.finish()
    for o in summary.outcomes:
        if args.json:
            print(json.dumps(o.as_json(), ensure_ascii=False))
        elif o.resultado == "importado":
            verdict = "válido" if o.valido else "INVÁLIDO (vea sus hallazgos)"
            print(f"{o.archivo}: importado {o.uuid} ({o.direccion}, {verdict})")
        elif o.resultado == "duplicado":
            print(f"{o.archivo}: duplicado: {o.mensaje}")
        else:
            print(f"{o.archivo}: no se importó: {o.mensaje}")
    print(f"{summary.importados} importados, {summary.duplicados} duplicados, "
          f"{summary.errores} con error.", file=sys.stderr)  # fmt: skip
    return 1 if summary.errores else 0


def _filter(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from facturador.services.recibidos import RecibidoFilter

    estado = args.estado
    if estado:
        estado = {"pendiente": "pendiente", "vigente": "Vigente", "cancelado": "Cancelado"}.get(
            estado.strip().lower(), estado
        )
    return RecibidoFilter(desde=args.desde, hasta=args.hasta, rfc=args.rfc, tipo=args.tipo,
                          estado_sat=estado)  # fmt: skip


def _listar(args: argparse.Namespace) -> int:
    from facturador.services.recibidos import list_recibidos, recibido_json

    rows = list_recibidos(args.ctx, _filter(args))
    for r in rows:
        if args.json:
            print(json.dumps(recibido_json(r), ensure_ascii=False))
        else:
            fecha = r.fecha.strftime("%Y-%m-%d") if r.fecha else "-"
            print(f"{fecha}  {r.uuid}  {r.tipo}  {r.rfc_emisor:13} -> {r.rfc_receptor:13}  "
                  f"{r.total:>14} {r.moneda}  {'válido' if r.valido else 'INVÁLIDO'}  "
                  f"{r.estado_label}")  # fmt: skip
    if not args.json:
        print(f"{len(rows)} comprobantes.", file=sys.stderr)
    return 0


def _estado(args: argparse.Namespace) -> int:
    from facturador.services.recibidos import check_sat_status, list_recibidos

    ids = [r.id for r in list_recibidos(args.ctx)] if args.todos else None
    summary = check_sat_status(args.ctx, ids)
    if args.json:
        print(json.dumps({"consultados": summary.consultados, "vigentes": summary.vigentes,
                          "cancelados": summary.cancelados,
                          "no_encontrados": summary.no_encontrados,
                          "pendientes": summary.pendientes, "error": summary.error},
                         ensure_ascii=False))  # fmt: skip
    else:
        print(f"{summary.consultados} consultados: {summary.vigentes} vigentes, "
              f"{summary.cancelados} cancelados, "
              f"{summary.no_encontrados} no encontrados.")  # fmt: skip
    if summary.error:
        print(f"Error: {summary.error}", file=sys.stderr)
        return 1
    return 0


def _exportar(args: argparse.Namespace) -> int:
    from facturador.services.recibidos import write_xlsx

    written = write_xlsx(args.ctx, _filter(args), args.archivo)
    print(f"{written} comprobantes en {args.archivo}")
    return 0


def _conciliar(args: argparse.Namespace) -> int:
    from facturador.services.reconciliation import KINDS, reconcile

    report = reconcile(args.ctx)
    if args.json:
        for d in report.differences:
            print(json.dumps(d.as_json(), ensure_ascii=False))
        return 1 if report.differences else 0
    for kind, title in KINDS.items():
        found = report.of(kind)
        if not found:
            continue
        print(f"{title} ({len(found)}):")
        for d in found:
            fecha = d.fecha.strftime("%Y-%m-%d") if d.fecha else "-"
            print(f"  {fecha}  {d.serie_folio or '-':12} {d.uuid or '-':36}  {d.rfc:13}  "
                  f"{d.total:>14,.2f} {d.moneda}")  # fmt: skip
            print(f"    {d.what_to_do}")
    if report.list_69b_at is None:
        print("La lista 69-B no se ha importado (recibidos importar-69b ARCHIVO.csv).",
              file=sys.stderr)  # fmt: skip
    print(f"{len(report.differences)} diferencias con el SAT.", file=sys.stderr)
    return 1 if report.differences else 0


def _importar_69b(args: argparse.Namespace) -> int:
    from facturador.services.reconciliation import import_69b

    summary = import_69b(args.ctx, args.archivo)
    print(f"{summary.contribuyentes} contribuyentes en la lista 69-B: {summary.presuntos} "
          f"presuntos y {summary.definitivos} definitivos.")  # fmt: skip
    return 0
