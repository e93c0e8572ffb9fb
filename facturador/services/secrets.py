"""Where passwords live: the OS keyring, never a file or the database.

`SecretStore` is the protocol; `KeyringSecretStore` uses `keyring` (Secret Service,
Keychain, Windows Credential Locker), `MemorySecretStore` is for unit tests and
`SessionSecretStore` is what the app uses when no keyring works: it remembers a password
for the life of the process only, after `KeyringSecretStore` raised
`SecretStoreUnavailableError` and the user was told they will be asked once per session.
Secret values never reach a log or an exception.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from facturador.services.errors import SecretStoreUnavailableError

__all__ = [
    "SERVICE",
    "KeyringSecretStore",
    "MemorySecretStore",
    "SecretStore",
    "SessionSecretStore",
    "csd_password_key",
    "open_secret_store",
]

if TYPE_CHECKING:  # keyring itself is imported when a KeyringSecretStore is made (~20 ms)
    import keyring.backend

    from facturador.services.errors import SecretStoreUnavailableError

log = logging.getLogger(__name__)

SERVICE = "facturador"
_UNUSABLE_BACKENDS = ("keyring.backends.fail", "keyring.backends.null")


def csd_password_key(rfc: str, no_certificado: str) -> str:
    return f"csd:{rfc}:{no_certificado}"


@runtime_checkable
class SecretStore(Protocol):
    def get(self, service: str, key: str) -> str | None: ...

    def set(self, service: str, key: str, value: str) -> None: ...

    def delete(self, service: str, key: str) -> None: ...


class MemorySecretStore:
    """A dict: for unit tests (it records nothing anywhere else)."""

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], str] = {}

    def get(self, service: str, key: str) -> str | None:
        return self._values.get((service, key))

    def set(self, service: str, key: str, value: str) -> None:
        self._values[(service, key)] = value

    def delete(self, service: str, key: str) -> None:
        self._values.pop((service, key), None)


class SessionSecretStore(MemorySecretStore):
    """The fallback without a keyring: passwords asked once and kept in memory only.
    `unavailable` says why there is no keyring (its message is the user's warning)."""

    def __init__(self, unavailable: SecretStoreUnavailableError | None = None) -> None:
        super().__init__()
        self.unavailable = unavailable


def _usable(backend: keyring.backend.KeyringBackend) -> bool:
    if type(backend).__module__.startswith(_UNUSABLE_BACKENDS):
        return False
    children = getattr(backend, "backends", None)  # the chainer
    if children is not None:
        return any(_usable(child) for child in children)
    return True


class KeyringSecretStore:
    """The OS keyring. Raises SecretStoreUnavailableError when no backend works."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        import keyring

        self._backend = backend if backend is not None else keyring.get_keyring()
        if not _usable(self._backend):
            raise SecretStoreUnavailableError(type(self._backend).__module__)

    @property
    def backend_name(self) -> str:
        return f"{type(self._backend).__module__}.{type(self._backend).__name__}"

    def get(self, service: str, key: str) -> str | None:
        import keyring.errors

        try:
            return self._backend.get_password(service, key)
        except keyring.errors.KeyringError as error:
            raise SecretStoreUnavailableError(self.backend_name) from error

    def set(self, service: str, key: str, value: str) -> None:
        import keyring.errors

        try:
            self._backend.set_password(service, key, value)
        except keyring.errors.KeyringError as error:
            raise SecretStoreUnavailableError(self.backend_name) from error
        log.info("secret stored in %s for %s/%s", self.backend_name, service, key)

    def delete(self, service: str, key: str) -> None:
        import keyring.errors

        try:
            self._backend.delete_password(service, key)
        except keyring.errors.PasswordDeleteError:
            return
        except keyring.errors.KeyringError as error:
            raise SecretStoreUnavailableError(self.backend_name) from error


def open_secret_store() -> SecretStore:
    """The one policy for every use case: the OS keyring, or, where there is none, a store
    for this session only (passwords asked once, kept in memory, never on disk)."""
    from facturador.services.errors import SecretStoreUnavailableError

    try:
        return KeyringSecretStore()
    except SecretStoreUnavailableError as error:
        return SessionSecretStore(error)
