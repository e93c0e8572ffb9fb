"""`facturador certificado`: what a .cer is and whether it can seal with its .key.

    facturador certificado ARCHIVO.cer [--key ARCHIVO.key --password-file F] [--json]
    facturador certificado ver ARCHIVO.cer ...          (the same, with the action named)

`certificado` has actions as sub-subcommands; a first word that is not an action is the
file of `ver`, so the short form keeps working. To add an action (e.g. `instalar`), add a
parser to the `actions` of `register` and set its `handler`; nothing else changes.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from facturador.cli._common import read_bytes, read_password
from facturador.cli.empresa import add_certificate_arguments, install_certificate
from facturador.sat.errors import CertificateNotValidNowError, CredentialError, NotACsdError

if TYPE_CHECKING:  # cryptography is imported by the command only, not for --help
    from facturador.sat.credentials import Certificate

__all__ = ["register"]

DEFAULT_ACTION = "ver"


class _ActionsOrFile:
    """The choices of `certificado`: every first word is accepted (a file means `ver`)."""

    def __init__(self, actions: dict[str, argparse.ArgumentParser]) -> None:
        self._actions = actions

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str)


class _SubcommandsWithDefault(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Sub-subcommands where an unknown first word is the first argument of `ver`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = _ActionsOrFile(self._name_parser_map)

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        if values and values[0] not in self._name_parser_map:
            values = [DEFAULT_ACTION, *values]
        super().__call__(parser, namespace, values, option_string)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "certificado",
        help="muestra qué es un certificado .cer y si puede sellar",
        usage="%(prog)s [ver] ARCHIVO.cer [--key ARCHIVO.key --password-file F] [--json]",
        description="Muestra los datos de un certificado del SAT y, con --key, si puede sellar.",
    )
    parser.register("action", "parsers", _SubcommandsWithDefault)
    actions = parser.add_subparsers(dest="accion", metavar="[ACCIÓN]")
    actions.required = True
    ver = actions.add_parser(
        DEFAULT_ACTION,
        help="(por omisión) muestra el certificado y si puede sellar",
        description="Muestra los datos de un certificado del SAT y, con --key, si puede sellar.",
    )
    ver.add_argument("archivo", metavar="ARCHIVO.cer", help="certificado (.cer)")
    ver.add_argument("--key", metavar="ARCHIVO.key", help="llave privada (.key) del certificado")
    ver.add_argument(
        "--password-file",
        metavar="F",
        help="archivo con la contraseña de la llave (se ignora un salto de línea final)",
    )
    ver.add_argument("--json", action="store_true", help="salida JSON en una línea")
    ver.set_defaults(handler=run_ver)
    instalar = actions.add_parser(
        "instalar",
        help="instala el CSD de la empresa activa (contraseña al llavero del sistema)",
        description="Valida el CSD, guarda .cer y .key en la base de datos y la contraseña "
        "solo en el llavero del sistema.",
    )
    add_certificate_arguments(instalar)
    instalar.set_defaults(handler=install_certificate)
    fiel = actions.add_parser(
        "fiel",
        help="instala la e.firma (FIEL) de la empresa activa, para la descarga masiva del SAT",
        description="Valida la e.firma, guarda .cer y .key en la base de datos y la contraseña "
        "solo en el llavero del sistema.",
    )
    fiel.add_argument("cer", metavar="ARCHIVO.cer", help="certificado de la e.firma (.cer)")
    fiel.add_argument("key", metavar="ARCHIVO.key", help="llave privada de la e.firma (.key)")
    fiel.add_argument("--password-file", metavar="ARCHIVO", help="archivo con la contraseña")
    fiel.set_defaults(handler=install_fiel)


def install_fiel(args: argparse.Namespace) -> int:
    """`certificado fiel CER KEY`: the e.firma of the active company, for `descarga`."""
    from facturador.cli.empresa import ask_key_password
    from facturador.services.descarga import install_fiel as install

    cer, key = read_bytes(args.cer), read_bytes(args.key)
    facts = install(args.ctx, cer, key, ask_key_password(args))
    where = (
        "La contraseña quedó en el llavero del sistema."
        if facts.password_kept
        else "Sin llavero del sistema: la contraseña se pedirá en cada sesión (--password-file)."
    )
    print(
        f"e.firma {facts.no_certificado} instalada para {facts.rfc} (vigente hasta "
        f"{facts.valid_until.date().isoformat()}). {where}"
    )
    return 0


def _check_seal(args: argparse.Namespace, cer: bytes, now: datetime) -> str | None:
    """None if the pair can seal now, else the Spanish reason."""
    if not args.password_file:
        raise SystemExit("Error: con --key indica también --password-file.")
    from facturador.sat.credentials import Credential

    key = read_bytes(args.key)
    try:
        Credential.load(cer, key, read_password(args.password_file), now=now)
    except CredentialError as error:
        return error.message
    return None


def _report(args: argparse.Namespace, cer: bytes, now: datetime) -> dict[str, Any]:
    """The facts printed by `ver`; the keys are those of the --json output."""
    from facturador.sat.credentials import Certificate

    certificate = Certificate.from_bytes(cer)
    vigente = certificate.is_valid_at(now)
    error = _check_seal(args, cer, now) if args.key else _current_csd_error(certificate, now)
    return {
        "archivo": args.archivo,
        "tipo": "CSD" if certificate.is_csd else "FIEL",
        "rfc": certificate.rfc,
        "nombre": certificate.nombre,
        "sucursal": certificate.sucursal,
        "no_certificado": certificate.no_certificado,
        "valido_desde": certificate.valid_from.isoformat(),
        "valido_hasta": certificate.valid_until.isoformat(),
        "vigente": vigente,
        "puede_sellar": error is None if args.key else None,
        "error": error,
    }


def _current_csd_error(certificate: Certificate, now: datetime) -> str | None:
    """Without a key: the reason a certificate alone could never seal now, if any."""
    if not certificate.is_csd:
        return NotACsdError(certificate.rfc).message
    if not certificate.is_valid_at(now):
        error = CertificateNotValidNowError(certificate.valid_from, certificate.valid_until, now)
        return error.message
    return None


def _print_text(report: dict[str, Any]) -> None:
    tipo = "CSD (Certificado de Sello Digital)" if report["tipo"] == "CSD" else "e.firma (FIEL)"
    print(f"Archivo:        {report['archivo']}")
    print(f"Tipo:           {tipo}")
    print(f"RFC:            {report['rfc']}")
    print(f"Nombre:         {report['nombre']}")
    print(f"Sucursal:       {report['sucursal'] or '-'}")
    print(f"NoCertificado:  {report['no_certificado']}")
    print(f"Vigente desde:  {_date(report['valido_desde'])}")
    print(f"Vigente hasta:  {_date(report['valido_hasta'])}")
    print(f"Vigente hoy:    {'sí' if report['vigente'] else 'no'}")
    if report["puede_sellar"]:
        print("Puede sellar:   sí")
    elif report["error"]:
        label = "Puede sellar:   no. " if report["puede_sellar"] is False else "Aviso:          "
        print(f"{label}{report['error']}")


def _date(iso: str) -> str:
    from facturador.sat.messages import format_date

    return format_date(datetime.fromisoformat(iso))


def _now() -> datetime:
    """The moment validity is judged at (tests replace it)."""
    return datetime.now(UTC)


def run_ver(args: argparse.Namespace) -> int:
    """Describe the certificate; exit 0 if it can seal (without --key: a current CSD)."""
    report = _report(args, read_bytes(args.archivo), _now())
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        _print_text(report)
    return 0 if report["error"] is None else 1
