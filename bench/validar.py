"""Full `validate_xml` (parse + XSD + rules + sello + TFD) per document; prints one JSON line.

Documents (the mixed set): the four CFDI 4.0 samples of shared/sat/samples (three stamped),
100 invoices built here with 1 to 5 concepts, sealed with SAT's test CSD and stamped by the
sandbox stamper, and one stamped document each with Carta Porte 3.1, Nómina 1.2 and Comercio
Exterior 2.0 (the test fixtures of tests/unit/sat/validation/complementos/), plus a copy of
each of those three with an Addenda. Every document is valid, and every TFD is verified (the
sandbox's certificate is handed to the validator).

Figures, after one warm-up pass (schemas, XSLT and catalogs load once per process):
- `validar_ms_per_doc`: `validate_xml` of the in-memory set, `ROUNDS` times;
- `folder_docs_per_s`: the set written `FOLDER_COPIES` times to a temporary folder, each file
  read and validated in one process (what `facturador validar CARPETA` does, without
  printing); target >= 1,000 documents per second on one core (architecture.md);
- `xsd_ms`, `rules_ms`, `sello_ms` (Sello + TFD): the stages apart, on the 4.0 set.
`--quick` (CI): one round, a small folder; figures not judged.
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from _inputs import CSD_DIR, FECHA, NOW, invoice_input
from _quick import rounds

from facturador.pac.sandbox import SandboxStamper
from facturador.sat.build import build_comprobante
from facturador.sat.credentials import Credential
from facturador.sat.sello import seal
from facturador.sat.validation import validate_rules, validate_xml
from facturador.sat.validation.sello import check_sello
from facturador.sat.validation.timbre import check_timbre, default_sat_certificates
from facturador.sat.validation.xsd import xsd_findings
from facturador.sat.xml_reader import comprobante_from_element
from facturador.sat.xml_safety import parse_xml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
ROUNDS = rounds(20)
FOLDER_COPIES = rounds(10)
GENERATED = rounds(100, 5)
SAMPLES = REPO.parent / "shared" / "sat" / "samples"
STAMPED_AT = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
ADDENDA = (b'<cfdi:Addenda><cliente:Pedido xmlns:cliente="urn:cliente:pedidos" Numero="45"/>'
           b"</cfdi:Addenda>")  # fmt: skip


def _credential() -> Credential:
    return Credential.load(
        (CSD_DIR / "certificate.cer").read_bytes(),
        (CSD_DIR / "private_key.key").read_bytes(),
        (CSD_DIR / "password.txt").read_text(),
        now=NOW,
    )


def _complement_documents(credential: Credential, stamper: SandboxStamper) -> list[bytes]:
    from tests.unit.sat.validation import test_complements as fixtures

    stamped = [fixtures._stamped(name, credential, stamper) for name in sorted(fixtures.CASES)]
    with_addenda = [d.replace(b"</cfdi:Comprobante>", ADDENDA + b"</cfdi:Comprobante>")
                    for d in stamped]  # fmt: skip
    return stamped + with_addenda


def _documents(stamper: SandboxStamper) -> list[bytes]:
    credential = _credential()
    documents = [p.read_bytes() for p in sorted(SAMPLES.glob("*.xml"))]
    for folio in range(1, GENERATED + 1):
        data = copy.deepcopy(invoice_input(folio))
        data["Conceptos"] = data["Conceptos"][: 1 + folio % 5]  # type: ignore[index]
        sealed = seal(build_comprobante(data, fecha=FECHA), credential).xml
        result = stamper.stamp(sealed)
        assert result.xml is not None, result
        documents.append(result.xml)
    return documents + _complement_documents(credential, stamper)


def _per_doc_ms(documents: list, work: Callable[[object], object]) -> float:
    for document in documents:  # warm-up
        work(document)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for document in documents:
            work(document)
    return (time.perf_counter() - started) * 1000 / (ROUNDS * len(documents))


def _folder_docs_per_s(documents: list[bytes], validate: Callable[[bytes], object]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for copy_number in range(FOLDER_COPIES):
            for index, document in enumerate(documents):
                path = Path(folder) / f"{copy_number:02d}_{index:04d}.xml"
                path.write_bytes(document)
                paths.append(path)
        started = time.perf_counter()
        for path in sorted(Path(folder).glob("*.xml")):
            validate(path.read_bytes())
        return len(paths) / (time.perf_counter() - started)


def main() -> int:
    stamper = SandboxStamper(clock=lambda: STAMPED_AT)
    certificates = dict(default_sat_certificates())
    certificates[stamper.signer.no_certificado] = stamper.signer.certificate

    def validate(data: object) -> object:
        return validate_xml(data, sat_certificates=certificates)  # type: ignore[arg-type]

    documents = _documents(stamper)
    reports = [validate(d) for d in documents]
    invalid = [i for i, r in enumerate(reports) if not r.valido]  # type: ignore[attr-defined]
    if invalid:
        print(f"invalid documents in the bench set: {invalid}", file=sys.stderr)
        return 1
    roots = [parse_xml(d) for d in documents[: 4 + GENERATED]]
    parsed = [(root, comprobante_from_element(root)) for root in roots]

    def sello(pair: object) -> object:
        root, comprobante = pair  # type: ignore[misc]
        return check_sello(root, comprobante.fecha), check_timbre(root, certificates)

    result = {
        "validar_ms_per_doc": round(_per_doc_ms(documents, validate), 4),
        "folder_docs_per_s": round(_folder_docs_per_s(documents, validate), 1),
        "xsd_ms": round(_per_doc_ms(roots, xsd_findings), 4),
        "rules_ms": round(_per_doc_ms([c for _, c in parsed], validate_rules), 4),
        "sello_ms": round(_per_doc_ms(parsed, sello), 4),
        "documents": len(documents),
        "stamped": sum(r.timbre_valido is True for r in reports),  # type: ignore[attr-defined]
        "with_complements": 6,
        "folder_files": len(documents) * FOLDER_COPIES,
        "rounds": ROUNDS,
        "target_ms": 5,
        "target_docs_per_s": 1000,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
