"""Full `validate_xml` (parse + XSD + rules + sello + TFD) per document; prints one JSON line.

Documents: the four CFDI 4.0 samples of shared/sat/samples (three stamped) and 100 invoices
built and sealed here with 1 to 5 concepts (SAT's test CSD). Each document is validated
`ROUNDS` times after one warm-up pass (schema, XSLT and catalogs load once per process; the
certificate of a document is parsed once and cached). Stage figures are measured apart on
the same documents: `xsd_ms` (schema validation of the parsed tree), `rules_ms`
(`validate_rules` on the Comprobante), `sello_ms` (Sello + TimbreFiscalDigital).
"""

from __future__ import annotations

import copy
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from _inputs import CSD_DIR, FECHA, NOW, invoice_input
from _quick import rounds

from facturador.sat.build import build_comprobante
from facturador.sat.credentials import Credential
from facturador.sat.sello import seal
from facturador.sat.validation import validate_rules, validate_xml
from facturador.sat.validation.sello import check_sello
from facturador.sat.validation.timbre import check_timbre
from facturador.sat.validation.xsd import xsd_findings
from facturador.sat.xml_reader import comprobante_from_element
from facturador.sat.xml_safety import parse_xml

ROUNDS = rounds(20)
GENERATED = rounds(100, 5)
SAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "sat" / "samples"


def _documents() -> list[bytes]:
    credential = Credential.load(
        (CSD_DIR / "certificate.cer").read_bytes(),
        (CSD_DIR / "private_key.key").read_bytes(),
        (CSD_DIR / "password.txt").read_text(),
        now=NOW,
    )
    documents = [p.read_bytes() for p in sorted(SAMPLES.glob("*.xml"))]
    for folio in range(1, GENERATED + 1):
        data = copy.deepcopy(invoice_input(folio))
        data["Conceptos"] = data["Conceptos"][: 1 + folio % 5]  # type: ignore[index]
        documents.append(seal(build_comprobante(data, fecha=FECHA), credential).xml)
    return documents


def _per_doc_ms(documents: list, work: Callable[[object], object]) -> float:
    for document in documents:  # warm-up
        work(document)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for document in documents:
            work(document)
    return (time.perf_counter() - started) * 1000 / (ROUNDS * len(documents))


def main() -> int:
    documents = _documents()
    reports = [validate_xml(d) for d in documents]
    invalid = [i for i, r in enumerate(reports) if not r.valido]
    if invalid:
        print(f"invalid documents in the bench set: {invalid}", file=sys.stderr)
        return 1
    roots = [parse_xml(d) for d in documents]
    parsed = [(root, comprobante_from_element(root)) for root in roots]

    def sello(pair: object) -> object:
        root, comprobante = pair  # type: ignore[misc]
        return check_sello(root, comprobante), check_timbre(root)

    result = {
        "validar_ms_per_doc": round(_per_doc_ms(documents, validate_xml), 4),
        "xsd_ms": round(_per_doc_ms(roots, xsd_findings), 4),
        "rules_ms": round(_per_doc_ms([c for _, c in parsed], validate_rules), 4),
        "sello_ms": round(_per_doc_ms(parsed, sello), 4),
        "documents": len(documents),
        "stamped": sum(r.timbre_valido is True for r in reports),
        "rounds": ROUNDS,
        "target_ms": 5,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
