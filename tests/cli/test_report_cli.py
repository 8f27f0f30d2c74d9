"""``onewindow-admin report daily`` (the dashboard's figures as JSON) and ``demo activity``'s
refusal outside the synthetic registry."""

from __future__ import annotations

import io
import json
import sys

import pytest
from services.oversight_data import (  # type: ignore[import-not-found]
    BY_MATTER,
    BY_WINDOW,
    DAILY,
    TOTALS,
    insert_rows,
)

from desktop.cli.main import main as admin
from desktop.domain.oversight import CaseCounts
from desktop.persistence.database import Database


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        code = admin(list(argv), out=out, err=err)
    finally:
        sys.stdin = old
    return code, out.getvalue(), err.getvalue()


def _counts(row: dict) -> CaseCounts:
    return CaseCounts(
        row["accepted"],
        row["issued"],
        row["refused"],
        row["rejected"],
        row["finished"],
        row["in_time"],
    )


def test_report_daily_json_has_the_dashboards_figures(sqlite_db: Database) -> None:
    insert_rows(sqlite_db)  # (the hall of the default settings is at UTC+8, like the rows')
    code, out, err = run("report", "daily", "--date", "2026-12-03", "--days", "3", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["period"] == {"first": "2026-12-01", "last": "2026-12-03"}
    assert _counts(report["totals"]) == TOTALS
    assert report["totals"]["in_time_rate"] == 0.75
    assert {r["key"]: _counts(r) for r in report["by_matter"]} == BY_MATTER
    assert {r["key"]: _counts(r) for r in report["by_window"]} == BY_WINDOW
    assert {r["day"]: _counts(r) for r in report["daily"]} == {
        d.isoformat(): c for d, c in DAILY.items()
    }
    departments = {d["code"]: d for d in report["departments"]}
    assert departments["GA"]["median_claim_s"] == 1800
    assert departments["SF"]["median_decide_s"] == 10800
    assert report["failed_print_jobs"] == 3
    assert {(r["key"], r["ratings"], r["bad"]) for r in report["ratings_by_window"]} == {
        ("W1", 2, 1),
        ("W2", 1, 0),
    }
    assert report["followups"]["open"] == 1
    assert report["queue"]["day"] == "2026-12-03" and report["queue"]["taken"] == 0


def test_report_daily_text_and_a_bad_period(
    sqlite_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    insert_rows(sqlite_db)
    code, out, err = run("report", "daily", "--date", "2026-12-02")
    assert code == 0, err
    assert "period 2026-12-02 … 2026-12-02" in out
    assert "accepted 1  issued 1  refused 1  rejected 0  in time 1/1 (100.0%)" in out
    with pytest.raises(SystemExit) as caught:
        run("report", "daily", "--days", "400")
    assert caught.value.code == 2
    assert "the days must be 1 to 367" in capsys.readouterr().err


def test_demo_activity_refuses_a_registry_not_marked_synthetic(sqlite_db: Database) -> None:
    code, out, err = run("demo", "activity", "--days", "2")
    assert code == 2 and out == ""
    assert "error [demo.not_synthetic]" in err
