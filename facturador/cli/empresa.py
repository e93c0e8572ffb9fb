"""`facturador empresa`: the companies that issue documents, and their CSD.

    facturador empresa agregar --rfc RFC --nombre NOMBRE --regimen 601 --cp 42501
    facturador empresa listar [--json]
    facturador empresa usar RFC
    facturador empresa certificado --cer C.cer --key K.key [--password-file F] [--rfc RFC]

`certificado` installs the CSD of the active company (or of --rfc): certificate and
encrypted key go to the database, the password only to the OS keyring. The password is
read from --password-file, else asked (getpass) on a terminal, else read from stdin.
`add_certificate_arguments` and `install_certificate` let `facturador certificado instalar`
reuse the same parser and handler.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import TYPE_CHECKING

from facturador.cli._common import read_bytes, read_password

if TYPE_CHECKING:
    from facturador.models.tables import Empresa

# The database stack (SQLAlchemy, Alembic, keyring) is imported by the handlers, not here,
# so `facturador --help` and the other commands start fast.

__all__ = ["add_certificate_arguments", "install_certificate", "register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "empresa",
        help="empresas emisoras y su CSD",
        description="Agrega, lista y elige la empresa emisora; instala su CSD.",
    )
    actions = parser.add_subparsers(dest="accion", metavar="ACCION", required=True)
    agregar = actions.add_parser("agregar", help="agrega una empresa emisora")
    agregar.add_argument("--rfc", required=True)
    agregar.add_argument("--nombre", required=True, help="razón social, como en la constancia")
    agregar.add_argument("--regimen", required=True, help="RegimenFiscal (c_RegimenFiscal)")
    agregar.add_argument("--cp", required=True, help="LugarExpedicion (código postal)")
    agregar.set_defaults(handler=_agregar)
    listar = actions.add_parser("listar", help="lista las empresas")
    listar.add_argument("--json", action="store_true", help="salida como arreglo JSON")
    listar.set_defaults(handler=_listar)
    usar = actions.add_parser("usar", help="elige la empresa activa")
    usar.add_argument("rfc", metavar="RFC")
    usar.set_defaults(handler=_usar)
    certificado = actions.add_parser(
        "certificado",
        help="instala el CSD de la empresa",
        description="Guarda el certificado y la llave en la base de datos y la contraseña "
        "en el llavero del sistema.",
    )
    add_certificate_arguments(certificado)
    certificado.set_defaults(handler=install_certificate)


def add_certificate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cer", required=True, metavar="ARCHIVO.cer")
    parser.add_argument("--key", required=True, metavar="ARCHIVO.key")
    parser.add_argument("--password-file", metavar="ARCHIVO", help="archivo con la contraseña")
    parser.add_argument("--rfc", help="empresa (por omisión la activa)")


def _as_dict(empresa: Empresa) -> dict[str, object]:
    return {
        "rfc": empresa.rfc,
        "nombre": empresa.nombre,
        "regimen_fiscal": empresa.regimen_fiscal,
        "lugar_expedicion": empresa.lugar_expedicion,
        "no_certificado": empresa.no_certificado,
        "vigencia_hasta": empresa.valid_until.isoformat() if empresa.valid_until else None,
        "activa": empresa.active,
    }


def _agregar(args: argparse.Namespace) -> int:
    from facturador.models.engine import write_session
    from facturador.services import companies

    with write_session(args.ctx.engine) as session:
        empresa = companies.add_company(
            session,
            rfc=args.rfc,
            nombre=args.nombre,
            regimen_fiscal=args.regimen,
            lugar_expedicion=args.cp,
        )
        activa = " (activa)" if empresa.active else ""
        print(f"Empresa {empresa.rfc} agregada{activa}.")
    from facturador.cli._common import warn_about_name

    warn_about_name(args.nombre, args.rfc)
    return 0


def _listar(args: argparse.Namespace) -> int:
    from facturador.models.engine import read_session
    from facturador.services import companies

    with read_session(args.ctx.engine) as session:
        rows = [_as_dict(e) for e in companies.list_companies(session)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("Sin empresas. Agregue una con «facturador empresa agregar».")
    for row in rows:
        mark = "*" if row["activa"] else " "
        csd = f"CSD {row['no_certificado']}" if row["no_certificado"] else "sin CSD"
        print(f"{mark} {row['rfc']:<13}  {row['nombre']}  ({row['regimen_fiscal']}, {csd})")
    return 0


def _usar(args: argparse.Namespace) -> int:
    from facturador.models.engine import write_session
    from facturador.services import companies

    with write_session(args.ctx.engine) as session:
        empresa = companies.use_company(session, args.rfc)
        print(f"Empresa activa: {empresa.rfc} {empresa.nombre}.")
    return 0


def ask_key_password(args: argparse.Namespace) -> str:
    """A private key's password: --password-file, the terminal, or a line on stdin."""
    return _password(args)


def _password(args: argparse.Namespace) -> str:
    from facturador.services.errors import FieldError

    if args.password_file:
        password = read_password(args.password_file)
    elif sys.stdin.isatty():
        password = getpass.getpass("Contraseña de la llave privada: ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise FieldError("password", "required")
    return password


def install_certificate(args: argparse.Namespace) -> int:
    from facturador.models.engine import write_session
    from facturador.services import companies

    cer, key = read_bytes(args.cer), read_bytes(args.key)
    password = _password(args)
    secrets = args.ctx.secrets
    where = "La contraseña quedó en el llavero del sistema."
    if args.ctx.secrets_are_session_only:
        # Certificate and key are still installed; the password is asked in each session.
        print(f"Aviso: {secrets.unavailable.message}", file=sys.stderr)
        where = "La contraseña no se guardó: se pedirá al emitir."
    with write_session(args.ctx.engine) as session:
        if args.rfc:
            empresa = companies.get_company_by_rfc(session, args.rfc)
        else:
            empresa = companies.get_active_company(session)
        assert empresa.id is not None
        empresa = companies.install_csd(
            session, empresa.id, cer, key, password, secrets, args.ctx.now()
        )
        vigencia = empresa.valid_until.date().isoformat() if empresa.valid_until else "?"
        print(
            f"CSD {empresa.no_certificado} instalado para {empresa.rfc} (vigente hasta "
            f"{vigencia}). {where}"
        )
    return 0
