import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED_SAT = REPO.parent / "shared" / "sat"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own data dir; nothing reaches the developer's config."""
    home = tmp_path_factory.mktemp("facturador_home")
    monkeypatch.setenv("FACTURADOR_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _fresh_server_clock():
    """What one test's PAC emulator said about its clock does not carry into the next."""
    from facturador.pac.server_clock import SERVER_CLOCK

    SERVER_CLOCK.reset()
    yield
    SERVER_CLOCK.reset()


@pytest.fixture(scope="session")
def shared_sat() -> Path:
    if not SHARED_SAT.is_dir():
        pytest.fail(f"SAT reference data not found at {SHARED_SAT}")
    return SHARED_SAT
