"""A company whose records disagree with the SAT's in every way the reconciliation reports,
built through the real use cases (emit, the stamping pass with the sandbox PAC, payment
receipts, the inbox import, SAT's status answers stored by `check_sat_status`).

  A-1  PUE, stamped, then cancelled at the SAT (the sandbox) while TIMBRADO here
  A-2  PUE, stamped, CANCELADO here while the SAT says Vigente
  A-3  PPD, stamped, never paid                                   -> ppd_sin_pago
  A-4  PPD, stamped, paid whole by P-1                            -> nothing
  A-5  sealed and queued here; the PAC stamped it but the answer was lost: its stamped XML
       came into the inbox (a SAT download)                       -> falta_aqui
  2 CFDIs received from CACX7605101P8 (on the 69-B list when the test says so)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from pathlib import Path

from sqlmodel import select

from facturador.models import Documento, read_session, write_session
from facturador.pac.base import CancelCommand
from facturador.pac.sandbox import SandboxStamper
from facturador.services.context import Context
from facturador.services.emission import emit
from facturador.services.payments import PaymentLine, build_payment_input, emit_payment
from facturador.services.queue import sync_once
from facturador.services.recibidos import check_sat_status, import_sources
from tests.unit.services.recibidos_corpus import STAMPED_AT, stamped_invoices
from tests.unit.services.reports_month import CLIENT_A, CLIENT_B, _invoice

MOMENT = STAMPED_AT - timedelta(minutes=10)  # 2026-11-20 11:50 at 42501
NOW = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)


def _stamp_all(ctx: Context, stamper: SandboxStamper, company_id: int) -> None:
    sync_once(ctx.engine, stamper, empresa_id=company_id, now=STAMPED_AT)


def _emit(ctx: Context, data: dict, *, payment: bool = False) -> int:
    emitted = (emit_payment if payment else emit)(ctx.engine, data, secrets=ctx.secrets,
                                                  now=MOMENT)  # fmt: skip
    return int(emitted.documento_id)


def _doc(ctx: Context, documento_id: int) -> Documento:
    with read_session(ctx.engine) as session:
        found = session.get(Documento, documento_id)
        assert found is not None
        return found


def build(ctx: Context, company, folder: Path) -> tuple[SandboxStamper, dict[str, int]]:  # type: ignore[no-untyped-def]
    stamper = SandboxStamper(clock=lambda: STAMPED_AT)
    ids = {
        "A-1": _emit(ctx, _invoice(CLIENT_A, "1000.00")),
        "A-2": _emit(ctx, _invoice(CLIENT_B, "2000.00")),
        "A-3": _emit(ctx, _invoice(CLIENT_B, "3000.00", metodo="PPD")),
        "A-4": _emit(ctx, _invoice(CLIENT_A, "4000.00", metodo="PPD")),
    }
    _stamp_all(ctx, stamper, company.id)
    docs = {name: _doc(ctx, i) for name, i in ids.items()}
    assert {d.state for d in docs.values()} == {"TIMBRADO"}
    paid = build_payment_input(ctx.engine, company.id,
                               [PaymentLine(docs["A-4"].uuid or "", D("4640.00"))],
                               fecha_pago=datetime(2026, 11, 20, 9, 0),
                               forma_de_pago="03")  # fmt: skip
    ids["P-1"] = _emit(ctx, paid, payment=True)
    _stamp_all(ctx, stamper, company.id)
    assert _doc(ctx, ids["P-1"]).state == "TIMBRADO"
    # A-1 cancelled at the SAT (another system, or an answer never stored here)
    result = stamper.cancel(CancelCommand(uuid=docs["A-1"].uuid or "", rfc_emisor=company.rfc,
                                          motivo="02", certificate=b"", private_key=b"",
                                          password=""))  # fmt: skip
    assert result.code == "201"
    with write_session(ctx.engine) as session:  # A-2 cancelled here only
        a2 = session.exec(select(Documento).where(Documento.id == ids["A-2"])).one()
        a2.state = "CANCELADO"
        session.add(a2)
        session.commit()
    # queued; the PAC stamps it, the answer never arrives
    ids["A-5"] = _emit(ctx, _invoice(CLIENT_A, "5000.00"))
    a5 = _doc(ctx, ids["A-5"])
    assert a5.state == "EN_COLA"
    assert a5.sealed_xml is not None
    lost = stamper.stamp(a5.sealed_xml)
    assert lost.xml is not None
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("A-1", "A-2", "A-3"):
        (folder / f"{name}.xml").write_bytes(_doc(ctx, ids[name]).stamped_xml or b"")
    (folder / "A-5.xml").write_bytes(lost.xml)
    for i, data in enumerate(stamped_invoices(2, stamper)):
        (folder / f"recibido-{i}.xml").write_bytes(data)
    summary = import_sources(ctx, [folder], origen="descarga")
    assert (summary.importados, summary.errores) == (6, 0), summary.outcomes
    status = check_sat_status(ctx, client=stamper)
    assert (status.consultados, status.cancelados) == (6, 1)
    return stamper, ids


def list_69b(path: Path, situacion: str) -> Path:
    """SAT's Listado completo 69-B as it is published: latin-1, lines before the header."""
    lines = [
        "Información actualizada al 15 de noviembre de 2026",
        "Listado completo de contribuyentes (Artículo 69-B del Código Fiscal de la Federación)",
        '"No","RFC","Nombre del Contribuyente","Situación del contribuyente",'
        '"Número y fecha de oficio global de presunción SAT"',
        '1,"AAA010101AAA","EMPRESA FANTASMA, S.A. DE C.V.","Definitivo","500-39-00-02"',
        f'2,"CACX7605101P8","XOCHILT CASAS CHAVEZ","{situacion}","500-39-00-03"',
        '3,"BBB020202BB1","OTRA SOCIEDAD","Sentencia Favorable","500-39-00-04"',
    ]
    path.write_bytes("\r\n".join(lines).encode("latin-1"))
    return path
