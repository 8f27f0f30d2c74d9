"""Opening the follow-ups that bad ratings given before migration 0014 never opened.

Since 0014 a bad rating (4 不满意, 5 非常不满意) opens its follow-up in its own transaction
(:func:`desktop.services.ratings.open_followup`). The ratings the migration carried across from
the older one-per-case table opened none: the rule did not exist when they were given. A hall
that wants them followed up runs ``onewindow-admin ratings open-missing`` once (``--since D``:
only ratings from that day on; ``--dry-run``: count them, change nothing).

- **Which**: every bad rating without a follow-up. A rating given since 0014 always has one (it
  is written in the same transaction), so only the old ones are found, and a second run finds
  nothing: the command is idempotent. Two runs at once: one of them meets the unique follow-up
  per rating, rolls back and runs again, finding what the other left.
- **Due**: ``[ratings] followup_working_days`` hall working days after *today*, the day the
  follow-up is opened — not after the rating's day, which would make every old one late the
  moment it opens for a delay that was nobody's.
- **On the record**: each follow-up is opened as any other (its ``rating.followup_open`` event,
  the live feed's ``ratings`` topic) by the principal running it (the hall's supervisor), and
  the run writes one ``rating.followups_backfilled`` event with how many and from when.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from typing import Protocol, cast

from sqlalchemy import Table, exists, select
from sqlalchemy.exc import IntegrityError

from desktop.domain.case_records import is_bad_rating
from desktop.domain.permissions import Permission, Principal
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import Case, CaseRating, RatingFollowUp
from desktop.services.audit import append_event
from desktop.services.guard import authorize
from desktop.services.ratings import PURPOSE, open_followup

__all__ = ["BAD_SCORES", "Backfill", "open_missing_followups"]

_R = cast(Table, CaseRating.__table__)
_F = cast(Table, RatingFollowUp.__table__)
_C = cast(Table, Case.__table__)

#: The scores that open a follow-up (``is_bad_rating``).
BAD_SCORES = tuple(s for s in range(1, 6) if is_bad_rating(s))


class AddsWorkingDays(Protocol):
    def add_working_days(self, start: date, n: int) -> date: ...


@dataclass(frozen=True, slots=True)
class Backfill:
    """What a run found and did: the bad ratings without a follow-up (their ids), the
    follow-ups opened for them (none on a dry run) and the day they are due."""

    ratings: tuple[int, ...]
    followups: tuple[int, ...]
    due: date
    since: date | None
    dry_run: bool


def open_missing_followups(
    db: Database,
    principal: Principal,
    calendar: AddsWorkingDays,
    working_days: int,
    *,
    tz: tzinfo = UTC,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    since: date | None = None,
    dry_run: bool = False,
) -> Backfill:
    """Open a follow-up for every bad rating that has none (see the module's docstring)."""
    authorize(db, principal, Permission.RATING_FOLLOWUP, subject="followups:backfill", now=now)
    moment = now().astimezone(UTC)
    due = calendar.add_working_days(moment.astimezone(tz).date(), working_days)
    missing = (
        select(_R.c.id, _R.c.case_id, _C.c.number)
        .join(_C, _C.c.id == _R.c.case_id)
        .where(
            _R.c.score.in_(BAD_SCORES),
            ~exists().where(_F.c.rating_id == _R.c.id),
        )
        .order_by(_R.c.id)
    )
    if since is not None:
        missing = missing.where(
            _R.c.rated_at >= datetime.combine(since, time(0), tzinfo=tz).astimezone(UTC)
        )
    for attempt in (1, 2):
        try:
            with uow.transaction(db) as conn:
                rows = conn.execute(missing).all()
                if dry_run:
                    return Backfill(tuple(r[0] for r in rows), (), due, since, True)
                opened = tuple(
                    open_followup(conn, principal, int(r[0]), int(r[1]), str(r[2]), moment, due)
                    for r in rows
                )
                append_event(
                    conn,
                    principal.actor,
                    "rating.followups_backfilled",
                    "followups:backfill",
                    PURPOSE,
                    {
                        "opened": len(opened),
                        "since": since.isoformat() if since else None,
                        "due": due.isoformat(),
                    },
                    now=lambda: moment,
                )
                return Backfill(tuple(int(r[0]) for r in rows), opened, due, since, False)
        except IntegrityError:  # another run opened one of them first: again, without those
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
