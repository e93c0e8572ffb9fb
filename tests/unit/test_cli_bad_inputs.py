"""Issue 21, points 9 and 10: `sellar` and `emitir` refuse what SAT (or XML) cannot take.

Each bad input gets one Spanish line naming the field; `emitir` stores nothing and takes
no folio (`registros` and the serie's next folio are unchanged), `sellar` writes no file.
"""

from __future__ import annotations

import copy
import json

import pytest

from facturador.cli import main
from facturador.models.engine import read_session
from facturador.services.folios import next_folio
from facturador.services.secrets import MemorySecretStore
from facturador.services.settings import open_engine
from tests.unit.sat.conftest import BASE_INPUT
from tests.unit.services.company_setup import company_input, install_test_company


class CliCompany:
    """A fresh data dir with SAT's test company and its CSD, driven through `main`."""

    def __init__(self, shared_sat, capsys) -> None:
        self.csd = shared_sat / "csd" / "csd_EKU9003173C9"
        self.capsys = capsys
        engine = open_engine()
        self.empresa_id = install_test_company(engine, shared_sat / "csd", MemorySecretStore()).id
        engine.dispose()
        self.password = ("--password-file", str(self.csd / "password.txt"))

    def run(self, *argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        return code, out, err

    def registros(self) -> list[dict[str, object]]:
        code, out, _ = self.run("registros", "--json")
        assert code == 0
        return json.loads(out)

    def next_folio(self, serie: str = "A") -> int:
        engine = open_engine()
        with read_session(engine) as session:
            folio = next_folio(session, self.empresa_id, serie) or 1  # None: not created yet
        engine.dispose()
        return folio


def _relacionado(uuid: str):
    return lambda d: d.update(CfdiRelacionados=[{"TipoRelacion": "04", "CfdiRelacionado": [uuid]}])


def _receptor(**fields):
    return lambda d: d["Receptor"].update(fields)


def _concepto(**fields):
    return lambda d: d["Conceptos"][0].update(fields)


# (id, change to a valid input, field the message names, words the message says)
BAD_INPUTS = [
    ("uuid-not-a-uuid", _relacionado("NOT-A-UUID"), "CfdiRelacionados[0].CfdiRelacionado[0]",
     "NOT-A-UUID"),
    ("uuid-z", _relacionado("ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ"),
     "CfdiRelacionados[0].CfdiRelacionado[0]", "no tiene el formato requerido"),
    ("rfc-spaces", _receptor(Rfc="CACX 760510 1P8"), "Receptor.Rfc", "el máximo es 13"),
    ("rfc-dashes", _receptor(Rfc="CACX-760510-1P8"), "Receptor.Rfc", "el máximo es 13"),
    ("rfc-short-dash", _receptor(Rfc="CAC-7605101P8"), "Receptor.Rfc", "formato"),
    ("nombre-too-long", _receptor(Nombre="X" * 301), "Receptor.Nombre", "el máximo es 300"),
    ("serie-26", lambda d: d.update(Serie="S" * 26), "Serie", "25"),
    ("descripcion-pipes", _concepto(Descripcion="Venta || otra"), "Conceptos[0].Descripcion",
     "no tiene el formato requerido"),
    ("descripcion-control", _concepto(Descripcion="Venta\x01\x0b"), "Conceptos[0].Descripcion",
     "carácter de control (U+0001)"),
    ("descripcion-nul", _concepto(Descripcion="Venta\x00"), "Conceptos[0].Descripcion",
     "carácter de control (U+0000)"),
    ("descripcion-10mb", _concepto(Descripcion="V" * 10_000_000), "Conceptos[0].Descripcion",
     "acórtelo"),
    ("descripcion-1001", _concepto(Descripcion="V" * 1001), "Conceptos[0].Descripcion",
     "el máximo es 1000"),
    ("valor-1e30", _concepto(ValorUnitario="1e30"), "Conceptos[0].ValorUnitario",
     "18 dígitos enteros"),
    ("valor-1e999999999", _concepto(ValorUnitario="1e999999999"),
     "Conceptos[0].ValorUnitario", "18 dígitos enteros"),
    ("cantidad-1e30", _concepto(Cantidad="1e30"), "Conceptos[0].Cantidad", "18 dígitos enteros"),
    ("importe-too-big", _concepto(Cantidad="999999999999", ValorUnitario="99999999999"),
     "Conceptos[0].ValorUnitario", "18 dígitos enteros"),
    ("valor-nan", _concepto(ValorUnitario="NaN"), "Conceptos[0].ValorUnitario",
     "no es un número válido"),
    ("valor-400-digits", _concepto(ValorUnitario="9" * 400), "Conceptos[0].ValorUnitario",
     "18 dígitos enteros"),
    ("emisor-text", lambda d: d.update(Emisor="texto"), "Emisor", "debe ser un objeto JSON"),
    ("receptor-list", lambda d: d.update(Receptor=["x"]), "Receptor", "debe ser un objeto JSON"),
    ("conceptos-text", lambda d: d.update(Conceptos="texto"), "Conceptos", "debe ser una lista"),
]  # fmt: skip

# Inputs that are not even a well-formed document: the JSON file itself is written raw.
RAW_INPUTS = [
    ("json-number-1e30", lambda text: text.replace('"500.00"', "1e30"),
     "Conceptos[0].ValorUnitario", "18 dígitos enteros"),
    ("json-number-1e999999999", lambda text: text.replace('"500.00"', "1e999999999"),
     "Conceptos[0].ValorUnitario", "18 dígitos enteros"),
    ("json-integer-5000-digits", lambda text: text.replace('"500.00"', "9" * 5000),
     "No se pudo leer", "miles de dígitos"),
    ("json-literal-nan", lambda text: text.replace('"500.00"', "NaN"),
     "Conceptos[0].ValorUnitario", "como texto"),
    ("json-literal-infinity", lambda text: text.replace('"500.00"', "-Infinity"),
     "Conceptos[0].ValorUnitario", "como texto"),
    ("json-deeply-nested", lambda text: text.replace('"500.00"', "[" * 100_000 + "]" * 100_000),
     "No se pudo leer", "demasiados niveles anidados"),
    ("json-nested-200", lambda text: text.replace('"500.00"', "[" * 200 + "]" * 200),
     "Conceptos[0].ValorUnitario", "demasiados niveles anidados"),
]  # fmt: skip

CASES = [
    pytest.param(change, None, field, words, id=name) for name, change, field, words in BAD_INPUTS
] + [pytest.param(None, change, field, words, id=name) for name, change, field, words in RAW_INPUTS]


def _input_file(tmp_path, base, change, raw_change):
    data = copy.deepcopy(base)
    if change is not None:
        change(data)
    text = json.dumps(data, ensure_ascii=False)
    if raw_change is not None:
        text = raw_change(text)
    path = tmp_path / "entrada.json"
    path.write_text(text, encoding="utf-8")
    return path


def _assert_one_spanish_line(err, field, words):
    assert err.startswith("Error: "), err[:300]
    assert err.count("\n") == 1, err[:300]
    assert field in err, err[:300]
    assert words in err, err[:300]
    assert "Traceback" not in err


@pytest.fixture
def cli_company(shared_sat, capsys):
    return CliCompany(shared_sat, capsys)


@pytest.mark.parametrize(("change", "raw_change", "field", "words"), CASES)
def test_emitir_refuses_and_changes_nothing(
    cli_company, tmp_path, change, raw_change, field, words
):
    entrada = _input_file(tmp_path, company_input(), change, raw_change)
    before = cli_company.registros()
    code, out, err = cli_company.run("emitir", str(entrada), *cli_company.password)
    assert (code, out) == (1, "")
    _assert_one_spanish_line(err, field, words)
    assert cli_company.registros() == before == []
    assert cli_company.next_folio() == 1
    assert cli_company.next_folio("S" * 25) == 1


@pytest.mark.parametrize(("change", "raw_change", "field", "words"), CASES)
def test_sellar_refuses_and_writes_nothing(shared_sat, tmp_path, capsys, change, raw_change,
                                           field, words):  # fmt: skip
    entrada = _input_file(tmp_path, BASE_INPUT, change, raw_change)
    salida = tmp_path / "salida.xml"
    csd = shared_sat / "csd" / "csd_EKU9003173C9"
    code = main([
        "sellar", str(entrada), "--cer", str(csd / "certificate.cer"),
        "--key", str(csd / "private_key.key"), "--password-file", str(csd / "password.txt"),
        "-o", str(salida), "--fecha", "2026-11-25T10:00:00",
    ])  # fmt: skip
    assert code == 1
    _assert_one_spanish_line(capsys.readouterr().err, field, words)
    assert not salida.exists()


def test_a_good_document_after_the_refusals_gets_folio_1(cli_company, tmp_path):
    for name, change, _field, _words in BAD_INPUTS[:3]:
        entrada = _input_file(tmp_path, company_input(), change, None)
        assert cli_company.run("emitir", str(entrada), *cli_company.password)[0] == 1, name
    entrada = _input_file(tmp_path, company_input(), None, None)
    code, out, _ = cli_company.run("emitir", str(entrada), *cli_company.password)
    assert code == 0
    assert out.startswith("Emitido A-1 ")


def test_a_rule_sat_would_apply_is_one_line_naming_the_field(cli_company, tmp_path):
    data = company_input()
    data["Receptor"]["RegimenFiscalReceptor"] = "601"  # personas morales only
    entrada = tmp_path / "entrada.json"
    entrada.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = cli_company.run("emitir", str(entrada), *cli_company.password)
    assert code == 1
    _assert_one_spanish_line(err, "Receptor.RegimenFiscalReceptor", "CFDI40158")
    assert cli_company.registros() == []
