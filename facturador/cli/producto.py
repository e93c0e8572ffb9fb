"""`facturador producto agregar|listar|buscar`: the products of the active company.

facturador producto agregar --clave-prod-serv 01010101 --clave-unidad H87
    --descripcion TEXTO --valor-unitario 100.00 [--objeto-imp 02] [--unidad Pieza]
    [--no-identificacion SKU] [--iva 0.160000 | --impuestos '{"Traslados": [...]}']
    [--fraccion-arancelaria 1515909900 --unidad-aduana 06]   (para Comercio Exterior)
facturador producto listar [--json]
facturador producto buscar TEXTO [--json]
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facturador.models.tables import Producto

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "producto",
        help="productos y servicios de la empresa activa",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="accion", metavar="ACCION", required=True)
    agregar = actions.add_parser("agregar", help="agrega un producto o servicio")
    agregar.add_argument("--clave-prod-serv", required=True, help="ClaveProdServ")
    agregar.add_argument("--clave-unidad", required=True, help="ClaveUnidad")
    agregar.add_argument("--descripcion", required=True)
    agregar.add_argument("--valor-unitario", required=True, help="precio sin impuestos")
    agregar.add_argument("--objeto-imp", default="02", help="ObjetoImp (02 por omisión)")
    agregar.add_argument("--unidad", help="Unidad (texto)")
    agregar.add_argument("--no-identificacion", help="NoIdentificacion (SKU)")
    agregar.add_argument(
        "--fraccion-arancelaria", help="exportación: FraccionArancelaria (c_FraccionArancelaria)"
    )
    agregar.add_argument("--unidad-aduana", help="exportación: UnidadAduana (c_UnidadAduana)")
    taxes = agregar.add_mutually_exclusive_group()
    taxes.add_argument("--iva", metavar="TASA", help="traslado de IVA, p. ej. 0.160000")
    taxes.add_argument("--impuestos", metavar="JSON", help="nodo Impuestos del concepto en JSON")
    agregar.set_defaults(handler=_agregar)
    listar = actions.add_parser("listar", help="lista los productos")
    listar.add_argument("--json", action="store_true", help="salida como arreglo JSON")
    listar.set_defaults(handler=_listar)
    buscar = actions.add_parser("buscar", help="busca por descripción, clave o SKU")
    buscar.add_argument("texto", metavar="TEXTO", nargs="+")
    buscar.add_argument("--json", action="store_true", help="salida como arreglo JSON")
    buscar.set_defaults(handler=_buscar)


def _impuestos(args: argparse.Namespace) -> dict[str, Any]:
    from facturador.services.errors import FieldError

    if args.iva:
        traslado = {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": args.iva}
        return {"Traslados": [traslado]}
    if args.impuestos:
        try:
            value = json.loads(args.impuestos, parse_float=Decimal)
        except json.JSONDecodeError as error:
            raise FieldError("impuestos", "invalid", args.impuestos, error.msg) from None
        return value  # type: ignore[no-any-return]
    return {}


def _agregar(args: argparse.Namespace) -> int:
    from facturador.models.engine import write_session
    from facturador.services import catalog_data, companies

    data = catalog_data.ProductoData(
        clave_prod_serv=args.clave_prod_serv,
        clave_unidad=args.clave_unidad,
        descripcion=args.descripcion,
        valor_unitario=args.valor_unitario,
        objeto_imp=args.objeto_imp,
        unidad=args.unidad,
        no_identificacion=args.no_identificacion,
        fraccion_arancelaria=args.fraccion_arancelaria,
        unidad_aduana=args.unidad_aduana,
        impuestos=json.loads(json.dumps(_impuestos(args), default=str)),
    )
    with write_session(args.ctx.engine) as session:
        empresa = companies.get_active_company(session)
        assert empresa.id is not None
        producto = catalog_data.add_product(session, empresa.id, data)
        print(f"Producto {producto.id} «{producto.descripcion}» agregado a {empresa.rfc}.")
    return 0


def _print(rows: list[Producto], as_json: bool, empty_code: int) -> int:
    if as_json:
        out = [
            {
                "id": p.id,
                "clave_prod_serv": p.clave_prod_serv,
                "clave_unidad": p.clave_unidad,
                "unidad": p.unidad,
                "no_identificacion": p.no_identificacion,
                "descripcion": p.descripcion,
                "valor_unitario": str(p.valor_unitario),
                "objeto_imp": p.objeto_imp,
                "fraccion_arancelaria": p.fraccion_arancelaria,
                "unidad_aduana": p.unidad_aduana,
                "impuestos": p.impuestos,
            }
            for p in rows
        ]
        print(json.dumps(out, ensure_ascii=False))
        return 0
    if not rows:
        print("Sin resultados.")
        return empty_code
    for p in rows:
        print(f"{p.id:>5}  {p.clave_prod_serv}  {p.valor_unitario:>12}  {p.descripcion}")
    return 0


def _listar(args: argparse.Namespace) -> int:
    from facturador.models.engine import read_session
    from facturador.services import catalog_data, companies

    with read_session(args.ctx.engine) as session:
        empresa = companies.get_active_company(session)
        assert empresa.id is not None
        rows = catalog_data.list_products(session, empresa.id)
    return _print(rows, args.json, 0)


def _buscar(args: argparse.Namespace) -> int:
    from facturador.models.engine import read_session
    from facturador.services import catalog_data, companies

    with read_session(args.ctx.engine) as session:
        empresa = companies.get_active_company(session)
        assert empresa.id is not None
        rows = catalog_data.search_products(session, empresa.id, " ".join(args.texto))
    return _print(rows, args.json, 1)
