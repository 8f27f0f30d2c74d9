"""好差评 follow-ups as plain calls: the supervisor's list, each step of a follow-up, the
dashboard's counts (no Qt).

A bad rating opens its follow-up in the rating's own transaction (:func:`open_followup`,
called by the case service's ``rate``), due :attr:`followup_working_days` hall working days
after the rating's day. Every later step (:meth:`RatingFollowUps.assign`, ``record_callback``,
``record_rectification``, ``reply``, ``close``, ``appeal``, ``decide_appeal``) is one
transaction: the follow-up row locked by a version bump, the move asked of the table
(:data:`desktop.domain.ratings.FOLLOWUP_MOVES`), the row written, one audit event and the live
feed's ``ratings`` topic. A permission refused is audited by the guard; a step refused for its
state or its input rolls back and is audited in a transaction of its own. Records out are
frozen (:class:`~desktop.domain.ratings.FollowUpRecord`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, NoReturn, Protocol, cast

from sqlalchemy import Connection, Row, Table, and_, case, func, insert, or_, select, update

from desktop.domain.case_records import RatingChannel
from desktop.domain.errors import CodedError
from desktop.domain.permissions import Permission, Principal, Role, permissions_of
from desktop.domain.ratings import (
    OPEN_FOLLOWUP_STATES,
    AppealDecision,
    FollowUpCounts,
    FollowUpError,
    FollowUpErrorCode,
    FollowUpEvent,
    FollowUpRecord,
    FollowUpState,
    FollowUpTransitionError,
    GroupCount,
    RatingCount,
    next_followup_state,
)
from desktop.domain.registry import to_jsonable
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import Case, CaseRating, RatingFollowUp, User
from desktop.services.audit import append_event
from desktop.services.changes import publish
from desktop.services.guard import audit_refusal, authorize

__all__ = [
    "PURPOSE",
    "RATINGS_TOPIC",
    "RatingFollowUps",
    "followup_topic",
    "open_followup",
]

#: The live feed's topic of every follow-up change (a dashboard or a follow-up list refreshes).
RATINGS_TOPIC = "ratings"
#: The audit events' purpose.
PURPOSE = "好差评整改 rating follow-up"
#: The longest text a step takes (a call-back outcome, a rectification, a reply, a reason).
TEXT_MAX = 2000

_followups = cast(Table, RatingFollowUp.__table__)
_ratings = cast(Table, CaseRating.__table__)
_cases = cast(Table, Case.__table__)
_users = cast(Table, User.__table__)
_OPEN = sorted(s.value for s in OPEN_FOLLOWUP_STATES)


def followup_topic(followup_id: int) -> str:
    return f"followup:{followup_id}"


class WorkingDays(Protocol):
    def working_days_between(self, a: date, b: date) -> int: ...


def open_followup(
    conn: Connection,
    principal: Principal,
    rating_id: int,
    case_id: int,
    case_number: str,
    moment: datetime,
    due: date,
) -> int:
    """Open the follow-up of a bad rating in the rating's transaction; returns its id."""
    followup_id = int(
        conn.execute(
            insert(_followups)
            .values(
                rating_id=rating_id,
                case_id=case_id,
                state=FollowUpState.OPEN.value,
                opened_at=moment,
                due_date=due,
                updated_at=moment,
                version=1,
            )
            .returning(_followups.c.id)
        ).scalar_one()
    )
    append_event(
        conn,
        principal.actor,
        "rating.followup_open",
        followup_topic(followup_id),
        PURPOSE,
        {"case": case_number, "rating": rating_id, "due": due.isoformat()},
        now=lambda: moment,
    )
    publish(conn, RATINGS_TOPIC, followup_topic(followup_id), now=moment)
    return followup_id


_LIST = select(
    _followups,
    _ratings.c.score,
    _ratings.c.comment,
    _ratings.c.channel,
    _ratings.c.rated_at,
    _ratings.c.window,
    _ratings.c.visit_event,
    _cases.c.number.label("case_number"),
    _cases.c.matter_code,
    _cases.c.matter_name,
).select_from(
    _followups.join(_ratings, _ratings.c.id == _followups.c.rating_id).join(
        _cases, _cases.c.id == _followups.c.case_id
    )
)


def _rating_count(r: Sequence[Any]) -> RatingCount:
    """A group's figures; the mean score is the scores' sum over their number, rounded to two
    places (as the dashboard's, from its daily sums: ``desktop.services.daily_review``)."""
    key, name, total, bad, score_sum, voided = r
    return RatingCount(
        key,
        name,
        int(total),
        int(bad),
        round(int(score_sum) / int(total), 2) if int(total) else 0.0,
        voided=int(voided),
    )


class RatingFollowUps:
    """The supervisor's follow-ups of bad ratings, and the ratings' figures."""

    def __init__(
        self,
        db: Database,
        working_days: WorkingDays,
        *,
        tz: tzinfo = UTC,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._db = db
        self._days = working_days
        self._tz = tz
        self._now = now

    # ---- reading -----------------------------------------------------------------------------

    def today(self) -> date:
        return self._now().astimezone(self._tz).date()

    def followups(
        self,
        principal: Principal,
        *,
        state: FollowUpState | None = None,
        late_only: bool = False,
        open_only: bool = False,
        matter_code: str | None = None,
        window: str | None = None,
        assignee: str | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> tuple[FollowUpRecord, ...]:
        """Follow-ups, late ones first, then by their last day (the most urgent first)."""
        authorize(self._db, principal, Permission.RATING_FOLLOWUP, subject="followups")
        today = self.today()
        late = and_(_followups.c.state.in_(_OPEN), _followups.c.due_date < today)
        stmt = _LIST
        if state is not None:
            stmt = stmt.where(_followups.c.state == FollowUpState(state).value)
        if open_only:
            stmt = stmt.where(_followups.c.state.in_(_OPEN))
        if late_only:
            stmt = stmt.where(late)
        if matter_code:
            stmt = stmt.where(_cases.c.matter_code == matter_code)
        if window:
            stmt = stmt.where(_ratings.c.window == window)
        if assignee:
            stmt = stmt.where(_followups.c.assignee == assignee)
        stmt = (
            stmt.order_by(
                case((late, 0), (_followups.c.state.in_(_OPEN), 1), else_=2),
                _followups.c.due_date,
                _followups.c.id,
            )
            .limit(max(1, min(limit, 10_000)))
            .offset(max(0, offset))
        )
        with uow.connection(self._db) as conn:
            rows = conn.execute(stmt).all()
        return tuple(self._record(r, today) for r in rows)

    def followup(self, principal: Principal, followup_id: int) -> FollowUpRecord:
        authorize(
            self._db, principal, Permission.RATING_FOLLOWUP, subject=followup_topic(followup_id)
        )
        return self._read(principal, followup_id)

    def counts(self, principal: Principal) -> FollowUpCounts:
        """Open, late and appealed follow-ups, and open / late by matter and by window."""
        authorize(self._db, principal, Permission.RATING_FOLLOWUP, subject="followups")
        today = self.today()
        is_late = case((_followups.c.due_date < today, 1), else_=0)
        base = (
            _followups.join(_ratings, _ratings.c.id == _followups.c.rating_id).join(
                _cases, _cases.c.id == _followups.c.case_id
            ),
            _followups.c.state.in_(_OPEN),
        )
        with uow.connection(self._db) as conn:
            total = conn.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(is_late), 0),
                    func.coalesce(
                        func.sum(
                            case((_followups.c.state == FollowUpState.APPEALED.value, 1), else_=0)
                        ),
                        0,
                    ),
                )
                .select_from(base[0])
                .where(base[1])
            ).one()
            by_matter = conn.execute(
                select(
                    _cases.c.matter_code,
                    func.min(_cases.c.matter_name),
                    func.count(),
                    func.coalesce(func.sum(is_late), 0),
                )
                .select_from(base[0])
                .where(base[1])
                .group_by(_cases.c.matter_code)
                .order_by(func.count().desc(), _cases.c.matter_code)
            ).all()
            by_window = conn.execute(
                select(_ratings.c.window, func.count(), func.coalesce(func.sum(is_late), 0))
                .select_from(base[0])
                .where(base[1])
                .group_by(_ratings.c.window)
                .order_by(func.count().desc(), _ratings.c.window)
            ).all()
        return FollowUpCounts(
            open=int(total[0]),
            late=int(total[1]),
            appealed=int(total[2]),
            by_matter=tuple(GroupCount(r[0], r[1], int(r[2]), int(r[3])) for r in by_matter),
            by_window=tuple(GroupCount(r[0], r[0], int(r[1]), int(r[2])) for r in by_window),
        )

    def rating_counts(
        self, principal: Principal, since: date, until: date
    ) -> tuple[tuple[RatingCount, ...], tuple[RatingCount, ...]]:
        """Ratings given on the hall's days ``since`` … ``until`` (both included), by matter
        and by window: how many, how many bad, the mean score. A rating whose appeal was
        upheld (malicious) is left out of those and counted as ``voided``."""
        authorize(self._db, principal, Permission.RATING_FOLLOWUP, subject="ratings")
        start = datetime.combine(since, time(), self._tz)
        end = datetime.combine(until + timedelta(days=1), time(), self._tz)
        voided = _followups.c.state == FollowUpState.VOIDED.value
        counted = or_(_followups.c.state.is_(None), ~voided)
        figures = (
            func.coalesce(func.sum(case((counted, 1), else_=0)), 0),
            func.coalesce(func.sum(case((and_(counted, _ratings.c.score >= 4), 1), else_=0)), 0),
            func.coalesce(func.sum(case((counted, _ratings.c.score), else_=0)), 0),
            func.coalesce(func.sum(case((voided, 1), else_=0)), 0),
        )
        where = and_(_ratings.c.rated_at >= start, _ratings.c.rated_at < end)
        joined = _ratings.join(_cases, _cases.c.id == _ratings.c.case_id).outerjoin(
            _followups, _followups.c.rating_id == _ratings.c.id
        )
        with uow.connection(self._db) as conn:
            by_matter = conn.execute(
                select(_cases.c.matter_code, func.min(_cases.c.matter_name), *figures)
                .select_from(joined)
                .where(where)
                .group_by(_cases.c.matter_code)
                .order_by(_cases.c.matter_code)
            ).all()
            by_window = conn.execute(
                select(_ratings.c.window, func.min(_ratings.c.window), *figures)
                .select_from(joined)
                .where(where)
                .group_by(_ratings.c.window)
                .order_by(_ratings.c.window)
            ).all()
        return (
            tuple(_rating_count(r) for r in by_matter),
            tuple(_rating_count(r) for r in by_window),
        )

    # ---- the steps ---------------------------------------------------------------------------

    def assign(
        self,
        principal: Principal,
        followup_id: int,
        assignee: str,
        *,
        expected_version: int | None = None,
    ) -> FollowUpRecord:
        """Give the follow-up to an enabled user who may follow ratings up (again: to another)."""
        name = assignee.strip()

        def work(conn: Connection, row: Row[Any], moment: datetime) -> dict[str, object]:
            self._check_assignee(conn, followup_id, name)
            return {"assignee": name, "assigned_at": moment, "assigned_by": principal.user}

        return self._step(
            principal,
            followup_id,
            FollowUpEvent.ASSIGN,
            work,
            detail={"assignee": name},
            expected_version=expected_version,
        )

    def record_callback(
        self,
        principal: Principal,
        followup_id: int,
        outcome: str,
        *,
        at: datetime | None = None,
        by: str = "",
        expected_version: int | None = None,
    ) -> FollowUpRecord:
        """The call-back to the citizen (回访): when (default now), by whom (default the
        principal), what came of it. Recorded again for a second call."""
        text = self._text(principal, followup_id, outcome, "the call-back's outcome")
        caller = (by or principal.user).strip()[:60]
        if at is not None and as_utc(at) > self._now() + timedelta(minutes=5):
            self._refuse(
                principal,
                followup_id,
                FollowUpError(
                    FollowUpErrorCode.FUTURE_TIME,
                    "a call-back cannot be recorded for a time still to come",
                    "回访时间不能晚于现在",
                    followup=followup_id,
                ),
            )

        def work(conn: Connection, row: Row[Any], moment: datetime) -> dict[str, object]:
            return {
                "callback_at": as_utc(at) if at is not None else moment,
                "callback_by": caller,
                "callback_outcome": text,
            }

        return self._step(
            principal,
            followup_id,
            FollowUpEvent.CALLBACK,
            work,
            detail={"by": caller},
            expected_version=expected_version,
        )

    def record_rectification(
        self,
        principal: Principal,
        followup_id: int,
        rectification: str,
        *,
        expected_version: int | None = None,
    ) -> FollowUpRecord:
        """What was put right (整改), or why nothing needed to be."""
        text = self._text(principal, followup_id, rectification, "the rectification")
        return self._step(
            principal,
            followup_id,
            FollowUpEvent.RECTIFY,
            lambda _c, _r, moment: {
                "rectification": text,
                "rectified_at": moment,
                "rectified_by": principal.user,
            },
            expected_version=expected_version,
        )

    def reply(
        self,
        principal: Principal,
        followup_id: int,
        reply: str,
        *,
        expected_version: int | None = None,
    ) -> FollowUpRecord:
        """The answer given to the citizen (答复)."""
        text = self._text(principal, followup_id, reply, "the reply")
        return self._step(
            principal,
            followup_id,
            FollowUpEvent.REPLY,
            lambda _c, _r, moment: {
                "reply": text,
                "replied_at": moment,
                "replied_by": principal.user,
            },
            expected_version=expected_version,
        )

    def close(
        self,
        principal: Principal,
        followup_id: int,
        *,
        expected_version: int | None = None,
    ) -> FollowUpRecord:
        """Done: called back, rectified and replied."""
        return self._step(
            principal,
            followup_id,
            FollowUpEvent.CLOSE,
            lambda _c, _r, moment: {"closed_at": moment, "closed_by": principal.user},
            expected_version=expected_version,
        )

    def appeal(
        self,
        principal: Principal,
        followup_id: int,
        reason: str,
        *,
        expected_version: int | None = None,
    ) -> FollowUpRecord:
        """Appeal the rating as malicious (恶意差评申诉), with the reason; once per follow-up."""
        text = self._text(principal, followup_id, reason, "the appeal's reason")

        def work(conn: Connection, row: Row[Any], moment: datetime) -> dict[str, object]:
            if row.appeal_decision:
                raise FollowUpError(
                    FollowUpErrorCode.ALREADY_APPEALED,
                    f"follow-up {followup_id} was already appealed ({row.appeal_decision})",
                    f"差评整改{followup_id}已申诉过",
                    followup=followup_id,
                )
            return {
                "appeal_reason": text,
                "appealed_at": moment,
                "appealed_by": principal.user,
                "appealed_from": row.state,
            }

        return self._step(
            principal,
            followup_id,
            FollowUpEvent.APPEAL,
            work,
            expected_version=expected_version,
        )

    def decide_appeal(
        self,
        principal: Principal,
        followup_id: int,
        decision: AppealDecision,
        note: str,
        *,
        expected_version: int | None = None,
    ) -> FollowUpRecord:
        """Uphold the appeal (the rating was malicious: the follow-up is voided) or reject it
        (the follow-up goes on where it was). Not by the one who appealed."""
        chosen = AppealDecision(decision)
        text = self._text(principal, followup_id, note, "the decision's reasons")
        event = (
            FollowUpEvent.UPHOLD_APPEAL
            if chosen is AppealDecision.UPHELD
            else FollowUpEvent.REJECT_APPEAL
        )

        def work(conn: Connection, row: Row[Any], moment: datetime) -> dict[str, object]:
            if row.appealed_by == principal.user:
                raise FollowUpError(
                    FollowUpErrorCode.OWN_APPEAL,
                    f"{principal.user} appealed follow-up {followup_id} and cannot decide it",
                    "申诉人不能审定本人提出的申诉",
                    followup=followup_id,
                )
            return {
                "appeal_decision": chosen.value,
                "appeal_decided_at": moment,
                "appeal_decided_by": principal.user,
                "appeal_note": text,
            }

        return self._step(
            principal,
            followup_id,
            event,
            work,
            permission=Permission.RATING_APPEAL_DECIDE,
            detail={"decision": chosen.value},
            expected_version=expected_version,
        )

    # ---- the template ------------------------------------------------------------------------

    def _step(
        self,
        principal: Principal,
        followup_id: int,
        event: FollowUpEvent,
        work: Callable[[Connection, Row[Any], datetime], dict[str, object]],
        *,
        permission: Permission = Permission.RATING_FOLLOWUP,
        detail: Mapping[str, object] | None = None,
        expected_version: int | None = None,
    ) -> FollowUpRecord:
        """One step in a transaction of its own: lock, ask the table, write, audit, publish."""
        subject = followup_topic(followup_id)
        authorize(self._db, principal, permission, subject=subject)
        moment = self._now()
        try:
            with uow.transaction(self._db) as conn:
                row = conn.execute(
                    update(_followups)
                    .where(_followups.c.id == followup_id)
                    .values(version=_followups.c.version + 1, updated_at=moment)
                    .returning(*_followups.c)
                ).one_or_none()
                if row is None:
                    raise self._not_found(followup_id)
                if expected_version is not None and row.version - 1 != expected_version:
                    raise FollowUpError(
                        FollowUpErrorCode.CHANGED,
                        f"follow-up {followup_id} was changed meanwhile (version "
                        f"{row.version - 1}, not {expected_version})",
                        f"差评整改{followup_id}已被他人修改，请刷新",
                        followup=followup_id,
                    )
                state = FollowUpState(row.state)
                appealed_from = FollowUpState(row.appealed_from) if row.appealed_from else None
                target = next_followup_state(followup_id, state, event, appealed_from=appealed_from)
                values = work(conn, row, moment)
                values["state"] = target.value
                conn.execute(
                    update(_followups).where(_followups.c.id == followup_id).values(values)
                )
                number = conn.scalar(select(_cases.c.number).where(_cases.c.id == row.case_id))
                facts = dict(detail or {})
                if event is FollowUpEvent.ASSIGN:
                    facts["previous"] = row.assignee or None
                append_event(
                    conn,
                    principal.actor,
                    f"rating.followup_{event.value}",
                    subject,
                    PURPOSE,
                    {"from": state.value, "to": target.value, "case": number, **facts},
                    now=lambda: moment,
                )
                publish(conn, RATINGS_TOPIC, subject, now=moment)
        except (FollowUpError, FollowUpTransitionError) as exc:
            self._refuse(principal, followup_id, exc)
        return self._read(principal, followup_id)

    def _read(self, principal: Principal, followup_id: int) -> FollowUpRecord:
        with uow.connection(self._db) as conn:
            row = conn.execute(_LIST.where(_followups.c.id == followup_id)).one_or_none()
        if row is None:
            self._refuse(principal, followup_id, self._not_found(followup_id))
        return self._record(row, self.today())

    def _record(self, r: Row[Any], today: date) -> FollowUpRecord:
        state = FollowUpState(r.state)
        is_open = state in OPEN_FOLLOWUP_STATES
        return FollowUpRecord(
            id=r.id,
            case_number=r.case_number,
            matter_code=r.matter_code,
            matter_name=r.matter_name,
            window=r.window,
            visit_event=r.visit_event,
            score=r.score,
            comment=r.comment,
            channel=RatingChannel(r.channel),
            rated_at=as_utc(r.rated_at),
            state=state,
            opened_at=as_utc(r.opened_at),
            due=r.due_date,
            days_left=self._days.working_days_between(today, r.due_date),
            late=is_open and r.due_date < today,
            assignee=r.assignee,
            assigned_at=as_utc(r.assigned_at),
            callback_at=as_utc(r.callback_at),
            callback_by=r.callback_by,
            callback_outcome=r.callback_outcome,
            rectification=r.rectification,
            rectified_at=as_utc(r.rectified_at),
            rectified_by=r.rectified_by,
            reply=r.reply,
            replied_at=as_utc(r.replied_at),
            replied_by=r.replied_by,
            closed_at=as_utc(r.closed_at),
            closed_by=r.closed_by,
            appeal_reason=r.appeal_reason,
            appealed_at=as_utc(r.appealed_at),
            appealed_by=r.appealed_by,
            appeal_decision=AppealDecision(r.appeal_decision) if r.appeal_decision else None,
            appeal_decided_at=as_utc(r.appeal_decided_at),
            appeal_decided_by=r.appeal_decided_by,
            appeal_note=r.appeal_note,
            version=r.version,
        )

    # ---- checks ------------------------------------------------------------------------------

    def _check_assignee(self, conn: Connection, followup_id: int, name: str) -> None:
        row = conn.execute(
            select(_users.c.active, _users.c.roles).where(_users.c.username == name)
        ).one_or_none()
        roles = set(row.roles or ()) if row is not None else set()
        known = {Role(r) for r in roles if r in {x.value for x in Role}}
        if row is None or not row.active or Permission.RATING_FOLLOWUP not in permissions_of(known):
            raise FollowUpError(
                FollowUpErrorCode.BAD_ASSIGNEE,
                f"{name!r} is not an enabled user who may follow ratings up",
                f"“{name}”不是可处理差评整改的在用账户",
                followup=followup_id,
                assignee=name,
            )

    def _text(self, principal: Principal, followup_id: int, value: str, what: str) -> str:
        text = (value or "").strip()
        if not text:
            self._refuse(
                principal,
                followup_id,
                FollowUpError(
                    FollowUpErrorCode.TEXT_REQUIRED,
                    f"{what} is required",
                    "请填写内容",
                    followup=followup_id,
                    field=what,
                ),
            )
        if len(text) > TEXT_MAX:
            self._refuse(
                principal,
                followup_id,
                FollowUpError(
                    FollowUpErrorCode.TEXT_TOO_LONG,
                    f"{what} is longer than {TEXT_MAX} characters",
                    f"内容不能超过{TEXT_MAX}个字符",
                    followup=followup_id,
                    field=what,
                ),
            )
        return text

    @staticmethod
    def _not_found(followup_id: int) -> FollowUpError:
        return FollowUpError(
            FollowUpErrorCode.NOT_FOUND,
            f"no follow-up {followup_id}",
            f"未找到差评整改{followup_id}",
            followup=followup_id,
        )

    def _refuse(self, principal: Principal, followup_id: int, exc: CodedError) -> NoReturn:
        """Audit a refused step in a transaction of its own, then raise it."""
        audit_refusal(
            self._db,
            principal,
            exc.code,
            followup_topic(followup_id),
            {"message": str(exc), **to_jsonable(exc.detail)},
            purpose=PURPOSE,
        )
        raise exc
