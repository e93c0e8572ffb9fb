"""Another process holds the SQLite write lock: `emitir` and `sincronizar` say on stderr
that they are waiting, and for what; after a bounded time they give up with one Spanish
line and change nothing."""

import json
import subprocess
import sys
import textwrap

import pytest

from facturador.cli import main
from facturador.models import engine as engine_module
from facturador.models import open_database
from facturador.services import settings
from facturador.services.secrets import MemorySecretStore
from tests.unit.services.company_setup import PASSWORD, company_input, install_test_company

HOLD = textwrap.dedent(
    """
    import sqlite3, sys, time
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    db.execute("COMMIT")
    """
)


@pytest.fixture
def ready(csd_dir, tmp_path):
    """The test company with its CSD, an invoice to emit and its password file."""
    engine = open_database(settings.database_url())
    install_test_company(engine, csd_dir, MemorySecretStore())
    engine.dispose()
    invoice = tmp_path / "factura.json"
    invoice.write_text(json.dumps(company_input()), encoding="utf-8")
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD, encoding="utf-8")
    return ["emitir", str(invoice), "--password-file", str(password)]


def _hold_lock(seconds):
    """Another process takes the write lock and keeps it for `seconds`."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(settings.database_path()), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def _documents(capsys):
    assert main(["registros", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_emitir_says_it_waits_and_gives_up_after_a_bounded_time(ready, capsys, monkeypatch):
    monkeypatch.setattr(engine_module, "LOCK_WAIT_S", 1.5)
    monkeypatch.setattr(engine_module, "LOCK_NOTICE_S", 0.2)
    holder = _hold_lock(30)
    try:
        code = main(ready)
        out, err = capsys.readouterr()
    finally:
        holder.kill()
        holder.wait()
    assert code == 1
    assert out == ""
    waiting, error = err.splitlines()
    assert waiting.startswith("Esperando la base de datos ")
    assert "otro programa la está usando" in waiting
    assert error.startswith("Error: Otro programa tiene ocupada la base de datos ")
    assert "más de 1.5 segundos" in error
    assert "no se cambió nada" in error
    assert _documents(capsys) == []


def test_emitir_waits_for_a_short_lock_and_then_emits(ready, capsys, monkeypatch):
    monkeypatch.setattr(engine_module, "LOCK_WAIT_S", 20)
    monkeypatch.setattr(engine_module, "LOCK_NOTICE_S", 0.2)
    holder = _hold_lock(1.0)
    try:
        code = main(ready)
        out, err = capsys.readouterr()
    finally:
        holder.wait()
    assert code == 0
    assert out.startswith("Emitido ")
    assert err.startswith("Esperando la base de datos ")
    assert [d["estado"] for d in _documents(capsys)] == ["EN_COLA"]


def test_sincronizar_gives_up_on_a_held_lock(ready, capsys, monkeypatch):
    assert main(ready) == 0
    capsys.readouterr()
    monkeypatch.setattr(engine_module, "LOCK_WAIT_S", 1.0)
    monkeypatch.setattr(engine_module, "LOCK_NOTICE_S", 0.2)
    holder = _hold_lock(30)
    try:
        code = main(["sincronizar"])
        _, err = capsys.readouterr()
    finally:
        holder.kill()
        holder.wait()
    assert code == 1
    assert "Esperando la base de datos " in err
    assert err.splitlines()[-1].startswith("Error: Otro programa tiene ocupada la base de datos")
    assert "Traceback" not in err
    assert [d["estado"] for d in _documents(capsys)] == ["EN_COLA"]
