"""What every ``onewindow-admin`` command module shares: the error, the exit codes, who acts.

The command modules import this and never :mod:`desktop.cli.main` (which imports them to
register their commands), so no import has to wait until a function runs.

Who the command line acts as:

* :func:`cli_principal` — the station's local administrator ``onewindow-admin`` (user accounts:
  it needs no account of its own, so the first administrator can be created with it);
* :func:`cli_supervisor` — the hall's own actions (documents, cases, calendar) as administrator
  and supervisor, audited under the operating-system user who ran the command. Whoever runs it
  holds the database's credentials anyway;
* :func:`signed_in_as` — a named user (``--as USER``, :func:`add_acting_user`), signed in with
  their password at the station ``cli:<host>``, exactly like a window: the review desk's and the
  rating follow-ups' steps.
"""

from __future__ import annotations

import argparse
import getpass
import socket
import sys
from typing import TYPE_CHECKING, Protocol

from desktop.domain.errors import CodedError
from desktop.domain.permissions import Principal, Role
from desktop.domain.registry import Actor

if TYPE_CHECKING:
    from desktop.config.paths import AppPaths
    from desktop.config.settings import Settings
    from desktop.persistence.database import Database
    from desktop.services.hall import Hall

__all__ = [
    "CLI_ACTOR",
    "EXIT_CHECK_FAILED",
    "EXIT_ERROR",
    "EXIT_OK",
    "ActingContext",
    "CliError",
    "HallContext",
    "add_acting_user",
    "cli_actor",
    "cli_principal",
    "cli_supervisor",
    "signed_in_as",
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


class HallContext(Protocol):
    """A command's context, as far as opening the hall goes (``desktop.cli.main._Context``)."""

    paths: AppPaths
    settings: Settings

    def db(self) -> Database: ...


def add_acting_user(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """``--as USER`` and ``--password-stdin``: the command signs in as a named user."""
    parser.add_argument(
        "--as", dest="as_user", required=required, metavar="USER", help="sign in as"
    )
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )


def signed_in_as(ctx: HallContext, args: argparse.Namespace) -> tuple[Hall, Principal]:
    """The hall, and ``--as USER`` signed in at the station ``cli:<host>`` with the same checks
    and audit events as a window; the password on standard input with ``--password-stdin``,
    else asked for (before the database is opened)."""
    from desktop.services.hall import Hall

    user: str = args.as_user
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"Password for {user}: ")
    if not password:
        raise CliError("cli.empty_password", "No password given.")
    hall = Hall(ctx.db(), ctx.paths, ctx.settings)
    station = f"cli:{socket.gethostname()}"[:60]
    return hall, hall.auth.sign_in(user, password, station)
