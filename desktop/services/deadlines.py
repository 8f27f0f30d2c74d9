"""The deadline board: the hall's promised dates at a glance, in SQL (issue 16).

For the supervisor's station (and the daily sweep's snapshot). Qt-free; records from
:mod:`desktop.domain.deadlines`.

API::

    board = DeadlineBoardService(db, cases)          # the Hall builds one: hall.deadlines
    b = board.deadline_board(
        principal,                 # needs Permission.DEADLINES_VIEW (supervisor); refusal audited
        day=None,                  # default: today in the hall
        matter=None,               # a matter code
        window=None,               # the accepting station (cases.accepted_station)
        department=None,           # cases with a review task of this department
        show=BoardFilter.AT_RISK,  # which cases the list holds (yellow / red / overdue …)
        limit=50, offset=0,        # the list's page (limit 1–500)
    )
    b.totals, b.groups             # DeadlineCounts: running, normal, yellow, red, overdue,
                                   # due_today, paused — in all, and per matter × window
    b.cases, b.total               # one page of BoardCase (number, matter, window, due date,
                                   # colour, overdue, days left), sorted by due date

How: each open case's row holds the days its clock turns yellow, red and overdue and its due
date (``yellow_on``, ``red_on``, ``overdue_on``, ``due_on``, written by the case service's
transition template from the one case clock; NULL while paused). So on ``day`` a case is
yellow iff ``yellow_on <= day < red_on``, red iff ``red_on <= day``, overdue iff
``overdue_on <= day``, due today iff ``due_on = day`` — one aggregate over the partial indexes
of running clocks, with the colours exactly those of ``case_clock``. Paused cases (an open
special procedure) are counted apart. Viewing the board is not audited (no person's data
beyond the applicant's name in the list, like the review queue).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, exists, func, null, or_, select, true

from desktop.domain.cases import FINAL_STATES
from desktop.domain.deadlines import (
    BoardCase,
    BoardFilter,
    BoardGroup,
    DeadlineBoard,
    DeadlineCounts,
)
from desktop.domain.permissions import Permission, Principal
from desktop.domain.workcalendar import WarningLevel
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.services.cases import CaseService
from desktop.services.cases import tables as t
from desktop.services.guard import authorize

__all__ = ["DeadlineBoardService", "colour_sql", "count_columns"]

_FINAL = sorted(s.value for s in FINAL_STATES)
_COUNTED = ("running", "normal", "yellow", "red", "overdue", "due_today")


def colour_sql(day: date, c: Any = None) -> ColumnElement[Any]:
    """The clock's colour on ``day`` from the stored dates, as SQL: ``'red'``, ``'yellow'``,
    ``'normal'``, or NULL while paused (``c``: the columns, default the cases table's)."""
    c = t.cases.c if c is None else c
    return case(
        (c.due_on.is_(None), null()),
        (c.red_on <= day, "red"),
        (c.yellow_on <= day, "yellow"),
        else_="normal",
    )


def conditions(day: date, c: Any = None) -> dict[str, ColumnElement[bool]]:
    """Each count's condition on ``day`` over the stored dates (``c`` as for
    :func:`colour_sql`)."""
    c = t.cases.c if c is None else c
    return {
        "running": c.due_on.is_not(None),
        "normal": c.yellow_on > day,
        "yellow": and_(c.yellow_on <= day, c.red_on > day),
        "red": c.red_on <= day,
        "overdue": c.overdue_on <= day,
        "due_today": c.due_on == day,
    }


def count_columns(day: date, c: Any = None) -> list[Any]:
    """``count(*) FILTER (WHERE …)`` of every colour, labelled as :class:`DeadlineCounts`."""
    return [func.count().filter(cond).label(name) for name, cond in conditions(day, c).items()]


#: Cases whose clock a special procedure stops now (over the partial index of running pauses).
_OPEN_PAUSES = (
    select(t.pauses.c.case_id)
    .where(t.pauses.c.ended_at.is_(None))
    .group_by(t.pauses.c.case_id)
    .subquery("open_pauses")
)
_PAUSED_CASES = t.cases.join(_OPEN_PAUSES, _OPEN_PAUSES.c.case_id == t.cases.c.id)


def _paused_where() -> ColumnElement[bool]:
    """Over :data:`_PAUSED_CASES`: an open case whose clock stands (it has no dates)."""
    c = t.cases.c
    return and_(c.due_on.is_(None), c.promised_date.is_not(None), c.state.not_in(_FINAL))


class DeadlineBoardService:
    """The deadline board of the hall (see the module's text)."""

    def __init__(
        self, db: Database, cases: CaseService, *, today: Callable[[], date] | None = None
    ) -> None:
        self._db = db
        self._cases = cases
        self._today = today or cases.hall_today

    def deadline_board(
        self,
        principal: Principal,
        *,
        day: date | None = None,
        matter: str | None = None,
        window: str | None = None,
        department: str | None = None,
        show: BoardFilter = BoardFilter.AT_RISK,
        limit: int = 50,
        offset: int = 0,
    ) -> DeadlineBoard:
        authorize(self._db, principal, Permission.DEADLINES_VIEW, subject="deadlines:board")
        day = day or self._today()
        limit = max(1, min(limit, 500))
        offset = max(0, offset)
        scope = self._scope(matter, window, department)
        with uow.connection(self._db) as conn:
            groups = self._groups(conn, day, scope)
            cases, total = self._cases_page(conn, day, scope, show, limit, offset)
        totals = _sum(g.counts for g in groups)
        return DeadlineBoard(day, totals, tuple(groups), show, cases, total, limit, offset)

    def counts_by_group(self, conn: Connection, day: date) -> list[BoardGroup]:
        """Every matter × window of the whole hall on ``day`` (the sweep's snapshot; the
        caller has checked its own permission)."""
        return self._groups(conn, day, true())

    # ---- the statements ---------------------------------------------------------------------

    @staticmethod
    def _scope(
        matter: str | None, window: str | None, department: str | None
    ) -> ColumnElement[bool]:
        conds: list[ColumnElement[bool]] = []
        if matter:
            conds.append(t.cases.c.matter_code == matter)
        if window:
            conds.append(t.cases.c.accepted_station == window)
        if department:
            conds.append(
                exists().where(
                    t.tasks.c.case_id == t.cases.c.id, t.tasks.c.department_code == department
                )
            )
        return and_(true(), *conds)

    def _groups(self, conn: Connection, day: date, scope: ColumnElement[bool]) -> list[BoardGroup]:
        c = t.cases.c
        keys = (c.matter_code, c.accepted_station)
        found: dict[tuple[str, str], dict[str, Any]] = {}
        running = conn.execute(
            select(*keys, func.max(c.matter_name).label("name"), *count_columns(day))
            .where(c.due_on.is_not(None), scope)
            .group_by(*keys)
        )
        for r in running:
            found[(r.matter_code, r.accepted_station)] = {
                "name": r.name,
                **{k: int(r._mapping[k]) for k in _COUNTED},
            }
        paused = conn.execute(
            select(*keys, func.max(c.matter_name).label("name"), func.count().label("n"))
            .select_from(_PAUSED_CASES)
            .where(_paused_where(), scope)
            .group_by(*keys)
        )
        for r in paused:
            entry = found.setdefault((r.matter_code, r.accepted_station), {"name": r.name})
            entry["paused"] = int(r.n)
        groups = [
            BoardGroup(
                code,
                str(v["name"]),
                station,
                DeadlineCounts(**{k: int(v.get(k, 0)) for k in (*_COUNTED, "paused")}),
            )
            for (code, station), v in found.items()
        ]
        groups.sort(key=lambda g: (-g.counts.red, -g.counts.yellow, g.matter_code, g.window))
        return groups

    def _cases_page(
        self,
        conn: Connection,
        day: date,
        scope: ColumnElement[bool],
        show: BoardFilter,
        limit: int,
        offset: int,
    ) -> tuple[tuple[BoardCase, ...], int]:
        c = t.cases.c
        conds = conditions(day)
        which: ColumnElement[bool] = {
            # overdue may come before yellow (thresholds below -1)
            BoardFilter.AT_RISK: or_(c.yellow_on <= day, c.overdue_on <= day),
            BoardFilter.YELLOW: conds["yellow"],
            BoardFilter.RED: conds["red"],
            BoardFilter.OVERDUE: conds["overdue"],
            BoardFilter.DUE_TODAY: conds["due_today"],
            BoardFilter.RUNNING: conds["running"],
            BoardFilter.PAUSED: _paused_where(),
        }[show]
        source = _PAUSED_CASES if show is BoardFilter.PAUSED else t.cases
        total = int(conn.scalar(select(func.count()).select_from(source).where(which, scope)) or 0)
        rows = conn.execute(
            select(
                c.number,
                c.matter_code,
                c.matter_name,
                c.accepted_station,
                c.state,
                c.applicant_name,
                c.due_on,
                c.promised_date,
                colour_sql(day).label("colour"),
                (c.overdue_on <= day).label("overdue"),
            )
            .select_from(source)
            .where(which, scope)
            .order_by(c.due_on.asc().nulls_last(), c.promised_date, c.number)
            .limit(limit)
            .offset(offset)
        ).all()
        return tuple(self._case(r, day) for r in rows), total

    def _case(self, r: Any, day: date) -> BoardCase:
        running = r.due_on is not None
        return BoardCase(
            case_number=r.number,
            matter_code=r.matter_code,
            matter_name=r.matter_name,
            window=r.accepted_station,
            state=r.state,
            applicant_name=r.applicant_name,
            due_on=r.due_on,
            colour=WarningLevel(r.colour) if r.colour is not None else None,
            overdue=bool(r.overdue) if running else False,
            days_left=self._cases.days_left(r.matter_code, day, r.due_on) if running else None,
            paused=not running,
        )


def _sum(counts: Iterable[DeadlineCounts]) -> DeadlineCounts:
    total = dict.fromkeys((*_COUNTED, "paused"), 0)
    for one in counts:
        for k in total:
            total[k] += getattr(one, k)
    return DeadlineCounts(**total)
