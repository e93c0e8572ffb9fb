"""`facturador validar` shows the Comercio Exterior 2.0 and Carta Porte 3.1 it reads."""

from __future__ import annotations

import json

import pytest

from facturador.cli import main
from tests.unit.sat.validation.conftest import build, replace
from tests.unit.sat.validation.test_complements import CASES, _complement


@pytest.fixture
def cfdi_file(sealed, tmp_path):
    def _write(name: str) -> str:
        comprobante = replace(build(CASES[name]), complementos=(_complement(name),))
        path = tmp_path / f"{name}.xml"
        path.write_bytes(sealed(comprobante))
        return str(path)

    return _write


def test_plain_output_lists_the_carta_porte_after_the_verdict(cfdi_file, capsys):
    path = cfdi_file("cartaporte31")
    assert main(["validar", path]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{path}: VÁLIDO"
    assert "  Carta Porte 3.1" in lines
    assert "    IdCCP: CCC5a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5b" in lines
    assert "    Placa: 501AAA" in lines
    ubicaciones = lines.index("  Ubicaciones")
    assert lines[ubicaciones + 1].startswith(
        "      - Tipo: Origen; ID: OR000001; RFC: EKU9003173C9"
    )
    assert "Fecha y hora: 25/11/2026 14:00:00; Distancia (km): 320" in lines[ubicaciones + 2]
    assert "      - Tipo de figura: 01 — Operador; RFC: CACX7605101P8; " in "\n".join(lines)


def test_json_carries_the_comercio_exterior_as_data(cfdi_file, capsys):
    path = cfdi_file("cce20")
    assert main(["validar", "--json", path]) == 0
    doc = json.loads(capsys.readouterr().out)
    titles = [s["titulo"] for s in doc["complementos"]]
    assert titles[0] == "Comercio Exterior 2.0"
    general = {d["etiqueta"]: d["valor"] for d in doc["complementos"][0]["datos"]}
    assert general["Total USD"] == "10.00"
    (mercancias,) = doc["complementos"][titles.index("Mercancías (comercio exterior)")]["tablas"]
    assert mercancias["columnas"][0] == "No. de identificación"
    assert mercancias["filas"] == [["SKU-1", "0101210100", "1", "06 — Pieza", "10.00", "10.00"]]


def test_no_complement_no_section_and_junk_still_reported(shared_sat, tmp_path, capsys):
    assert (
        main(
            ["validar", "--json", str(shared_sat / "samples" / "cfdi40_ingreso_iva16_timbrado.xml")]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["complementos"] == []
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"<cfdi:Comprobante")
    assert main(["validar", str(junk)]) == 1
    assert capsys.readouterr().out.startswith(f"{junk}: INVÁLIDO")
