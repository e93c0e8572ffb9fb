"""Pure CFDI 4.0 domain: no Qt, no database, no network.

Reads only its own resources (catalogs, XSD, XSLT) through `facturador.sat.resources`.
"""
