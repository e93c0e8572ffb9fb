"""Payments through the store: a PPD invoice of 1,160.00 MXN is emitted, stamped by the sandbox
PAC, and paid in three parcialidades (400.00 MXN, 20.00 USD at 17.50, 410.00 MXN); saldos
follow each payment, every receipt validates (XSD, CRP20xxx rules, sello), NumParcialidad
goes 1, 2, 3. Both SQLite and PostgreSQL (the `engine` fixture).
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta
from decimal import Decimal as D

import pytest
from sqlmodel import select

from facturador.cli import main
from facturador.models import Documento, read_session, write_session
from facturador.pac.sandbox import SandboxStamper
from facturador.sat.pagos import find_pagos
from facturador.sat.validation import validate_xml
from facturador.sat.xml_reader import parse_comprobante
from facturador.services.emission import emit
from facturador.services.payments import (
    PaymentError,
    PaymentLine,
    build_payment_input,
    emit_payment,
    line_balance,
    open_invoices,
)
from facturador.services.queue import sync_once
from tests.unit.sat.conftest import BASE_INPUT
from tests.unit.services.company_setup import NOW

FECHA_PAGO = datetime(2026, 11, 25, 9, 0, 0)
UNKNOWN_UUID = "00000000-0000-0000-0000-000000000000"


def _stamp_queue(engine, company) -> None:
    """Stamp what is queued with the local sandbox PAC (TIMBRADO, with a TFD and UUID)."""
    sandbox = SandboxStamper(clock=lambda: NOW + timedelta(minutes=5))
    sync_once(engine, sandbox, empresa_id=company.id, now=NOW)


@pytest.fixture
def invoice(engine, company, secrets):
    """A stamped PPD invoice: 2 × 500.00 + IVA 16 % = 1,160.00 MXN."""
    data = copy.deepcopy(BASE_INPUT)
    for key in ("Emisor", "Folio", "LugarExpedicion"):
        data.pop(key)
    data.update(FormaPago="99", MetodoPago="PPD")
    emit(engine, data, secrets=secrets, now=NOW)
    _stamp_queue(engine, company)
    [open_invoice] = open_invoices(engine, company.id)
    return open_invoice


def _pay(engine, company, secrets, invoice_uuid, amount, **kw):
    equivalencia = kw.pop("equivalencia_dr", None)
    data = build_payment_input(
        engine,
        company.id,
        [PaymentLine(invoice_uuid, D(amount), equivalencia)],
        fecha_pago=FECHA_PAGO,
        forma_de_pago="03",
        **kw,
    )
    return emit_payment(engine, data, secrets=secrets, now=NOW)


def _receipt(engine, documento_id):
    with read_session(engine) as session:
        return session.get(Documento, documento_id).sealed_xml


def test_three_parcialidades_through_the_store(engine, company, secrets, invoice):
    assert (invoice.total, invoice.saldo, invoice.num_parcialidad) == (D("1160.00"),) * 2 + (1,)
    steps = [
        ("400.00", {}, "760.00"),
        (
            "350.00",
            {"moneda_p": "USD", "tipo_cambio_p": D("17.50"), "equivalencia_dr": D("17.50")},
            "410.00",
        ),
        ("410.00", {}, None),
    ]
    doctos = []
    for number, (amount, extra, saldo) in enumerate(steps, start=1):
        result = _pay(engine, company, secrets, invoice.uuid, amount, **extra)
        assert (result.serie, result.folio, result.state) == ("P", number, "EN_COLA")
        xml = _receipt(engine, result.documento_id)
        report = validate_xml(xml)
        assert report.valido, report.errores
        assert report.sello_valido
        docto = find_pagos(parse_comprobante(xml)).pagos[0].doctos[0]
        assert docto.num_parcialidad == number
        doctos.append(docto)
        remaining = open_invoices(engine, company.id)
        if saldo is None:
            assert remaining == []
        else:
            assert [(str(i.saldo), i.num_parcialidad) for i in remaining] == [(saldo, number + 1)]
    assert str(doctos[-1].imp_saldo_insoluto) == "0.00"
    assert sum(d.traslados_dr[0].base_dr for d in doctos) == D("1000.00")
    assert sum(d.traslados_dr[0].importe_dr for d in doctos) == D("160.00")
    _stamp_queue(engine, company)  # the receipts are stamped too; nothing changes
    [paid] = open_invoices(engine, company.id, include_paid=True)
    assert (paid.pagado, paid.saldo, paid.num_parcialidad) == (D("1160.00"), D("0.00"), 4)
    with read_session(engine) as session:
        states = session.exec(select(Documento.state).where(Documento.tipo == "P")).all()
    assert states == ["TIMBRADO"] * 3


def test_a_payment_larger_than_the_balance_is_refused(engine, company, secrets, invoice):
    _pay(engine, company, secrets, invoice.uuid, "1000.00")
    with pytest.raises(PaymentError, match=r"excede su saldo pendiente de 160\.00 MXN"):
        _pay(engine, company, secrets, invoice.uuid, "160.01")
    data = build_payment_input(engine, company.id, [PaymentLine(invoice.uuid, D("160.00"))],
                               fecha_pago=FECHA_PAGO, forma_de_pago="03")  # fmt: skip
    docto = data["Complemento"]["Pagos"]["Pago"][0]["DoctoRelacionado"][0]
    docto["ImpPagado"] = "170.00"
    with pytest.raises(PaymentError, match="excede"):
        emit_payment(engine, data, secrets=secrets, now=NOW)
    docto.update(ImpPagado="160.00", ImpSaldoAnt="1160.00")
    with pytest.raises(PaymentError, match="no coincide con su saldo registrado"):
        emit_payment(engine, data, secrets=secrets, now=NOW)


def test_a_line_shows_saldo_anterior_pagado_and_insoluto(engine, company, secrets, invoice):
    _pay(engine, company, secrets, invoice.uuid, "400.00")
    [after] = open_invoices(engine, company.id)
    line = line_balance(after, D("300.00"), monto=D("500.00"), already_applied=D("0"))
    assert (line.saldo_anterior, line.imp_pagado, line.saldo_insoluto) == (
        D("760.00"),
        D("300.00"),
        D("460.00"),
    )
    assert line_balance(after, D("760.00")).saldo_insoluto == D("0.00")
    with pytest.raises(PaymentError, match=r"excede su saldo pendiente de 760\.00 MXN"):
        line_balance(after, D("760.01"))
    with pytest.raises(PaymentError, match=r"queda por aplicar del pago \(100\.00 de 500\.00\)"):
        line_balance(after, D("300.00"), monto=D("500.00"), already_applied=D("400.00"))


def test_two_payments_prepared_from_the_same_saldo_cannot_both_be_issued(
    engine, company, secrets, invoice, monkeypatch
):
    """Two clerks (or desktops) prepare a 700.00 payment of the 1,160.00 invoice at the same
    time: the first to commit is issued; the second is refused inside its own transaction,
    and leaves no document and no used folio behind."""
    from facturador.services import payments

    real_emit = payments.emit
    other_clerk = build_payment_input(engine, company.id, [PaymentLine(invoice.uuid, D("700"))],
                                      fecha_pago=FECHA_PAGO, forma_de_pago="03")  # fmt: skip
    issued = []

    def emit_after_the_other_clerk(*args, **kwargs):
        if kwargs["guard"] is not None and not issued:
            # the other payment commits between our balance check and our folio
            monkeypatch.setattr(payments, "emit", real_emit)
            issued.append(emit_payment(engine, other_clerk, secrets=secrets, now=NOW))
        return real_emit(*args, **kwargs)

    monkeypatch.setattr(payments, "emit", emit_after_the_other_clerk)
    with pytest.raises(PaymentError) as refused:
        _pay(engine, company, secrets, invoice.uuid, "700.00")
    assert "no coincide con su saldo registrado (460.00 MXN)" in refused.value.message
    assert payments.STALE_BALANCE in refused.value.message
    with read_session(engine) as session:
        receipts = session.exec(select(Documento).where(Documento.tipo == "P")).all()
    assert [(r.id, r.folio) for r in receipts] == [(issued[0].documento_id, 1)]
    monkeypatch.undo()
    [still_open] = open_invoices(engine, company.id)
    assert still_open.saldo == D("460.00")
    assert _pay(engine, company, secrets, invoice.uuid, "460.00").folio == 2  # no gap


def test_emit_payment_fills_saldo_and_parcialidad_from_the_store(engine, company, secrets, invoice):
    data = build_payment_input(engine, company.id, [PaymentLine(invoice.uuid, D("100.00"))],
                               fecha_pago=FECHA_PAGO, forma_de_pago="03")  # fmt: skip
    docto = data["Complemento"]["Pagos"]["Pago"][0]["DoctoRelacionado"][0]
    for key in ("ImpSaldoAnt", "NumParcialidad", "MonedaDR"):
        docto.pop(key)
    result = emit_payment(engine, data, secrets=secrets, now=NOW)
    docto = find_pagos(parse_comprobante(_receipt(engine, result.documento_id))).pagos[0].doctos[0]
    assert (docto.imp_saldo_ant, docto.num_parcialidad) == (D("1160.00"), 1)


def test_cancelled_or_rejected_receipts_do_not_count(engine, company, secrets, invoice):
    result = _pay(engine, company, secrets, invoice.uuid, "500.00")
    assert open_invoices(engine, company.id)[0].saldo == D("660.00")
    with write_session(engine) as session:  # the cancellation service is not ours: set it
        documento = session.get(Documento, result.documento_id)
        documento.state = "CANCELADO"
        session.add(documento)
        session.commit()
    [again] = open_invoices(engine, company.id)
    assert (again.saldo, again.num_parcialidad) == (D("1160.00"), 1)


def test_credit_note_related_with_01_lowers_the_balance(engine, company, secrets, invoice):
    nota = copy.deepcopy(BASE_INPUT)
    for key in ("Emisor", "Folio", "LugarExpedicion"):
        nota.pop(key)
    nota.update(
        Serie="NC",
        TipoDeComprobante="E",
        FormaPago="03",
        MetodoPago="PUE",
        CfdiRelacionados=[{"TipoRelacion": "01", "CfdiRelacionado": [invoice.uuid]}],
    )
    nota["Conceptos"][0].update(Cantidad="1", ValorUnitario="100.00", ClaveProdServ="84111506",
                                ClaveUnidad="ACT", Descripcion="Descuento")  # fmt: skip
    emit(engine, nota, secrets=secrets, now=NOW)
    [owed] = open_invoices(engine, company.id)
    assert (owed.notas_de_credito, owed.saldo) == (D("116.00"), D("1044.00"))


def test_filters_and_prefill_errors(engine, company, secrets, invoice):
    assert open_invoices(engine, company.id, "XAXX010101000") == []
    assert len(open_invoices(engine, company.id, "cacx7605101p8")) == 1
    kw = {"fecha_pago": FECHA_PAGO, "forma_de_pago": "03"}
    with pytest.raises(PaymentError, match="al menos una factura"):
        build_payment_input(engine, company.id, [], **kw)
    with pytest.raises(PaymentError, match="no es una factura PPD"):
        build_payment_input(engine, company.id, [PaymentLine(UNKNOWN_UUID, D(1))], **kw)
    with pytest.raises(PaymentError, match="mayor que 0"):
        build_payment_input(engine, company.id, [PaymentLine(invoice.uuid, D(0))], **kw)
    with pytest.raises(PaymentError, match="indique la equivalencia"):
        build_payment_input(engine, company.id, [PaymentLine(invoice.uuid, D(1))],
                            moneda_p="USD", tipo_cambio_p=D("17.50"), **kw)  # fmt: skip
    with pytest.raises(PaymentError, match="TipoDeComprobante P"):
        emit_payment(engine, {"TipoDeComprobante": "I"}, secrets=secrets, now=NOW)


def test_cli_pago_and_saldos(engine, company, invoice, csd_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("facturador.services.settings.open_engine", lambda: engine)
    assert main(["saldos", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["saldo"], row["num_parcialidad"]) == ("1160.00", 1)
    data = build_payment_input(engine, company.id, [PaymentLine(invoice.uuid, D("160.00"))],
                               fecha_pago=FECHA_PAGO, forma_de_pago="03")  # fmt: skip
    entrada = tmp_path / "pago.json"
    entrada.write_text(json.dumps(data))
    password = csd_dir / "csd_EKU9003173C9" / "password.txt"
    assert main(["pago", str(entrada), "--password-file", str(password), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["estado"] == "EN_COLA"
    assert main(["saldos", "--cliente", "CACX7605101P8"]) == 0
    assert "saldo        1000.00  parcialidad 2" in capsys.readouterr().out
    assert main(["pago", str(entrada), "--password-file", str(password)]) == 1
    assert "Error: ImpSaldoAnt 1160.00" in capsys.readouterr().err


def test_mixed_invoice_taxes_are_prorated_per_group(engine, company, secrets):
    data = copy.deepcopy(BASE_INPUT)
    for key in ("Emisor", "Folio", "LugarExpedicion"):
        data.pop(key)
    data.update(FormaPago="99", MetodoPago="PPD")
    data["Conceptos"][0]["Impuestos"]["Retenciones"] = [
        {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.106667"}
    ]
    data["Conceptos"].append({"ClaveProdServ": "01010101", "Cantidad": "1", "ClaveUnidad": "H87",
                              "Descripcion": "Sin impuestos", "ValorUnitario": "100.00",
                              "ObjetoImp": "01"})  # fmt: skip
    emit(engine, data, secrets=secrets, now=NOW)
    _stamp_queue(engine, company)
    [owed] = open_invoices(engine, company.id)
    assert owed.total == D("1153.33")
    payment = build_payment_input(engine, company.id, [PaymentLine(owed.uuid, D("500.00"))],
                                  fecha_pago=FECHA_PAGO, forma_de_pago="03",
                                  num_operacion="SPEI-123")  # fmt: skip
    pago = payment["Complemento"]["Pagos"]["Pago"][0]
    assert pago["NumOperacion"] == "SPEI-123"
    taxes = pago["DoctoRelacionado"][0]["ImpuestosDR"]
    assert taxes["TrasladosDR"][0]["BaseDR"] == "433.53"
    assert taxes["RetencionesDR"][0]["BaseDR"] == "433.53"
    result = emit_payment(engine, payment, secrets=secrets, now=NOW)
    report = validate_xml(_receipt(engine, result.documento_id))
    assert report.valido, report.errores
    assert open_invoices(engine, company.id)[0].saldo == D("653.33")
