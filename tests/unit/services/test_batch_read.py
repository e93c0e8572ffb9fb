"""Reading a batch file as Excel users write them: cp1252, semicolons, thousands, lost zeros."""

from __future__ import annotations

from decimal import Decimal

import pytest

from facturador.sat.errors import InvalidInputError
from facturador.services.batch_read import NumberError, normalize_header, parse_number, read_table
from tests.unit.services.batch_files import write_xlsx


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.50", "1234.50"),
        ("1,234,567", "1234567"),
        ("$ 1,234.50", "1234.50"),
        ("1234.5", "1234.5"),
        ("16%", "16"),
        (".5", "0.5"),
        ("-3", "-3"),
    ],
)
def test_numbers_use_the_point_and_commas_only_between_thousands(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1234,50", "1.234,50", "12,5", "1,23", "1,2345"])
def test_a_decimal_comma_is_refused_saying_so_not_guessed(text):
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert "coma decimal" in caught.value.reason
    assert text in caught.value.reason


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12..5", "1,2a", ""])
def test_what_is_not_a_number_says_so(text):
    with pytest.raises(NumberError, match="no es un número"):
        parse_number(text)


def test_headers_are_matched_without_case_accents_or_spacing():
    assert normalize_header("Clave Prod-Serv") == "clave_prod_serv"
    assert normalize_header("ClaveProdServ") == "clave_prod_serv"
    assert normalize_header("\ufeffDocumento") == "documento"
    assert normalize_header("Descripción") == "descripcion"
    assert normalize_header("RFC") == "receptor_rfc"
    assert normalize_header("UsoCFDI") == "uso_cfdi"


def test_an_excel_cp1252_csv_with_semicolons_is_read_with_its_accents(tmp_path):
    path = tmp_path / "lote.csv"
    path.write_bytes(
        "documento;descripción;valor_unitario\nA;Cañón de árbol;1,234.50\n".encode("cp1252")
    )
    table = read_table(path)
    assert table.encoding == "cp1252"
    assert table.delimiter == ";"
    assert table.rows == ({"documento": "A", "descripcion": "Cañón de árbol",
                           "valor_unitario": "1,234.50"},)  # fmt: skip


def test_utf8_with_bom_tabs_and_blank_lines_keep_the_file_row_numbers(tmp_path):
    path = tmp_path / "lote.txt"
    path.write_text(
        "documento\tclave_prod_serv\n\nA\t1010101\n\t\nB\t43211500\n", encoding="utf-8-sig"
    )
    table = read_table(path)
    assert table.delimiter == "\t"
    assert table.numbers == (3, 5)
    assert [r["clave_prod_serv"] for r in table.rows] == ["01010101", "43211500"]


def test_xlsx_numbers_come_back_as_the_text_the_user_typed_with_the_codes_zeros(tmp_path):
    header = ["documento", "clave_prod_serv", "receptor_cp", "forma_pago", "cantidad", "iva"]
    row = ["A", "01010101", "01000", "03", "2", "16%"]
    path = write_xlsx([[*header, "valor_unitario"], [*row, "0.1"]], tmp_path / "lote.xlsx")
    (row,) = read_table(path).rows
    assert row == {
        "documento": "A",
        "clave_prod_serv": "01010101",
        "receptor_cp": "01000",
        "forma_pago": "03",
        "cantidad": "2",
        "iva": "0.16",
        "valor_unitario": "0.1",
    }


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("lote.pdf", b"%PDF", "no es un archivo .csv ni .xlsx"),
        ("lote.xlsx", b"not a zip", "no es un libro de Excel"),
        ("lote.csv", b"", "El archivo está vacío"),
    ],
)
def test_an_unreadable_file_is_explained(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidInputError) as caught:
        read_table(path)
    assert expected in caught.value.message


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InvalidInputError, match="No existe el archivo"):
        read_table(tmp_path / "nada.csv")
