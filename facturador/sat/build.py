"""Build a Comprobante from the JSON input format (architecture.md), computing every amount.

Keys are Anexo 20's names. Fields the app computes (Importe, Base, tax Importe, SubTotal,
Descuento, Total, Impuestos totals) may be left out; if stated they must agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from facturador.sat import messages
from facturador.sat._input_reader import MAX_INTEGER_DIGITS, InputNode
from facturador.sat.amounts import TaxRequest, concept_importe, concept_taxes, document_totals
from facturador.sat.catalogs import Catalogs, default_catalogs
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
    Traslado,
)
from facturador.sat.input_text import check_input
from facturador.sat.money import RATE_STEP, ZERO

__all__ = ["build_comprobante", "parse_fecha"]

_COMPROBANTE_KEYS = frozenset(
    [
        "Version",
        "Serie",
        "Folio",
        "Fecha",
        "FormaPago",
        "NoCertificado",
        "Certificado",
        "CondicionesDePago",
        "SubTotal",
        "Descuento",
        "Moneda",
        "TipoCambio",
        "Total",
        "TipoDeComprobante",
        "Exportacion",
        "MetodoPago",
        "LugarExpedicion",
        "Confirmacion",
        "InformacionGlobal",
        "CfdiRelacionados",
        "Emisor",
        "Receptor",
        "Conceptos",
        "Impuestos",
        "Complemento",
    ]
)
_EMISOR_KEYS = frozenset({"Rfc", "Nombre", "RegimenFiscal", "FacAtrAdquirente"})
_RECEPTOR_KEYS = frozenset(
    [
        "Rfc",
        "Nombre",
        "DomicilioFiscalReceptor",
        "ResidenciaFiscal",
        "NumRegIdTrib",
        "RegimenFiscalReceptor",
        "UsoCFDI",
    ]
)
_GLOBAL_KEYS = frozenset({"Periodicidad", "Meses", "Año"})
_RELACIONADOS_KEYS = frozenset({"TipoRelacion", "CfdiRelacionado"})
_UUID_KEYS = frozenset({"UUID"})
_CONCEPTO_KEYS = frozenset(
    [
        "ClaveProdServ",
        "NoIdentificacion",
        "Cantidad",
        "ClaveUnidad",
        "Unidad",
        "Descripcion",
        "ValorUnitario",
        "Importe",
        "Descuento",
        "ObjetoImp",
        "Impuestos",
        "ACuentaTerceros",
        "InformacionAduanera",
        "CuentaPredial",
        "Parte",
    ]
)
_CONCEPTO_IMPUESTOS_KEYS = frozenset({"Traslados", "Retenciones"})
_TAX_KEYS = frozenset({"Base", "Impuesto", "TipoFactor", "TasaOCuota", "Importe"})
_TERCEROS_KEYS = frozenset(
    [
        "RfcACuentaTerceros",
        "NombreACuentaTerceros",
        "RegimenFiscalACuentaTerceros",
        "DomicilioFiscalACuentaTerceros",
    ]
)
_ADUANA_KEYS = frozenset({"NumeroPedimento"})
_PREDIAL_KEYS = frozenset({"Numero"})
_PARTE_KEYS = frozenset(
    [
        "ClaveProdServ",
        "NoIdentificacion",
        "Cantidad",
        "Unidad",
        "Descripcion",
        "ValorUnitario",
        "Importe",
        "InformacionAduanera",
    ]
)
_DOC_IMPUESTOS_KEYS = frozenset(
    {"TotalImpuestosRetenidos", "TotalImpuestosTrasladados", "Traslados", "Retenciones"}
)
_COMPLEMENTO_KEYS = frozenset({"Pagos", "ComercioExterior", "CartaPorte"})
_FECHA_FORMAT = "%Y-%m-%dT%H:%M:%S"


def parse_fecha(text: str) -> datetime:
    """A CFDI Fecha (`AAAA-MM-DDThh:mm:ss`, local time of LugarExpedicion, no zone)."""
    return datetime.strptime(text, _FECHA_FORMAT)


def build_comprobante(
    data: Mapping[str, object],
    *,
    fecha: datetime | None = None,
    folio: str | None = None,
    catalogs: Catalogs | None = None,
) -> Comprobante:
    """The Comprobante the input describes, with every amount computed and checked."""
    check_input(data)
    if data.get("TipoDeComprobante") == "P":
        from facturador.sat._pagos_input import complete_pago_input  # tipo P only

        data = complete_pago_input(data)
    node = InputNode(data, "", _COMPROBANTE_KEYS)
    catalogs = catalogs or default_catalogs()
    version = node.text("Version", required=False)
    if version not in (None, "4.0"):
        raise node.error("Version", "debe ser 4.0")
    moneda = node.required_text("Moneda")
    if not catalogs.contains("c_Moneda", moneda):
        raise node.error("Moneda", f"«{moneda}» no está en el catálogo c_Moneda del SAT")
    decimals = catalogs.moneda_decimales(moneda)
    tipo = node.required_text("TipoDeComprobante")
    conceptos = tuple(
        _concepto(item, decimals) for item in node.children("Conceptos", _CONCEPTO_KEYS)
    )
    if not conceptos:
        raise node.error("Conceptos", "agrega al menos un concepto")
    totals = document_totals(conceptos, tipo, decimals)
    node.check_computed("SubTotal", totals.sub_total)
    node.check_computed("Descuento", totals.descuento)
    node.check_computed("Total", totals.total)
    _check_document_taxes(node, totals.impuestos)
    comprobante = Comprobante(
        serie=node.text("Serie", required=False),
        folio=_agreeing(node, "Folio", folio),
        fecha=_fecha(node, fecha),
        forma_pago=node.text("FormaPago", required=False),
        condiciones_de_pago=node.text("CondicionesDePago", required=False),
        sub_total=totals.sub_total,
        descuento=totals.descuento,
        moneda=moneda,
        tipo_cambio=node.decimal("TipoCambio", required=False),
        total=totals.total,
        tipo_de_comprobante=tipo,
        exportacion=node.required_text("Exportacion"),
        metodo_pago=node.text("MetodoPago", required=False),
        lugar_expedicion=node.required_text("LugarExpedicion"),
        confirmacion=node.text("Confirmacion", required=False),
        informacion_global=_informacion_global(node),
        cfdi_relacionados=_relacionados(node),
        emisor=_emisor(node),
        receptor=_receptor(node),
        conceptos=conceptos,
        impuestos=totals.impuestos,
        no_certificado=node.text("NoCertificado", required=False),
        certificado=node.text("Certificado", required=False),
    )
    return replace(comprobante, complementos=_complementos(node, comprobante, catalogs))


def _agreeing(node: InputNode, key: str, given: str | None) -> str | None:
    stated = node.text(key, required=False)
    if stated is not None and given is not None and stated != given:
        raise node.error(key, f"no coincide con el asignado ({given})")
    return given if given is not None else stated


def _fecha(node: InputNode, given: datetime | None) -> datetime:
    stated = node.text("Fecha", required=False)
    if stated is None:
        if given is None:
            raise node.error("Fecha", "es obligatoria")
        return given.replace(microsecond=0, tzinfo=None)
    try:
        parsed = parse_fecha(stated)
    except ValueError:
        raise node.error("Fecha", "debe tener la forma AAAA-MM-DDThh:mm:ss") from None
    if given is not None and given.replace(microsecond=0, tzinfo=None) != parsed:
        raise node.error("Fecha", "no coincide con la fecha indicada al sellar")
    return parsed


def _emisor(node: InputNode) -> Emisor:
    emisor = node.child("Emisor", _EMISOR_KEYS)
    if emisor is None:
        raise node.error("Emisor", "es obligatorio")
    return Emisor(
        rfc=emisor.required_text("Rfc").upper(),
        nombre=emisor.required_text("Nombre"),
        regimen_fiscal=emisor.required_text("RegimenFiscal"),
        fac_atr_adquirente=emisor.text("FacAtrAdquirente", required=False),
    )


def _receptor(node: InputNode) -> Receptor:
    receptor = node.child("Receptor", _RECEPTOR_KEYS)
    if receptor is None:
        raise node.error("Receptor", "es obligatorio")
    return Receptor(
        rfc=receptor.required_text("Rfc").upper(),
        nombre=receptor.required_text("Nombre"),
        domicilio_fiscal_receptor=receptor.required_text("DomicilioFiscalReceptor"),
        residencia_fiscal=receptor.text("ResidenciaFiscal", required=False),
        num_reg_id_trib=receptor.text("NumRegIdTrib", required=False),
        regimen_fiscal_receptor=receptor.required_text("RegimenFiscalReceptor"),
        uso_cfdi=receptor.required_text("UsoCFDI"),
    )


def _informacion_global(node: InputNode) -> InformacionGlobal | None:
    info = node.child("InformacionGlobal", _GLOBAL_KEYS)
    if info is None:
        return None
    return InformacionGlobal(
        periodicidad=info.required_text("Periodicidad"),
        meses=info.required_text("Meses"),
        anio=info.required_text("Año"),
    )


def _relacionados(node: InputNode) -> tuple[CfdiRelacionados, ...]:
    result = []
    for group in node.children("CfdiRelacionados", _RELACIONADOS_KEYS):
        raw = group.data.get("CfdiRelacionado")
        items = raw if isinstance(raw, list) else [raw] if raw is not None else []
        uuids = []
        for index, item in enumerate(items):
            if isinstance(item, str):
                uuids.append(item.strip().upper())
            else:
                path = f"{group.path}.CfdiRelacionado[{index}]"
                uuids.append(InputNode(item, path, _UUID_KEYS).required_text("UUID").upper())
        if not uuids:
            raise group.error("CfdiRelacionado", "indica al menos un UUID relacionado")
        result.append(
            CfdiRelacionados(tipo_relacion=group.required_text("TipoRelacion"), uuids=tuple(uuids))
        )
    return tuple(result)


def _concepto(node: InputNode, decimals: int) -> Concepto:
    cantidad = node.required_decimal("Cantidad")
    valor_unitario = node.required_decimal("ValorUnitario")
    if (cantidad * valor_unitario).adjusted() >= MAX_INTEGER_DIGITS:
        raise node.error("ValorUnitario", messages.IMPORTE_TOO_BIG)
    importe = concept_importe(cantidad, valor_unitario, decimals)
    node.check_computed("Importe", importe)
    descuento = node.decimal("Descuento", required=False, max_places=decimals)
    if descuento is not None and descuento > importe:
        raise node.error("Descuento", f"no puede ser mayor que el importe del concepto ({importe})")
    impuestos = _concept_impuestos(node, cantidad, importe - (descuento or ZERO), decimals)
    return Concepto(
        clave_prod_serv=node.required_text("ClaveProdServ"),
        no_identificacion=node.text("NoIdentificacion", required=False),
        cantidad=cantidad,
        clave_unidad=node.required_text("ClaveUnidad"),
        unidad=node.text("Unidad", required=False),
        descripcion=node.required_text("Descripcion"),
        valor_unitario=valor_unitario,
        importe=importe,
        descuento=descuento,
        objeto_imp=node.required_text("ObjetoImp"),
        impuestos=impuestos,
        a_cuenta_terceros=_terceros(node),
        informacion_aduanera=tuple(
            a.required_text("NumeroPedimento")
            for a in node.children("InformacionAduanera", _ADUANA_KEYS)
        ),
        cuenta_predial=tuple(
            p.required_text("Numero") for p in node.children("CuentaPredial", _PREDIAL_KEYS)
        ),
        partes=tuple(_parte(p) for p in node.children("Parte", _PARTE_KEYS)),
    )


def _concept_impuestos(
    node: InputNode, cantidad: Decimal, base: Decimal, decimals: int
) -> Impuestos | None:
    impuestos = node.child("Impuestos", _CONCEPTO_IMPUESTOS_KEYS)
    if impuestos is None:
        return None
    stated = [
        *((t, False) for t in impuestos.children("Traslados", _TAX_KEYS)),
        *((r, True) for r in impuestos.children("Retenciones", _TAX_KEYS)),
    ]
    if not stated:
        raise node.error("Impuestos", "indica al menos un traslado o una retención")
    requests = [_tax_request(tax, retencion) for tax, retencion in stated]
    computed = concept_taxes(cantidad, base, requests, decimals)
    results: list[Traslado | Retencion] = [*computed.traslados, *computed.retenciones]
    for (tax, _), result in zip(stated, results, strict=True):
        tax.check_computed("Base", result.base)
        tax.check_computed("Importe", result.importe)
    return computed


def _tax_request(tax: InputNode, retencion: bool) -> TaxRequest:
    factor = tax.required_text("TipoFactor")
    rate = tax.decimal("TasaOCuota", required=factor != "Exento")
    if factor == "Exento" and rate is not None:
        raise tax.error("TasaOCuota", "no aplica cuando el TipoFactor es Exento")
    return TaxRequest(
        impuesto=tax.required_text("Impuesto"),
        tipo_factor=factor,
        tasa_o_cuota=None if rate is None else rate.quantize(RATE_STEP),
        retencion=retencion,
    )


def _terceros(node: InputNode) -> ACuentaTerceros | None:
    terceros = node.child("ACuentaTerceros", _TERCEROS_KEYS)
    if terceros is None:
        return None
    return ACuentaTerceros(
        rfc_a_cuenta_terceros=terceros.required_text("RfcACuentaTerceros").upper(),
        nombre_a_cuenta_terceros=terceros.required_text("NombreACuentaTerceros"),
        regimen_fiscal_a_cuenta_terceros=terceros.required_text("RegimenFiscalACuentaTerceros"),
        domicilio_fiscal_a_cuenta_terceros=terceros.required_text("DomicilioFiscalACuentaTerceros"),
    )


def _parte(node: InputNode) -> Parte:
    return Parte(
        clave_prod_serv=node.required_text("ClaveProdServ"),
        no_identificacion=node.text("NoIdentificacion", required=False),
        cantidad=node.required_decimal("Cantidad"),
        unidad=node.text("Unidad", required=False),
        descripcion=node.required_text("Descripcion"),
        valor_unitario=node.decimal("ValorUnitario", required=False),
        importe=node.decimal("Importe", required=False),
        informacion_aduanera=tuple(
            a.required_text("NumeroPedimento")
            for a in node.children("InformacionAduanera", _ADUANA_KEYS)
        ),
    )


def _check_document_taxes(node: InputNode, impuestos: Impuestos | None) -> None:
    stated = node.child("Impuestos", _DOC_IMPUESTOS_KEYS)
    if stated is None:
        return
    if impuestos is None:
        raise node.error("Impuestos", "no debe existir: ningún concepto tiene impuestos")
    stated.check_computed("TotalImpuestosTrasladados", impuestos.total_impuestos_trasladados)
    stated.check_computed("TotalImpuestosRetenidos", impuestos.total_impuestos_retenidos)
    _check_grouped(stated, "Traslados", impuestos.traslados)
    _check_grouped(stated, "Retenciones", impuestos.retenciones)


def _check_grouped(
    stated: InputNode, key: str, computed: tuple[Traslado, ...] | tuple[Retencion, ...]
) -> None:
    """Stated document-level taxes must be exactly the grouped concept taxes."""
    if key not in stated.data:
        return
    items = list(stated.children(key, _TAX_KEYS))
    if len(items) != len(computed):
        raise stated.error(key, f"deben ser {len(computed)}, agrupados por impuesto y tasa")
    by_key = {(c.impuesto, c.tipo_factor, c.tasa_o_cuota): c for c in computed}
    for item in items:
        rate = item.decimal("TasaOCuota", required=False)
        factor = item.text("TipoFactor", required=False)
        match = by_key.get(
            (
                item.required_text("Impuesto"),
                factor,
                None if rate is None else rate.quantize(RATE_STEP),
            )
        )
        if match is None:
            raise item.error("Impuesto", "no corresponde a los impuestos de los conceptos")
        item.check_computed("Base", match.base)
        item.check_computed("Importe", match.importe)


def _asks(complemento: InputNode, key: str) -> bool:
    return complemento.data.get(key) is not None


def _complementos(
    node: InputNode, comprobante: Comprobante, catalogs: Catalogs
) -> tuple[RawXml, ...]:
    """The complements the input asks for: Pagos (tipo P only, and required there), Comercio
    Exterior 2.0 and Carta Porte 3.1, each built by its own module from the document so far."""
    tipo = comprobante.tipo_de_comprobante
    complemento = node.child("Complemento", _COMPLEMENTO_KEYS)
    if complemento is None:
        if tipo == "P":
            raise node.error(
                "Complemento", "un comprobante de pago (tipo P) lleva Complemento.Pagos"
            )
        return ()
    if tipo == "P":
        if _asks(complemento, "ComercioExterior") or _asks(complemento, "CartaPorte"):
            raise node.error("Complemento", "un comprobante de pago solo lleva Complemento.Pagos")
        from facturador.sat._pagos_input import pagos_from_input  # tipo P only
        from facturador.sat.pagos import pagos_to_raw

        return (pagos_to_raw(pagos_from_input(complemento, catalogs)),)
    if _asks(complemento, "Pagos"):
        raise node.error("Complemento", "Pagos solo se admite en comprobantes de pago (tipo P)")
    built: list[RawXml] = []
    if _asks(complemento, "ComercioExterior"):
        from facturador.sat._comercio_exterior_input import comercio_exterior_from_input

        built.append(comercio_exterior_from_input(complemento, comprobante, catalogs))
    if _asks(complemento, "CartaPorte"):
        from facturador.sat._carta_porte_input import carta_porte_from_input

        built.append(carta_porte_from_input(complemento, comprobante, catalogs))
    return tuple(built)
