"""SAT CFDI 4.0 catalogs, read from the compact `resources/catalogs.sqlite`.

`catalog` arguments take the SAT name (`"c_ClaveProdServ"`) or its snake alias
(`"clave_prod_serv"`); an unknown name raises `UnknownCatalogError` (a `ValueError`: it is a
programming error, not bad user data). Keys missing from a catalog make the specific helpers
(`moneda_decimales`, `regimen_aplica`, ...) raise `CatalogError`.

c_TasaOCuota entries have the clave "IMPUESTO/Factor/valor" (Fijo) or
"IMPUESTO/Factor/minimo-valor" (Rango), e.g. "002/Tasa/0.160000"; use
`tasa_o_cuota_permitida` to check a value.

c_ClaveProdServCP and c_ClaveUnidadPeso (Carta Porte) hold only keys of c_ClaveProdServ and
c_ClaveUnidad: their entries are those catalogs' entries (descriptions, validity), whose
`extra` says under the subset's name (1 or 0) whether the key belongs to it.

The file is built by `scripts/build_catalogs.py`; see its docstring for the layout.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import cast

from facturador.sat.errors import CatalogError
from facturador.sat.resources import resource_path

__all__ = ["CatalogEntry", "Catalogs", "UnknownCatalogError", "default_catalogs"]

_WORD = re.compile(r"[^\W_]+")
_SIX_DECIMALS = Decimal("0.000001")
_ENTRY_COLUMNS = "id, clave, descripcion, vigencia_desde, vigencia_hasta, extra"
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogEntry:
    """One row of a SAT catalog; `extra` holds the catalog-specific columns."""

    clave: str
    descripcion: str
    vigencia_desde: date | None = None
    vigencia_hasta: date | None = None
    extra: Mapping[str, object] = field(hash=False)

    def valid_on(self, on: date) -> bool:
        """True if `on` is within [vigencia_desde, vigencia_hasta], both inclusive."""
        starts_ok = self.vigencia_desde is None or self.vigencia_desde <= on
        return starts_ok and (self.vigencia_hasta is None or on <= self.vigencia_hasta)


class UnknownCatalogError(ValueError):
    """A catalog name that is neither a SAT name nor an alias; `valid` lists the aliases."""

    def __init__(self, catalog: str, valid: tuple[str, ...]) -> None:
        super().__init__(f"unknown SAT catalog {catalog!r}; valid: {', '.join(valid)}")
        self.catalog = catalog
        self.valid = valid


@dataclass(frozen=True, slots=True)
class _Catalog:
    number: int
    name: str
    alias: str
    columns: tuple[tuple[str, tuple[object, ...] | None], ...]
    first_id: int
    last_id: int
    subset_of: int | None  # the catalog holding this one's entries (a flag column there)
    shared_text: bool  # descripcion holds the id of a shared_text row


@dataclass(frozen=True, slots=True)
class _TasaRule:
    tipo: str
    minimo: Decimal
    valor: Decimal
    impuesto: str
    factor: str
    traslado: bool
    retencion: bool
    vigencia_desde: date | None
    vigencia_hasta: date | None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _fts_term(term: str) -> str:
    return f'"{term}"*'


_ENTRY_CACHE_SIZE = 8192
_SUBSET_OVERFETCH = 2  # c_ClaveProdServCP holds 93% of c_ClaveProdServ


class Catalogs:
    """Read-only access to the SAT catalogs; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        uri = f"file:{Path(path).resolve().as_posix()}?mode=ro&immutable=1"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._keys: dict[str, frozenset[str]] = {}
        self._entries: dict[tuple[int, str], CatalogEntry | None] = {}
        by_name: dict[str, _Catalog] = {}
        by_number: dict[int, _Catalog] = {}
        rows = self._db.execute(
            "SELECT id, name, alias, columns, first_id, last_id, subset_of, shared_text"
            " FROM catalog ORDER BY id"
        )
        for number, name, alias, columns, first_id, last_id, subset_of, shared in rows:
            spec = tuple((c, None if v is None else tuple(v)) for c, v in json.loads(columns))
            info = _Catalog(number, name, alias, spec, first_id, last_id, subset_of, bool(shared))
            by_name[name] = by_name[alias] = by_number[number] = info
        self._catalogs: Mapping[str, _Catalog] = MappingProxyType(by_name)
        self._by_number: Mapping[int, _Catalog] = MappingProxyType(by_number)
        self._shared_texts = tuple(
            str(t) for (t,) in self._db.execute("SELECT texto FROM shared_text ORDER BY id")
        )
        self._rules = tuple(
            _TasaRule(tipo, Decimal(minimo or "0"), Decimal(valor), impuesto, factor,
                      bool(traslado), bool(retencion), _date(desde), _date(hasta))
            for tipo, minimo, valor, impuesto, factor, traslado, retencion, desde, hasta
            in self._db.execute("SELECT * FROM tasa_o_cuota")
        )  # fmt: skip

    def close(self) -> None:
        """Close the connection (tests; the default instance lives as long as the process)."""
        with self._lock:
            self._db.close()

    def catalog_names(self) -> tuple[str, ...]:
        """The snake aliases of every catalog, in build order."""
        seen = dict.fromkeys(c.alias for c in self._catalogs.values())
        return tuple(seen)

    def sat_name(self, catalog: str) -> str:
        """The SAT name (`c_...`) for a SAT name or alias."""
        return self._catalog(catalog).name

    def _catalog(self, catalog: str) -> _Catalog:
        info = self._catalogs.get(catalog)
        if info is None:
            raise UnknownCatalogError(catalog, self.catalog_names())
        return info

    def _query(self, sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _entry(self, info: _Catalog, row: tuple[object, ...]) -> CatalogEntry:
        _, clave, descripcion, desde, hasta, extra = row
        values = json.loads(str(extra)) if extra is not None else []
        decoded = {
            name: (value if codes is None else codes[value])
            for (name, codes), value in zip(info.columns, values, strict=True)
        }
        if info.shared_text:
            descripcion = self._shared_texts[int(str(descripcion))]
        return CatalogEntry(
            clave=str(clave),
            descripcion=str(descripcion),
            vigencia_desde=_date(desde),  # type: ignore[arg-type]
            vigencia_hasta=_date(hasta),  # type: ignore[arg-type]
            extra=MappingProxyType(decoded),
        )

    def entry(self, catalog: str, clave: str, on: date | None = None) -> CatalogEntry | None:
        """The entry with exactly this clave, or None if absent or not valid `on` that date."""
        info = self._catalog(catalog)
        if info.subset_of is not None:
            found = self.entry(self._by_number[info.subset_of].name, clave, on)
            return found if found is not None and found.extra[info.name] else None
        cache_key = (info.number, clave)
        try:
            found = self._entries[cache_key]
        except KeyError:
            # The unary `+` keeps `clave = ?` out of the planner's choice of index, so that
            # SQLite searches the index on (catalog, upper(clave)) instead of scanning the
            # whole catalog (~25 ms per ClaveProdServ in a fresh process).
            upper = clave.translate(_ASCII_UPPER)  # what SQLite's upper() does
            rows = self._query(
                f"SELECT {_ENTRY_COLUMNS} FROM entry"
                " WHERE catalog = ? AND upper(clave) = ? AND +clave = ?",
                (info.number, upper, clave),
            )
            found = self._entry(info, rows[0]) if rows else None
            if len(self._entries) >= _ENTRY_CACHE_SIZE:
                self._entries.clear()  # read-only data: dropping the cache is always safe
            self._entries[cache_key] = found
        if found is None:
            return None
        return found if on is None or found.valid_on(on) else None

    def contains(self, catalog: str, clave: str, on: date | None = None) -> bool:
        """True if `clave` is in the catalog (and valid `on` that date, when given)."""
        return self.entry(catalog, clave, on) is not None

    def keys(self, catalog: str) -> frozenset[str]:
        """Every clave of the catalog, whatever its validity; cached per catalog."""
        info = self._catalog(catalog)
        cached = self._keys.get(info.name)
        if cached is None and info.subset_of is not None:
            parent = self._by_number[info.subset_of]
            flag = [name for name, _ in parent.columns].index(info.name)
            rows = self._query("SELECT clave, extra FROM entry WHERE catalog = ?", (parent.number,))
            cached = frozenset(str(c) for c, extra in rows if json.loads(str(extra))[flag])
            with self._lock:
                self._keys[info.name] = cached
        elif cached is None:
            rows = self._query("SELECT clave FROM entry WHERE catalog = ?", (info.number,))
            cached = frozenset(str(r[0]) for r in rows)
            with self._lock:
                self._keys[info.name] = cached
        return cached

    def search(self, catalog: str, text: str, limit: int = 20) -> list[CatalogEntry]:
        """As-you-type search: exact key, key prefix, then descriptions (word prefixes).

        Accent- and case-insensitive; every typed word must start a word of the description
        or, for c_ClaveProdServ, of SAT's "Palabras similares" ("consultoría fiscal" finds
        84111802 "Servicios de asesoría fiscal"). Ranking: exact key, key prefix,
        descriptions whose first word starts with the first typed word, other descriptions,
        then matches through the similar words; shorter descriptions first within each.
        """
        info = self._catalog(catalog)
        text = text.strip()
        if not text or limit <= 0:
            return []
        if info.subset_of is not None:
            parent = self._by_number[info.subset_of].name
            found = self.search(parent, text, _SUBSET_OVERFETCH * limit)
            return [e for e in found if e.extra[info.name]][:limit]
        ids = dict.fromkeys(self._key_matches(info, text, limit))
        terms = _WORD.findall(text)
        if terms and len(ids) < limit:
            for entry_id in self._text_matches(info, terms, limit + len(ids)):
                ids.setdefault(entry_id)
        wanted = list(ids)[:limit]
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))
        rows = self._query(f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE id IN ({marks})",
                           tuple(wanted))  # fmt: skip
        by_id = {row[0]: row for row in rows}
        return [self._entry(info, by_id[i]) for i in wanted]

    def _key_matches(self, info: _Catalog, text: str, limit: int) -> list[int]:
        if any(c.isspace() for c in text):
            return []
        key = text.upper()
        upper_bound = key + "\U0010ffff"
        exact = self._query(
            "SELECT id FROM entry WHERE catalog = ? AND upper(clave) = ? ORDER BY clave = ? DESC",
            (info.number, key, text),
        )
        prefix = self._query(
            "SELECT id FROM entry WHERE catalog = ? AND upper(clave) > ? AND upper(clave) < ?"
            " ORDER BY upper(clave) LIMIT ?",
            (info.number, key, upper_bound, limit),
        )
        return [int(r[0]) for r in exact + prefix]  # type: ignore[call-overload]

    def _text_matches(self, info: _Catalog, terms: list[str], limit: int) -> list[int]:
        every_term = " AND ".join(_fts_term(t) for t in terms)
        in_description = f"descripcion : ({every_term})"
        tiers = (
            f"primera : {_fts_term(terms[0])} AND {in_description}",
            in_description,
            f"similares : ({every_term})",
            every_term,  # some words in the description, the others in the similar words
        )
        found: dict[int, None] = {}
        for query in tiers:
            rows = self._query(
                "SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?"
                " AND rowid >= ? AND rowid <= ? ORDER BY rowid LIMIT ?",
                (query, info.first_id, info.last_id, limit),
            )
            found.update(dict.fromkeys(int(r[0]) for r in rows))  # type: ignore[call-overload]
            if len(found) >= limit:
                break
        return list(found)

    def _required(self, catalog: str, clave: str) -> CatalogEntry:
        found = self.entry(catalog, clave)
        if found is None:
            raise CatalogError(self.sat_name(catalog), clave)
        return found

    def moneda_decimales(self, moneda: str) -> int:
        """Decimals of the currency (MXN 2, JPY 0); CatalogError if unknown."""
        return int(cast(int, self._required("c_Moneda", moneda).extra["decimales"]))

    def moneda_porcentaje_variacion(self, moneda: str) -> int:
        """Allowed variation percentage of the exchange rate for the currency."""
        entry = self._required("c_Moneda", moneda)
        return int(cast(int, entry.extra["porcentaje_variacion"]))

    def regimen_aplica(self, regimen: str) -> tuple[bool, bool]:
        """(aplica_fisica, aplica_moral) of a c_RegimenFiscal key."""
        extra = self._required("c_RegimenFiscal", regimen).extra
        return bool(extra["aplica_fisica"]), bool(extra["aplica_moral"])

    def uso_cfdi_regimenes(self, uso_cfdi: str) -> frozenset[str]:
        """RegimenFiscalReceptor values allowed with this UsoCFDI."""
        extra = self._required("c_UsoCFDI", uso_cfdi).extra
        return frozenset(cast("list[str]", extra["regimenes_fiscales_receptores"]))

    def uso_cfdi_aplica(self, uso_cfdi: str) -> tuple[bool, bool]:
        """(aplica_fisica, aplica_moral) of a c_UsoCFDI key."""
        extra = self._required("c_UsoCFDI", uso_cfdi).extra
        return bool(extra["aplica_fisica"]), bool(extra["aplica_moral"])

    def _impuesto_code(self, impuesto: str) -> str | None:
        if self.entry("c_Impuesto", impuesto) is not None:
            return impuesto
        for code in self.keys("c_Impuesto"):
            found = self.entry("c_Impuesto", code)
            if found is not None and found.descripcion.upper() == impuesto.strip().upper():
                return code
        return None

    def tasa_o_cuota_permitida(
        self, impuesto: str, tipo_factor: str, valor: Decimal, traslado: bool,
        *, on: date | None = None,
    ) -> bool:  # fmt: skip
        """True if c_TasaOCuota allows `valor` for impuesto ("002" or "IVA") and factor.

        `traslado` False means retención. Values compare as Decimals with six decimals; a
        value with more decimals is not allowed. `on` also checks the rule's validity.
        """
        code = self._impuesto_code(impuesto)
        try:
            value = Decimal(valor)
            if not value.is_finite() or value != value.quantize(_SIX_DECIMALS):
                return False
        except (InvalidOperation, TypeError, ValueError):
            return False
        for rule in self._rules:
            if rule.impuesto != code or rule.factor != tipo_factor:
                continue
            if not (rule.traslado if traslado else rule.retencion):
                continue
            if on is not None and not _rule_valid_on(rule, on):
                continue
            if rule.tipo == "Fijo" and value == rule.valor:
                return True
            if rule.tipo == "Rango" and rule.minimo <= value <= rule.valor:
                return True
        return False

    def codigo_postal(self, cp: str) -> CatalogEntry | None:
        """c_CodigoPostal entry; extra: estado, municipio, localidad, estimulo_frontera,
        huso_descripcion. Its descripcion is "Municipio, Estado"."""
        return self.entry("c_CodigoPostal", cp)

    def valor_maximo(self, tipo_de_comprobante: str) -> Decimal | None:
        """Maximum total for a TipoDeComprobante (T is 0); None if the key is unknown."""
        found = self.entry("c_TipoDeComprobante", tipo_de_comprobante)
        if found is None or not found.extra["valor_maximo"]:
            return None
        return Decimal(str(found.extra["valor_maximo"]))

    def motivo_requiere_sustitucion(self, motivo: str) -> bool:
        """True if the cancellation motive needs FolioSustitucion (01)."""
        entry = self._required("c_MotivoCancelacion", motivo)
        return bool(entry.extra["requiere_folio_sustitucion"])

    def metadata(self) -> dict[str, str]:
        """Build metadata: source, source_sha256, built_on, ..."""
        return {str(k): str(v) for k, v in self._query("SELECT key, value FROM metadata", ())}


def _rule_valid_on(rule: _TasaRule, on: date) -> bool:
    starts_ok = rule.vigencia_desde is None or rule.vigencia_desde <= on
    return starts_ok and (rule.vigencia_hasta is None or on <= rule.vigencia_hasta)


@functools.cache
def default_catalogs() -> Catalogs:
    """The catalogs shipped in `resources/catalogs.sqlite`, opened once per process."""
    return Catalogs(resource_path("catalogs.sqlite"))
