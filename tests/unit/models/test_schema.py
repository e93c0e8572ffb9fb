from datetime import UTC, datetime
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import col, select

from facturador.models import (
    Documento,
    Empresa,
    Producto,
    current_revision,
    head_revision,
    read_session,
    write_session,
)
from facturador.models.tables import metadata


def test_migrations_build_exactly_the_declared_schema(engine):
    assert current_revision(engine) == head_revision() == "0013"
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def _empresa(session, rfc="EKU9003173C9"):
    empresa = Empresa(
        rfc=rfc, nombre="ESCUELA KEMPER URGATE", regimen_fiscal="601", lugar_expedicion="42501"
    )
    session.add(empresa)
    session.commit()
    return empresa


def test_amounts_xml_and_times_round_trip_exactly(engine):
    xml = b'<?xml version="1.0" encoding="UTF-8"?>\r\n<cfdi:Comprobante T="1.10"\xc3\xb1/>\x00\xff'
    when = datetime(2026, 11, 25, 18, 30, 15, 123456, tzinfo=UTC)
    with write_session(engine) as session:
        empresa = _empresa(session)
        session.add(
            Documento(
                empresa_id=empresa.id,
                tipo="I",
                total=Decimal("12345678.123456"),
                sealed_xml=xml,
                stamped_xml=xml + b" ",
                fecha=datetime(2026, 11, 25, 12),
                next_attempt_at=when,
            )
        )
        session.add(
            Producto(
                empresa_id=empresa.id,
                clave_prod_serv="01010101",
                clave_unidad="H87",
                descripcion="Venta",
                valor_unitario=Decimal("100.00"),
                objeto_imp="02",
                impuestos={"Traslados": [{"TasaOCuota": "0.160000"}]},
            )
        )
        session.commit()
    with read_session(engine) as session:
        documento = session.exec(select(Documento)).one()
        producto = session.exec(select(Producto)).one()
    assert documento.sealed_xml == xml
    assert documento.stamped_xml == xml + b" "
    assert documento.total == Decimal("12345678.123456")
    assert str(documento.total) == "12345678.123456"
    assert documento.next_attempt_at == when
    assert documento.fecha == datetime(2026, 11, 25, 12)
    assert str(producto.valor_unitario) == "100.00"
    assert producto.impuestos == {"Traslados": [{"TasaOCuota": "0.160000"}]}


def test_totals_sort_as_numbers_and_reject_float_and_excess_decimals(engine):
    with write_session(engine) as session:
        empresa = _empresa(session)
        for total in ("9.99", "100.00", "10.5", "0.000001"):
            session.add(Documento(empresa_id=empresa.id, tipo="I", total=Decimal(total)))
        session.commit()
        ordered = session.exec(select(Documento.total).order_by(col(Documento.total))).all()
        assert [str(t) for t in ordered] == ["0.000001", "9.99", "10.50", "100.00"]
        session.add(Documento(empresa_id=empresa.id, tipo="I", total=Decimal("1.0000001")))
        with pytest.raises(Exception, match="more than 6 decimals"):
            session.flush()
        session.rollback()


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    from facturador.models import open_database, sqlite_url

    engine = open_database(sqlite_url(tmp_path / "x.sqlite3"))
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
    engine.dispose()


def test_foreign_keys_are_enforced(engine):
    from sqlalchemy.exc import IntegrityError

    with write_session(engine) as session:
        session.add(Documento(empresa_id=999, tipo="I"))
        with pytest.raises(IntegrityError):
            session.commit()
