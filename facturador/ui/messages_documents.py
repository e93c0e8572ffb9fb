"""Spanish texts of the document pages and dialogs: Generar CFDI (the summary before
issuing, discarding edits), Generar complemento de pagos (its related-document lines) and the
cancel dialog (the substitute picker, why the button is disabled)."""

from __future__ import annotations

# -- Generar CFDI: the summary before issuing ------------------------------------------------
SUMMARY_TITLE = "Confirmar y generar"
SUMMARY_TEXT = "Revise los datos principales antes de sellar y enviar a timbrar:"
SUMMARY_RECEPTOR = "Receptor"
SUMMARY_TIPO = "Tipo de comprobante"
SUMMARY_TOTAL = "Total"
SUMMARY_FORMA = "Forma de pago"
SUMMARY_METODO = "Método de pago"
SUMMARY_MONEDA = "Moneda"
SUMMARY_RELACION = "CFDI relacionados"
SUMMARY_NOTE = "Al generar se asigna el folio y el comprobante ya no se puede editar."
SUMMARY_GENERATE = "Generar"
SUMMARY_BACK = "Volver a editar"

# -- Generar CFDI: Nuevo with unsaved edits --------------------------------------------------
DISCARD_TITLE = "Nuevo comprobante"
DISCARD_QUESTION = "¿Descartar los cambios de este comprobante?"
DISCARD_DETAIL = (
    "Lo capturado no se ha guardado ni generado. Si lo descarta, se pierde. Para conservarlo, "
    "pulse «Seguir editando» y después «Guardar borrador»."
)
DISCARD_CONFIRM = "Descartar cambios"
DISCARD_KEEP = "Seguir editando"

# -- Generar complemento de pagos: related documents -----------------------------------------
PAYMENT_LINE_HEADERS = (
    "Factura",
    "Parcialidad",
    "Saldo anterior",
    "Importe pagado",
    "Saldo insoluto",
    "UUID",
)
PAYMENT_REMOVE = "Quitar"
PAYMENT_REMOVE_TIP = "Quitar del pago el documento relacionado seleccionado (tecla Supr)"
PAYMENT_PICK_AND_AMOUNT = "Elija la factura y el importe pagado."
PAYMENT_DUPLICATE = "Esa factura ya está en este pago."
PAYMENT_READY = "Listo: pulse Emitir."
PAYMENT_REMOVED = "Se quitó la factura {name} del pago."
PAYMENT_NO_LINES = "Agregue al menos un documento relacionado para emitir el pago."
PAYMENT_LINES_EXCEED_MONTO = (
    "Los documentos relacionados ya suman {applied}, más que el monto de {monto}: quite o "
    "corrija alguno antes de cambiar el monto."
)
PAYMENT_OVER_SALDO = "Excede el saldo pendiente de la factura ({saldo})."
PAYMENT_OVER_MONTO = "Excede lo que queda por aplicar del pago ({left})."
PAYMENT_EDIT_TIP = "Doble clic para corregir el importe pagado"

# -- Cancelar: the substitute and why the button is disabled ---------------------------------
CANCEL_PICK_SUBSTITUTE = "Elegir de los comprobantes timbrados…"
CANCEL_PICK_LOADING = "Buscando los comprobantes timbrados…"
CANCEL_PICK_NONE = "No hay otros comprobantes timbrados de esta empresa."
CANCEL_PICK_ITEM = "{name} · {fecha} · {receptor} · {total}"
CANCEL_PICK_RELATED = "{item} · lo sustituye (04)"
CANCEL_PREFILLED = (
    "{name} se emitió en sustitución de este comprobante (relación 04): se propone el "
    "motivo 01 con su UUID."
)
CANCEL_WHY_CONFIRM = "Marque la casilla de confirmación para solicitar la cancelación."
CANCEL_WHY_FOLIO = "Con el motivo 01 indique el UUID del comprobante que sustituye a este."
CANCEL_WHY_FOLIO_LENGTH = "El UUID de sustitución debe tener 36 caracteres (8-4-4-4-12)."
CANCEL_WHY_SENDING = "Registrando la solicitud…"
CANCEL_FOLIO_HINT = "Solo para el motivo 01."
CANCEL_UUID_LENGTH = "Un UUID tiene 36 caracteres (8-4-4-4-12)."

# -- Registros: «Enviar pendientes ahora» --------------------------------------------------
SEND_NOW = "Enviar pendientes ahora"
SENDING_NOW = "Enviando los pendientes al PAC…"
SENT_NO_COMPANY = "Primero configure una empresa: no hay nada que enviar."
SENT_STAMPED = "Se timbraron {n} comprobante(s)."
SENT_REJECTED = "El PAC rechazó {n} comprobante(s): vea el motivo en Registros."
SENT_CANCELLATIONS = "Se enviaron o resolvieron {n} cancelación(es)."
SENT_EMAILS = "Se enviaron {n} correo(s)."
SENT_NOTHING = "No había comprobantes pendientes de enviar."
SENT_NONE = "No se pudo timbrar ningún comprobante."
SENT_WAITING = "{n} sigue(n) en la cola y se reintentará(n) automáticamente."
SENT_PAUSED = "Motivo: {reason}."
