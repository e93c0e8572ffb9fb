"""Retirar de la cola: a queued document no PAC can have seen is withdrawn, never sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from facturador.models import Documento, read_session, write_session
from facturador.models.tables import AuditEntry
from facturador.pac.sandbox import SandboxStamper
from facturador.services.document_actions import allowed_actions
from facturador.services.emission import emit
from facturador.services.queue import sync_once
from facturador.services.withdrawal import WithdrawalRefusedError, withdraw_document
from tests.unit.services.company_setup import NOW, company_input


def _emit(engine, secrets):
    return emit(engine, company_input(), secrets=secrets, now=NOW).documento_id


def _doc(engine, documento_id) -> Documento:
    with read_session(engine) as session:
        return session.get(Documento, documento_id)


def _set(engine, documento_id, **values):
    with write_session(engine) as session:
        doc = session.get(Documento, documento_id)
        for key, value in values.items():
            setattr(doc, key, value)
        session.add(doc)
        session.commit()


def test_a_queued_document_is_withdrawn_audited_and_never_sent(engine, company, secrets):
    first, second = _emit(engine, secrets), _emit(engine, secrets)
    assert _doc(engine, first).state == "EN_COLA"

    withdrawn = withdraw_document(engine, first, NOW + timedelta(minutes=1))

    assert (withdrawn.state, withdrawn.serie, withdrawn.folio) == ("RETIRADO", "A", 1)
    with read_session(engine) as session:
        last = session.exec(
            select(AuditEntry)
            .where(AuditEntry.documento_id == first)
            .order_by(col(AuditEntry.id).desc())
        ).first()
    assert (last.from_state, last.to_state) == ("EN_COLA", "RETIRADO")
    assert "folio A-1 quedan marcados como retirados" in last.detail
    stamper = SandboxStamper(clock=lambda: NOW + timedelta(minutes=5))
    report = sync_once(engine, stamper, empresa_id=company.id, now=NOW + timedelta(minutes=2))
    assert [s.documento_id for s in report.stamped] == [second]
    assert _doc(engine, first).state == "RETIRADO"
    assert _doc(engine, first).stamped_xml is None
    # The folio stays taken: the next document gets A-3, not A-1.
    assert _doc(engine, _emit(engine, secrets)).folio == 3


@pytest.mark.parametrize(
    ("state", "may_be_stamped", "reason", "words"),
    [
        ("ENVIANDO", True, "sending", "se está enviando al PAC"),
        ("EN_COLA", True, "may_be_stamped", "sin preguntarle antes al PAC"),
        ("POSIBLEMENTE_TIMBRADO", True, "may_be_stamped", "podría estar timbrado"),
        ("TIMBRADO", False, "not_queued", "está timbrado"),
    ],
)
def test_a_document_that_may_be_at_a_pac_is_not_withdrawn(
    engine, company, secrets, state, may_be_stamped, reason, words
):
    documento_id = _emit(engine, secrets)
    _set(engine, documento_id, state=state, may_be_stamped=may_be_stamped)

    with pytest.raises(WithdrawalRefusedError) as raised:
        withdraw_document(engine, documento_id, NOW)

    assert raised.value.reason == reason
    assert words in raised.value.message
    assert "A-1" in raised.value.message
    assert _doc(engine, documento_id).state == state  # nothing changed


def test_the_withdraw_action_is_offered_only_while_no_send_can_have_reached_a_pac():
    def offered(state, may_be_stamped=False):
        actions = allowed_actions(
            state, "I", uuid=None, last_error_code=None, may_be_stamped=may_be_stamped
        )
        return "withdraw" in actions

    assert offered("SELLADO")
    assert offered("EN_COLA")
    assert not offered("EN_COLA", may_be_stamped=True)
    assert not offered("ENVIANDO")
    assert not offered("POSIBLEMENTE_TIMBRADO", may_be_stamped=True)
    assert not offered("TIMBRADO")
    assert not offered("RETIRADO")
    assert allowed_actions("RETIRADO", "I", uuid=None, last_error_code=None) == {
        "duplicate",
        "pdf",
        "save_xml",
        "save_pdf",
    }


def test_cli_retirar_withdraws_and_refuses_in_spanish(csd_dir, capsys):
    from facturador.cli import main
    from facturador.services.secrets import MemorySecretStore
    from facturador.services.settings import open_engine
    from tests.unit.services.company_setup import install_test_company

    engine = open_engine()
    secrets = MemorySecretStore()
    install_test_company(engine, csd_dir, secrets)
    first, second = _emit(engine, secrets), _emit(engine, secrets)
    _set(engine, second, state="ENVIANDO", may_be_stamped=True)

    assert main(["retirar", "A-1"]) == 0
    assert capsys.readouterr().out.startswith("A-1 se retiró de la cola: no se timbrará.")
    assert _doc(engine, first).state == "RETIRADO"

    assert main(["retirar", "A-2"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("Error: El comprobante A-2 se está enviando al PAC")
    assert len(err.strip().splitlines()) == 1
    assert _doc(engine, second).state == "ENVIANDO"
    engine.dispose()
