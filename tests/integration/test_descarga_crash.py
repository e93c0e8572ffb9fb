"""Descarga masiva killed at random moments: `facturador descarga continuar --esperar` in a
subprocess, SIGKILLed 10 times while it sends, polls and downloads through the loopback SAT
emulator (in this process, so its records survive every kill), then run to the end.

Every CFDI of the month must end on disk exactly once, every package stored once, and the
emulator's records must show nothing beyond SAT's limits: no parameters asked more than
twice (no 5002), no package asked more than twice (no 5008).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import select

from facturador.models.tables import DescargaPaquete, DescargaSolicitud, Recibido
from facturador.services.descarga import POLL_ENV, URL_ENV
from tests.integration.descarga_fixtures import company_context, fiel_certificate, fiel_files
from tests.pac_emulators.sat_descarga import SatDescargaEmulator, sample_cfdis

REPO = Path(__file__).resolve().parents[2]
KILLS = 10
CFDI_COUNT = 400


def _month() -> list[tuple[str, bytes, str]]:
    """400 received CFDI spread over November 2026: (uuid, xml, fecha)."""
    cfdis = sample_cfdis(CFDI_COUNT, seed="noviembre")
    return [
        (cfdi_uuid, xml, f"2026-11-{1 + index * 29 // CFDI_COUNT:02d}T{index % 24:02d}:00:00")
        for index, (cfdi_uuid, xml) in enumerate(cfdis)
    ]


def _cli(data: Path, password_file: Path, url: str, *words: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        URL_ENV: url,
        POLL_ENV: "0.05",
        "PYTHONPATH": str(REPO),
    }
    command = [sys.executable, "-m", "facturador", "--datos", str(data), *words]
    if words[:2] == ("descarga", "continuar"):
        command += ["--password-file", str(password_file)]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO
    )


@pytest.mark.slow
def test_sigkill_at_random_moments_downloads_every_package_once_within_sats_limits(tmp_path):
    data = tmp_path / "datos"
    ctx = company_context(data)  # EKU9003173C9 with its e.firma; the password goes by file
    ctx.engine.dispose()
    password_file = tmp_path / "fiel.txt"
    password_file.write_text(fiel_files()[2])
    month = _month()
    by_uuid = {cfdi_uuid: fecha for cfdi_uuid, _, fecha in month}

    def cfdis_of(key: tuple[str, ...]) -> list[tuple[str, bytes]]:
        return [(u, xml) for u, xml, fecha in month if key[2] <= fecha <= key[3]]

    emulator = SatDescargaEmulator(
        fiel_certificate(), cfdis=cfdis_of, polls_before_ready=4, package_size=2,
        download_delay=0.005,
    )  # fmt: skip
    rng = random.Random(17)
    with emulator:
        request = _cli(
            data, password_file, emulator.url,
            "descarga", "solicitar", "--recibidos", "--desde", "2026-11-01",
            "--hasta", "2026-11-30", "--sin-enviar",
        )  # fmt: skip
        assert request.wait(timeout=60) == 0, request.stderr.read().decode()
        killed, progress_at_kill = 0, []
        for _ in range(KILLS):
            worker = _cli(data, password_file, emulator.url, "descarga", "continuar", "--esperar")
            time.sleep(rng.uniform(0.9, 2.4))  # ~0.8 s of it to start Python
            if worker.poll() is None:
                worker.send_signal(signal.SIGKILL)
                killed += 1
                progress_at_kill.append(len(emulator.records))
            worker.wait(timeout=30)
        final = _cli(data, password_file, emulator.url, "descarga", "continuar", "--esperar")
        _out, err = final.communicate(timeout=120)
        assert final.returncode == 0, err.decode()

    # The kills landed while there was work to do, at different stages of it.
    assert killed >= KILLS // 2
    assert len(set(progress_at_kill)) >= killed // 2

    # SAT's limits, from the emulator's records.
    assert max(emulator.period_counts.values()) <= 2
    assert max(emulator.download_counts.values()) <= 2
    codes = Counter(code for _, _, code in emulator.records)
    assert codes["5002"] == 0
    assert codes["5008"] == 0

    # Every package of every request SAT finished for us is on disk, once.
    from facturador.models.engine import open_database, read_session, sqlite_url

    engine = open_database(sqlite_url(data / "facturador.sqlite3"))
    with read_session(engine) as session:
        solicitudes = session.exec(select(DescargaSolicitud)).all()
        paquetes = session.exec(select(DescargaPaquete)).all()
        inbox = Counter(session.exec(select(Recibido.uuid)).all())
    engine.dispose()
    exhausted = {p.id_paquete: emulator.download_counts[p.id_paquete] for p in paquetes
                 if p.state != "importado"}  # fmt: skip
    assert {s.state for s in solicitudes} <= {"importada", "reemplazada"}, exhausted
    assert {p.state for p in paquetes} == {"importado"}
    assert len({p.id_paquete for p in paquetes}) == len(paquetes)
    ours = {s.id_solicitud for s in solicitudes if s.state == "importada"}
    expected_packages = {
        p for s in emulator.solicitudes.values() if s.id_solicitud in ours for p in s.packages
    }
    assert {p.id_paquete for p in paquetes} == expected_packages
    # ... and together they hold every CFDI of the month exactly once.
    seen: Counter[str] = Counter()
    for package in paquetes:
        assert package.path is not None
        with zipfile.ZipFile(package.path) as archive:
            seen.update(name.removesuffix(".xml") for name in archive.namelist())
    assert set(seen) == set(by_uuid)
    assert set(seen.values()) == {1}
    # ... and each of them is in Comprobantes recibidos once.
    assert {uuid.upper() for uuid in inbox} == {uuid.upper() for uuid in by_uuid}
    assert set(inbox.values()) == {1}
    assert len(list((data / "descargas").rglob("*.zip"))) == len(paquetes)
    assert list((data / "descargas").rglob("*.part")) == []  # no half-written package left
    figures = {
        "kills": killed,
        "requests": len(solicitudes),
        "packages": len(paquetes),
        "packages_downloaded_twice": sum(1 for n in emulator.download_counts.values() if n == 2),
        "periods_asked_twice": sum(1 for n in emulator.period_counts.values() if n == 2),
        "verifications": len(emulator.requests_of("VerificaSolicitudDescarga")),
    }
    print(json.dumps(figures))
