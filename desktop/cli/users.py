"""``onewindow-admin user …``: accounts for the hall's staff, from the command line.

    onewindow-admin user add wang --role clerk --display-name 王小明 --password-stdin
    onewindow-admin user add li --role approver --department police --password-stdin
    onewindow-admin user list [--json]
    onewindow-admin user passwd wang --password-stdin [--must-change-password]
    onewindow-admin user unlock wang
    onewindow-admin user disable wang        (and ``enable``)

The command line acts as the station's local administrator: it needs no account of its own
(so the first administrator can be created with it) and every change is audited with the actor
``onewindow-admin``. Without ``--password-stdin`` the password is asked for twice on the
terminal. Failures print ``error [code]: message`` and exit 2, like every command.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from typing import Any, Protocol, TextIO

from desktop.cli.common import EXIT_OK, CliError, cli_principal
from desktop.config.settings import Settings
from desktop.domain.accounts import AccountRuleError, PasswordPolicyError, UserRecord
from desktop.domain.permissions import Role
from desktop.persistence.database import Database
from desktop.services.auth import AuthService

__all__ = [
    "add_parsers",
    "cmd_user_add",
    "cmd_user_disable",
    "cmd_user_enable",
    "cmd_user_list",
    "cmd_user_passwd",
    "cmd_user_unlock",
]


class UsersContext(Protocol):
    """What these commands use of the command line's context (``desktop.cli.main._Context``)."""

    out: TextIO
    err: TextIO
    settings: Settings

    def db(self) -> Database: ...

    def emit(self, obj: Any) -> None: ...


# ---- parsers ------------------------------------------------------------------------------


def add_parsers(sub: Any) -> None:
    """Add ``user`` and its subcommands to the ``onewindow-admin`` subcommands."""
    user = sub.add_parser(
        "user", help="staff accounts: add, list, passwords, lock-outs"
    ).add_subparsers(dest="user_command", required=True, metavar="SUBCOMMAND")
    roles = ", ".join(r.value for r in Role)
    sp = user.add_parser("add", help="create an account")
    sp.add_argument("username", metavar="USERNAME")
    sp.add_argument(
        "--role",
        action="append",
        required=True,
        metavar="ROLE",
        help=f"one of {roles}; repeat for several",
    )
    sp.add_argument(
        "--department",
        action="append",
        default=[],
        metavar="CODE",
        help="department code (approvers need one); repeat for several",
    )
    sp.add_argument(
        "--display-name", default="", metavar="NAME", help="the name shown, e.g. 王小明"
    )
    _password_options(sp)

    sp = user.add_parser("list", help="list the accounts (never their passwords)")
    sp.add_argument("--json", action="store_true")

    sp = user.add_parser("passwd", help="set a new password (and lift a lock-out)")
    sp.add_argument("username", metavar="USERNAME")
    _password_options(sp)

    sp = user.add_parser("unlock", help="lift a lock-out after too many wrong passwords")
    sp.add_argument("username", metavar="USERNAME")
    sp = user.add_parser("disable", help="disable an account (it can no longer sign in)")
    sp.add_argument("username", metavar="USERNAME")
    sp = user.add_parser("enable", help="enable a disabled account again")
    sp.add_argument("username", metavar="USERNAME")


def _password_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    sp.add_argument(
        "--must-change-password",
        action="store_true",
        help="the user must choose a new password at the next sign-in",
    )


# ---- commands -----------------------------------------------------------------------------


def cmd_user_add(ctx: UsersContext, args: argparse.Namespace) -> int:
    password = _read_password(args, f"Password for {args.username}: ")
    record = _run(
        lambda auth: auth.create_user(
            cli_principal(),
            args.username,
            password,
            args.role,
            args.department,
            display_name=args.display_name,
            must_change_password=args.must_change_password,
        ),
        ctx,
    )
    ctx.out.write(f"user {record.username} created ({_roles_text(record)})\n")
    return EXIT_OK


def cmd_user_list(ctx: UsersContext, args: argparse.Namespace) -> int:
    users: list[UserRecord] = _run(lambda auth: auth.list_users(cli_principal()), ctx)
    if args.json:
        ctx.emit([_jsonable(u) for u in users])
        return EXIT_OK
    if not users:
        ctx.out.write("no users yet; create one with 'onewindow-admin user add'\n")
        return EXIT_OK
    ctx.out.write(f"{'USERNAME':<20}{'STATUS':<26}{'ROLES':<36}DISPLAY NAME\n")
    for u in users:
        ctx.out.write(f"{u.username:<20}{_status(u):<26}{_roles_text(u):<36}{u.display_name}\n")
    return EXIT_OK


def cmd_user_passwd(ctx: UsersContext, args: argparse.Namespace) -> int:
    password = _read_password(args, f"New password for {args.username}: ")
    record = _run(
        lambda auth: auth.reset_password(
            cli_principal(),
            args.username,
            password,
            must_change_password=args.must_change_password,
        ),
        ctx,
    )
    extra = " (to be changed at the next sign-in)" if record.must_change_password else ""
    ctx.out.write(f"password of {record.username} set{extra}\n")
    return EXIT_OK


def cmd_user_unlock(ctx: UsersContext, args: argparse.Namespace) -> int:
    record = _run(lambda auth: auth.unlock(cli_principal(), args.username), ctx)
    ctx.out.write(f"user {record.username} unlocked\n")
    return EXIT_OK


def cmd_user_disable(ctx: UsersContext, args: argparse.Namespace) -> int:
    record = _run(lambda auth: auth.set_active(cli_principal(), args.username, False), ctx)
    ctx.out.write(f"user {record.username} disabled\n")
    return EXIT_OK


def cmd_user_enable(ctx: UsersContext, args: argparse.Namespace) -> int:
    record = _run(lambda auth: auth.set_active(cli_principal(), args.username, True), ctx)
    ctx.out.write(f"user {record.username} enabled\n")
    return EXIT_OK


# ---- helpers ------------------------------------------------------------------------------


def _run(action: Any, ctx: UsersContext) -> Any:
    auth = AuthService(ctx.db(), ctx.settings)
    try:
        return action(auth)
    except (AccountRuleError, PasswordPolicyError) as exc:
        raise CliError(exc.code, exc.message_en) from None


def _read_password(args: argparse.Namespace, prompt: str) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        try:
            password = getpass.getpass(prompt)
            if password and getpass.getpass("Again: ") != password:
                raise CliError(
                    "user.password_mismatch", "The two passwords differ; nothing changed."
                )
        except EOFError:
            raise CliError(
                "user.no_password",
                "No password was typed (no terminal?); give it with --password-stdin. "
                "Nothing changed.",
            ) from None
    if not password:
        raise CliError("user.empty_password", "The password is empty; nothing changed.")
    return password


def _roles_text(u: UserRecord) -> str:
    text = ", ".join(sorted(u.roles))
    return text + (f" [{', '.join(sorted(u.departments))}]" if u.departments else "")


def _status(u: UserRecord) -> str:
    if not u.active:
        return "disabled"
    if u.locked_until is not None and u.locked_until > datetime.now(UTC):
        return f"locked until {u.locked_until.astimezone():%H:%M}"
    return "must change password" if u.must_change_password else "active"


def _jsonable(u: UserRecord) -> dict[str, Any]:
    def iso(moment: Any) -> str | None:
        return moment.isoformat() if moment is not None else None

    return {
        "username": u.username,
        "display_name": u.display_name,
        "roles": sorted(u.roles),
        "departments": sorted(u.departments),
        "active": u.active,
        "failed_attempts": u.failed_attempts,
        "locked_until": iso(u.locked_until),
        "must_change_password": u.must_change_password,
        "password_changed_at": iso(u.password_changed_at),
        "created_at": iso(u.created_at),
        "last_sign_in_at": iso(u.last_sign_in_at),
    }
