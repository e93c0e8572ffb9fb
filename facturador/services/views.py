"""The small frozen values the use cases hand to the GUI (never SQLModel rows or Sessions).

Rows are turned into views inside the session that read them, so a page can keep a view
as long as it likes without touching the database again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from facturador.services.domicilio_fields import DOMICILIO_FIELDS

__all__ = [
    "AGING_BUCKETS",
    "Attention",
    "BackupInfo",
    "CatalogOption",
    "CertificateFacts",
    "ClientInfo",
    "ClientReceivable",
    "ClientSales",
    "CompanyInfo",
    "CsdExpiry",
    "Dashboard",
    "DocumentDetail",
    "DocumentRow",
    "IvaReport",
    "KnownReceptor",
    "MonthSales",
    "PacView",
    "PassResult",
    "Preview",
    "ProductInfo",
    "QueueSummary",
    "ReceivableInvoice",
    "ReceivablesReport",
    "SalesReport",
    "SatStatusInfo",
    "SerieInfo",
    "SmtpView",
    "TaxDocument",
    "TaxRow",
    "client_info",
    "company_info",
    "document_row",
    "known_receptor",
    "product_info",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class CompanyInfo:
    id: int
    rfc: str
    nombre: str
    regimen_fiscal: str
    lugar_expedicion: str
    active: bool
    no_certificado: str | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    pac_provider: str | None = None
    pac_environment: str | None = None

    @property
    def has_csd(self) -> bool:
        return self.no_certificado is not None

    @property
    def is_demo(self) -> bool:
        return self.pac_provider == "sandbox"


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateFacts:
    rfc: str
    nombre: str
    no_certificado: str
    valid_from: datetime
    valid_until: datetime
    sucursal: str | None = None
    company_rfc: str | None = None  # the active company's, when there is one

    @property
    def other_rfc(self) -> bool:
        """The CSD is valid but belongs to another taxpayer: it cannot be installed here."""
        return self.company_rfc is not None and self.rfc != self.company_rfc


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueSummary:
    en_cola: int = 0
    enviando: int = 0
    rechazado: int = 0
    posiblemente_timbrado: int = 0  # looked up at the PAC; the user must not re-invoice
    last_attempt_at: datetime | None = None  # the last send to the PAC (aware, UTC)
    next_attempt_at: datetime | None = None  # when the next waiting document will be tried
    near_limit: int = 0  # waiting documents whose Fecha is close to SAT's 72 hours

    @property
    def waiting(self) -> int:
        return self.en_cola + self.enviando


@dataclass(frozen=True, slots=True, kw_only=True)
class PassResult:
    """What one pass did, as the user who asked for it is told (services.sync.pass_result)."""

    ran: bool = True  # False: no company, nothing could be tried
    stamped: int = 0
    rejected: int = 0
    waiting: int = 0  # still in the queue after the pass
    cancellations: int = 0  # cancellation requests sent or settled
    emails: int = 0
    paused: str | None = None  # why the pass stopped early (PauseReason's text)


@dataclass(frozen=True, slots=True, kw_only=True)
class CsdExpiry:
    rfc: str
    no_certificado: str
    valid_until: datetime
    days_left: int

    @property
    def expired(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogOption:
    clave: str
    descripcion: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientInfo:
    id: int
    rfc: str
    nombre: str
    regimen_fiscal_receptor: str
    domicilio_fiscal_receptor: str
    uso_cfdi: str
    emails: tuple[str, ...] = ()
    # Where the data came from ("capturado", "constancia", "sat"), since when, and what the
    # client's Constancia (or SAT's page) said: the pre-flight checks the receptor with it.
    origen: str = "capturado"
    origen_fecha: date | None = None
    constancia: KnownReceptor | None = None
    # A foreign client's address for Comercio Exterior, by column name (calle, estado,
    # pais...): only what is set.
    domicilio: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownReceptor:
    """A client's data as its Constancia de Situación Fiscal (or SAT's page) gave them."""

    nombre: str = ""
    codigo_postal: str = ""
    regimenes: tuple[str, ...] = ()  # c_RegimenFiscal keys in force
    estatus: str = ""  # in the padrón: ACTIVO, SUSPENDIDO...
    id_cif: str = ""
    fecha: date | None = None  # the Constancia's date (or the day SAT's page answered)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductInfo:
    id: int
    descripcion: str
    clave_prod_serv: str
    clave_unidad: str
    valor_unitario: Decimal
    objeto_imp: str
    unidad: str | None = None
    no_identificacion: str | None = None
    impuestos: dict[str, Any] = field(default_factory=dict, hash=False)
    fraccion_arancelaria: str | None = None
    unidad_aduana: str | None = None


def company_info(row: Any) -> CompanyInfo:
    return CompanyInfo(
        id=row.id,
        rfc=row.rfc,
        nombre=row.nombre,
        regimen_fiscal=row.regimen_fiscal,
        lugar_expedicion=row.lugar_expedicion,
        active=row.active,
        no_certificado=row.no_certificado,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        pac_provider=row.pac_provider,
        pac_environment=row.pac_environment,
    )


def client_info(row: Any) -> ClientInfo:
    return ClientInfo(
        id=row.id,
        rfc=row.rfc,
        nombre=row.nombre,
        regimen_fiscal_receptor=row.regimen_fiscal_receptor,
        domicilio_fiscal_receptor=row.domicilio_fiscal_receptor,
        uso_cfdi=row.uso_cfdi,
        emails=tuple(row.emails or ()),
        origen=getattr(row, "origen", None) or "capturado",
        origen_fecha=getattr(row, "origen_fecha", None),
        constancia=known_receptor(getattr(row, "constancia", None)),
        domicilio={
            name: str(value)
            for name, _attribute in DOMICILIO_FIELDS
            if (value := getattr(row, name, None))
        },
    )


def known_receptor(stored: Any) -> KnownReceptor | None:
    """The `cliente.constancia` JSON as a view (None when the client has none)."""
    if not isinstance(stored, dict):
        return None
    fecha = stored.get("fecha")
    return KnownReceptor(
        nombre=str(stored.get("nombre") or ""),
        codigo_postal=str(stored.get("codigo_postal") or ""),
        regimenes=tuple(str(r) for r in stored.get("regimenes") or ()),
        estatus=str(stored.get("estatus") or ""),
        id_cif=str(stored.get("id_cif") or ""),
        fecha=date.fromisoformat(fecha) if isinstance(fecha, str) and fecha else None,
    )


def product_info(row: Any) -> ProductInfo:
    return ProductInfo(
        id=row.id,
        descripcion=row.descripcion,
        clave_prod_serv=row.clave_prod_serv,
        clave_unidad=row.clave_unidad,
        valor_unitario=row.valor_unitario,
        objeto_imp=row.objeto_imp,
        unidad=row.unidad,
        no_identificacion=row.no_identificacion,
        impuestos=dict(row.impuestos or {}),
        fraccion_arancelaria=getattr(row, "fraccion_arancelaria", None),
        unidad_aduana=getattr(row, "unidad_aduana", None),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentRow:
    id: int
    state: str
    tipo: str
    serie: str | None
    folio: int | None
    uuid: str | None
    fecha: datetime | None
    rfc_receptor: str
    nombre_receptor: str
    total: Decimal
    moneda: str
    last_error_code: str | None = None
    last_error_message: str | None = None
    is_demo: bool = False
    may_be_stamped: bool = False  # a send may have reached a PAC (no withdrawal then)

    @property
    def name(self) -> str:
        if self.folio is None:
            return "Borrador" if self.state == "BORRADOR" else "—"
        return f"{self.serie}-{self.folio}" if self.serie else str(self.folio)


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentDetail:
    row: DocumentRow
    input_data: dict[str, Any] | None
    fix_title: str = ""
    fix_solution: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Preview:
    """Totals of the form as the core computes them, and what SAT would object to."""

    sub_total: Decimal | None = None
    descuento: Decimal | None = None
    traslados: Decimal | None = None
    retenciones: Decimal | None = None
    total: Decimal | None = None
    findings: tuple[tuple[str, str], ...] = ()  # (ruta, Spanish message)
    # The pre-flight's gentle prompts (ruta, message): shown, never a block.
    warnings: tuple[tuple[str, str], ...] = ()
    importes: tuple[Decimal, ...] = ()  # each Concepto's Importe

    @property
    def ok(self) -> bool:
        return not self.findings and self.total is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class SatStatusInfo:
    uuid: str
    codigo_estatus: str
    estado: str
    es_cancelable: str
    estatus_cancelacion: str


def document_row(doc: Any) -> DocumentRow:
    return DocumentRow(
        id=doc.id,
        state=doc.state,
        tipo=doc.tipo,
        serie=doc.serie,
        folio=doc.folio,
        uuid=doc.uuid,
        fecha=doc.fecha,
        rfc_receptor=doc.rfc_receptor,
        nombre_receptor=doc.nombre_receptor,
        total=doc.total,
        moneda=doc.moneda,
        last_error_code=doc.last_error_code,
        last_error_message=doc.last_error_message,
        is_demo=doc.is_demo,
        may_be_stamped=doc.may_be_stamped,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PacView:
    provider: str  # "sandbox", "finkok", "sw"
    environment: str  # "pruebas", "produccion"
    url: str | None
    user: str | None
    has_password: bool
    # What the keyring keeps for each real provider, whichever is chosen now:
    # {"finkok": ("user", True), "sw": (None, False)}; switching back shows them.
    stored: dict[str, tuple[str | None, bool]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class SerieInfo:
    code: str
    tipo: str
    next_folio: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SmtpView:
    host: str
    port: int | None
    user: str
    security: str
    from_address: str
    has_password: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class BackupInfo:
    path: Path
    taken_at: datetime | None
    size: int


# Reports (services.reports_*): amounts in pesos (MXN at each document's TipoCambio).


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthSales:
    """One month of sales: ingresos minus egresos, before taxes (SubTotal − Descuento) and
    with them (Total); `documentos` counts the ingresos and egresos."""

    mes: str  # AAAA-MM
    ingresos: Decimal
    egresos: Decimal
    documentos: int
    total_ingresos: Decimal
    total_egresos: Decimal

    @property
    def neto(self) -> Decimal:
        return self.ingresos - self.egresos

    @property
    def total_neto(self) -> Decimal:
        return self.total_ingresos - self.total_egresos


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientSales:
    rfc: str
    nombre: str
    neto: Decimal  # ingresos − egresos before taxes
    documentos: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SalesReport:
    mes: str
    months: tuple[MonthSales, ...]  # the 12 months ending at `mes`, oldest first
    same_month_last_year: MonthSales
    top_clients: tuple[ClientSales, ...]  # of `mes`, at most 10, largest first

    @property
    def this_month(self) -> MonthSales:
        return self.months[-1]


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxRow:
    """One tax at one tasa in the month: base and importe, egresos subtracted."""

    kind: str  # "T" trasladado, "R" retenido
    impuesto: str  # c_Impuesto: 001 ISR, 002 IVA, 003 IEPS
    tipo_factor: str
    tasa: str  # "0.160000"; "" for Exento
    base: Decimal
    importe: Decimal
    documentos: int


@dataclass(frozen=True, slots=True, kw_only=True)
class IvaReport:
    """IVA trasladado cobrado (cash flow), IVA and ISR retenidos, by tasa, in one month."""

    mes: str
    traslados: tuple[TaxRow, ...]
    retenciones: tuple[TaxRow, ...]

    def _sum(self, rows: tuple[TaxRow, ...], impuesto: str) -> Decimal:
        return sum((r.importe for r in rows if r.impuesto == impuesto), Decimal("0.00"))

    @property
    def iva_trasladado(self) -> Decimal:
        return self._sum(self.traslados, "002")

    @property
    def iva_retenido(self) -> Decimal:
        return self._sum(self.retenciones, "002")

    @property
    def isr_retenido(self) -> Decimal:
        return self._sum(self.retenciones, "001")


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxDocument:
    """A document behind a TaxRow: its share of that tax (negative for an egreso)."""

    documento_id: int
    tipo: str
    serie: str | None
    folio: int | None
    fecha: datetime | None  # the document's Fecha, or the FechaPago of a payment's line
    rfc_receptor: str
    nombre_receptor: str
    base: Decimal
    importe: Decimal


AGING_BUCKETS = ("0–30 días", "31–60 días", "61–90 días", "Más de 90 días")


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceivableInvoice:
    """A PPD invoice with a balance at the report's date, in its currency and in pesos."""

    documento_id: int
    uuid: str
    serie: str | None
    folio: int | None
    fecha: datetime
    rfc_receptor: str
    nombre_receptor: str
    moneda: str
    total: Decimal
    pagado: Decimal  # payments and credit notes up to the report's date
    saldo: Decimal
    saldo_mxn: Decimal  # at the invoice's TipoCambio
    dias: int
    bucket: int  # index into AGING_BUCKETS
    ultimo_pago: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientReceivable:
    rfc: str
    nombre: str
    buckets: tuple[Decimal, Decimal, Decimal, Decimal]  # saldo in pesos by age
    ultimo_pago: datetime | None
    facturas: int  # how many invoices owe
    invoices: tuple[ReceivableInvoice, ...] = ()  # filled on request (with_invoices)

    @property
    def total(self) -> Decimal:
        return sum(self.buckets, Decimal("0.00"))


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceivablesReport:
    al: datetime  # the balances as of this moment (local time at LugarExpedicion)
    clients: tuple[ClientReceivable, ...]  # largest balance first

    @property
    def buckets(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        sums = [Decimal("0.00")] * 4
        for client in self.clients:
            for i, amount in enumerate(client.buckets):
                sums[i] += amount
        return (sums[0], sums[1], sums[2], sums[3])

    @property
    def total(self) -> Decimal:
        return sum(self.buckets, Decimal("0.00"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Attention:
    """What needs the user, for Inicio."""

    en_cola: int = 0
    rechazados: int = 0
    posiblemente_timbrados: int = 0
    cancelaciones_en_proceso: int = 0
    cerca_del_limite: int = 0  # queued or rejected, sealed more than 48 h ago
    csd: CsdExpiry | None = None
    creditos: int | None = None  # the PAC's last reading when low


@dataclass(frozen=True, slots=True, kw_only=True)
class Dashboard:
    sales: SalesReport
    attention: Attention
