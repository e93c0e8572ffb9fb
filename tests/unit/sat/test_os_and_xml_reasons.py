"""The OS's and libxml2's English refusals, said in Spanish."""

import errno

import pytest

from facturador.sat.errors import UnsafeXmlError
from facturador.sat.messages import os_reason
from facturador.sat.xml_safety import parse_xml


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (IsADirectoryError(errno.EISDIR, "Is a directory"), "es una carpeta, no un archivo"),
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "no existe"),
        (PermissionError(errno.EACCES, "Permission denied"), "no tiene permiso"),
        (OSError(errno.ENOSPC, "No space left on device"), "no hay espacio libre en el disco"),
        (OSError(errno.EROFS, "Read-only file system"), "son de solo lectura"),
        (OSError(errno.ELOOP, "Too many levels of symbolic links"), "código"),
    ],
)
def test_os_reasons(error, reason):
    assert reason in os_reason(error)
    assert error.strerror not in os_reason(error)


def test_libxml2_reasons():
    with pytest.raises(UnsafeXmlError) as caught:
        parse_xml(b"<a>" + b"x" * 10_000_001 + b"</a>")
    assert "más de 10 millones de caracteres en la línea 1" in caught.value.message
    assert "XML_PARSE_HUGE" not in caught.value.message
    with pytest.raises(UnsafeXmlError) as caught:
        parse_xml(b"<a>\n<b></a>")
    assert "no está bien formado (línea 2, columna" in caught.value.message
    assert "mismatch" not in caught.value.message
