"""Reading attributes of parsed CFDI nodes, with the node's XPath in every error."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from facturador.sat.errors import ComprobanteInputError
from facturador.sat.money import parse_decimal

__all__ = ["decimal_attr", "node_path", "required_attr", "required_decimal_attr"]


def node_path(element: etree._Element) -> str:
    return element.getroottree().getpath(element)


def required_attr(element: etree._Element, name: str) -> str:
    value = element.get(name)
    if value is None:
        raise ComprobanteInputError(
            f"{node_path(element)}/@{name}", "falta este atributo obligatorio"
        )
    return value


def decimal_attr(element: etree._Element, name: str) -> Decimal | None:
    raw = element.get(name)
    if raw is None:
        return None
    value = parse_decimal(raw)
    if value is None:
        raise ComprobanteInputError(f"{node_path(element)}/@{name}", f"«{raw}» no es un número")
    return value


def required_decimal_attr(element: etree._Element, name: str) -> Decimal:
    value = decimal_attr(element, name)
    if value is None:
        raise ComprobanteInputError(
            f"{node_path(element)}/@{name}", "falta este atributo obligatorio"
        )
    return value
