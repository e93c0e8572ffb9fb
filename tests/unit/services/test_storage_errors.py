"""What the disk and the OS refuse reaches the user as one Spanish line, never a traceback:
a read-only data folder (viewing still works), a full disk (backup, emitir), outputs that
are a folder or in a missing one, and the English texts of the OS and libxml2."""

import json
import os
import subprocess
from contextlib import contextmanager

import pytest

from facturador.cli import main
from facturador.models import open_database
from facturador.services import settings
from facturador.services.backups import create_backup, list_backups
from facturador.services.secrets import MemorySecretStore
from tests.unit.sat.conftest import BASE_INPUT
from tests.unit.services.company_setup import PASSWORD, company_input, install_test_company

SAMPLE = "cfdi40_ingreso_iva16_timbrado.xml"


def _run(capsys, *argv):
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _one_spanish_line(err):
    assert err.startswith("Error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    for english in ("Is a directory", "No such file", "Permission denied", "XML_PARSE_HUGE"):
        assert english not in err


@contextmanager
def tmpfs(path, size):
    """A small RAM disk at `path` (root only: skipped elsewhere)."""
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def _remount_read_only(path):
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)


def _fill(folder, leave=0):
    """Fill the disk of `folder`, leaving about `leave` bytes free."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    filler = folder / "relleno.bin"
    with filler.open("wb") as stream:
        stream.write(b"\0" * max(0, free - leave))
    return filler


@pytest.fixture
def eku(csd_dir):
    return csd_dir / "csd_EKU9003173C9"


@pytest.fixture
def sealed_args(eku, tmp_path):
    invoice = tmp_path / "factura.json"
    invoice.write_text(json.dumps(BASE_INPUT), encoding="utf-8")
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD, encoding="utf-8")
    return [
        "sellar", invoice, "--cer", eku / "certificate.cer", "--key", eku / "private_key.key",
        "--password-file", password,
    ]  # fmt: skip


def test_outputs_that_are_a_folder_or_in_a_missing_one(capsys, sealed_args, tmp_path, shared_sat):
    folder = tmp_path / "salidas"
    folder.mkdir()
    code, _, err = _run(capsys, *sealed_args, "-o", folder)
    assert code == 1
    _one_spanish_line(err)
    assert "es una carpeta, no un archivo" in err
    code, _, err = _run(capsys, *sealed_args, "-o", tmp_path / "no" / "hay" / "out.xml")
    assert code == 1
    _one_spanish_line(err)
    assert f"la carpeta «{tmp_path / 'no' / 'hay'}» no existe" in err

    xml = shared_sat / "samples" / SAMPLE
    code, _, err = _run(capsys, "pdf", xml, "-o", folder)
    assert code == 1
    _one_spanish_line(err)
    assert "es una carpeta" in err
    code, _, err = _run(capsys, "pdf", xml, "-o", tmp_path / "falta" / "f.pdf")
    assert code == 1
    assert "no existe" in err
    assert list(folder.iterdir()) == []


def test_os_and_libxml2_texts_are_spanish(capsys, tmp_path):
    code, _, err = _run(capsys, "validar", tmp_path)
    assert code != 0
    assert "es una carpeta" in err
    assert "Is a directory" not in err
    huge = tmp_path / "enorme.xml"
    root = b'<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0">'
    huge.write_bytes(root + b"x" * 10_000_001 + b"</cfdi:Comprobante>")
    code, out, err = _run(capsys, "validar", huge)
    assert code != 0
    assert "más de 10 millones de caracteres" in out + err
    assert "XML_PARSE_HUGE" not in out + err


def test_read_only_data_folder_still_allows_viewing(capsys, tmp_path, monkeypatch, csd_dir):
    with tmpfs(tmp_path / "datos", "8m") as home:
        monkeypatch.setenv("FACTURADOR_HOME", str(home))
        engine = open_database(settings.database_url())
        install_test_company(engine, csd_dir, MemorySecretStore())
        engine.dispose()
        backup = create_backup()
        _remount_read_only(home)

        code, out, err = _run(capsys, "registros")
        assert (code, out, err) == (0, "Sin comprobantes.\n", "")
        code, out, err = _run(capsys, "empresa", "listar")
        assert code == 0
        assert "EKU9003173C9" in out
        code, _, err = _run(capsys, "respaldo", "crear")
        assert code == 1
        _one_spanish_line(err)
        assert "No se pudo guardar el respaldo" in err
        assert "solo lectura" in err
        assert list_backups() == [backup]
        code, _, err = _run(
            capsys, "cliente", "agregar", "--rfc", "XAXX010101000", "--nombre", "PUBLICO",
            "--regimen", "616", "--cp", "42501", "--uso", "S01",
        )  # fmt: skip
        assert code == 1
        _one_spanish_line(err)
        assert "es de solo lectura" in err


def test_read_only_data_folder_still_prints_pdfs(capsys, tmp_path, monkeypatch, shared_sat):
    with tmpfs(tmp_path / "datos", "1m") as home:
        monkeypatch.setenv("FACTURADOR_HOME", str(home))
        _remount_read_only(home)
        out_pdf = tmp_path / "f.pdf"
        code, _, err = _run(capsys, "pdf", shared_sat / "samples" / SAMPLE, "-o", out_pdf)
        assert code == 0, err
        assert out_pdf.read_bytes().startswith(b"%PDF")


def test_backup_on_a_full_disk_keeps_the_older_backups(capsys, tmp_path):
    open_database(settings.database_url()).dispose()
    with tmpfs(tmp_path / "usb", "400k") as usb:
        older = create_backup(dest_dir=usb)
        _fill(usb, leave=4096)
        code, out, err = _run(capsys, "respaldo", "crear", "--destino", usb)
        assert code == 1
        assert out == ""
        _one_spanish_line(err)
        assert "No hay espacio libre en el disco" in err
        assert list_backups(usb) == [older]
        assert not list(usb.glob("*.partial"))


def test_emitir_on_a_full_disk_stores_nothing(capsys, tmp_path, monkeypatch, csd_dir):
    with tmpfs(tmp_path / "datos", "2m") as home:
        monkeypatch.setenv("FACTURADOR_HOME", str(home))
        engine = open_database(settings.database_url())
        install_test_company(engine, csd_dir, MemorySecretStore())
        engine.dispose()
        invoice = tmp_path / "factura.json"
        invoice.write_text(json.dumps(company_input()), encoding="utf-8")
        password = tmp_path / "password.txt"
        password.write_text(PASSWORD, encoding="utf-8")
        filler = _fill(home, leave=48 * 1024)  # room for SQLite's -shm, not for the document

        code, out, err = _run(capsys, "emitir", invoice, "--password-file", password)
        assert code == 1
        assert out == ""
        _one_spanish_line(err)
        assert "No hay espacio libre en el disco" in err
        filler.unlink()
        assert _run(capsys, "registros")[:2] == (0, "Sin comprobantes.\n")
