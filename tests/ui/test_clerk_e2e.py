"""The clerk window end to end: the real app, the real pcscd with a virtual ID card, the real
(embedded) registry, the archive and the print queue.

Each test launches the app in-process on a copy of a small seeded demo registry, signs the demo
clerk in through the login dialog, and works as a clerk: a card on the reader, matters picked by
their pinyin initials, fields typed, materials ticked, Ctrl+Enter. The kill-and-resume test runs
the app as a child process and kills it with SIGKILL mid-form.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from clerk_e2e_support import (
    ClerkDriver,
    Persons,
    RegistryPerson,
    install_template,
    launch_app,
    pdf_text,
    registry_persons,
    seed_template,
    settings_text,
    squeeze,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from desktop.config.paths import AppPaths
from desktop.domain.cases import CaseEvent, CaseState
from desktop.domain.identity import make_citizen_number
from desktop.domain.matters.materials import MaterialsDecision, MaterialStatus
from desktop.persistence.engine import DatabaseError, DatabaseErrorCode
from desktop.services.desk import WindowDesk
from desktop.services.print_queue import JobStatus
from ui.main_window import MainWindow
from ui.tasks import wait_for_tasks

pytestmark = pytest.mark.slow

DEVICES_DIR = Path(__file__).resolve().parents[1] / "devices"
REPO = Path(__file__).resolve().parents[2]


def device_helpers() -> Any:
    """tests/devices' virtual_reader module (the virtual ID card and its scripts)."""
    if str(DEVICES_DIR) not in sys.path:
        sys.path.append(str(DEVICES_DIR))
    import virtual_reader

    return virtual_reader


# ---- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small synthetic registry, seeded once; each test works on a copy."""
    return seed_template(tmp_path_factory.mktemp("clerk-registry") / "home")


@dataclass
class Dialogs:
    """Every message box the app asked (none is ever shown: the tests would hang)."""

    asked: list[tuple[str, str]] = field(default_factory=list)
    resume_titles: list[str] = field(default_factory=list)
    resume_answer: bool = False
    question_answer: QMessageBox.StandardButton = QMessageBox.StandardButton.No


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    seen = Dialogs()

    def box(kind: str, answer: Callable[[], Any]) -> Any:
        def show(_parent: Any, title: str, text: str, *_a: Any, **_kw: Any) -> Any:
            seen.asked.append((kind, f"{title}: {text}"))
            return answer()

        return staticmethod(show)

    monkeypatch.setattr(QMessageBox, "question", box("question", lambda: seen.question_answer))
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, box(kind, lambda: QMessageBox.StandardButton.Ok))

    def ask_resume(_window: MainWindow, title: str) -> bool:
        seen.resume_titles.append(title)
        return seen.resume_answer

    monkeypatch.setattr(MainWindow, "ask_resume", ask_resume)
    return seen


@pytest.fixture
def start_app(
    qtbot: Any,
    qapp: QApplication,
    app_home: AppPaths,
    app_state: None,
    memory_keyring: Any,
    seeded_db: Path,
    dialogs: Dialogs,
) -> Iterator[Callable[..., ClerkDriver]]:
    """Starts the app on the test's home (the seeded registry copied in at the first start)."""
    started: list[ClerkDriver] = []

    def start(*, reader: str = "pcsc", extra: str = "", sign_in: bool = True) -> ClerkDriver:
        settings = settings_text(reader=reader, extra=extra)
        if not app_home.default_database.exists():
            install_template(seeded_db, app_home, settings)
        else:
            app_home.config_file.write_text(settings, encoding="utf-8")
        driver = ClerkDriver(qtbot, launch_app(qapp, "--lang", "en"))
        started.append(driver)
        if sign_in:
            driver.sign_in()
        if reader == "pcsc":
            driver.wait_reader_ready()
        return driver

    yield start
    for driver in started:
        if not driver.running.closed:
            driver.running.close()


@pytest.fixture
def clerk(start_app: Callable[..., ClerkDriver]) -> ClerkDriver:
    return start_app()


@pytest.fixture
def persons(clerk: ClerkDriver) -> Persons:
    return registry_persons(clerk.hall.db, clerk.hall.today())


# ---- each matter, card to paper --------------------------------------------------------------


def _year_lease(today: date) -> dict[str, str]:
    end = today.replace(year=today.year + 1) - timedelta(days=1)
    return {
        "monthly_rent": "3200",
        "lease_start": today.isoformat(),
        "lease_end": end.isoformat(),
        "signed_on": today.isoformat(),
    }


@dataclass(frozen=True)
class Plan:
    """One matter as the clerk serves it: who comes, what must be pre-filled, what is typed."""

    category: str
    person: str  # Persons attribute
    name_path: str  # the card holder's name in the form
    id_path: str
    name_tag: str  # the source tag of the name (the card, or the registry's party record)
    address_path: str  # the registry's address of the dwelling
    phone_path: str  # the registry's phone of the person
    typed: Callable[[date], dict[str, str]]
    documents: tuple[str, ...]
    promised: bool
    certificate_path: str = ""  # a field pre-filled from a certificate the hall issued


PLANS = [
    Plan(
        "JZ",
        "tenant",
        "persons.0.name",
        "persons.0.id_number",
        "Card",
        "address",
        "emergency_phone",
        lambda _t: {},
        ("acceptance_notice", "residence_registration_slip"),
        promised=False,
    ),
    Plan(
        "ZZ",
        "tenant",
        "name",
        "id_number",
        "Card",
        "residence_address",
        "phone",
        lambda _t: {},
        ("acceptance_notice",),
        promised=True,
    ),
    Plan(
        "QZ",
        "permit_holder",
        "name",
        "id_number",
        "Card",
        "residence_address",
        "phone",
        lambda _t: {},
        ("acceptance_notice",),
        promised=False,
        certificate_path="permit_number",
    ),
    Plan(
        "ZL",
        "tenant",
        "tenant_name",
        "tenant_id_number",
        "Registry",
        "house_address",
        "tenant_phone",
        _year_lease,
        ("acceptance_notice", "rental_filing_certificate"),
        promised=False,
    ),
    Plan(
        "NS",
        "owner",
        "landlord_name",
        "landlord_id_number",
        "Registry",
        "house_address",
        "landlord_phone",
        lambda _t: {"monthly_rent": "3200"},
        ("rental_tax_receipt",),
        promised=False,
    ),
    Plan(
        "SY",
        "tenant",
        "name",
        "id_number",
        "Card",
        "residence_address",
        "phone",
        lambda t: {
            "spouse_name": "李建国",
            "spouse_id_number": make_citizen_number("440306", date(1985, 3, 2), 11),
            "expected_date": (t + timedelta(days=120)).isoformat(),
        },
        ("acceptance_notice", "birth_registration_slip"),
        promised=False,
    ),
    Plan(
        "FY",
        "tenant",
        "name",
        "id_number",
        "Card",
        "address",
        "phone",
        lambda _t: {
            "case_type": "wages",
            "other_party": "深圳市某建筑劳务有限公司",
            "facts": "拖欠工资三个月，请求法律援助追讨。",
        },
        ("acceptance_notice",),
        promised=True,
    ),
    Plan(
        "SF",
        "tenant",
        "name",
        "id_number",
        "Card",
        "postal_address",
        "phone",
        lambda _t: {},
        ("acceptance_notice",),
        promised=True,
    ),
]


def _case_count(clerk: ClerkDriver) -> int:
    from sqlalchemy import text

    with clerk.hall.db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM cases")).scalar_one())


def _code(clerk: ClerkDriver, category: str) -> str:
    return str(clerk.hall.catalog.by_category(category).code)


def _assert_printed_and_archived(
    clerk: ClerkDriver, app_home: AppPaths, outcome: Any, holder: str, printed: list[Any]
) -> dict[str, str]:
    """Every document of the outcome: archived with the right content, printed to a PDF file.

    Returns document kind → its text."""
    texts: dict[str, str] = {}
    statuses = dict(printed)
    files = [p.name for p in (app_home.data_dir / "printed").glob("*.pdf")]
    for doc in outcome.documents:
        path, pdf = clerk.archived_pdf(doc.number)
        assert path.is_relative_to(app_home.archive_dir)
        assert pdf == doc.pdf
        text = pdf_text(pdf)
        assert outcome.number in text, doc.kind
        assert squeeze(holder) in text, doc.kind
        texts[doc.kind] = text
        assert statuses[doc.number] == "printed", statuses
        assert any(doc.number in name for name in files), (doc.number, files)
        view = clerk.page.matter_tab(outcome.case.summary.matter_code).outcome_view
        assert view.print_status(doc.number) == "printed"
    return texts


@pytest.mark.parametrize("plan", PLANS, ids=[p.category for p in PLANS])
def test_each_matter_from_card_tap_to_archived_printed_paper(
    clerk: ClerkDriver,
    persons: Persons,
    virtual_card: Any,
    app_home: AppPaths,
    dialogs: Dialogs,
    plan: Plan,
) -> None:
    who: RegistryPerson = getattr(persons, plan.person)
    card = who.card
    code = _code(clerk, plan.category)
    matter = clerk.hall.catalog.get(code)
    page = clerk.page

    visit = clerk.tap(virtual_card(card))
    assert visit.id_number == card.id_number
    assert visit.dossier is not None, "the card holder is a registry person"
    assert who.house_code in squeeze(page.person.row_text("house_code"))
    clerk.pick(code)

    form = page.matter_tab(code).form
    assert form.value(plan.name_path) == card.name
    assert form.source_tag(plan.name_path) == plan.name_tag
    assert form.value(plan.id_path) == card.id_number
    assert form.value(plan.address_path) == who.dwelling_address
    assert form.source_tag(plan.address_path) == "Registry"
    assert form.value(plan.phone_path) == who.phone
    assert form.source_tag(plan.phone_path) == "Registry"
    if plan.certificate_path:
        assert form.value(plan.certificate_path), "the permit number comes from the certificate"
        assert form.source_tag(plan.certificate_path) == "Certificate"

    typed = plan.typed(clerk.hall.today())
    for path, text in typed.items():
        clerk.type_into(code, path, text)
    assert not form.errors(), [e.message_en for e in form.errors()]
    marked = clerk.mark_materials(code)
    assert set(marked.values()) <= {MaterialStatus.RECEIVED, MaterialStatus.REUSED}

    outcome, printed = clerk.accept()
    assert outcome.event is CaseEvent.ACCEPT
    assert outcome.case.summary.matter_code == code
    assert outcome.case.summary.applicant_name == card.name
    assert [d.kind for d in outcome.documents] == list(plan.documents)
    for path, text in typed.items():
        assert outcome.case.form_values[path] == text
    tab = page.matter_tab(code)
    assert tab.done
    assert tab.outcome_view.number_label.text() == outcome.number
    # The matter in the interface's language (English here), not the case's Chinese name.
    matter = tab.matter
    assert tab.outcome_view.detail_label.text().startswith(f"{matter.name_en or matter.name_zh} · ")

    detail = clerk.hall.cases.detail(clerk.session.principal, outcome.number)
    if plan.promised:
        assert detail.state in (CaseState.ACCEPTED, CaseState.IN_REVIEW)
        assert detail.tasks, "a promised matter goes to the reviewing departments"
        assert detail.summary.promised_date > clerk.hall.today()
    else:
        assert detail.state is CaseState.ISSUED
        assert not detail.tasks

    texts = _assert_printed_and_archived(clerk, app_home, outcome, card.name, printed)
    main = texts[plan.documents[0]]
    if plan.category == "NS":
        # the rent over the 12 months, and the tax the desk computed and showed
        assert "38,400.00" in main
        assert outcome.tax is not None
        assert f"{outcome.tax.term.total:,.2f}" in main
        assert str(outcome.tax.term.total) in page.matter_tab(code).tax_label.text()
    else:
        assert squeeze(matter.name_zh) in main
    assert dialogs.asked == []


# ---- materials: one-time notification, 容缺 ----------------------------------------------------


def test_an_essential_material_missing_prints_a_one_time_notification_of_everything_missing(
    clerk: ClerkDriver,
    persons: Persons,
    virtual_card: Any,
    app_home: AppPaths,
    dialogs: Dialogs,
) -> None:
    code = _code(clerk, "JZ")
    matter = clerk.hall.catalog.get(code)
    clerk.tap(virtual_card(persons.tenant.card))
    clerk.pick(code)
    tab = clerk.page.matter_tab(code)
    assert tab.form.value("persons.0.arrival_reason") == "务工"  # employment proof applies
    missing = {
        "residence_proof": MaterialStatus.MISSING,
        "employment_proof": MaterialStatus.MISSING,
    }
    clerk.mark_materials(code, missing)
    assert tab.materials.outcome().decision is MaterialsDecision.NOTIFY_MISSING
    assert "one-time notification" in tab.materials.outcome_text()

    outcome, printed = clerk.accept()
    assert outcome.event is CaseEvent.NOTIFY_MISSING
    assert outcome.case.state is CaseState.AWAITING_SUPPLEMENT
    assert [d.kind for d in outcome.documents] == ["supplement_notice"]
    texts = _assert_printed_and_archived(
        clerk, app_home, outcome, persons.tenant.card.name, printed
    )
    notice = texts["supplement_notice"]
    names = {m.code: squeeze(m.name_zh) for m in matter.materials}
    assert names["residence_proof"] in notice
    assert names["employment_proof"] in notice
    assert "one-time notification" in tab.outcome_view.headline.text()
    assert dialogs.asked == []  # no question: nothing may be owed under a promise here


def test_a_non_essential_material_missing_is_accepted_with_it_owed_容缺(
    clerk: ClerkDriver,
    persons: Persons,
    virtual_card: Any,
    app_home: AppPaths,
    dialogs: Dialogs,
    qtbot: Any,
) -> None:
    code = _code(clerk, "JZ")
    matter = clerk.hall.catalog.get(code)
    employment = next(m for m in matter.materials if m.code == "employment_proof")
    clerk.tap(virtual_card(persons.tenant.card))
    clerk.pick(code)
    clerk.mark_materials(code, {"employment_proof": MaterialStatus.MISSING})

    # Esc / closing the question (or the screen lock ending it) submits nothing
    dialogs.question_answer = QMessageBox.StandardButton.Cancel
    cases_before = _case_count(clerk)
    page = clerk.page
    outcomes: list[Any] = []
    page.sig_outcome.connect(outcomes.append)
    clerk.activate()
    page.matter_tab(code).form.focus_first_field()
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.wait(300)
    assert len(dialogs.asked) == 1 and outcomes == []
    assert not page.matter_tab(code).done and page.accept_button.isEnabled()
    assert _case_count(clerk) == cases_before

    dialogs.question_answer = QMessageBox.StandardButton.Yes  # the promise is signed
    outcome, printed = clerk.accept()
    assert _case_count(clerk) == cases_before + 1  # only the answered question made a case
    assert len(dialogs.asked) == 2
    kind, text = dialogs.asked[1]
    assert kind == "question"
    assert employment.name_en in text  # the question names what is owed
    assert outcome.event is CaseEvent.ACCEPT_WITH_SHORTFALL
    assert [m.code for m in outcome.case.owed] == ["employment_proof"]
    assert outcome.documents[0].kind == "deferred_materials_notice"
    texts = _assert_printed_and_archived(
        clerk, app_home, outcome, persons.tenant.card.name, printed
    )
    notice = texts["deferred_materials_notice"]
    assert squeeze(employment.name_zh) in notice
    assert "容缺" in notice
    assert "materials owed" in clerk.page.matter_tab(code).outcome_view.headline.text()
    preview = clerk.page.matter_tab(code).outcome_view.preview  # rendered on the worker
    qtbot.waitUntil(lambda: not preview.pixmap().isNull(), timeout=10_000)
    assert preview.pixmap().height() > preview.pixmap().width()  # the notice's first A4 page


# ---- a bundled visit -------------------------------------------------------------------------


def test_one_card_read_two_matters_two_cases(
    clerk: ClerkDriver, persons: Persons, virtual_card: Any, app_home: AppPaths
) -> None:
    page = clerk.page
    visits: list[Any] = []
    page.sig_visit_opened.connect(visits.append)
    jz, zz = _code(clerk, "JZ"), _code(clerk, "ZZ")
    clerk.tap(virtual_card(persons.tenant.card))
    clerk.pick(jz, zz)
    assert page.matter_codes() == [jz, zz]
    assert page.tabs.count() == 2

    outcomes = []
    for index, code in enumerate((jz, zz)):
        page.tabs.setCurrentIndex(index)
        assert page.current_tab() is page.matter_tab(code)
        clerk.mark_materials(code)
        outcome, printed = clerk.accept()
        _assert_printed_and_archived(clerk, app_home, outcome, persons.tenant.card.name, printed)
        outcomes.append(outcome)
    assert len(visits) == 1, "one card read"
    first, second = outcomes
    assert first.case.summary.matter_code == jz and second.case.summary.matter_code == zz
    assert first.number != second.number
    assert first.case.state is CaseState.ISSUED
    assert second.case.state in (CaseState.ACCEPTED, CaseState.IN_REVIEW)
    assert page.rating_row.isVisible()
    cases = clerk.hall.cases.cases_for_card_holder(
        clerk.session.principal, persons.tenant.card.id_number
    )
    assert {c.number for c in cases} >= {first.number, second.number}


# ---- kill -9 and resume ----------------------------------------------------------------------

TYPED_PHONE = "13912345678"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_app_resumes_the_half_typed_form_exactly(
    start_app: Callable[..., ClerkDriver],
    app_home: AppPaths,
    seeded_db: Path,
    dialogs: Dialogs,
) -> None:
    install_template(seeded_db, app_home, settings_text(reader="demo"))
    env = dict(os.environ)
    env["ONEWINDOW_HOME"] = str(app_home.config_dir.parent)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    driver = Path(__file__).with_name("clerk_e2e_kill_driver.py")
    child = subprocess.run(
        [sys.executable, str(driver), "JZ", "emergency_phone", TYPED_PHONE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == -9, (child.returncode, child.stdout, child.stderr[-3000:])
    facts = json.loads(child.stdout.strip().splitlines()[-1])
    assert facts["draft_id"], "the draft reached the database before the kill"

    dialogs.resume_answer = True
    clerk = start_app(reader="none", sign_in=False)
    page_ready: list[Any] = []
    clerk.session.sig_desk_ready.connect(page_ready.append)
    clerk.sign_in()
    clerk.qtbot.waitUntil(lambda: clerk.page.visit is not None, timeout=20_000)
    page = clerk.page
    assert dialogs.resume_titles and dialogs.resume_titles[0] == facts["title"]
    assert page.visit.id_number == facts["id_number"]
    assert page.visit.card is not None and page.visit.card.name == facts["name"]
    assert page.matter_codes() == [facts["matter"]]
    form = page.matter_tab(facts["matter"]).form
    assert form.value("emergency_phone") == TYPED_PHONE
    assert form.source_tag("emergency_phone") == "Edited"
    assert form.values() == facts["values"]
    assert page.draft_id == facts["draft_id"]


# ---- the database goes away mid-case ---------------------------------------------------------


def test_a_database_that_goes_away_keeps_the_draft_locally_and_it_is_resumed(
    start_app: Callable[..., ClerkDriver],
    app_home: AppPaths,
    virtual_card: Any,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    down = [False]
    original = WindowDesk.save_draft

    def save_draft(self: WindowDesk, *args: Any, **kwargs: Any) -> Any:
        if down[0]:
            raise DatabaseError(
                DatabaseErrorCode.UNREACHABLE, "Cannot reach the database server: gone."
            )
        return original(self, *args, **kwargs)

    monkeypatch.setattr(WindowDesk, "save_draft", save_draft)
    clerk = start_app()
    persons = registry_persons(clerk.hall.db, clerk.hall.today())
    code = _code(clerk, "JZ")
    page = clerk.page
    card = virtual_card(persons.tenant.card)
    clerk.tap(card)
    with clerk.qtbot.waitSignal(page.sig_draft_saved, timeout=10_000) as saved:
        clerk.pick(code)
    assert saved.args[0], "saved in the database while it is there"

    down[0] = True
    with clerk.qtbot.waitSignal(page.sig_draft_saved, timeout=10_000) as saved:
        clerk.type_into(code, "emergency_phone", TYPED_PHONE)
    assert saved.args == [""]  # kept locally
    status = page.status_label.text()
    assert "database cannot be reached" in status
    assert "kept on this computer" in status
    local = clerk.session.local_draft_file
    kept = json.loads(local.read_text(encoding="utf-8"))["drafts"][persons.tenant.card.id_number]
    assert kept["form"][code]["emergency_phone"] == TYPED_PHONE
    assert kept["matter_codes"] == [code]
    assert QApplication.activeModalWidget() is None
    assert dialogs.asked == []
    card.remove()  # the applicant takes the card back; the clerk closes the app
    clerk.running.close()  # still down: the last save goes to the file too
    assert local.exists()

    down[0] = False
    dialogs.resume_answer = True
    again = start_app(reader="none")
    again.qtbot.waitUntil(lambda: again.page.visit is not None, timeout=20_000)
    assert dialogs.resume_titles == [kept["title"]]
    page = again.page
    assert page.visit.id_number == persons.tenant.card.id_number
    assert page.matter_codes() == [code]
    assert page.matter_tab(code).form.value("emergency_phone") == TYPED_PHONE
    # The database is back: the resumed case is accepted, and its local copy goes with it.
    again.mark_materials(code)
    outcome, _printed = again.accept()
    assert outcome.case.phone == TYPED_PHONE
    assert not local.exists()
    assert again.hall.cases.list_drafts(again.session.principal) == ()
    again.running.close()
    third = start_app(reader="none")
    third.qtbot.wait(500)  # the offer would come right after the sign-in
    assert wait_for_tasks(10_000)
    assert dialogs.resume_titles == [kept["title"]], "nothing left to resume"
    assert third.page.visit is None


def test_a_local_draft_of_another_visit_survives_an_accepted_case(
    start_app: Callable[..., ClerkDriver], virtual_card: Any, dialogs: Dialogs
) -> None:
    clerk = start_app()
    persons = registry_persons(clerk.hall.db, clerk.hall.today())
    local = clerk.session.local_draft_file
    other = {
        "drafts": {
            persons.owner.card.id_number: {
                "id": "",
                "matter_codes": ["x"],
                "form": {"__visit__": {"card": None, "id_number": persons.owner.card.id_number}},
                "materials": {},
                "title": "another visit",
                "saved_at": "2026-11-23T08:00:00+00:00",
            }
        }
    }
    local.write_text(json.dumps(other), encoding="utf-8")
    code = _code(clerk, "QZ")
    clerk.tap(virtual_card(persons.permit_holder.card))
    with clerk.qtbot.waitSignal(clerk.page.sig_draft_saved, timeout=10_000) as saved:
        clerk.pick(code)
    assert saved.args[0], "this visit's draft is in the database"
    assert json.loads(local.read_text(encoding="utf-8")) == other
    clerk.mark_materials(code)
    clerk.accept()
    assert json.loads(local.read_text(encoding="utf-8")) == other


# ---- a printer that fails --------------------------------------------------------------------


def test_a_failed_print_keeps_the_case_accepted_and_the_job_in_the_queue(
    start_app: Callable[..., ClerkDriver], virtual_card: Any, app_home: AppPaths
) -> None:
    clerk = start_app(extra='[printing]\na4_printer = "No Such Printer"\n')
    persons = registry_persons(clerk.hall.db, clerk.hall.today())
    code = _code(clerk, "JZ")
    clerk.tap(virtual_card(persons.tenant.card))
    clerk.pick(code)
    clerk.mark_materials(code)
    outcome, printed = clerk.accept()

    assert outcome.event is CaseEvent.ACCEPT
    detail = clerk.hall.cases.detail(clerk.session.principal, outcome.number)
    assert detail.state is CaseState.ISSUED
    view = clerk.page.matter_tab(code).outcome_view
    failed = clerk.hall.print_queue.jobs(statuses=[JobStatus.FAILED])
    numbers = {d.number for d in outcome.documents}
    assert {j.document_number for j in failed} == numbers
    for job in failed:
        assert job.printer == "No Such Printer"
        assert job.last_error_code == "print.printer_missing"
        shown = view.print_status(job.document_number)
        assert shown.startswith("print failed"), shown
        assert "No Such Printer" in shown  # what failed, and the system's cause
        assert "cause: no printer is installed" in shown or "cause: the system's printers" in shown
        assert job.last_error is not None and job.last_error in shown
        assert "kept in the queue" in shown
        assert dict(printed)[job.document_number] == shown
    for doc in outcome.documents:  # archived all the same
        clerk.archived_pdf(doc.number)
    assert not list((app_home.data_dir / "printed").glob("*.pdf"))


# ---- the reader's bad days -------------------------------------------------------------------


def test_reader_trouble_is_a_state_never_a_dialog_and_the_next_card_works(
    clerk: ClerkDriver,
    persons: Persons,
    virtual_card: Any,
    pcscd_running: Any,
    dialogs: Dialogs,
) -> None:
    vr = device_helpers()
    page, status = clerk.page, clerk.window.reader_panel.status
    visits: list[Any] = []
    page.sig_visit_opened.connect(visits.append)
    qtbot = clerk.qtbot

    pulled = virtual_card(
        persons.tenant.card, script=vr.CardScript().remove_after("FF B0 00 00")
    ).insert()
    qtbot.waitUntil(lambda: status.state == "card_removed", timeout=15_000)
    assert "card.removed" in status.toolTip()
    assert pulled.gone.wait(5)
    assert QApplication.activeModalWidget() is None

    garbage = bytes((i * 37 + 11) % 256 for i in range(256))
    bad = virtual_card(text_block=garbage).insert()
    qtbot.waitUntil(lambda: status.state == "invalid_card", timeout=15_000)
    assert status.text
    assert QApplication.activeModalWidget() is None
    bad.remove()
    qtbot.waitUntil(lambda: status.state in ("card_removed", "reader_ready"), timeout=15_000)

    # The smart-card service goes away and comes back.
    pcscd_running.stop()
    qtbot.waitUntil(lambda: status.state == "service_unavailable", timeout=20_000)
    assert QApplication.activeModalWidget() is None
    pcscd_running.start()
    qtbot.waitUntil(lambda: status.state == "reader_ready", timeout=30_000)

    assert visits == [], "no visit from a card that was not read"
    assert page.pages.currentWidget() is page.wait_page
    assert dialogs.asked == []

    visit = clerk.tap(virtual_card(persons.owner.card))
    assert visit.id_number == persons.owner.card.id_number
    assert page.pages.currentWidget() is page.serve_page
    assert QApplication.activeModalWidget() is None
    assert dialogs.asked == []


def test_the_language_menu_remembers_the_choice_for_the_next_start(
    qtbot, qapp, app_home, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from functools import partial

    from desktop.app import remember_language
    from desktop.config.settings import load_settings
    from ui.main_window import MainWindow

    monkeypatch.setenv("ONEWINDOW_DATABASE_URL", "sqlite:////tmp/never-written.sqlite3")
    window = MainWindow(lambda _report: None)  # type: ignore[arg-type,return-value]
    qtbot.addWidget(window)
    window.sig_language_chosen.connect(partial(remember_language, app_home))
    window.sig_language_chosen.emit("en")
    saved = load_settings(app_home, environment=False)
    assert saved.ui.language == "en"
    assert saved.database.url == ""  # the environment's database URL is not written to the file


def test_refusal_then_rating_then_a_clean_screen_for_the_next_person(
    clerk: ClerkDriver, persons: Persons, virtual_card: Any, qtbot: Any
) -> None:
    page = clerk.page
    fy, jz = _code(clerk, "FY"), _code(clerk, "JZ")
    card = persons.tenant.card
    clerk.tap(virtual_card(card))
    clerk.pick(fy, jz)
    # refuse legal aid at the window (the form need not be complete)
    page.tabs.setCurrentWidget(page.matter_tab(fy))
    with qtbot.waitSignal(page.sig_outcome, timeout=30_000) as refused:
        page.refuse_current("不属于本中心受理范围")
    outcome = refused.args[0]
    assert outcome.case.state is CaseState.REFUSED
    notice = outcome.documents[0]
    assert notice.kind == "refusal_notice"
    _, pdf = clerk.archived_pdf(notice.number)
    assert "不属于本中心受理范围" in pdf_text(pdf)
    assert not page.accept_button.isEnabled()  # a finished tab takes no second decision
    # accept the other matter; then the applicant rates the visit
    page.tabs.setCurrentWidget(page.matter_tab(jz))
    clerk.mark_materials(jz)
    accepted, _printed = clerk.accept()
    assert page.rating_row.isVisible()
    with qtbot.waitSignal(page.sig_cleared, timeout=30_000):
        page.rating_buttons[1].click()  # 2 满意
    for number in (outcome.number, accepted.number):
        detail = clerk.hall.cases.detail(clerk.session.principal, number)
        assert detail.rating is not None and detail.rating.score == 2
    # nothing of this person is left on screen
    assert page.pages.currentWidget() is page.wait_page
    assert page.person.is_empty
    assert page.tabs.count() == 0
    assert card.name not in " ".join(w.text() for w in page.findChildren(QLabel) if w.isVisible())


def test_the_sign_in_is_on_screen_and_takes_keys_while_the_database_still_opens(
    start_app: Callable[..., ClerkDriver], monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    import threading

    import desktop.persistence.database as database_module
    from desktop.demo.users import DEMO_PASSWORD

    opening = threading.Event()
    release = threading.Event()
    real_open = database_module.open_database

    def slow_open(*args: Any, **kwargs: Any) -> Any:
        opening.set()
        assert release.wait(60), "the test never let the database open"
        return real_open(*args, **kwargs)

    monkeypatch.setattr(database_module, "open_database", slow_open)
    clerk = start_app(reader="none", sign_in=False)
    session = clerk.session
    qtbot.waitUntil(opening.is_set, timeout=10_000)
    login = session.login
    assert login is not None and login.isVisible()  # before the database has answered
    assert session.hall is None
    assert not login.demo_label.isVisible()  # not known yet whether this is the demo registry
    qtbot.keyClicks(login.username_edit, "clerk")
    qtbot.keyClicks(login.password_edit, DEMO_PASSWORD)
    with qtbot.waitSignal(session.sig_desk_ready, timeout=60_000):
        qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
        assert login.busy  # waiting for the database, not refusing the clerk
        assert login.status_label.text().startswith("Opening the database")
        release.set()
    assert session.principal is not None and session.principal.user == "clerk"
    shown = clerk.window.pages.currentWidget()
    assert shown is clerk.page or clerk.page.parentWidget() is shown  # (under the calling strip)
    qtbot.waitUntil(lambda: DEMO_PASSWORD in login.demo_label.text(), timeout=10_000)


def test_a_database_that_cannot_open_hides_the_sign_in_until_retry_succeeds(
    start_app: Callable[..., ClerkDriver], monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    import threading

    import desktop.persistence.database as database_module
    from desktop.demo.users import DEMO_PASSWORD

    real_open = database_module.open_database
    failures = [DatabaseError(DatabaseErrorCode.UNREACHABLE, "connection refused")]
    typed = threading.Event()

    def flaky_open(*args: Any, **kwargs: Any) -> Any:
        if failures:
            assert typed.wait(30), "the test never pressed Enter"
            raise failures.pop()
        return real_open(*args, **kwargs)

    monkeypatch.setattr(database_module, "open_database", flaky_open)
    clerk = start_app(reader="none", sign_in=False)
    window, session = clerk.window, clerk.session
    login = session.login
    assert login is not None
    # a password typed while the first open is still trying: its check fails with the open
    qtbot.keyClicks(login.username_edit, "clerk")
    qtbot.keyClicks(login.password_edit, DEMO_PASSWORD)
    with qtbot.waitSignal(login.sig_failed, timeout=30_000):
        qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
        typed.set()
    assert login.error_text() != ""
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.error_panel, timeout=10_000)
    qtbot.waitUntil(lambda: not login.isVisible(), timeout=5_000)  # the error and its Retry show
    with qtbot.waitSignal(window.sig_status_shown, timeout=30_000):
        window.error_panel.sig_retry_requested.emit()
    qtbot.waitUntil(login.isVisible, timeout=5_000)
    assert login.error_text() == ""  # nothing stale from before the Retry
    hint = login.demo_label  # the demo registry's hint, whole (not cut off by the dialog)
    assert hint.isVisible() and hint.height() >= hint.heightForWidth(hint.width())
    assert login.username_edit.text() == "clerk"  # what was typed is kept
    login.username_edit.clear()
    clerk.sign_in()
    assert session.principal is not None and session.principal.user == "clerk"


def test_a_card_read_while_the_screen_is_locked_opens_nothing(
    clerk: ClerkDriver, persons: Persons, virtual_card: Any, qtbot: Any
) -> None:
    from desktop.demo.users import DEMO_PASSWORD

    assert clerk.session._idle is not None
    _monitor, screen = clerk.session._idle
    reader = clerk.running.reader
    assert reader is not None
    hall = clerk.session.hall
    assert hall is not None
    screen.lock()
    qtbot.waitUntil(lambda: _actions(hall, "auth.screen_locked") == 1, timeout=10_000)
    with qtbot.waitSignal(reader.sig_card_read, timeout=30_000):
        card = virtual_card(persons.tenant.card).insert()
    qtbot.wait(300)
    assert clerk.page.visit is None  # no look-up, no draft, in the clerk's name
    card.remove()
    status = clerk.window.reader_panel.status
    qtbot.waitUntil(lambda: status.state in ("card_removed", "reader_ready"), timeout=15_000)
    with qtbot.waitSignal(screen.sig_unlocked, timeout=10_000):
        qtbot.keyClicks(screen.password_edit, DEMO_PASSWORD)
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    visit = clerk.tap(virtual_card(persons.tenant.card))
    assert visit.id_number == persons.tenant.card.id_number
    assert _actions(hall, "auth.screen_unlocked") == 1
    assert _actions(hall, "auth.sign_out") == 0
    clerk.session.close()  # the window closes: the session ends on the record, once
    clerk.session.close()
    assert _actions(hall, "auth.sign_out") == 1


def _actions(hall: Any, action: str) -> int:
    """How many audit events of ``action`` the hall's log holds."""
    from sqlalchemy import func, select

    from desktop.persistence import uow
    from desktop.persistence.models import AuditEvent

    with uow.connection(hall.db) as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
            ).scalar_one()
        )
