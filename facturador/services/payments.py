"""Payments of PPD invoices: balances, the next NumParcialidad, and emitting a payment receipt.

Balances come from the store, never from a counter: an invoice's saldo is its Total minus
what every payment receipt (tipo P) of the company applied to it (ImpPagado of the
DoctoRelacionado with its UUID), minus the Total of credit notes (tipo E, TipoRelacion 01)
related to it alone and in its currency. Receipts and notes count unless they are
BORRADOR, RECHAZADO or CANCELADO: a queued receipt already spends the balance. The next
NumParcialidad is one more than the highest used.

`build_payment_input` prefills the JSON input of a receipt from the stored invoices (UUID,
Serie, Folio, MonedaDR, ImpSaldoAnt, NumParcialidad, ObjetoImpDR and each tax with its
BaseDR in proportion to what is paid: cumulative, so the parcialidades add up to the
invoice's bases exactly). `emit_payment` fills ImpSaldoAnt and NumParcialidad where the input
leaves them out, refuses a payment larger than the balance, and emits like any document.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from facturador.models.engine import read_session
from facturador.models.states import DocumentState
from facturador.models.tables import Documento, Empresa
from facturador.sat.catalogs import default_catalogs
from facturador.sat.comprobante import Comprobante
from facturador.sat.errors import InvalidInputError
from facturador.sat.money import ZERO, parse_decimal, quantize
from facturador.sat.pagos import find_pagos
from facturador.sat.xml_reader import parse_comprobante
from facturador.services.companies import get_active_company
from facturador.services.emission import EmittedDocument, emit
from facturador.services.secrets import SecretStore

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.views import DocumentRow

__all__ = [
    "PAYMENT_SERIE",
    "LineBalance",
    "OpenInvoice",
    "PaymentError",
    "PaymentLine",
    "build_payment_input",
    "check_amount",
    "emit_payment",
    "line_balance",
    "open_invoices",
    "open_invoices_for",
    "pay",
]

PAYMENT_SERIE = "P"
STALE_BALANCE = (
    "El saldo cambió mientras se preparaba este pago (se registró otro pago o una nota de"
    " crédito): no se emitió; vuelva a capturarlo con el saldo actual."
)
_NOT_COUNTED = (DocumentState.BORRADOR, DocumentState.RECHAZADO, DocumentState.CANCELADO)
_NOTA_DE_CREDITO = "01"


class PaymentError(InvalidInputError):
    """A payment the balances in the store do not allow; `message` says why, in Spanish."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    @property
    def message(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenInvoice:
    """A stamped PPD invoice and what is still owed on it (in its own currency)."""

    documento_id: int
    uuid: str
    serie: str | None
    folio: int | None
    fecha: datetime | None
    rfc_receptor: str
    nombre_receptor: str
    moneda: str
    total: Decimal
    pagado: Decimal
    notas_de_credito: Decimal
    saldo: Decimal
    num_parcialidad: int  # the next one to use


@dataclass(frozen=True, slots=True)
class PaymentLine:
    """What a receipt pays of one invoice; `equivalencia_dr` when the currencies differ."""

    uuid: str
    imp_pagado: Decimal
    equivalencia_dr: Decimal | None = None


@dataclass(slots=True)
class _Applied:
    pagado: Decimal = ZERO
    notas: dict[str, Decimal] = field(default_factory=dict)  # by currency
    parcialidad: int = 0


def _xml(documento: Documento) -> bytes | None:
    return documento.stamped_xml or documento.sealed_xml


def _applied(documents: Iterable[Documento]) -> dict[str, _Applied]:
    """Per invoice UUID: paid (ImpPagado), credit notes and the highest NumParcialidad."""
    result: dict[str, _Applied] = {}
    notes: list[Comprobante] = []
    for documento in documents:
        xml = _xml(documento)
        if xml is None:
            continue
        comprobante = parse_comprobante(xml)
        if documento.tipo == "E":
            notes.append(comprobante)
            continue
        pagos = find_pagos(comprobante)
        for pago in pagos.pagos if pagos else ():
            for d in pago.doctos:
                applied = result.setdefault(d.id_documento.upper(), _Applied())
                applied.pagado += d.imp_pagado
                applied.parcialidad = max(applied.parcialidad, d.num_parcialidad)
    for note in notes:
        for group in note.cfdi_relacionados:
            if group.tipo_relacion == _NOTA_DE_CREDITO and len(group.uuids) == 1:
                notas = result.setdefault(group.uuids[0].upper(), _Applied()).notas
                notas[note.moneda] = notas.get(note.moneda, ZERO) + note.total
    return result


def _invoices(
    engine: Engine, empresa_id: int, rfc: str | None
) -> list[tuple[Documento, Comprobante]]:
    with read_session(engine) as session:
        query = select(Documento).where(
            Documento.empresa_id == empresa_id,
            Documento.tipo == "I",
            Documento.state == DocumentState.TIMBRADO.value,
        )
        if rfc:
            query = query.where(Documento.rfc_receptor == rfc.strip().upper())
        invoices = session.exec(query.order_by(col(Documento.fecha), col(Documento.id))).all()
    result = []
    for documento in invoices:
        xml = _xml(documento)
        if xml is None:
            continue
        comprobante = parse_comprobante(xml)
        if comprobante.metodo_pago == "PPD" and (documento.uuid or comprobante.uuid):
            result.append((documento, comprobante))
    return result


def _counted(engine: Engine, empresa_id: int) -> dict[str, _Applied]:
    with read_session(engine) as session:
        documents = session.exec(
            select(Documento).where(
                Documento.empresa_id == empresa_id,
                col(Documento.tipo).in_(("P", "E")),
                col(Documento.state).not_in([s.value for s in _NOT_COUNTED]),
            )
        ).all()
    return _applied(documents)


def open_invoices(
    engine: Engine,
    empresa_id: int,
    rfc_receptor: str | None = None,
    *,
    include_paid: bool = False,
) -> list[OpenInvoice]:
    """Stamped PPD invoices with a balance (all of them with `include_paid`), oldest first."""
    applied = _counted(engine, empresa_id)
    result = []
    for documento, comprobante in _invoices(engine, empresa_id, rfc_receptor):
        assert documento.id is not None
        uuid = str(documento.uuid or comprobante.uuid).upper()
        paid = applied.get(uuid, _Applied())
        notas = paid.notas.get(comprobante.moneda, ZERO)
        saldo = comprobante.total - paid.pagado - notas
        if saldo <= 0 and not include_paid:
            continue
        result.append(
            OpenInvoice(
                documento_id=documento.id,
                uuid=uuid,
                serie=documento.serie,
                folio=documento.folio,
                fecha=documento.fecha,
                rfc_receptor=comprobante.receptor.rfc,
                nombre_receptor=comprobante.receptor.nombre,
                moneda=comprobante.moneda,
                total=comprobante.total,
                pagado=paid.pagado,
                notas_de_credito=notas,
                saldo=saldo,
                num_parcialidad=paid.parcialidad + 1,
            )
        )
    return result


def _invoice_comprobante(engine: Engine, documento_id: int) -> Comprobante:
    with read_session(engine) as session:
        documento = session.get(Documento, documento_id)
        assert documento is not None
        xml = _xml(documento)
    assert xml is not None
    return parse_comprobante(xml)


def _impuestos_dr(
    invoice: Comprobante, saldo: Decimal, pagado: Decimal, decimals: int
) -> dict[str, list[dict[str, str]]]:
    """The invoice's taxes grouped like SAT's ImpuestosDR, BaseDR in cumulative proportion:
    round(base × paid after / total) − round(base × paid before / total)."""
    before = (invoice.total - saldo) / invoice.total
    after = (invoice.total - saldo + pagado) / invoice.total
    groups: dict[tuple[bool, str, str, Decimal | None], Decimal] = {}
    for concepto in invoice.conceptos:
        if concepto.impuestos is None:
            continue
        for t in concepto.impuestos.traslados:
            key = (False, t.impuesto, t.tipo_factor, t.tasa_o_cuota)
            groups[key] = groups.get(key, ZERO) + t.base
        for r in concepto.impuestos.retenciones:
            key = (True, r.impuesto, r.tipo_factor or "Tasa", r.tasa_o_cuota)
            groups[key] = groups.get(key, ZERO) + (r.base or ZERO)
    result: dict[str, list[dict[str, str]]] = {}
    for (retencion, impuesto, factor, tasa), base in groups.items():
        share = quantize(base * after, decimals) - quantize(base * before, decimals)
        item = {"BaseDR": str(share), "ImpuestoDR": impuesto, "TipoFactorDR": factor}
        if tasa is not None:
            item["TasaOCuotaDR"] = str(tasa)
        result.setdefault("RetencionesDR" if retencion else "TrasladosDR", []).append(item)
    return result


def build_payment_input(
    engine: Engine,
    empresa_id: int,
    lines: Sequence[PaymentLine],
    *,
    fecha_pago: datetime,
    forma_de_pago: str,
    moneda_p: str = "MXN",
    tipo_cambio_p: Decimal | None = None,
    num_operacion: str | None = None,
) -> dict[str, Any]:
    """The JSON input of a receipt paying `lines` of stored invoices, prefilled from them."""
    if not lines:
        raise PaymentError("Indique al menos una factura a pagar.")
    balances = {i.uuid: i for i in open_invoices(engine, empresa_id)}
    doctos = []
    receptor: dict[str, str] | None = None
    for line in lines:
        invoice = balances.get(line.uuid.strip().upper())
        if invoice is None:
            raise PaymentError(
                f"La factura {line.uuid} no es una factura PPD timbrada con saldo pendiente."
            )
        check_amount(invoice, line.imp_pagado)
        comprobante = _invoice_comprobante(engine, invoice.documento_id)
        r = comprobante.receptor
        this = {
            "Rfc": r.rfc,
            "Nombre": r.nombre,
            "DomicilioFiscalReceptor": r.domicilio_fiscal_receptor,
            "RegimenFiscalReceptor": r.regimen_fiscal_receptor,
        }
        if receptor is not None and receptor["Rfc"] != r.rfc:
            raise PaymentError("Un comprobante de pago solo puede pagar facturas de un cliente.")
        receptor = this
        doctos.append(_docto(invoice, comprobante, line, moneda_p))
    pago: dict[str, Any] = {
        "FechaPago": fecha_pago.strftime("%Y-%m-%dT%H:%M:%S"),
        "FormaDePagoP": forma_de_pago,
        "MonedaP": moneda_p,
        "DoctoRelacionado": doctos,
    }
    if tipo_cambio_p is not None:
        pago["TipoCambioP"] = str(tipo_cambio_p)
    if num_operacion:
        pago["NumOperacion"] = num_operacion
    return {
        "Serie": PAYMENT_SERIE,
        "TipoDeComprobante": "P",
        "Receptor": receptor,
        "Complemento": {"Pagos": {"Pago": [pago]}},
    }


def _docto(
    invoice: OpenInvoice, comprobante: Comprobante, line: PaymentLine, moneda_p: str
) -> dict[str, Any]:
    decimals = default_catalogs().moneda_decimales(invoice.moneda)
    docto: dict[str, Any] = {"IdDocumento": invoice.uuid}
    if comprobante.serie:
        docto["Serie"] = comprobante.serie
    if comprobante.folio:
        docto["Folio"] = comprobante.folio
    docto["MonedaDR"] = invoice.moneda
    if invoice.moneda != moneda_p:
        if line.equivalencia_dr is None:
            raise PaymentError(
                f"La factura {invoice.uuid} está en {invoice.moneda} y el pago en {moneda_p}:"
                f" indique la equivalencia ({invoice.moneda} por 1 {moneda_p})."
            )
        docto["EquivalenciaDR"] = str(line.equivalencia_dr)
    docto.update(
        NumParcialidad=invoice.num_parcialidad,
        ImpSaldoAnt=str(invoice.saldo),
        ImpPagado=str(line.imp_pagado),
        ObjetoImpDR="02" if comprobante.impuestos is not None else "01",
    )
    if comprobante.impuestos is not None:
        docto["ImpuestosDR"] = _impuestos_dr(comprobante, invoice.saldo, line.imp_pagado, decimals)
    return docto


def _name(invoice: OpenInvoice) -> str:
    return f"{invoice.serie or ''}-{invoice.folio}" if invoice.folio else invoice.uuid


def check_amount(invoice: OpenInvoice, imp_pagado: Decimal) -> None:
    """PaymentError unless 0 < `imp_pagado` <= the invoice's saldo."""
    name = _name(invoice)
    if imp_pagado <= 0:
        raise PaymentError(f"El importe pagado a la factura {name} debe ser mayor que 0.")
    if imp_pagado > invoice.saldo:
        raise PaymentError(
            f"El pago de {imp_pagado} {invoice.moneda} a la factura {name} excede su saldo"
            f" pendiente de {invoice.saldo} {invoice.moneda}. Registre a lo más el saldo."
        )


@dataclass(frozen=True, slots=True)
class LineBalance:
    """One DoctoRelacionado's figures: ImpSaldoAnt, ImpPagado and ImpSaldoInsoluto."""

    saldo_anterior: Decimal
    imp_pagado: Decimal
    saldo_insoluto: Decimal


def line_balance(
    invoice: OpenInvoice,
    imp_pagado: Decimal,
    *,
    monto: Decimal | None = None,
    already_applied: Decimal = ZERO,
) -> LineBalance:
    """What paying `imp_pagado` of `invoice` leaves, checked: a PaymentError (in Spanish)
    when it exceeds the invoice's saldo, or, with the payment's `monto` (same currency),
    when it and the `already_applied` lines of that payment add up to more than the monto."""
    check_amount(invoice, imp_pagado)
    if monto is not None and already_applied + imp_pagado > monto:
        left = max(monto - already_applied, ZERO)
        raise PaymentError(
            f"El importe de {imp_pagado} {invoice.moneda} a la factura {_name(invoice)} excede"
            f" lo que queda por aplicar del pago ({left} de {monto}). Los documentos"
            " relacionados no pueden sumar más que el monto del pago."
        )
    return LineBalance(invoice.saldo, imp_pagado, invoice.saldo - imp_pagado)


def _completed(data: Mapping[str, Any], balances: Mapping[str, OpenInvoice]) -> dict[str, Any]:
    """The input with ImpSaldoAnt and NumParcialidad from the store, the amounts checked."""
    result = copy.deepcopy(dict(data))
    result.setdefault("Serie", PAYMENT_SERIE)
    complemento = result.get("Complemento")
    pagos = complemento.get("Pagos") if isinstance(complemento, Mapping) else None
    items = pagos.get("Pago") if isinstance(pagos, Mapping) else None
    for pago in items if isinstance(items, list) else [items] if items else []:
        if not isinstance(pago, dict):
            continue
        doctos = pago.get("DoctoRelacionado")
        for docto in doctos if isinstance(doctos, list) else [doctos] if doctos else []:
            if isinstance(docto, dict):
                _complete_docto(docto, balances)
    return result


def _complete_docto(docto: dict[str, Any], balances: Mapping[str, OpenInvoice]) -> None:
    invoice = balances.get(str(docto.get("IdDocumento", "")).strip().upper())
    if invoice is None:
        return  # an invoice not in this store: the input must say everything
    stated = parse_decimal(docto.get("ImpSaldoAnt"))
    if "ImpSaldoAnt" in docto and stated != invoice.saldo:
        raise PaymentError(
            f"ImpSaldoAnt {docto['ImpSaldoAnt']} de la factura {invoice.uuid} no coincide con"
            f" su saldo registrado ({invoice.saldo} {invoice.moneda})."
        )
    docto.setdefault("ImpSaldoAnt", str(invoice.saldo))
    docto.setdefault("NumParcialidad", invoice.num_parcialidad)
    docto.setdefault("MonedaDR", invoice.moneda)
    pagado = parse_decimal(docto.get("ImpPagado"))
    if pagado is not None:
        check_amount(invoice, pagado)


def emit_payment(
    engine: Engine,
    data: Mapping[str, Any],
    *,
    secrets: SecretStore,
    now: datetime | None = None,
    password: str | None = None,
) -> EmittedDocument:
    """Check the receipt against the stored balances, complete it and emit it (seal, queue)."""
    with read_session(engine) as session:
        empresa = get_active_company(session)
    assert empresa.id is not None
    if data.get("TipoDeComprobante", "P") != "P":
        raise PaymentError("Un comprobante de pago debe tener TipoDeComprobante P.")
    balances = {i.uuid: i for i in open_invoices(engine, empresa.id, include_paid=True)}
    completed = _completed({**data, "TipoDeComprobante": "P"}, balances)
    return emit(
        engine,
        completed,
        secrets=secrets,
        now=now,
        password=password,
        guard=_balances_still_hold(engine, empresa.id),
    )


def _balances_still_hold(engine: Engine, empresa_id: int) -> Callable[[Session, Any], None]:
    """Re-read the balances inside the emission's transaction, with the company's payments
    serialized (BEGIN IMMEDIATE on SQLite, a row lock on PostgreSQL): two receipts prepared
    at once from the same saldo cannot both be issued."""

    def guard(session: Session, completed: Mapping[str, Any]) -> None:
        session.exec(select(Empresa.id).where(Empresa.id == empresa_id).with_for_update()).all()
        fresh = {i.uuid: i for i in open_invoices(engine, empresa_id, include_paid=True)}
        try:
            _completed(completed, fresh)
        except PaymentError as error:
            raise PaymentError(f"{error.text} {STALE_BALANCE}") from error

    return guard


def open_invoices_for(ctx: Context, rfc_receptor: str | None = None) -> list[OpenInvoice]:
    """The active company's PPD invoices with a balance (of one receptor, if given)."""
    empresa = ctx.company()
    assert empresa.id is not None
    return open_invoices(ctx.engine, empresa.id, rfc_receptor)


def pay(
    ctx: Context,
    *,
    fecha_pago: datetime,
    forma_de_pago: str,
    moneda: str,
    lines: Sequence[tuple[str, Decimal]],
    tipo_cambio: Decimal | None = None,
    num_operacion: str | None = None,
) -> DocumentRow:
    """Build (from the stored invoices) and emit a receipt paying `lines` (uuid, amount)."""
    from facturador.services import registry

    empresa = ctx.company()
    assert empresa.id is not None
    data = build_payment_input(
        ctx.engine,
        empresa.id,
        [PaymentLine(uuid, amount) for uuid, amount in lines],
        fecha_pago=fecha_pago,
        forma_de_pago=forma_de_pago,
        moneda_p=moneda,
        tipo_cambio_p=tipo_cambio,
        num_operacion=num_operacion,
    )
    emitted = emit_payment(ctx.engine, data, secrets=ctx.secrets, now=ctx.now())
    return registry.row(ctx, emitted.documento_id)
