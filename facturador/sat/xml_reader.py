"""Parse any CFDI 4.0 (ours or anyone's, sealed or stamped) into a Comprobante.

The reader is strict about structure it needs (a CFDI 4.0 root, decimal amounts) and keeps
every complement as `RawXml`; the TimbreFiscalDigital is also read into `timbre`.
"""

from __future__ import annotations

from lxml import etree

from facturador.sat._xml_attrs import (
    decimal_attr,
    required_attr,
    required_decimal_attr,
)
from facturador.sat.build import parse_fecha
from facturador.sat.comprobante import (
    ACuentaTerceros,
    CfdiRelacionados,
    Comprobante,
    Concepto,
    Emisor,
    Impuestos,
    InformacionGlobal,
    Parte,
    RawXml,
    Receptor,
    Retencion,
    TimbreFiscalDigital,
    Traslado,
)
from facturador.sat.errors import ComprobanteInputError, UnsafeXmlError
from facturador.sat.xml_safety import parse_xml
from facturador.sat.xml_writer import CFDI_NS

__all__ = ["TFD_NS", "comprobante_from_element", "parse_comprobante"]

TFD_NS = "http://www.sat.gob.mx/TimbreFiscalDigital"
_C = f"{{{CFDI_NS}}}"


def parse_comprobante(data: bytes) -> Comprobante:
    return comprobante_from_element(parse_xml(data))


def collapsed(value: str) -> str:
    """`value` as SAT's schemas read it (whiteSpace collapse): how an RFC is compared."""
    return " ".join(value.split())


def _raw(element: etree._Element) -> RawXml:
    return RawXml(xml=etree.tostring(element, encoding="utf-8"), tag=str(element.tag))


def comprobante_from_element(root: etree._Element) -> Comprobante:
    if root.tag != f"{_C}Comprobante":
        raise UnsafeXmlError("no es un CFDI 4.0 (falta cfdi:Comprobante del espacio de nombres 4)")
    emisor = root.find(f"{_C}Emisor")
    receptor = root.find(f"{_C}Receptor")
    if emisor is None or receptor is None:
        raise ComprobanteInputError("/cfdi:Comprobante", "faltan los nodos Emisor o Receptor")
    try:
        fecha = parse_fecha(required_attr(root, "Fecha"))
    except ValueError:
        raise ComprobanteInputError(
            "/cfdi:Comprobante/@Fecha", "no es AAAA-MM-DDThh:mm:ss"
        ) from None
    complemento = root.find(f"{_C}Complemento")
    complementos = tuple(_raw(child) for child in complemento) if complemento is not None else ()
    addenda = root.find(f"{_C}Addenda")
    impuestos = root.find(f"{_C}Impuestos")
    return Comprobante(
        version=required_attr(root, "Version"),
        serie=root.get("Serie"),
        folio=root.get("Folio"),
        fecha=fecha,
        sello=root.get("Sello"),
        forma_pago=root.get("FormaPago"),
        no_certificado=root.get("NoCertificado"),
        certificado=root.get("Certificado"),
        condiciones_de_pago=root.get("CondicionesDePago"),
        sub_total=required_decimal_attr(root, "SubTotal"),
        descuento=decimal_attr(root, "Descuento"),
        moneda=required_attr(root, "Moneda"),
        tipo_cambio=decimal_attr(root, "TipoCambio"),
        total=required_decimal_attr(root, "Total"),
        tipo_de_comprobante=required_attr(root, "TipoDeComprobante"),
        exportacion=required_attr(root, "Exportacion"),
        metodo_pago=root.get("MetodoPago"),
        lugar_expedicion=required_attr(root, "LugarExpedicion"),
        confirmacion=root.get("Confirmacion"),
        informacion_global=_informacion_global(root.find(f"{_C}InformacionGlobal")),
        cfdi_relacionados=tuple(
            CfdiRelacionados(
                tipo_relacion=required_attr(group, "TipoRelacion"),
                uuids=tuple(
                    required_attr(r, "UUID") for r in group.iterfind(f"{_C}CfdiRelacionado")
                ),
            )
            for group in root.iterfind(f"{_C}CfdiRelacionados")
        ),
        emisor=Emisor(
            rfc=collapsed(required_attr(emisor, "Rfc")),
            nombre=required_attr(emisor, "Nombre"),
            regimen_fiscal=required_attr(emisor, "RegimenFiscal"),
            fac_atr_adquirente=emisor.get("FacAtrAdquirente"),
        ),
        receptor=_receptor(receptor),
        conceptos=tuple(_concepto(c) for c in root.iterfind(f"{_C}Conceptos/{_C}Concepto")),
        impuestos=None if impuestos is None else _impuestos(impuestos, document=True),
        complementos=complementos,
        addenda=None if addenda is None else _raw(addenda),
        timbre=_timbre(complemento),
    )


def _informacion_global(element: etree._Element | None) -> InformacionGlobal | None:
    if element is None:
        return None
    return InformacionGlobal(
        periodicidad=required_attr(element, "Periodicidad"),
        meses=required_attr(element, "Meses"),
        anio=required_attr(element, "Año"),
    )


def _receptor(element: etree._Element) -> Receptor:
    return Receptor(
        rfc=collapsed(required_attr(element, "Rfc")),
        nombre=required_attr(element, "Nombre"),
        domicilio_fiscal_receptor=required_attr(element, "DomicilioFiscalReceptor"),
        residencia_fiscal=element.get("ResidenciaFiscal"),
        num_reg_id_trib=element.get("NumRegIdTrib"),
        regimen_fiscal_receptor=required_attr(element, "RegimenFiscalReceptor"),
        uso_cfdi=required_attr(element, "UsoCFDI"),
    )


def _impuestos(element: etree._Element, *, document: bool) -> Impuestos:
    traslados = tuple(
        Traslado(
            base=required_decimal_attr(t, "Base"),
            impuesto=required_attr(t, "Impuesto"),
            tipo_factor=required_attr(t, "TipoFactor"),
            tasa_o_cuota=decimal_attr(t, "TasaOCuota"),
            importe=decimal_attr(t, "Importe"),
        )
        for t in element.iterfind(f"{_C}Traslados/{_C}Traslado")
    )
    retenciones = tuple(
        Retencion(
            base=decimal_attr(r, "Base"),
            impuesto=required_attr(r, "Impuesto"),
            tipo_factor=r.get("TipoFactor"),
            tasa_o_cuota=decimal_attr(r, "TasaOCuota"),
            importe=required_decimal_attr(r, "Importe"),
        )
        for r in element.iterfind(f"{_C}Retenciones/{_C}Retencion")
    )
    return Impuestos(
        traslados=traslados,
        retenciones=retenciones,
        total_impuestos_retenidos=decimal_attr(element, "TotalImpuestosRetenidos")
        if document
        else None,
        total_impuestos_trasladados=decimal_attr(element, "TotalImpuestosTrasladados")
        if document
        else None,
    )


def _concepto(element: etree._Element) -> Concepto:
    impuestos = element.find(f"{_C}Impuestos")
    terceros = element.find(f"{_C}ACuentaTerceros")
    complemento = element.find(f"{_C}ComplementoConcepto")
    return Concepto(
        clave_prod_serv=required_attr(element, "ClaveProdServ"),
        no_identificacion=element.get("NoIdentificacion"),
        cantidad=required_decimal_attr(element, "Cantidad"),
        clave_unidad=required_attr(element, "ClaveUnidad"),
        unidad=element.get("Unidad"),
        descripcion=required_attr(element, "Descripcion"),
        valor_unitario=required_decimal_attr(element, "ValorUnitario"),
        importe=required_decimal_attr(element, "Importe"),
        descuento=decimal_attr(element, "Descuento"),
        objeto_imp=required_attr(element, "ObjetoImp"),
        impuestos=None if impuestos is None else _impuestos(impuestos, document=False),
        a_cuenta_terceros=None
        if terceros is None
        else ACuentaTerceros(
            rfc_a_cuenta_terceros=required_attr(terceros, "RfcACuentaTerceros"),
            nombre_a_cuenta_terceros=required_attr(terceros, "NombreACuentaTerceros"),
            regimen_fiscal_a_cuenta_terceros=required_attr(
                terceros, "RegimenFiscalACuentaTerceros"
            ),
            domicilio_fiscal_a_cuenta_terceros=required_attr(
                terceros, "DomicilioFiscalACuentaTerceros"
            ),
        ),
        informacion_aduanera=_pedimentos(element),
        cuenta_predial=tuple(
            required_attr(p, "Numero") for p in element.iterfind(f"{_C}CuentaPredial")
        ),
        complemento_concepto=()
        if complemento is None
        else tuple(_raw(child) for child in complemento),
        partes=tuple(_parte(p) for p in element.iterfind(f"{_C}Parte")),
    )


def _pedimentos(element: etree._Element) -> tuple[str, ...]:
    return tuple(
        required_attr(a, "NumeroPedimento") for a in element.iterfind(f"{_C}InformacionAduanera")
    )


def _parte(element: etree._Element) -> Parte:
    return Parte(
        clave_prod_serv=required_attr(element, "ClaveProdServ"),
        no_identificacion=element.get("NoIdentificacion"),
        cantidad=required_decimal_attr(element, "Cantidad"),
        unidad=element.get("Unidad"),
        descripcion=required_attr(element, "Descripcion"),
        valor_unitario=decimal_attr(element, "ValorUnitario"),
        importe=decimal_attr(element, "Importe"),
        informacion_aduanera=_pedimentos(element),
    )


def _timbre(complemento: etree._Element | None) -> TimbreFiscalDigital | None:
    if complemento is None:
        return None
    tfd = complemento.find(f"{{{TFD_NS}}}TimbreFiscalDigital")
    if tfd is None:
        return None
    return TimbreFiscalDigital(
        version=required_attr(tfd, "Version"),
        uuid=required_attr(tfd, "UUID").upper(),
        fecha_timbrado=required_attr(tfd, "FechaTimbrado"),
        rfc_prov_certif=required_attr(tfd, "RfcProvCertif"),
        leyenda=tfd.get("Leyenda"),
        sello_cfd=required_attr(tfd, "SelloCFD"),
        no_certificado_sat=required_attr(tfd, "NoCertificadoSAT"),
        sello_sat=required_attr(tfd, "SelloSAT"),
    )
