"""`facturador validar`: plain and JSON output, exit codes 0, 1 and 2."""

from __future__ import annotations

import json

from facturador.cli import main

SAMPLE = "cfdi40_ingreso_iva16_timbrado.xml"


def test_valid_files_plain(shared_sat, capsys):
    paths = [str(p) for p in sorted((shared_sat / "samples").glob("*.xml"))]
    assert main(["validar", *paths]) == 0
    out = capsys.readouterr().out
    assert out.count(": VÁLIDO") == 4


def test_json_line_per_file(shared_sat, capsys):
    path = shared_sat / "samples" / SAMPLE
    assert main(["validar", "--json", str(path)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    doc = json.loads(line)
    assert doc["archivo"] == str(path)
    assert doc["valido"] is True
    assert doc["sello_valido"] is True
    assert doc["timbre_valido"] is True
    assert doc["uuid"] == "6F35D3B5-3651-5370-BC2C-14CDBE384CD7"
    assert doc["tipo"] == "I"
    assert doc["total"] == "3327.01"
    assert doc["rfc_emisor"] == "EKU9003173C9"
    assert doc["rfc_receptor"] == "MCI7306249Y1"
    assert doc["errores"] == []


def test_invalid_file_exit_1_with_codes(shared_sat, tmp_path, capsys):
    data = (
        (shared_sat / "samples" / SAMPLE)
        .read_bytes()
        .replace(b'Total="3327.01"', b'Total="3327.02"')
    )
    bad = tmp_path / "malo.xml"
    bad.write_bytes(data)
    assert main(["validar", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}: INVÁLIDO" in out
    assert "CFDI40102 /cfdi:Comprobante/@Sello: " in out
    assert "CFDI40119 /cfdi:Comprobante/@Total: " in out
    assert main(["validar", "--json", str(bad)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["valido"] is False
    assert {e["codigo"] for e in doc["errores"]} >= {"CFDI40102", "CFDI40119"}
    assert all(set(e) == {"codigo", "mensaje", "ruta"} for e in doc["errores"])


def test_not_a_cfdi_in_json(tmp_path, capsys):
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"hola")
    assert main(["validar", "--json", str(junk)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["uuid"] is None
    assert doc["total"] is None
    assert doc["errores"][0]["codigo"] == "XML01"


def test_unreadable_file_exit_2_others_still_checked(shared_sat, tmp_path, capsys):
    missing = tmp_path / "no_existe.xml"
    assert main(["validar", str(missing), str(shared_sat / "samples" / SAMPLE)]) == 2
    captured = capsys.readouterr()
    assert "no se pudo leer" in captured.err
    assert ": VÁLIDO" in captured.out


def test_aviso_is_printed(shared_sat, capsys, monkeypatch):
    from facturador.sat.validation import timbre

    monkeypatch.setattr(timbre, "default_sat_certificates", lambda: {})
    assert main(["validar", str(shared_sat / "samples" / SAMPLE)]) == 0
    assert "aviso TFD03" in capsys.readouterr().out


def test_a_global_invoice_without_informacion_global_is_invalid(
    global_invoice, sealed, tmp_path, capsys
):
    import dataclasses

    xml = sealed(dataclasses.replace(global_invoice, informacion_global=None))
    path = tmp_path / "global_sin_periodo.xml"
    path.write_bytes(xml)
    assert main(["validar", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}: INVÁLIDO" in out
    assert "CFDI40130 /cfdi:Comprobante/cfdi:InformacionGlobal: " in out
    path.write_bytes(sealed(global_invoice))
    assert main(["validar", str(path)]) == 0
