"""audit search indexes: the supervisor's audit log viewer reads newest first by one filter

Staff member, station and action each get an index ending in ``seq`` (the action's plain index
is replaced: on PostgreSQL it could not give a page in ``seq`` order without a sort), the period
an index on ``occurred_at``, and the person an expression index on the keyed pseudonym events
record in their detail (``detail->>'id_hash'``; SQLite's ``json_extract``). The expression is
written exactly as ``desktop.persistence.models.AuditPersonKey`` renders it in queries, or the
planner would not use it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PERSON_KEY = {
    "sqlite": "json_extract(detail, '$.id_hash')",
    "postgresql": "(detail ->> 'id_hash')",
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_index("ix_audit_events_action", table_name="audit_events")
    op.create_index("ix_audit_events_action_seq", "audit_events", ["action", "seq"])
    op.create_index("ix_audit_events_actor_seq", "audit_events", ["actor", "seq"])
    op.create_index("ix_audit_events_station_seq", "audit_events", ["station", "seq"])
    op.create_index("ix_audit_events_occurred_at", "audit_events", ["occurred_at"])
    op.create_index("ix_audit_events_person_key", "audit_events", [sa.text(_PERSON_KEY[dialect])])


def downgrade() -> None:
    op.drop_index("ix_audit_events_person_key", table_name="audit_events")
    op.drop_index("ix_audit_events_occurred_at", table_name="audit_events")
    op.drop_index("ix_audit_events_station_seq", table_name="audit_events")
    op.drop_index("ix_audit_events_actor_seq", table_name="audit_events")
    op.drop_index("ix_audit_events_action_seq", table_name="audit_events")
    op.create_index("ix_audit_events_action", "audit_events", ["action"])
