"""The materials checklist: applicable rows, marks, reused certificates, the live outcome."""

from __future__ import annotations

from pathlib import Path

import pytest
from clerk_samples import CATALOG, clipped_texts, prefill_for
from PySide6.QtWidgets import QApplication

from desktop.domain.matters.materials import MaterialsDecision, MaterialStatus
from ui.clerk.materials_panel import MaterialsChecklist

S = MaterialStatus
D = MaterialsDecision


@pytest.fixture
def make_checklist(qtbot):
    made: list[MaterialsChecklist] = []

    def make(category: str, language: str = "zh_CN") -> MaterialsChecklist:
        widget = MaterialsChecklist(CATALOG.by_category(category), language)
        qtbot.addWidget(widget)
        widget.resize(320, 600)
        widget.show()
        made.append(widget)
        return widget

    yield make
    for widget in made:
        widget.close()


def test_outcome_follows_the_marks(make_checklist, qtbot) -> None:
    checklist = make_checklist("ZL")
    checklist.set_values({"by_agent": "false"})
    assert checklist.row_codes() == [
        "lease",
        "ownership",
        "landlord_id",
        "tenant_id",
        "co_owner_consent",
        "mortgagee_consent",
    ]
    outcome = checklist.outcome()
    assert outcome.decision is D.NOTIFY_MISSING
    # the one-time notification lists everything missing, essential first
    assert checklist.outcome_text() == (
        "Cannot accept: one-time notification of what is missing\n"
        "Missing: 房屋租赁合同、房屋权属证明、出租人身份证件、承租人身份证件、"
        "共有人同意出租证明、抵押权人同意出租证明"
    )
    seen = []
    checklist.sig_outcome_changed.connect(seen.append)
    for code in ("lease", "ownership", "landlord_id"):
        checklist.button(code, S.RECEIVED).click()
    assert checklist.outcome().decision is D.NOTIFY_MISSING
    with qtbot.waitSignal(checklist.sig_outcome_changed):
        checklist.button("tenant_id", S.RECEIVED).click()
    # only non-essential items missing: 容缺
    assert checklist.outcome().decision is D.ACCEPT_WITH_SHORTFALL
    assert checklist.outcome_text().endswith("Owed: 共有人同意出租证明、抵押权人同意出租证明")
    checklist.button("co_owner_consent", S.RECEIVED).click()
    checklist.button("mortgagee_consent", S.RECEIVED).click()
    assert checklist.outcome().decision is D.ACCEPT
    assert checklist.outcome_text() == "Materials complete: the case can be accepted"
    # back to notify when an essential item is unticked
    checklist.button("lease", S.MISSING).click()
    assert checklist.outcome().decision is D.NOTIFY_MISSING
    assert [o.decision for o in seen][-3:] == [D.ACCEPT_WITH_SHORTFALL, D.ACCEPT, D.NOTIFY_MISSING]
    assert len(seen) == len({id(o) for o in seen})  # emitted only on changes
    assert checklist.marked()["lease"] is S.MISSING
    assert checklist.marked()["tenant_id"] is S.RECEIVED


def test_rows_follow_the_form_values(make_checklist) -> None:
    checklist = make_checklist("ZL")
    checklist.mark_all_received()
    assert checklist.outcome().decision is D.ACCEPT
    checklist.set_values({"by_agent": "true"})  # an agent acts: power of attorney needed
    assert "power_of_attorney" in checklist.row_codes()
    assert checklist.outcome().decision is D.NOTIFY_MISSING
    checklist.mark("power_of_attorney", S.RECEIVED)
    assert checklist.outcome().decision is D.ACCEPT
    checklist.set_values({"by_agent": "false"})
    assert "power_of_attorney" not in checklist.row_codes()
    assert "power_of_attorney" not in checklist.marked()
    checklist.set_values({"by_agent": "true"})  # the mark is remembered
    assert checklist.marked()["power_of_attorney"] is S.RECEIVED


def test_the_employment_proof_applies_to_workers(make_checklist) -> None:
    checklist = make_checklist("JZ")
    checklist.set_values({"persons.0.arrival_reason": "就学"})
    assert "employment_proof" not in checklist.row_codes()
    checklist.set_values({"persons.0.arrival_reason": "务工"})
    assert "employment_proof" in checklist.row_codes()
    # non-essential: its "missing" choice reads "owed"
    assert checklist.button("employment_proof", S.MISSING).text() == "Owed (容缺)"
    assert checklist.button("id_document", S.MISSING).text() == "Missing"


def test_promise_only_where_allowed(make_checklist) -> None:
    checklist = make_checklist("JZ")
    assert checklist.button("residence_proof", S.PROMISED) is not None
    assert checklist.button("id_document", S.PROMISED) is None
    checklist.mark("id_document", S.RECEIVED)
    checklist.button("residence_proof", S.PROMISED).click()
    assert checklist.marked()["residence_proof"] is S.PROMISED
    assert checklist.outcome().decision is D.ACCEPT


def test_a_held_certificate_is_reused_and_locked(make_checklist) -> None:
    checklist = make_checklist("QZ")
    assert checklist.outcome().decision is D.NOTIFY_MISSING
    held = prefill_for("QZ").held_certificates
    checklist.set_held_certificates(held)
    assert checklist.is_locked("permit") and checklist.is_locked("continued_residence")
    assert checklist.marked() == {"permit": S.REUSED, "continued_residence": S.REUSED}
    assert checklist.outcome().decision is D.ACCEPT
    assert not checklist.button("permit", S.RECEIVED).isVisibleTo(checklist)
    checklist.mark("permit", S.MISSING)  # a locked row does not change
    assert checklist.marked()["permit"] is S.REUSED
    checklist.set_held_certificates({})
    assert not checklist.is_locked("permit")
    assert checklist.outcome().decision is D.NOTIFY_MISSING


def test_restore_marks_from_a_draft(make_checklist) -> None:
    checklist = make_checklist("SY")
    checklist.set_marked(
        {
            "applicant_id": "received",
            "spouse_id": "received",
            "x": "received",
            "marriage_certificate": "nonsense",
        }
    )
    assert checklist.outcome().decision is D.ACCEPT_WITH_SHORTFALL
    assert checklist.button("spouse_id", S.RECEIVED).isChecked()


def test_read_only(make_checklist) -> None:
    checklist = make_checklist("SY")
    checklist.set_read_only(True)
    assert not checklist.button("applicant_id", S.RECEIVED).isEnabled()
    assert not checklist.all_received_button.isVisibleTo(checklist)


def test_english(make_checklist) -> None:
    checklist = make_checklist("SY", "en")
    assert checklist.outcome_text().endswith(
        "Missing: Registrant's ID or residence permit, Spouse's ID or residence permit, "
        "Marriage certificate"
    )


def test_nothing_is_clipped_and_it_renders(make_checklist, qtbot, tmp_path: Path) -> None:
    checklist = make_checklist("ZL")
    checklist.set_values({"by_agent": "true"})
    qtbot.waitExposed(checklist)
    QApplication.processEvents()
    assert clipped_texts(checklist) == []
    assert checklist.grab().save(str(tmp_path / "materials.png"))
