"""The case tables as the case service writes and reads them: Core tables, the prepared
statements of the hot paths, and rows turned into the domain's frozen records."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Row,
    String,
    Table,
    and_,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from desktop.domain.cases import (
    CaseMaterialRecord,
    CaseStepRecord,
    ClockPauseRecord,
    DraftRecord,
    PauseKind,
    RatingChannel,
    RatingRecord,
    ReviewTaskRecord,
    TaskStatus,
)
from desktop.domain.ratings import VISIT_EVENTS
from desktop.domain.registry import to_jsonable
from desktop.domain.times import as_utc
from desktop.persistence.models import (
    Case,
    CaseDraft,
    CaseMaterial,
    CaseNumberSequence,
    CaseRating,
    CaseStep,
    ClockPause,
    RatingFollowUp,
    ReviewTask,
    User,
)
from desktop.persistence.prepared import Prepared

cases = cast(Table, Case.__table__)
materials = cast(Table, CaseMaterial.__table__)
steps = cast(Table, CaseStep.__table__)
tasks = cast(Table, ReviewTask.__table__)
pauses = cast(Table, ClockPause.__table__)
seqs = cast(Table, CaseNumberSequence.__table__)
drafts = cast(Table, CaseDraft.__table__)
ratings = cast(Table, CaseRating.__table__)
followups = cast(Table, RatingFollowUp.__table__)
users = cast(Table, User.__table__)


def _bound(table: Table) -> dict[str, Any]:
    """Every column but the key as a typed bind parameter named ``v_<column>`` (a case's
    queue ticket is linked afterwards by the queue service, not written on insert)."""
    return {
        c.name: bindparam(f"v_{c.name}", type_=c.type)
        for c in table.c
        if c.name not in ("id", "ticket_id")
    }


bound_columns = _bound


def v(**values: object) -> dict[str, object]:
    """Values for statements bound by :func:`_bound` (``v_<column>``)."""
    return {f"v_{k}": value for k, value in values.items()}


# The acceptance path runs at every window many times a day: its statements are compiled once
# per dialect and run on the driver's cursor (see desktop.persistence.prepared).
INSERT_CASE = Prepared(insert(cases).values(_bound(cases)).returning(cases.c.id))
INSERT_MATERIAL = Prepared(insert(materials).values(_bound(materials)))
INSERT_STEP = Prepared(insert(steps).values(_bound(steps)))
_TASK_VALUES = _bound(tasks)
_OF_TASKS_CASE = cases.c.id == _TASK_VALUES["case_id"]
#: A review task, with its case's promised date and reception moment (the queue's due order,
#: see ``ix_review_tasks_next``) read from the case row in the same statement.
INSERT_TASK = Prepared(
    insert(tasks).values(
        {
            **{
                k: p
                for k, p in _TASK_VALUES.items()
                if k not in ("case_promised_date", "case_received_at")
            },
            "case_promised_date": select(cases.c.promised_date)
            .where(_OF_TASKS_CASE)
            .scalar_subquery(),
            "case_received_at": select(cases.c.received_at).where(_OF_TASKS_CASE).scalar_subquery(),
        }
    )
)
#: The case's promised date moved: its tasks keep the queue's due order with it.
TASKS_PROMISED = Prepared(
    update(tasks)
    .where(tasks.c.case_id == bindparam("case_id"))
    .values(case_promised_date=bindparam("promised", type_=tasks.c.case_promised_date.type))
)
NEXT_STEP = Prepared(
    select((func.coalesce(func.max(steps.c.seq), 0) + 1).label("seq")).where(
        steps.c.case_id == bindparam("case_id")
    )
)
NUMBER_USED = Prepared(select(cases.c.id).where(cases.c.number == bindparam("number")))
_SEQ_WHERE = and_(
    seqs.c.region == bindparam("r", type_=String),
    seqs.c.day == bindparam("d", type_=String),
    seqs.c.category == bindparam("c", type_=String),
)
SEQ_BUMP = Prepared(
    update(seqs)
    .where(_SEQ_WHERE)
    .values(last_value=seqs.c.last_value + 1)
    .returning(seqs.c.last_value)
)
SEQ_CREATE = {
    name: Prepared(
        dialect_insert(seqs)
        .values(
            region=bindparam("r", type_=String),
            day=bindparam("d", type_=String),
            category=bindparam("c", type_=String),
            last_value=1,
        )
        .on_conflict_do_nothing(index_elements=["region", "day", "category"])
        .returning(seqs.c.last_value)
    )
    for name, dialect_insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}
CASE_BY_NUMBER = select(cases).where(cases.c.number == bindparam("number"))
MATERIALS_OF = (
    select(materials).where(materials.c.case_id == bindparam("case_id")).order_by(materials.c.id)
)
STEPS_OF = select(steps).where(steps.c.case_id == bindparam("case_id")).order_by(steps.c.seq)
TASKS_OF = select(tasks).where(tasks.c.case_id == bindparam("case_id")).order_by(tasks.c.id)
PAUSES_OF = select(pauses).where(pauses.c.case_id == bindparam("case_id")).order_by(pauses.c.id)
RATINGS_OF = (
    select(ratings, followups.c.id.label("followup_id"))
    .select_from(ratings.outerjoin(followups, followups.c.rating_id == ratings.c.id))
    .where(ratings.c.case_id == bindparam("case_id"))
    .order_by(ratings.c.visit_seq)
)
#: The case's latest visit step (一次一评: the visit a rating now would be about).
LATEST_VISIT = (
    select(steps.c.seq, steps.c.event, steps.c.station)
    .where(steps.c.case_id == bindparam("case_id"), steps.c.event.in_(sorted(VISIT_EVENTS)))
    .order_by(steps.c.seq.desc())
    .limit(1)
)
RATING_OF_VISIT = select(ratings.c.id).where(
    ratings.c.case_id == bindparam("case_id"), ratings.c.visit_seq == bindparam("visit_seq")
)

_updates: dict[tuple[str, ...], Prepared] = {}
_updates_lock = threading.Lock()


def write_case(conn: Connection, case_id: int, values: Mapping[str, object]) -> None:
    """``UPDATE cases SET <values> WHERE id = :case_id``, prepared once per set of columns (a
    transition writes the same columns every time, and acceptance is a hot path)."""
    columns = tuple(sorted(values))
    stmt = _updates.get(columns)
    if stmt is None:
        with _updates_lock:
            stmt = _updates.setdefault(
                columns,
                Prepared(
                    update(cases)
                    .where(cases.c.id == bindparam("case_id"))
                    .values({c: bindparam(f"v_{c}", type_=cases.c[c].type) for c in columns})
                ),
            )
    stmt.run(conn, case_id=case_id, **v(**values))
    if "promised_date" in values:
        TASKS_PROMISED.run(conn, case_id=case_id, promised=values["promised_date"])


# ---- rows → records ------------------------------------------------------------------------


def jsonable(values: Mapping[str, object]) -> dict[str, object]:
    return cast(dict[str, object], to_jsonable(dict(values)))


def draft_record(row: Row[Any]) -> DraftRecord:
    return DraftRecord(
        id=row.id,
        station=row.station,
        user=row.user_name,
        matter_codes=tuple(row.matter_codes or ()),
        title=row.title,
        form=dict(row.form or {}),
        materials=dict(row.materials or {}),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
    )


def task_record(row: Row[Any], number: str) -> ReviewTaskRecord:
    return ReviewTaskRecord(
        id=row.id,
        case_number=number,
        department_code=row.department_code,
        department_name=row.department_name,
        status=TaskStatus(row.status),
        claimed_by=row.claimed_by,
        decided_by=row.decided_by,
        opinion=row.opinion,
        round=row.round,
    )


def material_record(m: Row[Any]) -> CaseMaterialRecord:
    return CaseMaterialRecord(
        code=m.code,
        name_zh=m.name_zh,
        name_en=m.name_en,
        essential=bool(m.essential),
        status=m.status,
        certificate_number=m.certificate_number,
        due=m.due,
        supplied_at=as_utc(m.supplied_at),
    )


def step_record(s: Row[Any]) -> CaseStepRecord:
    return CaseStepRecord(
        seq=s.seq,
        event=s.event,
        action=s.action,
        step=s.step,
        handler=s.handler,
        station=s.station,
        opinion=s.opinion,
        started_at=as_utc(s.started_at),
        ended_at=as_utc(s.ended_at),
        status=s.status,
        from_state=s.from_state,
        to_state=s.to_state,
    )


def pause_record(p: Row[Any]) -> ClockPauseRecord:
    return ClockPauseRecord(
        id=p.id,
        kind=PauseKind(p.kind),
        reason=p.reason,
        started_at=as_utc(p.started_at),
        ended_at=as_utc(p.ended_at),
        working_days=p.working_days,
    )


def rating_record(r: Row[Any]) -> RatingRecord:
    return RatingRecord(
        r.score,
        r.comment,
        RatingChannel(r.channel),
        as_utc(r.rated_at),
        visit_seq=r.visit_seq,
        visit_event=r.visit_event,
        window=r.window,
        id=r.id,
        followup_id=r.followup_id,
    )


def latest_visit(step_rows: Iterable[Row[Any]]) -> int:
    """The seq of the latest visit step among a case's step rows (0 when it has none)."""
    return max((s.seq for s in step_rows if s.event in VISIT_EVENTS), default=0)
