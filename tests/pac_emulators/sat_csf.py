"""SAT's Constancia validation page (validadorqr.jsf) on loopback: GET ?D1=10&D2=1&D3=<idCIF>_<RFC>
answers the HTML SAT answers (`shared/sat/csf/scrap_*.html`), or its "no se encontró" page
(`error.html`) for data it does not know. `pages` maps "<idCIF>_<RFC>" to the HTML to serve;
`page_for` makes one from SAT's persona moral page with other data. Faults (timeouts, 500,
truncated answers) come from the harness's `FaultPlan`, for the operation "page"."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.pac_emulators.faults import Fault, FaultPlan
from tests.pac_emulators.server import LoopbackServer, Reply, Request

SHARED_CSF = Path(__file__).resolve().parents[3] / "shared" / "sat" / "csf"
PATH = "/app/qr/faces/pages/mobile/validadorqr.jsf"


def page_for(rfc: str, nombre: str, codigo_postal: str, situacion: str = "ACTIVO") -> bytes:
    """SAT's page for a persona moral (scrap_moral.html) with these data."""
    html = (SHARED_CSF / "scrap_moral.html").read_text(encoding="utf-8")
    html = html.replace("AAA010101AAA", rfc).replace("Mi razón social", nombre)
    html = html.replace("72055", codigo_postal).replace(">ACTIVO<", f">{situacion}<")
    return html.encode("utf-8")


class SatCsfPageEmulator(LoopbackServer):
    def __init__(self, pages: dict[str, bytes] | None = None, faults: FaultPlan | None = None):
        super().__init__(faults=faults or FaultPlan(operations=frozenset({"page"})))
        self.pages = dict(pages or {})
        self.garbage: bytes | None = None  # served instead of any page (maintenance, proxy)

    @property
    def page_url(self) -> str:
        return f"{self.url}{PATH}"

    def operation(self, request: Request) -> str:
        return "page"

    def handle(self, request: Request, fault: Fault | None) -> Reply:
        parts = urlsplit(request.path)
        if parts.path != PATH:
            return Reply(404, b"<html><body>Not Found</body></html>", "text/html")
        if self.garbage is not None:
            return Reply(200, self.garbage, "text/html")
        key = (parse_qs(parts.query).get("D3") or [""])[0]
        html = self.pages.get(key)
        if html is None:
            html = (SHARED_CSF / "error.html").read_bytes()
        return Reply(200, html, "text/html;charset=UTF-8")
