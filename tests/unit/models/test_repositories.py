from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import text

from facturador.models import (
    DocumentFilter,
    Documento,
    Empresa,
    count_documents,
    is_sqlite,
    list_documents,
    read_session,
    search_key,
    write_session,
)

T0 = datetime(2026, 1, 1, 10, 0)


def _fill(engine, n=60):
    with write_session(engine) as session:
        empresa = Empresa(
            rfc="EKU9003173C9", nombre="E", regimen_fiscal="601", lugar_expedicion="42501"
        )
        session.add(empresa)
        session.flush()
        states = ["TIMBRADO", "EN_COLA", "RECHAZADO"]
        rfcs = ["XAXX010101000", "CACX7605101P8"]
        for i in range(n):
            session.add(
                Documento(
                    empresa_id=empresa.id,
                    tipo="I",
                    state=states[i % 3],
                    rfc_receptor=rfcs[i % 2],
                    fecha=T0 + timedelta(days=i),
                    total=Decimal(i) + Decimal("0.50"),
                    sealed_xml=b"x" * 10,
                )
            )
        session.commit()
        return empresa.id


def test_filter_sort_and_page(engine):
    empresa_id = _fill(engine)
    with read_session(engine) as session:
        flt = DocumentFilter(
            empresa_id=empresa_id, states=["TIMBRADO"], rfc_receptor="xaxx010101000"
        )
        page = list_documents(session, flt, order_by="total", descending=True, limit=3)
        assert [str(d.total) for d in page] == ["54.50", "48.50", "42.50"]
        assert count_documents(session, flt) == 10
        window = DocumentFilter(
            empresa_id=empresa_id, since=T0 + timedelta(days=5), until=T0 + timedelta(days=8)
        )
        assert [d.fecha.day for d in list_documents(session, window, descending=False)] == [6, 7, 8]
        big = DocumentFilter(empresa_id=empresa_id, min_total=Decimal("58.5"))
        assert count_documents(session, big) == 2


def test_listing_queries_use_an_index(engine):
    if not is_sqlite(engine):
        return  # the planner of an almost empty PostgreSQL table scans anyway
    _fill(engine, 5)
    with engine.connect() as connection:
        for where, order in [
            ("state = 'TIMBRADO'", "fecha"),
            ("1=1", "fecha"),
            ("rfc_receptor = 'X'", "fecha"),
            ("1=1", "total"),
        ]:
            plan = " ".join(
                str(row[-1])
                for row in connection.execute(
                    text(
                        f"EXPLAIN QUERY PLAN SELECT id FROM documento WHERE empresa_id = 1 "
                        f"AND {where} ORDER BY {order} DESC LIMIT 200"
                    )
                )
            )
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
            assert "TEMP B-TREE" not in plan, plan


def test_search_key_ignores_case_and_accents_but_keeps_enie():
    assert search_key("José Núñez", None, "café") == "JOSE NUÑEZ CAFE"
