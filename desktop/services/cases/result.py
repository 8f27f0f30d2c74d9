"""The end of a case: the result prepared and issued, withdrawn or terminated (also the 容缺
cases whose owed materials never came), the clock stopped and resumed by special procedures,
the applicant's rating, and a document of the case revoked."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select

from desktop.domain.cases import (
    FINAL_STATES,
    CaseDetail,
    CaseEvent,
    CaseState,
    ClockError,
    MaterialsOwed,
    OverdueSupplement,
    PauseKind,
    RatingChannel,
    RatingError,
    RatingRecord,
    SupplementNotOverdue,
    is_bad_rating,
)
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.matters.model import LimitUnit
from desktop.domain.permissions import Permission, Principal
from desktop.persistence import uow
from desktop.services.cases import tables as t
from desktop.services.cases.base import CaseBase, Change, Facts, Held, Step
from desktop.services.cases.records import ResultInfo
from desktop.services.ratings import open_followup


class Results(CaseBase):
    """prepare_result, issue, withdraw, terminate, overdue 容缺, clock, rating, revocation."""

    # ================================================================ results

    def prepare_result(
        self,
        principal: Principal,
        number: str,
        result: ResultInfo,
        *,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """The approved result reached the window: ready to issue."""
        return self._simple(
            principal,
            number,
            Permission.CASE_ISSUE,
            CaseEvent.PREPARE_RESULT,
            expected_version=expected_version,
            values={
                "result_name": result.name,
                "result_number": result.number,
                "result_valid_until": result.valid_until,
                "issuing_unit": result.issuing_unit or self._settings.accepting_unit,
            },
        )

    def issue(
        self,
        principal: Principal,
        number: str,
        *,
        by_post: bool = False,
        result: ResultInfo | None = None,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """Hand out the result: a ready promised case, or an accepted immediate one whose owed
        materials have all come. Owed materials outstanding → :class:`MaterialsOwed`."""
        self._prepare(principal, number, Permission.CASE_ISSUE)

        def which(case: Held) -> CaseEvent:
            at_window = case.state is CaseState.ACCEPTED
            return CaseEvent.ISSUE_AT_WINDOW if at_window else CaseEvent.ISSUE

        def issued(step: Step) -> Change:
            owed = tuple(
                step.conn.execute(
                    select(t.materials.c.code).where(
                        t.materials.c.case_id == step.case.id,
                        t.materials.c.status == MaterialStatus.OWED.value,
                    )
                ).scalars()
            )
            if owed:
                raise MaterialsOwed(number, owed)
            values = self._pause_ended(step, principal)  # issued: the clock stops for good
            values["completed_at"] = step.moment
            values.update(self._completion(result, by_post=by_post))
            return Change(values=values, detail={"by_post": by_post})

        return self._transition(principal, number, which, issued, expected_version=expected_version)

    def withdraw(
        self,
        principal: Principal,
        number: str,
        reason: str,
        *,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """The applicant withdraws (before a decision)."""
        return self._simple(
            principal,
            number,
            Permission.CASE_WITHDRAW,
            CaseEvent.WITHDRAW,
            reason=reason,
            reason_name="a withdrawal",
            expected_version=expected_version,
            final=True,
        )

    def terminate(
        self,
        principal: Principal,
        number: str,
        reason: str,
        *,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """The hall ends the case (e.g. an owed 容缺 material never came)."""
        return self._simple(
            principal,
            number,
            Permission.CASE_TERMINATE,
            CaseEvent.TERMINATE,
            reason=reason,
            reason_name="a termination",
            expected_version=expected_version,
            final=True,
        )

    # ================================================================ 容缺 overdue

    def overdue_supplements(
        self, principal: Principal, today: date | None = None
    ) -> tuple[OverdueSupplement, ...]:
        """Open cases that owe 容缺 materials past their supplement deadline (oldest first).

        The deadline is the last day to bring them: a case is overdue from the day after.
        """
        self._authorize(principal, Permission.CASE_TERMINATE, "cases:overdue_supplements")
        day = today or self._clock.day(self._now())
        owed = (
            select(t.materials.c.case_id, t.materials.c.code)
            .where(t.materials.c.status == MaterialStatus.OWED.value)
            .subquery()
        )
        stmt = (
            select(
                t.cases.c.number,
                t.cases.c.matter_code,
                t.cases.c.applicant_name,
                t.cases.c.supplement_deadline,
                owed.c.code,
            )
            .select_from(t.cases.join(owed, owed.c.case_id == t.cases.c.id))
            .where(
                t.cases.c.supplement_deadline.is_not(None),
                t.cases.c.supplement_deadline < day,
                t.cases.c.state.not_in(sorted(s.value for s in FINAL_STATES)),
            )
            .order_by(t.cases.c.supplement_deadline, t.cases.c.number, owed.c.code)
        )
        with uow.connection(self._db) as conn:
            rows = conn.execute(stmt).all()
        found: list[OverdueSupplement] = []
        for number, group in groupby(rows, key=lambda r: r.number):  # a case's rows are adjacent
            first, *rest = group
            found.append(
                OverdueSupplement(
                    number=number,
                    matter_code=first.matter_code,
                    applicant_name=first.applicant_name,
                    deadline=first.supplement_deadline,
                    owed=(first.code, *(r.code for r in rest)),
                )
            )
        return tuple(found)

    def terminate_overdue_supplement(
        self, principal: Principal, overdue: OverdueSupplement, today: date | None = None
    ) -> CaseDetail:
        """Terminate one overdue 容缺 case (its owed materials never came), with the reason.

        Re-checked under the case's lock: a material supplied meanwhile, or a case already
        finished, is :class:`SupplementNotOverdue` and nothing changes.
        """
        day = today or self._clock.day(self._now())

        def still_overdue(conn: Connection, row: Row[Any]) -> None:
            owes = conn.scalar(
                select(func.count())
                .select_from(t.materials)
                .where(
                    t.materials.c.case_id == row.id,
                    t.materials.c.status == MaterialStatus.OWED.value,
                )
            )
            deadline = row.supplement_deadline
            finished = CaseState(row.state) in FINAL_STATES
            if finished or not owes or deadline is None or deadline >= day:
                raise SupplementNotOverdue(overdue.number)

        zh, en = overdue.termination_reason()
        return self._simple(
            principal,
            overdue.number,
            Permission.CASE_TERMINATE,
            CaseEvent.TERMINATE,
            reason=f"{zh} / {en}",
            reason_name="a termination",
            expected_version=None,
            final=True,
            check=still_overdue,
        )

    # ================================================================ clock

    def pause_clock(
        self, principal: Principal, number: str, kind: PauseKind, reason: str
    ) -> CaseDetail:
        """A special procedure starts: the clock stops until :meth:`resume_clock`."""
        self._prepare(
            principal,
            number,
            Permission.CLOCK_PAUSE,
            department=lambda facts: self._department_for(principal, facts),
            reason=reason,
            reason_name="a special procedure",
        )

        def paused(step: Step) -> Change:
            self._clock.open_pause(
                step.conn, principal, step.case.id, number, kind, reason, step.moment
            )
            return Change(opinion=reason, detail={"kind": kind.value})

        return self._transition(principal, number, CaseEvent.PAUSE_CLOCK, paused)

    def resume_clock(self, principal: Principal, number: str) -> CaseDetail:
        """The special procedure ends: the promised date moves by the working days it took."""
        self._prepare(
            principal,
            number,
            Permission.CLOCK_PAUSE,
            department=lambda facts: self._department_for(principal, facts),
        )

        def resumed(step: Step) -> Change:
            ended = self._clock.close_pause(step.conn, principal, step.case.locked, step.moment)
            if ended is None:
                raise ClockError(
                    "clock.not_paused",
                    number,
                    f"the clock of case {number} is not paused",
                    f"办件{number}未暂停计时",
                )
            days, promised = ended
            values = {"promised_date": promised} if days and promised is not None else {}
            return Change(values=values, detail={"working_days": days})

        return self._transition(principal, number, CaseEvent.RESUME_CLOCK, resumed)

    @staticmethod
    def _department_for(principal: Principal, facts: Facts) -> str | None:
        """The case's department the principal acts for (the first one, if none of theirs)."""
        for code in facts.departments:
            if code in principal.departments:
                return code
        return facts.departments[0] if facts.departments else "-"

    # ================================================================ rating

    def rate(
        self,
        principal: Principal,
        number: str,
        score: int,
        *,
        comment: str = "",
        channel: RatingChannel = RatingChannel.PAD,
    ) -> RatingRecord:
        """好差评, 一次一评: one rating per visit of a case — the case's latest visit step
        (acceptance, a supplement, the issue…) — 1 非常满意 … 5 非常不满意. A bad one (4–5)
        opens a follow-up in the same transaction (:mod:`desktop.services.ratings`)."""
        self._prepare(principal, number, Permission.RATING_RECORD, card_holder=True)
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
            self._refused(
                principal,
                f"case:{number}",
                RatingError(
                    "rating.bad_score",
                    number,
                    f"a rating is 1 to 5, got {score!r}",
                    "评价须为1至5",
                ),
            )
        how = RatingChannel(channel)
        text = comment.strip()
        rated: list[RatingRecord] = []

        def recorded(step: Step) -> Change:
            conn = step.conn
            # The case row is locked: reading the visit and checking first cannot race (the
            # unique key on case and visit stays as a last line of defence).
            visit = conn.execute(t.LATEST_VISIT, {"case_id": step.case.id}).first()
            if visit is None:
                raise RatingError(
                    "rating.no_visit",
                    number,
                    f"case {number} has no visit to rate",
                    f"办件{number}没有可评价的办理环节",
                )
            key = {"case_id": step.case.id, "visit_seq": visit.seq}
            if conn.execute(t.RATING_OF_VISIT, key).first() is not None:
                raise RatingError(
                    "rating.already_rated",
                    number,
                    f"this visit of case {number} is already rated",
                    f"办件{number}本次办理已评价",
                )
            rating_id = conn.execute(
                insert(t.ratings)
                .values(
                    case_id=step.case.id,
                    visit_seq=visit.seq,
                    visit_event=visit.event,
                    window=visit.station,
                    score=score,
                    comment=text,
                    channel=how.value,
                    rated_at=step.moment,
                    recorded_by=principal.user,
                    station=principal.station,
                )
                .returning(t.ratings.c.id)
            ).scalar_one()
            followup = None
            if is_bad_rating(score):
                due = self._clock.add_days(
                    LimitUnit.WORKING_DAYS,
                    self._clock.day(step.moment),
                    self.followup_working_days,
                )
                followup = open_followup(
                    conn, principal, rating_id, step.case.id, number, step.moment, due
                )
            rated.append(
                RatingRecord(
                    score,
                    text,
                    how,
                    step.moment,
                    visit_seq=visit.seq,
                    visit_event=visit.event,
                    window=visit.station,
                    id=rating_id,
                    followup_id=followup,
                )
            )
            return Change(
                detail={
                    "score": score,
                    "bad": is_bad_rating(score),
                    "channel": how.value,
                    "visit": visit.seq,
                    "followup": followup,
                },
                audit_action="case.rate",
            )

        self._transition(principal, number, CaseEvent.RATE, recorded)
        return rated[0]

    # ================================================================ documents

    def record_document_revoked(
        self,
        conn: Connection,
        principal: Principal,
        case_number: str,
        document_number: str,
        document_kind: str,
        reason: str,
    ) -> bool:
        """The step "document revoked" on its case, in the caller's transaction (the one that
        revokes the document: :meth:`DocumentService.revoke` with ``also=``). The state does not
        change. False if the case is not in this database (a document of an upstream case)."""
        if t.NUMBER_USED.one_or_none(conn, number=case_number) is None:
            return False
        case = self._hold(conn, case_number, None)
        detail = {"document": document_number, "kind": document_kind}
        self._apply(
            conn,
            principal,
            case,
            CaseEvent.REVOKE_DOCUMENT,
            lambda _: Change(opinion=reason, detail=detail),
        )
        return True
