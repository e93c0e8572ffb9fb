"""Between Generar CFDI's widgets and the JSON input format: read the form, fill it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from facturador.services.discounts import resolve_percent_discounts
from facturador.services.errors import FieldError
from facturador.services.receptors import needs_informacion_global
from facturador.ui.pages._cfdi_complemento import COMERCIO_EXTERIOR, explain

if TYPE_CHECKING:
    from facturador.services.views import DocumentRow
    from facturador.ui.pages.cfdi import CfdiPage

__all__ = ["SEP", "TRASLADO", "company_receptor", "fill_form", "read_form"]

SEP = " — "
TRASLADO = "T"
_SIN_MONEDA = "XXX"


def company_receptor(page: CfdiPage) -> dict[str, str] | None:
    """The receptor of a traslado of the company's own goods: the company itself."""
    company = page.ctx.company
    if company is None:
        return None
    return {
        "Rfc": company.rfc,
        "Nombre": company.nombre,
        "DomicilioFiscalReceptor": company.lugar_expedicion,
        "RegimenFiscalReceptor": company.regimen_fiscal,
    }


def _as_traslado(data: dict[str, Any], *, exported: bool) -> None:
    """A traslado carries no payment and no taxes (Anexo 20, tipo T), nor a currency unless
    the goods go abroad (Comercio Exterior asks for the goods' currency)."""
    for key in ("FormaPago", "MetodoPago"):
        data.pop(key, None)
    if not exported:
        data.pop("TipoCambio", None)
        data["Moneda"] = _SIN_MONEDA
    for concepto in data["Conceptos"]:
        concepto.pop("Impuestos", None)
        concepto.pop("Descuento", None)
        concepto["ObjetoImp"] = "01"


def _add_complemento(page: CfdiPage, data: dict[str, Any]) -> None:
    """The section's Complemento (page.complement_problem says what it still misses)."""
    page.complement_problem = ""
    section = page.complement
    if not section.kind():
        return
    try:
        complemento = section.complemento(data, page.chosen_client(), page.products)
    except FieldError as error:
        page.complement_problem = explain(error)
        return
    if COMERCIO_EXTERIOR in complemento:
        data["Exportacion"] = "02"
    data["Complemento"] = complemento


def read_form(page: CfdiPage) -> dict[str, Any]:
    """The JSON input the form describes (services.preview and services.issuing take it)."""
    company = page.ctx.company
    moneda = page.moneda_edit.code() or "MXN"
    data: dict[str, Any] = {
        "Serie": page.serie_edit.text().strip() or "A",
        "TipoDeComprobante": page.tipo_combo.code(),
        "Exportacion": "01",
        "FormaPago": page.forma_combo.code(),
        "MetodoPago": page.metodo_combo.code(),
        "Moneda": moneda,
    }
    if moneda != "MXN" and page.tipo_cambio_edit.text().strip():
        data["TipoCambio"] = page.tipo_cambio_edit.text().strip()
    if company is not None:
        data["LugarExpedicion"] = company.lugar_expedicion
        data["Emisor"] = {
            "Rfc": company.rfc,
            "Nombre": company.nombre,
            "RegimenFiscal": company.regimen_fiscal,
        }
    receptor = dict(page.receptor or {"Rfc": "", "Nombre": ""})
    receptor["UsoCFDI"] = page.uso_edit.code()
    data["Receptor"] = receptor
    if needs_informacion_global(receptor, data["TipoDeComprobante"]):
        data["InformacionGlobal"] = page.global_row.value()
    uuids = [u.strip().upper() for u in page.relation_edit.text().split(",") if u.strip()]
    if page.relation_combo.code() and uuids:
        data["CfdiRelacionados"] = [
            {
                "TipoRelacion": page.relation_combo.code(),
                "CfdiRelacionado": [{"UUID": u} for u in uuids],
            }
        ]
    data["Conceptos"] = resolve_percent_discounts(page.concepts.concepts(), moneda)
    if data["TipoDeComprobante"] == TRASLADO:
        _as_traslado(data, exported=page.complement.kind() == COMERCIO_EXTERIOR)
    _add_complemento(page, data)
    return data


def fill_form(
    page: CfdiPage,
    data: dict[str, Any],
    *,
    draft_id: int | None = None,
    substitutes: str | None = None,
    rejected: DocumentRow | None = None,
) -> None:
    """Fill the form from a JSON input (draft, duplicate, correction or substitution)."""
    page.clear()
    page.draft_id = draft_id
    page.substitutes = substitutes
    page.rejected = rejected
    page.tipo_combo.set_code(str(data.get("TipoDeComprobante", "I")))
    page.serie_edit.setText(str(data.get("Serie", "A")))
    page.forma_combo.set_code(str(data.get("FormaPago", "03")))
    page.metodo_combo.set_code(str(data.get("MetodoPago", "PUE")))
    page.moneda_edit.setText(str(data.get("Moneda", "MXN")))
    page.tipo_cambio_edit.setText(str(data.get("TipoCambio", "")))
    receptor = dict(data.get("Receptor") or {})
    page.uso_edit.setText(str(receptor.pop("UsoCFDI", "")))
    if receptor.get("Rfc"):
        page.receptor = {k: str(v) for k, v in receptor.items()}
        page.client_edit.setText(f"{receptor.get('Nombre', '')}{SEP}{receptor['Rfc']}")
    groups = data.get("CfdiRelacionados") or []
    if substitutes:
        groups = [{"TipoRelacion": "04", "CfdiRelacionado": [{"UUID": substitutes}]}]
    if groups:
        group = groups[0]
        page.relation_combo.set_code(str(group.get("TipoRelacion", "")))
        items = group.get("CfdiRelacionado") or []
        page.relation_edit.setText(", ".join(str(i.get("UUID", i)) for i in items))
    page.concepts.set_concepts(list(data.get("Conceptos") or []))
    page.global_row.set_value(data.get("InformacionGlobal"))
    page.complement.load(data.get("Complemento") or {}, list(data.get("Conceptos") or []))
    if rejected is not None:
        page.result.show_state(
            f"Corrección de {rejected.name}, rechazado por el PAC: al pulsar Generar se "
            "sella de nuevo con el mismo folio y se envía a timbrar.",
            "info",
        )
    if substitutes:
        page.result.show_state(
            f"Sustitución de {substitutes}: corrija lo necesario y pulse Generar. "
            "Al timbrarse, el comprobante anterior se cancela con motivo 01.",
            "info",
        )
    page.recompute()
    page.flow.mark_clean()
