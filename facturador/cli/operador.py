"""`facturador operador agregar|editar|listar|eliminar`: the drivers for Carta Porte.

facturador operador agregar --nombre "XOCHILT CASAS CHAVEZ" --licencia a234567890
    (--rfc CACX7605101P8 | --num-reg-id-trib NUM --residencia-fiscal USA)
facturador operador listar [TEXTO] [--json]
facturador operador eliminar ID
"""

from __future__ import annotations

import argparse
from typing import Any

from facturador.cli._transport_catalog import CatalogCommand, Option, register_catalog

__all__ = ["register"]

_OPTIONS = (
    Option("--nombre", "nombre_figura", "NombreFigura", True),
    Option("--licencia", "num_licencia", "NumLicencia", True),
    Option("--rfc", "rfc_figura", "RFCFigura (operador con RFC)"),
    Option("--num-reg-id-trib", "num_reg_id_trib_figura", "operador extranjero: su registro"),
    Option("--residencia-fiscal", "residencia_fiscal_figura", "operador extranjero: c_Pais"),
)


def _line(data: Any) -> str:
    return f"{data.nombre_figura}  licencia {data.num_licencia}  {data.rfc_figura or ''}".rstrip()


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    register_catalog(
        subparsers,
        CatalogCommand(
            name="operador",
            help="operadores (choferes) para la Carta Porte",
            description=__doc__ or "",
            options=_OPTIONS,
            data_class="OperadorData",
            list_rows="operadores",
            save_row="save_operador",
            remove_row="remove_operador",
            line=_line,
            saved="Operador {nombre_figura} guardado (id {id}).",
        ),
    )
