"""review due order: the case's promised date and reception moment kept with its review tasks

Claim-next took the most urgent open task by joining every open task of the department to its
case and sorting them (an incremental sort over the cases' promised dates, skipping the cases
whose task for the department was already decided): on a queue of 5,000 tasks worked by 25
approvers of a department it read thousands of rows per claim, and the slower it was, the more
often its ``SKIP LOCKED`` re-check met (and kept locked) a task a colleague had just claimed.

``review_tasks.case_promised_date`` and ``case_received_at`` copy the case's (the case service
writes them with each task and again whenever the case's promised date moves), and
``ix_review_tasks_next`` holds a department's open tasks in the queue's due order, so
claim-next reads the first free one.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 05:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_TASKS = "status IN ('open', 'claimed')"


def upgrade() -> None:
    with op.batch_alter_table("review_tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_promised_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("case_received_at", sa.DateTime(timezone=True), nullable=True)
        )
    of_case = "FROM cases WHERE cases.id = review_tasks.case_id"
    op.execute(
        f"UPDATE review_tasks SET case_promised_date = (SELECT promised_date {of_case}), "
        f"case_received_at = (SELECT received_at {of_case})"
    )
    op.create_index(
        "ix_review_tasks_next",
        "review_tasks",
        ["department_code", "case_promised_date", "case_received_at", "id"],
        unique=False,
        postgresql_where=sa.text(OPEN_TASKS),
        sqlite_where=sa.text(OPEN_TASKS),
    )


def downgrade() -> None:
    op.drop_index("ix_review_tasks_next", table_name="review_tasks")
    with op.batch_alter_table("review_tasks", schema=None) as batch_op:
        batch_op.drop_column("case_received_at")
        batch_op.drop_column("case_promised_date")
