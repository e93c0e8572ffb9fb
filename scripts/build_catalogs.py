"""Build `resources/catalogs.sqlite`, the compact read-only SAT catalogs the app ships.

Usage: `uv run python scripts/build_catalogs.py [SOURCE.sqlite] [--output FILE]`.
SOURCE defaults to `../shared/sat/catalogs/cfdi40_catalogs.sqlite` relative to the repo.

Layout of the output (read by `facturador.sat.catalogs`):
- `catalog(id, name, alias, columns, first_id, last_id)`: one row per SAT catalog; `columns`
  is a JSON array of [name, values] for each value of an entry's `extra` array; when `values`
  is a list, the stored value is an index into it (dictionary coding of repeated strings).
- `entry(id, catalog, clave, descripcion, vigencia_desde, vigencia_hasta, extra)`:
  ids are given in the order (catalog, length of descripcion, descripcion, clave), so ids of
  one catalog are contiguous and "ORDER BY id" means "shorter descriptions first".
- `entry_fts`: contentless FTS5 (accent- and case-folded) over (first word, descripcion,
  similares) with prefix indexes, rowid = entry id, so as-you-type search can stop after LIMIT
  rows. `similares` is SAT's "Palabras similares" of c_ClaveProdServ (empty elsewhere), so
  "consultoría fiscal" finds 84111802 "Servicios de asesoría fiscal".
- `tasa_o_cuota`: the c_TasaOCuota rules with the impuesto as its c_Impuesto code.
- `metadata(key, value)`: source, its sha256, row counts and `built_on`.

Deterministic: same source and same `SOURCE_DATE_EPOCH` (default: today, UTC) give the same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

from facturador.sat.messages_complementos import CODE_DESCRIPTIONS

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "sat" / "catalogs" / "cfdi40_catalogs.sqlite"
DEFAULT_OUTPUT = REPO / "resources" / "catalogs.sqlite"

Row = tuple[str, str, str | None, str | None, list[object] | None]
Loader = Callable[[sqlite3.Connection], Iterator[Row]]

SCHEMA = """
CREATE TABLE metadata(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE catalog(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, alias TEXT NOT NULL UNIQUE,
    columns TEXT NOT NULL, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL);
CREATE TABLE entry(
    id INTEGER PRIMARY KEY, catalog INTEGER NOT NULL, clave TEXT NOT NULL,
    descripcion TEXT NOT NULL,
    vigencia_desde TEXT, vigencia_hasta TEXT, extra TEXT);
CREATE TABLE tasa_o_cuota(
    tipo TEXT NOT NULL, minimo TEXT, valor TEXT NOT NULL, impuesto TEXT NOT NULL,
    factor TEXT NOT NULL, traslado INTEGER NOT NULL, retencion INTEGER NOT NULL,
    vigencia_desde TEXT, vigencia_hasta TEXT);
CREATE VIRTUAL TABLE entry_fts USING fts5(
    primera, descripcion, similares, content='', columnsize=0, detail='column',
    prefix='1 2', tokenize='unicode61 remove_diacritics 2');
"""

WORD = re.compile(r"[^\W_]+")


def _date(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _flag(value: object) -> bool:
    return value not in (None, "", 0, "0")


def _simple(table: str, *columns: str, flags: tuple[str, ...] = ()) -> Loader:
    """Loader for a table with `id`, `texto`, optional validity and `columns` as extra."""

    def load(src: sqlite3.Connection) -> Iterator[Row]:
        names = {r[1] for r in src.execute(f'PRAGMA table_info("{table}")')}
        texto = "texto" if "texto" in names else "''"
        dates = "vigencia_desde, vigencia_hasta" if "vigencia_desde" in names else "NULL, NULL"
        cols = "".join(f', "{c}"' for c in columns)
        sql = f'SELECT id, {texto}, {dates}{cols} FROM "{table}" ORDER BY id'
        for clave, descripcion, desde, hasta, *rest in src.execute(sql):
            extra = [_flag(v) if c in flags else v for c, v in zip(columns, rest, strict=True)]
            yield clave, descripcion, _date(desde), _date(hasta), extra or None

    return load


def _uso_cfdi(src: sqlite3.Connection) -> Iterator[Row]:
    sql = (
        "SELECT id, texto, vigencia_desde, vigencia_hasta, aplica_fisica, aplica_moral,"
        " regimenes_fiscales_receptores FROM cfdi_40_usos_cfdi ORDER BY id"
    )
    for clave, descripcion, desde, hasta, fisica, moral, regimenes in src.execute(sql):
        allowed = sorted({r.strip() for r in regimenes.split(",") if r.strip()})
        extra = [_flag(fisica), _flag(moral), allowed]
        yield clave, descripcion, _date(desde), _date(hasta), extra


def _estado(src: sqlite3.Connection) -> Iterator[Row]:
    sql = "SELECT estado, texto, vigencia_desde, vigencia_hasta, pais FROM cfdi_40_estados"
    for clave, descripcion, desde, hasta, pais in src.execute(sql + " ORDER BY estado"):
        yield clave, descripcion, _date(desde), _date(hasta), [pais]


def _codigo_postal(src: sqlite3.Connection) -> Iterator[Row]:
    """Description "Municipio, Estado" (names from c_Municipio and c_Estado) for search."""
    sql = """
        SELECT p.id, p.estado, p.municipio, p.localidad, p.estimulo_frontera,
               p.huso_descripcion, m.texto, e.texto
        FROM cfdi_40_codigos_postales p
        LEFT JOIN cfdi_40_municipios m ON m.municipio = p.municipio AND m.estado = p.estado
        LEFT JOIN cfdi_40_estados e ON e.estado = p.estado AND e.pais = 'MEX'
        ORDER BY p.id"""
    for cp, estado, municipio, localidad, frontera, huso, nombre_mun, nombre_edo in src.execute(
        sql
    ):
        descripcion = ", ".join(n for n in (nombre_mun, nombre_edo or estado) if n)
        extra = [estado, municipio, localidad, int(frontera), huso]
        yield cp, descripcion, None, None, extra


def _tasa_rules(src: sqlite3.Connection) -> list[tuple[object, ...]]:
    codes = {texto: code for code, texto in src.execute("SELECT id, texto FROM cfdi_40_impuestos")}
    sql = (
        "SELECT tipo, minimo, valor, impuesto, factor, traslado, retencion, vigencia_desde,"
        " vigencia_hasta FROM cfdi_40_reglas_tasa_cuota"
    )
    rules = []
    for tipo, minimo, valor, impuesto, factor, traslado, retencion, desde, hasta in src.execute(
        sql
    ):
        code = codes.get(impuesto) or codes[impuesto.split()[0]]
        rules.append(
            (tipo, minimo or None, valor, code, factor, int(_flag(traslado)),
             int(_flag(retencion)), _date(desde), _date(hasta), impuesto)
        )  # fmt: skip
    return sorted(rules, key=lambda r: (r[3], r[4], r[0], r[2], r[9]))


def _tasa_o_cuota(src: sqlite3.Connection) -> Iterator[Row]:
    """Clave "IMPUESTO/Factor/valor" (Fijo) or "IMPUESTO/Factor/minimo-valor" (Rango)."""
    for tipo, minimo, valor, code, factor, tras, ret, desde, hasta, texto in _tasa_rules(src):
        rango = f"{minimo}-{valor}" if tipo == "Rango" else str(valor)
        descripcion = f"{texto} {factor} {rango} ({tipo})"
        extra = [tipo, minimo, valor, code, factor, bool(tras), bool(ret)]
        yield f"{code}/{factor}/{rango}", descripcion, desde, hasta, extra


def _sat_xml(src: sqlite3.Connection) -> Path:
    """SAT's XSD tree beside the shared catalogs: `<shared>/sat/sat-xml/.../cfd`."""
    source = Path(src.execute("PRAGMA database_list").fetchone()[2])
    return source.parent.parent / "sat-xml" / "www.sat.gob.mx" / "sitio_internet" / "cfd"


def _xsd_enumeration(
    xsd: str, type_name: str, *, texts: str | None = None, known: dict[str, str] | None = None
) -> Loader:
    """Loader for a complement catalog published only as an XSD enumeration (no validity
    dates there). Descriptions, where SAT's source has them: `texts` names a table of the
    shared catalogs with the same keys (c_ClaveProdServ for c_ClaveProdServCP), `known` a
    table of SAT's published descriptions of a small catalog."""

    def load(src: sqlite3.Connection) -> Iterator[Row]:
        tree = ET.parse(_sat_xml(src) / "catalogos" / xsd)
        xs = "{http://www.w3.org/2001/XMLSchema}"
        [simple] = [t for t in tree.iter(f"{xs}simpleType") if t.get("name") == type_name]
        described = dict(known or {})
        if texts is not None:
            described.update(src.execute(f'SELECT id, texto FROM "{texts}"').fetchall())
        for value in sorted({e.get("value", "") for e in simple.iter(f"{xs}enumeration")}):
            yield value, described.get(value, ""), None, None, None

    return load


def _comext(type_name: str, known: dict[str, str] | None = None) -> Loader:
    return _xsd_enumeration("ComExt/catComExt.xsd", type_name, known=known)


def _cartaporte(
    type_name: str, *, texts: str | None = None, known: dict[str, str] | None = None
) -> Loader:
    return _xsd_enumeration("CartaPorte/catCartaPorte.xsd", type_name, texts=texts, known=known)


_KNOWN = CODE_DESCRIPTIONS
# Comercio Exterior 2.0 and Carta Porte 3.1 (road transport and what every mode shares).
_COMPLEMENT_CATALOGS: tuple[tuple[str, str, tuple[str, ...], Loader], ...] = (
    ("c_FraccionArancelaria", "fraccion_arancelaria", (), _comext("c_FraccionArancelaria")),
    ("c_UnidadAduana", "unidad_aduana", (),
     _comext("c_UnidadAduana", known=_KNOWN["UnidadAduana"])),
    ("c_ClavePedimento", "clave_pedimento", (),
     _comext("c_ClavePedimento", known=_KNOWN["ClaveDePedimento"])),
    ("c_INCOTERM", "incoterm", (), _comext("c_INCOTERM", known=_KNOWN["Incoterm"])),
    ("c_MotivoTraslado", "motivo_traslado", (),
     _comext("c_MotivoTraslado", known=_KNOWN["MotivoTraslado"])),
    ("c_ClaveProdServCP", "clave_prod_serv_cp", (),
     _cartaporte("c_ClaveProdServCP", texts="cfdi_40_productos_servicios")),
    ("c_ClaveUnidadPeso", "clave_unidad_peso", (),
     _cartaporte("c_ClaveUnidadPeso", texts="cfdi_40_claves_unidades")),
    ("c_CveTransporte", "cve_transporte", (),
     _cartaporte("c_CveTransporte", known=_KNOWN["CvesTransporte"])),
    ("c_FiguraTransporte", "figura_transporte", (),
     _cartaporte("c_FiguraTransporte", known=_KNOWN["TipoFigura"])),
    ("c_MaterialPeligroso", "material_peligroso", (), _cartaporte("c_MaterialPeligroso")),
    ("c_TipoEmbalaje", "tipo_embalaje", (), _cartaporte("c_TipoEmbalaje")),
    ("c_TipoPermiso", "tipo_permiso", (), _cartaporte("c_TipoPermiso")),
    ("c_ConfigAutotransporte", "config_autotransporte", (), _cartaporte("c_ConfigAutotransporte")),
    ("c_SubTipoRem", "sub_tipo_rem", (), _cartaporte("c_SubTipoRem")),
    ("c_ParteTransporte", "parte_transporte", (), _cartaporte("c_ParteTransporte")),
    ("c_DocumentoAduanero", "documento_aduanero", (), _cartaporte("c_DocumentoAduanero")),
    ("c_RegimenAduanero", "regimen_aduanero", (), _cartaporte("c_RegimenAduanero")),
    ("c_TipoMateria", "tipo_materia", (), _cartaporte("c_TipoMateria")),
    ("c_SectorCOFEPRIS", "sector_cofepris", (), _cartaporte("c_SectorCOFEPRIS")),
    ("c_FormaFarmaceutica", "forma_farmaceutica", (), _cartaporte("c_FormaFarmaceutica")),
    ("c_CondicionesEspeciales", "condiciones_especiales", (),
     _cartaporte("c_CondicionesEspeciales")),
    ("c_RegistroISTMO", "registro_istmo", (), _cartaporte("c_RegistroISTMO")),
)  # fmt: skip


CATALOGS: tuple[tuple[str, str, tuple[str, ...], Loader], ...] = (
    ("c_FormaPago", "forma_pago", (), _simple("cfdi_40_formas_pago")),
    ("c_MetodoPago", "metodo_pago", (), _simple("cfdi_40_metodos_pago")),
    ("c_Moneda", "moneda", ("decimales", "porcentaje_variacion"),
     _simple("cfdi_40_monedas", "decimales", "porcentaje_variacion")),
    ("c_UsoCFDI", "uso_cfdi", ("aplica_fisica", "aplica_moral", "regimenes_fiscales_receptores"),
     _uso_cfdi),
    ("c_RegimenFiscal", "regimen_fiscal", ("aplica_fisica", "aplica_moral"),
     _simple("cfdi_40_regimenes_fiscales", "aplica_fisica", "aplica_moral",
             flags=("aplica_fisica", "aplica_moral"))),
    ("c_TipoDeComprobante", "tipo_de_comprobante", ("valor_maximo",),
     _simple("cfdi_40_tipos_comprobantes", "valor_maximo")),
    ("c_Exportacion", "exportacion", (), _simple("cfdi_40_exportaciones")),
    ("c_ObjetoImp", "objeto_imp", (), _simple("cfdi_40_objetos_impuestos")),
    ("c_Impuesto", "impuesto", ("retencion", "traslado", "ambito"),
     _simple("cfdi_40_impuestos", "retencion", "traslado", "ambito",
             flags=("retencion", "traslado"))),
    ("c_TipoFactor", "tipo_factor", (), _simple("cfdi_40_tipos_factores")),
    ("c_TasaOCuota", "tasa_o_cuota",
     ("tipo", "minimo", "valor", "impuesto", "factor", "traslado", "retencion"), _tasa_o_cuota),
    ("c_TipoRelacion", "tipo_relacion", (), _simple("cfdi_40_tipos_relaciones")),
    ("c_Periodicidad", "periodicidad", (), _simple("cfdi_40_periodicidades")),
    ("c_Meses", "meses", (), _simple("cfdi_40_meses")),
    ("c_Pais", "pais", ("patron_codigo_postal", "patron_identidad_tributaria",
                        "validacion_identidad_tributaria", "agrupaciones"),
     _simple("cfdi_40_paises", "patron_codigo_postal", "patron_identidad_tributaria",
             "validacion_identidad_tributaria", "agrupaciones")),
    ("c_ClaveUnidad", "clave_unidad", ("descripcion", "simbolo"),
     _simple("cfdi_40_claves_unidades", "descripcion", "simbolo")),
    ("c_ClaveProdServ", "clave_prod_serv",
     ("iva_trasladado", "ieps_trasladado", "complemento", "estimulo_frontera", "similares"),
     _simple("cfdi_40_productos_servicios", "iva_trasladado", "ieps_trasladado", "complemento",
             "estimulo_frontera", "similares")),
    ("c_CodigoPostal", "codigo_postal",
     ("estado", "municipio", "localidad", "estimulo_frontera", "huso_descripcion"),
     _codigo_postal),
    ("c_Estado", "estado", ("pais",), _estado),
    ("c_Aduana", "aduana", (), _simple("cfdi_40_aduanas")),
    ("c_PatenteAduanal", "patente_aduanal", (), _simple("cfdi_40_patentes_aduanales")),
    ("c_MotivoCancelacion", "motivo_cancelacion", ("requiere_folio_sustitucion",),
     _simple("cfdi_40_motivos_cancelacion", "requiere_folio_sustitucion",
             flags=("requiere_folio_sustitucion",))),
    ("c_TipoCadenaPago", "tipo_cadena_pago", (), _simple("pagos_tipos_cadena_pago")),
    *_COMPLEMENT_CATALOGS,
)  # fmt: skip


def _fold(text: str) -> str:
    return text.casefold()


def _dictionaries(rows: list[Row], width: int) -> list[list[object] | None]:
    """Per extra column: the sorted distinct strings if few and often repeated, else None."""
    result: list[list[object] | None] = []
    for column in range(width):
        column_values = [r[4][column] for r in rows if r[4]]
        if len(rows) < 1000 or not all(isinstance(v, str) for v in column_values):
            result.append(None)
            continue
        values = sorted(set(column_values))  # type: ignore[type-var]
        result.append(values if len(values) <= 64 else None)
    return result


def _insert_catalog(
    out: sqlite3.Connection, number: int, spec: tuple[str, str, tuple[str, ...], Loader],
    src: sqlite3.Connection, next_id: int,
) -> int:  # fmt: skip
    name, alias, columns, loader = spec
    similares = columns.index("similares") if "similares" in columns else None
    rows = sorted(loader(src), key=lambda r: (len(r[1]), _fold(r[1]), r[1], r[0]))
    dictionaries = _dictionaries(rows, len(columns))
    for offset, (clave, descripcion, desde, hasta, extra) in enumerate(rows):
        entry_id = next_id + offset
        packed = None
        if extra:
            coded = [
                v if d is None else d.index(v) for v, d in zip(extra, dictionaries, strict=True)
            ]
            packed = json.dumps(coded, ensure_ascii=False, separators=(",", ":"))
        out.execute(
            "INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?, ?)",
            (entry_id, number, clave, descripcion, desde, hasta, packed),
        )
        words = WORD.findall(descripcion)
        similar = str(extra[similares] or "") if extra and similares is not None else ""
        out.execute(
            "INSERT INTO entry_fts(rowid, primera, descripcion, similares) VALUES (?, ?, ?, ?)",
            (entry_id, words[0] if words else "", descripcion, similar),
        )
    last_id = next_id + len(rows) - 1
    out.execute(
        "INSERT INTO catalog VALUES (?, ?, ?, ?, ?, ?)",
        (
            number,
            name,
            alias,
            json.dumps(list(zip(columns, dictionaries, strict=True)), ensure_ascii=False),
            next_id,
            last_id,
        ),
    )
    return last_id + 1


def _built_on() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date().isoformat()


def _metadata(src: sqlite3.Connection, source: Path) -> list[tuple[str, str]]:
    sources = src.execute(
        "SELECT sat_catalog, source, version, source_commit FROM catalog_sources ORDER BY 1"
    ).fetchall()
    return [
        ("built_on", _built_on()),
        ("source", source.name),
        ("source_sha256", hashlib.sha256(source.read_bytes()).hexdigest()),
        ("source_catalogs", json.dumps(sources, ensure_ascii=False)),
        ("format", "2"),
    ]


def build(source: Path, output: Path) -> None:
    """Write `output` from the shared SAT catalogs database `source`."""
    src = sqlite3.connect(f"file:{source}?mode=ro&immutable=1", uri=True)
    tmp = output.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    out = sqlite3.connect(tmp)
    out.executescript("PRAGMA page_size=4096; PRAGMA journal_mode=OFF;" + SCHEMA)
    with out:
        next_id = 1
        for number, spec in enumerate(CATALOGS, start=1):
            next_id = _insert_catalog(out, number, spec, src, next_id)
        out.executemany("INSERT INTO tasa_o_cuota VALUES (?,?,?,?,?,?,?,?,?)",
                        [r[:9] for r in _tasa_rules(src)])  # fmt: skip
        out.executemany("INSERT INTO metadata VALUES (?, ?)", _metadata(src, source))
        out.execute("CREATE INDEX entry_clave ON entry(catalog, upper(clave))")
        out.execute("INSERT INTO entry_fts(entry_fts) VALUES ('optimize')")
    out.execute("VACUUM")
    out.close()
    src.close()
    tmp.replace(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    build(args.source.resolve(), args.output)
    print(f"{args.output}: {args.output.stat().st_size} bytes")


if __name__ == "__main__":
    main()
