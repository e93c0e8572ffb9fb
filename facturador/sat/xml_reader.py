"""Parse any CFDI 4.0 (ours or anyone's, sealed or stamped) into a Comprobante.

The reader is strict about structure it needs (a CFDI 4.0 root, decimal amounts) and keeps
every complement as `RawXml`; the TimbreFiscalDigital is also read into `timbre`.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

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
from facturador.sat.money import parse_decimal
from facturador.sat.xml_safety import parse_xml
from facturador.sat.xml_writer import CFDI_NS

__all__ = ["TFD_NS", "comprobante_from_element", "parse_comprobante"]

TFD_NS = "http://www.sat.gob.mx/TimbreFiscalDigital"
_C = f"{{{CFDI_NS}}}"


def parse_comprobante(data: bytes) -> Comprobante:
    return comprobante_from_element(parse_xml(data))


def _path(element: etree._Element) -> str:
    return element.getroottree().getpath(element)


def _req(element: etree._Element, name: str) -> str:
    value = element.get(name)
    if value is None:
        raise ComprobanteInputError(f"{_path(element)}/@{name}", "falta este atributo obligatorio")
    return value


def _dec(element: etree._Element, name: str) -> Decimal | None:
    raw = element.get(name)
    if raw is None:
        return None
    value = parse_decimal(raw)
    if value is None:
        raise ComprobanteInputError(f"{_path(element)}/@{name}", f"«{raw}» no es un número")
    return value


def _req_dec(element: etree._Element, name: str) -> Decimal:
    value = _dec(element, name)
    if value is None:
        raise ComprobanteInputError(f"{_path(element)}/@{name}", "falta este atributo obligatorio")
    return value


def _raw(element: etree._Element) -> RawXml:
    return RawXml(xml=etree.tostring(element, encoding="utf-8"), tag=element.tag)


def comprobante_from_element(root: etree._Element) -> Comprobante:
    if root.tag != f"{_C}Comprobante":
        raise UnsafeXmlError("no es un CFDI 4.0 (falta cfdi:Comprobante del espacio de nombres 4)")
    emisor = root.find(f"{_C}Emisor")
    receptor = root.find(f"{_C}Receptor")
    if emisor is None or receptor is None:
        raise ComprobanteInputError("/cfdi:Comprobante", "faltan los nodos Emisor o Receptor")
    try:
        fecha = parse_fecha(_req(root, "Fecha"))
    except ValueError:
        raise ComprobanteInputError(
            "/cfdi:Comprobante/@Fecha", "no es AAAA-MM-DDThh:mm:ss"
        ) from None
    complemento = root.find(f"{_C}Complemento")
    complementos = tuple(_raw(child) for child in complemento) if complemento is not None else ()
    addenda = root.find(f"{_C}Addenda")
    impuestos = root.find(f"{_C}Impuestos")
    return Comprobante(
        version=_req(root, "Version"),
        serie=root.get("Serie"),
        folio=root.get("Folio"),
        fecha=fecha,
        sello=root.get("Sello"),
        forma_pago=root.get("FormaPago"),
        no_certificado=root.get("NoCertificado"),
        certificado=root.get("Certificado"),
        condiciones_de_pago=root.get("CondicionesDePago"),
        sub_total=_req_dec(root, "SubTotal"),
        descuento=_dec(root, "Descuento"),
        moneda=_req(root, "Moneda"),
        tipo_cambio=_dec(root, "TipoCambio"),
        total=_req_dec(root, "Total"),
        tipo_de_comprobante=_req(root, "TipoDeComprobante"),
        exportacion=_req(root, "Exportacion"),
        metodo_pago=root.get("MetodoPago"),
        lugar_expedicion=_req(root, "LugarExpedicion"),
        confirmacion=root.get("Confirmacion"),
        informacion_global=_informacion_global(root.find(f"{_C}InformacionGlobal")),
        cfdi_relacionados=tuple(
            CfdiRelacionados(
                tipo_relacion=_req(group, "TipoRelacion"),
                uuids=tuple(_req(r, "UUID") for r in group.iterfind(f"{_C}CfdiRelacionado")),
            )
            for group in root.iterfind(f"{_C}CfdiRelacionados")
        ),
        emisor=Emisor(
            rfc=_req(emisor, "Rfc"),
            nombre=_req(emisor, "Nombre"),
            regimen_fiscal=_req(emisor, "RegimenFiscal"),
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
        periodicidad=_req(element, "Periodicidad"),
        meses=_req(element, "Meses"),
        anio=_req(element, "Año"),
    )


def _receptor(element: etree._Element) -> Receptor:
    return Receptor(
        rfc=_req(element, "Rfc"),
        nombre=_req(element, "Nombre"),
        domicilio_fiscal_receptor=_req(element, "DomicilioFiscalReceptor"),
        residencia_fiscal=element.get("ResidenciaFiscal"),
        num_reg_id_trib=element.get("NumRegIdTrib"),
        regimen_fiscal_receptor=_req(element, "RegimenFiscalReceptor"),
        uso_cfdi=_req(element, "UsoCFDI"),
    )


def _impuestos(element: etree._Element, *, document: bool) -> Impuestos:
    traslados = tuple(
        Traslado(
            base=_req_dec(t, "Base"),
            impuesto=_req(t, "Impuesto"),
            tipo_factor=_req(t, "TipoFactor"),
            tasa_o_cuota=_dec(t, "TasaOCuota"),
            importe=_dec(t, "Importe"),
        )
        for t in element.iterfind(f"{_C}Traslados/{_C}Traslado")
    )
    retenciones = tuple(
        Retencion(
            base=_dec(r, "Base"),
            impuesto=_req(r, "Impuesto"),
            tipo_factor=r.get("TipoFactor"),
            tasa_o_cuota=_dec(r, "TasaOCuota"),
            importe=_req_dec(r, "Importe"),
        )
        for r in element.iterfind(f"{_C}Retenciones/{_C}Retencion")
    )
    return Impuestos(
        traslados=traslados,
        retenciones=retenciones,
        total_impuestos_retenidos=_dec(element, "TotalImpuestosRetenidos") if document else None,
        total_impuestos_trasladados=_dec(element, "TotalImpuestosTrasladados")
        if document
        else None,
    )


def _concepto(element: etree._Element) -> Concepto:
    impuestos = element.find(f"{_C}Impuestos")
    terceros = element.find(f"{_C}ACuentaTerceros")
    complemento = element.find(f"{_C}ComplementoConcepto")
    return Concepto(
        clave_prod_serv=_req(element, "ClaveProdServ"),
        no_identificacion=element.get("NoIdentificacion"),
        cantidad=_req_dec(element, "Cantidad"),
        clave_unidad=_req(element, "ClaveUnidad"),
        unidad=element.get("Unidad"),
        descripcion=_req(element, "Descripcion"),
        valor_unitario=_req_dec(element, "ValorUnitario"),
        importe=_req_dec(element, "Importe"),
        descuento=_dec(element, "Descuento"),
        objeto_imp=_req(element, "ObjetoImp"),
        impuestos=None if impuestos is None else _impuestos(impuestos, document=False),
        a_cuenta_terceros=None
        if terceros is None
        else ACuentaTerceros(
            rfc_a_cuenta_terceros=_req(terceros, "RfcACuentaTerceros"),
            nombre_a_cuenta_terceros=_req(terceros, "NombreACuentaTerceros"),
            regimen_fiscal_a_cuenta_terceros=_req(terceros, "RegimenFiscalACuentaTerceros"),
            domicilio_fiscal_a_cuenta_terceros=_req(terceros, "DomicilioFiscalACuentaTerceros"),
        ),
        informacion_aduanera=_pedimentos(element),
        cuenta_predial=tuple(_req(p, "Numero") for p in element.iterfind(f"{_C}CuentaPredial")),
        complemento_concepto=()
        if complemento is None
        else tuple(_raw(child) for child in complemento),
        partes=tuple(_parte(p) for p in element.iterfind(f"{_C}Parte")),
    )


def _pedimentos(element: etree._Element) -> tuple[str, ...]:
    return tuple(_req(a, "NumeroPedimento") for a in element.iterfind(f"{_C}InformacionAduanera"))


def _parte(element: etree._Element) -> Parte:
    return Parte(
        clave_prod_serv=_req(element, "ClaveProdServ"),
        no_identificacion=element.get("NoIdentificacion"),
        cantidad=_req_dec(element, "Cantidad"),
        unidad=element.get("Unidad"),
        descripcion=_req(element, "Descripcion"),
        valor_unitario=_dec(element, "ValorUnitario"),
        importe=_dec(element, "Importe"),
        informacion_aduanera=_pedimentos(element),
    )


def _timbre(complemento: etree._Element | None) -> TimbreFiscalDigital | None:
    if complemento is None:
        return None
    tfd = complemento.find(f"{{{TFD_NS}}}TimbreFiscalDigital")
    if tfd is None:
        return None
    return TimbreFiscalDigital(
        version=_req(tfd, "Version"),
        uuid=_req(tfd, "UUID").upper(),
        fecha_timbrado=_req(tfd, "FechaTimbrado"),
        rfc_prov_certif=_req(tfd, "RfcProvCertif"),
        leyenda=tfd.get("Leyenda"),
        sello_cfd=_req(tfd, "SelloCFD"),
        no_certificado_sat=_req(tfd, "NoCertificadoSAT"),
        sello_sat=_req(tfd, "SelloSAT"),
    )
