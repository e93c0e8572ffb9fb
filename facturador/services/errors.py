"""Errors of the services; each carries data, `message` builds the Spanish sentence.

FacturadorError
├── InvalidInputError (sat)
│   ├── FieldError                 one field of a company, client or product is wrong
│   ├── TicketError                a nota de venta or a factura global that cannot be made
│   ├── RulesFailedError           SAT would reject the document: its offline rules fail
│   ├── RecurringInputError        a recurring invoice's calendar or source is wrong
│   └── ReceptorMismatchError      the receptor contradicts the client's Constancia
├── StoreError (models)
│   ├── IllegalTransitionError     (models) a state change the state machine forbids
│   ├── NotFoundError              no such company, client, product, document
│   ├── DuplicateError             the same RFC / key already exists
│   └── NoActiveCompanyError       no company chosen yet
├── CsdRfcMismatchError            the CSD belongs to another RFC
├── DescargaInputError             a descarga masiva request or its e.firma cannot be used
├── SecretStoreError
│   ├── SecretStoreUnavailableError  no OS keyring: ask the password once per session
│   └── SecretNotFoundError          the keyring has no password for this CSD
├── ConfigError                  a configuration step the user must fix (PAC, series, SMTP)
├── ReceptorUpdateError          a rejected document cannot be re-sealed with the client's data
├── DocumentRejectedError        the PAC rejected a queued document
├── QueuePausedError             the queue stopped: no credits, or the PAC refused the account
├── PacUnreachableError          the PAC has not answered for a long time
└── BackupError
    ├── BackupNotSupportedError    PostgreSQL: use pg_dump
    ├── BackupWriteError           the backup folder cannot be written (permission, disk)
    └── InvalidBackupError         not a Facturador SQLite backup
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from facturador.models.errors import IllegalTransitionError, StoreError
from facturador.sat.errors import FacturadorError, InvalidInputError
from facturador.services import messages

__all__ = [
    "BackupError",
    "BackupNotSupportedError",
    "BackupWriteError",
    "ConfigError",
    "CsdRfcMismatchError",
    "DescargaInputError",
    "DocumentRejectedError",
    "DuplicateError",
    "FieldError",
    "IllegalTransitionError",
    "InvalidBackupError",
    "NoActiveCompanyError",
    "NotFoundError",
    "PacUnreachableError",
    "QueuePausedError",
    "ReceptorMismatchError",
    "ReceptorUpdateError",
    "RecurringInputError",
    "RulesFailedError",
    "SecretNotFoundError",
    "SecretStoreError",
    "SecretStoreUnavailableError",
    "StoreError",
    "TicketError",
]


class FieldError(InvalidInputError):
    def __init__(self, field: str, reason: str, value: object = "", detail: object = "") -> None:
        super().__init__(field, reason, value, detail)
        self.field = field
        self.reason = reason
        self.value = value
        self.detail = detail

    @property
    def message(self) -> str:
        return messages.field_message(self.field, self.reason, self.value, self.detail)

    def message_with(self, labels: dict[str, str], reasons: dict[str, str] | None = None) -> str:
        """The sentence with a surface's own field labels (the GUI's form labels)."""
        return messages.field_message(
            self.field, self.reason, self.value, self.detail, labels, reasons
        )


class TicketError(InvalidInputError):
    """A nota de venta or a factura global that cannot be made; `reason` is a key of
    messages_notas.TICKET_REASONS."""

    def __init__(self, reason: str, detail: object = "", allowed: str = "") -> None:
        super().__init__(reason, detail, allowed)
        self.reason = reason
        self.detail = str(detail)
        self.allowed = allowed

    @property
    def message(self) -> str:
        from facturador.services.messages_notas import TICKET_REASONS

        return TICKET_REASONS[self.reason].format(detail=self.detail, allowed=self.allowed)


class NotFoundError(StoreError):
    def __init__(self, entity: str, key: object) -> None:
        super().__init__(entity, key)
        self.entity = entity
        self.key = key

    @property
    def message(self) -> str:
        return f"No existe {messages.ENTITY_NAMES.get(self.entity, self.entity)} «{self.key}»."


class DuplicateError(StoreError):
    def __init__(self, entity: str, key: object) -> None:
        super().__init__(entity, key)
        self.entity = entity
        self.key = key

    @property
    def message(self) -> str:
        return f"Ya existe {messages.ENTITY_NAMES.get(self.entity, self.entity)} «{self.key}»."


class NoActiveCompanyError(StoreError):
    @property
    def message(self) -> str:
        return messages.NO_ACTIVE_COMPANY


class CsdRfcMismatchError(FacturadorError):
    def __init__(self, company_rfc: str, certificate_rfc: str) -> None:
        super().__init__(company_rfc, certificate_rfc)
        self.company_rfc = company_rfc
        self.certificate_rfc = certificate_rfc

    @property
    def message(self) -> str:
        return messages.CSD_RFC_MISMATCH.format(
            company_rfc=self.company_rfc, certificate_rfc=self.certificate_rfc
        )


class DescargaInputError(FacturadorError):
    """`reason` is a key of services.messages_descarga.REASONS; `values` fill its text."""

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(reason, *values.values())
        self.reason = reason
        self.values = values

    @property
    def message(self) -> str:
        from facturador.services.messages_descarga import reason_message

        return reason_message(self.reason, **self.values)


class SecretStoreError(FacturadorError):
    pass


class SecretStoreUnavailableError(SecretStoreError):
    def __init__(self, backend: str) -> None:
        super().__init__(backend)
        self.backend = backend

    @property
    def message(self) -> str:
        return messages.SECRET_STORE_UNAVAILABLE


class SecretNotFoundError(SecretStoreError):
    def __init__(self, service: str, key: str) -> None:
        super().__init__(service, key)
        self.service = service
        self.key = key

    @property
    def message(self) -> str:
        return messages.SECRET_NOT_FOUND.format(no_certificado=self.key.rsplit(":", 1)[-1])


class BackupError(FacturadorError):
    pass


class BackupNotSupportedError(BackupError):
    def __init__(self, backend: str) -> None:
        super().__init__(backend)
        self.backend = backend

    @property
    def message(self) -> str:
        return messages.BACKUP_POSTGRES


class BackupWriteError(BackupError):
    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(str(folder), reason)
        self.folder = folder
        self.reason = reason  # Spanish already (messages.os_reason)

    @property
    def message(self) -> str:
        return messages.BACKUP_UNWRITABLE.format(folder=self.folder, reason=self.reason)


class InvalidBackupError(BackupError):
    def __init__(self, path: Path, missing: bool = False) -> None:
        super().__init__(str(path), missing)
        self.path = path
        self.missing = missing

    @property
    def message(self) -> str:
        template = messages.BACKUP_MISSING if self.missing else messages.BACKUP_NOT_A_DATABASE
        return template.format(path=self.path)


class RulesFailedError(InvalidInputError):
    """The document breaks SAT rules that can be checked offline; nothing was stored."""

    def __init__(self, findings: tuple[object, ...]) -> None:
        super().__init__(findings)
        self.findings = findings

    @property
    def message(self) -> str:
        """One line: the first finding, with the field of the JSON input it is about."""
        from facturador.sat.validation.sealed import input_path  # lxml: only when shown

        first = self.findings[0]
        campo = input_path(first.ruta)  # type: ignore[attr-defined]
        text = messages.RULES_FAILED.format(
            campo=campo,
            mensaje=first.mensaje,  # type: ignore[attr-defined]
            codigo=first.codigo,  # type: ignore[attr-defined]
        )
        more = len(self.findings) - 1
        return text + (messages.RULES_FAILED_MORE.format(more) if more else "")


class ReceptorMismatchError(InvalidInputError):
    """The receptor contradicts what the client's Constancia says (the pre-flight, before
    sealing): SAT would reject it. `findings` are (ruta, Spanish message)."""

    def __init__(self, findings: tuple[tuple[str, str], ...]) -> None:
        super().__init__(findings)
        self.findings = findings

    @property
    def message(self) -> str:
        return " ".join(
            f[1] if isinstance(f, tuple) else str(getattr(f, "mensaje", f)) for f in self.findings
        )


class ReceptorUpdateError(FacturadorError):
    """Re-sealing a rejected document with its client's current data is not possible;
    `reason`: "not_rejected", "not_receptor" (rejected for something else), "no_client"."""

    def __init__(self, reason: str, name: str = "", rfc: str = "") -> None:
        super().__init__(reason, name, rfc)
        self.reason = reason
        self.name = name
        self.rfc = rfc

    @property
    def message(self) -> str:
        from facturador.services import messages_receptor

        template = messages_receptor.RESEAL_REFUSALS[self.reason]
        return template.format(name=self.name, rfc=self.rfc)


class ConfigError(FacturadorError):
    """A configuration step the user must fix; `reason` is a key of CONFIG_REASONS."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail

    @property
    def message(self) -> str:
        return messages.CONFIG_REASONS[self.reason].format(detail=self.detail)


class DocumentRejectedError(FacturadorError):
    """The PAC rejected a queued document; `explanation` is the PAC layer's sentence
    (title, code and what to do, from `pac.messages`)."""

    def __init__(self, serie: str | None, folio: int | None, code: str, explanation: str) -> None:
        super().__init__(serie, folio, code, explanation)
        self.serie, self.folio, self.code, self.explanation = serie, folio, code, explanation

    @property
    def message(self) -> str:
        name = f"{self.serie}-{self.folio}" if self.serie else str(self.folio)
        return messages.DOCUMENT_REJECTED.format(name=name, explanation=self.explanation)


class QueuePausedError(FacturadorError):
    """The queue stopped: no credits, or the PAC refused the account."""

    def __init__(self, reason: str, explanation: str) -> None:
        super().__init__(reason, explanation)
        self.reason, self.explanation = reason, explanation

    @property
    def message(self) -> str:
        return messages.QUEUE_PAUSED.format(reason=self.reason, explanation=self.explanation)


class PacUnreachableError(FacturadorError):
    """The PAC has not answered since `since`; the FAQ's advice depends on how long."""

    def __init__(self, since: datetime, now: datetime) -> None:
        super().__init__(since, now)
        self.since, self.now = since, now

    @property
    def message(self) -> str:
        from facturador.services.pac_settings import connection_advice

        return connection_advice(self.since, self.now)


class RecurringInputError(InvalidInputError):
    """A recurring invoice's calendar (day, interval, end) or its draft is wrong; `text` is
    the sentence from services.messages_recurring."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    @property
    def message(self) -> str:
        return self.text
