"""audit lanes: the audit log's one anchor row becomes 64, one per lane (chain)

Appending to the audit log locked the one ``audit_head`` row until the transaction's end, so
every station's every write queued on it (issue 13: 35 of 50 approvers waiting there). The log
is now 64 chains side by side: an append takes any lane nobody holds, links its event to that
lane's newest one and moves that lane's anchor. Each event names its ``lane`` and the ``seq`` of
its predecessor in the lane (``prev_seq``); on PostgreSQL the ``seq`` numbers come from a
sequence (``audit_event_numbers``), as no anchor hands them out any more.

The existing single chain becomes lane 1 as it is: its events keep their ``seq``, ``prev_hash``
and MAC (lane 1 starts from the same all-zero genesis), ``prev_seq`` is ``seq - 1``, so it
verifies unchanged — and checkpoints taken before the migration still match. The other lanes
start empty, keyed with the chain's secret (if it has one yet), each from a genesis of its own
(``lane - 1`` in 64 hex digits), so that a lane's events cannot be passed off as another's.

Also here (the one migration of this change): ``cases.form_sources``, where each form value
came from at the window (``card.name``, ``typed``, …), the evidence the approver weighs; empty
for the cases accepted before; and ``ix_review_tasks_open``, the open tasks alone, which the
review queue's counts visit (not the decided history).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LANES = 64
OPEN_TASKS = "status IN ('open', 'claimed')"
SEQUENCE = "audit_event_numbers"


def _genesis(lane: int) -> str:
    return f"{lane - 1:064x}"


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lane", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(
            sa.Column(
                "prev_seq",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                server_default="0",
                nullable=False,
            )
        )
        batch_op.create_index("ix_audit_events_lane_seq", ["lane", "seq"], unique=False)
    # The single chain is lane 1; an event's predecessor is the one numbered before it (a gap a
    # deletion left stays a gap: the walk reports it as before).
    op.execute("UPDATE audit_events SET prev_seq = seq - 1")
    with op.batch_alter_table("audit_head", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_audit_head_single_row"), type_="check")
        batch_op.create_check_constraint(op.f("ck_audit_head_lane_number"), "id >= 1")
    for lane in range(2, LANES + 1):
        op.execute(
            sa.text(
                "INSERT INTO audit_head (id, last_seq, last_hash, key_id) "
                "SELECT :lane, 0, :genesis, key_id FROM audit_head WHERE id = 1"
            ).bindparams(lane=lane, genesis=_genesis(lane))
        )
    # The review queue's counts visit every open task: an index of those alone, so that they do
    # not scan the decided history as it grows.
    op.create_index(
        "ix_review_tasks_open",
        "review_tasks",
        ["case_id"],
        unique=False,
        postgresql_where=sa.text(OPEN_TASKS),
        sqlite_where=sa.text(OPEN_TASKS),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("form_sources", sa.JSON(), server_default="{}", nullable=False)
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE SEQUENCE {SEQUENCE} AS bigint OWNED BY audit_events.seq")
        op.execute(
            f"SELECT setval('{SEQUENCE}', coalesce(max(seq), 0) + 1, false) FROM audit_events"
        )


def downgrade() -> None:
    bind = op.get_bind()
    other = bind.execute(sa.text("SELECT count(*) FROM audit_events WHERE lane <> 1")).scalar()
    if other:
        raise RuntimeError(
            f"{other} audit events are in lanes other than 1: the lanes cannot be folded back "
            "into one chain without the hall's secret; restore a backup instead"
        )
    if bind.dialect.name == "postgresql":
        op.execute(f"DROP SEQUENCE {SEQUENCE}")
    _drop_column("cases", "form_sources")
    op.drop_index("ix_review_tasks_open", table_name="review_tasks")
    op.execute("DELETE FROM audit_head WHERE id <> 1")
    with op.batch_alter_table("audit_head", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_audit_head_lane_number"), type_="check")
        batch_op.create_check_constraint(op.f("ck_audit_head_single_row"), "id = 1")
    op.drop_index("ix_audit_events_lane_seq", table_name="audit_events")
    _drop_column("audit_events", "prev_seq")
    _drop_column("audit_events", "lane")


def _drop_column(table: str, column: str) -> None:
    """Drop a column in place: on SQLite (3.35+) with its own ``ALTER TABLE … DROP COLUMN``, not
    a batch copy of the table, which would lose the indexes it cannot reflect (the audit log's
    person-key expression index of 0018)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)
