"""One test per CCP31xxx rule: a valid traslado with Carta Porte 3.1 broken in exactly that way.

The valid traslado carries 100 bottles and 2 cats (105.75 kg) from Aguascalientes to Mexico
City and on to Jalisco in a T3S2 tractor with one semitrailer, driven by an operator with a
licence. Each case changes the parsed complement (or the Comprobante) and writes it back.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from decimal import Decimal as D

import pytest

from facturador.sat.carta_porte import CartaPorte, carta_porte_to_raw, find_carta_porte
from facturador.sat.comprobante import Comprobante, RawXml
from facturador.sat.sello import seal
from facturador.sat.validation import validate_rules, validate_xml
from tests.unit.sat.validation.conftest import build, replace

EMISOR = {"Rfc": "EKU9003173C9", "Nombre": "ESCUELA KEMPER URGATE", "RegimenFiscal": "601"}
TRASLADO = {
    "Serie": "T", "TipoDeComprobante": "T", "Exportacion": "01", "Moneda": "XXX",
    "LugarExpedicion": "42501", "Emisor": EMISOR,
    "Receptor": {"Rfc": "EKU9003173C9", "Nombre": "ESCUELA KEMPER URGATE",
                 "DomicilioFiscalReceptor": "42501", "RegimenFiscalReceptor": "601",
                 "UsoCFDI": "S01"},
    "Conceptos": [
        {"ClaveProdServ": "50151513", "Cantidad": "100", "ClaveUnidad": "H87",
         "Descripcion": "Aceite de aguacate 1 L", "ValorUnitario": "0", "ObjetoImp": "01"},
        {"ClaveProdServ": "10101501", "Cantidad": "2", "ClaveUnidad": "H87",
         "Descripcion": "Gatos vivos", "ValorUnitario": "0", "ObjetoImp": "01"},
    ],
    "Complemento": {"CartaPorte": {
        "TranspInternac": "No",
        "Ubicaciones": [
            {"TipoUbicacion": "Origen", "IDUbicacion": "OR000001",
             "RFCRemitenteDestinatario": "EKU9003173C9",
             "FechaHoraSalidaLlegada": "2026-11-25T08:00:00",
             "Domicilio": {"Estado": "AGU", "Municipio": "001", "Pais": "MEX",
                           "CodigoPostal": "20000"}},
            {"TipoUbicacion": "Destino", "IDUbicacion": "DE000001",
             "RFCRemitenteDestinatario": "EKU9003173C9",
             "FechaHoraSalidaLlegada": "2026-11-25T18:00:00", "DistanciaRecorrida": "520.5",
             "Domicilio": {"Estado": "CMX", "Pais": "MEX", "CodigoPostal": "06000"}},
            {"TipoUbicacion": "Destino", "IDUbicacion": "DE000002",
             "RFCRemitenteDestinatario": "CACX7605101P8",
             "FechaHoraSalidaLlegada": "2026-11-26T12:00:00", "DistanciaRecorrida": "540",
             "Domicilio": {"Estado": "JAL", "Pais": "MEX", "CodigoPostal": "44100"}},
        ],
        "Mercancias": {"UnidadPeso": "KGM", "Mercancia": [
            {"BienesTransp": "50151513", "Descripcion": "Aceite", "Cantidad": "100",
             "ClaveUnidad": "H87", "PesoEnKg": "95.5", "MaterialPeligroso": "No"},
            {"BienesTransp": "10101501", "Descripcion": "Gatos", "Cantidad": "2",
             "ClaveUnidad": "H87", "PesoEnKg": "10.25"}],
            "Autotransporte": {
                "PermSCT": "TPAF01", "NumPermisoSCT": "X1",
                "IdentificacionVehicular": {"ConfigVehicular": "T3S2", "PesoBrutoVehicular": "30",
                                            "PlacaVM": "ABC1234", "AnioModeloVM": "2020"},
                "Seguros": {"AseguraRespCivil": "Seguros SA", "PolizaRespCivil": "123456"},
                "Remolques": [{"SubTipoRem": "CTR004", "Placa": "XYZ987"}]}},
        "FiguraTransporte": [{"TipoFigura": "01", "RFCFigura": "CACX7605101P8",
                              "NumLicencia": "a234567890", "NombreFigura": "XOCHILT CASAS"}],
    }},
}  # fmt: skip


def _entering_mexico() -> dict:
    """The same trip starting in Laredo, Texas: goods entering Mexico by road."""
    doc = copy.deepcopy(TRASLADO)
    cp = doc["Complemento"]["CartaPorte"]
    cp.update(TranspInternac="Sí", EntradaSalidaMerc="Entrada", PaisOrigenDestino="USA",
              ViaEntradaSalida="01", RegimenesAduaneros=[{"RegimenAduanero": "IMD"}])  # fmt: skip
    cp["Ubicaciones"][0].update(
        RFCRemitenteDestinatario="XEXX010101000", NumRegIdTrib="121585958",
        ResidenciaFiscal="USA", Domicilio={"Estado": "TX", "Pais": "USA", "CodigoPostal": "78040"},
    )  # fmt: skip
    for m in cp["Mercancias"]["Mercancia"]:
        m["FraccionArancelaria"] = "1509100200"
        m["DocumentacionAduanera"] = [
            {"TipoDocumento": "01", "NumPedimento": "26  47  3807  6000123"}
        ]
    return doc


@pytest.fixture(scope="module")
def traslado() -> Comprobante:
    return build(copy.deepcopy(TRASLADO))


def test_the_valid_traslados_have_no_findings_and_their_seal_verifies(traslado, credential):
    for doc in (traslado, build(_entering_mexico())):
        assert validate_rules(doc) == []
        report = validate_xml(seal(doc, credential).xml)
        assert report.valido, report.errores
        assert report.sello_valido


Change = Callable[[Comprobante], Comprobante]


def _cp(change: Callable[[CartaPorte], CartaPorte]) -> Change:
    def apply(c: Comprobante) -> Comprobante:
        cp = find_carta_porte(c)
        assert cp is not None
        return replace(c, complementos=(carta_porte_to_raw(change(cp)),))

    return apply


def _root(**kw) -> Change:
    return _cp(lambda cp: replace(cp, **kw))


def _ubicacion(index: int, **kw) -> Change:
    def change(cp: CartaPorte) -> CartaPorte:
        items = list(cp.ubicaciones)
        items[index] = replace(items[index], **kw)
        return replace(cp, ubicaciones=tuple(items))

    return _cp(change)


def _domicilio(index: int, **kw) -> Change:
    def change(cp: CartaPorte) -> CartaPorte:
        items = list(cp.ubicaciones)
        items[index] = replace(items[index], domicilio=replace(items[index].domicilio, **kw))
        return replace(cp, ubicaciones=tuple(items))

    return _cp(change)


def _mercancias(**kw) -> Change:
    return _cp(lambda cp: replace(cp, mercancias=replace(cp.mercancias, **kw)))


def _mercancia(**kw) -> Change:
    def change(cp: CartaPorte) -> CartaPorte:
        m = cp.mercancias
        first = replace(m.mercancias[0], **kw)
        return replace(cp, mercancias=replace(m, mercancias=(first, *m.mercancias[1:])))

    return _cp(change)


def _auto(**kw) -> Change:
    def change(cp: CartaPorte) -> CartaPorte:
        m = cp.mercancias
        return replace(cp, mercancias=replace(m, autotransporte=replace(m.autotransporte, **kw)))

    return _cp(change)


def _figura(**kw) -> Change:
    return _cp(lambda cp: replace(cp, figura_transporte=(replace(cp.figura_transporte[0], **kw),)))


_PELIGROSO = {"material_peligroso": "Sí", "cve_material_peligroso": "1993", "embalaje": "1A1"}

CASES: list[tuple[str, Change]] = [
    ("CCP31001", lambda c: replace(c, tipo_de_comprobante="E")),
    ("CCP31002", lambda c: replace(c, moneda="MXN")),
    ("CCP31003", lambda c: replace(c, sub_total=D(1))),
    ("CCP31004", lambda c: replace(c, total=D(1))),
    ("CCP31005", _root(id_ccp="CCC5A1B2-C3D4-4E5F-8A9B-0C1D2E3F4A5")),
    ("CCP31006", _root(transp_internac="Sí")),
    ("CCP31007", _root(pais_origen_destino="USA")),
    ("CCP31008", _root(total_dist_rec=D("1060"))),
    ("CCP31008-2", _root(total_dist_rec=None)),
    ("CCP31010", _cp(lambda cp: replace(cp, ubicaciones=cp.ubicaciones[:1]))),
    ("CCP31011", _ubicacion(1, id_ubicacion="OR000002")),
    ("CCP31012", _ubicacion(2, fecha_hora_salida_llegada="2026-11-25T07:59:59")),
    ("CCP31013", _ubicacion(0, distancia_recorrida=D(5))),
    ("CCP31014", _ubicacion(1, distancia_recorrida=None)),
    ("CCP31015", _domicilio(1, estado="TX")),
    ("CCP31016", _domicilio(1, codigo_postal="20000")),
    ("CCP31017", _domicilio(0, municipio="002")),
    ("CCP31020", _mercancias(num_total_mercancias=3)),
    ("CCP31021", _mercancias(peso_bruto_total=D("105.7"))),
    ("CCP31022", _mercancia(**{**_PELIGROSO, "cve_material_peligroso": None})),
    ("CCP31023", _mercancia(**{**_PELIGROSO, "embalaje": None})),
    ("CCP31024", _mercancia(cve_material_peligroso="1993")),
    ("CCP31030", _mercancia(**_PELIGROSO)),
    ("CCP31031", _auto(remolques=())),
    ("CCP31040", _root(figura_transporte=())),
    ("CCP31041", _figura(num_licencia=None)),
    ("CCP31042", _figura(rfc_figura=None)),
]


@pytest.mark.parametrize(("code", "change"), CASES, ids=[code for code, _ in CASES])
def test_rule(traslado, code, change):
    codes = [f.codigo for f in validate_rules(change(traslado))]
    assert code.split("-")[0] in codes


def test_findings_point_at_the_node_and_speak_spanish(traslado):
    [finding] = validate_rules(_domicilio(1, codigo_postal="20000")(traslado))
    assert finding.ruta == (
        "/cfdi:Comprobante/cfdi:Complemento/cartaporte31:CartaPorte/cartaporte31:Ubicaciones"
        "/cartaporte31:Ubicacion[2]/cartaporte31:Domicilio/@CodigoPostal"
    )
    assert finding.mensaje == "CodigoPostal 20000 no existe en c_CodigoPostal para el estado CMX."


def test_hazardous_goods_with_their_keys_and_environmental_insurance_pass(traslado):
    def insured(cp: CartaPorte) -> CartaPorte:
        a = cp.mercancias.autotransporte
        assert a is not None
        seguros = replace(a.seguros, asegura_med_ambiente="Seguros SA", poliza_med_ambiente="M1")
        auto = replace(a, seguros=seguros)
        return replace(cp, mercancias=replace(cp.mercancias, autotransporte=auto))

    assert validate_rules(_cp(insured)(_mercancia(**_PELIGROSO)(traslado))) == []


def test_peso_bruto_total_within_a_gram_and_other_units_are_not_summed(traslado):
    assert validate_rules(_mercancias(peso_bruto_total=D("105.751"))(traslado)) == []
    assert validate_rules(_mercancias(peso_bruto_total=D("105.752"))(traslado)) != []
    assert validate_rules(_mercancias(unidad_peso="LBR", peso_bruto_total=D(233))(traslado)) == []


def test_trucks_without_trailer_need_no_remolques(traslado):
    def c2(cp: CartaPorte) -> CartaPorte:
        a = cp.mercancias.autotransporte
        assert a is not None
        vehiculo = replace(a.identificacion_vehicular, config_vehicular="C2")
        auto = replace(a, identificacion_vehicular=vehiculo, remolques=())
        return replace(cp, mercancias=replace(cp.mercancias, autotransporte=auto))

    assert validate_rules(_cp(c2)(traslado)) == []


def test_a_foreign_address_and_a_foreign_figure_are_not_held_to_mexican_catalogs(traslado):
    foreign = _domicilio(1, estado="TX", pais="USA", codigo_postal="78040")(traslado)
    assert validate_rules(foreign) == []
    figura = _figura(rfc_figura=None, num_reg_id_trib_figura="121585958",
                     residencia_fiscal_figura="USA")(traslado)  # fmt: skip
    assert validate_rules(figura) == []


def test_an_unreadable_carta_porte_is_left_to_the_xsd(traslado):
    raw = traslado.complementos[0]
    broken = RawXml(xml=raw.xml.replace(b'PesoEnKg="95.5"', b'PesoEnKg="x"'), tag=raw.tag)
    codes = [
        f.codigo for f in validate_rules(dataclasses.replace(traslado, complementos=(broken,)))
    ]
    assert not [c for c in codes if c.startswith("CCP31")]
