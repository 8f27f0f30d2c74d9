"""A kiosk self-declaration end to end, on the real clerk's window: declared through the
kiosk's core (the citizen's card, the registry's dwelling, a phone number) → the clerk's badge
counts it through the live feed → F8 lists it → Enter claims it → the desk opens it pre-filled
from the declaration → the clerk checks the materials and accepts (Ctrl+Enter) → the kiosk's
core shows the holder the case, accepted."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from typing import Any

import pytest
from clerk_e2e_support import ClerkDriver, registry_persons
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

# The clerk window's fixtures: the seeded registry copied per test, the app launched on it.
from test_clerk_e2e import Dialogs, dialogs, seeded_db, start_app  # noqa: F401

from desktop.domain.cases import CaseState
from desktop.domain.permissions import Principal, Role
from desktop.persistence import uow
from desktop.persistence.models import AuditEvent
from desktop.services.kiosk import KioskDesk
from desktop.services.local_drafts import VISIT_KEY

pytestmark = pytest.mark.slow

KIOSK = Principal.of("kiosk", "自助终端 #1", [Role.KIOSK])
PHONE = "13912345678"


def _actions(clerk: ClerkDriver, action: str) -> list[AuditEvent]:
    with uow.session(clerk.hall.db) as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_kiosk_declaration_is_claimed_checked_and_accepted_at_the_desk(
    start_app: Callable[..., ClerkDriver],  # noqa: F811 (the fixture imported above)
    qtbot: Any,
) -> None:
    clerk = start_app(reader="none")
    control = clerk.session.declarations
    assert control is not None, "the clerk's window has no declarations list"
    assert control.feed is not None and control.feed.is_running  # live, not only polled
    qtbot.waitUntil(lambda: control.count == 0, timeout=20_000)
    hall, page = clerk.hall, clerk.page
    jz = hall.catalog.by_category("JZ").code

    # At the kiosk: the card opens the holder's session; the citizen confirms the dwelling the
    # registry knows and types a phone number.
    persons = registry_persons(hall.db, hall.today())
    card = persons.tenant.card
    kiosk = KioskDesk(hall)
    session = kiosk.open_session(KIOSK, card)
    declaration = kiosk.declaration(session, jz)
    kiosk.declare(session, declaration, dwelling_confirmed=True, phone=PHONE)
    (shown,) = [c for c in kiosk.my_cases(session) if c.declared]
    assert shown.state is CaseState.DRAFT

    # At the window, someone else is being served (a number typed, a matter open).
    with qtbot.waitSignal(page.sig_visit_opened, timeout=30_000):
        qtbot.keyClicks(page.number_edit, persons.owner.card.id_number)
        qtbot.keyClick(page.number_edit, Qt.Key.Key_Return)
    with qtbot.waitSignal(page.sig_draft_saved, timeout=30_000):
        page.set_matters([jz])

    # The badge counts the declaration (the live feed), F8 lists it, masked.
    qtbot.waitUntil(lambda: control.count == 1, timeout=20_000)
    qtbot.waitUntil(control.badge.isVisible, timeout=5_000)
    assert control.badge.text() == "1"
    clerk.activate()
    qtbot.keyClick(clerk.window, Qt.Key.Key_F8)
    dialog = control.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: len(dialog.rows) == 1, timeout=20_000)
    listed = " ".join(dialog.table.item(0, c).text() for c in range(dialog.table.columnCount()))
    assert card.id_number not in listed and card.name not in listed
    assert card.id_number[-4:] in listed

    # Enter claims it; the desk opens it pre-filled from the declaration.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    with qtbot.waitSignal(page.sig_visit_opened, timeout=30_000) as opened:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    visit = opened.args[0]
    assert visit.id_number == card.id_number  # the person on screen before was put away…
    assert not dialog.isVisible()
    assert page.matter_codes() == [jz]
    tab = page.matter_tab(jz)
    assert tab.form.value("emergency_phone") == PHONE
    assert tab.form.value("address") == declaration.address
    assert _actions(clerk, "kiosk.declaration_claimed")
    qtbot.waitUntil(lambda: control.count == 0, timeout=20_000)

    # The clerk checks the materials and accepts through the desk's own path.
    if not tab.form.value("persons.0.arrival_reason"):
        tab.form.set_value("persons.0.arrival_reason", "务工")
    clerk.mark_materials(jz)
    outcome, _printed = clerk.accept()
    assert outcome.case.summary.matter_code == jz

    # Back at the kiosk: the holder sees the case, accepted; the declaration is gone.
    cases = kiosk.my_cases(session)
    assert not [c for c in cases if c.declared]
    (case,) = [c for c in cases if c.number == outcome.number]
    assert case.state is outcome.case.state
    assert case.state in (CaseState.ACCEPTED, CaseState.ISSUED, CaseState.READY_TO_ISSUE)
    # …with their work in its draft; the declaration's draft went with the case.
    (kept,) = hall.cases.list_drafts(clerk.session.principal)
    assert dict(kept.form)[VISIT_KEY]["id_number"] == persons.owner.card.id_number  # type: ignore[index]
