"""review queue: claim expiry and the queue's indexes

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 23:45:00

The review desk's queue filters a department's open and claimed tasks and sorts them by the
case's promised date; ``claim_next`` picks the most urgent open (or expired) task.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("review_tasks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("claim_expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(
            "ix_review_tasks_department_code_status", ["department_code", "status"], unique=False
        )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_promised_date"), ["promised_date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_promised_date"))
    with op.batch_alter_table("review_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_review_tasks_department_code_status")
        batch_op.drop_column("claim_expires_at")
