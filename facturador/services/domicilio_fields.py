"""The fields of an address as Comercio Exterior and Carta Porte write it (a client's
foreign address, a frequent location): the column and the XSD attribute, in the XSD's
order. Its own module so the CLI's parsers read it without importing the database layer."""

from __future__ import annotations

__all__ = ["DOMICILIO_FIELDS"]

DOMICILIO_FIELDS = (
    ("calle", "Calle"),
    ("numero_exterior", "NumeroExterior"),
    ("numero_interior", "NumeroInterior"),
    ("colonia", "Colonia"),
    ("localidad", "Localidad"),
    ("municipio", "Municipio"),
    ("estado", "Estado"),
    ("pais", "Pais"),
    ("codigo_postal", "CodigoPostal"),
)
