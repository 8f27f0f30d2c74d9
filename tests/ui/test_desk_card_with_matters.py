"""The desk page: a card read with matters already picked opens their pre-filled tabs at once."""

from __future__ import annotations

from datetime import date

import pytest
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


def test_drafts_kept_on_this_computer_are_kept_per_person(tmp_path) -> None:
    from ui.clerk.desk_page import _drop_local_draft_of, _write_local_draft, read_local_drafts

    path = tmp_path / "local-draft.json"
    for number, title in (("A", "first"), ("B", "second")):
        form = {"__visit__": {"id_number": number}}
        _write_local_draft(path, number, ["JZ"], form, {}, title, None)
    assert [d.title for d in read_local_drafts(path)] == ["second", "first"]  # newest first
    _write_local_draft(path, "A", ["JZ"], {"__visit__": {"id_number": "A"}}, {}, "again", None)
    assert [d.title for d in read_local_drafts(path)] == ["again", "second"]
    _drop_local_draft_of(path, "A")
    assert [d.title for d in read_local_drafts(path)] == ["second"]
    _drop_local_draft_of(path, "B")
    assert not path.exists()
