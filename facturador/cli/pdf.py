"""`facturador pdf FILE.xml -o OUT.pdf [--cancelado] [--logo IMG]`: the printed representation.

reportlab is imported inside the handler, so `facturador --help` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facturador.cli._common import read_bytes, write_atomically

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "pdf",
        help="genera la representación impresa (PDF) de un CFDI 4.0",
        description="Genera el PDF de cualquier CFDI 4.0: datos fiscales, conceptos, "
        "impuestos, complemento de pagos, sellos y código QR de verificación del SAT.",
    )
    parser.add_argument("entrada", metavar="FILE.xml", help="CFDI 4.0 (sellado o timbrado)")
    parser.add_argument(
        "-o", "--salida", metavar="OUT.pdf", help="PDF a escribir (por omisión, FILE.pdf)"
    )
    parser.add_argument(
        "--cancelado", action="store_true", help="marca el PDF con la leyenda CANCELADO"
    )
    parser.add_argument("--logo", metavar="IMG", help="logotipo (PNG o JPEG) del emisor")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from facturador.pdf.render import render_pdf

    xml = read_bytes(args.entrada)
    logo = read_bytes(args.logo) if args.logo else None
    salida = args.salida or str(Path(args.entrada).with_suffix(".pdf"))
    pdf = render_pdf(xml, logo=logo, estado="cancelado" if args.cancelado else "vigente")
    write_atomically(salida, pdf)
    print(f"PDF: {salida}")
    return 0
