"""keyed audit chain: the anchor names the hall secret the chain is keyed with

The migration cannot see the hall's secret (it is kept outside the database, in the OS keyring
or an owner-only key file), so it only adds the column: NULL marks a chain of an earlier
version, still hashed without a key. The application re-keys it, and the person pseudonyms,
from a verified state at its first start with a secret (``onewindow-admin audit rekey``;
``desktop.services.rekey``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_head", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_head", schema=None) as batch_op:
        batch_op.drop_column("key_id")
