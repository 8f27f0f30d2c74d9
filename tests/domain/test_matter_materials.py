"""Materials: reused certificates, promises, 容缺 and the one-time notification."""

from __future__ import annotations

from datetime import date

from desktop.domain.matters.loader import load_catalog
from desktop.domain.matters.materials import (
    MaterialsDecision,
    MaterialStatus,
    evaluate_materials,
    latest_supplement_date,
)

CATALOG = load_catalog()
S = MaterialStatus


def test_everything_received_is_accepted() -> None:
    matter = CATALOG.by_category("ZL")
    marked = {m.code: S.RECEIVED for m in matter.materials}
    outcome = evaluate_materials(matter, {"by_agent": "false"}, marked)
    assert outcome.decision is MaterialsDecision.ACCEPT and outcome.can_accept
    # the power of attorney applies only when an agent acts
    assert "power_of_attorney" not in {ln.code for ln in outcome.lines}


def test_a_certificate_the_hall_issued_counts_as_received() -> None:
    matter = CATALOG.by_category("QZ")
    outcome = evaluate_materials(
        matter, {}, {}, held_certificates={"居住证": "深居证2025X", "居住登记凭证": "宝居登1"}
    )
    assert outcome.decision is MaterialsDecision.ACCEPT
    assert {ln.code: (ln.status, ln.certificate_number) for ln in outcome.lines} == {
        "permit": (S.REUSED, "深居证2025X"),
        "continued_residence": (S.REUSED, "宝居登1"),
    }


def test_reused_without_a_certificate_on_file_is_missing() -> None:
    matter = CATALOG.by_category("QZ")
    outcome = evaluate_materials(matter, {}, {"permit": S.REUSED})
    assert outcome.decision is MaterialsDecision.NOTIFY_MISSING
    assert [ln.code for ln in outcome.missing_essential] == ["permit"]


def test_missing_essential_lists_everything_missing_at_once() -> None:
    matter = CATALOG.by_category("ZL")
    marked = {"lease": S.RECEIVED, "tenant_id": S.RECEIVED}
    outcome = evaluate_materials(matter, {"by_agent": "true"}, marked)
    assert outcome.decision is MaterialsDecision.NOTIFY_MISSING and not outcome.can_accept
    assert [ln.code for ln in outcome.missing_essential] == [
        "ownership",
        "landlord_id",
        "power_of_attorney",
    ]
    # the one-time notification lists non-essential shortfalls too
    assert [ln.code for ln in outcome.missing] == [
        "ownership",
        "landlord_id",
        "power_of_attorney",
        "co_owner_consent",
        "mortgagee_consent",
    ]


def test_missing_non_essential_is_accepted_with_shortfall() -> None:
    matter = CATALOG.by_category("ZL")
    marked = {m.code: S.RECEIVED for m in matter.materials if m.essential}
    outcome = evaluate_materials(matter, {"by_agent": "false"}, marked)
    assert outcome.decision is MaterialsDecision.ACCEPT_WITH_SHORTFALL
    assert {ln.code for ln in outcome.owed} == {"co_owner_consent", "mortgagee_consent"}
    assert all(ln.status is S.OWED for ln in outcome.owed)


def test_owed_is_never_allowed_for_essential_material() -> None:
    matter = CATALOG.by_category("ZL")
    marked = {m.code: S.OWED for m in matter.materials}
    outcome = evaluate_materials(matter, {"by_agent": "false"}, marked)
    assert outcome.decision is MaterialsDecision.NOTIFY_MISSING
    assert {ln.code for ln in outcome.missing_essential} == {
        "lease",
        "ownership",
        "landlord_id",
        "tenant_id",
    }


def test_promise_instead_of_proof_only_where_allowed() -> None:
    legal = CATALOG.by_category("FY")
    marked = {"id_document": S.RECEIVED, "hardship": S.PROMISED, "case_materials": S.RECEIVED}
    assert evaluate_materials(legal, {"by_agent": "false"}, marked).decision is (
        MaterialsDecision.ACCEPT_WITH_SHORTFALL  # the residence permit is non-essential, owed
    )
    marked["case_materials"] = S.PROMISED  # not a material one may promise
    outcome = evaluate_materials(legal, {"by_agent": "false"}, marked)
    assert [ln.code for ln in outcome.missing_essential] == ["case_materials"]


def test_supplement_deadline_never_after_the_promised_date() -> None:
    due = date(2026, 12, 14)
    assert latest_supplement_date(due, date(2027, 1, 1)) == due
    assert latest_supplement_date(due, date(2026, 12, 1)) == date(2026, 12, 1)
    assert latest_supplement_date(due, None) == due
