"""How the GUI names each field and what it says instead of a command line.

The services' FieldError names its field by the service's name ("regimen_fiscal_receptor");
the CLI prints SAT's attribute (services.messages.FIELD_LABELS), the window says it as its
form labels it (FIELD_LABELS here, keyed by the same names). A sentence written for the
terminal that tells the user to run a command reaches the window with the place in the
window to go instead (CLI_HINTS, applied by the error funnel, ui.errors).
"""

from __future__ import annotations

import re

from facturador.ui import messages as M

__all__ = ["CLI_HINTS", "FIELD_LABELS", "FIELD_REASONS", "FORM_PROBLEMS", "gui_sentence"]

FIELD_LABELS = {
    "rfc": M.RFC,
    "nombre": M.RAZON_SOCIAL,
    "regimen_fiscal": M.REGIMEN,
    "regimen_fiscal_receptor": M.CLIENT_REGIMEN,
    "lugar_expedicion": M.CP_EXPEDICION,
    "domicilio_fiscal_receptor": M.CLIENT_CP,
    "uso_cfdi": M.CLIENT_USO,
    "emails": M.CLIENT_EMAILS,
    "residencia_fiscal": M.CLIENT_RESIDENCIA,
    "num_reg_id_trib": M.CLIENT_NUM_REG,
    "clave_prod_serv": M.PRODUCT_CLAVE,
    "clave_unidad": M.PRODUCT_UNIDAD_CLAVE,
    "objeto_imp": M.PRODUCT_OBJETO,
    "valor_unitario": M.PRODUCT_PRICE,
    "descripcion": M.PRODUCT_DESCRIPTION,
    "impuestos": M.PRODUCT_TAX,
    "serie": "Serie",
    "password": M.KEY_PASSWORD,
}

# Reasons whose services text names a SAT attribute: the GUI's words.
FIELD_REASONS = {
    "required_with_num_reg_id_trib": "es obligatorio cuando registra el número de registro fiscal.",
    "not_a_decimal": "«{value}» no es un importe válido: escriba solo números, p. ej. 1250.50.",
}

FORM_PROBLEMS = "Revise {n} campo(s) marcados: {fields}."

_CORREO = "la configuración del correo (Configuración → Correo)"
# (pattern of a command in a services sentence, what the window says instead)
CLI_HINTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\s*\(?«?facturador enviar --configurar»?\)?"), f" en {_CORREO}"),
    (
        re.compile(
            r"Agregue una con «facturador empresa agregar» o elija una con «facturador "
            r"empresa usar RFC»\."
        ),
        "Agréguela con «Nueva empresa…» (arriba a la derecha) o elíjala en «Empresa».",
    ),
    (re.compile(r", o «facturador retirar [^»]*»"), " en Registros CFDI"),
    (re.compile(r"«facturador sustituir»"), "«Sustituir» en Registros CFDI"),
    (
        re.compile(r"\(«facturador refechar [^»]*» ?o Registros CFDI → Fechar de nuevo\)"),
        "(Registros CFDI → Fechar de nuevo)",
    ),
    (re.compile(r", o «facturador refechar [^»]*»"), ""),
    (
        re.compile(r"; luego repita con «--confirmo-no-timbrado»"),
        "; luego confírmelo en Registros CFDI → Fechar de nuevo",
    ),
    (re.compile(r"\s*\(?«?facturador respaldo restaurar[^»)]*»?\)?"), ""),
    (re.compile(r"«Restaurar un respaldo…» en la aplicación, o\s*\)"), "«Restaurar un respaldo…»)"),
    (re.compile(r"«Restaurar un respaldo…» en la aplicación, o;"), "«Restaurar un respaldo…»;"),
    (re.compile(r"Elija otra carpeta con «--destino DIR»"), "Elija otra carpeta en Respaldos"),
    (re.compile(r"indique uno con --correo o agréguelo al cliente"), "agréguelo en Clientes"),
    (re.compile(r" \(--sustituye UUID\)"), " (elíjalo en el diálogo de cancelación)"),
    (re.compile(r" o use «--datos DIR» con una carpeta suya"), ""),
]


def gui_sentence(text: str) -> str:
    """A services sentence as the window says it: no command to run, the page instead."""
    for pattern, replacement in CLI_HINTS:
        text = pattern.sub(replacement, text)
    return text
