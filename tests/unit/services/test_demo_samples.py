"""The demo company comes with what a first invoice needs: a client and a product, once."""

from __future__ import annotations

from decimal import Decimal

from facturador.services import company_setup, directory
from facturador.services.context import Context
from facturador.services.preview import preview
from tests.unit.services.company_setup import NOW


def test_the_demo_company_has_one_sample_client_and_product_however_often_it_is_made(
    engine, secrets, tmp_path
):
    ctx = Context(engine, secrets, clock=lambda: NOW, data_dir_=tmp_path)
    company_setup.create_demo_company(ctx)
    company_setup.create_demo_company(ctx)

    clients = directory.clients(ctx)
    products = directory.products(ctx)
    assert [(c.rfc, c.nombre) for c in clients] == [("CACX7605101P8", "XOCHILT CASAS CHAVEZ")]
    assert [p.descripcion for p in products] == ["Servicio de facturación (demostración)"]


def test_an_invoice_to_the_sample_client_for_the_sample_product_passes_the_checks(
    engine, secrets, tmp_path
):
    ctx = Context(engine, secrets, clock=lambda: NOW, data_dir_=tmp_path)
    company = company_setup.create_demo_company(ctx)
    client = directory.clients(ctx)[0]
    product = directory.products(ctx)[0]
    data = {
        "TipoDeComprobante": "I",
        "Exportacion": "01",
        "FormaPago": "03",
        "MetodoPago": "PUE",
        "Moneda": "MXN",
        "LugarExpedicion": company.lugar_expedicion,
        "Emisor": {
            "Rfc": company.rfc,
            "Nombre": company.nombre,
            "RegimenFiscal": company.regimen_fiscal,
        },
        "Receptor": {
            "Rfc": client.rfc,
            "Nombre": client.nombre,
            "DomicilioFiscalReceptor": client.domicilio_fiscal_receptor,
            "RegimenFiscalReceptor": client.regimen_fiscal_receptor,
            "UsoCFDI": client.uso_cfdi,
        },
        "Conceptos": [
            {
                "ClaveProdServ": product.clave_prod_serv,
                "Cantidad": "1",
                "ClaveUnidad": product.clave_unidad,
                "Descripcion": product.descripcion,
                "ValorUnitario": str(product.valor_unitario),
                "ObjetoImp": product.objeto_imp,
                "Impuestos": product.impuestos,
            }
        ],
    }
    shown = preview(data, NOW)
    assert shown.findings == ()
    assert shown.total == Decimal("1160.00")


def test_a_client_form_with_three_problems_gets_all_three_at_once():
    from facturador.services.form_checks import check_client

    problems = check_client(
        directory.client_data(
            rfc="CACX7605101P8",
            nombre="XOCHILT CASAS CHAVEZ",
            regimen_fiscal_receptor="601",  # personas morales only
            domicilio_fiscal_receptor="1234",
            uso_cfdi="G03",
            emails=["xochilt@", "ok@example.com"],
        )
    )
    assert [(p.field, p.reason) for p in problems] == [
        ("regimen_fiscal_receptor", "not_for_fisica"),
        ("domicilio_fiscal_receptor", "not_in_catalog"),
        ("emails", "invalid_email"),
    ]
    right = directory.client_data(
        rfc="CACX7605101P8",
        nombre="XOCHILT CASAS CHAVEZ",
        regimen_fiscal_receptor="612",
        domicilio_fiscal_receptor="36257",
        uso_cfdi="G03",
    )
    assert check_client(right) == []


def test_a_pass_that_did_not_run_says_so():
    from facturador.services.sync import pass_result

    assert pass_result(None).ran is False
