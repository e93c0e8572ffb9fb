"""emitir: folio at sealing, sealed with the company's CSD, stored byte-exact, queued."""

from __future__ import annotations

import multiprocessing
from datetime import datetime

import pytest
from sqlmodel import select

from facturador.models import Documento, create_db_engine, read_session
from facturador.models.tables import AuditEntry
from facturador.sat.validation import validate_xml
from facturador.sat.xml_reader import parse_comprobante
from facturador.services.emission import emit
from facturador.services.errors import RulesFailedError
from facturador.services.secrets import MemorySecretStore
from tests.unit.services.company_setup import NOW, PASSWORD, company_input

PER_PROCESS = 200


def test_emit_seals_stores_and_queues(engine, company, secrets):
    result = emit(engine, company_input(), secrets=secrets, now=NOW)
    assert (result.serie, result.folio, str(result.total), result.state) == (
        "A", 1, "1160.00", "EN_COLA"
    )  # fmt: skip
    with read_session(engine) as session:
        documento = session.get(Documento, result.documento_id)
        audit = session.exec(
            select(AuditEntry)
            .where(AuditEntry.documento_id == documento.id)
            .order_by(AuditEntry.id)
        ).all()
    report = validate_xml(documento.sealed_xml)
    assert report.valido, report.errores
    comprobante = parse_comprobante(documento.sealed_xml)
    assert (comprobante.serie, comprobante.folio) == ("A", "1")
    assert comprobante.emisor.nombre == "ESCUELA KEMPER URGATE"
    assert comprobante.fecha == datetime(2026, 11, 25, 10, 0, 0)  # 16:00 UTC in Querétaro
    assert [(a.from_state, a.to_state) for a in audit] == [
        ("BORRADOR", "SELLADO"),
        ("SELLADO", "EN_COLA"),
    ]
    assert documento.rfc_receptor == "CACX7605101P8"


def test_folios_are_consecutive_per_serie(engine, company, secrets):
    data = company_input()
    folios = [emit(engine, data, secrets=secrets, now=NOW).folio for _ in range(3)]
    data["Serie"] = "B"
    assert [*folios, emit(engine, data, secrets=secrets, now=NOW).folio] == [1, 2, 3, 1]


def test_a_document_sat_would_reject_is_not_stored_and_burns_no_folio(engine, company, secrets):
    bad = company_input()
    bad["Receptor"]["RegimenFiscalReceptor"] = (
        "601"  # personas morales only: the receptor is a física
    )
    with pytest.raises(RulesFailedError) as error:
        emit(engine, bad, secrets=secrets, now=NOW)
    assert "CFDI40158" in error.value.message
    with read_session(engine) as session:
        assert session.exec(select(Documento)).all() == []
    assert emit(engine, company_input(), secrets=secrets, now=NOW).folio == 1


def test_emisor_of_another_rfc_is_refused(engine, company, secrets):
    data = company_input()
    data["Emisor"] = {"Rfc": "CACX7605101P8"}
    with pytest.raises(Exception, match="empresa activa"):
        emit(engine, data, secrets=secrets, now=NOW)


def _emit_many(url, count, barrier, results):
    engine = create_db_engine(url)
    barrier.wait(timeout=60)
    secrets = MemorySecretStore()
    folios = [
        emit(engine, company_input(), secrets=secrets, now=NOW, password=PASSWORD).folio
        for _ in range(count)
    ]
    engine.dispose()
    results.put(folios)


@pytest.mark.slow
def test_two_processes_emitting_get_gap_free_folios(engine, db_url, company):
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=_emit_many, args=(db_url, PER_PROCESS, barrier, results))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    folios = results.get(timeout=300) + results.get(timeout=300)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert sorted(folios) == list(range(1, 2 * PER_PROCESS + 1))
    with read_session(engine) as session:
        stored = session.exec(select(Documento.folio).where(Documento.serie == "A")).all()
    assert sorted(stored) == list(range(1, 2 * PER_PROCESS + 1))


def test_a_global_invoice_is_sealed_only_with_its_period(engine, company, secrets):
    data = company_input()
    data["Receptor"] = {
        "Rfc": "XAXX010101000",
        "Nombre": "PUBLICO EN GENERAL",
        "DomicilioFiscalReceptor": "42501",
        "RegimenFiscalReceptor": "616",
        "UsoCFDI": "S01",
    }
    with pytest.raises(RulesFailedError) as error:
        emit(engine, data, secrets=secrets, now=NOW)
    assert "CFDI40130" in error.value.message
    with read_session(engine) as session:
        assert session.exec(select(Documento)).all() == []
    data["InformacionGlobal"] = {"Periodicidad": "04", "Meses": "11", "Año": "2026"}
    result = emit(engine, data, secrets=secrets, now=NOW)
    with read_session(engine) as session:
        sealed = session.get(Documento, result.documento_id).sealed_xml
    assert b'<cfdi:InformacionGlobal Periodicidad="04" Meses="11"' in sealed
    assert validate_xml(sealed).valido
