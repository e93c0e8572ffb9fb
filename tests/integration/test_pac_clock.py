"""A computer whose clock is days off: the PAC's clock (its HTTP Date header) decides.

The loopback Finkok emulator's clock, and the Date header of its answers, run 5 days behind
this computer's: from the PAC's point of view our clock is 5 days ahead.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from facturador.models import Documento, read_session, write_session
from facturador.models.engine import open_database, sqlite_url
from facturador.models.states import DocumentState
from facturador.pac.sandbox import SandboxStamper
from facturador.sat.xml_reader import parse_comprobante
from facturador.services.emission import emit
from facturador.services.pac_clock import known_clock_offset
from facturador.services.pac_settings import configure_pac
from facturador.services.secrets import MemorySecretStore
from facturador.services.sync import run_pass
from tests.pac_emulators import FinkokEmulator
from tests.unit.services.company_setup import company_input, install_test_company

REPO = Path(__file__).resolve().parents[2]
CSD_DIR = REPO.parent / "shared" / "sat" / "csd"
BEHIND = timedelta(days=5)
QUERETARO = timedelta(hours=-6)  # LugarExpedicion 42501: Fecha is local time there


def _doc(engine, documento_id) -> Documento:
    with read_session(engine) as session:
        return session.get(Documento, documento_id)


def test_a_clock_five_days_ahead_neither_redates_into_the_future_nor_leaves_a_401(tmp_path):
    secrets = MemorySecretStore()
    engine = open_database(sqlite_url(tmp_path / "db.sqlite3"))
    ours = datetime.now(UTC)
    pac_time = ours - BEHIND
    empresa = install_test_company(engine, CSD_DIR, secrets, now=pac_time - timedelta(hours=2))
    emulator = FinkokEmulator(SandboxStamper(clock=lambda: datetime.now(UTC) - BEHIND))
    emulator.clock_offset = -BEHIND.total_seconds()
    with emulator:
        with write_session(engine) as session:
            empresa = configure_pac(
                session,
                empresa.id,
                secrets,
                provider="finkok",
                environment="pruebas",
                url=emulator.url,
                credentials={"username": "demo@example.com", "password": "secreto"},
            )
        # Sealed an hour ago by the PAC's clock, when ours was right; queued since.
        earlier = emit(
            engine, company_input(), secrets=secrets, now=pac_time - timedelta(hours=1)
        ).documento_id
        sealed_earlier = _doc(engine, earlier).sealed_xml
        # Sealed with our clock 5 days ahead: in the PAC's future.
        ahead = emit(engine, company_input(), secrets=secrets, now=ours).documento_id
        outcome = run_pass(engine, empresa, secrets, data_dir=tmp_path, now=ours)
    report = outcome.stamping
    # The first is 5 days old by our clock but one hour by the PAC's: sent as it was.
    first = _doc(engine, earlier)
    assert (first.state, first.sealed_xml) == (DocumentState.TIMBRADO, sealed_earlier)
    # The second was refused (401, never stamped), re-dated by the PAC's clock, and stamped.
    second = _doc(engine, ahead)
    assert second.state == DocumentState.TIMBRADO
    fecha = parse_comprobante(second.sealed_xml).fecha
    expected = (pac_time + QUERETARO).replace(tzinfo=None)
    assert abs(fecha - expected) < timedelta(minutes=2)
    assert [r.documento_id for r in report.redated] == [ahead]
    assert set(emulator.stamp_counts.values()) == {1}
    assert any("está adelantado 5 días respecto al del PAC" in n for n in report.notices), (
        report.notices
    )
    # The next process knows the PAC's clock before hearing from it.
    kept = known_clock_offset(tmp_path)
    assert kept is not None
    assert abs(kept + BEHIND) < timedelta(seconds=5)
    engine.dispose()


def test_a_rejection_for_fecha_without_the_csd_can_be_redated_from_the_cli(tmp_path, capsys):
    """The PAC refused A-1 for its Fecha and the pass could not re-seal it (no CSD password):
    `facturador refechar A-1` re-dates it with the same serie and folio and queues it."""
    from facturador.cli import main
    from facturador.services.queue import sync_once
    from facturador.services.settings import open_engine

    home = Path(os.environ["FACTURADOR_HOME"])
    engine = open_engine()
    secrets = MemorySecretStore()
    ours = datetime.now(UTC)
    install_test_company(engine, CSD_DIR, secrets, now=ours)
    ahead = ours + timedelta(hours=3)  # sealed while this computer's clock was 3 h ahead
    documento_id = emit(engine, company_input(), secrets=secrets, now=ahead).documento_id
    sandbox = SandboxStamper(clock=lambda: ours, data_dir=home)
    sync_once(engine, sandbox, empresa_id=1, now=ahead)  # in the PAC's future: 401
    rejected = _doc(engine, documento_id)
    assert (rejected.state, rejected.last_error_code) == (DocumentState.RECHAZADO, "401")
    password = tmp_path / "password.txt"
    password.write_text("12345678a")
    assert main(["refechar", "A-1", "--password-file", str(password)]) == 0
    assert "A-1 se fechó de nuevo" in capsys.readouterr().out
    again = _doc(engine, documento_id)
    assert again.state == DocumentState.EN_COLA
    assert (again.serie, again.folio) == (rejected.serie, rejected.folio)
    assert again.sealed_xml != rejected.sealed_xml
    # A document that was not rejected for its Fecha is not re-dated.
    assert main(["refechar", "A-1", "--password-file", str(password)]) == 1
    assert "sólo se fecha de nuevo uno que el PAC rechazó por la fecha" in capsys.readouterr().err
    engine.dispose()


def test_emitir_dates_by_the_pac_clock_when_ours_is_known_to_be_off(tmp_path, capsys):
    """The last answers of the PAC showed our clock 5 days ahead: `emitir` says so and dates
    the document by the PAC's clock, so it is not refused as a future date (401)."""
    import json

    from facturador.cli import main
    from facturador.services.pac_clock import CLOCK_FILE
    from facturador.services.settings import data_dir, open_engine

    engine = open_engine()
    install_test_company(engine, CSD_DIR, MemorySecretStore())
    seen = {"offset_s": -BEHIND.total_seconds(), "seen_at": datetime.now(UTC).isoformat()}
    (data_dir() / CLOCK_FILE).write_text(json.dumps(seen))
    source = tmp_path / "factura.json"
    source.write_text(json.dumps(company_input()))
    password = tmp_path / "password.txt"
    password.write_text("12345678a")
    assert main(["emitir", str(source), "--password-file", str(password)]) == 0
    assert "está adelantado 5 días respecto al del PAC" in capsys.readouterr().err
    with read_session(engine) as session:
        documento = session.get(Documento, 1)
    expected = (datetime.now(UTC) - BEHIND + QUERETARO).replace(tzinfo=None)
    assert abs(documento.fecha - expected) < timedelta(minutes=2)
    engine.dispose()
