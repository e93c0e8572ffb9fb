"""Inputs that once hung the app or exhausted memory (issue 24 point 3); prints one JSON line.

Each case runs in a fresh process and reports its wall time and peak memory
(`resource.getrusage(RUSAGE_SELF).ru_maxrss`); the target is < 5 s and < 300 MB each:

- `pdf_cantidad_1e999999999`: `render_pdf` of a stamped sample whose Cantidad is
  1E+999999999 (formatting it once took > 60 s and 6.3 GB);
- `validar_addenda_262k`: `validate_xml` of a sample with an Addenda of 262,000 tiny
  elements (1 MB; once 146 s, quadratic in the number of XSD errors);
- `validar_addenda_19mb`: the same with a 19 MB Addenda (once > 300 s at 940 MB);
- `validar_conceptos_19mb`: 19 MB of invalid Concepto siblings (the streamed XSD pass);
- `validar_complemento_19mb`: 19 MB of elements of an unknown complement.

Run: `uv run python bench/hostile_inputs.py` (add `--quick` for CI: same cases, smaller).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from _quick import QUICK

SAMPLE = (
    Path(__file__).resolve().parent.parent.parent
    / "shared" / "sat" / "samples" / "cfdi40_ingreso_iva16_timbrado.xml"
)  # fmt: skip
LIMIT_S = 5.0
LIMIT_MB = 300.0
MB = 1024 * 1024


def _sized(unit: bytes, size: int) -> bytes:
    return unit * (size // len(unit))


def _input(case: str, scale: float) -> bytes:
    data = SAMPLE.read_bytes()
    big = int(19 * MB * scale)
    if case == "pdf_cantidad_1e999999999":
        return data.replace(b'Cantidad="', b'Cantidad="1E+999999999" X="', 1)
    if case == "validar_addenda_262k":
        addenda = b"<a/>" * int(262_000 * scale)
        return data.replace(b"</cfdi:Comprobante>", b"<cfdi:Addenda>" + addenda +
                            b"</cfdi:Addenda></cfdi:Comprobante>")  # fmt: skip
    if case == "validar_addenda_19mb":
        return data.replace(b"</cfdi:Comprobante>", b"<cfdi:Addenda>" + _sized(b"<a/>", big) +
                            b"</cfdi:Addenda></cfdi:Comprobante>")  # fmt: skip
    if case == "validar_conceptos_19mb":
        unit = b'<cfdi:Concepto ClaveProdServ="01010101" Cantidad="1" Descripcion="x' + b"x" * 40
        unit += b'"/>'
        return data.replace(b"</cfdi:Conceptos>", _sized(unit, big) + b"</cfdi:Conceptos>")
    if case == "validar_complemento_19mb":
        unit = b'<p:dato xmlns:p="urn:propio" valor="' + b"v" * 60 + b'"/>'
        return data.replace(b"</cfdi:Complemento>", _sized(unit, big) + b"</cfdi:Complemento>")
    raise SystemExit(f"unknown case {case}")


def _run_case(case: str, scale: float) -> dict[str, object]:
    data = _input(case, scale)
    started = time.perf_counter()
    if case.startswith("pdf"):
        from facturador.pdf.render import render_pdf
        from facturador.sat.errors import FacturadorError

        try:
            render_pdf(data)
            outcome = "rendered"
        except FacturadorError as error:
            outcome = error.message[:90]
    else:
        from facturador.sat.validation import validate_xml

        report = validate_xml(data)
        codes = [f.codigo for f in report.errores + report.avisos]
        outcome = f"{len(report.errores)} errores: {' '.join(sorted(set(codes)))}"
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"bytes": len(data), "s": round(seconds, 3), "max_rss_mb": round(peak_mb, 1),
            "outcome": outcome}  # fmt: skip


CASES = (
    "pdf_cantidad_1e999999999",
    "validar_addenda_262k",
    "validar_addenda_19mb",
    "validar_conceptos_19mb",
    "validar_complemento_19mb",
)


def main(argv: list[str]) -> int:
    if len(argv) > 2 and argv[1] == "--case":
        print(json.dumps(_run_case(argv[2], float(argv[3]))))
        return 0
    scale = 0.05 if QUICK else 1.0
    results = {}
    for case in CASES:
        out = subprocess.run([sys.executable, __file__, "--case", case, str(scale)],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
        results[case] = json.loads(out)
    ok = all(r["s"] < LIMIT_S and r["max_rss_mb"] < LIMIT_MB for r in results.values())
    print(json.dumps({"cases": results, "limit_s": LIMIT_S, "limit_mb": LIMIT_MB, "ok": ok},
                     ensure_ascii=False))  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
