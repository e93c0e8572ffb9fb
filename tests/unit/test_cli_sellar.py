"""`facturador sellar`: JSON in, sealed XML out, or a Spanish refusal and no file."""

from __future__ import annotations

import json

from facturador.cli import main
from facturador.sat.validation import validate_xml
from facturador.sat.xml_reader import parse_comprobante
from tests.unit.sat.conftest import BASE_INPUT


def _args(shared_sat, entrada, salida):
    csd = shared_sat / "csd" / "csd_EKU9003173C9"
    return [
        "sellar", str(entrada),
        "--cer", str(csd / "certificate.cer"),
        "--key", str(csd / "private_key.key"),
        "--password-file", str(csd / "password.txt"),
        "-o", str(salida),
        "--fecha", "2026-11-25T10:00:00",
    ]  # fmt: skip


def test_sellar_writes_a_valid_sealed_cfdi(shared_sat, tmp_path, capsys):
    entrada, salida = tmp_path / "in.json", tmp_path / "out.xml"
    entrada.write_text(json.dumps(BASE_INPUT), encoding="utf-8")
    assert main(_args(shared_sat, entrada, salida)) == 0
    assert "Sellado" in capsys.readouterr().out
    xml = salida.read_bytes()
    assert validate_xml(xml).valido
    comprobante = parse_comprobante(xml)
    assert (str(comprobante.total), comprobante.fecha.isoformat()) == (
        "1160.00",
        "2026-11-25T10:00:00",
    )


def test_sellar_refuses_what_sat_would_reject_and_writes_nothing(shared_sat, tmp_path, capsys):
    data = json.loads(json.dumps(BASE_INPUT))
    data["Receptor"]["UsoCFDI"] = "ZZZ"
    entrada, salida = tmp_path / "in.json", tmp_path / "out.xml"
    entrada.write_text(json.dumps(data), encoding="utf-8")
    assert main(_args(shared_sat, entrada, salida)) == 1
    assert "CFDI40160" in capsys.readouterr().err
    assert not salida.exists()


def test_sellar_reports_malformed_json(shared_sat, tmp_path, capsys):
    entrada = tmp_path / "in.json"
    entrada.write_text("{ no es json", encoding="utf-8")
    assert main(_args(shared_sat, entrada, tmp_path / "o.xml")) == 1
    assert "no es un JSON válido" in capsys.readouterr().err
