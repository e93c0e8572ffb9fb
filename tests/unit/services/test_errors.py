"""Pins the services' exception tree (the docstring of facturador.services.errors)."""

from facturador.models import errors as store_errors
from facturador.models.errors import StoreError
from facturador.sat.errors import FacturadorError, InvalidInputError
from facturador.services import errors


def test_tree():
    expected = {
        errors.FieldError: InvalidInputError,
        errors.ReceptorMismatchError: InvalidInputError,
        errors.ReceptorUpdateError: FacturadorError,
        errors.NotFoundError: StoreError,
        errors.DuplicateError: StoreError,
        errors.NoActiveCompanyError: StoreError,
        errors.IllegalTransitionError: StoreError,
        errors.CsdRfcMismatchError: FacturadorError,
        errors.SecretStoreError: FacturadorError,
        errors.SecretStoreUnavailableError: errors.SecretStoreError,
        errors.SecretNotFoundError: errors.SecretStoreError,
        errors.BackupError: FacturadorError,
        errors.BackupNotSupportedError: errors.BackupError,
        errors.InvalidBackupError: errors.BackupError,
        errors.BackupWriteError: errors.BackupError,
        StoreError: FacturadorError,
    }
    for cls, parent in expected.items():
        assert cls.__bases__ == (parent,), cls


def test_store_tree():
    expected = {
        store_errors.DatabaseUnavailableError: StoreError,
        store_errors.DatabaseDamagedError: store_errors.DatabaseUnavailableError,
        store_errors.DatabaseBusyError: StoreError,
        store_errors.DiskFullError: StoreError,
        store_errors.ReadOnlyDatabaseError: StoreError,
        store_errors.IllegalTransitionError: StoreError,
    }
    for cls, parent in expected.items():
        assert cls.__bases__ == (parent,), cls
    assert sorted(store_errors.__all__) == sorted([c.__name__ for c in expected] + ["StoreError"])


def test_messages_are_spanish_sentences_built_from_data():
    assert errors.FieldError("uso_cfdi", "not_in_catalog", "ZZZ").message == (
        "UsoCFDI: «ZZZ» no existe en el catálogo del SAT."
    )
    assert errors.NotFoundError("cliente", 7).message == "No existe el cliente «7»."
    assert errors.DuplicateError("empresa", "EKU9003173C9").message.startswith(
        "Ya existe la empresa"
    )
