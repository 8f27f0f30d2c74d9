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
