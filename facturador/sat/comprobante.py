"""Immutable types for a CFDI 4.0 Comprobante and its nodes, named as Anexo 20 names them.

Attributes are the mechanical snake_case of SAT's names (`ValorUnitario` -> `valor_unitario`).
Amounts are Decimals exactly as they appear (or will appear) in the XML. Complements we do not
model travel as `RawXml`, untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

__all__ = [
    "ACuentaTerceros",
    "CfdiRelacionados",
    "Comprobante",
    "Concepto",
    "Emisor",
    "Impuestos",
    "InformacionGlobal",
    "Parte",
    "RawXml",
    "Receptor",
    "Retencion",
    "TimbreFiscalDigital",
    "Traslado",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class RawXml:
    """An element we keep as serialized XML (a complement or addenda we do not model)."""

    xml: bytes
    tag: str = ""  # Clark notation of the root element, for finding it without parsing
    # The complement's own part of the cadena original, value by value in the order of its
    # SAT stylesheet (raw attribute text; the cadena normalizes white space). Set by the
    # complements we build (Comercio Exterior, Carta Porte); None means "use SAT's XSLT".
    cadena: tuple[str, ...] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class InformacionGlobal:
    periodicidad: str
    meses: str
    anio: str  # Anexo 20's "Año"


@dataclass(frozen=True, slots=True, kw_only=True)
class CfdiRelacionados:
    tipo_relacion: str
    uuids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Emisor:
    rfc: str
    nombre: str
    regimen_fiscal: str
    fac_atr_adquirente: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Receptor:
    rfc: str
    nombre: str
    domicilio_fiscal_receptor: str
    regimen_fiscal_receptor: str
    uso_cfdi: str
    residencia_fiscal: str | None = None
    num_reg_id_trib: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Traslado:
    """A transferred tax. At document level `base` is the grouped base; Exento has no rate."""

    base: Decimal
    impuesto: str
    tipo_factor: str
    tasa_o_cuota: Decimal | None = None
    importe: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Retencion:
    """A withheld tax. At document level only `impuesto` and `importe` are set."""

    impuesto: str
    importe: Decimal
    base: Decimal | None = None
    tipo_factor: str | None = None
    tasa_o_cuota: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Impuestos:
    """Taxes of a Concepto (no totals) or of the Comprobante (with totals)."""

    traslados: tuple[Traslado, ...] = ()
    retenciones: tuple[Retencion, ...] = ()
    total_impuestos_retenidos: Decimal | None = None
    total_impuestos_trasladados: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ACuentaTerceros:
    rfc_a_cuenta_terceros: str
    nombre_a_cuenta_terceros: str
    regimen_fiscal_a_cuenta_terceros: str
    domicilio_fiscal_a_cuenta_terceros: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Parte:
    clave_prod_serv: str
    cantidad: Decimal
    descripcion: str
    no_identificacion: str | None = None
    unidad: str | None = None
    valor_unitario: Decimal | None = None
    importe: Decimal | None = None
    informacion_aduanera: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Concepto:
    clave_prod_serv: str
    cantidad: Decimal
    clave_unidad: str
    descripcion: str
    valor_unitario: Decimal
    importe: Decimal
    objeto_imp: str
    no_identificacion: str | None = None
    unidad: str | None = None
    descuento: Decimal | None = None
    impuestos: Impuestos | None = None
    a_cuenta_terceros: ACuentaTerceros | None = None
    informacion_aduanera: tuple[str, ...] = ()  # NumeroPedimento of each node
    cuenta_predial: tuple[str, ...] = ()  # Numero of each node
    complemento_concepto: tuple[RawXml, ...] = ()
    partes: tuple[Parte, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TimbreFiscalDigital:
    version: str
    uuid: str
    fecha_timbrado: str
    rfc_prov_certif: str
    sello_cfd: str
    no_certificado_sat: str
    sello_sat: str
    leyenda: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Comprobante:
    fecha: datetime
    sub_total: Decimal
    moneda: str
    total: Decimal
    tipo_de_comprobante: str
    exportacion: str
    lugar_expedicion: str
    emisor: Emisor
    receptor: Receptor
    conceptos: tuple[Concepto, ...]
    version: str = "4.0"
    serie: str | None = None
    folio: str | None = None
    forma_pago: str | None = None
    condiciones_de_pago: str | None = None
    descuento: Decimal | None = None
    tipo_cambio: Decimal | None = None
    metodo_pago: str | None = None
    confirmacion: str | None = None
    informacion_global: InformacionGlobal | None = None
    cfdi_relacionados: tuple[CfdiRelacionados, ...] = ()
    impuestos: Impuestos | None = None
    complementos: tuple[RawXml, ...] = ()
    addenda: RawXml | None = None
    no_certificado: str | None = None
    certificado: str | None = None
    sello: str | None = None
    timbre: TimbreFiscalDigital | None = None  # read from the Complemento when stamped

    @property
    def uuid(self) -> str | None:
        return self.timbre.uuid if self.timbre else None
