"""The review desk end to end on the real SQLite demo hall: a residence permit accepted at the
clerk's window desk appears in the police and the community approvers' queues; each claims it
with one key and approves it with the keyboard; after the second approval the case has every
department's approval (the fan-in) and the panel says so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from registry_cards import registry_card

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.seeding import seed_registry
from desktop.domain.cases import CaseEvent, CaseState, TaskStatus
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.permissions import Principal, Role
from desktop.persistence.database import Database
from desktop.services.desk import WindowDesk
from desktop.services.hall import Hall
from ui.review.ports import ReviewBackend
from ui.review.review_page import ReviewPage

CLERK = Principal.of("clerk", "窗口 #3", [Role.CLERK], display_name="演示窗口人员")
POLICE = Principal.of("approver-police", "后台 #1", [Role.APPROVER], ["police"])
COMMUNITY = Principal.of("approver-community", "后台 #2", [Role.APPROVER], ["community"])


def review_desk(hall: Hall) -> ReviewBackend:
    from desktop.services.review import ReviewDesk

    return ReviewDesk(hall)


@pytest.fixture
def hall(sqlite_db: Database, app_home: AppPaths, memory_keyring: object) -> Hall:
    seed_registry(sqlite_db, persons=800, random_seed=5)
    return Hall(sqlite_db, app_home, Settings())


def accept_residence_permit(hall: Hall) -> str:
    zz = hall.catalog.by_category("ZZ").code
    card = registry_card(
        hall.db,
        "SELECT p.name, p.sex, p.birth_date, p.id_number, p.household_address "
        "FROM persons p JOIN dwelling_parties dp ON dp.person_id = p.id "
        "WHERE p.id_type = 'citizen' AND dp.until IS NULL AND dp.role = 'tenant' "
        "AND dp.dwelling_id = p.current_dwelling_id ORDER BY p.id LIMIT 1",
    )
    desk = WindowDesk(hall)
    visit = desk.open_visit(CLERK, card, matter_codes=[zz])
    values = {**visit.for_matter(zz).as_strings(), "basis": "job", "phone": "13800138000"}
    marked = {m.code: MaterialStatus.RECEIVED for m in hall.catalog.get(zz).materials}
    out = desk.submit(CLERK, visit, zz, values, marked)
    assert out.case.state is CaseState.IN_REVIEW
    return out.case.number


def approver_page(qtbot, hall: Hall, principal: Principal) -> Iterator[ReviewPage]:  # type: ignore[no-untyped-def]
    window = QWidget()
    window.resize(1300, 700)
    page = ReviewPage(review_desk(hall), language="en", poll_seconds=3600)
    QVBoxLayout(window).addWidget(page)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    with qtbot.waitSignal(page.sig_queue_shown, timeout=20_000):
        page.set_principal(principal)
    yield page
    page.stop()
    window.close()


def approve_with_the_keyboard(qtbot, page: ReviewPage, number: str) -> object:  # type: ignore[no-untyped-def]
    assert number in [r.case_number for r in page.queue.model.rows()]
    with qtbot.waitSignal(page.sig_task_opened, timeout=20_000) as opened:
        qtbot.keyClick(page.queue.table, Qt.Key.Key_F2)
    assert opened.args[0].case.number == number
    qtbot.keyClick(page.queue.table, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(page.decision.opinion_edit, "OK")
    with qtbot.waitSignal(page.sig_decided, timeout=20_000) as decided:
        qtbot.keyClick(
            page.decision.opinion_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    return decided.args[0]


def test_accepted_at_the_window_approved_by_both_departments(qtbot, hall: Hall) -> None:  # type: ignore[no-untyped-def]
    number = accept_residence_permit(hall)

    police_pages = approver_page(qtbot, hall, POLICE)
    police = next(police_pages)
    first = approve_with_the_keyboard(qtbot, police, number)
    assert first.case.state is CaseState.IN_REVIEW  # type: ignore[attr-defined]
    assert not first.fan_in_complete  # type: ignore[attr-defined]
    assert "Still deciding: " in police.decision.result_label.text()
    statuses = {t.department_code: t.status for t in first.case.tasks}  # type: ignore[attr-defined]
    assert statuses == {"police": TaskStatus.APPROVED, "community": TaskStatus.OPEN}
    qtbot.waitUntil(lambda: number not in [r.case_number for r in police.queue.model.rows()])
    next(police_pages, None)

    community_pages = approver_page(qtbot, hall, COMMUNITY)
    community = next(community_pages)
    second = approve_with_the_keyboard(qtbot, community, number)
    assert second.fan_in_complete  # type: ignore[attr-defined]
    assert second.case.state in (CaseState.APPROVED, CaseState.READY_TO_ISSUE)  # type: ignore[attr-defined]
    assert "All departments approved" in community.decision.result_label.text()
    case = hall.cases.detail(CLERK, number)
    assert case.state in (CaseState.APPROVED, CaseState.READY_TO_ISSUE)
    assert {t.status for t in case.tasks} == {TaskStatus.APPROVED}
    steps = [s.event for s in case.steps]
    assert steps.count(CaseEvent.APPROVE.value) == 2  # one step per department
    next(community_pages, None)


def test_a_colleagues_claim_greys_out_in_the_other_approvers_queue(qtbot, hall: Hall) -> None:  # type: ignore[no-untyped-def]
    number = accept_residence_permit(hall)
    colleague = Principal.of("police-2", "后台 #3", [Role.APPROVER], ["police"])
    pages = approver_page(qtbot, hall, POLICE)
    page = next(pages)
    desk = review_desk(hall)
    claimed = desk.claim_next(colleague)
    assert claimed is not None and claimed.case_number == number
    with qtbot.waitSignal(page.sig_queue_shown, timeout=20_000):
        page.on_changes(frozenset({"review:police"}))  # what the live feed says
    row = page.queue.model.task(page.queue.model.row_of(claimed.task_id))
    assert row is not None and page.queue.model.held_by_other(row)
    with qtbot.waitSignal(page.sig_queue_shown, timeout=20_000):
        qtbot.keyClick(page.queue.table, Qt.Key.Key_F2)  # nothing else is open
    assert "Nothing is waiting" in page.queue.status_label.text()
    next(pages, None)


def test_the_review_scene_opens_a_claimed_task_on_the_demo(
    qapp, app_home: AppPaths, app_state, memory_keyring, capsys
) -> None:  # type: ignore[no-untyped-def]
    from desktop import app as app_module
    from desktop.demo.cases import ensure_review_cases  # noqa: F401  (the scene's cases)

    app_home.config_file.write_text("[database]\ndemo_seed_persons = 600\n", encoding="utf-8")
    assert app_module.main(["--smoke-test", "--lang", "en", "--scene", "review"]) == 0
    assert capsys.readouterr().out.strip() == "ready"


def test_a_case_accepted_at_a_window_appears_in_the_queue_by_itself(qtbot, hall: Hall) -> None:  # type: ignore[no-untyped-def]
    from ui.live import LiveFeed

    pages = approver_page(qtbot, hall, POLICE)
    page = next(pages)
    assert page.queue.model.rows() == ()
    feed = LiveFeed(hall.change_listener())
    page.attach_feed(feed)
    feed.start()
    try:
        number = accept_residence_permit(hall)  # another connection, as another station would
        qtbot.waitUntil(
            lambda: number in [r.case_number for r in page.queue.model.rows()], timeout=10_000
        )
    finally:
        feed.stop()
    next(pages, None)


def test_the_review_station_signs_an_approver_in_locks_and_signs_out_on_the_record(
    qtbot, qapp, app_home: AppPaths, app_state, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from desktop import app as app_module
    from desktop.demo.users import DEMO_PASSWORD
    from desktop.persistence import uow
    from desktop.persistence.models import AuditEvent
    from ui.stations.review import ReviewSession

    app_home.config_file.write_text(
        '[database]\ndemo_seed_persons = 300\n[station]\nkind = "review"\n'
        '[security]\nidle_lock_minutes = 5\n[reader]\nbackend = "none"\n',
        encoding="utf-8",
    )
    running = app_module.launch(app_module.build_parser().parse_args(["--lang", "en"]), qapp)
    assert isinstance(running, app_module.RunningApp)
    try:
        session = running.session
        assert isinstance(session, ReviewSession)
        qtbot.waitUntil(
            lambda: session.login is not None and session.login.isVisible(), timeout=60_000
        )
        login = session.login
        assert login is not None
        qtbot.keyClicks(login.username_edit, "approver-police")
        qtbot.keyClicks(login.password_edit, DEMO_PASSWORD)
        with qtbot.waitSignal(session.sig_desk_ready, timeout=30_000):
            qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
        assert running.window.pages.currentWidget() is session.page
        # The header says whose desk it is (the station's name was left at the default).
        assert running.window.header.station_label.text().endswith(
            " · Review desk · Police station"
        )
        assert session.feed is not None and session.feed.is_running  # live, not only polling
        hall = session.hall
        assert hall is not None

        def actions(action: str) -> int:
            with uow.connection(hall.db) as conn:  # type: ignore[attr-defined]
                return int(
                    conn.execute(
                        select(func.count())
                        .select_from(AuditEvent)
                        .where(AuditEvent.action == action)
                    ).scalar_one()
                )

        _monitor, screen = session._idle
        screen.lock()
        qtbot.waitUntil(lambda: actions("auth.screen_locked") == 1, timeout=10_000)
        with qtbot.waitSignal(screen.sig_unlocked, timeout=10_000):
            qtbot.keyClicks(screen.password_edit, DEMO_PASSWORD)
            qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
        session.close()
        session.close()
        assert actions("auth.sign_out") == 1
        assert not session.feed.is_running
    finally:
        running.close()
