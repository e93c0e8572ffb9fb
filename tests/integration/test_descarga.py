# ruff: noqa: F401, F811 - pytest fixtures imported by name
"""SAT's descarga masiva against its loopback emulator: request, verify, download, the
limits, lost answers, faults, and the seam to the import (downloaded_packages/mark_imported)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import requests

from facturador.pac.sat_descarga import SOAP_ACTIONS, request_envelope
from facturador.sat.credentials import Credential
from facturador.sat.errors import FacturadorError
from facturador.services import descarga, recibidos
from facturador.services.errors import DescargaInputError
from tests.integration.descarga_fixtures import (
    CSD,
    NOW,
    company_context,
    ctx,
    emulator,
    factory_for,
    fast_polls,
    fiel_files,
)
from tests.pac_emulators import Fault, FaultKind
from tests.pac_emulators.sat_descarga import METADATA_HEADER, sample_cfdis


def _run_until_done(ctx, emulator, passes: int = 30) -> list[descarga.PassReport]:
    reports = []
    for _ in range(passes):
        report = descarga.continuar(ctx, client_factory=factory_for(emulator))
        reports.append(report)
        if report.open == 0:
            return reports
    pytest.fail(f"still open after {passes} passes: {descarga.estado(ctx)}")


def _solicitar(ctx, emulator, **kwargs):
    values = {"tipo": "recibidos", "desde": "2026-11-01", "hasta": "2026-11-30", **kwargs}
    return descarga.solicitar(ctx, client_factory=factory_for(emulator), **values)


def test_a_month_of_received_cfdi_is_requested_verified_and_every_package_downloaded_once(
    ctx, emulator
):
    view = _solicitar(ctx, emulator)
    assert view.state == "aceptada"
    assert view.id_solicitud in emulator.solicitudes
    _run_until_done(ctx, emulator)

    [job] = descarga.estado(ctx)
    assert job.state == "importada"
    assert job.numero_cfdis == 7
    assert len(job.paquetes) == 3  # 7 CFDI in packages of 3
    assert set(emulator.download_counts.values()) == {1}
    assert len(emulator.download_counts) == 3
    paths = descarga.downloaded_packages(ctx, job.id)
    names = set()
    for path in paths:
        assert path.parent == ctx.data_dir / "descargas" / "EKU9003173C9"
        with zipfile.ZipFile(path) as archive:
            names |= set(archive.namelist())
    assert names == {
        f"{uuid}.xml" for uuid, _ in emulator.cfdis(next(iter(emulator.period_counts)))
    }
    # what was asked: one request for the month, received XML of Vigente CFDI only
    [(key, count)] = emulator.period_counts.items()
    assert count == 1
    assert key == (
        "SolicitaDescargaRecibidos",
        "EKU9003173C9",
        "2026-11-01T00:00:00",
        "2026-11-30T23:59:59",
        "CFDI",
        "Vigente",
    )
    polls = emulator.requests_of("VerificaSolicitudDescarga")
    assert [estado for _, _, estado in polls] == ["1", "2", "3"]
    # the pass imported them: Comprobantes recibidos lists each CFDI once, from the download
    inbox = recibidos.list_recibidos(ctx)
    assert sorted(r.uuid.upper() for r in inbox) == sorted(
        uuid.upper() for uuid, _ in emulator.cfdis(next(iter(emulator.period_counts)))
    )
    assert {r.origen for r in inbox} == {"descarga"}
    assert {p.state for p in job.paquetes} == {"importado"}


def test_metadata_of_issued_cfdi_comes_as_tilde_separated_text_with_its_header(ctx, emulator):
    _solicitar(ctx, emulator, tipo="emitidos", metadata=True)
    _run_until_done(ctx, emulator)
    [job] = descarga.estado(ctx)
    assert job.formato == "metadata"
    [key] = emulator.period_counts
    assert key[0] == "SolicitaDescargaEmitidos"
    assert key[4] == "Metadata"
    with zipfile.ZipFile(descarga.downloaded_packages(ctx, job.id)[0]) as archive:
        [name] = archive.namelist()
        lines = archive.read(name).decode().splitlines()
    assert lines[0] == METADATA_HEADER
    assert all(len(line.split("~")) == 12 for line in lines)


def test_a_period_without_cfdi_ends_without_packages(ctx, emulator):
    emulator.cfdis = lambda key: []
    _solicitar(ctx, emulator)
    _run_until_done(ctx, emulator)
    [job] = descarga.estado(ctx)
    assert job.state == "sin_datos"
    assert job.state_label == "Sin CFDI en el periodo"
    assert emulator.download_counts == {}


def test_the_seam_to_the_import_marks_packages_and_then_the_request_imported(ctx, emulator):
    _solicitar(ctx, emulator)
    _run_until_done(ctx, emulator)
    [job] = descarga.estado(ctx)
    for package in job.paquetes:
        descarga.mark_imported(ctx, package.id)
        descarga.mark_imported(ctx, package.id)  # idempotent
    [job] = descarga.estado(ctx)
    assert job.state == "importada"
    assert {p.state for p in job.paquetes} == {"importado"}
    assert len(descarga.downloaded_packages(ctx, job.id)) == 3


def test_a_lost_answer_is_resent_once_then_the_period_is_asked_as_two_halves(ctx, emulator):
    """SAT accepts the request but the answer never arrives (the connection drops): the
    same parameters go once more (SAT: 5005, it holds the first), then two halves."""
    emulator.faults.script(Fault(FaultKind.DROP_AFTER_COMMIT))  # the first Solicita
    emulator.faults.operations = frozenset({"SolicitaDescargaRecibidos"})
    view = _solicitar(ctx, emulator)
    assert view.state == "enviando"
    assert view.attempts == 1
    _run_until_done(ctx, emulator)

    jobs = {job.id: job for job in descarga.estado(ctx)}
    original = jobs[view.id]
    assert original.state == "reemplazada"
    assert "dos mitades" in original.last_error
    halves = [job for job in jobs.values() if job.id != view.id]
    assert [(h.desde, h.hasta) for h in sorted(halves, key=lambda h: h.desde)] == [
        ("2026-11-01T00:00:00", "2026-11-15T23:59:59"),
        ("2026-11-16T00:00:00", "2026-11-30T23:59:59"),
    ]
    assert {h.state for h in halves} == {"importada"}
    counts = {key[2:4]: n for key, n in emulator.period_counts.items()}
    assert counts[("2026-11-01T00:00:00", "2026-11-30T23:59:59")] == 2  # SAT's limit
    assert max(counts.values()) <= 2
    # the lost request's packages are never downloaded; the halves' once each
    lost = next(s for s in emulator.solicitudes.values() if s.key[3] == "2026-11-30T23:59:59"
                and s.key[2] == "2026-11-01T00:00:00")  # fmt: skip
    assert not any(emulator.download_counts.get(p) for p in lost.packages)
    assert set(emulator.download_counts.values()) == {1}
    # the import reads the packages of the halves through the original request
    assert len(descarga.downloaded_packages(ctx, view.id)) == sum(len(h.paquetes) for h in halves)


def test_a_package_whose_download_is_lost_twice_is_never_asked_a_third_time(ctx, emulator):
    emulator.faults.operations = frozenset({"Descargar"})
    emulator.faults.script(Fault(FaultKind.DROP_AFTER_COMMIT), times=2)
    _solicitar(ctx, emulator)
    _run_until_done(ctx, emulator)
    [job] = descarga.estado(ctx)
    assert job.state == "incompleta"
    exhausted = [p for p in job.paquetes if p.state == "agotado"]
    assert len(exhausted) == 1
    assert emulator.download_counts[exhausted[0].id_paquete] == 2
    assert not any(code == "5008" for _, _, code in emulator.requests_of("Descargar"))
    assert sorted(emulator.download_counts.values()) == [1, 1, 2]


@pytest.mark.parametrize("kind", [FaultKind.HTTP_500, FaultKind.TIMEOUT, FaultKind.MALFORMED])
def test_faults_while_verifying_and_downloading_are_retried_later(ctx, emulator, kind):
    emulator.timeout_delay = 0.8  # beyond the client's 0.5 s read timeout
    emulator.faults.operations = frozenset({"VerificaSolicitudDescarga", "Descargar"})
    emulator.faults.script(Fault(kind), times=2)
    _solicitar(ctx, emulator)
    reports = _run_until_done(ctx, emulator)
    assert any(report.errors for report in reports)
    [job] = descarga.estado(ctx)
    assert job.state == "importada"
    assert len(emulator.faults.injected) == 2


def test_an_authentication_refused_leaves_the_request_waiting_with_sats_reason(ctx, emulator):
    emulator.faults.operations = frozenset({"Autentica"})
    emulator.faults.script(Fault(FaultKind.AUTH, "305"))
    view = _solicitar(ctx, emulator)
    assert view.state == "por_enviar"
    assert view.attempts == 0
    assert emulator.period_counts == {}
    emulator.faults.script(Fault(FaultKind.AUTH, "305"))
    refused = descarga.continuar(ctx, client_factory=factory_for(emulator))
    assert refused.sent == 0
    assert any("e.firma" in error for error in refused.errors)
    assert descarga.estado(ctx)[0].state == "por_enviar"
    report = descarga.continuar(ctx, client_factory=factory_for(emulator))  # accepted now
    assert report.sent == 1
    assert len(emulator.period_counts) == 1


@pytest.mark.parametrize(
    ("code", "state", "text"),
    [
        ("5002", "rechazada", "solo dos veces"),
        ("5005", "rechazada", "solicitud vigente"),
        ("5004", "sin_datos", None),
    ],
)
def test_sats_refusals_of_a_first_request_are_final_and_explained(ctx, emulator, code, state, text):
    emulator.faults.operations = frozenset({"SolicitaDescargaRecibidos"})
    emulator.faults.script(Fault(FaultKind.REJECT, code))
    view = _solicitar(ctx, emulator)
    assert view.state == state
    if text:
        assert text in view.last_error
        assert f"código {code}" in view.last_error
    assert descarga.continuar(ctx, client_factory=factory_for(emulator)).open == 0


def test_a_404_of_sat_is_retried_without_counting_as_a_request(ctx, emulator):
    emulator.faults.operations = frozenset({"SolicitaDescargaRecibidos"})
    emulator.faults.script(Fault(FaultKind.REJECT, "404"))
    view = _solicitar(ctx, emulator)
    assert view.state == "por_enviar"
    assert view.attempts == 0
    assert "no clasificó" in view.last_error
    _run_until_done(ctx, emulator)
    assert descarga.estado(ctx)[0].state == "importada"


def test_the_emulator_refuses_a_body_whose_signature_does_not_verify(emulator):
    cer, key, password = fiel_files()
    credential = Credential.load(cer, key, password, now=NOW, require_csd=False)
    client = factory_for(emulator)(credential)
    token = client.authenticate()
    envelope = request_envelope(
        credential,
        "VerificaSolicitudDescarga",
        "solicitud",
        {"IdSolicitud": "abc", "RfcSolicitante": "EKU9003173C9"},
    )
    tampered = envelope.replace(b'IdSolicitud="abc"', b'IdSolicitud="abd"')
    answer = requests.post(
        f"{emulator.url}/VerificaSolicitudDescargaService.svc",
        data=tampered,
        headers={
            "SOAPAction": SOAP_ACTIONS["VerificaSolicitudDescarga"],
            "Authorization": f'WRAP access_token="{token.value}"',
        },
        timeout=2,
    )
    assert b'CodEstatus="302"' in answer.content
    with pytest.raises(FacturadorError) as raised:
        client.verificar("abc")  # well signed: SAT does not know it
    assert "5004" in raised.value.message


def test_bad_input_is_explained_in_spanish_and_records_nothing(ctx, emulator):
    cases = [
        ({"tipo": "todos"}, "emitidos o los recibidos"),
        ({"desde": "2026-13-01"}, "AAAA-MM-DD"),
        ({"desde": "2026-11-30", "hasta": "2026-11-01"}, "posterior a la final"),
        ({"desde": "2027-01-01", "hasta": "2027-01-31"}, "posterior a hoy"),
        ({"desde": "2019-01-01", "hasta": "2019-01-31"}, "seis años"),
    ]
    for values, text in cases:
        with pytest.raises(DescargaInputError) as raised:
            _solicitar(ctx, emulator, **values)
        assert text in raised.value.message
    assert descarga.estado(ctx) == []
    assert emulator.requests == []


def test_a_company_without_its_fiel_is_told_how_to_install_it(tmp_path, emulator, fast_polls):
    ctx = company_context(tmp_path / "sin_fiel", with_fiel=False)
    with pytest.raises(DescargaInputError) as raised:
        _solicitar(ctx, emulator)
    assert "certificado fiel" in raised.value.message
    assert descarga.estado(ctx) == []


def test_a_csd_is_refused_as_fiel_and_nothing_is_stored(tmp_path, fast_polls):
    ctx = company_context(tmp_path / "csd", with_fiel=False)
    cer = (CSD / "certificate.cer").read_bytes()
    key = (CSD / "private_key.key").read_bytes()
    with pytest.raises(DescargaInputError) as raised:
        descarga.install_fiel(ctx, cer, key, (CSD / "password.txt").read_text().strip())
    assert "solo acepta la e.firma" in raised.value.message
    cer, key, _ = fiel_files()
    with pytest.raises(FacturadorError) as wrong:
        descarga.install_fiel(ctx, cer, key, "no-es-la-contraseña")
    assert "contraseña" in wrong.value.message
    with ctx.read() as session:
        from facturador.models.tables import EmpresaFiel

        assert session.get(EmpresaFiel, 1) is None
    assert ctx.secrets.get("facturador", "fiel:EKU9003173C9:30001000000500003415") is None


def test_the_fiel_password_lives_in_the_keyring_only(ctx):
    from sqlalchemy import text

    _, _, password = fiel_files()
    key = "fiel:EKU9003173C9:30001000000500003415"
    assert ctx.secrets.get("facturador", key) == password
    with ctx.read() as session:
        rows = session.execute(text("SELECT * FROM empresa_fiel")).all()
    assert len(rows) == 1
    assert all(password.encode() not in (v if isinstance(v, bytes) else str(v).encode())
               for v in rows[0])  # fmt: skip


def test_sample_cfdis_have_a_uuid_each():
    cfdis = sample_cfdis(10)
    assert len({uuid for uuid, _ in cfdis}) == 10
    assert all(uuid.encode() in xml for uuid, xml in cfdis)


def test_the_cli_installs_the_fiel_requests_a_month_and_downloads_it(
    tmp_path, emulator, fast_polls, monkeypatch, capsys
):
    import json

    from facturador.cli import main
    from tests.integration.descarga_fixtures import FIEL

    monkeypatch.setenv(descarga.URL_ENV, emulator.url)
    ctx = company_context(tmp_path / "cli", with_fiel=False)
    fiel = ["certificado", "fiel", str(FIEL / "certificate.cer"), str(FIEL / "private_key.key")]
    assert main([*fiel, "--password-file", str(FIEL / "password.txt")], context=ctx) == 0
    assert "e.firma 30001000000500003415 instalada para EKU9003173C9" in capsys.readouterr().out
    month = ["--recibidos", "--desde", "2026-11-01", "--hasta", "2026-11-30"]
    assert main(["descarga", "solicitar", *month], context=ctx) == 0
    assert "aceptada por el SAT" in capsys.readouterr().out
    assert main(["descarga", "continuar", "--esperar"], context=ctx) == 0
    assert "paquetes descargados: 3" in capsys.readouterr().out
    assert main(["descarga", "estado", "--json"], context=ctx) == 0
    [job] = json.loads(capsys.readouterr().out)
    assert job["estado"] == "importada"
    assert job["numero_cfdis"] == 7
    assert [Path(p["archivo"]).is_file() for p in job["paquetes"]] == [True, True, True]
    assert main(["descarga", "estado"], context=ctx) == 0
    assert "Importada, 7 CFDI, paquetes 3/3" in capsys.readouterr().out


def test_the_cli_explains_bad_input_and_a_csd_given_as_fiel(tmp_path, emulator, fast_polls, capsys):
    from facturador.cli import main

    ctx = company_context(tmp_path / "cli_errores", with_fiel=False)
    cer, key = str(CSD / "certificate.cer"), str(CSD / "private_key.key")
    code = main(
        ["certificado", "fiel", cer, key, "--password-file", str(CSD / "password.txt")],
        context=ctx,
    )
    assert code == 1
    assert "solo acepta la e.firma (FIEL)" in capsys.readouterr().err
    backwards = ["--emitidos", "--desde", "2026-11-30", "--hasta", "2026-11-01"]
    assert main(["descarga", "solicitar", *backwards], context=ctx) == 1
    assert "Error: La fecha inicial (2026-11-30) es posterior a la final" in capsys.readouterr().err
