import multiprocessing

import pytest
from sqlmodel import select

from facturador.models import Documento, Empresa, create_db_engine, read_session, write_session
from facturador.services.errors import FieldError
from facturador.services.folios import allocate_folio

PER_PROCESS = 200


@pytest.fixture
def empresa_id(engine):
    with write_session(engine) as session:
        empresa = Empresa(
            rfc="EKU9003173C9", nombre="E", regimen_fiscal="601", lugar_expedicion="42501"
        )
        session.add(empresa)
        session.commit()
        return empresa.id


def _seal_one(engine, empresa_id, serie="A"):
    """What sealing does: take a folio and store the document in the same transaction."""
    with write_session(engine) as session:
        folio = allocate_folio(session, empresa_id, serie)
        session.add(
            Documento(empresa_id=empresa_id, tipo="I", state="SELLADO", serie=serie, folio=folio)
        )
        session.commit()
        return folio


def test_folios_start_at_one_per_serie(engine, empresa_id):
    assert [_seal_one(engine, empresa_id) for _ in range(3)] == [1, 2, 3]
    assert _seal_one(engine, empresa_id, "B") == 1
    assert _seal_one(engine, empresa_id) == 4


def test_a_rolled_back_seal_returns_its_folio(engine, empresa_id):
    assert _seal_one(engine, empresa_id) == 1
    with write_session(engine) as session:
        assert allocate_folio(session, empresa_id, "A") == 2
        session.rollback()
    assert _seal_one(engine, empresa_id) == 2


def test_serie_code_length_is_checked(engine, empresa_id):
    with write_session(engine) as session, pytest.raises(FieldError):
        allocate_folio(session, empresa_id, "X" * 26)


def _allocate_many(url, empresa_id, count, barrier, results):
    engine = create_db_engine(url)
    barrier.wait(timeout=60)
    folios = [_seal_one(engine, empresa_id) for _ in range(count)]
    engine.dispose()
    results.put(folios)


@pytest.mark.slow
def test_two_processes_get_distinct_consecutive_folios(db_url, engine, empresa_id):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    workers = [
        context.Process(
            target=_allocate_many, args=(db_url, empresa_id, PER_PROCESS, barrier, results)
        )
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    got = [results.get(timeout=240) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    every = got[0] + got[1]
    assert sorted(every) == list(range(1, 2 * PER_PROCESS + 1))
    assert got[0] == sorted(got[0])
    assert got[1] == sorted(got[1])
    # both really ran at once: their folios interleave
    assert min(got[0]) < max(got[1])
    assert min(got[1]) < max(got[0])
    with read_session(engine) as session:
        stored = session.exec(select(Documento.folio).where(Documento.serie == "A")).all()
    assert sorted(stored) == list(range(1, 2 * PER_PROCESS + 1))
