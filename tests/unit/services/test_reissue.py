"""Re-issuing and the form preview get the same checks as a new emission (SAT's XSD)."""

from __future__ import annotations

import copy

import pytest

from facturador.models.engine import read_session, write_session
from facturador.models.tables import Documento
from facturador.sat.errors import ComprobanteInputError
from facturador.services.context import Context
from facturador.services.emission import emit
from facturador.services.issuing import issue
from facturador.services.preview import preview
from tests.unit.sat.conftest import BASE_INPUT
from tests.unit.services.company_setup import NOW, company_input


@pytest.fixture
def rejected(engine, company, secrets):
    emitted = emit(engine, company_input(), secrets=secrets, now=NOW)
    with write_session(engine) as session:
        documento = session.get(Documento, emitted.documento_id)
        documento.state = "RECHAZADO"
        session.add(documento)
        session.commit()
    return emitted.documento_id


def test_a_correction_sat_would_refuse_is_refused_and_changes_nothing(engine, secrets, rejected):
    ctx = Context(engine, secrets, clock=lambda: NOW)
    with read_session(engine) as session:
        before = session.get(Documento, rejected).sealed_xml
    data = company_input()
    data["Receptor"]["Rfc"] = "CACX-760510-1P8"
    with pytest.raises(ComprobanteInputError) as raised:
        issue(ctx, data, rejected_id=rejected)
    assert raised.value.path == "Receptor.Rfc"
    with read_session(engine) as session:
        documento = session.get(Documento, rejected)
        assert (documento.state, documento.sealed_xml) == ("RECHAZADO", before)


def test_the_form_preview_shows_what_sats_xsd_refuses(engine, company, secrets):
    data = copy.deepcopy(BASE_INPUT)  # what the form hands in: Emisor and all
    assert preview(data, NOW).findings == ()
    data["Conceptos"][0]["Descripcion"] = "Venta || otra"
    [(ruta, mensaje)] = preview(data, NOW).findings
    assert ruta.endswith("Concepto/@Descripcion")
    assert "«Venta || otra» no tiene el formato requerido" in mensaje
