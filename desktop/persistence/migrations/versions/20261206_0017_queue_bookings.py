"""queue bookings: booked slots (预约) held until checked in or lapsed

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "queue_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("queue_code", sa.String(length=4), nullable=False),
        sa.Column("slot_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("holder_hash", sa.String(length=64), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booked_by", sa.String(length=60), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "state IN ('booked', 'checked_in', 'lapsed', 'cancelled')",
            name=op.f("ck_queue_bookings_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["queue_tickets.id"],
            name=op.f("fk_queue_bookings_ticket_id_queue_tickets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_bookings")),
        sa.UniqueConstraint("code", name=op.f("uq_queue_bookings_code")),
    )
    with op.batch_alter_table("queue_bookings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_queue_bookings_day_queue_slot", ["day", "queue_code", "slot_start"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("queue_bookings", schema=None) as batch_op:
        batch_op.drop_index("ix_queue_bookings_day_queue_slot")
    op.drop_table("queue_bookings")
