"""A month (or any number of days) of a small hall's work, for the supervisor's dashboard
(``onewindow-admin demo activity --days 30``, ``onewindow --scene supervisor``).

Only on a registry marked synthetic (:class:`DemoActivityError` ``demo.not_synthetic``, nothing
changed). Everything goes through the real services, with the hall's clock moved to the moment
each thing happens (one :class:`~desktop.services.hall.Hall` over a :class:`MovedClock`): on
every working day people take queue tickets, windows call them (a few never come: no-shows),
clerks accept cases of the catalog's matters at several windows (a few refused, some 容缺 whose
material comes a few days later), the departments claim and decide their review tasks over the
following days (a few rejected), the windows hand out the results, and about two in three
applicants rate the service (some badly). Events are played in time order up to now; what is
due later stays open (tasks waiting, cases in review), as in a real hall.

Deterministic for a seed (the same people, matters, times and decisions), and fast: no
document is rendered (the figures count cases, not PDFs).
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from sqlalchemy import select

from desktop.domain.case_records import RatingChannel
from desktop.domain.cases import CaseEvent, CaseState, MaterialsOwed
from desktop.domain.errors import CodedError
from desktop.domain.identity import IdKind
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.matters.model import Matter, MatterKind
from desktop.domain.permissions import Principal, Role
from desktop.persistence import uow
from desktop.persistence.models import Person
from desktop.services.cases import Application, Party, ResultInfo
from desktop.services.daily_figures import forget_rollups
from desktop.services.hall import Hall
from desktop.services.status import is_synthetic

__all__ = [
    "ActivitySummary",
    "DemoActivityError",
    "MovedClock",
    "fill_activity",
    "recent_cases",
]

log = logging.getLogger(__name__)

#: Scores as applicants give them (1 非常满意 … 5 非常不满意): mostly good, some bad.
SCORES = (1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 5)


class DemoActivityError(CodedError):
    code = "demo.not_synthetic"

    def __init__(self) -> None:
        super().__init__(
            "demo activity is created only on a registry marked synthetic",
            "演示业务数据只能在标记为模拟数据的人口库上生成",
        )


class MovedClock:
    """The hall's clock, set to each moment the demo plays (never past the real now)."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment


@dataclass(slots=True)
class ActivitySummary:
    days: int = 0
    tickets: int = 0
    no_shows: int = 0
    accepted: int = 0
    refused: int = 0
    shortfall: int = 0
    decisions: int = 0
    issued: int = 0
    ratings: int = 0
    #: matter code → why the demo could not fill its form (left out).
    skipped: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Events:
    """What happens next, in time order (a heap of moments)."""

    heap: list[tuple[datetime, int, Callable[[], None]]] = field(default_factory=list)
    seq: itertools.count[int] = field(default_factory=itertools.count)

    def at(self, moment: datetime, action: Callable[[], None]) -> None:
        heapq.heappush(self.heap, (moment, next(self.seq), action))


def _clerk(window: int) -> Principal:
    return Principal.of(
        "clerk", f"综合受理窗口 #{window}", [Role.CLERK], display_name="演示窗口人员 DEMO clerk"
    )


RECEPTION = Principal.of("supervisor", "取号机 #1", [Role.SUPERVISOR])


def _approver(department: str) -> Principal:
    return Principal.of(
        f"approver-{department}", "审批室 DEMO", [Role.APPROVER], departments=[department]
    )


class _Hall:
    """One demo run: the hall on the moved clock, the people and the plan."""

    def __init__(self, hall: Hall, clock: MovedClock, rng: random.Random, now: datetime) -> None:
        self.hall = hall
        self.clock = clock
        self.rng = rng
        self.now = now
        self.events = _Events()
        self.done = ActivitySummary()
        self.queue_of = {code: q for q in hall.queue.config.queues for code in q.matter_codes}

    def local(self, day: date, hour: float) -> datetime:
        moment = datetime.combine(day, time(0), tzinfo=self.hall.tz) + timedelta(hours=hour)
        return moment.astimezone(UTC)

    def later(self, moment: datetime, working_hours: float) -> datetime:
        """``working_hours`` of office time (9–17 on working days) after ``moment``."""
        calendar = self.hall.working_days.snapshot()
        local = moment.astimezone(self.hall.tz)
        day, hour = local.date(), local.hour + local.minute / 60
        left = working_hours
        while True:
            if calendar.is_working_day(day) and hour < 17:
                start = max(hour, 9.0)
                if start + left <= 17:
                    return self.local(day, start + left)
                left -= 17 - start
            day, hour = day + timedelta(days=1), 0.0

    # ---- the window ----------------------------------------------------------------------------

    def visit(self, moment: datetime, matter: Matter, id_number: str) -> None:
        """A person takes a ticket, is called, and applies (or never comes)."""
        queue = self.queue_of.get(matter.code)
        window = self.rng.choice(queue.windows) if queue is not None else 1
        clerk = _clerk(window)
        ticket = None
        if queue is not None:
            self.clock.moment = moment - timedelta(minutes=self.rng.randint(3, 40))
            self.hall.queue.take(RECEPTION, queue.code, channel="kiosk")
            self.done.tickets += 1
            self.clock.moment = moment
            ticket = self.hall.queue.call_next(clerk, window)
            if ticket is not None and self.rng.random() < 0.06:
                for _ in range(self.hall.queue.config.recalls_before_no_show):
                    self.clock.moment += timedelta(minutes=1)
                    self.hall.queue.recall(clerk, window)
                self.clock.moment += timedelta(minutes=1)
                self.hall.queue.no_show(clerk, window)
                self.done.no_shows += 1
                return
            if ticket is not None:
                self.hall.queue.start_service(clerk, window)
        self.clock.moment = moment + timedelta(minutes=2)
        try:
            self.apply(clerk, matter, id_number)
        finally:  # (a refused application is served too)
            if ticket is not None:
                self.clock.moment += timedelta(minutes=self.rng.randint(3, 12))
                self.hall.queue.finish(clerk, window)

    def apply(self, clerk: Principal, matter: Matter, id_number: str) -> None:
        from desktop.demo.cases import _fill

        visit = self.hall.visits.open(clerk, None, id_number=id_number, matter_codes=[matter.code])
        if visit.dossier is None:
            return
        person = visit.dossier.person
        values = dict(visit.for_matter(matter.code).as_strings())
        _fill(matter, values, self.rng, self.hall.today())
        materials = {m.code: MaterialStatus.RECEIVED for m in matter.materials}
        optional = [m.code for m in matter.materials if not m.essential]
        shortfall = bool(optional) and self.rng.random() < 0.12
        if shortfall:
            materials[self.rng.choice(optional)] = MaterialStatus.OWED
        application = Application(
            matter_code=matter.code,
            applicant=Party(person.name, person.id_type, person.id_number),
            form_values=values,
            materials=materials,
            phone=values.get("phone", ""),
            channel="window",
            shortfall_promise_signed=shortfall,
        )
        if self.rng.random() < 0.04:
            self.hall.cases.refuse(clerk, application, "不属于本中心受理范围（演示）")
            self.done.refused += 1
            return
        result = ResultInfo(name=matter.short_zh, issuing_unit=self.hall.settings.station.hall_name)
        accepted = self.hall.cases.accept(clerk, application, result=result)
        case = accepted.case
        self.done.accepted += 1
        if accepted.event is CaseEvent.ACCEPT_WITH_SHORTFALL:
            self.done.shortfall += 1
        self._link(clerk, case.number)
        if case.state is CaseState.ISSUED:
            self.done.issued += 1
            self.maybe_rate(clerk, case.number, self.clock.moment + timedelta(minutes=1))
        elif case.owed and matter.kind is MatterKind.IMMEDIATE:
            codes = [m.code for m in case.owed]
            back = self.later(self.clock.moment, self.rng.uniform(4, 30))
            self.events.at(back, lambda: self.supply_and_issue(clerk, case.number, codes))
        for task in case.tasks:
            # Most tasks are decided within a few days; a few lie (past a short promise), and
            # a very few are forgotten (the deadline board's red and overdue cases).
            if self.rng.random() < 0.05:
                continue
            slow = self.rng.random() < 0.15
            due = self.later(self.clock.moment, self.rng.uniform(*((40, 70) if slow else (1, 24))))
            self.events.at(due, partial(self.decide, task.id, task.department_code))

    def _link(self, clerk: Principal, number: str) -> None:
        window = int(clerk.station.rsplit("#", 1)[-1])
        # (no ticket being served at this window: a matter without a queue)
        with contextlib.suppress(CodedError):
            self.hall.queue.link_case(clerk, window, number)

    def supply_and_issue(self, clerk: Principal, number: str, codes: list[str]) -> None:
        self.hall.cases.supply_owed(clerk, number, codes)
        self.issue(clerk, number)

    def issue(self, clerk: Principal, number: str) -> None:
        try:
            self.hall.cases.issue(clerk, number)
        except MaterialsOwed as owed:  # 容缺: the applicant brings them when collecting
            codes = owed.detail.get("owed")
            self.hall.cases.supply_owed(
                clerk, number, list(codes) if isinstance(codes, list) else []
            )
            self.hall.cases.issue(clerk, number)
        self.done.issued += 1
        self.maybe_rate(clerk, number, self.clock.moment + timedelta(minutes=1))

    def maybe_rate(self, clerk: Principal, number: str, moment: datetime) -> None:
        if self.rng.random() >= 0.65:
            return
        score = self.rng.choice(SCORES)
        channel = self.rng.choice((RatingChannel.PAD, RatingChannel.PAD, RatingChannel.KIOSK))

        def rate() -> None:
            self.hall.cases.rate(clerk, number, score, channel=channel)
            self.done.ratings += 1

        self.events.at(moment, rate)

    # ---- the back office -----------------------------------------------------------------------

    def decide(self, task_id: int, department: str) -> None:
        approver = _approver(department)
        self.hall.cases.claim(approver, task_id)
        self.clock.moment += timedelta(minutes=self.rng.randint(5, 90))
        reject = self.rng.random() < 0.07
        decision = CaseEvent.REJECT if reject else CaseEvent.APPROVE
        case = self.hall.cases.decide(
            approver,
            task_id,
            decision,
            "不符合条件（演示）" if reject else "同意（演示）",
            # The last department's approval makes the case ready to issue at once.
            prepare=ResultInfo(issuing_unit=self.hall.settings.station.hall_name),
        )
        self.done.decisions += 1
        if case.state is CaseState.READY_TO_ISSUE:
            window = self.rng.choice((1, 2, 3))
            due = self.later(self.clock.moment, self.rng.uniform(1, 20))
            self.events.at(due, lambda: self.issue(_clerk(window), case.number))
        elif case.state is CaseState.REJECTED:
            self.maybe_rate(_clerk(1), case.number, self.clock.moment + timedelta(hours=2))

    # ---- the run -------------------------------------------------------------------------------

    def run_until(self, until: datetime) -> None:
        while self.events.heap and self.events.heap[0][0] <= until:
            moment, _seq, action = heapq.heappop(self.events.heap)
            self.clock.moment = moment
            try:
                action()
            except CodedError as exc:  # a rule of the hall said no: on the record, go on
                log.info("demo activity: %s", exc.code)


def recent_cases(hall: Hall, since: date) -> int:
    """How many cases the hall received from ``since`` (its day) on."""
    from sqlalchemy import func

    from desktop.persistence.models import Case

    start = datetime.combine(since, time(0), tzinfo=hall.tz).astimezone(UTC)
    with uow.connection(hall.db) as conn:
        return int(
            conn.execute(select(func.count()).where(Case.received_at >= start)).scalar() or 0
        )


def _people(hall: Hall, count: int) -> list[str]:
    with uow.connection(hall.db) as conn:
        return list(
            conn.execute(
                select(Person.id_number)
                .where(Person.id_type == IdKind.CITIZEN.value)
                .order_by(Person.id)
                .limit(count)
            ).scalars()
        )


def _usable_matters(run: _Hall, people: list[str]) -> list[Matter]:
    """The catalog's matters whose form the demo fills (probed once on a person, untouched)."""
    from desktop.demo.cases import _fill
    from desktop.domain.matters.validation import validate_form

    hall = run.hall
    usable: list[Matter] = []
    clerk = _clerk(1)
    for matter in hall.catalog:
        problems = ""
        for id_number in people[:6]:
            visit = hall.visits.open(clerk, None, id_number=id_number, matter_codes=[matter.code])
            values = dict(visit.for_matter(matter.code).as_strings())
            _fill(matter, values, run.rng, hall.today())
            errors = validate_form(matter, values, today=hall.today())
            if not errors:
                usable.append(matter)
                break
            problems = errors[0].message_en
        else:
            run.done.skipped[matter.code] = problems
    return usable


def fill_activity(
    hall: Hall,
    days: int = 30,
    *,
    random_seed: int = 7,
    per_day: tuple[int, int] = (14, 22),
) -> ActivitySummary:
    """Play ``days`` days up to now at ``hall`` (a synthetic registry only); returns counts."""
    if not is_synthetic(hall.db.meta()):
        raise DemoActivityError()
    rng = random.Random(random_seed)
    now = hall.now()
    today = hall.today()
    first = today - timedelta(days=max(days, 1) - 1)
    clock = MovedClock(datetime.combine(first, time(8), tzinfo=hall.tz).astimezone(UTC))
    moved = Hall(hall.db, hall.paths, hall.settings, catalog=hall.catalog, now=clock)
    run = _Hall(moved, clock, rng, now)
    people = _people(moved, 400)
    rng.shuffle(people)
    matters = _usable_matters(run, people)
    if not matters or not people:
        return run.done
    weights = [4 if m.kind is MatterKind.IMMEDIATE else 3 for m in matters]
    calendar = moved.working_days.snapshot()
    people_cycle = itertools.cycle(people)
    day = first
    while day <= today:
        if calendar.is_working_day(day):
            run.done.days += 1
            count = rng.randint(*per_day)
            for i in range(count):
                hour = 9 + 7.5 * (i + rng.random()) / count
                moment = run.local(day, hour)
                if moment > now:
                    break
                matter = rng.choices(matters, weights)[0]
                id_number = next(people_cycle)
                run.events.at(moment, partial(run.visit, moment, matter, id_number))
        day += timedelta(days=1)
        run.run_until(min(run.local(day, 0), now))
    # The cases were written with past moments: the sweep would not see them as late changes.
    forget_rollups(hall.db)
    log.info("demo activity: %s", run.done)
    return run.done
