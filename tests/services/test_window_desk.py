"""The clerk's desk end to end (no window): card → pre-filled matters → accept → signed,
archived documents queued for printing; 容缺, one-time notification, refusal, rental tax."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from registry_cards import registry_card
from sqlalchemy import text

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.seeding import seed_registry
from desktop.domain.cases import CaseEvent, CaseState
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.permissions import Principal, Role
from desktop.domain.registry import PartyRole
from desktop.persistence.database import Database
from desktop.services.desk import WindowDesk
from desktop.services.hall import Hall
from desktop.services.visit import Visit
from devices.idcard.document import IdentityDocument
from printing.scan import codes_in_pdf

TODAY = date(2026, 11, 23)
CLERK = Principal.of("clerk", "窗口 #3", [Role.CLERK], display_name="演示窗口人员")


@pytest.fixture
def desk(sqlite_db: Database, app_home: AppPaths, memory_keyring: object) -> WindowDesk:
    seed_registry(sqlite_db, persons=800, random_seed=5)
    hall = Hall(sqlite_db, app_home, Settings(), today=lambda: TODAY)
    return WindowDesk(hall)


def _card_of(db: Database, where: str) -> IdentityDocument:
    return registry_card(
        db,
        "SELECT p.name, p.sex, p.birth_date, p.id_number, p.household_address "
        "FROM persons p JOIN dwelling_parties dp ON dp.person_id = p.id "
        "WHERE p.id_type = 'citizen' AND dp.until IS NULL "
        f"AND dp.dwelling_id = p.current_dwelling_id AND {where} "
        "ORDER BY p.id LIMIT 1",
    )


def _values(visit: Visit, code: str, **extra: str) -> dict[str, str]:
    return {**visit.for_matter(code).as_strings(), **extra}


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_residence_registration_is_accepted_and_issued_at_the_window(desk: WindowDesk) -> None:
    hall = desk.hall
    jz = hall.catalog.by_category("JZ").code
    card = _card_of(hall.db, "dp.role = 'tenant'")
    visit = desk.open_visit(CLERK, card, matter_codes=[jz])
    assert visit.dossier is not None and visit.dossier.role_in_dwelling is PartyRole.TENANT
    values = _values(
        visit, jz, **{"persons.0.arrival_reason": "务工", "emergency_phone": "13800138000"}
    )
    marked = {m.code: MaterialStatus.RECEIVED for m in hall.catalog.get(jz).materials}
    out = desk.submit(CLERK, visit, jz, values, marked)
    assert out.event is CaseEvent.ACCEPT
    assert out.case.state is CaseState.ISSUED  # an immediate matter ends at the window
    assert [d.kind for d in out.documents] == ["acceptance_notice", "residence_registration_slip"]
    slip = out.documents[1]
    body = _text(hall.documents.archived_pdf(slip.number))
    assert "居住登记凭条" in body and card.name in body and out.case.number in body
    assert card.id_number not in body  # printed masked
    assert hall.documents.status(slip.number).value == "valid"
    jobs = hall.print_queue.pending(CLERK.station)
    assert {j.document_number for j in jobs} == {d.number for d in out.documents}


def test_missing_essential_material_gives_the_one_time_notification(desk: WindowDesk) -> None:
    hall = desk.hall
    zl = hall.catalog.by_category("ZL").code
    visit = desk.open_visit(CLERK, _card_of(hall.db, "dp.role = 'tenant'"), matter_codes=[zl])
    values = _values(
        visit,
        zl,
        monthly_rent="2800",
        lease_start="2026-11-01",
        lease_end="2027-10-31",
        signed_on="2026-11-01",
        tenant_phone="13900139000",
        landlord_phone="13700137000",
    )
    out = desk.submit(CLERK, visit, zl, values, {"lease": MaterialStatus.RECEIVED})
    assert out.event is CaseEvent.NOTIFY_MISSING
    assert out.case.state is CaseState.AWAITING_SUPPLEMENT
    (notice,) = out.documents
    assert notice.kind == "supplement_notice"
    body = _text(notice.pdf)
    for missing in ("房屋权属证明", "出租人身份证件", "承租人身份证件", "共有人同意出租证明"):
        assert missing in body  # everything missing, at once


def test_non_essential_missing_with_a_signed_promise_is_accepted_with_shortfall(
    desk: WindowDesk,
) -> None:
    hall = desk.hall
    zz = hall.catalog.by_category("ZZ").code
    card = _card_of(hall.db, "dp.role = 'tenant'")
    visit = desk.open_visit(CLERK, card, matter_codes=[zz])
    values = _values(visit, zz, basis="job", phone="13800138000")
    marked = {
        "id_document": MaterialStatus.RECEIVED,
        "photo_receipt": MaterialStatus.RECEIVED,
        "registration_slip": MaterialStatus.RECEIVED,
    }
    out = desk.submit(CLERK, visit, zz, values, marked, promise_signed=True)
    assert out.event is CaseEvent.ACCEPT_WITH_SHORTFALL
    assert out.case.state is CaseState.IN_REVIEW  # two departments review in parallel
    assert {t.department_code for t in out.case.tasks} == {"police", "community"}
    (notice,) = out.documents
    assert notice.kind == "deferred_materials_notice"
    assert "劳动合同或就业证明" in _text(notice.pdf)
    assert out.case.supplement_deadline is not None
    assert out.case.supplement_deadline <= out.case.summary.promised_date  # type: ignore[operator]


def test_refusal_prints_the_reason(desk: WindowDesk) -> None:
    hall = desk.hall
    fy = hall.catalog.by_category("FY").code
    visit = desk.open_visit(CLERK, _card_of(hall.db, "1 = 1"), matter_codes=[fy])
    out = desk.refuse(CLERK, visit, fy, _values(visit, fy), "不属于本中心受理范围")
    assert out.case.state is CaseState.REFUSED
    assert "不属于本中心受理范围" in _text(out.documents[0].pdf)


def test_rental_tax_receipt_is_itemised_and_its_code_verifies(
    desk: WindowDesk, tmp_path: Path
) -> None:
    hall = desk.hall
    ns = hall.catalog.by_category("NS").code
    visit = desk.open_visit(CLERK, _card_of(hall.db, "dp.role = 'owner'"), matter_codes=[ns])
    values = _values(
        visit,
        ns,
        monthly_rent="3000.00",
        months="12",
        landlord_phone="13700137000",
        use="residential",
    )
    preview = desk.tax_preview(values)
    assert preview is not None and str(preview.term.total) == "3288.00"
    marked = {m.code: MaterialStatus.RECEIVED for m in hall.catalog.get(ns).materials}
    out = desk.submit(CLERK, visit, ns, values, marked)
    assert out.case.state is CaseState.ISSUED
    (receipt,) = out.documents
    assert receipt.kind == "rental_tax_receipt"
    body = _text(receipt.pdf)
    assert "3,288.00" in body and preview.rule_set.name_zh in body
    pdf_file = tmp_path / "receipt.pdf"
    pdf_file.write_bytes(receipt.pdf)
    (code,) = codes_in_pdf(pdf_file)  # a real QR decoder on the rendered page
    result = hall.keys.verifier().verify(code)
    assert result.status.value == "valid"


def test_usage_counts_put_the_most_used_matter_first(desk: WindowDesk) -> None:
    hall = desk.hall
    fy = hall.catalog.by_category("FY").code
    visit = desk.open_visit(CLERK, _card_of(hall.db, "1 = 1"), matter_codes=[fy])
    desk.refuse(CLERK, visit, fy, _values(visit, fy), "材料不符")
    assert desk.usage_counts() == {fy: 1}


def test_a_typed_number_when_the_card_is_lost(desk: WindowDesk) -> None:
    card = _card_of(desk.hall.db, "1 = 1")
    sf = desk.hall.catalog.by_category("SF").code
    visit = desk.open_visit(CLERK, None, id_number=card.id_number, matter_codes=[sf])
    assert visit.dossier is not None
    values = visit.for_matter(sf).values
    # no card: the registry stands in for it, and each value says so
    assert values["id_number"].value == card.id_number
    assert values["id_number"].source == "person.id_number"
    assert values["name"].source == "person.name"
    assert "card_valid_to" not in values  # nothing the registry cannot know


def test_a_reprint_is_queued_as_a_duplicate_and_audited_and_a_kiosk_may_not(
    desk: WindowDesk,
) -> None:
    from desktop.domain.permissions import PermissionDenied

    hall = desk.hall
    fy = hall.catalog.by_category("FY").code
    visit = desk.open_visit(CLERK, _card_of(hall.db, "1 = 1"), matter_codes=[fy])
    out = desk.refuse(CLERK, visit, fy, _values(visit, fy), "材料不符")
    number = out.documents[0].number
    job_id = desk.reprint(CLERK, number)
    job = hall.print_queue.get(job_id)
    assert job is not None and job.is_reprint
    pdf = hall.documents.printable_pdf(number, duplicate_at=hall.now())
    assert "补打" in _text(pdf)
    with hall.db.engine.connect() as conn:
        reprints = conn.execute(
            text("SELECT count(*) FROM audit_events WHERE action = 'document.reprint'")
        ).scalar()
    assert reprints == 1
    kiosk = Principal.of("kiosk", "kiosk-1", [Role.KIOSK])
    with pytest.raises(PermissionDenied):
        desk.reprint(kiosk, number)


def test_a_landlord_living_elsewhere_files_the_dwelling_they_let(desk: WindowDesk) -> None:
    hall = desk.hall
    with hall.db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT p.id_number, d.house_code, t.id_number AS tenant_number "
                "FROM dwelling_parties o "
                "JOIN persons p ON p.id = o.person_id "
                "JOIN dwellings d ON d.id = o.dwelling_id "
                "JOIN dwelling_parties tp ON tp.dwelling_id = d.id AND tp.role = 'tenant' "
                "AND tp.until IS NULL "
                "JOIN persons t ON t.id = tp.person_id "
                "WHERE o.role = 'owner' AND o.until IS NULL AND p.id_type = 'citizen' "
                "AND (p.current_dwelling_id IS NULL OR p.current_dwelling_id <> o.dwelling_id) "
                "ORDER BY p.id LIMIT 1"
            )
        ).one()
    card = None  # the number typed at the window: the registry stands in for the card
    zl = hall.catalog.by_category("ZL").code
    visit = desk.open_visit(CLERK, card, id_number=row.id_number, matter_codes=[zl])
    assert visit.dossier is not None and visit.dossier.let_dwellings
    v = visit.for_matter(zl).values
    let = {ld.dwelling.house_code: ld for ld in visit.dossier.let_dwellings}
    assert row.house_code in let  # the registry's dwellings this landlord lets out
    assert v["house_code"].value in let
    assert let[v["house_code"].value].tenants  # a dwelling with tenants is offered first
    assert v["house_code"].source == "rental.house_code"
    assert v["landlord_id_number"].value == row.id_number
    chosen = let[v["house_code"].value]
    if chosen.tenants:
        assert v["tenant_id_number"].value == chosen.tenants[0].person.id_number


def test_a_document_that_cannot_be_issued_leaves_one_saved_case_and_says_so(
    desk: WindowDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.documents import DocumentError, DocumentErrorCode

    hall = desk.hall
    jz = hall.catalog.by_category("JZ").code
    visit = desk.open_visit(CLERK, _card_of(hall.db, "dp.role = 'tenant'"), matter_codes=[jz])
    values = _values(
        visit, jz, **{"persons.0.arrival_reason": "务工", "emergency_phone": "13800138000"}
    )
    marked = {m.code: MaterialStatus.RECEIVED for m in hall.catalog.get(jz).materials}
    real_issue = hall.documents.issue
    calls: list[str] = []

    def archive_full(doc, actor):  # type: ignore[no-untyped-def]
        calls.append(doc.kind)
        if doc.kind == "acceptance_notice":
            raise DocumentError(DocumentErrorCode.ARCHIVE_WRITE_FAILED, "disk full", "磁盘已满")
        return real_issue(doc, actor)

    monkeypatch.setattr(hall.documents, "issue", archive_full)
    with hall.db.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM cases")).scalar_one()
    out = desk.submit(CLERK, visit, jz, values, marked)  # does not raise: the case is saved
    with hall.db.engine.connect() as conn:
        after = conn.execute(text("SELECT count(*) FROM cases")).scalar_one()
    assert after == before + 1
    assert out.case.state is CaseState.ISSUED
    assert [type(e) for e in out.document_errors] == [DocumentError]
    assert calls == ["acceptance_notice", "residence_registration_slip"]  # the rest still issued
    assert [d.kind for d in out.documents] == ["residence_registration_slip"]


def test_a_submit_sent_again_returns_its_case_and_documents_once(desk: WindowDesk) -> None:
    """The window sends the same application again (its first answer was lost): the visit's
    request id finds the case; no second case, no second audit event, no document twice."""
    from sqlalchemy import func, select

    from desktop.persistence.models import AuditEvent, Case, IssuedDocument

    hall = desk.hall
    jz = hall.catalog.by_category("JZ").code
    visit = desk.open_visit(CLERK, _card_of(hall.db, "dp.role = 'tenant'"), matter_codes=[jz])
    values = _values(
        visit, jz, **{"persons.0.arrival_reason": "务工", "emergency_phone": "13800138000"}
    )
    marked = {m.code: MaterialStatus.RECEIVED for m in hall.catalog.get(jz).materials}
    first = desk.submit(CLERK, visit, jz, values, marked)
    again = desk.submit(CLERK, visit, jz, values, marked)
    assert again.case.number == first.case.number and again.event is first.event
    assert [d.number for d in again.documents] == [d.number for d in first.documents]
    assert again.document_errors == ()
    with hall.db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 1
        assert s.scalar(select(func.count()).select_from(IssuedDocument)) == 2
        accepts = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.subject == f"case:{first.case.number}")
            .where(AuditEvent.action == "case.accept")
        )
    assert accepts == 1
    # The same matter in another visit is another application.
    other = desk.open_visit(CLERK, _card_of(hall.db, "dp.role = 'tenant'"), matter_codes=[jz])
    assert other.request_id("accept", jz) != visit.request_id("accept", jz)


def test_the_case_keeps_where_each_value_came_from_at_the_window(desk: WindowDesk) -> None:
    """Evidence (信息证据化): the sources stored with the case are the ones the values had at
    the window — a pre-filled value the clerk changed is ``typed``, not its declared source."""
    from desktop.services.review import ReviewDesk

    hall = desk.hall
    zz = hall.catalog.by_category("ZZ").code
    card = _card_of(hall.db, "dp.role = 'tenant'")
    visit = desk.open_visit(CLERK, card, matter_codes=[zz])
    prefilled = visit.for_matter(zz).values
    changed, kept = "residence_address", "name"
    assert prefilled[changed].source == "dwelling.address" and prefilled[changed].value
    values = {**_values(visit, zz, basis="job", phone="13800138000"), changed: "示范路 1 号"}
    marked = {m.code: MaterialStatus.RECEIVED for m in hall.catalog.get(zz).materials}
    out = desk.submit(CLERK, visit, zz, values, marked)
    assert out.case.state is CaseState.IN_REVIEW
    stored = hall.cases.detail(CLERK, out.case.number).form_sources
    assert stored[kept] == "card.name"
    assert stored[changed] == "typed"  # declared dwelling.address, but the clerk changed it
    assert stored["basis"] == "default" and stored["phone"] == "typed"
    approver = Principal.of("approver-police", "审批 #1", [Role.APPROVER], departments=["police"])
    evidence = ReviewDesk(hall).evidence(approver, out.case.number)
    assert evidence.form_sources[kept] == "card.name"
    assert evidence.form_sources[changed] == "typed"
