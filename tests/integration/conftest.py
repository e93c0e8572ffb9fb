"""Real services for integration tests.

`secret_service`: a private D-Bus session with gnome-keyring's Secret Service, unlocked with
a throwaway password, its files in a temporary HOME. Tests point `keyring` at it through
DBUS_SESSION_BUS_ADDRESS. Skips only where gnome-keyring is not installed (CI installs it).
"""

import os
import shutil
import signal
import subprocess

import pytest

_START = r"""
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
printf 'throwaway-unlock' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
echo "$DBUS_SESSION_BUS_ADDRESS"
exec sleep infinity
"""


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory):
    """The D-Bus address of a running, unlocked gnome-keyring Secret Service."""
    missing = [t for t in ("gnome-keyring-daemon", "dbus-run-session") if not shutil.which(t)]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install gnome-keyring dbus-x11)")
    home = tmp_path_factory.mktemp("keyring_home")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_RUNTIME_DIR": str(home / "run"),
    }
    process = subprocess.Popen(
        ["dbus-run-session", "--", "sh", "-c", _START],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        address = process.stdout.readline().strip()
        if not address:
            pytest.fail("gnome-keyring did not start under dbus-run-session")
        yield address
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
