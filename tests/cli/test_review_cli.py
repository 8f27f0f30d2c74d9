"""``onewindow-admin demo cases`` and ``onewindow-admin review queue|next|claim|unclaim|decide``
acting as a named user (``--as USER --password-stdin``), printing JSON."""

from __future__ import annotations

import json

import pytest
from admin_run import as_, run  # type: ignore[import-not-found]

from desktop.config.paths import AppPaths
from desktop.demo.seeding import seed_registry
from desktop.demo.users import ensure_demo_users
from desktop.persistence.database import Database


@pytest.fixture
def demo(sqlite_db: Database, app_home: AppPaths, memory_keyring: object) -> Database:
    seed_registry(sqlite_db, persons=300, random_seed=5)
    ensure_demo_users(sqlite_db)
    code, out, err = run("demo", "cases", "--count", "6")
    assert code == 0, err
    made = json.loads(out)
    assert len(made["cases"]) == 6 and made["tasks"] >= 6 and made["skipped"] == {}
    return sqlite_db


def test_demo_cases_only_on_a_synthetic_registry(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: object
) -> None:
    code, out, err = run("demo", "cases", "--count", "3")
    assert code == 2 and out == ""
    assert err.startswith("error [demo.not_synthetic]")
    with pytest.raises(SystemExit):  # argparse: usage and exit 2
        run("demo", "cases", "--count", "0")


def test_both_demo_case_makers_refuse_a_registry_that_is_not_synthetic(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: object
) -> None:
    from desktop.config.settings import Settings
    from desktop.demo.cases import DemoCasesError, create_demo_cases, ensure_review_cases
    from desktop.services.hall import Hall

    hall = Hall(sqlite_db, app_home, Settings())
    for make in (create_demo_cases, ensure_review_cases):
        with pytest.raises(DemoCasesError) as caught:
            make(hall, 2)
        assert caught.value.code == "demo.not_synthetic"
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM cases").scalar() == 0


def test_queue_next_decide_and_a_second_decision_refused(demo: Database) -> None:
    code, out, err = run("review", "queue", *as_("approver-police"))
    assert code == 0, err
    page = json.loads(out)
    assert page["total"] == page["counts"]["all"] == len(page["rows"]) > 0
    assert {r["department_code"] for r in page["rows"]} == {"police"}
    first = page["rows"][0]

    code, out, err = run("review", "next", *as_("approver-police"))
    assert code == 0, err
    task = json.loads(out)
    assert task["task_id"] == first["task_id"] and task["status"] == "claimed"
    assert task["claimed_by"] == "approver-police"

    code, _, err = run("review", "claim", str(task["task_id"]), *as_("approver-police"))
    assert code == 2 and err.startswith("error [review.already_claimed]")

    code, out, err = run(
        "review",
        "decide",
        str(task["task_id"]),
        "approve",
        "--opinion",
        "同意",
        *as_("approver-police"),
    )
    assert code == 0, err
    decided = json.loads(out)
    assert decided["case"] == task["case_number"] and decided["decision"] == "approve"

    code, out, err = run(
        "review",
        "decide",
        str(task["task_id"]),
        "approve",
        "--opinion",
        "同意",
        *as_("approver-police"),
    )
    assert code == 2 and out == ""
    assert err.startswith("error [review.already_decided]")


def test_unclaim_filters_and_null_when_nothing_is_free(demo: Database) -> None:
    code, out, _ = run("review", "next", *as_("approver-justice"))
    held: list[int] = []
    while out.strip() != "null":
        assert code == 0
        held.append(json.loads(out)["task_id"])
        code, out, _ = run("review", "next", *as_("approver-justice"))
    assert held  # the demo has legal-aid cases
    code, out, _ = run("review", "queue", "--filter", "mine", *as_("approver-justice"))
    assert json.loads(out)["total"] == len(held)
    code, out, err = run(
        "review", "unclaim", str(held[0]), "--reason", "需回避", *as_("approver-justice")
    )
    assert code == 0, err
    code, out, _ = run("review", "queue", "--filter", "unclaimed", *as_("approver-justice"))
    assert [r["task_id"] for r in json.loads(out)["rows"]] == [held[0]]


def test_bad_password_and_bad_inputs_are_coded_errors(demo: Database) -> None:
    code, out, err = run("review", "queue", *as_("approver-police"), stdin="wrong\n")
    assert code == 2 and out == "" and err.startswith("error [auth.bad_credentials]")
    code, _, err = run("review", "next", *as_("clerk"))
    assert code == 2 and err.startswith("error [auth.permission_denied]")
    with pytest.raises(SystemExit):
        run("review", "decide", "x", "approve", "--opinion", "同意", *as_("approver-police"))
    with pytest.raises(SystemExit):
        run("review", "decide", "1", "maybe", "--opinion", "同意", *as_("approver-police"))
    code, _, err = run("review", "claim", "999999", *as_("approver-police"))
    assert code == 2 and err.startswith("error [review.task_not_found]")
    # A number no database row id can be is refused by the parser, before any query.
    with pytest.raises(SystemExit):
        run("review", "claim", str(2**63), *as_("approver-police"))


def test_the_sweep_releases_lapsed_claims_only(demo: Database) -> None:
    code, out, _ = run("review", "next", *as_("approver-justice"))
    assert code == 0 and json.loads(out)["claimed_by"] == "approver-justice"
    code, out, err = run("review", "release-lapsed")
    assert code == 0, err
    assert json.loads(out) == {"released": 0}  # the claim has not lapsed
