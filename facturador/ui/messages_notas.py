"""Spanish text of the Notas de venta and Factura global pages (usted)."""

from __future__ import annotations

NOTAS_TITLE = "Notas de venta"
NOTAS_SUBTITLE = (
    "Registre las ventas al público en general sin factura. Cada nota lleva un número y"
    " un ticket para el cliente; las que nadie facture se incluyen en la factura global."
)
PRODUCT = "Producto"
PRODUCT_PLACEHOLDER = "Elija un producto del catálogo"
NO_PRODUCTS = "Aún no hay productos en el catálogo: agréguelos en Catálogos > Productos."
QUANTITY = "Cantidad"
ADD = "Agregar"
REMOVE = "Quitar"
FORMA_PAGO = "Forma de pago"
LINE_HEADERS = ("Producto", "Cantidad", "Precio", "Importe")
TOTALS = "Subtotal {subtotal}  ·  {taxes}  ·  Total {total}"
TOTAL_EMPTY = "Agregue productos a la nota."
RECORD = "Registrar nota"
RECORDED = "Nota de venta {numero} registrada: total {total}."
PRINT = "Guardar ticket PDF…"
INVOICE = "Facturar a un cliente…"
RECENT = "Notas registradas"
TICKET_HEADERS = ("Nota", "Fecha", "Total", "Forma de pago", "Estado", "Documento")
PICK_TICKET = "Elija una nota de la lista."
PDF_FILTER = "PDF (*.pdf)"
PDF_SAVED = "Ticket guardado en {path}."
BAD_QUANTITY = "Escriba una cantidad mayor que cero, por ejemplo 1 o 2.5."

INVOICE_TITLE = "Facturar la nota {numero}"
INVOICE_INTRO = "La factura se emite a nombre del cliente con los productos de la nota."
CLIENT = "Cliente"
NO_CLIENTS = "Aún no hay clientes: agréguelos en Catálogos > Clientes."
INVOICE_OK = "Emitir factura"
INVOICED = "Factura {invoice} de la nota {numero} en cola: se timbrará al sincronizar."
GLOBAL_ACTIONS = {
    "cancelada": " Se solicitó la cancelación de la factura global {old} con motivo 04",
    "retirada": " La factura global {old} se retiró de la cola",
    "corregida": " El PAC había rechazado la factura global {old}: se selló de nuevo sin esta nota",
}
NEW_GLOBAL = "; la nueva factura global, sin esta nota, es {new}."
NO_NEW_GLOBAL = "; no quedan otras notas en ella."

GLOBAL_TITLE = "Factura global"
GLOBAL_SUBTITLE = (
    "Factura a PUBLICO EN GENERAL (XAXX010101000) de las notas de venta pendientes del"
    " periodo: un concepto por nota, con su IVA. Se sella y queda en cola como cualquier"
    " factura."
)
DAY = "Día del periodo"
DAY_HINT = "Para periodicidad diaria, semanal o quincenal: un día que esté en el periodo."
SHOW = "Ver notas del periodo"
EMIT = "Emitir factura global"
GLOBAL_HEADERS = ("Nota", "Fecha", "Subtotal", "Impuestos", "Total")
KPI_COUNT = "Notas"
KPI_SUBTOTAL = "Subtotal"
KPI_TAXES = "Impuestos"
KPI_TOTAL = "Total"
PERIOD = "Periodo: {label}. Forma de pago de la factura: {forma} (la del mayor importe)."
NOTHING = "No hay notas pendientes en este periodo."
EMITTED = (
    "Factura global {serie}-{folio} de {count} notas ({label}) por {total} en cola: se timbrará"
    " al sincronizar."
)
CONFIRM_EMIT = "¿Emitir la factura global de {count} notas por {total}?"
