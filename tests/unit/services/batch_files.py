"""Batch files (Lote desde CSV/Excel) for the tests and bench/lote.py: a big valid one, as
CSV or XLSX (numbers stored as Excel numbers, so codes lose their leading zeros there)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

HEADER = (
    "documento", "receptor_rfc", "receptor_nombre", "receptor_cp", "receptor_regimen",
    "uso_cfdi", "forma_pago", "metodo_pago", "clave_prod_serv", "no_identificacion",
    "cantidad", "clave_unidad", "descripcion", "valor_unitario", "iva",
)  # fmt: skip
RECEPTORS = (
    ("CACX7605101P8", "XOCHILT CASAS CHAVEZ", "36257", "612", "G03"),
    ("URE180429TM6", "UNIVERSIDAD ROBOTICA ESPAÑOLA", "65000", "601", "G03"),
)
PRODUCTS = (
    ("01010101", "Tornillo de acero inoxidable", "H87", "12.50", "16%"),
    ("43211500", "Computadora portátil", "H87", "15999.00", "16%"),
    ("80111600", "Servicio de consultoría", "E48", "850.00", "0.16"),
    ("50202306", "Refresco de cola 600 ml", "H87", "18.00", "0%"),
)


def big_batch(documents: int = 300, rows: int = 1_000) -> list[list[str]]:
    """`rows` rows (3 or 4 concepts each) making `documents` valid invoices, in order."""
    extra = rows - 3 * documents  # this many documents get a 4th concept
    assert 0 <= extra <= documents
    table = [list(HEADER)]
    for n in range(documents):
        rfc, nombre, cp, regimen, uso = RECEPTORS[n % len(RECEPTORS)]
        for line in range(4 if n < extra else 3):
            clave, descripcion, unidad, precio, iva = PRODUCTS[(n + line) % len(PRODUCTS)]
            cantidad = str(1 + (n * 7 + line) % 5)
            table.append([f"D-{n + 1:04d}", rfc, nombre, cp, regimen, uso, "03", "PUE", clave,
                          f"P-{line}", cantidad, unidad, f"{descripcion} ({line + 1})",
                          precio, iva])  # fmt: skip
    return table


def write_csv(table: list[list[str]], path: Path, *, encoding: str = "utf-8",
              delimiter: str = ",") -> Path:  # fmt: skip
    with path.open("w", encoding=encoding, newline="") as out:
        csv.writer(out, delimiter=delimiter).writerows(table)
    return path


def _excel_value(column: str, text: str) -> object:
    """What Excel stores when the user types `text`: numbers become numbers."""
    if column in ("documento", "receptor_rfc", "receptor_nombre", "descripcion", "clave_unidad",
                  "uso_cfdi", "metodo_pago", "no_identificacion"):  # fmt: skip
        return text
    if text.endswith("%"):
        return float(Decimal(text[:-1]) / 100)
    try:
        number = Decimal(text)
    except ArithmeticError:
        return text
    return (
        int(number) if number == number.to_integral_value() and "." not in text else float(number)
    )


def write_xlsx(table: list[list[str]], path: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Lote")
    header = table[0]
    sheet.append(header)
    for row in table[1:]:
        sheet.append([_excel_value(c, v) for c, v in zip(header, row, strict=True)])
    workbook.save(path)
    return path
