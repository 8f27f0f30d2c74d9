"""daily rollups: the dashboard's additive case figures per hall day, matter and window

``daily_figures`` (one row per day × matter × receiving window: accepted, issued, refused,
rejected, finished, in time), ``daily_rollups`` (the days rolled up, with the time zone offset
their day was cut at), ``rollup_watermarks`` (until when the sweep looked for late changes), and
an index on ``cases.updated_at`` to find those changes.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 03:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "daily_figures",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("matter_code", sa.String(length=24), nullable=False),
        sa.Column("window", sa.String(length=60), nullable=False),
        *(
            sa.Column(name, sa.Integer(), nullable=False)
            for name in ("accepted", "issued", "refused", "rejected", "finished", "in_time")
        ),
        sa.PrimaryKeyConstraint("day", "matter_code", "window", name=op.f("pk_daily_figures")),
    )
    op.create_table(
        "daily_rollups",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.Column("rolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_daily_rollups")),
    )
    op.create_table(
        "rollup_watermarks",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("seen_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_rollup_watermarks")),
    )
    op.create_index("ix_cases_updated_at", "cases", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_cases_updated_at", table_name="cases")
    op.drop_table("rollup_watermarks")
    op.drop_table("daily_rollups")
    op.drop_table("daily_figures")
