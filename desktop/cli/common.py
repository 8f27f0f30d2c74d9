"""What every ``onewindow-admin`` command module shares: the error, the exit codes, who acts.

The command modules import this and never :mod:`desktop.cli.main` (which imports them to
register their commands), so no import has to wait until a function runs.

Who the command line acts as:

* :func:`cli_principal` — the station's local administrator ``onewindow-admin`` (user accounts:
  it needs no account of its own, so the first administrator can be created with it);
* :func:`cli_supervisor` — the hall's own actions (documents, cases, calendar) as administrator
  and supervisor, audited under the operating-system user who ran the command. Whoever runs it
  holds the database's credentials anyway.
"""

from __future__ import annotations

import getpass
import socket
from typing import Protocol

from desktop.domain.errors import CodedError
from desktop.domain.permissions import Principal, Role
from desktop.domain.registry import Actor

__all__ = [
    "CLI_ACTOR",
    "EXIT_CHECK_FAILED",
    "EXIT_ERROR",
    "EXIT_OK",
    "ActingContext",
    "CliError",
    "cli_actor",
    "cli_principal",
    "cli_supervisor",
]

EXIT_OK = 0
#: The command ran, and what it checked failed (a forged document, a broken audit chain, …).
EXIT_CHECK_FAILED = 1
#: The command could not do its work: one line ``error [code]: message`` on stderr.
EXIT_ERROR = 2

#: The audit log's actor for account changes made with the command line.
CLI_ACTOR = "onewindow-admin"


class CliError(CodedError):
    """A command's failure, printed as ``error [code]: message`` with exit status 2."""

    code = "cli.error"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


def _station() -> str:
    return socket.gethostname()[:60]


def cli_actor() -> Actor:
    """The operating-system user at this computer, as the audit log's actor."""
    return Actor(user=f"admin:{getpass.getuser()}", station=_station())


def cli_principal() -> Principal:
    """The command line's principal for user accounts: the station's local administrator."""
    return Principal(user=CLI_ACTOR, station=_station(), roles=frozenset({Role.ADMINISTRATOR}))


class ActingContext(Protocol):
    """A command's context, as far as who acts goes (``desktop.cli.main._Context``)."""

    def actor(self) -> Actor: ...


def cli_supervisor(ctx: ActingContext) -> Principal:
    """The command line's principal for the hall's own actions: administrator and supervisor."""
    actor = ctx.actor()
    return Principal(
        user=actor.user,
        station=actor.station,
        roles=frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR}),
    )
