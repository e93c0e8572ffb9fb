"""Every Spanish text of the validator, keyed by finding code (`CODE` or `CODE.variante`).

Each text says what is wrong and what to do about it; `{placeholders}` are filled with the
values found in the document. `text(key, **values)` is the only way to read them.
"""

from __future__ import annotations

__all__ = ["MESSAGES", "text"]

MESSAGES: dict[str, str] = {
    # Our own codes: reading, schema, seal and stamp.
    "XML01": "El archivo no es un XML válido o seguro ({detalle}). Use el XML original del CFDI.",
    "XML02": "El documento no es un CFDI (el nodo raíz es {raiz}). Valide un XML"
    " cuyo nodo raíz sea cfdi:Comprobante.",
    "XML03": "No se pudo leer el comprobante: {detalle}. Corrija el XML.",
    "XML04": "No se pudo leer el comprobante: {detalle}.",
    "XSD": "No cumple el esquema XSD del SAT: {detalle}.",
    "SELLO01": "El atributo Certificado no contiene un certificado válido ({detalle}). Selle de"
    " nuevo con su CSD.",
    "SELLO03": "El comprobante no tiene el atributo Sello: no está sellado, así que no tiene"
    " validez. Pida al emisor el XML sellado y timbrado.",
    "ADDENDA01": "El comprobante trae una Addenda ({espacios}): información comercial fuera"
    " de la cadena original que el SAT no valida; no afecta la validez del CFDI.",
    "COMPL01": "El complemento del espacio de nombres «{espacio}» ({cuantos} elementos) no es"
    " uno que el SAT admita en un CFDI {version}, así que el CFDI no es válido; pida al emisor"
    " uno sin él.",
    "COMPL02": "El complemento {nombre} no aplica a un CFDI {version}; pida al emisor el"
    " comprobante con la versión del complemento vigente.",
    "RFC01": "El Rfc «{valor}» trae espacios; el SAT lo lee como {rfc}. Corríjalo al emitir.",
    "FECHA01": "La Fecha {fecha} es anterior al 1 de enero de 2022, cuando entró en vigor el"
    " CFDI 4.0, así que sus claves no se revisan contra los catálogos; un CFDI 4.0 no puede"
    " tener esa fecha: pida al emisor el comprobante correcto.",
    "CFDI33": "CFDI 3.3: se revisaron el esquema XSD, los complementos, el sello, el timbre y"
    " la aritmética (SubTotal, Descuento, impuestos y Total); las demás reglas de la matriz de"
    " errores solo se revisan en CFDI 4.0.",
    "SUBTOTAL33": "SubTotal {valor} no es igual a la suma de los importes de los conceptos"
    " ({esperado}); pida al emisor el comprobante correcto.",
    "DESCUENTO33": "Descuento {valor} no es igual a la suma de los descuentos de los conceptos"
    " ({esperado}); pida al emisor el comprobante correcto.",
    "IMPUESTOS33": "{atributo} {valor} no es igual a la suma de los impuestos del comprobante"
    " ({esperado}); pida al emisor el comprobante correcto.",
    "TOTAL33": "Total {valor} no es igual a SubTotal − Descuento + impuestos trasladados −"
    " impuestos retenidos ({esperado}); pida al emisor el comprobante correcto.",
    "VERSION01": "CFDI versión {version}: solo se leen sus datos y se revisa el sello; la"
    " revisión completa cubre CFDI 3.3 y 4.0.",
    "LIMITE01": "… y {cuantos} errores más que no se listan; corrija los anteriores y valide"
    " de nuevo.",
    "LIMITE01.detenido": "La revisión del esquema se detuvo después de {cuantos} errores: el"
    " documento tiene demasiados; corrija los anteriores y valide de nuevo.",
    "SELLO02": "NoCertificado «{valor}» no corresponde al certificado incluido ({esperado})."
    " Selle de nuevo con el mismo CSD.",
    "TFD01": "El SelloCFD del timbre no es igual al Sello del comprobante: el timbre pertenece"
    " a otro documento o el comprobante se modificó después de timbrarse.",
    "TFD02": "El SelloSAT del timbre no es válido: el timbre se alteró o no lo emitió el SAT ni"
    " un PAC autorizado.",
    "TFD03": "No se pudo verificar el SelloSAT: no se cuenta con el certificado del SAT"
    " {no_certificado}. Consulte la validez del CFDI en el portal del SAT.",
    "TFD04": "El comprobante tiene más de un TimbreFiscalDigital; solo puede tener uno.",
    "DESCUENTO01": "Descuento ({valor}) no es igual a la suma de los descuentos de los conceptos"
    " ({esperado}).",
    # 7.1 Comprobante
    "CFDI40101": "Fecha «{valor}» no tiene el formato AAAA-MM-DDThh:mm:ss.",
    "CFDI40102": "El sello del comprobante no es válido: el XML se modificó después de sellarse"
    " o se selló con otra llave. Selle de nuevo el comprobante.",
    "CFDI40102.base64": "El Sello no está en base64. Selle de nuevo el comprobante.",
    "CFDI40103": "FormaPago no debe existir cuando TipoDeComprobante es {tipo}; quítelo.",
    "CFDI40104": "FormaPago «{valor}» no está en el catálogo c_FormaPago.",
    "CFDI40105": "Con MetodoPago PPD, FormaPago debe ser 99 (Por definir).",
    "CFDI40106": "El certificado {no_certificado} no es un CSD (parece una e.firma); selle con el"
    " certificado de sello digital.",
    "CFDI40106.vigencia": "El certificado {no_certificado} no estaba vigente en la Fecha del"
    " comprobante ({fecha}); selle con un CSD vigente.",
    "CFDI40107": "SubTotal {valor} tiene más decimales de los que admite la moneda {moneda}"
    " ({decimales}).",
    "CFDI40108": "SubTotal {valor} no es igual a la suma de los importes de los conceptos"
    " ({esperado}).",
    "CFDI40109": "Con TipoDeComprobante {tipo}, SubTotal debe ser 0.",
    "CFDI40110": "Descuento {valor} no puede ser mayor que SubTotal {subtotal}.",
    "CFDI40111": "Con TipoDeComprobante {tipo} los conceptos no pueden tener Descuento; quítelo.",
    "CFDI40112": "Descuento {valor} tiene más decimales de los que admite la moneda {moneda}"
    " ({decimales}).",
    "CFDI40113": "Moneda «{valor}» no está en el catálogo c_Moneda.",
    "CFDI40114": "Con Moneda MXN, TipoCambio debe ser 1 u omitirse.",
    "CFDI40115": "Con Moneda {moneda}, TipoCambio es obligatorio.",
    "CFDI40116": "Con Moneda XXX, TipoCambio no debe existir; quítelo.",
    "CFDI40117": "TipoCambio {valor} admite como máximo 6 decimales.",
    "CFDI40119": "Total {valor} no es igual a SubTotal − Descuento + impuestos trasladados −"
    " impuestos retenidos ({esperado}).",
    "CFDI40119.cero": "Con TipoDeComprobante {tipo}, Total debe ser 0.",
    "CFDI40119.decimales": "Total {valor} tiene más decimales de los que admite la moneda"
    " {moneda} ({decimales}).",
    "CFDI40120": "Total {valor} excede el límite para el tipo {tipo} ({maximo}); se requiere"
    " Confirmacion del PAC.",
    "CFDI40121": "TipoDeComprobante «{valor}» no está en el catálogo c_TipoDeComprobante.",
    "CFDI40122": "Con Exportacion 02 el comprobante debe llevar el complemento de Comercio"
    " Exterior.",
    "CFDI40123": "Exportacion «{valor}» no está en el catálogo c_Exportacion.",
    "CFDI40124": "MetodoPago «{valor}» no está en el catálogo c_MetodoPago.",
    "CFDI40125": "MetodoPago no debe existir cuando TipoDeComprobante es {tipo}; quítelo.",
    "CFDI40126": "LugarExpedicion «{valor}» no está en el catálogo c_CodigoPostal.",
    "CFDI40130": "Con InformacionGlobal, el receptor debe ser XAXX010101000 con Nombre"
    " «PUBLICO EN GENERAL».",
    "CFDI40130.requerido": "Una factura de ingreso a XAXX010101000 «PUBLICO EN GENERAL» es un"
    " CFDI global: debe llevar InformacionGlobal (Periodicidad, Meses y Año del periodo que"
    " ampara). Si la venta es a un cliente con nombre y sin RFC, escriba su nombre en lugar"
    " de PUBLICO EN GENERAL.",
    "CFDI40131": "Periodicidad «{valor}» no está en el catálogo c_Periodicidad.",
    "CFDI40132": "La Periodicidad 05 (bimestral) solo aplica al RegimenFiscal 621 del emisor.",
    "CFDI40133": "Meses «{valor}» no está en el catálogo c_Meses.",
    "CFDI40134": "Con Periodicidad {periodicidad}, Meses debe estar entre 01 y 12.",
    "CFDI40135": "Con Periodicidad 05 (bimestral), Meses debe estar entre 13 y 18.",
    "CFDI40136": "Año {valor} debe ser el año de la Fecha del comprobante o el anterior.",
    "CFDI40137": "TipoRelacion «{valor}» no está en el catálogo c_TipoRelacion.",
    # 7.2 Emisor / Receptor
    "CFDI40138": "El Nombre del emisor «{valor}» no corresponde al titular del certificado"
    " «{esperado}»; escríbalo como en la Constancia de Situación Fiscal, sin el régimen"
    " societario.",
    "CFDI40140": "RegimenFiscal del emisor «{valor}» no está vigente en el catálogo"
    " c_RegimenFiscal.",
    "CFDI40141": "RegimenFiscal {valor} no aplica a una persona {persona} (RFC {rfc}).",
    "CFDI40149": "Con RFC genérico, DomicilioFiscalReceptor debe ser igual a LugarExpedicion"
    " ({esperado}).",
    "CFDI40150": "ResidenciaFiscal «{valor}» no está en el catálogo c_Pais.",
    "CFDI40151": "ResidenciaFiscal solo se registra con el RFC genérico de extranjeros"
    " XEXX010101000; quítela.",
    "CFDI40152": "ResidenciaFiscal no puede ser MEX.",
    "CFDI40153": "NumRegIdTrib requiere ResidenciaFiscal.",
    "CFDI40153.comercio_exterior": "Con el RFC genérico de extranjeros XEXX010101000 y el"
    " complemento de Comercio Exterior, ResidenciaFiscal es obligatoria.",
    "CFDI40154": "NumRegIdTrib solo se registra con el RFC genérico de extranjeros"
    " XEXX010101000; quítelo.",
    "CFDI40155": "Con el RFC genérico de extranjeros XEXX010101000 y el complemento de"
    " Comercio Exterior, NumRegIdTrib (número de registro fiscal del extranjero) es obligatorio.",
    "CFDI40156": "NumRegIdTrib «{valor}» no tiene el formato del registro de {pais}.",
    "CFDI40157": "RegimenFiscalReceptor «{valor}» no está vigente en el catálogo c_RegimenFiscal.",
    "CFDI40158": "RegimenFiscalReceptor {valor} no aplica a una persona {persona} (RFC {rfc}).",
    "CFDI40159": "Con el RFC genérico {rfc}, RegimenFiscalReceptor debe ser 616 (Sin"
    " obligaciones fiscales).",
    "CFDI40160": "UsoCFDI «{valor}» no está vigente en el catálogo c_UsoCFDI.",
    "CFDI40161": "UsoCFDI {valor} no aplica al RegimenFiscalReceptor {regimen}.",
    "CFDI40161.persona": "UsoCFDI {valor} no aplica a una persona {persona} (RFC {rfc}).",
    "CFDI40161.generico": "Con el RFC genérico XAXX010101000, UsoCFDI debe ser S01 (Sin efectos"
    " fiscales).",
    # 7.3 Conceptos
    "CFDI40162": "ClaveProdServ «{valor}» no está vigente en el catálogo c_ClaveProdServ.",
    "CFDI40165": "ClaveUnidad «{valor}» no está vigente en el catálogo c_ClaveUnidad.",
    "CFDI40166": "ValorUnitario debe ser mayor que 0 con TipoDeComprobante {tipo}.",
    "CFDI40167": "Importe {valor} está fuera de los límites de Cantidad × ValorUnitario"
    " ({minimo} a {maximo}).",
    "CFDI40168": "Descuento {valor} tiene más decimales que el Importe del concepto.",
    "CFDI40169": "Descuento {valor} no puede ser mayor que el Importe del concepto ({importe}).",
    "CFDI40170": "ObjetoImp «{valor}» no está en el catálogo c_ObjetoImp.",
    "CFDI40171": "Con ObjetoImp 02 el concepto debe llevar el nodo Impuestos.",
    "CFDI40172": "Con ObjetoImp {valor} el concepto no debe llevar el nodo Impuestos; quítelo o"
    " use ObjetoImp 02.",
    "CFDI40173": "El nodo Impuestos del concepto debe tener Traslados o Retenciones.",
    "CFDI40174": "Base {valor} del traslado debe ser mayor que 0.",
    "CFDI40175": "Impuesto «{valor}» del traslado no está en el catálogo c_Impuesto.",
    "CFDI40176": "TipoFactor «{valor}» del traslado no está en el catálogo c_TipoFactor.",
    "CFDI40177": "Con TipoFactor Exento no deben existir TasaOCuota ni Importe; quítelos.",
    "CFDI40178": "Con TipoFactor {valor} son obligatorios TasaOCuota e Importe.",
    "CFDI40179": "TasaOCuota {valor} no es válida para el impuesto {impuesto} con TipoFactor"
    " {factor} (c_TasaOCuota).",
    "CFDI40180": "Importe {valor} del traslado está fuera de los límites de Base × TasaOCuota"
    " ({minimo} a {maximo}).",
    "CFDI40181": "Base de la retención debe existir y ser mayor que 0.",
    "CFDI40182": "Impuesto «{valor}» de la retención no está en el catálogo c_Impuesto.",
    "CFDI40183": "TipoFactor «{valor}» de la retención no está en el catálogo c_TipoFactor.",
    "CFDI40184": "Una retención no puede tener TipoFactor Exento.",
    "CFDI40185": "TasaOCuota {valor} no es válida para retener el impuesto {impuesto} con"
    " TipoFactor {factor} (c_TasaOCuota).",
    "CFDI40186": "Importe {valor} de la retención está fuera de los límites de Base ×"
    " TasaOCuota ({minimo} a {maximo}).",
    "CFDI40188": "RfcACuentaTerceros {valor} no puede ser el RFC del emisor ni del receptor.",
    "CFDI40191": "RegimenFiscalACuentaTerceros «{valor}» no está vigente en el catálogo"
    " c_RegimenFiscal.",
    "CFDI40194": "NumeroPedimento «{valor}» no tiene el formato «AA  AA  AAAA  AAAAAAA»"
    " (15 dígitos separados por dos espacios).",
    "CFDI40195": "Con el complemento de Comercio Exterior el concepto no debe llevar"
    " InformacionAduanera; registre el pedimento en el complemento.",
    "CFDI40196": "ClaveProdServ «{valor}» de la parte no está vigente en el catálogo"
    " c_ClaveProdServ.",
    "CFDI40197": "ValorUnitario de la parte debe ser mayor que 0.",
    "CFDI40198": "Importe {valor} de la parte está fuera de los límites de Cantidad ×"
    " ValorUnitario ({minimo} a {maximo}).",
    "CFDI40199": "NumeroPedimento «{valor}» de la parte no tiene el formato"
    " «AA  AA  AAAA  AAAAAAA».",
    "CFDI40200": "Con el complemento de Comercio Exterior la parte no debe llevar"
    " InformacionAduanera; registre el pedimento en el complemento.",
    # 7.4 Impuestos del comprobante
    "CFDI40201": "Con TipoDeComprobante {tipo} no debe existir el nodo Impuestos; quítelo.",
    "CFDI40202": "TotalImpuestosRetenidos {valor} tiene más decimales de los que admite la"
    " moneda {moneda} ({decimales}).",
    "CFDI40203": "TotalImpuestosRetenidos {valor} no es igual a la suma de las retenciones"
    " ({esperado}).",
    "CFDI40204": "TotalImpuestosTrasladados {valor} tiene más decimales de los que admite la"
    " moneda {moneda} ({decimales}).",
    "CFDI40205": "TotalImpuestosTrasladados {valor} no es igual a la suma de los traslados"
    " ({esperado}).",
    "CFDI40206": "Hay Retenciones pero falta TotalImpuestosRetenidos.",
    "CFDI40207": "Impuesto «{valor}» de la retención no está en el catálogo c_Impuesto.",
    "CFDI40208": "Hay más de una Retencion del impuesto {valor}; agrúpelas en una.",
    "CFDI40210": "Importe {valor} de la retención tiene más decimales de los que admite la"
    " moneda {moneda} ({decimales}).",
    "CFDI40211": "Importe {valor} de la retención del impuesto {impuesto} no es igual a la suma"
    " de las retenciones de los conceptos ({esperado}).",
    "CFDI40211.falta": "Falta la Retencion del impuesto {impuesto} que retienen los conceptos"
    " ({esperado}).",
    "CFDI40212": "Hay Traslados pero falta TotalImpuestosTrasladados.",
    "CFDI40214": "Base {valor} del traslado tiene más decimales de los que admite la moneda"
    " {moneda} ({decimales}).",
    "CFDI40215": "Base {valor} del traslado {clave} no es igual a la suma de las bases de los"
    " conceptos ({esperado}).",
    "CFDI40217": "Impuesto «{valor}» del traslado no está en el catálogo c_Impuesto.",
    "CFDI40218": "Hay más de un Traslado {clave}; agrúpelos en uno.",
    "CFDI40219": "TasaOCuota {valor} no es válida para el impuesto {impuesto} con TipoFactor"
    " {factor} (c_TasaOCuota).",
    "CFDI40220": "Importe {valor} del traslado tiene más decimales de los que admite la moneda"
    " {moneda} ({decimales}).",
    "CFDI40221": "Importe {valor} del traslado {clave} no es igual a la suma de los traslados de"
    " los conceptos ({esperado}).",
    "CFDI40221.falta": "Falta el Traslado {clave} que tienen los conceptos (Base {esperado}).",
    # 7.5 Pagos 2.0 (comprobante de pago, tipo P)
    "PAGOS01": "Un comprobante de tipo P debe llevar el complemento de pagos 2.0 (pago20:Pagos).",
    "CRP20101": "El complemento de pagos solo va en comprobantes de tipo P (se indicó {valor}).",
    "CRP20102": "En un comprobante de pago, Exportacion debe ser 01.",
    "CRP20103": "En un comprobante de pago, SubTotal debe ser 0.",
    "CRP20104": "En un comprobante de pago, Moneda debe ser XXX.",
    "CRP20105": "Un comprobante de pago no lleva FormaPago; quítelo (va en FormaDePagoP).",
    "CRP20106": "Un comprobante de pago no lleva MetodoPago; quítelo.",
    "CRP20107": "Un comprobante de pago no lleva CondicionesDePago; quítelas.",
    "CRP20108": "Un comprobante de pago no lleva Descuento; quítelo.",
    "CRP20109": "Un comprobante de pago no lleva TipoCambio; quítelo (va en TipoCambioP).",
    "CRP20110": "En un comprobante de pago, Total debe ser 0.",
    "CRP20111": "Un comprobante de pago lleva exactamente un concepto (tiene {cantidad}).",
    "CRP20112": "El concepto de un comprobante de pago no lleva nodos hijos (salvo"
    " ACuentaTerceros); quite Impuestos, InformacionAduanera, CuentaPredial, Parte o"
    " ComplementoConcepto.",
    "CRP20113": "En un comprobante de pago, ClaveProdServ debe ser 84111506.",
    "CRP20114": "El concepto de un comprobante de pago no lleva NoIdentificacion; quítelo.",
    "CRP20115": "En un comprobante de pago, Cantidad debe ser 1.",
    "CRP20116": "En un comprobante de pago, ClaveUnidad debe ser ACT.",
    "CRP20117": "El concepto de un comprobante de pago no lleva Unidad; quítela.",
    "CRP20118": "En un comprobante de pago, Descripcion debe ser «Pago».",
    "CRP20119": "En un comprobante de pago, ValorUnitario debe ser 0.",
    "CRP20120": "En un comprobante de pago, Importe debe ser 0.",
    "CRP20121": "El concepto de un comprobante de pago no lleva Descuento; quítelo.",
    "CRP20122": "En un comprobante de pago, ObjetoImp debe ser 01.",
    "CRP20123": "Un comprobante de pago no lleva el nodo Impuestos; los impuestos van en el"
    " complemento de pagos.",
    "CRP20201": "TotalRetencionesIVA {valor} no es igual a la suma de las retenciones de IVA"
    " de los pagos en MXN ({esperado}).",
    "CRP20202": "TotalRetencionesISR {valor} no es igual a la suma de las retenciones de ISR"
    " de los pagos en MXN ({esperado}).",
    "CRP20203": "TotalRetencionesIEPS {valor} no es igual a la suma de las retenciones de IEPS"
    " de los pagos en MXN ({esperado}).",
    "CRP20204": "TotalTrasladosBaseIVA16 {valor} no es igual a la suma de las bases de IVA 16%"
    " de los pagos en MXN ({esperado}).",
    "CRP20205": "TotalTrasladosImpuestoIVA16 {valor} no es igual a la suma del IVA 16% de los"
    " pagos en MXN ({esperado}).",
    "CRP20206": "TotalTrasladosBaseIVA8 {valor} no es igual a la suma de las bases de IVA 8%"
    " de los pagos en MXN ({esperado}).",
    "CRP20207": "TotalTrasladosImpuestoIVA8 {valor} no es igual a la suma del IVA 8% de los"
    " pagos en MXN ({esperado}).",
    "CRP20208": "TotalTrasladosBaseIVA0 {valor} no es igual a la suma de las bases de IVA 0%"
    " de los pagos en MXN ({esperado}).",
    "CRP20209": "TotalTrasladosImpuestoIVA0 {valor} no es igual a la suma del IVA 0% de los"
    " pagos en MXN ({esperado}).",
    "CRP20210": "TotalTrasladosBaseIVAExento {valor} no es igual a la suma de las bases"
    " exentas de IVA de los pagos en MXN ({esperado}).",
    "CRP20211": "MontoTotalPagos {valor} no es igual a la suma de los montos de los pagos en"
    " MXN ({esperado}).",
    "CRP20212": "FormaDePagoP no puede ser 99 (Por definir); indique cómo se recibió el pago.",
    "CRP20213": "MonedaP no puede ser XXX; indique la moneda en que se recibió el pago.",
    "CRP20214": "Con MonedaP {moneda}, TipoCambioP es obligatorio.",
    "CRP20215": "Con MonedaP MXN, TipoCambioP debe ser 1 (se indicó {valor}).",
    "CRP20217": "Monto {valor} es menor que la suma de lo pagado a los documentos relacionados"
    " en la moneda del pago ({pagado}).",
    "CRP20218": "Monto {valor} debe ser mayor que 0.",
    "CRP20219": "Monto {valor} tiene más decimales de los que admite la moneda {moneda}"
    " ({decimales}).",
    "CRP20223": "Con RfcEmisorCtaOrd XEXX010101000 (banco extranjero) es obligatorio"
    " NomBancoOrdExt.",
    "CRP20236": "MonedaDR no puede ser XXX; use la moneda del documento pagado.",
    "CRP20237": "El documento está en {moneda} y el pago en {moneda_p}: EquivalenciaDR es"
    " obligatoria (unidades de {moneda} por 1 {moneda_p}).",
    "CRP20238": "MonedaDR y MonedaP son iguales: EquivalenciaDR debe ser 1 (se indicó {valor}).",
    "CRP20239": "ImpSaldoAnt {valor} debe ser mayor que 0.",
    "CRP20240": "ImpSaldoAnt {valor} tiene más decimales de los que admite la moneda {moneda}"
    " ({decimales}).",
    "CRP20241": "ImpPagado {valor} debe ser mayor que 0.",
    "CRP20242": "ImpPagado {valor} tiene más decimales de los que admite la moneda {moneda}"
    " ({decimales}).",
    "CRP20243": "ImpSaldoInsoluto {valor} tiene más decimales de los que admite la moneda"
    " {moneda} ({decimales}).",
    "CRP20244": "ImpSaldoInsoluto {valor} debe ser ImpSaldoAnt − ImpPagado ({esperado}) y no"
    " puede ser negativo.",
    "CRP20245": "ObjetoImpDR «{valor}» no está en el catálogo c_ObjetoImp.",
    "CRP20246": "Con ObjetoImpDR 02 el documento relacionado debe llevar ImpuestosDR.",
    "CRP20247": "Con ObjetoImpDR {valor} el documento relacionado no debe llevar ImpuestosDR;"
    " quítelo o use ObjetoImpDR 02.",
    "CRP20249": "BaseDR {valor} de la retención debe ser mayor que 0.",
    "CRP20250": "ImpuestoDR «{valor}» de la retención no está en el catálogo c_Impuesto.",
    "CRP20251": "TipoFactorDR «{valor}» de la retención no está en el catálogo c_TipoFactor.",
    "CRP20252": "Una retención no puede tener TipoFactorDR Exento.",
    "CRP20253": "TasaOCuotaDR {valor} no es válida para retener el impuesto {impuesto} con"
    " TipoFactorDR {factor} (c_TasaOCuota).",
    "CRP20254": "ImporteDR {valor} de la retención está fuera de los límites de BaseDR ×"
    " TasaOCuotaDR ({minimo} a {maximo}).",
    "CRP20255": "BaseDR {valor} del traslado debe ser mayor que 0.",
    "CRP20256": "ImpuestoDR «{valor}» del traslado no está en el catálogo c_Impuesto.",
    "CRP20257": "TipoFactorDR «{valor}» del traslado no está en el catálogo c_TipoFactor.",
    "CRP20258": "Con TipoFactorDR Exento no deben existir TasaOCuotaDR ni ImporteDR; quítelos.",
    "CRP20259": "TasaOCuotaDR {valor} no es válida para el impuesto {impuesto} con"
    " TipoFactorDR {factor} (c_TasaOCuota).",
    "CRP20261": "ImporteDR {valor} del traslado está fuera de los límites de BaseDR ×"
    " TasaOCuotaDR ({minimo} a {maximo}).",
    "CRP20262": "ImpuestoP «{valor}» de la retención no está en el catálogo c_Impuesto.",
    "CRP20263": "Hay más de una RetencionP del impuesto {valor}; agrúpelas en una.",
    "CRP20264": "Hay retenciones en los pagos pero falta TotalRetencionesIVA, ISR o IEPS en"
    " Totales.",
    "CRP20265": "ImporteP {valor} de la retención no es igual a la suma de las retenciones de"
    " los documentos convertidas a la moneda del pago ({esperado}).",
    "CRP20265.falta": "Falta la RetencionP del impuesto {impuesto} que retienen los documentos"
    " relacionados.",
    "CRP20267": "Hay traslados de IVA en los pagos pero falta TotalTrasladosBaseIVA16, 8, 0 o"
    " Exento en Totales.",
    "CRP20268": "BaseP {valor} del traslado {clave} no es igual a la suma de BaseDR convertida"
    " a la moneda del pago ({esperado}).",
    "CRP20268.falta": "Falta el TrasladoP {clave} que tienen los documentos relacionados.",
    "CRP20270": "ImpuestoP «{valor}» del traslado no está en el catálogo c_Impuesto.",
    "CRP20271": "Hay más de un TrasladoP {clave}; agrúpelos en uno.",
    "CRP20272": "TasaOCuotaP {valor} no es válida para el impuesto {impuesto} con TipoFactorP"
    " {factor} (c_TasaOCuota).",
    "CRP20273": "Hay traslados de IVA no exentos pero falta TotalTrasladosImpuestoIVA16, 8 o 0"
    " en Totales.",
    "CRP20274": "ImporteP {valor} del traslado {clave} no es igual a la suma de ImporteDR"
    " convertida a la moneda del pago ({esperado}).",
    # Comercio Exterior 2.0 (cce20:ComercioExterior)
    "CCE20101": "Con el complemento de Comercio Exterior, TipoDeComprobante debe ser I, E o T"
    " (se indicó {valor}).",
    "CCE20102": "Con el complemento de Comercio Exterior, Exportacion debe ser 02 (definitiva)"
    " (se indicó {valor}).",
    "CCE20103": "Con el complemento de Comercio Exterior, Moneda no puede ser XXX; indique la"
    " moneda de la operación.",
    "CCE20104": "Con el complemento de Comercio Exterior y Moneda {moneda}, debe indicar"
    " TipoCambio.",
    "CCE20105": "El receptor XEXX010101000 de una exportación debe llevar ResidenciaFiscal.",
    "CCE20106": "El receptor XEXX010101000 de una exportación debe llevar NumRegIdTrib (en"
    " cfdi:Receptor o en el Receptor del complemento).",
    "CCE20107": "En un comprobante de traslado (T) con Comercio Exterior debe indicar"
    " MotivoTraslado.",
    "CCE20108": "MotivoTraslado solo va en comprobantes de traslado (T); quítelo (el"
    " comprobante es de tipo {tipo}).",
    "CCE20109": "Con MotivoTraslado 05 (mercancías propiedad de terceros) debe registrar al menos"
    " un Propietario de la mercancía.",
    "CCE20110": "Con CertificadoOrigen 1 debe indicar NumCertificadoOrigen.",
    "CCE20111": "Con CertificadoOrigen 0 no debe indicar NumCertificadoOrigen; quítelo.",
    "CCE20112": "Con Moneda USD, TipoCambioUSD {valor} debe ser igual al TipoCambio del"
    " comprobante ({esperado}).",
    "CCE20113": "TotalUSD {valor} no es igual a la suma de ValorDolares de las mercancías"
    " ({esperado}).",
    "CCE20114": "El emisor es persona moral: quite la Curp del Emisor del complemento.",
    "CCE20115": "El emisor es persona física: indique su Curp en el Emisor del complemento.",
    "CCE20116": "El domicilio del emisor debe estar en México: Pais debe ser MEX (se indicó"
    " {valor}).",
    "CCE20117": "Estado «{valor}» no es un estado de {pais} en el catálogo c_Estado.",
    "CCE20118": "CodigoPostal «{valor}» no está en el catálogo c_CodigoPostal.",
    "CCE20119": "CodigoPostal «{valor}» no pertenece al estado {estado} (c_CodigoPostal).",
    "CCE20120": "Con Comercio Exterior cada concepto debe llevar NoIdentificacion para"
    " relacionarlo con su Mercancia.",
    "CCE20121": "El concepto con NoIdentificacion «{valor}» no tiene una Mercancia con ese"
    " NoIdentificacion en el complemento.",
    "CCE20122": "La Mercancia con NoIdentificacion «{valor}» no corresponde a ningún concepto"
    " del comprobante.",
    "CCE20123": "Hay más de una Mercancia con NoIdentificacion «{valor}» y la misma"
    " FraccionArancelaria; agrúpelas en una.",
    "CCE20124": "CantidadAduana, UnidadAduana y ValorUnitarioAduana van juntos: indique los"
    " tres o ninguno.",
    "CCE20125": "La Mercancia debe llevar FraccionArancelaria (solo se omite con UnidadAduana 99).",
    "CCE20126": "Con UnidadAduana 99 la Mercancia no lleva FraccionArancelaria; quítela.",
    "CCE20127": "ValorDolares {valor} está fuera de los límites de CantidadAduana ×"
    " ValorUnitarioAduana ({minimo} a {maximo}).",
    "CCE20128": "Propietario solo se registra con MotivoTraslado 05 (mercancías propiedad de"
    " terceros); quítelo o cambie el motivo.",
    # Carta Porte 3.1 (our codes for the rules of SAT's matrix, docs/validaciones.md).
    "CCP31001": "El complemento Carta Porte solo va en comprobantes de traslado (T) o de ingreso"
    " (I); se indicó {valor}.",
    "CCP31002": "Un traslado con Carta Porte lleva Moneda XXX (se indicó {valor}).",
    "CCP31003": "Un traslado con Carta Porte lleva SubTotal 0 (se indicó {valor}).",
    "CCP31004": "Un traslado con Carta Porte lleva Total 0 (se indicó {valor}).",
    "CCP31005": "IdCCP «{valor}» no es «CCC» seguido de 5-4-4-4-12 dígitos hexadecimales (36"
    " caracteres); genere uno nuevo.",
    "CCP31006": "Con TranspInternac «Sí» falta {atributo}; indíquelo.",
    "CCP31007": "Con TranspInternac «No» no va {atributo}; quítelo.",
    "CCP31008": "TotalDistRec {valor} no es la suma de DistanciaRecorrida de los destinos"
    " ({esperado}).",
    "CCP31010": "Ubicaciones debe tener al menos una ubicación Origen y una Destino.",
    "CCP31011": "IDUbicacion «{valor}» de la ubicación {tipo} debe ser {prefijo} seguido de 6"
    " dígitos.",
    "CCP31012": "La llegada al destino ({valor}) debe ser posterior a la salida del origen"
    " ({salida}).",
    "CCP31013": "Una ubicación Origen no lleva DistanciaRecorrida; quítela (va en el destino).",
    "CCP31014": "Falta DistanciaRecorrida en la ubicación Destino del autotransporte.",
    "CCP31015": "Estado «{valor}» no es un estado de México (c_Estado) y el país es MEX.",
    "CCP31016": "CodigoPostal {valor} no existe en c_CodigoPostal para el estado {estado}.",
    "CCP31017": "Municipio «{valor}» no corresponde al código postal {codigo_postal}"
    " (es {esperado}).",
    "CCP31020": "NumTotalMercancias {valor} no es el número de nodos Mercancia ({esperado}).",
    "CCP31021": "PesoBrutoTotal {valor} no es la suma de PesoEnKg de las mercancías ({esperado}).",
    "CCP31022": "La mercancía es material peligroso: falta CveMaterialPeligroso.",
    "CCP31023": "La mercancía es material peligroso: falta Embalaje.",
    "CCP31024": "CveMaterialPeligroso solo va cuando MaterialPeligroso es «Sí»; quítelo.",
    "CCP31030": "Se transporta material peligroso: falta {atributo} en Seguros.",
    "CCP31031": "La configuración vehicular {config} lleva remolque o semirremolque: agregue el"
    " nodo Remolques.",
    "CCP31040": "El autotransporte requiere FiguraTransporte con al menos un operador.",
    "CCP31041": "El operador (TipoFigura 01) requiere NumLicencia.",
    "CCP31042": "La figura de transporte {figura} requiere RFCFigura o, si es extranjera,"
    " NumRegIdTribFigura.",
}


def text(key: str, **values: object) -> str:
    """The Spanish text for `key` with its placeholders filled."""
    return MESSAGES[key].format(**values)
