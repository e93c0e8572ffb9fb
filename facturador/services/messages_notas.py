"""Spanish text of notas de venta (tickets) and the factura global (usted)."""

from __future__ import annotations

__all__ = [
    "GLOBAL_NOT_SENT",
    "GLOBAL_PROCEDURE",
    "GLOBAL_REJECTED",
    "PERIODICIDAD_NAMES",
    "STATUS_LABELS",
    "TICKET_REASONS",
]

STATUS_LABELS = {
    "pendiente": "Pendiente",
    "en_global": "En factura global",
    "facturada": "Facturada al cliente",
}

PERIODICIDAD_NAMES = {
    "01": "Diario",
    "02": "Semanal",
    "03": "Quincenal",
    "04": "Mensual",
    "05": "Bimestral",
}

# What the app does when a ticket already in a factura global is invoiced to a named
# customer: the SAT's procedure for cancellation motivo 04.
GLOBAL_PROCEDURE = (
    "Esta nota ya está en la factura global {global_}. Según el procedimiento del SAT"
    " (motivo de cancelación 04, «Operación nominativa relacionada en una factura global»),"
    " se solicitará la cancelación de esa factura global con motivo 04, se emitirá una nueva"
    " factura global del mismo periodo sin esta nota y después la factura a nombre del"
    " cliente."
)

GLOBAL_NOT_SENT = (
    "Esta nota está en la factura global {global_}, que aún no se envía al PAC: se retirará"
    " de la cola, se emitirá una nueva factura global del mismo periodo sin esta nota y"
    " después la factura a nombre del cliente."
)
GLOBAL_REJECTED = (
    "Esta nota está en la factura global {global_}, que el PAC rechazó: se sellará de nuevo"
    " con el mismo folio sin esta nota y después se emitirá la factura a nombre del cliente."
)

TICKET_REASONS = {
    "no_lines": "La nota de venta no tiene productos: agregue al menos uno.",
    "lines_not_list": "«Lineas» debe ser una lista de productos.",
    "line_not_object": "El producto {detail} de la nota debe ser un objeto JSON.",
    "no_product": "Indique el producto {detail}: su número de catálogo («Producto») o su"
    " «NoIdentificacion».",
    "unknown_product": "El producto {detail} no está en el catálogo de la empresa. Agréguelo"
    " en Catálogos > Productos y servicios o corrija la clave.",
    "bad_quantity": "La cantidad del producto {detail} debe ser un número mayor que cero.",
    "bad_price": "El precio del producto {detail} debe ser un número mayor que cero, con a lo"
    " más dos decimales.",
    "unsupported_tax": "El producto {detail} lleva impuestos que una nota de venta no admite"
    " (solo IVA trasladado: tasa 16 %, 8 %, 0 % o exento; sin retenciones). Use Generar CFDI"
    " para esta venta.",
    "taxes_missing": "El producto {detail} es objeto de impuesto (ObjetoImp 02) pero no tiene"
    " impuestos en el catálogo. Corrija el producto.",
    "zero_total": "El total de la nota de venta es cero: no hay nada que registrar.",
    "bad_forma_pago": "La forma de pago «{detail}» no es válida para una nota de venta: use una"
    " clave del catálogo c_FormaPago del SAT (01 efectivo, 04 tarjeta de crédito, 28 tarjeta"
    " de débito…), no 99.",
    "bad_fecha": "La fecha de la nota «{detail}» no es válida: use AAAA-MM-DDThh:mm:ss.",
    "future_fecha": "La fecha de la nota ({detail}) es posterior a hoy.",
    "not_found": "No existe la nota de venta número {detail}.",
    "already_invoiced": "La nota de venta {detail} ya se facturó al cliente.",
    # the factura global
    "bad_periodicidad": "La periodicidad «{detail}» no es válida: use 01 diario, 02 semanal,"
    " 03 quincenal, 04 mensual o 05 bimestral.",
    "bimestral_regimen": "La periodicidad 05 (bimestral) solo la puede usar una empresa en el"
    " régimen 621 (Incorporación Fiscal).",
    "bad_meses": "Con periodicidad {detail} el mes debe ser {allowed}.",
    "bad_anio": "El año {detail} no es válido: la factura global debe ser de este año o del"
    " anterior.",
    "bad_dia": "Indique un día válido del mes para la periodicidad {detail}.",
    "future_period": "El periodo {detail} aún no empieza: no se puede emitir su factura global.",
    "empty_period": "No hay notas de venta pendientes de facturar en el periodo {detail}.",
    "global_busy": "La factura global {detail} se está enviando al PAC; espere a que se timbre"
    " (Sincronizar) y vuelva a intentarlo.",
    "global_state": "La factura global {detail} no se puede corregir en su estado actual"
    " ({allowed}).",
}
