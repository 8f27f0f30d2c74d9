"""The kiosk's core (no window): the card opens the holder's session, my cases in plain facts,
reprints from any station, self-declaration awaiting a clerk, tickets, ratings, and every
attempt on another person's cases or documents refused and audited."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from registry_cards import registry_card
from sqlalchemy import select

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.seeding import seed_registry
from desktop.domain.cases import CaseState, RatingError
from desktop.domain.errors import CodedError
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.permissions import PermissionDenied, Principal, Role
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent
from desktop.services.desk import WindowDesk
from desktop.services.hall import Hall
from desktop.services.kiosk import EndReason, KioskDesk, KioskError, KioskSession
from devices.idcard.document import IdentityDocument

TODAY = date(2026, 11, 23)
CLERK = Principal.of("clerk", "窗口 #3", [Role.CLERK], display_name="演示窗口人员")
KIOSK = Principal.of("kiosk", "自助终端 #1", [Role.KIOSK])


def _card_of(db: Database, where: str, offset: int = 0) -> IdentityDocument:
    return registry_card(
        db,
        "SELECT p.name, p.sex, p.birth_date, p.id_number, p.household_address "
        "FROM persons p JOIN dwelling_parties dp ON dp.person_id = p.id "
        "WHERE p.id_type = 'citizen' AND dp.until IS NULL "
        f"AND dp.dwelling_id = p.current_dwelling_id AND {where} "
        f"ORDER BY p.id LIMIT 1 OFFSET {offset}",
    )


def _events(db: Database, action: str) -> list[AuditEvent]:
    with uow.session(db) as s:
        return list(
            s.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
        )


@dataclass
class World:
    hall: Hall
    desk: WindowDesk
    kiosk: KioskDesk
    alice: IdentityDocument
    bob: IdentityDocument
    alice_jz: str
    alice_zz: str
    bob_jz: str


def _accept_jz(desk: WindowDesk, card: IdentityDocument) -> str:
    hall = desk.hall
    jz = hall.catalog.by_category("JZ").code
    visit = desk.open_visit(CLERK, card, matter_codes=[jz])
    values = {
        **visit.for_matter(jz).as_strings(),
        "persons.0.arrival_reason": "务工",
        "emergency_phone": "13800138000",
    }
    marked = {m.code: MaterialStatus.RECEIVED for m in hall.catalog.get(jz).materials}
    return desk.submit(CLERK, visit, jz, values, marked).case.number


@pytest.fixture
def world(sqlite_db: Database, app_home: AppPaths, memory_keyring: object) -> World:
    seed_registry(sqlite_db, persons=800, random_seed=5)
    hall = Hall(sqlite_db, app_home, Settings(), today=lambda: TODAY)
    desk = WindowDesk(hall)
    alice = _card_of(sqlite_db, "dp.role = 'tenant'")
    bob = _card_of(sqlite_db, "dp.role = 'tenant'", offset=1)
    alice_jz = _accept_jz(desk, alice)
    zz = hall.catalog.by_category("ZZ").code
    visit = desk.open_visit(CLERK, alice, matter_codes=[zz])
    values = {**visit.for_matter(zz).as_strings(), "basis": "job", "phone": "13800138000"}
    marked = {
        "id_document": MaterialStatus.RECEIVED,
        "photo_receipt": MaterialStatus.RECEIVED,
        "registration_slip": MaterialStatus.RECEIVED,
    }
    alice_zz = desk.submit(CLERK, visit, zz, values, marked, promise_signed=True).case.number
    bob_jz = _accept_jz(desk, bob)
    return World(hall, desk, KioskDesk(hall), alice, bob, alice_jz, alice_zz, bob_jz)


def _session(world: World, card: IdentityDocument) -> KioskSession:
    return world.kiosk.open_session(KIOSK, card)


def test_the_card_opens_its_holders_session(world: World) -> None:
    session = _session(world, world.alice)
    assert session.principal.card_holder_id == world.alice.id_number
    assert world.alice.id_number not in session.masked_id
    assert _events(world.hall.db, "auth.kiosk_session")
    with pytest.raises(PermissionDenied):  # a clerk's account opens no kiosk session
        world.kiosk.open_session(CLERK, world.alice)


def test_my_cases_say_what_is_owed_where_to_go_and_what_to_rate(world: World) -> None:
    cases = {c.number: c for c in world.kiosk.my_cases(_session(world, world.alice))}
    assert set(cases) == {world.alice_jz, world.alice_zz}  # never Bob's
    jz, zz = cases[world.alice_jz], cases[world.alice_zz]
    assert jz.state is CaseState.ISSUED and jz.rateable and not jz.owed
    assert zz.state is CaseState.IN_REVIEW and not zz.rateable
    assert [m.name_zh for m in zz.owed] == ["劳动合同或就业证明"]
    assert zz.owed[0].deadline is not None
    assert zz.where == world.hall.settings.kiosk.service_place
    assert zz.promised_date is not None and zz.matter_en


def test_documents_of_the_holder_are_reprinted_from_another_station(
    world: World, app_home: AppPaths, tmp_path: Path
) -> None:
    # A second station on the same database with its own (empty) archive folder.
    other_paths = dataclasses.replace(app_home, archive_dir=tmp_path / "kiosk-archive")
    other_paths.archive_dir.mkdir()
    other = KioskDesk(Hall(world.hall.db, other_paths, Settings(), today=lambda: TODAY))
    session = other.open_session(KIOSK, world.alice)
    docs = other.documents(session)
    assert {d.case_number for d in docs} == {world.alice_jz, world.alice_zz}
    slip = next(d for d in docs if d.kind == "residence_registration_slip")
    job = other.reprint(session, slip.number)
    assert job.is_reprint and job.station == KIOSK.station
    assert not list(other_paths.archive_dir.rglob("*.pdf"))  # not in this station's folder
    pdf = other.hall.documents.printable_pdf(slip.number, duplicate_at=datetime.now(UTC))
    assert pdf.startswith(b"%PDF")  # read from the database's copy
    reprints = _events(world.hall.db, "document.reprint")
    assert reprints and reprints[-1].subject == f"document:{slip.number}"


def test_the_kiosk_cannot_look_up_accept_or_print_for_another_person(world: World) -> None:
    kiosk, hall = world.kiosk, world.hall
    session = _session(world, world.alice)
    denied_before = len(_events(hall.db, "auth.denied"))
    with pytest.raises(PermissionDenied):  # look up Bob's cases with Alice's session
        hall.cases.cases_for_card_holder(session.principal, world.bob.id_number)
    with pytest.raises(PermissionDenied):  # see Bob's case
        hall.cases.detail(session.principal, world.bob_jz)
    bob_doc = kiosk.documents(_session(world, world.bob))[0]
    with pytest.raises(PermissionDenied):  # print Bob's document
        kiosk.reprint(session, bob_doc.number)
    with pytest.raises(PermissionDenied):  # rate Bob's case
        kiosk.rate(session, world.bob_jz, 1)
    jz = hall.catalog.by_category("JZ").code
    with pytest.raises(PermissionDenied):  # accept anything (even for the holder)
        world.desk.submit(session.principal, _visit_for(world), jz, {}, {})  # type: ignore[arg-type]
    denied = _events(hall.db, "auth.denied")[denied_before:]
    assert len(denied) >= 5
    for event in denied:
        assert world.bob.id_number not in str(event.detail) + event.subject


def _visit_for(world: World) -> object:
    return world.desk.open_visit(CLERK, world.alice, matter_codes=[])


def test_a_rating_is_recorded_once_with_the_kiosk_channel(world: World) -> None:
    session = _session(world, world.alice)
    assert [c.number for c in world.kiosk.to_rate(session)] == [world.alice_jz]
    world.kiosk.rate(session, world.alice_jz, 1)
    assert world.kiosk.to_rate(session) == ()
    detail = world.hall.cases.detail(CLERK, world.alice_jz)
    assert detail.rating is not None and detail.rating.channel.value == "kiosk"
    with pytest.raises(RatingError):
        world.kiosk.rate(session, world.alice_jz, 2)


def test_self_declaration_is_a_draft_awaiting_a_clerk(world: World) -> None:
    kiosk = world.kiosk
    session = _session(world, world.alice)
    jz = world.hall.catalog.by_category("JZ").code
    assert kiosk.declare_matters() == (jz,)
    declaration = kiosk.declaration(session, jz)
    assert declaration.address  # pre-filled from the registry
    with pytest.raises(KioskError) as bad:
        kiosk.declare(session, declaration, dwelling_confirmed=True, phone="12345")
    assert bad.value.code == "kiosk.bad_phone"
    with pytest.raises(KioskError):
        kiosk.declare(session, declaration, dwelling_confirmed=False, phone="13912345678")
    receipt = kiosk.declare(session, declaration, dwelling_confirmed=True, phone="13912345678")
    assert _events(world.hall.db, "kiosk.declared")
    pending = kiosk.pending_declarations(CLERK)
    assert [d.draft_id for d in pending] == [receipt.draft_id]
    assert world.alice.id_number not in pending[0].masked_id
    assert pending[0].masked_id[-4:] == world.alice.id_number[-4:]
    assert world.alice.name not in pending[0].masked_name
    assert pending[0].masked_name[:1] == world.alice.name[:1]
    assert pending[0].matter_code == jz and pending[0].station == KIOSK.station
    claimed = kiosk.claim_declaration(CLERK, receipt.draft_id)
    assert claimed.station == CLERK.station
    assert kiosk.pending_declarations(CLERK) == ()
    # The clerk's desk now lists it like any of its drafts (and accepts it from there).
    assert receipt.draft_id in {d.id for d in world.desk.drafts(CLERK)}
    form = dict(claimed.form)
    assert form[jz]["emergency_phone"] == "13912345678"  # type: ignore[index]
    with pytest.raises(PermissionDenied):  # the kiosk lists nobody's declarations
        kiosk.pending_declarations(session.principal)


def test_a_matter_not_allowed_at_the_kiosk_is_refused_and_audited(world: World) -> None:
    session = _session(world, world.alice)
    zz = world.hall.catalog.by_category("ZZ").code
    with pytest.raises(KioskError) as refused:
        world.kiosk.declaration(session, zz)
    assert refused.value.code == "kiosk.matter_not_allowed"
    assert _events(world.hall.db, "kiosk.refused")


def test_a_ticket_is_taken_for_the_holder_and_its_80mm_ticket_queued_once(world: World) -> None:
    session = _session(world, world.alice)
    code = world.kiosk.queues(session)[0].code
    taken = world.kiosk.take_ticket(session, code)
    (ticket,) = world.hall.queue.tickets(CLERK)
    assert ticket.number == taken.number and ticket.channel == "kiosk"
    assert taken.print_job_id is not None
    job = world.hall.print_queue.get(taken.print_job_id)
    assert job.kind == "queue_ticket" and job.paper.value == "receipt80"
    # One ticket, one document, one print job (the queue's own print path, not a second one).
    tickets = [j for j in world.hall.print_queue.jobs() if j.kind == "queue_ticket"]
    assert [j.id for j in tickets] == [taken.print_job_id]


def test_the_holder_checks_a_booking_in_at_the_kiosk(world: World) -> None:
    from datetime import UTC, datetime, timedelta, timezone

    from desktop.domain.queueing import QueueError
    from desktop.domain.workcalendar import WorkCalendar, national_schedule

    hall_tz = timezone(timedelta(hours=8))
    today = datetime.now(UTC).astimezone(hall_tz).date()
    # The next working day: bookings are taken on the hall's working days only.
    tomorrow = WorkCalendar(national_schedule(), ()).add_working_days(today, 1).day
    slot = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, 0, tzinfo=hall_tz)
    session = _session(world, world.alice)
    with pytest.raises(QueueError) as exc:
        world.kiosk.check_in_booking(session)
    assert exc.value.code == "queue.no_booking"
    holder = session.principal.card_holder_id
    # Booked and checked in the morning of the slot (however long the holiday before it).
    world.hall.queue._now = lambda: slot - timedelta(minutes=20)
    booking = world.hall.queue.book(CLERK, "A", slot, card_holder_id=holder)
    taken = world.kiosk.check_in_booking(session)
    (ticket,) = world.hall.queue.tickets(CLERK, tomorrow)
    assert ticket.number == taken.number and ticket.booked_for == booking.slot_start
    assert taken.booked_for == booking.slot_start and taken.booked_for.utcoffset() == timedelta(
        hours=8
    )  # the slot in the hall's time, as the kiosk says it
    assert taken.print_job_id is not None
    # Another person's card finds no booking: a kiosk checks in only its own holder's.
    with pytest.raises(QueueError) as exc:
        world.kiosk.check_in_booking(_session(world, world.bob))
    assert exc.value.code == "queue.no_booking"
    refused = [e.detail for e in _events(world.hall.db, "kiosk.refused")]
    assert refused == [{"reason": "queue.no_booking"}] * 2  # audited, with nothing personal


def test_the_session_end_is_audited_with_its_reason(world: World) -> None:
    session = _session(world, world.alice)
    world.kiosk.end_session(session, EndReason.CARD_REMOVED)
    world.kiosk.end_session(_session(world, world.alice), "idle")
    reasons = [e.detail["reason"] for e in _events(world.hall.db, "kiosk.session_end")]
    assert reasons == ["card_removed", "idle"]
    with pytest.raises(ValueError, match="walked-off"):
        world.kiosk.end_session(session, "walked-off")


CLERK_2 = Principal.of("clerk2", "窗口 #4", [Role.CLERK], display_name="另一位窗口人员")


def _declared(world: World) -> tuple[KioskSession, str]:
    session = _session(world, world.alice)
    jz = world.hall.catalog.by_category("JZ").code
    declaration = world.kiosk.declaration(session, jz)
    receipt = world.kiosk.declare(
        session, declaration, dwelling_confirmed=True, phone="13912345678"
    )
    return session, receipt.draft_id


def test_refusals_of_bad_kiosk_input_are_audited_without_personal_data(world: World) -> None:
    session = _session(world, world.alice)
    jz = world.hall.catalog.by_category("JZ").code
    declaration = world.kiosk.declaration(session, jz)
    for phone in ("12345", "1391234567x", "139 1234 5678 9"):
        with pytest.raises(KioskError) as bad:
            world.kiosk.declare(session, declaration, dwelling_confirmed=True, phone=phone)
        assert bad.value.code == "kiosk.bad_phone"
    with pytest.raises(KioskError) as elsewhere:
        world.kiosk.declare(session, declaration, dwelling_confirmed=False, phone="")
    assert elsewhere.value.code == "kiosk.dwelling_not_confirmed"
    events = _events(world.hall.db, "kiosk.refused")
    reasons = [e.detail["reason"] for e in events]
    assert reasons == ["kiosk.bad_phone"] * 3 + ["kiosk.dwelling_not_confirmed"]
    assert {e.detail["digits"] for e in events[:3]} == {5, 10, 12}
    assert all(e.subject == f"person:{session.masked_id}" for e in events)
    clear = (
        world.alice.id_number,
        world.alice.name,
        declaration.address,
        "12345",
        "1391234567",
        "139 1234",
    )
    for event in events:
        text = f"{event.subject} {event.purpose} {event.detail}"
        assert not [c for c in clear if c in text], text
    assert world.kiosk.pending_declarations(CLERK) == ()  # nothing was kept


def test_a_holder_without_a_dwelling_is_sent_to_a_window_and_audited(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop.services.kiosk as kiosk_module

    session = _session(world, world.alice)
    jz = world.hall.catalog.by_category("JZ").code

    class NoAddress:
        def __init__(self, values: dict[str, str]) -> None:
            self._values = {k: v for k, v in values.items() if k != "address"}

        def as_strings(self) -> dict[str, str]:
            return self._values

    real = kiosk_module.prefill_matter
    monkeypatch.setattr(
        kiosk_module, "prefill_matter", lambda m, c: NoAddress(real(m, c).as_strings())
    )
    with pytest.raises(KioskError) as refused:
        world.kiosk.declaration(session, jz)
    assert refused.value.code == "kiosk.no_dwelling"
    (event,) = _events(world.hall.db, "kiosk.refused")
    assert event.detail == {"reason": "kiosk.no_dwelling"}
    assert world.alice.id_number not in event.subject


def test_two_clerks_cannot_claim_the_same_declaration(world: World) -> None:
    _, draft_id = _declared(world)
    first = world.kiosk.claim_declaration(CLERK, draft_id)
    assert first.station == CLERK.station and first.user == CLERK.user
    with pytest.raises(KioskError) as gone:
        world.kiosk.claim_declaration(CLERK_2, draft_id)
    assert gone.value.code == "kiosk.declaration_gone"
    with pytest.raises(KioskError):
        world.kiosk.claim_declaration(CLERK_2, "no-such-draft")
    # The loser's attempt left the winner's claim as it was, and is audited.
    assert world.hall.cases.load_draft(CLERK, draft_id).station == CLERK.station
    (claimed,) = _events(world.hall.db, "kiosk.declaration_claimed")
    assert claimed.actor == CLERK.actor.user
    refused = [e for e in _events(world.hall.db, "kiosk.refused") if e.actor == CLERK_2.actor.user]
    assert [e.subject for e in refused] == [f"draft:{draft_id}", "draft:no-such-draft"]


def test_a_declaration_is_published_on_the_live_feed_when_made_and_claimed(
    world: World,
) -> None:
    from desktop.domain.kiosk import DECLARATIONS_TOPIC
    from desktop.persistence.models import ChangeFeedEntry

    def topics() -> list[str]:
        with uow.session(world.hall.db) as s:
            return list(s.scalars(select(ChangeFeedEntry.topic).order_by(ChangeFeedEntry.seq)))

    before = topics().count(DECLARATIONS_TOPIC)
    _, draft_id = _declared(world)
    assert topics().count(DECLARATIONS_TOPIC) == before + 1
    world.kiosk.claim_declaration(CLERK, draft_id)
    assert topics().count(DECLARATIONS_TOPIC) == before + 2


def test_the_kiosk_shows_a_declaration_until_the_clerk_accepts_it(world: World) -> None:
    session, draft_id = _declared(world)
    declared = [c for c in world.kiosk.my_cases(session) if c.declared]
    assert [(c.state, c.number) for c in declared] == [(CaseState.DRAFT, "")]
    assert not [c for c in world.kiosk.my_cases(_session(world, world.bob)) if c.declared]
    draft = world.kiosk.claim_declaration(CLERK, draft_id)
    assert [c.declared for c in world.kiosk.my_cases(session)].count(True) == 1  # being checked
    # The desk accepts the claimed draft like any of its own (the window's path: the UI test).
    (jz,) = draft.matter_codes
    desk = world.desk
    visit = desk.open_visit(CLERK, world.alice, matter_codes=[jz])
    values = {**visit.for_matter(jz).as_strings(), **dict(draft.form)[jz]}  # type: ignore[dict-item]
    values["persons.0.arrival_reason"] = values.get("persons.0.arrival_reason") or "务工"
    marked = {m.code: MaterialStatus.RECEIVED for m in world.hall.catalog.get(jz).materials}
    outcome = desk.submit(CLERK, visit, jz, values, marked, draft_id=draft_id)
    cases = world.kiosk.my_cases(session)
    assert not [c for c in cases if c.declared]  # the draft went with the acceptance
    accepted = next(c for c in cases if c.number == outcome.case.number)
    assert accepted.state is outcome.case.state


def test_a_second_ticket_for_the_same_service_is_refused_and_audited(world: World) -> None:
    session = _session(world, world.alice)
    code = world.kiosk.queues(session)[0].code
    world.kiosk.take_ticket(session, code)
    with pytest.raises(CodedError) as refused:
        world.kiosk.take_ticket(session, code)
    assert refused.value.code == "queue.already_waiting"
    (event,) = _events(world.hall.db, "kiosk.refused")
    assert event.subject == f"queue:{code}"
    assert event.detail == {"reason": "queue.already_waiting"}


def test_a_declaration_refused_at_the_desk_shows_refused_at_the_kiosk(world: World) -> None:
    session, draft_id = _declared(world)
    draft = world.kiosk.claim_declaration(CLERK, draft_id)
    (jz,) = draft.matter_codes
    visit = world.desk.open_visit(CLERK, world.alice, matter_codes=[jz])
    values = {**visit.for_matter(jz).as_strings(), **dict(draft.form)[jz]}  # type: ignore[dict-item]
    outcome = world.desk.refuse(
        CLERK, visit, jz, values, "住所已变更，须现场核实", draft_id=draft_id
    )
    assert outcome.case.state is CaseState.REFUSED
    cases = world.kiosk.my_cases(session)
    assert not [c for c in cases if c.declared]
    (refused,) = [c for c in cases if c.number == outcome.case.number]
    assert refused.state is CaseState.REFUSED


def test_a_claimed_declaration_is_handed_back_by_its_claimant_only(world: World) -> None:
    _, draft_id = _declared(world)
    world.kiosk.claim_declaration(CLERK, draft_id)
    assert [d.draft_id for d in world.kiosk.claimed_declarations(CLERK)] == [draft_id]
    assert world.kiosk.claimed_declarations(CLERK)[0].station == KIOSK.station  # where declared
    assert world.kiosk.claimed_declarations(CLERK_2) == ()
    with pytest.raises(KioskError) as not_yours:
        world.kiosk.release_declaration(CLERK_2, draft_id)
    assert not_yours.value.code == "kiosk.not_claimant"
    world.kiosk.release_declaration(CLERK, draft_id)
    assert world.kiosk.claimed_declarations(CLERK) == ()
    (back,) = world.kiosk.pending_declarations(CLERK_2)
    assert back.draft_id == draft_id and back.station == KIOSK.station
    assert draft_id not in {d.id for d in world.desk.drafts(CLERK)}  # off the clerk's drafts
    with pytest.raises(KioskError):  # handed back: nothing more to hand back
        world.kiosk.release_declaration(CLERK, draft_id)
    # Another clerk claims it now, and gets the declaration as the kiosk took it.
    again = world.kiosk.claim_declaration(CLERK_2, draft_id)
    assert again.user == CLERK_2.user
    assert dict(again.form)[again.matter_codes[0]]["emergency_phone"] == "13912345678"  # type: ignore[index]
    (released,) = _events(world.hall.db, "kiosk.declaration_released")
    assert released.actor == CLERK.user and released.subject == f"draft:{draft_id}"
    reasons = [e.detail["reason"] for e in _events(world.hall.db, "kiosk.refused")]
    assert reasons == ["kiosk.not_claimant", "kiosk.not_claimant"]


def test_a_claimed_declaration_saved_at_the_desk_keeps_its_kiosk_origin(world: World) -> None:
    """The desk saves a claimed declaration's draft as it saves any (its own visit meta); the
    draft stays a kiosk declaration: the kiosk still shows it, the clerk can hand it back."""
    from desktop.services.local_drafts import VISIT_KEY

    session, draft_id = _declared(world)
    draft = world.kiosk.claim_declaration(CLERK, draft_id)
    (jz,) = draft.matter_codes
    values = {**dict(draft.form)[jz], "persons.0.arrival_reason": "务工"}  # type: ignore[dict-item]
    world.desk.save_draft(
        CLERK,
        draft_id=draft_id,
        matter_codes=[jz],
        form={
            VISIT_KEY: {"card": None, "id_number": world.alice.id_number, "matters": [jz]},
            jz: values,
        },
        materials={f"{jz}|id_card": "received"},
        title="desk",
    )
    saved = world.hall.cases.load_draft(CLERK, draft_id)
    meta = dict(saved.form)[VISIT_KEY]
    assert meta["channel"] == "kiosk" and meta["claimed_from"] == KIOSK.station  # type: ignore[index]
    assert meta["matters"] == [jz]  # (the desk's own keys as it saved them)
    assert dict(saved.form)[jz]["persons.0.arrival_reason"] == "务工"  # type: ignore[index]
    assert [c.declared for c in world.kiosk.my_cases(session)].count(True) == 1
    assert [d.draft_id for d in world.kiosk.claimed_declarations(CLERK)] == [draft_id]
    world.kiosk.release_declaration(CLERK, draft_id)
    (back,) = world.kiosk.pending_declarations(CLERK_2)
    assert back.draft_id == draft_id
    # A window's own draft gains nothing of the kind.
    blank = {VISIT_KEY: {}}
    own = world.desk.save_draft(CLERK, draft_id=None, matter_codes=[jz], form=blank, materials={})
    again = world.desk.save_draft(
        CLERK, draft_id=own.id, matter_codes=[jz], form=blank, materials={}
    )
    assert dict(again.form)[VISIT_KEY] == {}
