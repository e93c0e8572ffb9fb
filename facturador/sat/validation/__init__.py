"""Validation of CFDI: XSD, SAT's offline rules (CFDI40101–CFDI40221), Sello and TFD.

    validate_xml(bytes)        everything, for any CFDI received or produced: 4.0 in full,
                               3.3 (XSD, complements, arithmetic, Sello, TFD), 3.2 and older
                               (facts and Sello)
    validate_rules(comprobante) the SAT rules only, before sealing

Every finding carries SAT's code where one exists (or a stable code of ours: XML01, XSD,
SELLO01, TFD01, ADDENDA01, ...), a Spanish message that says what to fix and the XPath of the
node. `docs/validaciones.md` lists which rules of the matrix are covered.
"""

from facturador.sat.validation.report import DocumentFacts, Finding, ValidationReport
from facturador.sat.validation.validator import validate_rules, validate_xml

__all__ = ["DocumentFacts", "Finding", "ValidationReport", "validate_rules", "validate_xml"]
