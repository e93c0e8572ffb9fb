"""Every complement SAT publishes for CFDI 3.3 and 4.0: namespace, schema, where it applies.

The schemas ship in `resources/xsd/sat-xml.zip` (built by `scripts/build_sat_xml_zip.py`
from SAT's tree, paths as in SAT's URLs under `sitio_internet/cfd/`). A complement is
allowed in a CFDI version when SAT's cadena original stylesheet of that version includes
its stylesheet (`cadenaoriginal_4_0.xslt`, `cadenaoriginal_3_3.xslt`); the
TimbreFiscalDigital 1.1 goes in both.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CFDI_SCHEMAS", "COMPLEMENTS", "Complement", "complement_for"]

_BOTH = frozenset({"3.3", "4.0"})
_V33 = frozenset({"3.3"})
_V40 = frozenset({"4.0"})


@dataclass(frozen=True, slots=True)
class Complement:
    namespace: str
    xsd: str  # path under sitio_internet/cfd/ in SAT's tree (and in the zip)
    nombre: str  # how SAT names it, for the user
    versions: frozenset[str]  # CFDI versions it is allowed in


# The Comprobante schemas themselves (namespace, path).
CFDI_SCHEMAS = (
    ("http://www.sat.gob.mx/cfd/4", "4/cfdv40.xsd"),
    ("http://www.sat.gob.mx/cfd/3", "3/cfdv33.xsd"),
)

_S = "http://www.sat.gob.mx/"
COMPLEMENTS = (
    Complement(f"{_S}TimbreFiscalDigital", "TimbreFiscalDigital/TimbreFiscalDigitalv11.xsd",
               "Timbre Fiscal Digital 1.1", _BOTH),
    Complement(f"{_S}Pagos20", "Pagos/Pagos20.xsd", "Pagos 2.0", _V40),
    Complement(f"{_S}Pagos", "Pagos/Pagos10.xsd", "Pagos 1.0", _V33),
    Complement(f"{_S}implocal", "implocal/implocal.xsd", "Impuestos locales", _BOTH),
    Complement(f"{_S}CartaPorte31", "CartaPorte/CartaPorte31.xsd", "Carta Porte 3.1", _V40),
    Complement(f"{_S}CartaPorte30", "CartaPorte/CartaPorte30.xsd", "Carta Porte 3.0", _V40),
    Complement(f"{_S}CartaPorte20", "CartaPorte/CartaPorte20.xsd", "Carta Porte 2.0", _BOTH),
    Complement(f"{_S}CartaPorte", "CartaPorte/CartaPorte.xsd", "Carta Porte 1.0", _V33),
    Complement(f"{_S}ComercioExterior20", "ComercioExterior20/ComercioExterior20.xsd",
               "Comercio Exterior 2.0", _V40),
    Complement(f"{_S}ComercioExterior11", "ComercioExterior11/ComercioExterior11.xsd",
               "Comercio Exterior 1.1", _BOTH),
    Complement(f"{_S}nomina12", "nomina/nomina12.xsd", "Nómina 1.2", _BOTH),
    Complement(f"{_S}ine", "ine/ine11.xsd", "INE 1.1", _BOTH),
    Complement(f"{_S}donat", "donat/donat11.xsd", "Donatarias 1.1", _BOTH),
    Complement(f"{_S}divisas", "divisas/divisas.xsd", "Divisas", _BOTH),
    Complement(f"{_S}leyendasFiscales", "leyendasFiscales/leyendasFisc.xsd",
               "Leyendas fiscales", _BOTH),
    Complement(f"{_S}pfic", "pfic/pfic.xsd", "Persona física integrante de coordinado", _BOTH),
    Complement(f"{_S}TuristaPasajeroExtranjero",
               "TuristaPasajeroExtranjero/TuristaPasajeroExtranjero.xsd",
               "Turista pasajero extranjero", _BOTH),
    Complement(f"{_S}registrofiscal", "cfdiregistrofiscal/cfdiregistrofiscal.xsd",
               "CFDI registro fiscal", _BOTH),
    Complement(f"{_S}pagoenespecie", "pagoenespecie/pagoenespecie.xsd", "Pago en especie",
               _BOTH),
    Complement(f"{_S}aerolineas", "aerolineas/aerolineas.xsd", "Aerolíneas", _BOTH),
    Complement(f"{_S}valesdedespensa", "valesdedespensa/valesdedespensa.xsd",
               "Vales de despensa", _BOTH),
    Complement(f"{_S}notariospublicos", "notariospublicos/notariospublicos.xsd",
               "Notarios públicos", _BOTH),
    Complement(f"{_S}vehiculousado", "vehiculousado/vehiculousado.xsd", "Vehículo usado",
               _BOTH),
    Complement(f"{_S}servicioparcialconstruccion",
               "servicioparcialconstruccion/servicioparcialconstruccion.xsd",
               "Servicios parciales de construcción", _BOTH),
    Complement(f"{_S}renovacionysustitucionvehiculos",
               "renovacionysustitucionvehiculos/renovacionysustitucionvehiculos.xsd",
               "Renovación y sustitución de vehículos", _BOTH),
    Complement(f"{_S}certificadodestruccion",
               "certificadodestruccion/certificadodedestruccion.xsd",
               "Certificado de destrucción", _BOTH),
    Complement(f"{_S}arteantiguedades", "arteantiguedades/obrasarteantiguedades.xsd",
               "Obras de arte y antigüedades", _BOTH),
    Complement(f"{_S}iedu", "iedu/iedu.xsd", "Instituciones educativas privadas", _BOTH),
    Complement(f"{_S}ventavehiculos", "ventavehiculos/ventavehiculos11.xsd",
               "Venta de vehículos 1.1", _BOTH),
    Complement(f"{_S}terceros", "terceros/terceros11.xsd", "Por cuenta de terceros", _V33),
    Complement(f"{_S}detallista", "detallista/detallista.xsd", "Detallista", _BOTH),
    Complement(f"{_S}EstadoDeCuentaCombustible12", "EstadoDeCuentaCombustible/ecc12.xsd",
               "Estado de cuenta de combustibles 1.2", _BOTH),
    Complement(f"{_S}EstadoDeCuentaCombustible", "EstadoDeCuentaCombustible/ecc11.xsd",
               "Estado de cuenta de combustibles 1.1", _V33),
    Complement(f"{_S}ConsumoDeCombustibles11",
               "consumodecombustibles/consumodeCombustibles11.xsd",
               "Consumo de combustibles 1.1", _BOTH),
    Complement(f"{_S}consumodecombustibles", "consumodecombustibles/consumodecombustibles.xsd",
               "Consumo de combustibles 1.0", _V33),
    Complement(f"{_S}GastosHidrocarburos10", "GastosHidrocarburos10/GastosHidrocarburos10.xsd",
               "Gastos de hidrocarburos", _BOTH),
    Complement(f"{_S}IngresosHidrocarburos10",
               "IngresosHidrocarburos10/IngresosHidrocarburos.xsd",
               "Ingresos de hidrocarburos", _BOTH),
    Complement(f"{_S}hidrocarburospetroliferos", "hidrocarburospetroliferos.xsd",
               "Hidrocarburos y petrolíferos", _V40),
    Complement(f"{_S}acreditamiento", "acreditamiento/AcreditamientoIEPS10.xsd",
               "Acreditamiento del IEPS", _V33),
)  # fmt: skip

_BY_NAMESPACE = {c.namespace: c for c in COMPLEMENTS}


def complement_for(namespace: str) -> Complement | None:
    """The complement whose elements live in `namespace`, or None if SAT publishes none."""
    return _BY_NAMESPACE.get(namespace)
