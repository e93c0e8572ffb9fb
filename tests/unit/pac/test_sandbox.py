# ruff: noqa: F811 - the fixtures imported from tests.pac_emulators.fixtures are parameters
"""The sandbox stamper: checks, TFD 1.1, byte-level insertion, demo marking, credits."""

from __future__ import annotations

import base64
import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from lxml import etree

from facturador.pac.base import CancelCommand, PacClient, StampStatus, StatusQuery
from facturador.pac.demo_certificate import DEMO_PREFIX, DemoSigner
from facturador.pac.errors import PacCreditsExhaustedError
from facturador.pac.factory import make_client
from facturador.pac.finkok import FinkokClient
from facturador.pac.sandbox import DEMO_LEYENDA, SandboxStamper, insert_tfd, is_demo_stamp
from facturador.pac.sw import SwClient
from facturador.sat.cadena import tfd_cadena_xslt
from facturador.sat.validation import validate_xml
from facturador.sat.xml_reader import TFD_NS, parse_comprobante
from tests.pac_emulators.fixtures import (  # noqa: F401 - pytest fixtures
    SANDBOX_NOW,
    csd_credential,
    make_sealed,
    sandbox,
)

TFD = b'<tfd:TimbreFiscalDigital xmlns:tfd="t" UUID="U"/>'


def test_tfd_is_complete_and_both_seals_verify(sandbox, make_sealed):
    sealed = make_sealed()
    result = sandbox.stamp(sealed)
    assert result.status is StampStatus.STAMPED
    root = etree.fromstring(result.xml)
    tfd = root.find(f"{{http://www.sat.gob.mx/cfd/4}}Complemento/{{{TFD_NS}}}TimbreFiscalDigital")
    assert tfd is not None
    assert tfd.get("Version") == "1.1"
    assert re.fullmatch(
        r"[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}", tfd.get("UUID")
    )
    assert tfd.get("FechaTimbrado") == "2026-11-25T10:30:00"  # Mexico City, no zone
    assert tfd.get("RfcProvCertif") == "SPR190613I52"
    assert tfd.get("Leyenda") == DEMO_LEYENDA
    assert tfd.get("SelloCFD") == root.get("Sello")
    assert tfd.get("NoCertificadoSAT") == sandbox.signer.no_certificado
    xsi = "{http://www.w3.org/2001/XMLSchema-instance}"
    assert tfd.get(f"{xsi}schemaLocation").endswith("TimbreFiscalDigitalv11.xsd")
    cadena = tfd_cadena_xslt()(etree.ElementTree(tfd))
    assert cadena.startswith("||1.1|" + tfd.get("UUID"))
    assert sandbox.signer.certificate.verify(cadena.encode(), base64.b64decode(tfd.get("SelloSAT")))
    certs = {sandbox.signer.no_certificado: sandbox.signer.certificate}
    report = validate_xml(result.xml, sat_certificates=certs)
    assert report.valido, report.errores
    assert (report.sello_valido, report.timbre_valido) == (True, True)
    assert parse_comprobante(result.xml).timbre is not None


def test_only_the_tfd_was_added(sandbox, make_sealed):
    sealed = make_sealed()
    stamped = sandbox.stamp(sealed).xml
    start = stamped.index(b"<cfdi:Complemento>")
    end = stamped.index(b"</cfdi:Complemento>") + len(b"</cfdi:Complemento>")
    assert stamped[:start] + stamped[end:] == sealed


def test_duplicate_returns_the_same_stamp(sandbox, make_sealed):
    sealed = make_sealed()
    first = sandbox.stamp(sealed)
    again = sandbox.stamp(sealed)
    assert again.status is StampStatus.PREVIOUSLY_STAMPED
    assert (again.uuid, again.xml, again.code) == (first.uuid, first.xml, "307")
    assert list(sandbox.stamp_counts.values()) == [1]
    assert sandbox.recover(sealed).uuid == first.uuid
    assert sandbox.recover(first.uuid.lower()).xml == first.xml
    assert sandbox.recover(make_sealed()) is None


def test_stamped_input_is_707(sandbox, make_sealed):
    stamped = sandbox.stamp(make_sealed()).xml
    assert sandbox.stamp(stamped).code == "707"


def test_not_xml_is_301(sandbox):
    assert sandbox.stamp(b"not xml").code == "301"


@pytest.mark.parametrize(
    ("fecha", "accepted"),
    [
        (SANDBOX_NOW.replace(tzinfo=None) - timedelta(hours=6, minutes=0), True),  # = now local
        (datetime(2026, 11, 22, 10, 31), True),  # just inside 72 h
        (datetime(2026, 11, 22, 10, 29), False),  # just outside
        (datetime(2026, 11, 25, 10, 34), True),  # 4 min ahead: clock skew tolerated
        (datetime(2026, 11, 25, 10, 40), False),  # in the future
    ],
)
def test_72_hour_window(sandbox, make_sealed, fecha, accepted):
    result = sandbox.stamp(make_sealed(fecha=fecha))
    assert result.stamped is accepted
    if not accepted:
        assert result.code == "401"


def test_validation_rejects_a_broken_sello(sandbox, make_sealed):
    sealed = make_sealed().replace(b'Cantidad="2"', b'Cantidad="3"')
    result = sandbox.stamp(sealed)
    assert result.status is StampStatus.REJECTED
    assert result.code
    assert sandbox.stamp_counts == {}


def test_credits_counter(make_sealed):
    stamper = SandboxStamper(clock=lambda: SANDBOX_NOW, credits=2)
    stamper.stamp(make_sealed())
    assert stamper.credits().remaining == 1
    stamper.stamp(make_sealed())
    with pytest.raises(PacCreditsExhaustedError) as caught:
        stamper.stamp(make_sealed())
    assert caught.value.code == "718"
    assert SandboxStamper().credits().unlimited


def test_is_demo_stamp(sandbox, make_sealed):
    sealed = make_sealed()
    stamped = sandbox.stamp(sealed).xml
    assert is_demo_stamp(stamped)
    assert not is_demo_stamp(sealed)
    real = stamped.replace(sandbox.signer.no_certificado.encode(), b"30001000000500003456")
    assert is_demo_stamp(real)  # still: RfcProvCertif + Leyenda
    assert not is_demo_stamp(real.replace(DEMO_LEYENDA.encode(), b"x"))


def test_demo_certificate_number_cannot_collide_with_sat():
    signer = DemoSigner.in_memory()
    assert re.fullmatch(r"\d{20}", signer.no_certificado)
    assert signer.no_certificado.startswith(DEMO_PREFIX)
    assert signer.certificate.rfc == "SPR190613I52"


def test_demo_signer_is_created_once_in_the_data_dir(tmp_path):
    first = DemoSigner.load_or_create(tmp_path / "sandbox")
    again = DemoSigner.load_or_create(tmp_path / "sandbox")
    assert first.certificate.der == again.certificate.der
    assert (tmp_path / "sandbox" / "sandbox_sat.key.pem").stat().st_mode & 0o077 == 0
    stamper = make_client("sandbox", "pruebas", {}, data_dir=tmp_path / "sandbox")
    assert stamper.signer.certificate.der == first.certificate.der


@pytest.mark.parametrize(
    ("sealed", "expected"),
    [
        (
            b"<c:Comprobante><c:Conceptos/></c:Comprobante>",
            b"<c:Comprobante><c:Conceptos/><c:Complemento>"
            + TFD
            + b"</c:Complemento></c:Comprobante>",
        ),
        (
            b"<c:Comprobante><c:Complemento/></c:Comprobante>",
            b"<c:Comprobante><c:Complemento>" + TFD + b"</c:Complemento></c:Comprobante>",
        ),
        (
            b"<c:Comprobante><c:Complemento><p:Pagos/></c:Complemento></c:Comprobante>",
            b"<c:Comprobante><c:Complemento><p:Pagos/>" + TFD + b"</c:Complemento></c:Comprobante>",
        ),
        (
            b"<c:Comprobante><c:Addenda><x/></c:Addenda></c:Comprobante>",
            b"<c:Comprobante><c:Complemento>"
            + TFD
            + b"</c:Complemento><c:Addenda><x/></c:Addenda></c:Comprobante>",
        ),
    ],
)
def test_insert_tfd_bytes(sealed, expected):
    assert insert_tfd(sealed, TFD, "c") == expected


def test_insert_tfd_default_namespace_and_errors():
    assert insert_tfd(b"<Comprobante></Comprobante>", TFD, None) == (
        b"<Comprobante><Complemento>" + TFD + b"</Complemento></Comprobante>"
    )
    with pytest.raises(ValueError, match="closing"):
        insert_tfd(b"<x/>", TFD, "c")


def test_every_client_implements_the_protocol(sandbox):
    assert isinstance(sandbox, PacClient)
    assert isinstance(FinkokClient("u", "p"), PacClient)
    assert isinstance(SwClient(token="t"), PacClient)


def test_factory():
    finkok = make_client(
        "finkok",
        "produccion",
        {"username": "u", "password": "p"},
        base_url="http://127.0.0.1:1",
        timeout=(1, 2),
    )
    assert isinstance(finkok, FinkokClient)
    assert finkok.base_url == "http://127.0.0.1:1"
    sw = make_client("sw", "pruebas", {"user": "u", "password": "p"})
    assert isinstance(sw, SwClient)
    assert sw.services_url == "https://services.test.sw.com.mx"
    assert isinstance(make_client("sandbox", "pruebas", {}), SandboxStamper)
    with pytest.raises(ValueError, match="provider"):
        make_client("facturama", "pruebas", {})
    with pytest.raises(ValueError, match="environment"):
        make_client("sw", "demo", {})


def test_sandbox_with_a_data_dir_remembers_stamps_and_cancellations_across_runs(
    tmp_path, make_sealed
):
    """Demo mode spans app restarts: a later run recognises, recovers and cancels a stamp."""
    sealed = make_sealed()
    stamped = SandboxStamper(data_dir=tmp_path, clock=lambda: SANDBOX_NOW).stamp(sealed)
    again = SandboxStamper(data_dir=tmp_path, clock=lambda: SANDBOX_NOW)
    assert again.recover(sealed).xml == stamped.xml
    assert again.stamp(sealed).uuid == stamped.uuid  # previously stamped, not a second TFD
    query = StatusQuery(
        uuid=stamped.uuid, rfc_emisor="EKU9003173C9", rfc_receptor="X", total=Decimal(0)
    )
    assert again.status(query).estado == "Vigente"
    command = CancelCommand(
        uuid=stamped.uuid, rfc_emisor="EKU9003173C9", motivo="02",
        certificate=b"", private_key=b"", password="",
    )  # fmt: skip
    assert again.cancel(command).accepted
    assert SandboxStamper(data_dir=tmp_path, clock=lambda: SANDBOX_NOW).is_cancelled(stamped.uuid)


def test_the_demo_pac_refuses_a_global_invoice_without_its_period(sandbox, make_sealed):
    publico = {"Rfc": "XAXX010101000", "Nombre": "PUBLICO EN GENERAL", "UsoCFDI": "S01",
               "DomicilioFiscalReceptor": "42501", "RegimenFiscalReceptor": "616"}  # fmt: skip
    result = sandbox.stamp(make_sealed(Receptor=publico))
    assert (result.status, result.code) == (StampStatus.REJECTED, "CFDI40130")
    periodo = {"Periodicidad": "01", "Meses": "11", "Año": "2026"}
    assert sandbox.stamp(make_sealed(Receptor=publico, InformacionGlobal=periodo)).stamped
