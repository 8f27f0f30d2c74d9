"""The generated matter form: widgets per field type, pre-fill with sources, validation as you
type, keyboard, repeated sections, drafts, read-only."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from clerk_samples import CATALOG, TODAY, clipped_texts, prefill_for
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
)

from desktop.domain.matters.model import FieldType
from desktop.domain.matters.validation import validate_form
from ui.clerk.form_engine import MatterForm, normalise_date
from ui.clerk.texts import source_description

TAGS = {"card": "Card", "today": "Today", "certificate": "Certificate", "": "Default"}


@pytest.fixture
def make_form(qtbot):
    forms: list[MatterForm] = []

    def make(category: str, language: str = "zh_CN", *, load: bool = True) -> MatterForm:
        prefill = prefill_for(category)
        form = MatterForm(prefill.matter, language, today=lambda: TODAY)
        qtbot.addWidget(form)
        form.resize(760, 700)
        form.show()
        form.activateWindow()
        qtbot.waitUntil(form.isActiveWindow, timeout=2000)
        if load:
            form.load(prefill.values)
        forms.append(form)
        return form

    yield make
    for form in forms:
        form.close()


def wait_error(qtbot, form: MatterForm, path: str, present: bool = True) -> str:
    qtbot.waitUntil(lambda: bool(form.shown_error(path)) is present, timeout=2000)
    return form.shown_error(path)


@pytest.mark.parametrize("matter", list(CATALOG), ids=lambda m: m.category)
def test_every_matter_builds_and_takes_its_prefill(make_form, matter) -> None:
    form = make_form(matter.category)
    prefill = prefill_for(matter.category)
    assert prefill.values, "the sample person pre-fills something in every matter"
    for path, fv in prefill.values.items():
        assert form.value(path) == fv.value, path
        head = fv.source.split(".", 1)[0]
        assert form.source_tag(path) == TAGS.get(head, "Registry"), path
        assert form.source_tag_tooltip(path) == source_description(fv.source)
    for path in form.paths():
        if path not in prefill.values:
            assert form.source_tag(path) == "", path
    # one widget per field type
    for section in matter.sections:
        for spec in section.fields:
            path = f"{section.key}.0.{spec.key}" if section.repeated else spec.key
            widget = form.editor_widget(path)
            expected = {
                FieldType.CHOICE: QComboBox,
                FieldType.BOOL: QCheckBox,
                FieldType.LONG_TEXT: QPlainTextEdit,
            }.get(spec.type, QLineEdit)
            assert isinstance(widget, expected), path
            assert form.field_label(path).text().startswith(spec.label_zh)
    values = form.values()
    assert set(values) == set(form.paths())
    assert form.errors() == validate_form(matter, values, today=TODAY)
    # the pre-filled values of the sample are valid: no message is shown
    assert [p for p in form.paths() if form.shown_error(p)] == []


def test_choices_show_code_and_name(make_form) -> None:
    form = make_form("JZ")
    sex = form.editor_widget("persons.0.sex")
    assert isinstance(sex, QComboBox)
    assert sex.currentText() == "1 男"
    reason = form.editor_widget("persons.0.arrival_reason")
    assert reason.currentText() == "务工"  # code and name are the same word
    # Only national codes (GB/T sex, ethnicity) are shown; our own keys never are.
    assert form.editor_widget("movement").currentText() == "迁入"
    assert form.editor_widget("reporter").currentText() == "本人申报"
    assert form.editor_widget("persons.0.id_type").currentText() == "居民身份证"
    ethnicity = form.editor_widget("persons.0.ethnicity")
    assert isinstance(ethnicity, QComboBox)
    assert ethnicity.itemText(ethnicity.findData("01")) == "01 汉族"
    english = make_form("JZ", "en")
    assert english.editor_widget("persons.0.sex").currentText() == "1 Male"
    assert english.editor_widget("reporter").currentText() == "The person"
    assert english.field_label("persons.0.sex").text() == "Sex *"


def test_a_value_not_among_the_options_is_kept_and_flagged(make_form, qtbot) -> None:
    form = make_form("JZ")
    form.set_value("persons.0.sex", "7")
    assert form.value("persons.0.sex") == "7"
    assert wait_error(qtbot, form, "persons.0.sex") == "“性别”的取值不在可选范围内"


def test_editing_a_prefilled_value_marks_it_edited(make_form, qtbot) -> None:
    form = make_form("JZ")
    edit = form.editor_widget("emergency_phone")
    assert form.source_tag("emergency_phone") == "Registry"
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "13912345678")
    assert form.value("emergency_phone") == "13912345678"
    assert form.source_tag("emergency_phone") == "Edited"
    assert "13800138000" in form.source_tag_tooltip("emergency_phone")
    edit.setText("13800138000")
    assert form.source_tag("emergency_phone") == "Registry"


def test_an_invalid_id_number_shows_the_chinese_message(make_form, qtbot) -> None:
    form = make_form("JZ")
    path = "persons.0.id_number"
    edit = form.editor_widget(path)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "430104199005010017")  # wrong check digit
    assert wait_error(qtbot, form, path) == "“证件号码”不是有效的证件号码"
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, "6")
    wait_error(qtbot, form, path, present=False)
    assert form.errors() == ()


def test_the_id_type_decides_what_a_valid_number_is(make_form, qtbot) -> None:
    form = make_form("ZZ", "en")
    form.set_value("id_number", "E12345678")
    assert wait_error(qtbot, form, "id_number") == "“ID number” is not a valid identity number"
    form.set_value("id_type", "passport")
    wait_error(qtbot, form, "id_number", present=False)


def test_dates_accept_digits_only(make_form, qtbot) -> None:
    form = make_form("ZL")
    edit = form.editor_widget("lease_start")
    edit.setFocus()
    qtbot.keyClicks(edit, "2026x1201")  # the letter is refused
    assert edit.text() == "20261201"
    assert form.value("lease_start") == "2026-12-01"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "2026-12-01"
    assert normalise_date(" 20260105 ") == "2026-01-05"
    assert normalise_date("2026-1-5") == "2026-1-5"
    form.set_value("lease_end", "2026-13-01")
    assert wait_error(qtbot, form, "lease_end") == "“租赁终止日”不是有效日期（年-月-日）"


def test_money_and_integer_fields_refuse_other_characters(make_form, qtbot) -> None:
    form = make_form("NS")
    rent = form.editor_widget("monthly_rent")
    rent.setFocus()
    qtbot.keyClicks(rent, "12a3.456")
    assert rent.text() == "123.45"
    months = form.editor_widget("months")
    months.setFocus()
    months.selectAll()
    qtbot.keyClicks(months, "1.5")
    assert months.text() == "15"


def test_enter_moves_to_the_next_field(make_form, qtbot) -> None:
    form = make_form("FY")
    paths = form.paths()
    form.focus_first_field()
    assert form.editor_widget(paths[0]).hasFocus()
    for here, there in pairwise(paths[:4]):
        qtbot.keyClick(form.editor_widget(here), Qt.Key.Key_Return)
        assert form.editor_widget(there).hasFocus(), there
    facts = form.editor_widget("facts")
    facts.setFocus()
    qtbot.keyClick(facts, Qt.Key.Key_Return)  # a new line in a multi-line box
    assert facts.hasFocus()
    qtbot.keyClick(facts, Qt.Key.Key_Tab)  # Tab leaves a multi-line box
    assert form.editor_widget("hardship_basis").hasFocus()
    last = form.editor_widget(paths[-1])
    last.setFocus()
    with qtbot.waitSignal(form.sig_last_field_done):
        qtbot.keyClick(last, Qt.Key.Key_Enter)


def test_ctrl_enter_in_a_multi_line_box_is_the_windows_shortcut(make_form, qtbot) -> None:
    from PySide6.QtGui import QKeySequence, QShortcut

    form = make_form("FY")
    fired: list[bool] = []
    accept = QShortcut(QKeySequence("Ctrl+Return"), form)  # as the desk's "accept"
    accept.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    accept.activated.connect(lambda: fired.append(True))
    facts = form.editor_widget("facts")
    facts.setFocus()
    qtbot.keyClicks(facts, "x")
    qtbot.keyClick(facts, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert fired == [True]  # accept, as everywhere on the desk
    assert facts.hasFocus() and facts.toPlainText() == "x"  # no new line typed
    assert "Tab" in facts.placeholderText()  # what the box says is how to leave it


def test_tab_follows_the_form_order(make_form, qtbot) -> None:
    form = make_form("SY")
    paths = form.paths()
    form.focus_first_field()
    for here, there in pairwise(paths[:6]):
        qtbot.keyClick(form.editor_widget(here), Qt.Key.Key_Tab)
        assert form.editor_widget(there).hasFocus()


def test_repeated_rows(make_form, qtbot) -> None:
    form = make_form("JZ")
    assert form.row_count("persons") == 1
    remove0 = form.remove_button("persons", 0)
    assert remove0 is not None and not remove0.isEnabled()  # at the minimum
    add = form.add_button("persons")
    assert add is not None and add.isEnabled()
    add.click()
    assert form.row_count("persons") == 2
    assert form.editor_widget("persons.1.name").hasFocus()
    assert form.value("persons.1.id_type") == "citizen"  # the matter's default
    assert form.source_tag("persons.1.id_type") == "Default"
    assert form.source_tag("persons.1.name") == ""
    form.set_value("persons.1.name", "李丽")
    assert form.add_row("persons")
    assert form.row_count("persons") == 3
    assert not add.isEnabled()
    assert not form.add_row("persons")  # at most 3
    # removing the first row moves the others up
    form.remove_button("persons", 0).click()
    assert form.row_count("persons") == 2
    assert form.value("persons.0.name") == "李丽"
    assert "persons.2.name" not in form.values()
    assert add.isEnabled()


def test_a_draft_wins_over_the_prefill(make_form) -> None:
    form = make_form("JZ", load=False)
    prefill = prefill_for("JZ")
    saved = {**prefill.as_strings(), "emergency_phone": "13711112222", "persons.2.name": "三号"}
    form.load(prefill.values, saved)
    assert form.row_count("persons") == 3
    assert form.value("emergency_phone") == "13711112222"
    assert form.source_tag("emergency_phone") == "Edited"
    assert form.source_tag("persons.0.name") == "Card"
    assert form.value("persons.2.name") == "三号"
    assert form.value("persons.1.name") == ""
    # a new load resets the rows
    form.load(prefill.values)
    assert form.row_count("persons") == 1


def test_sig_changed_is_debounced_and_not_sent_on_load(make_form, qtbot) -> None:
    form = make_form("JZ", load=False)
    seen: list[dict[str, str]] = []
    form.sig_changed.connect(seen.append)
    form.load(prefill_for("JZ").values)
    qtbot.wait(400)
    assert seen == []
    edit = form.editor_widget("address")
    edit.setFocus()
    edit.end(False)
    qtbot.keyClicks(edit, " A1")
    with qtbot.waitSignal(form.sig_changed, timeout=2000):
        pass
    assert len(seen) == 1
    assert seen[0]["address"].endswith(" A1")


def test_focus_first_error_shows_required_fields(make_form, qtbot) -> None:
    form = make_form("ZL")
    assert form.shown_error("monthly_rent") == ""  # untouched and empty: no noise
    assert form.focus_first_error() == "monthly_rent"
    assert form.editor_widget("monthly_rent").hasFocus()
    assert form.shown_error("monthly_rent") == "“月租金（元）”为必填项"
    assert form.shown_error("signed_on") == "“合同签订日”为必填项"
    assert [e.path for e in form.errors()] == [
        "monthly_rent",
        "lease_start",
        "lease_end",
        "signed_on",
    ]


def test_read_only(make_form) -> None:
    form = make_form("JZ")
    form.set_read_only(True)
    assert form.editor_widget("address").isReadOnly()
    assert not form.editor_widget("movement").isEnabled()
    assert not form.add_button("persons").isVisibleTo(form)
    assert not form.add_row("persons")
    form.set_read_only(False)
    assert not form.editor_widget("address").isReadOnly()
    assert form.add_button("persons").isVisibleTo(form)


@pytest.mark.parametrize(("width", "columns"), [(1000, 2), (480, 1)])
def test_nothing_is_clipped_and_it_renders(
    make_form, qtbot, tmp_path: Path, width: int, columns: int
) -> None:
    form = make_form("JZ")
    form.add_row("persons")
    form.resize(width, 700)
    qtbot.waitExposed(form)
    QApplication.processEvents()
    assert form._columns_now == columns
    form.focus_first_error()
    QApplication.processEvents()
    assert clipped_texts(form) == []
    assert form.grab().save(str(tmp_path / f"matter_form_{width}.png"))
