"""What every part of the case service shares: authorization and audited refusals, the facts
of a case, reading a case back, and the one template every state change goes through.

The template (:meth:`CaseBase._transition` for a change of its own, :meth:`CaseBase._apply`
inside a transaction that already holds the case) does, in this order and in one transaction:

1. lock the case by bumping its version (``UPDATE … RETURNING``: its row lock on PostgreSQL,
   SQLite's write lock before anything is read) and check the expected version;
2. ask the transition table (:func:`~desktop.domain.cases.next_state`) where the event leads;
3. the change itself (a :data:`Work` function: materials, tasks, pauses, result…);
4. write the case row once — the new state, ``updated_at`` and what the change returned;
5. one ``case_steps`` row and one audit event, which publishes the change for the other
   stations' live views (:meth:`CaseBase._topics`; on PostgreSQL in the audit append's own
   statement, see :func:`desktop.services.audit.append_event`).

A :class:`~desktop.domain.cases.CaseError` rolls it all back and is then audited on its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, NoReturn, TypeVar

from sqlalchemy import Connection, Row, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from desktop.config.settings import CasesSettings
from desktop.domain.cases import (
    FINAL_STATES,
    CaseDetail,
    CaseError,
    CaseEvent,
    CaseNotFound,
    CaseState,
    NumberPattern,
    PauseKind,
    ReasonRequired,
    StaleCase,
    TaskNotFound,
    TaskStatus,
    UnknownMatter,
    WorkingDays,
    next_state,
    transition_for,
)
from desktop.domain.identity import normalise_id_text
from desktop.domain.matters.model import LimitUnit, Matter, MatterKind
from desktop.domain.permissions import Permission, Principal
from desktop.domain.registry import to_jsonable
from desktop.domain.workcalendar import DeadlineThresholds
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.prepared import Prepared
from desktop.services import audit_lanes, changes
from desktop.services.audit import append_event
from desktop.services.cases import tables as t
from desktop.services.cases.clock import NO_DEADLINES, HallClock, PauseSpan
from desktop.services.cases.reading import read_detail
from desktop.services.cases.records import (
    CatalogLookup,
    FormValidator,
    ResultInfo,
    default_validator,
)
from desktop.services.guard import audit_refusal, authorize
from desktop.services.pseudonyms import person_pseudonym

_T = TypeVar("_T")

_ACTION = {  # GB/T 39046 step action: pass / return / other
    CaseEvent.RETURN_FOR_CORRECTION: "return",
    CaseEvent.NOTIFY_MISSING: "return",
    CaseEvent.REFUSE: "other",
    CaseEvent.REJECT: "other",
    CaseEvent.WITHDRAW: "other",
    CaseEvent.TERMINATE: "other",
    CaseEvent.PAUSE_CLOCK: "other",
    CaseEvent.RESUME_CLOCK: "other",
    CaseEvent.RATE: "other",
    CaseEvent.REVOKE_DOCUMENT: "other",
}


#: Events that never move the clock: the template keeps the case row's deadline dates. Every
#: other event (and any change that moves the promised date) recomputes them.
_CLOCK_NEUTRAL = frozenset(
    {
        CaseEvent.START_REVIEW,
        CaseEvent.PREPARE_RESULT,
        CaseEvent.SUPPLY_OWED,
        CaseEvent.RATE,
        CaseEvent.REVOKE_DOCUMENT,
    }
)


_STEP_COLUMNS = [c.name for c in t.steps.c if c.name not in ("id", "seq")]
#: A step row numbered after the case's newest (``max(seq) + 1``, under the case's lock) in one
#: round trip, its number returned.
_INSERT_NEXT_STEP = Prepared(
    insert(t.steps)
    .from_select(
        [*_STEP_COLUMNS, "seq"],
        select(
            *(bindparam(f"v_{c}", type_=t.steps.c[c].type) for c in _STEP_COLUMNS),
            func.coalesce(func.max(t.steps.c.seq), 0) + 1,
        ).where(t.steps.c.case_id == bindparam("v_case_id", type_=t.steps.c.case_id.type)),
    )
    .returning(t.steps.c.seq)
)


def _with_lane(statement: Any) -> Prepared:
    """PostgreSQL: ``statement`` taking a free audit lane too (:func:`audit_lanes.free_lane_cte`),
    returning it as ``lane_*`` beside what it returned."""
    lane = audit_lanes.free_lane_cte("lane")
    return Prepared(
        statement.add_cte(lane).returning(
            *(
                select(lane.c[f"lane_{c}"]).scalar_subquery().label(f"lane_{c}")
                for c in audit_lanes.LANE_COLUMNS
            )
        )
    )


_INSERT_STEP = insert(t.steps).values(t.bound_columns(t.steps))
_INSERT_NEXT_STEP_LANE = _with_lane(_INSERT_NEXT_STEP.statement)
_INSERT_STEP_LANE = _with_lane(_INSERT_STEP)

#: PostgreSQL: a transition's case row written by its step row's statement, as a CTE
#: (``c_<column>`` parameters): one round trip for both. Per set of columns × step form.
_WRITTEN_WITH_STEP: dict[tuple[tuple[str, ...], bool, bool], Prepared] = {}
_WRITTEN_LOCK = threading.Lock()


def _written_with_step(columns: tuple[str, ...], numbered: bool, lane: bool) -> Prepared:
    """``lane``: the step's statement takes a free audit lane; else it returns the next event
    number (the transaction holds a lane already: :func:`audit_lanes.number_taken`)."""
    key = (columns, numbered, lane)
    found = _WRITTEN_WITH_STEP.get(key)
    if found is not None:
        return found
    written = (
        update(t.cases)
        .where(t.cases.c.id == bindparam("c_case_id", type_=t.cases.c.id.type))
        .values({c: bindparam(f"c_{c}", type_=t.cases.c[c].type) for c in columns})
        .cte("case_written")
    )
    step: Any = _INSERT_STEP if numbered else _INSERT_NEXT_STEP.statement
    step = step.add_cte(written)
    if lane:
        prepared = _with_lane(step)
    elif numbered:
        prepared = Prepared(step.returning(t.steps.c.seq, audit_lanes.NEXT_NUMBER))
    else:
        prepared = Prepared(step.returning(audit_lanes.NEXT_NUMBER))
    with _WRITTEN_LOCK:
        return _WRITTEN_WITH_STEP.setdefault(key, prepared)


def kind_of(case_type: str) -> MatterKind:
    return MatterKind.IMMEDIATE if case_type == "1" else MatterKind.PROMISED


@dataclass(frozen=True, slots=True)
class Facts:
    """What authorization needs to know about a case (none of it ever changes)."""

    id: int
    number: str
    matter_code: str
    matter_name: str
    applicant_id_hash: str
    applicant_id_masked: str
    departments: tuple[str, ...]


@dataclass(slots=True)
class Held:
    """A case held in the current transaction: locked by the template, or opened by it (a
    transition from ``DRAFT`` inserts the row; ``id`` is set by that change)."""

    number: str
    state: CaseState
    kind: MatterKind
    purpose: str  # the audit events' purpose: "<matter code> <matter name>"
    id: int = 0
    row: Row[Any] | None = None  # as locked (None for a case opened in this transaction)
    next_seq: int | None = None  # the next step row's number, when known without asking
    #: The departments with a task on the case, when the change read them (else the template
    #: asks when it announces the change).
    departments: tuple[str, ...] | None = None
    #: The case's pauses as this change left them, when the change read them (ending a pause
    #: reads them all): the template's deadline dates use them once instead of reading again.
    spans: list[PauseSpan] | None = None

    @property
    def locked(self) -> Row[Any]:
        assert self.row is not None, "a case opened in this transaction has no locked row"
        return self.row


@dataclass(frozen=True, slots=True)
class Step:
    """What a change gets: the transaction, the case, where the table says it goes, when."""

    conn: Connection
    case: Held
    target: CaseState
    moment: datetime


@dataclass(frozen=True, slots=True)
class Change:
    """What a change hands back to the template for the case row, the step and the audit."""

    values: Mapping[str, object] = field(default_factory=dict)  # more columns of the case row
    opinion: str = ""
    step: str = ""  # the step's name (default: the event)
    detail: Mapping[str, object] = field(default_factory=dict)
    audit_action: str = ""  # default: case.<event>
    #: The table allows the event but the case stays where it is (one department's approval
    #: while others are still deciding).
    keep_state: bool = False


#: The change of one transition, run by the template between the table and the record.
Work = Callable[[Step], Change]


def _no_change(_: Step) -> Change:
    return Change()


class CaseBase:
    """The case service's shared machinery; the parts (intake, review, result, queries) add
    the methods."""

    def __init__(
        self,
        db: Database,
        catalog_lookup: CatalogLookup,
        calendar: WorkingDays,
        settings: CasesSettings | None = None,
        *,
        validator: FormValidator | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        thresholds: DeadlineThresholds | None = None,
        claim_minutes: int = 30,
        limit_units: Mapping[str, LimitUnit] | None = None,
        followup_working_days: int = 15,
    ) -> None:
        self._db = db
        #: A bad rating's follow-up is due this many hall working days after the rating
        #: (``[ratings] followup_working_days``).
        self.followup_working_days = followup_working_days
        #: A review claim lapses after this many minutes (``[review] claim_minutes``).
        self.claim_minutes = claim_minutes
        #: Each matter's limit unit (the review queue's deadline dates differ per unit).
        self.limit_units = limit_units
        self._lookup = catalog_lookup
        self._settings = settings or CasesSettings()
        self._pattern = NumberPattern(self._settings.number_pattern)
        self._validator = validator or default_validator
        self._now = now
        self._clock = HallClock(
            catalog_lookup,
            calendar,
            self._settings.utc_offset_minutes,
            now,
            thresholds or DeadlineThresholds(),
        )
        dbapi = db.engine.dialect.dbapi
        self._integrity_errors: tuple[type[Exception], ...] = (
            (IntegrityError, dbapi.IntegrityError) if dbapi is not None else (IntegrityError,)
        )

    # ---- the template --------------------------------------------------------------------

    def _prepare(
        self,
        principal: Principal,
        number: str,
        permission: Permission,
        *,
        department: Callable[[Facts], str | None] | None = None,
        card_holder: bool = False,
        reason: str | None = None,
        reason_name: str = "",
    ) -> tuple[Facts, Matter]:
        """Before the transaction: the case's facts, the permission (a refusal is audited),
        its matter and a required reason."""
        facts = self._facts(principal, number)
        self._authorize(
            principal,
            permission,
            f"case:{number}",
            department=department(facts) if department is not None else None,
            card_holder_id=self._card_holder_for(principal, facts) if card_holder else None,
        )
        matter = self._matter(principal, facts.matter_code, f"case:{number}")
        if reason is not None and not reason.strip():
            self._refused(principal, f"case:{number}", ReasonRequired(reason_name))
        return facts, matter

    def _transition(
        self,
        principal: Principal,
        number: str,
        event: CaseEvent | Callable[[Held], CaseEvent],
        work: Work = _no_change,
        *,
        expected_version: int | None = None,
        check: Callable[[Connection, Row[Any]], None] | None = None,
    ) -> CaseDetail:
        """One state change in a transaction of its own, then the case as it now stands."""

        def run(conn: Connection) -> None:
            case = self._hold(conn, number, expected_version)
            if check is not None:
                check(conn, case.locked)  # re-checked under the case's lock
            chosen = event if isinstance(event, CaseEvent) else event(case)
            self._apply(conn, principal, case, chosen, work)

        self._in_transaction(principal, f"case:{number}", run)
        return self._detail_by_number(number)

    def _simple(
        self,
        principal: Principal,
        number: str,
        permission: Permission,
        event: CaseEvent,
        *,
        reason: str | None = None,
        reason_name: str = "",
        expected_version: int | None,
        final: bool = False,
        values: Mapping[str, object] | None = None,
        check: Callable[[Connection, Row[Any]], None] | None = None,
    ) -> CaseDetail:
        """A transition whose change is only columns of the case row (and, for one that ends
        the case, its open tasks cancelled and any pause ended)."""
        self._prepare(principal, number, permission, reason=reason, reason_name=reason_name)

        def work(step: Step) -> Change:
            written = dict(values or {})
            if final:
                written.update(self._ending(step, principal))
            return Change(values=written, opinion=(reason or "").strip())

        return self._transition(
            principal, number, event, work, expected_version=expected_version, check=check
        )

    def _completion(self, result: ResultInfo | None, *, by_post: bool) -> dict[str, object]:
        """The case row's columns for a handed-out result (without ``result``: as prepared)."""
        values: dict[str, object] = {"delivered_by_post": by_post}
        if result is not None:
            values.update(
                result_name=result.name,
                result_number=result.number,
                result_valid_until=result.valid_until,
                issuing_unit=result.issuing_unit or self._settings.accepting_unit,
            )
        return values

    def _ending(self, step: Step, principal: Principal) -> dict[str, object]:
        """A case that ends: completed now, open tasks cancelled, a running pause ended (the
        promised date moved on by it)."""
        values: dict[str, object] = {"completed_at": step.moment}
        self._cancel_tasks(step.conn, step.case.id)
        values.update(self._pause_ended(step, principal))
        return values

    def _pause_ended(
        self, step: Step, principal: Principal, *, only_kind: PauseKind | None = None
    ) -> dict[str, object]:
        """End a running pause: the case row's new promised date, if it moves."""
        spans: list[PauseSpan] = []
        ended = self._clock.close_pause(
            step.conn, principal, step.case.locked, step.moment, only_kind=only_kind, spans=spans
        )
        step.case.spans = spans
        if ended is None or not ended[0]:
            return {}
        return {"promised_date": ended[1]} if ended[1] is not None else {}

    def _hold(self, conn: Connection, number: str, expected_version: int | None) -> Held:
        """Lock the case (version bump) for a change in this transaction."""
        row = self._lock(conn, number, expected_version)
        purpose = f"{row.matter_code} {row.matter_name}"[:200]
        return Held(number, CaseState(row.state), kind_of(row.case_type), purpose, row.id, row)

    def _apply(
        self,
        conn: Connection,
        principal: Principal,
        case: Held,
        event: CaseEvent,
        work: Work = _no_change,
        *,
        moment: datetime | None = None,
    ) -> CaseState:
        """The template's steps 2–5 on a case this transaction holds; returns the new state."""
        source = case.state
        target = next_state(source, event, case.kind, number=case.number)
        moment = moment or self._now()
        change = work(Step(conn, case, target, moment))
        reached = source if change.keep_state else target
        values: dict[str, object] | None = None
        if source is not CaseState.DRAFT:  # a transition from DRAFT inserted the row itself
            values = {"state": reached.value, "updated_at": moment, **change.values}
            if event not in _CLOCK_NEUTRAL and not change.keep_state:
                values.update(self._deadlines(conn, case, reached, change.values))
            if conn.dialect.name != "postgresql":  # PostgreSQL: with the step row, below
                t.write_case(conn, case.id, values)
                values = None
        case.spans = None  # this change's reading of the pauses: not for the next one
        # the change's live topics go out with its audit event (one statement on PostgreSQL)
        topics = self._topics(conn, case, source, reached)
        self._record(conn, principal, case, event, source, reached, moment, change, topics, values)
        case.state = reached
        return reached

    def _deadlines(
        self, conn: Connection, case: Held, reached: CaseState, values: Mapping[str, object]
    ) -> dict[str, date | None]:
        """The case clock as the row's dates after this change (its pauses as they now stand
        in this transaction): what the review queue and the deadline board filter on."""
        if reached in FINAL_STATES:
            return dict(NO_DEADLINES)
        row = case.locked
        promised = values.get("promised_date", row.promised_date)
        accepted = values.get("accepted_at", row.accepted_at) or row.received_at
        assert promised is None or isinstance(promised, date)
        assert isinstance(accepted, datetime)
        spans, case.spans = case.spans, None  # read by this change (once), or read now
        if spans is None:
            spans = self._clock.spans(conn, [case.id]).get(case.id, [])
        return self._clock.deadline_values(reached, row.matter_code, accepted, promised, spans)

    def _lock(self, conn: Connection, number: str, expected_version: int | None) -> Row[Any]:
        """Bump the case's version first: its row lock (PostgreSQL) / the write lock (SQLite)."""
        row = conn.execute(
            update(t.cases)
            .where(t.cases.c.number == number)
            .values(version=t.cases.c.version + 1)
            .returning(*t.cases.c)
        ).one_or_none()
        if row is None:
            raise CaseNotFound(number)
        if expected_version is not None and row.version - 1 != expected_version:
            raise StaleCase(number, expected_version, row.version - 1)
        return row

    def _may(self, case: Held, event: CaseEvent) -> None:
        """Ask the table whether ``event`` may happen to the held case now (no change)."""
        transition_for(case.state, event, case.kind, number=case.number)

    def _record(
        self,
        conn: Connection,
        principal: Principal,
        case: Held,
        event: CaseEvent,
        source: CaseState,
        target: CaseState,
        moment: datetime,
        change: Change,
        topics: Sequence[str] = (),
        case_values: Mapping[str, object] | None = None,
    ) -> None:
        """The step row (who, when, station) and the audit event of one transition, with the
        live ``topics`` it publishes; ``case_values`` (PostgreSQL): the case row's change,
        written by the step row's statement."""
        row = t.v(
            case_id=case.id,
            event=event.value,
            action=_ACTION.get(event, "pass"),
            step=change.step or event.value,
            handler=principal.user,
            station=principal.station,
            opinion=change.opinion.strip(),
            started_at=moment,
            ended_at=moment,
            status="2",
            from_state=source.value,
            to_state=target.value,
            detail=dict(change.detail),
        )
        # PostgreSQL: the audit lane the event goes to is taken by the step's statement
        take = conn.dialect.name == "postgresql" and not audit_lanes.holds_lane(conn)
        if case_values is not None:
            columns = tuple(sorted(case_values))
            numbered = case.next_seq
            stmt = _written_with_step(columns, numbered is not None, take)
            params = {f"c_{c}": case_values[c] for c in columns}
            if numbered is not None:
                params["v_seq"] = numbered
            found = stmt.one_or_none(conn, c_case_id=case.id, **params, **row)
            assert found is not None
            case.next_seq = numbered + 1 if numbered is not None else int(found["seq"]) + 1
            if "promised_date" in case_values:
                t.TASKS_PROMISED.run(conn, case_id=case.id, promised=case_values["promised_date"])
            if not take:
                audit_lanes.number_taken(conn, found)
        elif case.next_seq is None:  # numbered after the case's newest step, in one statement
            found = (_INSERT_NEXT_STEP_LANE if take else _INSERT_NEXT_STEP).one_or_none(conn, **row)
            assert found is not None
            case.next_seq = int(found["seq"]) + 1
        elif take:
            found = _INSERT_STEP_LANE.one_or_none(conn, v_seq=case.next_seq, **row)
            assert found is not None
            case.next_seq += 1
        else:
            found = None
            t.INSERT_STEP.run(conn, v_seq=case.next_seq, **row)
            case.next_seq += 1
        if take and found is not None:
            audit_lanes.lane_taken(conn, found)
        append_event(
            conn,
            principal.actor,
            change.audit_action or f"case.{event.value}",
            f"case:{case.number}",
            case.purpose,
            {"from": source.value, "to": target.value, **change.detail},
            publish=topics,
        )

    def _topics(self, conn: Connection, case: Held, *states: CaseState) -> list[str]:
        """The live topics of a change of ``case``, for the other stations' views:
        ``case:<number>``; ``cases`` for a case opened now (from ``DRAFT``);
        ``review:<department>`` for every department with a task on the case when any of
        ``states`` (default: the case's state now) is in review — its tasks were created,
        claimed, unclaimed, reassigned, decided, cancelled or reopened, or the case a review
        queue shows changed. The template publishes them with every transition's audit
        event."""
        states = states or (case.state,)
        topics = [changes.case_topic(case.number)]
        if CaseState.DRAFT in states:
            topics.append(changes.CASES)
        if CaseState.IN_REVIEW in states:
            departments = case.departments
            if departments is None:
                departments = tuple(
                    conn.execute(
                        select(t.tasks.c.department_code)
                        .where(t.tasks.c.case_id == case.id)
                        .distinct()
                    ).scalars()
                )
            topics += sorted(changes.review_topic(d) for d in departments)
        return topics

    # ---- transactions and refusals ---------------------------------------------------------

    def _in_transaction(
        self, principal: Principal, subject: str, work: Callable[[Connection], _T]
    ) -> _T:
        """Run ``work`` in one transaction; a case error rolls it back, then is audited."""
        try:
            with uow.transaction(self._db) as conn:
                return work(conn)
        except CaseError as exc:
            self._refused(principal, subject, exc)

    def _refused(self, principal: Principal, subject: str, exc: CaseError) -> NoReturn:
        """Audit a refused case action in a transaction of its own, then raise it."""
        audit_refusal(
            self._db,
            principal,
            exc.code,
            subject,
            {"message": str(exc), **to_jsonable(exc.detail)},
        )
        raise exc

    def _authorize(
        self,
        principal: Principal,
        permission: Permission,
        subject: str,
        *,
        department: str | None = None,
        card_holder_id: str | None = None,
    ) -> None:
        authorize(
            self._db,
            principal,
            permission,
            subject=subject,
            department=department,
            card_holder_id=card_holder_id,
        )

    def _card_holder_for(self, principal: Principal, facts: Facts) -> str | None:
        """For a kiosk: the card holder if the case is theirs, else a stand-in that is not."""
        if principal.card_holder_id is None:
            return None
        own = (
            person_pseudonym(self._db.engine, normalise_id_text(principal.card_holder_id))
            == facts.applicant_id_hash
        )
        return principal.card_holder_id if own else f"case-applicant:{facts.applicant_id_masked}"

    # ---- facts -----------------------------------------------------------------------------

    def _matter(self, principal: Principal, code: str, subject: str) -> Matter:
        try:
            return self._lookup(code)
        except KeyError:
            self._refused(principal, subject, UnknownMatter(code))

    def _facts(self, principal: Principal, number: str) -> Facts:
        with uow.connection(self._db) as conn:
            row = conn.execute(
                select(
                    t.cases.c.id,
                    t.cases.c.matter_code,
                    t.cases.c.matter_name,
                    t.cases.c.applicant_id_hash,
                    t.cases.c.applicant_id_masked,
                ).where(t.cases.c.number == number)
            ).one_or_none()
            if row is None:
                depts: tuple[str, ...] = ()
            else:
                depts = tuple(
                    conn.execute(
                        select(t.tasks.c.department_code)
                        .where(t.tasks.c.case_id == row.id)
                        .order_by(t.tasks.c.id)
                    ).scalars()
                )
        if row is None:
            self._refused(principal, f"case:{number}", CaseNotFound(number))
        if not depts:
            try:
                depts = self._lookup(row.matter_code).department_codes
            except KeyError:
                depts = ()
        return Facts(
            row.id,
            number,
            row.matter_code,
            row.matter_name,
            row.applicant_id_hash,
            row.applicant_id_masked,
            depts,
        )

    def _task_facts(self, principal: Principal, task_id: int) -> tuple[Row[Any], str]:
        with uow.connection(self._db) as conn:
            row = conn.execute(
                select(t.tasks, t.cases.c.number, t.cases.c.matter_code)
                .select_from(t.tasks.join(t.cases, t.cases.c.id == t.tasks.c.case_id))
                .where(t.tasks.c.id == task_id)
            ).one_or_none()
        if row is None:
            self._refused(principal, f"task:{task_id}", TaskNotFound(task_id))
        return row, row.number

    @staticmethod
    def _cancel_tasks(conn: Connection, case_id: int) -> None:
        conn.execute(
            update(t.tasks)
            .where(
                t.tasks.c.case_id == case_id,
                t.tasks.c.status.in_([TaskStatus.OPEN.value, TaskStatus.CLAIMED.value]),
            )
            .values(status=TaskStatus.CANCELLED.value)
        )

    # ---- reading a case back ---------------------------------------------------------------

    def _detail_by_number(self, number: str) -> CaseDetail:
        with uow.connection(self._db) as conn:
            return self._read_detail(conn, number)

    def _read_detail(self, conn: Connection, number: str) -> CaseDetail:
        return read_detail(conn, number, self._clock)
