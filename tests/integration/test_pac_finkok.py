# ruff: noqa: F811 - the fixtures imported from tests.pac_emulators.fixtures are parameters
"""FinkokClient against the loopback Finkok emulator (real HTTP, real SOAP)."""

from __future__ import annotations

import time

import pytest

from facturador.pac.base import CancelCommand, StampStatus
from facturador.pac.errors import (
    PacAuthError,
    PacCreditsExhaustedError,
    PacProtocolError,
    PacRejectedError,
    PacUnavailableError,
)
from facturador.pac.finkok import FinkokClient
from facturador.pac.sandbox import is_demo_stamp
from facturador.sat.validation import validate_xml
from tests.pac_emulators import Fault, FaultKind, FinkokEmulator
from tests.pac_emulators.fixtures import (  # noqa: F401 - pytest fixtures
    CSD_DIR,
    TEST_TIMEOUT,
    csd_credential,
    finkok_emulator,
    make_sealed,
    sandbox,
)


def client_for(emulator: FinkokEmulator, **kwargs) -> FinkokClient:
    options = {"timeout": TEST_TIMEOUT, "recover_attempts": 5, "recover_interval": 0.05}
    return FinkokClient(
        emulator.username, emulator.password, base_url=emulator.url, **{**options, **kwargs}
    )


def test_stamp_returns_xml_whose_sello_and_sello_sat_verify(finkok_emulator, make_sealed):
    sealed = make_sealed()
    result = client_for(finkok_emulator).stamp(sealed)
    assert result.status is StampStatus.STAMPED
    assert result.uuid
    assert len(result.uuid) == 36
    assert result.uuid == result.uuid.upper()
    signer = finkok_emulator.sandbox.signer
    report = validate_xml(result.xml, sat_certificates={signer.no_certificado: signer.certificate})
    assert report.valido, report.errores
    assert report.sello_valido is True
    assert report.timbre_valido is True
    assert is_demo_stamp(result.xml)
    # The sealed bytes survive untouched: only the TFD block was added.
    assert result.xml.startswith(sealed[: sealed.rindex(b"</cfdi:Comprobante>")])


def test_request_is_soap_per_wsdl(finkok_emulator, make_sealed):
    sealed = make_sealed()
    client_for(finkok_emulator).stamp(sealed)
    request = finkok_emulator.requests[-1]
    assert request.path == "/servicios/soap/stamp"
    assert request.headers["content-type"].startswith("text/xml")
    body = request.body
    assert b"<stamp:stamp>" in body
    assert body.index(b"<stamp:xml>") < body.index(b"<stamp:username>")
    assert body.index(b"<stamp:username>") < body.index(b"<stamp:password>")


@pytest.mark.parametrize("variant", ["A", "B"])
def test_previously_stamped_is_recovered_with_the_same_uuid(sandbox, make_sealed, variant):
    with FinkokEmulator(sandbox, previous_variant=variant) as emulator:
        client = client_for(emulator)
        sealed = make_sealed()
        first = client.stamp(sealed)
        again = client.stamp(sealed)
    assert again.status is StampStatus.PREVIOUSLY_STAMPED
    assert again.uuid == first.uuid
    assert again.xml == first.xml
    assert sum(emulator.stamp_counts.values()) == 1


def test_connection_dropped_after_commit_then_retry_recovers_exactly_once(
    finkok_emulator, make_sealed
):
    sealed = make_sealed()
    client = client_for(finkok_emulator)
    finkok_emulator.faults.script(FaultKind.DROP_AFTER_COMMIT)
    with pytest.raises(PacUnavailableError) as caught:
        client.stamp(sealed)
    assert caught.value.retryable
    result = client.stamp(sealed)
    assert result.status is StampStatus.PREVIOUSLY_STAMPED
    assert list(finkok_emulator.stamp_counts.values()) == [1]


def test_307_without_data_polls_stamped_until_visible(sandbox, make_sealed):
    with FinkokEmulator(sandbox, stamped_delay=0.12) as emulator:
        emulator.faults.script(FaultKind.PREVIOUSLY_STAMPED)
        result = client_for(emulator).stamp(make_sealed())
        polls = [r for r in emulator.requests if b"<stamp:stamped>" in r.body]
    assert result.status is StampStatus.PREVIOUSLY_STAMPED
    assert len(polls) >= 2


def test_307_never_visible_is_retryable(sandbox, make_sealed):
    with FinkokEmulator(sandbox, stamped_delay=60) as emulator:
        emulator.faults.script(FaultKind.PREVIOUSLY_STAMPED)
        with pytest.raises(PacUnavailableError) as caught:
            client_for(emulator, recover_attempts=2).stamp(make_sealed())
    assert caught.value.code == "307"


def test_recover_by_xml_and_by_uuid(finkok_emulator, make_sealed):
    client = client_for(finkok_emulator)
    sealed = make_sealed()
    assert client.recover(sealed) is None
    stamped = client.stamp(sealed)
    by_xml = client.recover(sealed)
    by_uuid = client.recover(stamped.uuid)
    assert by_xml is not None
    assert by_xml.uuid == stamped.uuid
    assert by_uuid is not None
    assert by_uuid.xml == stamped.xml
    assert client.recover("00000000-0000-4000-8000-000000000000") is None


def test_rule_rejection_carries_code_and_spanish_message(finkok_emulator, make_sealed):
    finkok_emulator.faults.script(Fault(FaultKind.REJECT, "CFDI40158"))
    result = client_for(finkok_emulator).stamp(make_sealed())
    assert result.status is StampStatus.REJECTED
    assert result.code == "CFDI40158"
    with pytest.raises(PacRejectedError) as caught:
        result.raise_for_rejection()
    assert caught.value.code == "CFDI40158"
    assert "Error en datos del receptor / RFC no encontrado" in caught.value.message
    assert "Constancia de Situación Fiscal" in caught.value.message


def test_sandbox_validation_rejects_a_tampered_document(finkok_emulator, make_sealed):
    sealed = make_sealed().replace(b'Descripcion="Venta"', b'Descripcion="Otra"')
    result = client_for(finkok_emulator).stamp(sealed)
    assert result.status is StampStatus.REJECTED
    assert finkok_emulator.stamp_counts == {}


def test_stale_fecha_is_401(finkok_emulator, make_sealed):
    from datetime import datetime

    result = client_for(finkok_emulator).stamp(make_sealed(fecha=datetime(2026, 11, 20, 10)))
    assert result.status is StampStatus.REJECTED
    assert result.code == "401"


def test_credits_exhausted(sandbox, make_sealed):
    sandbox.credits_left = 1
    with FinkokEmulator(sandbox) as emulator:
        client = client_for(emulator)
        client.stamp(make_sealed())
        with pytest.raises(PacCreditsExhaustedError) as caught:
            client.stamp(make_sealed())
    assert caught.value.code == "718"
    assert caught.value.message.startswith("Sin folios disponibles / Créditos agotados")
    assert client.credits() is None


def test_bad_credentials(finkok_emulator, make_sealed):
    client = FinkokClient("x", "y", base_url=finkok_emulator.url, timeout=TEST_TIMEOUT)
    with pytest.raises(PacAuthError) as caught:
        client.stamp(make_sealed())
    assert caught.value.code == "300"


def test_sat_unreachable_708_is_retryable(finkok_emulator, make_sealed):
    finkok_emulator.faults.script(FaultKind.UNAVAILABLE)
    with pytest.raises(PacUnavailableError) as caught:
        client_for(finkok_emulator).stamp(make_sealed())
    assert caught.value.code == "708"
    assert "Error de conexión con el SAT / Servicio no disponible" in caught.value.message


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        (FaultKind.HTTP_500, PacUnavailableError),
        (FaultKind.HTTP_503, PacUnavailableError),
        (FaultKind.TIMEOUT, PacUnavailableError),
        (FaultKind.MALFORMED, PacProtocolError),
        (FaultKind.EMPTY, PacProtocolError),
        (FaultKind.DROP, PacUnavailableError),
    ],
)
def test_transport_faults_are_retryable(finkok_emulator, make_sealed, kind, error):
    finkok_emulator.faults.script(kind)
    with pytest.raises(error) as caught:
        client_for(finkok_emulator).stamp(make_sealed())
    assert caught.value.retryable
    assert "Error de conexión con el SAT / Servicio no disponible" in caught.value.message


def test_slow_answer_within_timeout_is_fine(finkok_emulator, make_sealed):
    finkok_emulator.faults.script(FaultKind.SLOW)
    assert client_for(finkok_emulator).stamp(make_sealed()).status is StampStatus.STAMPED


def test_refused_then_restarted_on_the_same_port(finkok_emulator, make_sealed):
    client = client_for(finkok_emulator)
    sealed = make_sealed()
    port = finkok_emulator.port
    finkok_emulator.stop()
    started = time.monotonic()
    with pytest.raises(PacUnavailableError):
        client.stamp(sealed)
    assert time.monotonic() - started < 1.0
    finkok_emulator.start()
    assert finkok_emulator.port == port
    assert client.stamp(sealed).status is StampStatus.STAMPED


def test_random_faults_still_exactly_once(finkok_emulator, make_sealed):
    finkok_emulator.faults.set_random(0.4, seed=7)
    client = client_for(finkok_emulator)
    documents = [make_sealed() for _ in range(12)]
    uuids = {}
    for sealed in documents:
        for _attempt in range(30):
            try:
                result = client.stamp(sealed)
            except PacUnavailableError:
                continue
            uuids[sealed] = result.uuid
            break
    assert len(uuids) == len(documents)
    assert finkok_emulator.faults.injected
    assert sorted(finkok_emulator.stamp_counts.values()) == [1] * len(documents)


def test_cancel_motivo_02_then_already_cancelled(finkok_emulator, make_sealed):
    client = client_for(finkok_emulator)
    stamped = client.stamp(make_sealed())
    command = CancelCommand(
        uuid=stamped.uuid,
        rfc_emisor="EKU9003173C9",
        motivo="02",
        certificate=(CSD_DIR / "certificate.cer").read_bytes(),
        private_key=(CSD_DIR / "private_key.key").read_bytes(),
        password=(CSD_DIR / "password.txt").read_text().strip(),
    )
    first = client.cancel(command)
    assert (first.code, first.accepted) == ("201", True)
    assert client.cancel(command).code == "202"
    body = finkok_emulator.requests[-1].body
    assert b'Motivo="02"' in body
    assert b"FolioSustitucion" not in body
    assert b"<can:taxpayer_id>EKU9003173C9</can:taxpayer_id>" in body


def test_cancel_unknown_uuid_is_205(finkok_emulator):
    client = client_for(finkok_emulator)
    command = CancelCommand(
        uuid="11111111-2222-4333-8444-555555555555",
        rfc_emisor="EKU9003173C9",
        motivo="03",
        certificate=(CSD_DIR / "certificate.cer").read_bytes(),
        private_key=(CSD_DIR / "private_key.key").read_bytes(),
        password=(CSD_DIR / "password.txt").read_text().strip(),
    )
    assert client.cancel(command).code == "205"


def test_cancel_with_bad_credentials(finkok_emulator):
    client = FinkokClient("x", "y", base_url=finkok_emulator.url, timeout=TEST_TIMEOUT)
    command = CancelCommand(
        uuid="11111111-2222-4333-8444-555555555555",
        rfc_emisor="EKU9003173C9",
        motivo="03",
        certificate=(CSD_DIR / "certificate.cer").read_bytes(),
        private_key=(CSD_DIR / "private_key.key").read_bytes(),
        password=(CSD_DIR / "password.txt").read_text().strip(),
    )
    with pytest.raises(PacAuthError):
        client.cancel(command)


def test_a_demo_stamped_document_never_reaches_a_real_pac(finkok_emulator, sandbox, make_sealed):
    demo = sandbox.stamp(make_sealed()).xml
    before = len(finkok_emulator.requests)
    with pytest.raises(PacRejectedError) as caught:
        client_for(finkok_emulator).stamp(demo)
    assert caught.value.code == "DEMO"
    assert caught.value.message.startswith("Comprobante timbrado en modo demostración")
    assert len(finkok_emulator.requests) == before
