"""Reading a batch file (Lote desde CSV/Excel): rows of text cells keyed by column name.

CSV: the encoding is UTF-8 (with or without BOM) or, when the bytes are not UTF-8, Windows'
cp1252 (what Excel in Spanish writes as «CSV»); the delimiter is the one of `,` `;` or tab
that splits the header line into the most columns. XLSX: the first sheet, values as stored
(`data_only`: a formula gives its last computed value).

Headers are normalized (lower case, no accents, spaces and dashes as `_`), so «Clave Prod
Serv», «clave_prod_serv» and «ClaveProdServ» name the same column; `ALIASES` adds the Anexo
20 names. Every cell is text: an Excel number is written without a trailing `.0`, and the
codes of a fixed width (ClaveProdServ 8, código postal 5, régimen 3, FormaPago 2, ...) get
back the leading zeros Excel drops (01000 stored as 1000).

Numbers (`parse_number`): the decimal separator is the point; a comma may only separate
thousands in groups of three («1,234.50»); «$», spaces and a trailing «%» are ignored. A
comma used as the decimal separator («1234,50», «1.234,50») is refused with a message that
says so, never guessed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from facturador.sat.errors import InvalidInputError
from facturador.services import messages_lote as msg

__all__ = [
    "CODE_WIDTHS",
    "BatchTable",
    "NumberError",
    "normalize_header",
    "parse_number",
    "read_table",
]

# Column -> width of the SAT code it holds: digits shorter than that get leading zeros.
CODE_WIDTHS = {
    "clave_prod_serv": 8,
    "receptor_cp": 5,
    "receptor_regimen": 3,
    "forma_pago": 2,
    "objeto_imp": 2,
    "exportacion": 2,
}

# Other spellings of the columns (normalized): the Anexo 20 names, and common short ones.
ALIASES = {
    "claveprodserv": "clave_prod_serv",
    "clave_producto": "clave_prod_serv",
    "noidentificacion": "no_identificacion",
    "claveunidad": "clave_unidad",
    "valorunitario": "valor_unitario",
    "precio_unitario": "valor_unitario",
    "precio": "valor_unitario",
    "objetoimp": "objeto_imp",
    "descripcion_concepto": "descripcion",
    "rfc": "receptor_rfc",
    "rfc_receptor": "receptor_rfc",
    "nombre": "receptor_nombre",
    "nombre_receptor": "receptor_nombre",
    "domiciliofiscalreceptor": "receptor_cp",
    "codigo_postal": "receptor_cp",
    "cp_receptor": "receptor_cp",
    "regimenfiscalreceptor": "receptor_regimen",
    "regimen_receptor": "receptor_regimen",
    "regimen_fiscal": "receptor_regimen",
    "usocfdi": "uso_cfdi",
    "uso": "uso_cfdi",
    "formapago": "forma_pago",
    "metodopago": "metodo_pago",
    "tipocambio": "tipo_cambio",
    "condicionesdepago": "condiciones_pago",
    "tipodecomprobante": "tipo",
    "tasa_iva": "iva",
    "doc": "documento",
    "factura": "documento",
}

_DELIMITERS = (",", ";", "\t")
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN = re.compile(r"\d+(\.\d+)?|\.\d+")
_DECIMAL_COMMA = re.compile(r"\d{1,3}(\.\d{3})*,\d+|\d+,\d{1,2}")


@dataclass(frozen=True, slots=True)
class BatchTable:
    """The file's columns (normalized, in file order) and its data rows. `rows[i]` is the
    file's row `numbers[i]` (the header is row 1; empty lines are skipped, not renumbered)."""

    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    numbers: tuple[int, ...]
    encoding: str = "utf-8"
    delimiter: str = ","


class NumberError(ValueError):
    """A cell that is not a number by the documented rule; `reason` is the Spanish text."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def normalize_header(text: str) -> str:
    """«Clave Prod-Serv» -> «clave_prod_serv»; an Anexo 20 name -> its column (ALIASES)."""
    plain = unicodedata.normalize("NFKD", text.strip().lstrip("\ufeff"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = re.sub(r"[\s\-./]+", "_", plain).strip("_")
    return ALIASES.get(plain, ALIASES.get(plain.replace("_", ""), plain))


def parse_number(text: str) -> Decimal:
    """The number a cell holds by the module's rule, or NumberError saying why not."""
    raw = text.strip().replace("$", "").replace(" ", "").replace("\u00a0", "")
    raw = raw.removesuffix("%")
    negative = raw.startswith("-")
    body = raw[1:] if negative else raw
    if _GROUPED.fullmatch(body):
        body = body.replace(",", "")
    elif not _PLAIN.fullmatch(body):
        if _DECIMAL_COMMA.fullmatch(body):
            raise NumberError(msg.DECIMAL_COMMA.format(value=text.strip()))
        raise NumberError(msg.NOT_A_NUMBER.format(value=text.strip()))
    try:
        value = Decimal(body)
    except InvalidOperation as error:  # pragma: no cover - the patterns admit only digits
        raise NumberError(msg.NOT_A_NUMBER.format(value=text.strip())) from error
    return -value if negative else value


def _pad(column: str, value: str) -> str:
    width = CODE_WIDTHS.get(column)
    if width and value.isdigit() and len(value) < width:
        return value.zfill(width)
    return value


def _cell_text(value: object) -> str:
    """An XLSX cell as the text the user sees (12 not 12.0, 0.16 not 0.16000000000000003)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        exact = Decimal(repr(value))
        return str(int(exact)) if exact == exact.to_integral_value() else format(exact, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _table(lines: Iterable[list[str]], encoding: str, delimiter: str) -> BatchTable:
    header: tuple[str, ...] | None = None
    rows: list[dict[str, str]] = []
    numbers: list[int] = []
    for number, cells in enumerate(lines, start=1):
        texts = [c.strip() for c in cells]
        if not any(texts):
            continue
        if header is None:
            header = tuple(normalize_header(t) for t in texts)
            continue
        row = {}
        for column, text in zip(header, texts, strict=False):
            if column and text:
                row[column] = _pad(column, text)
        rows.append(row)
        numbers.append(number)
    if header is None:
        raise InvalidInputError(msg.EMPTY_FILE)
    return BatchTable(tuple(c for c in header if c), tuple(rows), tuple(numbers),
                      encoding, delimiter)  # fmt: skip


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _read_csv(data: bytes) -> BatchTable:
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError as error:
        raise InvalidInputError(msg.BAD_ENCODING) from error
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _table(reader, encoding, delimiter)


def _read_xlsx(path: Path) -> BatchTable:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as error:
        raise InvalidInputError(msg.BAD_XLSX.format(archivo=path.name)) from error
    try:
        sheet = workbook.worksheets[0]
        lines = ([_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True))
        return _table(lines, "xlsx", "")
    finally:
        workbook.close()


def read_table(path: Path | str) -> BatchTable:
    """The rows of a .csv (or .txt) or .xlsx file; InvalidInputError (Spanish) if unreadable."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise InvalidInputError(msg.UNKNOWN_FORMAT.format(archivo=path.name))
    if not path.is_file():
        raise InvalidInputError(msg.NO_FILE.format(archivo=path))
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInputError(
            msg.UNREADABLE.format(archivo=path, motivo=error.strerror)
        ) from error
    return _read_csv(data)
