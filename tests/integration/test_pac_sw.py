# ruff: noqa: F811 - the fixtures imported from tests.pac_emulators.fixtures are parameters
"""SwClient against the loopback SW Sapien emulator (real HTTP, JSON, multipart)."""

from __future__ import annotations

import pytest

from facturador.pac.base import CancelCommand, CreditBalance, StampStatus
from facturador.pac.errors import (
    PacAuthError,
    PacCreditsExhaustedError,
    PacProtocolError,
    PacRejectedError,
    PacUnavailableError,
)
from facturador.pac.sw import SwClient
from facturador.sat.validation import validate_xml
from tests.pac_emulators import Fault, FaultKind, SwEmulator
from tests.pac_emulators.fixtures import (  # noqa: F401 - pytest fixtures
    CSD_DIR,
    TEST_TIMEOUT,
    csd_credential,
    make_sealed,
    sandbox,
    sw_emulator,
)


def client_for(emulator: SwEmulator, **kwargs) -> SwClient:
    return SwClient(
        user=emulator.user,
        password=emulator.password,
        services_url=emulator.url,
        timeout=TEST_TIMEOUT,
        **kwargs,
    )


def test_stamp_v4_returns_full_cfdi_that_verifies(sw_emulator, make_sealed):
    sealed = make_sealed()
    result = client_for(sw_emulator).stamp(sealed)
    assert result.status is StampStatus.STAMPED
    assert result.fecha_timbrado == "2026-11-25T10:30:00"
    signer = sw_emulator.sandbox.signer
    report = validate_xml(result.xml, sat_certificates={signer.no_certificado: signer.certificate})
    assert report.valido, report.errores
    assert report.sello_valido is True
    assert report.timbre_valido is True
    request = sw_emulator.requests[-1]
    assert request.path == "/cfdi33/stamp/v4"
    assert request.headers["authorization"].startswith("Bearer ")
    assert b'Content-Disposition: form-data; name="xml"; filename="xml"' in request.body
    assert sealed in request.body  # the sealed bytes travel unchanged


def test_token_is_cached_and_renewed_when_rejected(sw_emulator, make_sealed):
    client = client_for(sw_emulator)
    client.stamp(make_sealed())
    client.stamp(make_sealed())
    assert sw_emulator.auth_count == 1
    sw_emulator.expire_tokens()
    assert client.stamp(make_sealed()).status is StampStatus.STAMPED
    assert sw_emulator.auth_count == 2


def test_bad_credentials_are_au2000(sw_emulator, make_sealed):
    client = SwClient(user="x", password="y", services_url=sw_emulator.url, timeout=TEST_TIMEOUT)
    with pytest.raises(PacAuthError) as caught:
        client.stamp(make_sealed())
    assert caught.value.code == "AU2000"


@pytest.mark.parametrize("variant", ["data", "detail"])
def test_previously_stamped_recovers_same_uuid(sandbox, make_sealed, variant):
    with SwEmulator(sandbox, previous_variant=variant) as emulator:
        client = client_for(emulator)
        sealed = make_sealed()
        first = client.stamp(sealed)
        again = client.stamp(sealed)
        recovered = client.recover(sealed)
    assert again.status is StampStatus.PREVIOUSLY_STAMPED
    assert again.uuid == first.uuid
    assert recovered is not None
    assert recovered.uuid == first.uuid
    assert list(emulator.stamp_counts.values()) == [1]


def test_timeout_after_commit_then_retry_is_exactly_once(sw_emulator, make_sealed):
    client = client_for(sw_emulator)
    client.credits()  # authenticate first so the fault hits the stamp call
    sw_emulator.faults.script(FaultKind.TIMEOUT)
    sealed = make_sealed()
    with pytest.raises(PacUnavailableError):
        client.stamp(sealed)
    result = client.stamp(sealed)
    assert result.status is StampStatus.PREVIOUSLY_STAMPED
    assert list(sw_emulator.stamp_counts.values()) == [1]


def test_307_without_any_data_is_retryable(sw_emulator, make_sealed):
    sw_emulator.faults.script(FaultKind.PREVIOUSLY_STAMPED)
    with pytest.raises(PacUnavailableError) as caught:
        client_for(sw_emulator).stamp(make_sealed())
    assert caught.value.code == "307"


def test_rule_rejection(sw_emulator, make_sealed):
    sw_emulator.faults.script(Fault(FaultKind.REJECT, "CFDI40143"))
    result = client_for(sw_emulator).stamp(make_sealed())
    assert (result.status, result.code) == (StampStatus.REJECTED, "CFDI40143")
    with pytest.raises(PacRejectedError) as caught:
        result.raise_for_rejection()
    assert caught.value.message.startswith("Error en datos del receptor / RFC no encontrado")


def test_sandbox_rejection_keeps_sat_code(sw_emulator, make_sealed):
    from datetime import datetime

    result = client_for(sw_emulator).stamp(make_sealed(fecha=datetime(2026, 11, 1, 9)))
    assert (result.status, result.code) == (StampStatus.REJECTED, "401")
    assert "72 horas" in (result.detail or "")


def test_credits_exhausted_au2001_and_balance(sandbox, make_sealed):
    sandbox.credits_left = 1
    with SwEmulator(sandbox) as emulator:
        client = client_for(emulator)
        assert client.credits() == CreditBalance(remaining=1, used=0)
        client.stamp(make_sealed())
        assert client.credits() == CreditBalance(remaining=0, used=1)
        with pytest.raises(PacCreditsExhaustedError) as caught:
            client.stamp(make_sealed())
    assert caught.value.code == "AU2001"
    assert "Sin folios disponibles / Créditos agotados" in caught.value.message


def test_unlimited_balance(sw_emulator):
    balance = client_for(sw_emulator).credits()
    assert balance is not None
    assert balance.unlimited
    assert balance.remaining is None


def test_fixed_token_is_sent_without_authenticating(sw_emulator, make_sealed):
    bootstrap = client_for(sw_emulator)
    bootstrap.credits()
    token = next(iter(sw_emulator._tokens))
    client = SwClient(token=token, services_url=sw_emulator.url, timeout=TEST_TIMEOUT)
    assert client.stamp(make_sealed()).stamped
    assert sw_emulator.auth_count == 1


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        (FaultKind.HTTP_500, PacUnavailableError),
        (FaultKind.TIMEOUT, PacUnavailableError),
        (FaultKind.MALFORMED, PacProtocolError),
        (FaultKind.DROP, PacUnavailableError),
        (FaultKind.UNAVAILABLE, PacUnavailableError),
    ],
)
def test_transport_faults_are_retryable(sw_emulator, make_sealed, kind, error):
    client = client_for(sw_emulator)
    client.credits()
    sw_emulator.faults.script(kind)
    with pytest.raises(error) as caught:
        client.stamp(make_sealed())
    assert caught.value.retryable


def test_refused_is_retryable(sw_emulator, make_sealed):
    sw_emulator.stop()
    with pytest.raises(PacUnavailableError):
        client_for(sw_emulator).stamp(make_sealed())


def test_cancel_csd(sw_emulator, make_sealed):
    client = client_for(sw_emulator)
    stamped = client.stamp(make_sealed())
    result = client.cancel(
        CancelCommand(
            uuid=stamped.uuid,
            rfc_emisor="EKU9003173C9",
            motivo="02",
            certificate=(CSD_DIR / "certificate.cer").read_bytes(),
            private_key=(CSD_DIR / "private_key.key").read_bytes(),
            password=(CSD_DIR / "password.txt").read_text().strip(),
        )
    )
    assert result.accepted
    assert result.code == "201"
    assert result.acuse is not None
    assert b"<EstatusUUID>201</EstatusUUID>" in result.acuse
    assert sw_emulator.requests[-1].path == "/cfdi33/cancel/csd"
