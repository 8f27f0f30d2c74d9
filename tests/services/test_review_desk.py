"""The review desk (issue 13) without a window: the queue in SQL with its filters and counts,
claims (next, chosen, lapsed, given back, reassigned), the fan-in issuing the decision notice,
and a second decision refused with a code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text, update

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.cases import create_demo_cases
from desktop.demo.seeding import seed_registry
from desktop.demo.users import ensure_demo_users
from desktop.domain.cases import CaseError, CaseEvent, CaseState, PauseKind, TaskStatus
from desktop.domain.permissions import PermissionDenied, Principal, Role
from desktop.domain.review import QueueFilter, QueueQuery, QueueSort
from desktop.persistence.database import Database
from desktop.services.audit import AuditError, verify_chain
from desktop.services.cases import ResultInfo
from desktop.services.cases import tables as t
from desktop.services.hall import Hall
from desktop.services.pseudonyms import person_pseudonym
from desktop.services.review import ReviewDesk

POLICE = Principal.of("approver-police", "审批 #1", [Role.APPROVER], departments=["police"])
POLICE2 = Principal.of("police2", "审批 #2", [Role.APPROVER], departments=["police"])
COMMUNITY = Principal.of(
    "approver-community", "审批 #3", [Role.APPROVER], departments=["community"]
)
JUSTICE = Principal.of("approver-justice", "审批 #4", [Role.APPROVER], departments=["justice"])
SUPERVISOR = Principal.of("supervisor", "值班长", [Role.SUPERVISOR])
CLERK = Principal.of("clerk", "窗口 #3", [Role.CLERK])
ACCEPTED = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


class Clock:
    """The hall's clock, settable (a Tuesday morning in the hall's time zone)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 10:00 in the hall

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _desk(db: Database, app_home: AppPaths, clock: Clock) -> ReviewDesk:
    seed_registry(db, persons=300, random_seed=5)
    ensure_demo_users(db)
    return ReviewDesk(Hall(db, app_home, Settings(), now=clock))


@pytest.fixture
def desk(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: object, clock: Clock
) -> ReviewDesk:
    return _desk(sqlite_db, app_home, clock)


@pytest.fixture
def pg_desk(
    pg_db: Database, app_home: AppPaths, memory_keyring: object, clock: Clock
) -> ReviewDesk:
    return _desk(pg_db, app_home, clock)


def _cases(desk: ReviewDesk, n: int) -> tuple[str, ...]:
    made = create_demo_cases(desk.hall, n)
    assert not made.skipped, made.skipped
    assert len(made.numbers) == n
    return made.numbers


def _tasks(db: Database, where: str = "1=1") -> list[tuple[int, str, str, str]]:
    with db.engine.connect() as conn:
        return [
            tuple(r)  # type: ignore[misc]
            for r in conn.execute(
                text(
                    "SELECT t.id, c.number, t.department_code, t.status FROM review_tasks t "
                    f"JOIN cases c ON c.id = t.case_id WHERE {where} ORDER BY t.id"
                )
            )
        ]


def _version(db: Database, number: str) -> int:
    with db.engine.connect() as conn:
        return int(
            conn.execute(select(t.cases.c.version).where(t.cases.c.number == number)).scalar_one()
        )


def _audit(db: Database, action: str) -> list[dict[str, object]]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT detail FROM audit_events WHERE action = :a ORDER BY seq"), {"a": action}
        ).scalars()
        import json

        return [json.loads(r) if isinstance(r, str) else r for r in rows]


# ---- the queue -----------------------------------------------------------------------------


def test_an_approver_sees_the_departments_tasks_sorted_by_due_date(desk: ReviewDesk) -> None:
    _cases(desk, 6)
    db = desk.hall.db
    page = desk.queue(POLICE, QueueQuery())
    police = _tasks(db, "t.department_code = 'police'")
    assert page.total == len(police) == page.counts[QueueFilter.ALL] > 0
    assert {r.department_code for r in page.rows} == {"police"}
    keys = [(r.promised_date, r.received_at, r.task_id) for r in page.rows]
    assert keys == sorted(keys)
    assert all(r.status is TaskStatus.OPEN and r.claimed_by == "" for r in page.rows)
    assert all(r.warning == "normal" and r.remaining_days is not None for r in page.rows)
    # paging
    first = desk.queue(POLICE, QueueQuery(limit=2))
    second = desk.queue(POLICE, QueueQuery(limit=2, offset=2))
    assert [r.task_id for r in first.rows + second.rows] == [r.task_id for r in page.rows[:4]]
    # a supervisor sees every department; a clerk none
    every = desk.queue(SUPERVISOR, QueueQuery(sort=QueueSort.NUMBER))
    assert every.total == len(_tasks(db))
    assert [r.case_number for r in every.rows] == sorted(r.case_number for r in every.rows)
    with pytest.raises(PermissionDenied):
        desk.queue(CLERK, QueueQuery())


def test_filters_and_counts_match_a_hand_computed_expectation(desk: ReviewDesk) -> None:
    _check_filters_and_counts(desk)


def test_filters_and_counts_on_postgresql(pg_desk: ReviewDesk) -> None:
    _check_filters_and_counts(pg_desk)


def _check_filters_and_counts(desk: ReviewDesk) -> None:
    # Today is Tuesday 2026-11-24 in the hall. Default thresholds: yellow at ≤ 2 working days
    # left, red at ≤ -1 (overdue). Working days ahead: Wed 25 (1), Thu 26 (2), Fri 27 (3).
    numbers = _cases(desk, 12)
    db = desk.hall.db
    police = _tasks(db, "t.department_code = 'police'")
    assert len(police) >= 7
    cases = [number for _, number, _, _ in police][:7]
    promised = {
        cases[0]: date(2026, 11, 24),  # due today: 0 left → yellow
        cases[1]: date(2026, 11, 26),  # 2 left → yellow
        cases[2]: date(2026, 11, 27),  # 3 left → normal
        cases[3]: date(2026, 11, 23),  # Monday: 1 overdue → red, overdue
        cases[4]: date(2026, 11, 20),  # last Friday → red, overdue
        cases[5]: date(2026, 11, 23),  # overdue, but its clock is paused: in none of them
        cases[6]: date(2026, 12, 20),  # normal; a second round
    }
    with db.engine.begin() as conn:
        for number, day in promised.items():
            conn.execute(  # accepted three weeks ago, promised on that day
                update(t.cases)
                .where(t.cases.c.number == number)
                .values(promised_date=day, accepted_at=ACCEPTED, received_at=ACCEPTED)
            )
        conn.execute(
            update(t.tasks)
            .where(
                t.tasks.c.case_id
                == select(t.cases.c.id).where(t.cases.c.number == cases[6]).scalar_subquery()
            )
            .values(round=2)
        )
    # the rows were written by hand, not by the transition template: their deadline dates too
    desk.hall.cases.recompute_deadlines()
    desk.pause_clock(POLICE, cases[5], PauseKind.HEARING, "听证")
    by_case = {number: task for task, number, dept, _ in police}
    mine = desk.claim(POLICE, by_case[cases[2]])
    desk.claim(POLICE2, by_case[cases[3]])
    assert mine.claimed_by == "approver-police"

    page = desk.queue(POLICE, QueueQuery(limit=100))
    total = len(police)
    assert page.counts == {
        QueueFilter.ALL: total,
        QueueFilter.UNCLAIMED: total - 2,
        QueueFilter.MINE: 1,
        QueueFilter.OTHERS: 1,
        QueueFilter.DUE_TODAY: 1,
        QueueFilter.YELLOW: 2,
        QueueFilter.RED: 2,
        QueueFilter.OVERDUE: 2,
        QueueFilter.RETURNED: 1,
    }
    rows = {r.case_number: r for r in page.rows}
    # the rows' colours come from the case clock and agree with the SQL filters
    assert [rows[c].warning for c in cases[:5]] == ["yellow", "yellow", "normal", "red", "red"]
    assert rows[cases[5]].paused and rows[cases[5]].remaining_days is not None
    assert [rows[c].remaining_days for c in cases[:5]] == [0, 2, 3, -1, -2]
    for f, expected in (
        (QueueFilter.YELLOW, {cases[0], cases[1]}),
        (QueueFilter.RED, {cases[3], cases[4]}),
        (QueueFilter.OVERDUE, {cases[3], cases[4]}),
        (QueueFilter.DUE_TODAY, {cases[0]}),
        (QueueFilter.RETURNED, {cases[6]}),
        (QueueFilter.MINE, {cases[2]}),
        (QueueFilter.OTHERS, {cases[3]}),
    ):
        got = desk.queue(POLICE, QueueQuery(filter=f))
        assert {r.case_number for r in got.rows} == expected, f
        assert got.total == len(expected)
    # a matter filter narrows the counts too
    permit = desk.hall.catalog.by_category("ZZ").code
    narrowed = desk.queue(POLICE, QueueQuery(matter_code=permit))
    assert narrowed.total == sum(1 for r in page.rows if r.matter_code == permit) and all(
        r.matter_code == permit for r in narrowed.rows
    )
    assert numbers  # (all created)


def test_search_by_case_number_prefix_or_by_id_number_pseudonym(desk: ReviewDesk) -> None:
    _cases(desk, 4)
    db = desk.hall.db
    page = desk.queue(POLICE, QueueQuery())
    target = page.rows[0]
    got = desk.queue(POLICE, QueueQuery(search=target.case_number))
    assert [r.task_id for r in got.rows] == [target.task_id]
    prefix = desk.queue(POLICE, QueueQuery(search=target.case_number[:6]))
    assert prefix.total == page.total
    with db.engine.connect() as conn:
        form = conn.execute(
            select(t.cases.c.form_values, t.cases.c.applicant_id_hash).where(
                t.cases.c.number == target.case_number
            )
        ).one()
    number = str(form.form_values["id_number"])
    assert person_pseudonym(db.engine, number) == form.applicant_id_hash
    by_id = desk.queue(POLICE, QueueQuery(search=number.lower()))
    assert target.task_id in {r.task_id for r in by_id.rows}
    assert {r.applicant_id_masked for r in by_id.rows} == {target.applicant_id_masked}
    assert desk.queue(POLICE, QueueQuery(search="110101199001011234")).total == 0


# ---- claims --------------------------------------------------------------------------------


def test_claim_next_takes_the_most_urgent_free_task_and_leaves_the_case_row_alone(
    desk: ReviewDesk,
) -> None:
    _cases(desk, 4)
    db = desk.hall.db
    first = desk.queue(POLICE, QueueQuery()).rows
    version = _version(db, first[0].case_number)
    got = desk.claim_next(POLICE)
    assert got is not None and got.task_id == first[0].task_id
    assert got.status is TaskStatus.CLAIMED and got.claimed_by == "approver-police"
    assert got.claim_expires_at == desk.hall.now() + timedelta(minutes=30)
    assert _version(db, got.case_number) == version  # a clerk editing the case is not disturbed
    again = desk.claim_next(POLICE2)
    assert again is not None and again.task_id == first[1].task_id
    with pytest.raises(CaseError) as caught:
        desk.claim(POLICE2, got.task_id)
    assert caught.value.code == "review.already_claimed"
    with pytest.raises(PermissionDenied):
        desk.claim(JUSTICE, got.task_id)
    # until nothing is free: then None
    while desk.claim_next(POLICE) is not None:
        pass
    assert desk.queue(POLICE, QueueQuery()).counts[QueueFilter.UNCLAIMED] == 0
    assert [d["task"] for d in _audit(db, "review.claim")][:2] == [got.task_id, again.task_id]


def _due_keys_agree(db: Database) -> None:
    """Every task holds its case's promised date and reception moment (the due order)."""
    with db.engine.connect() as conn:
        stale = conn.execute(
            text(
                "SELECT count(*) FROM review_tasks t JOIN cases c ON c.id = t.case_id "
                "WHERE t.case_promised_date IS DISTINCT FROM c.promised_date "
                "OR t.case_received_at IS DISTINCT FROM c.received_at"
                if db.engine.dialect.name == "postgresql"
                else "SELECT count(*) FROM review_tasks t JOIN cases c ON c.id = t.case_id "
                "WHERE t.case_promised_date IS NOT c.promised_date "
                "OR t.case_received_at IS NOT c.received_at"
            )
        ).scalar_one()
    assert stale == 0


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_claim_next_follows_the_promised_date_as_it_moves(
    backend: str, request: pytest.FixtureRequest, clock: Clock
) -> None:
    """Claim-next walks the tasks' own copy of the due order (``ix_review_tasks_next``): a
    pause that moves a case's promised date moves its tasks back in the queue and for
    claim-next alike."""
    desk: ReviewDesk = request.getfixturevalue("desk" if backend == "sqlite" else "pg_desk")
    db = desk.hall.db
    cases = _cases(desk, 3)
    _due_keys_agree(db)
    before = [r.case_number for r in desk.queue(POLICE, QueueQuery()).rows]
    first = before[0]
    desk.pause_clock(COMMUNITY, first, PauseKind.HEARING, "听证")
    clock.advance(days=90)  # the pause's working days are added to the promise
    desk.resume_clock(COMMUNITY, first)
    _due_keys_agree(db)
    after = [r.case_number for r in desk.queue(POLICE, QueueQuery()).rows]
    assert after == [*before[1:], first]  # due after the others now
    taken = [desk.claim_next(POLICE) for _ in cases]
    assert [r.case_number for r in taken if r is not None] == after
    assert desk.claim_next(POLICE) is None


def test_a_claim_lapses_after_claim_minutes(desk: ReviewDesk, clock: Clock) -> None:
    _cases(desk, 2)
    got = desk.claim_next(POLICE)
    assert got is not None
    clock.advance(minutes=29)
    assert desk.queue(POLICE2, QueueQuery(filter=QueueFilter.OTHERS)).total == 1
    with pytest.raises(CaseError):
        desk.claim(POLICE2, got.task_id)
    clock.advance(minutes=2)
    row = {r.task_id: r for r in desk.queue(POLICE2, QueueQuery()).rows}[got.task_id]
    assert (row.status, row.claimed_by, row.claim_expires_at) == (TaskStatus.OPEN, "", None)
    taken = desk.claim_next(POLICE2)
    assert taken is not None and taken.task_id == got.task_id
    assert taken.claimed_by == "police2"
    # the first approver no longer holds it
    with pytest.raises(CaseError) as caught:
        desk.decide(POLICE, got.task_id, CaseEvent.APPROVE, "同意")
    assert caught.value.code == "review.not_claimant"
    # the sweep puts lapsed claims back on the record
    clock.advance(minutes=31)
    assert desk.release_lapsed_claims(SUPERVISOR) == 1
    assert _tasks(desk.hall.db, f"t.id = {got.task_id}")[0][3] == "open"


def test_a_lapsed_claim_cannot_decide_even_if_nobody_took_the_task(
    desk: ReviewDesk, clock: Clock
) -> None:
    """The claim must be live: a decision after it lapsed is refused (coded, audited) and
    changes nothing, although no colleague retook the task; claimed again, it decides."""
    _cases(desk, 1)
    got = desk.claim_next(POLICE)
    assert got is not None
    clock.advance(minutes=31)
    with pytest.raises(CaseError) as caught:
        desk.decide(POLICE, got.task_id, CaseEvent.APPROVE, "同意")
    assert caught.value.code == "review.claim_lapsed"
    assert caught.value.detail["task"] == got.task_id
    assert _tasks(desk.hall.db, f"t.id = {got.task_id}")[0][3] == "claimed"  # unchanged
    assert not _audit(desk.hall.db, "review.approve")
    again = desk.claim(POLICE, got.task_id)
    assert again.claimed_by == "approver-police"
    desk.decide(POLICE, got.task_id, CaseEvent.APPROVE, "同意")
    assert _tasks(desk.hall.db, f"t.id = {got.task_id}")[0][3] == "approved"


def test_unclaim_needs_the_claimant_and_a_reason(desk: ReviewDesk) -> None:
    _cases(desk, 2)
    got = desk.claim_next(POLICE)
    assert got is not None
    with pytest.raises(CaseError) as caught:
        desk.unclaim(POLICE, got.task_id, "  ")
    assert caught.value.code == "case.reason_required"
    with pytest.raises(CaseError) as caught:
        desk.unclaim(POLICE2, got.task_id, "不是我的")
    assert caught.value.code == "review.not_claimant"
    desk.unclaim(POLICE, got.task_id, "需回避")
    row = {r.task_id: r for r in desk.queue(POLICE, QueueQuery()).rows}[got.task_id]
    assert row.status is TaskStatus.OPEN and row.claimed_by == ""
    assert _audit(desk.hall.db, "review.unclaim")[-1]["reason"] == "需回避"


def test_reassign_is_a_supervisors_with_a_reason(desk: ReviewDesk) -> None:
    _cases(desk, 2)
    got = desk.claim_next(POLICE)
    assert got is not None
    with pytest.raises(PermissionDenied):
        desk.reassign(POLICE, got.task_id, "approver-community", "请假")
    with pytest.raises(CaseError) as caught:
        desk.reassign(SUPERVISOR, got.task_id, "approver-justice", "请假")
    assert caught.value.code == "review.not_an_approver"  # not of the police
    with pytest.raises(CaseError) as caught:
        desk.reassign(SUPERVISOR, got.task_id, "approver-police", "")
    assert caught.value.code == "case.reason_required"
    ensure = desk.hall.auth
    assert ensure is not None
    row = desk.reassign(SUPERVISOR, got.task_id, "approver-police", "工作调整")
    assert row.claimed_by == "approver-police"
    (event,) = _audit(desk.hall.db, "review.reassign")
    assert event["reason"] == "工作调整" and event["from"] == "approver-police"


# ---- deciding ------------------------------------------------------------------------------


def _permit_case(desk: ReviewDesk) -> tuple[str, int, int]:
    """A residence-permit case (police + community) and its two tasks."""
    _cases(desk, 3)
    permit = desk.hall.catalog.by_category("ZZ").code
    rows = desk.queue(SUPERVISOR, QueueQuery(matter_code=permit, sort=QueueSort.NUMBER)).rows
    number = rows[0].case_number
    by_dept = {r.department_code: r.task_id for r in rows if r.case_number == number}
    return number, by_dept["police"], by_dept["community"]


def test_the_last_approval_makes_the_case_ready_and_issues_the_permit_decision(
    desk: ReviewDesk,
) -> None:
    number, police, community = _permit_case(desk)
    desk.claim(POLICE, police)
    first = desk.decide(POLICE, police, CaseEvent.APPROVE, "符合条件，同意。")
    assert not first.fan_in_complete and first.documents == ()
    assert first.case.state is CaseState.IN_REVIEW
    with pytest.raises(CaseError) as caught:
        desk.decide(POLICE, police, CaseEvent.APPROVE, "同意")
    assert caught.value.code == "review.already_decided"
    desk.claim(COMMUNITY, community)
    last = desk.decide(COMMUNITY, community, CaseEvent.APPROVE, "居住属实，同意。")
    assert last.fan_in_complete
    assert last.case.state is CaseState.READY_TO_ISSUE
    assert [s.event for s in last.case.steps[-3:]] == ["approve", "approve", "prepare_result"]
    (notice,) = last.documents
    assert notice.kind == "permit_decision" and notice.number == f"{number}-ZY"
    assert desk.hall.documents.status(notice.number).value == "valid"
    pdf = desk.hall.documents.archived_pdf(notice.number)
    from io import BytesIO

    from pypdf import PdfReader

    body = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "准予许可决定书" in body and number in body
    jobs = desk.hall.print_queue.pending(COMMUNITY.station)
    assert notice.number in {j.document_number for j in jobs}
    # the evidence lists it; any window may now issue the result to the card holder
    evidence = desk.evidence(POLICE, number)
    assert [d.number for d in evidence.documents] == [notice.number]
    assert evidence.common_opinions
    # as stored with the case: the demo clerk typed the number, the registry filled the rest
    assert evidence.form_sources["id_number"] == "person.id_number"
    issued = desk.hall.cases.issue(CLERK, number)
    assert issued.state is CaseState.ISSUED
    with db_conn(desk) as conn:
        assert verify_chain(conn).ok


def test_a_rejection_issues_the_denial_decision(desk: ReviewDesk) -> None:
    number, police, community = _permit_case(desk)
    desk.claim(POLICE, police)
    with pytest.raises(CaseError) as caught:
        desk.decide(POLICE, police, CaseEvent.REJECT, "")
    assert caught.value.code == "case.reason_required"
    out = desk.decide(POLICE, police, CaseEvent.REJECT, "居住时间不满六个月。")
    assert out.case.state is CaseState.REJECTED and not out.fan_in_complete
    (notice,) = out.documents
    assert notice.kind == "denial_decision" and notice.number == f"{number}-BX"
    # the other department's task was cancelled: deciding it is a coded error, not a success
    with pytest.raises(CaseError) as caught:
        desk.claim(COMMUNITY, community)
    assert caught.value.code in ("case.illegal_transition", "review.already_decided")


def db_conn(desk: ReviewDesk) -> Callable[[], object]:
    return desk.hall.db.engine.connect()  # type: ignore[return-value]


def test_the_registry_dossier_only_on_request_with_its_purpose(desk: ReviewDesk) -> None:
    _cases(desk, 2)
    number = desk.queue(POLICE, QueueQuery()).rows[0].case_number
    with pytest.raises(AuditError) as caught:  # no purpose, no look-up
        desk.dossier(POLICE, number, " ")
    assert caught.value.code == "audit.purpose_required"
    dossier = desk.dossier(POLICE, number, "核实居住情况")
    assert dossier is not None
    with desk.hall.db.engine.connect() as conn:
        masked = conn.execute(
            select(t.cases.c.applicant_id_masked).where(t.cases.c.number == number)
        ).scalar_one()
    assert dossier.person.id_number[-4:] == masked[-4:]
    with desk.hall.db.engine.connect() as conn:
        purpose = conn.execute(
            text(
                "SELECT purpose FROM audit_events WHERE action = 'registry.dossier' "
                "ORDER BY seq DESC LIMIT 1"
            )
        ).scalar_one()
    assert purpose == "核实居住情况"


# ---- the decision's cost -------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["desk", "pg_desk"])
def test_claim_and_decision_take_one_checkout_each_and_read_back_what_was_stored(
    backend: str, request: pytest.FixtureRequest
) -> None:
    """Each claim and each decision is one pool check-out (one transaction); the decision's
    read-back (pipelined on PostgreSQL) is the case as a fresh read shows it; the steps are
    numbered in order and the audit chain verifies."""
    from sqlalchemy import event

    desk: ReviewDesk = request.getfixturevalue(backend)
    (number,) = _cases(desk, 1)
    db = desk.hall.db
    by_department = {"police": POLICE, "community": COMMUNITY, "justice": JUSTICE}
    tasks = [(tid, dept) for tid, num, dept, _ in _tasks(db) if num == number]
    assert len(tasks) >= 2
    checkouts: list[int] = []

    def counted(*_: object) -> None:
        checkouts.append(1)

    event.listen(db.engine, "checkout", counted)
    try:
        last = None
        for tid, dept in tasks:
            who = by_department[dept]
            before = len(checkouts)
            row = desk.hall.cases.claim_next(who)
            assert row is not None and row.task_id == tid
            assert row.status is TaskStatus.CLAIMED and row.claimed_by == who.user
            assert len(checkouts) - before == 1, "a claim is one check-out"
            before = len(checkouts)
            last = desk.hall.cases.decide(who, tid, CaseEvent.APPROVE, "同意")
            assert len(checkouts) - before == 1, "a decision is one check-out"
    finally:
        event.remove(db.engine, "checkout", counted)
    assert last is not None and last.state is CaseState.APPROVED
    fresh = desk.hall.cases._detail_by_number(number)
    assert last == fresh
    seqs = [s.seq for s in fresh.steps]
    assert seqs == list(range(1, len(seqs) + 1))
    assert [s.step for s in fresh.steps[-len(tasks) :]] == [f"review:{d}" for _, d in tasks]
    with db.engine.connect() as conn:
        assert verify_chain(conn).ok


def test_a_claim_and_a_decision_publish_with_their_audit_event_on_postgresql(
    pg_desk: ReviewDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL a claim is two statements: the claim with its queue row and its audit
    lane, then the event with the feed rows and the notification (no separate lane take, no
    separate publish); a listener gets the topics at commit."""
    import psycopg

    (number,) = _cases(pg_desk, 1)
    db = pg_desk.hall.db
    sent: list[str] = []
    real_execute = psycopg.Cursor.execute

    def counting(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(" ".join(str(query).split())[:60])
        return real_execute(self, query, *args, **kwargs)

    def feed_after(seq: int) -> list[tuple[int, str]]:
        with db.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT seq, topic FROM change_feed WHERE seq > :s ORDER BY seq"), {"s": seq}
            ).all()
        return [(int(r.seq), str(r.topic)) for r in rows]

    start = max((s for s, _ in feed_after(0)), default=0)
    url = db.engine.url.set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as listener:
        listener.execute("LISTEN onewindow_changes")
        monkeypatch.setattr(psycopg.Cursor, "execute", counting)
        row = pg_desk.claim_next(POLICE)
        claim_statements = list(sent)
        monkeypatch.undo()
        assert row is not None and row.case_number == number
        claimed = feed_after(start)
        monkeypatch.setattr(psycopg.Cursor, "execute", counting)
        sent.clear()
        pg_desk.hall.cases.decide(POLICE, row.task_id, CaseEvent.APPROVE, "同意")
        decide_statements = list(sent)
        monkeypatch.undo()
        payloads = [n.payload for n in listener.notifies(timeout=2, stop_after=2)]
    assert len(claim_statements) == 2, claim_statements
    for statement in claim_statements + decide_statements:
        assert "change_feed" not in statement[:40], statement  # no publish of its own
        assert not statement.startswith("UPDATE audit_head"), statement  # no lane of its own
    # the fan-in: two transitions, two events in one lane — neither takes it by itself
    last = pg_desk.claim_next(COMMUNITY)
    assert last is not None
    monkeypatch.setattr(psycopg.Cursor, "execute", counting)
    sent.clear()
    decided = pg_desk.hall.cases.decide(
        COMMUNITY, last.task_id, CaseEvent.APPROVE, "同意", prepare=ResultInfo()
    )
    fan_in = list(sent)
    monkeypatch.undo()
    assert decided.state is CaseState.READY_TO_ISSUE
    assert not [s for s in fan_in if s.startswith("UPDATE audit_head")], fan_in
    with db.engine.connect() as conn:
        assert verify_chain(conn).ok
        first, second = conn.execute(
            text(
                "SELECT seq, lane, prev_seq FROM audit_events WHERE subject = :s "
                "ORDER BY seq DESC LIMIT 2"
            ),
            {"s": f"case:{number}"},
        ).all()[::-1]
    assert second.lane == first.lane and second.prev_seq == first.seq  # one lane, linked
    assert [topic for _, topic in claimed] == ["review:police", f"case:{number}"]
    claim_topics, decide_topics = (set(p.split(" ", 1)[1].split()) for p in payloads)
    assert claim_topics == {"review:police", f"case:{number}"}
    assert {"review:police", "review:community", f"case:{number}"} <= decide_topics
