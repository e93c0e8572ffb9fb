import itertools
from datetime import UTC, datetime

import pytest
from sqlmodel import func, select

from facturador.models import (
    TRANSITIONS,
    AuditEntry,
    Documento,
    DocumentState,
    Empresa,
    IllegalTransitionError,
    audit_of,
    is_allowed,
    read_session,
    transition,
    write_session,
)
from facturador.sat.errors import FacturadorError

S = DocumentState


def test_table_covers_every_state_and_follows_the_architecture():
    assert set(TRANSITIONS) == set(DocumentState)
    happy_path = [
        S.BORRADOR,
        S.SELLADO,
        S.EN_COLA,
        S.ENVIANDO,
        S.TIMBRADO,
        S.CANCELACION_EN_COLA,
        S.CANCELACION_EN_PROCESO,
        S.CANCELADO,
    ]
    for current, new in itertools.pairwise(happy_path):
        assert is_allowed(current, new)
    assert is_allowed(S.ENVIANDO, S.EN_COLA)  # retryable fault
    assert is_allowed(S.ENVIANDO, S.RECHAZADO)
    assert is_allowed(S.ENVIANDO, S.ENVIANDO)  # resend after a crash
    assert is_allowed(S.CANCELACION_EN_PROCESO, S.CANCELACION_RECHAZADA)
    assert not is_allowed(S.BORRADOR, S.TIMBRADO)
    assert not is_allowed(S.TIMBRADO, S.BORRADOR)
    assert not is_allowed(S.CANCELADO, S.TIMBRADO)
    assert TRANSITIONS[S.CANCELADO] == frozenset()


@pytest.fixture
def documento_id(engine):
    with write_session(engine) as session:
        empresa = Empresa(
            rfc="EKU9003173C9", nombre="E", regimen_fiscal="601", lugar_expedicion="42501"
        )
        session.add(empresa)
        session.flush()
        documento = Documento(empresa_id=empresa.id, tipo="I")
        session.add(documento)
        session.commit()
        return documento.id


def test_transition_writes_state_and_audit_in_one_commit(engine, documento_id):
    at = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    with write_session(engine) as session:
        documento = session.get(Documento, documento_id)
        transition(session, documento, S.SELLADO, "folio A-1", now=at)
        session.commit()
    with write_session(engine) as session:
        documento = session.get(Documento, documento_id)
        transition(session, documento, S.EN_COLA, "")
        session.rollback()  # neither the state nor the audit entry survive
    with read_session(engine) as session:
        assert session.get(Documento, documento_id).state == "SELLADO"
        entries = audit_of(session, documento_id)
    assert [(e.from_state, e.to_state, e.detail, e.at) for e in entries] == [
        ("BORRADOR", "SELLADO", "folio A-1", at)
    ]


def test_illegal_transition_is_refused_and_leaves_no_trace(engine, documento_id):
    with write_session(engine) as session:
        documento = session.get(Documento, documento_id)
        with pytest.raises(IllegalTransitionError) as caught:
            transition(session, documento, S.TIMBRADO)
        session.commit()
    assert isinstance(caught.value, FacturadorError)
    assert caught.value.message == "Un documento borrador no puede pasar a timbrado."
    with read_session(engine) as session:
        assert session.get(Documento, documento_id).state == "BORRADOR"
        assert session.exec(select(func.count()).select_from(AuditEntry)).one() == 0
