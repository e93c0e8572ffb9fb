"""Configuración > Certificado de Sello Digital: each outcome shows its Spanish message."""

from __future__ import annotations

import pytest

from facturador.services import company_setup
from facturador.ui import messages as M
from facturador.ui.pages.certificado import CertificatePage
from tests.ui.conftest import create_eku


@pytest.fixture
def seed(services):
    return create_eku(services)


@pytest.fixture
def page(window):
    assert window.wizard is None
    page = window.show_page("certificado")
    assert isinstance(page, CertificatePage)
    assert page.current_label.text() == M.CSD_NONE
    return page


def _verify(qtbot, page, files):
    cer, key, password = files
    page.form.cer_edit.setText(cer)
    page.form.key_edit.setText(key)
    page.form.password_edit.setText(password)
    page.form.verify_button.click()
    assert page.form.message.text() == M.VERIFYING
    qtbot.waitUntil(lambda: page.form.message.text() != M.VERIFYING, timeout=10_000)


def test_valid_csd_is_verified_and_installed(qtbot, page, csd, shown_errors):
    _verify(qtbot, page, csd("csd_EKU9003173C9"))
    assert page.form.message.text() == M.CSD_VALID
    assert page.form.facts_card.rfc.text() == "EKU9003173C9"
    assert page.form.facts_card.numero.text() == "30001000000500003416"
    assert page.form.facts_card.vigencia.text() == "del 18/05/2023 al 18/05/2027"
    assert page.install_button.isEnabled()

    page.install_button.click()
    qtbot.waitUntil(lambda: page.form.message.text() == M.CSD_INSTALLED, timeout=10_000)
    assert page.ctx.company.no_certificado == "30001000000500003416"
    assert page.current_card.isVisible()
    assert page.current_card.numero.text() == "30001000000500003416"
    assert shown_errors == []


@pytest.mark.parametrize(
    ("folder", "wrong_password", "expected"),
    [
        ("csd_XIA190128J61_expired", False, "Certificado no válido o expirado: venció el"),
        ("fiel_EKU9003173C9", False, "es de e.firma (FIEL), no un Certificado de Sello"),
        ("csd_EKU9003173C9", True, "La contraseña de la llave privada no es correcta"),
    ],
    ids=["expired", "fiel", "wrong-password"],
)
def test_unusable_csd_says_why(qtbot, page, csd, shown_errors, folder, wrong_password, expected):
    cer, key, password = csd(folder)
    _verify(qtbot, page, (cer, key, "no-es-esta" if wrong_password else password))
    assert expected in page.form.message.text()
    assert page.form.message.property("state") == "error"
    assert not page.form.facts_card.isVisible()
    assert not page.install_button.isEnabled()
    assert shown_errors == []


def test_csd_of_another_rfc_is_told_when_verified_not_at_install(qtbot, page, csd):
    _verify(qtbot, page, csd("csd_CACX7605101P8"))
    text = page.form.message.text()
    assert "otro RFC (CACX7605101P8)" in text
    assert "la empresa activa es EKU9003173C9" in text
    assert M.CSD_VALID not in text
    assert page.form.message.property("state") == "error"
    assert page.form.facts_card.rfc.text() == "CACX7605101P8"  # whose it is, to compare
    assert not page.install_button.isEnabled()
    page.grab().save("/tmp/e/csd_other_rfc.png")

    _verify(qtbot, page, csd("csd_EKU9003173C9"))  # the right one: the red is gone
    assert page.form.message.text() == M.CSD_VALID
    assert page.form.message.property("state") == "ok"
    assert page.install_button.isEnabled()
    assert page.ctx.company.no_certificado is None


def test_missing_files_are_asked_for(page):
    page.form.verify_button.click()
    assert page.form.message.text() == M.CSD_MISSING_FILES


def test_key_without_password_is_refused_by_the_form(qtbot, page, csd, shown_errors, tmp_path):
    from pathlib import Path

    from cryptography.hazmat.primitives import serialization

    cer, key, password = csd("csd_EKU9003173C9")
    loaded = serialization.load_der_private_key(Path(key).read_bytes(), password.encode())
    plain = tmp_path / "llave.pem"
    plain.write_bytes(
        loaded.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    _verify(qtbot, page, (cer, str(plain), password))
    assert "no está protegida con contraseña" in page.form.message.text()
    assert not page.install_button.isEnabled()
    assert company_setup.active_company(page.ctx.services).no_certificado is None
    assert shown_errors == []
