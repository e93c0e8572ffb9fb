"""A PAC rejects a document for its receptor's name (CFDI40145): the user imports the client's
Constancia, the document is sealed again with the corrected name and the same folio, and
stamped — against the Finkok emulator, whose padrón knows the name SAT has."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

from facturador.cli import main
from facturador.models import Documento, read_session
from facturador.models.engine import open_database, sqlite_url
from facturador.models.states import DocumentState
from facturador.models.tables import AuditEntry
from facturador.pac.base import StampResult, StampStatus
from facturador.pac.finkok import FinkokClient
from facturador.pac.sandbox import SandboxStamper
from facturador.sat.xml_reader import parse_comprobante
from facturador.services import csf_import
from facturador.services.context import Context
from facturador.services.directory import client_data, save_client
from facturador.services.emission import emit
from facturador.services.queue import sync_once
from facturador.services.receptor_reissue import receptor_rejection_text, reseal_with_client
from facturador.services.registry import row
from facturador.services.secrets import MemorySecretStore
from tests.pac_emulators import FinkokEmulator
from tests.pac_emulators.fixtures import TEST_TIMEOUT
from tests.unit.services import csf_pdfs
from tests.unit.services.company_setup import company_input, install_test_company

CSD_DIR = Path(__file__).resolve().parents[3] / "shared" / "sat" / "csd"
SAT_NAME = "MI EMPRESA"  # what the padrón (and the client's Constancia) has for DIM8701081LA


class PadronSandbox(SandboxStamper):
    """SAT's check of the receptor's name: any other than the padrón's is CFDI40145."""

    def stamp(self, xml: bytes) -> StampResult:
        receptor = parse_comprobante(xml).receptor
        if receptor.rfc == "DIM8701081LA" and receptor.nombre != SAT_NAME:
            return StampResult(
                status=StampStatus.REJECTED,
                code="CFDI40145",
                detail="El campo Nombre del receptor, debe pertenecer al nombre asociado al RFC "
                "registrado en el campo Rfc del Receptor.",
            )
        return super().stamp(xml)


def _client(emulator: FinkokEmulator) -> FinkokClient:
    return FinkokClient(
        emulator.username, emulator.password, base_url=emulator.url, timeout=TEST_TIMEOUT,
        recover_attempts=5, recover_interval=0.05,
    )  # fmt: skip


def _doc(engine, documento_id) -> Documento:
    with read_session(engine) as session:
        return session.get(Documento, documento_id)


def test_rejected_for_the_name_then_client_updated_then_resealed_and_stamped(tmp_path, capsys):
    now = datetime.now(UTC)
    secrets = MemorySecretStore()
    engine = open_database(sqlite_url(tmp_path / "db.sqlite3"))
    empresa = install_test_company(engine, CSD_DIR, secrets, now=now)
    ctx = Context(engine, secrets, clock=lambda: datetime.now(UTC), data_dir_=tmp_path)
    typed = save_client(
        ctx,
        client_data(
            rfc="DIM8701081LA",
            nombre="MI EMPRESA SA DE CV",  # typed by hand, as on an old invoice
            regimen_fiscal_receptor="601",
            domicilio_fiscal_receptor="06300",
            uso_cfdi="G03",
        ),
    )
    data = company_input()
    data["Receptor"] = {
        "Rfc": typed.rfc,
        "Nombre": typed.nombre,
        "DomicilioFiscalReceptor": typed.domicilio_fiscal_receptor,
        "RegimenFiscalReceptor": typed.regimen_fiscal_receptor,
        "UsoCFDI": typed.uso_cfdi,
    }
    with FinkokEmulator(PadronSandbox(clock=lambda: datetime.now(UTC))) as emulator:
        pac = _client(emulator)
        emitted = emit(engine, data, secrets=secrets, now=now)
        sync_once(engine, pac, empresa_id=empresa.id, now=datetime.now(UTC))
        rejected = _doc(engine, emitted.documento_id)
        assert (rejected.state, rejected.last_error_code) == (DocumentState.RECHAZADO, "CFDI40145")
        text = receptor_rejection_text(rejected.last_error_code)
        assert text is not None
        assert "Actualice los datos del cliente" in text
        assert "mismo folio" in text

        # The user imports the client's Constancia: the name as SAT has it.
        pdf = csf_pdfs.pdf_from_lines(csf_pdfs.moral_lines())
        result = csf_import.import_csf(ctx, pdf)
        assert result.existing_client_id == typed.id
        updated = csf_import.save_import(ctx, result)
        assert (updated.nombre, updated.origen) == (SAT_NAME, "constancia")

        resealed = reseal_with_client(ctx, emitted.documento_id)
        assert resealed.state == "EN_COLA"
        again = _doc(engine, emitted.documento_id)
        assert (again.serie, again.folio) == (rejected.serie, rejected.folio)
        assert parse_comprobante(again.sealed_xml).receptor.nombre == SAT_NAME
        assert json.loads(again.input_json)["Receptor"]["Nombre"] == SAT_NAME

        sync_once(engine, pac, empresa_id=empresa.id, now=datetime.now(UTC))
        stamped = _doc(engine, emitted.documento_id)
        assert stamped.state == DocumentState.TIMBRADO
        assert (stamped.serie, stamped.folio) == (rejected.serie, rejected.folio)
        assert parse_comprobante(stamped.stamped_xml).receptor.nombre == SAT_NAME
        with read_session(engine) as session:
            details = [
                a.detail
                for a in session.exec(
                    select(AuditEntry).where(AuditEntry.documento_id == emitted.documento_id)
                ).all()
            ]
        assert any("Corregido tras el rechazo CFDI40145" in d for d in details)
        assert row(ctx, emitted.documento_id).state == "TIMBRADO"
        # Stamped: nothing to re-seal any more, said in Spanish.
        assert main(["reemitir", "A-1", "--actualizar-receptor"], context=ctx) != 0
        assert "no está rechazado" in capsys.readouterr().err
    engine.dispose()


def test_cli_reemitir_refuses_what_the_constancia_contradicts(tmp_path, capsys):
    """A rejected document whose client still has a name its Constancia contradicts is not
    sealed again: the pre-flight says why; after the fix, `reemitir` queues it."""
    now = datetime.now(UTC)
    secrets = MemorySecretStore()
    engine = open_database(sqlite_url(tmp_path / "db.sqlite3"))
    empresa = install_test_company(engine, CSD_DIR, secrets, now=now)
    ctx = Context(engine, secrets, clock=lambda: datetime.now(UTC), data_dir_=tmp_path)
    pdf = csf_pdfs.pdf_from_lines(csf_pdfs.moral_lines())
    imported = csf_import.save_import(ctx, csf_import.import_csf(ctx, pdf))
    wrong = save_client(
        ctx,
        client_data(
            rfc=imported.rfc,
            nombre="MI EMPRESA SA DE CV",
            regimen_fiscal_receptor=imported.regimen_fiscal_receptor,
            domicilio_fiscal_receptor=imported.domicilio_fiscal_receptor,
            uso_cfdi=imported.uso_cfdi,
        ),
        imported.id,
    )
    data = company_input()
    data["Receptor"] = {
        "Rfc": wrong.rfc, "Nombre": wrong.nombre, "UsoCFDI": wrong.uso_cfdi,
        "DomicilioFiscalReceptor": wrong.domicilio_fiscal_receptor,
        "RegimenFiscalReceptor": wrong.regimen_fiscal_receptor,
    }  # fmt: skip
    with FinkokEmulator(PadronSandbox(clock=lambda: datetime.now(UTC))) as emulator:
        emitted = emit(engine, data, secrets=secrets, now=now)  # the service: no pre-flight
        sync_once(engine, _client(emulator), empresa_id=empresa.id, now=datetime.now(UTC))
        assert _doc(engine, emitted.documento_id).state == DocumentState.RECHAZADO
        assert main(["reemitir", "A-1", "--actualizar-receptor"], context=ctx) != 0
        err = capsys.readouterr().err
        assert "La Constancia dice «MI EMPRESA»; el SAT rechaza «MI EMPRESA SA DE CV»" in err
        assert _doc(engine, emitted.documento_id).state == DocumentState.RECHAZADO
        save_client(
            ctx,
            client_data(
                rfc=imported.rfc, nombre=SAT_NAME, uso_cfdi=imported.uso_cfdi,
                regimen_fiscal_receptor=imported.regimen_fiscal_receptor,
                domicilio_fiscal_receptor=imported.domicilio_fiscal_receptor,
            ),
            imported.id,
        )  # fmt: skip
        assert main(["reemitir", "A-1", "--actualizar-receptor", "--json"], context=ctx) == 0
        out = json.loads(capsys.readouterr().out)
        assert (out["serie"], out["folio"], out["estado"]) == ("A", 1, "EN_COLA")
        sync_once(engine, _client(emulator), empresa_id=empresa.id, now=datetime.now(UTC))
        assert _doc(engine, emitted.documento_id).state == DocumentState.TIMBRADO
    engine.dispose()
