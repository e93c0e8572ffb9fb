"""`facturador ubicacion agregar|editar|listar|eliminar`: the frequent origins and
destinations for Carta Porte (also the emisor's address for Comercio Exterior).

facturador ubicacion agregar --alias "Bodega CDMX" --rfc EKU9003173C9 --estado CMX
    --cp 06000 [--pais MEX] [--nombre N] [--calle C] [--numero-exterior N]
    [--numero-interior N] [--colonia CLAVE] [--localidad CLAVE] [--municipio CLAVE]
facturador ubicacion listar [TEXTO] [--json]
facturador ubicacion eliminar ID
"""

from __future__ import annotations

import argparse
from typing import Any

from facturador.cli._transport_catalog import CatalogCommand, Option, register_catalog

__all__ = ["register"]

_OPTIONS = (
    Option("--alias", "alias", "cómo la reconoce usted, p. ej. «Bodega CDMX»", True),
    Option("--rfc", "rfc", "RFC del remitente o destinatario", True),
    Option("--estado", "estado", "Estado, clave c_Estado (CMX, JAL...)", True),
    Option("--cp", "codigo_postal", "CodigoPostal", True),
    Option("--pais", "pais", "Pais, clave c_Pais (MEX por omisión)"),
    Option("--nombre", "nombre", "nombre del remitente o destinatario"),
    Option("--calle", "calle", "Calle"),
    Option("--numero-exterior", "numero_exterior", "NumeroExterior"),
    Option("--numero-interior", "numero_interior", "NumeroInterior"),
    Option("--colonia", "colonia", "Colonia (clave c_Colonia en México)"),
    Option("--localidad", "localidad", "Localidad (clave c_Localidad)"),
    Option("--municipio", "municipio", "Municipio (clave c_Municipio)"),
)


def _line(data: Any) -> str:
    return f"{data.alias}  {data.rfc}  C.P. {data.codigo_postal}, {data.estado}, {data.pais}"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    register_catalog(
        subparsers,
        CatalogCommand(
            name="ubicacion",
            help="ubicaciones frecuentes (origen y destino de la Carta Porte)",
            description=__doc__ or "",
            options=_OPTIONS,
            data_class="UbicacionData",
            list_rows="ubicaciones",
            save_row="save_ubicacion",
            remove_row="remove_ubicacion",
            line=_line,
            saved="Ubicación {alias} guardada (id {id}).",
        ),
    )
