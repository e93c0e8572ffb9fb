"""`facturador vehiculo agregar|editar|listar|eliminar`: the company's vehicles for Carta Porte.

facturador vehiculo agregar --alias "Torton 1" --perm-sct TPAF01 --num-permiso NUM
    --config C2 --peso-bruto 3.5 --placa ABC1234 --anio 2020
    --aseguradora "Seguros SA" --poliza 123456 [--remolque CTR004:XYZ987]...
facturador vehiculo listar [TEXTO] [--json]
facturador vehiculo eliminar ID
"""

from __future__ import annotations

import argparse
from typing import Any

from facturador.cli._transport_catalog import CatalogCommand, Option, register_catalog

__all__ = ["register"]

_OPTIONS = (
    Option("--alias", "alias", "cómo lo reconoce usted, p. ej. «Torton 1»", True),
    Option("--perm-sct", "perm_sct", "PermSCT, clave c_TipoPermiso (TPAF01...)", True),
    Option("--num-permiso", "num_permiso_sct", "NumPermisoSCT", True),
    Option("--config", "config_vehicular", "ConfigVehicular, clave c_ConfigAutotransporte", True),
    Option("--peso-bruto", "peso_bruto_vehicular", "PesoBrutoVehicular, en toneladas", True),
    Option("--placa", "placa_vm", "PlacaVM", True),
    Option("--anio", "anio_modelo_vm", "AnioModeloVM (cuatro dígitos)", True),
    Option("--aseguradora", "asegura_resp_civil", "AseguraRespCivil", True),
    Option("--poliza", "poliza_resp_civil", "PolizaRespCivil", True),
    Option("--aseguradora-ambiente", "asegura_med_ambiente", "AseguraMedAmbiente"),
    Option("--poliza-ambiente", "poliza_med_ambiente", "PolizaMedAmbiente"),
    Option("--aseguradora-carga", "asegura_carga", "AseguraCarga"),
    Option("--poliza-carga", "poliza_carga", "PolizaCarga"),
)


def _remolque_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--remolque",
        action="append",
        default=[],
        metavar="SUBTIPO:PLACA",
        help="remolque o semirremolque (c_SubTipoRem y su placa); hasta dos",
    )


def _remolques(args: argparse.Namespace) -> dict[str, Any]:
    remolques = []
    for text in args.remolque:
        subtipo, _sep, placa = text.partition(":")
        remolques.append({"SubTipoRem": subtipo, "Placa": placa})
    return {"remolques": remolques}


def _line(data: Any) -> str:
    remolques = ", ".join(r["Placa"] for r in data.remolques) or "sin remolque"
    return f"{data.alias}  {data.config_vehicular}  placa {data.placa_vm}  ({remolques})"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    register_catalog(
        subparsers,
        CatalogCommand(
            name="vehiculo",
            help="vehículos de la empresa para la Carta Porte",
            description=__doc__ or "",
            options=_OPTIONS,
            data_class="VehiculoData",
            list_rows="vehiculos",
            save_row="save_vehiculo",
            remove_row="remove_vehiculo",
            line=_line,
            saved="Vehículo {alias} guardado (id {id}).",
            extra=_remolque_option,
            extra_values=_remolques,
        ),
    )
