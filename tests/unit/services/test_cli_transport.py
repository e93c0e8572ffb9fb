"""`facturador vehiculo|operador|ubicacion` and the export fields of `cliente`/`producto`,
in process: what the Catálogos pages store, from the command line, through the same
services."""

import json
from pathlib import Path

import pytest

from facturador.cli import main
from facturador.sat.validation.validator import validate_xml

EXAMPLES = Path(__file__).parents[3] / "examples"


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


VEHICULO = ("--alias", "Torton 1", "--perm-sct", "TPAF01", "--num-permiso",
            "0X2XTXZ0X5X0X3X2X1X0", "--config", "C2", "--peso-bruto", "3.5", "--placa",
            "abc 1234", "--anio", "2020", "--aseguradora", "Seguros SA",
            "--poliza", "123456")  # fmt: skip


def _company(capsys):
    code, _, _ = _run(capsys, "empresa", "agregar", "--rfc", "EKU9003173C9", "--nombre",
                      "ESCUELA KEMPER URGATE", "--regimen", "601", "--cp", "42501")  # fmt: skip
    assert code == 0


def test_vehicles_are_added_listed_edited_and_removed(capsys):
    _company(capsys)
    code, out, _ = _run(capsys, "vehiculo", "agregar", *VEHICULO, "--remolque", "CTR004:XYZ987")
    assert (code, out) == (0, "Vehículo Torton 1 guardado (id 1).\n")
    code, out, _ = _run(capsys, "vehiculo", "listar", "--json")
    [vehiculo] = json.loads(out)
    assert vehiculo["placa_vm"] == "ABC1234"
    assert vehiculo["remolques"] == [{"SubTipoRem": "CTR004", "Placa": "XYZ987"}]
    assert _run(capsys, "vehiculo", "editar", "1", *VEHICULO[:-2], "--poliza", "999")[0] == 0
    assert "999" in _run(capsys, "vehiculo", "listar", "--json")[1]
    assert _run(capsys, "vehiculo", "listar", "tractocamión")[:2] == (1, "Sin resultados.\n")
    assert _run(capsys, "vehiculo", "eliminar", "1")[0] == 0
    code, _, err = _run(capsys, "vehiculo", "eliminar", "1")
    assert (code, err) == (1, "Error: No existe el vehículo «1».\n")


def test_a_bad_value_is_said_in_spanish_and_nothing_is_stored(capsys):
    _company(capsys)
    bad = [*VEHICULO]
    bad[bad.index("TPAF01")] = "ZZZ"
    code, _, err = _run(capsys, "vehiculo", "agregar", *bad)
    assert (code, err) == (1, "Error: PermSCT: «ZZZ» no existe en el catálogo del SAT.\n")
    code, _, err = _run(capsys, "operador", "agregar", "--nombre", "X", "--licencia", "1")
    assert code == 1
    assert err.startswith("Error: RFCFigura")
    assert _run(capsys, "vehiculo", "listar")[1] == "Sin resultados.\n"
    assert _run(capsys, "operador", "listar", "--json")[1] == "[]\n"


def test_drivers_and_locations(capsys):
    _company(capsys)
    code, out, _ = _run(capsys, "operador", "agregar", "--nombre", "XOCHILT CASAS CHAVEZ",
                        "--licencia", "a234567890", "--rfc", "cacx7605101p8")  # fmt: skip
    assert (code, out) == (0, "Operador XOCHILT CASAS CHAVEZ guardado (id 1).\n")
    assert "CACX7605101P8" in _run(capsys, "operador", "listar")[1]
    code, out, _ = _run(capsys, "ubicacion", "agregar", "--alias", "Bodega CDMX", "--rfc",
                        "EKU9003173C9", "--estado", "CMX", "--cp", "06000", "--calle",
                        "Insurgentes Sur")  # fmt: skip
    assert (code, out) == (0, "Ubicación Bodega CDMX guardada (id 1).\n")
    [ubicacion] = json.loads(_run(capsys, "ubicacion", "listar", "--json")[1])
    assert (ubicacion["pais"], ubicacion["calle"]) == ("MEX", "Insurgentes Sur")


def test_export_fields_of_clients_and_products(capsys):
    _company(capsys)
    code, _, _ = _run(capsys, "cliente", "agregar", "--rfc", "XEXX010101000", "--nombre", "ACME",
                      "--regimen", "616", "--cp", "42501", "--uso", "S01",
                      "--residencia-fiscal", "USA", "--num-reg-id-trib", "123456789",
                      "--calle", "Main St", "--municipio", "Laredo", "--estado", "TX",
                      "--pais", "USA", "--codigo-postal", "78040")  # fmt: skip
    assert code == 0
    [cliente] = json.loads(_run(capsys, "cliente", "listar", "--json")[1])
    assert (cliente["calle"], cliente["codigo_postal"]) == ("Main St", "78040")
    code, _, _ = _run(capsys, "producto", "agregar", "--clave-prod-serv", "50151513",
                      "--clave-unidad", "H87", "--descripcion", "Aceite", "--valor-unitario",
                      "12.50", "--no-identificacion", "ACE-01", "--fraccion-arancelaria",
                      "1515909900", "--unidad-aduana", "06")  # fmt: skip
    assert code == 0
    [producto] = json.loads(_run(capsys, "producto", "listar", "--json")[1])
    assert (producto["fraccion_arancelaria"], producto["unidad_aduana"]) == ("1515909900", "06")


@pytest.mark.parametrize("name", ["exportacion_comercio_exterior", "traslado_carta_porte"])
def test_the_complement_examples_seal_and_validate(capsys, tmp_path, shared_sat, name):
    """examples/*.json, the README's starting point for the complements' JSON input."""
    csd = shared_sat / "csd" / "csd_EKU9003173C9"
    out = tmp_path / f"{name}.xml"
    code, _, err = _run(capsys, "sellar", str(EXAMPLES / f"{name}.json"),
                        "--cer", str(csd / "certificate.cer"),
                        "--key", str(csd / "private_key.key"),
                        "--password-file", str(csd / "password.txt"), "-o", str(out),
                        "--fecha", "2026-11-25T10:00:00")  # fmt: skip
    assert (code, err) == (0, "")
    report = validate_xml(out.read_bytes())
    assert report.errores == ()
    assert report.sello_valido
