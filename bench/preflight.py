"""The cost of the receptor pre-flight in Generar CFDI's live preview; prints one JSON line.

The form calls `services.preview.preview` on the GUI thread as the user types (debounced);
with the chosen client it also runs `receptor_check.preflight` against the client's
Constancia. Times 500 previews of a one-line invoice without a client, with a client whose
Constancia matches, and with one it contradicts (a finding). `--quick`: 20 of each.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import date

from _inputs import NOW, invoice_input
from _quick import rounds

from facturador.services.preview import preview
from facturador.services.views import ClientInfo, KnownReceptor

ROUNDS = rounds(500, 20)


def _client(data: dict[str, object], nombre: str) -> ClientInfo:
    receptor = data["Receptor"]
    assert isinstance(receptor, dict)
    return ClientInfo(
        id=1,
        rfc=str(receptor["Rfc"]),
        nombre=str(receptor["Nombre"]),
        regimen_fiscal_receptor=str(receptor["RegimenFiscalReceptor"]),
        domicilio_fiscal_receptor=str(receptor["DomicilioFiscalReceptor"]),
        uso_cfdi=str(receptor["UsoCFDI"]),
        origen="constancia",
        origen_fecha=date(2026, 10, 12),
        constancia=KnownReceptor(
            nombre=nombre,
            codigo_postal=str(receptor["DomicilioFiscalReceptor"]),
            regimenes=(str(receptor["RegimenFiscalReceptor"]),),
            estatus="ACTIVO",
            id_cif="12345678",
            fecha=date(2026, 10, 12),
        ),
    )


def _timings(data: dict[str, object], client: ClientInfo | None) -> list[float]:
    result = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        preview(data, NOW, client)
        result.append((time.perf_counter() - start) * 1000)
    return result


def main() -> None:
    data = invoice_input()
    data.pop("Folio", None)
    receptor = data["Receptor"]
    assert isinstance(receptor, dict)
    matching = _client(data, str(receptor["Nombre"]))
    contradicted = _client(data, "OTRO NOMBRE")
    assert preview(data, NOW, matching).ok
    assert not preview(data, NOW, contradicted).ok
    report: dict[str, float | int] = {"previews": ROUNDS}
    for name, client in (
        ("sin_cliente", None),
        ("coincide", matching),
        ("no_coincide", contradicted),
    ):
        timings = _timings(data, client)
        report[f"{name}_p50_ms"] = round(statistics.median(timings), 3)
        report[f"{name}_p95_ms"] = round(statistics.quantiles(timings, n=20)[18], 3)
    report["preflight_overhead_p50_ms"] = round(
        report["coincide_p50_ms"] - report["sin_cliente_p50_ms"], 3
    )
    print(json.dumps(report))


if __name__ == "__main__":
    main()
