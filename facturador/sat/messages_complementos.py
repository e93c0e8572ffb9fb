"""The Spanish texts that show the Comercio Exterior 2.0 and Carta Porte 3.1 complements.

`facturador.sat.complement_view` reads any such complement through a spec of its elements;
the words a user reads are here: the title of each section or table (by element path from
the complement's root), the label of each attribute (by name, or by "Elemento@Atributo"
where one name means different things) and the descriptions of the small SAT catalogs
that are not in the SQLite catalogs. Names not listed are shown as the SAT wrote them.
"""

from __future__ import annotations

__all__ = [
    "CODE_DESCRIPTIONS",
    "address_text",
    "attribute_label",
    "complement_title",
    "element_title",
    "row_number_label",
]

_COMPLEMENT_TITLES = {
    "ComercioExterior": "Comercio Exterior",
    "CartaPorte": "Carta Porte",
}


def complement_title(root: str, version: str | None) -> str:
    """ "Comercio Exterior 2.0": the complement's name and the version its XML declares."""
    name = _COMPLEMENT_TITLES.get(root, root)
    return f"{name} {version}" if version else name


_ELEMENT_TITLES = {
    # Comercio Exterior 2.0
    "ComercioExterior/Emisor": "Emisor (comercio exterior)",
    "ComercioExterior/Emisor/Domicilio": "Domicilio",
    "ComercioExterior/Propietario": "Propietarios de la mercancía",
    "ComercioExterior/Receptor": "Receptor (comercio exterior)",
    "ComercioExterior/Receptor/Domicilio": "Domicilio",
    "ComercioExterior/Destinatario": "Destinatario",
    "ComercioExterior/Destinatario/Domicilio": "Domicilio",
    "ComercioExterior/Mercancias": "Mercancías (comercio exterior)",
    "ComercioExterior/Mercancias/Mercancia": "",
    "ComercioExterior/Mercancias/Mercancia/DescripcionesEspecificas": "Descripciones específicas",
    # Carta Porte 3.1
    "CartaPorte/RegimenesAduaneros/RegimenAduaneroCCP": "Regímenes aduaneros",
    "CartaPorte/Ubicaciones": "Ubicaciones",
    "CartaPorte/Ubicaciones/Ubicacion": "",
    "CartaPorte/Ubicaciones/Ubicacion/Domicilio": "Domicilio",
    "CartaPorte/Mercancias": "Mercancías transportadas",
    "CartaPorte/Mercancias/Mercancia": "",
    "CartaPorte/Mercancias/Mercancia/DocumentacionAduanera": "Documentación aduanera",
    "CartaPorte/Mercancias/Mercancia/GuiasIdentificacion": "Guías de identificación",
    "CartaPorte/Mercancias/Mercancia/CantidadTransporta": "Cantidad que se transporta",
    "CartaPorte/Mercancias/Mercancia/DetalleMercancia": "Detalle de la mercancía",
    "CartaPorte/Mercancias/Autotransporte": "Autotransporte",
    "CartaPorte/Mercancias/Autotransporte/Remolques/Remolque": "Remolques",
    "CartaPorte/Mercancias/TransporteMaritimo": "Transporte marítimo",
    "CartaPorte/Mercancias/TransporteMaritimo/Contenedor": "Contenedores",
    "CartaPorte/Mercancias/TransporteMaritimo/Contenedor/RemolquesCCP/RemolqueCCP": (
        "Remolques de los contenedores"
    ),
    "CartaPorte/Mercancias/TransporteAereo": "Transporte aéreo",
    "CartaPorte/Mercancias/TransporteFerroviario": "Transporte ferroviario",
    "CartaPorte/Mercancias/TransporteFerroviario/DerechosDePaso": "Derechos de paso",
    "CartaPorte/Mercancias/TransporteFerroviario/Carro": "Carros",
    "CartaPorte/Mercancias/TransporteFerroviario/Carro/Contenedor": "Contenedores de los carros",
    "CartaPorte/FiguraTransporte": "Figura de transporte",
    "CartaPorte/FiguraTransporte/TiposFigura": "",
    "CartaPorte/FiguraTransporte/TiposFigura/Domicilio": "Domicilio",
    "CartaPorte/FiguraTransporte/TiposFigura/PartesTransporte": "Partes del transporte",
}


def element_title(path: str) -> str:
    """The title of the section or table of the element at `path` (its name if unlisted)."""
    return _ELEMENT_TITLES.get(path, path.rsplit("/", 1)[-1])


# The row of a parent table a child table's row belongs to, when the parent has no key.
_ROW_NUMBER_LABELS = {
    "CartaPorte/Mercancias/Mercancia": "Mercancía",
    "CartaPorte/Mercancias/TransporteMaritimo/Contenedor": "Contenedor",
    "CartaPorte/Mercancias/TransporteFerroviario/Carro": "Carro",
    "CartaPorte/FiguraTransporte/TiposFigura": "Figura",
}


def row_number_label(path: str) -> str:
    """The column that numbers the rows of the table at `path` ("Mercancía": 1, 2...)."""
    return _ROW_NUMBER_LABELS.get(path, "No.")


_LABELS = {
    # shared by both complements and by every Domicilio
    "Version": "Versión",
    "Calle": "Calle",
    "NumeroExterior": "Número exterior",
    "NumeroInterior": "Número interior",
    "Colonia": "Colonia",
    "Localidad": "Localidad",
    "Referencia": "Referencia",
    "Municipio": "Municipio",
    "Estado": "Estado",
    "Pais": "País",
    "CodigoPostal": "Código postal",
    "NumRegIdTrib": "Núm. de registro de identidad tributaria",
    "ResidenciaFiscal": "Residencia fiscal",
    "FraccionArancelaria": "Fracción arancelaria",
    "PermSCT": "Tipo de permiso SCT",
    "NumPermisoSCT": "Núm. de permiso SCT",
    "NombreAseg": "Aseguradora",
    "NumPolizaSeguro": "Núm. de póliza",
    # Comercio Exterior 2.0
    "MotivoTraslado": "Motivo del traslado",
    "ClaveDePedimento": "Clave de pedimento",
    "CertificadoOrigen": "Certificado de origen",
    "NumCertificadoOrigen": "Núm. de certificado de origen",
    "NumeroExportadorConfiable": "Núm. de exportador confiable",
    "Incoterm": "Incoterm",
    "Observaciones": "Observaciones",
    "TipoCambioUSD": "Tipo de cambio USD",
    "TotalUSD": "Total USD",
    "Curp": "CURP",
    "Nombre": "Nombre",
    "NoIdentificacion": "No. de identificación",
    "CantidadAduana": "Cantidad aduana",
    "UnidadAduana": "Unidad aduana",
    "ValorUnitarioAduana": "Valor unitario aduana",
    "ValorDolares": "Valor en dólares",
    "Marca": "Marca",
    "Modelo": "Modelo",
    "SubModelo": "Submodelo",
    "NumeroSerie": "Núm. de serie",
    # Carta Porte 3.1: general
    "IdCCP": "IdCCP",
    "TranspInternac": "Transporte internacional",
    "EntradaSalidaMerc": "Entrada o salida de mercancía",
    "PaisOrigenDestino": "País de origen o destino",
    "ViaEntradaSalida": "Vía de entrada o salida",
    "TotalDistRec": "Distancia total recorrida (km)",
    "RegistroISTMO": "Registro ISTMO",
    "UbicacionPoloOrigen": "Polo de origen",
    "UbicacionPoloDestino": "Polo de destino",
    "RegimenAduanero": "Régimen aduanero",
    # Ubicaciones
    "TipoUbicacion": "Tipo",
    "IDUbicacion": "ID",
    "RFCRemitenteDestinatario": "RFC",
    "NombreRemitenteDestinatario": "Nombre",
    "NumEstacion": "Núm. de estación",
    "NombreEstacion": "Estación",
    "NavegacionTrafico": "Navegación",
    "FechaHoraSalidaLlegada": "Fecha y hora",
    "TipoEstacion": "Tipo de estación",
    "DistanciaRecorrida": "Distancia (km)",
    "Domicilio": "Domicilio",
    # Mercancías
    "PesoBrutoTotal": "Peso bruto total",
    "UnidadPeso": "Unidad de peso",
    "PesoNetoTotal": "Peso neto total",
    "NumTotalMercancias": "Núm. total de mercancías",
    "CargoPorTasacion": "Cargo por tasación",
    "LogisticaInversaRecoleccionDevolucion": "Logística inversa",
    "BienesTransp": "Bienes transportados",
    "ClaveSTCC": "Clave STCC",
    "Descripcion": "Descripción",
    "Cantidad": "Cantidad",
    "ClaveUnidad": "Clave de unidad",
    "Unidad": "Unidad",
    "Dimensiones": "Dimensiones",
    "MaterialPeligroso": "Material peligroso",
    "CveMaterialPeligroso": "Clave de material peligroso",
    "Embalaje": "Embalaje",
    "DescripEmbalaje": "Descripción del embalaje",
    "SectorCOFEPRIS": "Sector COFEPRIS",
    "NombreIngredienteActivo": "Ingrediente activo",
    "NomQuimico": "Nombre químico",
    "DenominacionGenericaProd": "Denominación genérica",
    "DenominacionDistintivaProd": "Denominación distintiva",
    "Fabricante": "Fabricante",
    "FechaCaducidad": "Fecha de caducidad",
    "LoteMedicamento": "Lote",
    "FormaFarmaceutica": "Forma farmacéutica",
    "CondicionesEspTransp": "Condiciones especiales de transporte",
    "RegistroSanitarioFolioAutorizacion": "Registro sanitario o folio de autorización",
    "PermisoImportacion": "Permiso de importación",
    "FolioImpoVUCEM": "Folio VUCEM",
    "NumCAS": "Núm. CAS",
    "RazonSocialEmpImp": "Empresa importadora",
    "NumRegSanPlagCOFEPRIS": "Registro sanitario de plaguicidas COFEPRIS",
    "DatosFabricante": "Datos del fabricante",
    "DatosFormulador": "Datos del formulador",
    "DatosMaquilador": "Datos del maquilador",
    "UsoAutorizado": "Uso autorizado",
    "PesoEnKg": "Peso (kg)",
    "ValorMercancia": "Valor",
    "Moneda": "Moneda",
    "UUIDComercioExt": "UUID del CFDI de comercio exterior",
    "TipoMateria": "Tipo de materia",
    "DescripcionMateria": "Descripción de la materia",
    "TipoDocumento": "Tipo de documento",
    "NumPedimento": "Núm. de pedimento",
    "IdentDocAduanero": "Identificador del documento",
    "RFCImpo": "RFC del importador",
    "NumeroGuiaIdentificacion": "Núm. de guía",
    "DescripGuiaIdentificacion": "Descripción",
    "PesoGuiaIdentificacion": "Peso (kg)",
    "IDOrigen": "ID de origen",
    "IDDestino": "ID de destino",
    "CvesTransporte": "Clave de transporte",
    "UnidadPesoMerc": "Unidad de peso",
    "PesoBruto": "Peso bruto",
    "PesoNeto": "Peso neto",
    "PesoTara": "Peso tara",
    "NumPiezas": "Núm. de piezas",
    # Autotransporte
    "ConfigVehicular": "Configuración vehicular",
    "PesoBrutoVehicular": "Peso bruto vehicular (t)",
    "PlacaVM": "Placa",
    "AnioModeloVM": "Año del modelo",
    "AseguraRespCivil": "Aseguradora de responsabilidad civil",
    "PolizaRespCivil": "Póliza de responsabilidad civil",
    "AseguraMedAmbiente": "Aseguradora de daños al medio ambiente",
    "PolizaMedAmbiente": "Póliza de daños al medio ambiente",
    "AseguraCarga": "Aseguradora de la carga",
    "PolizaCarga": "Póliza de la carga",
    "PrimaSeguro": "Prima del seguro",
    "SubTipoRem": "Subtipo de remolque",
    "Placa": "Placa",
    # Transporte marítimo
    "TipoEmbarcacion": "Tipo de embarcación",
    "Matricula": "Matrícula",
    "NumeroOMI": "Núm. OMI",
    "AnioEmbarcacion": "Año de la embarcación",
    "NombreEmbarc": "Nombre de la embarcación",
    "NacionalidadEmbarc": "Nacionalidad de la embarcación",
    "UnidadesDeArqBruto": "Unidades de arqueo bruto",
    "TipoCarga": "Tipo de carga",
    "Eslora": "Eslora",
    "Manga": "Manga",
    "Calado": "Calado",
    "Puntal": "Puntal",
    "LineaNaviera": "Línea naviera",
    "NombreAgenteNaviero": "Agente naviero",
    "NumAutorizacionNaviero": "Núm. de autorización naviero",
    "NumViaje": "Núm. de viaje",
    "NumConocEmbarc": "Núm. de conocimiento de embarque",
    "PermisoTempNavegacion": "Permiso temporal de navegación",
    "TipoContenedor": "Tipo de contenedor",
    "MatriculaContenedor": "Matrícula",
    "NumPrecinto": "Núm. de precinto",
    "IdCCPRelacionado": "IdCCP relacionado",
    "PlacaVMCCP": "Placa del vehículo",
    "FechaCertificacionCCP": "Fecha de certificación",
    "SubTipoRemCCP": "Subtipo de remolque",
    "PlacaCCP": "Placa",
    # Transporte aéreo
    "MatriculaAeronave": "Matrícula de la aeronave",
    "NumeroGuia": "Núm. de guía",
    "LugarContrato": "Lugar del contrato",
    "CodigoTransportista": "Código del transportista",
    "RFCEmbarcador": "RFC del embarcador",
    "NumRegIdTribEmbarc": "Núm. de registro tributario del embarcador",
    "ResidenciaFiscalEmbarc": "Residencia fiscal del embarcador",
    "NombreEmbarcador": "Embarcador",
    # Transporte ferroviario
    "TipoDeServicio": "Tipo de servicio",
    "TipoDeTrafico": "Tipo de tráfico",
    "TipoDerechoDePaso": "Derecho de paso",
    "KilometrajePagado": "Kilometraje pagado",
    "TipoCarro": "Tipo de carro",
    "MatriculaCarro": "Matrícula",
    "GuiaCarro": "Guía",
    "ToneladasNetasCarro": "Toneladas netas",
    "PesoContenedorVacio": "Peso del contenedor vacío",
    "PesoNetoMercancia": "Peso neto de la mercancía",
    # Figura de transporte
    "TipoFigura": "Tipo de figura",
    "RFCFigura": "RFC",
    "NumLicencia": "Núm. de licencia",
    "NombreFigura": "Nombre",
    "NumRegIdTribFigura": "Núm. de registro de identidad tributaria",
    "ResidenciaFiscalFigura": "Residencia fiscal",
    "ParteTransporte": "Parte del transporte",
}

# Where one attribute name means different things in different elements.
_ELEMENT_LABELS = {
    "Destinatario@Nombre": "Nombre del destinatario",
    "Contenedor@PesoNetoMercancia": "Peso neto de la mercancía",
}


def attribute_label(element: str, attribute: str) -> str:
    """The Spanish label of `attribute` of `element`; the attribute's own name if unknown."""
    return _ELEMENT_LABELS.get(f"{element}@{attribute}") or _LABELS.get(attribute, attribute)


# The small complement catalogs (and closed lists) not in the SQLite catalogs, by attribute.
CODE_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "MotivoTraslado": {
        "01": "Envío de mercancías facturadas con anterioridad",
        "02": "Reubicación de mercancías propias",
        "03": "Envío de mercancías objeto de contrato de consignación",
        "04": "Envío de mercancías para posterior enajenación",
        "05": "Envío de mercancías propiedad de terceros",
        "99": "Otros",
    },
    "ClaveDePedimento": {"A1": "Importación o exportación definitiva"},
    "CertificadoOrigen": {
        "0": "No funge como certificado de origen",
        "1": "Funge como certificado de origen",
    },
    "Incoterm": {
        "CFR": "Coste y flete (puerto de destino convenido)",
        "CIF": "Coste, seguro y flete (puerto de destino convenido)",
        "CPT": "Transporte pagado hasta (el lugar de destino convenido)",
        "CIP": "Transporte y seguro pagados hasta (lugar de destino convenido)",
        "DAP": "Entregada en lugar",
        "DDP": "Entregada derechos pagados (lugar de destino convenido)",
        "DPU": "Entregada y descargada en lugar acordado",
        "EXW": "En fábrica (lugar convenido)",
        "FCA": "Franco transportista (lugar designado)",
        "FAS": "Franco al costado del buque (puerto de carga convenido)",
        "FOB": "Franco a bordo (puerto de carga convenido)",
    },
    "UnidadAduana": {
        "01": "Kilo",
        "02": "Gramo",
        "03": "Metro lineal",
        "04": "Metro cuadrado",
        "05": "Metro cúbico",
        "06": "Pieza",
        "07": "Cabeza",
        "08": "Litro",
        "09": "Par",
        "10": "Kilowatt",
        "11": "Millar",
        "12": "Juego",
        "13": "Kilowatt/hora",
        "14": "Tonelada",
        "15": "Barril",
        "16": "Gramo neto",
        "17": "Decenas",
        "18": "Cientos",
        "19": "Docenas",
        "20": "Caja",
        "21": "Botella",
        "99": "Servicio",
    },
    "ViaEntradaSalida": {
        "01": "Autotransporte",
        "02": "Transporte marítimo",
        "03": "Transporte aéreo",
        "04": "Transporte ferroviario",
        "05": "Ducto",
    },
    "CvesTransporte": {
        "01": "Autotransporte",
        "02": "Transporte marítimo",
        "03": "Transporte aéreo",
        "04": "Transporte ferroviario",
        "05": "Ducto",
    },
    "TipoFigura": {
        "01": "Operador",
        "02": "Propietario",
        "03": "Arrendador",
        "04": "Notificado",
    },
}


def address_text(parts: dict[str, str], extra: list[tuple[str, str]]) -> str:
    """One line for a Domicilio: "Calle 100 Int. 2, Col. Centro, ..., HID, MEX, C.P. 42501".

    `parts` holds the SAT attributes by name; `extra` any attribute this module does not
    know, already labelled, so that nothing is dropped.
    """
    street = " ".join(
        p
        for p in (
            parts.get("Calle"),
            parts.get("NumeroExterior"),
            f"Int. {parts['NumeroInterior']}" if parts.get("NumeroInterior") else None,
        )
        if p
    )
    pieces = [
        street,
        f"Col. {parts['Colonia']}" if parts.get("Colonia") else "",
        parts.get("Localidad", ""),
        parts.get("Municipio", ""),
        parts.get("Estado", ""),
        parts.get("Pais", ""),
        f"C.P. {parts['CodigoPostal']}" if parts.get("CodigoPostal") else "",
        f"Referencia: {parts['Referencia']}" if parts.get("Referencia") else "",
        *(f"{label}: {value}" for label, value in extra),
    ]
    return ", ".join(p for p in pieces if p)
