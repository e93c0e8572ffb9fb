import subprocess
import sys

import pytest

from facturador import __version__
from facturador.cli import main


def test_version_flag_prints_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_a_domain_error_is_one_spanish_line(capsys, tmp_path):
    assert main(["sellar", str(tmp_path / "no.json"), "--cer", "c", "--key", "k",
                 "--password-file", "p", "-o", str(tmp_path / "o.xml")]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert err.startswith("Error: No se pudo leer")
    assert err.count("\n") == 1


def test_module_entry_point_lists_subcommands():
    result = subprocess.run(
        [sys.executable, "-m", "facturador", "--help"], capture_output=True, text=True, check=True
    )
    assert "catalogo" in result.stdout
    assert "certificado" in result.stdout


def test_output_cut_short_by_the_reader_is_no_traceback():
    process = subprocess.Popen(
        [sys.executable, "-m", "facturador", "catalogo", "buscar", "clave_prod_serv", "a",
         "--limite", "5000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err
    assert process.returncode == 141


@pytest.mark.parametrize("argv", [["--help"], ["-h", "emitir"], ["--datos", "registros", "-h"]])
def test_the_general_help_lists_every_subcommand(argv):
    result = subprocess.run(
        [sys.executable, "-m", "facturador", *argv], capture_output=True, text=True, check=True
    )
    for command in ("catalogo", "sellar", "emitir", "registros", "sincronizar", "creditos"):
        assert command in result.stdout
