"""The supervisor's audit search: filters and paging with exact results, every search audited
with its purpose and the person only as a pseudonym, a clerk refused, export, index-backed
plans on SQLite and PostgreSQL, and the chain's verification status."""

from __future__ import annotations

import csv
import io
import logging
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select, text, update

from desktop.config.paths import AppPaths
from desktop.domain.audit_log import AuditOutcome, AuditQuery, ChainStatusSource
from desktop.domain.identity import make_citizen_number, mask_id_number
from desktop.domain.permissions import PermissionDenied, Principal, Role
from desktop.domain.registry import Actor
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent
from desktop.services.audit import AuditError, append_event, verify_chain
from desktop.services.audit_search import EXPORT_COLUMNS, AuditSearch
from desktop.services.audit_status import ChainStatusService, VerificationLog
from desktop.services.keying import AuditKeeper
from desktop.services.pseudonyms import person_pseudonym
from desktop.services.secrets import StationKeys

SUPERVISOR = Principal.of("sup1", "hall-desk", [Role.SUPERVISOR])
CLERK = Principal.of("clerk1", "window-1", [Role.CLERK])
T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def _same_mask_pair() -> tuple[str, str]:
    """Two valid numbers with the same masked form (region and last four shown)."""
    first = make_citizen_number("110105", date(1980, 1, 1), 17)
    day = date(1980, 1, 2)
    while True:
        other = make_citizen_number("110105", day, 17)
        if other[-4:] == first[-4:]:
            return first, other
        day += timedelta(days=1)


PERSON_A, PERSON_C = _same_mask_pair()  # C shares A's masked number
PERSON_B = make_citizen_number("310101", date(1990, 6, 15), 42)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, memory_keyring: Any) -> Database:
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


@pytest.fixture
def sqlite(sqlite_db: Database, memory_keyring: Any) -> Database:
    return sqlite_db


def _event(db: Database, n: int, user: str, station: str, action: str, **kw: Any) -> int:
    """Append one event ``n`` hours after T0."""
    number = kw.pop("person", None)
    detail: dict[str, object] = dict(kw.pop("detail", {}))
    subject = kw.pop("subject", f"case:{n}")
    with db.engine.begin() as conn:
        if number is not None:
            detail.setdefault("id_hash", person_pseudonym(conn, number))
            subject = f"person:{mask_id_number(number)}"
        return append_event(
            conn,
            Actor(user, station),
            action,
            subject,
            kw.pop("purpose", "居住登记"),
            detail,
            now=lambda: T0 + timedelta(hours=n),
        )


def _seed(db: Database) -> dict[str, int]:
    """Twelve events whose seqs the tests name."""
    seqs = {
        "a1": _event(db, 0, "clerk1", "window-1", "registry.dossier", person=PERSON_A),
        "b1": _event(db, 1, "clerk2", "window-2", "registry.dossier", person=PERSON_B),
        "c1": _event(db, 2, "clerk1", "window-1", "registry.dossier", person=PERSON_C),
        "x1": _event(db, 3, "clerk1", "window-1", "case.accept"),
        # Re-keyed from an earlier version without its pseudonym: found by the masked number.
        "a_legacy": _event(
            db,
            4,
            "clerk2",
            "window-2",
            "registry.dossier",
            subject=f"person:{mask_id_number(PERSON_A)}",
            detail={"id_hash": "", "id_hash_unresolved": True},
        ),
        "a2": _event(
            db, 5, "appr1", "review-1", "case.list_own", person=PERSON_A, detail={"results": 0}
        ),
        "d1": _event(
            db, 6, "clerk2", "window-2", "auth.denied", detail={"permission": "case.terminate"}
        ),
        "b2": _event(
            db, 7, "kiosk1", "kiosk-1", "registry.dossier", person=PERSON_B, detail={"found": False}
        ),
        "x2": _event(db, 8, "clerk1", "window-2", "case.accept"),
        "x3": _event(db, 9, "clerk2", "window-1", "case.issue"),
        "a3": _event(db, 10, "clerk2", "window-1", "registry.dossier", person=PERSON_A),
        "x4": _event(db, 11, "appr1", "review-1", "review.decide"),
    }
    return seqs


def _service(db: Database) -> AuditSearch:
    return AuditSearch(db, now=lambda: T0 + timedelta(days=30))


def _audit_rows(db: Database) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(select(AuditEvent.__table__).order_by(AuditEvent.seq)))


def _seqs(page: Any) -> list[int]:
    return [r.seq for r in page.records]


# ---- filters and paging ----------------------------------------------------------------------


def test_filters_give_exactly_the_matching_events_newest_first(db: Database) -> None:
    s = _seed(db)
    search = _service(db)

    def find(**kw: Any) -> list[int]:
        return _seqs(search.search(SUPERVISOR, AuditQuery(**kw), "效能监察抽查"))

    by_a = search.search(SUPERVISOR, AuditQuery(person=PERSON_A), "投诉核查")
    assert _seqs(by_a) == [s["a3"], s["a2"], s["a_legacy"], s["a1"]]  # not C (same mask)
    assert [r.same_person for r in by_a.records] == [True, True, False, True]
    assert by_a.records[0].person_key == person_pseudonym(db.engine, PERSON_A)
    # A number typed with spaces and a lower-case x is the same person.
    assert find(person=" " + PERSON_B.lower() + " ") == [s["b2"], s["b1"]]
    assert find(user="clerk2") == [s["a3"], s["x3"], s["d1"], s["a_legacy"], s["b1"]]
    assert find(action="case.accept") == [s["x2"], s["x1"]]
    assert find(station="review-1") == [s["x4"], s["a2"]]
    assert find(since=T0 + timedelta(hours=3), until=T0 + timedelta(hours=6)) == [
        s["a2"],
        s["a_legacy"],
        s["x1"],
    ]
    # Period bounds given in the hall's time zone (UTC+8) are the same moments.
    east = timezone(timedelta(hours=8))
    assert find(
        since=(T0 + timedelta(hours=3)).astimezone(east),
        until=(T0 + timedelta(hours=6)).astimezone(east),
    ) == [s["a2"], s["a_legacy"], s["x1"]]
    assert find(user="clerk2", station="window-1") == [s["a3"], s["x3"]]
    assert find(person=PERSON_A, user="clerk1") == [s["a1"]]
    assert find(user="nobody") == []
    outcomes = {r.seq: r.outcome for r in search.search(SUPERVISOR, AuditQuery(), "抽查").records}
    assert outcomes[s["d1"]] is AuditOutcome.DENIED
    assert outcomes[s["b2"]] is AuditOutcome.NOT_FOUND
    assert outcomes[s["x1"]] is AuditOutcome.DONE


def test_pages_follow_each_other_without_gaps_or_repeats(db: Database) -> None:
    s = _seed(db)
    search = _service(db)
    everything = sorted(s.values(), reverse=True)
    seen: list[int] = []
    before = None
    pages = 0
    while True:
        page = search.search(SUPERVISOR, AuditQuery(limit=5, before_seq=before), "抽查")
        seen += _seqs(page)
        pages += 1
        if page.next_before is None:
            break
        before = page.next_before
        assert before == page.records[-1].seq
    assert pages == 3
    # Page 1 was read before the searches of pages 2 and 3 were recorded: no search events.
    assert seen == everything
    # Now the log holds the three searches too: 15 events, one page of 15 is the last.
    last = search.search(SUPERVISOR, AuditQuery(limit=15), "抽查")
    assert len(last.records) == 15 and last.next_before is None


# ---- every search audited, no clear number anywhere -------------------------------------------


def test_a_search_is_audited_with_its_purpose_and_the_person_pseudonymised(
    db: Database, app_home: AppPaths, caplog: pytest.LogCaptureFixture
) -> None:
    s = _seed(db)
    search = _service(db)
    caplog.set_level(logging.DEBUG)
    page = search.search(
        SUPERVISOR,
        AuditQuery(person=PERSON_A, station="window-1", since=T0),
        "  投诉核查：市民来电  ",
    )
    rows = _audit_rows(db)
    own = rows[-1]
    assert own.seq == page.search_seq > s["x4"]
    assert (own.actor, own.station, own.action) == ("sup1", "hall-desk", "audit.search")
    assert own.purpose == "投诉核查：市民来电"
    assert own.subject == f"person:{mask_id_number(PERSON_A)}"
    assert own.detail == {
        "filters": {"station": "window-1", "since": T0.isoformat()},
        "id_hash": person_pseudonym(db.engine, PERSON_A),
    }
    # The search itself is found by the next search for the same person.
    again = search.search(SUPERVISOR, AuditQuery(person=PERSON_A), "复核")
    assert again.records[0].seq == page.search_seq
    assert again.records[0].action == "audit.search"
    # The number typed is nowhere: not in any column of any event, not in the log.
    for row in _audit_rows(db):
        assert PERSON_A not in repr(tuple(row))
    assert PERSON_A not in caplog.text
    for file in app_home.log_dir.glob("*"):
        assert PERSON_A not in file.read_text(errors="replace")
    assert PERSON_A not in repr(AuditQuery(person=PERSON_A))
    with db.engine.connect() as conn:
        assert verify_chain(conn).ok  # searches append to the chain like every event


def test_a_search_needs_a_purpose_and_writes_nothing_without_one(db: Database) -> None:
    _seed(db)
    before = len(_audit_rows(db))
    with pytest.raises(AuditError) as caught:
        _service(db).search(SUPERVISOR, AuditQuery(person=PERSON_A), "   ")
    assert caught.value.code == "audit.purpose_required"
    assert len(_audit_rows(db)) == before


def test_a_clerk_is_refused_and_the_refusal_is_audited_without_the_number(db: Database) -> None:
    _seed(db)
    search = _service(db)
    with pytest.raises(PermissionDenied):
        search.search(CLERK, AuditQuery(person=PERSON_B), "好奇")
    with pytest.raises(PermissionDenied):
        search.export(CLERK, AuditQuery(), "好奇", "/tmp/never.csv", EXPORT_COLUMNS)
    with pytest.raises(PermissionDenied):
        search.choices(CLERK)
    rows = _audit_rows(db)
    denied = [r for r in rows if r.actor == "clerk1" and r.action == "auth.denied"]
    assert len(denied) == 3
    assert denied[0].purpose == "好奇"
    assert denied[0].detail["permission"] == "audit.search"
    assert denied[0].detail["id_hash"] == person_pseudonym(db.engine, PERSON_B)
    assert denied[0].subject == f"person:{mask_id_number(PERSON_B)}"
    assert not [r for r in rows if r.action in ("audit.search", "audit.export")]
    assert all(PERSON_B not in repr(tuple(r)) for r in rows)
    assert not Path("/tmp/never.csv").exists()


# ---- export ------------------------------------------------------------------------------------


def test_export_writes_every_match_and_is_audited(db: Database, tmp_path: Path) -> None:
    s = _seed(db)
    search = _service(db)
    headers = ["序号", "时间", "人员", "工作站", "操作", "对象", "人员标识", "用途", "结果"]
    labels = {AuditOutcome.DONE: "完成", AuditOutcome.DENIED: "拒绝"}
    report = search.export(
        SUPERVISOR,
        AuditQuery(user="clerk2"),
        "月度抽查",
        tmp_path / "audit.csv",
        headers,
        outcome_labels=labels,
    )
    assert (report.rows, report.truncated) == (5, False)
    lines = list(csv.reader(io.StringIO((tmp_path / "audit.csv").read_text("utf-8-sig"))))
    assert lines[0] == headers
    assert [int(line[0]) for line in lines[1:]] == [
        s["a3"],
        s["x3"],
        s["d1"],
        s["a_legacy"],
        s["b1"],
    ]
    assert lines[3][8] == "拒绝" and lines[1][8] == "完成"
    assert lines[1][1] == "2026-11-02 11:00:00"  # UTC (the service's hall_tz default)
    own = _audit_rows(db)[-1]
    assert (own.action, own.purpose, own.seq) == ("audit.export", "月度抽查", report.export_seq)
    assert own.detail == {"filters": {"user": "clerk2"}, "format": "csv", "file": "audit.csv"}

    small = search.export(
        SUPERVISOR, AuditQuery(), "抽查", tmp_path / "audit.xlsx", headers, max_rows=3
    )
    assert (small.rows, small.truncated) == (3, True)
    sheet = load_workbook(tmp_path / "audit.xlsx").active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == headers and len(values) == 4
    assert isinstance(values[1][1], datetime)


def test_choices_list_what_the_log_holds(db: Database) -> None:
    _seed(db)
    got = _service(db).choices(SUPERVISOR)
    assert got.actions == (
        "auth.denied",
        "case.accept",
        "case.issue",
        "case.list_own",
        "registry.dossier",
        "review.decide",
    )
    assert got.users == ("appr1", "clerk1", "clerk2", "kiosk1")
    assert got.stations == ("kiosk-1", "review-1", "window-1", "window-2")


# ---- the plans use the indexes -----------------------------------------------------------------


def _bulk(db: Database, count: int) -> None:
    """Many events written straight into the table (the chain does not matter for a plan).

    One event in a thousand is by ``rare`` at ``window-rare`` doing ``act.rare``: what a
    supervisor looks for in a year's log is a needle, and the plan must not scan the haystack.
    """
    now = T0
    rows = []
    for i in range(count):
        rare = i % 1000 == 3
        rows.append(
            {
                "seq": 1_000 + i,
                "occurred_at": now + timedelta(seconds=i),
                "actor": "rare" if rare else f"clerk{i % 5}",
                "station": "window-rare" if rare else f"window-{i % 4}",
                "action": "act.rare" if rare else f"act.{i % 3}",
                "subject": f"case:{i}",
                "purpose": "p",
                "detail": {"id_hash": f"{i % 5000:024x}"},
                "prev_hash": "0" * 64,
                "hash": "0" * 64,
            }
        )
    with db.engine.begin() as conn:
        conn.execute(insert(AuditEvent.__table__), rows)
        conn.execute(text("ANALYZE"))


def _plan(db: Database, query: AuditQuery, person: Any = None) -> str:
    from desktop.services.audit_search import PersonFilter

    stmt = AuditSearch._select(query, person, before=10**9).limit(51)
    with db.engine.connect() as conn:
        compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
        prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
        rows = conn.execute(text(prefix + str(compiled))).all()
    assert PersonFilter  # (imported for the type of ``person``)
    return "\n".join(str(r[-1]) for r in rows)


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({"user": "rare"}, "ix_audit_events_actor_seq"),
        ({"station": "window-rare"}, "ix_audit_events_station_seq"),
        ({"action": "act.rare"}, "ix_audit_events_action_seq"),
        (
            {"since": T0 + timedelta(seconds=100), "until": T0 + timedelta(seconds=200)},
            "ix_audit_events_occurred_at",
        ),
        ({"person": True}, "ix_audit_events_person_key"),
    ],
)
def test_every_filter_reads_through_an_index(
    db: Database, filters: dict[str, Any], index: str
) -> None:
    from desktop.services.audit_search import PersonFilter

    _bulk(db, 20_000)
    filters = dict(filters)  # (shared by both backends' runs)
    person = None
    if filters.pop("person", False):
        person = PersonFilter(f"{7:024x}", "person:110105********0017")
    plan = _plan(db, AuditQuery(**filters), person)
    assert index in plan, plan
    if person is not None and db.engine.dialect.name == "postgresql":
        assert "ix_audit_events_subject" in plan, plan  # the masked-number half of the OR


# ---- the chain's verification status -----------------------------------------------------------


@pytest.fixture
def chain(sqlite: Database, app_home: AppPaths) -> ChainStatusService:
    keeper = AuditKeeper(sqlite, app_home, StationKeys(app_home), "hall-desk")
    return ChainStatusService(sqlite, keeper, app_home.data_dir)


def test_status_shows_the_last_verification_or_checkpoint(
    sqlite: Database, chain: ChainStatusService, app_home: AppPaths
) -> None:
    assert chain.chain_status(SUPERVISOR).source is ChainStatusSource.NONE
    s = _seed(sqlite)
    status = chain.verify_now(SUPERVISOR)
    assert (status.source, status.ok, status.verified_to) == (
        ChainStatusSource.VERIFY,
        True,
        s["x4"],
    )
    assert chain.chain_status(SUPERVISOR) == status
    # A checkpoint taken later over a longer chain (the window's close) is newer news.
    more = _event(sqlite, 12, "clerk1", "window-1", "case.accept")
    AuditKeeper(sqlite, app_home, StationKeys(app_home), "hall-desk").checkpoint()
    shown = chain.chain_status(SUPERVISOR)
    assert (shown.source, shown.ok, shown.verified_to) == (ChainStatusSource.CHECKPOINT, True, more)
    # Someone edits an event: the next verification says where, and a later checkpoint
    # (the window's start takes one) does not hide it.
    with sqlite.engine.begin() as conn:
        conn.execute(
            update(AuditEvent.__table__).where(AuditEvent.seq == s["b2"]).values(purpose="edited")
        )
    broken = chain.verify_now(SUPERVISOR)
    assert (broken.ok, broken.broken_at, broken.verified_to) == (False, s["b2"], s["b2"] - 1)
    assert "edited or forged" in broken.problem
    AuditKeeper(sqlite, app_home, StationKeys(app_home), "hall-desk").checkpoint()
    still = chain.chain_status(SUPERVISOR)
    assert (still.source, still.ok, still.broken_at) == (ChainStatusSource.VERIFY, False, s["b2"])
    # Recorded in a file outside the database, owner-only.
    log = VerificationLog.for_keeper(chain._keeper, app_home.data_dir)
    assert log.file.stat().st_mode & 0o077 == 0
    with pytest.raises(PermissionDenied):
        chain.verify_now(CLERK)


def test_verify_now_is_itself_in_the_log_with_who_and_the_outcome(
    sqlite: Database, chain: ChainStatusService
) -> None:
    s = _seed(sqlite)
    chain.verify_now(SUPERVISOR)
    last = _audit_rows(sqlite)[-1]
    assert (last.action, last.actor, last.station, last.subject) == (
        "audit.verify",
        "sup1",
        "hall-desk",
        "audit:chain",
    )
    assert last.detail == {
        "ok": True,
        "verified_to": s["x4"],
        "broken_at": None,
        "problem": "",
        "checkpoint_problems": 0,
    }
    assert last.purpose == ChainStatusService.VERIFY_PURPOSE
    with sqlite.engine.connect() as conn:
        assert verify_chain(conn).ok  # the event is chained like any other
    # A broken chain: the verification still goes on record, saying where it broke.
    with sqlite.engine.begin() as conn:
        conn.execute(
            update(AuditEvent.__table__).where(AuditEvent.seq == s["b2"]).values(purpose="edited")
        )
    chain.verify_now(SUPERVISOR)
    broken = _audit_rows(sqlite)[-1]
    assert broken.action == "audit.verify"
    assert (broken.detail["ok"], broken.detail["broken_at"]) == (False, s["b2"])
    assert "edited or forged" in broken.detail["problem"]
    # Refused: the refusal is audited, no verification is.
    verifications = [r.seq for r in _audit_rows(sqlite) if r.action == "audit.verify"]
    with pytest.raises(PermissionDenied):
        chain.verify_now(CLERK)
    rows = _audit_rows(sqlite)
    assert [r.seq for r in rows if r.action == "audit.verify"] == verifications
    assert rows[-1].action == "auth.denied" and rows[-1].actor == "clerk1"
