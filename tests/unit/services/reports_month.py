"""A known month of documents (November 2026) for the report tests, with the hand computation.

Client A is XOCHILT CASAS CHAVEZ (CACX7605101P8), client B UNIVERSIDAD ROBOTICA ESPAÑOLA
(URE180429TM6). Dates are local time at 42501 (UTC−6): each document is issued at 06:00.

  A-1  2026-11-03  I PUE MXN  A  1,000.00 + IVA 16 %  160.00              = 1,160.00
  A-2  2026-11-05  I PPD MXN  B 10,000.00 + IVA 16 % 1,600.00             = 11,600.00
  A-3  2026-11-10  I PUE USD  A    100.00 + IVA 16 %   16.00 = 116.00 USD at 17.50
  NC-1 2026-11-12  E PUE MXN  B    100.00 + IVA 16 %   16.00 = 116.00, relates A-2 (01)
  A-4  2026-11-15  I PUE MXN  B  1,000.00 + IVA 160.00 − ISR 10 % 100.00
                                 − IVA ret 10.6667 % 106.67                = 953.33
  A-5  2026-11-18  I PUE MXN  A  5,000.00 + IVA 800.00 = 5,800.00, CANCELLED
  P-1  2026-11-20  pays 5,800.00 of A-2 (ImpSaldoAnt 11,484.00: the note took 116.00)
  P-2  2026-12-10  pays 2,900.00 of A-2 (next month)
  A-6  2026-09-15  I PPD USD  A    500.00 + IVA 80.00 = 580.00 USD at 17.50, never paid
  A-7  2026-10-20  I PUE MXN  B  2,000.00 + IVA 320.00
  A-8  2025-11-14  I PUE MXN  A    300.00 + IVA 48.00 (the same month a year before)
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

from sqlmodel import select

from facturador.models import Documento, read_session, write_session
from facturador.pac.sandbox import SandboxStamper
from facturador.services.emission import emit
from facturador.services.payments import PaymentLine, build_payment_input, emit_payment
from facturador.services.queue import sync_once
from tests.unit.services.company_setup import company_input

CLIENT_A = {"Rfc": "CACX7605101P8", "Nombre": "XOCHILT CASAS CHAVEZ", "UsoCFDI": "G03",
            "DomicilioFiscalReceptor": "36257", "RegimenFiscalReceptor": "612"}  # fmt: skip
CLIENT_B = {"Rfc": "URE180429TM6", "Nombre": "UNIVERSIDAD ROBOTICA ESPAÑOLA", "UsoCFDI": "G03",
            "DomicilioFiscalReceptor": "65000", "RegimenFiscalReceptor": "601"}  # fmt: skip
IVA16 = {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}


def _at(day: str) -> datetime:
    """06:00 local time at 42501 (12:00 UTC) of `day`."""
    return datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=UTC)


def _invoice(client, amount, *, metodo="PUE", **extra):
    data = company_input()
    data.update(MetodoPago=metodo, FormaPago="99" if metodo == "PPD" else "03", **extra)
    data["Receptor"] = copy.deepcopy(client)
    concepto = data["Conceptos"][0]
    concepto.update(Cantidad="1", ValorUnitario=amount)
    concepto["Impuestos"] = {"Traslados": [dict(IVA16)]}
    return data


def _emit_and_stamp(engine, company, secrets, data, day):
    moment = _at(day)
    emitted = (emit_payment if data.get("TipoDeComprobante") == "P" else emit)(
        engine, data, secrets=secrets, now=moment
    )
    sandbox = SandboxStamper(clock=lambda: moment + timedelta(minutes=5))
    sync_once(engine, sandbox, empresa_id=company.id, now=moment + timedelta(minutes=5))
    with read_session(engine) as session:
        documento = session.get(Documento, emitted.documento_id)
        assert documento.state == "TIMBRADO", (documento.state, documento.last_error_message)
        return documento.uuid


def _pay(engine, company, secrets, uuid, amount, day):
    data = build_payment_input(engine, company.id, [PaymentLine(uuid, D(amount))],
                               fecha_pago=datetime.fromisoformat(f"{day}T06:00:00"),
                               forma_de_pago="03")  # fmt: skip
    return _emit_and_stamp(engine, company, secrets, data, day)


def build_month(engine, company, secrets) -> dict[str, str]:
    """Issue and stamp the documents above (in date order); their UUIDs by name."""
    uuids = {}
    emit_one = lambda name, data, day: uuids.__setitem__(  # noqa: E731
        name, _emit_and_stamp(engine, company, secrets, data, day)
    )
    emit_one("A-8", _invoice(CLIENT_A, "300.00"), "2025-11-14")
    a6 = _invoice(CLIENT_A, "500.00", metodo="PPD", Moneda="USD", TipoCambio="17.50")
    emit_one("A-6", a6, "2026-09-15")
    emit_one("A-7", _invoice(CLIENT_B, "2000.00"), "2026-10-20")
    emit_one("A-1", _invoice(CLIENT_A, "1000.00"), "2026-11-03")
    emit_one("A-2", _invoice(CLIENT_B, "10000.00", metodo="PPD"), "2026-11-05")
    emit_one("A-3", _invoice(CLIENT_A, "100.00", Moneda="USD", TipoCambio="17.50"), "2026-11-10")
    related = [{"TipoRelacion": "01", "CfdiRelacionado": [uuids["A-2"]]}]
    nota = _invoice(CLIENT_B, "100.00", Serie="NC", TipoDeComprobante="E",
                    CfdiRelacionados=related)  # fmt: skip
    nota["Receptor"]["UsoCFDI"] = "G02"
    nota["Conceptos"][0].update(
        ClaveProdServ="84111506", ClaveUnidad="ACT", Descripcion="Descuento"
    )
    emit_one("NC-1", nota, "2026-11-12")
    retenciones = _invoice(CLIENT_B, "1000.00")
    retenciones["Conceptos"][0]["Impuestos"]["Retenciones"] = [
        {"Impuesto": "001", "TipoFactor": "Tasa", "TasaOCuota": "0.100000"},
        {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.106667"},
    ]
    emit_one("A-4", retenciones, "2026-11-15")
    emit_one("A-5", _invoice(CLIENT_A, "5000.00"), "2026-11-18")
    with write_session(engine) as session:  # cancelled: the SAT's answer, as the pass stores it
        documento = session.exec(select(Documento).where(Documento.uuid == uuids["A-5"])).one()
        documento.state = "CANCELADO"
        session.add(documento)
        session.commit()
    uuids["P-1"] = _pay(engine, company, secrets, uuids["A-2"], "5800.00", "2026-11-20")
    uuids["P-2"] = _pay(engine, company, secrets, uuids["A-2"], "2900.00", "2026-12-10")
    return uuids
