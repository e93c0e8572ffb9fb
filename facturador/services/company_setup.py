"""The company use cases the window and the CLI share: create, change, choose, the demo
company, and the CSD (check it, install it, warn before it expires).

Each takes the `Context` and hands back views (`services.views`), never rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facturador.services.views import CertificateFacts, CompanyInfo, CsdExpiry, company_info

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = [
    "DEMO_CLIENT",
    "DEMO_PRODUCT",
    "DEMO_RFC",
    "EXPIRY_WARNING_DAYS",
    "active_company",
    "companies",
    "create_company",
    "create_demo_company",
    "csd_expiry_warning",
    "describe_certificate",
    "install_csd",
    "is_first_run",
    "switch_company",
    "update_company",
]

DEMO_RFC = "EKU9003173C9"
DEMO_NOMBRE = "ESCUELA KEMPER URGATE"
DEMO_REGIMEN = "601"
DEMO_CP = "42501"
# What the demo company can invoice at once: SAT's test receptor and one service with IVA.
DEMO_CLIENT = {
    "rfc": "CACX7605101P8",
    "nombre": "XOCHILT CASAS CHAVEZ",
    "regimen_fiscal_receptor": "612",
    "domicilio_fiscal_receptor": "36257",
    "uso_cfdi": "G03",
}
DEMO_PRODUCT = {
    "clave_prod_serv": "84111506",
    "clave_unidad": "E48",
    "unidad": "Servicio",
    "descripcion": "Servicio de facturación (demostración)",
    "valor_unitario": "1000.00",
    "objeto_imp": "02",
    "no_identificacion": "DEMO-001",
    "impuestos": {
        "Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}]
    },
}
EXPIRY_WARNING_DAYS = 30


def companies(ctx: Context) -> list[CompanyInfo]:
    from facturador.services.companies import list_companies

    with ctx.read() as session:
        return [company_info(row) for row in list_companies(session)]


def is_first_run(ctx: Context) -> bool:
    return not companies(ctx)


def active_company(ctx: Context) -> CompanyInfo | None:
    """The active company, or None before the first one exists."""
    from facturador.models.repositories import active_empresa

    with ctx.read() as session:
        row = active_empresa(session)
        return None if row is None else company_info(row)


def create_company(
    ctx: Context, *, rfc: str, nombre: str, regimen_fiscal: str, lugar_expedicion: str
) -> CompanyInfo:
    """Add a company and make it the active one."""
    from facturador.services.companies import add_company, use_company

    with ctx.write() as session:
        row = add_company(
            session,
            rfc=rfc,
            nombre=nombre,
            regimen_fiscal=regimen_fiscal,
            lugar_expedicion=lugar_expedicion,
        )
        return company_info(use_company(session, row.rfc))


def update_company(
    ctx: Context, *, nombre: str, regimen_fiscal: str, lugar_expedicion: str
) -> CompanyInfo:
    """Change the active company's name, régimen and CP (its RFC never changes)."""
    from facturador.services.companies import edit_company

    with ctx.write() as session:
        row = edit_company(
            session,
            ctx.active_company(session),
            nombre=nombre,
            regimen_fiscal=regimen_fiscal,
            lugar_expedicion=lugar_expedicion,
        )
        return company_info(row)


def switch_company(ctx: Context, rfc: str) -> CompanyInfo:
    from facturador.services.companies import use_company

    with ctx.write() as session:
        return company_info(use_company(session, rfc))


def describe_certificate(ctx: Context, cer: bytes, key: bytes, password: str) -> CertificateFacts:
    """Check a CSD (.cer, .key, password) now, as it will be installed (a key without
    password is refused); raises the CredentialError that says why. The facts carry the
    active company's RFC: `other_rfc` says, before installing, that it is not this one's."""
    from facturador.sat.credentials import Credential

    credential = Credential.load(
        cer, key, password, now=ctx.now(), require_csd=True, require_encrypted_key=True
    )
    certificate = credential.certificate
    return CertificateFacts(
        rfc=certificate.rfc,
        nombre=certificate.nombre,
        no_certificado=certificate.no_certificado,
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        sucursal=certificate.sucursal,
        company_rfc=company.rfc if (company := active_company(ctx)) is not None else None,
    )


def install_csd(ctx: Context, cer: bytes, key: bytes, password: str) -> CompanyInfo:
    """Install the CSD on the active company (CsdRfcMismatchError if not its RFC)."""
    from facturador.services import companies as rows

    with ctx.write() as session:
        row = ctx.active_company(session)
        assert row.id is not None
        installed = rows.install_csd(session, row.id, cer, key, password, ctx.secrets, ctx.now())
        return company_info(installed)


def csd_expiry_warning(ctx: Context) -> CsdExpiry | None:
    """The active company's CSD when it expires within 30 days (or has expired)."""
    company = active_company(ctx)
    if company is None or company.valid_until is None or company.no_certificado is None:
        return None
    days_left = (company.valid_until - ctx.now()).days
    if days_left >= EXPIRY_WARNING_DAYS:
        return None
    return CsdExpiry(
        rfc=company.rfc,
        no_certificado=company.no_certificado,
        valid_until=company.valid_until,
        days_left=days_left,
    )


def create_demo_company(ctx: Context) -> CompanyInfo:
    """SAT's test taxpayer with SAT's test CSD and the sandbox PAC: try it in a minute."""
    from facturador.sat.resources import resource_path
    from facturador.services.companies import get_company_by_rfc, use_company
    from facturador.services.errors import NotFoundError
    from facturador.services.pac_connection import save_pac

    folder = resource_path("csd_demo")
    cer = (folder / "certificate.cer").read_bytes()
    key = (folder / "private_key.key").read_bytes()
    password = (folder / "password.txt").read_text(encoding="utf-8").strip()
    try:
        with ctx.write() as session:
            use_company(session, get_company_by_rfc(session, DEMO_RFC).rfc)
    except NotFoundError:
        create_company(
            ctx,
            rfc=DEMO_RFC,
            nombre=DEMO_NOMBRE,
            regimen_fiscal=DEMO_REGIMEN,
            lugar_expedicion=DEMO_CP,
        )
    install_csd(ctx, cer, key, password)
    company = save_pac(ctx, "sandbox", "pruebas")
    _add_demo_samples(ctx)
    return company


def _add_demo_samples(ctx: Context) -> None:
    """The sample client and product of the demo company, unless they are there already."""
    from sqlmodel import select

    from facturador.models.tables import Cliente, Producto
    from facturador.services import catalog_data

    with ctx.write() as session:
        empresa_id = ctx.active_company(session).id
        assert empresa_id is not None
        client = session.exec(
            select(Cliente.id).where(
                Cliente.empresa_id == empresa_id, Cliente.rfc == DEMO_CLIENT["rfc"]
            )
        ).first()
        if client is None:
            demo = catalog_data.ClienteData(
                rfc=DEMO_CLIENT["rfc"],
                nombre=DEMO_CLIENT["nombre"],
                regimen_fiscal_receptor=DEMO_CLIENT["regimen_fiscal_receptor"],
                domicilio_fiscal_receptor=DEMO_CLIENT["domicilio_fiscal_receptor"],
                uso_cfdi=DEMO_CLIENT["uso_cfdi"],
            )
            catalog_data.add_client(session, empresa_id, demo)
        product = session.exec(
            select(Producto.id).where(
                Producto.empresa_id == empresa_id,
                Producto.no_identificacion == DEMO_PRODUCT["no_identificacion"],
            )
        ).first()
        if product is None:
            data = catalog_data.ProductoData(**DEMO_PRODUCT)  # type: ignore[arg-type]
            catalog_data.add_product(session, empresa_id, data)
