"""Every error the user can see says, in Spanish and in usted, what is wrong: each subclass of
FacturadorError, in every application module, for every reason it can carry, renders a whole
sentence (no placeholder left, no exception while rendering, no tú)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import string
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import facturador
from facturador.sat.errors import FacturadorError

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
# Forms of "tú" that a sentence in usted never has.
TU = re.compile(
    r"\b(tu|tus|tienes|puedes|necesitas|debes|revisa|verifica|confirma|solicítalo|"
    r"instálalo|escribe|elige|intenta|asegúrate|vuelve)\b",
    re.IGNORECASE,
)


def _modules() -> Iterator[str]:
    for found in pkgutil.walk_packages(facturador.__path__, "facturador."):
        if ".migrations" not in found.name and not found.name.endswith("__main__"):
            yield found.name


def _error_classes() -> list[type[FacturadorError]]:
    for name in _modules():
        importlib.import_module(name)
    found: list[type[FacturadorError]] = []
    pending = [FacturadorError]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.append(sub)
                pending.append(sub)
    return found


def _reasons(cls: type[FacturadorError]) -> dict[str, Any] | None:
    """The class's table of reason -> sentence template, when it picks its text by reason."""
    from facturador.cli import messages as cli_messages
    from facturador.pac import messages as pac_messages
    from facturador.sat import messages as sat_messages
    from facturador.services import messages as services_messages
    from facturador.services import (
        messages_descarga,
        messages_notas,
        messages_receptor,
        messages_recibidos,
        messages_reconciliation,
        pac_settings,
    )

    tables: dict[str, Any] = {
        "CancellationRefusedError": services_messages.CANCEL_REFUSALS,
        "RedateRefusedError": services_messages.REDATE_REFUSALS,
        "ConfigError": services_messages.CONFIG_REASONS,
        "PacSettingsError": pac_settings._REASONS,
        "FieldError": services_messages.FIELD_REASONS,
        "RfcError": sat_messages._RFC_MESSAGES,
        "NoKeyringError": cli_messages.KEYRING_USERS,
        "WithdrawalRefusedError": services_messages.WITHDRAW_REFUSALS,
        "TicketError": messages_notas.TICKET_REASONS,
        "InboxError": messages_recibidos.REASONS,
        "ReceptorUpdateError": messages_receptor.RESEAL_REFUSALS,
        "SatCsfPageError": pac_messages.CSF_PAGE_ERRORS,
        "DescargaInputError": messages_descarga.REASONS,
        "ReconciliationError": messages_reconciliation.REASONS,
    }
    return tables.get(cls.__name__)


def _placeholders(template: object) -> set[str]:
    if not isinstance(template, str):
        return set()
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def _sample(parameter: inspect.Parameter) -> object:
    annotation = str(parameter.annotation)
    if "datetime" in annotation:
        return NOW
    if "Path" in annotation:
        return Path("respaldo.sqlite3")
    if "bool" in annotation:
        return False
    if "float" in annotation or "int" in annotation:
        return 30
    if "tuple" in annotation:
        from facturador.sat.validation import Finding

        return (Finding("CFDI40158", "La clave no existe en el catálogo", "/cfdi:Comprobante"),)
    return "dato de prueba"


def _says_what_it_is_given(cls: type[FacturadorError]) -> bool:
    """A base raised with its sentence as argument (`str(error)`): nothing of its own."""
    generic = inspect.signature(cls.__init__).parameters.keys() >= {"args", "kwargs"}
    return generic and cls.message is FacturadorError.message


def _instances() -> Iterator[tuple[str, FacturadorError]]:
    for cls in _error_classes():
        if _says_what_it_is_given(cls):
            continue
        signature = inspect.signature(cls.__init__)
        params = [
            p
            for p in list(signature.parameters.values())[1:]
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.default is p.empty
        ]
        takes_data = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
        table = _reasons(cls)
        positional = [p for p in params if p.kind is not p.KEYWORD_ONLY]
        keyword = {p.name: _sample(p) for p in params if p.kind is p.KEYWORD_ONLY}
        for reason in table or [None]:
            args = [
                reason if p.name in ("reason", "whose") and reason else _sample(p)
                for p in positional
            ]
            kwargs = dict(keyword)
            if takes_data and table is not None:
                kwargs.update({name: "dato" for name in _placeholders(table[reason])})
            if cls.__name__ == "CertificateNotValidNowError":
                args = [NOW, NOW, NOW]
            label = f"{cls.__module__}.{cls.__name__}" + (f"[{reason}]" if reason else "")
            yield label, cls(*args, **kwargs)


CASES = list(_instances())


def test_every_error_class_is_reached():
    assert len({label.split("[")[0] for label, _ in CASES}) >= 45


@pytest.mark.parametrize(("label", "error"), CASES, ids=[label for label, _ in CASES])
def test_every_error_renders_a_whole_spanish_sentence_in_usted(label, error):
    text = error.message
    assert isinstance(text, str)
    assert len(text) >= 12, text
    assert not re.search(r"\{[a-z_]*\}", text), text  # a placeholder left unfilled
    assert "Traceback" not in text
    assert not TU.search(text), f"{label}: {text}"
