"""Hand-built rows for the dashboard's figures, with every expected number worked out by hand.

The hall is at UTC+8; the period is 1–3 December 2026 and today is the 3rd (10:00 in the hall,
02:00 UTC). Two matters (A, B), two windows (W1, W2). The comments say which case counts where.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import insert

from desktop.domain.oversight import CaseCounts, Period
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import (
    Case,
    CaseRating,
    IssuedDocument,
    PrintJob,
    RatingFollowUp,
    ReviewTask,
)

HALL = timezone(timedelta(hours=8))
PERIOD = Period(date(2026, 12, 1), date(2026, 12, 3))
NOW = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


def local(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=HALL).astimezone(UTC)


def utc(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _case(i: int, matter: str, window: str, state: str, received: datetime, **kw: Any) -> dict:
    return {
        "id": i,
        "number": f"C{i:03d}",
        "number_source": "generated",
        "matter_code": matter,
        "matter_name": f"Matter {matter}",
        "category": "JZ",
        "case_type": "2",
        "state": state,
        "applicant_name": "张三",
        "applicant_id_type": "citizen",
        "applicant_id_masked": "1101**********0011",
        "applicant_id_hash": f"h{i}",
        "channel": "window",
        "form_values": {},
        "received_at": received,
        "received_by": "clerk",
        "received_station": window,
        "accepted_at": kw.pop("accepted_at", received),
        "updated_at": received,
        "completed_at": None,
        "promised_date": None,
        **kw,
    }


def _finished(
    i: int, matter: str, window: str, state: str, received: datetime, done: datetime, by: date
) -> dict:
    """A case finished at ``done`` (issued or rejected) that was promised ``by`` that day."""
    return _case(i, matter, window, state, received, completed_at=done, promised_date=by)


CASES = [
    # 1: A at W1, accepted 1st, issued 2nd 10:00 by its promise (2nd): in time
    _finished(1, "A", "W1", "issued", local(1, 9), local(2, 10), date(2026, 12, 2)),
    # 2: issued at 00:30 of the 3rd in the hall (still the 2nd in UTC): late for the 2nd
    _finished(2, "A", "W1", "issued", local(1, 9, 30), local(3, 0, 30), date(2026, 12, 2)),
    # 3: refused (不予受理) at W2 on the 2nd: never accepted
    _case(3, "A", "W2", "refused", local(2, 9), accepted_at=None, completed_at=local(2, 9)),
    # 4: B at W2, rejected after review on the 3rd, promised the 5th: in time
    _finished(4, "B", "W2", "rejected", local(2, 11), local(3, 9), date(2026, 12, 5)),
    # 5: received before the period (30 Nov 23:30), issued the 1st by its promise: counts as
    #    issued and in time, not as accepted
    _finished(5, "B", "W1", "issued", local(30, 23, 30, month=11), local(1, 11), date(2026, 12, 1)),
    # 6: received today, in review
    _case(6, "B", "W2", "in_review", local(3, 8, 30), promised_date=date(2026, 12, 10)),
    # 7: received at 00:10 of the 1st in the hall (still 30 Nov in UTC): in the period
    _case(7, "A", "W1", "accepted", local(1, 0, 10), promised_date=date(2026, 12, 8)),
    # 8: received and issued on 29 Nov: outside
    _finished(
        8, "A", "W1", "issued", local(29, 10, month=11), local(29, 11, month=11), date(2026, 11, 29)
    ),
]

TOTALS = CaseCounts(accepted=5, issued=3, refused=1, rejected=1, finished=4, in_time=3)
TODAY = CaseCounts(accepted=1, issued=1, refused=0, rejected=1, finished=2, in_time=1)
BY_MATTER = {
    "A": CaseCounts(accepted=3, issued=2, refused=1, rejected=0, finished=2, in_time=1),
    "B": CaseCounts(accepted=2, issued=1, refused=0, rejected=1, finished=2, in_time=2),
}
BY_WINDOW = {
    "W1": CaseCounts(accepted=3, issued=3, refused=0, rejected=0, finished=3, in_time=2),
    "W2": CaseCounts(accepted=2, issued=0, refused=1, rejected=1, finished=1, in_time=1),
}
DAILY = {
    date(2026, 12, 1): CaseCounts(accepted=3, issued=1, finished=1, in_time=1),
    date(2026, 12, 2): CaseCounts(accepted=1, issued=1, refused=1, finished=1, in_time=1),
    date(2026, 12, 3): CaseCounts(accepted=1, issued=1, rejected=1, finished=2, in_time=1),
}


def _task(i: int, case: int, dept: str, status: str, created: datetime, **kw: Any) -> dict:
    return {
        "id": i,
        "case_id": case,
        "department_code": dept,
        "department_name": {"GA": "公安", "SF": "司法"}[dept],
        "status": status,
        "created_at": created,
        "claimed_by": "",
        "claimed_at": None,
        "claim_expires_at": None,
        "decided_by": "",
        "decided_at": None,
        **kw,
    }


def _claimed(i: int, case: int, created: datetime, by: str, at: datetime, until: datetime) -> dict:
    """A GA task claimed by ``by`` at ``at``, held ``until``."""
    return _task(
        i, case, "GA", "claimed", created, claimed_by=by, claimed_at=at, claim_expires_at=until
    )


def _decided(
    i: int,
    case: int,
    dept: str,
    status: str,
    created: datetime,
    by: str,
    at: datetime,
    decided: datetime,
) -> dict:
    """A task claimed by ``by`` at ``at`` and decided by them at ``decided``."""
    return _task(
        i,
        case,
        dept,
        status,
        created,
        claimed_by=by,
        claimed_at=at,
        decided_by=by,
        decided_at=decided,
    )


TASKS = [
    _task(1, 1, "GA", "open", utc(1, 1)),
    # held until 03:00 (now is 02:00): claimed; an hour to claim
    _claimed(2, 2, utc(2, 0), "a", utc(2, 1), until=utc(3, 3)),
    # a lapsed claim: open again; the oldest; a day to claim (claimed in the period)
    _claimed(3, 3, utc(30, 0, month=11), "b", utc(1, 0), until=utc(3, 1)),
    _decided(4, 4, "GA", "approved", utc(1, 0), "a", utc(1, 0, 30), decided=utc(1, 2)),
    _decided(5, 5, "SF", "rejected", utc(2, 0), "c", utc(2, 0, 10), decided=utc(2, 1)),
    _decided(6, 6, "SF", "approved", utc(1, 0), "c", utc(1, 1), decided=utc(1, 5)),
]
# GA: open 2 (1, 3), claimed 1 (2), oldest task 3; decided in the period 4 → to claim 1800,
# to decide 7200. SF: decided 5 and 6: claims 600 and 3600 → 2100; decisions 3600 and 18000
# → 10800.


def _rating(i: int, case: int, window: str, score: int, at: datetime) -> dict:
    return {
        "id": i,
        "case_id": case,
        "visit_seq": 1,
        "visit_event": "issue",
        "window": window,
        "score": score,
        "channel": "pad",
        "rated_at": at,
        "recorded_by": "clerk",
        "station": window,
    }


RATINGS = [
    _rating(1, 1, "W1", 1, local(2, 11)),
    _rating(2, 2, "W1", 5, local(3, 1)),  # bad: its follow-up is late (due the 2nd)
    _rating(3, 5, "W1", 4, local(1, 12)),  # bad, but found malicious on appeal: voided
    _rating(4, 4, "W2", 2, local(3, 9, 30)),
    _rating(5, 7, "W1", 5, local(29, 12, month=11)),  # outside
]


def _followup(i: int, rating: int, case: int, state: str, due: date) -> dict:
    return {
        "id": i,
        "rating_id": rating,
        "case_id": case,
        "state": state,
        "opened_at": local(2, 12),
        "due_date": due,
        "updated_at": local(2, 12),
    }


FOLLOWUPS = [
    _followup(1, 2, 2, "open", date(2026, 12, 2)),
    _followup(2, 3, 5, "voided", date(2026, 12, 20)),
]
# Ratings by matter: A 2 (scores 1, 5: mean 3, 1 bad); B 1 (score 2), 1 voided. By window: W1
# 2 (mean 3, 1 bad, 1 voided), W2 1. Follow-ups now: 1 open, late, of matter A at W1.


def _job(i: int, station: str, status: str, code: str | None) -> dict:
    return {
        "id": i,
        "document_id": 1,
        "station": station,
        "status": status,
        "last_error_code": code,
        "created_at": local(2, 10),
        "updated_at": local(2, 10, i),
    }


JOBS = [
    _job(1, "W1", "failed", "printer.offline"),
    _job(2, "W1", "failed", "printer.offline"),
    _job(3, "W2", "failed", "printer.paper"),
    _job(4, "W2", "done", None),
]


def insert_rows(db: Database) -> None:
    with uow.transaction(db) as conn:
        conn.execute(insert(Case.__table__), CASES)
        conn.execute(insert(ReviewTask.__table__), TASKS)
        conn.execute(insert(CaseRating.__table__), RATINGS)
        conn.execute(insert(RatingFollowUp.__table__), FOLLOWUPS)
        conn.execute(
            insert(IssuedDocument.__table__),
            [
                {
                    "id": 1,
                    "kind": "acceptance_notice",
                    "number": "C001-SL",
                    "case_number": "C001",
                    "holder_hash": "x",
                    "sha256": "0" * 64,
                    "archive_path": "2026/12/C001-SL.pdf",
                    "paper": "A4",
                    "issued_at": local(2, 10),
                    "issued_by": "clerk",
                    "station": "W1",
                }
            ],
        )
        conn.execute(insert(PrintJob.__table__), JOBS)
