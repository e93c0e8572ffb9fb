"""`facturador pac`: the active company's PAC (and an optional second PAC for failover).

    facturador pac configurar --proveedor finkok|sw|sandbox --ambiente pruebas|produccion
        [--url URL] [--usuario U] [--password-file F] [--token-file F]
        [--respaldo finkok|sw --respaldo-ambiente A --respaldo-url URL
         --respaldo-usuario U --respaldo-password-file F --respaldo-token-file F]
        [--sin-respaldo] [--acepto-sin-validez-fiscal]
    facturador pac mostrar [--json]

The sandbox (demostración) for a company other than the demo one (SAT's test taxpayer) needs
--acepto-sin-validez-fiscal: its documents, queued ones included, would be stamped without
fiscal validity and never be valid. Switching provider erases no credentials: each PAC's stay
in the keyring, and the environment and URL stay for switching back.

Provider, environment and URL go to the company (database); user, password or token only to
the OS keyring, under the names `facturador sincronizar` reads (pac:finkok:{RFC}:username ...).
A password not given as a file is asked on a terminal (getpass), else read from stdin, one
line each: first the PAC's, then the backup's. An empty answer keeps the one already in the
keyring. The second PAC is kept in the settings file of the data dir (`pac.respaldo`); when
it is set, `facturador sincronizar` sends a document to it only when the first PAC surely
did not stamp it (see `facturador.services.failover`).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from facturador.cli._common import read_password

__all__ = ["register"]

PROVIDERS = ("finkok", "sw", "sandbox")
DEMO_FLAG_HINT = " Si lo acepta, repita el comando con --acepto-sin-validez-fiscal."
BACKUPS = ("finkok", "sw")
ENVIRONMENTS = ("pruebas", "produccion")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "pac",
        help="configura el proveedor de certificación (PAC) de la empresa activa",
        description="Configura el PAC que timbra los comprobantes de la empresa activa y, "
        "si se desea, un segundo PAC de respaldo.",
    )
    actions = parser.add_subparsers(dest="accion", metavar="ACCION", required=True)
    configurar = actions.add_parser(
        "configurar",
        help="elige el PAC, el ambiente y guarda las credenciales en el llavero",
        description="Guarda proveedor, ambiente y dirección en la empresa activa, y el "
        "usuario y la contraseña (o el token) sólo en el llavero del sistema.",
    )
    configurar.add_argument("--proveedor", required=True, choices=PROVIDERS)
    configurar.add_argument("--ambiente", required=True, choices=ENVIRONMENTS)
    configurar.add_argument("--url", help="dirección del servicio (por omisión la oficial)")
    configurar.add_argument("--usuario", help="usuario del PAC (se pregunta si falta)")
    configurar.add_argument("--password-file", metavar="ARCHIVO", help="contraseña del PAC")
    configurar.add_argument(
        "--token-file", metavar="ARCHIVO", help="token de SW (en vez de usuario)"
    )
    configurar.add_argument("--respaldo", choices=BACKUPS, help="segundo PAC, de respaldo")
    configurar.add_argument("--respaldo-ambiente", choices=ENVIRONMENTS)
    configurar.add_argument("--respaldo-url", metavar="URL")
    configurar.add_argument("--respaldo-usuario", metavar="U")
    configurar.add_argument("--respaldo-password-file", metavar="ARCHIVO")
    configurar.add_argument("--respaldo-token-file", metavar="ARCHIVO")
    configurar.add_argument("--sin-respaldo", action="store_true", help="quita el PAC de respaldo")
    configurar.add_argument(
        "--acepto-sin-validez-fiscal",
        action="store_true",
        dest="accept_demo",
        help="con --proveedor sandbox en una empresa real: acepta que sus comprobantes, "
        "incluidos los que esperan en la cola, nunca serán válidos ante el SAT",
    )
    configurar.set_defaults(handler=_configurar)
    mostrar = actions.add_parser("mostrar", help="muestra el PAC configurado (sin contraseñas)")
    mostrar.add_argument("--json", action="store_true", help="salida JSON en una línea")
    mostrar.set_defaults(handler=_mostrar)


# ---------------------------------------------------------------- credentials


def _ask(prompt: str, *, secret: bool) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt) if secret else input(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def _credentials(
    provider: str,
    usuario: str | None,
    password_file: str | None,
    token_file: str | None,
    label: str,
) -> dict[str, str] | None:
    """The credentials to store for `provider`, or None to keep those in the keyring."""
    if provider == "sandbox":
        return {}
    if token_file and provider == "sw":
        return {"token": read_password(token_file).strip()}
    user_key = "username" if provider == "finkok" else "user"
    user = usuario or _ask(f"Usuario de {label}: ", secret=False).strip()
    password = (
        read_password(password_file)
        if password_file
        else _ask(f"Contraseña de {label}: ", secret=True)
    )
    if not user and not password:
        return None  # keep what the keyring has (checked by the service)
    return {user_key: user, "password": password}


def _store(ctx: Any) -> Any:
    from facturador.cli._password import keyring_or_refuse

    # No fallback: credentials kept only for this process would be lost at once.
    return keyring_or_refuse(ctx, "pac")


# ---------------------------------------------------------------- handlers


def _configurar(args: argparse.Namespace) -> int:
    from facturador.models.engine import write_session
    from facturador.services import pac_settings
    from facturador.services.companies import get_active_company

    secrets = _store(args.ctx)
    credentials = _credentials(
        args.proveedor, args.usuario, args.password_file, args.token_file, args.proveedor
    )
    backup_credentials = None
    if args.respaldo:
        backup_credentials = _credentials(
            args.respaldo,
            args.respaldo_usuario,
            args.respaldo_password_file,
            args.respaldo_token_file,
            f"{args.respaldo} (respaldo)",
        )
    with write_session(args.ctx.engine) as session:
        empresa = get_active_company(session)
        assert empresa.id is not None
        replace_backup = bool(args.sin_respaldo or args.respaldo)
        if replace_backup and args.proveedor != "sandbox":
            # First: the new primary may be the old backup's provider.
            pac_settings.remove_backup(empresa.rfc)
        try:
            empresa = pac_settings.configure_pac(
                session,
                empresa.id,
                secrets,
                provider=args.proveedor,
                environment=args.ambiente,
                url=args.url,
                credentials=credentials,
                accept_demo=args.accept_demo,
            )
        except pac_settings.DemoConfirmationError as error:
            print(f"Error: {error.message}{DEMO_FLAG_HINT}", file=sys.stderr)
            return 2
        if replace_backup:
            pac_settings.remove_backup(empresa.rfc)  # replaced below, or dropped
        print(
            f"PAC de {empresa.rfc}: {_NAMES[args.proveedor]}, ambiente "
            f"{args.ambiente}{_url(empresa.pac_url)}."
        )
        if args.proveedor == "sandbox":
            print("Modo de demostración: los timbres no tienen validez fiscal.")
        else:
            print("Las credenciales quedaron en el llavero del sistema (no en la base de datos).")
        if args.respaldo:
            backup = pac_settings.configure_backup(
                empresa,
                secrets,
                provider=args.respaldo,
                environment=args.respaldo_ambiente or args.ambiente,
                url=args.respaldo_url,
                credentials=backup_credentials,
            )
            print(
                f"PAC de respaldo: {_NAMES[backup.provider]}, ambiente "
                f"{backup.environment}{_url(backup.url)}. Se usa sólo cuando el PAC principal "
                "no pudo timbrar con certeza (sin conexión, sin timbres o cuenta rechazada)."
            )
        elif args.sin_respaldo:
            print("Sin PAC de respaldo.")
    return 0


def _mostrar(args: argparse.Namespace) -> int:
    from facturador.models.engine import read_session
    from facturador.services import pac_settings
    from facturador.services.companies import get_active_company

    with read_session(args.ctx.engine) as session:
        empresa = get_active_company(session)
    backup = pac_settings.backup_pac(empresa.rfc)
    data = {
        "rfc": empresa.rfc,
        "proveedor": empresa.pac_provider,
        "ambiente": empresa.pac_environment,
        "url": empresa.pac_url,
        "respaldo": None
        if backup is None
        else {"proveedor": backup.provider, "ambiente": backup.environment, "url": backup.url},
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    if not empresa.pac_provider:
        print(f"{empresa.rfc}: sin PAC configurado (se usa el modo de demostración).")
    elif empresa.pac_provider == "sandbox":
        print(f"{empresa.rfc}: {_NAMES['sandbox']}; los timbres no tienen validez fiscal.")
    else:
        print(
            f"{empresa.rfc}: {_NAMES.get(empresa.pac_provider, empresa.pac_provider)}, ambiente "
            f"{empresa.pac_environment or 'pruebas'}{_url(empresa.pac_url)}."
        )
    if backup is not None:
        print(
            f"Respaldo: {_NAMES[backup.provider]}, ambiente {backup.environment}{_url(backup.url)}."
        )
    return 0


_NAMES = {"finkok": "Finkok", "sw": "SW Sapien", "sandbox": "demostración (sin PAC)"}


def _url(url: str | None) -> str:
    return f" ({url})" if url else ""
