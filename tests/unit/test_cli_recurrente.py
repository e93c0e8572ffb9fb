"""`facturador recurrente ...` and `sincronizar` issuing what is due, as a user runs them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from facturador.sat.fecha import fecha_expedicion
from tests.unit.services.company_setup import company_input
from tests.unit.test_cli_bad_inputs import CliCompany


@pytest.fixture
def cli_company(shared_sat, capsys):
    return CliCompany(shared_sat, capsys)


def test_create_list_pause_resume_delete(cli_company, tmp_path):
    archivo = tmp_path / "renta.json"
    archivo.write_text(json.dumps(company_input()), encoding="utf-8")
    code, out, err = cli_company.run(
        "recurrente", "crear", str(archivo), "--dia", "1", "--cada-meses", "2",
        "--hasta", "2030-12-31",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("Factura recurrente 1 guardada:")
    assert "cada 2 meses, día 1 hasta el 31/12/2030" in out
    code, out, _ = cli_company.run("recurrente", "lista", "--json")
    (row,) = json.loads(out)
    assert (row["id"], row["dia"], row["cada_meses"], row["estado"]) == (1, 1, 2, "Activa")
    assert cli_company.run("recurrente", "pausar", "1")[0] == 0
    assert json.loads(cli_company.run("recurrente", "lista", "--json")[1])[0]["estado"] == (
        "En pausa"
    )
    assert cli_company.run("recurrente", "reanudar", "1")[0] == 0
    code, _, _ = cli_company.run("recurrente", "editar", "1", "--dia", "15", "--sin-fin")
    (row,) = json.loads(cli_company.run("recurrente", "lista", "--json")[1])
    assert (code, row["dia"], row["hasta"]) == (0, 15, None)
    code, _, err = cli_company.run("recurrente", "crear", str(archivo), "--dia", "40")
    assert (code, err) == (1, "Error: El día del mes debe ser un número del 1 al 31 "
                              "(usted indicó 40).\n")  # fmt: skip
    code, _, err = cli_company.run("recurrente", "crear", str(archivo), "--dia", "1",
                                   "--hasta", "31/12/2030")  # fmt: skip
    assert code == 1
    assert "AAAA-MM-DD" in err
    assert cli_company.run("recurrente", "borrar", "1")[0] == 0
    assert cli_company.run("recurrente", "lista")[1] == "No hay facturas recurrentes.\n"
    code, _, err = cli_company.run("recurrente", "borrar", "1")
    assert (code, err) == (1, "Error: No existe la factura recurrente «1».\n")


def test_sincronizar_issues_today_s_invoice_and_stamps_it(cli_company, tmp_path):
    today = fecha_expedicion("42501", datetime.now(UTC)).date()
    archivo = tmp_path / "renta.json"
    archivo.write_text(json.dumps(company_input()), encoding="utf-8")
    assert cli_company.run("recurrente", "crear", str(archivo), "--dia", str(today.day))[0] == 0
    code, out, err = cli_company.run("sincronizar", "--json", *cli_company.password)
    assert (code, err) == (0, "")
    result = json.loads(out)
    (issued,) = result["recurrentes"]["emitidas"]
    assert issued["fecha_programada"] == today.isoformat()
    assert issued["fecha"].startswith(today.isoformat())
    assert issued["fuera_de_plazo"] is False
    assert [s["folio"] for s in result["timbrados"]] == [issued["folio"]]
    code, out, _ = cli_company.run("sincronizar", *cli_company.password)
    assert "Factura recurrente" not in out  # nothing twice
    assert [r["folio"] for r in cli_company.registros()] == [1]
