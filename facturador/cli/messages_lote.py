"""Spanish text of `facturador lote` (usted)."""

from __future__ import annotations

SUMMARY = (
    "{archivo}: {filas} fila(s) de conceptos, {documentos} documento(s): {validos} sin problemas, "
    "{invalidos} con problemas."
)
WHERE_COLUMN = "Fila {fila}, columna {columna}"
WHERE_ROW = "Fila {fila}"
OF_DOCUMENT = " (documento {documento})"
SIMULATED = "Simulación: no se emitió nada."
NOT_EMITTED = (
    "No se emitió nada: corrija el archivo, o use --emitir-validos para emitir solo los "
    "documentos sin problemas."
)
NOTHING_VALID = "No se emitió nada: ningún documento del archivo está libre de problemas."
EMITTED = (
    "Emitidos {n} documento(s), folios {primero} a {ultimo}: en cola, se timbrarán al sincronizar."
)
SKIPPED = "No se emitieron {n} documento(s) con problemas: {documentos}."
