"""Spanish text of the inbox of received CFDIs (services.recibidos): import outcomes, errors."""

from __future__ import annotations

__all__ = ["DIRECCIONES", "ESTADO_PENDIENTE", "LIMPIEZA", "REASONS", "XLSX_HEADERS", "XLSX_TITLE"]

REASONS = {
    "sin_uuid": "no está timbrado: no tiene TimbreFiscalDigital con UUID",
    "ajeno": "no es de ninguna de sus empresas (emisor {emisor}, receptor {receptor})",
    "duplicado": "ya estaba en comprobantes recibidos (UUID {uuid})",
    "duplicado_lote": "repetido en esta importación (UUID {uuid}, también en {otro})",
    "uuid_invalido": "el UUID del TimbreFiscalDigital («{uuid}») no es un folio fiscal válido",
    "total_enorme": "su Total ({total}) es mayor que el de cualquier CFDI posible",
    "sin_fuentes": "no indicó archivos, carpetas ni ZIP que importar",
    "no_encontrado": "no existe el comprobante {id} en comprobantes recibidos de esta empresa",
    "no_imprimible": "el CFDI {version} solo se puede consultar; la representación impresa "
    "se genera para CFDI 4.0",
    "pdf_fallo": "no se pudo generar la representación impresa: {detalle}",
    "consulta_interrumpida": "la consulta al SAT se detuvo después de {hechos} de {total}: "
    "{detalle}. Los demás siguen pendientes; inténtelo de nuevo más tarde.",
}

# A known defect of some XML the SAT delivers, cleaned only to read it (the original is kept).
LIMPIEZA = (
    "El XML trae xmlns:schemaLocation en lugar de xsi:schemaLocation (defecto conocido de "
    "archivos del SAT): se corrigió solo para leerlo; el archivo se guarda sin cambios."
)

DIRECCIONES = {"recibido": "Recibido", "emitido": "Emitido"}
ESTADO_PENDIENTE = "Sin consultar"

XLSX_TITLE = "Comprobantes recibidos"
XLSX_HEADERS = (
    "UUID", "Dirección", "Versión", "Tipo", "Fecha", "RFC emisor", "Nombre emisor",
    "RFC receptor", "Nombre receptor", "Total", "Moneda", "Válido", "Errores", "Estado SAT",
    "Es cancelable", "Estatus cancelación", "EFOS", "Consultado", "Origen",
)  # fmt: skip
