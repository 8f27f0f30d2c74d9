"""``onewindow-admin ratings followups --json`` and the follow-up's steps acting as a named user
(``--as USER --password-stdin``), printing JSON; refusals as coded errors."""

from __future__ import annotations

import json

import pytest
from admin_run import as_, run  # type: ignore[import-not-found]

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.cases import create_demo_cases
from desktop.demo.seeding import seed_registry
from desktop.demo.users import ensure_demo_users
from desktop.domain.permissions import Principal, Role
from desktop.persistence.database import Database
from desktop.services.hall import Hall


@pytest.fixture
def rated(sqlite_db: Database, app_home: AppPaths, memory_keyring: object) -> tuple[str, ...]:
    """Three demo cases in review, each rated at its acceptance: 5, 4 (bad) and 1."""
    seed_registry(sqlite_db, persons=300, random_seed=5)
    ensure_demo_users(sqlite_db)
    hall = Hall(sqlite_db, app_home, Settings())
    numbers = create_demo_cases(hall, 3).numbers
    clerk = Principal.of("clerk", "窗口 #1", [Role.CLERK])
    for number, score in zip(numbers, (5, 4, 1), strict=True):
        hall.cases.rate(clerk, number, score)
    return numbers


def test_followups_json_then_every_step_as_the_supervisor(rated: tuple[str, ...]) -> None:
    code, out, err = run("ratings", "followups", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert [f["case_number"] for f in listed["followups"]] == list(rated[:2])
    first = listed["followups"][0]
    assert first["state"] == "open" and first["score"] == 5 and first["late"] is False
    assert first["due"] > listed["today"]  # ISO dates compare as text
    fid = str(first["id"])

    code, out, err = run("ratings", "assign", fid, "supervisor", *as_("supervisor"))
    assert code == 0, err
    assert json.loads(out)["assignee"] == "supervisor"
    code, out, err = run(
        "ratings", "callback", fid, "--outcome", "已联系", "--by", "王芳", *as_("supervisor")
    )
    assert code == 0, err
    assert json.loads(out)["callback_by"] == "王芳"
    for step, text in (("rectify", "增开窗口"), ("reply", "已答复")):
        code, out, err = run("ratings", step, fid, "--text", text, *as_("supervisor"))
        assert code == 0, err
    code, out, err = run("ratings", "close", fid, *as_("supervisor"))
    assert code == 0, err
    assert json.loads(out)["state"] == "closed"

    code, out, err = run("ratings", "followups", "--json", "--open", *as_("supervisor"))
    assert [f["case_number"] for f in json.loads(out)["followups"]] == [rated[1]]
    code, out, err = run("ratings", "counts", "--from", "2020-01-01", "--to", "2099-12-31")
    assert code == 0, err
    counts = json.loads(out)
    assert (counts["followups"]["open"], counts["followups"]["late"]) == (1, 0)
    matters = counts["ratings"]["by_matter"]
    assert sum(m["total"] for m in matters) == 3 and sum(m["bad"] for m in matters) == 2
    assert [w["total"] for w in counts["ratings"]["by_window"]] == [3]  # the demo clerk's
    code, _, err = run("ratings", "counts", "--from", "2026-12-01")
    assert code == 2 and err.startswith("error [cli.bad_period]")
    code, out, _ = run("ratings", "followups")
    assert out.count("\n") == 2 and "closed" in out  # one line each without --json


def test_refusals_are_coded_errors(rated: tuple[str, ...]) -> None:
    _, out, _ = run("ratings", "followups", "--json")
    fid = str(json.loads(out)["followups"][0]["id"])
    code, out, err = run("ratings", "close", fid, *as_("supervisor"))
    assert code == 2 and out == ""
    assert err.startswith("error [followup.illegal_transition]")
    code, _, err = run("ratings", "assign", fid, "supervisor", *as_("clerk"))
    assert code == 2 and err.startswith("error [auth.permission_denied]")
    code, _, err = run("ratings", "followups", "--json", *as_("clerk"))
    assert code == 2 and err.startswith("error [auth.permission_denied]")
    code, out, err = run("ratings", "appeal", fid, "--reason", "恶意差评", *as_("supervisor"))
    assert code == 0 and json.loads(out)["state"] == "appealed"
    code, _, err = run(
        "ratings", "decide-appeal", fid, "upheld", "--note", "成立", *as_("supervisor")
    )
    assert code == 2 and err.startswith("error [followup.own_appeal]")
    code, _, err = run("ratings", "assign", "999", "supervisor", *as_("supervisor"))
    assert code == 2 and err.startswith("error [followup.not_found]")


def test_open_missing_opens_the_follow_ups_old_bad_ratings_lack_once(
    rated: tuple[str, ...], sqlite_db: Database
) -> None:
    from sqlalchemy import delete, select

    from desktop.persistence import models

    followups = models.RatingFollowUp.__table__
    with sqlite_db.engine.begin() as conn:  # as a rating carried across by migration 0014
        gone = (
            conn.execute(select(followups.c.rating_id).order_by(followups.c.id)).scalars().first()
        )
        conn.execute(delete(followups).where(followups.c.rating_id == gone))
    code, out, err = run("ratings", "open-missing", "--dry-run")
    assert code == 0, err
    dry = json.loads(out)
    assert (dry["ratings"], dry["followups"], dry["dry_run"]) == ([gone], [], True)
    code, out, err = run("ratings", "open-missing")
    assert code == 0, err
    done = json.loads(out)
    assert done["ratings"] == [gone] and len(done["followups"]) == 1
    code, out, err = run("ratings", "followups", "--json", "--open")
    assert len(json.loads(out)["followups"]) == 2  # both bad ratings followed up again
    code, out, err = run("ratings", "open-missing")
    assert code == 0, err
    assert json.loads(out)["followups"] == []  # idempotent
