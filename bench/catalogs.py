"""As-you-type search latency over c_ClaveProdServ and c_CodigoPostal; prints one JSON line.

Queries are the prefixes ("t", "to", "tor", ...) of real words taken from real descriptions,
and prefixes of real postal codes, 1,000 searches per catalog, limit 20, on one thread.
`--quick`: 20 searches (figures not judged).
"""

from __future__ import annotations

import json
import random
import re
import statistics
import time

from _quick import rounds

from facturador.sat.catalogs import Catalogs, default_catalogs

SEARCHES = rounds(1000, 20)
WORD = re.compile(r"[^\W_]{3,}")


def _queries(catalogs: Catalogs, catalog: str, rng: random.Random) -> list[str]:
    """Prefixes of real words (descriptions) or real keys, in typing order."""
    words: list[str] = []
    for letter in "abcdefghijklmnopqrstuvwxyz0123456789":
        for entry in catalogs.search(catalog, letter, limit=40):
            words.extend(WORD.findall(entry.descripcion.lower()))
            words.append(entry.clave)
    queries: list[str] = []
    while len(queries) < SEARCHES:
        word = rng.choice(words)
        queries.extend(word[:n] for n in range(1, min(len(word), 6) + 1))
    return queries[:SEARCHES]


def _latencies(catalogs: Catalogs, catalog: str, queries: list[str]) -> list[float]:
    result = []
    for text in queries:
        start = time.perf_counter()
        catalogs.search(catalog, text, limit=20)
        result.append((time.perf_counter() - start) * 1000)
    return result


def main() -> None:
    catalogs = default_catalogs()
    rng = random.Random(20260806)
    report: dict[str, float | int] = {"searches_per_catalog": SEARCHES}
    for catalog in ("clave_prod_serv", "codigo_postal"):
        timings = _latencies(catalogs, catalog, _queries(catalogs, catalog, rng))
        cuts = statistics.quantiles(timings, n=100)
        report[f"{catalog}_p50_ms"] = round(cuts[49], 3)
        report[f"{catalog}_p95_ms"] = round(cuts[94], 3)
        report[f"{catalog}_max_ms"] = round(max(timings), 3)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
