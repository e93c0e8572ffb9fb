"""What every rule module gets: the document, the catalogs and a place to put findings."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from facturador.sat.catalogs import CatalogEntry, Catalogs
from facturador.sat.comprobante import Comprobante
from facturador.sat.rfc import MORAL_LENGTH
from facturador.sat.validation.messages import text
from facturador.sat.validation.report import Finding
from facturador.sat.validation.xsd import xsd_only_claves

__all__ = ["COMERCIO_EXTERIOR", "Context", "decimals_of", "persona", "product_limits"]

COMERCIO_EXTERIOR = (
    "{http://www.sat.gob.mx/ComercioExterior20}ComercioExterior",
    "{http://www.sat.gob.mx/ComercioExterior11}ComercioExterior",
)

_EPSILON = Decimal("1e-12")
_ENTRY_CACHE: weakref.WeakKeyDictionary[Catalogs, dict[tuple[str, str], CatalogEntry | None]]
_ENTRY_CACHE = weakref.WeakKeyDictionary()
_XSD_TYPES = frozenset({"c_ClaveProdServ", "c_ClaveUnidad", "c_CodigoPostal", "c_Moneda",
                        "c_Pais"})  # fmt: skip


def decimals_of(value: Decimal) -> int:
    """Decimal places as written: Decimal("1.50") has 2."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _half_unit(value: Decimal) -> Decimal:
    return Decimal(1).scaleb(-decimals_of(value)) / 2


def product_limits(
    a: Decimal, b: Decimal, places: int, *, b_exact: bool = False
) -> tuple[Decimal, Decimal]:
    """SAT's limits for a rounded a × b written with `places` decimals.

    Each factor may be off by half a unit of its last written decimal: the lower limit is
    (a − ½u)(b − ½u) truncated, the upper (a + ½u − 10⁻¹²)(b + ½u − 10⁻¹²) rounded up.
    A TasaOCuota is exact (`b_exact`).
    """
    step = Decimal(1).scaleb(-places)
    da = _half_unit(a)
    db = Decimal(0) if b_exact else _half_unit(b)
    eb = Decimal(0) if b_exact else _EPSILON
    low = ((a - da) * (b - db)).quantize(step, rounding=ROUND_DOWN)
    high = ((a + da - _EPSILON) * (b + db - eb)).quantize(step, rounding=ROUND_CEILING)
    return low, high


def persona(rfc: str) -> str:
    return "moral" if len(rfc) == MORAL_LENGTH else "física"


@dataclass(slots=True)
class Context:
    comprobante: Comprobante
    catalogs: Catalogs
    findings: list[Finding] = field(default_factory=list)
    on: date = field(init=False)
    decimals: int | None = field(init=False)  # None when Moneda is not in c_Moneda

    def __post_init__(self) -> None:
        self.on = self.comprobante.fecha.date()
        moneda = self.comprobante.moneda
        known = self.entry("c_Moneda", moneda) is not None
        self.decimals = self.catalogs.moneda_decimales(moneda) if known else None

    def add(self, key: str, ruta: str, **values: object) -> None:
        self.findings.append(Finding(key.split(".", maxsplit=1)[0], text(key, **values), ruta))

    def entry(self, catalog: str, clave: str) -> CatalogEntry | None:
        cache = _ENTRY_CACHE.setdefault(self.catalogs, {})
        key = (catalog, clave)
        if key not in cache:
            cache[key] = self.catalogs.entry(catalog, clave)
        return cache[key]

    def known(self, catalog: str, clave: str) -> bool:
        """In the catalog and valid on the document's date (or listed by SAT's XSD)."""
        found = self.entry(catalog, clave)
        if found is not None and found.valid_on(self.on):
            return True
        return catalog in _XSD_TYPES and clave in xsd_only_claves(catalog)

    def too_many_decimals(self, value: Decimal | None) -> bool:
        return (
            value is not None and self.decimals is not None and (decimals_of(value) > self.decimals)
        )

    @property
    def tipo(self) -> str:
        return self.comprobante.tipo_de_comprobante

    @property
    def comercio_exterior(self) -> bool:
        """The document carries the Comercio Exterior complement (1.1 or 2.0)."""
        return any(raw.tag in COMERCIO_EXTERIOR for raw in self.comprobante.complementos)
