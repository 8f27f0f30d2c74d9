"""The supervisor's deadline board over a fake board service: the chips with their counts, the
list chosen by a chip, rows coloured and said in words, paging, the drill-down to a case, both
tables exported and read back, a refusal in words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from desktop.domain.deadlines import (
    BoardCase,
    BoardFilter,
    BoardGroup,
    DeadlineBoard,
    DeadlineCounts,
)
from desktop.domain.permissions import Permission, PermissionDenied, Principal, Role
from desktop.domain.workcalendar import WarningLevel
from ui.supervisor.deadlines import COLOURS, DeadlinesPage

DAY = date(2026, 12, 3)
SUPERVISOR = Principal.of("boss", "监察", [Role.SUPERVISOR])
TOTALS = DeadlineCounts(running=120, normal=100, yellow=12, red=8, overdue=3, due_today=4, paused=2)


def case(i: int, colour: WarningLevel | None, days: int | None, **kw: Any) -> BoardCase:
    return BoardCase(
        case_number=f"C{i:04d}",
        matter_code="M1",
        matter_name="居住证",
        window="窗口 #1",
        state="in_review",
        applicant_name="张三",
        due_on=None if days is None else date(2026, 12, 3 + max(days, 0)),
        colour=colour,
        overdue=kw.get("overdue", False),
        days_left=days,
        paused=kw.get("paused", False),
    )


class FakeBoard:
    def __init__(self) -> None:
        self.asked: list[tuple[BoardFilter, int]] = []
        self.refuse = False

    def deadline_board(self, principal: Principal, **kw: Any) -> DeadlineBoard:
        show, offset = kw["show"], kw["offset"]
        self.asked.append((show, offset))
        if self.refuse:
            raise PermissionDenied(principal, Permission.DEADLINES_VIEW)
        cases = (
            case(1, WarningLevel.RED, -2, overdue=True),
            case(2, WarningLevel.RED, 1),
            case(3, WarningLevel.YELLOW, 3),
            case(4, None, None, paused=True),
        )
        groups = (BoardGroup("M1", "居住证", "窗口 #1", TOTALS),)
        return DeadlineBoard(DAY, TOTALS, groups, show, cases, 120, kw["limit"], offset)


class FakeCases:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def detail(self, principal: Principal, number: str) -> Any:
        self.asked.append(number)
        summary = SimpleNamespace(
            number=number,
            matter_code="M1",
            matter_name="居住证",
            applicant_name="张三",
            applicant_id_masked="1101**********0011",
            promised_date=date(2026, 12, 1),
        )
        accept = SimpleNamespace(
            started_at=datetime(2026, 11, 20, 1, 0, tzinfo=UTC),
            event="accept",
            step="accept",
            from_state="",
            to_state="accepted",
            handler="clerk",
            station="窗口 #1",
        )
        approve = SimpleNamespace(
            started_at=datetime(2026, 11, 21, 1, 0, tzinfo=UTC),
            event="approve",
            step="review:police",
            from_state="in_review",
            to_state="approved",
            handler="approver-police",
            station="",
        )
        task = SimpleNamespace(department_code="police", department_name="公安")
        return SimpleNamespace(summary=summary, steps=(accept, approve), tasks=(task,))


@pytest.fixture
def board() -> FakeBoard:
    return FakeBoard()


@pytest.fixture
def cases() -> FakeCases:
    return FakeCases()


@pytest.fixture
def page(  # type: ignore[no-untyped-def]
    qtbot, qapp: QApplication, board: FakeBoard, cases: FakeCases, tmp_path: Path
) -> Iterator[DeadlinesPage]:
    saved: list[str] = []
    page = DeadlinesPage(
        board,
        cases,
        poll_seconds=3600,
        export_dir=tmp_path,
        ask_path=lambda _title, suggested: saved.pop(0) if saved else suggested,
    )
    page.saved = saved  # type: ignore[attr-defined]
    page.resize(1300, 700)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.sig_loaded, timeout=5_000):
        page.set_principal(SUPERVISOR)
    yield page
    page.stop()


def test_chips_groups_and_the_list_say_the_clock(page: DeadlinesPage, board: FakeBoard) -> None:
    assert board.asked == [(BoardFilter.AT_RISK, 0)]
    assert page.chips[BoardFilter.AT_RISK].text().endswith(" 20")  # yellow + red
    assert page.chips[BoardFilter.OVERDUE].text().endswith(" 3")
    assert page.chips[BoardFilter.PAUSED].text().endswith(" 2")
    groups = page.groups.table
    assert [groups.item(0, c).text() for c in range(8)] == [
        "居住证",
        "窗口 #1",
        "120",
        "12",
        "8",
        "3",
        "4",
        "2",
    ]
    rows = page.list.table
    assert rows.rowCount() == 4
    clocks = [rows.item(r, 1).text() for r in range(4)]
    assert clocks == ["Overdue by 2 days", "1 day left · red", "3 days left · yellow", "Paused"]
    assert rows.item(0, 0).background().color() == QColor(COLOURS["overdue"][0])
    assert rows.item(2, 0).background().color() == QColor(COLOURS["yellow"][0])
    assert page.page_label.text() == "1–4 of 120"
    assert not page.prev_button.isEnabled() and page.next_button.isEnabled()


def test_a_chip_and_paging_ask_for_their_list(  # type: ignore[no-untyped-def]
    qtbot, page: DeadlinesPage, board: FakeBoard
) -> None:
    with qtbot.waitSignal(page.sig_loaded, timeout=5_000):
        page.chips[BoardFilter.OVERDUE].click()
    assert board.asked[-1] == (BoardFilter.OVERDUE, 0)
    with qtbot.waitSignal(page.sig_loaded, timeout=5_000):
        page.page_by(1)
    assert board.asked[-1] == (BoardFilter.OVERDUE, 50)
    page.page_by(-2)  # before the first page: nothing asked
    assert board.asked[-1] == (BoardFilter.OVERDUE, 50)


def test_enter_on_a_case_opens_it(  # type: ignore[no-untyped-def]
    qtbot, page: DeadlinesPage, cases: FakeCases
) -> None:
    table = page.list.table
    table.setFocus()
    table.setCurrentCell(1, 0)
    with qtbot.waitSignal(page.sig_case_shown, timeout=5_000):
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert cases.asked == ["C0002"]
    text = page.detail.toPlainText()
    assert "C0002" in text and "1101**********0011" in text
    # The steps in words (the core's event names), never the raw event or step codes.
    assert "受理 → 已受理" in text
    assert "审批通过 (公安) → 审批通过" in text
    assert "accept" not in text and "review:police" not in text


def test_the_drill_down_speaks_the_interface_language(  # type: ignore[no-untyped-def]
    qtbot, page: DeadlinesPage, cases: FakeCases
) -> None:
    page.language = "en"
    page.matter_names = {"M1": "Residence permit"}
    with qtbot.waitSignal(page.sig_case_shown, timeout=5_000):
        page.open_case(0)
    text = page.detail.toPlainText()
    assert "accept → accepted" in text and "approve (公安) → approved" in text
    assert "受理" not in text and "review:police" not in text
    assert "Residence permit" in text and "居住证" not in text


def test_both_tables_export_and_read_back(  # type: ignore[no-untyped-def]
    qtbot, page: DeadlinesPage, tmp_path: Path
) -> None:
    out = tmp_path / "list.xlsx"
    page.saved.append(str(out))  # type: ignore[attr-defined]
    with qtbot.waitSignal(page.sig_exported, timeout=5_000):
        page.list.xlsx_button.click()
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Case", "Clock", "Due", "Matter", "Window", "Applicant"]
    assert values[1][:2] == ["C0001", "Overdue by 2 days"]
    with qtbot.waitSignal(page.sig_exported, timeout=5_000) as saved:
        page.groups.csv_button.click()
    assert (
        Path(saved.args[0]).read_text("utf-8-sig").splitlines()[1].startswith("居住证,窗口 #1,120")
    )


def test_a_refusal_is_said_in_words(  # type: ignore[no-untyped-def]
    qtbot, page: DeadlinesPage, board: FakeBoard
) -> None:
    board.refuse = True
    with qtbot.waitSignal(page.sig_error, timeout=5_000) as shown:
        page.refresh()
    assert shown.args[0] and "deadlines.view" not in shown.args[0]


# ---- fitting a 1366 × 768 screen ---------------------------------------------------------------


def test_the_elastic_columns_give_up_the_room_widest_first() -> None:
    from ui.supervisor.figures import shrink_to_fit

    # room to spare: the last column takes it
    assert shrink_to_fit([100, 50, 30], {0: 60}, 200) == [100, 50, 50]
    # too wide by 50: the widest elastic column first, down to the next one, then in turns
    assert shrink_to_fit([200, 150, 40], {0: 60, 1: 60}, 340) == [150, 150, 40]
    assert shrink_to_fit([200, 150, 40], {0: 60, 1: 60}, 300) == [130, 130, 40]
    # never below a floor, nor a column that is not elastic: the rest is the scroll bar's
    assert shrink_to_fit([200, 150, 40], {0: 60, 1: 60}, 100) == [60, 60, 40]


class LongNames(FakeBoard):
    """A hall's real names: long English matter names, windows that differ at the end only."""

    def deadline_board(self, principal: Principal, **kw: Any) -> DeadlineBoard:
        board = super().deadline_board(principal, **kw)
        groups = tuple(
            BoardGroup(f"M{i % 3}", "居住证", f"综合受理窗口 #{i}", TOTALS) for i in range(1, 9)
        )
        cases = tuple(
            BoardCase(
                case_number=f"44030720261111FY{i:05d}",
                matter_code=f"M{i % 3}",
                matter_name="居住证",
                window=f"综合受理窗口 #{i % 7 + 1}",
                state="in_review",
                applicant_name="欧阳晓燕",
                due_on=date(2026, 11, 20),
                colour=WarningLevel.RED,
                overdue=True,
                days_left=-10,
                paused=False,
            )
            for i in range(30)
        )
        return DeadlineBoard(DAY, TOTALS, groups, board.show, cases, 30, kw["limit"], 0)


ENGLISH_MATTERS = {
    "M0": "Residence permit application",
    "M1": "Legal aid application",
    "M2": "ID card renewal away from home",
}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_both_tables_fit_side_by_side_without_scrolling_sideways(  # type: ignore[no-untyped-def]
    qtbot, qapp: QApplication, cases: FakeCases, language: str
) -> None:
    """At the width the page gets on a 1366 × 768 screen (beside the supervisor's page list),
    neither table scrolls sideways: in English the matters' names are cut short (whole in the
    tooltip), the windows' on the left (their number stays), and nothing else is cut."""
    from ui.i18n import install_translators, remove_translators

    names = ENGLISH_MATTERS if language == "en" else {}
    translators = install_translators(qapp, language)
    page = DeadlinesPage(
        LongNames(), cases, poll_seconds=3600, language=language, matter_names=names
    )
    page.resize(1130, 560)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.sig_loaded, timeout=5_000):
        page.set_principal(SUPERVISOR)
    try:
        for table in (page.groups.table, page.list.table):
            qtbot.waitUntil(lambda t=table: t.horizontalScrollBar().maximum() == 0, timeout=3_000)
        groups, rows = page.groups.table, page.list.table
        window = rows.item(0, 4)
        assert window.toolTip() == "综合受理窗口 #1"
        assert window.text().endswith("#1")
        matter = groups.item(0, 0)
        whole = ENGLISH_MATTERS["M1"] if language == "en" else "居住证"
        assert matter.toolTip() == whole
        if language == "en":
            assert matter.text().endswith("…") and matter.text() != whole
        else:  # Chinese names are short: nothing is cut
            assert matter.text() == whole and window.text() == "综合受理窗口 #1"
        assert rows.item(0, 0).text() == "44030720261111FY00000"  # never cut
        clock = "Overdue by 10 days" if language == "en" else "已超期10天"
        assert rows.item(0, 1).text() == clock
        assert [groups.item(0, c).text() for c in range(2, 8)] == ["120", "12", "8", "3", "4", "2"]
    finally:
        page.stop()
        remove_translators(qapp, translators)


def test_the_divider_stays_where_the_user_put_it(page: DeadlinesPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    body = page.body
    body.setSizes([300, 900])  # (as far as the groups' buttons let it)
    put = body.sizes()
    assert put[0] < 400
    body.splitterMoved.emit(put[0], 1)  # as a drag of the divider reports it
    with qtbot.waitSignal(page.sig_loaded, timeout=5_000):
        page.refresh()
    qtbot.wait(50)
    assert body.sizes() == put  # not shared out again by what the tables need
