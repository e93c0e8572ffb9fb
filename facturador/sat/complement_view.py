"""What a person reads of the Comercio Exterior 2.0 and Carta Porte 3.1 complements.

`complement_sections` takes a CFDI's root element (any version, any producer: issued here
or received) or a complement's own element and returns ordered sections of label/value
rows and tables, for the PDF, `facturador validar` and the received inbox. It is driven by
a spec of each complement's elements, written after SAT's XSDs (ComercioExterior20.xsd,
CartaPorte31.xsd): each element is a section, rows added to the enclosing section, a
table (its repeated siblings, one row each), an address (one formatted line) or a wrapper
(only its children are shown). The Spanish words come from
`facturador.sat.messages_complementos`. Nothing is dropped: an attribute or element the
spec does not know is still shown under its own name (as rows, a column or a section).

Catalog codes are shown with their description where it is known: the SQLite catalogs
when given (País, ClaveUnidad, Moneda) and the small complement catalogs of the messages
module; otherwise the code alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from lxml import etree

from facturador.sat import messages_complementos as msg
from facturador.sat.catalogs import Catalogs
from facturador.sat.xml_safety import parse_xml

__all__ = [
    "CARTA_PORTE_31_NS",
    "COMERCIO_EXTERIOR_20_NS",
    "ComplementSection",
    "ComplementTable",
    "complement_names",
    "complement_sections",
    "complement_sections_from_xml",
]

COMERCIO_EXTERIOR_20_NS = "http://www.sat.gob.mx/ComercioExterior20"
CARTA_PORTE_31_NS = "http://www.sat.gob.mx/CartaPorte31"


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplementTable:
    """A table: `columns` are labels; every row has one value per column ("" if absent)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplementSection:
    """A titled block: label/value rows, then tables."""

    title: str
    rows: tuple[tuple[str, str], ...]
    tables: tuple[ComplementTable, ...]


# ---------------------------------------------------------------------------------------
# The spec: each complement's elements, after SAT's XSDs
# ---------------------------------------------------------------------------------------

_Kind = Literal["section", "rows", "table", "address", "wrapper"]


@dataclass(frozen=True, slots=True)
class _Spec:
    tag: str
    kind: _Kind
    attrs: tuple[str, ...] = ()
    children: tuple[_Spec, ...] = ()
    key: str = ""  # table: the attribute that names a row in its child tables


def _address(tag: str = "Domicilio") -> _Spec:
    return _Spec(tag, "address")


_COMERCIO_EXTERIOR_20 = _Spec(
    "ComercioExterior",
    "section",
    (
        "MotivoTraslado",
        "ClaveDePedimento",
        "CertificadoOrigen",
        "NumCertificadoOrigen",
        "NumeroExportadorConfiable",
        "Incoterm",
        "Observaciones",
        "TipoCambioUSD",
        "TotalUSD",
    ),
    (
        _Spec("Emisor", "section", ("Curp",), (_address(),)),
        _Spec("Propietario", "table", ("NumRegIdTrib", "ResidenciaFiscal")),
        _Spec("Receptor", "section", ("NumRegIdTrib",), (_address(),)),
        _Spec("Destinatario", "section", ("Nombre", "NumRegIdTrib"), (_address(),)),
        _Spec(
            "Mercancias",
            "section",
            (),
            (
                _Spec(
                    "Mercancia",
                    "table",
                    (
                        "NoIdentificacion",
                        "FraccionArancelaria",
                        "CantidadAduana",
                        "UnidadAduana",
                        "ValorUnitarioAduana",
                        "ValorDolares",
                    ),
                    (
                        _Spec(
                            "DescripcionesEspecificas",
                            "table",
                            ("Marca", "Modelo", "SubModelo", "NumeroSerie"),
                        ),
                    ),
                    key="NoIdentificacion",
                ),
            ),
        ),
    ),
)

_CP_MERCANCIA_ATTRS = (
    "BienesTransp",
    "ClaveSTCC",
    "Descripcion",
    "Cantidad",
    "ClaveUnidad",
    "Unidad",
    "Dimensiones",
    "PesoEnKg",
    "ValorMercancia",
    "Moneda",
    "MaterialPeligroso",
    "CveMaterialPeligroso",
    "Embalaje",
    "DescripEmbalaje",
    "FraccionArancelaria",
    "UUIDComercioExt",
    "TipoMateria",
    "DescripcionMateria",
    "SectorCOFEPRIS",
    "NombreIngredienteActivo",
    "NomQuimico",
    "DenominacionGenericaProd",
    "DenominacionDistintivaProd",
    "Fabricante",
    "FechaCaducidad",
    "LoteMedicamento",
    "FormaFarmaceutica",
    "CondicionesEspTransp",
    "RegistroSanitarioFolioAutorizacion",
    "PermisoImportacion",
    "FolioImpoVUCEM",
    "NumCAS",
    "RazonSocialEmpImp",
    "NumRegSanPlagCOFEPRIS",
    "DatosFabricante",
    "DatosFormulador",
    "DatosMaquilador",
    "UsoAutorizado",
)

_CARTA_PORTE_31 = _Spec(
    "CartaPorte",
    "section",
    (
        "IdCCP",
        "TranspInternac",
        "EntradaSalidaMerc",
        "PaisOrigenDestino",
        "ViaEntradaSalida",
        "TotalDistRec",
        "RegistroISTMO",
        "UbicacionPoloOrigen",
        "UbicacionPoloDestino",
    ),
    (
        _Spec(
            "RegimenesAduaneros",
            "wrapper",
            children=(_Spec("RegimenAduaneroCCP", "table", ("RegimenAduanero",)),),
        ),
        _Spec(
            "Ubicaciones",
            "section",
            children=(
                _Spec(
                    "Ubicacion",
                    "table",
                    (
                        "TipoUbicacion",
                        "IDUbicacion",
                        "RFCRemitenteDestinatario",
                        "NombreRemitenteDestinatario",
                        "NumRegIdTrib",
                        "ResidenciaFiscal",
                        "NumEstacion",
                        "NombreEstacion",
                        "NavegacionTrafico",
                        "TipoEstacion",
                        "FechaHoraSalidaLlegada",
                        "DistanciaRecorrida",
                    ),
                    (_address(),),
                ),
            ),
        ),
        _Spec(
            "Mercancias",
            "section",
            (
                "PesoBrutoTotal",
                "UnidadPeso",
                "PesoNetoTotal",
                "NumTotalMercancias",
                "CargoPorTasacion",
                "LogisticaInversaRecoleccionDevolucion",
            ),
            (
                _Spec(
                    "Mercancia",
                    "table",
                    _CP_MERCANCIA_ATTRS,
                    (
                        _Spec(
                            "DocumentacionAduanera",
                            "table",
                            ("TipoDocumento", "NumPedimento", "IdentDocAduanero", "RFCImpo"),
                        ),
                        _Spec(
                            "GuiasIdentificacion",
                            "table",
                            (
                                "NumeroGuiaIdentificacion",
                                "DescripGuiaIdentificacion",
                                "PesoGuiaIdentificacion",
                            ),
                        ),
                        _Spec(
                            "CantidadTransporta",
                            "table",
                            ("Cantidad", "IDOrigen", "IDDestino", "CvesTransporte"),
                        ),
                        _Spec(
                            "DetalleMercancia",
                            "table",
                            ("UnidadPesoMerc", "PesoBruto", "PesoNeto", "PesoTara", "NumPiezas"),
                        ),
                    ),
                ),
                _Spec(
                    "Autotransporte",
                    "section",
                    ("PermSCT", "NumPermisoSCT"),
                    (
                        _Spec(
                            "IdentificacionVehicular",
                            "rows",
                            ("ConfigVehicular", "PesoBrutoVehicular", "PlacaVM", "AnioModeloVM"),
                        ),
                        _Spec(
                            "Seguros",
                            "rows",
                            (
                                "AseguraRespCivil",
                                "PolizaRespCivil",
                                "AseguraMedAmbiente",
                                "PolizaMedAmbiente",
                                "AseguraCarga",
                                "PolizaCarga",
                                "PrimaSeguro",
                            ),
                        ),
                        _Spec(
                            "Remolques",
                            "wrapper",
                            children=(_Spec("Remolque", "table", ("SubTipoRem", "Placa")),),
                        ),
                    ),
                ),
                _Spec(
                    "TransporteMaritimo",
                    "section",
                    (
                        "PermSCT",
                        "NumPermisoSCT",
                        "NombreAseg",
                        "NumPolizaSeguro",
                        "TipoEmbarcacion",
                        "Matricula",
                        "NumeroOMI",
                        "AnioEmbarcacion",
                        "NombreEmbarc",
                        "NacionalidadEmbarc",
                        "UnidadesDeArqBruto",
                        "TipoCarga",
                        "Eslora",
                        "Manga",
                        "Calado",
                        "Puntal",
                        "LineaNaviera",
                        "NombreAgenteNaviero",
                        "NumAutorizacionNaviero",
                        "NumViaje",
                        "NumConocEmbarc",
                        "PermisoTempNavegacion",
                    ),
                    (
                        _Spec(
                            "Contenedor",
                            "table",
                            (
                                "TipoContenedor",
                                "MatriculaContenedor",
                                "NumPrecinto",
                                "IdCCPRelacionado",
                                "PlacaVMCCP",
                                "FechaCertificacionCCP",
                            ),
                            (
                                _Spec(
                                    "RemolquesCCP",
                                    "wrapper",
                                    children=(
                                        _Spec(
                                            "RemolqueCCP", "table", ("SubTipoRemCCP", "PlacaCCP")
                                        ),
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
                _Spec(
                    "TransporteAereo",
                    "section",
                    (
                        "PermSCT",
                        "NumPermisoSCT",
                        "MatriculaAeronave",
                        "NombreAseg",
                        "NumPolizaSeguro",
                        "NumeroGuia",
                        "LugarContrato",
                        "CodigoTransportista",
                        "RFCEmbarcador",
                        "NumRegIdTribEmbarc",
                        "ResidenciaFiscalEmbarc",
                        "NombreEmbarcador",
                    ),
                ),
                _Spec(
                    "TransporteFerroviario",
                    "section",
                    ("TipoDeServicio", "TipoDeTrafico", "NombreAseg", "NumPolizaSeguro"),
                    (
                        _Spec(
                            "DerechosDePaso", "table", ("TipoDerechoDePaso", "KilometrajePagado")
                        ),
                        _Spec(
                            "Carro",
                            "table",
                            ("TipoCarro", "MatriculaCarro", "GuiaCarro", "ToneladasNetasCarro"),
                            (
                                _Spec(
                                    "Contenedor",
                                    "table",
                                    ("TipoContenedor", "PesoContenedorVacio", "PesoNetoMercancia"),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        _Spec(
            "FiguraTransporte",
            "section",
            children=(
                _Spec(
                    "TiposFigura",
                    "table",
                    (
                        "TipoFigura",
                        "RFCFigura",
                        "NumLicencia",
                        "NombreFigura",
                        "NumRegIdTribFigura",
                        "ResidenciaFiscalFigura",
                    ),
                    (_address(), _Spec("PartesTransporte", "table", ("ParteTransporte",))),
                ),
            ),
        ),
    ),
)

_SPECS = {
    COMERCIO_EXTERIOR_20_NS: _COMERCIO_EXTERIOR_20,
    CARTA_PORTE_31_NS: _CARTA_PORTE_31,
}
_SPEC_ROOTS = frozenset(spec.tag for spec in _SPECS.values())

# Attributes whose code the SQLite catalogs describe.
_CATALOG_ATTRS = {
    "Pais": "pais",
    "ResidenciaFiscal": "pais",
    "ResidenciaFiscalFigura": "pais",
    "ResidenciaFiscalEmbarc": "pais",
    "PaisOrigenDestino": "pais",
    "NacionalidadEmbarc": "pais",
    "ClaveUnidad": "clave_unidad",
    "Moneda": "moneda",
}
_DATETIME_ATTRS = frozenset({"FechaHoraSalidaLlegada", "FechaCertificacionCCP"})
_DATE_ATTRS = frozenset({"FechaCaducidad"})
_ADDRESS_ATTRS = (
    "Calle",
    "NumeroExterior",
    "NumeroInterior",
    "Colonia",
    "Localidad",
    "Referencia",
    "Municipio",
    "Estado",
    "Pais",
    "CodigoPostal",
)


# ---------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------


def complement_sections_from_xml(
    data: bytes, catalogs: Catalogs | None = None
) -> tuple[ComplementSection, ...]:
    """`complement_sections` of a serialized CFDI or complement.

    Parsed with the hardened parser; raises `UnsafeXmlError` if the bytes are not such XML.
    """
    return complement_sections(parse_xml(data), catalogs)


def complement_sections(
    element: etree._Element, catalogs: Catalogs | None = None
) -> tuple[ComplementSection, ...]:
    """The sections of every CCE 2.0 and Carta Porte 3.1 complement in or at `element`."""
    reader = _Reader(catalogs)
    for root in _complement_roots(element):
        spec = _SPECS[etree.QName(root).namespace or ""]
        reader.section(root, spec, spec.tag, msg.complement_title(spec.tag, root.get("Version")))
    return tuple(b.freeze() for b in reader.sections)


def complement_names(element: etree._Element) -> tuple[str, ...]:
    """ "Carta Porte 3.1", "Comercio Exterior 2.0": the complements in or at `element`."""
    names = []
    for root in _complement_roots(element):
        spec = _SPECS[etree.QName(root).namespace or ""]
        names.append(msg.complement_title(spec.tag, root.get("Version")))
    return tuple(names)


def _complement_roots(element: etree._Element) -> list[etree._Element]:
    found = []
    for el in element.iter(etree.Element):
        qname = etree.QName(el)
        spec = _SPECS.get(qname.namespace or "")
        if spec is not None and qname.localname == spec.tag:
            found.append(el)
    return found


@dataclass(slots=True)
class _Builder:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    tables: list[ComplementTable] = field(default_factory=list)

    def freeze(self) -> ComplementSection:
        return ComplementSection(title=self.title, rows=tuple(self.rows), tables=tuple(self.tables))


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _groups(el: etree._Element) -> list[tuple[str, list[etree._Element]]]:
    """The element's child elements grouped by name, in order of first appearance."""
    groups: dict[str, list[etree._Element]] = {}
    for child in el.iterchildren(etree.Element):
        groups.setdefault(_local(child), []).append(child)
    return list(groups.items())


def _child_spec(spec: _Spec | None, tag: str) -> _Spec | None:
    if spec is None:
        return None
    return next((c for c in spec.children if c.tag == tag), None)


class _Reader:
    def __init__(self, catalogs: Catalogs | None) -> None:
        self.catalogs = catalogs
        self.sections: list[_Builder] = []

    # values -----------------------------------------------------------------------------

    def value(self, attribute: str, raw: str) -> str:
        text = " ".join(raw.split())
        if attribute in _DATETIME_ATTRS or attribute in _DATE_ATTRS:
            return _date_text(text, with_time=attribute in _DATETIME_ATTRS)
        description = msg.CODE_DESCRIPTIONS.get(attribute, {}).get(text)
        catalog = _CATALOG_ATTRS.get(attribute)
        if description is None and catalog is not None and self.catalogs is not None:
            entry = self.catalogs.entry(catalog, text)
            description = entry.descripcion if entry is not None else None
        return f"{text} — {description}" if description else text

    def attr_rows(self, el: etree._Element, spec: _Spec | None) -> list[tuple[str, str]]:
        tag = _local(el)
        return [
            (msg.attribute_label(tag, name), self.value(name, value))
            for name, value in _ordered_attrs(el, spec.attrs if spec else ())
        ]

    def address(self, el: etree._Element) -> str:
        parts = {a: " ".join((el.get(a) or "").split()) for a in _ADDRESS_ATTRS if el.get(a)}
        extra = [
            (msg.attribute_label(_local(el), name), self.value(name, value))
            for name, value in _ordered_attrs(el, ())
            if name not in _ADDRESS_ATTRS
        ]
        extra += [
            (_local(child), " ".join(f"{k}={v}" for k, v in _ordered_attrs(child, ())))
            for child in el.iterchildren(etree.Element)
        ]
        return msg.address_text(parts, extra)

    # sections ---------------------------------------------------------------------------

    def section(self, el: etree._Element, spec: _Spec | None, path: str, title: str) -> None:
        builder = _Builder(title)
        self.sections.append(builder)
        builder.rows += self.attr_rows(el, spec)
        self.children(el, spec, path, builder)

    def children(
        self, el: etree._Element, spec: _Spec | None, path: str, builder: _Builder
    ) -> None:
        for tag, elements in _groups(el):
            child = _child_spec(spec, tag)
            child_path = f"{path}/{tag}"
            kind: _Kind = child.kind if child is not None else "section"
            if kind == "table":
                builder.tables += self.tables(elements, child, child_path)
                continue
            for element in elements:
                if kind == "section":
                    self.section(element, child, child_path, msg.element_title(child_path))
                elif kind == "address":
                    builder.rows.append((msg.element_title(child_path), self.address(element)))
                else:  # rows, wrapper: the enclosing section shows them
                    builder.rows += self.attr_rows(element, child)
                    self.children(element, child, child_path, builder)

    # tables -----------------------------------------------------------------------------

    def tables(
        self,
        elements: list[etree._Element],
        spec: _Spec | None,
        path: str,
        parent: tuple[str, list[str]] | None = None,
    ) -> list[ComplementTable]:
        """The table of `elements` (then the tables of their children, linked by key)."""
        keys: list[str] = []
        cells: list[dict[str, str]] = []
        labels: dict[str, str] = {}
        nested: dict[str, tuple[_Spec | None, list[etree._Element], list[str]]] = {}
        key_attr = spec.key if spec else ""
        for index, element in enumerate(elements, start=1):
            ref = " ".join((element.get(key_attr) or "").split()) if key_attr else str(index)
            row: dict[str, str] = {}
            tag = _local(element)
            for name, value in _ordered_attrs(element, spec.attrs if spec else ()):
                column = f"@{name}"
                labels.setdefault(column, msg.attribute_label(tag, name))
                row[column] = self.value(name, value)
                if column not in keys:
                    keys.append(column)
            self.row_children(element, spec, path, ref, row, labels, keys, nested)
            cells.append(row)
        keys = _spec_order(keys, spec)
        columns = [labels[k] for k in keys]
        rows = [tuple(row.get(k, "") for k in keys) for row in cells]
        if nested and not key_attr:  # the child tables say which row by its number
            columns.insert(0, msg.row_number_label(path))
            rows = [(str(i), *r) for i, r in enumerate(rows, start=1)]
        if parent is not None:
            columns.insert(0, parent[0])
            rows = [(p, *r) for p, r in zip(parent[1], rows, strict=True)]
        result = [
            ComplementTable(title=msg.element_title(path), columns=tuple(columns), rows=tuple(rows))
        ]
        parent_label = (
            msg.attribute_label(_local(elements[0]), key_attr)
            if key_attr
            else msg.row_number_label(path)
        )
        for child_path, (child_spec, child_elements, refs) in nested.items():
            result += self.tables(child_elements, child_spec, child_path, (parent_label, refs))
        return result

    def row_children(
        self,
        element: etree._Element,
        spec: _Spec | None,
        path: str,
        ref: str,
        row: dict[str, str],
        labels: dict[str, str],
        keys: list[str],
        nested: dict[str, tuple[_Spec | None, list[etree._Element], list[str]]],
    ) -> None:
        for tag, children in _groups(element):
            child = _child_spec(spec, tag)
            child_path = f"{path}/{tag}"
            if child is not None and child.kind == "address":
                column = f"/{tag}"
                labels.setdefault(column, msg.element_title(child_path))
                row[column] = "; ".join(self.address(c) for c in children)
                if column not in keys:
                    keys.append(column)
            elif child is not None and child.kind == "wrapper":
                for c in children:
                    self.row_children(c, child, child_path, ref, row, labels, keys, nested)
            else:  # a table of its own (unknown elements too), one row per child
                entry = nested.setdefault(child_path, (child, [], []))
                entry[1].extend(children)
                entry[2].extend(ref for _ in children)


def _spec_order(keys: list[str], spec: _Spec | None) -> list[str]:
    """The spec's attributes in the spec's order, then addresses, then unknown ones."""
    known = [f"@{a}" for a in (spec.attrs if spec else ())]
    first = [k for k in known if k in keys]
    return first + [k for k in keys if k not in first]


def _ordered_attrs(el: etree._Element, order: tuple[str, ...]) -> list[tuple[str, str]]:
    """The element's attributes without namespace (xsi:...), the spec's order first."""
    present = {
        etree.QName(name).localname: value
        for name, value in el.attrib.items()
        if not etree.QName(name).namespace
    }
    if _local(el) in _SPEC_ROOTS:  # the section title shows the version
        present.pop("Version", None)
    known = [(a, present[a]) for a in order if a in present]
    return known + [(a, v) for a, v in present.items() if a not in order]


def _date_text(text: str, *, with_time: bool) -> str:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return text
    return parsed.strftime("%d/%m/%Y %H:%M:%S" if with_time else "%d/%m/%Y")
