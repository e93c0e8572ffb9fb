from pathlib import Path

import pytest

from facturador.services import settings


def test_data_dir_honours_facturador_home(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTURADOR_HOME", str(tmp_path / "datos"))
    assert settings.data_dir() == tmp_path / "datos"
    assert settings.database_url() == f"sqlite:///{tmp_path / 'datos' / 'facturador.sqlite3'}"
    monkeypatch.setenv("FACTURADOR_DB_URL", "postgresql://u@h/db")
    assert settings.database_url() == "postgresql://u@h/db"


def test_without_home_it_is_the_os_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("FACTURADOR_HOME")
    monkeypatch.setattr(
        settings.platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "os")
    )
    assert settings.data_dir() == Path(tmp_path / "os")


def test_settings_have_defaults_and_persist():
    assert settings.get_setting(settings.BACKUP_KEEP) == 7
    settings.set_setting(settings.BACKUP_KEEP, 3)
    assert settings.get_setting(settings.BACKUP_KEEP) == 3
    with pytest.raises(TypeError):
        settings.set_setting(settings.BACKUP_KEEP, "3")
    assert all(s.label for s in settings.SETTINGS)
