"""Render the desktop app's screenshots into docs/screenshots/ (offscreen, no display needed).

    uv run python scripts/screenshots.py [OUT_DIR]

Uses a throwaway data dir with the demo company (SAT's test CSD, sandbox PAC), a few
clients and products, and an in-memory secret store.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["FACTURADOR_HOME"] = tempfile.mkdtemp(prefix="facturador-shots-")

from PySide6.QtWidgets import QApplication, QWidget

from facturador.services import company_setup
from facturador.services.context import Context
from facturador.services.directory import client_data, product_data, save_client, save_product
from facturador.services.secrets import MemorySecretStore
from facturador.ui.app import create_app
from facturador.ui.workers import wait_idle

REPO = Path(__file__).resolve().parent.parent
CLIENTS = [
    ("CACX7605101P8", "XOCHILT CASAS CHAVEZ", "612", "36257", "G03", "xochilt@example.com"),
    ("XAXX010101000", "PUBLICO EN GENERAL", "616", "42501", "S01", ""),
    ("IIA040805DZ4", "INDISTRIA ILUMINADORA DE ALMACENES", "626", "62661", "G01", ""),
    ("MASO451221PM4", "MARIA OLIVIA MARTINEZ SAGAZ", "612", "80290", "G03", "olivia@example.mx"),
]
IVA16 = {"Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}]}
PRODUCTS = [
    ("Servicio de contabilidad mensual", "84111500", "E48", "Servicio", "3500.00"),
    ("Declaración anual de personas físicas", "84111505", "E48", "Servicio", "1800.00"),
    ("Papel bond carta, paquete de 500 hojas", "14111507", "H87", "Pieza", "119.90"),
    ("Hora de asesoría fiscal", "80101500", "HUR", "Hora", "950.00"),
]


def settle(
    app: QApplication, until: Callable[[], bool] = lambda: True, timeout: float = 20
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        wait_idle(50)
        app.processEvents()
        if until():
            return
    raise TimeoutError("the window did not settle")


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)


def seed(services: Context) -> None:
    company_setup.create_demo_company(services)
    for rfc, nombre, regimen, cp, uso, email in CLIENTS:
        save_client(
            services,
            client_data(
                rfc=rfc,
                nombre=nombre,
                regimen_fiscal_receptor=regimen,
                domicilio_fiscal_receptor=cp,
                uso_cfdi=uso,
                emails=[email] if email else [],
            ),
        )
    for descripcion, clave, unidad_clave, unidad, precio in PRODUCTS:
        save_product(
            services,
            product_data(
                descripcion=descripcion,
                clave_prod_serv=clave,
                clave_unidad=unidad_clave,
                unidad=unidad,
                valor_unitario=precio,
                objeto_imp="02",
                impuestos=IVA16,
            ),
        )


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_app([])
    from facturador.ui.first_run import FirstRunWizard
    from facturador.ui.main_window import MainWindow

    services = Context(secrets_=MemorySecretStore())
    seed(services)
    window = MainWindow(services)
    window.show()
    window.start()
    settle(app, lambda: window.is_ready and window.status.queue_label.text() != "")
    shoot_pages(app, window, out)
    shoot_config_pages(app, window, out)
    shoot_dialogs(app, window, out)
    shoot_documents(app, window, out)
    wizard = FirstRunWizard(window.ctx)
    wizard.show()
    settle(app)
    save(wizard, out, "first_run_wizard")
    wizard.next()
    settle(app)
    save(wizard, out, "first_run_company")
    wizard.reject()
    shoot_wizard_csd(app, window, out)
    window.status.stop()
    window.close()
    wait_idle()
    return 0


def shoot_wizard_csd(app: QApplication, window: Any, out: Path) -> None:
    from facturador.ui.first_run import FirstRunWizard

    wizard = FirstRunWizard(window.ctx)
    wizard.setStartId(2)
    wizard.show()
    form = wizard.csd_step.form
    csd = REPO / "resources" / "csd_demo"
    form.cer_edit.setText(str(csd / "certificate.cer"))
    form.key_edit.setText(str(csd / "private_key.key"))
    form.password_edit.setText((csd / "password.txt").read_text().strip())
    form.verify()
    settle(app, lambda: form.facts is not None)
    save(wizard, out, "first_run_csd")
    wizard.reject()


def shoot_pages(app: QApplication, window: Any, out: Path) -> None:
    clients = window.show_page("clientes")
    settle(app, lambda: clients.model.rowCount() == len(CLIENTS))
    clients.table.selectRow(0)
    save(window, out, "main_window")

    products = window.show_page("productos")
    settle(app, lambda: products.model.rowCount() == len(PRODUCTS))
    save(window, out, "products_page")

    page = window.show_page("certificado")
    csd = REPO / "resources" / "csd_demo"
    page.form.cer_edit.setText(str(csd / "certificate.cer"))
    page.form.key_edit.setText(str(csd / "private_key.key"))
    page.form.password_edit.setText((csd / "password.txt").read_text().strip())
    page.form.verify()
    settle(app, lambda: page.form.facts is not None)
    save(window, out, "certificate_page")


def shoot_config_pages(app: QApplication, window: Any, out: Path) -> None:
    pac = window.show_page("pac")
    settle(app, lambda: pac.view is not None)
    pac.test_connection()
    settle(app, lambda: pac.message.text().startswith("✔"))
    save(window, out, "pac_page")

    credits = window.show_page("creditos")
    credits.read_now()
    settle(app, lambda: credits.reading is not None)
    save(window, out, "credits_page")

    window.show_page("faq")
    settle(app)
    save(window, out, "faq_page")

    for page_id in ("series", "correo", "respaldos", "contacto"):
        window.show_page(page_id)
        settle(app)
        save(window, out, f"{page_id}_page")


def shoot_dialogs(app: QApplication, window: Any, out: Path) -> None:
    clients = window.show_page("clientes")
    products = window.show_page("productos")
    clients.table.selectRow(0)
    clients.edit_selected()
    dialog = clients.dialog
    settle(app)
    for name in ("rfc", "regimen_fiscal_receptor", "domicilio_fiscal_receptor", "uso_cfdi"):
        dialog.validator.check(name)
    save(dialog, out, "client_dialog")
    dialog.reject()

    products.add_button.click()
    dialog = products.dialog
    dialog.descripcion_edit.setText("Servicio de contabilidad mensual")
    dialog.clave_edit.setText("84111500")
    dialog.unidad_clave_edit.setText("E48")
    dialog.unidad_edit.setText("Servicio")
    dialog.precio_edit.setText("abc")
    for name in ("clave_prod_serv", "clave_unidad", "valor_unitario"):
        dialog.validator.check(name)
    settle(app)
    save(dialog, out, "product_dialog")
    dialog.reject()


def _fill_cfdi(app: QApplication, page: Any) -> None:
    settle(app, lambda: bool(page.clients and page.products))
    page.client_edit.completer().activated.emit(page._client_model.stringList()[0])
    for text in page._product_model.stringList()[:3]:
        page.product_edit.completer().activated.emit(text)
    row = page.concepts.add_concept()
    for column, value in enumerate(("3", "E48", "80101500", "Visita a oficinas del cliente")):
        page.concepts.editor(row, column).setText(value)
    page.concepts.editor(row, 4).setText("850.00")
    page.concepts.editor(row, 5).setText("50.00")
    page.concepts.editor(row, 7).setCurrentIndex(1)  # Ret. ISR 10%
    page.recompute()


def _documents_in_every_state(app: QApplication, window: Any) -> Any:
    """Stamped, cancelled, queued, rejected and draft documents for Registros."""
    from facturador.models.engine import write_session
    from facturador.models.tables import Documento
    from facturador.services import registry
    from facturador.services.cancel_requests import cancel
    from facturador.services.drafts import save_draft
    from facturador.services.issuing import issue
    from facturador.services.sync import sync_active

    ctx = window.ctx.services
    page = window.show_page("cfdi")
    _fill_cfdi(app, page)
    data = page.data()
    stamped = []
    for client in page.clients:
        receptor = {
            "Rfc": client.rfc,
            "Nombre": client.nombre,
            "DomicilioFiscalReceptor": client.domicilio_fiscal_receptor,
            "RegimenFiscalReceptor": client.regimen_fiscal_receptor,
            "UsoCFDI": client.uso_cfdi,
        }
        if client.rfc == "XAXX010101000":
            continue
        ppd = client.rfc == "IIA040805DZ4"
        item = {**data, "Receptor": receptor, "MetodoPago": "PPD" if ppd else "PUE"}
        if ppd:
            item["FormaPago"] = "99"
        stamped.append(issue(ctx, item))
    sync_active(ctx, user_asked=True)
    cancelled = next(r for r in stamped if r.rfc_receptor == "MASO451221PM4")
    cancel(ctx, registry.row(ctx, cancelled.id).uuid or "", "03")
    sync_active(ctx, user_asked=True)
    queued = issue(ctx, data)
    rejected = issue(ctx, {**data, "Serie": "A"})
    with write_session(ctx.engine) as session:
        row = session.get(Documento, rejected.id)
        row.state, row.last_error_code = "RECHAZADO", "CFDI40147"
        row.last_error_message = "El RFC del receptor no está en la lista de RFC inscritos."
        session.add(row)
        session.commit()
    save_draft(ctx, data)
    return queued


def shoot_documents(app: QApplication, window: Any, out: Path) -> None:
    """Generar CFDI, Registros in mixed states, pagos, the cancel dialog and the PDF view."""
    window.queue_runner.stop()
    window.resize(1440, 880)
    _documents_in_every_state(app, window)
    page = window.show_page("cfdi")
    page.clear()
    _fill_cfdi(app, page)
    save(window, out, "cfdi_form")

    registros = window.show_page("registros")
    registros.apply_filters()
    settle(app, lambda: registros.model.rowCount() >= 6)
    settle(app)
    registros.select_row(
        registros.model.rows.index(next(r for r in registros.model.rows if r.state == "RECHAZADO"))
    )
    settle(app, registros.fix_button.isVisible)
    save(window, out, "registros")

    stamped = next(i for i, r in enumerate(registros.model.rows) if r.state == "TIMBRADO")
    registros.select_row(stamped)
    registros.actions["cancel"].trigger()
    dialog = registros.dialog
    dialog.set_motivo("01")
    other = next(r for r in registros.model.rows[stamped + 1 :] if r.state == "TIMBRADO")
    dialog.folio_edit.setText(other.uuid or "")
    dialog.confirm_check.setChecked(True)
    settle(app)
    save(dialog, out, "cancel_dialog")
    dialog.reject()

    registros.actions["pdf"].trigger()
    viewer = registros.dialog
    settle(app, lambda: viewer.ready)
    settle(app)
    save(viewer, out, "pdf_viewer")
    viewer.close()

    ppd = next(r for r in registros.model.rows if r.state == "TIMBRADO" and r.rfc_receptor ==
               "IIA040805DZ4")  # fmt: skip
    registros.select_row(registros.model.rows.index(ppd))
    registros.actions["pay"].trigger()
    pagos = window.show_page("pagos")
    pagos.monto_edit.setText("1500.00")
    pagos.operacion_edit.setText("TRF-000123")
    pagos.add_pago()
    pagos.load_invoices()
    settle(app, lambda: pagos.invoice_combo.count() > 0)
    pagos.add_related()
    settle(app)
    save(window, out, "pagos_page")


if __name__ == "__main__":
    raise SystemExit(main())
