from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from facturador.cli import main
from facturador.models import Empresa, open_database, read_session, write_session
from facturador.models.errors import DatabaseUnavailableError
from facturador.services import settings
from facturador.services.backups import backup_if_due, create_backup, list_backups, restore_backup
from facturador.services.errors import BackupNotSupportedError, InvalidBackupError

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def _names(engine):
    with read_session(engine) as session:
        return sorted(e.nombre for e in session.exec(select(Empresa)))


def _add(engine, rfc, nombre):
    with write_session(engine) as session:
        session.add(Empresa(rfc=rfc, nombre=nombre, regimen_fiscal="601", lugar_expedicion="42501"))
        session.commit()


def test_backup_change_restore_read_back():
    engine = open_database(settings.database_url())
    _add(engine, "EKU9003173C9", "ANTES")
    # a reader and a writer stay open while the backup runs: the copy is still consistent
    with write_session(engine) as busy:
        busy.add(
            Empresa(
                rfc="AAA010101AAA",
                nombre="SIN CONFIRMAR",
                regimen_fiscal="601",
                lugar_expedicion="42501",
            )
        )
        busy.flush()
        backup = create_backup(now=NOW)
        busy.rollback()
    assert backup.parent == settings.backups_dir()
    _add(engine, "CACX7605101P8", "DESPUES")
    assert _names(engine) == ["ANTES", "DESPUES"]
    restore_backup(backup)
    assert _names(engine) == ["ANTES"]
    engine.dispose()
    assert _names(open_database(settings.database_url())) == ["ANTES"]


def test_keeps_the_newest_n_and_backs_up_once_a_day(tmp_path):
    engine = open_database(settings.database_url())
    _add(engine, "EKU9003173C9", "E")
    dest = tmp_path / "copias"
    for day in range(5):
        create_backup(settings.data_dir(), dest, keep=3, now=NOW + timedelta(days=day))
    kept = list_backups(dest)
    assert [p.name for p in kept] == [
        f"facturador-202611{d}-080000-000000.sqlite3" for d in (27, 28, 29)
    ]
    later = NOW + timedelta(days=4, hours=23)
    assert backup_if_due(dest_dir=dest, keep=3, now=later) is None
    made = backup_if_due(dest_dir=dest, keep=3, now=later + timedelta(hours=2))
    assert made is not None
    assert len(list_backups(dest)) == 3
    assert backup_if_due(dest_dir=tmp_path / "nuevo", now=NOW) is not None


def test_postgresql_is_refused_with_pg_dump_advice(monkeypatch):
    monkeypatch.setenv("FACTURADOR_DB_URL", "postgresql://u@localhost/db")
    with pytest.raises(BackupNotSupportedError) as caught:
        create_backup()
    assert "pg_dump" in caught.value.message
    assert backup_if_due() is None


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(InvalidBackupError) as caught:
        restore_backup(junk)
    assert "no es un respaldo válido" in caught.value.message
    with pytest.raises(InvalidBackupError) as caught:
        restore_backup(tmp_path / "missing.sqlite3")
    assert "No existe" in caught.value.message


def test_restore_over_a_damaged_database_keeps_the_damaged_file(capsys):
    """The database file got damaged (disk, antivirus...): the app says so, the restore
    works, and the damaged file is kept aside byte for byte, never deleted."""
    engine = open_database(settings.database_url())
    _add(engine, "EKU9003173C9", "ANTES")
    backup = create_backup(now=NOW)
    engine.dispose()
    database = settings.database_path()
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    damaged = b"\x00garbage" * 4096
    database.write_bytes(damaged)
    with pytest.raises(DatabaseUnavailableError) as caught:
        open_database(settings.database_url())
    assert "dañado" in caught.value.message
    assert main(["respaldo", "restaurar", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "Base de datos restaurada" in out
    [aside] = database.parent.glob("facturador-danada-*.sqlite3")
    assert aside.read_bytes() == damaged
    assert _names(open_database(settings.database_url())) == ["ANTES"]
    assert not list(settings.backups_dir().glob("*.partial"))
