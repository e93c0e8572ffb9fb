"""The Pagos 2.0 complement as the PDF reads it."""

from __future__ import annotations

from decimal import Decimal

from facturador.pdf.pagos import pagos_of
from facturador.sat.xml_reader import parse_comprobante
from tests.unit.pdf.documents import SAMPLES_DIR


def test_pagos_of_the_sample() -> None:
    c = parse_comprobante((SAMPLES_DIR / "cfdi40_pagos20_sellado.xml").read_bytes())
    pagos = pagos_of(c)
    assert pagos is not None
    assert dict(pagos.totales)["MontoTotalPagos"] == Decimal("15000.00")
    (pago,) = pagos.pagos
    assert (pago.fecha_pago, pago.forma_de_pago_p, pago.moneda_p) == (
        "2023-06-12T17:18:19", "03", "MXN"
    )  # fmt: skip
    assert pago.monto == Decimal("15000.00")
    assert dict(pago.attributes)["NumOperacion"] == "963852"
    first, second = pago.doctos
    assert first.id_documento == "00000000-1111-2222-3333-00000000000A"
    assert (first.num_parcialidad, first.imp_saldo_ant, first.imp_pagado) == (
        "2", Decimal("12000.00"), Decimal("12000.00")
    )  # fmt: skip
    assert first.imp_saldo_insoluto == Decimal(0)
    assert first.objeto_imp_dr == "02"
    assert first.impuestos[0].impuesto == "002"
    assert not first.impuestos[0].retencion
    assert second.imp_saldo_insoluto == Decimal("7000.00")
    assert pago.impuestos[0].importe == Decimal("2068.960000")


def test_no_pagos_in_an_invoice() -> None:
    c = parse_comprobante((SAMPLES_DIR / "cfdi40_ingreso_iva16_timbrado.xml").read_bytes())
    assert pagos_of(c) is None
