"""The CSD password of one run, when the keyring cannot give it: a file, a terminal, stdin.

Nothing typed is not a wrong password: without --password-file, a terminal or a line on
stdin, `ask_csd_password` says that no password is stored and how to give one.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from facturador.cli import messages
from facturador.cli._common import read_password
from facturador.sat.errors import FacturadorError

__all__ = ["NoKeyringError", "NoPasswordGivenError", "ask_csd_password", "keyring_or_refuse"]


class NoPasswordGivenError(FacturadorError):
    """No keyring password, no --password-file, no terminal and nothing on stdin."""

    @property
    def message(self) -> str:
        return messages.NO_PASSWORD_STORED


class NoKeyringError(FacturadorError):
    """Configuring the PAC or SMTP without a keyring: the password has nowhere to be kept."""

    def __init__(self, whose: str) -> None:
        super().__init__(whose)
        self.whose = whose

    @property
    def message(self) -> str:
        return messages.NO_KEYRING_FOR.format(whose=messages.KEYRING_USERS[self.whose])


def keyring_or_refuse(ctx: Any, whose: str) -> Any:
    """The context's OS keyring, or NoKeyringError (`whose`: "pac" or "smtp") when there is
    none: a password set here must outlive this run (the CSD's is asked once per session)."""
    if ctx.secrets_are_session_only:
        raise NoKeyringError(whose)
    return ctx.secrets


def ask_csd_password(args: argparse.Namespace) -> str:
    if getattr(args, "password_file", None):
        return read_password(args.password_file)
    stdin = sys.stdin
    if stdin is None:
        raise NoPasswordGivenError
    if stdin.isatty():
        password = getpass.getpass(messages.PASSWORD_PROMPT)
    else:
        password = stdin.readline().rstrip("\r\n")
    if not password:
        raise NoPasswordGivenError
    return password
