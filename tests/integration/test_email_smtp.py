"""A real SMTP server (aiosmtpd) on loopback: an email queued while it is down waits, then
goes out exactly once, with the PDF and the XML attached."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from facturador.models import open_database, read_session, sqlite_url, write_session
from facturador.models.tables import CorreoPendiente, Documento
from facturador.services.companies import add_company, install_csd
from facturador.services.email import CONNECTION_ERROR, configure_smtp, queue_email
from facturador.services.email_sending import send_pending
from facturador.services.secrets import MemorySecretStore
from tests.unit.services.company_setup import NOW, PASSWORD
from tests.unit.services.test_email import parse_sent, stamped_documento


class RecordingHandler:
    def __init__(self) -> None:
        self.envelopes: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def engine(tmp_path):
    engine = open_database(sqlite_url(tmp_path / "facturador.db"))
    yield engine
    engine.dispose()


@pytest.fixture
def secrets():
    return MemorySecretStore()


@pytest.fixture
def port():
    return _free_port()


def _add_company(engine, secrets, shared_sat):
    csd = shared_sat / "csd" / "csd_EKU9003173C9"
    with write_session(engine) as session:
        empresa = add_company(
            session,
            rfc="EKU9003173C9",
            nombre="ESCUELA KEMPER URGATE",
            regimen_fiscal="601",
            lugar_expedicion="42501",
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


@pytest.fixture
def documento_id(engine, secrets, shared_sat, port):
    _add_company(engine, secrets, shared_sat)
    configure_smtp(
        engine, host="127.0.0.1", port=port, security="none", from_address="cfdi@kemper.example"
    )
    return stamped_documento(engine, secrets)


def _send(engine, when):
    return send_pending(engine, smtp_password_provider=lambda empresa: None, now=when, timeout=5)


def test_queued_while_down_then_delivered_exactly_once(engine, documento_id, port):
    correo_id = queue_email(engine, documento_id, to=["pagos@cliente.example"], now=NOW)

    # Nothing listens on the port: the email waits, with the Spanish reason.
    report = _send(engine, NOW)
    assert [o.correo_id for o in report.retrying] == [correo_id]
    assert report.sent == []
    with read_session(engine) as session:
        row = session.get(CorreoPendiente, correo_id)
    assert (row.state, row.attempts, row.last_error) == ("PENDIENTE", 1, CONNECTION_ERROR)
    assert "No se pudo conectar con el servidor de correo; se reintentará" in row.last_error
    assert row.next_attempt_at > NOW

    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        later = NOW + timedelta(hours=2)
        report = _send(engine, later)
        assert [o.correo_id for o in report.sent] == [correo_id]
        # Another pass, even much later, sends nothing again.
        assert _send(engine, later + timedelta(days=1)).sent == []
    finally:
        controller.stop()

    assert len(handler.envelopes) == 1
    mail_from, rcpt_tos, content = handler.envelopes[0]
    assert (mail_from, rcpt_tos) == ("cfdi@kemper.example", ["pagos@cliente.example"])
    with read_session(engine) as session:
        row = session.get(CorreoPendiente, correo_id)
        documento = session.get(Documento, documento_id)
    assert (row.state, row.attempts, row.sent_at, row.last_error) == ("ENVIADO", 2, later, None)
    message = parse_sent(content)
    assert message["Message-ID"] == row.message_id
    attachments = {a.get_content_type(): a for a in message.iter_attachments()}
    assert sorted(attachments) == ["application/pdf", "application/xml"]
    assert attachments["application/pdf"].get_content().startswith(b"%PDF")
    assert attachments["application/xml"].get_content() == documento.stamped_xml
    assert attachments["application/xml"].get_filename() == (
        f"EKU9003173C9_A1_{documento.uuid}.xml"
    )


def test_cli_configures_then_sends_or_waits(capsys, secrets, shared_sat, port):
    from facturador.cli import main
    from facturador.services.settings import open_engine

    engine = open_engine()  # the isolated FACTURADOR_HOME of this test
    _add_company(engine, secrets, shared_sat)
    configure = ["enviar", "--configurar", "--host", "127.0.0.1", "--puerto", str(port)]
    assert main([*configure, "--seguridad", "none", "--remitente", "cfdi@kemper.example"]) == 0
    assert "Correo configurado para EKU9003173C9" in capsys.readouterr().out

    def uuid_of(documento_id):
        with read_session(engine) as session:
            return session.get(Documento, documento_id).uuid

    waiting = uuid_of(stamped_documento(engine, secrets))
    assert main(["enviar", waiting, "--correo", "a@cliente.example"]) == 0
    assert capsys.readouterr().out.strip() == f"En espera: {CONNECTION_ERROR}"

    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        sent = uuid_of(stamped_documento(engine, secrets))
        assert main(["enviar", sent, "--correo", "b@cliente.example"]) == 0
    finally:
        controller.stop()
    assert capsys.readouterr().out.strip() == "Enviado a b@cliente.example."
    assert [e[1] for e in handler.envelopes] == [["b@cliente.example"]]
    assert main(["enviar", "--correo", "c@cliente.example"]) == 1
    assert "UUID" in capsys.readouterr().err
    engine.dispose()


def test_correos_test_message_reaches_the_server_and_says_why_when_it_cannot(
    engine, secrets, shared_sat, port, tmp_path
):
    """Configuración → Correo → «Enviar prueba» (services.smtp), against a real server."""
    from facturador.services import smtp
    from facturador.services.context import Context
    from facturador.services.email import InvalidEmailError
    from facturador.services.errors import ConfigError

    _add_company(engine, secrets, shared_sat)
    ctx = Context(engine, secrets, clock=lambda: NOW, data_dir_=tmp_path)
    with pytest.raises(ConfigError) as unconfigured:
        smtp.send_test_email(ctx, "yo@kemper.example")
    assert unconfigured.value.reason == "smtp_missing"
    view = smtp.save_smtp(
        ctx, host="127.0.0.1", port=port, user="", security="none",
        sender="cfdi@kemper.example", password="",
    )  # fmt: skip
    assert (view.host, view.port, view.has_password) == ("127.0.0.1", port, False)
    with pytest.raises(ConfigError) as down:
        smtp.send_test_email(ctx, "yo@kemper.example")
    assert down.value.reason == "smtp_connect"
    assert "127.0.0.1" in down.value.message
    with pytest.raises(InvalidEmailError):
        smtp.send_test_email(ctx, "no es un correo")
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert smtp.send_test_email(ctx, " yo@kemper.example ") == "yo@kemper.example"
    finally:
        controller.stop()
    [(mail_from, rcpt_tos, content)] = handler.envelopes
    assert (mail_from, rcpt_tos) == ("cfdi@kemper.example", ["yo@kemper.example"])
    message = parse_sent(content)
    assert message["Subject"] == "Prueba de correo de Facturador"
    assert "ESCUELA KEMPER URGATE (EKU9003173C9)" in message.get_content()
