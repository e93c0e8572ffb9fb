"""Generar CFDI says where a problem is as the form shows it: the line and its column."""

from __future__ import annotations

from facturador.ui.pages._cfdi_findings import route_findings
from facturador.ui.widgets import concept_table as ct


def test_a_concepts_problem_names_its_line_and_column():
    findings = [
        ("Conceptos[2].Cantidad", "«» no es un número válido"),
        ("/cfdi:Comprobante/cfdi:Conceptos/cfdi:Concepto[1]/@ClaveProdServ", "no existe"),
        ("Receptor.UsoCFDI", "«D01» no se permite"),
    ]
    cells, fields, general = route_findings(findings)
    assert cells == {(2, ct.C_CANT): "«» no es un número válido", (0, ct.C_CLAVE): "no existe"}
    assert general == [
        f"Línea 3, {ct.HEADERS[ct.C_CANT]}: «» no es un número válido",
        f"Línea 1, {ct.HEADERS[ct.C_CLAVE]}: no existe",
    ]
    assert fields == {"uso": ["«D01» no se permite"]}
