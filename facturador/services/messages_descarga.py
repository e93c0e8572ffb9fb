"""Spanish texts of the descarga masiva use cases (services.descarga) and their states."""

from __future__ import annotations

__all__ = ["REASONS", "STATE_LABELS", "TIPO_LABELS", "reason_message"]

REASONS = {
    "tipo": "Indique si desea descargar los CFDI emitidos o los recibidos.",
    "fecha": "La fecha «{value}» no es válida: escríbala como AAAA-MM-DD.",
    "desde_after_hasta": "La fecha inicial ({desde}) es posterior a la final ({hasta}).",
    "future": "La fecha final ({hasta}) es posterior a hoy: el SAT no tiene CFDI del futuro.",
    "too_old": (
        "El SAT entrega CFDI de los últimos seis años solamente: la fecha inicial ({desde}) "
        "es anterior a {limit}."
    ),
    "no_fiel": (
        "La empresa {rfc} no tiene su e.firma (FIEL) instalada. Instálela con «facturador "
        "certificado fiel ARCHIVO.cer ARCHIVO.key»: la descarga masiva del SAT no acepta el CSD."
    ),
    "is_csd": (
        "El certificado {no_certificado} es un Certificado de Sello Digital (CSD): la descarga "
        "masiva del SAT solo acepta la e.firma (FIEL). Use el .cer y .key de su e.firma."
    ),
    "rfc_mismatch": (
        "La e.firma es del RFC {certificate_rfc}, no de la empresa {company_rfc}. Elija la "
        "empresa correcta o use la e.firma de {company_rfc}."
    ),
    "no_password": (
        "No se encontró la contraseña de la e.firma {no_certificado} en el llavero del sistema. "
        "Vuelva a instalarla o indíquela con --password-file."
    ),
    "unknown_job": "No existe la solicitud de descarga {job}.",
    "unknown_package": "No existe el paquete descargado {package}.",
    "not_downloaded": "El paquete {package} aún no está descargado.",
}

STATE_LABELS = {
    "por_enviar": "Por enviar al SAT",
    "enviando": "Enviando al SAT",
    "aceptada": "Aceptada, el SAT la prepara",
    "terminada": "Lista, descargando paquetes",
    "descargada": "Descargada",
    "importada": "Importada",
    "sin_datos": "Sin CFDI en el periodo",
    "rechazada": "Rechazada por el SAT",
    "vencida": "Vencida en el SAT",
    "reemplazada": "Pedida de nuevo en dos mitades",
    "incompleta": "Descargada en parte",
}
TIPO_LABELS = {"emitidos": "Emitidos", "recibidos": "Recibidos"}

LOST_ANSWER_SPLIT = (
    "Se perdió la respuesta del SAT a esta solicitud y el SAT no admite pedir el mismo "
    "periodo otra vez; se pidió de nuevo en dos mitades ({first} y {second})."
)
TOO_MANY_SPLIT = "El periodo tiene más CFDI de los que el SAT entrega; se pidió en dos mitades."
CANNOT_SPLIT = "El periodo no puede dividirse más; solicite de nuevo más tarde."
PACKAGE_EXHAUSTED = (
    "El SAT ya entregó el paquete {package} dos veces sin que se guardara: solicite de nuevo "
    "el periodo."
)
EXPIRED = "La solicitud venció en el SAT (72 horas) antes de descargarse; solicítela de nuevo."
SAT_ERROR = "El SAT terminó la solicitud con error (código {code}); solicítela de nuevo."


def reason_message(reason: str, **values: object) -> str:
    return REASONS[reason].format(**values)


PACKAGE_IMPORTED = (
    "Paquete {paquete}: {nuevos} CFDI nuevos en Comprobantes recibidos, {repetidos} ya estaban."
)
