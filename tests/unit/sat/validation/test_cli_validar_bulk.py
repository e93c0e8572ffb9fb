"""`facturador validar` over folders and ZIP archives: thousands of files in one process."""

from __future__ import annotations

import json
import sys
import zipfile

from facturador.cli import main


def _samples(shared_sat):
    return sorted((shared_sat / "samples").glob("*.xml"))


def test_a_folder_of_1000_files_is_validated_in_one_process(shared_sat, tmp_path, capsys):
    samples = [p.read_bytes() for p in _samples(shared_sat)]
    folder = tmp_path / "recibidos"
    (folder / "2026" / "11").mkdir(parents=True)
    for i in range(1000):
        sub = folder / "2026" / "11" if i % 2 else folder
        (sub / f"cfdi_{i:04d}.xml").write_bytes(samples[i % len(samples)])
    (folder / "leeme.txt").write_text("no es un CFDI")
    assert main(["validar", "--json", str(folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1000
    docs = [json.loads(line) for line in lines]
    assert all(d["valido"] for d in docs)
    assert len({d["archivo"] for d in docs}) == 1000


def test_a_zip_is_validated_member_by_member(shared_sat, tmp_path, capsys):
    archive = tmp_path / "descarga_masiva.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in _samples(shared_sat):
            z.write(path, f"cfdi/{path.name}")
        z.writestr("cfdi/roto.xml", b"<no es xml")
    assert main(["validar", "--json", str(archive)]) == 1
    docs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [d["archivo"] for d in docs][-1] == f"{archive}:cfdi/roto.xml"
    assert [d["valido"] for d in docs] == [True] * 4 + [False]


def test_a_zip_member_too_large_is_refused_not_expanded(tmp_path, capsys):
    archive = tmp_path / "bomba.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("grande.xml", b" " * (21 * 1024 * 1024))
    assert main(["validar", str(archive)]) == 2
    assert "grande.xml: mide más de 20 MB" in capsys.readouterr().err


def test_a_progress_line_on_a_terminal(shared_sat, tmp_path, capsys, monkeypatch):
    for i in range(30):
        (tmp_path / f"{i}.xml").write_bytes(_samples(shared_sat)[0].read_bytes())
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["validar", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "\r25/30 validados" in err
    assert err.rstrip().endswith("30/30 validados")


def test_a_damaged_zip_is_an_unreadable_file_and_the_rest_is_validated(shared_sat, tmp_path,
                                                                         capsys):  # fmt: skip
    damaged = tmp_path / "danado.zip"
    damaged.write_bytes(b"PK\x03\x04 no es un zip")
    sample = _samples(shared_sat)[0]
    assert main(["validar", str(damaged), str(sample)]) == 2
    captured = capsys.readouterr()
    assert f"no se pudo leer {damaged}: no es un archivo ZIP válido" in captured.err
    assert f"{sample}: VÁLIDO" in captured.out
