"""ratings: one per visit of a case (一次一评); follow-ups of bad ratings

The one-per-case ``case_ratings`` becomes ``ratings``, keyed by the case and the step of the
visit rated (``visit_seq``); each existing rating is kept, for the latest visit step taken
before it was given (else the case's latest visit step), with that step's station as the
window rated. ``rating_followups`` holds what a bad rating sets going. Ratings given before
this version open no follow-up (the rule did not exist when they were given).

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-06 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The case events that are visits (desktop.domain.ratings.VISIT_EVENTS, as of this version).
_VISITS = (
    "'accept', 'accept_with_shortfall', 'notify_missing', 'refuse', 'supplement', "
    "'supply_owed', 'resubmit', 'issue_at_window', 'issue', 'withdraw'"
)

#: The visit step a rating given at ``r.rated_at`` was about (correlated on ``r``).
_VISIT_STEP = f"""
    COALESCE(
        (SELECT max(s.seq) FROM case_steps s
          WHERE s.case_id = r.case_id AND s.event IN ({_VISITS}) AND s.started_at <= r.rated_at),
        (SELECT max(s.seq) FROM case_steps s
          WHERE s.case_id = r.case_id AND s.event IN ({_VISITS})),
        0)
"""


def upgrade() -> None:
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("visit_seq", sa.Integer(), nullable=False),
        sa.Column("visit_event", sa.String(length=24), nullable=False),
        sa.Column("window", sa.String(length=60), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=60), nullable=False),
        sa.Column("station", sa.String(length=60), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_ratings_score_range")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_ratings_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
    )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index("uq_ratings_case_id_visit_seq", ["case_id", "visit_seq"], unique=True)
        batch_op.create_index(batch_op.f("ix_ratings_rated_at"), ["rated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_ratings_window"), ["window"], unique=False)

    op.create_table(
        "rating_followups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("assignee", sa.String(length=60), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assigned_by", sa.String(length=60), nullable=False),
        sa.Column("callback_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("callback_by", sa.String(length=60), nullable=False),
        sa.Column("callback_outcome", sa.Text(), nullable=False),
        sa.Column("rectification", sa.Text(), nullable=False),
        sa.Column("rectified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rectified_by", sa.String(length=60), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replied_by", sa.String(length=60), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=60), nullable=False),
        sa.Column("appeal_reason", sa.Text(), nullable=False),
        sa.Column("appealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("appealed_by", sa.String(length=60), nullable=False),
        sa.Column("appealed_from", sa.String(length=12), nullable=False),
        sa.Column("appeal_decision", sa.String(length=10), nullable=False),
        sa.Column("appeal_decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("appeal_decided_by", sa.String(length=60), nullable=False),
        sa.Column("appeal_note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "appeal_decision IN ('', 'upheld', 'rejected')",
            name=op.f("ck_rating_followups_appeal_decision_known"),
        ),
        sa.CheckConstraint(
            "state IN ('open', 'assigned', 'called_back', 'rectified', 'replied', 'closed', "
            "'appealed', 'voided')",
            name=op.f("ck_rating_followups_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_rating_followups_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["rating_id"], ["ratings.id"], name=op.f("fk_rating_followups_rating_id_ratings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_followups")),
        sa.UniqueConstraint("rating_id", name=op.f("uq_rating_followups_rating_id")),
    )
    with op.batch_alter_table("rating_followups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rating_followups_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_rating_followups_state_due_date", ["state", "due_date"], unique=False
        )

    # the existing ratings, each for the visit it was given after (ids kept)
    op.execute(
        f"""
        INSERT INTO ratings (id, case_id, visit_seq, visit_event, "window", score, comment,
                             channel, rated_at, recorded_by, station)
        SELECT v.id, v.case_id, v.visit_seq,
               COALESCE((SELECT s.event FROM case_steps s
                          WHERE s.case_id = v.case_id AND s.seq = v.visit_seq), ''),
               COALESCE((SELECT s.station FROM case_steps s
                          WHERE s.case_id = v.case_id AND s.seq = v.visit_seq), v.station),
               v.score, v.comment, v.channel, v.rated_at, v.recorded_by, v.station
        FROM (SELECT r.*, {_VISIT_STEP} AS visit_seq FROM case_ratings r) AS v
        """
    )
    if op.get_bind().dialect.name == "postgresql":  # ids were copied: the sequence follows
        op.execute(
            "SELECT setval(pg_get_serial_sequence('ratings', 'id'), "
            "COALESCE((SELECT max(id) FROM ratings), 0) + 1, false)"
        )
    op.drop_table("case_ratings")


def downgrade() -> None:
    op.create_table(
        "case_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=60), nullable=False),
        sa.Column("station", sa.String(length=60), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_case_ratings_score_range")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_ratings_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_ratings")),
        sa.UniqueConstraint("case_id", name=op.f("uq_case_ratings_case_id")),
    )
    # one rating per case again: the latest visit's
    op.execute(
        """
        INSERT INTO case_ratings (id, case_id, score, comment, channel, rated_at, recorded_by,
                                  station)
        SELECT r.id, r.case_id, r.score, r.comment, r.channel, r.rated_at, r.recorded_by,
               r.station
        FROM ratings r
        WHERE r.visit_seq = (SELECT max(o.visit_seq) FROM ratings o WHERE o.case_id = r.case_id)
        """
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('case_ratings', 'id'), "
            "COALESCE((SELECT max(id) FROM case_ratings), 0) + 1, false)"
        )
    with op.batch_alter_table("rating_followups", schema=None) as batch_op:
        batch_op.drop_index("ix_rating_followups_state_due_date")
        batch_op.drop_index(batch_op.f("ix_rating_followups_case_id"))
    op.drop_table("rating_followups")
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ratings_window"))
        batch_op.drop_index(batch_op.f("ix_ratings_rated_at"))
        batch_op.drop_index("uq_ratings_case_id_visit_seq")
    op.drop_table("ratings")
