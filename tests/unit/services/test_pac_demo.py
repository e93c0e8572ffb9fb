"""Demostración is for the demo company: a real company's documents are never stamped by the
sandbox unless the user confirmed that they will never be valid, and switching provider
never erases the company's PAC credentials."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from facturador.models import Documento, read_session, write_session
from facturador.models.tables import Empresa
from facturador.services.companies import add_company, install_csd
from facturador.services.emission import emit
from facturador.services.pac_clients import SandboxRefusedError, demo_accepted, pac_secret_key
from facturador.services.pac_settings import DemoConfirmationError, configure_pac
from facturador.services.secrets import SERVICE
from facturador.services.sync import run_pass
from tests.unit.services.company_setup import NOW, PASSWORD, company_input

REAL = "CACX7605101P8"
FINKOK = {"username": "xochilt@example.com", "password": "s3creta"}


@pytest.fixture
def real_company(engine, csd_dir, secrets):
    """XOCHILT CASAS CHAVEZ, a real taxpayer's company (not the demo one), on Finkok in
    production, with one invoice waiting in the queue."""
    csd = csd_dir / f"csd_{REAL}"
    with write_session(engine) as session:
        empresa = add_company(
            session,
            rfc=REAL,
            nombre="XOCHILT CASAS CHAVEZ",
            regimen_fiscal="612",
            lugar_expedicion="36257",
        )
        install_csd(
            session,
            empresa.id,
            (csd / "certificate.cer").read_bytes(),
            (csd / "private_key.key").read_bytes(),
            PASSWORD,
            secrets,
            NOW,
        )
        configure_pac(
            session,
            empresa.id,
            secrets,
            provider="finkok",
            environment="produccion",
            url="https://facturacion.finkok.com/servicios/soap",
            credentials=FINKOK,
        )
    data = company_input()
    data["Receptor"] = {
        "Rfc": "EKU9003173C9",
        "Nombre": "ESCUELA KEMPER URGATE",
        "DomicilioFiscalReceptor": "42501",
        "RegimenFiscalReceptor": "601",
        "UsoCFDI": "G03",
    }
    documento_id = emit(engine, data, secrets=secrets, now=datetime.now(UTC)).documento_id
    return empresa.id, documento_id


def _empresa(engine, empresa_id) -> Empresa:
    with read_session(engine) as session:
        return session.get(Empresa, empresa_id)


def _doc(engine, documento_id) -> Documento:
    with read_session(engine) as session:
        return session.get(Documento, documento_id)


def _choose(engine, empresa_id, secrets, provider, **kwargs):
    with write_session(engine) as session:
        return configure_pac(
            session, empresa_id, secrets, provider=provider, environment="pruebas", **kwargs
        )


def _finkok_secrets(secrets):
    return {
        name: secrets.get(SERVICE, pac_secret_key("finkok", REAL, name))
        for name in ("username", "password")
    }


def test_the_sandbox_for_a_real_company_needs_its_confirmation(engine, secrets, real_company):
    empresa_id, _documento_id = real_company

    with pytest.raises(DemoConfirmationError) as refused:
        _choose(engine, empresa_id, secrets, "sandbox")

    assert refused.value.queued == 1
    assert refused.value.message.startswith(f"La empresa {REAL} no es la de demostración")
    assert (
        "incluido el que espera en la cola, se timbran sin validez fiscal" in refused.value.message
    )
    assert _empresa(engine, empresa_id).pac_provider == "finkok"  # nothing changed
    assert _finkok_secrets(secrets) == FINKOK
    assert not demo_accepted(REAL)


@pytest.mark.parametrize("provider", ["sandbox", None])
def test_the_pass_never_stamps_a_real_company_with_the_sandbox_unconfirmed(
    engine, secrets, real_company, tmp_path, provider
):
    empresa_id, documento_id = real_company
    with write_session(engine) as session:  # as an older version left it, or never set
        empresa = session.get(Empresa, empresa_id)
        empresa.pac_provider = provider
        session.add(empresa)
        session.commit()

    with pytest.raises(SandboxRefusedError) as refused:
        run_pass(engine, _empresa(engine, empresa_id), secrets, data_dir=tmp_path, now=NOW)

    assert "no se timbran con el PAC de demostración" in refused.value.message
    documento = _doc(engine, documento_id)
    assert (documento.state, documento.is_demo, documento.uuid) == ("EN_COLA", False, None)


def test_confirmed_demo_stamps_and_switching_back_restores_the_pac(
    engine, secrets, real_company, tmp_path
):
    empresa_id, documento_id = real_company

    _choose(engine, empresa_id, secrets, "sandbox", accept_demo=True, now=NOW)
    outcome = run_pass(engine, _empresa(engine, empresa_id), secrets, data_dir=tmp_path, now=NOW)

    assert outcome.pac == "sandbox"
    assert _doc(engine, documento_id).is_demo  # the user accepted it, in words
    assert demo_accepted(REAL)
    assert _finkok_secrets(secrets) == FINKOK  # the switch erased nothing
    kept = _empresa(engine, empresa_id)  # what "Demostración" left for switching back
    assert (kept.pac_environment, kept.pac_url) == (
        "produccion",
        "https://facturacion.finkok.com/servicios/soap",
    )
    empresa = _choose(engine, empresa_id, secrets, "finkok", now=NOW + timedelta(minutes=1))
    assert empresa.pac_provider == "finkok"  # no credentials asked: they were kept
    assert _finkok_secrets(secrets) == FINKOK
    assert not demo_accepted(REAL)  # a later switch to the sandbox asks again
    with pytest.raises(DemoConfirmationError):
        _choose(engine, empresa_id, secrets, "sandbox")


def test_the_demo_company_uses_the_sandbox_without_a_question(engine, secrets, company, tmp_path):
    empresa = _choose(engine, company.id, secrets, "sandbox")
    assert empresa.pac_provider == "sandbox"
    now = datetime.now(UTC)  # the sandbox stamps by its own clock
    documento_id = emit(engine, company_input(), secrets=secrets, now=now).documento_id
    run_pass(engine, _empresa(engine, company.id), secrets, data_dir=tmp_path)
    assert _doc(engine, documento_id).is_demo


def test_with_nothing_waiting_the_pass_of_a_real_company_without_pac_is_quiet(
    engine, secrets, csd_dir, tmp_path
):
    with write_session(engine) as session:  # just created: its PAC is chosen next
        empresa = add_company(
            session,
            rfc=REAL,
            nombre="XOCHILT CASAS CHAVEZ",
            regimen_fiscal="612",
            lugar_expedicion="36257",
        )
    outcome = run_pass(engine, _empresa(engine, empresa.id), secrets, data_dir=tmp_path, now=NOW)
    assert (outcome.pac, outcome.demo, outcome.stamping.stamped) == ("", False, [])
