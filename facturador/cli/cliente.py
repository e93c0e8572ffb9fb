"""`facturador cliente agregar|listar|buscar`: the clients of the active company.

facturador cliente agregar --rfc RFC --nombre N --regimen 612 --cp 36257 --uso G03 [--email E]...
    [--residencia-fiscal PAIS --num-reg-id-trib NUMERO]   (solo con el RFC XEXX010101000)
    [--calle C --numero-exterior N --municipio M --estado E --pais PAIS --codigo-postal CP]
    (domicilio en el extranjero, para Comercio Exterior; también --numero-interior,
    --colonia, --localidad)
facturador cliente listar [--json]
facturador cliente buscar TEXTO [--json]
facturador cliente importar-csf ARCHIVO.pdf [--json] [--guardar]
    (lee la Constancia de Situación Fiscal; con --guardar crea o actualiza el cliente)
facturador cliente verificar RFC [--json]
    (consulta la página de validación de Constancias del SAT; requiere internet)
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from facturador.services.domicilio_fields import DOMICILIO_FIELDS

if TYPE_CHECKING:
    from facturador.models.tables import Cliente

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "cliente", help="clientes (receptores) de la empresa activa", description=__doc__
    )
    actions = parser.add_subparsers(dest="accion", metavar="ACCION", required=True)
    agregar = actions.add_parser("agregar", help="agrega un cliente")
    agregar.add_argument("--rfc", required=True)
    agregar.add_argument("--nombre", required=True, help="como en su constancia fiscal")
    agregar.add_argument("--regimen", required=True, help="RegimenFiscalReceptor")
    agregar.add_argument("--cp", required=True, help="DomicilioFiscalReceptor (código postal)")
    agregar.add_argument("--uso", required=True, help="UsoCFDI por omisión")
    agregar.add_argument("--email", action="append", default=[], help="correo (repetible)")
    agregar.add_argument(
        "--residencia-fiscal",
        metavar="PAIS",
        help="extranjero (RFC XEXX010101000): país de residencia fiscal, clave c_Pais (USA...)",
    )
    agregar.add_argument(
        "--num-reg-id-trib",
        metavar="NUMERO",
        help="extranjero: su número de registro fiscal en ese país (requiere --residencia-fiscal)",
    )
    for name, _attribute in DOMICILIO_FIELDS:
        flag = "--" + name.replace("_", "-")
        agregar.add_argument(flag, dest=name, help=f"domicilio en el extranjero: {_attribute}")
    agregar.set_defaults(handler=_agregar)
    listar = actions.add_parser("listar", help="lista los clientes")
    listar.add_argument("--json", action="store_true", help="salida como arreglo JSON")
    listar.set_defaults(handler=_listar)
    buscar = actions.add_parser("buscar", help="busca por RFC o nombre (sin acentos)")
    buscar.add_argument("texto", metavar="TEXTO", nargs="+")
    buscar.add_argument("--json", action="store_true", help="salida como arreglo JSON")
    buscar.set_defaults(handler=_buscar)
    importar = actions.add_parser(
        "importar-csf", help="lee la Constancia de Situación Fiscal (PDF) de un cliente"
    )
    importar.add_argument("archivo", metavar="ARCHIVO.pdf")
    importar.add_argument("--json", action="store_true", help="salida como objeto JSON")
    importar.add_argument(
        "--guardar", action="store_true", help="crea o actualiza el cliente con esos datos"
    )
    importar.set_defaults(handler=_importar_csf)
    verificar = actions.add_parser(
        "verificar",
        help="confirma los datos del cliente en la página de validación de Constancias del SAT",
    )
    verificar.add_argument("rfc", metavar="RFC")
    verificar.add_argument("--json", action="store_true", help="salida como objeto JSON")
    verificar.set_defaults(handler=_verificar)


def _agregar(args: argparse.Namespace) -> int:
    from facturador.models.engine import write_session
    from facturador.services import catalog_data, companies

    data = catalog_data.ClienteData(
        rfc=args.rfc,
        nombre=args.nombre,
        regimen_fiscal_receptor=args.regimen,
        domicilio_fiscal_receptor=args.cp,
        uso_cfdi=args.uso,
        emails=args.email,
        residencia_fiscal=args.residencia_fiscal,
        num_reg_id_trib=args.num_reg_id_trib,
        **{name: getattr(args, name) for name, _attribute in DOMICILIO_FIELDS},
    )
    with write_session(args.ctx.engine) as session:
        empresa = companies.get_active_company(session)
        assert empresa.id is not None
        cliente = catalog_data.add_client(session, empresa.id, data)
        print(f"Cliente {cliente.rfc} {cliente.nombre} agregado a {empresa.rfc}.")
    from facturador.cli._common import warn_about_name

    warn_about_name(args.nombre, args.rfc)
    return 0


def _print(rows: list[Cliente], as_json: bool, empty_code: int) -> int:
    if as_json:
        keys = (
            "id",
            "rfc",
            "nombre",
            "regimen_fiscal_receptor",
            "domicilio_fiscal_receptor",
            "uso_cfdi",
            "emails",
            "residencia_fiscal",
            "num_reg_id_trib",
            "origen",
            *(name for name, _attribute in DOMICILIO_FIELDS),
        )
        print(
            json.dumps(
                [
                    {k: getattr(c, k) for k in keys}
                    | {"origen_fecha": c.origen_fecha.isoformat() if c.origen_fecha else None}
                    for c in rows
                ],
                ensure_ascii=False,
            )
        )
        return 0
    if not rows:
        print("Sin resultados.")
        return empty_code
    for c in rows:
        print(f"{c.id:>5}  {c.rfc:<13}  {c.nombre}  ({c.regimen_fiscal_receptor}, {c.uso_cfdi})")
    return 0


def _listar(args: argparse.Namespace) -> int:
    from facturador.models.engine import read_session
    from facturador.services import catalog_data, companies

    with read_session(args.ctx.engine) as session:
        empresa = companies.get_active_company(session)
        assert empresa.id is not None
        rows = catalog_data.list_clients(session, empresa.id)
    return _print(rows, args.json, 0)


def _buscar(args: argparse.Namespace) -> int:
    from facturador.models.engine import read_session
    from facturador.services import catalog_data, companies

    with read_session(args.ctx.engine) as session:
        empresa = companies.get_active_company(session)
        assert empresa.id is not None
        rows = catalog_data.search_clients(session, empresa.id, " ".join(args.texto))
    return _print(rows, args.json, 1)


def _csf_json(result: object, saved: object) -> dict[str, object]:
    from dataclasses import asdict

    data = asdict(result.constancia)  # type: ignore[attr-defined]
    for regimen in data["regimenes"]:
        for key in ("fecha_inicio", "fecha_fin"):
            regimen[key] = regimen[key].isoformat() if regimen[key] else None
    if data["fecha_emision"] is not None:
        data["fecha_emision"] = data["fecha_emision"].isoformat()
    cliente = asdict(result.cliente)  # type: ignore[attr-defined]
    cliente.pop("constancia", None)  # given above, with its dates as text
    return {
        "constancia": data,
        "cliente": cliente,
        "avisos": list(result.warnings),  # type: ignore[attr-defined]
        "cliente_existente": result.existing_client_id,  # type: ignore[attr-defined]
        "guardado": saved,
    }


def format_date(value: object) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else "—"


def _importar_csf(args: argparse.Namespace) -> int:
    from pathlib import Path

    from facturador.cli import messages as cli_messages
    from facturador.sat.messages import os_reason
    from facturador.services import csf_import

    try:
        pdf = Path(args.archivo).read_bytes()
    except OSError as error:
        print(cli_messages.CSF_FILE.format(path=args.archivo, reason=os_reason(error)))
        return 2
    result = csf_import.import_csf(args.ctx, pdf)
    saved = None
    if args.guardar:
        info = csf_import.save_import(args.ctx, result)
        saved = info.id
    if args.json:
        print(json.dumps(_csf_json(result, saved), ensure_ascii=False))
        return 0
    c, data = result.constancia, result.cliente
    fecha = format_date(c.fecha_emision) if c.fecha_emision else "—"
    print(cli_messages.CSF_HEADER.format(fecha=fecha, id_cif=c.id_cif))
    rows = [
        ("RFC", c.rfc),
        ("Nombre", c.nombre),
        ("Código postal", c.codigo_postal),
        ("Régimen de capital", c.regimen_capital),
        ("Colonia", c.colonia),
        ("Localidad", c.localidad),
        ("Estatus en el padrón", c.estatus),
    ]
    for label, value in rows:
        if value:
            print(f"  {label + ':':<22}{value}")
    for r in c.regimenes:
        desde = format_date(r.fecha_inicio) if r.fecha_inicio else "—"
        hasta = f" al {format_date(r.fecha_fin)}" if r.fecha_fin else ""
        print(f"  {'Régimen:':<22}{r.clave or '?'} {r.descripcion} (desde {desde}{hasta})")
    print(
        cli_messages.CSF_PROPOSED.format(
            regimen=data.regimen_fiscal_receptor or "—", uso=data.uso_cfdi
        )
    )
    for warning in result.warnings:
        print(f"Aviso: {warning}")
    if saved is not None:
        verb = "actualizado" if result.existing_client_id else "agregado"
        print(cli_messages.CSF_SAVED.format(rfc=data.rfc, nombre=data.nombre, verbo=verb))
    return 0


def _verificar(args: argparse.Namespace) -> int:
    """Exit 0 when SAT confirms the client's data, 1 when SAT has other data."""
    from facturador.services import messages_receptor as M
    from facturador.services.csf_verify import verify_client

    check = verify_client(args.ctx, args.rfc)
    fecha = check.fecha.strftime("%d/%m/%Y")
    if args.json:
        payload = {
            "rfc": check.client.rfc,
            "nombre": check.nombre,
            "codigo_postal": check.codigo_postal,
            "regimenes": list(check.regimenes),
            "situacion": check.situacion,
            "fecha": check.fecha.isoformat(),
            "confirmado": check.confirmed,
            "diferencias": list(check.differences),
            "origen": check.client.origen,
        }
        print(json.dumps(payload, ensure_ascii=False))
    elif check.confirmed:
        print(
            M.SAT_CONFIRMED.format(
                fecha=fecha, nombre=check.nombre, cp=check.codigo_postal,
                regimenes=", ".join(check.regimenes) or "—", situacion=check.situacion,
            )
        )  # fmt: skip
    else:
        print(M.SAT_DIFFERENT.format(fecha=fecha))
        for line in check.differences:
            print(f"  {line}")
    return 0 if check.confirmed else 1
