"""Email of a CFDI: the message (Spanish text, PDF and XML attached), the outbox, SMTP errors."""

from __future__ import annotations

import email
import smtplib
from datetime import UTC, datetime, timedelta
from email.policy import default as default_policy
from typing import ClassVar

import pytest
from sqlalchemy import text
from sqlmodel import select

from facturador.models import (
    Cliente,
    Documento,
    create_db_engine,
    current_revision,
    open_database,
    read_session,
    upgrade,
    write_session,
)
from facturador.models.tables import CorreoPendiente, Empresa
from facturador.pac.sandbox import SandboxStamper
from facturador.services.email import (
    CONNECTION_ERROR,
    EmailNotConfiguredError,
    InvalidEmailError,
    NoRecipientsError,
    configure_smtp,
    documento_id_by_uuid,
    queue_email,
    secret_store_password_provider,
    smtp_password_key,
)
from facturador.services.email_sending import send_pending
from facturador.services.emission import emit
from facturador.services.secrets import SERVICE, MemorySecretStore
from tests.unit.services.company_setup import NOW, company_input

__all__ = ["parse_sent", "stamped_documento"]


@pytest.fixture
def secrets():
    return MemorySecretStore()


def stamped_documento(engine, secrets) -> int:
    """Emit a document and stamp it with the local sandbox; its id."""
    result = emit(engine, company_input(), secrets=secrets, now=NOW)
    with write_session(engine) as session:
        documento = session.get(Documento, result.documento_id)
        stamp = SandboxStamper(clock=lambda: NOW + timedelta(minutes=1)).stamp(documento.sealed_xml)
        assert stamp.xml, stamp.detail
        documento.stamped_xml = stamp.xml
        documento.uuid = stamp.uuid
        documento.state = "TIMBRADO"
        session.add(documento)
        session.commit()
    return result.documento_id


def parse_sent(raw: bytes):
    return email.message_from_bytes(raw, policy=default_policy)


@pytest.fixture
def configured(engine, company, secrets):
    configure_smtp(
        engine,
        host="127.0.0.1",
        port=2525,
        security="none",
        from_address="facturas@kemper.example",
    )
    return company


@pytest.fixture
def documento_id(engine, configured, secrets):
    return stamped_documento(engine, secrets)


def _row(engine, correo_id) -> CorreoPendiente:
    with read_session(engine) as session:
        return session.get(CorreoPendiente, correo_id)


def test_the_message_has_spanish_text_the_pdf_and_the_xml(engine, documento_id):
    correo_id = queue_email(engine, documento_id, to=["pagos@cliente.example"], now=NOW)
    row = _row(engine, correo_id)
    with read_session(engine) as session:
        documento = session.get(Documento, documento_id)
    assert row.state == "PENDIENTE"
    assert row.recipients == ["pagos@cliente.example"]
    message = parse_sent(row.raw_message)
    assert message["Message-ID"] == row.message_id
    assert row.message_id.endswith("@kemper.example>")
    assert message["To"] == "pagos@cliente.example"
    assert "facturas@kemper.example" in message["From"]
    assert message["Subject"] == "CFDI A-1 de ESCUELA KEMPER URGATE"
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body == row.body
    assert body.startswith("Estimado cliente:\n\nLe enviamos el CFDI A-1 por 1160.00 MXN")
    assert "Se adjuntan el PDF" in body
    assert documento.uuid in body
    attachments = list(message.iter_attachments())
    stem = f"EKU9003173C9_A1_{documento.uuid}"
    assert [a.get_filename() for a in attachments] == [f"{stem}.pdf", f"{stem}.xml"]
    assert [a.get_content_type() for a in attachments] == ["application/pdf", "application/xml"]
    assert attachments[0].get_content().startswith(b"%PDF")
    assert attachments[1].get_content() == documento.stamped_xml  # byte for byte


def test_unstamped_documents_attach_the_sealed_xml(engine, configured, secrets):
    documento_id = emit(engine, company_input(), secrets=secrets, now=NOW).documento_id
    correo_id = queue_email(engine, documento_id, to=["a@b.example"], now=NOW)
    with read_session(engine) as session:
        sealed = session.get(Documento, documento_id).sealed_xml
    message = parse_sent(_row(engine, correo_id).raw_message)
    xml = [a for a in message.iter_attachments() if a.get_filename().endswith(".xml")]
    assert xml[0].get_filename() == "EKU9003173C9_A1.xml"
    assert xml[0].get_content() == sealed


def test_recipients_default_to_the_clients_emails(engine, documento_id):
    with write_session(engine) as session:
        documento = session.get(Documento, documento_id)
        session.add(
            Cliente(
                empresa_id=documento.empresa_id,
                rfc=documento.rfc_receptor,
                nombre=documento.nombre_receptor,
                regimen_fiscal_receptor="612",
                domicilio_fiscal_receptor="42501",
                uso_cfdi="G03",
                emails=["uno@cliente.example", "dos@cliente.example"],
            )
        )
        session.commit()
    correo_id = queue_email(engine, documento_id, now=NOW)
    assert _row(engine, correo_id).recipients == ["uno@cliente.example", "dos@cliente.example"]


def test_no_recipients_and_bad_addresses_are_spanish_errors(engine, documento_id):
    with pytest.raises(NoRecipientsError) as error:
        queue_email(engine, documento_id, now=NOW)
    assert "no tiene correo electrónico" in error.value.message
    for bad in ("sin-arroba", "a@b", "a b@c.example", "x@y.example\r\nBcc: z@w.example"):
        with pytest.raises(InvalidEmailError) as error:
            queue_email(engine, documento_id, to=[bad], now=NOW)
        assert "no es un correo electrónico válido" in error.value.message
    with read_session(engine) as session:
        assert session.exec(select(CorreoPendiente)).all() == []


def test_without_smtp_settings_nothing_is_queued(engine, company, secrets):
    documento_id = stamped_documento(engine, secrets)
    with pytest.raises(EmailNotConfiguredError) as error:
        queue_email(engine, documento_id, to=["a@b.example"], now=NOW)
    assert "enviar --configurar" in error.value.message


def test_the_password_goes_to_the_secret_store_only(engine, company):
    store = MemorySecretStore()
    configure_smtp(
        engine,
        host="smtp.example.com",
        port=587,
        user="facturas@kemper.example",
        security="starttls",
        password="s3creta",
        secrets=store,
    )
    assert store.get(SERVICE, smtp_password_key("EKU9003173C9")) == "s3creta"
    with read_session(engine) as session:
        empresa = session.exec(select(Empresa)).one()
    assert secret_store_password_provider(store)(empresa) == "s3creta"
    assert (empresa.smtp_host, empresa.smtp_port, empresa.smtp_security) == (
        "smtp.example.com",
        587,
        "starttls",
    )
    assert empresa.smtp_from == "facturas@kemper.example"
    with engine.connect() as connection:
        dump = repr(connection.execute(text("SELECT * FROM empresa")).all())
    assert "s3creta" not in dump


def test_documento_by_uuid(engine, documento_id):
    with read_session(engine) as session:
        uuid = session.get(Documento, documento_id).uuid
    assert documento_id_by_uuid(engine, uuid.lower()) == documento_id


class FakeSMTP:
    """Records what would be sent; `errors` are raised by sendmail in order."""

    instances: ClassVar[list[FakeSMTP]] = []

    def __init__(self, host, port, timeout):
        self.sent: list[tuple[str, list[str], bytes]] = []
        self.errors: list[Exception] = list(FakeSMTP.errors)
        FakeSMTP.instances.append(self)

    errors: ClassVar[list[Exception]] = []

    def ehlo(self):
        return (250, b"ok")

    def sendmail(self, sender, recipients, raw):
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append((sender, recipients, raw))
        return {}

    def quit(self):
        pass

    def close(self):
        pass


@pytest.fixture
def fake_smtp(monkeypatch):
    FakeSMTP.instances = []
    FakeSMTP.errors = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


def _send(engine, when=NOW):
    return send_pending(engine, smtp_password_provider=lambda e: None, now=when, timeout=1)


def test_sending_marks_enviado_once(engine, documento_id, fake_smtp):
    correo_id = queue_email(engine, documento_id, to=["a@b.example"], now=NOW)
    report = _send(engine)
    assert [o.correo_id for o in report.sent] == [correo_id]
    row = _row(engine, correo_id)
    assert (row.state, row.attempts, row.sent_at, row.last_error) == ("ENVIADO", 1, NOW, None)
    assert fake_smtp.instances[0].sent == [
        ("facturas@kemper.example", ["a@b.example"], row.raw_message)
    ]
    assert _send(engine, NOW + timedelta(days=1)).sent == []  # nothing left


def test_permanent_refusal_is_fallido_and_temporary_one_retries(engine, documento_id, fake_smtp):
    first = queue_email(engine, documento_id, to=["no@existe.example"], now=NOW)
    second = queue_email(engine, documento_id, to=["lleno@b.example"], now=NOW)
    fake_smtp.errors = [
        smtplib.SMTPRecipientsRefused({"no@existe.example": (550, b"no such user")}),
        smtplib.SMTPRecipientsRefused({"lleno@b.example": (452, b"mailbox full")}),
    ]
    report = _send(engine)
    assert [o.correo_id for o in report.failed] == [first]
    assert [o.correo_id for o in report.retrying] == [second]
    failed = _row(engine, first)
    assert failed.state == "FALLIDO"
    assert "rechazó" in failed.last_error
    assert "550 no such user" in failed.last_error
    waiting = _row(engine, second)
    assert waiting.state == "PENDIENTE"
    assert "se reintentará" in waiting.last_error
    assert waiting.next_attempt_at > NOW


def test_a_dropped_connection_keeps_it_pending_with_backoff(engine, documento_id, fake_smtp):
    correo_id = queue_email(engine, documento_id, to=["a@b.example"], now=NOW)
    fake_smtp.errors = [smtplib.SMTPServerDisconnected("bye")]
    report = _send(engine)
    row = _row(engine, correo_id)
    assert (row.state, row.attempts, row.last_error) == ("PENDIENTE", 1, CONNECTION_ERROR)
    assert report.retrying[0].detail == CONNECTION_ERROR
    assert _send(engine, NOW + timedelta(seconds=1)).sent == []  # not due yet
    fake_smtp.errors = []
    assert [o.correo_id for o in _send(engine, NOW + timedelta(hours=2)).sent] == [correo_id]
    assert _row(engine, correo_id).attempts == 2


@pytest.mark.empty_database
def test_upgrade_from_0002_keeps_data_and_adds_the_outbox(db_url):
    old = create_db_engine(db_url)
    upgrade(old, "0002")
    with old.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO empresa (id, rfc, nombre, regimen_fiscal, lugar_expedicion, "
                "active, created_at, logo) VALUES "
                "(1, 'EKU9003173C9', 'ESCUELA KEMPER URGATE', '601', '42501', :yes, :t0, :logo)"
            ),
            {"yes": True, "t0": datetime(2026, 1, 2), "logo": b"\x89PNG"},
        )
        connection.execute(
            text(
                "INSERT INTO documento (id, empresa_id, state, tipo, serie, folio, "
                "rfc_receptor, nombre_receptor, total, moneda, sealed_xml, attempts, is_demo, "
                "created_at, updated_at) VALUES (1, 1, 'SELLADO', 'I', 'A', 7, 'XAXX010101000', "
                "'PUBLICO EN GENERAL', 116000000, 'MXN', :xml, 0, :no, :t0, :t0)"
            ),
            {"xml": b"<x/>", "no": False, "t0": datetime(2026, 1, 2)},
        )
        if connection.dialect.name == "postgresql":
            for table in ("empresa", "documento"):
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1)")
                )
    old.dispose()
    engine = open_database(db_url)
    from facturador.models.migrate import head_revision

    assert current_revision(engine) == head_revision()
    with write_session(engine) as session:
        empresa = session.get(Empresa, 1)
        assert (empresa.rfc, empresa.logo, empresa.smtp_host) == ("EKU9003173C9", b"\x89PNG", None)
        assert session.get(Documento, 1).sealed_xml == b"<x/>"
        empresa.smtp_host = "smtp.example.com"
        empresa.smtp_port = 465
        session.add(empresa)
        session.add(
            CorreoPendiente(
                documento_id=1,
                recipients=["a@b.example"],
                subject="s",
                body="b",
                raw_message=b"raw",
                message_id="<1@b.example>",
                created_at=datetime(2026, 1, 3, tzinfo=UTC),
            )
        )
        session.commit()
    with read_session(engine) as session:
        assert session.get(Empresa, 1).smtp_port == 465
        row = session.exec(select(CorreoPendiente)).one()
        assert (row.state, row.attempts, row.recipients) == ("PENDIENTE", 0, ["a@b.example"])
    engine.dispose()
