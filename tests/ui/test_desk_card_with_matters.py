"""The desk page: a card read with matters already picked opens their pre-filled tabs at once."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)
from registry_cards import registry_card

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.seeding import seed_registry
from desktop.domain.permissions import Principal, Role
from desktop.persistence.database import Database
from desktop.services.desk import WindowDesk
from desktop.services.hall import Hall
from devices.idcard.document import IdentityDocument
from ui.clerk.desk_page import DeskPage
from ui.clerk.form_engine import MatterForm
from ui.clerk.matter_tab import MatterTab

TODAY = date(2026, 11, 23)
CLERK = Principal.of("clerk", "窗口 #3", [Role.CLERK], display_name="演示窗口人员")


@pytest.fixture
def desk(sqlite_db: Database, app_home: AppPaths, memory_keyring: object) -> WindowDesk:
    seed_registry(sqlite_db, persons=300, random_seed=5)
    return WindowDesk(Hall(sqlite_db, app_home, Settings(), today=lambda: TODAY))


@pytest.fixture
def page(qtbot, desk: WindowDesk):
    widget = DeskPage(desk, language="zh_CN", today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.set_principal(CLERK)
    yield widget
    widget.close()


def _card(db: Database, nth: int = 0) -> IdentityDocument:
    return registry_card(
        db,
        "SELECT name, sex, birth_date, id_number, household_address FROM persons "
        "WHERE id_type = 'citizen' AND current_dwelling_id IS NOT NULL ORDER BY id "
        f"LIMIT 1 OFFSET {nth}",
    )


def test_a_card_with_a_picked_matter_opens_its_prefilled_tab(qtbot, page, desk) -> None:
    jz = desk.hall.catalog.by_category("JZ").code
    card = _card(desk.hall.db)
    with qtbot.waitSignal(page.sig_visit_opened, timeout=10_000) as opened:
        page.on_card_read(card, matter_codes=[jz])
    visit = opened.args[0]
    assert [m.matter.code for m in visit.matters] == [jz]
    assert page.matter_codes() == [jz]
    assert page.pages.currentWidget() is page.serve_page
    tab = page.matter_tab(jz)
    assert page.tabs.currentWidget() is tab
    # the form holds the pre-filled values of the one look-up, the card holder's number among them
    prefilled = {k: v for k, v in visit.for_matter(jz).as_strings().items() if v}
    assert card.id_number in prefilled.values()
    values = tab.form.values()
    assert {k: values.get(k) for k in prefilled} == prefilled


def test_a_card_without_matters_waits_for_the_picker(qtbot, page, desk) -> None:
    with qtbot.waitSignal(page.sig_visit_opened, timeout=10_000) as opened:
        page.on_card_read(_card(desk.hall.db))
    assert opened.args[0].matters == ()
    assert page.matter_codes() == []
    assert page.pages.currentWidget() is page.serve_page


def test_the_next_card_never_writes_into_the_previous_persons_draft(qtbot, page, desk) -> None:
    from ui.tasks import wait_for_tasks

    jz = desk.hall.catalog.by_category("JZ").code
    first, second = _card(desk.hall.db, 0), _card(desk.hall.db, 1)
    with qtbot.waitSignal(page.sig_visit_opened, timeout=10_000):
        page.on_card_read(first, matter_codes=[jz])
    with qtbot.waitSignal(page.sig_draft_saved, timeout=10_000):
        page.save_draft_now()  # the first person's draft exists; its answer is on screen
    # The next card: the first visit is saved once more on the worker, and its answer comes
    # back after the page has moved on to the second person.
    with qtbot.waitSignal(page.sig_visit_opened, timeout=10_000):
        page.on_card_read(second, matter_codes=[jz])
    assert wait_for_tasks(10_000)
    assert page.draft_id is None  # not the first person's
    with qtbot.waitSignal(page.sig_draft_saved, timeout=10_000):
        page.save_draft_now()
    drafts = desk.drafts(CLERK)
    assert len(drafts) == 2
    by_person = {d.form["__visit__"]["id_number"]: d for d in drafts}
    assert set(by_person) == {first.id_number, second.id_number}


def test_a_late_prefill_does_not_reopen_a_cleared_page(qtbot, page, desk) -> None:
    from ui.tasks import wait_for_tasks

    jz, zz = desk.hall.catalog.by_category("JZ").code, desk.hall.catalog.by_category("ZZ").code
    with qtbot.waitSignal(page.sig_visit_opened, timeout=10_000):
        page.on_card_read(_card(desk.hall.db), matter_codes=[jz])
    page.set_matters([jz, zz])  # on the worker …
    page.next_person()  # … while the clerk presses F12
    assert wait_for_tasks(10_000)
    qtbot.wait(50)  # let the answers reach the GUI thread
    assert page.visit is None and page.matter_codes() == []
    assert page.pages.currentWidget() is page.wait_page


def _strings_of(root: QWidget) -> set[str]:
    """Every text a person could see or hover in ``root``, hidden widgets included."""
    out: set[str] = set()
    for w in [root, *root.findChildren(QWidget)]:
        out.add(w.toolTip())
        if isinstance(w, QLabel | QLineEdit | QAbstractButton):
            out.add(w.text())
        if isinstance(w, QPlainTextEdit):
            out.add(w.toPlainText())
        if isinstance(w, QComboBox):
            out.update(w.itemText(i) for i in range(w.count()))
            out.update(str(w.itemData(i)) for i in range(w.count()))
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                out.update((w.item(i).text(), w.item(i).toolTip()))
    return out


def _undo_left(root: QWidget) -> list[str]:
    edits = [e.objectName() for e in root.findChildren(QLineEdit) if e.isUndoAvailable()]
    boxes = root.findChildren(QPlainTextEdit)
    return edits + [b.objectName() for b in boxes if b.document().isUndoAvailable()]


def _form_state(form: MatterForm) -> dict[str, object]:
    """What a form shows, field by field (value, source tag and its tooltip, message, choices)."""
    state: dict[str, object] = {}
    for path in form.paths():
        widget = form.editor_widget(path)
        items = (
            [widget.itemText(i) for i in range(widget.count())]
            if isinstance(widget, QComboBox)
            else None
        )
        state[path] = (
            form.value(path),
            form.source_tag(path),
            form.source_tag_tooltip(path),
            form.shown_error(path),
            items,
        )
    return state


def test_a_refilled_form_shows_nothing_of_the_previous_person(qtbot, page, desk) -> None:
    """The tab of a matter is kept between visits: wiped, then filled for the next person."""
    from ui.tasks import wait_for_tasks

    jz = desk.hall.catalog.by_category("JZ").code
    # (persons far apart: neither lives in the other's dwelling, so neither's panel names the other)
    first, second = _card(desk.hall.db, 0), _card(desk.hall.db, 150)
    with qtbot.waitSignal(page.sig_visit_opened, timeout=10_000):
        page.on_card_read(first, matter_codes=[jz])
    tab = page.matter_tab(jz)
    form = tab.form
    # the clerk's work on the first person: an edited value (its tag's tooltip names the
    # pre-filled one), a value that is not an option, a wrong number with its message, another
    # row, typing (undo history), every material marked
    edits = [p for p in form.paths() if isinstance(form.editor_widget(p), QLineEdit)]
    named = next(p for p in edits if form.value(p) == first.name)
    form.set_value(named, first.name + "某")
    choice = next(p for p in form.paths() if isinstance(form.editor_widget(p), QComboBox))
    form.set_value(choice, "not-an-option-7")
    numbered = next(p for p in edits if form.value(p) == first.id_number)
    form.set_value(numbered, first.id_number[:-1] + ("0" if first.id_number[-1] != "0" else "1"))
    repeated = next(b.section.key for b in form._blocks if b.section.repeated)
    form.add_row(repeated)
    typed = next(
        p
        for p in form.paths()
        if p.startswith(f"{repeated}.1.") and isinstance(form.editor_widget(p), QLineEdit)
    )
    qtbot.keyClicks(form.editor_widget(typed), "Earliervisitor")
    tab.materials.mark_all_received()
    form.flush()
    qtbot.waitUntil(lambda: bool(form.shown_error(numbered)), timeout=2000)
    assert form.source_tag_tooltip(named) and first.name in form.source_tag_tooltip(named)
    secrets = {first.name, first.id_number, first.address, "Earliervisitor", "not-an-option-7"}
    secrets |= {form.shown_error(numbered)}
    assert secrets <= {s for text in _strings_of(page) for s in secrets if s in text}

    page.next_person()
    assert wait_for_tasks(10_000)
    qtbot.wait(50)
    # waiting for the next card: the kept tab holds nothing of the first person
    assert tab.parent() is not None and not tab.isVisible()
    left = _strings_of(page)
    assert [s for s in secrets if any(s in text for text in left)] == []
    assert _undo_left(tab) == []
    assert all(status.value == "missing" for status in tab.materials.marked().values())

    with qtbot.waitSignal(page.sig_visit_opened, timeout=10_000) as opened:
        page.on_card_read(second, matter_codes=[jz])
    assert page.matter_tab(jz) is tab  # refilled, not built again
    theirs = " ".join(str(v) for v in (second.name, second.id_number, second.address))
    left = _strings_of(page)
    assert [s for s in secrets if s not in theirs and any(s in t for t in left)] == []
    assert _undo_left(tab) == []

    # … and it shows exactly what a tab built for the second person would show
    prefill = opened.args[0].for_matter(jz)
    fresh = MatterTab(prefill.matter, "zh_CN", lambda: TODAY)
    qtbot.addWidget(fresh)
    fresh.form.load(prefill.values)
    fresh.materials.set_held_certificates(prefill.held_certificates)
    fresh.materials.set_values(fresh.form.values())
    assert _form_state(form) == _form_state(fresh.form)
    assert form.row_count(repeated) == fresh.form.row_count(repeated)
    assert tab.materials.marked() == fresh.materials.marked()
    assert tab.materials.row_codes() == fresh.materials.row_codes()
    assert tab.materials.outcome_text() == fresh.materials.outcome_text()
    assert not tab.done and tab.outcome_view.outcome is None
