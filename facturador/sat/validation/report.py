"""Validation results: one `Finding` per problem, all of them in a `ValidationReport`."""

from __future__ import annotations

from dataclasses import dataclass

from facturador.sat.comprobante import Comprobante

__all__ = ["DocumentFacts", "Finding", "ValidationReport"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: SAT's code where one exists (or our own stable code), what to fix, where."""

    codigo: str  # "CFDI40108", or ours: "XML01", "XSD", "SELLO01", "TFD01", ...
    mensaje: str  # Spanish: what is wrong and what to fix
    ruta: str  # XPath of the node or attribute


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentFacts:
    """What identifies a document, read as it is written (any version, even broken)."""

    version: str | None = None
    uuid: str | None = None
    fecha: str | None = None
    tipo_de_comprobante: str | None = None
    total: str | None = None
    rfc_emisor: str | None = None  # as SAT reads it: white space collapsed
    rfc_receptor: str | None = None
    nombre_emisor: str | None = None
    nombre_receptor: str | None = None
    moneda: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidationReport:
    errores: tuple[Finding, ...]
    comprobante: Comprobante | None  # None if it could not be parsed
    sello_valido: bool | None  # None when the document could not be read; no Sello is False
    timbre_valido: bool | None  # None when not stamped (or the SAT certificate is unknown)
    avisos: tuple[Finding, ...] = ()  # informational: what could not be checked offline
    hechos: DocumentFacts = DocumentFacts()  # read even when `comprobante` could not be

    @property
    def valido(self) -> bool:
        return not self.errores
