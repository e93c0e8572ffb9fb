"""The small frozen values DesktopServices hands to the GUI (never SQLModel rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

__all__ = [
    "CatalogOption",
    "CertificateFacts",
    "ClientInfo",
    "CompanyInfo",
    "CsdExpiry",
    "ProductInfo",
    "QueueSummary",
    "client_info",
    "company_info",
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


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueSummary:
    en_cola: int = 0
    enviando: int = 0
    rechazado: int = 0
    posiblemente_timbrado: int = 0  # looked up at the PAC; the user must not re-invoice

    @property
    def waiting(self) -> int:
        return self.en_cola + self.enviando


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
