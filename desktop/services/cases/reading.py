"""A case read back as the frozen record the service hands out."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any

from sqlalchemy import Connection

from desktop.domain.cases import CaseDetail
from desktop.domain.times import as_utc
from desktop.persistence.prepared import Prepared
from desktop.services.cases import tables as t
from desktop.services.cases.clock import HallClock


def read_detail(conn: Connection, number: str, clock: HallClock) -> CaseDetail:
    """The case as it stands, in one read transaction on ``conn`` (after the change's commit), or
    in the transaction ``conn`` is in (a change reading back what it made)."""
    with nullcontext() if conn.in_transaction() else conn.begin():
        row = conn.execute(t.CASE_BY_NUMBER, {"number": number}).one()
        key = {"case_id": row.id}
        materials = conn.execute(t.MATERIALS_OF, key).all()
        steps = conn.execute(t.STEPS_OF, key).all()
        tasks = conn.execute(t.TASKS_OF, key).all()
        pauses = conn.execute(t.PAUSES_OF, key).all()
        ratings = conn.execute(t.RATINGS_OF, key).all()
    return _detail(row, materials, steps, tasks, pauses, ratings, clock)


#: The reads of :func:`read_detail`, compiled once, for :func:`read_held_detail`.
_READS = tuple(
    Prepared(s)
    for s in (
        t.CASE_BY_NUMBER,
        t.MATERIALS_OF,
        t.STEPS_OF,
        t.TASKS_OF,
        t.PAUSES_OF,
        t.RATINGS_OF,
    )
)


def read_held_detail(conn: Connection, number: str, case_id: int, clock: HallClock) -> CaseDetail:
    """:func:`read_detail` of a case the transaction ``conn`` is in holds (its id known): on
    PostgreSQL the six reads go in one round trip (a psycopg pipeline; the driver's rows are the
    values SQLAlchemy hands out there); elsewhere as :func:`read_detail`."""
    if conn.dialect.name != "postgresql":
        return read_detail(conn, number, clock)
    from psycopg.rows import namedtuple_row

    driver = conn.connection.driver_connection
    assert driver is not None
    key: dict[str, object] = {"case_id": case_id}
    params: tuple[dict[str, object], ...] = ({"number": number}, key, key, key, key, key)
    with driver.pipeline():
        cursors = []
        for read, p in zip(_READS, params, strict=True):
            cursor = driver.cursor(row_factory=namedtuple_row)
            cursor.execute(*read.bound(conn.dialect, p))
            cursors.append(cursor)
        found = [c.fetchall() for c in cursors]
    for c in cursors:
        c.close()
    materials, steps, tasks, pauses, ratings = found[1:]
    return _detail(found[0][0], materials, steps, tasks, pauses, ratings, clock)


def _detail(
    row: Any,
    materials: Sequence[Any],
    steps: Sequence[Any],
    tasks: Sequence[Any],
    pauses: Sequence[Any],
    ratings: Sequence[Any],
    clock: HallClock,
) -> CaseDetail:
    rated = tuple(t.rating_record(r) for r in ratings)
    spans = [(as_utc(p.started_at), as_utc(p.ended_at)) for p in pauses]
    return CaseDetail(
        summary=clock.summary(row, spans),
        version=row.version,
        number_source=row.number_source,
        channel=row.channel,
        applicant_id_type=row.applicant_id_type,
        agent_name=row.agent_name,
        agent_id_masked=row.agent_id_masked,
        phone=row.phone,
        address=row.address,
        form_values=dict(row.form_values or {}),
        form_sources={str(k): str(v) for k, v in (row.form_sources or {}).items()},
        accepted_at=as_utc(row.accepted_at),
        accepted_by=row.accepted_by,
        accepted_station=row.accepted_station,
        accepting_unit=row.accepting_unit,
        notice_number=row.notice_number,
        supplement_deadline=row.supplement_deadline,
        refusal_reason=row.refusal_reason,
        completed_at=as_utc(row.completed_at),
        result_name=row.result_name,
        result_number=row.result_number,
        result_valid_until=row.result_valid_until,
        delivered_by_post=bool(row.delivered_by_post),
        materials=tuple(t.material_record(m) for m in materials),
        steps=tuple(t.step_record(s) for s in steps),
        tasks=tuple(t.task_record(k, row.number) for k in tasks),
        pauses=tuple(t.pause_record(p) for p in pauses),
        rating=next((r for r in rated if r.visit_seq == t.latest_visit(steps)), None),
        ratings=rated,
    )
