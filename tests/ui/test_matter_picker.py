"""The matter picker: search, most used first, suggestions on top, ticking, keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from clerk_samples import CATALOG, DOSSIER, TODAY, clipped_texts
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain.matters.suggestions import SuggestionReason, suggest_matters
from ui.clerk.matter_picker import MatterPicker, match_rank

CODE = {m.category: m.code for m in CATALOG}


@pytest.fixture
def picker(qtbot):
    usage = {CODE["SY"]: 40, CODE["ZL"]: 90, CODE["JZ"]: 10}
    widget = MatterPicker(CATALOG, usage, language="zh_CN")
    qtbot.addWidget(widget)
    widget.resize(320, 600)
    widget.show()
    yield widget
    widget.close()


def categories(picker: MatterPicker) -> list[str]:
    by_code = {m.code: m.category for m in CATALOG}
    return [by_code[c] for c in picker.shown_codes()]


def test_most_used_first_then_the_catalog_order(picker: MatterPicker) -> None:
    assert categories(picker) == ["ZL", "SY", "JZ", "ZZ", "QZ", "NS", "FY", "SF"]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("jzdj", "JZ"),  # pinyin initials, any case
        ("JZZQ", "QZ"),
        ("居住证签注", "QZ"),  # Chinese name
        ("签注", "QZ"),  # Chinese substring
        ("440306SF0005200010001", "FY"),  # implementation code
        ("0002150010", "ZL"),  # basic code
        ("ns", "NS"),  # category
        ("legal", "FY"),  # a word of the English name (Space ticks)
    ],
)
def test_search(picker: MatterPicker, qtbot, query: str, first: str) -> None:
    if query.isascii():
        qtbot.keyClicks(picker.search, query)
    else:  # QTest cannot type CJK characters (an input method would)
        picker.search.setText(query)
    assert categories(picker)[0] == first
    assert picker.current_code() == CODE[first]


def test_search_by_a_chinese_word_lists_only_matching_matters(picker: MatterPicker) -> None:
    picker.search.setText("居住")
    assert set(categories(picker)) == {"JZ", "ZZ", "QZ"}
    picker.search.setText("zz")  # initials substring: JZZ, JZZQZ
    assert set(categories(picker)) == {"ZZ", "QZ"}
    picker.search.setText("没有这个事项")
    assert categories(picker) == []


def test_match_rank_prefers_exact_and_prefix() -> None:
    jz = CATALOG.by_category("JZ")
    assert match_rank(jz, "jz") == 0  # the category
    assert match_rank(jz, "jzd") == 1
    assert match_rank(jz, "登记") == 2
    assert match_rank(jz, "xyz") is None


def test_suggestions_on_top_with_their_reason(picker: MatterPicker) -> None:
    suggestions = suggest_matters(DOSSIER, TODAY)
    assert suggestions == [("QZ", SuggestionReason.ENDORSEMENT_DUE)]
    picker.set_suggestions([*suggestions, (CODE["FY"], "suggest.unknown_reason")])
    assert categories(picker)[:2] == ["QZ", "FY"]
    top = picker.list.item(0)
    assert "★ Residence permit endorsement falls due" in top.text()
    assert top.background().color().name() == "#fef3c7"
    assert "★ Suggested" in picker.list.item(1).text()
    # a search keeps the suggested matters that match on top
    picker.search.setText("居住")
    assert categories(picker)[0] == "QZ"
    picker.reset()
    assert picker.suggested() == []
    assert categories(picker)[0] == "ZL"


def test_a_list_in_the_same_order_is_refreshed_in_place(picker: MatterPicker) -> None:
    """A new visit whose list keeps its order rewrites the items, it does not rebuild them,
    and the next citizen sees nothing of the last one's suggestion."""
    rebuilt: list[int] = []
    picker.list.model().rowsRemoved.connect(lambda *_: rebuilt.append(1))
    order = picker.shown_codes()
    assert categories(picker)[0] == "ZL"
    picker.set_visit([(CODE["ZL"], "suggest.unknown_reason")], [CODE["ZL"]])
    assert picker.shown_codes() == order and rebuilt == []
    top = picker.list.item(0)
    assert "★ Suggested" in top.text()
    assert top.background().color().name() == "#fef3c7" and top.font().bold()
    assert top.checkState() == Qt.CheckState.Checked
    picker.reset()
    assert picker.shown_codes() == order and rebuilt == []
    top = picker.list.item(0)
    assert "★" not in top.text()
    assert top.background().style() == Qt.BrushStyle.NoBrush and not top.font().bold()
    assert top.checkState() == Qt.CheckState.Unchecked
    picker.set_visit(suggest_matters(DOSSIER, TODAY))  # QZ moves up: a new order, rebuilt
    assert categories(picker)[0] == "QZ" and rebuilt


def test_a_visit_sets_suggestions_and_ticks_at_once(picker: MatterPicker) -> None:
    seen: list[list[str]] = []
    picker.sig_selection_changed.connect(seen.append)
    picker.set_visit(suggest_matters(DOSSIER, TODAY), [CODE["JZ"], "no-such-matter"])
    assert categories(picker)[0] == "QZ"
    assert picker.selected() == [CODE["JZ"]] and seen == [[CODE["JZ"]]]
    checked = [
        code
        for i, code in enumerate(picker.shown_codes())
        if picker.list.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert checked == [CODE["JZ"]]
    assert picker.count_label.text() == "Ticked (1): 居住登记"
    picker.reset()
    assert (picker.suggested(), picker.selected()) == ([], [])
    assert categories(picker)[0] == "ZL"


def test_ticking_several_matters(picker: MatterPicker, qtbot) -> None:
    seen: list[list[str]] = []
    picker.sig_selection_changed.connect(seen.append)
    picker.search.setText("jzdj")
    qtbot.keyClick(picker.search, Qt.Key.Key_Space)
    picker.search.clear()
    qtbot.keyClicks(picker.search, "syd")
    qtbot.keyClick(picker.search, Qt.Key.Key_Space)
    assert picker.selected() == [CODE["JZ"], CODE["SY"]]
    assert seen == [[CODE["JZ"]], [CODE["JZ"], CODE["SY"]]]
    assert picker.count_label.text() == "Ticked (2): 居住登记、生育登记"
    # ticks survive a new search; Space again unticks
    qtbot.keyClick(picker.search, Qt.Key.Key_Space)
    assert picker.selected() == [CODE["JZ"]]
    picker.search.clear()
    item = picker.list.item(picker.shown_codes().index(CODE["JZ"]))
    assert item.checkState() == Qt.CheckState.Checked


def test_arrows_move_and_enter_confirms(picker: MatterPicker, qtbot) -> None:
    picker.focus_search()
    assert picker.current_code() == CODE["ZL"]
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.current_code() == CODE["JZ"]
    qtbot.keyClick(picker.search, Qt.Key.Key_Up)
    assert picker.current_code() == CODE["SY"]
    qtbot.keyClick(picker.search, Qt.Key.Key_Space)
    with qtbot.waitSignal(picker.sig_confirmed) as blocker:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert blocker.args == [[CODE["SY"]]]


def test_enter_with_nothing_ticked_takes_the_current_matter(picker: MatterPicker, qtbot) -> None:
    qtbot.keyClicks(picker.search, "flyz")
    with qtbot.waitSignal(picker.sig_confirmed) as blocker:
        qtbot.keyClick(picker.search, Qt.Key.Key_Enter)
    assert blocker.args == [[CODE["FY"]]]


def test_typing_in_the_list_searches(picker: MatterPicker, qtbot) -> None:
    picker.list.setFocus()
    qtbot.keyClicks(picker.list, "sf")
    assert picker.search.text() == "sf"
    assert categories(picker)[0] == "SF"
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    assert picker.search.text() == ""


def test_english_names(qtbot) -> None:
    picker = MatterPicker(CATALOG, {}, language="en")
    qtbot.addWidget(picker)
    assert picker.list.item(0).text().startswith("Residence registration")
    picker.close()


def test_nothing_is_clipped_and_it_renders(picker: MatterPicker, qtbot, tmp_path: Path) -> None:
    picker.set_suggestions(suggest_matters(DOSSIER, TODAY))
    picker.set_selected([CODE["JZ"], CODE["QZ"]])
    qtbot.waitExposed(picker)
    QApplication.processEvents()
    assert clipped_texts(picker) == []
    assert picker.grab().save(str(tmp_path / "matter_picker.png"))
