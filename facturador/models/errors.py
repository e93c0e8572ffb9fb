"""Errors raised by the store itself (below `services`, so they cannot live there).

FacturadorError
└── StoreError
    ├── DatabaseUnavailableError the database cannot be opened (server down, bad URL...)
    │   └── DatabaseDamagedError SQLite found the file damaged, or it is empty (0 bytes)
    ├── DatabaseBusyError        another process held the lock longer than we wait
    ├── DiskFullError            no room left on the disk (database, backup, journal)
    ├── ReadOnlyDatabaseError    the file, folder or disk does not allow writing
    └── IllegalTransitionError   a document asked to move where its state machine forbids
"""

from __future__ import annotations

from facturador.models import messages
from facturador.sat.errors import FacturadorError

__all__ = [
    "DatabaseBusyError",
    "DatabaseDamagedError",
    "DatabaseUnavailableError",
    "DiskFullError",
    "IllegalTransitionError",
    "ReadOnlyDatabaseError",
    "StoreError",
]

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
    "RETIRADO": "retirado de la cola",
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
        detail = (
            self.detail if self.server else messages.SQLITE_DETAILS.get(self.detail, self.detail)
        )
        return f"No se pudo abrir la base de datos {self.where} ({detail}). {advice}"


class DatabaseDamagedError(DatabaseUnavailableError):
    """SQLite reports the file damaged (at open, later in a command, in a backup's check or
    in the quick check), or it is empty. The file is then marked (`models.damage`) so that
    nothing writes to it again until a backup is restored."""

    def __init__(self, where: str, detail: str, *, empty: bool = False) -> None:
        super().__init__(where, detail, server=False)
        self.empty = empty

    @property
    def corrupt(self) -> bool:
        return True

    @property
    def message(self) -> str:
        template = messages.DATABASE_EMPTY if self.empty else messages.DATABASE_DAMAGED
        return template.format(where=self.where)


class DatabaseBusyError(StoreError):
    def __init__(self, where: str, seconds: float) -> None:
        super().__init__(where, seconds)
        self.where = where
        self.seconds = seconds

    @property
    def message(self) -> str:
        return messages.DATABASE_BUSY.format(where=self.where, seconds=f"{self.seconds:g}")


class DiskFullError(StoreError):
    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where  # the file or folder that could not grow

    @property
    def message(self) -> str:
        return messages.DISK_FULL.format(where=self.where)


class ReadOnlyDatabaseError(StoreError):
    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where

    @property
    def message(self) -> str:
        return messages.DATABASE_READ_ONLY.format(where=self.where)


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
