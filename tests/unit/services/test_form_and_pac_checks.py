"""What the forms check as the user leaves a field, and where "Probar conexión" and the
status bar look for the PAC (the host of the company's environment, never a hard-coded one)."""

from __future__ import annotations

import pytest

from facturador.services import form_checks, pac_connection
from facturador.services.context import Context
from facturador.services.errors import ConfigError, FieldError
from facturador.services.pac_connection import Connection
from tests.unit.services.company_setup import NOW


@pytest.mark.parametrize(
    ("name", "value", "rfc", "reason"),
    [
        ("rfc", "CACX-760510", "", "invalid"),
        ("valor_unitario", "", "", "required"),
        ("valor_unitario", "1.1234567", "", "too_many_decimals"),
        ("valor_unitario", "-5", "", "negative"),
        ("valor_unitario", "diez", "", "not_a_decimal"),
        ("clave_prod_serv", "99999999", "", "not_in_catalog"),
        ("uso_cfdi", "", "", "required"),
        ("regimen_fiscal", "605", "URE180429TM6", "not_for_moral"),
        ("lugar_expedicion", "00001", "", "not_in_catalog"),
        ("descripcion", "   ", "", "required"),
    ],
)
def test_a_field_is_refused_with_the_reason_saving_would_give(name, value, rfc, reason):
    with pytest.raises(FieldError) as refused:
        form_checks.check_field(name, value, rfc)
    assert refused.value.field == name
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    ("name", "value", "rfc"),
    [
        ("rfc", "cacx7605101p8", ""),
        ("valor_unitario", "$1,250.50", ""),
        ("clave_prod_serv", "84111802", ""),
        ("regimen_fiscal_receptor", "616", ""),  # no RFC typed yet: judged as público general
        ("regimen_fiscal", "601", "URE180429TM6"),
        ("domicilio_fiscal_receptor", "42501", ""),
    ],
)
def test_a_good_field_passes(name, value, rfc):
    form_checks.check_field(name, value, rfc)


def test_catalog_lookups_name_the_sat_description():
    entry = form_checks.catalog_entry("c_UsoCFDI", " G03 ")
    assert entry is not None
    assert entry.descripcion == "Gastos en general."
    assert form_checks.catalog_entry("c_UsoCFDI", "ZZZ") is None
    assert any(
        o.clave == "84111802" for o in form_checks.catalog_search("c_ClaveProdServ", "84111802")
    )


class RecordingProbe:
    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.hosts: list[tuple[str, int]] = []

    def __call__(self, host: tuple[str, int], timeout: float) -> bool:
        self.hosts.append(host)
        return self.answer


@pytest.fixture
def probe():
    return RecordingProbe(answer=False)


@pytest.fixture
def ctx(engine, company, secrets, tmp_path, probe):
    return Context(engine, secrets, clock=lambda: NOW, data_dir_=tmp_path, probe=probe)


def test_the_connection_is_probed_at_the_environments_host(ctx, probe):
    pac_connection.save_pac(ctx, "finkok", "pruebas", "", "demo@example.com", "secreto")
    assert pac_connection.connection(ctx) is Connection.OFFLINE
    pac_connection.save_pac(ctx, "sw", "produccion", "", "demo@example.com", "secreto")
    probe.answer = True
    assert pac_connection.connection(ctx) is Connection.ONLINE
    assert probe.hosts == [("demo-facturacion.finkok.com", 443), ("services.sw.com.mx", 443)]


def test_probar_conexion_says_where_it_could_not_connect(ctx, probe):
    with pytest.raises(ConfigError) as unreachable:
        pac_connection.test_pac(ctx, "sw", "pruebas", "")
    assert "services.test.sw.com.mx:443" in unreachable.value.message
    with pytest.raises(ConfigError) as bad_url:
        pac_connection.test_pac(ctx, "finkok", "pruebas", "ftp://pac.example")
    assert bad_url.value.reason == "url"
    probe.answer = True
    assert pac_connection.test_pac(ctx, "finkok", "pruebas", "http://127.0.0.1:8080") == (
        "127.0.0.1:8080"
    )


def test_saving_a_pac_keeps_each_providers_credentials_and_never_shows_the_password(ctx):
    pac_connection.save_pac(ctx, "finkok", "pruebas", "", "ana@example.com", "secreto-f")
    pac_connection.save_pac(ctx, "sw", "pruebas", "", "ana-sw", "secreto-s")
    pac_connection.save_pac(ctx, "finkok", "pruebas", "", "ana@example.com", "")  # keeps it
    view = pac_connection.pac_view(ctx)
    assert (view.provider, view.user, view.has_password) == ("finkok", "ana@example.com", True)
    assert view.stored == {"finkok": ("ana@example.com", True), "sw": ("ana-sw", True)}
    assert "secreto" not in repr(view)
    with pytest.raises(ConfigError) as missing:
        pac_connection.save_pac(ctx, "sw", "pruebas", "", "", "")
    assert missing.value.reason == "credentials"
