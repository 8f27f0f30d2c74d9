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
    assert [d.id for d in pending] == [receipt.draft_id]
    assert world.alice.id_number not in pending[0].title
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

    hall_tz = timezone(timedelta(hours=8))
    tomorrow = (datetime.now(UTC).astimezone(hall_tz) + timedelta(days=1)).date()
    slot = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, 0, tzinfo=hall_tz)
    session = _session(world, world.alice)
    with pytest.raises(QueueError) as exc:
        world.kiosk.check_in_booking(session)
    assert exc.value.code == "queue.no_booking"
    holder = session.principal.card_holder_id
    booking = world.hall.queue.book(CLERK, "A", slot, card_holder_id=holder)
    world.hall.queue._now = lambda: slot - timedelta(minutes=20)  # the morning of the slot
    taken = world.kiosk.check_in_booking(session)
    (ticket,) = world.hall.queue.tickets(CLERK, tomorrow)
    assert ticket.number == taken.number and ticket.booked_for == booking.slot_start
    assert taken.print_job_id is not None
    # Another person's card finds no booking: a kiosk checks in only its own holder's.
    with pytest.raises(QueueError) as exc:
        world.kiosk.check_in_booking(_session(world, world.bob))
    assert exc.value.code == "queue.no_booking"


def test_the_session_end_is_audited_with_its_reason(world: World) -> None:
    session = _session(world, world.alice)
    world.kiosk.end_session(session, EndReason.CARD_REMOVED)
    world.kiosk.end_session(_session(world, world.alice), "idle")
    reasons = [e.detail["reason"] for e in _events(world.hall.db, "kiosk.session_end")]
    assert reasons == ["card_removed", "idle"]
    with pytest.raises(ValueError, match="walked-off"):
        world.kiosk.end_session(session, "walked-off")
