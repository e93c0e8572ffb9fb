"""Generar CFDI with a complement, through the GUI, stamped by the loopback Finkok emulator:
an export invoice with Comercio Exterior 2.0 and a traslado with Carta Porte 3.1. The
stored XML carries what was entered and `validar` reports no error; the PDF is rendered."""

# ruff: noqa: F401, F811 - pytest fixtures imported by name
from __future__ import annotations

import os
import tempfile
from decimal import Decimal

import pypdfium2
import pytest
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea
from sqlmodel import select

from facturador.models import Documento, read_session
from facturador.models.engine import write_session
from facturador.models.repositories import active_empresa
from facturador.pdf.render import render_pdf
from facturador.sat.validation.validator import validate_xml
from facturador.services import complementos as cp
from facturador.services import directory
from facturador.services.directory import client_data, product_data
from facturador.ui.pages._cfdi_cp_goods import C_CANT, C_CLAVE, C_DESC, C_PESO, C_UNIDAD
from tests.pac_emulators.fixtures import finkok_emulator, sandbox, sat_emulator
from tests.ui.documents_fixtures import clock, press_generar, seed, services

# FACTURADOR_SCREENSHOTS=docs/screenshots renders the pictures in docs/.
SCREENSHOTS = os.environ.get("FACTURADOR_SCREENSHOTS", tempfile.gettempdir())
CCE = "{http://www.sat.gob.mx/ComercioExterior20}"
CP = "{http://www.sat.gob.mx/CartaPorte31}"
IVA0 = {"Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.000000"}]}

pytestmark = pytest.mark.usefixtures("themed_page")


@pytest.fixture
def catalogs(seed, services):
    """A foreign client with its address, an exported product, two locations of the
    company, a truck and its driver."""
    directory.save_client(
        services,
        client_data(
            rfc="XEXX010101000", nombre="ACME IMPORTS LLC", regimen_fiscal_receptor="616",
            domicilio_fiscal_receptor="42501", uso_cfdi="S01", emails=[],
            residencia_fiscal="USA", num_reg_id_trib="123456789", calle="Main St",
            numero_exterior="500", municipio="Laredo", estado="TX", pais="USA",
            codigo_postal="78040"),
    )  # fmt: skip
    directory.save_product(
        services,
        product_data(
            descripcion="Aceite de aguacate 1 L", clave_prod_serv="50151513",
            clave_unidad="H87", unidad="Pieza", valor_unitario="12.50", objeto_imp="02",
            impuestos=IVA0, no_identificacion="ACE-01", fraccion_arancelaria="1515909900",
            unidad_aduana="06"),
    )  # fmt: skip
    with write_session(services.engine) as session:
        empresa_id = active_empresa(session).id
        for alias, values in (
            ("Planta Pachuca", {"calle": "Av. Juárez", "numero_exterior": "100",
                                "estado": "HID", "codigo_postal": "42501"}),
            ("Bodega CDMX", {"calle": "Insurgentes Sur", "numero_exterior": "1200",
                             "estado": "CMX", "codigo_postal": "06000"}),
        ):  # fmt: skip
            cp.add_ubicacion(
                session, empresa_id, cp.UbicacionData(alias=alias, rfc="EKU9003173C9", **values)
            )
        cp.add_vehiculo(
            session,
            empresa_id,
            cp.VehiculoData(
                alias="Torton 1", perm_sct="TPAF01", num_permiso_sct="0X2XTXZ0X5X0X3X2X1X0",
                config_vehicular="C2", peso_bruto_vehicular="3.5", placa_vm="ABC1234",
                anio_modelo_vm="2020", asegura_resp_civil="Seguros SA",
                poliza_resp_civil="123456"),
        )  # fmt: skip
        cp.add_operador(
            session,
            empresa_id,
            cp.OperadorData(
                rfc_figura="CACX7605101P8", nombre_figura="XOCHILT CASAS CHAVEZ",
                num_licencia="a234567890"),
        )  # fmt: skip


def _page(qtbot, window):
    page = window.show_page("cfdi")
    qtbot.waitUntil(
        lambda: bool(page.clients and page.products and page.complement.choices.vehiculos),
        timeout=10_000,
    )
    return page


def _add_product(page, descripcion: str) -> int:
    text = next(t for t in page._product_model.stringList() if t.startswith(descripcion))
    page.product_edit.completer().activated.emit(text)
    return page.concepts.rowCount() - 1


def _choose(combo, text: str) -> None:
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    combo.setCurrentIndex(index)


def _shoot(qtbot, page, name: str) -> None:
    """The page scrolled to its Complemento section, once the layout has settled."""
    qtbot.wait(50)
    scroll = page.findChild(QScrollArea, "pageScroll")
    scroll.verticalScrollBar().setValue(page.complement.y())
    qtbot.wait(20)
    page.grab().save(f"{SCREENSHOTS}/{name}.png")


def _stored_xml(services, row) -> bytes:
    with read_session(services.engine) as session:
        documento = session.exec(select(Documento).where(Documento.id == row.id)).one()
        assert documento.stamped_xml is not None
        return documento.stamped_xml


def _check_and_print(xml: bytes, name: str) -> etree._Element:
    report = validate_xml(xml)
    assert report.errores == ()
    assert report.sello_valido
    pdf = render_pdf(xml)
    document = pypdfium2.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            page.render(scale=1.3).to_pil().save(f"{SCREENSHOTS}/{name}_pdf_{number}.png")
    finally:
        document.close()
    return etree.fromstring(xml)


def test_an_export_invoice_with_comercio_exterior(qtbot, window, services, catalogs):
    page = _page(qtbot, window)
    page.client_edit.completer().activated.emit("ACME IMPORTS LLC — XEXX010101000")
    qtbot.waitUntil(lambda: "NumRegIdTrib" in page.receptor, timeout=10_000)
    row = _add_product(page, "Aceite de aguacate")
    page.concepts.editor(row, 0).setText("10")
    page.moneda_edit.setText("USD")
    page.tipo_cambio_edit.setText("17.2500")
    section = page.complement
    _choose(section.kind_combo, "Comercio Exterior")
    _choose(section.cce.emisor, "Planta Pachuca")
    section.cce.incoterm.setText("FOB")
    page.recompute()
    assert page.complement_problem == ""
    assert page.preview.ok, "\n".join(m for _r, m in page.preview.findings)
    assert "Main St, 500, Laredo, TX, USA, 78040" in section.cce.receptor.text()
    _shoot(qtbot, page, "complemento_comercio_exterior")
    row = press_generar(qtbot, page, wait_stamped=True)

    root = _check_and_print(_stored_xml(services, row), "comercio_exterior")
    assert root.get("Exportacion") == "02"
    cce = root.find(f".//{CCE}ComercioExterior")
    assert cce.get("Incoterm") == "FOB"
    assert cce.get("TipoCambioUSD") == "17.2500"
    assert cce.get("TotalUSD") == "125.00"
    assert cce.find(f"{CCE}Emisor/{CCE}Domicilio").get("Calle") == "Av. Juárez"
    assert cce.find(f"{CCE}Receptor/{CCE}Domicilio").get("Municipio") == "Laredo"
    mercancia = cce.find(f"{CCE}Mercancias/{CCE}Mercancia")
    assert mercancia.get("NoIdentificacion") == "ACE-01"
    assert mercancia.get("FraccionArancelaria") == "1515909900"
    assert mercancia.get("UnidadAduana") == "06"


def test_a_traslado_with_carta_porte(qtbot, window, services, catalogs):
    page = _page(qtbot, window)
    page.tipo_combo.set_code("T")
    assert page.receptor["Rfc"] == "EKU9003173C9"  # the company's own goods
    assert not page.forma_combo.isEnabled()
    row = _add_product(page, "Aceite de aguacate")
    page.concepts.editor(row, 0).setText("100")
    section = page.complement
    _choose(section.kind_combo, "Carta Porte")
    page.recompute()  # what the form's pause after an edit does
    lines = section.cp
    assert lines.goods.table.rowCount() == 1
    assert lines.goods.cell(0, C_CLAVE).code() == "50151513"  # in c_ClaveProdServCP
    _choose(lines.origen, "Planta Pachuca")
    _choose(lines.destino, "Bodega CDMX")
    assert lines.vehiculo.row().placa_vm == "ABC1234"  # the only one, chosen already
    lines.distancia.setText("95")
    lines.goods.cell(0, C_PESO).setText("95.5")
    page.recompute()
    assert page.complement_problem == ""
    assert page.preview.ok, page.preview.findings
    assert page.preview.total == Decimal(0)
    _shoot(qtbot, page, "complemento_carta_porte")
    row = press_generar(qtbot, page, wait_stamped=True)

    root = _check_and_print(_stored_xml(services, row), "carta_porte")
    assert root.get("TipoDeComprobante") == "T"
    assert root.get("Moneda") == "XXX"
    carta = root.find(f".//{CP}CartaPorte")
    assert carta.get("TotalDistRec") == "95"
    origen, destino = carta.findall(f"{CP}Ubicaciones/{CP}Ubicacion")
    assert origen.find(f"{CP}Domicilio").get("CodigoPostal") == "42501"
    assert destino.get("DistanciaRecorrida") == "95"
    mercancias = carta.find(f"{CP}Mercancias")
    assert mercancias.get("PesoBrutoTotal") == "95.5"
    assert mercancias.find(f"{CP}Mercancia").get("BienesTransp") == "50151513"
    auto = mercancias.find(f"{CP}Autotransporte")
    assert auto.find(f"{CP}IdentificacionVehicular").get("PlacaVM") == "ABC1234"
    figura = carta.find(f"{CP}FiguraTransporte/{CP}TiposFigura")
    assert figura.get("NumLicencia") == "a234567890"


def test_what_the_section_misses_blocks_generar(qtbot, window, catalogs):
    page = _page(qtbot, window)
    page.tipo_combo.set_code("T")
    _add_product(page, "Aceite de aguacate")
    _choose(page.complement.kind_combo, "Carta Porte")
    page.recompute()
    assert "Origen: es obligatorio." in page.complement.problem.text()
    assert page.complement.problem.isVisible()
    page.generate()
    assert page.flow.summary_dialog is None


def test_a_draft_brings_its_complement_back(qtbot, window, catalogs):
    page = _page(qtbot, window)
    page.tipo_combo.set_code("T")
    row = _add_product(page, "Aceite de aguacate")
    page.concepts.editor(row, 0).setText("100")
    _choose(page.complement.kind_combo, "Carta Porte")
    page.recompute()
    lines = page.complement.cp
    _choose(lines.origen, "Bodega CDMX")
    _choose(lines.destino, "Planta Pachuca")
    lines.distancia.setText("95")
    lines.goods.cell(0, C_PESO).setText("12")
    data = page.data()
    assert page.complement_problem == ""
    page.load_data(data, draft_id=None)  # what Registros does with a draft or a duplicate
    assert lines.origen.row().alias == "Bodega CDMX"
    assert lines.goods.cell(0, C_PESO).text() == "12"
    reread = page.data()
    cp_data, again = data["Complemento"]["CartaPorte"], reread["Complemento"]["CartaPorte"]
    assert again["Ubicaciones"] == cp_data["Ubicaciones"]
    assert again["Mercancias"] == cp_data["Mercancias"]


def test_a_carriers_freight_invoice_lists_the_goods_it_carries(qtbot, window, services, catalogs):
    page = _page(qtbot, window)
    page.client_edit.completer().activated.emit("XOCHILT CASAS CHAVEZ — CACX7605101P8")
    row = page.concepts.add_concept()
    for column, text in enumerate(("1", "E48", "78101802", "Flete Pachuca - CDMX", "5000.00")):
        page.concepts.editor(row, column).setText(text)
    _choose(page.complement.kind_combo, "Carta Porte")
    page.recompute()
    goods = page.complement.cp.goods
    goods.follow.setChecked(False)  # someone else's goods, not the freight concepto
    assert goods.add_button.isVisible()
    goods.table.setRowCount(0)
    qtbot.mouseClick(goods.add_button, Qt.MouseButton.LeftButton)
    for column, text in ((C_DESC, "Cajas de aceite de aguacate"), (C_CANT, "40"),
                         (C_UNIDAD, "XBX"), (C_CLAVE, "50151513"), (C_PESO, "800")):  # fmt: skip
        goods.cell(0, column).setText(text)
    lines = page.complement.cp
    _choose(lines.origen, "Planta Pachuca")
    _choose(lines.destino, "Bodega CDMX")
    lines.distancia.setText("95")
    page.recompute()
    assert page.complement_problem == ""
    assert page.preview.ok, "\n".join(m for _r, m in page.preview.findings)
    row = press_generar(qtbot, page, wait_stamped=True)

    root = _check_and_print(_stored_xml(services, row), "carta_porte_flete")
    assert root.get("TipoDeComprobante") == "I"
    assert root.find("{http://www.sat.gob.mx/cfd/4}Conceptos/*").get("ClaveProdServ") == "78101802"
    mercancia = root.find(f".//{CP}Mercancias/{CP}Mercancia")
    assert mercancia.get("Descripcion") == "Cajas de aceite de aguacate"
    assert (mercancia.get("Cantidad"), mercancia.get("ClaveUnidad")) == ("40", "XBX")
    assert mercancia.get("PesoEnKg") == "800"


def test_goods_of_a_third_party_sent_abroad_on_a_traslado(qtbot, window, services, catalogs):
    page = _page(qtbot, window)
    page.tipo_combo.set_code("T")
    page.client_edit.completer().activated.emit("ACME IMPORTS LLC — XEXX010101000")
    qtbot.waitUntil(lambda: "NumRegIdTrib" in page.receptor, timeout=10_000)
    row = _add_product(page, "Aceite de aguacate")
    page.concepts.editor(row, 0).setText("10")
    section = page.complement
    _choose(section.kind_combo, "Comercio Exterior")
    cce = section.cce
    assert page.moneda_edit.isEnabled()  # exported goods keep their currency
    page.moneda_edit.setText("USD")
    page.tipo_cambio_edit.setText("17.2500")
    _choose(cce.emisor, "Planta Pachuca")
    assert cce.motivo.isVisible()
    assert not cce.propietario_id.isVisible()
    cce.motivo.set_code("05")
    assert cce.propietario_id.isVisible()
    cce.propietario_id.setText("987654321")
    cce.propietario_pais.setText("CAN")
    page.recompute()
    assert page.complement_problem == ""
    assert page.preview.ok, "\n".join(m for _r, m in page.preview.findings)
    row = press_generar(qtbot, page, wait_stamped=True)

    root = _check_and_print(_stored_xml(services, row), "comercio_exterior_traslado")
    assert (root.get("TipoDeComprobante"), root.get("Total")) == ("T", "0")
    node = root.find(f".//{CCE}ComercioExterior")
    assert node.get("MotivoTraslado") == "05"
    propietario = node.find(f"{CCE}Propietario")
    assert (propietario.get("NumRegIdTrib"), propietario.get("ResidenciaFiscal")) == (
        "987654321", "CAN")  # fmt: skip


def test_a_vehicle_added_in_catalogos_is_offered_at_once(qtbot, window, services, catalogs):
    page = _page(qtbot, window)
    combo = page.complement.cp.vehiculo
    before = combo.count()
    cp.save_vehiculo(
        services,
        cp.VehiculoData(
            alias="Rabón 2", perm_sct="TPAF01", num_permiso_sct="0X2XTXZ0X5X0X3X2X1X1",
            config_vehicular="C2", peso_bruto_vehicular="3.5", placa_vm="XYZ9876",
            anio_modelo_vm="2022", asegura_resp_civil="Seguros SA", poliza_resp_civil="654321"),
    )  # fmt: skip
    page.ctx.changed.emit("vehiculos")  # what the Vehículos page says after a save
    qtbot.waitUntil(lambda: combo.count() == before + 1, timeout=10_000)
    assert any(combo.itemText(i).startswith("Rabón 2") for i in range(combo.count()))
