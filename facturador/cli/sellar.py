"""`facturador sellar IN.json --cer C --key K --password-file P -o OUT.xml [--fecha ISO]`.

Builds and seals a CFDI 4.0 from the JSON input without touching the database: amounts are
computed, SAT's offline rules are checked, and the XML is written only if nothing is wrong.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from facturador.cli._common import read_bytes, read_json, read_password, write_atomically
from facturador.sat.build import build_comprobante
from facturador.sat.credentials import Credential
from facturador.sat.errors import CertificateNotValidNowError, InvalidInputError
from facturador.sat.fecha import fecha_expedicion, zona_horaria
from facturador.sat.sello import seal

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
    if text is None:
        return fecha_expedicion(str(lugar_expedicion))
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None, microsecond=0)
    except ValueError:
        raise InvalidInputError("--fecha debe tener la forma AAAA-MM-DDThh:mm:ss") from None


def run(args: argparse.Namespace) -> int:
    from facturador.sat.validation import validate_rules  # compiles schemas: only when used

    data = read_json(args.entrada)
    if not isinstance(data, dict):
        raise InvalidInputError(f"{args.entrada} debe contener un objeto JSON (el Comprobante)")
    credential = Credential.load(
        read_bytes(args.cer),
        read_bytes(args.key),
        read_password(args.password_file),
        now=datetime.now(UTC),
    )
    fecha = _fecha(args.fecha, data.get("LugarExpedicion"))
    if "LugarExpedicion" in data:
        moment = fecha.replace(tzinfo=zona_horaria(str(data["LugarExpedicion"])))
        certificate = credential.certificate
        if not certificate.is_valid_at(moment):
            raise CertificateNotValidNowError(
                certificate.valid_from, certificate.valid_until, moment
            )
    sealed = seal(build_comprobante(data, fecha=fecha), credential)
    findings = validate_rules(sealed.comprobante)
    if findings:
        print(f"No se selló {args.entrada}: el SAT lo rechazaría.", file=sys.stderr)
        for finding in findings:
            print(f"  {finding.codigo} {finding.ruta}: {finding.mensaje}", file=sys.stderr)
        return 1
    write_atomically(args.salida, sealed.xml)
    c = sealed.comprobante
    print(f"Sellado: {args.salida} (Total {c.total} {c.moneda}, Fecha {c.fecha.isoformat()})")
    return 0
