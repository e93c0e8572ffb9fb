"""A SAT ConsultaCFDIService emulator whose answers can be scripted per UUID.

`ScriptedSatEmulator.script(uuid, ("Vigente", "Cancelable con aceptación", "En proceso"),
("Cancelado", "No cancelable", "Cancelado con aceptación"))`: the UUID's next queries get
these answers in order, the last one repeated; UUIDs without a script get the sandbox's
state (SatEmulator). Drives the transitions of pac-protocols.md §8.4 without a clock.
"""

from __future__ import annotations

import threading
from urllib.parse import parse_qs, urlsplit

from facturador.pac.sat_status import TEMPURI
from facturador.sat.xml_safety import parse_xml
from tests.pac_emulators.faults import Fault
from tests.pac_emulators.sat import SatEmulator, _answer
from tests.pac_emulators.server import Reply, Request

__all__ = ["ScriptedSatEmulator"]

_FOUND = "S - Comprobante obtenido satisfactoriamente."


class ScriptedSatEmulator(SatEmulator):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._scripts: dict[str, list[tuple[str, str, str]]] = {}
        self._lock = threading.Lock()
        self.asked: list[str] = []  # UUIDs queried, in order

    def script(self, uuid: str, *answers: tuple[str, str, str]) -> None:
        with self._lock:
            self._scripts[uuid.upper()] = list(answers)

    def handle(self, request: Request, fault: Fault | None) -> Reply:
        uuid = _uuid_of(request.body)
        with self._lock:
            self.asked.append(uuid)
            answers = self._scripts.get(uuid)
            answer = (answers.pop(0) if len(answers) > 1 else answers[0]) if answers else None
        if answer is None:
            return super().handle(request, fault)
        estado, cancelable, estatus = answer
        return _answer(_FOUND, estado, cancelable, estatus, self.efos)


def _uuid_of(body: bytes) -> str:
    try:
        expresion = parse_xml(body).findtext(f".//{{{TEMPURI}}}expresionImpresa") or ""
    except Exception:  # noqa: BLE001 - garbage: the base class answers 601
        return ""
    query = urlsplit(expresion.strip()).query or expresion.partition("?")[2]
    return parse_qs(query).get("id", [""])[0].upper()
