"""What `facturador vehiculo|operador|ubicacion` share: agregar, listar, editar, eliminar
over one of the company's Carta Porte catalogs, through the same services the Catálogos
pages call (`services.complementos`)."""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["CatalogCommand", "Option", "register_catalog"]


@dataclass(frozen=True, slots=True)
class Option:
    flag: str  # "--placa"
    field: str  # the data class's field, "placa_vm"
    help: str
    required: bool = False


@dataclass(frozen=True, slots=True)
class CatalogCommand:
    name: str  # the subcommand, "vehiculo"
    help: str
    description: str
    options: tuple[Option, ...]
    data_class: str  # services.complementos names: the form's data class, the functions
    list_rows: str
    save_row: str
    remove_row: str
    line: Callable[[Any], str]  # one row of `listar`
    saved: str  # "Vehículo {alias} guardado (id {id})."
    extra: Callable[[argparse.ArgumentParser], None] | None = None
    extra_values: Callable[[argparse.Namespace], dict[str, Any]] | None = None


def _services() -> Any:
    from facturador.services import complementos

    return complementos


def register_catalog(subparsers: argparse._SubParsersAction, command: CatalogCommand) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        command.name,
        help=command.help,
        description=command.description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="accion", metavar="ACCION", required=True)
    agregar = actions.add_parser("agregar", help="agrega uno")
    editar = actions.add_parser("editar", help="cambia uno (todos sus datos, como en agregar)")
    editar.add_argument("id", type=int, metavar="ID")
    for sub in (agregar, editar):
        for option in command.options:
            sub.add_argument(option.flag, dest=option.field, required=option.required,
                             help=option.help)  # fmt: skip
        if command.extra is not None:
            command.extra(sub)
        sub.set_defaults(handler=lambda args, c=command: _save(args, c))
    listar = actions.add_parser("listar", help="lista los registrados")
    listar.add_argument("texto", metavar="TEXTO", nargs="*", help="solo los que lo contengan")
    listar.add_argument("--json", action="store_true", help="salida como arreglo JSON")
    listar.set_defaults(handler=lambda args, c=command: _list(args, c))
    eliminar = actions.add_parser("eliminar", help="elimina uno")
    eliminar.add_argument("id", type=int, metavar="ID")
    eliminar.set_defaults(handler=lambda args, c=command: _remove(args, c))


def _save(args: argparse.Namespace, command: CatalogCommand) -> int:
    data_class = getattr(_services(), command.data_class)
    names = {f.name for f in dataclasses.fields(data_class)}
    values = {o.field: getattr(args, o.field) for o in command.options}
    if command.extra_values is not None:
        values |= command.extra_values(args)
    data = data_class(**{k: v for k, v in values.items() if k in names and v is not None})
    save = getattr(_services(), command.save_row)
    stored = save(args.ctx, data, getattr(args, "id", None))
    print(command.saved.format(id=stored.id, **dataclasses.asdict(stored.data)))
    return 0


def _list(args: argparse.Namespace, command: CatalogCommand) -> int:
    rows: Sequence[Any] = getattr(_services(), command.list_rows)(args.ctx, " ".join(args.texto))
    if args.json:
        print(json.dumps([{"id": r.id, **dataclasses.asdict(r.data)} for r in rows],
                         ensure_ascii=False))  # fmt: skip
        return 0
    if not rows:
        print("Sin resultados.")
        return 1 if args.texto else 0
    for row in rows:
        print(f"{row.id:>5}  {command.line(row.data)}")
    return 0


def _remove(args: argparse.Namespace, command: CatalogCommand) -> int:
    getattr(_services(), command.remove_row)(args.ctx, args.id)
    print(f"Eliminado (id {args.id}).")
    return 0
