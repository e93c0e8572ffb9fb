"""One contract for every SecretStore, plus the keyring's failure modes."""

import keyring.backend
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest

from facturador.services.errors import SecretStoreUnavailableError
from facturador.services.secrets import (
    SERVICE,
    KeyringSecretStore,
    MemorySecretStore,
    SecretStore,
    SessionSecretStore,
    csd_password_key,
)


class DictKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.values = {}

    def get_password(self, service, username):
        return self.values.get((service, username))

    def set_password(self, service, username, password):
        self.values[(service, username)] = password

    def delete_password(self, service, username):
        if (service, username) not in self.values:
            raise keyring.errors.PasswordDeleteError("missing")
        del self.values[(service, username)]


class BrokenKeyring(DictKeyring):
    def set_password(self, service, username, password):
        raise keyring.errors.KeyringLocked("locked")


@pytest.fixture(params=["memory", "session", "keyring"])
def store(request) -> SecretStore:
    if request.param == "memory":
        return MemorySecretStore()
    if request.param == "session":
        return SessionSecretStore()
    return KeyringSecretStore(DictKeyring())


def test_contract_set_get_delete(store):
    assert isinstance(store, SecretStore)
    key = csd_password_key("EKU9003173C9", "30001000000500003416")
    assert key == "csd:EKU9003173C9:30001000000500003416"
    assert store.get(SERVICE, key) is None
    store.set(SERVICE, key, "12345678a")
    store.set(SERVICE, "other", "x")
    assert store.get(SERVICE, key) == "12345678a"
    store.set(SERVICE, key, "nueva")
    assert store.get(SERVICE, key) == "nueva"
    store.delete(SERVICE, key)
    store.delete(SERVICE, key)  # deleting twice is fine
    assert store.get(SERVICE, key) is None
    assert store.get(SERVICE, "other") == "x"


@pytest.mark.parametrize(
    "backend", [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()]
)
def test_no_usable_keyring_is_a_clear_error_not_a_file(backend):
    with pytest.raises(SecretStoreUnavailableError) as caught:
        KeyringSecretStore(backend)
    assert "una vez en cada sesión" in caught.value.message


def test_a_keyring_that_fails_on_use_raises_the_same_error():
    store = KeyringSecretStore(BrokenKeyring())
    with pytest.raises(SecretStoreUnavailableError):
        store.set(SERVICE, "k", "secret")


def test_default_backend_in_tests_is_refused_when_unusable(monkeypatch):
    monkeypatch.setattr(keyring, "get_keyring", keyring.backends.fail.Keyring)
    with pytest.raises(SecretStoreUnavailableError):
        KeyringSecretStore()
