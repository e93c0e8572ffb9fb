# ruff: noqa: F811 - the fixtures imported from tests.pac_emulators.fixtures are parameters
"""The failover to a second PAC: when it may go, when it must wait, and the ledger."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import requests

from facturador.pac._http import Transport, request_sent
from facturador.pac.base import StampResult, StampStatus
from facturador.pac.errors import (
    PacAuthError,
    PacCreditsExhaustedError,
    PacProtocolError,
    PacRejectedError,
    PacUnavailableError,
)
from facturador.pac.sandbox import SandboxStamper
from facturador.services.failover import (
    RETENTION,
    WAITING,
    FailoverClient,
    FailoverLedger,
    known_not_stamped,
)
from facturador.services.pac_settings import CONNECTION_SUPPORT_AFTER, connection_advice
from tests.pac_emulators.fixtures import csd_credential, make_sealed  # noqa: F401 - pytest fixtures

NOW = datetime(2026, 11, 25, 16, 30, 0, tzinfo=UTC)
REFUSED = PacUnavailableError("CONEXION", "refused", request_sent=False)
READ_TIMEOUT = PacUnavailableError("CONEXION", "read timeout", request_sent=True)


class Pac:
    """A PAC that records calls: `stamp`/`recover` answers come from scripts (exceptions
    or results), otherwise from its own sandbox, whose stamp counts are the truth."""

    def __init__(self, name: str, *stamp_script: object) -> None:
        self.name = name
        self.sandbox = SandboxStamper(clock=lambda: NOW, validate=False)
        self.stamp_script = list(stamp_script)
        self.recover_script: list[object] = []
        self.stamp_calls = 0
        self.recover_calls = 0

    @property
    def stamped(self) -> int:
        return sum(self.sandbox.stamp_counts.values())

    def stamp(self, xml: bytes) -> StampResult:
        self.stamp_calls += 1
        if self.stamp_script:
            answer = self.stamp_script.pop(0)
            if answer == "commit-then-lose":
                self.sandbox.stamp(xml)
                raise READ_TIMEOUT
            if isinstance(answer, Exception):
                raise answer
            assert isinstance(answer, StampResult)
            return answer
        return self.sandbox.stamp(xml)

    def recover(self, document):
        self.recover_calls += 1
        if self.recover_script:
            answer = self.recover_script.pop(0)
            if answer == "not-found":  # a lookup that lags behind the stamp
                return None
            if isinstance(answer, Exception):
                raise answer
        return self.sandbox.recover(document)

    def cancel(self, command):  # pragma: no cover - not used here
        return self.sandbox.cancel(command)

    def status(self, query):  # pragma: no cover
        return self.sandbox.status(query)

    def credits(self):
        return self.sandbox.credits()


@pytest.fixture
def xml(make_sealed) -> bytes:
    return make_sealed()


@pytest.fixture
def ledger(tmp_path) -> FailoverLedger:
    return FailoverLedger(tmp_path / "ledger.json", clock=lambda: NOW)


def _pair(ledger, primary_script=(), secondary_script=()):
    primary, secondary = Pac("finkok", *primary_script), Pac("sw", *secondary_script)
    return primary, secondary, FailoverClient(primary, secondary, ledger)


# ---------------------------------------------------------------- the classification


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (REFUSED, True),
        (READ_TIMEOUT, False),
        (PacUnavailableError("HTTP500", "error del servidor"), False),  # may have arrived
        (PacProtocolError("SOAP", "garbage"), False),
        (PacUnavailableError("708", "No se pudo conectar al SAT"), True),  # the PAC said so
        (PacUnavailableError("307", "timbrado previamente"), False),  # stamped there!
        (PacCreditsExhaustedError("718"), True),
        (PacAuthError("300"), True),
        (PacRejectedError("CFDI40158"), False),  # final: never to another PAC
    ],
)
def test_known_not_stamped(error, expected):
    assert known_not_stamped(error) is expected


def test_transport_tells_whether_the_request_left():
    transport = Transport((0.5, 0.5))
    with pytest.raises(PacUnavailableError) as refused:
        transport.request("POST", "http://127.0.0.1:1/servicios/soap/stamp", data=b"x")
    assert refused.value.request_sent is False
    assert request_sent(requests.ReadTimeout()) is True
    assert request_sent(requests.ConnectTimeout()) is False
    assert request_sent(requests.ConnectionError("Connection aborted")) is None


# ---------------------------------------------------------------- stamping


def test_primary_stamps_and_the_secondary_is_not_used(ledger, xml):
    primary, secondary, client = _pair(ledger)
    result = client.stamp(xml)
    assert result.status is StampStatus.STAMPED
    assert (primary.stamped, secondary.stamped, secondary.stamp_calls) == (1, 0, 0)


@pytest.mark.parametrize(
    "error", [REFUSED, PacCreditsExhaustedError("718"), PacUnavailableError("708")]
)
def test_known_not_stamped_at_the_primary_goes_to_the_secondary(ledger, xml, error):
    seen = []
    primary, secondary, client = _pair(ledger, [error])
    client.on_failover = seen.append
    result = client.stamp(xml)
    assert result.stamped
    assert (primary.stamped, secondary.stamped) == (0, 1)
    assert seen == [error]
    assert client.failovers == 1
    assert ledger.get(xml).role == "secondary"  # kept until the queue has stored it


def test_a_rejection_is_final_and_never_goes_to_the_secondary(ledger, xml):
    rejected = StampResult(status=StampStatus.REJECTED, code="CFDI40158", detail="receptor")
    _primary, secondary, client = _pair(ledger, [rejected])
    assert client.stamp(xml) is rejected
    assert secondary.stamp_calls == 0
    assert ledger.get(xml) is None


def test_unknown_outcome_waits_for_the_primary(ledger, xml):
    """Stamped at the primary, answer lost; primary then down; then back: recovered."""
    primary, secondary, client = _pair(ledger, ["commit-then-lose"])
    with pytest.raises(PacUnavailableError):
        client.stamp(xml)
    assert ledger.get(xml).role == "primary"
    primary.recover_script.append(REFUSED)  # the primary is down now
    with pytest.raises(PacUnavailableError) as waiting:
        client.stamp(xml)
    assert waiting.value.code == WAITING  # only this document waits: not CONEXION
    assert waiting.value.request_sent is False
    assert "pudo quedar timbrado" in waiting.value.message
    assert secondary.stamp_calls == secondary.recover_calls == 0
    result = client.stamp(xml)  # back: resolved at the primary
    assert result.status is StampStatus.PREVIOUSLY_STAMPED
    assert (primary.stamped, secondary.stamped) == (1, 0)


def test_a_lookup_that_finds_nothing_is_no_proof_the_bytes_stay_with_that_pac(ledger, xml):
    """503 at the primary (outcome unknown), its lookup finds nothing, then it refuses
    connections: the document waits for the primary and never goes to the secondary."""
    primary, secondary, client = _pair(ledger, [PacUnavailableError("HTTP503", "proxy"), REFUSED])
    with pytest.raises(PacUnavailableError):
        client.stamp(xml)  # 503: nothing stamped, but we could not know
    with pytest.raises(PacUnavailableError) as waiting:
        client.stamp(xml)  # lookup: nothing; the primary refuses: wait, no failover
    assert waiting.value.code == WAITING
    assert secondary.stamp_calls == secondary.recover_calls == 0
    assert ledger.get(xml).role == "primary"
    result = client.stamp(xml)  # the primary is back: the same bytes, there
    assert result.stamped
    assert (primary.stamped, secondary.stamped) == (1, 0)


def test_a_lagging_lookup_gets_the_same_bytes_resent_to_the_same_pac(ledger, xml):
    """Stamped at the primary, answer lost, its lookup does not show the stamp yet, then the
    primary goes down: still never the secondary; once up, the resend recovers the stamp."""
    primary, secondary, client = _pair(ledger, ["commit-then-lose"])
    with pytest.raises(PacUnavailableError):
        client.stamp(xml)
    primary.recover_script += ["not-found", "not-found"]
    primary.stamp_script.append(REFUSED)
    with pytest.raises(PacUnavailableError):
        client.stamp(xml)
    assert client.recover(xml) is None  # not found is no proof: the entry stays
    assert ledger.get(xml).role == "primary"
    result = client.stamp(xml)
    assert result.status is StampStatus.PREVIOUSLY_STAMPED
    assert (primary.stamped, secondary.stamped, secondary.stamp_calls) == (1, 0, 0)


def test_unknown_outcome_at_the_secondary_is_resolved_there(ledger, xml):
    primary, secondary, client = _pair(ledger, [REFUSED], ["commit-then-lose"])
    with pytest.raises(PacUnavailableError):
        client.stamp(xml)
    assert ledger.get(xml).role == "secondary"
    result = client.stamp(xml)  # the primary is fine now, but the document may be at SW
    assert result.status is StampStatus.PREVIOUSLY_STAMPED
    assert (primary.stamped, secondary.stamped) == (0, 1)
    assert primary.stamp_calls == 1


def test_both_down_raises_the_primary_reason(ledger, xml):
    credits = PacCreditsExhaustedError("718")
    _, _, client = _pair(ledger, [credits], [REFUSED])
    with pytest.raises(PacCreditsExhaustedError):
        client.stamp(xml)
    assert ledger.get(xml) is None


def test_recover_follows_the_ledger(ledger, xml, make_sealed):
    primary, secondary, client = _pair(ledger, [REFUSED])
    stamped = client.stamp(xml)
    found = client.recover(xml)
    assert found.uuid == stamped.uuid
    assert primary.recover_calls == 0  # the ledger says SW
    assert client.recover(stamped.uuid).uuid == stamped.uuid  # by UUID: primary, then SW
    other = make_sealed()
    assert client.recover(other) is None
    assert primary.recover_calls == 2  # the UUID, then the other bytes
    assert secondary.recover_calls == 2  # the ledger's, the UUID; never bytes it never got


# ---------------------------------------------------------------- the ledger file


def test_ledger_survives_a_new_client(tmp_path, xml):
    path = tmp_path / "ledger.json"
    primary, secondary, client = _pair(FailoverLedger(path), ["commit-then-lose"])
    with pytest.raises(PacUnavailableError):
        client.stamp(xml)
    again = FailoverClient(primary, secondary, FailoverLedger(path))
    primary.stamp_script.append(REFUSED)  # would fail over if the ledger were forgotten
    assert again.stamp(xml).status is StampStatus.PREVIOUSLY_STAMPED
    assert (primary.stamped, secondary.stamped) == (1, 0)
    entries = json.loads(path.read_text())
    assert next(iter(entries.values()))["provider"] == "finkok"
    assert not path.with_name(path.name + ".tmp").exists()


def test_old_entries_are_pruned(tmp_path, xml, make_sealed):
    moments = [NOW - RETENTION - timedelta(minutes=1), NOW]
    ledger = FailoverLedger(tmp_path / "l.json", clock=lambda: moments.pop(0))
    ledger.record(xml, "primary", "finkok")
    ledger.record(make_sealed(), "primary", "finkok")
    assert ledger.get(xml) is None
    assert len(ledger) == 1


def test_an_unreadable_ledger_stops_instead_of_forgetting(tmp_path, xml):
    path = tmp_path / "ledger.json"
    path.write_text("{ not json")
    primary, secondary, client = _pair(FailoverLedger(path), [REFUSED])
    with pytest.raises(PacUnavailableError) as error:
        client.stamp(xml)
    assert error.value.code == "BITACORA"
    assert primary.stamp_calls == secondary.stamp_calls == 0


def test_a_ledger_naming_a_pac_no_longer_configured_waits(ledger, xml):
    ledger.record(xml, "secondary", "otro")
    primary, _, client = _pair(ledger)
    with pytest.raises(PacUnavailableError, match="otro"):
        client.stamp(xml)
    assert primary.stamp_calls == 0


# ---------------------------------------------------------------- the FAQ's connection rule


def test_connection_advice_after_an_hour_says_contact_support():
    first = NOW - timedelta(minutes=10)
    early = connection_advice(first, NOW)
    assert early.startswith("Error de conexión con el SAT / Servicio no disponible")
    assert "automáticamente" in early
    assert "soporte" not in early
    late = connection_advice(NOW - CONNECTION_SUPPORT_AFTER, NOW)
    assert "Contacte a soporte" in late
    assert "más de una hora" in late
    assert "más de 3 horas" in connection_advice(NOW - timedelta(hours=3, minutes=5), NOW)
