"""The supervisor's audit log viewer: a purpose before every search, the number masked as soon
as it is entered (and handed to the core only), paging, the detail pane, the chain's status
line and "verify now", export; against a fake, then once against the real service on SQLite."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain.audit_log import (
    AuditChoices,
    AuditOutcome,
    AuditPage,
    AuditQuery,
    AuditRecord,
    ChainStatus,
    ChainStatusSource,
    ExportReport,
)
from desktop.domain.identity import make_citizen_number, mask_id_number
from desktop.domain.permissions import Permission, PermissionDenied, Principal, Role
from ui.supervisor.audit_page import COLUMNS, AuditLogPage

NUMBER = make_citizen_number("110105", date(1979, 8, 9), 33)
SUPERVISOR = Principal.of("sup1", "hall-desk", [Role.SUPERVISOR])
T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def record(seq: int, **kw: Any) -> AuditRecord:
    values: dict[str, Any] = {
        "seq": seq,
        "occurred_at": T0 + timedelta(minutes=seq),
        "actor": "clerk1",
        "station": "window-1",
        "action": "registry.dossier",
        "subject": f"case:{seq}",
        "purpose": "居住登记",
        "person_key": "",
        "outcome": AuditOutcome.DONE,
        "detail_json": "{}",
    }
    values.update(kw)
    return AuditRecord(**values)


@dataclass
class FakeViewer:
    """Twelve events, seq 1..12; pages of the limit asked, newest first."""

    records: list[AuditRecord] = field(
        default_factory=lambda: [
            record(
                s,
                person_key="abcdef0123456789abcdef01" if s % 4 == 0 else "",
                outcome=AuditOutcome.DENIED if s == 7 else AuditOutcome.DONE,
                detail_json='{"found": true}' if s % 4 == 0 else "{}",
            )
            for s in range(1, 13)
        ]
    )
    calls: list[tuple[str, Any]] = field(default_factory=list)
    status: ChainStatus = field(
        default_factory=lambda: ChainStatus(
            ChainStatusSource.VERIFY, T0, ok=True, verified_to=12, station="hall-desk"
        )
    )
    refuse: bool = False

    def search(self, principal: Principal, query: AuditQuery, purpose: str) -> AuditPage:
        self.calls.append(("search", (query, purpose)))
        if self.refuse:
            raise PermissionDenied(principal, Permission.AUDIT_SEARCH)
        rows = [
            r
            for r in sorted(self.records, key=lambda r: -r.seq)
            if query.before_seq is None or r.seq < query.before_seq
        ]
        page = rows[: query.limit]
        more = len(rows) > query.limit
        return AuditPage(tuple(page), page[-1].seq if more else None, 100 + len(self.calls))

    def choices(self, principal: Principal) -> AuditChoices:
        return AuditChoices(("case.accept", "registry.dossier"), ("clerk1",), ("window-1",))

    def export(
        self,
        principal: Principal,
        query: AuditQuery,
        purpose: str,
        path: str,
        headers: Sequence[str],
        outcome_labels: Mapping[AuditOutcome, str],
    ) -> ExportReport:
        self.calls.append(("export", (query, purpose, path, list(headers), dict(outcome_labels))))
        return ExportReport(path, 12, False, 999)

    def chain_status(self, principal: Principal) -> ChainStatus:
        return self.status

    def verify_now(self, principal: Principal) -> ChainStatus:
        self.calls.append(("verify", None))
        return ChainStatus(
            ChainStatusSource.VERIFY,
            T0 + timedelta(days=1),
            ok=False,
            verified_to=6,
            broken_at=7,
            problem="event 7 was edited or forged",
        )


class Prompts:
    def __init__(self) -> None:
        self.purposes: list[str | None] = []
        self.asked: list[tuple[str, str]] = []
        self.path: str | None = None

    def purpose(self, title: str, last: str) -> str | None:
        self.asked.append((title, last))
        return self.purposes.pop(0) if self.purposes else None

    def export_path(self) -> str | None:
        return self.path


@pytest.fixture
def fake() -> FakeViewer:
    return FakeViewer()


@pytest.fixture
def prompts() -> Prompts:
    return Prompts()


def _page(qtbot: Any, backend: Any, prompts: Prompts, **kw: Any) -> AuditLogPage:
    page = AuditLogPage(
        backend,
        tz=UTC,
        ask_purpose=prompts.purpose,
        ask_export_path=prompts.export_path,
        **kw,
    )
    page.resize(1200, 600)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.sig_status_shown, timeout=5_000):
        page.set_principal(SUPERVISOR)
    return page


@pytest.fixture
def page(qtbot: Any, fake: FakeViewer, prompts: Prompts) -> Iterator[AuditLogPage]:
    page = _page(qtbot, fake, prompts)
    yield page
    page.stop()


def _search(qtbot: Any, page: AuditLogPage) -> None:
    with qtbot.waitSignal(page.sig_page_shown, timeout=5_000):
        page.search()


def _shown(page: AuditLogPage) -> list[int]:
    return [r.seq for r in page.model.rows()]


def test_no_search_without_a_purpose(
    qtbot: Any, page: AuditLogPage, fake: FakeViewer, prompts: Prompts
) -> None:
    prompts.purposes = [None, "   "]
    page.search()
    page.search()
    qtbot.wait(50)
    assert not [c for c in fake.calls if c[0] == "search"]
    assert "needs a purpose" in page.message.text()
    assert page.model.rowCount() == 0


def test_the_number_is_masked_once_entered_and_only_the_core_gets_it(
    qtbot: Any, page: AuditLogPage, fake: FakeViewer, prompts: Prompts
) -> None:
    page.person.setFocus()
    qtbot.keyClicks(page.person, NUMBER.lower())
    page.staff.setFocus()  # leaving the field masks it
    assert page.person.is_masked()
    assert page.person.text() == mask_id_number(NUMBER)
    assert NUMBER not in page.person.text()
    page.staff.setEditText("clerk1")
    page.action.setEditText("registry.dossier")
    page.station.setEditText("window-1")
    page.period.setChecked(True)
    from PySide6.QtCore import QDate

    page.since.setDate(QDate(2026, 11, 1))
    page.until.setDate(QDate(2026, 11, 2))
    prompts.purposes = ["投诉核查"]
    _search(qtbot, page)
    query, purpose = fake.calls[-1][1]
    assert purpose == "投诉核查"
    assert query.person == NUMBER
    assert (query.user, query.action, query.station) == ("clerk1", "registry.dossier", "window-1")
    assert query.since == datetime(2026, 11, 1, tzinfo=UTC)
    assert query.until == datetime(2026, 11, 3, tzinfo=UTC)  # the last day included
    assert query.before_seq is None and query.limit == 50
    # Focusing the field again empties it for a new number; it never shows the old one.
    page.person.setFocus()
    assert page.person.text() == "" and page.person.number() == ""
    page.stop()
    assert page.model.rowCount() == 0


def test_results_paging_and_the_detail_pane(qtbot: Any, fake: FakeViewer, prompts: Prompts) -> None:
    import ui.supervisor.audit_page as audit_page

    old = audit_page.PAGE_SIZE
    audit_page.PAGE_SIZE = 5
    try:
        page = _page(qtbot, fake, prompts)
        prompts.purposes = ["月度抽查"]
        _search(qtbot, page)
        assert _shown(page) == [12, 11, 10, 9, 8]
        assert page.older_button.isEnabled() and not page.newer_button.isEnabled()
        model = page.model
        assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(6)] == [
            "Time",
            "Staff",
            "Station",
            "Action",
            "Subject",
            "Outcome",
        ]
        assert model.data(model.index(0, COLUMNS.index("subject"))) == "person abcdef01…"
        assert model.data(model.index(1, COLUMNS.index("subject"))) == "case:11"
        assert model.data(model.index(0, COLUMNS.index("time"))) == "2026-11-02 01:12:00"
        with qtbot.waitSignal(page.sig_page_shown, timeout=5_000):
            page.older()
        assert _shown(page) == [7, 6, 5, 4, 3]
        assert model.data(model.index(0, COLUMNS.index("outcome"))) == "Refused"
        with qtbot.waitSignal(page.sig_page_shown, timeout=5_000):
            page.older()
        assert _shown(page) == [2, 1]
        assert not page.older_button.isEnabled() and page.newer_button.isEnabled()
        with qtbot.waitSignal(page.sig_page_shown, timeout=5_000):
            page.newer()
        assert _shown(page) == [7, 6, 5, 4, 3]
        befores = [c[1][0].before_seq for c in fake.calls if c[0] == "search"]
        assert befores == [None, 8, 3, 8]
        # Each page goes with the search's purpose; the prompt was shown once.
        assert {c[1][1] for c in fake.calls if c[0] == "search"} == {"月度抽查"}
        assert len(prompts.asked) == 1
        page.table.selectRow(1)
        text = page.detail.toPlainText()
        assert "Event 6" in text and "Purpose: 居住登记" in text and "Staff: clerk1" in text
        page.stop()
    finally:
        audit_page.PAGE_SIZE = old


def test_signing_out_wipes_the_page(
    qtbot: Any, page: AuditLogPage, fake: FakeViewer, prompts: Prompts
) -> None:
    page.person.setText(NUMBER)
    prompts.purposes = ["抽查"]
    _search(qtbot, page)
    assert page.model.rowCount() == 12 and page.export_button.isEnabled()
    page.set_principal(None)
    assert page.model.rowCount() == 0 and page.person.number() == ""
    assert page.detail.toPlainText() == "" and not page.export_button.isEnabled()
    page.search()  # nobody signed in: nothing asked, nothing searched
    assert len(prompts.asked) == 1


def test_chain_status_and_verify_now(qtbot: Any, page: AuditLogPage, fake: FakeViewer) -> None:
    assert "intact" in page.chain_label.text() and "12" in page.chain_label.text()
    with qtbot.waitSignal(page.sig_status_shown, timeout=5_000):
        page.verify_now()
        assert not page.verify_button.isEnabled()  # while it runs
    assert ("verify", None) in fake.calls
    assert "BROKEN at event 7" in page.chain_label.text()
    assert "edited or forged" in page.chain_label.toolTip()
    assert page.verify_button.isEnabled()


def test_export_asks_a_file_and_a_purpose(
    qtbot: Any, page: AuditLogPage, fake: FakeViewer, prompts: Prompts, tmp_path: Path
) -> None:
    assert not page.export_button.isEnabled()  # nothing searched yet
    prompts.purposes = ["月度抽查"]
    _search(qtbot, page)
    prompts.path = str(tmp_path / "out.xlsx")
    prompts.purposes = ["月度报送"]
    with qtbot.waitSignal(page.sig_export_done, timeout=5_000) as done:
        page.export()
    assert isinstance(done.args[0], ExportReport)
    _query, purpose, path, headers, labels = fake.calls[-1][1]
    assert (purpose, path) == ("月度报送", str(tmp_path / "out.xlsx"))
    assert len(headers) == 9 and headers[1] == "Time"
    assert labels[AuditOutcome.DENIED] == "Refused"
    assert prompts.asked[-1][1] == "月度抽查"  # the search's purpose offered
    assert "Exported 12 events" in page.message.text()


def test_a_refusal_is_shown_in_words(
    qtbot: Any, page: AuditLogPage, fake: FakeViewer, prompts: Prompts
) -> None:
    fake.refuse = True
    prompts.purposes = ["好奇"]
    with qtbot.waitSignal(page.sig_failed, timeout=5_000):
        page.search()
    assert page.message.text() and "PermissionDenied" not in page.message.text()
    assert page.model.rowCount() == 0


def test_an_answer_for_a_replaced_search_is_dropped(
    qtbot: Any, page: AuditLogPage, fake: FakeViewer, prompts: Prompts
) -> None:
    prompts.purposes = ["一", "二"]
    page.staff.setEditText("nobody-first")
    page.search()
    page.staff.setEditText("")
    with qtbot.waitSignal(page.sig_page_shown, timeout=5_000):
        page.search()
    qtbot.wait(50)
    assert len([c for c in fake.calls if c[0] == "search"]) == 2
    assert _shown(page)[0] == 12  # the second search's page, shown once


# ---- against the real service -------------------------------------------------------------------


def test_against_the_real_service_on_sqlite(
    qtbot: Any, sqlite_db: Any, app_home: Any, memory_keyring: Any, prompts: Prompts
) -> None:
    from sqlalchemy import select

    from desktop.domain.registry import Actor
    from desktop.persistence.models import AuditEvent
    from desktop.services.audit import append_event
    from desktop.services.audit_viewer import AuditViewer
    from desktop.services.pseudonyms import person_pseudonym
    from desktop.services.secrets import StationKeys

    for _ in range(3):
        with sqlite_db.engine.begin() as conn:
            append_event(
                conn,
                Actor("clerk1", "window-1"),
                "registry.dossier",
                f"person:{mask_id_number(NUMBER)}",
                "居住登记",
                {"found": True, "id_hash": person_pseudonym(conn, NUMBER)},
            )
    viewer = AuditViewer.for_station(sqlite_db, app_home, StationKeys(app_home), "hall-desk", UTC)
    page = _page(qtbot, viewer, prompts)
    assert "not verified" in page.chain_label.text()
    assert page.action.findText("registry.dossier") > 0
    page.person.setText(NUMBER)
    prompts.purposes = ["投诉核查"]
    _search(qtbot, page)
    assert _shown(page) == [3, 2, 1]
    with sqlite_db.engine.connect() as conn:
        own = conn.execute(
            select(AuditEvent.__table__).order_by(AuditEvent.seq.desc()).limit(1)
        ).one()
    assert (own.action, own.purpose, own.actor) == ("audit.search", "投诉核查", "sup1")
    assert NUMBER not in repr(tuple(own))
    with qtbot.waitSignal(page.sig_status_shown, timeout=10_000):
        page.verify_now()
    assert "intact" in page.chain_label.text() and "events 1 to 4" in page.chain_label.text()
    prompts.path = str(app_home.data_dir / "export.csv")
    prompts.purposes = ["月度报送"]
    with qtbot.waitSignal(page.sig_export_done, timeout=5_000) as done:
        page.export()
    assert done.args[0].rows == 4  # the three look-ups and the search
    text = (app_home.data_dir / "export.csv").read_text("utf-8-sig")
    assert "audit.search" in text and NUMBER not in text
    page.stop()
    QApplication.processEvents()


def test_the_page_speaks_chinese(qtbot: Any, fake: FakeViewer, prompts: Prompts) -> None:
    from ui.i18n import install_translators, remove_translators

    app = QApplication.instance()
    assert app is not None
    translators = install_translators(app, "zh_CN")
    try:
        page = _page(qtbot, fake, prompts)
        assert page.search_button.text() == "查询…"
        assert page.verify_button.text() == "立即校验"
        assert page.model.headerData(0, Qt.Orientation.Horizontal) == "时间"
        assert "审计链完整" in page.chain_label.text()
        page.stop()
    finally:
        remove_translators(app, translators)
