"""pytest-qt fixtures for the desktop app: services on a fresh database, a recorded error
funnel, and no worker left running after a test."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from facturador.services import company_setup
from facturador.services.context import Context
from facturador.services.secrets import MemorySecretStore
from facturador.services.settings import database_path, open_engine
from facturador.ui import errors
from facturador.ui.workers import wait_idle

FIXED_NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


class StubProbe:
    """The Context's TCP probe in tests: loopback (the emulators) is really probed; any other
    host (SAT's, a PAC's production host) answers as `online` says."""

    def __init__(self, online: bool = True) -> None:
        self.online = online

    def __call__(self, host: tuple[str, int], timeout: float) -> bool:
        from facturador.pac.probe import can_connect

        if host[0] in ("127.0.0.1", "localhost"):
            return can_connect(host, timeout)
        return self.online


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty database, built once and copied into each test's data dir."""
    home = tmp_path_factory.mktemp("template_home")
    mp = pytest.MonkeyPatch()
    mp.setenv("FACTURADOR_HOME", str(home))
    try:
        open_engine().dispose()
        return database_path()
    finally:
        mp.undo()


@pytest.fixture
def services(template_db: Path) -> Context:
    shutil.copy(template_db, database_path())
    return Context(secrets_=MemorySecretStore(), clock=lambda: FIXED_NOW, probe=StubProbe())


@pytest.fixture(autouse=True)
def shown_errors():
    """What the error funnel would have shown in a dialog, instead of a blocking dialog."""
    shown: list[errors.Shown] = []
    previous = errors.set_presenter(lambda _parent, item: shown.append(item))
    yield shown
    errors.set_presenter(previous)


@pytest.fixture(autouse=True)
def _no_dangling_workers(qapp, shown_errors):
    # Depends on shown_errors so that it is torn down first: what the last workers report
    # while they are waited for still goes to the recorded funnel, never to a modal dialog.
    yield
    assert wait_idle(10_000), "a background worker is still running after the test"
    qapp.processEvents()


@pytest.fixture
def csd(shared_sat: Path):
    def files(name: str) -> tuple[str, str, str]:
        folder = shared_sat / "csd" / name
        password = (folder / "password.txt").read_text(encoding="utf-8").strip()
        return str(folder / "certificate.cer"), str(folder / "private_key.key"), password

    return files


@pytest.fixture
def seed(services):
    """What the database holds before the window starts; modules override it."""
    return None


def create_eku(services):
    return company_setup.create_company(
        services,
        rfc="EKU9003173C9",
        nombre="ESCUELA KEMPER URGATE",
        regimen_fiscal="601",
        lugar_expedicion="42501",
    )


@pytest.fixture
def window(qtbot, services, seed):
    from facturador.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.ready, timeout=15_000):
        win.start()
    yield win
    win.status.stop()


@pytest.fixture
def themed_page(qapp):
    """The app's theme while a test runs (its screenshots show what a user sees), then the
    previous look back, so the next test starts from Qt's defaults."""
    from facturador.ui.theme import apply_theme

    sheet, palette, style = qapp.styleSheet(), qapp.palette(), qapp.style().name()
    apply_theme(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setStyle(style)
