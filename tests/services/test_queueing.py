"""Queue tickets and calling: numbering per day, the interleave ratio, booked slots, recall and
no-show, transfer, pause, one open ticket per card, the ticket → case link and statistics, and
concurrency (threads calling at once on PostgreSQL and SQLite never get the same ticket)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop.domain.permissions import PermissionDenied, Principal, Role
from desktop.domain.queueing import (
    QueueConfigError,
    QueueError,
    load_queue_config,
    parse_queue_config,
)
from desktop.persistence.database import Database
from desktop.services.audit import verify_chain
from desktop.services.queueing import QueueService, percentile
from services.case_factory import (  # type: ignore[import-not-found]
    CLERK,
    IMMEDIATE,
    Clock,
    application,
    make_service,
)

KIOSK = Principal.of("kiosk01", "自助机1", [Role.KIOSK])
CLERKS = [Principal.of(f"clerk{i:02d}", f"窗口{i}", [Role.CLERK]) for i in range(1, 21)]
CST = timezone(timedelta(hours=8))

TWO_QUEUES = {
    "calling": {"normal_per_priority": 2, "recalls_before_no_show": 2},
    "priority": [{"code": "elderly", "name_zh": "老年人"}],
    "queue": [
        {"code": "A", "name_zh": "户籍", "matters": ["m1"], "windows": [1, 2, 3]},
        {"code": "B", "name_zh": "居住证", "matters": ["m2"], "windows": [3, 4]},
    ],
}


def service(db: Database, clock: Clock, data: dict[str, object] | None = None) -> QueueService:
    config = parse_queue_config(data or TWO_QUEUES, "test")
    return QueueService(db, config, now=clock, tz=CST, check_url="https://hall.example/q")


@pytest.fixture
def clock() -> Clock:
    return Clock()


# ---- configuration ---------------------------------------------------------------------------


def test_shipped_queues_load_and_are_checked_against_the_catalog() -> None:
    from desktop.domain.matters.loader import load_catalog

    catalog = load_catalog()
    config = load_queue_config(None, matter_codes=[m.code for m in catalog])
    assert [q.code for q in config.queues] == ["A", "B", "C", "D"]
    assert config.normal_per_priority == 2
    # Every shipped queue and priority category has its own English name.
    names = [(q.name_zh, q.name_en) for q in config.queues]
    names += [(c.name_zh, c.name_en) for c in config.priority_categories]
    assert all(en and en.isascii() and en != zh for zh, en in names), names
    assert config.get("A").name_en == "Household registration"
    with pytest.raises(QueueConfigError, match="no matter"):
        load_queue_config(None, matter_codes=["x"])


def test_hall_file_overrides_and_a_broken_one_names_the_field(tmp_path: Path) -> None:
    (tmp_path / "queues.toml").write_text(
        '[[queue]]\ncode = "Z"\nname_zh = "综合"\nwindows = [1]\nstart = 101\n', encoding="utf-8"
    )
    config = load_queue_config(tmp_path)
    assert [(q.code, q.start) for q in config.queues] == [("Z", 101)]
    assert config.queues[0].name_en == "综合"  # no English name: the English UI shows Chinese
    (tmp_path / "queues.toml").write_text(
        '[[queue]]\ncode = "z9"\nname_zh = "综合"\nwindows = [1]\n', encoding="utf-8"
    )
    with pytest.raises(QueueConfigError) as exc:
        load_queue_config(tmp_path)
    assert exc.value.detail["field"] == "queue[0].code"
    with pytest.raises(QueueConfigError, match="unknown key"):
        parse_queue_config(
            {"queue": [{"code": "A", "name_zh": "x", "windows": [1], "colour": 1}]}, "t"
        )


# ---- taking ----------------------------------------------------------------------------------


def test_numbers_count_per_queue_and_restart_every_day(sqlite_db: Database, clock: Clock) -> None:
    svc = service(sqlite_db, clock)
    a1 = svc.take(KIOSK, "A")
    a2 = svc.take(KIOSK, "A")
    b1 = svc.take(KIOSK, "m2")  # by matter code
    assert (a1.number, a2.number, b1.number) == ("A001", "A002", "B001")
    assert (a1.waiting_before, a2.waiting_before) == (0, 1)
    assert a2.check_url.endswith("t=A002") and "d=20261123" in a2.check_url
    clock.advance(days=1)
    again = svc.take(KIOSK, "A")
    assert again.number == "A001" and again.day != a1.day
    assert verify_chain_ok(sqlite_db)


def verify_chain_ok(db: Database) -> bool:
    with db.engine.connect() as conn:
        return verify_chain(conn).ok


def test_a_second_open_ticket_for_the_same_card_is_refused(
    sqlite_db: Database, clock: Clock
) -> None:
    svc = service(sqlite_db, clock)
    svc.take(KIOSK, "A", card_holder_id="110101199003070011")
    with pytest.raises(QueueError) as exc:
        svc.take(KIOSK, "A", card_holder_id="110101199003070011")
    assert exc.value.code == "queue.already_waiting"
    assert svc.take(KIOSK, "B", card_holder_id="110101199003070011").number == "B001"
    # Once served, the card may take a new one.
    assert svc.call_next(CLERKS[0], 1) is not None
    svc.finish(CLERKS[0], 1)
    assert svc.take(KIOSK, "A", card_holder_id="110101199003070011").number == "A002"


def test_permissions_are_checked(sqlite_db: Database, clock: Clock) -> None:
    svc = service(sqlite_db, clock)
    approver = Principal.of("a", "s", [Role.APPROVER])
    with pytest.raises(PermissionDenied):
        svc.take(approver, "A")
    svc.take(KIOSK, "A")
    with pytest.raises(PermissionDenied):
        svc.call_next(KIOSK, 1)


# ---- calling ---------------------------------------------------------------------------------


def test_interleave_ratio_one_priority_per_two_normal(sqlite_db: Database, clock: Clock) -> None:
    svc = service(sqlite_db, clock)
    for i in range(6):
        svc.take(KIOSK, "A", priority=i < 3)
        clock.advance(seconds=10)
    for _ in range(6):
        svc.take(KIOSK, "A")
        clock.advance(seconds=10)
    kinds = []
    while (t := svc.call_next(CLERK, 1)) is not None:
        kinds.append("P" if t.priority else "N")
    assert "".join(kinds) == "PNNPNNPNNNNN"


def test_oldest_queue_first_at_a_window_serving_two(sqlite_db: Database, clock: Clock) -> None:
    svc = service(sqlite_db, clock)
    svc.take(KIOSK, "B")
    clock.advance(seconds=5)
    svc.take(KIOSK, "A")
    first = svc.call_next(CLERK, 3)
    second = svc.call_next(CLERK, 3)
    assert first is not None and second is not None
    assert (first.number, second.number) == ("B001", "A001")
    assert svc.call_next(CLERK, 3) is None


def test_booked_ticket_goes_first_when_its_slot_comes(sqlite_db: Database, clock: Clock) -> None:
    svc = service(sqlite_db, clock)
    svc.take(KIOSK, "A")
    booked = svc.take(KIOSK, "A", channel="booking", booked_for=clock() + timedelta(minutes=30))
    svc.take(KIOSK, "A")
    first = svc.call_next(CLERK, 1)
    assert first is not None and first.number == "A001"  # slot not yet come
    clock.advance(minutes=26)  # within 5 minutes of the slot
    nxt = svc.call_next(CLERK, 1)
    assert nxt is not None and nxt.number == booked.number


def test_recall_then_no_show_after_n_recalls(sqlite_db: Database, clock: Clock) -> None:
    svc = service(sqlite_db, clock)
    svc.take(KIOSK, "A")
    svc.call_next(CLERK, 1)
    with pytest.raises(QueueError) as exc:
        svc.no_show(CLERK, 1)
    assert exc.value.code == "queue.recall_first"
    assert svc.recall(CLERK, 1).recalls == 1
    board = svc.board()
    assert board.calls[0].recalls == 1
    assert svc.recall(CLERK, 1).recalls == 2
    with pytest.raises(QueueError) as exc:
        svc.recall(CLERK, 1)
    assert exc.value.code == "queue.recall_limit"
    gone = svc.no_show(CLERK, 1)
    assert gone.state == "no_show"
    assert svc.current(CLERK, 1) is None


def test_transfer_keeps_the_number(sqlite_db: Database, clock: Clock) -> None:
    svc = service(sqlite_db, clock)
    a = svc.take(KIOSK, "A")
    svc.take(KIOSK, "B")
    svc.call_next(CLERK, 1)
    moved = svc.transfer(CLERK, 1, to_queue="B")
    assert (moved.number, moved.queue_code, moved.state) == (a.number, "B", "waiting")
    # It keeps its place by the time it was taken: window 4 calls it before B001.
    again = svc.call_next(CLERK, 4)
    assert again is not None and again.number == "A001"
    to_window = svc.transfer(CLERK, 4, to_window=3)
    assert to_window.window == 3
    # Only window 3 calls it, and before anyone else.
    assert svc.call_next(CLERK, 4) is not None  # B001
    assert svc.call_next(CLERK, 4) is None
    at3 = svc.call_next(CLERK, 3)
    assert at3 is not None and at3.number == "A001"


def test_a_paused_window_does_not_call(sqlite_db: Database, clock: Clock) -> None:
    svc = service(sqlite_db, clock)
    svc.take(KIOSK, "A")
    svc.pause(CLERK, 1)
    with pytest.raises(QueueError) as exc:
        svc.call_next(CLERK, 1)
    assert exc.value.code == "queue.window_paused"
    svc.pause(CLERK, 1, paused=False)
    assert svc.call_next(CLERK, 1) is not None


def test_ticket_links_to_case_and_stats(sqlite_db: Database, clock: Clock) -> None:
    svc = service(sqlite_db, clock)
    cases = make_service(sqlite_db, clock)
    for _ in range(3):
        svc.take(KIOSK, "A")
    clock.advance(minutes=4)
    svc.call_next(CLERK, 1)  # A001 waited 4 min
    clock.advance(minutes=2)
    case = cases.accept(CLERK, application(IMMEDIATE)).case
    linked = svc.link_case(CLERK, 1, case.number)
    assert linked is not None and linked.state == "serving"
    assert svc.ticket_of_case(CLERK, case.number).number == "A001"  # type: ignore[union-attr]
    clock.advance(minutes=3)
    svc.call_next(CLERK, 1)  # A001 done after 5 min; A002 waited 9 min
    svc.recall(CLERK, 1)
    svc.recall(CLERK, 1)
    svc.no_show(CLERK, 1)
    stats = svc.stats(CLERK, clock.today)
    (a,) = stats.queues
    assert (a.taken, a.served, a.no_shows, a.cases) == (3, 1, 1, 1)
    assert a.wait_median_s == pytest.approx(6.5 * 60)
    assert a.service_median_s == pytest.approx(5 * 60)
    assert [w.key for w in stats.windows] == ["1"]


def test_percentile() -> None:
    assert percentile([], 90) is None
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 90) == pytest.approx(9.1)


# ---- concurrency -----------------------------------------------------------------------------


def _concurrent_calls(db: Database, windows: int, tickets: int) -> None:
    now = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)
    config = parse_queue_config(
        {
            "calling": {"normal_per_priority": 2},
            "queue": [{"code": "A", "name_zh": "户籍", "windows": list(range(1, windows + 1))}],
        },
        "test",
    )
    svc = QueueService(db, config, now=lambda: now, tz=CST)
    for i in range(tickets):
        svc.take(KIOSK, "A", priority=i % 3 == 0)
    called: list[str] = []
    errors: list[BaseException] = []
    guard = threading.Lock()
    start = threading.Barrier(windows)

    def worker(w: int) -> None:
        start.wait()
        try:
            while (t := svc.call_next(CLERKS[w - 1], w)) is not None:
                with guard:
                    called.append(t.number)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(1, windows + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    counts = Counter(called)
    assert len(called) == tickets and all(n == 1 for n in counts.values())
    assert verify_chain_ok(db)


@pytest.mark.postgres
def test_threads_on_postgresql_never_call_a_ticket_twice(pg_db: Database) -> None:
    _concurrent_calls(pg_db, windows=8, tickets=120)


def test_threads_on_sqlite_never_call_a_ticket_twice(sqlite_db: Database) -> None:
    _concurrent_calls(sqlite_db, windows=4, tickets=40)


# ---- the hall's queue and the printed ticket ---------------------------------------------------


def test_the_hall_prints_a_ticket_through_the_print_queue(
    sqlite_db: Database, app_home: Path, memory_keyring: object
) -> None:
    from desktop.config.settings import Settings
    from desktop.services.hall import Hall

    hall = Hall(sqlite_db, app_home, Settings())  # type: ignore[arg-type]
    assert [q.code for q in hall.queue.queues(KIOSK)] == ["A", "B", "C", "D"]
    ticket = hall.queue.take(KIOSK, "440306GA0001720010001", card_holder_id="110101199003070011")
    doc = hall.queue.ticket_document(ticket)
    assert doc.number == "A001" and "居住登记" in "".join(doc.matters)
    job = hall.queue.print_ticket(KIOSK, ticket)
    assert job.kind == "queue_ticket" and job.paper == "receipt80"
    assert job.document_number.endswith("-A001")
    assert [j.id for j in hall.print_queue.pending(KIOSK.station)] == [job.id]
