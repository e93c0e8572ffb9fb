"""Notas de venta (tickets): sales to the público en general recorded without a CFDI.

A ticket is a list of catalog products with the quantity sold, a forma de pago and a
consecutive number per company. Its amounts are computed here, once, the way its factura
global concept will carry them: each line's Importe is Cantidad × ValorUnitario to the
centavo; the ticket's traslados are grouped by impuesto, factor and tasa, and each group's
Importe is its Base × tasa, rounded once. A factura global then has one concept per ticket
whose taxes are exactly these groups, so its totals are the sum of the tickets' to the
centavo (services.global_invoice).

Only IVA trasladado is accepted (16 %, 8 %, 0 % or exento, or products that are not objeto
de impuesto): a sale with IEPS or retenciones is invoiced with Generar CFDI instead.
A ticket is `pendiente` until it goes into a factura global (`en_global`) or is invoiced
to a named customer (`facturada`, services.global_invoice.invoice_ticket).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from facturador.models.tables import Documento, Empresa, NotaVenta, Producto
from facturador.sat.amounts import EXENTO, IVA
from facturador.sat.build import parse_fecha
from facturador.sat.catalogs import default_catalogs
from facturador.sat.money import ZERO, quantize
from facturador.services.errors import TicketError
from facturador.services.messages_notas import STATUS_LABELS
from facturador.services.receptors import fecha_local

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = [
    "EN_GLOBAL",
    "FACTURADA",
    "PENDIENTE",
    "TicketLine",
    "TicketTax",
    "TicketView",
    "find_ticket",
    "free_condition",
    "is_free",
    "list_tickets",
    "quote_ticket",
    "record_ticket",
    "ticket",
    "ticket_pdf",
    "ticket_taxes",
    "ticket_view",
]

PENDIENTE, EN_GLOBAL, FACTURADA = "pendiente", "en_global", "facturada"
# A global withdrawn from the queue (or deleted) was never a CFDI: its tickets are free again.
_NEVER_A_CFDI = "RETIRADO"
_CENT = 2
_TASAS = frozenset({Decimal("0.160000"), Decimal("0.080000"), Decimal("0.000000")})


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketLine:
    descripcion: str
    cantidad: Decimal
    valor_unitario: Decimal
    importe: Decimal
    no_identificacion: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketTax:
    """One traslado group of a ticket: tipo_factor "Tasa" (with tasa) or "Exento"."""

    impuesto: str
    tipo_factor: str
    tasa: Decimal | None
    base: Decimal
    importe: Decimal | None

    @property
    def label(self) -> str:
        if self.tipo_factor == EXENTO:
            return "IVA exento"
        assert self.tasa is not None
        return f"IVA {(self.tasa * 100).normalize():f} %"


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketView:
    numero: int
    fecha: datetime
    forma_pago: str
    subtotal: Decimal
    total: Decimal
    impuestos: tuple[TicketTax, ...]
    lineas: tuple[TicketLine, ...]
    status: str
    status_label: str
    documento: str | None  # SERIE-FOLIO of the global or of the customer's invoice
    documento_id: int | None


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool | float):
        return None
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def _find_product(session: Session, empresa_id: int, item: Mapping[str, Any], n: int) -> Producto:
    ref = item.get("Producto")
    clave = item.get("NoIdentificacion")
    name = str(clave or ref or n)
    query = select(Producto).where(Producto.empresa_id == empresa_id)
    if isinstance(ref, int) and not isinstance(ref, bool):
        found = session.exec(query.where(Producto.id == ref)).first()
    elif isinstance(clave, str) and clave.strip():
        found = session.exec(query.where(Producto.no_identificacion == clave.strip())).first()
    elif isinstance(ref, str) and ref.strip().isdigit():
        found = session.exec(query.where(Producto.id == int(ref))).first()
    else:
        raise TicketError("no_product", n)
    if found is None:
        raise TicketError("unknown_product", name)
    return found


def _line_taxes(producto: Producto, name: str) -> list[dict[str, str]]:
    """The product's IVA traslados, as requests (Impuesto, TipoFactor, TasaOCuota)."""
    taxes = producto.impuestos or {}
    if taxes.get("Retenciones"):
        raise TicketError("unsupported_tax", name)
    result = []
    for tax in taxes.get("Traslados") or []:
        if not isinstance(tax, Mapping) or str(tax.get("Impuesto")) != IVA:
            raise TicketError("unsupported_tax", name)
        factor = str(tax.get("TipoFactor", ""))
        if factor == EXENTO:
            result.append({"Impuesto": IVA, "TipoFactor": EXENTO})
            continue
        rate = _decimal(tax.get("TasaOCuota"))
        if factor != "Tasa" or rate is None or rate.quantize(Decimal("0.000001")) not in _TASAS:
            raise TicketError("unsupported_tax", name)
        result.append({"Impuesto": IVA, "TipoFactor": "Tasa", "TasaOCuota": f"{rate:.6f}"})
    if len(result) > 1:
        raise TicketError("unsupported_tax", name)
    if producto.objeto_imp == "02" and not result:
        raise TicketError("taxes_missing", name)
    if producto.objeto_imp != "02":
        return []
    return result


def _line(session: Session, empresa_id: int, item: object, n: int) -> dict[str, Any]:
    if not isinstance(item, Mapping):
        raise TicketError("line_not_object", n)
    producto = _find_product(session, empresa_id, item, n)
    name = producto.no_identificacion or producto.descripcion
    cantidad = _decimal(item.get("Cantidad", "1"))
    if cantidad is None or not cantidad.is_finite() or cantidad <= 0 or cantidad > 10**9:
        raise TicketError("bad_quantity", name)
    price = _decimal(item["ValorUnitario"]) if "ValorUnitario" in item else producto.valor_unitario
    if price is None or not price.is_finite() or price <= 0 or price > 10**12:
        raise TicketError("bad_price", name)
    if price.as_tuple().exponent < -6:  # type: ignore[operator]
        raise TicketError("bad_price", name)
    importe = quantize(cantidad * price, _CENT)
    return {
        "producto_id": producto.id,
        "NoIdentificacion": producto.no_identificacion,
        "ClaveProdServ": producto.clave_prod_serv,
        "ClaveUnidad": producto.clave_unidad,
        "Unidad": producto.unidad,
        "Descripcion": producto.descripcion,
        "Cantidad": f"{cantidad.normalize():f}",
        "ValorUnitario": f"{price:f}",
        "Importe": f"{importe:.2f}",
        "ObjetoImp": producto.objeto_imp,
        "Traslados": _line_taxes(producto, name),
    }


def ticket_taxes(lineas: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The ticket's traslados grouped by impuesto, factor and tasa: Base, Importe once."""
    groups: dict[tuple[str, str, str], Decimal] = {}
    for line in lineas:
        for tax in line["Traslados"]:
            key = (tax["Impuesto"], tax["TipoFactor"], tax.get("TasaOCuota", ""))
            groups[key] = groups.get(key, ZERO) + Decimal(line["Importe"])
    result = []
    for (impuesto, factor, tasa), base in sorted(groups.items()):
        item = {"Impuesto": impuesto, "TipoFactor": factor, "Base": f"{base:.2f}"}
        if factor != EXENTO:
            item["TasaOCuota"] = tasa
            item["Importe"] = f"{quantize(base * Decimal(tasa), _CENT):.2f}"
        result.append(item)
    return result


def _fecha(empresa: Empresa, data: Mapping[str, Any], now: datetime) -> datetime:
    today = fecha_local(empresa.lugar_expedicion, now)
    stated = data.get("Fecha")
    if stated is None:
        return today
    try:
        fecha = parse_fecha(str(stated))
    except ValueError:
        raise TicketError("bad_fecha", stated) from None
    if fecha > today:
        raise TicketError("future_fecha", f"{fecha:%d/%m/%Y %H:%M}")
    return fecha


def _forma_pago(data: Mapping[str, Any]) -> str:
    forma = str(data.get("FormaPago", "01")).strip()
    if forma == "99" or not default_catalogs().contains("c_FormaPago", forma):
        raise TicketError("bad_forma_pago", forma)
    return forma


@dataclass(frozen=True, slots=True, kw_only=True)
class _Computed:
    fecha: datetime
    forma_pago: str
    lineas: list[dict[str, Any]]
    impuestos: list[dict[str, str]]
    subtotal: Decimal
    total: Decimal


def _compute(
    session: Session, empresa: Empresa, data: Mapping[str, Any], now: datetime
) -> _Computed:
    if not isinstance(data, Mapping):
        raise TicketError("lines_not_list")
    items = data.get("Lineas")
    if items is None or items == []:
        raise TicketError("no_lines")
    if not isinstance(items, list):
        raise TicketError("lines_not_list")
    forma = _forma_pago(data)
    assert empresa.id is not None
    fecha = _fecha(empresa, data, now)
    lineas = [_line(session, empresa.id, item, n) for n, item in enumerate(items, 1)]
    taxes = ticket_taxes(lineas)
    subtotal = sum((Decimal(line["Importe"]) for line in lineas), ZERO)
    total = subtotal + sum((Decimal(t.get("Importe", "0")) for t in taxes), ZERO)
    if total <= 0:
        raise TicketError("zero_total")
    return _Computed(fecha=fecha, forma_pago=forma, lineas=lineas, impuestos=taxes,
                     subtotal=subtotal, total=total)  # fmt: skip


def quote_ticket(ctx: Context, data: Mapping[str, Any]) -> TicketView:
    """What `record_ticket` would record (lines, taxes, total), storing nothing: number 0."""
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        c = _compute(session, empresa, data, ctx.now())
        nota = NotaVenta(empresa_id=0, numero=0, fecha=c.fecha, forma_pago=c.forma_pago,
                         subtotal=c.subtotal, total=c.total, impuestos=c.impuestos,
                         lineas=c.lineas)  # fmt: skip
        return ticket_view(session, nota)


def record_ticket(ctx: Context, data: Mapping[str, Any]) -> TicketView:
    """Record a sale: {"FormaPago": "01", "Fecha"?: ..., "Lineas": [{"Producto": id or
    "NoIdentificacion": clave, "Cantidad": "2", "ValorUnitario"?: "10.00"}]}.

    Everything is checked before the number is taken; a bad line records nothing."""
    with ctx.write() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        c = _compute(session, empresa, data, ctx.now())
        last = session.exec(
            select(func.max(NotaVenta.numero)).where(NotaVenta.empresa_id == empresa.id)
        ).one()
        nota = NotaVenta(
            empresa_id=empresa.id,
            numero=(last or 0) + 1,
            fecha=c.fecha.replace(microsecond=0),
            forma_pago=c.forma_pago,
            subtotal=c.subtotal,
            total=c.total,
            impuestos=c.impuestos,
            lineas=c.lineas,
        )
        session.add(nota)
        session.commit()
        session.refresh(nota)
        return ticket_view(session, nota)


def is_free(session: Session, nota: NotaVenta) -> bool:
    """Pending, or in a global that never became a CFDI (withdrawn from the queue)."""
    if nota.status == PENDIENTE:
        return True
    if nota.status != EN_GLOBAL:
        return False
    doc = None if nota.documento_id is None else session.get(Documento, nota.documento_id)
    return doc is None or doc.state == _NEVER_A_CFDI


def free_condition() -> Any:
    """`is_free` as a SQL condition on NotaVenta."""
    from sqlalchemy import or_

    withdrawn = select(Documento.id).where(Documento.state == _NEVER_A_CFDI)
    return or_(
        col(NotaVenta.status) == PENDIENTE,
        (col(NotaVenta.status) == EN_GLOBAL)
        & (col(NotaVenta.documento_id).is_(None) | col(NotaVenta.documento_id).in_(withdrawn)),
    )


def ticket_view(session: Session, nota: NotaVenta) -> TicketView:
    documento = None
    status = nota.status
    if nota.documento_id is not None:
        doc = session.get(Documento, nota.documento_id)
        if doc is not None and doc.state != _NEVER_A_CFDI:
            documento = f"{doc.serie or ''}-{doc.folio}"
    if status == EN_GLOBAL and documento is None:
        status = PENDIENTE
    return TicketView(
        numero=nota.numero,
        fecha=nota.fecha,
        forma_pago=nota.forma_pago,
        subtotal=Decimal(nota.subtotal),
        total=Decimal(nota.total),
        impuestos=tuple(
            TicketTax(
                impuesto=t["Impuesto"],
                tipo_factor=t["TipoFactor"],
                tasa=Decimal(t["TasaOCuota"]) if "TasaOCuota" in t else None,
                base=Decimal(t["Base"]),
                importe=Decimal(t["Importe"]) if "Importe" in t else None,
            )
            for t in nota.impuestos
        ),
        lineas=tuple(
            TicketLine(
                descripcion=line["Descripcion"],
                cantidad=Decimal(line["Cantidad"]),
                valor_unitario=Decimal(line["ValorUnitario"]),
                importe=Decimal(line["Importe"]),
                no_identificacion=line.get("NoIdentificacion"),
            )
            for line in nota.lineas
        ),
        status=status,
        status_label=STATUS_LABELS.get(status, status),
        documento=documento,
        documento_id=nota.documento_id if documento else None,
    )


def find_ticket(session: Session, empresa_id: int, numero: int) -> NotaVenta:
    nota = session.exec(
        select(NotaVenta).where(NotaVenta.empresa_id == empresa_id, NotaVenta.numero == numero)
    ).first()
    if nota is None:
        raise TicketError("not_found", numero)
    return nota


def ticket(ctx: Context, numero: int) -> TicketView:
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        return ticket_view(session, find_ticket(session, empresa.id, numero))


def list_tickets(
    ctx: Context,
    desde: datetime | None = None,
    hasta: datetime | None = None,
    status: str | None = None,
    limit: int = 2000,
) -> list[TicketView]:
    """The company's tickets, newest first; `hasta` is exclusive."""
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        query = select(NotaVenta).where(NotaVenta.empresa_id == empresa.id)
        if desde is not None:
            query = query.where(NotaVenta.fecha >= desde)
        if hasta is not None:
            query = query.where(NotaVenta.fecha < hasta)
        if status == PENDIENTE:
            query = query.where(free_condition())
        elif status is not None:
            query = query.where(NotaVenta.status == status)
        query = query.order_by(col(NotaVenta.numero).desc()).limit(limit)
        return [ticket_view(session, nota) for nota in session.exec(query)]


def ticket_pdf(ctx: Context, numero: int) -> bytes:
    """The 80 mm ticket to hand the customer (pdf.ticket), with how to ask for an invoice."""
    from facturador.pdf.ticket import TicketPrint, TicketPrintLine, render_ticket

    with ctx.read() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        view = ticket_view(session, find_ticket(session, empresa.id, numero))
        forma = default_catalogs().entry("c_FormaPago", view.forma_pago)
        printed = TicketPrint(
            emisor_nombre=empresa.nombre,
            emisor_rfc=empresa.rfc,
            lugar_expedicion=empresa.lugar_expedicion,
            numero=view.numero,
            fecha=view.fecha,
            lineas=tuple(
                TicketPrintLine(
                    descripcion=line.descripcion,
                    cantidad=line.cantidad,
                    valor_unitario=line.valor_unitario,
                    importe=line.importe,
                )
                for line in view.lineas
            ),
            subtotal=view.subtotal,
            impuestos=tuple((t.label, t.importe) for t in view.impuestos),
            total=view.total,
            forma_pago=f"{view.forma_pago} {forma.descripcion if forma else ''}".strip(),
        )
    return render_ticket(printed)
