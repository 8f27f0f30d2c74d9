"""``onewindow-admin cases overdue|terminate-overdue``: the daily 容缺 sweep."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from services.test_sweeps import _owing_case  # type: ignore[import-not-found]
from services.test_window_desk import (  # type: ignore[import-not-found]
    TODAY,
)

from desktop.cli.main import main as admin
from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.seeding import seed_registry
from desktop.domain.cases import CaseState
from desktop.persistence.database import Database
from desktop.services.hall import Hall


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = admin(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def owing(sqlite_db: Database, app_home: AppPaths, memory_keyring: object) -> tuple[Hall, str]:
    """A residence-permit case accepted with 容缺 (the employment proof owed)."""
    seed_registry(sqlite_db, persons=300, random_seed=5)
    hall = Hall(sqlite_db, app_home, Settings(), today=lambda: TODAY)
    return hall, _owing_case(hall)


def test_the_sweep_lists_then_terminates_what_is_overdue(owing: tuple[Hall, str]) -> None:
    hall, number = owing
    case = hall.cases.detail(_supervisor(), number)
    deadline = case.supplement_deadline
    assert deadline is not None
    on_time = deadline.isoformat()
    after = (deadline + timedelta(days=1)).isoformat()

    code, out, err = run("cases", "overdue", "--date", on_time)
    assert code == 0, err
    assert json.loads(out) == {"date": on_time, "overdue": []}

    code, out, err = run("cases", "terminate-overdue", "--date", after, "--dry-run")
    assert code == 0, err
    report = json.loads(out)
    assert [o["number"] for o in report["overdue"]] == [number]
    assert report["overdue"][0]["deadline"] == deadline.isoformat()
    assert report["terminated"] == [] and report["dry_run"] is True
    assert hall.cases.detail(_supervisor(), number).state is CaseState.IN_REVIEW

    code, out, err = run("cases", "terminate-overdue", "--date", after)
    assert code == 0, err
    assert json.loads(out)["terminated"] == [number]
    case = hall.cases.detail(_supervisor(), number)
    assert case.state is CaseState.TERMINATED
    assert "容缺材料逾期未补齐" in case.steps[-1].opinion
    assert case.steps[-1].handler.startswith("admin:")  # who ran the sweep

    code, out, err = run("cases", "terminate-overdue", "--date", after)  # idempotent
    assert code == 0, err
    assert json.loads(out)["overdue"] == [] and json.loads(out)["terminated"] == []


def test_a_bad_date_is_a_clear_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        admin(["cases", "overdue", "--date", "2026-13-01"])
    assert exited.value.code == 2
    assert "not a date (YYYY-MM-DD)" in capsys.readouterr().err


def _supervisor():  # type: ignore[no-untyped-def]
    from desktop.domain.permissions import Principal, Role

    return Principal.of("supervisor", "test", [Role.SUPERVISOR])
