"""`facturador --autoprueba`: a smoke run of the whole chain, from source or from the bundle.

It proves that an installed copy has what it needs, without network or display: every module of
the application imports, the bundled SAT test CSD loads, a known invoice is built and sealed,
validated against the bundled XSD, XSLT and catalogs, stamped by the sandbox PAC in a throwaway
data directory, validated again, printed as a PDF and that PDF rendered back for the preview
(pdfium), Qt starts without a display (platform "offscreen"), loads its image plugins and its
Spanish translations (qtbase_es.qm), sorts Spanish words with ICU's collation (the bundle trims
ICU's data to Spanish and English), and a temporary SQLite database is opened (which runs the
Alembic migrations, so it proves they were bundled too). One line per step, then
"AUTOPRUEBA: PASS" (exit 0) or "AUTOPRUEBA: FAIL" (exit 1).

Clocks are pinned so the result does not depend on today's date: the CSD is judged at
`CSD_NOW` (inside the test certificate's validity, 2023-05-18 to 2027-05-18, so this keeps
passing after the certificate expires), the invoice's Fecha is `FECHA`, and the sandbox
stamper's clock is that Fecha plus one minute, well inside SAT's 72-hour window.

Qt is imported only by its own step, with the "offscreen" platform when no application runs.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from facturador.sat.resources import resource_path

__all__ = ["CSD_NOW", "FECHA", "GOLDEN_INPUT", "run_selftest"]

# tests/unit/sat/golden/ingreso_iva16.json, embedded so the bundle needs no test files.
GOLDEN_INPUT: dict[str, object] = {
    "Serie": "A",
    "Folio": "1",
    "TipoDeComprobante": "I",
    "Exportacion": "01",
    "FormaPago": "03",
    "MetodoPago": "PUE",
    "Moneda": "MXN",
    "LugarExpedicion": "42501",
    "Emisor": {"Rfc": "EKU9003173C9", "Nombre": "ESCUELA KEMPER URGATE", "RegimenFiscal": "601"},
    "Receptor": {
        "Rfc": "CACX7605101P8",
        "Nombre": "XOCHILT CASAS CHAVEZ",
        "DomicilioFiscalReceptor": "36257",
        "RegimenFiscalReceptor": "612",
        "UsoCFDI": "G03",
    },
    "Conceptos": [
        {
            "ClaveProdServ": "01010101",
            "Cantidad": "2",
            "ClaveUnidad": "H87",
            "Descripcion": "Venta",
            "ValorUnitario": "500.00",
            "ObjetoImp": "02",
            "Impuestos": {
                "Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}]
            },
        }
    ],
}

# Inside the SAT test CSD's validity (2023-05-18 .. 2027-05-18): pinned, not "now".
CSD_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
# The invoice's Fecha, local time of LugarExpedicion 42501 (America/Mexico_City).
FECHA = datetime(2026, 11, 25, 6, 0, 0)


class StepFailed(Exception):
    """A step's own explanation of what went wrong (shown after FALLA)."""


@dataclass
class _Run:
    out: TextIO | None
    failures: int = 0
    state: dict[str, object] = field(default_factory=dict)

    def step(self, name: str, action: Callable[[], str | None]) -> bool:
        started = time.perf_counter()
        try:
            note = action()
        except Exception as error:  # noqa: BLE001 - a self-test reports every failure
            self.failures += 1
            reason = str(error) or type(error).__name__
            if not isinstance(error, StepFailed):
                reason = f"{type(error).__name__}: {reason}"
            self._print(f"FALLA {name} ({reason.splitlines()[0]})")
            return False
        ms = (time.perf_counter() - started) * 1000
        extra = f"; {note}" if note else ""
        self._print(f"OK    {name} ({ms:.0f} ms{extra})")
        return True

    def skip(self, name: str) -> None:
        self.failures += 1
        self._print(f"FALLA {name} (no se ejecutó: falló un paso anterior)")

    def _print(self, line: str) -> None:
        print(line, file=self.out, flush=True)


def _load_credential(run: _Run) -> str:
    from facturador.sat.credentials import Credential

    folder = resource_path("csd_demo")
    cer, key, password = (
        folder / n for n in ("certificate.cer", "private_key.key", "password.txt")
    )
    for path in (cer, key, password):
        if not path.is_file():
            raise StepFailed(f"no existe {path}")
    credential = Credential.load(
        cer.read_bytes(), key.read_bytes(), password.read_text().strip(), now=CSD_NOW
    )
    run.state["credential"] = credential
    return f"RFC {credential.certificate.rfc}"


def _seal(run: _Run) -> str:
    from facturador.sat.build import build_comprobante
    from facturador.sat.sello import seal

    sealed = seal(build_comprobante(GOLDEN_INPUT, fecha=FECHA), run.state["credential"])  # type: ignore[arg-type]
    run.state["sealed"] = sealed.xml
    return f"Total {sealed.comprobante.total}"


def _validate(xml: bytes) -> str | None:
    from facturador.sat.validation import validate_xml

    report = validate_xml(xml)
    if not report.valido:
        first = report.errores[0]
        raise StepFailed(
            f"{len(report.errores)} errores; {first.codigo} {first.ruta}: {first.mensaje}"
        )
    if report.avisos:
        return "aviso: " + ", ".join(a.codigo for a in report.avisos)
    return None


def _stamp(run: _Run, data_dir: Path) -> str:
    from facturador.pac.sandbox import SandboxStamper
    from facturador.sat.fecha import zona_horaria

    lugar = str(GOLDEN_INPUT["LugarExpedicion"])
    moment = FECHA.replace(tzinfo=zona_horaria(lugar)) + timedelta(minutes=1)
    stamper = SandboxStamper(clock=lambda: moment, data_dir=data_dir)
    result = stamper.stamp(run.state["sealed"])  # type: ignore[arg-type]
    if not result.stamped or result.xml is None:
        raise StepFailed(f"rechazado {result.code}: {result.detail}")
    run.state["stamped"] = result.xml
    return f"UUID {result.uuid}"


def _pdf(run: _Run) -> str:
    from facturador.pdf import render_pdf

    pdf = render_pdf(run.state["stamped"])  # type: ignore[arg-type]
    if not pdf.startswith(b"%PDF"):
        raise StepFailed("la salida no empieza con %PDF")
    run.state["pdf"] = pdf
    return f"{len(pdf):,} bytes"


def _preview(run: _Run) -> str:
    from facturador.ui.dialogs.pdf_viewer import render_pages

    pages = render_pages(run.state["pdf"], scale=0.5)  # type: ignore[arg-type]
    width, height, pixels = pages[0]  # RGB
    if pixels.count(b"\xff") == len(pixels):
        raise StepFailed("la página salió en blanco")
    return f"{len(pages)} página(s), {width}×{height} px"


# Spanish alphabetical order: "ñ" is its own letter after "n", accents do not count.
_WORDS = ["oso", "ñandú", "Ábaco", "nube", "acción"]
_SPANISH_ORDER = ["Ábaco", "acción", "nube", "ñandú", "oso"]


def _qt() -> str:
    from functools import cmp_to_key

    from PySide6.QtCore import QCollator, QLocale
    from PySide6.QtGui import QIcon, QImageReader
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(["facturador", "-platform", "offscreen"])
    collator = QCollator(QLocale("es_MX"))
    ordered = sorted(_WORDS, key=cmp_to_key(collator.compare))
    if ordered != _SPANISH_ORDER:
        raise StepFailed("orden alfabético incorrecto: " + ", ".join(ordered))
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"png", "jpg", "svg", "ico"} - formats
    if missing:
        raise StepFailed("faltan formatos de imagen: " + ", ".join(sorted(missing)))
    if QIcon(str(resource_path("icons", "facturador.png"))).pixmap(64, 64).isNull():
        raise StepFailed("no se pudo cargar el ícono")
    _qt_spanish(app)
    label = QLabel("Facturación electrónica: ¿año?")
    label.adjustSize()
    if label.grab().isNull():
        raise StepFailed("no se pudo dibujar una ventana")
    return f"plataforma {app.platformName()}"  # type: ignore[union-attr]


def _qt_spanish(app: object) -> None:
    """Qt's own buttons in Spanish: the bundle kept qtbase_es.qm."""
    from PySide6.QtCore import QCoreApplication

    from facturador.ui.translations import install_translations

    if not isinstance(app, QCoreApplication) or install_translations(app) is None:
        raise StepFailed("faltan las traducciones de Qt al español (qtbase_es.qm)")
    if QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancelar":
        raise StepFailed("los botones de Qt no están en español")


def _modules() -> str:
    """Import every module of the application: in the bundle this proves that nothing it
    imports at load time was left out."""
    import importlib
    import pkgutil

    import facturador

    names = [
        module.name
        for module in pkgutil.walk_packages(facturador.__path__, "facturador.")
        if module.name != "facturador.__main__" and ".migrations" not in module.name
    ]
    for name in names:
        importlib.import_module(name)
    return f"{len(names)} módulos"


def _database(folder: Path) -> str:
    from facturador.models.engine import open_database, sqlite_url
    from facturador.models.migrate import current_revision, head_revision

    engine = open_database(sqlite_url(folder / "autoprueba.sqlite"))
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    if revision != head_revision():
        raise StepFailed(f"esquema en {revision}, se esperaba {head_revision()}")
    return f"migraciones hasta {revision}"


def run_selftest(out: TextIO | None = None) -> int:
    """Run every step, print one line each and the verdict; 0 if all passed, else 1."""
    from facturador import __version__

    run = _Run(out)
    run._print(f"Autoprueba de facturador {__version__}")
    with tempfile.TemporaryDirectory(prefix="facturador-autoprueba-") as tmp:
        folder = Path(tmp)
        run.step("Cargar los módulos de la aplicación", _modules)
        if run.step("Cargar CSD de prueba del SAT", lambda: _load_credential(run)):
            run.step("Sellar CFDI", lambda: _seal(run))
        else:
            run.skip("Sellar CFDI")
        if "sealed" in run.state:
            valid = run.step("Validar XML sellado", lambda: _validate(run.state["sealed"]))  # type: ignore[arg-type]
            stamped = valid and run.step(
                "Timbrar con el PAC de pruebas", lambda: _stamp(run, folder / "pac")
            )
            if not valid:
                run.skip("Timbrar con el PAC de pruebas")
        else:
            run.skip("Validar XML sellado")
            run.skip("Timbrar con el PAC de pruebas")
            stamped = False
        if stamped:
            run.step("Validar XML timbrado", lambda: _validate(run.state["stamped"]))  # type: ignore[arg-type]
            if run.step("Generar PDF", lambda: _pdf(run)):
                run.step("Vista previa del PDF", lambda: _preview(run))
            else:
                run.skip("Vista previa del PDF")
        else:
            run.skip("Validar XML timbrado")
            run.skip("Generar PDF")
            run.skip("Vista previa del PDF")
        run.step("Interfaz gráfica (Qt, ICU)", _qt)
        run.step("Abrir base de datos y migrar", lambda: _database(folder))
    verdict = "PASS" if run.failures == 0 else "FAIL"
    run._print(f"AUTOPRUEBA: {verdict}")
    return 0 if run.failures == 0 else 1
