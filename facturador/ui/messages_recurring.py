"""Spanish text of the Facturas recurrentes page and its dialog."""

from __future__ import annotations

TITLE = "Facturas recurrentes"
SUBTITLE = (
    "Facturas que se emiten solas en su fecha (renta, honorarios, suscripciones): al abrir la "
    "aplicación y en cada sincronización, una por cada fecha que llegó."
)
FECHA_NOTE = (
    "Si la aplicación estuvo cerrada en la fecha: hasta 2 días después, la factura lleva la "
    "Fecha de ese día; después ya no es posible (el SAT solo permite timbrar un CFDI dentro de "
    "las 72 horas siguientes a su Fecha), así que lleva la Fecha del día en que se emite y su "
    "descripción indica el periodo, p. ej. «(Periodo: septiembre de 2026)»."
)
COLUMNS = ("Cliente", "Total", "Cada", "Próxima", "Estado", "Correo", "Emitidas")
EMPTY = (
    "Aún no hay facturas recurrentes. Guarde la factura como borrador en Generar CFDI y use "
    "«Nueva desde borrador…»."
)
NEW = "Nueva desde borrador…"
EDIT = "Editar calendario…"
PAUSE = "Pausar"
RESUME = "Reanudar"
DELETE = "Borrar…"
RUN_NOW = "Emitir pendientes ahora"
YES = "Sí"
NO = "No"

DIALOG_NEW = "Nueva factura recurrente"
DIALOG_EDIT = "Editar calendario"
DRAFT = "Borrador"
NO_DRAFTS = (
    "No hay borradores de factura. En Generar CFDI llene la factura y elija «Guardar borrador»; "
    "luego vuelva aquí."
)
DAY = "Día del mes"
DAY_HINT = "En los meses más cortos se emite el último día."
EVERY = "Cada cuántos meses"
UNTIL = "Hasta (última fecha)"
NO_END = "Sin fecha final"
EMAIL = "Enviarla por correo al cliente al timbrarse"
SAVE = "Guardar"
CANCEL = "Cancelar"

SAVED = "Factura recurrente guardada."
UPDATED = "Calendario actualizado."
PAUSED = "Factura recurrente en pausa: no se emitirá hasta que la reanude."
RESUMED = "Factura recurrente reanudada: se emitirá desde su próxima fecha."
DELETED = "Factura recurrente borrada; las facturas que ya emitió no cambian."
DELETE_TITLE = "Borrar factura recurrente"
DELETE_TEXT = (
    "¿Borrar la factura recurrente de {cliente}? Ya no se emitirá; las facturas que ya emitió "
    "no cambian."
)
RUNNING = "Emitiendo las facturas pendientes…"
