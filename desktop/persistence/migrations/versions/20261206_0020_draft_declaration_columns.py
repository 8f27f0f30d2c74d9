"""draft declaration columns: a kiosk declaration's state and its declarant, indexed

The kiosk's look-ups (the clerks' waiting and claimed lists, the card holder's own declarations)
read every draft and parsed its form's JSON to find the kiosk's. ``case_drafts`` gains
``declaration_state`` (``waiting`` | ``claimed``; NULL for a window's own draft) and
``declarant_masked`` (the declaring person's number masked, region and last four), each indexed
with ``created_at`` (the lists' order), and both are filled in from the drafts' visit meta:
``channel = "kiosk"``; ``awaiting = "clerk_confirmation"`` is waiting, ``awaiting = ""`` with a
``claimed_from`` is claimed; ``id_number`` is the declarant.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 05:30:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The draft form's keys as this revision knows them (desktop.services.local_drafts.VISIT_KEY,
# desktop.domain.kiosk.CHANNEL, desktop.services.kiosk.AWAITING).
_VISIT_KEY = "__visit__"
_KIOSK = "kiosk"
_AWAITING = "clerk_confirmation"

_drafts = sa.table(
    "case_drafts",
    sa.column("id", sa.String()),
    sa.column("form", sa.JSON()),
    sa.column("declaration_state", sa.String()),
    sa.column("declarant_masked", sa.String()),
)


def upgrade() -> None:
    with op.batch_alter_table("case_drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("declaration_state", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("declarant_masked", sa.String(length=32), nullable=True))
        batch_op.create_index(
            "ix_case_drafts_declaration_state", ["declaration_state", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_case_drafts_declarant_masked", ["declarant_masked", "created_at"], unique=False
        )
    _backfill()


def _columns(form: Any) -> dict[str, str | None] | None:
    """The two columns of a draft from its form (None: not a kiosk declaration)."""
    from desktop.domain.kiosk import declarant_key

    meta = form.get(_VISIT_KEY) if isinstance(form, dict) else None
    if not isinstance(meta, dict) or meta.get("channel") != _KIOSK:
        return None
    awaiting = meta.get("awaiting")
    state = (
        "waiting"
        if awaiting == _AWAITING
        else "claimed"
        if awaiting == "" and meta.get("claimed_from")
        else None
    )
    number = str(meta.get("id_number") or "")
    return {"state": state, "masked": declarant_key(number) if number else None}


def _backfill() -> None:
    conn = op.get_bind()
    found = []
    for row in conn.execute(sa.select(_drafts.c.id, _drafts.c.form)):
        columns = _columns(row.form)
        if columns is not None:
            found.append({"draft": row.id, **columns})
    if found:
        conn.execute(
            _drafts.update()
            .where(_drafts.c.id == sa.bindparam("draft"))
            .values(
                declaration_state=sa.bindparam("state"), declarant_masked=sa.bindparam("masked")
            ),
            found,
        )


def downgrade() -> None:
    with op.batch_alter_table("case_drafts", schema=None) as batch_op:
        batch_op.drop_index("ix_case_drafts_declarant_masked")
        batch_op.drop_index("ix_case_drafts_declaration_state")
        batch_op.drop_column("declarant_masked")
        batch_op.drop_column("declaration_state")
