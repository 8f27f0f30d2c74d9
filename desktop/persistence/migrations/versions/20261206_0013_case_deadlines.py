"""case deadlines as dates (due_on, yellow_on, red_on, overdue_on), indexed; running pauses
indexed; the deadline board's daily snapshots; the embedded database's sweep lock

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 02:00:00

The existing open cases are backfilled with the clock of the shipped catalog's limit units, the
hall's calendar (the national schedule and ``calendar_days``) and the default ``[deadlines]``
thresholds and ``[cases]`` UTC offset; a hall with other settings gets its own dates at the next
``onewindow-admin sweep run`` (which recomputes every open case whose dates differ).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("due_on", "yellow_on", "red_on", "overdue_on")
_FINAL = ("refused", "rejected", "issued", "withdrawn", "terminated")
_DEFAULT_OFFSET = timezone(timedelta(minutes=480))


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        for column in _COLUMNS:
            batch_op.add_column(sa.Column(column, sa.Date(), nullable=True))
    for column in _COLUMNS:
        op.create_index(
            f"ix_cases_{column}",
            "cases",
            [column],
            unique=False,
            postgresql_where=sa.text(f"{column} IS NOT NULL"),
            sqlite_where=sa.text(f"{column} IS NOT NULL"),
        )
    op.create_index(
        "ix_clock_pauses_open",
        "clock_pauses",
        ["case_id"],
        unique=False,
        postgresql_where=sa.text("ended_at IS NULL"),
        sqlite_where=sa.text("ended_at IS NULL"),
    )
    op.create_table(
        "deadline_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("matter_code", sa.String(length=24), nullable=False),
        sa.Column("window", sa.String(length=60), nullable=False),
        sa.Column("running", sa.Integer(), nullable=False),
        sa.Column("normal", sa.Integer(), nullable=False),
        sa.Column("yellow", sa.Integer(), nullable=False),
        sa.Column("red", sa.Integer(), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("due_today", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_snapshots")),
    )
    op.create_index(
        "uq_deadline_snapshots_day_matter_window",
        "deadline_snapshots",
        ["day", "matter_code", "window"],
        unique=True,
    )
    op.create_table(
        "sweep_locks",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sweep_locks")),
    )
    _backfill(op.get_bind())


def downgrade() -> None:
    op.drop_table("sweep_locks")
    op.drop_index("uq_deadline_snapshots_day_matter_window", table_name="deadline_snapshots")
    op.drop_table("deadline_snapshots")
    op.drop_index("ix_clock_pauses_open", table_name="clock_pauses")
    for column in _COLUMNS:
        op.drop_index(f"ix_cases_{column}", table_name="cases")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's own DROP COLUMN (3.35+): a batch would copy the cases table and drop the
        # old one, which the foreign keys of steps, tasks and ratings on its rows refuse
        for column in reversed(_COLUMNS):
            op.execute(f"ALTER TABLE cases DROP COLUMN {column}")
        return
    for column in reversed(_COLUMNS):
        op.drop_column("cases", column)


def _day(moment: datetime) -> date:
    if moment.tzinfo is None:  # SQLite gives naive UTC back
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_DEFAULT_OFFSET).date()


def _backfill(conn: sa.Connection) -> None:
    """The open cases' dates, computed by the domain's clock (see the module's text)."""
    from desktop.domain.matters.loader import load_catalog
    from desktop.domain.matters.model import LimitUnit
    from desktop.domain.workcalendar import (
        CALENDAR_DAYS,
        CalendarError,
        DayKind,
        DaySource,
        SpecialDay,
        WorkCalendar,
        deadline_dates_from_record,
    )

    meta = sa.MetaData()
    cases = sa.Table("cases", meta, autoload_with=conn)
    pauses = sa.Table("clock_pauses", meta, autoload_with=conn)
    days = sa.Table("calendar_days", meta, autoload_with=conn)
    open_cases = conn.execute(
        sa.select(
            cases.c.id,
            cases.c.matter_code,
            cases.c.accepted_at,
            cases.c.received_at,
            cases.c.promised_date,
        ).where(cases.c.state.not_in(_FINAL), cases.c.promised_date.is_not(None))
    ).all()
    if not open_cases:
        return
    overrides = [
        SpecialDay(r.day, DayKind(r.kind), r.name, DaySource.HALL)
        for r in conn.execute(sa.select(days.c.day, days.c.kind, days.c.name))
    ]
    working = WorkCalendar(overrides=overrides)
    units = {m.code: m.limit_unit for m in load_catalog()}
    spans: dict[int, list[tuple[date, date | None]]] = {}
    for p in conn.execute(
        sa.select(pauses.c.case_id, pauses.c.started_at, pauses.c.ended_at).order_by(pauses.c.id)
    ):
        end = _day(p.ended_at) if p.ended_at is not None else None
        spans.setdefault(p.case_id, []).append((_day(p.started_at), end))
    for row in open_cases:
        unit = units.get(row.matter_code, LimitUnit.WORKING_DAYS)
        calendar = CALENDAR_DAYS if unit is LimitUnit.NATURAL_DAYS else working
        try:
            found = deadline_dates_from_record(
                calendar,
                _day(row.accepted_at or row.received_at),
                row.promised_date,
                spans.get(row.id, ()),
            )
        except CalendarError:  # a record the clock cannot read: no dates, as before
            continue
        if found is None:
            continue
        conn.execute(
            sa.update(cases)
            .where(cases.c.id == row.id)
            .values(
                due_on=found.due_on,
                yellow_on=found.yellow_on,
                red_on=found.red_on,
                overdue_on=found.overdue_on,
            )
        )
