"""queue tickets: queue days, tickets, windows; cases.ticket_id

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 23:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "queue_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("queue_code", sa.String(length=4), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.Column("normal_streak", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "queue_code", name=op.f("pk_queue_days")),
    )
    op.create_table(
        "queue_tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("origin_queue", sa.String(length=4), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=12), nullable=False),
        sa.Column("queue_code", sa.String(length=4), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("holder_hash", sa.String(length=64), nullable=False),
        sa.Column("waiting_before", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_by", sa.String(length=60), nullable=False),
        sa.Column("booked_for", sa.DateTime(timezone=True), nullable=True),
        sa.Column("target_window", sa.Integer(), nullable=True),
        sa.Column("window", sa.Integer(), nullable=True),
        sa.Column("first_called_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("called_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("called_by", sa.String(length=60), nullable=False),
        sa.Column("recalls", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')",
            name=op.f("ck_queue_tickets_state_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_tickets")),
    )
    with op.batch_alter_table("queue_tickets", schema=None) as batch_op:
        batch_op.create_index(
            "uq_queue_tickets_day_origin_number", ["day", "origin_queue", "number"], unique=True
        )
        batch_op.create_index(
            "ix_queue_tickets_day_queue_state", ["day", "queue_code", "state"], unique=False
        )
        batch_op.create_index("ix_queue_tickets_day_called_at", ["day", "called_at"], unique=False)
    op.create_table(
        "queue_windows",
        sa.Column("window", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.String(length=60), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("window", name=op.f("pk_queue_windows")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ticket_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_cases_ticket_id"), ["ticket_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_cases_ticket_id_queue_tickets"), "queue_tickets", ["ticket_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_cases_ticket_id_queue_tickets"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_cases_ticket_id"))
        batch_op.drop_column("ticket_id")
    op.drop_table("queue_windows")
    with op.batch_alter_table("queue_tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_queue_tickets_day_called_at")
        batch_op.drop_index("ix_queue_tickets_day_queue_state")
        batch_op.drop_index("uq_queue_tickets_day_origin_number")
    op.drop_table("queue_tickets")
    op.drop_table("queue_days")
