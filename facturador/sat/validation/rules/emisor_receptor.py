"""Rules of Emisor and Receptor: regimes, person type, generic RFCs, UsoCFDI (7.2)."""

from __future__ import annotations

import re

from facturador.sat.rfc import GENERIC_RFCS, RFC_EXTRANJERO, RFC_PUBLICO_GENERAL
from facturador.sat.validation.certificates import certificate_from_base64
from facturador.sat.validation.paths import EMISOR, RECEPTOR, attr
from facturador.sat.validation.rules._context import Context, persona

__all__ = ["check"]

_SPACES = re.compile(r"\s+")


def check(ctx: Context) -> None:
    _emisor(ctx)
    _receptor_generico(ctx)
    _receptor(ctx)
    _extranjero(ctx)


def _applies(aplica: tuple[bool, bool], rfc: str) -> bool:
    fisica, moral = aplica
    return moral if persona(rfc) == "moral" else fisica


def _same_name(nombre: str, titular: str) -> bool:
    """Equal ignoring case and spacing; the certificate may add the régimen societario."""
    a = _SPACES.sub(" ", nombre).strip().upper()
    b = _SPACES.sub(" ", titular).strip().upper()
    return a == b or b.startswith(f"{a} ")


def _emisor(ctx: Context) -> None:
    e = ctx.comprobante.emisor
    if not ctx.known("c_RegimenFiscal", e.regimen_fiscal):
        ctx.add("CFDI40140", attr(EMISOR, "RegimenFiscal"), valor=e.regimen_fiscal)
    elif not _applies(ctx.catalogs.regimen_aplica(e.regimen_fiscal), e.rfc):
        ctx.add("CFDI40141", attr(EMISOR, "RegimenFiscal"), valor=e.regimen_fiscal,
                persona=persona(e.rfc), rfc=e.rfc)  # fmt: skip
    certificado = ctx.comprobante.certificado
    certificate = certificate_from_base64(certificado) if certificado else None
    if (
        certificate is not None
        and certificate.nombre
        and not _same_name(e.nombre, certificate.nombre)
    ):
        ctx.add("CFDI40138", attr(EMISOR, "Nombre"), valor=e.nombre, esperado=certificate.nombre)


def _receptor_generico(ctx: Context) -> None:
    c = ctx.comprobante
    r = c.receptor
    if r.rfc not in GENERIC_RFCS:
        return
    if r.regimen_fiscal_receptor != "616":
        ctx.add("CFDI40159", attr(RECEPTOR, "RegimenFiscalReceptor"), rfc=r.rfc)
    if r.domicilio_fiscal_receptor != c.lugar_expedicion:
        ctx.add("CFDI40149", attr(RECEPTOR, "DomicilioFiscalReceptor"),
                esperado=c.lugar_expedicion)  # fmt: skip
    if r.rfc == RFC_PUBLICO_GENERAL and ctx.tipo != "P" and r.uso_cfdi != "S01":
        ctx.add("CFDI40161.generico", attr(RECEPTOR, "UsoCFDI"))


def _receptor(ctx: Context) -> None:
    r = ctx.comprobante.receptor
    regimen_ok = ctx.known("c_RegimenFiscal", r.regimen_fiscal_receptor)
    ruta_regimen = attr(RECEPTOR, "RegimenFiscalReceptor")
    if not regimen_ok:
        ctx.add("CFDI40157", ruta_regimen, valor=r.regimen_fiscal_receptor)
    elif not _applies(ctx.catalogs.regimen_aplica(r.regimen_fiscal_receptor), r.rfc):
        ctx.add("CFDI40158", ruta_regimen, valor=r.regimen_fiscal_receptor,
                persona=persona(r.rfc), rfc=r.rfc)  # fmt: skip
    ruta_uso = attr(RECEPTOR, "UsoCFDI")
    if not ctx.known("c_UsoCFDI", r.uso_cfdi):
        ctx.add("CFDI40160", ruta_uso, valor=r.uso_cfdi)
        return
    if not _applies(ctx.catalogs.uso_cfdi_aplica(r.uso_cfdi), r.rfc):
        ctx.add("CFDI40161.persona", ruta_uso, valor=r.uso_cfdi, persona=persona(r.rfc),
                rfc=r.rfc)  # fmt: skip
    elif regimen_ok and r.regimen_fiscal_receptor not in ctx.catalogs.uso_cfdi_regimenes(
        r.uso_cfdi
    ):
        ctx.add("CFDI40161", ruta_uso, valor=r.uso_cfdi, regimen=r.regimen_fiscal_receptor)


def _extranjero(ctx: Context) -> None:
    r = ctx.comprobante.receptor
    residencia = r.residencia_fiscal
    if r.rfc == RFC_EXTRANJERO and ctx.comercio_exterior:
        # Anexo 20: with Comercio Exterior both ids of the foreign receptor are required
        # (without ResidenciaFiscal but with NumRegIdTrib, CFDI40153 below says it).
        if residencia is None and r.num_reg_id_trib is None:
            ctx.add("CFDI40153.comercio_exterior", attr(RECEPTOR, "ResidenciaFiscal"))
        if r.num_reg_id_trib is None:
            ctx.add("CFDI40155", attr(RECEPTOR, "NumRegIdTrib"))
    if residencia is not None:
        ruta = attr(RECEPTOR, "ResidenciaFiscal")
        if r.rfc != RFC_EXTRANJERO:
            ctx.add("CFDI40151", ruta)
        if residencia == "MEX":
            ctx.add("CFDI40152", ruta)
        elif not ctx.known("c_Pais", residencia):
            ctx.add("CFDI40150", ruta, valor=residencia)
    if r.num_reg_id_trib is None:
        return
    ruta = attr(RECEPTOR, "NumRegIdTrib")
    if residencia is None:
        ctx.add("CFDI40153", ruta)
    if r.rfc != RFC_EXTRANJERO:
        ctx.add("CFDI40154", ruta)
    pais = ctx.entry("c_Pais", residencia) if residencia else None
    patron = str(pais.extra.get("patron_identidad_tributaria") or "") if pais else ""
    if patron and re.fullmatch(patron, r.num_reg_id_trib) is None:
        ctx.add("CFDI40156", ruta, valor=r.num_reg_id_trib, pais=pais.descripcion)  # type: ignore[union-attr]
