"""Spanish text for the errors of the services (store, secrets, companies, catalog data)."""

from __future__ import annotations

__all__ = ["ENTITY_NAMES", "FIELD_LABELS", "FIELD_REASONS", "field_message"]

FIELD_LABELS = {
    "rfc": "RFC",
    "nombre": "Nombre",
    "regimen_fiscal": "RégimenFiscal",
    "regimen_fiscal_receptor": "RégimenFiscalReceptor",
    "lugar_expedicion": "LugarExpedicion (código postal)",
    "domicilio_fiscal_receptor": "DomicilioFiscalReceptor (código postal)",
    "uso_cfdi": "UsoCFDI",
    "emails": "correo electrónico",
    "clave_prod_serv": "ClaveProdServ",
    "clave_unidad": "ClaveUnidad",
    "objeto_imp": "ObjetoImp",
    "valor_unitario": "ValorUnitario",
    "descripcion": "Descripción",
    "impuestos": "Impuestos",
    "serie": "Serie",
    "password": "Contraseña de la llave privada",
}

FIELD_REASONS = {
    "required": "es obligatorio.",
    "not_in_catalog": "«{value}» no existe en el catálogo del SAT.",
    "not_for_fisica": "«{value}» no aplica a personas físicas.",
    "not_for_moral": "«{value}» no aplica a personas morales.",
    "uso_not_for_regimen": "«{value}» no se permite con el régimen fiscal {detail}.",
    "generic_rfc_regimen": "con el RFC genérico {detail} debe ser 616 (Sin obligaciones fiscales).",
    "generic_rfc_uso": "con el RFC genérico {detail} debe ser S01 (Sin efectos fiscales).",
    "not_a_decimal": "«{value}» no es un importe válido.",
    "negative": "«{value}» no puede ser negativo.",
    "too_many_decimals": "«{value}» tiene más de seis decimales.",
    "invalid_email": "«{value}» no es un correo electrónico válido.",
    "too_long": "es demasiado largo (máximo {detail} caracteres).",
    "invalid": "«{value}» no es válido: {detail}",
}

ENTITY_NAMES = {
    "empresa": "la empresa",
    "cliente": "el cliente",
    "producto": "el producto",
    "documento": "el documento",
    "serie": "la serie",
    "certificado": "el certificado (CSD) de la empresa",
}

NO_ACTIVE_COMPANY = (
    "No hay una empresa activa. Agregue una con «facturador empresa agregar» o elija una con "
    "«facturador empresa usar RFC»."
)
CSD_RFC_MISMATCH = (
    "El certificado es del RFC {certificate_rfc}, pero la empresa es {company_rfc}. "
    "Instale el CSD de esta empresa."
)
SECRET_STORE_UNAVAILABLE = (
    "No hay un almacén seguro de contraseñas (llavero del sistema) disponible. "
    "La contraseña del CSD no se guardará: la aplicación se la pedirá una vez en cada sesión."
)
SECRET_NOT_FOUND = (
    "No se encontró la contraseña del CSD {no_certificado} en el llavero del sistema. "
    "Vuelva a instalar el certificado o escriba la contraseña."
)
BACKUP_POSTGRES = (
    "La base de datos es PostgreSQL: respáldela con pg_dump (y restáurela con pg_restore) "
    "en el servidor; Facturador solo respalda bases SQLite."
)
BACKUP_NOT_A_DATABASE = "El archivo {path} no es un respaldo válido de Facturador."
BACKUP_MISSING = "No existe el respaldo {path}."


def field_message(field: str, reason: str, value: object, detail: object) -> str:
    label = FIELD_LABELS.get(field, field)
    text = FIELD_REASONS.get(reason, FIELD_REASONS["invalid"])
    return f"{label}: " + text.format(value=value, detail=detail)
