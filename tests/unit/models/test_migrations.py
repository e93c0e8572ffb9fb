"""Upgrade a database created at the first revision, with data in it, to head."""

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import text
from sqlmodel import select

from facturador.models import (
    AuditEntry,
    Cliente,
    Documento,
    Empresa,
    Producto,
    Serie,
    create_db_engine,
    current_revision,
    open_database,
    read_session,
    upgrade,
)

XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<cfdi:Comprobante Folio="7"/>\r\n'
T0 = datetime(2026, 1, 2, 3, 4, 5)


def _fill_at_0001(connection):
    connection.execute(
        text(
            "INSERT INTO empresa (id, rfc, nombre, regimen_fiscal, lugar_expedicion, "
            "certificado_der, llave_cifrada, no_certificado, active, created_at) VALUES "
            "(1, 'EKU9003173C9', 'ESCUELA KEMPER URGATE', '601', '42501', :cer, :key, "
            "'30001000000500003416', :yes, :t0)"
        ),
        {"cer": b"\x30\x82cer", "key": b"\x30\x82key", "yes": True, "t0": T0},
    )
    connection.execute(
        text(
            "INSERT INTO cliente (id, empresa_id, rfc, nombre, regimen_fiscal_receptor, "
            "domicilio_fiscal_receptor, uso_cfdi, search_key) VALUES "
            "(1, 1, 'XAXX010101000', 'PUBLICO EN GENERAL', '616', '42501', 'S01', 'X')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO producto (id, empresa_id, clave_prod_serv, clave_unidad, descripcion, "
            "valor_unitario, objeto_imp, impuestos, search_key) VALUES "
            "(1, 1, '01010101', 'H87', 'Venta', '100.50', '02', '{}', 'VENTA')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO serie (id, empresa_id, code, tipo, next_folio) VALUES (1, 1, 'A', 'I', 8)"
        )
    )
    connection.execute(
        text(
            "INSERT INTO documento (id, empresa_id, state, tipo, serie, folio, uuid, fecha, "
            "rfc_receptor, nombre_receptor, total, moneda, sealed_xml, stamped_xml, attempts, "
            "is_demo, created_at, updated_at) VALUES (1, 1, 'TIMBRADO', 'I', 'A', 7, "
            "'6F1D2B7E-0000-4000-8000-000000000001', :t0, 'XAXX010101000', 'PUBLICO EN GENERAL', "
            "116000000, 'MXN', :xml, :xml, 1, :no, :t0, :t0)"
        ),
        {"xml": XML, "no": False, "t0": T0},
    )
    connection.execute(
        text(
            "INSERT INTO audit_entry (id, documento_id, from_state, to_state, at, detail) "
            "VALUES (1, 1, 'ENVIANDO', 'TIMBRADO', :t0, 'ok')"
        ),
        {"t0": T0},
    )
    if connection.dialect.name == "postgresql":  # explicit ids: move the sequences on
        for table in ("empresa", "cliente", "producto", "serie", "documento", "audit_entry"):
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1)"))


def test_upgrade_from_first_revision_keeps_every_row(db_url):
    old = create_db_engine(db_url)
    upgrade(old, "0001")
    assert current_revision(old) == "0001"
    with old.begin() as connection:
        _fill_at_0001(connection)
    old.dispose()

    engine = open_database(db_url)  # what the app does on start: upgrade to head
    assert current_revision(engine) == "0012"
    with read_session(engine) as session:
        empresa = session.exec(select(Empresa)).one()
        assert (empresa.rfc, empresa.llave_cifrada, empresa.logo) == (
            "EKU9003173C9",
            b"\x30\x82key",
            None,
        )
        assert empresa.created_at == T0.replace(tzinfo=UTC)
        cliente = session.exec(select(Cliente)).one()
        assert cliente.emails == []
        assert (cliente.residencia_fiscal, cliente.num_reg_id_trib) == (None, None)
        assert session.exec(select(Producto)).one().valor_unitario == Decimal("100.50")
        assert session.exec(select(Serie)).one().next_folio == 8
        documento = session.exec(select(Documento)).one()
        assert documento.sealed_xml == XML
        assert documento.stamped_xml == XML
        assert str(documento.total) == "116.00"
        assert (documento.serie, documento.folio, documento.state) == ("A", 7, "TIMBRADO")
        assert session.exec(select(AuditEntry)).one().detail == "ok"
        # the new columns work
        cliente.emails = ["pagos@example.com"]
        empresa.logo = b"\x89PNG"
        session.add_all([cliente, empresa])
        session.add(
            Cliente(
                empresa_id=1,
                rfc="CACX7605101P8",
                nombre="X",
                regimen_fiscal_receptor="612",
                domicilio_fiscal_receptor="42501",
                uso_cfdi="G03",
            )
        )
        session.add(
            Cliente(
                empresa_id=1,
                rfc="XEXX010101000",
                nombre="ACME INC",
                regimen_fiscal_receptor="616",
                domicilio_fiscal_receptor="42501",
                uso_cfdi="S01",
                residencia_fiscal="USA",
                num_reg_id_trib="123456789",
            )
        )
        session.commit()
    with read_session(engine) as session:
        assert session.get(Cliente, 1).emails == ["pagos@example.com"]
        extranjero = session.exec(select(Cliente).where(Cliente.rfc == "XEXX010101000")).one()
        assert (extranjero.residencia_fiscal, extranjero.num_reg_id_trib) == ("USA", "123456789")
        assert session.get(Empresa, 1).logo == b"\x89PNG"
    engine.dispose()


def test_newest_revision_read_from_the_scripts_is_alembics_head():
    from facturador.models.engine import newest_revision
    from facturador.models.migrate import head_revision

    assert newest_revision() == head_revision()


def test_reopening_a_current_database_skips_alembic(tmp_path, monkeypatch):
    from facturador.models import migrate
    from facturador.models.engine import open_database, sqlite_url

    url = sqlite_url(tmp_path / "db.sqlite3")
    open_database(url).dispose()
    calls = []
    monkeypatch.setattr(migrate, "upgrade", lambda *a, **k: calls.append(a))
    open_database(url).dispose()
    assert calls == []
