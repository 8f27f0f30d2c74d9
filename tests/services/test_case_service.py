"""The case service on a real (SQLite) database: acceptance paths, 容缺 and the one-time
notification, review with one task per department, issue, withdrawal and termination, clock
pauses, ratings, drafts that survive a crash — and permission checks per role, where a refused
or illegal action changes nothing and is audited."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.config.paths import AppPaths
from desktop.config.settings import CasesSettings, SettingsError, settings_from_mapping
from desktop.domain.cases import (
    CaseDetail,
    CaseError,
    CaseEvent,
    CaseNotFound,
    CaseNumberTaken,
    CaseState,
    CaseTransitionError,
    ClockError,
    DraftNotFound,
    InvalidApplication,
    MaterialsOwed,
    MaterialsStillMissing,
    PauseKind,
    RatingChannel,
    RatingError,
    ReasonRequired,
    StaleCase,
    TaskAlreadyClaimed,
    TaskNotClaimed,
    TaskStatus,
    UnknownMatter,
    UpstreamNumbersDisabled,
    WeekdaysOnly,
)
from desktop.domain.identity import mask_id_number
from desktop.domain.permissions import PermissionDenied, Principal
from desktop.persistence.database import Database, open_database
from desktop.services.audit import verify_chain
from desktop.services.cases import CaseService, Party, ResultInfo
from services.case_factory import (  # type: ignore[import-not-found]
    ADMIN,
    APPLICANT_ID,
    CALENDAR_DAYS,
    CLERK,
    CLERK2,
    HOUSING_APPROVER,
    IMMEDIATE,
    JUSTICE_APPROVER,
    LEGAL_AID,
    OTHER_ID,
    POLICE_APPROVER,
    POLICE_APPROVER2,
    PROMISED,
    SUPERVISOR,
    Clock,
    S,
    application,
    audit_actions,
    kiosk,
    last_seq,
    make_service,
    snapshot,
)

CAL = WeekdaysOnly()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def svc(sqlite_db: Database, clock: Clock) -> CaseService:
    return make_service(sqlite_db, clock)


def _task(case: CaseDetail, dept: str) -> int:
    return next(t.id for t in case.tasks if t.department_code == dept)


def _in_review(svc: CaseService) -> CaseDetail:
    return svc.accept(CLERK, application(PROMISED)).case


def _approved(svc: CaseService) -> CaseDetail:
    case = _in_review(svc)
    for who, dept in ((POLICE_APPROVER, "GA"), (HOUSING_APPROVER, "ZJ")):
        svc.claim(who, _task(case, dept))
        case = svc.decide(who, _task(case, dept), CaseEvent.APPROVE, "同意")
    return case


# ---- acceptance ------------------------------------------------------------------------------


def test_immediate_matter_is_accepted_and_issued_at_the_window(
    svc: CaseService, sqlite_db: Database, clock: Clock
) -> None:
    before = last_seq(sqlite_db)
    done = svc.accept(CLERK, application(IMMEDIATE), result=ResultInfo("租赁登记备案凭证", "ZL-1"))
    case = done.case
    assert done.event is CaseEvent.ACCEPT
    assert case.state is CaseState.ISSUED
    assert case.number == f"440307{clock.today:%Y%m%d}ZL00001"
    assert case.notice_number == case.number + "-SL"
    assert case.summary.promised_date == clock.today
    assert case.summary.remaining_working_days is None  # final
    assert (case.result_name, case.result_number) == ("租赁登记备案凭证", "ZL-1")
    assert case.accepted_by == "clerk01" and case.accepted_station == "窗口1"
    assert case.completed_at == clock.moment
    assert [(s.event, s.from_state, s.to_state, s.handler, s.station) for s in case.steps] == [
        ("accept", "draft", "accepted", "clerk01", "窗口1"),
        ("issue_at_window", "accepted", "issued", "clerk01", "窗口1"),
    ]
    assert case.tasks == ()
    # identity: masked and hashed on the row, clear only in the signed form values
    assert case.summary.applicant_id_masked == mask_id_number(APPLICANT_ID)
    assert case.form_values["id_number"] == APPLICANT_ID
    events = audit_actions(sqlite_db, before)
    assert [(a, s) for a, s, _ in events] == [
        ("case.accept", f"case:{case.number}"),
        ("case.issue_at_window", f"case:{case.number}"),
    ]
    assert all(APPLICANT_ID not in str(d) for _, _, d in events)


def test_promised_matter_goes_to_review_with_one_task_per_department(
    svc: CaseService, clock: Clock
) -> None:
    case = _in_review(svc)
    assert case.state is CaseState.IN_REVIEW
    assert case.number.endswith("JZ00001")
    assert case.summary.promised_date == CAL.add_working_days(clock.today, 15)
    assert case.summary.remaining_working_days == 15
    assert [(t.department_code, t.status, t.claimed_by) for t in case.tasks] == [
        ("GA", TaskStatus.OPEN, ""),
        ("ZJ", TaskStatus.OPEN, ""),
    ]
    assert [s.event for s in case.steps] == ["accept", "start_review"]
    # the remaining days count down with the working days
    clock.advance(days=7)  # next Monday: five working days later
    assert svc.detail(CLERK, case.number).summary.remaining_working_days == 10


def test_numbers_follow_each_other_per_category_and_restart_each_day(
    svc: CaseService, clock: Clock
) -> None:
    numbers = [svc.accept(CLERK, application(IMMEDIATE)).case.number for _ in range(3)]
    other = svc.accept(CLERK, application(PROMISED)).case.number
    day = f"{clock.today:%Y%m%d}"
    assert numbers == [f"440307{day}ZL0000{i}" for i in (1, 2, 3)]
    assert other == f"440307{day}JZ00001"
    clock.advance(days=1)
    assert svc.accept(CLERK, application(IMMEDIATE)).case.number.endswith(
        f"{clock.today:%Y%m%d}ZL00001"
    )


def test_the_hall_day_decides_the_number_not_utc(svc: CaseService, clock: Clock) -> None:
    clock.moment = clock.moment.replace(hour=17)  # 01:00 the next day in Beijing
    case = svc.accept(CLERK, application(IMMEDIATE)).case
    assert f"{clock.today:%Y%m%d}" in case.number
    assert clock.today == clock.moment.date() + timedelta(days=1)


def test_a_rolled_back_acceptance_gives_its_number_back(sqlite_db: Database, clock: Clock) -> None:
    class Failing(CaseService):
        fail = True

        def _after_accept(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
            if Failing.fail:
                raise RuntimeError("the printer caught fire")
            super()._after_accept(*args, **kwargs)  # type: ignore[arg-type]

    svc = make_service(sqlite_db, clock, service_class=Failing)
    with pytest.raises(RuntimeError):
        svc.accept(CLERK, application(IMMEDIATE))
    assert snapshot(sqlite_db)["cases"] == []
    Failing.fail = False
    assert svc.accept(CLERK, application(IMMEDIATE)).case.number.endswith("ZL00001")


def test_upstream_numbers_are_taken_as_is_once(svc: CaseService, sqlite_db: Database) -> None:
    number = "粤0307-2026-ABC/000123"
    case = svc.accept(CLERK, application(IMMEDIATE, upstream_number=number)).case
    assert (case.number, case.number_source) == (number, "upstream")
    before = snapshot(sqlite_db)
    with pytest.raises(CaseNumberTaken):
        svc.accept(CLERK, application(IMMEDIATE, upstream_number=number))
    after = snapshot(sqlite_db)
    assert after == before  # not even a sequence number was used
    with pytest.raises(CaseError, match="not usable"):
        svc.accept(CLERK, application(IMMEDIATE, upstream_number="x" * 51))
    # a generated number does not use the sequence while upstream numbers are in use
    assert svc.accept(CLERK, application(IMMEDIATE)).case.number.endswith("ZL00001")


def test_upstream_numbers_can_be_switched_off(sqlite_db: Database, clock: Clock) -> None:
    svc = make_service(sqlite_db, clock, settings=CasesSettings(upstream_numbers_allowed=False))
    with pytest.raises(UpstreamNumbersDisabled):
        svc.accept(CLERK, application(IMMEDIATE, upstream_number="SZ-1"))


def test_a_configured_pattern_and_region(sqlite_db: Database, clock: Clock) -> None:
    settings = CasesSettings(number_pattern="{region}-{type}-{seq:06d}", region_code="440304")
    svc = make_service(sqlite_db, clock, settings=settings)
    assert svc.accept(CLERK, application(IMMEDIATE)).case.number == "440304-1-000001"
    assert svc.accept(CLERK, application(PROMISED)).case.number == "440304-2-000001"
    clock.advance(days=1)  # no date in the pattern: the sequence goes on
    assert svc.accept(CLERK, application(IMMEDIATE)).case.number == "440304-1-000002"


def test_settings_refuse_a_bad_pattern() -> None:
    with pytest.raises(SettingsError, match=r"\[cases\].*needs a \{seq\}"):
        settings_from_mapping({"cases": {"number_pattern": "{region}{date:%Y%m%d}"}})
    with pytest.raises(SettingsError, match="region_code"):
        settings_from_mapping({"cases": {"region_code": "44"}})
    ok = settings_from_mapping({"cases": {"number_pattern": "SZ{seq:08d}"}})
    assert ok.cases.number_pattern == "SZ{seq:08d}"


def test_invalid_application_lists_every_problem(svc: CaseService, sqlite_db: Database) -> None:
    bad = dataclasses.replace(
        application(IMMEDIATE),
        applicant=Party(" ", "citizen", APPLICANT_ID[:-1] + "0"),
        form_values={},
    )
    before, seq = snapshot(sqlite_db), last_seq(sqlite_db)
    with pytest.raises(InvalidApplication) as caught:
        svc.accept(CLERK, bad)
    assert len(caught.value.problems) == 3
    assert (
        "申请人姓名为必填项" in caught.value.message_zh
        and "地址为必填项" in caught.value.message_zh
    )
    assert snapshot(sqlite_db) == before
    assert [a for a, _, _ in audit_actions(sqlite_db, seq)] == ["case.invalid_application"]
    with pytest.raises(UnknownMatter):
        svc.accept(CLERK, dataclasses.replace(application(), matter_code="NOPE"))


def test_the_agent_is_recorded_masked(svc: CaseService) -> None:
    agent_id = "11010519491231002X"
    case = svc.accept(CLERK, application(IMMEDIATE, agent=Party("李四", "citizen", agent_id))).case
    assert (case.agent_name, case.agent_id_masked) == ("李四", mask_id_number(agent_id))


# ---- 容缺 and the one-time notification --------------------------------------------------------


def test_shortfall_accepts_and_caps_the_supplement_deadline(svc: CaseService, clock: Clock) -> None:
    marks = {"id_card": S.RECEIVED, "lease": S.RECEIVED, "permit": S.RECEIVED}
    late = clock.today + timedelta(days=365)
    done = svc.accept(
        CLERK,
        application(PROMISED, materials=marks, shortfall_promise_signed=True, supplement_by=late),
    )
    case = done.case
    promised = CAL.add_working_days(clock.today, 15)
    assert done.event is CaseEvent.ACCEPT_WITH_SHORTFALL
    assert case.state is CaseState.IN_REVIEW  # review goes on while materials are owed
    assert case.supplement_deadline == promised  # capped at the promised date
    assert [(m.code, m.due) for m in case.owed] == [
        ("photo", promised),
        ("employer_proof", promised),
    ]
    assert case.steps[0].event == "accept_with_shortfall"
    # an earlier date asked for is kept
    early = clock.today + timedelta(days=3)
    again = svc.accept(
        CLERK,
        application(PROMISED, materials=marks, shortfall_promise_signed=True, supplement_by=early),
    ).case
    assert again.supplement_deadline == early


def test_shortfall_without_the_signed_promise_is_a_one_time_notification(
    svc: CaseService,
) -> None:
    marks = {"id_card": S.RECEIVED, "lease": S.RECEIVED, "permit": S.RECEIVED}
    done = svc.accept(CLERK, application(PROMISED, materials=marks))
    assert done.event is CaseEvent.NOTIFY_MISSING
    assert done.case.state is CaseState.AWAITING_SUPPLEMENT
    assert [m.code for m in done.case.missing] == ["photo", "employer_proof"]


def test_one_time_notification_lists_everything_missing_then_supplement_accepts(
    svc: CaseService, sqlite_db: Database, clock: Clock
) -> None:
    seq = last_seq(sqlite_db)
    done = svc.accept(CLERK, application(PROMISED, materials={"id_card": S.RECEIVED}))
    case = done.case
    assert done.event is CaseEvent.NOTIFY_MISSING
    assert case.state is CaseState.AWAITING_SUPPLEMENT
    assert case.notice_number == case.number + "-BZ"
    assert case.summary.promised_date is None and case.accepted_at is None
    # everything at once: the essential ones and the non-essential ones
    assert [m.code for m in case.missing] == ["lease", "permit", "photo", "employer_proof"]
    assert done.outcome.missing_essential[0].name_zh == "租赁合同"
    assert case.tasks == ()
    (action, _, detail) = audit_actions(sqlite_db, seq)[0]
    assert action == "case.notify_missing"
    assert detail["missing"] == ["lease", "permit", "photo", "employer_proof"]

    # bringing only part of it: nothing changes, everything still missing is named
    before = snapshot(sqlite_db)
    with pytest.raises(MaterialsStillMissing) as caught:
        svc.supplement(CLERK, case.number, {"lease": S.RECEIVED})
    assert caught.value.codes == ("permit", "photo", "employer_proof")
    assert snapshot(sqlite_db) == before

    # the rest, a day later: accepted, promised date from today, review starts
    clock.advance(days=1)
    done2 = svc.supplement(
        CLERK,
        case.number,
        {**dict.fromkeys(("lease", "permit", "photo"), S.RECEIVED), "employer_proof": S.RECEIVED},
    )
    assert done2.state is CaseState.IN_REVIEW
    assert done2.summary.promised_date == CAL.add_working_days(clock.today, 15)
    assert done2.notice_number == case.number + "-SL"
    assert [s.event for s in done2.steps] == ["notify_missing", "supplement", "start_review"]
    assert len(done2.tasks) == 2


def test_reused_certificate_counts_as_received(svc: CaseService) -> None:
    marks = {
        "id_card": S.RECEIVED,
        "lease": S.RECEIVED,
        "photo": S.RECEIVED,
        "employer_proof": S.RECEIVED,
    }
    done = svc.accept(
        CLERK, application(IMMEDIATE, materials=marks, held_certificates={"居住证": "深居证1"})
    )
    assert done.case.state is CaseState.ISSUED
    permit = next(m for m in done.case.materials if m.code == "permit")
    assert (permit.status, permit.certificate_number) == ("reused", "深居证1")


def test_immediate_with_shortfall_waits_for_the_owed_material(
    svc: CaseService, sqlite_db: Database
) -> None:
    marks = {"id_card": S.RECEIVED, "lease": S.RECEIVED, "permit": S.RECEIVED, "photo": S.RECEIVED}
    case = svc.accept(
        CLERK, application(IMMEDIATE, materials=marks, shortfall_promise_signed=True)
    ).case
    assert case.state is CaseState.ACCEPTED
    assert [m.code for m in case.owed] == ["employer_proof"]
    with pytest.raises(MaterialsOwed):
        svc.issue(CLERK, case.number)
    with pytest.raises(CaseError) as caught:
        svc.supply_owed(CLERK, case.number, ["photo"])
    assert caught.value.code == "case.material_not_owed"
    case = svc.supply_owed(CLERK, case.number, ["employer_proof"])
    assert case.owed == () and case.supplement_deadline is None
    assert case.state is CaseState.ACCEPTED
    case = svc.issue(CLERK, case.number, by_post=True)
    assert case.state is CaseState.ISSUED and case.delivered_by_post
    assert [s.event for s in case.steps] == [
        "accept_with_shortfall",
        "supply_owed",
        "issue_at_window",
    ]


def test_owed_material_never_supplied_terminates(svc: CaseService) -> None:
    marks = {"id_card": S.RECEIVED, "lease": S.RECEIVED, "permit": S.RECEIVED}
    case = svc.accept(
        CLERK, application(PROMISED, materials=marks, shortfall_promise_signed=True)
    ).case
    with pytest.raises(PermissionDenied):
        svc.terminate(CLERK, case.number, "容缺材料逾期未补")
    with pytest.raises(ReasonRequired):
        svc.terminate(SUPERVISOR, case.number, "  ")
    case = svc.terminate(SUPERVISOR, case.number, "容缺材料逾期未补")
    assert case.state is CaseState.TERMINATED
    assert {t.status for t in case.tasks} == {TaskStatus.CANCELLED}
    assert case.steps[-1].opinion == "容缺材料逾期未补"


def _owing(svc: CaseService, clock: Clock, days: int) -> CaseDetail:
    marks = {"id_card": S.RECEIVED, "lease": S.RECEIVED, "permit": S.RECEIVED}
    return svc.accept(
        CLERK,
        application(
            PROMISED,
            materials=marks,
            shortfall_promise_signed=True,
            supplement_by=clock.today + timedelta(days=days),
        ),
    ).case


def test_the_overdue_sweep_finds_and_terminates_only_cases_past_their_deadline(
    svc: CaseService, clock: Clock, sqlite_db: Database
) -> None:
    late = _owing(svc, clock, 2)  # deadline in 2 days
    due_today = _owing(svc, clock, 3)
    supplied = _owing(svc, clock, 2)
    svc.supply_owed(CLERK, supplied.number, ["photo", "employer_proof"])
    withdrawn = _owing(svc, clock, 2)
    svc.withdraw(CLERK, withdrawn.number, "申请人撤回")
    day = clock.today + timedelta(days=3)  # the day after late's deadline; due_today's last day
    with pytest.raises(PermissionDenied):
        svc.overdue_supplements(CLERK, day)
    found = svc.overdue_supplements(SUPERVISOR, day)
    assert [(o.number, o.deadline, o.owed) for o in found] == [
        (late.number, late.supplement_deadline, ("employer_proof", "photo"))
    ]
    assert svc.overdue_supplements(SUPERVISOR, clock.today + timedelta(days=2)) == ()
    case = svc.terminate_overdue_supplement(SUPERVISOR, found[0], day)
    assert case.state is CaseState.TERMINATED
    assert {t.status for t in case.tasks} == {TaskStatus.CANCELLED}
    assert "容缺材料逾期未补齐" in case.steps[-1].opinion
    assert "employer_proof" in case.steps[-1].opinion
    assert svc.overdue_supplements(SUPERVISOR, day) == ()
    assert svc.detail(SUPERVISOR, due_today.number).state is CaseState.IN_REVIEW
    assert svc.overdue_supplements(SUPERVISOR, day + timedelta(days=1))[0].number == (
        due_today.number
    )
    assert verify_chain_ok(sqlite_db)


def test_a_material_brought_after_the_sweep_listed_the_case_keeps_it_open(
    svc: CaseService, clock: Clock
) -> None:
    case = _owing(svc, clock, 1)
    day = clock.today + timedelta(days=5)
    (overdue,) = svc.overdue_supplements(SUPERVISOR, day)
    svc.supply_owed(CLERK, case.number, ["photo", "employer_proof"])  # at the window, meanwhile
    with pytest.raises(CaseError) as caught:
        svc.terminate_overdue_supplement(SUPERVISOR, overdue, day)
    assert caught.value.code == "case.supplement_not_overdue"
    after = svc.detail(SUPERVISOR, case.number)
    assert after.state is CaseState.IN_REVIEW
    assert after.steps[-1].event == "supply_owed"


def test_refusal_at_the_window(svc: CaseService) -> None:
    case = svc.refuse(CLERK, application(PROMISED), "不属于本机关职权范围")
    assert case.state is CaseState.REFUSED
    assert case.refusal_reason == "不属于本机关职权范围"
    assert case.notice_number.endswith("-BY")
    assert case.tasks == () and case.summary.promised_date is None
    with pytest.raises(ReasonRequired):
        svc.refuse(CLERK, application(PROMISED), "")
    pending = svc.accept(CLERK, application(PROMISED, materials={})).case
    refused = svc.refuse_pending(CLERK, pending.number, "申请人逾期未补正")
    assert refused.state is CaseState.REFUSED
    assert refused.refusal_reason == "申请人逾期未补正"


# ---- review --------------------------------------------------------------------------------


def test_a_task_is_claimed_by_one_approver_only(svc: CaseService, sqlite_db: Database) -> None:
    case = _in_review(svc)
    task = _task(case, "GA")
    claimed = svc.claim(POLICE_APPROVER, task)
    assert (claimed.status, claimed.claimed_by) == (TaskStatus.CLAIMED, "police01")
    seq = last_seq(sqlite_db)
    before = snapshot(sqlite_db)
    with pytest.raises(TaskAlreadyClaimed) as caught:
        svc.claim(POLICE_APPROVER2, task)
    assert caught.value.claimed_by == "police01"
    with pytest.raises(TaskNotClaimed):
        svc.decide(POLICE_APPROVER2, task, CaseEvent.APPROVE, "同意")
    # another department's approver may not even try
    with pytest.raises(PermissionDenied):
        svc.claim(HOUSING_APPROVER, task)
    assert snapshot(sqlite_db) == before
    assert [
        (a, d.get("reason", d.get("claimed_by"))) for a, _, d in audit_actions(sqlite_db, seq)
    ] == [
        ("review.already_claimed", "police01"),
        ("review.not_claimant", "police01"),
        ("auth.denied", "not a member of department GA"),
    ]
    queue = svc.review_queue(HOUSING_APPROVER)
    assert [(t.case_number, t.department_code) for t in queue] == [(case.number, "ZJ")]


def test_all_departments_approve_then_ready_then_issued_then_rated(
    svc: CaseService, sqlite_db: Database
) -> None:
    case = _in_review(svc)
    svc.claim(POLICE_APPROVER, _task(case, "GA"))
    case = svc.decide(POLICE_APPROVER, _task(case, "GA"), CaseEvent.APPROVE, "同意")
    assert case.state is CaseState.IN_REVIEW  # one of two
    svc.claim(HOUSING_APPROVER, _task(case, "ZJ"))
    case = svc.decide(HOUSING_APPROVER, _task(case, "ZJ"), CaseEvent.APPROVE, "同意")
    assert case.state is CaseState.APPROVED
    assert [(s.event, s.step, s.handler) for s in case.steps[-2:]] == [
        ("approve", "review:GA", "police01"),
        ("approve", "review:ZJ", "housing01"),
    ]
    with pytest.raises(CaseTransitionError):
        svc.issue(CLERK, case.number)  # not at the window yet
    case = svc.prepare_result(
        CLERK, case.number, ResultInfo("居住证", "深居证2026-1", date(2027, 11, 23))
    )
    assert case.state is CaseState.READY_TO_ISSUE
    case = svc.issue(CLERK, case.number)
    assert case.state is CaseState.ISSUED and case.result_number == "深居证2026-1"
    rating = svc.rate(CLERK, case.number, 4, comment="排队太久", channel=RatingChannel.PAD)
    assert rating.bad and rating.name_zh == "不满意"
    rated = [d for a, _, d in audit_actions(sqlite_db) if a == "case.rate"]
    # a rating is a transition of the table (state kept): its event says so like every other
    # 一次一评: the visit rated is the issue's step; a bad rating opens its follow-up
    issue_step = next(s.seq for s in case.steps if s.event == "issue")
    assert rated == [
        {
            "from": "issued",
            "to": "issued",
            "score": 4,
            "bad": True,
            "channel": "pad",
            "visit": issue_step,
            "followup": rating.followup_id,
        }
    ]
    assert rating.visit_seq == issue_step and rating.followup_id is not None
    with pytest.raises(RatingError) as caught:
        svc.rate(CLERK, case.number, 1)
    assert caught.value.code == "rating.already_rated"
    assert svc.detail(CLERK, case.number).rating == rating
    assert verify_chain_ok(sqlite_db)


def verify_chain_ok(db: Database) -> bool:
    with db.engine.connect() as conn:
        return verify_chain(conn).ok


def test_a_decision_ends_a_special_procedure_still_open(svc: CaseService, clock: Clock) -> None:
    case = _in_review(svc)
    svc.pause_clock(POLICE_APPROVER, case.number, PauseKind.HEARING, "听证")
    clock.advance(days=7)  # one week of hearing: five working days
    for who, dept in ((POLICE_APPROVER, "GA"), (HOUSING_APPROVER, "ZJ")):
        svc.claim(who, _task(case, dept))
        case = svc.decide(who, _task(case, dept), CaseEvent.APPROVE, "同意")
    assert case.state is CaseState.APPROVED
    assert not case.summary.paused
    (pause,) = case.pauses
    assert pause.ended_at is not None and pause.working_days == 5
    promised = CAL.add_working_days(CAL.add_working_days(clock.today - timedelta(days=7), 15), 5)
    assert case.summary.promised_date == promised  # the hearing's days are added once


def test_a_return_while_a_special_procedure_runs_keeps_the_one_pause(svc: CaseService) -> None:
    case = svc.accept(CLERK, application(LEGAL_AID)).case
    svc.pause_clock(JUSTICE_APPROVER, case.number, PauseKind.HEARING, "听证")
    svc.claim(JUSTICE_APPROVER, case.tasks[0].id)
    case = svc.decide(
        JUSTICE_APPROVER, case.tasks[0].id, CaseEvent.RETURN_FOR_CORRECTION, "补充收入证明"
    )
    assert case.state is CaseState.RETURNED and case.summary.paused
    assert [p.kind for p in case.pauses] == [PauseKind.HEARING]


def test_one_rejection_rejects_and_cancels_the_other_tasks(svc: CaseService) -> None:
    case = _in_review(svc)
    svc.claim(POLICE_APPROVER, _task(case, "GA"))
    with pytest.raises(ReasonRequired):
        svc.decide(POLICE_APPROVER, _task(case, "GA"), CaseEvent.REJECT, "")
    case = svc.decide(POLICE_APPROVER, _task(case, "GA"), CaseEvent.REJECT, "不符合条件")
    assert case.state is CaseState.REJECTED
    assert {t.department_code: t.status for t in case.tasks} == {
        "GA": TaskStatus.REJECTED,
        "ZJ": TaskStatus.CANCELLED,
    }
    assert case.completed_at is not None
    with pytest.raises(CaseTransitionError):
        svc.claim(HOUSING_APPROVER, _task(case, "ZJ"))


def test_return_pauses_the_clock_for_legal_aid_until_resubmitted(
    svc: CaseService, clock: Clock
) -> None:
    case = svc.accept(CLERK, application(LEGAL_AID)).case
    promised = case.summary.promised_date
    assert promised == CAL.add_working_days(clock.today, 7)
    task = _task(case, "SF")
    svc.claim(JUSTICE_APPROVER, task)
    case = svc.decide(JUSTICE_APPROVER, task, CaseEvent.RETURN_FOR_CORRECTION, "补充收入证明")
    assert case.state is CaseState.RETURNED
    assert case.summary.paused and case.pauses[0].kind is PauseKind.SUPPLEMENT
    clock.advance(days=7)  # a week (5 working days) passes while the applicant corrects
    assert svc.detail(CLERK, case.number).summary.remaining_working_days == 7  # frozen
    case = svc.resubmit(CLERK, case.number, form_values={"address": "新地址"}, note="已补充")
    assert case.state is CaseState.IN_REVIEW
    assert case.summary.promised_date == CAL.add_working_days(promised, 5)
    assert case.summary.remaining_working_days == 7
    assert (case.pauses[0].working_days, case.summary.paused) == (5, False)
    (t,) = case.tasks
    assert (t.status, t.round, t.claimed_by) == (TaskStatus.OPEN, 2, "")
    assert case.form_values == {"address": "新地址"}


def test_return_without_the_pause_rule_keeps_the_clock(svc: CaseService) -> None:
    case = _in_review(svc)
    svc.claim(POLICE_APPROVER, _task(case, "GA"))
    case = svc.decide(POLICE_APPROVER, _task(case, "GA"), CaseEvent.RETURN_FOR_CORRECTION, "x")
    assert case.state is CaseState.RETURNED and case.pauses == ()


def test_special_procedure_stops_the_clock(svc: CaseService, clock: Clock) -> None:
    case = _in_review(svc)
    promised = case.summary.promised_date
    assert promised is not None
    with pytest.raises(PermissionDenied):
        svc.pause_clock(JUSTICE_APPROVER, case.number, PauseKind.HEARING, "听证")
    case = svc.pause_clock(POLICE_APPROVER, case.number, PauseKind.HEARING, "听证")
    assert case.summary.paused
    with pytest.raises(ClockError) as caught:
        svc.pause_clock(SUPERVISOR, case.number, PauseKind.INSPECTION, "核查")
    assert caught.value.code == "clock.already_paused"
    clock.advance(days=14)
    assert svc.detail(CLERK, case.number).summary.remaining_working_days == 15
    case = svc.resume_clock(POLICE_APPROVER, case.number)
    assert case.summary.promised_date == CAL.add_working_days(promised, 10)
    assert case.summary.remaining_working_days == 15
    with pytest.raises(ClockError) as caught:
        svc.resume_clock(POLICE_APPROVER, case.number)
    assert caught.value.code == "clock.not_paused"


def test_a_calendar_day_matter_counts_down_in_calendar_days(svc: CaseService, clock: Clock) -> None:
    case = svc.accept(CLERK, application(CALENDAR_DAYS)).case
    # 20 calendar days after Monday 2026-11-23: Sunday 2026-12-13 (14 working days away)
    assert case.summary.promised_date == clock.today + timedelta(days=20) == date(2026, 12, 13)
    assert (case.summary.remaining_working_days, case.summary.warning) == (20, "normal")
    clock.advance(days=18)  # Friday 2026-12-11: two calendar days (no working day) left
    summary = svc.detail(CLERK, case.number).summary
    assert (summary.remaining_working_days, summary.warning) == (2, "yellow")
    clock.advance(days=3)  # Monday 2026-12-14: one calendar day late
    summary = svc.detail(CLERK, case.number).summary
    assert (summary.remaining_working_days, summary.warning) == (-1, "red")


def test_a_pause_moves_a_calendar_day_matter_by_calendar_days(
    svc: CaseService, clock: Clock
) -> None:
    case = svc.accept(CLERK, application(CALENDAR_DAYS)).case
    promised = case.summary.promised_date
    assert promised is not None
    svc.pause_clock(POLICE_APPROVER, case.number, PauseKind.HEARING, "听证")
    clock.advance(days=7)  # one week: seven calendar days (five working days)
    assert svc.detail(CLERK, case.number).summary.remaining_working_days == 20  # frozen
    case = svc.resume_clock(POLICE_APPROVER, case.number)
    assert case.pauses[0].working_days == 7
    assert case.summary.promised_date == promised + timedelta(days=7)
    assert case.summary.remaining_working_days == 20


def test_withdrawal_before_a_decision_only(svc: CaseService) -> None:
    case = _in_review(svc)
    case = svc.withdraw(CLERK, case.number, "申请人主动撤回")
    assert case.state is CaseState.WITHDRAWN
    approved = _approved(svc)
    with pytest.raises(CaseTransitionError):
        svc.withdraw(CLERK, approved.number, "太晚了")


def test_optimistic_version(svc: CaseService, sqlite_db: Database) -> None:
    case = _in_review(svc)
    before = snapshot(sqlite_db)
    with pytest.raises(StaleCase):
        svc.withdraw(CLERK, case.number, "撤回", expected_version=case.version - 1)
    assert snapshot(sqlite_db) == before
    done = svc.withdraw(CLERK, case.number, "撤回", expected_version=case.version)
    assert done.version == case.version + 1


# ---- refusals change nothing and are audited ------------------------------------------------


def test_an_illegal_transition_changes_nothing_and_is_audited(
    svc: CaseService, sqlite_db: Database
) -> None:
    case = svc.accept(CLERK, application(IMMEDIATE)).case  # issued
    before, seq = snapshot(sqlite_db), last_seq(sqlite_db)
    with pytest.raises(CaseTransitionError) as caught:
        svc.withdraw(CLERK, case.number, "想撤回")
    assert (caught.value.state, caught.value.event) == (CaseState.ISSUED, CaseEvent.WITHDRAW)
    assert snapshot(sqlite_db) == before
    [(action, subject, detail)] = audit_actions(sqlite_db, seq)
    assert (action, subject) == ("case.illegal_transition", f"case:{case.number}")
    assert (detail["state"], detail["event"]) == ("issued", "withdraw")
    assert verify_chain_ok(sqlite_db)


def test_unknown_case_is_a_typed_error(svc: CaseService) -> None:
    with pytest.raises(CaseNotFound):
        svc.issue(CLERK, "NOPE")


_OPS = {
    "accept": lambda svc, p, c: svc.accept(p, application(IMMEDIATE)),
    "refuse": lambda svc, p, c: svc.refuse(p, application(IMMEDIATE), "不符合"),
    "withdraw": lambda svc, p, c: svc.withdraw(p, c.number, "撤回"),
    "terminate": lambda svc, p, c: svc.terminate(p, c.number, "终止"),
    "supply": lambda svc, p, c: svc.supply_owed(p, c.number, []),
    "pause": lambda svc, p, c: svc.pause_clock(p, c.number, PauseKind.EXTENSION, "延期"),
    "claim": lambda svc, p, c: svc.claim(p, _task(c, "GA")),
    "queue": lambda svc, p, c: svc.review_queue(p),
    "detail": lambda svc, p, c: svc.detail(p, c.number),
    "list": lambda svc, p, c: svc.list_cases(p),
    "draft": lambda svc, p, c: svc.save_draft(p, matter_codes=["M-IMM"]),
}
_ALLOWED = {
    "clerk": {"accept", "refuse", "withdraw", "supply", "detail", "list", "draft"},
    "approver": {"pause", "claim", "queue", "detail", "list"},
    # a supervisor sees every department's queue (review.reassign), but claims nothing
    "supervisor": {"withdraw", "terminate", "pause", "queue", "detail", "list"},
    "kiosk": set(),  # the case belongs to someone else (see the kiosk tests)
    "administrator": set(),
}
_WHO: dict[str, Principal] = {
    "clerk": CLERK,
    "approver": POLICE_APPROVER,
    "supervisor": SUPERVISOR,
    "kiosk": None,  # type: ignore[dict-item]
    "administrator": ADMIN,
}


@pytest.mark.parametrize("op", sorted(_OPS))
@pytest.mark.parametrize("role", sorted(_ALLOWED))
def test_permissions_per_role(svc: CaseService, sqlite_db: Database, role: str, op: str) -> None:
    case = _in_review(svc)
    principal = _WHO[role] or kiosk(OTHER_ID)
    before, seq = snapshot(sqlite_db), last_seq(sqlite_db)
    if op in _ALLOWED[role]:
        _OPS[op](svc, principal, case)
        return
    with pytest.raises(PermissionDenied):
        _OPS[op](svc, principal, case)
    assert snapshot(sqlite_db) == before
    [(action, _, detail)] = audit_actions(sqlite_db, seq)
    assert action == "auth.denied"
    assert detail["roles"] == [role]


# ---- kiosk -----------------------------------------------------------------------------------


def test_kiosk_sees_and_rates_only_the_card_holders_cases(
    svc: CaseService, sqlite_db: Database
) -> None:
    mine = svc.accept(CLERK, application(IMMEDIATE)).case
    theirs = svc.accept(CLERK, application(IMMEDIATE, id_number=OTHER_ID)).case
    box = kiosk(APPLICANT_ID)
    assert [c.number for c in svc.cases_for_card_holder(box, APPLICANT_ID)] == [mine.number]
    assert svc.detail(box, mine.number).number == mine.number
    seq = last_seq(sqlite_db)
    with pytest.raises(PermissionDenied):
        svc.cases_for_card_holder(box, OTHER_ID)
    with pytest.raises(PermissionDenied):
        svc.detail(box, theirs.number)
    with pytest.raises(PermissionDenied):
        svc.rate(box, theirs.number, 1, channel=RatingChannel.KIOSK)
    denied = audit_actions(sqlite_db, seq)
    assert [a for a, _, _ in denied] == ["auth.denied"] * 3
    assert all(OTHER_ID not in f"{s}{d}" for _, s, d in denied)
    rating = svc.rate(box, mine.number, 1, channel=RatingChannel.KIOSK)
    assert rating.channel is RatingChannel.KIOSK and not rating.bad
    # a kiosk cannot accept, a clerk may look up anyone's cases
    with pytest.raises(PermissionDenied):
        svc.accept(box, application(IMMEDIATE))
    assert len(svc.cases_for_card_holder(CLERK, OTHER_ID)) == 1


def test_rating_each_visit_once_or_out_of_range(svc: CaseService) -> None:
    """一次一评: the acceptance visit of a case in review takes its rating, once."""
    case = _in_review(svc)
    rating = svc.rate(CLERK, case.number, 2)
    assert rating.visit_event == "accept" and rating.window == CLERK.station
    assert rating.followup_id is None  # a good rating opens nothing
    with pytest.raises(RatingError) as again:
        svc.rate(CLERK, case.number, 1)
    assert again.value.code == "rating.already_rated"
    detail = svc.detail(CLERK, case.number)
    assert detail.rating == rating and detail.ratings == (rating,)
    done = svc.accept(CLERK, application(IMMEDIATE)).case
    with pytest.raises(RatingError) as caught:
        svc.rate(CLERK, done.number, 6)
    assert caught.value.code == "rating.bad_score"


def test_person_pseudonym_is_the_audit_logs_and_keyed(
    svc: CaseService, sqlite_db: Database
) -> None:
    """The case row holds the keyed pseudonym the registry's look-ups record, not the old
    unkeyed hash; a search by the person's number finds the case."""
    from sqlalchemy import select

    from desktop.persistence.models import Case
    from desktop.services.pseudonyms import legacy_pseudonym, person_pseudonym

    case = _in_review(svc)
    with sqlite_db.engine.connect() as conn:
        stored = conn.execute(
            select(Case.applicant_id_hash).where(Case.number == case.number)
        ).scalar_one()
    assert stored == person_pseudonym(sqlite_db.engine, APPLICANT_ID)
    assert stored != legacy_pseudonym(APPLICANT_ID)
    assert [c.number for c in svc.cases_for_card_holder(CLERK, APPLICANT_ID)] == [case.number]


# ---- drafts ----------------------------------------------------------------------------------


def test_drafts_are_saved_as_typed_and_survive_a_new_engine(
    app_home: AppPaths, sqlite_db: Database, clock: Clock
) -> None:
    svc = make_service(sqlite_db, clock)
    draft = svc.save_draft(CLERK, matter_codes=["M-IMM"], form={"name": "张"}, title="张")
    clock.advance(seconds=5)
    draft = svc.save_draft(
        CLERK,
        draft_id=draft.id,
        matter_codes=["M-IMM", "M-PRO"],
        form={"name": "张三", "moved_in": date(2026, 11, 1)},
        materials={"lease": "received"},
    )
    sqlite_db.dispose()

    db2 = open_database(app_home)
    try:
        svc2 = make_service(db2, clock)
        loaded = svc2.load_draft(CLERK, draft.id)
        assert loaded.matter_codes == ("M-IMM", "M-PRO")
        assert loaded.form == {"name": "张三", "moved_in": "2026-11-01"}
        assert loaded.materials == {"lease": "received"}
        assert loaded.updated_at == clock.moment and loaded.created_at < loaded.updated_at
        assert [d.id for d in svc2.list_drafts(CLERK)] == [draft.id]
        # another station's other clerk can neither see nor take it
        assert svc2.list_drafts(CLERK2) == ()
        with pytest.raises(PermissionDenied):
            svc2.load_draft(CLERK2, draft.id)
        # accepting the application discards the draft in the same transaction
        svc2.accept(CLERK, application(IMMEDIATE, draft_id=draft.id))
        with pytest.raises(DraftNotFound):
            svc2.load_draft(CLERK, draft.id)
    finally:
        db2.dispose()


def test_discarding_a_draft(svc: CaseService, sqlite_db: Database) -> None:
    draft = svc.save_draft(CLERK, matter_codes=["M-IMM"])
    svc.discard_draft(CLERK, draft.id)
    assert svc.list_drafts(CLERK) == ()
    actions = [a for a, _, _ in audit_actions(sqlite_db)]
    assert actions == ["draft.created", "draft.discarded"]


def test_a_draft_survives_the_app_being_killed(app_home: AppPaths, sqlite_db: Database) -> None:
    """A separate process saves a draft and is killed (SIGKILL) right after: the draft is
    there when the app comes back."""
    script = textwrap.dedent(
        """
        import os, signal, sys
        from desktop.config.paths import app_paths
        from desktop.persistence.database import open_database
        from services.case_factory import CLERK, make_service
        db = open_database(app_paths(), migrate=False)
        svc = make_service(db)
        d = svc.save_draft(CLERK, matter_codes=["M-IMM"], form={"name": "王五"})
        for i in range(3):
            svc.save_draft(CLERK, draft_id=d.id, form={"name": "王五", "keystrokes": i})
        print(d.id, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    tests_dir = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tests_dir.parent), str(tests_dir)]),
    }
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    draft_id = proc.stdout.strip()
    svc = make_service(sqlite_db)
    loaded = svc.load_draft(CLERK, draft_id)
    assert loaded.form == {"name": "王五", "keystrokes": 2}
