"""`facturador validar ARCHIVO... [--json]`: XSD + SAT rules + sello (and TFD) of any CFDI.

ARCHIVO is an XML file, a folder (every .xml inside, recursively) or a ZIP archive (every .xml
member); all are validated in this one process. Plain output, per document: "archivo: VÁLIDO"
or "archivo: INVÁLIDO" and one line per error ("CODIGO ruta: mensaje"); avisos follow as
"aviso CODIGO ruta: mensaje"; then the Comercio Exterior 2.0 and Carta Porte 3.1 complements
it carries, as labelled text (`facturador.sat.complement_view`; under "complementos" in the
JSON). With `--json`, one JSON object per document per line. On a
terminal, a progress line on stderr says how many of how many are done. Exit code: 0 if
every document is valid, 1 if any is invalid, 2 if a file cannot be read (the others are
still validated).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the validator is imported by the command only, not for --help
    from facturador.sat.complement_view import ComplementSection
    from facturador.sat.validation import Finding, ValidationReport

__all__ = ["register", "report_as_json"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "validar",
        help="valida CFDI 4.0 y 3.3: archivos, carpetas o ZIP (XSD, reglas, sello y timbre)",
        description="Valida CFDI sin conexión: esquema XSD (con todos los complementos del "
        "SAT), reglas de la matriz de errores del SAT (CFDI 4.0), sello del emisor y, si está "
        "timbrado, el TimbreFiscalDigital. De un CFDI 3.2 o anterior lee sus datos y revisa "
        "el sello. Acepta archivos XML, carpetas y archivos ZIP.",
        epilog="Código de salida: 0 si todos son válidos, 1 si alguno es inválido, "
        "2 si algún archivo no se pudo leer.",
    )
    parser.add_argument("archivos", metavar="ARCHIVO", nargs="+", type=Path,
                        help="archivo XML, carpeta o archivo ZIP")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="un objeto JSON por archivo y línea")
    parser.set_defaults(handler=_validar)


def _finding(f: Finding) -> dict[str, str]:
    return {"codigo": f.codigo, "mensaje": f.mensaje, "ruta": f.ruta}


def _sections_as_json(sections: tuple[ComplementSection, ...]) -> list[dict[str, object]]:
    return [
        {
            "titulo": s.title,
            "datos": [{"etiqueta": label, "valor": value} for label, value in s.rows],
            "tablas": [
                {"titulo": t.title, "columnas": list(t.columns), "filas": [list(r) for r in t.rows]}
                for t in s.tables
            ],
        }
        for s in sections
    ]


def report_as_json(
    archivo: str, report: ValidationReport, sections: tuple[ComplementSection, ...] = ()
) -> dict[str, object]:
    h = report.hechos  # read from the XML as written, even when the model could not be
    return {
        "archivo": archivo,
        "valido": report.valido,
        "sello_valido": report.sello_valido,
        "timbre_valido": report.timbre_valido,
        "version": h.version,
        "uuid": h.uuid,
        "tipo": h.tipo_de_comprobante,
        "fecha": h.fecha,
        "total": h.total,
        "rfc_emisor": h.rfc_emisor,
        "rfc_receptor": h.rfc_receptor,
        "errores": [_finding(f) for f in report.errores],
        "avisos": [_finding(f) for f in report.avisos],
        "complementos": _sections_as_json(sections),
    }


def _print_plain(
    archivo: str, report: ValidationReport, sections: tuple[ComplementSection, ...]
) -> None:
    print(f"{archivo}: {'VÁLIDO' if report.valido else 'INVÁLIDO'}")
    for f in report.errores:
        print(f"  {f.codigo} {f.ruta}: {f.mensaje}")
    for f in report.avisos:
        print(f"  aviso {f.codigo} {f.ruta}: {f.mensaje}")
    for section in sections:
        print(f"  {section.title}")
        for label, value in section.rows:
            print(f"    {label}: {value}")
        for table in section.tables:
            if table.title:
                print(f"    {table.title}")
            for row in table.rows:  # one line per row: "label: value" of its non-empty cells
                cells = (f"{c}: {v}" for c, v in zip(table.columns, row, strict=True) if v)
                print(f"      - {'; '.join(cells)}")


def _complement_sections(data: bytes) -> tuple[ComplementSection, ...]:
    """The Comercio Exterior and Carta Porte sections of the document, if it can be parsed."""
    from facturador.sat.catalogs import default_catalogs
    from facturador.sat.complement_view import complement_sections_from_xml
    from facturador.sat.errors import UnsafeXmlError

    try:
        return complement_sections_from_xml(data, default_catalogs())
    except UnsafeXmlError:  # the findings already say why
        return ()


class _Progress:
    """ "n/total validados" rewritten in place on stderr, only when stderr is a terminal."""

    def __init__(self, paths: list[Path]) -> None:
        from facturador.services.xml_sources import count

        self.shown = sys.stderr.isatty()
        self.total = count(paths) if self.shown else 0
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if self.shown and (self.done % 25 == 0 or self.done == self.total):
            print(f"\r{self.done}/{self.total} validados", end="", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.shown and self.done:
            print(file=sys.stderr)


def _validar(args: argparse.Namespace) -> int:
    from facturador.sat.validation import validate_xml
    from facturador.services.xml_sources import documents

    status = 0
    progress = _Progress(args.archivos)
    for document in documents(args.archivos):
        progress.step()
        if document.data is None:
            print(f"Error: no se pudo leer {document.name}: {document.error}", file=sys.stderr)
            status = 2
            continue
        report = validate_xml(document.data)
        sections = _complement_sections(document.data)
        if args.json:
            doc = report_as_json(document.name, report, sections)
            print(json.dumps(doc, ensure_ascii=False))
        else:
            _print_plain(document.name, report, sections)
        if not report.valido and status == 0:
            status = 1
    progress.finish()
    return status
