"""Público en general (InformacionGlobal choices) and foreign clients (their ids)."""

from __future__ import annotations

from datetime import datetime

import pytest

from facturador.models import Empresa, write_session
from facturador.services import receptors
from facturador.services.catalog_data import ClienteData, add_client, edit_client
from facturador.services.errors import FieldError

NOW = datetime(2026, 1, 15, 10, 0)


@pytest.fixture
def empresa_id(engine):
    with write_session(engine) as session:
        empresa = Empresa(
            rfc="EKU9003173C9", nombre="E", regimen_fiscal="601", lugar_expedicion="42501"
        )
        session.add(empresa)
        session.commit()
        return empresa.id


def _foreign(**overrides) -> ClienteData:
    values = {
        "rfc": "XEXX010101000",
        "nombre": "ACME INC",
        "regimen_fiscal_receptor": "616",
        "domicilio_fiscal_receptor": "42501",
        "uso_cfdi": "S01",
        "residencia_fiscal": "USA",
        "num_reg_id_trib": "123456789",
    }
    values.update(overrides)
    return ClienteData(**values)


def _add(engine, empresa_id, data):
    with write_session(engine) as session:
        return add_client(session, empresa_id, data).id


def test_a_foreign_client_keeps_its_ids_for_the_receptor(engine, empresa_id):
    cliente_id = _add(engine, empresa_id, _foreign(residencia_fiscal="usa"))
    assert receptors.foreign_ids(engine, empresa_id, cliente_id) == {
        "ResidenciaFiscal": "USA",
        "NumRegIdTrib": "123456789",
    }
    with write_session(engine) as session:
        edit_client(
            session, empresa_id, cliente_id, _foreign(residencia_fiscal="", num_reg_id_trib="")
        )
    assert receptors.foreign_ids(engine, empresa_id, cliente_id) == {}


def test_a_foreign_client_may_have_neither_id(engine, empresa_id):
    # SAT requires them only with Comercio Exterior, which Facturador does not issue.
    cliente_id = _add(engine, empresa_id, _foreign(residencia_fiscal=None, num_reg_id_trib=None))
    assert receptors.foreign_ids(engine, empresa_id, cliente_id) == {}
    cliente_id = _add(engine, empresa_id, _foreign(residencia_fiscal="DEU", num_reg_id_trib="x 1"))
    assert receptors.foreign_ids(engine, empresa_id, cliente_id)["NumRegIdTrib"] == "x 1"


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"residencia_fiscal": None}, "residencia_fiscal", "obligatoria cuando se registra"),
        ({"residencia_fiscal": "MEX"}, "residencia_fiscal", "no puede ser MEX"),
        ({"residencia_fiscal": "QQQ"}, "residencia_fiscal", "no existe en el catálogo"),
        ({"num_reg_id_trib": "12AB"}, "num_reg_id_trib", "Estados Unidos"),
        ({"residencia_fiscal": "CAN", "num_reg_id_trib": "12345678"}, "num_reg_id_trib", "Canadá"),
        ({"residencia_fiscal": "DEU", "num_reg_id_trib": "1" * 41}, "num_reg_id_trib", "40"),
        (
            {"rfc": "CACX7605101P8", "nombre": "XOCHILT CASAS CHAVEZ",
             "regimen_fiscal_receptor": "612", "domicilio_fiscal_receptor": "36257",
             "uso_cfdi": "G03", "num_reg_id_trib": None},
            "residencia_fiscal",
            "XEXX010101000",
        ),
        (
            {"rfc": "XAXX010101000", "nombre": "PUBLICO EN GENERAL", "residencia_fiscal": None},
            "num_reg_id_trib",
            "solo se registra",
        ),
    ],
)  # fmt: skip
def test_the_foreign_ids_are_checked_as_sat_does(engine, empresa_id, overrides, field, text):
    with pytest.raises(FieldError) as error, write_session(engine) as session:
        add_client(session, empresa_id, _foreign(**overrides))
    assert error.value.field == field
    assert text in error.value.message


def test_informacion_global_only_for_an_ingreso_to_publico_en_general():
    publico = {"Rfc": "XAXX010101000", "Nombre": "PUBLICO EN GENERAL"}
    assert receptors.needs_informacion_global(publico, "I")
    assert not receptors.needs_informacion_global(publico, "E")
    assert not receptors.needs_informacion_global({**publico, "Nombre": "JUAN PEREZ"}, "I")
    assert not receptors.needs_informacion_global({**publico, "Rfc": "XEXX010101000"}, "I")


def test_the_period_choices_follow_sats_catalogs():
    assert [c for c, _ in receptors.periodicidades("601")] == ["01", "02", "03", "04"]
    assert dict(receptors.periodicidades("621"))["05"] == "Bimestral"
    assert receptors.meses("04")[0] == ("01", "Enero")
    assert [c for c, _ in receptors.meses("01")] == [f"{m:02d}" for m in range(1, 13)]
    assert receptors.meses("05")[-1] == ("18", "Noviembre-Diciembre")
    assert [c for c, _ in receptors.meses("05")] == [str(m) for m in range(13, 19)]
    assert receptors.default_meses("04", NOW) == "01"
    assert receptors.default_meses("05", datetime(2026, 12, 1)) == "18"
    assert receptors.anios(NOW) == ("2026", "2025")
