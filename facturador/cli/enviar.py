"""`facturador enviar`: email a CFDI (PDF and XML) to the client, through the outbox.

    facturador enviar UUID [--correo ADDR ...]     queue it and try to send it once
    facturador enviar                              retry everything still pending
    facturador enviar --configurar --host H [--puerto P] [--usuario U]
                      [--seguridad starttls|ssl|none] [--remitente ADDR] [--password-file F]

The SMTP password goes to the OS keyring only (key `smtp:{RFC}`); it is read from
--password-file, else asked (getpass) on a terminal, else read from stdin. Without a keyring,
sending asks for it for this run only.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import TYPE_CHECKING

from facturador.cli._common import read_password
from facturador.sat.errors import InvalidInputError

if TYPE_CHECKING:
    from facturador.models.tables import Empresa
    from facturador.services.email import PasswordProvider
    from facturador.services.email_sending import SendReport

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "enviar",
        help="envía por correo el PDF y el XML de un CFDI",
        description="Envía por correo al cliente el PDF y el XML de un comprobante (o reintenta "
        "los correos pendientes); con --configurar guarda el servidor de correo (SMTP) de la "
        "empresa activa.",
    )
    parser.add_argument("uuid", metavar="UUID", nargs="?", help="folio fiscal del comprobante")
    parser.add_argument(
        "--correo",
        action="append",
        metavar="DIRECCION",
        help="destinatario (repetible); por omisión los correos del cliente",
    )
    parser.add_argument("--configurar", action="store_true", help="configura el servidor SMTP")
    parser.add_argument("--host", help="servidor SMTP, p. ej. smtp.gmail.com")
    parser.add_argument("--puerto", type=int, help="puerto (587 starttls, 465 ssl, 25 none)")
    parser.add_argument("--usuario", help="usuario SMTP (si el servidor pide autenticación)")
    parser.add_argument(
        "--seguridad", choices=("starttls", "ssl", "none"), default="starttls", help="cifrado"
    )
    parser.add_argument("--remitente", help="dirección del remitente (por omisión el usuario)")
    parser.add_argument("--password-file", metavar="ARCHIVO", help="contraseña SMTP")
    parser.add_argument("--json", action="store_true", help="salida JSON en una línea")
    parser.set_defaults(handler=run)


def _ask(args: argparse.Namespace, prompt: str) -> str | None:
    if args.password_file:
        return read_password(args.password_file)
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    return line.rstrip("\r\n") if line else None


def _configure(args: argparse.Namespace) -> int:
    from facturador.cli._password import keyring_or_refuse
    from facturador.services.email import configure_smtp

    if not args.host:
        raise InvalidInputError("--configurar necesita --host")
    password = secrets = None
    if args.usuario:
        # No keyring: a Spanish error, never the database.
        secrets = keyring_or_refuse(args.ctx, "smtp")
        password = _ask(args, f"Contraseña SMTP de {args.usuario}: ")
        if password is None:
            raise InvalidInputError("falta la contraseña SMTP")
    empresa = configure_smtp(
        args.ctx.engine,
        host=args.host,
        port=args.puerto,
        user=args.usuario,
        security=args.seguridad,
        from_address=args.remitente,
        password=password,
        secrets=secrets,
    )
    print(
        f"Correo configurado para {empresa.rfc}: {empresa.smtp_host}"
        f"{f':{empresa.smtp_port}' if empresa.smtp_port else ''} ({empresa.smtp_security})."
    )
    return 0


def _password_provider(args: argparse.Namespace) -> PasswordProvider:
    from facturador.services.email import smtp_password_key
    from facturador.services.errors import SecretStoreError
    from facturador.services.secrets import SERVICE

    store = None if args.ctx.secrets_are_session_only else args.ctx.secrets
    asked: dict[str, str | None] = {}

    def provide(empresa: Empresa) -> str | None:
        if store is not None:
            try:
                value = store.get(SERVICE, smtp_password_key(empresa.rfc))
            except SecretStoreError:
                value = None
            if value is not None:
                return value
        if empresa.rfc not in asked:
            asked[empresa.rfc] = _ask(args, f"Contraseña SMTP de {empresa.smtp_user}: ")
        return asked[empresa.rfc]

    return provide


def _print_report(report: SendReport, as_json: bool) -> int:
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "id": o.correo_id,
                        "documento": o.documento_id,
                        "para": list(o.recipients),
                        "estado": o.state,
                        "detalle": o.detail,
                    }
                    for o in (*report.sent, *report.retrying, *report.failed)
                ],
                ensure_ascii=False,
            )
        )
    else:
        for o in report.sent:
            print(f"Enviado a {', '.join(o.recipients)}." + (f" {o.detail}" if o.detail else ""))
        for o in report.retrying:
            print(f"En espera: {o.detail}")
        for o in report.failed:
            print(f"No se envió a {', '.join(o.recipients)}: {o.detail}", file=sys.stderr)
        if not (report.sent or report.retrying or report.failed):
            print("No hay correos pendientes.")
    return 1 if report.failed else 0


def run(args: argparse.Namespace) -> int:
    from facturador.services.email import documento_id_by_uuid, queue_email
    from facturador.services.email_sending import send_pending

    if args.configurar:
        return _configure(args)
    engine = args.ctx.engine
    only = None
    if args.uuid:
        documento_id = documento_id_by_uuid(engine, args.uuid)
        only = [queue_email(engine, documento_id, to=args.correo)]
    elif args.correo:
        raise InvalidInputError("--correo necesita el UUID del comprobante")
    report = send_pending(engine, smtp_password_provider=_password_provider(args), only=only)
    return _print_report(report, args.json)
