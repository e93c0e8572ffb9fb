"""`facturador sellar IN.json --cer C --key K --password-file P -o OUT.xml [--fecha ISO]`.

Builds and seals a CFDI 4.0 from the JSON input without touching the database: amounts are
computed, SAT's offline rules and SAT's XSD are checked on the sealed bytes, and the XML is
written only if nothing is wrong.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from facturador.cli import messages
from facturador.cli._common import read_bytes, read_json, read_password, write_atomically
from facturador.sat.errors import InvalidInputError

if TYPE_CHECKING:  # imported by the command only, not for --help
    from facturador.sat.credentials import Credential

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "sellar",
        help="genera y sella un CFDI 4.0 desde un JSON (sin base de datos)",
        description="Calcula importes e impuestos, revisa las reglas del SAT y sella con el CSD.",
    )
    parser.add_argument("entrada", metavar="IN.json", help="comprobante en formato JSON")
    parser.add_argument("--cer", required=True, help="certificado (.cer) del CSD")
    parser.add_argument("--key", required=True, help="llave privada (.key) del CSD")
    parser.add_argument("--password-file", required=True, help="archivo con la contraseña")
    parser.add_argument("-o", "--salida", required=True, metavar="OUT.xml", help="XML sellado")
    parser.add_argument(
        "--fecha",
        help="Fecha del comprobante, AAAA-MM-DDThh:mm:ss en hora local del lugar de expedición "
        "(por omisión, ahora)",
    )
    parser.set_defaults(handler=run)


def _fecha(text: str | None, lugar_expedicion: object) -> datetime:
    from facturador.sat.fecha import fecha_expedicion

    if text is None:
        return fecha_expedicion(str(lugar_expedicion))
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None, microsecond=0)
    except ValueError:
        raise InvalidInputError("--fecha debe tener la forma AAAA-MM-DDThh:mm:ss") from None


def _credential(args: argparse.Namespace, data: dict[str, object]) -> tuple[Credential, datetime]:
    """The CSD, checked to be valid at the Fecha the document will carry."""
    from datetime import UTC

    from facturador.sat.credentials import Credential
    from facturador.sat.errors import CertificateNotValidNowError
    from facturador.sat.fecha import zona_horaria

    credential = Credential.load(
        read_bytes(args.cer),
        read_bytes(args.key),
        read_password(args.password_file),
        now=datetime.now(UTC),
    )
    fecha = _fecha(args.fecha, data.get("LugarExpedicion"))
    if isinstance(data.get("LugarExpedicion"), str):
        moment = fecha.replace(tzinfo=zona_horaria(str(data["LugarExpedicion"])))
        certificate = credential.certificate
        if not certificate.is_valid_at(moment):
            raise CertificateNotValidNowError(
                certificate.valid_from, certificate.valid_until, moment
            )
    return credential, fecha


def run(args: argparse.Namespace) -> int:
    from facturador.sat.build import build_comprobante
    from facturador.sat.sello import seal
    from facturador.sat.validation import validate_rules  # compiles schemas: only when used
    from facturador.sat.validation.sealed import check_sealed_xml

    data = read_json(args.entrada)
    if not isinstance(data, dict):
        raise InvalidInputError(f"{args.entrada} {messages.NOT_AN_OBJECT}")
    credential, fecha = _credential(args, data)
    sealed = seal(build_comprobante(data, fecha=fecha), credential)
    findings = validate_rules(sealed.comprobante)
    if findings:
        print(messages.NOT_SEALED.format(entrada=args.entrada), file=sys.stderr)
        for finding in findings:
            print(f"  {finding.codigo} {finding.ruta}: {finding.mensaje}", file=sys.stderr)
        return 1
    check_sealed_xml(sealed.xml)  # SAT's XSD on the very bytes that would be written
    write_atomically(args.salida, sealed.xml)
    c = sealed.comprobante
    print(
        messages.SEALED.format(
            salida=args.salida, total=c.total, moneda=c.moneda, fecha=c.fecha.isoformat()
        )
    )
    return 0
