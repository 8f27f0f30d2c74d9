"""``onewindow-admin calendar``: add-working-days, show, set, unset; clear errors."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from desktop.cli.main import main as admin
from desktop.config.paths import AppPaths
from desktop.config.settings import DeadlineSettings, load_settings
from desktop.persistence.database import open_database
from desktop.persistence.models import AuditEvent


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = admin(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_add_working_days_without_a_database_uses_the_national_schedule(
    app_home: AppPaths,
) -> None:
    code, out, err = run("calendar", "add-working-days", "2026-02-13", "2")
    assert (code, out) == (0, "2026-02-24\n")
    assert "national schedule only" in err
    assert not app_home.default_database.exists()  # a calculation creates no database
    assert run("calendar", "add-working-days", "2025-09-30", "1")[1] == "2025-10-09\n"
    assert run("calendar", "add-working-days", "2026-02-24", "-1")[1] == "2026-02-14\n"


def test_add_working_days_in_an_unpublished_year_warns(app_home: AppPaths) -> None:
    code, out, err = run("calendar", "add-working-days", "2026-12-30", "3", "--national")
    assert (code, out) == (0, "2027-01-04\n")
    assert "provisional" in err and "2027" in err


@pytest.mark.parametrize(
    ("argv", "code_text"),
    [
        (("2026-02-30", "1"), "calendar.bad_date"),
        (("14.02.2026", "1"), "calendar.bad_date"),
        (("2026-02-13", "two"), "calendar.bad_count"),
        (("2026-02-13", "1.5"), "calendar.bad_count"),
        (("2026-02-13", "100000"), "calendar.bad_count"),
    ],
)
def test_bad_input_is_one_clear_error(
    app_home: AppPaths, argv: tuple[str, str], code_text: str
) -> None:
    code, out, err = run("calendar", "add-working-days", *argv)
    assert code == 2 and out == ""
    assert err.startswith(f"error [{code_text}]:") and err.count("\n") == 1


def test_set_show_unset_with_the_database(app_home: AppPaths) -> None:
    assert run("init")[0] == 0
    code, out, _ = run("calendar", "set", "2026-02-14", "holiday", "--name", "本厅闭厅")
    assert code == 0 and "2026-02-14" in out and "holiday" in out

    # The hall's override is used once the database exists.
    code, out, err = run("calendar", "add-working-days", "2026-02-13", "1")
    assert (code, out, err) == (0, "2026-02-24\n", "")
    assert run("calendar", "add-working-days", "2026-02-13", "1", "--national")[1] == (
        "2026-02-14\n"
    )

    code, out, _ = run("calendar", "show", "2026")
    lines = out.splitlines()
    assert code == 0 and "published" in lines[0] and "PROVISIONAL" not in out
    assert any(
        line.startswith("2026-02-14 Sat  holiday")
        and "本厅闭厅" in line
        and "[hall override]" in line
        for line in lines
    )
    assert any(
        line.startswith("2026-01-04 Sun  workday") and "swapped working day" in line
        for line in lines
    )

    code, out, _ = run("calendar", "show", "2026", "--json")
    data = json.loads(out)
    by_date = {d["date"]: d for d in data["days"]}
    assert data["provisional"] is False
    assert by_date["2026-02-14"]["source"] == "hall" and by_date["2026-02-14"]["kind"] == "holiday"
    assert by_date["2026-10-01"] == {
        "date": "2026-10-01",
        "weekday": "Thu",
        "kind": "holiday",
        "name": "国庆节",
        "name_en": "National Day",
        "source": "national",
    }

    code, out, _ = run("calendar", "unset", "2026-02-14")
    assert code == 0 and "a working day again" in out
    assert run("calendar", "add-working-days", "2026-02-13", "1")[1] == "2026-02-14\n"

    db = open_database(app_home)
    try:
        with db.begin() as s:
            actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    finally:
        db.dispose()
    assert actions == ["calendar.set_day", "calendar.clear_day"]


def test_show_marks_a_provisional_year(app_home: AppPaths) -> None:
    code, out, _ = run("calendar", "show", "2027", "--national")
    assert code == 0 and out.startswith("2027: PROVISIONAL")
    assert "no holidays" in out
    assert run("calendar", "show", "20x6")[0] == 2


def test_set_and_unset_errors(app_home: AppPaths) -> None:
    code, _, err = run("calendar", "set", "2026-03-04", "holiday", "--name", "  ")
    assert code == 2 and err.startswith("error [calendar.name_required]:")
    code, _, err = run("calendar", "unset", "2026-03-04")
    assert code == 2 and err.startswith("error [calendar.not_overridden]:")
    code, _, err = run("calendar", "set", "2026-13-01", "holiday", "--name", "x")
    assert code == 2 and err.startswith("error [calendar.bad_date]:")


def test_deadline_settings(app_home: AppPaths) -> None:
    assert load_settings(app_home).deadlines == DeadlineSettings()
    app_home.config_file.write_text(
        "[deadlines]\nyellow_remaining_days = 5\nred_remaining_days = 0\nyellow_percent = 20\n",
        encoding="utf-8",
    )
    assert load_settings(app_home).deadlines == DeadlineSettings(5, 0, 20)
    for bad in (
        "red_remaining_days = 3",  # not below yellow (2)
        "yellow_percent = 150",
        'yellow_remaining_days = "2"',
    ):
        app_home.config_file.write_text(f"[deadlines]\n{bad}\n", encoding="utf-8")
        code, _, err = run("calendar", "add-working-days", "2026-02-13", "1")
        assert code == 2 and err.startswith("error [settings.invalid]:") and "deadlines" in err
