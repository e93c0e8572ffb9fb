"""Cancellation: refusals that queue nothing, the queue pass, SAT's status answers,
substitution with a pending link, and the CLI."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import col, select

from facturador.cli import main
from facturador.models import Documento, read_session
from facturador.models.states import DocumentState
from facturador.models.tables import AuditEntry, Cancelacion
from facturador.pac.base import CancelCommand, CancelResult, SatStatus, StatusQuery
from facturador.pac.errors import PacUnavailableError
from facturador.pac.sandbox import SandboxStamper
from facturador.services.cancel_requests import (
    CancellationRefusedError,
    CsdFiles,
    request_cancellation,
    substitute_candidates,
)
from facturador.services.cancellation import sync_all, sync_cancellations
from facturador.services.context import Context
from facturador.services.emission import emit
from facturador.services.queue import sync_once
from facturador.services.queue_events import PauseReason
from facturador.services.substitution import substitute, with_substitution_relation
from tests.unit.services.company_setup import NOW, company_input

S = DocumentState
OTHER_UUID = "0A1B2C3D-0000-4000-8000-000000000001"


@pytest.fixture
def sandbox():
    return SandboxStamper(clock=lambda: NOW + timedelta(minutes=5))


@pytest.fixture
def csd(company, secrets):
    return CsdFiles.for_company(company, secrets, NOW)


def _doc(engine, documento_id) -> Documento:
    with read_session(engine) as session:
        return session.get(Documento, documento_id)


def _audit(engine, documento_id):
    with read_session(engine) as session:
        return session.exec(
            select(AuditEntry)
            .where(AuditEntry.documento_id == documento_id)
            .order_by(col(AuditEntry.id))
        ).all()


def _requests(engine, documento_id):
    with read_session(engine) as session:
        return session.exec(
            select(Cancelacion).where(Cancelacion.documento_id == documento_id)
        ).all()


@pytest.fixture
def stamped(engine, company, secrets, sandbox):
    """A stamped invoice: (documento_id, uuid)."""
    emitted = emit(engine, company_input(), secrets=secrets, now=NOW)
    sync_once(engine, sandbox, empresa_id=company.id, now=NOW)
    doc = _doc(engine, emitted.documento_id)
    assert doc.state == S.TIMBRADO
    return doc.id, doc.uuid


class ScriptedStatus:
    """SAT's status service answering a script, then repeating the last answer."""

    def __init__(self, *answers: tuple[str, str, str]) -> None:
        self.answers = list(answers)
        self.queries: list[StatusQuery] = []

    def status(self, query: StatusQuery) -> SatStatus:
        self.queries.append(query)
        estado, cancelable, estatus = (
            self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        )
        return SatStatus(
            codigo_estatus="S - Comprobante obtenido satisfactoriamente.",
            estado=estado,
            es_cancelable=cancelable,
            estatus_cancelacion=estatus,
        )


class ScriptedPac:
    """The sandbox, with `cancel` answers replaced by a script (exceptions or results)."""

    name = "fake"

    def __init__(self, sandbox: SandboxStamper, *script) -> None:
        self.sandbox = sandbox
        self.script = list(script)
        self.cancels: list[CancelCommand] = []

    def cancel(self, command: CancelCommand) -> CancelResult:
        self.cancels.append(command)
        if self.script:
            answer = self.script.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        return self.sandbox.cancel(command)

    def status(self, query):
        return self.sandbox.status(query)

    def __getattr__(self, name):
        return getattr(self.sandbox, name)


# ---------------------------------------------------------------- refusals


def _refused(engine, stamped, ref, motivo, folio=None) -> CancellationRefusedError:
    documento_id = stamped[0]
    before = (_doc(engine, documento_id).state, len(_audit(engine, documento_id)))
    with pytest.raises(CancellationRefusedError) as info:
        request_cancellation(engine, ref, motivo, folio_sustitucion=folio, now=NOW)
    assert (_doc(engine, documento_id).state, len(_audit(engine, documento_id))) == before
    assert _requests(engine, documento_id) == []
    return info.value


def test_motivo_01_without_folio_sustitucion_is_refused_and_nothing_queued(engine, stamped):
    error = _refused(engine, stamped, stamped[1], "01")
    assert error.reason == "folio_required"
    assert "El motivo 01 exige el UUID del comprobante que sustituye" in error.message
    assert "facturador sustituir" in error.message


def test_cancelling_a_document_not_stamped_is_refused_with_what_to_do(
    engine, company, secrets, stamped
):
    queued = emit(engine, company_input(), secrets=secrets, now=NOW)
    doc = _doc(engine, queued.documento_id)
    before = len(_audit(engine, doc.id))
    with pytest.raises(CancellationRefusedError) as info:
        request_cancellation(engine, f"{doc.serie}-{doc.folio}", "02", now=NOW)
    assert info.value.reason == "not_stamped_queued"
    assert "aún no está timbrado (está en cola de timbrado)" in info.value.message
    assert "retírelo de la cola («Retirar de la cola»" in info.value.message
    assert _doc(engine, doc.id).state == S.EN_COLA
    assert len(_audit(engine, doc.id)) == before
    assert _requests(engine, doc.id) == []


@pytest.mark.parametrize(
    ("motivo", "folio", "reason", "text"),
    [
        ("05", None, "bad_motivo", "El motivo de cancelación «05» no existe"),
        ("02", OTHER_UUID, "folio_not_allowed", "Sólo el motivo 01 lleva folio"),
        ("01", "no-es-uuid", "folio_invalid", "no es un UUID válido"),
        ("01", OTHER_UUID, "folio_unknown", "No hay un comprobante timbrado de esta empresa"),
    ],
)
def test_motivo_rules_are_checked_before_queueing(engine, stamped, motivo, folio, reason, text):
    error = _refused(engine, stamped, stamped[1], motivo, folio)
    assert error.reason == reason
    assert text in error.message


def test_unknown_document_and_substitute_that_does_not_relate(
    engine, company, secrets, sandbox, stamped
):
    error = _refused(engine, stamped, OTHER_UUID, "02")
    assert error.reason == "not_found"
    unrelated = emit(engine, company_input(), secrets=secrets, now=NOW)
    sync_once(engine, sandbox, empresa_id=company.id, now=NOW)
    other_uuid = _doc(engine, unrelated.documento_id).uuid
    error = _refused(engine, stamped, stamped[1], "01", other_uuid)
    assert error.reason == "folio_not_related"
    assert "TipoRelacion 04" in error.message


def test_substitute_candidates_put_the_04_relation_first(
    engine, company, secrets, sandbox, stamped
):
    old_id, old_uuid = stamped
    assert substitute_candidates(Context(engine), old_uuid) == []  # nothing stamped after it yet
    unrelated = emit(engine, company_input(), secrets=secrets, now=NOW)
    replacement = emit(
        engine, with_substitution_relation(company_input(), old_uuid), secrets=secrets, now=NOW
    )
    queued = emit(engine, company_input(), secrets=secrets, now=NOW)
    sync_once(engine, sandbox, empresa_id=company.id, now=NOW)
    request_cancellation(engine, _doc(engine, queued.documento_id).uuid, "02", now=NOW)
    found = substitute_candidates(Context(engine), old_uuid)
    # the stamped ones only (not the one being cancelled, nor itself), the 04 relation first
    assert [(c.documento_id, c.relates_04) for c in found] == [
        (replacement.documento_id, True),
        (unrelated.documento_id, False),
    ]
    assert found[0].uuid == _doc(engine, replacement.documento_id).uuid
    assert found[0].name == "A-3"  # serie and folio, as Registros names it
    assert old_id not in [c.documento_id for c in found]


def test_a_document_already_being_cancelled_is_refused(engine, stamped):
    request_cancellation(engine, stamped[1], "02", now=NOW)
    with pytest.raises(CancellationRefusedError) as info:
        request_cancellation(engine, stamped[1], "03", now=NOW)
    assert info.value.reason == "already_cancelling"
    assert len(_requests(engine, stamped[0])) == 1


# ---------------------------------------------------------------- the pass


def test_motivo_03_cancel_flow(engine, company, sandbox, csd, stamped):
    documento_id, uuid = stamped
    queued = request_cancellation(engine, uuid, "03", now=NOW)
    assert queued.state == S.CANCELACION_EN_COLA
    report = sync_cancellations(
        engine, sandbox, empresa_id=company.id, credential=csd, now=NOW + timedelta(minutes=1)
    )
    assert [(r.uuid, r.code, r.es_cancelable) for r in report.requested] == [
        (uuid, "201", "Cancelable sin aceptación")
    ]
    assert [(c.uuid, c.estatus_cancelacion) for c in report.cancelled] == [
        (uuid, "Cancelado sin aceptación")
    ]
    assert _doc(engine, documento_id).state == S.CANCELADO
    assert sandbox.is_cancelled(uuid)
    [request] = _requests(engine, documento_id)
    assert (request.motivo, request.folio_sustitucion, request.code) == ("03", None, "201")
    assert request.sat_estado == "Cancelado"
    states = [(a.from_state, a.to_state) for a in _audit(engine, documento_id)][-4:]
    assert states == [
        ("TIMBRADO", "CANCELACION_EN_COLA"),
        ("CANCELACION_EN_COLA", "CANCELACION_EN_PROCESO"),
        ("CANCELACION_EN_PROCESO", "CANCELACION_EN_PROCESO"),
        ("CANCELACION_EN_PROCESO", "CANCELADO"),
    ]
    assert "motivo 03 (No se llevó a cabo la operación)" in _audit(engine, documento_id)[-4].detail


def test_en_proceso_then_cancelado_with_acuse(engine, company, sandbox, csd, stamped):
    documento_id, uuid = stamped
    acuse = b'<Acuse RfcEmisor="EKU9003173C9"><EstatusUUID>201</EstatusUUID></Acuse>'
    pac = ScriptedPac(sandbox, CancelResult(uuid=uuid, code="201", acuse=acuse))
    sat = ScriptedStatus(
        ("Vigente", "Cancelable con aceptación", ""),
        ("Vigente", "Cancelable con aceptación", "En proceso"),
        ("Cancelado", "No cancelable", "Cancelado con aceptación"),
    )
    request_cancellation(engine, uuid, "02", now=NOW)
    kw = {"empresa_id": company.id, "credential": csd, "sat_status_client": sat}
    report = sync_cancellations(engine, pac, now=NOW, **kw)
    assert report.requested[0].es_cancelable == "Cancelable con aceptación"
    assert report.cancelled == []
    [waiting] = report.waiting
    assert (waiting.state, waiting.estatus_cancelacion) == ("CANCELACION_EN_PROCESO", "En proceso")
    assert "el receptor debe aceptar" in waiting.reason
    assert _doc(engine, documento_id).state == S.CANCELACION_EN_PROCESO
    report = sync_cancellations(engine, pac, now=NOW + timedelta(days=1), **kw)
    assert [c.estatus_cancelacion for c in report.cancelled] == ["Cancelado con aceptación"]
    assert _doc(engine, documento_id).state == S.CANCELADO
    [request] = _requests(engine, documento_id)
    assert request.acuse == acuse
    assert (request.sat_estado, request.sat_estatus_cancelacion) == (
        "Cancelado",
        "Cancelado con aceptación",
    )
    assert len(pac.cancels) == 1
    assert sat.queries[0].uuid == uuid
    assert sat.queries[0].sello  # the expresión impresa carries fe


def test_receptor_rejects_then_a_new_request_is_allowed(engine, company, sandbox, csd, stamped):
    documento_id, uuid = stamped
    sat = ScriptedStatus(("Vigente", "Cancelable con aceptación", "Solicitud rechazada"))
    request_cancellation(engine, uuid, "02", now=NOW)
    report = sync_cancellations(
        engine, sandbox, empresa_id=company.id, credential=csd, sat_status_client=sat, now=NOW
    )
    [rejected] = report.rejected
    assert "El receptor rechazó la cancelación" in rejected.message
    assert _doc(engine, documento_id).state == S.CANCELACION_RECHAZADA
    request_cancellation(engine, uuid, "02", now=NOW)
    assert _doc(engine, documento_id).state == S.CANCELACION_EN_COLA
    assert len(_requests(engine, documento_id)) == 2


def test_plazo_vencido_is_cancelled(engine, company, sandbox, csd, stamped):
    documento_id, uuid = stamped
    sat = ScriptedStatus(("Cancelado", "No cancelable", "Plazo vencido"))
    request_cancellation(engine, uuid, "02", now=NOW)
    sync_cancellations(
        engine, sandbox, empresa_id=company.id, credential=csd, sat_status_client=sat, now=NOW
    )
    assert _doc(engine, documento_id).state == S.CANCELADO
    assert "plazo vencido" in _audit(engine, documento_id)[-1].detail


def test_pac_rejection_and_retryable_fault(engine, company, secrets, sandbox, csd, stamped):
    documento_id, uuid = stamped
    pac = ScriptedPac(
        sandbox,
        PacUnavailableError("CONEXION", "sin red"),
        CancelResult(uuid=uuid, code="no_cancelable", detail="tiene CFDI relacionados"),
    )
    request_cancellation(engine, uuid, "02", now=NOW)
    kw = {"empresa_id": company.id, "credential": csd, "backoff": lambda _a: timedelta(minutes=5)}
    report = sync_cancellations(engine, pac, now=NOW, **kw)
    assert report.paused_reason is PauseReason.UNREACHABLE
    doc = _doc(engine, documento_id)
    assert doc.state == S.CANCELACION_EN_COLA
    assert "Sin conexión con el PAC" in doc.last_error_message
    [request] = _requests(engine, documento_id)
    assert request.next_attempt_at == NOW + timedelta(minutes=5)
    sync_cancellations(engine, pac, now=NOW + timedelta(minutes=1), **kw)  # not due yet
    assert len(pac.cancels) == 1
    report = sync_cancellations(engine, pac, now=NOW + timedelta(minutes=6), **kw)
    [rejected] = report.rejected
    assert rejected.code == "no_cancelable"
    doc = _doc(engine, documento_id)
    assert doc.state == S.CANCELACION_RECHAZADA
    assert doc.last_error_code == "no_cancelable"


def test_a_request_left_without_answer_is_sent_again(engine, company, sandbox, csd, stamped):
    """The process died after claiming: SAT knows no request, so it goes back to the queue."""
    documento_id, uuid = stamped
    request_cancellation(engine, uuid, "02", now=NOW)
    pac = ScriptedPac(sandbox, PacUnavailableError("CONEXION", "x"))
    pac.cancel = lambda command: (_ for _ in ()).throw(SystemExit)  # dies mid-request
    with pytest.raises(SystemExit):
        sync_cancellations(engine, pac, empresa_id=company.id, credential=csd, now=NOW)
    assert _doc(engine, documento_id).state == S.CANCELACION_EN_PROCESO
    report = sync_cancellations(engine, sandbox, empresa_id=company.id, credential=csd, now=NOW)
    assert _doc(engine, documento_id).state == S.CANCELACION_EN_COLA
    assert report.waiting[0].state == S.CANCELACION_EN_COLA
    sync_cancellations(engine, sandbox, empresa_id=company.id, credential=csd, now=NOW)
    assert _doc(engine, documento_id).state == S.CANCELADO


# ---------------------------------------------------------------- substitution


def test_substitution_waits_for_the_new_stamp(engine, company, secrets, sandbox, csd, stamped):
    old_id, old_uuid = stamped
    result = substitute(engine, old_uuid, company_input(), secrets=secrets, now=NOW)
    new_id = result.new.documento_id
    assert _doc(engine, new_id).state == S.EN_COLA
    assert 'CfdiRelacionados TipoRelacion="04"' in _doc(engine, new_id).sealed_xml.decode()
    assert _doc(engine, old_id).state == S.CANCELACION_EN_COLA
    assert f"sustitución pendiente de {new_id}" in _audit(engine, old_id)[-1].detail
    pac = ScriptedPac(sandbox)
    report = sync_cancellations(engine, pac, empresa_id=company.id, credential=csd, now=NOW)
    assert pac.cancels == []
    assert "Sustitución pendiente" in report.waiting[0].reason
    stamping, cancelling = sync_all(
        engine, pac, empresa_id=company.id, secrets=secrets, now=NOW + timedelta(minutes=1)
    )
    new_uuid = stamping.stamped[0].uuid
    [command] = pac.cancels
    assert (command.uuid, command.motivo, command.folio_sustitucion) == (old_uuid, "01", new_uuid)
    assert [c.uuid for c in cancelling.cancelled] == [old_uuid]
    assert _doc(engine, old_id).state == S.CANCELADO


def test_substitution_relation_is_added_once():
    data = {"CfdiRelacionados": [{"TipoRelacion": "04", "CfdiRelacionado": [{"UUID": OTHER_UUID}]}]}
    assert with_substitution_relation(data, OTHER_UUID.lower()) == data
    added = with_substitution_relation({}, OTHER_UUID)
    assert added["CfdiRelacionados"] == [
        {"TipoRelacion": "04", "CfdiRelacionado": [{"UUID": OTHER_UUID}]}
    ]


def test_substituting_a_document_not_stamped_stores_nothing(engine, company, secrets):
    queued = emit(engine, company_input(), secrets=secrets, now=NOW)
    doc = _doc(engine, queued.documento_id)
    with pytest.raises(CancellationRefusedError):
        substitute(engine, f"{doc.serie}-{doc.folio}", company_input(), secrets=secrets, now=NOW)
    with read_session(engine) as session:
        assert len(session.exec(select(Documento)).all()) == 1


# ---------------------------------------------------------------- CLI


def test_cli_cancelar(engine, stamped, monkeypatch, capsys):
    monkeypatch.setattr("facturador.services.settings.open_engine", lambda: engine)
    assert main(["cancelar", stamped[1], "--motivo", "01"]) == 1
    assert "Error: El motivo 01 exige el UUID" in capsys.readouterr().err
    assert _doc(engine, stamped[0]).state == S.TIMBRADO
    assert main(["cancelar", stamped[1], "--motivo", "03", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["motivo"], out["estado"]) == ("03", "CANCELACION_EN_COLA")
