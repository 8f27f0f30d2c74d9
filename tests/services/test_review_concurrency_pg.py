"""Approvers working one queue at once on PostgreSQL: ``claim_next`` (FOR UPDATE SKIP LOCKED)
then ``decide`` from 8 threads over 200 tasks — every task decided exactly once, every case
through its fan-in, the audit chain intact."""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import UTC, datetime

from review_backlog import insert_backlog
from sqlalchemy import text

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.domain.cases import CaseEvent
from desktop.domain.permissions import Principal, Role
from desktop.persistence.database import Database
from desktop.services.audit import verify_chain
from desktop.services.cases import ResultInfo
from desktop.services.hall import Hall


def test_eight_approvers_decide_every_task_exactly_once(
    pg_db: Database, app_home: AppPaths
) -> None:
    hall = Hall(pg_db, app_home, Settings())
    permit = hall.catalog.by_category("ZZ")  # police + community: two tasks per case
    insert_backlog(pg_db, permit, 100, now=datetime.now(UTC))
    approvers = [
        Principal.of(f"{d}-{i}", f"审批 #{d}{i}", [Role.APPROVER], departments=[d])
        for d in ("police", "community")
        for i in range(4)
    ]
    decided: list[tuple[str, int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(who: Principal) -> None:
        try:
            while (row := hall.cases.claim_next(who)) is not None:
                hall.cases.decide(who, row.task_id, CaseEvent.APPROVE, "同意", prepare=ResultInfo())
                with lock:
                    decided.append((who.user, row.task_id))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(a,)) for a in approvers]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=600)
    assert not errors, errors[:3]
    counts = Counter(task for _, task in decided)
    assert len(counts) == 200 and set(counts.values()) == {1}
    assert len({user for user, _ in decided}) == 8  # everyone got work
    with pg_db.engine.connect() as conn:
        tasks = conn.execute(
            text("SELECT status, count(*) FROM review_tasks GROUP BY status")
        ).all()
        cases = conn.execute(text("SELECT state, count(*) FROM cases GROUP BY state")).all()
        approvals = conn.execute(
            text(
                "SELECT count(*) FROM audit_events "
                "WHERE action IN ('review.approve', 'case.approve')"
            )
        ).scalar_one()
        assert verify_chain(conn).ok
    assert dict(tasks) == {"approved": 200}
    assert dict(cases) == {"ready_to_issue": 100}
    assert approvals == 200


def test_claim_next_reads_the_departments_open_tasks_in_due_order(
    pg_db: Database, app_home: AppPaths
) -> None:
    """Claim-next walks ``ix_review_tasks_next`` (a department's open tasks in the due order)
    and reads a handful of rows — not every open task of the department joined to its case and
    sorted, nor the cases whose task for the department is decided already (issue 13: that
    sort was what made 50 approvers 3× slower than the floor)."""
    from datetime import timedelta

    from desktop.services.cases.review_claims import _CLAIM_NEXT_ROW

    hall = Hall(pg_db, app_home, Settings())
    insert_backlog(pg_db, hall.catalog.by_category("ZZ"), 2_000, now=datetime.now(UTC))
    police = Principal.of("police-1", "审批", [Role.APPROVER], departments=["police"])
    for _ in range(100):  # the most urgent police tasks decided: their cases are still in review
        row = hall.cases.claim_next(police)
        assert row is not None
        hall.cases.decide(police, row.task_id, CaseEvent.APPROVE, "同意", prepare=ResultInfo())
    now = datetime.now(UTC)
    stmt = _CLAIM_NEXT_ROW.params(
        departments=["police"], now=now, who="x", expires=now + timedelta(minutes=30)
    )
    with pg_db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    with pg_db.engine.connect() as conn:  # the claim is rolled back as the block ends
        sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
        explain = text("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + sql)
        conn.execute(explain)  # the first walk marks the decided tasks' index entries dead
        conn.rollback()
        plan = "\n".join(r[0] for r in conn.execute(explain))
    assert "ix_review_tasks_next" in plan, plan
    assert "Sort" not in plan, plan
    executed = int(re.findall(r"shared hit=(\d+)", plan)[0])  # the top node's: the statement's
    assert executed < 60, plan  # before: ≈ 700 buffers on a fresh queue of this size, growing
