# ruff: noqa: F811 - the fixtures imported from tests.pac_emulators.fixtures are parameters
"""Cancellation flows over real HTTP against the loopback PAC and SAT emulators:
the FAQ's substitution (offline first, then online), SAT's "En proceso" then "Cancelado",
and motivo 03 end to end; plus `facturador estado` against the SAT emulator."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import col, select

from facturador.cli import main
from facturador.models import Documento, read_session, write_session
from facturador.models.engine import open_database, sqlite_url
from facturador.models.states import DocumentState
from facturador.models.tables import AuditEntry, Cancelacion
from facturador.pac.finkok import FinkokClient
from facturador.pac.sat_status import SatStatusClient
from facturador.pac.sw import SwClient
from facturador.sat.xml_safety import parse_xml
from facturador.services.cancel_requests import request_cancellation
from facturador.services.cancellation import sync_all
from facturador.services.companies import add_company, install_csd
from facturador.services.emission import emit
from facturador.services.queue_events import PauseReason
from facturador.services.secrets import MemorySecretStore
from facturador.services.substitution import substitute
from tests.pac_emulators.fixtures import (  # noqa: F401 - pytest fixtures
    CSD_DIR,
    INVOICE,
    SANDBOX_NOW,
    TEST_TIMEOUT,
    finkok_emulator,
    sandbox,
    sw_emulator,
)
from tests.pac_emulators.sat_script import ScriptedSatEmulator

S = DocumentState
NOW = SANDBOX_NOW - timedelta(minutes=10)
CFDI_NS = "http://www.sat.gob.mx/cfd/4"


@pytest.fixture
def secrets():
    return MemorySecretStore()


@pytest.fixture
def engine(tmp_path):
    engine = open_database(sqlite_url(tmp_path / "store.sqlite3"))
    yield engine
    engine.dispose()


@pytest.fixture
def company(engine, secrets):
    with write_session(engine) as session:
        empresa = add_company(
            session,
            rfc="EKU9003173C9",
            nombre="ESCUELA KEMPER URGATE",
            regimen_fiscal="601",
            lugar_expedicion="42501",
        )
        install_csd(
            session,
            empresa.id,
            (CSD_DIR / "certificate.cer").read_bytes(),
            (CSD_DIR / "private_key.key").read_bytes(),
            (CSD_DIR / "password.txt").read_text().strip(),
            secrets,
            NOW,
        )
        return empresa


@pytest.fixture
def sat(sandbox) -> Iterator[ScriptedSatEmulator]:
    with ScriptedSatEmulator(sandbox) as emulator:
        yield emulator


@pytest.fixture
def sat_client(sat) -> SatStatusClient:
    return SatStatusClient(url=f"{sat.url}/ConsultaCFDIService.svc", timeout=TEST_TIMEOUT)


@pytest.fixture
def finkok(finkok_emulator) -> FinkokClient:
    return FinkokClient(
        "demo@example.com",
        "secreto",
        base_url=finkok_emulator.url,
        timeout=TEST_TIMEOUT,
        recover_interval=0.01,
    )


def _input() -> dict[str, object]:
    data = copy.deepcopy(INVOICE)
    data.pop("Emisor")
    return data


def _doc(engine, documento_id) -> Documento:
    with read_session(engine) as session:
        return session.get(Documento, documento_id)


def _request(engine, documento_id) -> Cancelacion:
    with read_session(engine) as session:
        return session.exec(
            select(Cancelacion)
            .where(Cancelacion.documento_id == documento_id)
            .order_by(col(Cancelacion.id).desc())
        ).first()


def _operations(emulator) -> list[str]:
    names = []
    for request in emulator.requests:
        body = parse_xml(request.body).find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
        names.append(etree_localname(body[0].tag))
    return names


def etree_localname(tag: str) -> str:
    return tag.rpartition("}")[2]


def _sync(engine, client, company, secrets, sat_client, minutes=0):
    return sync_all(
        engine,
        client,
        empresa_id=company.id,
        secrets=secrets,
        sat_status_client=sat_client,
        now=NOW + timedelta(minutes=minutes),
        backoff=lambda _attempts: timedelta(0),
    )


@pytest.fixture
def stamped(engine, company, secrets, finkok, sat_client):
    """An invoice stamped through the Finkok emulator: (documento_id, uuid)."""
    emitted = emit(engine, _input(), secrets=secrets, now=NOW)
    stamping, _ = _sync(engine, finkok, company, secrets, sat_client)
    [event] = stamping.stamped
    return emitted.documento_id, event.uuid


def test_substitution_offline_first_then_online(
    engine, company, secrets, finkok_emulator, finkok, sat, sat_client, stamped
):
    old_id, old_uuid = stamped
    finkok_emulator.stop()  # the PAC is down
    finkok_emulator.requests.clear()

    result = substitute(engine, old_uuid, _input(), secrets=secrets, now=NOW + timedelta(minutes=1))
    new_id = result.new.documento_id
    stamping, cancelling = _sync(engine, finkok, company, secrets, sat_client, minutes=2)
    assert stamping.paused_reason is PauseReason.UNREACHABLE
    assert _doc(engine, new_id).state == S.EN_COLA
    assert _doc(engine, old_id).state == S.CANCELACION_EN_COLA
    [waiting] = cancelling.waiting
    assert waiting.documento_id == old_id
    assert waiting.reason.startswith("Sustitución pendiente")
    assert finkok_emulator.requests == []
    with read_session(engine) as session:
        details = [a.detail for a in session.exec(
            select(AuditEntry).where(AuditEntry.documento_id == old_id)
        ).all()]  # fmt: skip
    assert any(f"sustitución pendiente de {new_id}" in d for d in details)

    finkok_emulator.start()  # back online, same port
    stamping, cancelling = _sync(engine, finkok, company, secrets, sat_client, minutes=3)
    [new_stamp] = stamping.stamped
    new_uuid = new_stamp.uuid
    assert _operations(finkok_emulator) == ["stamp", "cancel"]

    stamped_new = parse_xml(_doc(engine, new_id).stamped_xml)
    relacion = stamped_new.find(f"{{{CFDI_NS}}}CfdiRelacionados")
    assert relacion.get("TipoRelacion") == "04"
    assert relacion.find(f"{{{CFDI_NS}}}CfdiRelacionado").get("UUID") == old_uuid

    cancel_body = parse_xml(finkok_emulator.requests[1].body)
    [item] = cancel_body.iter("{apps.services.soap.core.views}UUID")
    assert (item.get("UUID"), item.get("Motivo"), item.get("FolioSustitucion")) == (
        old_uuid,
        "01",
        new_uuid,
    )
    assert [c.uuid for c in cancelling.cancelled] == [old_uuid]
    assert _doc(engine, old_id).state == S.CANCELADO
    assert _doc(engine, new_id).state == S.TIMBRADO
    assert _request(engine, old_id).folio_sustitucion == new_uuid


def test_sat_en_proceso_then_cancelado(
    engine, company, secrets, finkok_emulator, finkok, sat, sat_client, stamped
):
    documento_id, uuid = stamped
    sat.script(
        uuid,
        ("Vigente", "Cancelable con aceptación", ""),
        ("Vigente", "Cancelable con aceptación", "En proceso"),
        ("Vigente", "Cancelable con aceptación", "En proceso"),
        ("Cancelado", "No cancelable", "Cancelado con aceptación"),
    )
    request_cancellation(engine, uuid, "02", now=NOW)
    _, report = _sync(engine, finkok, company, secrets, sat_client, minutes=1)
    assert [(r.code, r.es_cancelable) for r in report.requested] == [
        ("201", "Cancelable con aceptación")
    ]
    assert [(w.state, w.estatus_cancelacion) for w in report.waiting] == [
        ("CANCELACION_EN_PROCESO", "En proceso")
    ]
    _, report = _sync(engine, finkok, company, secrets, sat_client, minutes=60)
    assert _doc(engine, documento_id).state == S.CANCELACION_EN_PROCESO
    _, report = _sync(engine, finkok, company, secrets, sat_client, minutes=24 * 60)
    assert [c.estatus_cancelacion for c in report.cancelled] == ["Cancelado con aceptación"]
    assert _doc(engine, documento_id).state == S.CANCELADO
    request = _request(engine, documento_id)
    assert request.code == "201"
    assert b"CancelaCFDResult" in request.acuse
    assert request.sat_estatus_cancelacion == "Cancelado con aceptación"
    assert _operations(finkok_emulator).count("cancel") == 1
    assert sat.asked.count(uuid) == 4


def test_motivo_03_end_to_end_through_sw(engine, company, secrets, sw_emulator, sat, sat_client):
    sw = SwClient(
        user="demo@example.com",
        password="secreto",
        services_url=sw_emulator.url,
        timeout=TEST_TIMEOUT,
    )
    emitted = emit(engine, _input(), secrets=secrets, now=NOW)
    stamping, _ = _sync(engine, sw, company, secrets, sat_client)
    uuid = stamping.stamped[0].uuid
    request_cancellation(engine, uuid, "03", now=NOW)
    _, report = _sync(engine, sw, company, secrets, sat_client, minutes=1)
    assert [(r.code, r.es_cancelable) for r in report.requested] == [
        ("201", "Cancelable sin aceptación")
    ]
    assert [c.estatus_cancelacion for c in report.cancelled] == ["Cancelado sin aceptación"]
    assert _doc(engine, emitted.documento_id).state == S.CANCELADO
    [cancel] = [r for r in sw_emulator.requests if "/cancel/" in r.path]
    payload = json.loads(cancel.body)
    assert (payload["uuid"].upper(), payload["motivo"]) == (uuid, "03")
    assert not payload.get("foliosustitucion")


def test_cli_estado_against_the_sat_emulator(
    engine, company, sat, sat_client, stamped, monkeypatch, capsys
):
    monkeypatch.setattr("facturador.services.settings.open_engine", lambda: engine)
    _, uuid = stamped
    url = f"{sat.url}/ConsultaCFDIService.svc"
    assert main(["estado", uuid, "--url", url, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["estado"], out["es_cancelable"], out["estatus_cancelacion"]) == (
        "Vigente",
        "Cancelable sin aceptación",
        "",
    )
    assert main(["estado", uuid, "--url", url]) == 0
    assert "EsCancelable: Cancelable sin aceptación" in capsys.readouterr().out
