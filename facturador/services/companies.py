"""Companies (emisores): add, list, choose the active one, install the CSD.

The CSD's certificate and encrypted key are stored in the database exactly as SAT issued
them; the key's password goes only to the SecretStore, under
("facturador", "csd:{rfc}:{no_certificado}").
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from facturador.models.repositories import active_empresa, empresa_by_rfc
from facturador.models.tables import Empresa
from facturador.sat.catalogs import Catalogs, default_catalogs
from facturador.sat.credentials import Credential
from facturador.services.catalog_data import check_codigo_postal, check_regimen, parse_rfc
from facturador.services.errors import (
    CsdRfcMismatchError,
    DuplicateError,
    FieldError,
    NoActiveCompanyError,
    NotFoundError,
    SecretNotFoundError,
)
from facturador.services.secrets import SERVICE, SecretStore, csd_password_key

__all__ = [
    "add_company",
    "edit_company",
    "get_active_company",
    "get_company",
    "get_company_by_rfc",
    "install_csd",
    "list_companies",
    "load_csd",
    "use_company",
]

log = logging.getLogger(__name__)


def add_company(
    session: Session,
    *,
    rfc: str,
    nombre: str,
    regimen_fiscal: str,
    lugar_expedicion: str,
    catalogs: Catalogs | None = None,
) -> Empresa:
    """A new company; the first one becomes the active one."""
    catalogs = catalogs or default_catalogs()
    parsed = parse_rfc(rfc)
    nombre = nombre.strip()
    if not nombre:
        raise FieldError("nombre", "required")
    regimen = check_regimen(catalogs, "regimen_fiscal", regimen_fiscal, parsed)
    cp = check_codigo_postal(catalogs, "lugar_expedicion", lugar_expedicion)
    if empresa_by_rfc(session, str(parsed)) is not None:
        raise DuplicateError("empresa", str(parsed))
    empresa = Empresa(
        rfc=str(parsed),
        nombre=nombre,
        regimen_fiscal=regimen,
        lugar_expedicion=cp,
        active=active_empresa(session) is None,
    )
    session.add(empresa)
    session.commit()
    return empresa


def edit_company(
    session: Session,
    empresa: Empresa,
    *,
    nombre: str,
    regimen_fiscal: str,
    lugar_expedicion: str,
    catalogs: Catalogs | None = None,
) -> Empresa:
    """Change a company's name, régimen and CP (its RFC never changes)."""
    catalogs = catalogs or default_catalogs()
    nombre = nombre.strip()
    if not nombre:
        raise FieldError("nombre", "required")
    parsed = parse_rfc(empresa.rfc)
    empresa.regimen_fiscal = check_regimen(catalogs, "regimen_fiscal", regimen_fiscal, parsed)
    empresa.lugar_expedicion = check_codigo_postal(catalogs, "lugar_expedicion", lugar_expedicion)
    empresa.nombre = nombre
    session.add(empresa)
    session.commit()
    return empresa


def list_companies(session: Session) -> list[Empresa]:
    return list(session.exec(select(Empresa).order_by(col(Empresa.rfc))))


def get_company(session: Session, empresa_id: int) -> Empresa:
    empresa = session.get(Empresa, empresa_id)
    if empresa is None:
        raise NotFoundError("empresa", empresa_id)
    return empresa


def get_company_by_rfc(session: Session, rfc: str) -> Empresa:
    empresa = empresa_by_rfc(session, rfc)
    if empresa is None:
        raise NotFoundError("empresa", rfc.strip().upper())
    return empresa


def get_active_company(session: Session) -> Empresa:
    empresa = active_empresa(session)
    if empresa is None:
        raise NoActiveCompanyError()
    return empresa


def use_company(session: Session, rfc: str) -> Empresa:
    """Make the company with `rfc` the active one (exactly one is active)."""
    empresa = get_company_by_rfc(session, rfc)
    session.execute(update(Empresa).where(col(Empresa.id) != empresa.id).values(active=False))
    empresa.active = True
    session.add(empresa)
    session.commit()
    return empresa


def install_csd(
    session: Session,
    empresa_id: int,
    cer: bytes,
    key: bytes,
    password: str,
    secrets: SecretStore,
    now: datetime,
) -> Empresa:
    """Check the CSD, keep cert and key bytes in the database and the password in `secrets`.

    Raises the CredentialError of `Credential.load` (not a CSD, a key without password,
    wrong password, expired, ...), CsdRfcMismatchError when the CSD is another taxpayer's, and
    SecretStoreUnavailableError when no keyring works (nothing is stored then).
    """
    empresa = get_company(session, empresa_id)
    credential = Credential.load(
        cer, key, password, now=now, require_csd=True, require_encrypted_key=True
    )
    certificate = credential.certificate
    if certificate.rfc.upper() != empresa.rfc:
        raise CsdRfcMismatchError(empresa.rfc, certificate.rfc)
    secret_key = csd_password_key(empresa.rfc, certificate.no_certificado)
    secrets.set(SERVICE, secret_key, password)
    empresa.certificado_der = certificate.der
    empresa.llave_cifrada = bytes(key)
    empresa.no_certificado = certificate.no_certificado
    empresa.valid_from = certificate.valid_from
    empresa.valid_until = certificate.valid_until
    session.add(empresa)
    try:
        session.commit()
    except Exception:
        secrets.delete(SERVICE, secret_key)
        raise
    log.info("CSD %s installed for %s", certificate.no_certificado, empresa.rfc)
    return empresa


def load_csd(
    empresa: Empresa, secrets: SecretStore, now: datetime, password: str | None = None
) -> Credential:
    """The company's Credential for sealing; the password from `secrets` unless given."""
    if empresa.certificado_der is None or empresa.llave_cifrada is None:
        raise NotFoundError("certificado", empresa.rfc)
    assert empresa.no_certificado is not None
    if password is None:
        secret_key = csd_password_key(empresa.rfc, empresa.no_certificado)
        password = secrets.get(SERVICE, secret_key)
        if password is None:
            raise SecretNotFoundError(SERVICE, secret_key)
    return Credential.load(empresa.certificado_der, empresa.llave_cifrada, password, now=now)
