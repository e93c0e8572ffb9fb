"""Lote desde CSV/Excel on a real database: every row checked before anything is sealed,
problems by row and column, consecutive folios, every document in the queue."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import col, func, select

from facturador.models import Documento, read_session
from facturador.models.tables import Cliente
from facturador.sat.errors import InvalidInputError
from facturador.services.batch import check_batch, emit_batch
from facturador.services.context import Context
from tests.conftest import REPO
from tests.unit.services.batch_files import big_batch, write_csv, write_xlsx
from tests.unit.services.company_setup import NOW

EXAMPLE = REPO / "examples" / "lote.csv"
HEADER = (
    "documento;receptor_rfc;receptor_nombre;receptor_cp;receptor_regimen;uso_cfdi;"
    "forma_pago;clave_prod_serv;cantidad;clave_unidad;descripcion;valor_unitario;iva"
)
GOOD = "CACX7605101P8;XOCHILT CASAS CHAVEZ;36257;612;G03;03"
# Rows 2..9 of a cp1252, semicolon CSV; rows 3, 5, 6, 7 and 9 are wrong, one thing each.
FIVE_BAD_ROWS = [
    f"A;{GOOD};01010101;2;H87;Cañón de árbol;1,234.50;16%",
    f"B;{GOOD};99999999;1;H87;Clave que no existe;100.00;16%",  # unknown ClaveProdServ
    f"B;{GOOD};01010101;1;H87;Fila buena de un documento malo;100.00;16%",
    f"C;{GOOD};01010101;12,5;H87;Coma decimal;100.00;16%",  # decimal comma
    "D;CACX76051;XOCHILT CASAS CHAVEZ;36257;612;G03;03;01010101;1;H87;RFC mal;100;16%",
    f"E;{GOOD};01010101;1;H87;Tasa que no existe;100.00;17%",  # IVA 17 %
    f"F;{GOOD};01010101;1;H87;Otra buena;50;exento",
    f"G;{GOOD};01010101;1;H87;;50;16%",  # no Descripción
]


@pytest.fixture
def ctx(engine, company, secrets, tmp_path):
    return Context(engine, secrets, clock=lambda: NOW, data_dir_=tmp_path)


def _documents(engine) -> list[tuple[int, str]]:
    with read_session(engine) as session:
        rows = session.exec(select(Documento).order_by(col(Documento.id))).all()
        return [(d.folio or 0, d.state) for d in rows]


def _five_bad_rows(tmp_path):
    path = tmp_path / "lote_con_errores.csv"
    path.write_bytes("\r\n".join([HEADER, *FIVE_BAD_ROWS, ""]).encode("cp1252"))
    return path


def test_the_example_file_is_checked_clean_and_emitted_with_consecutive_folios(ctx, engine):
    report = check_batch(ctx, EXAMPLE)
    assert report.problems == ()
    assert [(d.key, d.filas, d.conceptos) for d in report.documents] == [
        ("F-001", (2, 3), 2), ("F-002", (4,), 1), ("F-003", (5,), 1)]  # fmt: skip
    # 2 x 1,234.50 + 15,000 - 500 descuento, IVA 16 %
    assert report.documents[0].total == Decimal("19684.04")
    emission = emit_batch(ctx, report)
    assert emission.error == ""
    assert [(e.key, e.serie, e.folio) for e in emission.emitted] == [
        ("F-001", "A", 1), ("F-002", "A", 2), ("F-003", "A", 3)]  # fmt: skip
    assert _documents(engine) == [(1, "EN_COLA"), (2, "EN_COLA"), (3, "EN_COLA")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_thousand_rows_make_300_documents_all_queued_with_folios_1_to_300(
    ctx, engine, tmp_path, fmt
):
    table = big_batch(300, 1_000)
    if fmt == "csv":
        path = write_csv(table, tmp_path / "lote.csv", encoding="cp1252", delimiter=";")
    else:
        path = write_xlsx(table, tmp_path / "lote.xlsx")
    report = check_batch(ctx, path)
    assert report.problems == ()
    assert (report.filas, len(report.valid)) == (1_000, 300)
    seen = []
    emission = emit_batch(ctx, report, progress=lambda done, total: seen.append((done, total)))
    assert [e.folio for e in emission.emitted] == list(range(1, 301))
    assert [e.key for e in emission.emitted] == [f"D-{n:04d}" for n in range(1, 301)]
    assert seen[-1] == (300, 300)
    assert _documents(engine) == [(n, "EN_COLA") for n in range(1, 301)]


def test_five_bad_rows_are_each_reported_by_row_and_column_and_nothing_is_sealed(
    ctx, engine, tmp_path
):
    report = check_batch(ctx, _five_bad_rows(tmp_path))
    places = [(p.fila, p.columna, p.documento) for p in report.problems]
    assert places == [
        (3, "clave_prod_serv", "B"),
        (5, "cantidad", "C"),
        (6, "receptor_rfc", "D"),
        (7, "iva", "E"),
        (9, "descripcion", "G"),
    ]
    messages = [p.mensaje for p in report.problems]
    assert "99999999" in messages[0]
    assert "coma decimal" in messages[1]
    assert "CACX76051" in messages[2]
    assert "0.170000" in messages[3]
    assert messages[4] == "Está vacío; es obligatorio."
    assert [d.key for d in report.valid] == ["A", "F"]  # B's good row 4 does not make B valid
    with pytest.raises(InvalidInputError) as caught:
        emit_batch(ctx, report)
    assert "5 problema(s) en 5 documento(s): no se emitió nada" in caught.value.message
    assert _documents(engine) == []


def test_the_user_may_emit_only_the_valid_documents_of_a_batch_with_problems(ctx, engine, tmp_path):
    report = check_batch(ctx, _five_bad_rows(tmp_path))
    emission = emit_batch(ctx, report, only_valid=True)
    assert [(e.key, e.folio) for e in emission.emitted] == [("A", 1), ("F", 2)]
    assert emission.skipped == ("B", "C", "D", "E", "G")
    assert _documents(engine) == [(1, "EN_COLA"), (2, "EN_COLA")]


def test_a_missing_column_is_reported_on_the_header_and_nothing_is_read(ctx, tmp_path):
    path = tmp_path / "sin_columna.csv"
    path.write_text("documento,receptor_rfc,cantidad,clave_unidad,descripcion,valor_unitario\n"
                    "A,CACX7605101P8,1,H87,Algo,10\n", encoding="utf-8")  # fmt: skip
    report = check_batch(ctx, path)
    assert [(p.fila, p.columna) for p in report.problems] == [(1, "clave_prod_serv")]
    assert "Falta la columna «clave_prod_serv»" in report.problems[0].mensaje
    assert report.documents == ()


def test_the_receptor_comes_from_the_client_catalog_when_only_its_rfc_is_given(
    ctx, engine, tmp_path
):
    with ctx.write() as session:
        session.add(Cliente(empresa_id=ctx.company().id, rfc="URE180429TM6",
                            nombre="UNIVERSIDAD ROBOTICA ESPAÑOLA", regimen_fiscal_receptor="601",
                            domicilio_fiscal_receptor="65000", uso_cfdi="G03"))  # fmt: skip
        session.commit()
    path = tmp_path / "por_rfc.csv"
    path.write_text(
        "documento,receptor_rfc,forma_pago,clave_prod_serv,cantidad,clave_unidad,descripcion,"
        "valor_unitario\n1,URE180429TM6,03,80111600,1,E48,Asesoría,1000\n"
        "2,CACX7605101P8,03,80111600,1,E48,Asesoría,1000\n",
        encoding="utf-8",
    )
    report = check_batch(ctx, path)
    assert report.documents[0].nombre == "UNIVERSIDAD ROBOTICA ESPAÑOLA"
    assert report.documents[0].valid
    assert report.documents[0].total == Decimal("1160.00")
    not_a_client = {(p.fila, p.columna) for p in report.problems}
    assert not_a_client == {(3, "receptor_nombre"), (3, "receptor_cp"), (3, "receptor_regimen"),
                            (3, "uso_cfdi")}  # fmt: skip
    assert "CACX7605101P8 no está en su catálogo de clientes" in report.problems[0].mensaje


def test_two_rows_of_one_document_that_disagree_on_the_receptor_are_a_problem(ctx, tmp_path):
    path = tmp_path / "distintos.csv"
    path.write_text(
        f"{HEADER}\nA;{GOOD};01010101;1;H87;Uno;10;16%\n"
        "A;URE180429TM6;UNIVERSIDAD ROBOTICA ESPAÑOLA;65000;601;G03;03;01010101;1;H87;Dos;10;16%\n",
        encoding="utf-8",
    )
    report = check_batch(ctx, path)
    assert {(p.fila, p.columna) for p in report.problems} == {
        (3, "receptor_rfc"),
        (3, "receptor_nombre"),
        (3, "receptor_cp"),
        (3, "receptor_regimen"),
    }
    assert "la fila 2 del mismo documento dice «CACX7605101P8»" in report.problems[0].mensaje
    assert not report.documents[0].valid


def test_a_count_of_what_was_stored_shows_a_check_stores_nothing(ctx, engine):
    check_batch(ctx, EXAMPLE)
    with read_session(engine) as session:
        assert session.exec(select(func.count()).select_from(Documento)).one() == 0


def test_a_column_it_does_not_know_is_a_problem_not_silently_ignored(ctx, tmp_path):
    path = tmp_path / "mal_escrita.csv"
    path.write_text(f"{HEADER};decuento\nA;{GOOD};01010101;1;H87;Uno;100;16%;10\n",
                    encoding="utf-8")  # fmt: skip
    report = check_batch(ctx, path)
    assert [(p.fila, p.columna) for p in report.problems] == [(1, "")]
    assert "decuento" in report.problems[0].mensaje
    assert not report.ok
    assert [d.key for d in report.valid] == ["A"]  # emitting it is the user's choice


def test_the_example_workbook_says_what_the_example_csv_says(ctx):
    from_csv = check_batch(ctx, EXAMPLE)
    from_xlsx = check_batch(ctx, EXAMPLE.with_suffix(".xlsx"))
    assert from_xlsx.problems == ()
    assert from_xlsx.documents == from_csv.documents  # keys, rows, receptors, totals


def test_a_folio_taken_by_another_seat_between_chunks_is_sealed_again_with_its_own(
    ctx, engine, secrets
):
    from facturador.sat.xml_reader import parse_comprobante
    from facturador.services.companies import load_csd
    from facturador.services.emission import emit, emit_chunks

    report = check_batch(ctx, EXAMPLE)
    empresa = ctx.company()
    credential = load_csd(empresa, secrets, NOW)
    chunks = emit_chunks(engine, empresa, credential, [d.data for d in report.documents], NOW,
                         chunk=2)  # fmt: skip
    first = next(chunks)
    other = emit(engine, report.documents[0].data, secrets=secrets, now=NOW)  # another seat
    (last,) = next(chunks)  # its chunk was sealed for folio 3, which the other seat took
    assert [d.folio for d in first] == [1, 2]
    assert (other.folio, last.folio) == (3, 4)
    with read_session(engine) as session:
        stored = session.get(Documento, last.documento_id)
        assert parse_comprobante(stored.sealed_xml).folio == "4"


def test_retentions_are_applied_and_a_wrong_rate_is_shown_in_its_own_column(ctx, tmp_path):
    path = tmp_path / "retenciones.csv"
    receptor = "URE180429TM6,UNIVERSIDAD ROBOTICA ESPAÑOLA,65000,601,G03,03"
    path.write_text(
        "documento,receptor_rfc,receptor_nombre,receptor_cp,receptor_regimen,uso_cfdi,"
        "forma_pago,clave_prod_serv,cantidad,clave_unidad,descripcion,valor_unitario,iva,"
        f"ret_iva,ret_isr\n1,{receptor},80111600,1,E48,Asesoría,1000,16%,10.6667%,10%\n"
        f"2,{receptor},80111600,1,E48,Asesoría,1000,16%,10.6667%,40%\n",
        encoding="utf-8",
    )
    report = check_batch(ctx, path)
    assert report.documents[0].total == Decimal("953.33")  # 1,000 + 160 - 106.67 - 100
    assert [(p.fila, p.columna) for p in report.problems] == [(3, "ret_isr")]
    assert "0.400000" in report.problems[0].mensaje
