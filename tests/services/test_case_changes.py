"""What the case service publishes for the other stations' live views (change_feed topics)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.domain.cases import CaseDetail, CaseError, CaseEvent
from desktop.persistence import models
from desktop.persistence.database import Database
from desktop.services.cases import CaseService, ResultInfo
from services.case_factory import (  # type: ignore[import-not-found]
    CLERK,
    HOUSING_APPROVER,
    IMMEDIATE,
    POLICE_APPROVER,
    POLICE_APPROVER2,
    PROMISED,
    Clock,
    application,
    make_service,
)

FEED = models.ChangeFeedEntry.__table__


@pytest.fixture
def svc(sqlite_db: Database) -> CaseService:
    return make_service(sqlite_db, Clock())


class Feed:
    """The topics published since the last look."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.seq = self._max()

    def _max(self) -> int:
        with self.db.engine.connect() as conn:
            return int(conn.execute(select(func.max(FEED.c.seq))).scalar() or 0)

    def new(self) -> set[str]:
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(FEED.c.seq, FEED.c.topic).where(FEED.c.seq > self.seq)).all()
        if rows:
            self.seq = max(r.seq for r in rows)
        return {r.topic for r in rows}


def _task(case: CaseDetail, dept: str) -> int:
    return next(t.id for t in case.tasks if t.department_code == dept)


def test_review_desks_hear_of_every_change_to_their_tasks(
    svc: CaseService, sqlite_db: Database
) -> None:
    feed = Feed(sqlite_db)
    case = svc.accept(CLERK, application(PROMISED)).case
    n = case.number
    assert feed.new() == {f"case:{n}", "cases", "review:GA", "review:ZJ"}

    svc.claim(POLICE_APPROVER, _task(case, "GA"))
    assert feed.new() >= {f"case:{n}", "review:GA"}

    svc.decide(POLICE_APPROVER, _task(case, "GA"), CaseEvent.APPROVE, "同意")
    assert feed.new() >= {f"case:{n}", "review:GA"}

    svc.claim(HOUSING_APPROVER, _task(case, "ZJ"))
    svc.decide(HOUSING_APPROVER, _task(case, "ZJ"), CaseEvent.APPROVE, "同意")
    assert feed.new() >= {f"case:{n}", "review:ZJ"}  # the fan-in: the case leaves review

    svc.prepare_result(CLERK, n, ResultInfo("居住证", "深居证2026-9", date(2027, 11, 23)))
    assert feed.new() == {f"case:{n}"}  # no longer anyone's review


def test_a_withdrawal_in_review_cancels_the_tasks_for_every_desk(
    svc: CaseService, sqlite_db: Database
) -> None:
    case = svc.accept(CLERK, application(PROMISED)).case
    feed = Feed(sqlite_db)
    svc.withdraw(CLERK, case.number, "申请人主动撤回")
    assert feed.new() == {f"case:{case.number}", "review:GA", "review:ZJ"}


def test_an_immediate_matter_is_news_for_the_case_lists_only(
    svc: CaseService, sqlite_db: Database
) -> None:
    feed = Feed(sqlite_db)
    case = svc.accept(CLERK, application(IMMEDIATE)).case
    assert feed.new() == {f"case:{case.number}", "cases"}


def test_a_refused_change_publishes_nothing(svc: CaseService, sqlite_db: Database) -> None:
    case = svc.accept(CLERK, application(PROMISED)).case
    svc.claim(POLICE_APPROVER, _task(case, "GA"))
    feed = Feed(sqlite_db)
    with pytest.raises(CaseError):
        svc.claim(POLICE_APPROVER2, _task(case, "GA"))  # already claimed: rolled back
    with pytest.raises(CaseError):
        svc.decide(POLICE_APPROVER, _task(case, "GA"), CaseEvent.REJECT, "")  # no reason
    assert feed.new() == set()
