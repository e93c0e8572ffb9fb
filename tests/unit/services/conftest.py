import pytest

from facturador.models.engine import open_database
from tests.unit.models.databases import BACKENDS, fresh_database


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A database at the newest schema; `@pytest.mark.empty_database` for an empty one."""
    migrated = request.node.get_closest_marker("empty_database") is None
    with fresh_database(request.param, tmp_path, migrated=migrated) as url:
        yield url


@pytest.fixture
def engine(db_url):
    engine = open_database(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def csd_dir(shared_sat):
    return shared_sat / "csd"


@pytest.fixture
def secrets():
    from facturador.services.secrets import MemorySecretStore

    return MemorySecretStore()


@pytest.fixture
def company(engine, csd_dir, secrets):
    """SAT's test taxpayer EKU9003173C9, active, with its CSD (password in `secrets`)."""
    from tests.unit.services.company_setup import install_test_company

    return install_test_company(engine, csd_dir, secrets)
