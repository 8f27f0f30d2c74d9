"""Helpers for the clerk window's end-to-end tests (``test_clerk_e2e.py``).

* :func:`seed_template` — a home with the small synthetic demo registry, seeded once per session
  and copied into each test's home (:func:`install_template`);
* :func:`registry_persons` — registry people fit for each matter, and the ID card each holds
  (made from the person's record, as a card issued to them would read);
* :class:`ClerkDriver` — drives the real window the way a clerk does: the login dialog, a card on
  the virtual reader, the matter picker by pinyin initials, typing, materials, Ctrl+Enter;
* :func:`pdf_text` — the text of a PDF (pypdf), whitespace removed for line-wrapped names.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from sqlalchemy import and_, exists, select

from desktop import app as app_module
from desktop.config.paths import AppPaths, app_paths
from desktop.config.settings import load_settings
from desktop.demo.deck import card_validity, police_authority
from desktop.demo.users import DEMO_PASSWORD
from desktop.domain.identity import IdKind
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.visit import Outcome, Visit
from desktop.persistence.database import Database, open_database
from desktop.persistence.models import (
    Dwelling,
    DwellingParty,
    Employment,
    IssuedCertificate,
    Person,
    StandardAddress,
)
from desktop.persistence.prepared import as_date
from devices.idcard.document import CardType, IdentityDocument
from devices.idcard.textblock import build_text_block, parse_text_block

#: The persons the test registry is seeded with (small: the tests copy it per test).
SEED_PERSONS = 2000
#: The virtual reader the app watches (vpcd's first reader; the second stays unused).
READER_NAME = "Virtual PCD 00 00"

DB_FILE_SUFFIXES = ("", "-wal", "-shm")


def settings_text(*, reader: str = "pcsc", extra: str = "") -> str:
    """The test home's settings: the small demo registry, the reader, anything ``extra``."""
    text = f'[database]\ndemo_seed_persons = {SEED_PERSONS}\n\n[reader]\nbackend = "{reader}"\n'
    if reader == "pcsc":
        text += f'reader_pattern = "{READER_NAME}"\n'
    return text + ("\n" + extra if extra else "")


# ---- the seeded registry ---------------------------------------------------------------------


def seed_template(home: Path) -> Path:
    """Seed a home with the synthetic registry and the demo accounts; its database file."""
    from desktop.demo.seeding import seed_registry
    from desktop.demo.users import ensure_demo_users

    paths = app_paths({"ONEWINDOW_HOME": str(home)}).ensure()
    paths.config_file.write_text(settings_text(), encoding="utf-8")
    settings = load_settings(paths)
    db = open_database(paths, settings)
    # The hall's secret the template's audit chain is keyed with, in the template's key file:
    # install_template copies it with the database (as `secret export` / `import` would).
    from desktop.services.secrets import (
        HallSecret,
        StationKeys,
        _write_owner_only,
        bind_hall_secret,
    )

    secret = HallSecret.generate()
    _write_owner_only(StationKeys(paths).secret_file, secret._serialise())
    bind_hall_secret(db.engine, secret)
    try:
        seed_registry(db, persons=SEED_PERSONS, random_seed=settings.database.demo_random_seed)
        ensure_demo_users(db)
    finally:
        db.dispose()
    return paths.default_database


def install_template(template_db: Path, home: AppPaths, settings: str) -> None:
    """Give ``home`` a copy of the seeded database and these settings."""
    home.default_database.parent.mkdir(parents=True, exist_ok=True)
    for suffix in DB_FILE_SUFFIXES:
        source = template_db.with_name(template_db.name + suffix)
        if source.exists():
            shutil.copy2(
                source, home.default_database.with_name(home.default_database.name + suffix)
            )
    home.config_file.write_text(settings, encoding="utf-8")
    key_file = Path("keys") / "hall-secret"
    source_key = template_db.parent / key_file
    if source_key.exists():
        (home.data_dir / "keys").mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copy2(source_key, home.data_dir / key_file)


# ---- registry persons and their cards --------------------------------------------------------

_p = Person.__table__
_d = Dwelling.__table__
_a = StandardAddress.__table__
_dp = DwellingParty.__table__
_e = Employment.__table__
_c = IssuedCertificate.__table__


@dataclass(frozen=True)
class RegistryPerson:
    """A registry person, the card they hold, and their dwelling as the registry has it."""

    card: IdentityDocument
    phone: str
    dwelling_address: str
    house_code: str


@dataclass(frozen=True)
class Persons:
    #: Rents a dwelling that has a landlord, and has an employer.
    tenant: RegistryPerson
    #: Owns the dwelling they live in.
    owner: RegistryPerson
    #: Holds a valid residence permit (居住证) issued by the hall.
    permit_holder: RegistryPerson


def resident_card(row: Any, today: date) -> IdentityDocument:
    """The resident ID card a citizen of the registry holds on ``today``, as read off a card."""
    number = str(row["id_number"])
    birth = as_date(row["birth_date"])
    assert birth is not None
    valid_from, valid_to, _ = card_validity(CardType.RESIDENT, birth, today)
    document = IdentityDocument(
        card_type=CardType.RESIDENT,
        name=str(row["name"]),
        sex=str(row["sex"]),
        birth_date=birth,
        id_number=number,
        valid_from=valid_from,
        valid_to=valid_to,
        authority=police_authority(number[:6]),
        address=str(row["household_address"]),
        ethnicity=str(row["ethnicity"] or "01"),
        nationality="CHN",
    )
    return parse_text_block(build_text_block(document))  # what a reader hands over


def registry_persons(db: Database, today: date) -> Persons:
    """One person of the registry for each role the matters need (the first by id)."""
    adult = _p.c.birth_date <= date(today.year - 20, 1, 1)
    fits = and_(
        _p.c.id_type == IdKind.CITIZEN.value,
        adult,
        _p.c.current_dwelling_id.is_not(None),
        _p.c.phone != "",
    )
    base = select(
        _p.c.id,
        _p.c.id_number,
        _p.c.name,
        _p.c.sex,
        _p.c.ethnicity,
        _p.c.birth_date,
        _p.c.household_address,
        _p.c.phone,
        _a.c.full_address,
        _d.c.house_code,
    ).select_from(
        _p.join(_d, _d.c.id == _p.c.current_dwelling_id).join(_a, _a.c.id == _d.c.address_id)
    )
    tenant_party, owner_party = _dp.alias("t"), _dp.alias("o")
    rents_from_a_landlord = exists().where(
        tenant_party.c.person_id == _p.c.id,
        tenant_party.c.dwelling_id == _p.c.current_dwelling_id,
        tenant_party.c.role == "tenant",
        tenant_party.c.until.is_(None),
        exists().where(
            owner_party.c.dwelling_id == tenant_party.c.dwelling_id,
            owner_party.c.role == "owner",
            owner_party.c.until.is_(None),
            owner_party.c.person_id != _p.c.id,
        ),
    )
    employed = exists().where(_e.c.person_id == _p.c.id, _e.c.until.is_(None))
    owns_home = exists().where(
        _dp.c.person_id == _p.c.id,
        _dp.c.dwelling_id == _p.c.current_dwelling_id,
        _dp.c.role == "owner",
        _dp.c.until.is_(None),
    )
    other = _dp.alias("other")
    owns_nothing_else = ~exists().where(  # so the lease is the one of the dwelling they live in
        other.c.person_id == _p.c.id,
        other.c.role == "owner",
        other.c.until.is_(None),
        other.c.dwelling_id != _p.c.current_dwelling_id,
    )
    holds_permit = exists().where(
        _c.c.person_id == _p.c.id,
        _c.c.cert_type == "居住证",
        _c.c.revoked.is_(False),
        _c.c.valid_until > today,
    )

    def first(*conditions: Any) -> RegistryPerson:
        with db.engine.connect() as conn:
            for row in conn.execute(base.where(fits, *conditions).order_by(_p.c.id).limit(20)):
                try:
                    card = resident_card(row._mapping, today)
                except ValueError:
                    continue
                return RegistryPerson(
                    card, str(row.phone), str(row.full_address), str(row.house_code)
                )
        raise LookupError("the seeded registry has nobody for this role")

    return Persons(
        tenant=first(rents_from_a_landlord, employed),
        owner=first(owns_home, owns_nothing_else),
        permit_holder=first(holds_permit, rents_from_a_landlord),
    )


# ---- PDFs ------------------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with all whitespace removed (long names wrap across lines)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def squeeze(text: str) -> str:
    return "".join(text.split())


# ---- driving the window ----------------------------------------------------------------------


def launch_app(qapp: QApplication, *argv: str) -> app_module.RunningApp:
    running = app_module.launch(app_module.build_parser().parse_args(list(argv)), qapp)
    assert isinstance(running, app_module.RunningApp), f"launch failed with exit code {running}"
    return running


class ClerkDriver:
    """The real window, driven as a clerk would (qtbot keys and clicks; waits with timeouts)."""

    def __init__(self, qtbot: Any, running: app_module.RunningApp) -> None:
        self.qtbot = qtbot
        self.running = running
        self.window = running.window
        assert running.session is not None, "the app was launched without the desk"
        self.session = running.session

    @property
    def page(self) -> Any:
        page = self.session.page
        assert page is not None, "not signed in"
        return page

    @property
    def hall(self) -> Any:
        assert self.session.hall is not None
        return self.session.hall

    # ---- start ------------------------------------------------------------------------------

    def sign_in(self, user: str = "clerk", password: str = DEMO_PASSWORD) -> None:
        """Type the account into the real login dialog and press Enter."""
        qtbot = self.qtbot
        qtbot.waitUntil(
            lambda: self.session.login is not None and self.session.login.isVisible(),
            timeout=60_000,
        )
        login = self.session.login
        assert login is not None
        qtbot.keyClicks(login.username_edit, user)
        qtbot.keyClicks(login.password_edit, password)
        with qtbot.waitSignal(self.session.sig_desk_ready, timeout=20_000):
            qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
        shown = self.window.pages.currentWidget()
        # The desk, or the desk under the calling strip (a window that calls a queue).
        assert shown is self.page or self.page.parentWidget() is shown
        self.activate()

    def activate(self) -> None:
        """Make the main window the active one (keyboard shortcuts act in the active window)."""
        self.window.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is self.window, timeout=5_000)

    def wait_reader_ready(self) -> None:
        status = self.window.reader_panel.status
        self.qtbot.waitUntil(
            lambda: self.running.reader is not None and status.state == "reader_ready",
            timeout=30_000,
        )

    # ---- a visit ----------------------------------------------------------------------------

    def tap(self, card: Any) -> Visit:
        """Lay the virtual card on the reader; the visit the desk opens for it."""
        with self.qtbot.waitSignal(self.page.sig_visit_opened, timeout=30_000) as opened:
            card.insert()
        visit = opened.args[0]
        assert isinstance(visit, Visit)
        return visit

    def _find_in_picker(self, code: str) -> None:
        """Type the matter's pinyin initials into the picker's search; move to it with ↓."""
        picker = self.page.picker
        matter = next(m for m in self.page.backend.matters if m.code == code)
        if picker.search.text():
            self.qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
        self.qtbot.keyClicks(picker.search, matter.pinyin_initials)
        for _ in range(len(picker.shown_codes())):
            if picker.current_code() == code:
                break
            self.qtbot.keyClick(picker.search, Qt.Key.Key_Down)
        assert picker.current_code() == code, (matter.pinyin_initials, picker.shown_codes())

    def pick(self, *codes: str) -> None:
        """Pick the matters through the picker (initials, Space to tick, Enter to go on)."""
        page, picker = self.page, self.page.picker
        for code in codes:
            self._find_in_picker(code)
            if len(codes) > 1:
                self.qtbot.keyClick(picker.search, Qt.Key.Key_Space)
        assert len(codes) == 1 or picker.selected() == list(codes)
        self.qtbot.keyClick(picker.search, Qt.Key.Key_Return)
        self.qtbot.waitUntil(
            lambda: all(c in page.matter_codes() for c in codes) and not page.busy,
            timeout=20_000,
        )

    def type_into(self, code: str, path: str, text: str) -> None:
        """Type into a field of a matter's form (a choice is chosen; a tick box ticked)."""
        form = self.page.matter_tab(code).form
        widget = form.editor_widget(path)
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.setFocus()
            widget.clear()
            if text.isascii():
                self.qtbot.keyClicks(widget, text)
            elif isinstance(widget, QLineEdit):  # Chinese comes from the input method at once
                widget.insert(text)
            else:
                widget.insertPlainText(text)
        else:
            form.set_value(path, text)
        form.flush()
        assert form.value(path) == text, (path, form.value(path))

    def mark_materials(
        self, code: str, overrides: dict[str, MaterialStatus] | None = None
    ) -> dict[str, MaterialStatus]:
        """Click "received" for every material that applies (or the status in ``overrides``)."""
        materials = self.page.matter_tab(code).materials
        for material in materials.row_codes():
            if materials.is_locked(material):
                continue
            status = (overrides or {}).get(material, MaterialStatus.RECEIVED)
            button = materials.button(material, status)
            assert button is not None, (material, status)
            button.click()
        return materials.marked()

    def accept(self, expect_documents: bool = True) -> tuple[Outcome, list[tuple[str, str]]]:
        """Ctrl+Enter on the current tab; the outcome and the print statuses of its documents."""
        page = self.page
        printed: list[tuple[str, str]] = []
        page.sig_printed.connect(lambda number, text: printed.append((number, text)))
        tab = page.current_tab()
        assert tab is not None
        self.activate()
        target = QApplication.focusWidget()
        if target is None or not page.isAncestorOf(target):
            tab.form.focus_first_field()
            target = QApplication.focusWidget() or tab.form
        with self.qtbot.waitSignal(page.sig_outcome, timeout=30_000) as got:
            self.qtbot.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        outcome = got.args[0]
        assert isinstance(outcome, Outcome)
        if expect_documents:
            numbers = {d.number for d in outcome.documents}
            self.qtbot.waitUntil(lambda: numbers <= {n for n, _ in printed}, timeout=30_000)
        return outcome, printed

    def archived_pdf(self, number: str) -> tuple[Path, bytes]:
        """The archived document's file (under the app's archive folder) and its bytes."""
        documents = self.hall.documents
        record = documents.get(number)
        assert record is not None, f"{number} is not in the archive"
        path = documents.archive_file(record)
        return path, path.read_bytes()
