"""cases.request_id: the window's application id, unique (exactly-once acceptance)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing cases have none (NULL): a unique constraint allows any number of NULLs on both
    # SQLite and PostgreSQL.
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("request_id", sa.String(length=36), nullable=True))
        batch.create_unique_constraint(op.f("uq_cases_request_id"), ["request_id"])


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint(op.f("uq_cases_request_id"), type_="unique")
        batch.drop_column("request_id")
