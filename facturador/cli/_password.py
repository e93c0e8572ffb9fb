"""The CSD password of one run, when the keyring cannot give it: a file, a terminal, stdin.

Nothing typed is not a wrong password: without --password-file, a terminal or a line on
stdin, `ask_csd_password` says that no password is stored and how to give one.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from facturador.cli import messages
from facturador.cli._common import read_password
from facturador.sat.errors import FacturadorError

__all__ = ["NoKeyringForPacError", "NoPasswordGivenError", "ask_csd_password"]


class NoPasswordGivenError(FacturadorError):
    """No keyring password, no --password-file, no terminal and nothing on stdin."""

    @property
    def message(self) -> str:
        return messages.NO_PASSWORD_STORED


class NoKeyringForPacError(FacturadorError):
    """`pac configurar` without a keyring: the PAC's credentials have nowhere to be kept."""

    @property
    def message(self) -> str:
        return messages.NO_KEYRING_FOR_PAC


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
