"""Registros CFDI: lazy pages, filters, states at a glance, PDF inside the app, export per
month, a rejected document that says what to fix and opens for editing."""

# ruff: noqa: F401, F811 - pytest fixtures imported by name
from __future__ import annotations

import zipfile
from datetime import datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt
from sqlalchemy import insert

from facturador.models.engine import write_session
from facturador.models.repositories import active_empresa
from facturador.models.tables import Documento
from tests.pac_emulators.fixtures import finkok_emulator, sandbox, sat_emulator
from tests.ui.documents_fixtures import (
    clock,
    fill_invoice,
    press_generar,
    registros_state,
    seed,
    services,
)

STATES = ("TIMBRADO", "EN_COLA", "CANCELADO", "RECHAZADO", "BORRADOR")


def _bulk(services, n: int) -> None:
    with write_session(services.engine) as session:
        empresa_id = active_empresa(session).id
        rows = [
            {
                "empresa_id": empresa_id,
                "state": STATES[i % len(STATES)],
                "tipo": "P" if i % 7 == 0 else "I",
                "serie": "B",
                "folio": i + 1,
                "fecha": datetime(2026, 1, 1) + timedelta(hours=i),
                "rfc_receptor": "CACX7605101P8" if i % 2 else "XAXX010101000",
                "nombre_receptor": f"CLIENTE {i}",
                "total": Decimal(100 + i),
                "moneda": "MXN",
                "last_error_code": "CFDI40147" if STATES[i % len(STATES)] == "RECHAZADO" else None,
            }
            for i in range(n)
        ]
        session.execute(insert(Documento), rows)
        session.commit()


def _stamp_one(qtbot, window):
    page = window.show_page("cfdi")
    fill_invoice(qtbot, page)
    press_generar(qtbot, page)
    qtbot.waitUntil(
        lambda: page.last_row is not None and page.last_row.state == "TIMBRADO", timeout=15_000
    )
    return page.last_row


def test_pages_load_lazily_and_filters_apply(qtbot, window, services, seed):
    _bulk(services, 1000)
    page = window.show_page("registros")
    page.model.reload()
    qtbot.waitUntil(lambda: page.model.total == 1000 and page.model.rowCount() == 200)
    qtbot.waitUntil(lambda: page.model.idle)  # the first page's load has finished
    assert page.model.canFetchMore()
    page.table.scrollToBottom()
    page.model.fetchMore()
    qtbot.waitUntil(lambda: page.model.rowCount() == 400)
    page.state_combo.setCurrentIndex(2)  # Timbrados
    qtbot.waitUntil(lambda: page.model.total == 200)
    assert {r.state for r in page.model.rows} == {"TIMBRADO"}
    page.tipo_combo.setCurrentIndex(3)  # Pago
    qtbot.waitUntil(lambda: page.model.total and all(r.tipo == "P" for r in page.model.rows))
    page.state_combo.setCurrentIndex(0)
    page.tipo_combo.setCurrentIndex(0)
    page.text_edit.setText("cliente 42")
    page.apply_filters()
    qtbot.waitUntil(lambda: {r.nombre_receptor for r in page.model.rows} >= {"CLIENTE 42"})
    page.text_edit.clear()
    page.client_edit.setText("CACX7605101P8")
    page.apply_filters()
    qtbot.waitUntil(lambda: page.model.total == 500)
    assert "500" in page.count_label.text()


def test_rejected_document_says_what_to_fix_and_opens_for_editing(qtbot, window, services, seed):
    page = window.show_page("cfdi")
    fill_invoice(qtbot, page)
    page.draft_button.click()
    qtbot.waitUntil(lambda: page.draft_id is not None)
    with write_session(services.engine) as session:  # as the queue leaves a rejection
        doc = session.get(Documento, page.draft_id)
        doc.state, doc.serie, doc.folio = "RECHAZADO", "A", 9
        doc.last_error_code = "CFDI40147"
        doc.last_error_message = "El RFC del receptor no está en la lista del SAT"
        session.add(doc)
        session.commit()
    registros = window.show_page("registros")
    registros_state(qtbot, window, "A-9", "RECHAZADO")
    registros.select_row(0)
    qtbot.waitUntil(registros.fix_button.isVisible)
    assert "CFDI40147" in registros.fix_message.text()
    page.clear()
    registros.fix_button.click()
    qtbot.waitUntil(lambda: page.concepts.rowCount() == 2)
    assert page.receptor["Rfc"] == "CACX7605101P8"
    assert "mismo folio" in page.result.text()
    page.concepts.editor(1, 4).setText("110.00")  # the fix
    press_generar(qtbot, page)
    qtbot.waitUntil(
        lambda: page.last_row is not None and page.last_row.state == "TIMBRADO", timeout=15_000
    )
    assert page.last_row.name == "A-9"  # same folio: none lost, none skipped
    assert registros_state(qtbot, window, "A-9", "TIMBRADO")


def test_pdf_inside_the_app_export_per_month_and_sat_status(qtbot, window, seed, tmp_path):
    invoice = _stamp_one(qtbot, window)
    page = window.show_page("registros")
    registros_state(qtbot, window, invoice.name, "TIMBRADO")
    page.select_row(0)
    page.actions["pdf"].trigger()
    viewer = page.dialog
    qtbot.waitUntil(lambda: viewer.ready, timeout=15_000)
    assert viewer.page_labels[0].pixmap().width() > 500
    viewer.close()
    page.save_to(invoice, "xml", tmp_path / "f.xml")
    qtbot.waitUntil((tmp_path / "f.xml").exists)
    page.export_to(tmp_path / "zips")
    qtbot.waitUntil(lambda: "ZIP" in getattr(page, "info_text", ""), timeout=15_000)
    [archive] = (tmp_path / "zips").glob("CFDI_*.zip")
    names = zipfile.ZipFile(archive).namelist()
    assert sorted(n.rsplit(".", 1)[1] for n in names) == ["pdf", "xml"]
    page.actions["sat"].trigger()
    qtbot.waitUntil(lambda: page.last_status is not None, timeout=10_000)
    assert page.last_status.estado == "Vigente"


class _Recorder:
    def __init__(self) -> None:
        self.envelopes: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def test_send_by_email_with_xml_and_pdf(qtbot, window, services, seed):
    import socket

    from aiosmtpd.controller import Controller

    from facturador.services.email import configure_smtp

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    recorder = _Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        configure_smtp(
            services.engine, host="127.0.0.1", port=port, security="none",
            from_address="facturas@example.com",
        )  # fmt: skip
        invoice = _stamp_one(qtbot, window)
        page = window.show_page("registros")
        registros_state(qtbot, window, invoice.name, "TIMBRADO")
        page.select_row(0)
        assert page.actions["email"].isEnabled()
        page.send_email_to(invoice, ["xochilt@example.com"])
        qtbot.waitUntil(lambda: "Correo enviado" in getattr(page, "info_text", ""), timeout=15_000)
        [(sender, to, content)] = recorder.envelopes
        assert sender == "facturas@example.com"
        assert to == ["xochilt@example.com"]
        assert b"application/pdf" in content
    finally:
        controller.stop()


def test_the_outbox_is_retried_by_the_apps_background_pass(qtbot, window, services, seed, clock):
    """The mail server is down when the user sends: the message waits in the outbox and the
    app's own scheduled pass delivers it once the server is up (no `facturador enviar`)."""
    import socket

    from aiosmtpd.controller import Controller

    from facturador.services.email import configure_smtp

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    configure_smtp(
        services.engine, host="127.0.0.1", port=port, security="none",
        from_address="facturas@example.com",
    )  # fmt: skip
    invoice = _stamp_one(qtbot, window)
    page = window.show_page("registros")
    registros_state(qtbot, window, invoice.name, "TIMBRADO")
    page.send_email_to(invoice, ["xochilt@example.com"])
    qtbot.waitUntil(lambda: "bandeja de salida" in getattr(page, "info_text", ""), timeout=15_000)
    recorder = _Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        clock.advance(hours=1)  # past the outbox's retry delay
        runner = window.queue_runner
        qtbot.waitUntil(lambda: not runner.running, timeout=15_000)
        runner._on_timer_timeout()  # the scheduled pass, as every 30 s
        qtbot.waitUntil(lambda: len(recorder.envelopes) == 1, timeout=15_000)
        [(_sender, to, content)] = recorder.envelopes
        assert to == ["xochilt@example.com"]
        assert b"application/pdf" in content
        qtbot.waitUntil(lambda: not runner.running, timeout=15_000)
        runner._on_timer_timeout()  # another pass: delivered once, not again
        qtbot.waitUntil(lambda: not runner.running, timeout=15_000)
        assert len(recorder.envelopes) == 1
    finally:
        controller.stop()


def test_egreso_is_generated_and_stamped(qtbot, window, seed):
    invoice = _stamp_one(qtbot, window)
    page = window.show_page("cfdi")
    fill_invoice(qtbot, page)
    page.tipo_combo.set_code("E")  # nota de crédito
    assert page.serie_edit.text() == "E"
    page.uso_edit.setText("G02")
    page.relation_combo.set_code("01")
    page.relation_edit.setText(invoice.uuid)
    page.recompute()
    assert page.preview.ok, page.preview.findings
    press_generar(qtbot, page)
    qtbot.waitUntil(
        lambda: page.last_row is not None and page.last_row.state == "TIMBRADO", timeout=15_000
    )
    assert page.last_row.tipo == "E"
    assert page.last_row.name == "E-1"
