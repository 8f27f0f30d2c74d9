"""A review backlog for load tests and the review benchmark: ``count`` cases of one promised
matter already in review, each with one open task per department, inserted in bulk (the rows
acceptance leaves; no steps, no audit events — the accept path is measured elsewhere)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert

from desktop.domain.matters.model import Matter
from desktop.persistence.database import Database
from desktop.services.cases import tables as t


def insert_backlog(
    db: Database, matter: Matter, count: int, *, now: datetime, prefix: str = "BL"
) -> None:
    """Cases ``<prefix>000001…`` received over the last ``count`` minutes, promised over the
    next weeks (so the queue has every colour), one open task per department."""
    batch = 1000
    for start in range(0, count, batch):
        n = min(batch, count - start)
        cases = []
        for i in range(start, start + n):
            received = now - timedelta(minutes=count - i)
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
                    "promised_date": (now + timedelta(days=(i * 7) % 30 - 3)).date(),
                    "updated_at": received,
                    "version": 1,
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
                        "department_code": d.code,
                        "department_name": d.name_zh,
                        "status": "open",
                        "claimed_by": "",
                        "decided_by": "",
                        "opinion": "",
                        "round": 1,
                        "created_at": now,
                    }
                    for case_id in ids
                    for d in matter.departments
                ],
            )
