"""The approver's window over a fake review desk: the queue (order, filters and their counts, a
colleague's claim greyed out, refresh keeping the selection), claiming with one key, deciding with
the keyboard, an opinion required to reject, answers for a task no longer on screen dropped, the
live feed refreshing the queue."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop.domain.cases import CaseEvent, CaseState, PauseKind, TaskStatus
from desktop.domain.review import QueueFilter, QueueSort
from ui.review import texts
from ui.review.queue_page import COLUMNS
from ui.review.review_page import ReviewPage

try:
    from review_fake import FakeReviewDesk, approver, row, sample_desk
except ImportError:  # pragma: no cover
    from tests.ui.review_fake import FakeReviewDesk, approver, row, sample_desk


class Feed(QObject):
    sig_changed = Signal(object)


@pytest.fixture
def desk() -> FakeReviewDesk:
    return sample_desk()


@pytest.fixture
def page(qtbot, qapp: QApplication, desk: FakeReviewDesk) -> Iterator[ReviewPage]:  # type: ignore[no-untyped-def]
    window = QWidget()
    window.resize(1300, 700)
    page = ReviewPage(desk, language="en", poll_seconds=3600)
    from PySide6.QtWidgets import QVBoxLayout

    QVBoxLayout(window).addWidget(page)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    with qtbot.waitSignal(page.sig_queue_shown, timeout=5_000):
        page.set_principal(approver())
    yield page
    page.stop()


def shown_ids(page: ReviewPage) -> list[int]:
    return [r.task_id for r in page.queue.model.rows()]


def cell(
    page: ReviewPage, task_id: int, key: str, role: int = Qt.ItemDataRole.DisplayRole
) -> object:
    model = page.queue.model
    return model.data(model.index(model.row_of(task_id), COLUMNS.index(key)), role)


def reload(qtbot, page: ReviewPage, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.sig_queue_shown, timeout=5_000):
        action()


def test_the_queue_is_sorted_by_due_date_with_counts_per_filter(page: ReviewPage) -> None:
    assert page.queue.query.sort is QueueSort.DUE
    assert shown_ids(page) == [4, 2, 5, 3, 1, 6]  # overdue first, the clock decides
    counts = {f: page.queue.count(f) for f in QueueFilter}
    assert counts == {
        QueueFilter.ALL: 6,
        QueueFilter.UNCLAIMED: 5,
        QueueFilter.MINE: 0,
        QueueFilter.OTHERS: 1,
        QueueFilter.DUE_TODAY: 0,
        QueueFilter.YELLOW: 2,
        QueueFilter.RED: 2,
        QueueFilter.OVERDUE: 1,
        QueueFilter.RETURNED: 1,
    }
    assert page.queue.chips[QueueFilter.UNCLAIMED].text() == "Unclaimed (5)"
    assert page.queue.page_label.text() == "1–6 of 6"


def test_the_clock_is_said_in_words_not_colour_alone(page: ReviewPage) -> None:
    assert cell(page, 4, "clock") == "Overdue by 2 days"
    assert cell(page, 2, "clock") == "1 day left · red"
    assert cell(page, 3, "clock") == "3 days left · yellow"
    assert cell(page, 1, "clock") == "6 days left"
    overdue = cell(page, 4, "clock", Qt.ItemDataRole.BackgroundRole)
    assert overdue.color().name() == texts.CLOCK_COLOURS["overdue"][0]  # type: ignore[attr-defined]


def test_a_task_a_colleague_holds_is_greyed_and_cannot_be_claimed(
    qtbot, page: ReviewPage, desk: FakeReviewDesk
) -> None:  # type: ignore[no-untyped-def]
    assert cell(page, 5, "status") == "Held by colleague"
    grey = cell(page, 5, "number", Qt.ItemDataRole.ForegroundRole)
    assert grey.color().name() == texts.OTHERS_COLOUR  # type: ignore[attr-defined]
    assert cell(page, 1, "number", Qt.ItemDataRole.ForegroundRole) is None
    page.queue.select_task(5)
    assert not page.queue.open_button.isEnabled()
    page.open_row(page.queue.selected())  # type: ignore[arg-type]
    assert "colleague is working on" in page.queue.status_label.text()
    assert desk.called("claim") == []


def test_a_claim_refused_greys_the_row_at_once(
    qtbot, page: ReviewPage, desk: FakeReviewDesk
) -> None:  # type: ignore[no-untyped-def]
    # A colleague took task 1 after our page was loaded.
    desk.rows[0] = row(1, remaining=6, received_hours=5, status=TaskStatus.CLAIMED, claimed_by="li")
    errors: list[str] = []
    page.sig_error.connect(errors.append)
    first = page.queue.model.task(page.queue.model.row_of(1))
    assert first is not None and first.status is TaskStatus.OPEN
    page.open_row(first)
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert errors[0] == "li has just claimed this task; choose another one."
    assert cell(page, 1, "status") == "Held by li"
    assert page.current is None


def test_filters_matter_search_and_sorting_ask_the_core(
    qtbot, page: ReviewPage, desk: FakeReviewDesk
) -> None:  # type: ignore[no-untyped-def]
    reload(qtbot, page, lambda: page.queue.chips[QueueFilter.YELLOW].click())
    assert shown_ids(page) == [5, 3]
    reload(qtbot, page, lambda: page.queue.chips[QueueFilter.RETURNED].click())
    assert shown_ids(page) == [6]
    reload(qtbot, page, lambda: page.queue.chips[QueueFilter.ALL].click())
    header = page.queue.table.horizontalHeader()
    reload(qtbot, page, lambda: header.sectionClicked.emit(COLUMNS.index("received")))
    assert page.queue.query.sort is QueueSort.RECEIVED
    assert shown_ids(page) == [4, 2, 3, 5, 6, 1]
    reload(qtbot, page, lambda: header.sectionClicked.emit(COLUMNS.index("number")))
    assert shown_ids(page) == [1, 2, 3, 4, 5, 6]
    reload(qtbot, page, lambda: page.queue.set_search("44030720261201JZ00003"))
    assert shown_ids(page) == [3]
    reload(qtbot, page, lambda: page.queue.set_search("440307199001011234"))  # an ID number
    assert shown_ids(page) == [1]
    assert desk.called("queue")[-1].search == "440307199001011234"  # type: ignore[attr-defined]


def test_paging(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    desk = FakeReviewDesk(rows=[row(i, remaining=i) for i in range(1, 121)])
    page = ReviewPage(desk, language="en", poll_seconds=3600)
    qtbot.addWidget(page)
    reload(qtbot, page, lambda: page.set_principal(approver()))
    assert len(shown_ids(page)) == 50 and page.queue.page_label.text() == "1–50 of 120"
    reload(qtbot, page, page.queue.next_page)
    assert shown_ids(page)[0] == 51
    reload(qtbot, page, page.queue.next_page)
    assert page.queue.page_label.text() == "101–120 of 120"
    assert not page.queue.next_page_button.isEnabled()
    page.stop()


def test_f2_claims_the_most_urgent_open_task_and_opens_it(
    qtbot, page: ReviewPage, desk: FakeReviewDesk
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.sig_task_opened, timeout=5_000) as opened:
        qtbot.keyClick(page.queue.table, Qt.Key.Key_F2)
    assert desk.called("claim_next") == [None]
    assert opened.args[0].case.number == "44030720261201JZ00004"
    assert page.current is not None and page.current.task_id == 4
    assert page.decision.editor.isEnabled()
    assert page.case_view.number_label.text() == "44030720261201JZ00004"
    assert page.case_view.form_table.item(0, 2).text() == "Card"  # type: ignore[union-attr]
    assert page.case_view.form_table.item(1, 2).text() == "Typed at the window"  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: cell(page, 4, "status") == "Claimed by me", timeout=5_000)


def test_enter_claims_the_chosen_task(qtbot, page: ReviewPage, desk: FakeReviewDesk) -> None:  # type: ignore[no-untyped-def]
    page.queue.select_task(3)
    page.queue.table.setFocus()
    with qtbot.waitSignal(page.sig_task_opened, timeout=5_000):
        qtbot.keyClick(page.queue.table, Qt.Key.Key_Return)
    assert desk.called("claim") == [3]
    assert page.current is not None and page.current.task_id == 3


def test_decide_with_the_keyboard_and_see_the_fan_in(
    qtbot, page: ReviewPage, desk: FakeReviewDesk
) -> None:  # type: ignore[no-untyped-def]
    desk.last_department.add(4)
    with qtbot.waitSignal(page.sig_task_opened, timeout=5_000):
        qtbot.keyClick(page.queue.table, Qt.Key.Key_F2)
    qtbot.keyClick(page.queue.table, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert page.decision.decision is CaseEvent.APPROVE
    assert QApplication.focusWidget() is page.decision.opinion_edit
    qtbot.keyClicks(page.decision.opinion_edit, "OK")
    with qtbot.waitSignal(page.sig_decided, timeout=5_000) as decided:
        qtbot.keyClick(
            page.decision.opinion_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert desk.called("decide") == [(4, CaseEvent.APPROVE, "OK")]
    assert decided.args[0].fan_in_complete
    text = page.decision.result_label.text()
    assert "ready to issue" in text and "Approval decision notice 44030720261201JZ00004-ZY" in text
    assert page.decision.next_button.isVisible()
    # The next task is offered: F2 (or the button) claims it.
    with qtbot.waitSignal(page.sig_task_opened, timeout=5_000) as opened:
        qtbot.keyClick(page.decision.next_button, Qt.Key.Key_F2)
    assert opened.args[0].case.number == "44030720261201JZ00002"


def test_an_approval_that_is_not_the_last_says_who_still_decides(
    qtbot, page: ReviewPage, desk: FakeReviewDesk
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.sig_task_opened, timeout=5_000):
        page.claim_next()
    page.decision.choose(CaseEvent.APPROVE)
    with qtbot.waitSignal(page.sig_decided, timeout=5_000):
        page.decision.submit()
    assert "Still deciding: 社区." in page.decision.result_label.text()


def test_reject_and_return_need_an_opinion(qtbot, page: ReviewPage, desk: FakeReviewDesk) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.sig_task_opened, timeout=5_000):
        page.claim_next()
    qtbot.keyClick(page.queue.table, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert page.decision.decision is CaseEvent.REJECT
    qtbot.keyClick(
        page.decision.opinion_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.wait(50)
    assert desk.called("decide") == []
    assert page.decision.message.text() == "Reject needs an opinion: the applicant reads it."
    qtbot.keyClick(page.decision.opinion_edit, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert page.decision.decision is CaseEvent.RETURN_FOR_CORRECTION
    page.decision.submit()
    assert desk.called("decide") == []
    # A common opinion of the matter is one pick away.
    page.decision.opinions_box.activated.emit(2)
    assert page.decision.opinion() == "申请人不符合居住证申领条件。"
    with qtbot.waitSignal(page.sig_decided, timeout=5_000):
        qtbot.keyClick(
            page.decision.opinion_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert desk.called("decide") == [
        (4, CaseEvent.RETURN_FOR_CORRECTION, "申请人不符合居住证申领条件。")
    ]


def test_a_stale_answer_for_a_task_no_longer_on_screen_is_dropped(
    qtbot, page: ReviewPage, desk: FakeReviewDesk
) -> None:  # type: ignore[no-untyped-def]
    slow = threading.Event()
    first, second = (page.queue.model.task(page.queue.model.row_of(i)) for i in (1, 3))
    assert first is not None and second is not None
    desk.gate[first.case_number] = slow
    opened: list[str] = []
    page.sig_task_opened.connect(lambda ev: opened.append(ev.case.number))
    page.open_task(first)
    page.open_task(second)  # the approver moved on before the first answer came
    slow.set()
    qtbot.waitUntil(lambda: bool(opened), timeout=5_000)
    qtbot.wait(100)
    assert opened == [second.case_number]
    assert page.case_view.number_label.text() == second.case_number
    assert page.dropped >= 1


def test_a_live_change_of_my_department_refreshes_and_keeps_the_selection(
    qtbot, page: ReviewPage, desk: FakeReviewDesk
) -> None:  # type: ignore[no-untyped-def]
    feed = Feed()
    page.attach_feed(feed)
    page.queue.select_task(3)
    before = len(desk.called("queue"))
    feed.sig_changed.emit(frozenset({"review:community", "cases"}))  # not mine
    qtbot.wait(400)
    assert len(desk.called("queue")) == before
    desk.rows[2] = row(
        3,
        remaining=3,
        warning="yellow",
        received_hours=2,
        status=TaskStatus.CLAIMED,
        claimed_by="wang",
    )
    desk.rows.append(row(7, remaining=0, warning="red"))
    with qtbot.waitSignal(page.sig_queue_shown, timeout=5_000):
        feed.sig_changed.emit(frozenset({"review:police"}))
    assert 7 in shown_ids(page)
    with qtbot.waitSignal(page.sig_queue_shown, timeout=5_000):
        feed.sig_changed.emit(frozenset({"*"}))  # the feed lost track: refresh everything
    assert cell(page, 3, "status") == "Held by wang"  # greyed out at once
    selected = page.queue.selected()
    assert selected is not None and selected.task_id == 3


def test_pause_and_resume_the_clock(qtbot, page: ReviewPage, desk: FakeReviewDesk) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.sig_task_opened, timeout=5_000):
        page.claim_next()
    assert page.decision.pause_button.isVisible() and not page.decision.resume_button.isVisible()
    page.pause_clock(PauseKind.HEARING, "申请人申请听证")
    qtbot.waitUntil(lambda: page.decision.resume_button.isVisible(), timeout=5_000)
    assert desk.called("pause") == [("44030720261201JZ00004", PauseKind.HEARING, "申请人申请听证")]
    assert "paused" in page.case_view.clock_label.text()
    assert "Hearing — 申请人申请听证" in page.case_view.pauses_label.text()
    page.resume_clock()
    qtbot.waitUntil(lambda: page.decision.pause_button.isVisible(), timeout=5_000)


def test_the_dossier_only_on_request_with_its_purpose(
    qtbot, page: ReviewPage, desk: FakeReviewDesk
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.sig_task_opened, timeout=5_000):
        page.claim_next()
    assert desk.dossier_purposes == []
    assert "only on request" in page.case_view.dossier_label.text()
    page.case_view.request_dossier("核实居住地址")
    qtbot.waitUntil(lambda: desk.dossier_purposes == ["核实居住地址"], timeout=5_000)
    qtbot.waitUntil(
        lambda: "not in the registry" in page.case_view.dossier_label.text(), timeout=5_000
    )


def test_unclaim_gives_the_task_back(qtbot, page: ReviewPage, desk: FakeReviewDesk) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.sig_task_opened, timeout=5_000):
        page.claim_next()
    current = page.current
    assert current is not None
    page.unclaim(current, "需回避")
    qtbot.waitUntil(lambda: page.current is None, timeout=5_000)
    assert desk.called("unclaim") == [(4, "需回避")]
    assert page.current is None and page.right.currentWidget() is page.placeholder
    qtbot.waitUntil(lambda: cell(page, 4, "status") == "Unclaimed", timeout=5_000)


def test_a_decision_that_the_core_refuses_is_said_in_words(
    qtbot, page: ReviewPage, desk: FakeReviewDesk
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.sig_task_opened, timeout=5_000):
        page.claim_next()
    desk.rows = [
        row(4, remaining=-2, status=TaskStatus.CLAIMED, claimed_by="other"),
        *desk.rows[1:],
    ]
    page.decision.choose(CaseEvent.APPROVE)
    with qtbot.waitSignal(page.sig_error, timeout=5_000) as got:
        page.decision.submit()
    assert got.args[0].startswith("This task is no longer yours")
    assert page.decision.message.text() == got.args[0]
    assert page.case_view.evidence is not None
    assert page.case_view.evidence.case.state is CaseState.IN_REVIEW


def test_a_supervisor_reassigns_with_a_reason(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    from desktop.domain.permissions import Principal, Role

    desk = sample_desk()
    page = ReviewPage(desk, language="en", poll_seconds=3600)
    qtbot.addWidget(page)
    page.show()
    supervisor = Principal.of("supervisor", "大厅 #0", [Role.SUPERVISOR])
    reload(qtbot, page, lambda: page.set_principal(supervisor))
    assert page.queue.reassign_button.isVisible()
    page.queue.select_task(5)
    reload(qtbot, page, lambda: page.reassign(page.queue.selected(), "li", "休假"))  # type: ignore[arg-type]
    assert cell(page, 5, "status") == "Held by li"
    assert "is now with li" in page.queue.status_label.text()
    page.stop()


def test_an_approver_sees_no_reassign_and_when_a_claim_lapses(page: ReviewPage) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    assert not page.queue.reassign_button.isVisible()
    held = page.queue.model.task(page.queue.model.row_of(5))
    assert held is not None
    lapse = datetime(2026, 12, 7, 10, 30, tzinfo=UTC)
    page.queue.model.update_row(replace(held, claim_expires_at=lapse))
    tip = str(cell(page, 5, "status", Qt.ItemDataRole.ToolTipRole))
    assert tip.startswith("colleague is working on this task")
    assert f"{lapse.astimezone():%H:%M}" in tip


def test_the_pause_dialog_needs_a_reason(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.review.decision_panel import PauseDialog

    dialog = PauseDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData(PauseKind.EXPERT_REVIEW))
    qtbot.keyClicks(dialog.reason_edit, "expert opinion needed")
    assert ok.isEnabled()
    assert dialog.kind() is PauseKind.EXPERT_REVIEW
    assert dialog.reason() == "expert opinion needed"


def test_clock_words_for_a_paused_case_and_one_without_a_limit(qapp: QApplication) -> None:
    assert texts.clock_text(row(1, remaining=4, paused=True)) == "Paused · 4 days left"
    assert texts.clock_level(row(1, remaining=4, warning="red", paused=True)) == "paused"
    assert texts.clock_text(row(1, remaining=None, warning="")) == "No time limit"
    assert texts.clock_text(row(1, remaining=-1, warning="red")) == "Overdue by 1 day"


def test_zero_days_left_is_due_today_only_on_the_promised_day(qapp: QApplication) -> None:
    from datetime import date, timedelta

    assert texts.days_left_text(0, date.today()) == "Due today"
    assert texts.days_left_text(0, date.today() - timedelta(days=1)) == "0 days left"


# ---- the station's header ------------------------------------------------------------------


class _Hall:
    """What the review station reads of the hall to name the desk: the shipped catalog."""

    def __init__(self) -> None:
        from desktop.domain.matters.loader import load_catalog

        self.catalog = load_catalog()


class _Station:
    def __init__(self, desk_name: str = "") -> None:
        from ui.stations.review import ReviewConfig

        self.config = ReviewConfig(station="后台 #1", idle_lock_minutes=0, desk_name=desk_name)

    def review_config(self) -> object:
        return self.config

    def review_feed(self) -> None:
        return None


@pytest.mark.parametrize(
    ("language", "departments", "desk_name", "shown"),
    [
        ("zh_CN", ["police"], "", "示范区政务服务中心 · 审批台 · 公安派出所"),
        ("en", ["police"], "", "示范区政务服务中心 · Review desk · Police station"),
        (
            "zh_CN",
            ["police", "community", "no-such"],
            "二楼后台",
            "示范区政务服务中心 · 二楼后台 · 社区工作站、no-such、公安派出所",
        ),
        (
            "en",
            ["justice", "community"],
            "",
            "示范区政务服务中心 · Review desk · Community work station, Legal aid centre",
        ),
    ],
)
def test_the_header_names_the_approvers_departments(
    qtbot,  # type: ignore[no-untyped-def]
    qapp: QApplication,
    desk: FakeReviewDesk,
    language: str,
    departments: list[str],
    desk_name: str,
    shown: str,
) -> None:
    from ui.i18n import install_translators, remove_translators
    from ui.main_window import MainWindow
    from ui.panels.header import StationInfo
    from ui.stations.review import ReviewSession

    translators = install_translators(qapp, language)
    window = MainWindow(
        lambda _report: None,  # type: ignore[arg-type,return-value]
        station=StationInfo(hall_name="示范区政务服务中心", station_name="并联审批（后台审查）"),
    )
    qtbot.addWidget(window)
    session = ReviewSession(window, _Station(desk_name), language=language)  # type: ignore[arg-type]
    session.hall = _Hall()  # type: ignore[assignment]
    session.desk = desk
    try:
        assert window.header.station_label.text() == "示范区政务服务中心 · 并联审批（后台审查）"
        session._open_page(approver(departments=tuple(departments)))
        assert window.header.station_label.text() == shown
    finally:
        session.page.stop()  # type: ignore[union-attr]
        remove_translators(qapp, translators)
