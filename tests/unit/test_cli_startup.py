"""A CLI command imports only what it uses (issue 21, point 3; timed by bench/cli.py)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = (
    "import json, sys\n"
    "from facturador.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


def _modules(*argv: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def _imported(*argv: str) -> set[str]:
    """The top-level packages imported by `facturador ARGV`."""
    return {name.split(".")[0] for name in _modules(*argv)}


def test_help_imports_no_database_crypto_xml_or_keyring_code():
    imported = _imported("--help")
    heavy = {"sqlalchemy", "sqlmodel", "cryptography", "lxml", "keyring", "alembic", "PySide6"}
    assert imported & heavy == set()
    assert "importlib_metadata" not in imported


def test_registros_imports_no_crypto_xml_or_keyring_code():
    _imported("registros")  # the first command of a data dir migrates it (0007 reads XML)
    imported = _imported("registros")
    assert "sqlalchemy" in imported  # it did reach the database
    assert imported & {"cryptography", "lxml", "keyring", "PySide6"} == set()


def test_version_is_still_printed():
    result = subprocess.run(
        [sys.executable, "-m", "facturador", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("facturador 0.")


def test_a_command_imports_no_other_command_module():
    commands = {m for m in _modules("registros") if m.startswith("facturador.cli.")}
    assert commands <= {"facturador.cli.registros", "facturador.cli._common",
                        "facturador.cli.messages"}  # fmt: skip
