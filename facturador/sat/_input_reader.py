"""Reading one node of the JSON input with paths in every error (`Conceptos[2].Cantidad`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from facturador.sat import messages
from facturador.sat.errors import ComprobanteInputError
from facturador.sat.money import parse_decimal

__all__ = ["MAX_INTEGER_DIGITS", "InputNode"]

MAX_INTEGER_DIGITS = 18


def _places(raw: object, value: Decimal) -> int:
    """Decimal places as written; the string test avoids as_tuple() on the hot path."""
    if type(raw) is str and "e" not in raw and "E" not in raw:
        point = raw.find(".")
        return 0 if point < 0 else len(raw.rstrip()) - point - 1
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


class InputNode:
    """A mapping from the input with its path; refuses keys it was not told about."""

    __slots__ = ("_allowed", "data", "path")

    def __init__(self, data: object, path: str, allowed: frozenset[str]) -> None:
        if type(data) is not dict and not isinstance(data, Mapping):
            raise ComprobanteInputError(path or "Comprobante", "debe ser un objeto JSON")
        if not allowed.issuperset(data):
            unknown = sorted(k for k in data if k not in allowed)
            where = f"{path}.{unknown[0]}" if path else unknown[0]
            raise ComprobanteInputError(where, "campo desconocido (usa los nombres del Anexo 20)")
        self.data = data
        self.path = path
        self._allowed = allowed

    def error(self, key: str, detail: str) -> ComprobanteInputError:
        return ComprobanteInputError(f"{self.path}.{key}" if self.path else key, detail)

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self.data.get(key)
        if type(value) is str and value and value[0] != " " and value[-1] != " ":
            return value  # the common case, kept cheap: this runs ~15 times per concept
        if value is None:
            if required:
                raise self.error(key, "es obligatorio")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.error(key, "debe ser texto")
        text = str(value).strip()
        if not text:
            if required:
                raise self.error(key, "es obligatorio y no puede estar vacío")
            return None
        return text

    def required_text(self, key: str) -> str:
        value = self.text(key)
        assert value is not None
        return value

    def decimal(self, key: str, *, required: bool = True, max_places: int = 6) -> Decimal | None:
        raw = self.data.get(key)
        if raw is None:
            if required:
                raise self.error(key, "es obligatorio")
            return None
        value = parse_decimal(raw)
        if value is None:
            if isinstance(raw, float):
                raise self.error(key, messages.AMOUNT_AS_FLOAT.format(raw))
            raise self.error(key, f"«{raw}» no es un número válido")
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > max_places:
            raise self.error(key, f"admite a lo más {max_places} decimales")
        if value and value.adjusted() >= MAX_INTEGER_DIGITS:  # SAT's t_Importe: 18 digits
            raise self.error(key, messages.AMOUNT_TOO_BIG.format(raw))
        return value

    def required_decimal(self, key: str, *, max_places: int = 6) -> Decimal:
        value = self.decimal(key, max_places=max_places)
        assert value is not None
        return value

    def child(self, key: str, allowed: frozenset[str]) -> InputNode | None:
        value = self.data.get(key)
        if value is None:
            return None
        return InputNode(value, f"{self.path}.{key}" if self.path else key, allowed)

    def children(self, key: str, allowed: frozenset[str]) -> Iterator[InputNode]:
        """Items of a list (a single object counts as a list of one)."""
        value = self.data.get(key)
        if value is None:
            return
        items = value if type(value) is list else [value] if isinstance(value, Mapping) else value
        if not isinstance(items, list):
            raise self.error(key, "debe ser una lista")
        base = f"{self.path}.{key}" if self.path else key
        for index, item in enumerate(items):
            yield InputNode(item, f"{base}[{index}]", allowed)

    def check_computed(self, key: str, computed: Decimal | None) -> None:
        """A computed field the input states must agree with the computation."""
        if key not in self.data:
            return
        stated = self.decimal(key, required=False)
        if stated != computed:
            shown = "no debe existir" if computed is None else f"debe ser {computed}"
            raise self.error(key, f"no coincide con el cálculo: {shown} (se indicó {stated})")
