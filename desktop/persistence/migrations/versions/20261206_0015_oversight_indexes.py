"""Indexes for the supervisor's dashboard: cases by the moment they ended, review tasks by
the moment they were decided (the period's figures read ranges of both)

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-06 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_cases_completed_at"), "cases", ["completed_at"])
    op.create_index(op.f("ix_review_tasks_decided_at"), "review_tasks", ["decided_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_review_tasks_decided_at"), table_name="review_tasks")
    op.drop_index(op.f("ix_cases_completed_at"), table_name="cases")
