"""One test per CCE20xxx rule: a valid export invoice broken in exactly that way.

The valid invoice is the example of `test_comercio_exterior_generated`: 10 bottles at
12.50 USD to a receptor in the USA (TipoCambio = TipoCambioUSD = 17.25), one Mercancia with
the customs group, TotalUSD 125.00. The 200 generated documents of that module are the
other side: none of them gets a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal as D

import pytest

from facturador.sat.build import build_comprobante
from facturador.sat.comercio_exterior import (
    ComercioExterior,
    Propietario,
    comercio_exterior_to_raw,
    find_comercio_exterior,
)
from facturador.sat.comprobante import Comprobante
from facturador.sat.sello import seal
from facturador.sat.validation import validate_rules, validate_xml
from tests.unit.sat.conftest import FECHA
from tests.unit.sat.test_comercio_exterior_generated import _example
from tests.unit.sat.validation.conftest import replace, replace_concepto

Change = Callable[[Comprobante], Comprobante]


@pytest.fixture(scope="module")
def export() -> Comprobante:
    return build_comprobante(_example(), fecha=FECHA)


def test_the_valid_export_has_no_findings_and_its_seal_verifies(export, credential):
    assert validate_rules(export) == []
    report = validate_xml(seal(export, credential).xml)
    assert report.valido, report.errores


def _model(c: Comprobante) -> ComercioExterior:
    cce = find_comercio_exterior(c)
    assert cce is not None
    return cce


def _with(c: Comprobante, cce: ComercioExterior) -> Comprobante:
    return replace(c, complementos=(comercio_exterior_to_raw(cce),))


def _cce(**kw) -> Change:
    return lambda c: _with(c, replace(_model(c), **kw))


def _merc(**kw) -> Change:
    def change(c: Comprobante) -> Comprobante:
        cce = _model(c)
        return _with(c, replace(cce, mercancias=(replace(cce.mercancias[0], **kw),)))

    return change


def _dom(**kw) -> Change:
    def change(c: Comprobante) -> Comprobante:
        cce = _model(c)
        assert cce.emisor is not None
        emisor = replace(cce.emisor, domicilio=replace(cce.emisor.domicilio, **kw))
        return _with(c, replace(cce, emisor=emisor))

    return change


def _emisor(**kw) -> Change:
    def change(c: Comprobante) -> Comprobante:
        cce = _model(c)
        return _with(c, replace(cce, emisor=replace(cce.emisor, **kw)))

    return change


def _c(**kw) -> Change:
    return lambda c: replace(c, **kw)


def _receptor(**kw) -> Change:
    return lambda c: replace(c, receptor=replace(c.receptor, **kw))


def _both(*changes: Change) -> Change:
    def change(c: Comprobante) -> Comprobante:
        for one in changes:
            c = one(c)
        return c

    return change


def _second_concepto(c: Comprobante) -> Comprobante:
    other = replace(c.conceptos[0], no_identificacion="OTRO-01")
    return replace(c, conceptos=(*c.conceptos, other))


def _twice(c: Comprobante) -> Comprobante:
    cce = _model(c)
    return _with(c, replace(cce, mercancias=cce.mercancias * 2))


PROPIETARIO = Propietario(num_reg_id_trib="123456789", residencia_fiscal="USA")
CASES: list[tuple[str, Change]] = [
    ("CCE20101", _c(tipo_de_comprobante="P")),
    ("CCE20102", _c(exportacion="01")),
    ("CCE20103", _c(moneda="XXX", tipo_cambio=None)),
    ("CCE20104", _c(moneda="EUR", tipo_cambio=None)),
    ("CCE20105", _receptor(residencia_fiscal=None)),
    ("CCE20106", _receptor(num_reg_id_trib=None)),
    ("CCE20107", _c(tipo_de_comprobante="T")),
    ("CCE20108", _cce(motivo_traslado="01")),
    ("CCE20109", _both(_c(tipo_de_comprobante="T"), _cce(motivo_traslado="05"))),
    ("CCE20110", _cce(certificado_origen="1")),
    ("CCE20111", _cce(num_certificado_origen="CO-1")),
    ("CCE20112", _cce(tipo_cambio_usd=D("18.000000"))),
    ("CCE20113", _cce(total_usd=D("125.01"))),
    ("CCE20114", _emisor(curp="CACX760510MGTSHC04")),
    ("CCE20115", lambda c: replace(c, emisor=replace(c.emisor, rfc="CACX7605101P8"))),
    ("CCE20116", _dom(pais="USA", estado="TX")),
    ("CCE20117", _dom(estado="TX")),
    ("CCE20118", _dom(codigo_postal="00001")),
    ("CCE20119", _dom(codigo_postal="42501")),
    ("CCE20120", lambda c: replace_concepto(c, 0, no_identificacion=None)),
    ("CCE20121", _second_concepto),
    ("CCE20122", _merc(no_identificacion="OTRO-01")),
    ("CCE20123", _twice),
    ("CCE20124", _merc(unidad_aduana=None)),
    ("CCE20125", _merc(fraccion_arancelaria=None)),
    ("CCE20126", _merc(unidad_aduana="99")),
    ("CCE20127", _merc(valor_dolares=D("140.00"))),  # limits 118.70 to 131.31
    (
        "CCE20128",
        _both(_c(tipo_de_comprobante="T"), _cce(motivo_traslado="02", propietarios=(PROPIETARIO,))),
    ),
]


@pytest.mark.parametrize(("code", "change"), CASES, ids=[code for code, _ in CASES])
def test_rule(export, code, change):
    codes = [f.codigo for f in validate_rules(change(export))]
    assert code in codes


def test_the_receptor_id_may_be_in_the_complement_instead(export):
    cce = _model(export)
    assert cce.receptor is not None
    moved = replace(cce, receptor=replace(cce.receptor, num_reg_id_trib="123456789"))
    changed = _with(_receptor(num_reg_id_trib=None)(export), moved)
    assert "CCE20106" not in [f.codigo for f in validate_rules(changed)]


def test_a_traslado_with_motivo_05_and_its_propietario_passes_those_rules(export):
    changed = _both(
        _c(tipo_de_comprobante="T"), _cce(motivo_traslado="05", propietarios=(PROPIETARIO,))
    )(export)
    codes = [f.codigo for f in validate_rules(changed)]
    assert not {"CCE20107", "CCE20108", "CCE20109", "CCE20128"} & set(codes)


def test_own_goods_relocated_abroad_carry_no_propietario(export):
    """MotivoTraslado 02 (reubicación de mercancías propias): the goods are the emisor's."""
    own = _both(_c(tipo_de_comprobante="T"), _cce(motivo_traslado="02"))(export)
    assert not {"CCE20109", "CCE20128"} & {f.codigo for f in validate_rules(own)}


def test_valor_dolares_within_the_matrix_tolerance_passes(export):
    # 10 × 12.50 = 125.00; CantidadAduana 10 ± 0.5 allows a wide band.
    changed = _merc(valor_dolares=D("125.01"), cantidad_aduana=D("10"))(export)
    changed = _cce(total_usd=D("125.01"))(changed)
    assert "CCE20127" not in [f.codigo for f in validate_rules(changed)]


def test_findings_point_at_the_node_and_speak_spanish(export):
    [finding] = validate_rules(_cce(total_usd=D("125.01"))(export))
    assert finding.codigo == "CCE20113"
    assert finding.ruta == "/cfdi:Comprobante/cfdi:Complemento/cce20:ComercioExterior/@TotalUSD"
    assert "suma de ValorDolares de las mercancías (125.00)" in finding.mensaje
