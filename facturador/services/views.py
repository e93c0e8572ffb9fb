"""The small frozen values the use cases hand to the GUI (never SQLModel rows or Sessions).

Rows are turned into views inside the session that read them, so a page can keep a view
as long as it likes without touching the database again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = [
    "BackupInfo",
    "CatalogOption",
    "CertificateFacts",
    "ClientInfo",
    "CompanyInfo",
    "CsdExpiry",
    "DocumentDetail",
    "DocumentRow",
    "PacView",
    "PassResult",
    "Preview",
    "ProductInfo",
    "QueueSummary",
    "SatStatusInfo",
    "SerieInfo",
    "SmtpView",
    "client_info",
    "company_info",
    "document_row",
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
