"""A SQLite file damaged in the middle (a disk error): the good backups survive, every
command says so in one Spanish line, nothing writes to the file again, and the restore
puts a good backup in place while the damaged file is kept aside."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from facturador.cli import main
from facturador.models import Empresa, open_database, read_session, write_session
from facturador.models.errors import DatabaseDamagedError
from facturador.services import settings
from facturador.services.backups import (
    backup_if_due,
    check_database,
    create_backup,
    list_backups,
    restore_backup,
)

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
PAGE = 4096


def _filled_database(rows=300):
    """A real database of about 250 KB: companies with long names fill many pages."""
    engine = open_database(settings.database_url())
    with write_session(engine) as session:
        for i in range(rows):
            session.add(
                Empresa(
                    rfc=f"AAA{i:06d}AA",
                    nombre=f"EMPRESA {i} " + "X" * 300,
                    regimen_fiscal="601",
                    lugar_expedicion="42501",
                )
            )
        session.commit()
    engine.dispose()
    return settings.database_path()


def _checkpoint(database):
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _corrupt_middle(database, size=8192):
    """Overwrite 8 KB in the middle of the file, page-aligned, as a failing disk would."""
    _checkpoint(database)
    middle = database.stat().st_size // 2
    with database.open("r+b") as stream:
        stream.seek(middle - middle % PAGE)
        stream.write(b"\xff" * size)


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_backups_of_a_damaged_database_keep_the_good_ones(capsys):
    database = _filled_database()
    for day in (2, 1):
        create_backup(keep=2, now=NOW - timedelta(days=day))
    good = {path: path.read_bytes() for path in list_backups()}
    assert len(good) == 2
    _corrupt_middle(database)

    for _ in range(2):
        code, out, err = _run(capsys, "respaldo", "crear", "--conservar", "2")
        assert code == 1
        assert "Respaldo creado" not in out
        assert err.startswith("Error: La base de datos ")
        assert "está dañada" in err
        assert "facturador respaldo restaurar" in err
        assert err.count("\n") == 1  # one line
    assert {path: path.read_bytes() for path in list_backups()} == good
    assert not list(settings.backups_dir().glob("*.partial"))
    newest = max(good)
    assert f"facturador respaldo restaurar {newest}" in err  # the backup to restore


def test_daily_backup_runs_a_quick_check_and_keeps_every_backup():
    database = _filled_database()
    first = create_backup(keep=2, now=NOW - timedelta(days=3))
    _corrupt_middle(database)
    with pytest.raises(DatabaseDamagedError) as caught:
        backup_if_due(keep=2, now=NOW)
    assert "dañada" in caught.value.message
    assert caught.value.corrupt  # the app offers the restore
    assert list_backups() == [first]
    with pytest.raises(DatabaseDamagedError):
        check_database()


def test_damage_found_during_a_command_is_explained_and_remembered(capsys):
    """`registros` reads the damaged pages: one Spanish line with the restore; from then
    on no command writes to the file (the damage was remembered), not even `emitir`."""
    database = _filled_database(rows=600)  # the companies fill the file's middle pages
    engine = open_database(settings.database_url())
    with write_session(engine) as session:
        session.exec(select(Empresa).where(Empresa.rfc == "AAA000000AA")).one().active = True
        session.commit()
    engine.dispose()
    backup = create_backup(now=NOW)
    _corrupt_middle(database)

    code, out, err = _run(capsys, "registros")
    assert code == 1
    assert out == ""
    assert err.startswith("Error: La base de datos ")
    assert "está dañada" in err
    assert err.count("\n") == 1
    assert f"facturador respaldo restaurar {backup}" in err
    damaged = database.read_bytes()

    code, _, err = _run(capsys, "empresa", "listar")
    assert code == 1
    assert "está dañada" in err
    code, _, err = _run(
        capsys, "cliente", "agregar", "--rfc", "XAXX010101000", "--nombre", "PUBLICO",
        "--regimen", "616", "--cp", "42501", "--uso", "S01",
    )  # fmt: skip
    assert code == 1
    assert "está dañada" in err
    assert database.read_bytes() == damaged  # never written again

    assert _run(capsys, "respaldo", "restaurar", str(backup))[0] == 0
    [aside] = database.parent.glob("facturador-danada-*.sqlite3")
    assert aside.read_bytes() == damaged
    with read_session(open_database(settings.database_url())) as session:
        assert len(session.exec(select(Empresa)).all()) == 600
    assert _run(capsys, "registros")[0] == 0


def test_restore_sets_aside_a_database_damaged_in_the_middle():
    """The file still opens, but its pages are damaged: it is not overwritten by the
    restore, and no backup of it replaces a good one."""
    database = _filled_database()
    backup = create_backup(keep=1, now=NOW)
    _corrupt_middle(database)
    damaged = database.read_bytes()
    restored = restore_backup(backup, keep=1)
    assert restored.previous is None
    assert list_backups() == [backup]
    [aside] = database.parent.glob("facturador-danada-*.sqlite3")
    assert aside.read_bytes() == damaged


def test_an_empty_database_file_is_not_a_new_database(capsys):
    database = _filled_database(rows=1)
    backup = create_backup(now=NOW)
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    database.write_bytes(b"")

    code, _, err = _run(capsys, "registros")
    assert code == 1
    assert "está vacío (0 bytes)" in err
    assert "No hay una empresa activa" not in err
    assert f"facturador respaldo restaurar {backup}" in err
    assert database.stat().st_size == 0  # not turned into a new, empty database
    assert _run(capsys, "respaldo", "restaurar", str(backup))[0] == 0
    assert list(database.parent.glob("facturador-danada-*.sqlite3"))


def test_backup_of_a_database_with_a_damaged_header(capsys):
    database = _filled_database(rows=5)
    good = create_backup(now=NOW)
    _checkpoint(database)
    with database.open("r+b") as stream:
        stream.write(b"no soy SQLite" * 8)
    code, _, err = _run(capsys, "respaldo", "crear")
    assert code == 1
    assert "está dañada" in err
    assert "Traceback" not in err
    assert list_backups() == [good]
