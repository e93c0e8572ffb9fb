"""`facturador validar FILE.xml... [--json]`: XSD + SAT rules + sello (and TFD) of any CFDI 4.0.

Plain output, per file: "archivo: VÁLIDO" or "archivo: INVÁLIDO" and one line per error
("CODIGO ruta: mensaje"); avisos follow as "aviso CODIGO ruta: mensaje". With `--json`, one
JSON object per file per line. Exit code: 0 if every file is valid, 1 if any is invalid,
2 if a file cannot be read (the others are still validated).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the validator is imported by the command only, not for --help
    from facturador.sat.validation import Finding, ValidationReport

__all__ = ["register", "report_as_json"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "validar",
        help="valida uno o más CFDI 4.0 (XSD, reglas del SAT, sello y timbre)",
        description="Valida CFDI 4.0 sin conexión: esquema XSD, reglas de la matriz de errores "
        "del SAT, sello del emisor y, si está timbrado, el TimbreFiscalDigital.",
        epilog="Código de salida: 0 si todos son válidos, 1 si alguno es inválido, "
        "2 si algún archivo no se pudo leer.",
    )
    parser.add_argument("archivos", metavar="ARCHIVO.xml", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="un objeto JSON por archivo y línea")
    parser.set_defaults(handler=_validar)


def _finding(f: Finding) -> dict[str, str]:
    return {"codigo": f.codigo, "mensaje": f.mensaje, "ruta": f.ruta}


def report_as_json(archivo: str, report: ValidationReport) -> dict[str, object]:
    c = report.comprobante
    return {
        "archivo": archivo,
        "valido": report.valido,
        "sello_valido": report.sello_valido,
        "timbre_valido": report.timbre_valido,
        "uuid": c.uuid if c else None,
        "tipo": c.tipo_de_comprobante if c else None,
        "total": format(c.total, "f") if c else None,
        "rfc_emisor": c.emisor.rfc if c else None,
        "rfc_receptor": c.receptor.rfc if c else None,
        "errores": [_finding(f) for f in report.errores],
        "avisos": [_finding(f) for f in report.avisos],
    }


def _print_plain(archivo: str, report: ValidationReport) -> None:
    print(f"{archivo}: {'VÁLIDO' if report.valido else 'INVÁLIDO'}")
    for f in report.errores:
        print(f"  {f.codigo} {f.ruta}: {f.mensaje}")
    for f in report.avisos:
        print(f"  aviso {f.codigo} {f.ruta}: {f.mensaje}")


def _validar(args: argparse.Namespace) -> int:
    from facturador.sat.validation import validate_xml

    status = 0
    for path in args.archivos:
        try:
            data = path.read_bytes()
        except OSError as error:
            print(f"Error: no se pudo leer {path}: {error.strerror or error}", file=sys.stderr)
            status = 2
            continue
        report = validate_xml(data)
        if args.json:
            print(json.dumps(report_as_json(str(path), report), ensure_ascii=False))
        else:
            _print_plain(str(path), report)
        if not report.valido and status == 0:
            status = 1
    return status
