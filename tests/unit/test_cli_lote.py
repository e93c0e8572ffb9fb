"""`facturador lote importar` as the README shows it: the example file, --simular, a file
with problems (nothing emitted without --emitir-validos), XLSX, --json."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPO
from tests.unit.services.batch_files import big_batch, write_xlsx
from tests.unit.services.test_batch import FIVE_BAD_ROWS, HEADER
from tests.unit.test_cli_bad_inputs import CliCompany

EXAMPLE = REPO / "examples" / "lote.csv"


@pytest.fixture
def cli_company(shared_sat, capsys):
    return CliCompany(shared_sat, capsys)


def _bad_file(tmp_path):
    path = tmp_path / "errores.csv"
    path.write_bytes("\n".join([HEADER, *FIVE_BAD_ROWS]).encode("cp1252"))
    return path


def test_the_readme_example_is_emitted_with_consecutive_folios(cli_company):
    code, out, err = cli_company.run("lote", "importar", str(EXAMPLE), *cli_company.password)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "lote.csv: 4 fila(s) de conceptos, 3 documento(s): 3 sin problemas, 0 con problemas.",
        "Emitidos 3 documento(s), folios A-1 a A-3: en cola, se timbrarán al sincronizar.",
    ]
    assert [(r["folio"], r["estado"]) for r in cli_company.registros()] == [
        (3, "EN_COLA"), (2, "EN_COLA"), (1, "EN_COLA")]  # fmt: skip


def test_simular_reports_and_emits_nothing(cli_company):
    code, out, _ = cli_company.run("lote", "importar", str(EXAMPLE), "--simular")
    assert code == 0
    assert out.splitlines()[-1] == "Simulación: no se emitió nada."
    assert cli_company.registros() == []


def test_a_file_with_problems_names_each_and_emits_nothing_without_confirmation(
    cli_company, tmp_path
):
    code, out, err = cli_company.run("lote", "importar", str(_bad_file(tmp_path)),
                                     *cli_company.password)  # fmt: skip
    assert code == 1
    assert "8 fila(s) de conceptos, 7 documento(s): 2 sin problemas, 5 con problemas." in out
    lines = err.splitlines()
    assert lines[0].startswith("Fila 3, columna clave_prod_serv (documento B): ")
    assert lines[1].startswith("Fila 5, columna cantidad (documento C): «12,5» usa coma decimal")
    assert lines[2].startswith("Fila 6, columna receptor_rfc (documento D): ")
    assert lines[3].startswith("Fila 7, columna iva (documento E): ")
    assert lines[4] == "Fila 9, columna descripcion (documento G): Está vacío; es obligatorio."
    assert lines[5].startswith("No se emitió nada")
    assert cli_company.registros() == []


def test_emitir_validos_emits_the_documents_without_problems(cli_company, tmp_path):
    argv = ("lote", "importar", str(_bad_file(tmp_path)), "--emitir-validos", "--json")
    code, out, _ = cli_company.run(*argv, *cli_company.password)
    assert code == 1  # the file still had problems
    result = json.loads(out)
    assert result["emitidos"] == 2
    emitted = [(d["documento"], d["folio"]) for d in result["documentos"] if "folio" in d]
    assert emitted == [("A", 1), ("F", 2)]
    assert [p["fila"] for p in result["problemas"]] == [3, 5, 6, 7, 9]
    assert sorted(r["folio"] for r in cli_company.registros()) == [1, 2]


def test_an_xlsx_batch_is_emitted_like_the_csv(cli_company, tmp_path):
    path = write_xlsx(big_batch(20, 70), tmp_path / "lote.xlsx")
    code, out, _ = cli_company.run("lote", "importar", str(path), "--json",
                                   *cli_company.password)  # fmt: skip
    assert code == 0
    result = json.loads(out)
    assert [d["folio"] for d in result["documentos"]] == list(range(1, 21))
    assert {d["estado"] for d in result["documentos"]} == {"EN_COLA"}
    assert len(cli_company.registros()) == 20


def test_a_file_that_is_not_a_spreadsheet_is_one_spanish_line(cli_company, tmp_path):
    path = tmp_path / "lote.pdf"
    path.write_bytes(b"%PDF-1.7")
    code, _, err = cli_company.run("lote", "importar", str(path))
    assert code == 1
    assert (
        err
        == "Error: «lote.pdf» no es un archivo .csv ni .xlsx: guárdelo en uno de esos formatos.\n"
    )
