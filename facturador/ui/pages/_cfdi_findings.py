"""Where Generar CFDI shows each finding of SAT's rules: a concept's cell, a field, or the
message under the form (what no field of the form holds)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from facturador.ui.widgets import concept_table as ct

__all__ = ["route_findings"]

_CONCEPTO = re.compile(r"Concepto\w*\[(\d+)\]")
_COLUMNS = {
    "Cantidad": ct.C_CANT,
    "ClaveUnidad": ct.C_UNIDAD,
    "ClaveProdServ": ct.C_CLAVE,
    "Descripcion": ct.C_DESC,
    "ValorUnitario": ct.C_VALOR,
    "Descuento": ct.C_DESCUENTO,
    "Retenciones": ct.C_RET,
}
_FIELDS = (
    ("UsoCFDI", "uso"),
    ("Receptor", "client"),
    ("FormaPago", "forma"),
    ("MetodoPago", "metodo"),
    ("TipoCambio", "tipo_cambio"),
    ("Moneda", "moneda"),
    ("CfdiRelacionado", "relation"),
    ("TipoRelacion", "relation"),
    ("Serie", "serie"),
    ("InformacionGlobal", "global"),
)


def route_findings(
    findings: Iterable[tuple[str, str]],
) -> tuple[dict[tuple[int, int], str], dict[str, list[str]], list[str]]:
    """(ruta, mensaje) pairs -> messages by concept cell, by field box, and the rest."""
    cells: dict[tuple[int, int], str] = {}
    fields: dict[str, list[str]] = {}
    general: list[str] = []
    for ruta, mensaje in findings:
        concepto = _CONCEPTO.search(ruta)
        attribute = re.split(r"[@./]", ruta)[-1]
        if concepto is not None:
            index = int(concepto.group(1)) - (1 if "cfdi:" in ruta else 0)
            column = next((c for k, c in _COLUMNS.items() if k in ruta), ct.C_IVA)
            cells[(index, column)] = mensaje
            general.append(f"Línea {index + 1}, {ct.HEADERS[column]}: {mensaje}")
            continue
        key = next((box for name, box in _FIELDS if name in ruta), None)
        if key is None or (key == "client" and attribute == "UsoCFDI"):
            key = "uso" if attribute == "UsoCFDI" else key
        if key is None:
            general.append(mensaje)
        else:
            fields.setdefault(key, []).append(mensaje)
    return cells, fields, general
