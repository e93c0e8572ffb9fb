"""`Complemento.ComercioExterior` of the JSON input for an export invoice (Exportacion 02).

The keys are the XSD's attribute and element names. Computed fields may be left out and,
if stated, must agree: Version ("2.0"), TotalUSD (Σ ValorDolares, two decimals) and each
Mercancia's ValorDolares (CantidadAduana × ValorUnitarioAduana, two decimals; required
when either is absent). Mercancias is a list of Mercancia objects; Destinatario.Domicilio
is a list (the XSD allows several). Every Mercancia names a Concepto by NoIdentificacion.
Addresses: Pais from c_Pais (MEX for the Emisor); for MEX, USA and CAN the Estado from
c_Estado; for MEX the CodigoPostal from c_CodigoPostal, in that Estado.
"""

from __future__ import annotations

from decimal import Decimal

from facturador.sat._input_reader import InputNode
from facturador.sat.catalogs import Catalogs
from facturador.sat.comercio_exterior import (
    CCE_VERSION,
    ComercioExterior,
    DescripcionEspecifica,
    Destinatario,
    Domicilio,
    Emisor,
    Mercancia,
    Propietario,
    Receptor,
    comercio_exterior_to_raw,
)
from facturador.sat.comprobante import Comprobante, RawXml
from facturador.sat.money import ZERO, quantize
from facturador.sat.rfc import MORAL_LENGTH

__all__ = ["comercio_exterior_from_input", "compute_valor_dolares"]

EXPORTACION_DEFINITIVA = "02"
_USD_PLACES = 2
_MEX = "MEX"
_COUNTRIES_WITH_STATES = frozenset({_MEX, "USA", "CAN"})  # c_Estado lists their states
_KEY = "ComercioExterior"
_TIPOS = frozenset({"I", "E", "T"})
_TRASLADO = "T"
_MOTIVO_PROPIETARIO = "05"  # envío de mercancías propiedad de terceros
_SIN_FRACCION = "99"  # UnidadAduana of goods without a tariff fraction
_CCE_KEYS = frozenset(
    {"Version", "MotivoTraslado", "ClaveDePedimento", "CertificadoOrigen",
     "NumCertificadoOrigen", "NumeroExportadorConfiable", "Incoterm", "Observaciones",
     "TipoCambioUSD", "TotalUSD", "Emisor", "Propietario", "Receptor", "Destinatario",
     "Mercancias"}
)  # fmt: skip
_DOMICILIO_KEYS = frozenset(
    {"Calle", "NumeroExterior", "NumeroInterior", "Colonia", "Localidad", "Referencia",
     "Municipio", "Estado", "Pais", "CodigoPostal"}
)  # fmt: skip
_EMISOR_KEYS = frozenset({"Curp", "Domicilio"})
_PROPIETARIO_KEYS = frozenset({"NumRegIdTrib", "ResidenciaFiscal"})
_RECEPTOR_KEYS = frozenset({"NumRegIdTrib", "Domicilio"})
_DESTINATARIO_KEYS = frozenset({"NumRegIdTrib", "Nombre", "Domicilio"})
_MERCANCIA_KEYS = frozenset(
    {"NoIdentificacion", "FraccionArancelaria", "CantidadAduana", "UnidadAduana",
     "ValorUnitarioAduana", "ValorDolares", "DescripcionesEspecificas"}
)  # fmt: skip
_DESCRIPCION_KEYS = frozenset({"Marca", "Modelo", "SubModelo", "NumeroSerie"})


def compute_valor_dolares(cantidad: Decimal, valor_unitario: Decimal) -> Decimal:
    """ValorDolares of a Mercancia: CantidadAduana × ValorUnitarioAduana, two decimals."""
    return quantize(cantidad * valor_unitario, _USD_PLACES)


def comercio_exterior_from_input(
    complemento: InputNode, comprobante: Comprobante, catalogs: Catalogs
) -> RawXml:
    node = complemento.child(_KEY, _CCE_KEYS)
    if node is None:  # build only calls us when the key is there
        raise complemento.error(_KEY, "es obligatorio")
    if comprobante.exportacion != EXPORTACION_DEFINITIVA:
        raise complemento.error(
            _KEY,
            "el complemento de Comercio Exterior requiere Exportacion 02 (definitiva) en el"
            f" comprobante (se indicó {comprobante.exportacion})",
        )
    version = node.text("Version", required=False)
    if version is not None and version != CCE_VERSION:
        raise node.error("Version", f"debe ser {CCE_VERSION} (se indicó {version})")
    if comprobante.tipo_de_comprobante not in _TIPOS:
        raise complemento.error(
            _KEY,
            "el complemento de Comercio Exterior solo va en comprobantes de tipo I, E o T"
            f" (se indicó {comprobante.tipo_de_comprobante})",
        )
    certificado = node.required_text("CertificadoOrigen")
    if certificado not in ("0", "1"):
        raise node.error("CertificadoOrigen", "debe ser 0 (no funge como certificado) o 1")
    numero_certificado = node.text("NumCertificadoOrigen", required=False)
    if certificado == "1" and numero_certificado is None:
        raise node.error("NumCertificadoOrigen", "es obligatorio con CertificadoOrigen 1")
    if certificado == "0" and numero_certificado is not None:
        raise node.error("NumCertificadoOrigen", "no debe indicarse con CertificadoOrigen 0")
    motivo = _motivo_traslado(node, comprobante)
    mercancias = _mercancias(node, comprobante)
    total_usd = quantize(sum((m.valor_dolares for m in mercancias), ZERO), _USD_PLACES)
    node.check_computed("TotalUSD", total_usd)
    cce = ComercioExterior(
        motivo_traslado=motivo,
        clave_de_pedimento=node.required_text("ClaveDePedimento"),
        certificado_origen=certificado,
        num_certificado_origen=numero_certificado,
        numero_exportador_confiable=node.text("NumeroExportadorConfiable", required=False),
        incoterm=node.text("Incoterm", required=False),
        observaciones=node.text("Observaciones", required=False),
        tipo_cambio_usd=_tipo_cambio_usd(node, comprobante),
        total_usd=total_usd,
        emisor=_emisor(node, comprobante, catalogs),
        propietarios=tuple(
            Propietario(
                num_reg_id_trib=p.required_text("NumRegIdTrib"),
                residencia_fiscal=_pais(p, "ResidenciaFiscal", catalogs),
            )
            for p in node.children("Propietario", _PROPIETARIO_KEYS)
        ),
        receptor=_receptor(node, catalogs),
        destinatarios=tuple(_destinatarios(node, catalogs)),
        mercancias=mercancias,
    )
    if motivo == _MOTIVO_PROPIETARIO and not cce.propietarios:
        raise node.error("Propietario", "es obligatorio con MotivoTraslado 05")
    if cce.propietarios and motivo != _MOTIVO_PROPIETARIO:
        raise node.error("Propietario", "solo se registra con MotivoTraslado 05")
    return comercio_exterior_to_raw(cce)


def _motivo_traslado(node: InputNode, comprobante: Comprobante) -> str | None:
    motivo = node.text("MotivoTraslado", required=False)
    if comprobante.tipo_de_comprobante == _TRASLADO and motivo is None:
        raise node.error("MotivoTraslado", "es obligatorio en un comprobante de traslado (T)")
    if comprobante.tipo_de_comprobante != _TRASLADO and motivo is not None:
        raise node.error("MotivoTraslado", "solo va en comprobantes de traslado (T)")
    return motivo


def _tipo_cambio_usd(node: InputNode, comprobante: Comprobante) -> Decimal:
    value = node.required_decimal("TipoCambioUSD", max_places=6)
    if value <= ZERO:
        raise node.error("TipoCambioUSD", "debe ser mayor que cero")
    tipo_cambio = comprobante.tipo_cambio
    if comprobante.moneda == "USD" and tipo_cambio is not None and value != tipo_cambio:
        raise node.error(
            "TipoCambioUSD", f"con Moneda USD debe ser igual al TipoCambio ({tipo_cambio})"
        )
    return value


def _pais(node: InputNode, key: str, catalogs: Catalogs) -> str:
    pais = node.required_text(key)
    if not catalogs.contains("c_Pais", pais):
        raise node.error(key, f"«{pais}» no está en el catálogo c_Pais")
    return pais


def _domicilio(node: InputNode, catalogs: Catalogs) -> Domicilio:
    pais = _pais(node, "Pais", catalogs)
    estado = node.required_text("Estado")
    codigo_postal = node.required_text("CodigoPostal")
    if pais in _COUNTRIES_WITH_STATES:
        entry = catalogs.entry("c_Estado", estado)
        if entry is None or entry.extra.get("pais") != pais:
            raise node.error("Estado", f"«{estado}» no es un estado de {pais} en c_Estado")
    if pais == _MEX:
        cp = catalogs.entry("c_CodigoPostal", codigo_postal)
        if cp is None:
            raise node.error(
                "CodigoPostal", f"«{codigo_postal}» no está en el catálogo c_CodigoPostal"
            )
        if cp.extra.get("estado") != estado:
            raise node.error("CodigoPostal", f"«{codigo_postal}» no pertenece al estado {estado}")
    return Domicilio(
        calle=node.required_text("Calle"),
        numero_exterior=node.text("NumeroExterior", required=False),
        numero_interior=node.text("NumeroInterior", required=False),
        colonia=node.text("Colonia", required=False),
        localidad=node.text("Localidad", required=False),
        referencia=node.text("Referencia", required=False),
        municipio=node.text("Municipio", required=False),
        estado=estado,
        pais=pais,
        codigo_postal=codigo_postal,
    )


def _emisor(node: InputNode, comprobante: Comprobante, catalogs: Catalogs) -> Emisor | None:
    emisor = node.child("Emisor", _EMISOR_KEYS)
    if emisor is None:
        return None
    curp = emisor.text("Curp", required=False)
    moral = len(comprobante.emisor.rfc) == MORAL_LENGTH
    if moral and curp is not None:
        raise emisor.error("Curp", "no debe indicarse: el emisor es persona moral")
    if not moral and curp is None:
        raise emisor.error("Curp", "es obligatoria: el emisor es persona física")
    domicilio = emisor.child("Domicilio", _DOMICILIO_KEYS)
    if domicilio is None:
        raise emisor.error("Domicilio", "es obligatorio")
    if domicilio.text("Pais", required=False) != _MEX:
        raise domicilio.error("Pais", "el domicilio del emisor debe estar en México (MEX)")
    return Emisor(curp=curp, domicilio=_domicilio(domicilio, catalogs))


def _receptor(node: InputNode, catalogs: Catalogs) -> Receptor | None:
    receptor = node.child("Receptor", _RECEPTOR_KEYS)
    if receptor is None:
        return None
    domicilio = receptor.child("Domicilio", _DOMICILIO_KEYS)
    return Receptor(
        num_reg_id_trib=receptor.text("NumRegIdTrib", required=False),
        domicilio=None if domicilio is None else _domicilio(domicilio, catalogs),
    )


def _destinatarios(node: InputNode, catalogs: Catalogs) -> list[Destinatario]:
    out = []
    for d in node.children("Destinatario", _DESTINATARIO_KEYS):
        domicilios = tuple(
            _domicilio(x, catalogs) for x in d.children("Domicilio", _DOMICILIO_KEYS)
        )
        if not domicilios:
            raise d.error("Domicilio", "es obligatorio (al menos un domicilio)")
        out.append(
            Destinatario(
                num_reg_id_trib=d.text("NumRegIdTrib", required=False),
                nombre=d.text("Nombre", required=False),
                domicilios=domicilios,
            )
        )
    return out


def _mercancias(node: InputNode, comprobante: Comprobante) -> tuple[Mercancia, ...]:
    identificaciones = {
        c.no_identificacion for c in comprobante.conceptos if c.no_identificacion is not None
    }
    mercancias = tuple(
        _mercancia(m, identificaciones) for m in node.children("Mercancias", _MERCANCIA_KEYS)
    )
    if not mercancias:
        raise node.error("Mercancias", "es obligatorio (al menos una Mercancia)")
    named = {m.no_identificacion for m in mercancias}
    for c in comprobante.conceptos:
        if c.no_identificacion not in named:
            raise node.error(
                "Mercancias",
                "cada Concepto necesita NoIdentificacion y una Mercancia con él"
                f" (falta {c.no_identificacion or 'el NoIdentificacion de ' + c.descripcion})",
            )
    pairs = [(m.no_identificacion, m.fraccion_arancelaria) for m in mercancias]
    if len(set(pairs)) != len(pairs):
        raise node.error(
            "Mercancias", "hay Mercancias repetidas (mismo NoIdentificacion y FraccionArancelaria)"
        )
    return mercancias


def _mercancia(m: InputNode, identificaciones: set[str]) -> Mercancia:
    no_identificacion = m.required_text("NoIdentificacion")
    if no_identificacion not in identificaciones:
        raise m.error(
            "NoIdentificacion",
            f"«{no_identificacion}» no corresponde al NoIdentificacion de ningún Concepto",
        )
    cantidad = m.decimal("CantidadAduana", required=False, max_places=3)
    valor_unitario = m.decimal("ValorUnitarioAduana", required=False, max_places=6)
    if cantidad is not None and cantidad <= ZERO:
        raise m.error("CantidadAduana", "debe ser mayor que cero")
    if valor_unitario is not None and valor_unitario < ZERO:
        raise m.error("ValorUnitarioAduana", "no puede ser negativo")
    unidad = m.text("UnidadAduana", required=False)
    if len({cantidad is None, unidad is None, valor_unitario is None}) > 1:
        raise m.error(
            "UnidadAduana", "CantidadAduana, UnidadAduana y ValorUnitarioAduana van juntos"
        )
    fraccion = m.text("FraccionArancelaria", required=False)
    if unidad == _SIN_FRACCION and fraccion is not None:
        raise m.error("FraccionArancelaria", "no debe indicarse con UnidadAduana 99")
    if unidad != _SIN_FRACCION and fraccion is None:
        raise m.error("FraccionArancelaria", "es obligatoria (salvo con UnidadAduana 99)")
    if cantidad is not None and valor_unitario is not None:
        valor_dolares = compute_valor_dolares(cantidad, valor_unitario)
        m.check_computed("ValorDolares", valor_dolares)
    else:
        valor_dolares = m.required_decimal("ValorDolares", max_places=4)
        if valor_dolares < ZERO:
            raise m.error("ValorDolares", "no puede ser negativo")
    return Mercancia(
        no_identificacion=no_identificacion,
        fraccion_arancelaria=fraccion,
        cantidad_aduana=cantidad,
        unidad_aduana=unidad,
        valor_unitario_aduana=valor_unitario,
        valor_dolares=valor_dolares,
        descripciones_especificas=tuple(
            DescripcionEspecifica(
                marca=d.required_text("Marca"),
                modelo=d.text("Modelo", required=False),
                sub_modelo=d.text("SubModelo", required=False),
                numero_serie=d.text("NumeroSerie", required=False),
            )
            for d in m.children("DescripcionesEspecificas", _DESCRIPCION_KEYS)
        ),
    )
