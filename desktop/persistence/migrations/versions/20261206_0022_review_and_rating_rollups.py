"""review and rating rollups: the dashboard's review load and ratings per hall day

``daily_review_load`` (tasks decided per day × department), ``daily_review_buckets`` (per day ×
department × kind — time to claim, time to decide — × coarse bucket: how many tasks),
``daily_review_times`` (the same tasks' exact times in whole milliseconds, keyed by department,
kind and bucket, then day: a median's value within its bucket over a period), ``daily_ratings``
(per day × matter × window: counted, bad, score sum, voided); an index of the resubmission steps
(a resubmission reopens a returned task: a late change to the day of the return) and of the
follow-ups' ``updated_at`` (a follow-up voided: a late change to its rating's day).

The days rolled up before (case figures only) are forgotten: the next sweep rolls them up again
with the new figures, and the dashboard computes them live meanwhile.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 05:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_RESUBMIT = "event = 'resubmit'"


def upgrade() -> None:
    op.create_table(
        "daily_review_load",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("department_code", sa.String(length=20), nullable=False),
        sa.Column("department_name", sa.String(length=120), nullable=False),
        sa.Column("decided", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "department_code", name=op.f("pk_daily_review_load")),
    )
    op.create_table(
        "daily_review_buckets",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("department_code", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("tasks", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "department_code", "kind", "bucket", name=op.f("pk_daily_review_buckets")
        ),
    )
    op.create_table(
        "daily_review_times",
        sa.Column("department_code", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("millis", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("tasks", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "department_code", "kind", "bucket", "day", "millis", name=op.f("pk_daily_review_times")
        ),
    )
    op.create_index("ix_daily_review_times_day", "daily_review_times", ["day"])
    op.create_table(
        "daily_ratings",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("matter_code", sa.String(length=24), nullable=False),
        sa.Column("window", sa.String(length=60), nullable=False),
        *(
            sa.Column(name, sa.Integer(), nullable=False)
            for name in ("rated", "bad", "score_sum", "voided")
        ),
        sa.PrimaryKeyConstraint("day", "matter_code", "window", name=op.f("pk_daily_ratings")),
    )
    op.create_index(
        "ix_case_steps_resubmitted_at",
        "case_steps",
        ["started_at"],
        postgresql_where=sa.text(_RESUBMIT),
        sqlite_where=sa.text(_RESUBMIT),
    )
    op.create_index("ix_rating_followups_updated_at", "rating_followups", ["updated_at"])
    # The days rolled up without these figures: rolled up again by the next sweep.
    op.execute("DELETE FROM daily_figures")
    op.execute("DELETE FROM daily_rollups")


def downgrade() -> None:
    op.drop_index("ix_rating_followups_updated_at", table_name="rating_followups")
    op.drop_index("ix_case_steps_resubmitted_at", table_name="case_steps")
    op.drop_table("daily_ratings")
    op.drop_index("ix_daily_review_times_day", table_name="daily_review_times")
    op.drop_table("daily_review_times")
    op.drop_table("daily_review_buckets")
    op.drop_table("daily_review_load")
