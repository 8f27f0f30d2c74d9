"""Indexes for the supervisor's dashboard: cases by the moment they were received and ended
(carrying, on PostgreSQL, the columns the dashboard counts by), review tasks by the moment they
were decided, and the review tasks still to be decided (a partial index)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # On PostgreSQL the two case indexes carry the columns the dashboard counts by (index-only
    # scans of a period); SQLite ignores INCLUDE.
    op.create_index(
        "ix_cases_completed_at",
        "cases",
        ["completed_at"],
        postgresql_include=["matter_code", "received_station", "state", "promised_date"],
    )
    op.create_index(
        "ix_cases_received_at_counts",
        "cases",
        ["received_at"],
        postgresql_include=["matter_code", "received_station", "accepted_at"],
    )
    op.create_index(op.f("ix_review_tasks_decided_at"), "review_tasks", ["decided_at"])
    live = sa.text("status IN ('open', 'claimed')")
    op.create_index(
        "ix_review_tasks_live",
        "review_tasks",
        ["department_code"],
        postgresql_where=live,
        sqlite_where=live,
    )


def downgrade() -> None:
    op.drop_index("ix_review_tasks_live", table_name="review_tasks")
    op.drop_index(op.f("ix_review_tasks_decided_at"), table_name="review_tasks")
    op.drop_index("ix_cases_received_at_counts", table_name="cases")
    op.drop_index("ix_cases_completed_at", table_name="cases")
