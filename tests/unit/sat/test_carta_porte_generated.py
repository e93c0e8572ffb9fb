"""200 generated documents with Carta Porte 3.1 (road), sealed with SAT's test CSD.

Traslados (tipo T: Moneda XXX, total 0, the issuer as receiver) and carriers' invoices (tipo I),
national or goods entering Mexico (TranspInternac Sí, RegimenesAduaneros, pedimento), all
built from the JSON input through `build_comprobante`. Each must pass SAT's XSD with the
complement's schema, have a native cadena identical to SAT's XSLT's, carry a Sello that
verifies and get no error from `validar`. Catalog values come from SAT's catalogs
(catCartaPorte.xsd and catalogos/enumeraciones.json in resources/xsd/sat-xml.zip).
"""

from __future__ import annotations

import base64
import copy
import re
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facturador.sat.build import build_comprobante
from facturador.sat.cadena import cadena_original, cadena_xslt
from facturador.sat.carta_porte import (
    CARTA_PORTE_TAG,
    carta_porte_to_xml,
    find_carta_porte,
    parse_carta_porte,
)
from facturador.sat.errors import ComprobanteInputError
from facturador.sat.sello import seal
from facturador.sat.validation import validate_xml
from facturador.sat.validation.xsd import _full_schema
from facturador.sat.xml_safety import parse_xml
from tests.unit.sat.conftest import FECHA

EMISOR = {"Rfc": "EKU9003173C9", "Nombre": "ESCUELA KEMPER URGATE", "RegimenFiscal": "601"}
RECEPTOR_T = {"Rfc": "EKU9003173C9", "Nombre": "ESCUELA KEMPER URGATE",
              "DomicilioFiscalReceptor": "42501", "RegimenFiscalReceptor": "601",
              "UsoCFDI": "S01"}  # fmt: skip
RECEPTOR_I = {"Rfc": "ICV060329BY0", "Nombre": "INMOBILIARIA CVA",
              "DomicilioFiscalReceptor": "33826", "RegimenFiscalReceptor": "601",
              "UsoCFDI": "G03"}  # fmt: skip
# (Estado, Municipio, CodigoPostal) that exist together in SAT's address catalogs.
PLACES = [("AGU", "001", "20000"), ("CMX", "015", "06000"), ("JAL", "039", "44100"),
          ("HID", "048", "42000"), ("NLE", "039", "64000"), ("PUE", "114", "72000")]  # fmt: skip
# BienesTransp of c_ClaveProdServCP with the concept's ClaveProdServ and ClaveUnidad.
GOODS = [("50151513", "Aceite de aguacate 1 L", "H87"), ("10101501", "Gatos vivos", "H87"),
         ("43211503", "Computadoras portátiles", "H87"), ("50202306", "Refrescos", "XBX"),
         ("31162800", "Tornillería diversa", "KGM")]  # fmt: skip
# ConfigAutotransporte: how many remolques it needs (c_ConfigAutotransporte).
CONFIGS = {"C2": 0, "C3": 0, "T3S2": 1, "T2S1": 1, "T3S2R4": 2}
SUBTIPOS = ["CTR004", "CTR007", "CTR012", "CTR020"]
EMBALAJES = ["4G", "1A1", "5H1"]  # c_TipoEmbalaje
PARTES = ["PT01", "PT02", "PT05"]  # c_ParteTransporte
FRACCIONES = ["1509100200", "15091001"]  # c_FraccionArancelaria (ComExt enumerations)
PLACAS = st.from_regex(r"[A-Z0-9]{5,7}", fullmatch=True)
NAMES = st.sampled_from(["Almacén Norte", "Bodega «Sur» & Cía", 'Planta "2"', "Cedis Ñuñoa"])
ID_CCP = re.compile(r"CCC[0-9A-F]{5}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")


def _weight(draw: st.DrawFn) -> str:
    return str(Decimal(draw(st.integers(1, 9_000_000))).scaleb(-draw(st.integers(0, 3))))


def _domicilio(draw: st.DrawFn) -> dict[str, object]:
    estado, municipio, cp = draw(st.sampled_from(PLACES))
    domicilio: dict[str, object] = {"Estado": estado, "Pais": "MEX", "CodigoPostal": cp}
    if draw(st.booleans()):
        domicilio["Municipio"] = municipio
    if draw(st.booleans()):
        domicilio["Calle"] = draw(st.sampled_from(["Av. Reforma", "Insurgentes Sur", "5 de Mayo"]))
        domicilio["NumeroExterior"] = str(draw(st.integers(1, 9999)))
    return domicilio


def _mercancia(draw: st.DrawFn, international: bool) -> dict[str, object]:
    clave, descripcion, unidad = draw(st.sampled_from(GOODS))
    mercancia: dict[str, object] = {
        "BienesTransp": clave, "Descripcion": descripcion,
        "Cantidad": str(draw(st.integers(1, 10_000))), "ClaveUnidad": unidad,
        "PesoEnKg": _weight(draw),
    }  # fmt: skip
    if draw(st.booleans()):
        mercancia["MaterialPeligroso"] = "No"
    if draw(st.booleans()):
        mercancia["CantidadTransporta"] = [
            {"Cantidad": mercancia["Cantidad"], "IDOrigen": "OR000001",
             "IDDestino": "DE000001"}
        ]  # fmt: skip
    if draw(st.booleans()):
        mercancia["ValorMercancia"] = str(draw(st.integers(1, 10**6)))
        mercancia["Moneda"] = "MXN"
    if draw(st.booleans()):
        mercancia["Embalaje"] = draw(st.sampled_from(EMBALAJES))
        mercancia["DescripEmbalaje"] = "Caja de cartón"
    if draw(st.booleans()):
        mercancia["GuiasIdentificacion"] = [
            {"NumeroGuiaIdentificacion": f"GUIA{draw(st.integers(10**6, 10**9))}",
             "DescripGuiaIdentificacion": "Paquete", "PesoGuiaIdentificacion": "1.5"}
        ]  # fmt: skip
    if draw(st.booleans()):
        mercancia["DetalleMercancia"] = {
            "UnidadPesoMerc": "KGM", "PesoBruto": "12.5", "PesoNeto": "12",
            "PesoTara": "0.5", "NumPiezas": str(draw(st.integers(1, 99))),
        }  # fmt: skip
    if international:
        mercancia["FraccionArancelaria"] = draw(st.sampled_from(FRACCIONES))
        mercancia["DocumentacionAduanera"] = [
            {"TipoDocumento": "01",
             "NumPedimento": f"26  47  3807  {draw(st.integers(0, 10**7 - 1)):07d}"}
        ]  # fmt: skip
    return mercancia


@st.composite
def carta_porte(draw: st.DrawFn) -> dict[str, object]:
    destinos = draw(st.integers(1, 3))
    international = draw(st.integers(0, 3)) == 0  # goods entering Mexico by road
    ubicaciones: list[dict[str, object]] = [
        {"TipoUbicacion": "Origen", "IDUbicacion": "OR000001",
         "RFCRemitenteDestinatario": "EKU9003173C9",
         "FechaHoraSalidaLlegada": "2026-11-25T08:00:00", "Domicilio": _domicilio(draw)}
    ]  # fmt: skip
    if international:
        ubicaciones[0].update(
            RFCRemitenteDestinatario="XEXX010101000", NumRegIdTrib="121585958",
            ResidenciaFiscal="USA",
            Domicilio={"Estado": "TX", "Pais": "USA", "CodigoPostal": "78040"},
        )  # fmt: skip
    for n in range(destinos):
        destino: dict[str, object] = {
            "TipoUbicacion": "Destino",
            "IDUbicacion": f"DE{n + 1:06d}",
            "RFCRemitenteDestinatario": draw(st.sampled_from(["EKU9003173C9", "CACX7605101P8"])),
            "FechaHoraSalidaLlegada": f"2026-11-{26 + n}T18:30:00",
            "DistanciaRecorrida": str(  # TotalDistRec stays within SAT's 99999
                Decimal(draw(st.integers(1, 33_000))) + Decimal(draw(st.integers(0, 99))) / 100
            ),
            "Domicilio": _domicilio(draw),
        }
        if draw(st.booleans()):
            destino["NombreRemitenteDestinatario"] = draw(NAMES)
        ubicaciones.append(destino)
    mercancias = [_mercancia(draw, international) for _ in range(draw(st.integers(1, 4)))]
    config = draw(st.sampled_from(sorted(CONFIGS)))
    autotransporte: dict[str, object] = {
        "PermSCT": "TPAF01",
        "NumPermisoSCT": draw(st.sampled_from(["0X2XTXZ0X5X0X3X2X1X0", "SCT-123/2020"])),
        "IdentificacionVehicular": {
            "ConfigVehicular": config,
            "PesoBrutoVehicular": str(Decimal(draw(st.integers(100, 9999))).scaleb(-2)),
            "PlacaVM": draw(PLACAS),
            "AnioModeloVM": str(draw(st.integers(1990, 2026))),
        },
        "Seguros": {"AseguraRespCivil": "Seguros Atlas SA", "PolizaRespCivil": "POL-123456"},
    }
    if draw(st.booleans()):
        autotransporte["Seguros"]["AseguraCarga"] = "Seguros Atlas SA"  # type: ignore[index]
        autotransporte["Seguros"]["PolizaCarga"] = "CAR-9"  # type: ignore[index]
    if CONFIGS[config]:
        autotransporte["Remolques"] = [
            {"SubTipoRem": draw(st.sampled_from(SUBTIPOS)), "Placa": draw(PLACAS)}
            for _ in range(CONFIGS[config])
        ]
    figura: dict[str, object] = {
        "TipoFigura": "01",
        "RFCFigura": "CACX7605101P8",
        "NumLicencia": "a234567890",
        "NombreFigura": "XOCHILT CASAS CHAVEZ",
    }
    if draw(st.booleans()):
        figura["Domicilio"] = _domicilio(draw)
    cp: dict[str, object] = {
        "TranspInternac": "No",
        "Ubicaciones": ubicaciones,
        "Mercancias": {"UnidadPeso": "KGM", "Mercancia": mercancias,
                       "Autotransporte": autotransporte},
        "FiguraTransporte": [figura],
    }  # fmt: skip
    if draw(st.booleans()):
        figuras = cp["FiguraTransporte"]
        assert isinstance(figuras, list)
        figuras.append(
            {"TipoFigura": "02", "RFCFigura": "ICV060329BY0", "NombreFigura": "INMOBILIARIA CVA",
             "PartesTransporte": [{"ParteTransporte": p}
                                  for p in draw(st.sets(st.sampled_from(PARTES), min_size=1))]}
        )  # fmt: skip
    if international:
        cp.update(
            TranspInternac="Sí", EntradaSalidaMerc="Entrada", PaisOrigenDestino="USA",
            ViaEntradaSalida="01",
            RegimenesAduaneros=[{"RegimenAduanero": r}
                                for r in draw(st.sets(st.sampled_from(["IMD", "ITR", "ITE"]),
                                                      min_size=1))],
        )  # fmt: skip
    if draw(st.booleans()):
        cp["IdCCP"] = (
            "CCC" + draw(st.uuids(version=4)).hex.upper()[3:8] + "-A52A-4332-A52A-A52AA52AA52A"
        )
    if draw(st.booleans()):
        cp["Version"] = "3.1"
    return cp


@st.composite
def documents(draw: st.DrawFn) -> dict[str, object]:
    cp = draw(carta_porte())
    mercancias = cp["Mercancias"]["Mercancia"]  # type: ignore[index]
    if draw(st.booleans()):
        return {
            "Serie": "T", "Folio": str(draw(st.integers(1, 10**6))), "TipoDeComprobante": "T",
            "Exportacion": "01", "Moneda": "XXX", "LugarExpedicion": "42501",
            "Emisor": EMISOR, "Receptor": RECEPTOR_T,
            "Conceptos": [
                {"ClaveProdServ": m["BienesTransp"], "Cantidad": m["Cantidad"],
                 "ClaveUnidad": m["ClaveUnidad"], "Descripcion": m["Descripcion"],
                 "ValorUnitario": "0", "ObjetoImp": "01"}
                for m in mercancias
            ],
            "Complemento": {"CartaPorte": cp},
        }  # fmt: skip
    return {
        "Serie": "F", "Folio": str(draw(st.integers(1, 10**6))), "TipoDeComprobante": "I",
        "Exportacion": "01", "Moneda": "MXN", "LugarExpedicion": "42501",
        "FormaPago": "03", "MetodoPago": "PUE",
        "Emisor": EMISOR, "Receptor": RECEPTOR_I,
        "Conceptos": [
            {"ClaveProdServ": "78101802", "Cantidad": "1", "ClaveUnidad": "E48",
             "Descripcion": "Flete por carretera",
             "ValorUnitario": str(Decimal(draw(st.integers(10_000, 10**8))).scaleb(-2)),
             "ObjetoImp": "02",
             "Impuestos": {"Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa",
                                          "TasaOCuota": "0.160000"}]}}
        ],
        "Complemento": {"CartaPorte": cp},
    }  # fmt: skip


@pytest.fixture(scope="module")
def schema():
    return _full_schema()


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(doc=documents())
def test_generated_carta_porte_is_what_sat_accepts(doc, credential, schema):
    comprobante = build_comprobante(doc, fecha=FECHA)
    sealed = seal(comprobante, credential)
    root = parse_xml(sealed.xml)
    assert schema.validate(root), schema.error_log.last_error
    assert cadena_xslt()(root) == sealed.cadena == cadena_original(sealed.comprobante)
    credential.certificate.public_key().verify(
        base64.b64decode(root.get("Sello")),
        sealed.cadena.encode("utf-8"),
        padding.PKCS1v15(),
        hashes.SHA256(),
    )
    cp = find_carta_porte(sealed.comprobante)
    assert cp is not None
    assert ID_CCP.fullmatch(cp.id_ccp)
    merc = cp.mercancias
    assert merc.num_total_mercancias == len(merc.mercancias)
    assert merc.peso_bruto_total == sum(m.peso_en_kg for m in merc.mercancias)
    assert cp.total_dist_rec == sum(u.distancia_recorrida or 0 for u in cp.ubicaciones)
    report = validate_xml(sealed.xml)
    assert report.errores == (), [f.codigo + " " + f.mensaje for f in report.errores]
    assert report.sello_valido is True


def _example() -> dict[str, object]:
    return copy.deepcopy(_EXAMPLE)


_EXAMPLE: dict[str, object] = {
    "Serie": "T", "TipoDeComprobante": "T", "Exportacion": "01", "Moneda": "XXX",
    "LugarExpedicion": "42501", "Emisor": EMISOR, "Receptor": RECEPTOR_T,
    "Conceptos": [{"ClaveProdServ": "50151513", "Cantidad": "100", "ClaveUnidad": "H87",
                   "Descripcion": "Aceite de aguacate 1 L", "ValorUnitario": "0",
                   "ObjetoImp": "01"}],
    "Complemento": {"CartaPorte": {
        "TranspInternac": "No",
        "RegimenesAduaneros": [{"RegimenAduanero": "IMD"}],
        "Ubicaciones": [
            {"TipoUbicacion": "Origen", "IDUbicacion": "OR000001",
             "RFCRemitenteDestinatario": "EKU9003173C9",
             "FechaHoraSalidaLlegada": "2026-11-25T08:00:00",
             "Domicilio": {"Estado": "AGU", "Pais": "MEX", "CodigoPostal": "20000"}},
            {"TipoUbicacion": "Destino", "IDUbicacion": "DE000001",
             "RFCRemitenteDestinatario": "EKU9003173C9",
             "FechaHoraSalidaLlegada": "2026-11-25T18:00:00", "DistanciaRecorrida": "520.5",
             "Domicilio": {"Estado": "CMX", "Pais": "MEX", "CodigoPostal": "06000"}},
        ],
        "Mercancias": {"UnidadPeso": "KGM", "Mercancia": [
            {"BienesTransp": "50151513", "Descripcion": "Aceite", "Cantidad": "100",
             "ClaveUnidad": "H87", "PesoEnKg": "95.5",
             "DocumentacionAduanera": [{"TipoDocumento": "01",
                                        "NumPedimento": "26  47  3807  6000123"}],
             "GuiasIdentificacion": [{"NumeroGuiaIdentificacion": "G1234567890",
                                      "DescripGuiaIdentificacion": "Caja",
                                      "PesoGuiaIdentificacion": "1.5"}],
             "DetalleMercancia": {"UnidadPesoMerc": "KGM", "PesoBruto": "96", "PesoNeto": "95.5",
                                  "PesoTara": "0.5"}},
            {"BienesTransp": "10101501", "Descripcion": "Gatos", "Cantidad": "2",
             "ClaveUnidad": "H87", "PesoEnKg": "10.25"}],
            "Autotransporte": {
                "PermSCT": "TPAF01", "NumPermisoSCT": "X1",
                "IdentificacionVehicular": {"ConfigVehicular": "T3S2", "PesoBrutoVehicular": "30",
                                            "PlacaVM": "ABC1234", "AnioModeloVM": "2020"},
                "Seguros": {"AseguraRespCivil": "Seguros SA", "PolizaRespCivil": "123456"},
                "Remolques": [{"SubTipoRem": "CTR004", "Placa": "XYZ987"}]}},
        "FiguraTransporte": [{"TipoFigura": "01", "RFCFigura": "CACX7605101P8",
                              "NumLicencia": "a234567890", "NombreFigura": "XOCHILT CASAS",
                              "PartesTransporte": [{"ParteTransporte": "PT01"}]}],
    }},
}  # fmt: skip


def _carta_porte_of(doc: dict[str, object]) -> dict[str, object]:
    return doc["Complemento"]["CartaPorte"]  # type: ignore[index,return-value]


def test_computed_fields_and_round_trip():
    comprobante = build_comprobante(_example(), fecha=FECHA)
    (raw,) = comprobante.complementos
    assert raw.tag == CARTA_PORTE_TAG
    cp = parse_carta_porte(raw)
    assert ID_CCP.fullmatch(cp.id_ccp)
    assert cp.version == "3.1"
    assert cp.total_dist_rec == Decimal("520.5")
    assert cp.mercancias.peso_bruto_total == Decimal("105.75")
    assert cp.mercancias.num_total_mercancias == 2
    assert cp.regimenes_aduaneros == ("IMD",)
    assert cp.figura_transporte[0].partes_transporte == ("PT01",)
    assert cp.mercancias.mercancias[0].detalle_mercancia is not None
    assert carta_porte_to_xml(cp) == raw.xml
    assert parse_carta_porte(carta_porte_to_xml(cp)) == cp
    assert raw.cadena is not None
    assert raw.cadena[:3] == ("3.1", cp.id_ccp, "No")


def test_parse_skips_other_transport_modes():
    xml = carta_porte_to_xml(
        parse_carta_porte(build_comprobante(_example(), fecha=FECHA).complementos[0])
    )
    with_air = xml.replace(
        b"</cartaporte31:Mercancias>",
        b'<cartaporte31:TransporteAereo PermSCT="TPTA01"/></cartaporte31:Mercancias>',
    )
    assert parse_carta_porte(with_air) == parse_carta_porte(xml)


@pytest.mark.parametrize(
    ("change", "path", "detail"),
    [
        (lambda cp: cp["Mercancias"].update(PesoBrutoTotal="100"),
         "Complemento.CartaPorte.Mercancias.PesoBrutoTotal", "debe ser 105.75"),
        (lambda cp: cp.update(TotalDistRec="1"), "Complemento.CartaPorte.TotalDistRec",
         "debe ser 520.5"),
        (lambda cp: cp["Mercancias"].update(NumTotalMercancias="3"),
         "Complemento.CartaPorte.Mercancias.NumTotalMercancias", "debe ser 2"),
        (lambda cp: cp.update(IdCCP="ABC"), "Complemento.CartaPorte.IdCCP", "CCC"),
        (lambda cp: cp.update(Version="3.0"), "Complemento.CartaPorte.Version", "3.1"),
        (lambda cp: cp["Ubicaciones"].pop(), "Complemento.CartaPorte.Ubicaciones",
         "una Destino"),
        (lambda cp: cp["Ubicaciones"][0].update(TipoUbicacion="Intermedia"),
         "Complemento.CartaPorte.Ubicaciones[0].TipoUbicacion", "Origen o Destino"),
        (lambda cp: cp["Mercancias"]["Mercancia"][1].pop("PesoEnKg"),
         "Complemento.CartaPorte.Mercancias.Mercancia[1].PesoEnKg", "obligatorio"),
        (lambda cp: cp["Mercancias"]["Autotransporte"].update(Placa="X"),
         "Complemento.CartaPorte.Mercancias.Autotransporte.Placa", "campo desconocido"),
        (lambda cp: cp["Ubicaciones"][1].update(DistanciaRecorrida="100000"),
         "Complemento.CartaPorte.Ubicaciones[1].DistanciaRecorrida", "99999"),
        (lambda cp: cp["Ubicaciones"][0].update(DistanciaRecorrida="5"),
         "Complemento.CartaPorte.Ubicaciones[0].DistanciaRecorrida", "Destino"),
        (lambda cp: cp["Mercancias"]["Autotransporte"]["Remolques"].extend(
            [{"SubTipoRem": "CTR004", "Placa": "AAA111"}] * 2),
         "Complemento.CartaPorte.Mercancias.Autotransporte.Remolques", "dos remolques"),
        (lambda cp: cp.update(TranspInternac="Si"), "Complemento.CartaPorte.TranspInternac",
         "«Sí» o «No»"),
    ],
)  # fmt: skip
def test_input_errors_name_the_json_path(change, path, detail):
    doc = _example()
    change(_carta_porte_of(doc))
    with pytest.raises(ComprobanteInputError) as info:
        build_comprobante(doc, fecha=FECHA)
    assert path in str(info.value)
    assert detail in str(info.value)


def test_only_traslado_or_ingreso():
    doc = _example()
    doc.update(TipoDeComprobante="E", Moneda="MXN", FormaPago="03", MetodoPago="PUE")
    doc["Receptor"] = dict(RECEPTOR_I, UsoCFDI="G02")
    with pytest.raises(ComprobanteInputError, match="traslado"):
        build_comprobante(doc, fecha=FECHA)


def test_validar_rejects_a_bienes_transp_outside_the_catalog(credential):
    doc = _example()
    _carta_porte_of(doc)["Mercancias"]["Mercancia"][0]["BienesTransp"] = "99999999"  # type: ignore[index]
    sealed = seal(build_comprobante(doc, fecha=FECHA), credential)
    report = validate_xml(sealed.xml)
    assert report.sello_valido is True
    assert any("BienesTransp" in (f.ruta or "") + f.mensaje for f in report.errores), report.errores
