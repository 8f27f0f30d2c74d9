"""Running ``onewindow-admin`` in-process as a named user: the review and ratings commands'
tests share it."""

from __future__ import annotations

import io

import pytest

from desktop.cli.main import main as admin
from desktop.demo.users import DEMO_PASSWORD


def run(*argv: str, stdin: str = DEMO_PASSWORD + "\n") -> tuple[int, str, str]:
    """The command's exit status, standard output and standard error; ``stdin`` is what it
    reads (the demo password by default, for ``--password-stdin``)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdin", io.StringIO(stdin))
        code = admin(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def as_(user: str) -> tuple[str, ...]:
    """Sign in as ``user`` with the password on standard input."""
    return ("--as", user, "--password-stdin")
