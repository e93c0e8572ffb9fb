"""The desktop app's facade over the services: small frozen values in, small values out.

The GUI (`facturador.ui`) calls only this class, from worker threads, and never sees a
SQLModel row or a Session. Collaborators are handed in (engine, secret store, clock,
connectivity); `DesktopServices.default()` builds the real ones. Heavy modules (SQLAlchemy,
SQLModel, keyring, cryptography) are imported inside the methods so that importing this
module costs nothing at start-up: the window shows first, the database opens in a worker.

PAC credentials (Finkok/SW user and password) go to the secret store as a JSON object under
("facturador", "pac:{rfc}:{provider}"); the provider and environment go to the company row.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from facturador.services._desktop_values import (
    CatalogOption,
    CertificateFacts,
    ClientInfo,
    CompanyInfo,
    CsdExpiry,
    ProductInfo,
    QueueSummary,
    client_info,
    company_info,
    product_info,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from facturador.services.catalog_data import ClienteData, ProductoData
    from facturador.services.secrets import SecretStore

__all__ = [
    "DEMO_RFC",
    "EXPIRY_WARNING_DAYS",
    "CatalogOption",
    "CertificateFacts",
    "ClientInfo",
    "CompanyInfo",
    "CsdExpiry",
    "DesktopServices",
    "ProductInfo",
    "QueueSummary",
    "SocketConnectivity",
    "client_data",
    "product_data",
]

DEMO_RFC = "EKU9003173C9"
DEMO_NOMBRE = "ESCUELA KEMPER URGATE"
DEMO_REGIMEN = "601"
DEMO_CP = "42501"
EXPIRY_WARNING_DAYS = 30
_PAC_HOSTS = {
    "finkok": ("facturacion.finkok.com", 443),
    "sw": ("services.sw.com.mx", 443),
}
RFC_PUBLICO_GENERAL = "XAXX010101000"
_SAT_HOST = ("consultaqr.facturaelectronica.sat.gob.mx", 443)


class _Connectivity(Protocol):
    def is_online(self) -> bool: ...


class SocketConnectivity:
    """Online when a TCP connection to the PAC (or SAT) opens within `timeout` seconds."""

    def __init__(self, timeout: float = 3.0) -> None:
        self.timeout = timeout
        self.provider: str | None = None

    def is_online(self) -> bool:
        host = _PAC_HOSTS.get(self.provider or "", _SAT_HOST)
        try:
            with socket.create_connection(host, timeout=self.timeout):
                return True
        except OSError:
            return False


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _default_secret_store() -> SecretStore:
    from facturador.services.secrets import open_secret_store

    return open_secret_store()


class DesktopServices:
    """Everything the desktop window asks of the services. Call it from worker threads.

    `engine` may be given (tests) or is opened on first use with `settings.open_engine()`
    (migrations included), so the first call belongs in a worker, never at start-up.
    """

    def __init__(
        self,
        engine: Engine | None = None,
        *,
        secrets: SecretStore | None = None,
        clock: Callable[[], datetime] = _utcnow,
        connectivity: _Connectivity | None = None,
    ) -> None:
        self._engine = engine
        self._secrets = secrets
        self._clock = clock
        self._connectivity = connectivity or SocketConnectivity()
        self._lock = threading.Lock()

    # -- plumbing -------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                from facturador.services.settings import open_engine

                self._engine = open_engine()
            return self._engine

    @property
    def secrets(self) -> SecretStore:
        with self._lock:
            if self._secrets is None:
                self._secrets = _default_secret_store()
            return self._secrets

    @property
    def secrets_are_session_only(self) -> bool:
        """True when no OS keyring works: passwords live only while the app runs."""
        from facturador.services.secrets import SessionSecretStore

        return isinstance(self.secrets, SessionSecretStore)

    def now(self) -> datetime:
        return self._clock()

    def _read(self) -> Any:
        from facturador.models.engine import read_session

        return read_session(self.engine)

    def _write(self) -> Any:
        from facturador.models.engine import write_session

        return write_session(self.engine)

    def _active_row(self, session: Any) -> Any:
        from facturador.services.companies import get_active_company

        return get_active_company(session)

    def open(self) -> None:
        """Open (and migrate) the database now; the app calls it in a worker at start-up."""
        _ = self.engine

    # -- companies ------------------------------------------------------------------------

    def is_first_run(self) -> bool:
        return not self.companies()

    def companies(self) -> list[CompanyInfo]:
        from facturador.services.companies import list_companies

        with self._read() as session:
            return [company_info(row) for row in list_companies(session)]

    def active_company(self) -> CompanyInfo | None:
        from facturador.models.repositories import active_empresa

        with self._read() as session:
            row = active_empresa(session)
            return None if row is None else company_info(row)

    def create_company(
        self, *, rfc: str, nombre: str, regimen_fiscal: str, lugar_expedicion: str
    ) -> CompanyInfo:
        """Add a company and make it the active one."""
        from facturador.services.companies import add_company, use_company

        with self._write() as session:
            row = add_company(
                session,
                rfc=rfc,
                nombre=nombre,
                regimen_fiscal=regimen_fiscal,
                lugar_expedicion=lugar_expedicion,
            )
            return company_info(use_company(session, row.rfc))

    def update_company(
        self, *, nombre: str, regimen_fiscal: str, lugar_expedicion: str
    ) -> CompanyInfo:
        """Change the active company's name, régimen and CP (its RFC never changes)."""
        from facturador.sat.catalogs import default_catalogs
        from facturador.sat.rfc import Rfc
        from facturador.services.catalog_data import check_codigo_postal, check_regimen
        from facturador.services.errors import FieldError

        catalogs = default_catalogs()
        with self._write() as session:
            row = self._active_row(session)
            nombre = nombre.strip()
            if not nombre:
                raise FieldError("nombre", "required")
            row.regimen_fiscal = check_regimen(
                catalogs, "regimen_fiscal", regimen_fiscal, Rfc.parse(row.rfc)
            )
            row.lugar_expedicion = check_codigo_postal(
                catalogs, "lugar_expedicion", lugar_expedicion
            )
            row.nombre = nombre
            session.add(row)
            session.commit()
            return company_info(row)

    def switch_company(self, rfc: str) -> CompanyInfo:
        from facturador.services.companies import use_company

        with self._write() as session:
            return company_info(use_company(session, rfc))

    # -- certificate ----------------------------------------------------------------------

    def describe_certificate(self, cer: bytes, key: bytes, password: str) -> CertificateFacts:
        """Check a CSD (.cer, .key, password) now, as it will be installed (a key without
        password is refused); raises the CredentialError that says why."""
        from facturador.sat.credentials import Credential

        credential = Credential.load(
            cer, key, password, now=self.now(), require_csd=True, require_encrypted_key=True
        )
        certificate = credential.certificate
        return CertificateFacts(
            rfc=certificate.rfc,
            nombre=certificate.nombre,
            no_certificado=certificate.no_certificado,
            valid_from=certificate.valid_from,
            valid_until=certificate.valid_until,
            sucursal=certificate.sucursal,
        )

    def install_csd(self, cer: bytes, key: bytes, password: str) -> CompanyInfo:
        """Install the CSD on the active company (CsdRfcMismatchError if not its RFC)."""
        from facturador.services import companies

        with self._write() as session:
            row = self._active_row(session)
            installed = companies.install_csd(
                session, row.id, cer, key, password, self.secrets, self.now()
            )
            return company_info(installed)

    def csd_expiry_warning(self) -> CsdExpiry | None:
        """The active company's CSD when it expires within 30 days (or has expired)."""
        company = self.active_company()
        if company is None or company.valid_until is None or company.no_certificado is None:
            return None
        days_left = (company.valid_until - self.now()).days
        if days_left >= EXPIRY_WARNING_DAYS:
            return None
        return CsdExpiry(
            rfc=company.rfc,
            no_certificado=company.no_certificado,
            valid_until=company.valid_until,
            days_left=days_left,
        )

    # -- PAC --------------------------------------------------------------------------------

    def configure_pac(
        self,
        provider: str,
        environment: str,
        credentials: dict[str, str] | None = None,
        accept_demo: bool = False,
    ) -> CompanyInfo:
        """Choose the active company's PAC ("sandbox", "finkok", "sw") and environment; the
        credentials go to the secret store under the names the queue reads. The sandbox for a
        real company needs `accept_demo` (pac_settings.DemoConfirmationError otherwise)."""
        from facturador.services import pac_settings

        with self._write() as session:
            row = self._active_row(session)
            assert row.id is not None
            row = pac_settings.configure_pac(
                session,
                row.id,
                self.secrets,
                provider=provider,
                environment=environment,
                credentials=credentials if credentials or provider == "sandbox" else None,
                accept_demo=accept_demo,
                now=self.now(),
            )
            return company_info(row)

    def is_online(self) -> bool:
        company = self.active_company()
        if isinstance(self._connectivity, SocketConnectivity):
            self._connectivity.provider = company.pac_provider if company else None
        return self._connectivity.is_online()

    def create_demo_company(self) -> CompanyInfo:
        """SAT's test taxpayer with SAT's test CSD and the sandbox PAC: try it in a minute."""
        from facturador.sat.resources import resource_path
        from facturador.services.companies import get_company_by_rfc, use_company
        from facturador.services.errors import NotFoundError

        folder = resource_path("csd_demo")
        cer = (folder / "certificate.cer").read_bytes()
        key = (folder / "private_key.key").read_bytes()
        password = (folder / "password.txt").read_text(encoding="utf-8").strip()
        try:
            with self._write() as session:
                use_company(session, get_company_by_rfc(session, DEMO_RFC).rfc)
        except NotFoundError:
            self.create_company(
                rfc=DEMO_RFC,
                nombre=DEMO_NOMBRE,
                regimen_fiscal=DEMO_REGIMEN,
                lugar_expedicion=DEMO_CP,
            )
        self.install_csd(cer, key, password)
        return self.configure_pac("sandbox", "pruebas")

    # -- queue ------------------------------------------------------------------------------

    def queue_summary(self) -> QueueSummary:
        """How many of the active company's documents wait in the send queue."""
        from sqlalchemy import func
        from sqlmodel import col, select

        from facturador.models.repositories import active_empresa
        from facturador.models.tables import Documento

        with self._read() as session:
            company = active_empresa(session)
            if company is None:
                return QueueSummary()
            query = (
                select(Documento.state, func.count())
                .where(Documento.empresa_id == company.id)
                .where(
                    col(Documento.state).in_(
                        ("EN_COLA", "ENVIANDO", "RECHAZADO", "POSIBLEMENTE_TIMBRADO")
                    )
                )
                .group_by(Documento.state)
            )
            counts = {state: int(n) for state, n in session.exec(query)}
        return QueueSummary(
            en_cola=counts.get("EN_COLA", 0),
            enviando=counts.get("ENVIANDO", 0),
            rechazado=counts.get("RECHAZADO", 0),
            posiblemente_timbrado=counts.get("POSIBLEMENTE_TIMBRADO", 0),
        )

    # -- catalogs, clients, products ---------------------------------------------------------

    def catalog_search(self, catalog: str, text: str, limit: int = 20) -> list[CatalogOption]:
        from facturador.sat.catalogs import default_catalogs

        entries = default_catalogs().search(catalog, text, limit)
        return [CatalogOption(clave=e.clave, descripcion=e.descripcion) for e in entries]

    def catalog_entry(self, catalog: str, clave: str) -> CatalogOption | None:
        from facturador.sat.catalogs import default_catalogs

        entry = default_catalogs().entry(catalog, clave.strip(), on=date.today())
        if entry is None:
            return None
        return CatalogOption(clave=entry.clave, descripcion=entry.descripcion)

    def check_field(self, name: str, value: str, rfc: str = "") -> None:
        """Check one field of a company or client form; raises FieldError naming it."""
        from facturador.sat.catalogs import default_catalogs
        from facturador.services import catalog_data
        from facturador.services.errors import FieldError

        catalogs = default_catalogs()
        if name == "rfc":
            catalog_data.parse_rfc(value)
        elif name in ("regimen_fiscal", "regimen_fiscal_receptor"):
            parsed = _parsed_rfc_or_none(rfc) or _parsed_rfc_or_none(RFC_PUBLICO_GENERAL)
            catalog_data.check_regimen(catalogs, name, value, parsed)
        elif name in ("lugar_expedicion", "domicilio_fiscal_receptor"):
            catalog_data.check_codigo_postal(catalogs, name, value)
        elif name in _CATALOG_FIELDS:
            text = value.strip()
            if not text:
                raise FieldError(name, "required")
            if not catalogs.contains(_CATALOG_FIELDS[name], text):
                raise FieldError(name, "not_in_catalog", text)
        elif name == "valor_unitario":
            _check_amount(name, value)
        elif not value.strip():
            raise FieldError(name, "required")

    def clients(self, text: str = "") -> list[ClientInfo]:
        from facturador.services import catalog_data

        with self._read() as session:
            empresa_id = self._active_row(session).id
            if text.strip():
                rows = catalog_data.search_clients(session, empresa_id, text, limit=500)
            else:
                rows = catalog_data.list_clients(session, empresa_id)
            return [client_info(row) for row in rows]

    def save_client(self, data: ClienteData, client_id: int | None = None) -> ClientInfo:
        """Add a client (client_id None) or change one, for the active company."""
        from facturador.services import catalog_data

        with self._write() as session:
            empresa_id = self._active_row(session).id
            if client_id is None:
                row = catalog_data.add_client(session, empresa_id, data)
            else:
                row = catalog_data.edit_client(session, empresa_id, client_id, data)
            return client_info(row)

    def products(self, text: str = "") -> list[ProductInfo]:
        from facturador.services import catalog_data

        with self._read() as session:
            empresa_id = self._active_row(session).id
            if text.strip():
                rows = catalog_data.search_products(session, empresa_id, text, limit=500)
            else:
                rows = catalog_data.list_products(session, empresa_id)
            return [product_info(row) for row in rows]

    def save_product(self, data: ProductoData, product_id: int | None = None) -> ProductInfo:
        from facturador.services import catalog_data

        with self._write() as session:
            empresa_id = self._active_row(session).id
            if product_id is None:
                row = catalog_data.add_product(session, empresa_id, data)
            else:
                row = catalog_data.edit_product(session, empresa_id, product_id, data)
            return product_info(row)


_CATALOG_FIELDS = {
    "uso_cfdi": "c_UsoCFDI",
    "clave_prod_serv": "c_ClaveProdServ",
    "clave_unidad": "c_ClaveUnidad",
    "objeto_imp": "c_ObjetoImp",
}


def _check_amount(name: str, value: str) -> None:
    from decimal import InvalidOperation

    from facturador.services.errors import FieldError

    text = value.strip().replace(",", "").lstrip("$").strip()
    if not text:
        raise FieldError(name, "required")
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise FieldError(name, "not_a_decimal", value) from error
    if not amount.is_finite():
        raise FieldError(name, "not_a_decimal", value)
    if amount < 0:
        raise FieldError(name, "negative", value)
    if -int(amount.as_tuple().exponent) > 6:
        raise FieldError(name, "too_many_decimals", value)


def _parsed_rfc_or_none(text: str) -> Any:
    from facturador.sat.errors import RfcError
    from facturador.sat.rfc import Rfc

    try:
        return Rfc.parse(text.strip().upper()) if text.strip() else None
    except RfcError:
        return None


def client_data(**values: Any) -> ClienteData:
    """A ClienteData for `save_client` (the ui builds it without importing catalog_data)."""
    from facturador.services.catalog_data import ClienteData

    return ClienteData(**values)


def product_data(**values: Any) -> ProductoData:
    from facturador.services.catalog_data import ProductoData

    return ProductoData(**values)
