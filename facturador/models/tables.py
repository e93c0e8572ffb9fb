"""SQLModel tables. Dialect-neutral: SQLite and PostgreSQL read and write the same rows.

SAT fields keep Anexo 20's names in snake_case (`regimen_fiscal`, `uso_cfdi`,
`valor_unitario`); the app's own bookkeeping is in English (`state`, `attempts`). These
are storage rows, not the `sat` domain types; services convert at the boundary.
Money is exact: `MicroAmount` (sortable) or `DecimalText` (keeps the typed scale). XML is
bytes, stored and returned byte for byte.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, Relationship, SQLModel

from facturador.models._types import DecimalText, MicroAmount, UtcDateTime

__all__ = [
    "AuditEntry",
    "Cancelacion",
    "Cliente",
    "CorreoPendiente",
    "DescargaPaquete",
    "DescargaSolicitud",
    "Documento",
    "DocumentoImpuesto",
    "Empresa",
    "EmpresaFiel",
    "NotaVenta",
    "Operador",
    "PagoAplicado",
    "Producto",
    "Recibido",
    "Recurrente",
    "RecurrenteOcurrencia",
    "Serie",
    "Ubicacion",
    "Vehiculo",
    "metadata",
]

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = SQLModel.metadata


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _fk(target: str) -> Any:
    return Field(sa_column=Column(ForeignKey(target, ondelete="CASCADE"), nullable=False))


class Empresa(SQLModel, table=True):
    """A taxpayer who issues documents (the Emisor), with its CSD and PAC settings."""

    __tablename__ = "empresa"

    id: int | None = Field(default=None, primary_key=True)
    rfc: str = Field(sa_type=String(13), unique=True)
    nombre: str = Field(sa_type=String(300))
    regimen_fiscal: str = Field(sa_type=String(3))
    lugar_expedicion: str = Field(sa_type=String(5))
    # The CSD: certificate DER and the encrypted PKCS#8 key exactly as SAT issued it.
    # The key's password is never here: it lives in the SecretStore.
    certificado_der: bytes | None = Field(default=None, sa_type=LargeBinary)
    llave_cifrada: bytes | None = Field(default=None, sa_type=LargeBinary)
    no_certificado: str | None = Field(default=None, sa_type=String(20))
    valid_from: datetime | None = Field(default=None, sa_type=UtcDateTime)
    valid_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    logo: bytes | None = Field(default=None, sa_type=LargeBinary)
    # PAC settings; its user and password live in the SecretStore.
    pac_provider: str | None = Field(default=None, sa_type=String(40))
    pac_environment: str | None = Field(default=None, sa_type=String(20))
    pac_url: str | None = Field(default=None, sa_type=String(500))
    # SMTP settings for sending CFDI by email; the password lives in the SecretStore
    # under f"smtp:{rfc}". smtp_security is "starttls", "ssl" or "none".
    smtp_host: str | None = Field(default=None, sa_type=String(255))
    smtp_port: int | None = None
    smtp_user: str | None = Field(default=None, sa_type=String(255))
    smtp_security: str | None = Field(default=None, sa_type=String(10))
    smtp_from: str | None = Field(default=None, sa_type=String(255))
    active: bool = Field(default=False)
    created_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)


class Cliente(SQLModel, table=True):
    """A receptor the empresa invoices."""

    __tablename__ = "cliente"
    __table_args__ = (Index(None, "empresa_id", "search_key"),)

    id: int | None = Field(default=None, primary_key=True)
    empresa_id: int = _fk("empresa.id")
    rfc: str = Field(sa_type=String(13))
    nombre: str = Field(sa_type=String(300))
    regimen_fiscal_receptor: str = Field(sa_type=String(3))
    domicilio_fiscal_receptor: str = Field(sa_type=String(5))
    uso_cfdi: str = Field(sa_type=String(4))
    emails: list[str] = Field(default_factory=list, sa_type=JSON)
    # A foreign receptor (XEXX010101000): country (c_Pais) and tax id there; else None.
    residencia_fiscal: str | None = Field(default=None, sa_type=String(3))
    num_reg_id_trib: str | None = Field(default=None, sa_type=String(40))
    # A foreign receptor's address, as Comercio Exterior's Receptor.Domicilio needs it.
    calle: str | None = Field(default=None, sa_type=String(100))
    numero_exterior: str | None = Field(default=None, sa_type=String(55))
    numero_interior: str | None = Field(default=None, sa_type=String(55))
    colonia: str | None = Field(default=None, sa_type=String(120))
    localidad: str | None = Field(default=None, sa_type=String(120))
    municipio: str | None = Field(default=None, sa_type=String(120))
    estado: str | None = Field(default=None, sa_type=String(30))
    pais: str | None = Field(default=None, sa_type=String(3))
    codigo_postal: str | None = Field(default=None, sa_type=String(12))
    # Where the data came from: "capturado", "constancia" (the CSF of origen_fecha) or
    # "sat" (confirmed at SAT's page on origen_fecha); `constancia` is what it said.
    origen: str = Field(
        default="capturado", sa_type=String(10), sa_column_kwargs={"server_default": "capturado"}
    )
    origen_fecha: date | None = Field(default=None, sa_type=Date)
    constancia: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    # Upper case, no accents: RFC and name, for case- and accent-insensitive search.
    search_key: str = Field(default="", sa_type=String(400))


class Producto(SQLModel, table=True):
    """A product or service the empresa sells, with its default taxes."""

    __tablename__ = "producto"
    __table_args__ = (Index(None, "empresa_id", "search_key"),)

    id: int | None = Field(default=None, primary_key=True)
    empresa_id: int = _fk("empresa.id")
    no_identificacion: str | None = Field(default=None, sa_type=String(100))
    clave_prod_serv: str = Field(sa_type=String(8))
    clave_unidad: str = Field(sa_type=String(3))
    unidad: str | None = Field(default=None, sa_type=String(20))
    descripcion: str = Field(sa_type=Text)
    valor_unitario: Decimal = Field(sa_type=DecimalText)
    objeto_imp: str = Field(sa_type=String(2))
    # The "Impuestos" node of a Concepto as in the JSON input; amounts as strings.
    impuestos: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    # Comercio Exterior: the tariff fraction (c_FraccionArancelaria) and customs unit
    # (c_UnidadAduana) of the goods, when the empresa exports them.
    fraccion_arancelaria: str | None = Field(default=None, sa_type=String(10))
    unidad_aduana: str | None = Field(default=None, sa_type=String(2))
    search_key: str = Field(default="", sa_type=String(1200))


class Serie(SQLModel, table=True):
    """A serie and the next folio it will hand out (see services.folios)."""

    __tablename__ = "serie"
    __table_args__ = (UniqueConstraint("empresa_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    empresa_id: int = _fk("empresa.id")
    code: str = Field(sa_type=String(25))
    tipo: str = Field(default="I", sa_type=String(1))
    next_folio: int = Field(default=1)


class Documento(SQLModel, table=True):
    """One CFDI through its life; `state` follows models.states.TRANSITIONS."""

    __tablename__ = "documento"
    __table_args__ = (
        UniqueConstraint("empresa_id", "serie", "folio"),
        Index(None, "empresa_id", "fecha"),
        Index(None, "empresa_id", "rfc_receptor", "fecha"),
        Index(None, "empresa_id", "state", "fecha"),
        Index(None, "empresa_id", "total"),
        Index(None, "state", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    empresa_id: int = _fk("empresa.id")
    state: str = Field(default="BORRADOR", sa_type=String(32))
    tipo: str = Field(sa_type=String(1))
    serie: str | None = Field(default=None, sa_type=String(25))
    folio: int | None = None
    uuid: str | None = Field(default=None, sa_type=String(36), unique=True)
    # The CFDI's Fecha: local time at LugarExpedicion, as written in the XML (naive).
    fecha: datetime | None = Field(default=None, sa_type=DateTime(timezone=False))
    rfc_receptor: str = Field(default="", sa_type=String(13))
    nombre_receptor: str = Field(default="", sa_type=String(300))
    total: Decimal = Field(default=Decimal("0.00"), sa_type=MicroAmount)
    moneda: str = Field(default="MXN", sa_type=String(3))
    input_json: str | None = Field(default=None, sa_type=Text)
    sealed_xml: bytes | None = Field(default=None, sa_type=LargeBinary)
    stamped_xml: bytes | None = Field(default=None, sa_type=LargeBinary)
    last_error_code: str | None = Field(default=None, sa_type=String(40))
    last_error_message: str | None = Field(default=None, sa_type=Text)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    is_demo: bool = False
    # A send of these sealed bytes may have reached a PAC and no answer settled it: until it
    # is settled the bytes are resent as they are, never re-dated (services.queue).
    may_be_stamped: bool = False
    # Report figures, read from the sealed XML when it is stored (services.report_figures):
    # TipoCambio (None for MXN), MetodoPago, SubTotal − Descuento and Total in pesos.
    tipo_cambio: Decimal | None = Field(default=None, sa_type=DecimalText)
    metodo_pago: str | None = Field(default=None, sa_type=String(3))
    importe_mxn: Decimal = Field(default=Decimal("0.00"), sa_type=MicroAmount)
    total_mxn: Decimal = Field(default=Decimal("0.00"), sa_type=MicroAmount)
    created_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)

    audit: list["AuditEntry"] = Relationship(back_populates="documento")


class AuditEntry(SQLModel, table=True):
    """One line of a document's history: every state change, re-dating, re-sealing."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index(None, "documento_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    documento_id: int = _fk("documento.id")
    from_state: str | None = Field(default=None, sa_type=String(32))
    to_state: str = Field(sa_type=String(32))
    at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)
    detail: str = Field(default="", sa_type=Text)

    documento: Optional["Documento"] = Relationship(back_populates="audit")


class CorreoPendiente(SQLModel, table=True):
    """An email with a CFDI (PDF and XML attached) in the outbox; see services.email.

    `raw_message` is the whole RFC 5322 message built when queueing, with its Message-ID
    (also in `message_id`), so a resend after a crash sends the very same message.
    `state` is PENDIENTE, ENVIADO or FALLIDO.
    """

    __tablename__ = "correo_pendiente"
    __table_args__ = (
        Index(None, "state", "next_attempt_at"),
        Index(None, "documento_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    documento_id: int = _fk("documento.id")
    recipients: list[str] = Field(default_factory=list, sa_type=JSON)
    subject: str = Field(sa_type=Text)
    body: str = Field(sa_type=Text)
    raw_message: bytes = Field(sa_type=LargeBinary)
    message_id: str = Field(sa_type=String(255), unique=True)
    state: str = Field(default="PENDIENTE", sa_type=String(16))
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_error: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Cancelacion(SQLModel, table=True):
    """A request to cancel a stamped document (see services.cancellation); the latest row of
    a document is its current request. `sustituto_id` is the replacement document of a
    motivo 01 request that waits for that document's stamp (its UUID then fills
    `folio_sustitucion`). `code`/`acuse` are the PAC's answer; `sat_*` SAT's last status."""

    __tablename__ = "cancelacion"
    __table_args__ = (Index(None, "documento_id"),)

    id: int | None = Field(default=None, primary_key=True)
    documento_id: int = _fk("documento.id")
    motivo: str = Field(sa_type=String(2))
    folio_sustitucion: str | None = Field(default=None, sa_type=String(36))
    sustituto_id: int | None = Field(
        default=None,
        sa_column=Column(ForeignKey("documento.id", ondelete="SET NULL"), nullable=True),
    )
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    code: str | None = Field(default=None, sa_type=String(40))
    detail: str | None = Field(default=None, sa_type=Text)
    acuse: bytes | None = Field(default=None, sa_type=LargeBinary)
    sat_estado: str | None = Field(default=None, sa_type=String(40))
    sat_es_cancelable: str | None = Field(default=None, sa_type=String(40))
    sat_estatus_cancelacion: str | None = Field(default=None, sa_type=String(40))
    checked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)


class DocumentoImpuesto(SQLModel, table=True):
    """One tax and tasa of a document, in pesos, for the IVA report (sat.figures.TaxLine).

    `origen` "D": the document's own taxes (dated by the document's Fecha); "P": a payment
    receipt's ImpuestosDR for the invoice `uuid_dr`, dated `fecha_pago`.
    """

    __tablename__ = "documento_impuesto"
    __table_args__ = (
        Index(None, "documento_id"),
        Index(None, "empresa_id", "origen", "fecha_pago"),
    )

    id: int | None = Field(default=None, primary_key=True)
    documento_id: int = _fk("documento.id")
    empresa_id: int = _fk("empresa.id")
    origen: str = Field(sa_type=String(1))
    kind: str = Field(sa_type=String(1))  # T traslado, R retención
    impuesto: str = Field(sa_type=String(3))
    tipo_factor: str = Field(sa_type=String(6))
    tasa: str = Field(default="", sa_type=String(10))
    base_mxn: Decimal = Field(sa_type=MicroAmount)
    importe_mxn: Decimal = Field(sa_type=MicroAmount)
    fecha_pago: datetime | None = Field(default=None, sa_type=DateTime(timezone=False))
    uuid_dr: str | None = Field(default=None, sa_type=String(36))


class PagoAplicado(SQLModel, table=True):
    """What a payment receipt (or a credit note) took off one invoice (sat.figures.Application)."""

    __tablename__ = "pago_aplicado"
    __table_args__ = (
        Index(None, "documento_id"),
        Index(None, "empresa_id", "uuid"),
    )

    id: int | None = Field(default=None, primary_key=True)
    documento_id: int = _fk("documento.id")
    empresa_id: int = _fk("empresa.id")
    uuid: str = Field(sa_type=String(36))
    moneda: str = Field(sa_type=String(3))
    importe: Decimal = Field(sa_type=MicroAmount)
    fecha: datetime = Field(sa_type=DateTime(timezone=False))
    num_parcialidad: int | None = None


class NotaVenta(SQLModel, table=True):
    """A sale recorded without a CFDI (a ticket), later in a factura global or invoiced.

    `numero` is consecutive per company. `fecha` is the local time of the sale (as a CFDI's
    Fecha reads). `lineas` are the products sold (as Anexo 20 names a Concepto's fields);
    `impuestos` the ticket's traslados grouped by impuesto, factor and tasa (Base, Importe).
    `status`: pendiente, en_global (`documento_id` the global) or facturada (`documento_id`
    the customer's own invoice).
    """

    __tablename__ = "nota_venta"
    __table_args__ = (
        UniqueConstraint("empresa_id", "numero"),
        Index(None, "empresa_id", "status", "fecha"),
    )

    id: int | None = Field(default=None, primary_key=True)
    empresa_id: int = _fk("empresa.id")
    numero: int
    fecha: datetime = Field(sa_type=DateTime(timezone=False))
    forma_pago: str = Field(sa_type=String(2))
    subtotal: Decimal = Field(sa_type=MicroAmount)
    total: Decimal = Field(sa_type=MicroAmount)
    impuestos: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    lineas: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    status: str = Field(default="pendiente", sa_type=String(12))
    documento_id: int | None = Field(
        default=None,
        sa_column=Column(ForeignKey("documento.id", ondelete="SET NULL"), nullable=True),
    )
    created_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)


class Recurrente(SQLModel, table=True):
    """A recurring invoice: the Generar form's JSON input and its calendar (services.recurring).

    Monthly on `dia` (the month's last day when it has fewer), every `cada_meses` months from
    the month of `desde`, up to `hasta` (inclusive; None: no end). `enviar_correo`: email the
    invoice to the client once it is stamped.
    """

    __tablename__ = "recurrente"
    __table_args__ = (Index(None, "empresa_id"),)

    id: int | None = Field(default=None, primary_key=True)
    empresa_id: int = _fk("empresa.id")
    input_json: str = Field(sa_type=Text)
    rfc_receptor: str = Field(default="", sa_type=String(13))
    nombre_receptor: str = Field(default="", sa_type=String(300))
    total: Decimal = Field(default=Decimal("0.00"), sa_type=MicroAmount)
    moneda: str = Field(default="MXN", sa_type=String(3))
    dia: int
    cada_meses: int = 1
    desde: datetime = Field(sa_type=DateTime(timezone=False))  # local date, at 00:00
    hasta: datetime | None = Field(default=None, sa_type=DateTime(timezone=False))
    paused: bool = False
    enviar_correo: bool = False
    created_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)


class RecurrenteOcurrencia(SQLModel, table=True):
    """One date of a recurring invoice turned into a document. Written in the transaction
    that stores the sealed document, so a crash leaves both or neither; the unique key makes
    a date produce one document, ever. `fuera_de_plazo`: the date was older than SAT's
    window allows for a Fecha, so the Fecha is the day it was issued and the period is
    stated in the Descripcion. `correo_pendiente`: the email is still to be queued once
    the document is stamped."""

    __tablename__ = "recurrente_ocurrencia"
    __table_args__ = (UniqueConstraint("recurrente_id", "fecha_programada"),)

    id: int | None = Field(default=None, primary_key=True)
    recurrente_id: int = _fk("recurrente.id")
    fecha_programada: datetime = Field(sa_type=DateTime(timezone=False))
    documento_id: int | None = Field(
        default=None,
        sa_column=Column(ForeignKey("documento.id", ondelete="SET NULL"), nullable=True),
    )
    fuera_de_plazo: bool = False
    correo_pendiente: bool = False
    created_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)


class Recibido(SQLModel, table=True):
    """A CFDI imported into a company's inbox (a file, a folder, a ZIP, a SAT download).

    `direccion` "recibido" when the company is the Receptor, "emitido" when the Emisor. The
    XML is the original bytes, never re-serialized; `valido` and `hallazgos` are what
    `sat.validation.validate_xml` said at import; `estado_sat` and its companions stay null
    until the SAT's ConsultaCFDI service is asked (`sat_checked_at`).
    """

    __tablename__ = "recibido"
    __table_args__ = (
        UniqueConstraint("empresa_id", "uuid"),
        Index(None, "empresa_id", "fecha"),
        Index(None, "empresa_id", "rfc_emisor"),
    )

    id: int | None = Field(default=None, primary_key=True)
    empresa_id: int = _fk("empresa.id")
    uuid: str = Field(sa_type=String(36))
    direccion: str = Field(sa_type=String(8))
    version: str = Field(default="", sa_type=String(8))
    tipo: str = Field(default="", sa_type=String(1))
    fecha: datetime | None = Field(default=None, sa_type=DateTime(timezone=False))
    rfc_emisor: str = Field(default="", sa_type=String(13))
    nombre_emisor: str = Field(default="", sa_type=String(300))
    rfc_receptor: str = Field(default="", sa_type=String(13))
    nombre_receptor: str = Field(default="", sa_type=String(300))
    total: Decimal = Field(default=Decimal("0.00"), sa_type=MicroAmount)
    moneda: str = Field(default="", sa_type=String(3))
    valido: bool = False
    hallazgos: str = Field(default="", sa_type=Text)  # JSON list of {codigo, mensaje, ruta, aviso}
    resumen: str = Field(default="", sa_type=String(200))  # the errors' codes, "XSD, CFDI40102"
    xml: bytes = Field(sa_type=LargeBinary)
    origen: str = Field(default="importado", sa_type=String(10))
    archivo: str = Field(default="", sa_type=Text)  # where it was read from
    imported_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)
    estado_sat: str | None = Field(default=None, sa_type=String(40))
    es_cancelable: str | None = Field(default=None, sa_type=String(60))
    estatus_cancelacion: str | None = Field(default=None, sa_type=String(60))
    validacion_efos: str | None = Field(default=None, sa_type=String(60))
    sat_checked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class EmpresaFiel(SQLModel, table=True):
    """A company's e.firma (FIEL), for SAT's descarga masiva: certificate DER and encrypted
    key exactly as SAT issued them. The key's password lives only in the SecretStore, under
    ("facturador", "fiel:{rfc}:{no_certificado}"). One per company."""

    __tablename__ = "empresa_fiel"

    id: int | None = Field(default=None, primary_key=True)
    empresa_id: int = Field(
        sa_column=Column(ForeignKey("empresa.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    certificado_der: bytes = Field(sa_type=LargeBinary)
    llave_cifrada: bytes = Field(sa_type=LargeBinary)
    no_certificado: str = Field(sa_type=String(20))
    valid_from: datetime = Field(sa_type=UtcDateTime)
    valid_until: datetime = Field(sa_type=UtcDateTime)
    installed_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)


class DescargaSolicitud(SQLModel, table=True):
    """One request to SAT's descarga masiva (services.descarga): a company's emitidos or
    recibidos, XML or metadata, of a period (`desde`/`hasta`: Mexico's local time,
    "YYYY-MM-DDTHH:MM:SS", as sent). `state` runs por_enviar -> enviando -> aceptada ->
    terminada -> descargada -> importada, or ends in sin_datos, rechazada, reemplazada (its
    period asked again as two halves: `parent_id` of those). `attempts` counts the sends of
    these very parameters (SAT allows two); `id_solicitud` is SAT's, unique."""

    __tablename__ = "descarga_solicitud"
    __table_args__ = (Index(None, "state", "next_attempt_at"), Index(None, "empresa_id"))

    id: int | None = Field(default=None, primary_key=True)
    empresa_id: int = _fk("empresa.id")
    tipo: str = Field(sa_type=String(10))
    formato: str = Field(sa_type=String(10))
    desde: str = Field(sa_type=String(19))
    hasta: str = Field(sa_type=String(19))
    id_solicitud: str | None = Field(default=None, sa_type=String(64), unique=True)
    state: str = Field(default="por_enviar", sa_type=String(16))
    attempts: int = 0
    polls: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    numero_cfdis: int | None = None
    last_code: str | None = Field(default=None, sa_type=String(10))
    last_error: str | None = Field(default=None, sa_type=Text)
    parent_id: int | None = Field(
        default=None,
        sa_column=Column(ForeignKey("descarga_solicitud.id", ondelete="SET NULL"), nullable=True),
    )
    created_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=_utcnow, sa_type=UtcDateTime)


class DescargaPaquete(SQLModel, table=True):
    """A package of a finished request: pendiente -> descargado (the ZIP at `path`, its
    size and SHA-256) -> importado, or agotado (SAT's two downloads were spent without one
    reaching the disk). `attempts` counts the downloads asked; `id_paquete` is SAT's."""

    __tablename__ = "descarga_paquete"
    __table_args__ = (Index(None, "solicitud_id"),)

    id: int | None = Field(default=None, primary_key=True)
    solicitud_id: int = _fk("descarga_solicitud.id")
    id_paquete: str = Field(sa_type=String(100), unique=True)
    state: str = Field(default="pendiente", sa_type=String(16))
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    path: str | None = Field(default=None, sa_type=Text)
    size: int | None = None
    sha256: str | None = Field(default=None, sa_type=String(64))
    last_error: str | None = Field(default=None, sa_type=Text)
    downloaded_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    imported_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Vehiculo(SQLModel, table=True):
    """A vehicle of the empresa for Carta Porte's Autotransporte: SCT permit, the
    IdentificacionVehicular, insurance and up to two trailers (`remolques`: a list of
    {"SubTipoRem", "Placa"} as in the JSON input)."""

    __tablename__ = "vehiculo"
    __table_args__ = (Index(None, "empresa_id"),)

    id: int | None = Field(default=None, primary_key=True)
    empresa_id: int = _fk("empresa.id")
    alias: str = Field(sa_type=String(100))
    perm_sct: str = Field(sa_type=String(10))
    num_permiso_sct: str = Field(sa_type=String(50))
    config_vehicular: str = Field(sa_type=String(10))
    peso_bruto_vehicular: str = Field(sa_type=String(10))
    placa_vm: str = Field(sa_type=String(10))
    anio_modelo_vm: str = Field(sa_type=String(4))
    asegura_resp_civil: str = Field(sa_type=String(50))
    poliza_resp_civil: str = Field(sa_type=String(30))
    asegura_med_ambiente: str | None = Field(default=None, sa_type=String(50))
    poliza_med_ambiente: str | None = Field(default=None, sa_type=String(30))
    asegura_carga: str | None = Field(default=None, sa_type=String(50))
    poliza_carga: str | None = Field(default=None, sa_type=String(30))
    remolques: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)


class Operador(SQLModel, table=True):
    """A driver (FiguraTransporte TipoFigura 01) of the empresa for Carta Porte; a foreign
    driver carries NumRegIdTribFigura and ResidenciaFiscalFigura instead of an RFC."""

    __tablename__ = "operador"
    __table_args__ = (Index(None, "empresa_id"),)

    id: int | None = Field(default=None, primary_key=True)
    empresa_id: int = _fk("empresa.id")
    rfc_figura: str | None = Field(default=None, sa_type=String(13))
    nombre_figura: str = Field(sa_type=String(254))
    num_licencia: str = Field(sa_type=String(16))
    num_reg_id_trib_figura: str | None = Field(default=None, sa_type=String(40))
    residencia_fiscal_figura: str | None = Field(default=None, sa_type=String(3))


class Ubicacion(SQLModel, table=True):
    """A frequent origin or destination of the empresa's trips (Carta Porte Ubicacion), or
    an address for Comercio Exterior: who is there (RFC, name) and its Domicilio."""

    __tablename__ = "ubicacion"
    __table_args__ = (Index(None, "empresa_id"),)

    id: int | None = Field(default=None, primary_key=True)
    empresa_id: int = _fk("empresa.id")
    alias: str = Field(sa_type=String(100))
    rfc: str = Field(sa_type=String(13))
    nombre: str | None = Field(default=None, sa_type=String(254))
    calle: str | None = Field(default=None, sa_type=String(100))
    numero_exterior: str | None = Field(default=None, sa_type=String(55))
    numero_interior: str | None = Field(default=None, sa_type=String(55))
    colonia: str | None = Field(default=None, sa_type=String(120))
    localidad: str | None = Field(default=None, sa_type=String(120))
    municipio: str | None = Field(default=None, sa_type=String(120))
    estado: str = Field(sa_type=String(30))
    pais: str = Field(default="MEX", sa_type=String(3))
    codigo_postal: str = Field(sa_type=String(12))
