"""The command modules share desktop.cli.common and never reach back into desktop.cli.main."""

from __future__ import annotations

import ast
from pathlib import Path

import desktop.cli
from desktop.cli.common import cli_principal, cli_supervisor
from desktop.domain.permissions import Role
from desktop.domain.registry import Actor


def test_no_command_module_imports_main() -> None:
    folder = Path(desktop.cli.__file__).parent
    for path in folder.glob("*.py"):
        if path.name == "main.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "desktop.cli.main", path.name


class _Ctx:
    def actor(self) -> Actor:
        return Actor(user="admin:wang", station="pc-1")


def test_the_acting_principals() -> None:
    assert cli_principal().user == "onewindow-admin"
    assert cli_principal().roles == frozenset({Role.ADMINISTRATOR})
    supervisor = cli_supervisor(_Ctx())
    assert (supervisor.user, supervisor.station) == ("admin:wang", "pc-1")
    assert {Role.ADMINISTRATOR, Role.SUPERVISOR} <= supervisor.roles


def test_add_acting_user_reads_as_and_password_stdin() -> None:
    import argparse

    import pytest

    from desktop.cli.common import add_acting_user

    parser = argparse.ArgumentParser()
    add_acting_user(parser)
    args = parser.parse_args(["--as", "approver-police", "--password-stdin"])
    assert (args.as_user, args.password_stdin) == ("approver-police", True)
    with pytest.raises(SystemExit):  # required unless told otherwise
        parser.parse_args([])
    optional = argparse.ArgumentParser()
    add_acting_user(optional, required=False)
    args = optional.parse_args([])
    assert (args.as_user, args.password_stdin) == (None, False)


def test_signed_in_as_signs_the_named_user_in_at_the_cli_station(
    sqlite_db: object, app_home: object, memory_keyring: object
) -> None:
    import argparse
    import io
    import socket

    import pytest

    from desktop.cli.common import CliError, signed_in_as
    from desktop.config.settings import Settings
    from desktop.demo.seeding import seed_registry
    from desktop.demo.users import DEMO_PASSWORD, ensure_demo_users
    from desktop.domain.errors import CodedError

    seed_registry(sqlite_db, persons=50, random_seed=5)  # type: ignore[arg-type]
    ensure_demo_users(sqlite_db)  # type: ignore[arg-type]

    class Ctx:
        paths = app_home
        settings = Settings()

        def db(self) -> object:
            return sqlite_db

    args = argparse.Namespace(as_user="supervisor", password_stdin=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdin", io.StringIO(DEMO_PASSWORD + "\r\n"))
        hall, who = signed_in_as(Ctx(), args)  # type: ignore[arg-type]
    assert who.user == "supervisor" and Role.SUPERVISOR in who.roles
    assert who.station == f"cli:{socket.gethostname()}"[:60]
    assert hall.db is sqlite_db
    with pytest.MonkeyPatch.context() as mp:  # an empty line: no password, no database opened
        mp.setattr("sys.stdin", io.StringIO("\n"))
        with pytest.raises(CliError) as empty:
            signed_in_as(Ctx(), args)  # type: ignore[arg-type]
    assert empty.value.code == "cli.empty_password"
    with pytest.MonkeyPatch.context() as mp:  # a wrong password: the sign-in's own refusal
        mp.setattr("sys.stdin", io.StringIO("not-the-password\n"))
        with pytest.raises(CodedError) as refused:
            signed_in_as(Ctx(), args)  # type: ignore[arg-type]
    assert refused.value.code.startswith("auth.")


def test_iso_day_is_the_commands_one_date_type() -> None:
    import argparse
    from datetime import date

    import pytest

    from desktop.cli.argtypes import iso_day

    assert iso_day("2026-12-06") == date(2026, 12, 6)
    for bad in ("2026-13-01", "06.12.2026", ""):
        with pytest.raises(argparse.ArgumentTypeError, match=r"not a date \(YYYY-MM-DD\)"):
            iso_day(bad)
