"""Spanish text of the reconciliation with the SAT (services.reconciliation)."""

from __future__ import annotations

__all__ = ["KINDS", "ORIGENES", "REASONS", "WHAT_TO_DO"]

# kind -> the group's title, in the order the report shows them
KINDS = {
    "falta_aqui": "Timbrados en el SAT que no están aquí",
    "cancelado_en_sat": "Cancelados en el SAT, vigentes aquí",
    "vigente_en_sat": "Vigentes en el SAT, cancelados aquí",
    "ppd_sin_pago": "Facturas PPD sin complemento de pago",
    "emisor_69b": "Recibidos de emisores en la lista 69-B",
}

WHAT_TO_DO = {
    "falta_aqui_local": "Se perdió la respuesta del PAC: el documento {documento} aparece "
    "aquí como «{estado}» pero el SAT ya tiene su CFDI. Use «Consultar en el SAT» para "
    "recuperar el timbre; no lo vuelva a sellar.",
    "falta_aqui_otro": "El SAT tiene timbrado el documento {documento}, que aquí aparece como "
    "«{estado}». No lo vuelva a sellar: ábralo en Registros y consulte su estado en el SAT.",
    "falta_aqui": "Este CFDI emitido por su empresa no está en Registros. Revise si se timbró "
    "desde otro sistema; guarde su XML.",
    "cancelado_en_sat": "El SAT lo reporta cancelado ({origen}) y aquí sigue {estado}. Use "
    "«Consultar en el SAT» para confirmar su estado.",
    "vigente_en_sat": "Aquí está cancelado pero el SAT lo reporta vigente. Revise la "
    "cancelación en Registros y, si hace falta, solicítela de nuevo.",
    "ppd_sin_pago": "Factura en parcialidades o diferido con saldo de {saldo} {moneda} y "
    "ningún complemento de pago. Si ya le pagaron, genere el complemento de pago.",
    "emisor_69b": "El emisor está en la lista 69-B del SAT como «{situacion}». Sus CFDI no "
    "amparan operaciones: revise el CFDI con su contador antes de deducirlo.",
}

ORIGENES = {"recibidos": "consulta guardada en comprobantes recibidos",
            "cancelacion": "consulta de la solicitud de cancelación"}  # fmt: skip

REASONS = {
    "lista_ilegible": "no se pudo leer el archivo {archivo}: {detalle}",
    "lista_sin_columnas": "el archivo {archivo} no parece el Listado completo 69-B del SAT: "
    "no tiene las columnas RFC y Situación del contribuyente",
    "lista_vacia": "el archivo {archivo} no trae ningún contribuyente",
}
