"""At the window: acceptance (or the one-time notification, or a refusal), the
supplements that complete a case, the owed 容缺 materials brought later."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import Connection, delete, insert, select, update

from desktop.domain.cases import (
    FINAL_STATES,
    CaseDetail,
    CaseError,
    CaseEvent,
    CaseNumberTaken,
    CaseState,
    InvalidApplication,
    MaterialsStillMissing,
    NotOwed,
    ReasonRequired,
    RequestIdInvalid,
    RequestIdReused,
    TaskStatus,
    UpstreamNumbersDisabled,
    check_upstream_number,
)
from desktop.domain.identity import (
    IdentityError,
    IdKind,
    mask_id_number,
    normalise_id_text,
    parse_id_number,
)
from desktop.domain.matters.materials import (
    MaterialsDecision,
    MaterialsOutcome,
    MaterialStatus,
    evaluate_materials,
)
from desktop.domain.matters.model import Matter, MatterKind
from desktop.domain.permissions import Permission, Principal
from desktop.persistence import uow
from desktop.services.cases import tables as t
from desktop.services.cases.base import CaseBase, Change, Held, Step
from desktop.services.cases.records import Acceptance, Application, Party, ResultInfo
from desktop.services.pseudonyms import person_pseudonym

_NOTICE_SUFFIX = {
    CaseEvent.ACCEPT: "SL",  # 受理通知书
    CaseEvent.ACCEPT_WITH_SHORTFALL: "SL",
    CaseEvent.SUPPLEMENT: "SL",
    CaseEvent.NOTIFY_MISSING: "BZ",  # 补正材料通知书
    CaseEvent.REFUSE: "BY",  # 不予受理通知书
}

_EVENT_OF = {
    MaterialsDecision.ACCEPT: CaseEvent.ACCEPT,
    MaterialsDecision.ACCEPT_WITH_SHORTFALL: CaseEvent.ACCEPT_WITH_SHORTFALL,
    MaterialsDecision.NOTIFY_MISSING: CaseEvent.NOTIFY_MISSING,
}


class Intake(CaseBase):
    """accept / refuse, supplement, supply_owed, refuse_pending."""

    # ================================================================ acceptance

    def accept(
        self,
        principal: Principal,
        application: Application,
        *,
        result: ResultInfo | None = None,
    ) -> Acceptance:
        """Take an application at the window; the materials decide what happens.

        * everything there → accepted (acceptance notice, promised date); an immediate matter is
          then issued at once (``result``), a promised one goes to review with one task per
          department;
        * only non-essential materials missing and the promise signed → 容缺: accepted, the
          owed materials listed with a deadline no later than the promised date;
        * anything else missing → a case awaiting supplement whose one-time notification lists
          every missing material.
        """
        subject = f"case:{application.upstream_number or 'new'}"
        self._authorize(principal, Permission.CASE_ACCEPT, subject)
        matter = self._matter(principal, application.matter_code, subject)
        outcome = evaluate_materials(
            matter,
            application.form_values,
            application.materials,
            held_certificates=application.held_certificates,
        )
        if (
            outcome.decision is MaterialsDecision.ACCEPT_WITH_SHORTFALL
            and not application.shortfall_promise_signed
        ):
            outcome = MaterialsOutcome(
                MaterialsDecision.NOTIFY_MISSING,
                outcome.lines,
                outcome.missing_essential,
                outcome.owed,
            )
        event = _EVENT_OF[outcome.decision]
        case = self._open_case(principal, matter, application, event, outcome, result=result)
        if case.steps and case.steps[0].event != event.value:  # a replay: what was decided then
            event = CaseEvent(case.steps[0].event)
        return Acceptance(case, outcome, event)

    def refuse(self, principal: Principal, application: Application, reason: str) -> CaseDetail:
        """不予受理 at the window: a case record with the reason and a refusal notice."""
        subject = f"case:{application.upstream_number or 'new'}"
        self._authorize(principal, Permission.CASE_ACCEPT, subject)
        matter = self._matter(principal, application.matter_code, subject)
        if not reason.strip():
            self._refused(principal, subject, ReasonRequired("a refusal"))
        outcome = evaluate_materials(
            matter,
            application.form_values,
            application.materials,
            held_certificates=application.held_certificates,
        )
        return self._open_case(
            principal, matter, application, CaseEvent.REFUSE, outcome, reason=reason.strip()
        )

    def _open_case(
        self,
        principal: Principal,
        matter: Matter,
        app: Application,
        event: CaseEvent,
        outcome: MaterialsOutcome,
        *,
        reason: str = "",
        result: ResultInfo | None = None,
    ) -> CaseDetail:
        """The transition from ``DRAFT``: the case row is inserted by the change."""
        subject = f"case:{app.upstream_number or 'new'}"
        request_id = self._request_id(principal, app, subject)
        # A refusal ends the application as it stands: the form need not be complete.
        applicant, agent = self._check_application(
            principal, matter, app, subject, check_form=event is not CaseEvent.REFUSE
        )
        if request_id is not None:
            # The same application again: its case, nothing new. Looked up in a transaction of
            # its own (on SQLite a read that turns into a write cannot wait for the lock); two
            # copies arriving at once are told apart by the unique request id below.
            replayed = self._replayed(principal, subject, request_id, applicant, matter.code)
            if replayed is not None:
                return replayed
        if app.upstream_number is not None:
            if not self._settings.upstream_numbers_allowed:
                self._refused(principal, subject, UpstreamNumbersDisabled())
            try:
                check_upstream_number(app.upstream_number)
            except CaseError as exc:
                self._refused(principal, subject, exc)
        moment = self._now()
        today = self._clock.day(moment)
        promised = (
            self._clock.promised_date(matter, today) if event is not CaseEvent.REFUSE else None
        )
        deadline = None
        if event is CaseEvent.ACCEPT_WITH_SHORTFALL and promised is not None:
            deadline = promised
            if app.supplement_by is not None and app.supplement_by < promised:
                deadline = max(app.supplement_by, today)

        def insert_case(step: Step) -> Change:
            conn, state = step.conn, step.target
            accepted = state is CaseState.ACCEPTED
            if app.upstream_number is not None:
                number, source = app.upstream_number, "upstream"
                if t.NUMBER_USED.one_or_none(conn, number=number) is not None:
                    raise CaseNumberTaken(number)
            else:
                number = self._allocate(conn, today, matter.category, matter.kind.case_type_code)
                source = "generated"
            case_row = t.INSERT_CASE.one_or_none(
                conn,
                **t.v(
                    number=number,
                    number_source=source,
                    matter_code=matter.code,
                    matter_name=matter.name_zh,
                    category=matter.category,
                    case_type=matter.kind.case_type_code,
                    state=state.value,
                    applicant_name=app.applicant.name.strip(),
                    applicant_id_type=app.applicant.id_type,
                    applicant_id_masked=mask_id_number(applicant),
                    applicant_id_hash=person_pseudonym(conn, applicant),
                    agent_name=app.agent.name.strip() if app.agent else "",
                    agent_id_type=app.agent.id_type if app.agent else "",
                    agent_id_masked=mask_id_number(agent) if agent else "",
                    agent_id_hash=person_pseudonym(conn, agent) if agent else "",
                    phone=app.phone.strip(),
                    address=app.address.strip(),
                    channel=app.channel,
                    form_values=t.jsonable(app.form_values),
                    form_sources={str(k): str(v) for k, v in app.form_sources.items()},
                    received_at=step.moment,
                    received_by=principal.user,
                    received_station=principal.station,
                    accepted_at=step.moment if accepted else None,
                    accepted_by=principal.user if accepted else "",
                    accepted_station=principal.station if accepted else "",
                    accepting_unit=self._settings.accepting_unit,
                    notice_number=f"{number}-{_NOTICE_SUFFIX[event]}",
                    promised_date=promised if accepted else None,
                    supplement_deadline=deadline,
                    refusal_reason=reason,
                    completed_at=step.moment if state in FINAL_STATES else None,
                    result_name="",
                    result_number="",
                    result_valid_until=None,
                    issuing_unit="",
                    delivered_by_post=False,
                    updated_at=step.moment,
                    version=1,
                    request_id=request_id,
                    # the template's clock as dates, written with the row it inserts
                    **self._clock.deadline_values(
                        state, matter.code, step.moment, promised if accepted else None, ()
                    ),
                ),
            )
            assert case_row is not None
            step.case.id, step.case.number = int(case_row["id"]), number
            for ln in outcome.lines:
                t.INSERT_MATERIAL.run(
                    conn,
                    **t.v(
                        case_id=step.case.id,
                        code=ln.code,
                        name_zh=ln.name_zh,
                        name_en=ln.name_en,
                        essential=ln.essential,
                        status=ln.status.value,
                        certificate_number=ln.certificate_number,
                        due=deadline if ln.status is MaterialStatus.OWED else None,
                        supplied_at=None,
                    ),
                )
            if app.draft_id is not None:
                conn.execute(delete(t.drafts).where(t.drafts.c.id == app.draft_id))
            detail: dict[str, object] = {"matter": matter.code, "source": source}
            if event is CaseEvent.NOTIFY_MISSING:
                detail["missing"] = [ln.code for ln in outcome.missing]
            if event is CaseEvent.ACCEPT_WITH_SHORTFALL:
                detail["owed"] = [ln.code for ln in outcome.owed]
                detail["supplement_by"] = deadline.isoformat() if deadline else None
            return Change(opinion=reason, detail=detail)

        def run(conn: Connection) -> str:
            purpose = f"{matter.code} {matter.name_zh}"[:200]
            case = Held("", CaseState.DRAFT, matter.kind, purpose, next_seq=1)
            state = self._apply(conn, principal, case, event, insert_case, moment=moment)
            if state is CaseState.ACCEPTED:
                self._after_accept(
                    conn, principal, case, matter, moment, result, owed=bool(deadline)
                )
            return case.number

        try:
            with uow.connection(self._db) as conn:
                try:
                    with conn.begin():
                        number = run(conn)
                except CaseError as exc:
                    self._refused(principal, subject, exc)
                # Read back on the same connection after the commit (one checkout, not two).
                return self._read_detail(conn, number)
        except self._integrity_errors:
            if request_id is not None:
                # The same application sent twice at once: the other submit made its case.
                replayed = self._replayed(principal, subject, request_id, applicant, matter.code)
                if replayed is not None:
                    return replayed
            # Another station took the same upstream number between our check and insert.
            self._refused(principal, subject, CaseNumberTaken(app.upstream_number or "?"))

    def _request_id(self, principal: Principal, app: Application, subject: str) -> str | None:
        """The application's request id in its canonical form (None: the caller sent none)."""
        if app.request_id is None:
            return None
        try:
            return str(uuid.UUID(app.request_id.strip()))
        except (ValueError, AttributeError):
            self._refused(principal, subject, RequestIdInvalid(str(app.request_id)))

    def _replayed(
        self, principal: Principal, subject: str, request_id: str, applicant: str, matter: str
    ) -> CaseDetail | None:
        """The case this request id made, if any (read in a transaction of its own)."""
        try:
            with uow.connection(self._db) as conn:
                made = self._case_of_request(conn, request_id, applicant, matter)
                conn.rollback()  # the look-up's own (read-only) transaction ends here
                return self._read_detail(conn, made) if made is not None else None
        except CaseError as exc:
            self._refused(principal, subject, exc)

    @staticmethod
    def _case_of_request(
        conn: Connection, request_id: str, applicant: str, matter_code: str
    ) -> str | None:
        """The number of the case this request id made; one of another applicant or matter is
        refused (a reused id must not hand out someone else's case)."""
        row = conn.execute(
            select(t.cases.c.number, t.cases.c.applicant_id_hash, t.cases.c.matter_code).where(
                t.cases.c.request_id == request_id
            )
        ).one_or_none()
        if row is None:
            return None
        if (
            row.applicant_id_hash != person_pseudonym(conn, applicant)
            or row.matter_code != matter_code
        ):
            raise RequestIdReused(row.number)
        return str(row.number)

    def _after_accept(
        self,
        conn: Connection,
        principal: Principal,
        case: Held,
        matter: Matter,
        moment: datetime,
        result: ResultInfo | None,
        *,
        owed: bool,
    ) -> None:
        """Immediate matters are issued at once (unless materials are owed); promised ones go
        to review with one task per department."""
        if matter.kind is MatterKind.IMMEDIATE:
            if owed:
                return
            done = self._completion(result or ResultInfo(), by_post=False)
            self._apply(
                conn,
                principal,
                case,
                CaseEvent.ISSUE_AT_WINDOW,
                lambda step: Change(values={"completed_at": step.moment, **done}),
                moment=moment,
            )
            return

        def open_tasks(step: Step) -> Change:
            for d in matter.departments:
                t.INSERT_TASK.run(
                    step.conn,
                    **t.v(
                        case_id=step.case.id,
                        department_code=d.code,
                        department_name=d.name_zh,
                        status=TaskStatus.OPEN.value,
                        claimed_by="",
                        claimed_at=None,
                        claim_expires_at=None,
                        decided_by="",
                        decided_at=None,
                        opinion="",
                        round=1,
                        created_at=step.moment,
                    ),
                )
            return Change(detail={"departments": list(matter.department_codes)})

        self._apply(conn, principal, case, CaseEvent.START_REVIEW, open_tasks, moment=moment)

    def _check_application(
        self,
        principal: Principal,
        matter: Matter,
        app: Application,
        subject: str,
        *,
        check_form: bool = True,
    ) -> tuple[str, str | None]:
        problems: list[tuple[str, str]] = []
        if not app.applicant.name.strip():
            problems.append(("the applicant's name is required", "申请人姓名为必填项"))
        applicant = self._id_number(app.applicant, "applicant", "申请人", problems)
        agent = None
        if app.agent is not None:
            if not app.agent.name.strip():
                problems.append(("the agent's name is required", "代办人姓名为必填项"))
            agent = self._id_number(app.agent, "agent", "代办人", problems)
        if len(app.phone.strip()) > 20:
            problems.append(("the phone number is too long", "联系电话过长"))
        if not app.channel or len(app.channel) > 20:
            problems.append(("the channel is required (≤ 20 characters)", "申请渠道有误"))
        if check_form:
            problems.extend(self._validator(matter, app.form_values))
        if problems:
            self._refused(
                principal,
                subject,
                InvalidApplication(tuple(p[0] for p in problems), tuple(p[1] for p in problems)),
            )
        return applicant, agent

    @staticmethod
    def _id_number(party: Party, who: str, who_zh: str, problems: list[tuple[str, str]]) -> str:
        text = normalise_id_text(party.id_number)
        known = {k.value for k in IdKind}
        if party.id_type in known:
            try:
                return parse_id_number(text, kind=IdKind(party.id_type)).number
            except IdentityError as exc:
                problems.append((f"the {who}'s ID number: {exc}", f"{who_zh}证件号码有误"))
                return text
        if not text or len(text) > 30 or not party.id_type:
            problems.append(
                (f"the {who}'s ID type and number are required", f"{who_zh}证件类型和号码为必填项")
            )
        return text

    def _allocate(self, conn: Connection, day: date, category: str, case_type: str) -> str:
        """The next number of the scope, bumped inside the caller's transaction (row lock)."""
        region = self._settings.region_code
        r, d, c = self._pattern.scope(region, day, category, case_type)
        row = t.SEQ_BUMP.one_or_none(conn, r=r, d=d, c=c)
        if row is None:
            create = t.SEQ_CREATE["postgresql" if conn.dialect.name == "postgresql" else "sqlite"]
            row = create.one_or_none(conn, r=r, d=d, c=c)
            if row is None:  # another station created it meanwhile (we waited for it): bump
                row = t.SEQ_BUMP.one_or_none(conn, r=r, d=d, c=c)
        assert row is not None
        return self._pattern.render(region, day, category, int(row["last_value"]), case_type)

    # ================================================================ supplements

    def supplement(
        self,
        principal: Principal,
        number: str,
        materials: Mapping[str, MaterialStatus],
        *,
        held_certificates: Mapping[str, str] | None = None,
        shortfall_promise_signed: bool = False,
        result: ResultInfo | None = None,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """The applicant brings what the one-time notification listed: the case is accepted.

        ``materials`` marks the materials now (those not mentioned keep their earlier mark).
        If anything essential is still missing, nothing changes and every missing material is
        named (:class:`MaterialsStillMissing`).
        """
        _, matter = self._prepare(principal, number, Permission.CASE_SUPPLEMENT)
        owed: list[str] = []

        def complete(step: Step) -> Change:
            conn, row = step.conn, step.case.locked
            earlier = {
                m.code: MaterialStatus(m.status)
                for m in conn.execute(select(t.materials).where(t.materials.c.case_id == row.id))
            }
            outcome = evaluate_materials(
                matter,
                row.form_values or {},
                {**earlier, **materials},
                held_certificates=held_certificates,
            )
            if outcome.decision is MaterialsDecision.NOTIFY_MISSING or (
                outcome.decision is MaterialsDecision.ACCEPT_WITH_SHORTFALL
                and not shortfall_promise_signed
            ):
                missing = outcome.missing
                raise MaterialsStillMissing(
                    number, tuple(m.code for m in missing), tuple(m.name_zh for m in missing)
                )
            promised = self._clock.promised_date(matter, self._clock.day(step.moment))
            deadline = promised if outcome.owed else None
            conn.execute(delete(t.materials).where(t.materials.c.case_id == row.id))
            conn.execute(
                insert(t.materials),
                [
                    {
                        "case_id": row.id,
                        "code": ln.code,
                        "name_zh": ln.name_zh,
                        "name_en": ln.name_en,
                        "essential": ln.essential,
                        "status": ln.status.value,
                        "certificate_number": ln.certificate_number,
                        "due": deadline if ln.status is MaterialStatus.OWED else None,
                        "supplied_at": step.moment if earlier.get(ln.code) != ln.status else None,
                    }
                    for ln in outcome.lines
                ],
            )
            owed.extend(ln.code for ln in outcome.owed)
            return Change(
                values={
                    "accepted_at": step.moment,
                    "accepted_by": principal.user,
                    "accepted_station": principal.station,
                    "notice_number": f"{number}-{_NOTICE_SUFFIX[CaseEvent.SUPPLEMENT]}",
                    "promised_date": promised,
                    "supplement_deadline": deadline,
                },
                detail={"owed": list(owed)},
            )

        def run(conn: Connection) -> None:
            case = self._hold(conn, number, expected_version)
            moment = self._now()
            self._apply(conn, principal, case, CaseEvent.SUPPLEMENT, complete, moment=moment)
            self._after_accept(conn, principal, case, matter, moment, result, owed=bool(owed))

        self._in_transaction(principal, f"case:{number}", run)
        return self._detail_by_number(number)

    def supply_owed(
        self,
        principal: Principal,
        number: str,
        codes: Sequence[str],
        *,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """容缺: the applicant brought owed materials (the case's state does not change)."""
        self._prepare(principal, number, Permission.CASE_SUPPLEMENT)

        def supplied(step: Step) -> Change:
            conn, row = step.conn, step.case.locked
            owed = {
                m.code
                for m in conn.execute(
                    select(t.materials.c.code).where(
                        t.materials.c.case_id == row.id, t.materials.c.status == "owed"
                    )
                )
            }
            for code in codes:
                if code not in owed:
                    raise NotOwed(number, code)
            conn.execute(
                update(t.materials)
                .where(t.materials.c.case_id == row.id, t.materials.c.code.in_(list(codes)))
                .values(status=MaterialStatus.RECEIVED.value, supplied_at=step.moment)
            )
            still = sorted(owed - set(codes))
            return Change(
                values={"supplement_deadline": row.supplement_deadline if still else None},
                detail={"supplied": list(codes), "still_owed": still},
            )

        return self._transition(
            principal,
            number,
            CaseEvent.SUPPLY_OWED,
            supplied,
            expected_version=expected_version,
        )

    def refuse_pending(
        self,
        principal: Principal,
        number: str,
        reason: str,
        *,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """不予受理 of a case that was awaiting supplement."""
        return self._simple(
            principal,
            number,
            Permission.CASE_ACCEPT,
            CaseEvent.REFUSE,
            reason=reason,
            reason_name="a refusal",
            expected_version=expected_version,
            final=True,
            values={"refusal_reason": reason.strip()},
        )
