"""A review backlog for load tests and the review benchmark: ``count`` cases of one promised
matter already in review, each with one open task per department, inserted in bulk (the rows
acceptance leaves, their clock's dates as the default hall computes them; no steps, no audit
events — the accept path is measured elsewhere)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import insert

from desktop.domain.matters.model import LimitUnit, Matter
from desktop.domain.workcalendar import (
    CALENDAR_DAYS,
    DayCalendar,
    WorkCalendar,
    deadline_dates_from_record,
)
from desktop.persistence.database import Database
from desktop.services.cases import tables as t


def insert_backlog(
    db: Database, matter: Matter, count: int, *, now: datetime, prefix: str = "BL"
) -> None:
    """Cases ``<prefix>000001…`` received over the last ``count`` minutes, promised over the
    next weeks (so the queue has every colour), one open task per department."""
    batch = 1000
    hall_tz = timezone(timedelta(minutes=480))  # the default [cases] utc_offset_minutes
    calendar: DayCalendar = (
        CALENDAR_DAYS if matter.limit_unit is LimitUnit.NATURAL_DAYS else WorkCalendar()
    )

    def dates(received: datetime, promised: date) -> dict[str, date | None]:
        found = deadline_dates_from_record(calendar, received.astimezone(hall_tz).date(), promised)
        assert found is not None
        return {
            "due_on": found.due_on,
            "yellow_on": found.yellow_on,
            "red_on": found.red_on,
            "overdue_on": found.overdue_on,
        }

    for start in range(0, count, batch):
        n = min(batch, count - start)
        cases = []
        for i in range(start, start + n):
            received = now - timedelta(minutes=count - i)
            promised = (now + timedelta(days=(i * 7) % 30 - 3)).date()
            cases.append(
                {
                    "number": f"{prefix}{i + 1:06d}",
                    "number_source": "generated",
                    "matter_code": matter.code,
                    "matter_name": matter.name_zh,
                    "category": matter.category,
                    "case_type": "2",
                    "state": "in_review",
                    "applicant_name": f"申请人{i}",
                    "applicant_id_type": "citizen",
                    "applicant_id_masked": "110************" + f"{i % 1000:03d}",
                    "applicant_id_hash": f"{i:024x}",  # a stand-in pseudonym
                    "channel": "window",
                    "form_values": {},
                    "received_at": received,
                    "received_by": "bench",
                    "received_station": "bench",
                    "accepted_at": received,
                    "accepted_by": "bench",
                    "promised_date": promised,
                    "updated_at": received,
                    "version": 1,
                    **dates(received, promised),
                }
            )
        with db.engine.begin() as conn:
            ids = (
                conn.execute(
                    insert(t.cases).returning(t.cases.c.id, sort_by_parameter_order=True), cases
                )
                .scalars()
                .all()
            )
            conn.execute(
                insert(t.tasks),
                [
                    {
                        "case_id": case_id,
                        "case_promised_date": case["promised_date"],
                        "case_received_at": case["received_at"],
                        "department_code": d.code,
                        "department_name": d.name_zh,
                        "status": "open",
                        "claimed_by": "",
                        "decided_by": "",
                        "opinion": "",
                        "round": 1,
                        "created_at": now,
                    }
                    for case_id, case in zip(ids, cases, strict=True)
                    for d in matter.departments
                ],
            )
