"""SAT catalogs against the committed `resources/catalogs.sqlite` (real data)."""

from __future__ import annotations

import importlib.util
import sqlite3
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from facturador.cli import main as cli_main
from facturador.sat.catalogs import Catalogs, UnknownCatalogError, default_catalogs
from facturador.sat.errors import CatalogError
from facturador.sat.resources import resource_path

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def cat() -> Catalogs:
    return default_catalogs()


@pytest.mark.parametrize(
    ("catalog", "clave", "descripcion"),
    [
        ("c_FormaPago", "03", "Transferencia electrónica de fondos"),
        ("forma_pago", "04", "Tarjeta de crédito"),
        ("metodo_pago", "PUE", None),
        ("moneda", "MXN", "Peso Mexicano"),
        ("uso_cfdi", "G03", "Gastos en general."),
        ("regimen_fiscal", "626", "Régimen Simplificado de Confianza"),
        ("tipo_de_comprobante", "I", "Ingreso"),
        ("exportacion", "01", None),
        ("objeto_imp", "02", None),
        ("impuesto", "002", "IVA"),
        ("tipo_factor", "Exento", None),
        ("tasa_o_cuota", "002/Tasa/0.160000", None),
        ("tipo_relacion", "04", None),
        ("periodicidad", "04", None),
        ("meses", "01", "Enero"),
        ("pais", "MEX", "México"),
        ("clave_unidad", "H87", "Pieza"),
        ("clave_prod_serv", "01010101", "No existe en el catálogo"),
        ("codigo_postal", "01000", "Álvaro Obregón, Ciudad de México"),
        ("estado", "JAL", "Jalisco"),
        ("aduana", "01", None),
        ("patente_aduanal", "3085", None),
        ("motivo_cancelacion", "02", "Comprobante emitido con errores sin relación"),
        ("c_TipoCadenaPago", "01", "SPEI"),
        ("fraccion_arancelaria", "1515909900", None),
        ("unidad_aduana", "08", "Litro"),
        ("incoterm", "FOB", "Franco a bordo (puerto de carga convenido)"),
        ("c_ClaveProdServCP", "50151513", "Aceites vegetales o  de planta comestibles"),
        ("clave_unidad_peso", "KGM", "Kilogramo"),
        ("config_autotransporte", "C2", None),
        ("tipo_permiso", "TPAF01", None),
        ("figura_transporte", "01", "Operador"),
    ],
)
def test_lookup_per_catalog(cat: Catalogs, catalog: str, clave: str, descripcion: str | None):
    entry = cat.entry(catalog, clave)
    assert entry is not None
    assert entry.clave == clave
    if descripcion is not None:
        assert entry.descripcion == descripcion
    assert cat.contains(catalog, clave)
    assert not cat.contains(catalog, clave + "Z")
    assert clave in cat.keys(catalog)


def test_sat_name_and_alias_are_the_same_catalog(cat: Catalogs):
    assert cat.keys("c_UsoCFDI") is cat.keys("uso_cfdi")
    assert "P01" not in cat.keys("uso_cfdi")
    assert len(cat.keys("c_ClaveProdServ")) == 52514
    assert len(cat.keys("c_CodigoPostal")) == 95749


def test_unknown_catalog_is_a_value_error(cat: Catalogs):
    with pytest.raises(UnknownCatalogError, match="clave_prod_serv") as raised:
        cat.entry("c_Nada", "01")
    assert isinstance(raised.value, ValueError)
    with pytest.raises(ValueError, match="unknown SAT catalog"):
        cat.search("nada", "x")


def test_keys_are_case_sensitive_for_lookup(cat: Catalogs):
    assert cat.contains("clave_unidad", "H87")
    assert not cat.contains("clave_unidad", "h87")


def test_validity_dates(cat: Catalogs):
    gasolina = cat.entry("clave_prod_serv", "15101506")
    assert gasolina is not None
    assert gasolina.vigencia_desde == date(2019, 1, 7)
    assert gasolina.vigencia_hasta == date(2020, 1, 15)
    assert cat.contains("clave_prod_serv", "15101506")
    assert cat.contains("clave_prod_serv", "15101506", on=date(2020, 1, 15))
    assert not cat.contains("clave_prod_serv", "15101506", on=date(2024, 6, 1))
    assert cat.entry("clave_prod_serv", "15101506", on=date(2024, 6, 1)) is None
    assert not cat.contains("forma_pago", "01", on=date(2021, 12, 31))
    assert cat.contains("forma_pago", "01", on=date(2024, 1, 1))
    assert cat.contains("tipo_de_comprobante", "N", on=date(1990, 1, 1))


def test_search_is_accent_and_case_insensitive(cat: Catalogs):
    assert [e.clave for e in cat.search("forma_pago", "credito")] == ["04"]
    assert [e.clave for e in cat.search("forma_pago", "CRÉDITO")] == ["04"]
    assert "México" in [e.descripcion for e in cat.search("pais", "mexico")]


def test_search_by_word_prefixes_in_any_order(cat: Catalogs):
    found = cat.search("clave_prod_serv", "torni")
    assert found[0].descripcion == "Tornillos"
    assert all(" torni" in f" {e.descripcion.lower()}" for e in found)
    words = cat.search("clave_prod_serv", "banco torni")
    assert "Tornillos de banco" in [e.descripcion for e in words]
    assert cat.search("clave_prod_serv", "zzzzqx") == []
    assert cat.search("clave_prod_serv", "   ") == []


def test_search_finds_sat_similar_words(cat: Catalogs):
    # 84111802 is "Servicios de asesoría fiscal"; SAT lists "Servicios de consultoría fiscal"
    # among its palabras similares.
    for typed in ("consultoría fiscal", "consultoria fiscal", "CONSULTORÍA FISCAL", "consul fisc"):
        assert [e.clave for e in cat.search("clave_prod_serv", typed, limit=5)] == ["84111802"]
    assert "10101511" in [e.clave for e in cat.search("clave_prod_serv", "puercos", limit=5)]


def test_search_ranks_descriptions_before_similar_words(cat: Catalogs):
    found = cat.search("clave_prod_serv", "consultoria", limit=40)
    in_description = ["consultoría" in e.descripcion.lower() for e in found]
    assert in_description[0]
    assert "84111802" in [e.clave for e in found[4:]]
    assert not any(in_description[in_description.index(False) :])
    assert cat.search("clave_prod_serv", "84111802")[0].clave == "84111802"


def test_search_ranking_prefers_first_word_and_shorter(cat: Catalogs):
    found = cat.search("clave_prod_serv", "tornillo", limit=50)
    texts = [e.descripcion for e in found]
    first_word = [t for t in texts if t.lower().startswith("tornillo")]
    assert texts[: len(first_word)] == first_word
    assert [len(t) for t in first_word] == sorted(len(t) for t in first_word)
    assert len(cat.search("clave_prod_serv", "t", limit=7)) == 7


def test_search_by_key_prefix(cat: Catalogs):
    postal = cat.search("codigo_postal", "4250")
    assert [e.clave for e in postal] == [f"4250{n}" for n in range(10)]
    prod = cat.search("clave_prod_serv", "0101")
    assert prod[0].clave == "01010101"
    assert all(e.clave.startswith("0101") for e in prod)


def test_search_exact_key_first(cat: Catalogs):
    assert cat.search("codigo_postal", "42500")[0].clave == "42500"
    assert cat.search("clave_unidad", "h87")[0].clave == "H87"
    found = cat.search("clave_prod_serv", "31161500", limit=5)
    assert found[0].clave == "31161500"
    assert all(e.clave.startswith("31161500") for e in found)


def test_search_postal_code_by_place(cat: Catalogs):
    found = cat.search("codigo_postal", "tijuana", limit=5)
    assert found
    assert all(e.descripcion == "Tijuana, Baja California" for e in found)


def test_moneda(cat: Catalogs):
    assert cat.moneda_decimales("MXN") == 2
    assert cat.moneda_decimales("JPY") == 0
    assert cat.moneda_decimales("CLF") == 4
    assert cat.moneda_porcentaje_variacion("USD") == 5
    with pytest.raises(CatalogError) as raised:
        cat.moneda_decimales("XYZ")
    assert raised.value.catalog == "c_Moneda"
    assert raised.value.key == "XYZ"


def test_regimen_and_uso_cfdi(cat: Catalogs):
    assert cat.regimen_aplica("601") == (False, True)
    assert cat.regimen_aplica("612") == (True, False)
    assert cat.regimen_aplica("626") == (True, True)
    regimenes = cat.uso_cfdi_regimenes("G03")
    assert {"601", "612", "626"} <= regimenes
    assert "605" not in regimenes
    assert cat.uso_cfdi_regimenes("CN01") == frozenset({"605"})
    assert cat.uso_cfdi_aplica("D01") == (True, False)
    assert cat.uso_cfdi_aplica("G01") == (True, True)
    with pytest.raises(CatalogError):
        cat.uso_cfdi_regimenes("P01")


@pytest.mark.parametrize(
    ("impuesto", "factor", "valor", "traslado", "allowed"),
    [
        ("002", "Tasa", "0.160000", True, True),
        ("IVA", "Tasa", "0.16", True, True),
        ("002", "Tasa", "0.080000", True, True),
        ("002", "Tasa", "0.000000", True, True),
        ("002", "Tasa", "0.106666", False, True),
        ("002", "Tasa", "0.160000", False, True),
        ("002", "Tasa", "0.106666", True, False),
        ("002", "Tasa", "0.170000", True, False),
        ("002", "Tasa", "0.170000", False, False),
        ("002", "Tasa", "0.1066666", False, False),
        ("002", "Cuota", "0.160000", True, False),
        ("002", "Exento", "0.000000", True, False),
        ("001", "Tasa", "0.100000", False, True),
        ("ISR", "Tasa", "0.350000", False, True),
        ("001", "Tasa", "0.100000", True, False),
        ("001", "Tasa", "0.360000", False, False),
        ("003", "Tasa", "0.265000", True, True),
        ("003", "Tasa", "0.265000", False, True),
        ("003", "Tasa", "0.030000", False, False),
        ("003", "Tasa", "0.270000", True, False),
        ("003", "Cuota", "5.123400", True, True),
        ("003", "Cuota", "72.160500", False, True),
        ("003", "Cuota", "72.160501", True, False),
        ("003", "Cuota", "-1.000000", True, False),
        ("002", "Tasa", "NaN", True, False),
        ("999", "Tasa", "0.160000", True, False),
    ],
)
def test_tasa_o_cuota_permitida(
    cat: Catalogs, impuesto: str, factor: str, valor: str, traslado: bool, allowed: bool
):
    assert cat.tasa_o_cuota_permitida(impuesto, factor, Decimal(valor), traslado) is allowed


def test_tasa_o_cuota_rejects_non_numbers(cat: Catalogs):
    assert not cat.tasa_o_cuota_permitida("002", "Tasa", "abc", True)  # type: ignore[arg-type]


def test_tasa_o_cuota_validity(cat: Catalogs):
    cuota = Decimal("5.000000")
    assert cat.tasa_o_cuota_permitida("003", "Cuota", cuota, True, on=date(2026, 3, 1))
    assert not cat.tasa_o_cuota_permitida("003", "Cuota", cuota, True, on=date(2025, 3, 1))


def test_codigo_postal(cat: Catalogs):
    tijuana = cat.codigo_postal("22000")
    assert tijuana is not None
    assert tijuana.extra["huso_descripcion"] == "Tiempo del Noroeste"
    assert tijuana.extra["estado"] == "BCN"
    assert tijuana.extra["estimulo_frontera"] == 1
    cancun = cat.codigo_postal("77000")
    assert cancun is not None
    assert cancun.extra["huso_descripcion"] == "Tiempo del Sureste"
    assert cat.codigo_postal("99999X") is None


def test_valor_maximo_and_motivo(cat: Catalogs):
    assert cat.valor_maximo("T") == Decimal(0)
    assert cat.valor_maximo("I") == Decimal("999999999999999999.999999")
    assert cat.valor_maximo("Z") is None
    assert cat.motivo_requiere_sustitucion("01")
    assert not cat.motivo_requiere_sustitucion("02")
    with pytest.raises(CatalogError):
        cat.motivo_requiere_sustitucion("05")


def test_entries_are_immutable_and_hashable(cat: Catalogs):
    entry = cat.entry("moneda", "MXN")
    assert entry is not None
    assert entry.extra == {"decimales": 2, "porcentaje_variacion": 5}
    with pytest.raises(TypeError):
        entry.extra["decimales"] = 3  # type: ignore[index]
    assert hash(entry) == hash(cat.entry("moneda", "MXN"))


def test_usable_from_threads(cat: Catalogs):
    errors: list[AssertionError] = []

    def work() -> None:
        try:
            for _ in range(50):
                assert cat.search("clave_prod_serv", "tor")
                assert cat.contains("codigo_postal", "42500")
        except AssertionError as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_file_is_read_only(cat: Catalogs):
    assert cat.metadata()["source"] == "cfdi40_catalogs.sqlite"
    other = Catalogs(resource_path("catalogs.sqlite"))
    with pytest.raises(sqlite3.OperationalError):
        other._db.execute("CREATE TABLE x(a)")
    other.close()


def _content(path: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = ["catalog", "entry", "tasa_o_cuota", "metadata"]
    result = [(t, db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()) for t in tables]
    result.append(("fts", db.execute("SELECT * FROM entry_fts_data ORDER BY id").fetchall()))
    db.close()
    return [(t, [r for r in rows if r[0] != "built_on"]) for t, rows in result]


@pytest.mark.slow
def test_rebuild_from_shared_gives_the_committed_content(shared_sat: Path, tmp_path: Path):
    spec = importlib.util.spec_from_file_location("build", REPO / "scripts/build_catalogs.py")
    assert spec is not None
    assert spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rebuilt = tmp_path / "catalogs.sqlite"
    build.build(shared_sat / "catalogs" / "cfdi40_catalogs.sqlite", rebuilt)
    assert _content(rebuilt) == _content(resource_path("catalogs.sqlite"))


def test_cli_buscar(capsys: pytest.CaptureFixture[str]):
    assert cli_main(["catalogo", "buscar", "clave_prod_serv", "tornillo"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "31161500  Tornillos"
    assert cli_main(["catalogo", "buscar", "codigo_postal", "4250", "--json"]) == 0
    assert '"clave": "42500"' in capsys.readouterr().out
    assert cli_main(["catalogo", "buscar", "moneda", "zzzz"]) == 1
    assert "Sin resultados" in capsys.readouterr().err
    assert cli_main(["catalogo", "buscar", "nada", "x"]) == 2
    assert "clave_prod_serv" in capsys.readouterr().err
