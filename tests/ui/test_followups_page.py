"""The supervisor's follow-ups page: over a fake backend (late first, colours said in words, the
steps offered by the state, a refusal shown, an answer for another follow-up dropped) and once
over the real service on SQLite."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain.cases import RatingChannel
from desktop.domain.permissions import Principal, Role
from desktop.domain.ratings import (
    AppealDecision,
    FollowUpError,
    FollowUpErrorCode,
    FollowUpEvent,
    FollowUpRecord,
    FollowUpState,
    next_followup_state,
)
from ui.supervisor.followups import (
    COLUMNS,
    DEADLINE_COLOURS,
    FollowUpBackend,
    FollowUpsPage,
)

BOSS = Principal.of("boss", "值班长", [Role.SUPERVISOR])
RATED = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def record(fid: int, *, days_left: int, late: bool = False, **kw: object) -> FollowUpRecord:
    values: dict[str, object] = {
        "id": fid,
        "case_number": f"44030720261123ZL{fid:05d}",
        "matter_code": "M1",
        "matter_name": "居住登记",
        "window": "窗口 3",
        "visit_event": "issue",
        "score": 5,
        "comment": "等太久",
        "channel": RatingChannel.PAD,
        "rated_at": RATED,
        "state": FollowUpState.OPEN,
        "opened_at": RATED,
        "due": date(2026, 12, 14),
        "days_left": days_left,
        "late": late,
    }
    values.update(kw)
    return FollowUpRecord(**values)  # type: ignore[arg-type]


class FakeFollowUps:
    """The backend's calls on a dict, moving states by the domain's own table."""

    def __init__(self, rows: Sequence[FollowUpRecord]) -> None:
        self.rows = {r.id: r for r in rows}
        self.calls: list[tuple[str, int]] = []
        self.gate: threading.Event | None = None
        self.refuse: FollowUpError | None = None

    def followups(
        self,
        principal: Principal,
        *,
        state: FollowUpState | None = None,
        late_only: bool = False,
        open_only: bool = False,
    ) -> Sequence[FollowUpRecord]:
        found = [
            r
            for r in self.rows.values()
            if (state is None or r.state is state)
            and (not late_only or r.late)
            and (not open_only or r.open)
        ]
        return sorted(found, key=lambda r: (not r.late, not r.open, r.due, r.id))

    def _move(self, name: str, fid: int, event: FollowUpEvent, **changes: object) -> FollowUpRecord:
        if self.gate is not None:
            self.gate.wait(5)
        self.calls.append((name, fid))
        if self.refuse is not None:
            raise self.refuse
        old = self.rows[fid]
        state = next_followup_state(fid, old.state, event)
        new = dataclasses.replace(old, state=state, version=old.version + 1, **changes)  # type: ignore[arg-type]
        self.rows[fid] = new
        return new

    def assign(
        self, principal: Principal, followup_id: int, assignee: str, *, expected_version: int
    ) -> FollowUpRecord:
        return self._move("assign", followup_id, FollowUpEvent.ASSIGN, assignee=assignee)

    def record_callback(
        self, principal: Principal, followup_id: int, outcome: str, *, expected_version: int
    ) -> FollowUpRecord:
        return self._move(
            "callback",
            followup_id,
            FollowUpEvent.CALLBACK,
            callback_outcome=outcome,
            callback_at=RATED,
            callback_by=principal.user,
        )

    def record_rectification(
        self, principal: Principal, followup_id: int, rectification: str, *, expected_version: int
    ) -> FollowUpRecord:
        return self._move(
            "rectify", followup_id, FollowUpEvent.RECTIFY, rectification=rectification
        )

    def reply(
        self, principal: Principal, followup_id: int, reply: str, *, expected_version: int
    ) -> FollowUpRecord:
        return self._move("reply", followup_id, FollowUpEvent.REPLY, reply=reply)

    def close(
        self, principal: Principal, followup_id: int, *, expected_version: int
    ) -> FollowUpRecord:
        return self._move("close", followup_id, FollowUpEvent.CLOSE)

    def appeal(
        self, principal: Principal, followup_id: int, reason: str, *, expected_version: int
    ) -> FollowUpRecord:
        return self._move(
            "appeal", followup_id, FollowUpEvent.APPEAL, appeal_reason=reason, appealed_at=RATED
        )

    def decide_appeal(
        self,
        principal: Principal,
        followup_id: int,
        decision: AppealDecision,
        note: str,
        *,
        expected_version: int,
    ) -> FollowUpRecord:
        event = (
            FollowUpEvent.UPHOLD_APPEAL
            if decision is AppealDecision.UPHELD
            else FollowUpEvent.REJECT_APPEAL
        )
        return self._move("decide", followup_id, event, appeal_decision=decision)


def make_page(qtbot, backend: FollowUpBackend) -> FollowUpsPage:  # type: ignore[no-untyped-def]
    page = FollowUpsPage(backend, language="en")
    page.resize(1300, 700)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.sig_list_shown, timeout=5_000):
        page.set_principal(BOSS)
    return page


@pytest.fixture
def fake() -> FakeFollowUps:
    return FakeFollowUps(
        [
            record(1, days_left=9, due=date(2026, 12, 21)),
            record(2, days_left=-2, late=True, due=date(2026, 12, 7)),
            record(3, days_left=2, due=date(2026, 12, 11)),
            record(4, days_left=0, state=FollowUpState.CLOSED),
        ]
    )


@pytest.fixture
def page(qtbot, qapp: QApplication, fake: FakeFollowUps) -> Iterator[FollowUpsPage]:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, fake)
    yield page
    page.stop()


def cell(
    page: FollowUpsPage, row: int, key: str, role: int = Qt.ItemDataRole.DisplayRole
) -> object:
    return page.model.data(page.model.index(row, COLUMNS.index(key)), role)


def test_late_first_coloured_and_said_in_words(page: FollowUpsPage) -> None:
    assert [r.id for r in page.model.rows()] == [2, 3, 1]  # open ones; the late one first
    assert cell(page, 0, "deadline") == "Late: 2 working days"
    assert cell(page, 1, "deadline") == "2 working days left"
    late_bg = cell(page, 0, "deadline", Qt.ItemDataRole.BackgroundRole)
    assert late_bg.color().name() == DEADLINE_COLOURS["late"][0]  # type: ignore[attr-defined]
    soon_bg = cell(page, 1, "case", Qt.ItemDataRole.BackgroundRole)
    assert soon_bg.color().name() == DEADLINE_COLOURS["due_soon"][0]  # type: ignore[attr-defined]
    assert cell(page, 2, "case", Qt.ItemDataRole.BackgroundRole) is None
    assert page.current is not None and page.current.id == 2  # the first row is shown
    assert page.status.text() == "3 shown, 1 late"


def test_the_filter_and_the_steps_the_state_allows(qtbot, page: FollowUpsPage) -> None:  # type: ignore[no-untyped-def]
    enabled = {e for e, b in page.buttons.items() if b.isEnabled()}
    assert enabled == {FollowUpEvent.ASSIGN, FollowUpEvent.APPEAL}  # open: assign or appeal
    with qtbot.waitSignal(page.sig_list_shown, timeout=5_000):
        page.filter.setCurrentIndex(page.filter.findData("closed"))
    assert [r.id for r in page.model.rows()] == [4]
    assert not any(b.isEnabled() for b in page.buttons.values())


def test_assign_then_call_back_with_the_keyboard(
    qtbot,
    page: FollowUpsPage,
    fake: FakeFollowUps,  # type: ignore[no-untyped-def]
) -> None:
    page.assignee.setFocus()
    qtbot.keyClicks(page.assignee, "deputy")
    with qtbot.waitSignal(page.sig_step_done, timeout=5_000):
        qtbot.keyClick(page, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Assign
    assert fake.rows[2].assignee == "deputy" and page.current is not None
    assert page.fields["assignee"].text() == "deputy"
    assert page.buttons[FollowUpEvent.CALLBACK].isEnabled()
    # a call-back without words is not sent
    page.take(FollowUpEvent.CALLBACK)
    assert fake.calls == [("assign", 2)] and page.message.text()
    page.text.setPlainText("已联系，群众满意整改")
    with qtbot.waitSignal(page.sig_step_done, timeout=5_000):
        qtbot.keyClick(page, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # &Call-back
    assert fake.rows[2].state is FollowUpState.CALLED_BACK
    assert "已联系" in page.fields["callback"].text() and page.text.toPlainText() == ""
    with qtbot.waitSignal(page.sig_list_shown, timeout=5_000):
        pass  # the list refreshed after the step
    assert page.current.id == 2  # the selection kept


def test_a_refusal_is_shown_in_the_interface_language(
    qtbot,
    page: FollowUpsPage,
    fake: FakeFollowUps,  # type: ignore[no-untyped-def]
) -> None:
    fake.refuse = FollowUpError(
        FollowUpErrorCode.BAD_ASSIGNEE, "'x' is not an enabled user", "“x”不是在用账户"
    )
    page.assignee.setText("x")
    with qtbot.waitSignal(page.sig_error, timeout=5_000) as shown:
        page.take(FollowUpEvent.ASSIGN)
    assert shown.args == ["'x' is not an enabled user"]
    assert page.buttons[FollowUpEvent.ASSIGN].isEnabled()  # offered again


def test_an_answer_for_a_follow_up_no_longer_on_screen_is_dropped(
    qtbot,
    page: FollowUpsPage,
    fake: FakeFollowUps,  # type: ignore[no-untyped-def]
) -> None:
    fake.gate = threading.Event()
    page.assignee.setText("deputy")
    page.take(FollowUpEvent.ASSIGN)  # for follow-up 2, held at the gate
    page.table.selectRow(1)  # the supervisor moves on to follow-up 3
    assert page.current is not None and page.current.id == 3
    fake.gate.set()
    qtbot.waitUntil(lambda: page.dropped >= 1, timeout=5_000)
    assert page.current.id == 3 and page.fields["assignee"].text() == "—"


def test_the_page_over_the_real_service(qtbot, qapp: QApplication, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from services.case_factory import (  # type: ignore[import-not-found]
        CLERK,
        IMMEDIATE,
        Clock,  # type: ignore[import-not-found]
        application,
    )
    from services.test_rating_followups import World  # type: ignore[import-not-found]

    world = World(sqlite_db, Clock())
    fid = world.bad()
    case = world.cases.accept(CLERK, application(IMMEDIATE)).case
    world.cases.rate(CLERK, case.number, 1)  # good: no follow-up
    backend: FollowUpBackend = world.ratings
    page = make_page(qtbot, backend)
    try:
        assert [r.id for r in page.model.rows()] == [fid]
        page.assignee.setText("deputy")
        with qtbot.waitSignal(page.sig_step_done, timeout=10_000):
            page.take(FollowUpEvent.ASSIGN)
        page.text.setPlainText("恶意差评：与办件无关")
        with qtbot.waitSignal(page.sig_step_done, timeout=10_000):
            page.take(FollowUpEvent.APPEAL)
        stored = world.ratings.followup(BOSS, fid)
        assert stored.state is FollowUpState.APPEALED and stored.assignee == "deputy"
        assert stored.appealed_by == "boss"
        # deciding one's own appeal: the core refuses, the page says so
        page.text.setPlainText("成立")
        with qtbot.waitSignal(page.sig_error, timeout=10_000) as shown:
            page.take(FollowUpEvent.UPHOLD_APPEAL)
        assert "appealed" in shown.args[0]
    finally:
        page.stop()


def test_the_page_speaks_chinese(qtbot, qapp: QApplication, fake: FakeFollowUps) -> None:  # type: ignore[no-untyped-def]
    from ui.i18n import install_translators, remove_translators
    from ui.i18n.build import release

    release()
    installed = install_translators(qapp, "zh_CN")
    try:
        page = make_page(qtbot, fake)
        assert cell(page, 0, "deadline") == "已超期 2 个工作日"
        assert cell(page, 1, "deadline") == "剩余 2 个工作日"
        assert page.buttons[FollowUpEvent.APPEAL].text() == "恶意差评申诉(&M)"
        assert page.model.headerData(0, Qt.Orientation.Horizontal) == "办件"
        page.stop()
    finally:
        remove_translators(qapp, installed)


def test_the_list_is_exported_as_xlsx(qtbot, page: FollowUpsPage, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    target = tmp_path / "followups.xlsx"
    page.ask_path = lambda: str(target)  # type: ignore[method-assign]
    with qtbot.waitSignal(page.sig_exported, timeout=10_000):
        page.export()
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Case" and len(rows) == 4  # the header and the three shown
    assert rows[1][0] == "44030720261123ZL00002" and rows[1][6] == "Late: 2 working days"
