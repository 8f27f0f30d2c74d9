"""Cases (办件): the application, its materials, steps, review tasks, clock pauses, drafts,
ratings and their follow-ups."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.persistence.models.base import Base

# Cases (办件): the application, its materials, steps, review tasks, clock pauses, rating
# --------------------------------------------------------------------------------------------

_CASE_STATES = (
    "'accepted', 'refused', 'awaiting_supplement', 'in_review', 'returned', 'approved', "
    "'rejected', 'ready_to_issue', 'issued', 'withdrawn', 'terminated'"
)


class Case(Base):
    """One application (GB/T 39046 case record): applicant, acceptance, completion.

    The applicant's identity number is held in clear only inside ``form_values`` (the application
    as signed: the hall must keep it, and the certificate and notices print it). The indexed
    columns hold the masked number (for lists and notices) and a hash (to find a person's cases,
    e.g. at a kiosk), so list screens, exports and the audit log never need the number.
    """

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(50), unique=True)
    number_source: Mapped[str] = mapped_column(String(10))  # generated / upstream
    matter_code: Mapped[str] = mapped_column(String(24), index=True)
    matter_name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(10))
    case_type: Mapped[str] = mapped_column(String(1))  # 1 immediate, 2 promised
    state: Mapped[str] = mapped_column(String(24), index=True)
    applicant_name: Mapped[str] = mapped_column(String(120))
    applicant_id_type: Mapped[str] = mapped_column(String(20))
    applicant_id_masked: Mapped[str] = mapped_column(String(30))
    applicant_id_hash: Mapped[str] = mapped_column(String(64), index=True)
    agent_name: Mapped[str] = mapped_column(String(120), default="")
    agent_id_type: Mapped[str] = mapped_column(String(20), default="")
    agent_id_masked: Mapped[str] = mapped_column(String(30), default="")
    agent_id_hash: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    channel: Mapped[str] = mapped_column(String(20))
    form_values: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    #: Form path → where its value came from at the window (``card.name``, ``person.*``, …,
    #: ``typed``): the evidence the approver weighs. Empty for cases accepted before 0016.
    form_sources: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    received_by: Mapped[str] = mapped_column(String(60))
    received_station: Mapped[str] = mapped_column(String(60))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by: Mapped[str] = mapped_column(String(60), default="")
    accepted_station: Mapped[str] = mapped_column(String(60), default="")
    accepting_unit: Mapped[str] = mapped_column(String(120), default="")
    notice_number: Mapped[str] = mapped_column(String(60), default="")
    promised_date: Mapped[date | None] = mapped_column(Date, index=True)
    supplement_deadline: Mapped[date | None] = mapped_column(Date)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    #: Indexed (``ix_cases_completed_at``, below): the dashboard reads the cases that ended in a
    #: period.
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    result_name: Mapped[str] = mapped_column(String(120), default="")
    result_number: Mapped[str] = mapped_column(String(60), default="")
    result_valid_until: Mapped[date | None] = mapped_column(Date)
    issuing_unit: Mapped[str] = mapped_column(String(120), default="")
    delivered_by_post: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: Bumped by every change; a change locks the row by bumping it first.
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: The window's id of the application (a UUID made when the form was opened): a submit
    #: retried after a lost commit acknowledgement finds its case instead of making another.
    request_id: Mapped[str | None] = mapped_column(String(36), unique=True, nullable=True)

    #: The queue ticket being served at the window when the case was accepted (wait and
    #: service time per case); None for cases accepted without a ticket.
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("queue_tickets.id"), index=True)

    #: The case clock as dates (``desktop.domain.workcalendar.DeadlineDates``), written by the
    #: case service's transition template whenever the clock changes and recomputed when the
    #: calendar does: yellow iff ``yellow_on <= today < red_on``, red iff ``red_on <= today``,
    #: overdue iff ``overdue_on <= today``. NULL while the clock is paused, and for a case that
    #: has no running clock (finished, not accepted, immediate).
    due_on: Mapped[date | None] = mapped_column(Date)
    yellow_on: Mapped[date | None] = mapped_column(Date)
    red_on: Mapped[date | None] = mapped_column(Date)
    overdue_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        # The supervisor's dashboard counts a period's cases by matter, window and day from
        # these two alone: on PostgreSQL they carry the columns it reads (index-only scans).
        Index(
            "ix_cases_completed_at",
            "completed_at",
            postgresql_include=["matter_code", "received_station", "state", "promised_date"],
        ),
        # Late changes to cases already rolled up into ``daily_figures`` (the sweep and the
        # dashboard read the cases changed since the sweep last looked).
        Index("ix_cases_updated_at", "updated_at"),
        Index(
            "ix_cases_received_at_counts",
            "received_at",
            postgresql_include=["matter_code", "received_station", "accepted_at"],
        ),
        # Partial: only running clocks are indexed (most cases of a year are finished).
        *(
            Index(
                f"ix_cases_{column}",
                column,
                postgresql_where=text(f"{column} IS NOT NULL"),
                sqlite_where=text(f"{column} IS NOT NULL"),
            )
            for column in ("due_on", "yellow_on", "red_on", "overdue_on")
        ),
        CheckConstraint(f"state IN ({_CASE_STATES})", name="state_known"),
        CheckConstraint("case_type IN ('1', '2')", name="case_type_known"),
        CheckConstraint("number_source IN ('generated', 'upstream')", name="number_source_known"),
    )


class CaseMaterial(Base):
    """One material line of a case, as the window marked it (and when an owed one came)."""

    __tablename__ = "case_materials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    code: Mapped[str] = mapped_column(String(40))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    essential: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(12))
    certificate_number: Mapped[str] = mapped_column(String(60), default="")
    due: Mapped[date | None] = mapped_column(Date)
    supplied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("uq_case_materials_case_id_code", "case_id", "code", unique=True),
        CheckConstraint(
            "status IN ('received', 'reused', 'promised', 'owed', 'missing')", name="status_known"
        ),
    )


class CaseStep(Base):
    """One processing step (GB/T 39046): every transition of a case, one row each."""

    __tablename__ = "case_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    seq: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(30))
    action: Mapped[str] = mapped_column(String(10))  # pass / return / other
    step: Mapped[str] = mapped_column(String(60))
    handler: Mapped[str] = mapped_column(String(60))
    station: Mapped[str] = mapped_column(String(60))
    opinion: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(1))  # 1 pending, 2 done
    from_state: Mapped[str] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)

    __table_args__ = (
        Index("uq_case_steps_case_id_seq", "case_id", "seq", unique=True),
        # The resubmissions (few): a resubmission reopens a returned review task, a late change
        # to the day the return was decided on (the dashboard's rollups, migration 0022).
        Index(
            "ix_case_steps_resubmitted_at",
            "started_at",
            postgresql_where=text("event = 'resubmit'"),
            sqlite_where=text("event = 'resubmit'"),
        ),
    )


#: A review task nobody decided yet (the queue's tasks).
OPEN_TASKS = "status IN ('open', 'claimed')"


class ReviewTask(Base):
    """One department's review of a promised case (并联审批: one per department).

    A task is claimed by one approver (a conditional ``UPDATE … WHERE claimed_by = ''``); only
    the claimant decides it. A return reopens the returning department's task on resubmission.
    """

    __tablename__ = "review_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    department_code: Mapped[str] = mapped_column(String(20), index=True)
    department_name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(12))
    claimed_by: Mapped[str] = mapped_column(String(60), default="")
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: A claim lapses at this moment (``[review] claim_minutes``): the task counts as open again.
    claim_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str] = mapped_column(String(60), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    opinion: Mapped[str] = mapped_column(Text, default="")
    round: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: The case's promised date and reception moment, kept with its tasks (written with the
    #: task, and again whenever the case's promised date moves): the queue's due order, which
    #: claim-next walks in ``ix_review_tasks_next`` — the open tasks of a department alone, in
    #: that order — instead of sorting every open task of the department under the cases.
    case_promised_date: Mapped[date | None] = mapped_column(Date)
    case_received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("uq_review_tasks_case_id_department_code", "case_id", "department_code", unique=True),
        Index("ix_review_tasks_department_code_status", "department_code", "status"),
        # The tasks still to be decided (a small share of a year's): the dashboard's review load
        # (migration 0015) and the queue's counts, which never visit the decided history (0016).
        Index(
            "ix_review_tasks_live",
            "department_code",
            postgresql_where=text(OPEN_TASKS),
            sqlite_where=text(OPEN_TASKS),
        ),
        Index(
            "ix_review_tasks_open",
            "case_id",
            postgresql_where=text(OPEN_TASKS),
            sqlite_where=text(OPEN_TASKS),
        ),
        # Claim-next (issue 13): a department's open tasks in the queue's due order.
        Index(
            "ix_review_tasks_next",
            "department_code",
            "case_promised_date",
            "case_received_at",
            "id",
            postgresql_where=text(OPEN_TASKS),
            sqlite_where=text(OPEN_TASKS),
        ),
        CheckConstraint(
            "status IN ('open', 'claimed', 'approved', 'rejected', 'returned', 'cancelled')",
            name="status_known",
        ),
    )


class ClockPause(Base):
    """A special procedure (extension, hearing, inspection, expert review…) stopping the clock."""

    __tablename__ = "clock_pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_by: Mapped[str] = mapped_column(String(60))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_by: Mapped[str] = mapped_column(String(60), default="")
    working_days: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        # The pauses still running (a handful among every pause ever): the deadline board's
        # paused cases and the review queue's paused flag.
        Index(
            "ix_clock_pauses_open",
            "case_id",
            postgresql_where=text("ended_at IS NULL"),
            sqlite_where=text("ended_at IS NULL"),
        ),
    )


class CaseNumberSequence(Base):
    """The last case number handed out per scope (region, day, category as the pattern uses).

    Allocation bumps the row (``UPDATE … RETURNING``) inside the accepting transaction: the row
    lock queues concurrent stations, and a rolled-back acceptance gives its number back, so the
    numbers of a day have no gaps.
    """

    __tablename__ = "case_number_sequences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(12))
    day: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(16))
    last_value: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index(
            "uq_case_number_sequences_region_day_category",
            "region",
            "day",
            "category",
            unique=True,
        ),
    )


class CaseDraft(Base):
    """An application being typed: saved as it is typed, one committed transaction per save,
    so it survives a crash of the app."""

    __tablename__ = "case_drafts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station: Mapped[str] = mapped_column(String(60), index=True)
    user_name: Mapped[str] = mapped_column(String(60))
    matter_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    title: Mapped[str] = mapped_column(String(200), default="")
    form: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    materials: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: A kiosk declaration's state (``waiting`` for a clerk, ``claimed`` by the clerk the draft
    #: now belongs to); NULL for a window's own draft. The form's visit meta says the same
    #: (``awaiting``, kept by the desk); the look-ups filter by the column (migration 0020).
    declaration_state: Mapped[str | None] = mapped_column(String(10), nullable=True)
    #: The declaring person's number, masked (``desktop.domain.kiosk.declarant_key``): the
    #: kiosk finds the holder's declarations by it, then checks the number in the form.
    declarant_masked: Mapped[str | None] = mapped_column(String(32), nullable=True)

    __table_args__ = (
        Index("ix_case_drafts_declaration_state", "declaration_state", "created_at"),
        Index("ix_case_drafts_declarant_masked", "declarant_masked", "created_at"),
    )


class CaseRating(Base):
    """One rating of one visit of a case (好差评, 一次一评): the visit is the case step it
    rates (``visit_seq``), so a case takes one rating at acceptance, another at issue."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    visit_seq: Mapped[int] = mapped_column(Integer)
    visit_event: Mapped[str] = mapped_column(String(24))
    #: The station that served the visit (its step's station): the window rated.
    window: Mapped[str] = mapped_column(String(60), index=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(10))
    rated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    recorded_by: Mapped[str] = mapped_column(String(60))
    station: Mapped[str] = mapped_column(String(60))

    __table_args__ = (
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
        Index("uq_ratings_case_id_visit_seq", "case_id", "visit_seq", unique=True),
    )


_FOLLOWUP_STATES = (
    "'open', 'assigned', 'called_back', 'rectified', 'replied', 'closed', 'appealed', 'voided'"
)


class RatingFollowUp(Base):
    """What a bad rating sets going (see :mod:`desktop.domain.ratings`): its deadline, the
    assignee, the call-back, the rectification, the reply, the closing, an appeal."""

    __tablename__ = "rating_followups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    state: Mapped[str] = mapped_column(String(12))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: The last day (hall working days after the rating's day).
    due_date: Mapped[date] = mapped_column(Date)
    assignee: Mapped[str] = mapped_column(String(60), default="")
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assigned_by: Mapped[str] = mapped_column(String(60), default="")
    callback_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    callback_by: Mapped[str] = mapped_column(String(60), default="")
    callback_outcome: Mapped[str] = mapped_column(Text, default="")
    rectification: Mapped[str] = mapped_column(Text, default="")
    rectified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rectified_by: Mapped[str] = mapped_column(String(60), default="")
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    replied_by: Mapped[str] = mapped_column(String(60), default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str] = mapped_column(String(60), default="")
    appeal_reason: Mapped[str] = mapped_column(Text, default="")
    appealed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    appealed_by: Mapped[str] = mapped_column(String(60), default="")
    appealed_from: Mapped[str] = mapped_column(String(12), default="")
    appeal_decision: Mapped[str] = mapped_column(String(10), default="")
    appeal_decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    appeal_decided_by: Mapped[str] = mapped_column(String(60), default="")
    appeal_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: Bumped by every step; a step locks the row by bumping it first.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        CheckConstraint(f"state IN ({_FOLLOWUP_STATES})", name="state_known"),
        CheckConstraint(
            "appeal_decision IN ('', 'upheld', 'rejected')", name="appeal_decision_known"
        ),
        Index("ix_rating_followups_state_due_date", "state", "due_date"),
        # A follow-up changed (voided by an appeal upheld) is a late change to its rating's day.
        Index("ix_rating_followups_updated_at", "updated_at"),
    )
