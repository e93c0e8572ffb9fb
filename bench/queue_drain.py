"""Queue drain through the loopback Finkok emulator (real HTTP, SOAP, sandbox stamper).

1,000 sealed documents are queued (not timed), then `sync_once` passes drain them: once
cleanly, once with 20 % of the stamp requests faulted at random (seeded: dropped before or
after stamping, timeouts, HTTP 500, garbage). The emulator runs in this process, in a thread.
With faults the worker retries at once (no backoff) so that the figure measures the queue,
not the wait; the client's read timeout is 0.25 s and the emulator's timeout fault answers
after 0.3 s. The emulator's sandbox skips its XSD/rules validation of each document (the
PAC's own time, spent on its servers, but here in this same process); the clean figure with
it on is `docs_per_s_pac_validating`.

Prints one JSON line: docs_per_s, docs_per_s_with_faults, stamped_once (every document
stamped exactly once in every run), lost (documents not TIMBRADO, or whose stored stamp
differs from the PAC's), duplicated (extra stamps issued), and the counts.

Run: uv run python bench/queue_drain.py [--quick]  (--quick: 20 documents, not judged).
Named so: a `queue.py` here would shadow the standard library's `queue` for every script
in bench/ (tests/unit/test_benches.py checks that no bench does).
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sqlmodel import col, select  # noqa: E402

from bench._quick import rounds  # noqa: E402
from facturador.models.engine import open_database, read_session, sqlite_url, write_session  # noqa: E402
from facturador.models.tables import Documento, Empresa  # noqa: E402
from facturador.pac.finkok import FinkokClient  # noqa: E402
from facturador.pac.sandbox import SandboxStamper  # noqa: E402
from facturador.services.companies import add_company, install_csd, load_csd  # noqa: E402
from facturador.services.emission import _seal_and_queue, prepare  # noqa: E402
from facturador.services.queue import sync_once  # noqa: E402
from facturador.services.secrets import MemorySecretStore  # noqa: E402
from tests.pac_emulators import FaultPlan, FinkokEmulator  # noqa: E402
from tests.unit.sat.conftest import BASE_INPUT  # noqa: E402

DOCUMENTS = rounds(1_000, 20)
FAULT_RATE = 0.2
CSD = REPO.parent / "shared" / "sat" / "csd" / "csd_EKU9003173C9"
PASSWORD = "12345678a"


def _queue(path: Path, count: int) -> int:
    now = datetime.now(UTC)
    secrets = MemorySecretStore()
    engine = open_database(sqlite_url(path))
    with write_session(engine) as session:
        empresa = add_company(
            session,
            rfc="EKU9003173C9",
            nombre="ESCUELA KEMPER URGATE",
            regimen_fiscal="601",
            lugar_expedicion="42501",
        )
        install_csd(
            session,
            empresa.id,
            (CSD / "certificate.cer").read_bytes(),
            (CSD / "private_key.key").read_bytes(),
            PASSWORD,
            secrets,
            now,
        )
        empresa_id = empresa.id
    with read_session(engine) as session:
        empresa = session.get(Empresa, empresa_id)
    data = copy.deepcopy(BASE_INPUT)
    for key in ("Emisor", "Folio", "LugarExpedicion"):
        data.pop(key)
    credential = load_csd(empresa, secrets, now)
    completed, comprobante = prepare(data, empresa, now)
    with engine.connect():  # an idle connection keeps the WAL open: no sync per close
        for _ in range(count):
            _seal_and_queue(engine, empresa, credential, completed, comprobante, now)
    engine.dispose()
    assert empresa_id is not None
    return empresa_id


def _drain(
    url: str, empresa_id: int, faults: FaultPlan | None, *, validate: bool = False
) -> dict[str, object]:
    engine = open_database(url)
    with FinkokEmulator(SandboxStamper(validate=validate), faults=faults) as emulator:
        emulator.timeout_delay = 0.3
        client = FinkokClient(
            emulator.username,
            emulator.password,
            base_url=emulator.url,
            timeout=(2.0, 0.25),
            recover_interval=0.05,
        )
        started = time.perf_counter()
        passes = 0
        while True:
            passes += 1
            report = sync_once(
                engine, client, empresa_id=empresa_id, backoff=lambda _a: timedelta(0)
            )
            if not report.waiting or passes > 10_000:
                break
        seconds = time.perf_counter() - started
        with read_session(engine) as session:
            documentos = session.exec(select(Documento).order_by(col(Documento.id))).all()
        lost = 0
        for documento in documentos:
            issued = emulator.sandbox.lookup(documento.sealed_xml or b"")
            if (
                documento.state != "TIMBRADO"
                or issued is None
                or documento.stamped_xml != issued.xml
            ):
                lost += 1
        counts = emulator.stamp_counts
        duplicated = sum(n - 1 for n in counts.values() if n > 1)
    engine.dispose()
    return {
        "docs_per_s": len(documentos) / seconds,
        "seconds": seconds,
        "lost": lost,
        "duplicated": duplicated,
        "stamped_once": lost == 0 and duplicated == 0 and len(counts) == len(documentos),
        "faults": len(faults.injected) if faults else 0,
        "requests": len(emulator.requests),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed.sqlite3"
        empresa_id = _queue(seed, DOCUMENTS)
        shutil.copyfile(seed, Path(tmp) / "faults.sqlite3")
        shutil.copyfile(seed, Path(tmp) / "validating.sqlite3")
        clean = _drain(sqlite_url(seed), empresa_id, None)
        faulty = _drain(
            sqlite_url(Path(tmp) / "faults.sqlite3"),
            empresa_id,
            FaultPlan(rate=FAULT_RATE, seed=2026),
        )
        validating = _drain(
            sqlite_url(Path(tmp) / "validating.sqlite3"), empresa_id, None, validate=True
        )
    once = all(r["stamped_once"] for r in (clean, faulty, validating))
    print(
        json.dumps(
            {
                "docs_per_s": round(clean["docs_per_s"], 1),
                "docs_per_s_with_faults": round(faulty["docs_per_s"], 1),
                "stamped_once": once,
                "lost": int(clean["lost"]) + int(faulty["lost"]),
                "duplicated": int(clean["duplicated"]) + int(faulty["duplicated"]),
                "documents": DOCUMENTS,
                "faults_injected": faulty["faults"],
                "requests_with_faults": faulty["requests"],
                "docs_per_s_pac_validating": round(validating["docs_per_s"], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
