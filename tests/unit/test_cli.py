import subprocess
import sys

from facturador import __version__
from facturador.cli import main


def test_version_flag_prints_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert __version__ in capsys.readouterr().out


def test_module_entry_point_lists_subcommands():
    result = subprocess.run(
        [sys.executable, "-m", "facturador", "--help"], capture_output=True, text=True, check=True
    )
    assert "catalogo" in result.stdout
    assert "certificado" in result.stdout
