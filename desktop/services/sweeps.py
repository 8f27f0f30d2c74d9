"""The hall's daily sweeps, run by the hall (a timer), not remembered by a person.

``SweepService(hall, settings.sweeps).run(principal)`` does, in one run:

1. ``deadlines`` — every open case's stored clock dates recomputed from its record (what a
   changed ``[deadlines]`` threshold, a matter's unit or another station's stale calendar left
   behind; normally nothing);
2. ``terminate_overdue`` — 容缺 cases whose owed materials never came are terminated
   (:meth:`CaseService.terminate_overdue_supplement`, as ``cases terminate-overdue``);
3. ``release_claims`` — lapsed review claims back to open (``review release-lapsed``);
4. ``print_jobs`` — print jobs ``printing`` for longer than ``[sweeps] print_stuck_minutes``
   become failed jobs (:meth:`PrintQueue.fail_stuck`);
5. ``snapshot`` — the deadline board of the day into ``deadline_snapshots`` (once per day);
6. ``rollups`` — the dashboard's case figures, review load and ratings of the days before
   today into ``daily_figures``, ``daily_review_*`` and ``daily_ratings``
   (``desktop.services.daily_figures.roll_up``): the days not rolled up yet, newest first, at
   most ``[sweeps] rollup_days`` a run; yesterday again; the days late changes touched.

Every step is idempotent, so a second run the same day does nothing new. A run holds a lock
for its whole length: PostgreSQL's ``pg_try_advisory_lock`` on a connection of its own (gone
with the session if the process dies); on the embedded database a row of ``sweep_locks``
(taken by one conditional insert; a row older than ``[sweeps] lock_minutes`` was left by a
crash and is taken over). Two stations starting at once: one runs, the other gets a report
with ``status = "already_running"`` and changes nothing. A step that fails is reported (its
error code) and the others still run. One audit event per run (``sweep.run``, the steps'
figures in its detail); the steps' own changes are audited as always (each termination, the
released claims).
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, delete, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite

from desktop.config.settings import SweepSettings
from desktop.domain.cases import CaseError
from desktop.domain.errors import CodedError
from desktop.domain.permissions import Permission, Principal
from desktop.persistence import uow
from desktop.persistence.models import DeadlineSnapshot, SweepLock
from desktop.services.audit import append_event
from desktop.services.daily_figures import roll_up
from desktop.services.guard import authorize

if TYPE_CHECKING:
    from desktop.services.hall import Hall

__all__ = ["SWEEP_LOCK_KEY", "SweepReport", "SweepService", "SweepStep"]

log = logging.getLogger(__name__)

#: PostgreSQL advisory-lock key of the daily sweep (arbitrary, constant; not the migrations').
SWEEP_LOCK_KEY = 0x0E1D5
_LOCK_NAME = "daily"
_snapshots = cast(Table, DeadlineSnapshot.__table__)
_locks = cast(Table, SweepLock.__table__)


@dataclass(frozen=True, slots=True)
class SweepStep:
    """What one step did: ``ok`` unless it failed (``error``: its code), and its figures."""

    name: str
    ok: bool
    detail: Mapping[str, Any] = field(default_factory=dict)
    error: str = ""


@dataclass(frozen=True, slots=True)
class SweepReport:
    """``status``: ``done`` (every step ok), ``failed`` (a step failed), ``already_running``
    (another run holds the lock: nothing was done)."""

    day: date
    status: str
    steps: tuple[SweepStep, ...] = ()
    holder: str = ""  # who runs it (for already_running, where known)

    @property
    def ok(self) -> bool:
        return self.status == "done"

    def as_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "status": self.status,
            "holder": self.holder,
            "steps": {
                s.name: {"ok": s.ok, **dict(s.detail), **({"error": s.error} if s.error else {})}
                for s in self.steps
            },
        }


class SweepService:
    """The daily sweeps of one hall (see the module's text)."""

    def __init__(
        self,
        hall: Hall,
        settings: SweepSettings | None = None,
        *,
        holder: str | None = None,
    ) -> None:
        self._hall = hall
        self._settings = settings or hall.settings.sweeps
        self._holder = (holder or socket.gethostname())[:120]
        self._row_holder = ""

    def run(self, principal: Principal, *, day: date | None = None) -> SweepReport:
        """One sweep as ``principal`` (``sweep.run``; a refusal is audited)."""
        hall = self._hall
        authorize(hall.db, principal, Permission.SWEEP_RUN, subject="sweep:run")
        day = day or hall.today()
        with self._lock() as holder:
            if holder is not None:
                return SweepReport(day, "already_running", holder=holder)
            steps = (
                self._step("deadlines", lambda: {"changed": hall.cases.recompute_deadlines()}),
                self._step("terminate_overdue", lambda: self._terminate(principal, day)),
                self._step(
                    "release_claims",
                    lambda: {"released": hall.cases.release_lapsed_claims(principal)},
                ),
                self._step("print_jobs", self._stuck_jobs),
                self._step("snapshot", lambda: self._snapshot(day)),
                self._step(
                    "rollups",
                    lambda: roll_up(hall.db, hall.tz, hall.now(), limit=self._settings.rollup_days),
                ),
            )
            report = SweepReport(
                day,
                "done" if all(s.ok for s in steps) else "failed",
                steps,
                holder=self._holder,
            )
            with uow.transaction(hall.db) as conn:
                append_event(
                    conn,
                    principal.actor,
                    "sweep.run",
                    f"sweep:{day.isoformat()}",
                    "daily sweeps",
                    report.as_json(),
                    now=hall.now,
                )
            return report

    # ---- the steps --------------------------------------------------------------------------

    @staticmethod
    def _step(name: str, work: Callable[[], Mapping[str, Any]]) -> SweepStep:
        try:
            return SweepStep(name, True, work())
        except CodedError as exc:
            log.exception("sweep step %s failed", name)
            return SweepStep(name, False, {"message": str(exc)}, error=exc.code)

    def _terminate(self, principal: Principal, day: date) -> dict[str, Any]:
        cases = self._hall.cases
        terminated: list[str] = []
        skipped: list[dict[str, str]] = []
        for item in cases.overdue_supplements(principal, day):
            try:
                cases.terminate_overdue_supplement(principal, item, day)
            except CaseError as exc:  # supplied meanwhile, finished, or changed: leave it
                skipped.append({"number": item.number, "code": exc.code})
            else:
                terminated.append(item.number)
        return {"terminated": terminated, "skipped": skipped}

    def _stuck_jobs(self) -> dict[str, Any]:
        cutoff = self._hall.now() - timedelta(minutes=self._settings.print_stuck_minutes)
        failed = self._hall.print_queue.fail_stuck(cutoff)
        return {
            "failed": [j.id for j in failed],
            "stuck_minutes": self._settings.print_stuck_minutes,
        }

    def _snapshot(self, day: date) -> dict[str, Any]:
        """The day's board, once: the totals row marks the day as taken."""
        hall = self._hall
        with uow.transaction(hall.db) as conn:
            taken = conn.execute(
                select(_snapshots.c.id).where(
                    _snapshots.c.day == day,
                    _snapshots.c.matter_code == "",
                    _snapshots.c.window == "",
                )
            ).first()
            if taken is not None:
                return {"taken": False, "already_taken": True}
            groups = hall.deadlines.counts_by_group(conn, day)
            now = hall.now()
            rows = [_snapshot_row(day, g.matter_code, g.window, g.counts, now) for g in groups]
            totals = {k: sum(r[k] for r in rows) for k in _COUNTS}
            rows.append({**_snapshot_row(day, "", "", None, now), **totals})
            conn.execute(insert(_snapshots), rows)
        return {"taken": True, "groups": len(groups), **totals}

    # ---- the lock ---------------------------------------------------------------------------

    @contextmanager
    def _lock(self) -> Iterator[str | None]:
        """Hold the sweep's lock for the block: yields None when held, else who holds it."""
        db = self._hall.db
        if db.engine.dialect.name == "postgresql":
            with uow.connection(db) as conn:
                got = bool(
                    conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": SWEEP_LOCK_KEY})
                )
                conn.commit()  # a session lock: it outlives the transaction
                if not got:
                    yield "another station"
                    return
                try:
                    yield None
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": SWEEP_LOCK_KEY})
                    conn.commit()
            return
        holder = self._take_row()
        if holder is not None:
            yield holder
            return
        try:
            yield None
        finally:
            with uow.transaction(db) as conn:
                conn.execute(
                    delete(_locks).where(
                        _locks.c.name == _LOCK_NAME, _locks.c.holder == self._row_holder
                    )
                )

    def _take_row(self) -> str | None:
        """The embedded database's lock: one conditional insert (a stale row is taken over).
        None when taken, else the holder of the row that stands."""
        now = self._hall.now()
        self._row_holder = f"{self._holder} {now.isoformat()}"[:120]
        with uow.transaction(self._hall.db) as conn:
            conn.execute(
                delete(_locks).where(_locks.c.name == _LOCK_NAME, _locks.c.expires_at <= now)
            )
            inserted = _insert_lock(conn).values(
                name=_LOCK_NAME,
                holder=self._row_holder,
                taken_at=now,
                expires_at=now + timedelta(minutes=self._settings.lock_minutes),
            )
            if conn.execute(inserted.on_conflict_do_nothing()).rowcount == 1:
                return None
            held = conn.scalar(select(_locks.c.holder).where(_locks.c.name == _LOCK_NAME))
        return str(held or "another station")


_COUNTS = ("running", "normal", "yellow", "red", "overdue", "due_today", "paused")


def _snapshot_row(
    day: date, matter: str, window: str, counts: Any, now: datetime
) -> dict[str, Any]:
    return {
        "day": day,
        "matter_code": matter,
        "window": window,
        "taken_at": now,
        **{k: int(getattr(counts, k, 0)) for k in _COUNTS},
    }


def _insert_lock(conn: Connection) -> Any:
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(_locks)
