"""The send queue: stamped, rejected, retry, credits, crash leftovers, the 72-hour window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from facturador.models import Documento, read_session, write_session
from facturador.models.states import DocumentState, transition
from facturador.models.tables import AuditEntry
from facturador.pac.base import StampResult, StampStatus
from facturador.pac.errors import PacCreditsExhaustedError, PacUnavailableError
from facturador.pac.sandbox import SandboxStamper
from facturador.sat.validation import validate_xml
from facturador.sat.xml_reader import parse_comprobante
from facturador.services.companies import add_company, install_csd, load_csd
from facturador.services.emission import emit
from facturador.services.queue import (
    DocumentRedated,
    DocumentStamped,
    RetryScheduled,
    SyncFinished,
    SyncPaused,
    SyncStarted,
    retry_delay,
    sync_once,
)
from facturador.services.queue_events import PauseReason
from facturador.services.secrets import MemorySecretStore
from tests.unit.services.company_setup import NOW, PASSWORD, company_input


@pytest.fixture
def sandbox():
    return SandboxStamper(clock=lambda: NOW + timedelta(minutes=5))


def _emit(engine, secrets, count=1, now=NOW):
    return [
        emit(engine, company_input(), secrets=secrets, now=now).documento_id for _ in range(count)
    ]


def _doc(engine, documento_id) -> Documento:
    with read_session(engine) as session:
        return session.get(Documento, documento_id)


def _audit(engine, documento_id):
    with read_session(engine) as session:
        rows = session.exec(
            select(AuditEntry)
            .where(AuditEntry.documento_id == documento_id)
            .order_by(col(AuditEntry.id))
        ).all()
    return [(a.from_state, a.to_state, a.detail) for a in rows]


class FakeClient:
    """The sandbox, with `stamp` answers replaced by a script (exceptions or results)."""

    name = "fake"

    def __init__(self, sandbox: SandboxStamper, *script) -> None:
        self.sandbox = sandbox
        self.script = list(script)
        self.sent: list[bytes] = []

    def stamp(self, xml: bytes) -> StampResult:
        self.sent.append(xml)
        if self.script:
            answer = self.script.pop(0)
            if isinstance(answer, Exception):
                raise answer
            if answer is not None:
                return answer
        return self.sandbox.stamp(xml)

    def recover(self, document):
        return self.sandbox.recover(document)


def test_queued_documents_are_stamped_with_the_xml_as_received(engine, company, secrets, sandbox):
    ids = _emit(engine, secrets, 2)
    events = []
    report = sync_once(
        engine,
        sandbox,
        empresa_id=company.id,
        now=NOW + timedelta(minutes=5),
        on_event=events.append,
    )
    assert [s.documento_id for s in report.stamped] == ids
    assert report.rejected == report.waiting == []
    assert report.paused_reason is None
    for documento_id in ids:
        documento = _doc(engine, documento_id)
        assert documento.state == DocumentState.TIMBRADO
        recorded = sandbox.lookup(documento.sealed_xml)
        assert documento.stamped_xml == recorded.xml
        assert documento.uuid == recorded.uuid
        assert documento.is_demo is True
        assert documento.attempts == 1
        moves = [(f, t) for f, t, _ in _audit(engine, documento_id)]
        assert moves[-2:] == [("EN_COLA", "ENVIANDO"), ("ENVIANDO", "TIMBRADO")]
    assert set(sandbox.stamp_counts.values()) == {1}
    kinds = [type(e) for e in events]
    assert kinds == [SyncStarted, DocumentStamped, DocumentStamped, SyncFinished]


def test_rejection_keeps_the_pac_code_and_explains_what_to_fix(engine, company, secrets, sandbox):
    (documento_id,) = _emit(engine, secrets)
    rejected = StampResult(
        status=StampStatus.REJECTED, code="CFDI40158", detail="Régimen del receptor inválido"
    )
    client = FakeClient(sandbox, rejected)
    report = sync_once(engine, client, empresa_id=company.id, now=NOW)
    documento = _doc(engine, documento_id)
    assert documento.state == DocumentState.RECHAZADO
    assert documento.last_error_code == "CFDI40158"
    assert "receptor" in documento.last_error_message
    assert "Constancia de Situación Fiscal" in documento.last_error_message
    assert report.rejected[0].code == "CFDI40158"


def test_retryable_fault_requeues_with_backoff_and_stops_the_pass(
    engine, company, secrets, sandbox
):
    first, second = _emit(engine, secrets, 2)
    refused = PacUnavailableError("CONEXION", "ConnectionError: http://x", request_sent=False)
    client = FakeClient(sandbox, refused)
    events = []
    report = sync_once(engine, client, empresa_id=company.id, now=NOW, on_event=events.append)
    documento = _doc(engine, first)
    assert documento.state == DocumentState.EN_COLA
    assert documento.attempts == 1
    assert NOW + timedelta(seconds=7) <= documento.next_attempt_at <= NOW + timedelta(seconds=13)
    assert documento.last_error_message.startswith("Sin conexión con el PAC")
    assert len(client.sent) == 1  # the PAC is not hammered for the second document
    assert _doc(engine, second).attempts == 0
    assert report.paused_reason is PauseReason.UNREACHABLE
    assert [w.documento_id for w in report.waiting] == [first, second]
    assert any(isinstance(e, RetryScheduled) for e in events)
    # A second later the second (never tried, due) document goes out first; the PAC answers,
    # so the first, which waited only on the fault's delay, goes in the same pass.
    again = sync_once(engine, client, empresa_id=company.id, now=NOW + timedelta(seconds=1))
    assert [s.documento_id for s in again.stamped] == [second, first]
    assert len(client.sent) == 3
    assert _doc(engine, first).last_error_message is None


def test_while_the_pac_keeps_failing_a_background_pass_respects_the_backoff(
    engine, company, secrets, sandbox
):
    (first,) = _emit(engine, secrets, 1)
    reset = PacUnavailableError("CONEXION", "ConnectionError: reset", request_sent=None)
    client = FakeClient(sandbox, reset, reset)
    sync_once(engine, client, empresa_id=company.id, now=NOW)
    assert _doc(engine, first).next_attempt_at > NOW + timedelta(seconds=1)
    sync_once(engine, client, empresa_id=company.id, now=NOW + timedelta(seconds=1))
    assert len(client.sent) == 1  # not due, and nothing answered: the PAC is not hammered
    # The user asks ("Sincronizar ahora", `facturador sincronizar`): every queued one, now.
    sync_once(
        engine, client, empresa_id=company.id, now=NOW + timedelta(seconds=2), everything_due=True
    )
    assert len(client.sent) == 2
    assert _doc(engine, first).state == DocumentState.EN_COLA  # the second reset
    user = sync_once(
        engine, client, empresa_id=company.id, now=NOW + timedelta(seconds=3), everything_due=True
    )
    assert [s.documento_id for s in user.stamped] == [first]


def test_a_reset_after_sending_does_not_end_the_pass_but_three_in_a_row_do(
    engine, company, secrets, sandbox
):
    ids = _emit(engine, secrets, 5)
    reset = PacUnavailableError("CONEXION", "ConnectionError: reset", request_sent=None)
    client = FakeClient(sandbox, reset, None, reset, reset, reset)
    report = sync_once(engine, client, empresa_id=company.id, now=NOW)
    assert [s.documento_id for s in report.stamped] == [ids[1]]
    assert len(client.sent) == 5  # 1 reset, 1 stamp, then 3 resets in a row end the pass
    assert report.paused_reason is PauseReason.UNREACHABLE
    assert all(_doc(engine, i).may_be_stamped for i in (ids[0], ids[2], ids[3], ids[4]))


def test_backoff_grows_exponentially_with_jitter_up_to_fifteen_minutes():
    for attempts, base in ((1, 10), (2, 20), (5, 160), (20, 900)):
        delay = retry_delay(attempts).total_seconds()
        assert base * 0.8 <= delay <= base * 1.2


def test_credits_exhausted_requeues_and_pauses(engine, company, secrets):
    first, second, third = _emit(engine, secrets, 3)
    sandbox = SandboxStamper(clock=lambda: NOW, credits=1)
    events = []
    report = sync_once(engine, sandbox, empresa_id=company.id, now=NOW, on_event=events.append)
    assert [s.documento_id for s in report.stamped] == [first]
    assert report.paused_reason is PauseReason.CREDITS
    documento = _doc(engine, second)
    assert documento.state == DocumentState.EN_COLA  # not rejected: it waits for credits
    assert "Créditos agotados" in documento.last_error_message
    assert _doc(engine, third).attempts == 0
    assert any(isinstance(e, SyncPaused) for e in events)
    sandbox.credits_left = 10
    report = sync_once(engine, sandbox, empresa_id=company.id, now=NOW)
    assert [s.documento_id for s in report.stamped] == [second, third]


def test_credits_error_raised_by_a_client_is_not_a_rejection(engine, company, secrets, sandbox):
    (documento_id,) = _emit(engine, secrets)
    client = FakeClient(sandbox, PacCreditsExhaustedError("718", "Sin timbres"))
    report = sync_once(engine, client, empresa_id=company.id, now=NOW)
    assert _doc(engine, documento_id).state == DocumentState.EN_COLA
    assert report.paused_reason is PauseReason.CREDITS


def _leave_in_enviando(engine, documento_id):
    with write_session(engine) as session:
        documento = session.get(Documento, documento_id)
        documento.attempts += 1
        transition(session, documento, DocumentState.ENVIANDO, "antes del corte", now=NOW)
        session.commit()


def test_leftover_enviando_recovers_the_stamp_without_stamping_twice(
    engine, company, secrets, sandbox
):
    stamped_before_crash, never_sent = _emit(engine, secrets, 2)
    for documento_id in (stamped_before_crash, never_sent):
        _leave_in_enviando(engine, documento_id)
    # The PAC stamped the first one, then the laptop died before the answer was stored.
    sealed = _doc(engine, stamped_before_crash).sealed_xml
    original = sandbox.stamp(sealed)
    client = FakeClient(sandbox)
    report = sync_once(engine, client, empresa_id=company.id, now=NOW)
    assert {s.documento_id for s in report.stamped} == {stamped_before_crash, never_sent}
    documento = _doc(engine, stamped_before_crash)
    assert documento.state == DocumentState.TIMBRADO
    assert documento.stamped_xml == original.xml
    assert documento.uuid == original.uuid
    assert client.sent == [_doc(engine, never_sent).sealed_xml]  # the first was only recovered
    assert _doc(engine, never_sent).state == DocumentState.TIMBRADO
    assert set(sandbox.stamp_counts.values()) == {1}
    moves = [(f, t) for f, t, _ in _audit(engine, never_sent)]
    assert moves[-2:] == [("ENVIANDO", "ENVIANDO"), ("ENVIANDO", "TIMBRADO")]


def test_previously_stamped_answer_is_a_success(engine, company, secrets, sandbox):
    (documento_id,) = _emit(engine, secrets)
    original = sandbox.stamp(_doc(engine, documento_id).sealed_xml)  # stamped, answer lost
    report = sync_once(engine, sandbox, empresa_id=company.id, now=NOW)
    assert report.stamped[0].previously is True
    documento = _doc(engine, documento_id)
    assert (documento.state, documento.stamped_xml) == (DocumentState.TIMBRADO, original.xml)


def test_a_document_near_the_72_hour_limit_is_redated_with_the_same_serie_and_folio(
    engine, company, secrets
):
    (documento_id,) = _emit(engine, secrets)
    before = _doc(engine, documento_id)
    later = NOW + timedelta(hours=71)
    sandbox = SandboxStamper(clock=lambda: later)
    events = []
    report = sync_once(
        engine,
        sandbox,
        empresa_id=company.id,
        now=later,
        on_event=events.append,
        credential_provider=lambda empresa: load_csd(empresa, secrets, later),
        clock_offset=timedelta(0),  # the PAC's clock is known to agree with ours
    )
    assert [r.documento_id for r in report.redated] == [documento_id]
    assert any("70 horas" in notice for notice in report.notices)
    assert any(isinstance(e, DocumentRedated) for e in events)
    documento = _doc(engine, documento_id)
    assert documento.state == DocumentState.TIMBRADO
    assert documento.sealed_xml != before.sealed_xml
    old, new = parse_comprobante(before.sealed_xml), parse_comprobante(documento.sealed_xml)
    assert (new.serie, new.folio) == (old.serie, old.folio) == ("A", "1")
    assert new.fecha == datetime(2026, 11, 28, 9, 0, 0)  # 15:00 UTC in Querétaro
    assert documento.fecha == new.fecha
    report_xml = validate_xml(documento.sealed_xml)
    assert report_xml.valido, report_xml.errores
    moves = [(f, t) for f, t, _ in _audit(engine, documento_id)]
    assert ("EN_COLA", "SELLADO") in moves
    assert moves[-4:] == [
        ("EN_COLA", "SELLADO"),
        ("SELLADO", "EN_COLA"),
        ("EN_COLA", "ENVIANDO"),
        ("ENVIANDO", "TIMBRADO"),
    ]
    redating = next(
        d for f, t, d in _audit(engine, documento_id) if f == "EN_COLA" and t == "SELLADO"
    )
    assert "72 horas" in redating
    assert "A-1" in redating


def test_without_a_credential_the_old_document_is_sent_and_the_user_told(engine, company, secrets):
    (documento_id,) = _emit(engine, secrets)
    later = NOW + timedelta(hours=71)
    report = sync_once(
        engine,
        SandboxStamper(clock=lambda: later),
        empresa_id=company.id,
        now=later,
        clock_offset=timedelta(0),
    )
    assert report.redated == []
    assert any("no pudo fecharse" in notice for notice in report.notices)
    assert _doc(engine, documento_id).state == DocumentState.TIMBRADO  # still inside 72 h


def test_before_redating_a_document_already_sent_the_pac_is_asked(engine, company, secrets):
    (documento_id,) = _emit(engine, secrets)
    sandbox = SandboxStamper(clock=lambda: NOW)
    # First attempt: the PAC stamped it but the answer was lost (retryable fault).
    client = FakeClient(sandbox, None)
    client.script = [PacUnavailableError("HTTP500", "error")]
    original = sandbox.stamp(_doc(engine, documento_id).sealed_xml)
    sync_once(engine, client, empresa_id=company.id, now=NOW)
    assert _doc(engine, documento_id).state == DocumentState.EN_COLA
    later = NOW + timedelta(hours=71)
    report = sync_once(
        engine,
        client,
        empresa_id=company.id,
        now=later,
        credential_provider=lambda empresa: load_csd(empresa, secrets, later),
    )
    assert report.redated == []  # the old bytes were stamped: no second CFDI for the sale
    documento = _doc(engine, documento_id)
    assert (documento.state, documento.stamped_xml) == (DocumentState.TIMBRADO, original.xml)
    assert set(sandbox.stamp_counts.values()) == {1}


def test_max_documents_limits_the_pass(engine, company, secrets, sandbox):
    _emit(engine, secrets, 3)
    report = sync_once(engine, sandbox, empresa_id=company.id, now=NOW, max_documents=2)
    assert len(report.stamped) == 2
    assert len(report.waiting) == 1


# ---------------------------------------------------------------- `facturador sincronizar`


@pytest.fixture
def cli_company(csd_dir, monkeypatch):
    """The data dir's database with the active company and two queued documents."""
    from facturador.services import secrets as secrets_module
    from facturador.services.settings import open_engine

    secrets = MemorySecretStore()
    monkeypatch.setattr(secrets_module, "open_secret_store", lambda: secrets)
    engine = open_engine()
    csd = csd_dir / "csd_EKU9003173C9"
    now = datetime.now(UTC)
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
            (csd / "certificate.cer").read_bytes(),
            (csd / "private_key.key").read_bytes(),
            PASSWORD,
            secrets,
            now,
        )
    _emit(engine, secrets, 2, now=now)
    yield engine, empresa, secrets
    engine.dispose()


def test_cli_without_a_pac_uses_the_sandbox_and_says_so(cli_company, capsys):
    import json

    from facturador.cli import main

    assert main(["sincronizar"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Sin PAC configurado: se usa el modo de demostración")
    assert "Timbrado A-1: UUID " in out
    assert out.rstrip().endswith("2 timbrado(s), 0 rechazado(s), 0 en espera.")
    assert main(["sincronizar", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert (answer["pac"], answer["demostracion"], answer["timbrados"]) == ("sandbox", True, [])


def test_cli_reports_waiting_documents_in_spanish_and_exits_0(cli_company, capsys):
    import json

    from facturador.cli import main
    from facturador.services.pac_clients import pac_secret_key

    engine, empresa, secrets = cli_company
    with write_session(engine) as session:
        row = session.get(type(empresa), empresa.id)
        row.pac_provider, row.pac_environment = "finkok", "pruebas"
        row.pac_url = "http://127.0.0.1:9"  # nothing listens on the discard port
        session.add(row)
        session.commit()
    assert main(["sincronizar"]) == 1  # no credentials in the keyring
    assert "pac:finkok:EKU9003173C9:username" in capsys.readouterr().err
    secrets.set("facturador", pac_secret_key("finkok", "EKU9003173C9", "username"), "u")
    secrets.set("facturador", pac_secret_key("finkok", "EKU9003173C9", "password"), "p")
    assert main(["sincronizar", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["pac"] == "finkok"
    assert answer["pausa"] == "sin conexión"
    assert [w["folio"] for w in answer["en_espera"]] == [1, 2]
    assert answer["en_espera"][0]["motivo"].startswith("Sin conexión con el PAC")
    assert main(["sincronizar"]) == 0
    out = capsys.readouterr().out
    assert "En espera A-1: Sin conexión con el PAC" in out
    assert "0 timbrado(s), 0 rechazado(s), 2 en espera." in out


def test_without_a_reading_of_the_pac_clock_old_bytes_go_and_a_401_redates_them(
    engine, company, secrets
):
    """Past 72 hours by our clock, and nothing heard from the PAC yet: the bytes go as they
    are; the PAC's 401 (a refusal: never stamped) has them re-dated and sent in the pass."""
    (documento_id,) = _emit(engine, secrets)
    before = _doc(engine, documento_id)
    later = NOW + timedelta(hours=75)
    sandbox = SandboxStamper(clock=lambda: later)
    client = FakeClient(sandbox)
    report = sync_once(
        engine,
        client,
        empresa_id=company.id,
        now=later,
        credential_provider=lambda empresa: load_csd(empresa, secrets, later),
    )
    assert client.sent[0] == before.sealed_xml
    assert [r.documento_id for r in report.redated] == [documento_id]
    assert "rechazó el comprobante A-1 por su fecha" in report.redated[0].message
    documento = _doc(engine, documento_id)
    assert documento.state == DocumentState.TIMBRADO
    assert set(sandbox.stamp_counts.values()) == {1}
    moves = [(f, t) for f, t, _ in _audit(engine, documento_id)]
    assert moves[-5:] == [
        ("ENVIANDO", "RECHAZADO"),
        ("RECHAZADO", "SELLADO"),
        ("SELLADO", "EN_COLA"),
        ("EN_COLA", "ENVIANDO"),
        ("ENVIANDO", "TIMBRADO"),
    ]
    # Without the CSD it stays rejected, and the message says how to re-date it.
    (second,) = _emit(engine, secrets, now=NOW + timedelta(hours=1))
    report = sync_once(
        engine, SandboxStamper(clock=lambda: later + timedelta(hours=2)),
        empresa_id=company.id, now=later + timedelta(hours=2),
    )  # fmt: skip
    assert _doc(engine, second).state == DocumentState.RECHAZADO
    assert "facturador refechar" in _doc(engine, second).last_error_message
