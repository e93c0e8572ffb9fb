"""The PAC error tree, the Spanish texts and the FAQ's four errors."""

from __future__ import annotations

import pytest

from facturador.pac.base import CancelCommand, StampResult, StampStatus
from facturador.pac.errors import (
    PacAuthError,
    PacCreditsExhaustedError,
    PacError,
    PacProtocolError,
    PacRejectedError,
    PacUnavailableError,
)
from facturador.pac.messages import (
    FAQ_CERTIFICADO,
    FAQ_CONEXION,
    FAQ_CREDITOS,
    FAQ_RECEPTOR,
    explain,
)
from facturador.sat.errors import FacturadorError


def test_hierarchy_is_pinned():
    assert issubclass(PacError, FacturadorError)
    assert PacUnavailableError.__bases__ == (PacError,)
    assert PacProtocolError.__bases__ == (PacUnavailableError,)
    for cls in (PacRejectedError, PacCreditsExhaustedError, PacAuthError):
        assert cls.__bases__ == (PacError,)
        assert not cls.retryable
    assert PacUnavailableError.retryable
    assert PacProtocolError.retryable


@pytest.mark.parametrize(
    ("error", "faq", "step"),
    [
        (PacRejectedError("CFDI40106", "CSD revocado"), FAQ_CERTIFICADO, "CertiSAT Web"),
        (PacRejectedError("304"), FAQ_CERTIFICADO, "vigencia"),
        (PacCreditsExhaustedError("718", "sin timbres"), FAQ_CREDITOS, "Compre o asigne"),
        (PacCreditsExhaustedError("AU2001"), FAQ_CREDITOS, "no se pierden"),
        (PacRejectedError("CFDI40143"), FAQ_RECEPTOR, "Constancia de Situación Fiscal"),
        (PacRejectedError("CFDI40145"), FAQ_RECEPTOR, "régimen fiscal"),
        (PacUnavailableError("708", "No se pudo conectar al SAT"), FAQ_CONEXION, "internet"),
        (PacUnavailableError("CONEXION"), FAQ_CONEXION, "automáticamente"),
        (PacProtocolError("SOAP", "basura"), FAQ_CONEXION, "cola"),
    ],
)
def test_faq_errors_are_mapped_from_real_codes(error, faq, step):
    titulo, solucion = faq
    message = error.message
    assert message.startswith(titulo)
    assert step in solucion
    assert solucion.rstrip(".") in message
    assert f"(código {error.code})" in message


def test_the_four_faq_titles():
    assert FAQ_CERTIFICADO[0] == "Certificado no válido o expirado"
    assert FAQ_CREDITOS[0] == "Sin folios disponibles / Créditos agotados"
    assert FAQ_RECEPTOR[0] == "Error en datos del receptor / RFC no encontrado"
    assert FAQ_CONEXION[0] == "Error de conexión con el SAT / Servicio no disponible"


def test_message_quotes_the_pac_text():
    message = PacRejectedError("CFDI40158", "La clave del campo RegimenFiscalR...").message
    assert "El PAC indica: La clave del campo RegimenFiscalR" in message


def test_explain_known_unknown_and_none():
    assert explain("401")[0] == "Fecha fuera del plazo de 72 horas (o en el futuro)"
    assert explain(" CFDI40102 ")[0] == "El sello no es válido"
    assert explain("CFDI40199") == (
        "El SAT rechazó el comprobante (regla CFDI40199)",
        "Corrija el comprobante y vuelva a emitirlo.",
    )
    assert explain("XYZ")[0] == "El PAC respondió con el código XYZ"
    assert explain(None) == FAQ_CONEXION


def test_auth_error_message_without_known_code():
    assert PacAuthError("AU9999").message.startswith("Problema con la cuenta del PAC")
    assert PacAuthError("AU2000").message.startswith("Problema con la cuenta del PAC")


def test_str_carries_data_not_sentences():
    assert str(PacRejectedError("401", "x")) == "PacRejectedError(code='401', detail='x')"


def test_stamp_result_invariants_and_raise_for_rejection():
    with pytest.raises(ValueError, match="code"):
        StampResult(status=StampStatus.REJECTED)
    with pytest.raises(ValueError, match="UUID"):
        StampResult(status=StampStatus.STAMPED, xml=b"<x/>")
    ok = StampResult(status=StampStatus.STAMPED, xml=b"<x/>", uuid="U")
    assert ok.raise_for_rejection() is ok
    with pytest.raises(PacRejectedError):
        StampResult(status=StampStatus.REJECTED, code="401").raise_for_rejection()


_UUID = "11111111-2222-4333-8444-555555555555"


@pytest.mark.parametrize(
    ("motivo", "folio", "code"),
    [("05", None, "207"), ("01", None, "208"), ("01", "nope", "208"), ("02", _UUID, "209")],
)
def test_cancel_command_enforces_motivo_rules_client_side(motivo, folio, code):
    with pytest.raises(PacRejectedError) as caught:
        CancelCommand(
            uuid=_UUID,
            rfc_emisor="EKU9003173C9",
            motivo=motivo,
            certificate=b"",
            private_key=b"",
            password="",
            folio_sustitucion=folio,
        )
    assert caught.value.code == code


def test_cancel_command_refuses_a_malformed_uuid():
    with pytest.raises(PacRejectedError):
        CancelCommand(
            uuid="x", rfc_emisor="E", motivo="02", certificate=b"", private_key=b"", password=""
        )
