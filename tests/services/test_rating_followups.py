"""好差评 (issue 16): one rating per visit of a case, and the follow-up a bad one opens — its
deadline in hall working days, each step through its own table, permissions, audit, the live
feed, the appeal, the dashboard's counts. SQLite, and once on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import insert, select

from desktop.domain.cases import RatingChannel, RatingError
from desktop.domain.permissions import PermissionDenied, Principal, Role
from desktop.domain.ratings import (
    AppealDecision,
    FollowUpError,
    FollowUpState,
    FollowUpTransitionError,
)
from desktop.persistence import models
from desktop.persistence.database import Database
from desktop.services.audit import verify_chain
from desktop.services.calendar import CalendarService, HallWorkingDays
from desktop.services.cases import CaseService
from desktop.services.ratings import RatingFollowUps
from services.case_factory import (  # type: ignore[import-not-found]
    ADMIN,
    CLERK,
    CLERK2,
    IMMEDIATE,
    PROMISED,
    Clock,
    application,
    audit_actions,
    last_seq,
    lookup,
)

BOSS = Principal.of("boss", "值班长", [Role.SUPERVISOR])
KIOSK_ACCOUNT = Principal.of("kiosk", "自助终端 #1", [Role.KIOSK])
DEPUTY = Principal.of("deputy", "副值班长", [Role.SUPERVISOR])


class World:
    def __init__(self, db: Database, clock: Clock, *, days: int = 15) -> None:
        self.db = db
        self.clock = clock
        self.calendar = CalendarService(db, now=clock)
        working = HallWorkingDays(self.calendar)
        self.cases = CaseService(db, lookup, working, now=clock, followup_working_days=days)
        self.ratings = RatingFollowUps(db, working, tz=timezone(timedelta(hours=8)), now=clock)
        _users(db, clock())

    def bad(self, score: int = 5, who: Principal = CLERK) -> int:
        """An issued case rated bad at the window pad: its follow-up's id."""
        case = self.cases.accept(who, application(IMMEDIATE)).case
        rating = self.cases.rate(who, case.number, score, comment="态度差")
        assert rating.followup_id is not None
        return rating.followup_id


def _users(db: Database, now: datetime) -> None:
    rows = [
        ("boss", ["supervisor"], True),
        ("deputy", ["supervisor"], True),
        ("gone", ["supervisor"], False),
        ("clerk01", ["clerk"], True),
    ]
    with db.engine.begin() as conn:
        conn.execute(
            insert(models.User.__table__),
            [
                {
                    "username": name,
                    "display_name": name,
                    "password_hash": "x",
                    "roles": roles,
                    "departments": [],
                    "active": active,
                    "failed_attempts": 0,
                    "password_changed_at": now,
                    "must_change_password": False,
                    "created_at": now,
                }
                for name, roles, active in rows
            ],
        )


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return World(sqlite_db, Clock())


def _chain_ok(db: Database) -> bool:
    with db.engine.connect() as conn:
        return verify_chain(conn).ok


def _feed(db: Database) -> list[str]:
    t = models.ChangeFeedEntry.__table__
    with db.engine.connect() as conn:
        return list(conn.execute(select(t.c.topic).order_by(t.c.seq)).scalars())


# ---- one rating per visit ----------------------------------------------------------------


def test_each_visit_of_a_case_takes_one_rating_with_its_channel(world: World) -> None:
    svc = world.cases
    case = svc.accept(CLERK, application(PROMISED)).case  # promised: in review after accepting
    at_acceptance = svc.rate(CLERK, case.number, 1)  # the pad at the window
    assert (at_acceptance.visit_event, at_acceptance.window) == ("accept", CLERK.station)
    # the same visit again, even from another channel: refused
    with pytest.raises(RatingError) as twice:
        svc.rate(CLERK, case.number, 2, channel=RatingChannel.KIOSK)
    assert twice.value.code == "rating.already_rated"
    # a second visit (the issue, at another window) takes its own rating
    immediate = svc.accept(CLERK, application(IMMEDIATE)).case
    first = svc.rate(CLERK, immediate.number, 2)
    assert first.visit_event == "issue_at_window"
    detail = svc.detail(CLERK, case.number)
    assert detail.ratings == (at_acceptance,) and detail.rating == at_acceptance


def test_the_next_visit_is_rated_again(world: World) -> None:
    """Accepted with a material owed (容缺), rated; the material brought at window 2 is a new
    visit: a second rating, counted for window 2."""
    from desktop.domain.matters.materials import MaterialStatus as S

    svc = world.cases
    marks = {"id_card": S.RECEIVED, "lease": S.RECEIVED, "permit": S.RECEIVED}
    marks |= {"photo": S.OWED, "employer_proof": S.RECEIVED}
    owed = application(PROMISED, materials=marks, shortfall_promise_signed=True)
    case = svc.accept(CLERK, owed).case
    svc.rate(CLERK, case.number, 2)
    world.clock.advance(days=1)
    svc.supply_owed(CLERK2, case.number, ["photo"])
    second = svc.rate(CLERK2, case.number, 4, channel=RatingChannel.KIOSK)
    assert second.visit_event == "supply_owed" and second.window == CLERK2.station
    assert second.channel is RatingChannel.KIOSK and second.followup_id is not None
    assert [r.score for r in svc.detail(CLERK, case.number).ratings] == [2, 4]


# ---- the follow-up -------------------------------------------------------------------------


def test_a_bad_rating_opens_a_follow_up_due_in_15_hall_working_days(world: World) -> None:
    seq = last_seq(world.db)
    fid = world.bad(4)
    # rated on Monday 2026-11-23: 15 working days (Mon–Fri here) later is Monday 2026-12-14
    [record] = world.ratings.followups(BOSS)
    assert record.id == fid and record.state is FollowUpState.OPEN
    assert record.due == date(2026, 12, 14) and record.days_left == 15 and not record.late
    assert record.score == 4 and record.comment == "态度差" and record.window == CLERK.station
    actions = [a for a, _, _ in audit_actions(world.db, seq)]
    assert actions.index("rating.followup_open") < actions.index("case.rate")  # one transaction
    assert "ratings" in _feed(world.db) and f"followup:{fid}" in _feed(world.db)
    # a good rating opens nothing
    case = world.cases.accept(CLERK, application(IMMEDIATE)).case
    assert world.cases.rate(CLERK, case.number, 3).followup_id is None
    assert len(world.ratings.followups(BOSS)) == 1


def test_the_deadline_counts_the_halls_calendar_and_the_setting(sqlite_db: Database) -> None:
    clock = Clock()
    world = World(sqlite_db, clock, days=3)
    # the hall closes on Wednesday 2026-11-25: three working days after Monday is Friday
    world.calendar.set_day(date(2026, 11, 25), "holiday", "停电检修", ADMIN)
    world.bad()
    [record] = world.ratings.followups(BOSS)
    assert record.due == date(2026, 11, 27)


def test_the_whole_follow_up_then_closed(world: World) -> None:
    fid = world.bad()
    r = world.ratings
    seq = last_seq(world.db)
    step = r.assign(BOSS, fid, "deputy")
    assert (step.state, step.assignee) == (FollowUpState.ASSIGNED, "deputy")
    called = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    step = r.record_callback(DEPUTY, fid, "未接通", at=called)
    step = r.record_callback(DEPUTY, fid, "已联系，群众反映等候过久", by="王芳")
    assert step.state is FollowUpState.CALLED_BACK and step.callback_by == "王芳"
    assert step.callback_outcome == "已联系，群众反映等候过久"
    step = r.record_rectification(DEPUTY, fid, "增开午间窗口")
    step = r.reply(DEPUTY, fid, "已电话答复并致歉")
    assert step.state is FollowUpState.REPLIED and step.replied_by == "deputy"
    step = r.close(BOSS, fid)
    assert step.state is FollowUpState.CLOSED and step.closed_by == "boss" and not step.open
    events = [(a, s, d["from"], d["to"]) for a, s, d in audit_actions(world.db, seq)]
    assert events == [
        ("rating.followup_assign", f"followup:{fid}", "open", "assigned"),
        ("rating.followup_callback", f"followup:{fid}", "assigned", "called_back"),
        ("rating.followup_callback", f"followup:{fid}", "called_back", "called_back"),
        ("rating.followup_rectify", f"followup:{fid}", "called_back", "rectified"),
        ("rating.followup_reply", f"followup:{fid}", "rectified", "replied"),
        ("rating.followup_close", f"followup:{fid}", "replied", "closed"),
    ]
    assert _chain_ok(world.db)


def test_illegal_moves_are_coded_errors_and_change_nothing(world: World) -> None:
    fid = world.bad()
    r = world.ratings
    before = r.followup(BOSS, fid)
    seq = last_seq(world.db)
    for attempt in (
        lambda: r.close(BOSS, fid),  # not replied
        lambda: r.reply(BOSS, fid, "x"),  # not rectified
        lambda: r.record_rectification(BOSS, fid, "x"),  # not called back
        lambda: r.record_callback(BOSS, fid, "x"),  # nobody assigned
        lambda: r.decide_appeal(DEPUTY, fid, AppealDecision.UPHELD, "x"),  # not appealed
    ):
        with pytest.raises(FollowUpTransitionError) as caught:
            attempt()
        assert caught.value.code == "followup.illegal_transition"
        assert caught.value.detail["state"] == "open"
    assert r.followup(BOSS, fid) == before  # version not bumped: every move rolled back
    refused = [a for a, _, _ in audit_actions(world.db, seq)]
    assert refused == ["followup.illegal_transition"] * 5
    with pytest.raises(FollowUpError) as nobody:
        r.assign(BOSS, fid, "gone")  # disabled
    assert nobody.value.code == "followup.bad_assignee"
    with pytest.raises(FollowUpError) as clerk:
        r.assign(BOSS, fid, "clerk01")  # may not follow ratings up
    assert clerk.value.code == "followup.bad_assignee"
    with pytest.raises(FollowUpError) as empty:
        r.appeal(BOSS, fid, "  ")
    assert empty.value.code == "followup.text_required"
    with pytest.raises(FollowUpError) as missing:
        r.close(BOSS, 999)
    assert missing.value.code == "followup.not_found"
    r.assign(BOSS, fid, "deputy")
    with pytest.raises(FollowUpError) as stale:
        r.assign(BOSS, fid, "boss", expected_version=before.version)
    assert stale.value.code == "followup.changed"
    with pytest.raises(FollowUpError) as future:
        r.record_callback(BOSS, fid, "x", at=world.clock() + timedelta(days=1))
    assert future.value.code == "followup.future_time"


def test_only_a_supervisor_follows_up_and_a_refusal_is_audited(world: World) -> None:
    fid = world.bad()
    seq = last_seq(world.db)
    with pytest.raises(PermissionDenied):
        world.ratings.followups(CLERK)
    with pytest.raises(PermissionDenied):
        world.ratings.assign(CLERK, fid, "boss")
    denied = audit_actions(world.db, seq)
    assert [(a, d["permission"]) for a, _, d in denied] == [
        ("auth.denied", "rating.followup"),
        ("auth.denied", "rating.followup"),
    ]


def test_appeal_as_malicious_decided_by_someone_else(world: World) -> None:
    r = world.ratings
    upheld = world.bad()
    r.assign(BOSS, upheld, "deputy")
    step = r.appeal(DEPUTY, upheld, "同一号码一日内连续差评十次，内容与办件无关")
    assert step.state is FollowUpState.APPEALED and step.appealed_by == "deputy"
    with pytest.raises(FollowUpError) as own:
        r.decide_appeal(DEPUTY, upheld, AppealDecision.UPHELD, "成立")
    assert own.value.code == "followup.own_appeal"
    step = r.decide_appeal(BOSS, upheld, AppealDecision.UPHELD, "经核实属恶意差评")
    assert step.state is FollowUpState.VOIDED and step.appeal_decision is AppealDecision.UPHELD
    assert not step.open

    rejected = world.bad()
    r.assign(BOSS, rejected, "deputy")
    r.record_callback(DEPUTY, rejected, "已联系")
    r.appeal(DEPUTY, rejected, "群众情绪激动")
    step = r.decide_appeal(BOSS, rejected, AppealDecision.REJECTED, "差评有据，继续整改")
    assert step.state is FollowUpState.CALLED_BACK  # back where it was appealed from
    with pytest.raises(FollowUpError) as again:
        r.appeal(DEPUTY, rejected, "再次申诉")
    assert again.value.code == "followup.already_appealed"


def test_the_two_demo_supervisors_decide_each_others_appeal(sqlite_db: Database) -> None:
    """The synthetic demo has two supervisor accounts, so that an appeal made as one of them can
    be decided as the other (nobody decides their own)."""
    from argon2 import PasswordHasher
    from argon2.low_level import Type

    from desktop.demo.users import DEMO_PASSWORD, ensure_demo_users
    from desktop.services.auth import AuthService

    with sqlite_db.begin() as s:
        s.merge(models.RegistryMeta(key="synthetic", value="true"))
    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    ensure_demo_users(sqlite_db, hasher=hasher)
    world = World(sqlite_db, Clock())
    auth = AuthService(sqlite_db, hasher=hasher)
    supervisor = auth.sign_in("supervisor", DEMO_PASSWORD, "效能监察")
    deputy = auth.sign_in("supervisor-deputy", DEMO_PASSWORD, "效能监察")
    assert Role.SUPERVISOR in deputy.roles and "DEMO" in deputy.display_name
    followup = world.bad()
    world.ratings.assign(supervisor, followup, "supervisor")
    world.ratings.appeal(supervisor, followup, "演示：同一号码连续差评")
    with pytest.raises(FollowUpError) as own:
        world.ratings.decide_appeal(supervisor, followup, AppealDecision.UPHELD, "成立")
    assert own.value.code == "followup.own_appeal"
    step = world.ratings.decide_appeal(deputy, followup, AppealDecision.UPHELD, "经核实属恶意差评")
    assert step.state is FollowUpState.VOIDED and step.appeal_decided_by == "supervisor-deputy"


def test_late_ones_first_and_the_dashboards_counts(world: World) -> None:
    r = world.ratings
    early = world.bad()
    world.clock.advance(days=7)  # rated a week later: due a week later
    later = world.bad(4, who=CLERK2)
    closed = world.bad()
    r.assign(BOSS, closed, "boss")
    r.record_callback(BOSS, closed, "已联系")
    r.record_rectification(BOSS, closed, "无须整改")
    r.reply(BOSS, closed, "已答复")
    r.close(BOSS, closed)
    world.clock.advance(days=17)  # 2026-12-17 (Thu): the first one's last day (12-14) passed
    listed = r.followups(BOSS)
    assert [f.id for f in listed] == [early, later, closed]
    assert listed[0].late and listed[0].days_left == -3
    assert not listed[1].late and not listed[2].late
    assert [f.id for f in r.followups(BOSS, late_only=True)] == [early]
    assert [f.id for f in r.followups(BOSS, state=FollowUpState.CLOSED)] == [closed]
    assert [f.id for f in r.followups(BOSS, window=CLERK2.station)] == [later]
    counts = r.counts(BOSS)
    assert (counts.open, counts.late, counts.appealed) == (2, 1, 0)
    assert [(g.key, g.open, g.late) for g in counts.by_matter] == [(IMMEDIATE.code, 2, 1)]
    assert sorted((g.key, g.open, g.late) for g in counts.by_window) == [
        (CLERK.station, 1, 1),
        (CLERK2.station, 1, 0),
    ]
    by_matter, by_window = r.rating_counts(BOSS, date(2026, 11, 1), date(2026, 12, 31))
    assert [(c.key, c.total, c.bad, c.voided) for c in by_matter] == [(IMMEDIATE.code, 3, 3, 0)]
    assert sum(c.total for c in by_window) == 3
    # a malicious rating (its appeal upheld) leaves the figures
    r.appeal(BOSS, later, "恶意")
    r.decide_appeal(DEPUTY, later, AppealDecision.UPHELD, "成立")
    by_matter, by_window = r.rating_counts(BOSS, date(2026, 11, 1), date(2026, 12, 31))
    [matter] = by_matter
    assert (matter.total, matter.bad, matter.voided, matter.mean_score) == (2, 2, 1, 5.0)
    assert {(c.key, c.total, c.voided) for c in by_window} == {
        (CLERK.station, 2, 0),
        (CLERK2.station, 0, 1),
    }
    assert r.rating_counts(BOSS, date(2027, 1, 1), date(2027, 1, 2)) == ((), ())


def test_followups_on_postgresql(pg_db: Database) -> None:
    world = World(pg_db, Clock())
    fid = world.bad()
    r = world.ratings
    r.assign(BOSS, fid, "deputy")
    r.appeal(DEPUTY, fid, "恶意")
    step = r.decide_appeal(BOSS, fid, AppealDecision.REJECTED, "驳回")
    assert step.state is FollowUpState.ASSIGNED and step.due == date(2026, 12, 14)
    assert r.counts(BOSS).open == 1
    assert _chain_ok(pg_db)


# ---- the window's pad and the kiosk, through their own services ------------------------------


@pytest.fixture
def kiosk_world(sqlite_db: Database, app_home: Any, memory_keyring: object) -> Any:
    """A demo hall with Alice's finished residence registration (the kiosk tests' world)."""
    from types import SimpleNamespace

    from desktop.config.settings import Settings
    from desktop.demo.seeding import seed_registry
    from desktop.services.desk import WindowDesk
    from desktop.services.hall import Hall
    from desktop.services.kiosk import KioskDesk
    from services import test_kiosk_desk as k  # type: ignore[import-not-found]

    seed_registry(sqlite_db, persons=800, random_seed=5)
    hall = Hall(sqlite_db, app_home, Settings(), today=lambda: k.TODAY)
    desk = WindowDesk(hall)
    alice = k._card_of(sqlite_db, "dp.role = 'tenant'")
    jz = k._accept_jz(desk, alice)
    return SimpleNamespace(hall=hall, desk=desk, kiosk=KioskDesk(hall), alice=alice, alice_jz=jz)


def test_the_pad_and_the_kiosk_rate_the_same_visit_once(kiosk_world: Any) -> None:
    """The kiosk offers a finished case whose latest visit is unrated; a bad kiosk rating
    opens a follow-up with the kiosk's channel and the serving window; the pad cannot rate that
    visit again."""
    from services.test_kiosk_desk import CLERK as DESK_CLERK  # type: ignore[import-not-found]

    w = kiosk_world
    session = w.kiosk.open_session(KIOSK_ACCOUNT, w.alice)
    assert [c.number for c in w.kiosk.to_rate(session)] == [w.alice_jz]
    w.kiosk.rate(session, w.alice_jz, 5)
    assert w.kiosk.to_rate(session) == ()
    with pytest.raises(RatingError) as again:
        w.desk.rate(DESK_CLERK, w.alice_jz, 1)
    assert again.value.code == "rating.already_rated"
    supervisor = Principal.of("supervisor", "值班长", [Role.SUPERVISOR])
    [f] = w.hall.ratings.followups(supervisor)
    assert f.case_number == w.alice_jz and f.channel is RatingChannel.KIOSK
    assert f.window == DESK_CLERK.station  # the window that served the visit, not the kiosk
