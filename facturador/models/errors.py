"""Errors raised by the store itself (below `services`, so they cannot live there).

FacturadorError
└── StoreError
    ├── DatabaseUnavailableError the database cannot be opened (server down, bad URL...)
    └── IllegalTransitionError   a document asked to move where its state machine forbids
"""

from __future__ import annotations

from facturador.sat.errors import FacturadorError

__all__ = ["DatabaseUnavailableError", "IllegalTransitionError", "StoreError"]

_STATE_NAMES = {
    "BORRADOR": "borrador",
    "SELLADO": "sellado",
    "EN_COLA": "en cola",
    "ENVIANDO": "enviando",
    "TIMBRADO": "timbrado",
    "RECHAZADO": "rechazado",
    "CANCELACION_EN_COLA": "cancelación en cola",
    "CANCELACION_EN_PROCESO": "cancelación en proceso",
    "CANCELADO": "cancelado",
    "CANCELACION_RECHAZADA": "cancelación rechazada",
}


class StoreError(FacturadorError):
    """Something the database refused."""


class DatabaseUnavailableError(StoreError):
    def __init__(self, where: str, detail: str, *, server: bool) -> None:
        super().__init__(where, detail)
        self.where = where  # the file, or the URL without its password
        self.detail = detail
        self.server = server

    @property
    def corrupt(self) -> bool:
        """SQLite's words for a file that is damaged or is not a database at all."""
        return not self.server and ("not a database" in self.detail or "malformed" in self.detail)

    @property
    def message(self) -> str:
        if self.server:
            advice = (
                "Revise que el servidor PostgreSQL esté encendido y accesible desde este equipo,"
                " y el usuario, la contraseña y el nombre de la base en FACTURADOR_DB_URL."
            )
        elif self.corrupt:
            advice = (
                "El archivo está dañado o no es una base de datos de Facturador: no lo borre;"
                " restaure su último respaldo («Restaurar un respaldo…» en la aplicación, o"
                " «facturador respaldo restaurar») o pida ayuda."
            )
        else:
            advice = "Revise que la carpeta exista, que tenga permiso de escritura y espacio libre."
        return f"No se pudo abrir la base de datos {self.where} ({self.detail}). {advice}"


class IllegalTransitionError(StoreError):
    def __init__(self, documento_id: int | None, from_state: str, to_state: str) -> None:
        super().__init__(documento_id, from_state, to_state)
        self.documento_id = documento_id
        self.from_state = from_state
        self.to_state = to_state

    @property
    def message(self) -> str:
        return (
            f"Un documento {_STATE_NAMES.get(self.from_state, self.from_state)} no puede pasar "
            f"a {_STATE_NAMES.get(self.to_state, self.to_state)}."
        )
