"""complement_view: the sections a person reads of CCE 2.0 and Carta Porte 3.1, from any XML."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from facturador.sat.catalogs import default_catalogs
from facturador.sat.complement_view import (
    ComplementSection,
    complement_sections,
    complement_sections_from_xml,
)

SAMPLES = Path(__file__).parent / "validation" / "complementos"
CP = "http://www.sat.gob.mx/CartaPorte31"


def _by_title(sections: tuple[ComplementSection, ...]) -> dict[str, ComplementSection]:
    titles = [s.title for s in sections]
    assert len(set(titles)) == len(titles)
    return {s.title: s for s in sections}


def _column(section: ComplementSection, table: int, label: str) -> list[str]:
    t = section.tables[table]
    i = t.columns.index(label)
    return [row[i] for row in t.rows]


def test_comercio_exterior_sample():
    data = (SAMPLES / "cce20.xml").read_bytes()
    sections = complement_sections_from_xml(data, default_catalogs())
    assert [s.title for s in sections] == [
        "Comercio Exterior 2.0",
        "Emisor (comercio exterior)",
        "Receptor (comercio exterior)",
        "Mercancías (comercio exterior)",
    ]
    s = _by_title(sections)
    general = dict(s["Comercio Exterior 2.0"].rows)
    assert general["Clave de pedimento"].startswith("A1")
    assert general["Incoterm"] == "FCA — Franco transportista (lugar designado)"
    assert general["Tipo de cambio USD"] == "20.000000"
    assert general["Total USD"] == "10.00"
    assert "Versión" not in general  # in the title
    assert dict(s["Emisor (comercio exterior)"].rows)["Domicilio"] == (
        "AV. JUAREZ 100, HID, MEX, C.P. 42501"
    )
    receptor = dict(s["Receptor (comercio exterior)"].rows)
    assert receptor["Núm. de registro de identidad tributaria"] == "123456789"
    assert receptor["Domicilio"] == "MAIN STREET 1, TX, USA, C.P. 78501"
    (table,) = s["Mercancías (comercio exterior)"].tables
    assert table.columns == (
        "No. de identificación",
        "Fracción arancelaria",
        "Cantidad aduana",
        "Unidad aduana",
        "Valor unitario aduana",
        "Valor en dólares",
    )
    assert table.rows == (("SKU-1", "0101210100", "1", "06 — Pieza", "10.00", "10.00"),)


def test_carta_porte_sample():
    data = (SAMPLES / "cartaporte31.xml").read_bytes()
    s = _by_title(complement_sections_from_xml(data, default_catalogs()))
    assert list(s) == [
        "Carta Porte 3.1",
        "Ubicaciones",
        "Mercancías transportadas",
        "Autotransporte",
        "Figura de transporte",
    ]
    general = dict(s["Carta Porte 3.1"].rows)
    assert general["IdCCP"] == "CCC5a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5b"
    assert general["Transporte internacional"] == "No"
    assert general["Distancia total recorrida (km)"] == "320"
    ubicaciones = s["Ubicaciones"]
    assert _column(ubicaciones, 0, "Tipo") == ["Origen", "Destino"]
    assert _column(ubicaciones, 0, "RFC") == ["EKU9003173C9", "CACX7605101P8"]
    assert _column(ubicaciones, 0, "Fecha y hora") == ["25/11/2026 08:00:00", "25/11/2026 14:00:00"]
    assert _column(ubicaciones, 0, "Distancia (km)") == ["", "320"]
    assert _column(ubicaciones, 0, "Domicilio")[1] == "CALLE HIDALGO 5, GUA, MEX, C.P. 36257"
    mercancias = s["Mercancías transportadas"]
    assert dict(mercancias.rows)["Peso bruto total"] == "1000.000"
    assert _column(mercancias, 0, "Bienes transportados") == ["10101500"]
    assert _column(mercancias, 0, "Clave de unidad") == ["H87 — Pieza"]
    assert _column(mercancias, 0, "Peso (kg)") == ["1000.000"]
    auto = dict(s["Autotransporte"].rows)
    assert auto["Tipo de permiso SCT"] == "TPAF01"
    assert auto["Placa"] == "501AAA"
    assert auto["Configuración vehicular"] == "C2"
    assert auto["Póliza de responsabilidad civil"] == "123456789"
    figura = s["Figura de transporte"]
    assert _column(figura, 0, "Tipo de figura") == ["01 — Operador"]
    assert _column(figura, 0, "Núm. de licencia") == ["a234567890"]


def test_without_catalogs_codes_alone_but_small_catalogs_still_described():
    data = (SAMPLES / "cartaporte31.xml").read_bytes()
    s = _by_title(complement_sections_from_xml(data))
    assert _column(s["Mercancías transportadas"], 0, "Clave de unidad") == ["H87"]
    assert _column(s["Figura de transporte"], 0, "Tipo de figura") == ["01 — Operador"]


def _cfdi(complement: str) -> bytes:
    return (
        '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0">'
        "<cfdi:Emisor Rfc='EKU9003173C9'/><cfdi:Complemento>"
        f"{complement}</cfdi:Complemento></cfdi:Comprobante>"
    ).encode()


def test_from_a_cfdi_root_element_and_nothing_without_complements():
    inner = (SAMPLES / "cce20.xml").read_text(encoding="utf-8")
    root = etree.fromstring(_cfdi(inner))
    assert complement_sections(root)[0].title == "Comercio Exterior 2.0"
    assert complement_sections(etree.fromstring(_cfdi(""))) == ()


MARITIMO = f"""<cp:CartaPorte xmlns:cp="{CP}" Version="3.1" IdCCP="CCCX" TranspInternac="Sí"
  EntradaSalidaMerc="Entrada" PaisOrigenDestino="USA" ViaEntradaSalida="02" Futuro="x">
 <cp:RegimenesAduaneros><cp:RegimenAduaneroCCP RegimenAduanero="IMD"/></cp:RegimenesAduaneros>
 <cp:Ubicaciones>
  <cp:Ubicacion TipoUbicacion="Origen" RFCRemitenteDestinatario="XEXX010101000"
    NumRegIdTrib="99" ResidenciaFiscal="USA" NumEstacion="PM001" NombreEstacion="Houston"
    NavegacionTrafico="Altura" FechaHoraSalidaLlegada="2026-11-01T10:00:00"/>
  <cp:Ubicacion TipoUbicacion="Destino" RFCRemitenteDestinatario="EKU9003173C9"
    FechaHoraSalidaLlegada="2026-11-05T10:00:00" DistanciaRecorrida="1500"/>
 </cp:Ubicaciones>
 <cp:Mercancias PesoBrutoTotal="2000" UnidadPeso="KGM" NumTotalMercancias="2">
  <cp:Mercancia BienesTransp="10101500" Descripcion="A" Cantidad="1" ClaveUnidad="H87"
    PesoEnKg="1000" MaterialPeligroso="No">
   <cp:DocumentacionAduanera TipoDocumento="01" NumPedimento="26  47  3807  6000001"/>
   <cp:CantidadTransporta Cantidad="1" IDOrigen="OR000001" IDDestino="DE000001"/>
  </cp:Mercancia>
  <cp:Mercancia BienesTransp="10101500" Descripcion="B" Cantidad="2" ClaveUnidad="H87"
    PesoEnKg="1000">
   <cp:CantidadTransporta Cantidad="2" IDOrigen="OR000001" IDDestino="DE000001"
     CvesTransporte="02"/>
  </cp:Mercancia>
  <cp:TransporteMaritimo TipoEmbarcacion="B01" Matricula="ABC123" NumeroOMI="IMO1234567"
    NacionalidadEmbarc="USA" UnidadesDeArqBruto="1000" TipoCarga="CGS"
    NombreAgenteNaviero="AGENTE SA" NumAutorizacionNaviero="ANM001">
   <cp:Contenedor TipoContenedor="CM001" MatriculaContenedor="ABCU1234567">
    <cp:RemolquesCCP><cp:RemolqueCCP SubTipoRemCCP="CTR001" PlacaCCP="AB123"/></cp:RemolquesCCP>
   </cp:Contenedor>
  </cp:TransporteMaritimo>
 </cp:Mercancias>
 <cp:FiguraTransporte>
  <cp:TiposFigura TipoFigura="02" NombreFigura="NAVIERA" RFCFigura="EKU9003173C9">
   <cp:PartesTransporte ParteTransporte="PT01"/>
  </cp:TiposFigura>
 </cp:FiguraTransporte>
 <cp:Nuevo Dato="1"/>
</cp:CartaPorte>"""


def test_maritime_child_tables_and_unknown_names_shown():
    s = _by_title(complement_sections_from_xml(MARITIMO.encode(), default_catalogs()))
    general = s["Carta Porte 3.1"]
    rows = dict(general.rows)
    assert rows["País de origen o destino"] == "USA — Estados Unidos (los)"
    assert rows["Vía de entrada o salida"] == "02 — Transporte marítimo"
    assert rows["Futuro"] == "x"  # unknown attribute: its own name
    assert general.tables[0].title == "Regímenes aduaneros"
    assert general.tables[0].rows == (("IMD",),)
    assert _column(s["Ubicaciones"], 0, "Estación") == ["Houston", ""]
    mercancias = s["Mercancías transportadas"]
    titles = [t.title for t in mercancias.tables]
    assert titles == ["", "Documentación aduanera", "Cantidad que se transporta"]
    assert mercancias.tables[0].columns[0] == "Mercancía"
    assert _column(mercancias, 0, "Mercancía") == ["1", "2"]
    assert _column(mercancias, 1, "Mercancía") == ["1"]
    assert _column(mercancias, 1, "Núm. de pedimento") == ["26 47 3807 6000001"]
    assert _column(mercancias, 2, "Mercancía") == ["1", "2"]
    assert _column(mercancias, 2, "Clave de transporte") == ["", "02 — Transporte marítimo"]
    maritimo = s["Transporte marítimo"]
    assert dict(maritimo.rows)["Núm. OMI"] == "IMO1234567"
    assert [t.title for t in maritimo.tables] == ["Contenedores", "Remolques de los contenedores"]
    assert maritimo.tables[1].rows == (("1", "CTR001", "AB123"),)
    figura = s["Figura de transporte"]
    assert _column(figura, 0, "Tipo de figura") == ["02 — Propietario"]
    assert figura.tables[1].rows == (("1", "PT01"),)
    assert dict(s["Nuevo"].rows) == {"Dato": "1"}  # unknown element: a section of its own


@pytest.mark.parametrize("version", ["3.0", ""])
def test_other_namespaces_are_not_read(version):
    xml = f'<cp:CartaPorte xmlns:cp="http://www.sat.gob.mx/CartaPorte30" Version="{version}"/>'
    assert complement_sections_from_xml(xml.encode()) == ()
