"""`recibidos estado`: inbox CFDIs asked to the loopback ConsultaCFDIService emulator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facturador.cli import main
from facturador.models.engine import open_database, sqlite_url, write_session
from facturador.models.tables import Empresa
from facturador.pac.base import CancelCommand
from facturador.pac.sandbox import SandboxStamper
from facturador.pac.sat_status import SatStatusClient
from facturador.services.context import Context
from facturador.services.recibidos import (
    RecibidoFilter,
    check_sat_status,
    import_sources,
    list_recibidos,
)
from facturador.services.secrets import MemorySecretStore
from tests.pac_emulators import FaultKind
from tests.pac_emulators.fixtures import TEST_TIMEOUT
from tests.pac_emulators.sat import SatEmulator
from tests.unit.services.recibidos_corpus import NOW, STAMPED_AT, stamped_invoices


@pytest.fixture
def stamper() -> SandboxStamper:
    return SandboxStamper(clock=lambda: STAMPED_AT)


@pytest.fixture
def emulator(stamper):
    with SatEmulator(stamper) as emulator:
        yield emulator


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    engine = open_database(sqlite_url(tmp_path / "db.sqlite3"))
    with write_session(engine) as session:
        empresa = Empresa(rfc="EKU9003173C9", nombre="ESCUELA KEMPER URGATE",
                          regimen_fiscal="601", lugar_expedicion="42501", active=True)  # fmt: skip
        session.add(empresa)
        session.commit()
    return Context(engine, MemorySecretStore(), clock=lambda: NOW, data_dir_=tmp_path)


def _import(ctx: Context, tmp_path: Path, docs: list[bytes]) -> None:
    folder = tmp_path / "cfdi"
    folder.mkdir()
    for i, d in enumerate(docs):
        (folder / f"{i}.xml").write_bytes(d)
    assert import_sources(ctx, [folder]).importados == len(docs)


def test_estado_stores_vigente_and_cancelado_with_the_date_checked(
    ctx, tmp_path, stamper, emulator, monkeypatch, capsys
):
    docs = stamped_invoices(3, stamper)
    _import(ctx, tmp_path, docs)
    cancelled = list_recibidos(ctx)[0].uuid
    stamper.cancel(CancelCommand(uuid=cancelled, rfc_emisor="CACX7605101P8", motivo="02",
                                 certificate=b"", private_key=b"", password=""))  # fmt: skip
    monkeypatch.setenv("FACTURADOR_SAT_STATUS_URL", f"{emulator.url}/ConsultaCFDIService.svc")
    assert main(["recibidos", "estado", "--json"], ctx) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["consultados"], summary["vigentes"], summary["cancelados"]) == (3, 2, 1)
    rows = {r.uuid: r for r in list_recibidos(ctx)}
    assert rows[cancelled].estado_sat == "Cancelado"
    assert {r.estado_sat for u, r in rows.items() if u != cancelled} == {"Vigente"}
    assert all(r.sat_checked_at == NOW and r.validacion_efos == "200" for r in rows.values())
    assert all(r.es_cancelable for r in rows.values())
    assert len(emulator.requests) == 3
    # nothing pending now: a second run asks nothing
    assert main(["recibidos", "estado", "--json"], ctx) == 0
    assert json.loads(capsys.readouterr().out)["consultados"] == 0
    assert len(emulator.requests) == 3
    assert main(["recibidos", "listar", "--json", "--estado", "cancelado"], ctx) == 0
    assert [json.loads(line)["uuid"] for line in capsys.readouterr().out.splitlines()] == [
        cancelled
    ]


def test_a_failing_service_stops_the_run_and_leaves_the_rest_pending(
    ctx, tmp_path, stamper, emulator
):
    _import(ctx, tmp_path, stamped_invoices(3, stamper))
    emulator.faults.script(FaultKind.HTTP_500)
    client = SatStatusClient(url=f"{emulator.url}/ConsultaCFDIService.svc", timeout=TEST_TIMEOUT)
    summary = check_sat_status(ctx, client=client)
    assert (summary.consultados, summary.pendientes) == (0, 3)
    assert summary.error is not None
    assert summary.error.startswith("La consulta al SAT se detuvo después de 0 de 3")
    assert len(list_recibidos(ctx, RecibidoFilter(estado_sat="pendiente"))) == 3
    summary = check_sat_status(ctx, client=client)  # the service answers again
    assert (summary.consultados, summary.vigentes, summary.error) == (3, 3, None)
