"""Shrink the Linux one-folder bundle after PyInstaller: ICU data cut down, debug info stripped.

    python installer/slim_linux.py build/dist/facturador

1. ICU. The PySide6 wheels link QtCore against ICU, whose data library (libicudataNN.so,
   ~31 MB) carries every locale, collation, transliterator, CJK dictionary and multibyte code
   page. Qt only asks ICU for collation (QCollator, locale-aware sorting), case mapping,
   normalization and code-page conversion; Facturador speaks Spanish and English. The ICU
   common-data package inside the library is rewritten keeping everything that is not
   locale data (normalization, likely subtags, time zones, properties...), the locale data
   of root, es* and en*, and the single-byte code pages; a new libicudataNN.so exporting the
   same `icudtNN_dat` symbol is assembled with binutils (`as`, `ld`).
2. Symbols. Several wheels (SQLAlchemy's Cython modules, Pillow, cryptography, pdfium) ship
   unstripped. `strip --strip-unneeded` keeps the dynamic symbols the loader needs; files
   auditwheel patched with patchelf only lose their DWARF (`--strip-debug`).

The bundle's `--autoprueba` afterwards sorts Spanish words with QCollator (ICU collation for
"es"), loads the Qt plugins and renders the PDF with pdfium, so a cut too deep fails the build.
"""

from __future__ import annotations

import argparse
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("es", "en")
# A locale bundle's name: a 2-3 letter language, then optional subtags ("es_MX", "en_001").
_LOCALE = re.compile(r"[a-z]{2,3}(?:_\w+)?")
# Single-byte code pages are a few KB each; the multibyte (CJK) tables are 64 KB and up.
_SBCS_MAX = 64 * 1024
_ALIGN = 16
_PAD = b"\xaa"  # what ICU's pkgdata pads with


@dataclass(frozen=True)
class Item:
    name: str  # "icudt73l/coll/es.res"
    data: bytes


@dataclass(frozen=True)
class Package:
    header: bytes  # ICU DataHeader of the "CmnD" common-data package, kept as it is
    items: tuple[Item, ...]


def read_package(blob: bytes) -> Package:
    """The common-data package ("CmnD") embedded in an ICU data library."""
    marker = blob.find(b"CmnD")
    while marker != -1:
        start = marker - 12  # headerSize(2) magic(2) size(2) reserved(2) endian charset uchar pad
        if start >= 0 and blob[start + 2 : start + 4] == b"\xda\x27" and blob[start + 8] == 0:
            break
        marker = blob.find(b"CmnD", marker + 1)
    else:
        raise ValueError("no ICU common data (CmnD, little-endian) found")
    (header_size,) = struct.unpack_from("<H", blob, start)
    toc = start + header_size
    (count,) = struct.unpack_from("<I", blob, toc)
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        name_end = blob.index(b"\0", toc + name_offset)
        # the last item runs to the end of the package (the symbol's size)
        data_end = toc + entries[index + 1][1] if index + 1 < count else len(blob)
        name = blob[toc + name_offset : name_end].decode("ascii")
        items.append(Item(name, blob[toc + data_offset : data_end]))
    return Package(blob[start:toc], tuple(items))


def write_package(package: Package) -> bytes:
    count = len(package.items)
    names = b"".join(item.name.encode("ascii") + b"\0" for item in package.items)
    names_start = 4 + 8 * count
    data_start = _aligned(names_start + len(names))
    toc = bytearray(struct.pack("<I", count))
    name_offset, data_offset = names_start, data_start
    body = bytearray()
    for item in package.items:
        toc += struct.pack("<II", name_offset, data_offset)
        name_offset += len(item.name) + 1
        padded = _aligned(len(item.data))
        body += item.data + _PAD * (padded - len(item.data))
        data_offset += padded
    toc += names
    toc += _PAD * (data_start - len(toc))
    return package.header + bytes(toc) + bytes(body)


def _aligned(size: int) -> int:
    return (size + _ALIGN - 1) // _ALIGN * _ALIGN


def wanted(item: Item) -> bool:
    relative = item.name.split("/", 1)[1]
    tree, _, file = relative.rpartition("/")
    stem, _, extension = file.rpartition(".")
    if tree == "translit" or extension == "dict":  # transliterators, Asian word dictionaries
        return False
    if extension == "cnv":
        return len(item.data) <= _SBCS_MAX
    if extension == "res" and _LOCALE.fullmatch(stem):
        return stem.split("_", 1)[0] in LANGUAGES
    return True  # root, pools, indexes and every non-locale table


def data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the exported `icudtNN_dat`."""
    listing = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(library)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            return parts[3], int(parts[0], 16), int(parts[1], 16)
    raise ValueError(f"{library}: no icudtNN_dat symbol")


def trim_icu(library: Path) -> tuple[int, int]:
    """Rewrite `library` in place; (old size, new size) in bytes."""
    symbol, address, size = data_symbol(library)
    blob = library.read_bytes()
    # In this single-segment library the symbol's address is its file offset; the package
    # header check in read_package guards the assumption.
    package = read_package(blob[address : address + size])
    kept = Package(package.header, tuple(item for item in package.items if wanted(item)))
    soname = library.name
    with tempfile.TemporaryDirectory(prefix="icu-") as tmp:
        work = Path(tmp)
        (work / "data.bin").write_bytes(write_package(kept))
        (work / "data.s").write_text(
            '.section .note.GNU-stack,"",@progbits\n'
            ".section .rodata\n"
            f".globl {symbol}\n"
            f".type {symbol}, @object\n"
            f".balign {_ALIGN}\n"
            f"{symbol}:\n"
            '.incbin "data.bin"\n'
            f".size {symbol}, . - {symbol}\n"
        )
        subprocess.run(["as", "-o", "data.o", "data.s"], cwd=work, check=True)
        subprocess.run(
            ["ld", "-shared", "-soname", soname, "-o", soname, "data.o"], cwd=work, check=True
        )
        before = library.stat().st_size
        shutil.copyfile(work / soname, library)
    return before, library.stat().st_size


def _patched_by_auditwheel(path: Path) -> bool:
    """auditwheel grafts libraries into `<pkg>.libs/` and rewrites RPATHs with patchelf;
    `strip` rewriting the section table of such files is what breaks them, so those get
    only `--strip-debug`."""
    if path.parent.name.endswith(".libs"):
        return True
    dynamic = subprocess.run(
        ["readelf", "-d", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return ".libs" in dynamic


def strip_binaries(bundle: Path) -> int:
    """Strip every ELF file in the bundle (keeping its dynamic symbols); bytes saved."""
    saved = 0
    for path in sorted(bundle.rglob("*.so*")):
        if path.is_symlink() or not path.is_file() or path.read_bytes()[:4] != b"\x7fELF":
            continue
        mode = "--strip-debug" if _patched_by_auditwheel(path) else "--strip-unneeded"
        before = path.stat().st_size
        subprocess.run(["strip", mode, str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def remove_dangling_links(bundle: Path) -> None:
    """PyInstaller links top-level names to libraries the spec pruned afterwards."""
    for path in bundle.rglob("*"):
        if path.is_symlink() and not path.exists():
            path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="la carpeta del bundle (build/dist/facturador)")
    args = parser.parse_args(argv)
    for tool in ("nm", "as", "ld", "strip", "readelf"):
        if shutil.which(tool) is None:
            print(f"Falta '{tool}' (paquete binutils): instálelo y repita.", file=sys.stderr)
            return 1
    for library in sorted(args.bundle.rglob("libicudata.so.*")):
        if library.is_symlink():
            continue
        before, after = trim_icu(library)
        print(f"ICU: {library.name} {before / 2**20:.1f} MB -> {after / 2**20:.1f} MB")
    saved = strip_binaries(args.bundle)
    print(f"Símbolos y depuración quitados: {saved / 2**20:.1f} MB")
    remove_dangling_links(args.bundle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
