"""The supervisor's figures (效能监察): cases, review load, queue, print faults, ratings.

:meth:`OversightService.dashboard` answers for one period of the hall's days (and today beside
it) with a handful of aggregate statements — counts with ``FILTER``, sums and medians grouped by
matter, window, day and department — so the work is the database's and the answer is a few
grouped rows whatever the number of cases (a year of a district hall: 1.6 M). No case row
reaches Python. Who waits now comes from the queue service (its public API); everything else
reads the tables directly, read-only — the queue's counts and wait / service percentiles over
the whole period too (``desktop.services.queue_figures``: a period's percentile is not its
days').

Definitions (the same in the window and in ``onewindow-admin report daily``):

- **accepted**: cases received in the period and accepted (容缺 included; a one-time
  notification is not an acceptance until the materials come);
- **issued / refused / rejected**: cases that reached that end in the period (issued: the
  result handed out; refused: 不予受理 at the window; rejected: 不予许可 after review);
- **in time**: of the cases issued or rejected in the period that had a promised date, those
  finished on or before it (the hall's day of the finishing moment);
- **by window**: the station that received the case;
- **review load**: open tasks (a lapsed claim counts as open, as for ``claim_next``) and
  claimed ones now, the oldest one's creation, and over the period the median time from a
  task's creation to its claim and to its decision;
- **print faults**: failed print jobs now (waiting for a retry or a cancel), by station and
  error code;
- **ratings**: by matter and by the window that served the visit rated, the number, the mean
  score (1 非常满意 … 5 非常不满意) and the bad ones (4 and 5), leaving out those an upheld
  appeal found malicious — the figures of ``RatingFollowUps.rating_counts``, by day — and the
  follow-ups of bad ratings open and late now (``RatingFollowUps.counts``).

The case figures, the review load over the period and the ratings are per hall day cells
summed: the days the daily sweep rolled up are read from its tables, the others (today, days
not yet rolled up, days changed since) computed live by the same SQL — the same figures either
way (``desktop.services.daily_figures``, ``desktop.services.daily_review``).

Medians are ``percentile_cont(0.5)`` on PostgreSQL and the same value (the mean of the middle
one or two) from window functions on SQLite.

The review load's medians are those of the times in whole milliseconds: with days rolled up,
found from per-day buckets and the one bucket's exact times (``desktop.services.daily_review``);
exact to the millisecond and the same float with rollups or without. A department's name is
the one it has on its tasks open now, else on its latest day of decisions in the period. The
ratings' mean score is their scores' sum over their number, rounded to two places.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, Protocol, cast

from sqlalchemy import (
    Connection,
    Table,
    and_,
    func,
    or_,
    select,
)

from desktop.domain.errors import CodedError
from desktop.domain.oversight import (
    MAX_PERIOD_DAYS,
    CaseCounts,
    CaseFigures,
    Dashboard,
    DayFigures,
    DepartmentLoad,
    Period,
    PrintFault,
    QueueFigures,
    RatingFigures,
)
from desktop.domain.permissions import Permission, Principal
from desktop.domain.queueing import HallBoard, StatsRow
from desktop.domain.ratings import FollowUpCounts
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import Case, PrintJob, ReviewTask
from desktop.services.daily_figures import (
    DaySql,
    day_plan,
    live_cells,
    plan_figures,
)
from desktop.services.daily_review import RatingSums, ReviewFigures, rating_sums, review_figures
from desktop.services.guard import authorize
from desktop.services.hall_days import DayPlan
from desktop.services.queue_figures import queue_period_stats

if TYPE_CHECKING:
    from desktop.services.hall import Hall

__all__ = [
    "OversightError",
    "OversightService",
    "QueueFiguresSource",
    "RatingFiguresSource",
    "for_hall",
]

_PURPOSE = "hall oversight"
_C = cast(Table, Case.__table__)
_K = cast(Table, ReviewTask.__table__)
_P = cast(Table, PrintJob.__table__)

#: A review task still to be decided (``review_tasks``' partial index ``ix_review_tasks_live``).
LIVE_TASK_STATES = ("open", "claimed")


class QueueFiguresSource(Protocol):
    """What the dashboard reads of the queue (``desktop.services.queueing.QueueService``): who
    waits now (the period's figures are SQL of its own, ``queue_period_stats``)."""

    def board(self, limit: int = 8) -> HallBoard: ...


class RatingFiguresSource(Protocol):
    """What the dashboard reads of the ratings (``desktop.services.ratings.RatingFollowUps``):
    the follow-ups now (the ratings' figures it sums by day itself, as ``rating_counts`` does)."""

    def counts(self, principal: Principal) -> FollowUpCounts: ...


class OversightError(CodedError, ValueError):
    """A period the dashboard does not report over (``oversight.bad_period``): longer than a
    year, or outside the years a hall's records can hold."""

    code = "oversight.bad_period"

    def __init__(self, period: Period) -> None:
        if period.days > MAX_PERIOD_DAYS:
            en = f"the dashboard reports over at most {MAX_PERIOD_DAYS} days, not {period.days}"
            zh = f"看板统计期间最长{MAX_PERIOD_DAYS}天，所选为{period.days}天"
        else:
            en = (
                f"no figures for {period.first} … {period.last}: "
                f"the years {FIRST_YEAR}–{LAST_YEAR} only"
            )
            zh = f"统计期间须在{FIRST_YEAR}至{LAST_YEAR}年之间"
        super().__init__(
            en,
            zh,
            detail={
                "first": period.first.isoformat(),
                "last": period.last.isoformat(),
                "max_days": MAX_PERIOD_DAYS,
            },
        )


#: The years a period may lie in (a hall's records; and no date arithmetic overflows).
FIRST_YEAR, LAST_YEAR = 1900, 2999


class OversightService:
    """The hall's figures for its supervisors (permission ``oversight.view``)."""

    def __init__(
        self,
        db: Database,
        *,
        queue: QueueFiguresSource | None = None,
        ratings: RatingFiguresSource | None = None,
        tz: tzinfo = UTC,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        matter_names: Mapping[str, str] | None = None,
        rollups: bool = True,
    ) -> None:
        self._db = db
        self._rollups = rollups
        self._queue = queue
        self._ratings_source = ratings
        self._tz = tz
        self._now = now
        self._matter_names = dict(matter_names or {})

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def today(self) -> date:
        return as_utc(self._now()).astimezone(self._tz).date()

    def _sql(self, conn: Connection) -> DaySql:
        return DaySql.of(conn, self._tz)

    # ---- the dashboard -------------------------------------------------------------------------

    def dashboard(self, principal: Principal, period: Period | None = None) -> Dashboard:
        """The figures of ``period`` (default: today) and of today, with the queue's tickets of
        the period, and who waits, the review load and print faults as they are now."""
        today = self.today()
        period = period or Period(today, today)
        authorize(
            self._db,
            principal,
            Permission.OVERSIGHT_VIEW,
            subject=f"oversight:{period.first.isoformat()}..{period.last.isoformat()}",
            purpose=_PURPOSE,
            now=self._now,
        )
        if (
            period.days > MAX_PERIOD_DAYS
            or period.first.year < FIRST_YEAR
            or period.last.year > LAST_YEAR
        ):
            raise OversightError(period)
        now = as_utc(self._now())
        with uow.connection(self._db) as conn:
            sql = self._sql(conn)
            plan = day_plan(conn, sql, period, today, rollups=self._rollups)
            figures = plan_figures(conn, sql, plan, self._tz)
            if period.first <= today <= period.last:
                today_cells = [c for c in figures.cells if c[2] == today]
            else:
                today_cells = live_cells(conn, sql, Period(today, today), self._tz)
            departments = self._departments(conn, sql, plan, now)
            faults = self._print_faults(conn)
            tickets = (
                queue_period_stats(conn, sql, period.first, period.last)
                if self._queue is not None
                else None
            )
            rated = rating_sums(conn, sql, plan, self._tz) if self._ratings_source else None
        keyed = figures.keyed()
        by_matter, by_window = self._split(keyed)
        rated_matter, rated_window, followups = self._ratings(principal, rated)
        by_day = figures.days()
        return Dashboard(
            period=period,
            today=today,
            generated_at=now,
            totals=sum((c for *_key, c in keyed), CaseCounts()),
            today_totals=sum((c for *_key, c in today_cells), CaseCounts()),
            by_matter=by_matter,
            by_window=by_window,
            daily=tuple(DayFigures(d, by_day.get(d, CaseCounts())) for d in period.each_day()),
            departments=departments,
            queue=self._queue_figures(period, tickets),
            print_faults=faults,
            ratings_by_matter=rated_matter,
            ratings_by_window=rated_window,
            followups=followups,
        )

    def _name(self, code: str) -> str:
        return self._matter_names.get(code, code)

    # ---- cases ---------------------------------------------------------------------------------

    def _split(
        self, cells: list[tuple[str, str, CaseCounts]]
    ) -> tuple[tuple[CaseFigures, ...], tuple[CaseFigures, ...]]:
        matters: dict[str, CaseCounts] = {}
        windows: dict[str, CaseCounts] = {}
        for matter, window, counts in cells:
            matters[matter] = matters.get(matter, CaseCounts()) + counts
            windows[window] = windows.get(window, CaseCounts()) + counts
        return (
            tuple(
                CaseFigures(k, self._name(k), v)
                for k, v in sorted(matters.items(), key=lambda kv: (-kv[1].accepted, kv[0]))
            ),
            tuple(CaseFigures(k, k, v) for k, v in sorted(windows.items())),
        )

    # ---- review load ---------------------------------------------------------------------------

    def _departments(
        self, conn: Connection, sql: DaySql, plan: DayPlan, now: datetime
    ) -> tuple[DepartmentLoad, ...]:
        """The tasks open or claimed now (a partial index holds just those: one statement), and
        the tasks decided in the period with the medians of the time from creation to claim and
        to decision (``desktop.services.daily_review``: rolled-up days and live ones)."""
        k = _K.c
        held = and_(
            k.status == "claimed", or_(k.claim_expires_at.is_(None), k.claim_expires_at > now)
        )
        live = {
            str(r[0]): r
            for r in conn.execute(
                select(
                    k.department_code,
                    func.max(k.department_name),
                    func.count().filter(~held),
                    func.count().filter(held),
                    func.min(k.created_at),
                )
                .where(k.status.in_(LIVE_TASK_STATES))
                .group_by(k.department_code)
            ).all()
        }
        period: ReviewFigures = review_figures(conn, sql, plan, self._tz)
        loads = []
        for code in sorted(set(live) | set(period.decided)):
            now_row = live.get(code)
            name = now_row[1] if now_row else period.names.get(code)
            loads.append(
                DepartmentLoad(
                    code=code,
                    name=str(name or code),
                    open=int(now_row[2]) if now_row else 0,
                    claimed=int(now_row[3]) if now_row else 0,
                    oldest_at=as_utc(now_row[4]) if now_row and now_row[4] else None,
                    decided_in_period=period.decided.get(code, 0),
                    median_claim_s=period.median_claim_s.get(code),
                    median_decide_s=period.median_decide_s.get(code),
                )
            )
        return tuple(loads)

    # ---- queue, printing, ratings --------------------------------------------------------------

    def _queue_figures(
        self,
        period: Period,
        tickets: tuple[tuple[StatsRow, ...], tuple[StatsRow, ...]] | None,
    ) -> QueueFigures | None:
        """The period's tickets (per queue, per window) and, when it ends today, who waits."""
        if self._queue is None or tickets is None:
            return None
        queues, windows = tickets
        day = period.last
        waiting = sum(w.waiting for w in self._queue.board().waiting) if day == self.today() else 0
        return QueueFigures(
            day=day,
            waiting_now=waiting,
            taken=sum(q.taken for q in queues),
            served=sum(q.served for q in queues),
            no_shows=sum(q.no_shows for q in queues),
            queues=queues,
            windows=windows,
            first=period.first,
        )

    @staticmethod
    def _print_faults(conn: Connection) -> tuple[PrintFault, ...]:
        p = _P.c
        code = func.coalesce(p.last_error_code, "")
        rows = conn.execute(
            select(p.station, code, func.count(), func.max(p.updated_at))
            .where(p.status == "failed")
            .group_by(p.station, code)
            .order_by(func.count().desc(), p.station)
        ).all()
        return tuple(
            PrintFault(str(r[0]), str(r[1]), int(r[2]), as_utc(r[3]) if r[3] else None)
            for r in rows
        )

    def _ratings(
        self, principal: Principal, rated: tuple[list[RatingSums], list[RatingSums]] | None
    ) -> tuple[tuple[RatingFigures, ...], tuple[RatingFigures, ...], FollowUpCounts | None]:
        """The period's ratings (malicious ones voided; ``desktop.services.daily_review``),
        and the follow-ups open and late now."""
        if self._ratings_source is None or rated is None:
            return (), (), None
        by_matter, by_window = rated

        def figures(rows: Sequence[RatingSums], name: Callable[[str], str]) -> Any:
            return tuple(
                RatingFigures(r.key, name(r.key), r.rated, r.mean, r.bad, r.voided) for r in rows
            )

        return (
            figures(by_matter, self._name),
            figures(by_window, str),
            self._ratings_source.counts(principal),
        )


def for_hall(hall: Hall) -> OversightService:
    """The oversight service of a station's hall: its database, queue, time zone and clock."""
    return OversightService(
        hall.db,
        queue=hall.queue,
        ratings=hall.ratings,
        tz=hall.tz,
        now=hall.now,
        matter_names={m.code: m.short_zh or m.name_zh for m in hall.catalog},
    )
