"""A persona moral's name without its régimen de capital, as SAT registers it."""

from __future__ import annotations

import pytest

from facturador.sat.names import regimen_capital_warning, without_regimen_capital


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ESCUELA KEMPER URGATE SA DE CV", ("ESCUELA KEMPER URGATE", "SA DE CV")),
        ("ESCUELA KEMPER URGATE, S.A. DE C.V.", ("ESCUELA KEMPER URGATE", "S.A. DE C.V.")),
        (
            "TRANSPORTES DEL NORTE S. DE R.L. DE C.V.",
            ("TRANSPORTES DEL NORTE", "S. DE R.L. DE C.V."),
        ),
        ("INVERSIONES ABC SAPI DE CV", ("INVERSIONES ABC", "SAPI DE CV")),
        ("FUNDACION LUZ A.C.", ("FUNDACION LUZ", "A.C.")),
        ("DESPACHO CONTABLE SC", ("DESPACHO CONTABLE", "SC")),
        ("TIENDA EN LINEA SAS", ("TIENDA EN LINEA", "SAS")),
        ("ESCUELA KEMPER URGATE", None),
        ("CASA DE SAL", None),
        ("MOSAICOS", None),
        ("SA DE CV", None),  # nothing would be left
    ],
)
def test_the_regimen_de_capital_is_found_at_the_end_of_the_name(name, expected):
    assert without_regimen_capital(name) == expected


def test_the_warning_says_what_to_write_and_is_for_personas_morales_only():
    warning = regimen_capital_warning("ESCUELA KEMPER URGATE SA DE CV", "EKU9003173C9")
    assert warning is not None
    assert "escriba «ESCUELA KEMPER URGATE» (sin «SA DE CV»)" in warning
    assert regimen_capital_warning("XOCHILT CASAS CHAVEZ SC", "CACX7605101P8") is None


def test_empresa_and_cliente_agregar_warn_about_the_name(capsys):
    from facturador.cli import main

    args = ["empresa", "agregar", "--rfc", "EKU9003173C9", "--nombre",
            "ESCUELA KEMPER URGATE SA DE CV", "--regimen", "601", "--cp", "42501"]  # fmt: skip
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "Aviso: El SAT registra la razón social sin el régimen de capital" in err
    assert main(["cliente", "agregar", "--rfc", "IIA040805DZ4", "--nombre",
                 "INDISTRIA ILUMINADORA DE ALMACENES S.A. DE C.V.", "--regimen", "601",
                 "--cp", "62661", "--uso", "G03"]) == 0  # fmt: skip
    assert "«INDISTRIA ILUMINADORA DE ALMACENES»" in capsys.readouterr().err
