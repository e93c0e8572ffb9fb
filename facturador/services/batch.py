"""Lote desde CSV/Excel: one row per concept, grouped into documents, checked, then emitted.

`check_batch` reads the file (`batch_read`), groups its rows by the `documento` column (in
the order each document first appears), builds each document's JSON input (the Emisor and
LugarExpedicion are the active company's; the receptor's data come from the row or, when
only its RFC is given, from the client catalog) and runs every offline check of Generar
(`preview.preview`: SAT's catalogs, the RFC, the receptor's rules, the XSD). Every problem
is reported with its row and column; nothing is stored.

`emit_batch` emits the documents of a checked batch through `emission.emit_chunks`
(build, SAT's rules, seal, SAT's XSD on the sealed bytes, store, queue, in chunks): the
folios of a serie are consecutive, each document ends EN_COLA. A batch with problems is
refused whole unless the user chose to emit only its valid documents (`only_valid`).

Columns: see README («Lote desde CSV/Excel») and `COLUMNS` here. Document-level columns
may be repeated on every row of a document or written only on its first row; two rows of
one document that disagree are a problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from facturador.models.tables import Cliente
from facturador.sat.errors import FacturadorError, InvalidInputError
from facturador.services import messages_lote as msg
from facturador.services.batch_read import BatchTable, NumberError, parse_number, read_table
from facturador.services.pac_clock import sealing_now
from facturador.services.preview import preview

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.emission import EmittedDocument

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "BatchDocument",
    "BatchEmission",
    "BatchProblem",
    "BatchReport",
    "check_batch",
    "emit_batch",
]

# Document-level column -> the Anexo 20 attribute it fills, and its default.
DOCUMENT_COLUMNS: dict[str, tuple[str, str | None]] = {
    "serie": ("Serie", None),
    "tipo": ("TipoDeComprobante", "I"),
    "forma_pago": ("FormaPago", None),
    "metodo_pago": ("MetodoPago", "PUE"),
    "moneda": ("Moneda", "MXN"),
    "tipo_cambio": ("TipoCambio", None),
    "exportacion": ("Exportacion", "01"),
    "condiciones_pago": ("CondicionesDePago", None),
}
RECEPTOR_COLUMNS = {
    "receptor_rfc": "Rfc",
    "receptor_nombre": "Nombre",
    "receptor_cp": "DomicilioFiscalReceptor",
    "receptor_regimen": "RegimenFiscalReceptor",
    "uso_cfdi": "UsoCFDI",
}
CONCEPT_COLUMNS = {
    "clave_prod_serv": "ClaveProdServ",
    "no_identificacion": "NoIdentificacion",
    "cantidad": "Cantidad",
    "clave_unidad": "ClaveUnidad",
    "unidad": "Unidad",
    "descripcion": "Descripcion",
    "valor_unitario": "ValorUnitario",
    "descuento": "Descuento",
    "objeto_imp": "ObjetoImp",
}
TAX_COLUMNS = ("iva", "ret_iva", "ret_isr")
COLUMNS = (
    "documento",
    *DOCUMENT_COLUMNS,
    *RECEPTOR_COLUMNS,
    *CONCEPT_COLUMNS,
    *TAX_COLUMNS,
)
REQUIRED_COLUMNS = (
    "documento",
    "receptor_rfc",
    "clave_prod_serv",
    "cantidad",
    "clave_unidad",
    "descripcion",
    "valor_unitario",
)
_REQUIRED_CELLS = frozenset(REQUIRED_COLUMNS)
_NUMBER_COLUMNS = ("cantidad", "valor_unitario", "descuento", "tipo_cambio")
_RECEPTOR_FROM_CLIENT = {
    "receptor_nombre": "nombre",
    "receptor_cp": "domicilio_fiscal_receptor",
    "receptor_regimen": "regimen_fiscal_receptor",
    "uso_cfdi": "uso_cfdi",
}
_CONCEPTO = re.compile(r"Concepto\w*\[(\d+)\]")
_RETENCION = re.compile(r"Retencion\w*\[(\d+)\]")
# An attribute named in a finding -> the column that holds it.
_ATTRIBUTE_COLUMN = {
    **{attr: column for column, attr in CONCEPT_COLUMNS.items()},
    **{attr: column for column, attr in RECEPTOR_COLUMNS.items()},
    **{attr: column for column, (attr, _) in DOCUMENT_COLUMNS.items()},
    "Receptor": "receptor_rfc",
}


@dataclass(frozen=True, slots=True)
class BatchProblem:
    """One problem of the file: `fila` is the file's row (1 = the column names), `columna`
    the column ("" for the whole row or file), `documento` the document key of the row."""

    fila: int
    columna: str
    mensaje: str
    documento: str = ""


@dataclass(frozen=True, slots=True)
class BatchDocument:
    """One document of the batch: its rows, what it will say, and whether it may be emitted."""

    key: str
    filas: tuple[int, ...]
    rfc: str
    nombre: str
    conceptos: int
    total: Decimal | None
    moneda: str
    valid: bool
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class BatchReport:
    """The checked batch: its documents (in file order) and every problem found."""

    archivo: str
    filas: int
    documents: tuple[BatchDocument, ...]
    problems: tuple[BatchProblem, ...]

    @property
    def valid(self) -> tuple[BatchDocument, ...]:
        return tuple(d for d in self.documents if d.valid)

    @property
    def invalid(self) -> tuple[BatchDocument, ...]:
        return tuple(d for d in self.documents if not d.valid)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.documents)


@dataclass(frozen=True, slots=True)
class EmittedBatchDocument:
    key: str
    documento_id: int
    serie: str
    folio: int
    total: Decimal
    moneda: str
    state: str


@dataclass(frozen=True, slots=True)
class BatchEmission:
    """What `emit_batch` emitted (in file order) and what it left out (documents with
    problems, or a failure while emitting: `error`)."""

    emitted: tuple[EmittedBatchDocument, ...]
    skipped: tuple[str, ...]
    error: str = ""


# ------------------------------------------------------------------ checking


# What a bad number is checked as, so that SAT's rules still look at the rest of its row
# (the document is invalid anyway: the cell's own problem is reported).
_STAND_IN = "1"


class _Rows:
    """The problems found so far, and helpers to read cells into them."""

    def __init__(self) -> None:
        self.problems: list[BatchProblem] = []

    def add(self, fila: int, columna: str, mensaje: str, documento: str = "") -> None:
        self.problems.append(BatchProblem(fila, columna, mensaje, documento))

    def number(self, row: Mapping[str, str], fila: int, column: str, key: str) -> str | None:
        text = row.get(column)
        if text is None:
            return None
        try:
            value = parse_number(text)
        except NumberError as error:
            self.add(fila, column, error.reason, key)
            return _STAND_IN
        if value < 0:
            self.add(fila, column, msg.NEGATIVE.format(value=text), key)
            return _STAND_IN
        if column == "cantidad" and value == 0:
            self.add(fila, column, msg.NOT_POSITIVE.format(value=text), key)
            return _STAND_IN
        return str(value)


def _rate(text: str, *, iva: bool) -> Decimal | str | None:
    """16% / 0.16 / 16 -> Decimal("0.16"); «exento» / «no objeto» for IVA; None if bad."""
    word = text.strip().lower().replace("_", " ")
    if iva and word in ("exento", "exenta", "ex"):
        return "exento"
    if iva and word in ("no objeto", "no", "n/a", "sin iva"):
        return "no objeto"
    try:
        value = parse_number(text)
    except NumberError:
        return None
    if text.strip().endswith("%") or value >= 1:
        value = value / 100
    if not Decimal(0) <= value < 1:
        return None
    return value


def _tax(impuesto: str, value: Decimal) -> dict[str, str]:
    return {"Impuesto": impuesto, "TipoFactor": "Tasa", "TasaOCuota": f"{value:.6f}"}


def _taxes(rows: _Rows, row: Mapping[str, str], fila: int, key: str) -> tuple[dict[str, Any], bool]:
    """The concept's Impuestos from the iva / ret_iva / ret_isr cells, and whether the IVA
    cell says «no objeto» (ObjetoImp 01)."""
    traslados: list[dict[str, str]] = []
    retenciones: list[dict[str, str]] = []
    iva_text = row.get("iva", "16%")
    iva = _rate(iva_text, iva=True)
    if iva is None:
        rows.add(fila, "iva", msg.BAD_IVA.format(value=iva_text), key)
        iva = Decimal("0.16")
    elif iva == "exento":
        traslados.append({"Impuesto": "002", "TipoFactor": "Exento"})
    elif isinstance(iva, Decimal):
        traslados.append(_tax("002", iva))
    for column, impuesto in (("ret_iva", "002"), ("ret_isr", "001")):
        if column not in row:
            continue
        rate = _rate(row[column], iva=False)
        if not isinstance(rate, Decimal):
            rows.add(fila, column, msg.BAD_RATE.format(value=row[column]), key)
        elif rate:
            retenciones.append(_tax(impuesto, rate))
    taxes: dict[str, Any] = {}
    if traslados:
        taxes["Traslados"] = traslados
    if retenciones:
        taxes["Retenciones"] = retenciones
    return taxes, iva == "no objeto"


def _concept(rows: _Rows, row: Mapping[str, str], fila: int, key: str) -> dict[str, Any]:
    concept: dict[str, Any] = {}
    for column, attr in CONCEPT_COLUMNS.items():
        if column in _NUMBER_COLUMNS:
            value = rows.number(row, fila, column, key)
        else:
            value = row.get(column)
        if column in _REQUIRED_CELLS and column not in row:
            rows.add(fila, column, msg.REQUIRED, key)
        if value is not None:
            concept[attr] = value
    taxes, no_objeto = _taxes(rows, row, fila, key)
    concept.setdefault("ObjetoImp", "01" if no_objeto else "02")
    if concept["ObjetoImp"] == "02" and taxes:
        concept["Impuestos"] = taxes
    return concept


@dataclass
class _Group:
    key: str
    filas: list[int] = field(default_factory=list)
    rows: list[Mapping[str, str]] = field(default_factory=list)
    # column -> (value, the row that first gave it)
    header: dict[str, tuple[str, int]] = field(default_factory=dict)


def _groups(table: BatchTable, rows: _Rows) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for fila, row in zip(table.numbers, table.rows, strict=True):
        key = row.get("documento", "").strip()
        if not key:
            rows.add(fila, "documento", msg.REQUIRED)
            continue
        group = groups.setdefault(key, _Group(key))
        group.filas.append(fila)
        group.rows.append(row)
        for column in (*DOCUMENT_COLUMNS, *RECEPTOR_COLUMNS):
            value = row.get(column)
            if value is None:
                continue
            if column == "receptor_rfc":
                value = value.upper()
            first = group.header.get(column)
            if first is None:
                group.header[column] = (value, fila)
            elif first[0] != value:
                rows.add(fila, column, msg.DIFFERS.format(value=value, fila=first[1],
                                                          first=first[0]), key)  # fmt: skip
    return list(groups.values())


def _clients(ctx: Context, rfcs: Iterable[str]) -> dict[str, Cliente]:
    """The company's clients by RFC (the first registered, for a repeated generic RFC)."""
    wanted = sorted(set(rfcs))
    found: dict[str, Cliente] = {}
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        for start in range(0, len(wanted), 500):
            query = select(Cliente).where(
                Cliente.empresa_id == empresa.id,
                col(Cliente.rfc).in_(wanted[start : start + 500]),
            )
            for cliente in session.exec(query.order_by(col(Cliente.id))):
                found.setdefault(cliente.rfc, cliente)
    return found


def _receptor(rows: _Rows, group: _Group, clients: Mapping[str, Cliente]) -> dict[str, str]:
    receptor: dict[str, str] = {}
    rfc = group.header.get("receptor_rfc", ("", group.filas[0]))[0]
    cliente = clients.get(rfc)
    for column, attr in RECEPTOR_COLUMNS.items():
        stated = group.header.get(column)
        if stated is not None:
            receptor[attr] = stated[0]
            continue
        if column == "receptor_rfc":
            rows.add(group.filas[0], column, msg.REQUIRED, group.key)
        elif cliente is not None:
            receptor[attr] = str(getattr(cliente, _RECEPTOR_FROM_CLIENT[column]))
        elif rfc:
            rows.add(group.filas[0], column, msg.NOT_IN_CLIENTS.format(rfc=rfc), group.key)
    if cliente is not None and "receptor_nombre" not in group.header:
        if cliente.residencia_fiscal:
            receptor["ResidenciaFiscal"] = cliente.residencia_fiscal
        if cliente.num_reg_id_trib:
            receptor["NumRegIdTrib"] = cliente.num_reg_id_trib
    return receptor


def _document_input(
    rows: _Rows, group: _Group, clients: Mapping[str, Cliente], company: Mapping[str, Any]
) -> dict[str, Any]:
    data: dict[str, Any] = dict(company)
    for column, (attr, default) in DOCUMENT_COLUMNS.items():
        stated = group.header.get(column)
        if column == "tipo_cambio" and stated is not None:
            value = rows.number({column: stated[0]}, stated[1], column, group.key)
            if value is not None:
                data[attr] = value
        elif stated is not None:
            data[attr] = stated[0].upper() if column != "condiciones_pago" else stated[0]
        elif default is not None:
            data[attr] = default
    if "FormaPago" not in data and data.get("MetodoPago") == "PPD":
        data["FormaPago"] = "99"  # por definir: a PPD invoice is paid later
    data["Receptor"] = _receptor(rows, group, clients)
    data["Conceptos"] = [
        _concept(rows, row, fila, group.key)
        for row, fila in zip(group.rows, group.filas, strict=True)
    ]
    return data


def _retention_column(ruta: str, concept: Mapping[str, Any]) -> str:
    """ret_iva or ret_isr: the column of the concept's retention a finding names."""
    found = _RETENCION.search(ruta)
    retenciones = concept.get("Impuestos", {}).get("Retenciones", [])
    if found is None or not retenciones:
        return "ret_iva"
    index = int(found.group(1)) - (1 if "cfdi:" in ruta else 0)
    impuesto = retenciones[min(max(index, 0), len(retenciones) - 1)].get("Impuesto")
    return "ret_isr" if impuesto == "001" else "ret_iva"


def _finding_place(ruta: str, group: _Group, data: Mapping[str, Any]) -> tuple[int, str]:
    """The row and column a finding of SAT's rules is about."""
    concepto = _CONCEPTO.search(ruta)
    attribute = re.split(r"[@./]", ruta)[-1]
    attribute = re.sub(r"\[\d+\]$", "", attribute)
    if concepto is not None:
        index = int(concepto.group(1)) - (1 if "cfdi:" in ruta else 0)
        index = min(max(index, 0), len(group.filas) - 1)
        fila = group.filas[index]
        if "Retencion" in ruta:
            column = _retention_column(ruta, data["Conceptos"][index])
        elif "Traslado" in ruta or "Impuesto" in attribute or attribute == "TasaOCuota":
            column = "iva"
        else:
            column = _ATTRIBUTE_COLUMN.get(attribute, "")
        return fila, column
    column = _ATTRIBUTE_COLUMN.get(attribute, "")
    if not column and "Receptor" in ruta:
        column = "receptor_rfc"
    stated = group.header.get(column)
    return (stated[1] if stated else group.filas[0]), column


def _company_part(ctx: Context) -> dict[str, Any]:
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        return {
            "Emisor": {"Rfc": empresa.rfc, "Nombre": empresa.nombre,
                       "RegimenFiscal": empresa.regimen_fiscal},
            "LugarExpedicion": empresa.lugar_expedicion,
        }  # fmt: skip


def check_batch(ctx: Context, path: Path | str) -> BatchReport:
    """Read and check a batch file; nothing is stored. InvalidInputError (Spanish) when the
    file cannot be read at all; every other problem is in the report, by row and column."""
    table = read_table(path)
    name = Path(path).name
    rows = _Rows()
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    for column in missing:
        rows.add(1, column, msg.MISSING_COLUMN.format(columna=column))
    unknown = [c for c in table.columns if c not in COLUMNS]
    if unknown:
        rows.add(1, "", msg.UNKNOWN_COLUMNS.format(columnas=", ".join(unknown)))
    if missing:
        return BatchReport(name, len(table.rows), (), tuple(rows.problems))
    if not table.rows:
        rows.add(2, "", msg.NO_ROWS)
        return BatchReport(name, 0, (), tuple(rows.problems))
    groups = _groups(table, rows)
    company = _company_part(ctx)
    clients = _clients(ctx, (g.header["receptor_rfc"][0] for g in groups
                             if "receptor_rfc" in g.header))  # fmt: skip
    now = sealing_now(ctx.clock)
    documents = []
    for group in groups:
        data = _document_input(rows, group, clients, company)
        own = [p for p in rows.problems if p.documento == group.key]
        seen = {(p.fila, p.columna) for p in own} | {p.mensaje for p in own}
        result = preview(data, now)
        for ruta, mensaje in result.findings:
            fila, column = _finding_place(ruta, group, data)
            # a cell already reported, or the same fact again (a tax and its total): once
            if (fila, column) not in seen and mensaje not in seen:
                seen |= {(fila, column), mensaje}
                rows.add(fila, column, mensaje, group.key)
        valid = not any(p.documento == group.key for p in rows.problems)
        receptor = data["Receptor"]
        documents.append(
            BatchDocument(
                key=group.key,
                filas=tuple(group.filas),
                rfc=receptor.get("Rfc", ""),
                nombre=receptor.get("Nombre", ""),
                conceptos=len(group.rows),
                total=result.total if result is not None and valid else None,
                moneda=str(data.get("Moneda", "MXN")),
                valid=valid,
                data=data,
            )
        )
    problems = sorted(rows.problems, key=lambda p: (p.fila, list(COLUMNS).index(p.columna)
                                                    if p.columna in COLUMNS else -1))  # fmt: skip
    return BatchReport(name, len(table.rows), tuple(documents), tuple(problems))


# ------------------------------------------------------------------ emitting


def emit_batch(
    ctx: Context,
    report: BatchReport,
    *,
    only_valid: bool = False,
    password: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchEmission:
    """Seal and queue the checked batch's documents, in file order (see the module's doc).

    A batch with problems emits nothing (InvalidInputError) unless `only_valid`; then the
    documents with problems are left out (`skipped`). The CSD password comes from the
    secret store, or `password` for this run only.
    """
    from facturador.services.companies import load_csd
    from facturador.services.emission import emit_chunks

    if report.problems and not only_valid:
        counts = {"problemas": len(report.problems), "documentos": len(report.invalid)}
        raise InvalidInputError(msg.HAS_PROBLEMS.format(**counts))
    chosen = report.valid
    if not chosen:
        raise InvalidInputError(msg.NOTHING_VALID)
    now = sealing_now(ctx.clock)
    empresa = ctx.company()
    credential = load_csd(empresa, ctx.secrets, now, password)
    done: list[EmittedDocument] = []
    error = ""
    inputs = [d.data for d in chosen]
    try:
        for part in emit_chunks(ctx.engine, empresa, credential, inputs, now):
            done.extend(part)
            if progress is not None:
                progress(len(done), len(inputs))
    except FacturadorError as failure:
        failed = chosen[len(done)].key if len(done) < len(chosen) else ""
        error = msg.EMIT_FAILED.format(documento=failed, motivo=failure.message)
    emitted = tuple(
        EmittedBatchDocument(key=d.key, documento_id=e.documento_id, serie=e.serie,
                             folio=e.folio, total=e.total, moneda=e.moneda, state=e.state)
        for d, e in zip(chosen, done, strict=False)
    )  # fmt: skip
    return BatchEmission(emitted, tuple(d.key for d in report.invalid), error)
