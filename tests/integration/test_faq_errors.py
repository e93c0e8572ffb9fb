"""The four problems of the user FAQ, each caused by a PAC emulator on loopback and seen the
way the user sees them: in the queue's report and the document's last_error_message.

1. "Certificado no válido o expirado"            Finkok 304/305, SW CFDI40106 -> RECHAZADO
2. "Sin folios disponibles / Créditos agotados"  Finkok 718, SW AU2001 -> EN_COLA, pass paused
3. "Error en datos del receptor / RFC no encontrado"  CFDI40143/40145 -> RECHAZADO
4. "Error de conexión con el SAT / Servicio no disponible"  708, CO1000, refused -> retried
   automatically; after an hour of failures, the advice is to contact support.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from facturador.models import Documento, read_session, write_session
from facturador.models.engine import open_database, sqlite_url
from facturador.models.states import DocumentState
from facturador.pac.finkok import FinkokClient
from facturador.pac.messages import FAQ_CERTIFICADO, FAQ_CONEXION, FAQ_RECEPTOR
from facturador.pac.sandbox import SandboxStamper
from facturador.pac.sw import SwClient
from facturador.services.companies import add_company, install_csd
from facturador.services.emission import emit
from facturador.services.pac_settings import connection_advice, first_connection_failure
from facturador.services.queue import sync_once
from facturador.services.queue_events import PauseReason
from facturador.services.secrets import MemorySecretStore
from tests.pac_emulators import Fault, FaultKind, FinkokEmulator, SwEmulator
from tests.pac_emulators.fixtures import CSD_DIR, TEST_TIMEOUT
from tests.unit.sat.conftest import BASE_INPUT

USER, PASSWORD = "demo@example.com", "secreto"
NO_BACKOFF = {"backoff": lambda _attempts: timedelta(minutes=1)}


def _input() -> dict[str, object]:
    data = copy.deepcopy(BASE_INPUT)
    for key in ("Emisor", "Folio", "LugarExpedicion"):
        data.pop(key)
    return data


@pytest.fixture
def queue(tmp_path):
    """(engine, empresa_id, emit_one) with the test CSD installed; documents dated now."""
    secrets = MemorySecretStore()
    now = datetime.now(UTC)
    engine = open_database(sqlite_url(tmp_path / "db.sqlite3"))
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
            now,
        )
        empresa_id = empresa.id
    yield engine, empresa_id, lambda: emit(engine, _input(), secrets=secrets, now=now).documento_id
    engine.dispose()


@pytest.fixture(params=["finkok", "sw"])
def pac(request) -> Iterator[tuple[str, object, object]]:
    """(name, emulator, client) on the real clock."""
    sandbox = SandboxStamper()
    if request.param == "finkok":
        with FinkokEmulator(sandbox) as emulator:
            yield (
                "finkok",
                emulator,
                FinkokClient(USER, PASSWORD, base_url=emulator.url, timeout=TEST_TIMEOUT),
            )
    else:
        with SwEmulator(sandbox) as emulator:
            yield (
                "sw",
                emulator,
                SwClient(
                    user=USER, password=PASSWORD, services_url=emulator.url, timeout=TEST_TIMEOUT
                ),
            )


def _doc(engine, documento_id) -> Documento:
    with read_session(engine) as session:
        return session.get(Documento, documento_id)


def _stamp_count(emulator) -> int:
    return sum(emulator.stamp_counts.values())


# ---------------------------------------------------------------- 1. certificate


@pytest.mark.parametrize("code", ["304", "305", "CFDI40106"])
def test_certificado_no_valido_o_expirado(queue, pac, code):
    engine, empresa_id, emit_one = queue
    _, emulator, client = pac
    documento_id = emit_one()
    emulator.faults.script(Fault(FaultKind.REJECT, code))
    report = sync_once(engine, client, empresa_id=empresa_id)
    [rejected] = report.rejected
    assert rejected.code == code
    assert rejected.message.startswith(f"Certificado no válido o expirado (código {code})")
    assert FAQ_CERTIFICADO[1].rstrip(".") in rejected.message
    assert "CertiSAT" in rejected.message
    doc = _doc(engine, documento_id)
    assert doc.state == DocumentState.RECHAZADO
    assert doc.last_error_message == rejected.message
    assert _stamp_count(emulator) == 0


# ---------------------------------------------------------------- 2. credits


def test_sin_folios_disponibles(queue, pac):
    engine, empresa_id, emit_one = queue
    name, emulator, client = pac
    ids = [emit_one(), emit_one()]
    emulator.faults.script(FaultKind.CREDITS)
    report = sync_once(engine, client, empresa_id=empresa_id)
    assert report.paused_reason is PauseReason.CREDITS
    assert report.stamped == report.rejected == []
    assert [w.documento_id for w in report.waiting] == ids  # both stay in the queue
    first = _doc(engine, ids[0])
    assert first.state == DocumentState.EN_COLA
    assert first.last_error_code == ("718" if name == "finkok" else "AU2001")
    assert first.last_error_message.startswith("Sin folios disponibles / Créditos agotados")
    assert "Compre o asigne más timbres" in first.last_error_message
    assert "no se pierden" in report.notices[0]
    assert _doc(engine, ids[1]).attempts == 0  # the pass stopped: not even sent
    # Credits bought: the next pass stamps both.
    report = sync_once(engine, client, empresa_id=empresa_id)
    assert len(report.stamped) == 2


# ---------------------------------------------------------------- 3. receptor


@pytest.mark.parametrize("code", ["CFDI40143", "CFDI40145"])
def test_error_en_datos_del_receptor(queue, pac, code):
    engine, empresa_id, emit_one = queue
    _, emulator, client = pac
    documento_id = emit_one()
    emulator.faults.script(Fault(FaultKind.REJECT, code))
    report = sync_once(engine, client, empresa_id=empresa_id)
    [rejected] = report.rejected
    expected = f"Error en datos del receptor / RFC no encontrado (código {code})"
    assert rejected.message.startswith(expected)
    assert "Constancia de Situación Fiscal" in rejected.message
    assert FAQ_RECEPTOR[1].rstrip(".") in rejected.message
    doc = _doc(engine, documento_id)
    assert (doc.state, doc.last_error_code) == (DocumentState.RECHAZADO, code)
    assert doc.last_error_message == rejected.message


# ---------------------------------------------------------------- 4. connection


def test_error_de_conexion_se_reintenta_y_tras_una_hora_pide_soporte(queue, pac):
    engine, empresa_id, emit_one = queue
    name, emulator, client = pac
    documento_id = emit_one()
    start = datetime.now(UTC)
    emulator.faults.script(FaultKind.UNAVAILABLE)  # 708 / CO1000
    report = sync_once(engine, client, empresa_id=empresa_id, now=start, **NO_BACKOFF)
    doc = _doc(engine, documento_id)
    assert doc.state == DocumentState.EN_COLA
    assert doc.last_error_code == ("708" if name == "finkok" else "CO1000")
    assert FAQ_CONEXION[0] in doc.last_error_message
    assert "se enviará automáticamente" in doc.last_error_message
    assert doc.next_attempt_at is not None
    assert report.waiting[0].reason == doc.last_error_message

    emulator.stop()  # and then the PAC cannot even be reached
    for minutes in (20, 45, 70):
        sync_once(
            engine, client, empresa_id=empresa_id, now=start + timedelta(minutes=minutes),
            **NO_BACKOFF,
        )  # fmt: skip
    doc = _doc(engine, documento_id)
    assert doc.state == DocumentState.EN_COLA
    assert doc.last_error_code == "CONEXION"
    with read_session(engine) as session:
        first = first_connection_failure(session, documento_id)
    assert abs(first - start) < timedelta(seconds=1)
    early = connection_advice(first, start + timedelta(minutes=45))
    assert "Se reintentará automáticamente" in early
    assert "soporte" not in early
    late = connection_advice(first, start + timedelta(minutes=70))
    assert late.startswith(FAQ_CONEXION[0])
    assert "Contacte a soporte" in late
    assert "siguen en la cola" in late

    emulator.start()  # the service is back: stamped automatically on the next pass
    report = sync_once(
        engine, client, empresa_id=empresa_id, now=start + timedelta(minutes=75), **NO_BACKOFF
    )
    assert [s.documento_id for s in report.stamped] == [documento_id]
    assert _stamp_count(emulator) == 1
    with read_session(engine) as session:
        assert first_connection_failure(session, documento_id) is None
