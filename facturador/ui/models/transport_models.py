"""The tables of Vehículos, Operadores and Ubicaciones frecuentes (rows: services'
`Stored` values, an id and its data)."""

from __future__ import annotations

from typing import Any

from facturador.services.complementos import OperadorData, Stored, UbicacionData, VehiculoData
from facturador.ui import messages_catalogos_transporte as T
from facturador.ui.models.table_model import Column, RowsModel

__all__ = ["DriversModel", "LocationsModel", "VehiclesModel"]

VEHICLE_COLUMNS: list[Column[Stored[VehiculoData]]] = [
    Column(T.COL_ALIAS, lambda v: v.data.alias),
    Column(T.COL_PLACA, lambda v: v.data.placa_vm),
    Column(T.COL_CONFIG, lambda v: v.data.config_vehicular),
    Column(T.COL_ANIO, lambda v: v.data.anio_modelo_vm),
    Column(T.COL_PESO, lambda v: v.data.peso_bruto_vehicular, align_right=True),
    Column(T.COL_TRAILERS, lambda v: ", ".join(r.get("Placa", "") for r in v.data.remolques)),
]

DRIVER_COLUMNS: list[Column[Stored[OperadorData]]] = [
    Column(T.COL_DRIVER_NAME, lambda d: d.data.nombre_figura),
    Column(T.COL_RFC, lambda d: d.data.rfc_figura or ""),
    Column(T.COL_LICENSE, lambda d: d.data.num_licencia),
    Column(T.COL_RESIDENCIA, lambda d: d.data.residencia_fiscal_figura or ""),
]

LOCATION_COLUMNS: list[Column[Stored[UbicacionData]]] = [
    Column(T.COL_PLACE_ALIAS, lambda u: u.data.alias),
    Column(T.COL_RFC, lambda u: u.data.rfc),
    Column(T.COL_MUNICIPIO, lambda u: u.data.municipio or ""),
    Column(T.COL_ESTADO, lambda u: u.data.estado),
    Column(T.COL_CP, lambda u: u.data.codigo_postal),
]


class VehiclesModel(RowsModel[Stored[VehiculoData]]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(VEHICLE_COLUMNS, parent)


class DriversModel(RowsModel[Stored[OperadorData]]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(DRIVER_COLUMNS, parent)


class LocationsModel(RowsModel[Stored[UbicacionData]]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(LOCATION_COLUMNS, parent)
