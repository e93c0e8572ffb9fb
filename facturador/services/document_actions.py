"""What the user may do with a document in each state: decided here, shown by the pages.

`allowed_actions(...)` follows the state machine (models.states): a page enables exactly
these actions and decides nothing itself.
"""

from __future__ import annotations

from facturador.models.states import DocumentState
from facturador.services.redating import DATE_WINDOW_CODES
from facturador.services.withdrawal import withdrawal_refusal

__all__ = ["ACTIONS", "allowed_actions"]

S = DocumentState
ACTIONS = (
    "pdf",
    "save_xml",
    "save_pdf",
    "email",
    "cancel",
    "substitute",
    "duplicate",
    "pay",
    "sat",
    "open",
    "redate",
    "withdraw",
)


def allowed_actions(
    state: str,
    tipo: str,
    *,
    uuid: str | None,
    last_error_code: str | None,
    may_be_stamped: bool = False,
) -> frozenset[str]:
    """The actions a document in `state` allows (a subset of ACTIONS). `may_be_stamped`:
    a send of its sealed bytes may have reached a PAC (Documento.may_be_stamped)."""
    if not state:
        return frozenset()
    current = DocumentState(state)
    allowed = {"duplicate"} if tipo in ("I", "E") else set()
    if current is not S.BORRADOR:
        allowed |= {"pdf", "save_xml", "save_pdf"}
    if current in (S.TIMBRADO, S.CANCELADO):
        allowed.add("email")
    if current in (S.TIMBRADO, S.CANCELACION_RECHAZADA):
        allowed.add("cancel")
    if current is S.TIMBRADO:
        allowed.add("substitute")
        if tipo == "I":
            allowed.add("pay")
    if uuid:
        allowed.add("sat")
    if current in (S.BORRADOR, S.RECHAZADO):
        allowed.add("open")
    # Re-dating (same serie and folio): a rejection for Fecha, or a document that may be
    # stamped, which the user must first confirm is not (services.redating).
    if current is S.POSIBLEMENTE_TIMBRADO or (
        current is S.RECHAZADO and last_error_code in DATE_WINDOW_CODES
    ):
        allowed.add("redate")
    # Retirar de la cola: only while no send can have reached a PAC (services.withdrawal).
    if withdrawal_refusal(state, may_be_stamped) is None:
        allowed.add("withdraw")
    return frozenset(allowed)
