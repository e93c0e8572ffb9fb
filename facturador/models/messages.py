"""Spanish text for the errors of the store (the SQLite file, its locks, the disk)."""

from __future__ import annotations

__all__ = [
    "DATABASE_BUSY",
    "DATABASE_DAMAGED",
    "DATABASE_EMPTY",
    "DATABASE_READ_ONLY",
    "DISK_FULL",
    "RESTORE_ADVICE",
    "SQLITE_DETAILS",
    "WAITING_FOR_LOCK",
]

RESTORE_ADVICE = (
    "No lo borre: restaure su último respaldo («Restaurar un respaldo…» en la aplicación, o "
    "«facturador respaldo restaurar ARCHIVO»); el archivo dañado se conservará aparte."
)
DATABASE_DAMAGED = (
    "La base de datos {where} está dañada (SQLite encontró páginas ilegibles): Facturador no "
    "volverá a escribir en ella. " + RESTORE_ADVICE
)
DATABASE_EMPTY = (
    "El archivo de la base de datos {where} está vacío (0 bytes): no es una base nueva, sus "
    "datos se perdieron en el disco. " + RESTORE_ADVICE
)
DATABASE_BUSY = (
    "Otro programa tiene ocupada la base de datos {where} desde hace más de {seconds} "
    "segundos (otra ventana de Facturador, un comando en curso o una herramienta de SQLite): "
    "no se cambió nada. Cierre ese programa o espere a que termine y vuelva a intentarlo."
)
WAITING_FOR_LOCK = (
    "Esperando la base de datos {where}: otro programa la está usando (hasta {seconds} segundos)…"
)
DISK_FULL = (
    "No hay espacio libre en el disco de {where}: no se guardó nada. Libere espacio (borre "
    "archivos que no necesite o vacíe la papelera) y vuelva a intentarlo."
)
DATABASE_READ_ONLY = (
    "La base de datos {where} es de solo lectura (la carpeta o el disco no permiten escribir): "
    "puede consultar sus comprobantes, pero no se guardó ningún cambio. Pida permiso de "
    "escritura en esa carpeta o use «--datos DIR» con una carpeta suya."
)

# SQLite's own words for why a file does not open, in Spanish (unknown ones are kept as is)
SQLITE_DETAILS = {
    "unable to open database file": "no se puede abrir el archivo",
    "disk I/O error": "error de lectura o escritura del disco, o disco lleno",
    "attempt to write a readonly database": "la base de datos es de solo lectura",
    "database or disk is full": "el disco está lleno",
    "database is locked": "otro programa la tiene ocupada",
}
