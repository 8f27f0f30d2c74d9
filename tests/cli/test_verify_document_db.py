"""``verify-document`` against the issued-documents register, and revoking as a case action.

Documents are issued the way a window issues them (:class:`WindowDesk`): rendered, signed with
the station's key, archived, registered with the signer's public key.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from registry_cards import registry_card
from sqlalchemy import select

from desktop.cli.main import main as admin
from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.seeding import seed_registry
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.permissions import PermissionDenied, Principal, Role
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent, SigningKey
from desktop.services.desk import Outcome, WindowDesk
from desktop.services.documents import DocumentError, DocumentState, DocumentToIssue
from desktop.services.hall import Hall
from desktop.services.print_queue import JobStatus
from desktop.services.signing_keys import HallKeys
from devices.idcard.document import IdentityDocument
from printing.render import code_from_pdf_metadata
from printing.verification import DocumentVerifier

TODAY = date(2026, 11, 23)
CLERK = Principal.of("clerk", "窗口 #3", [Role.CLERK], display_name="演示窗口人员")
SUPERVISOR = Principal.of("lead", "值班台", [Role.SUPERVISOR], display_name="值班长")


def run(*argv: str) -> tuple[int, dict[str, Any], str]:
    out, err = io.StringIO(), io.StringIO()
    code = admin(list(argv), out=out, err=err)
    return code, json.loads(out.getvalue()) if out.getvalue() else {}, err.getvalue()


def _card(db: Database) -> IdentityDocument:
    return registry_card(
        db,
        "SELECT p.name, p.sex, p.birth_date, p.id_number, p.household_address "
        "FROM persons p JOIN dwelling_parties dp ON dp.person_id = p.id "
        "WHERE p.id_type = 'citizen' AND dp.until IS NULL AND dp.role = 'tenant' "
        "AND dp.dwelling_id = p.current_dwelling_id ORDER BY p.id LIMIT 1",
    )


@pytest.fixture
def desk(sqlite_db: Database, app_home: AppPaths, memory_keyring: Any) -> WindowDesk:
    seed_registry(sqlite_db, persons=300, random_seed=11)
    return WindowDesk(Hall(sqlite_db, app_home, Settings(), today=lambda: TODAY))


@pytest.fixture
def outcome(desk: WindowDesk) -> Outcome:
    """A residence registration accepted and issued at the window: notice + slip."""
    hall = desk.hall
    jz = hall.catalog.by_category("JZ").code
    visit = desk.open_visit(CLERK, _card(hall.db), matter_codes=[jz])
    values = {
        **visit.for_matter(jz).as_strings(),
        "persons.0.arrival_reason": "务工",
        "emergency_phone": "13800138000",
    }
    marked = {m.code: MaterialStatus.RECEIVED for m in hall.catalog.get(jz).materials}
    out = desk.submit(CLERK, visit, jz, values, marked)
    assert [d.kind for d in out.documents] == ["acceptance_notice", "residence_registration_slip"]
    return out


def _archived(desk: WindowDesk, number: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{number}.pdf"
    path.write_bytes(desk.hall.documents.archived_pdf(number))
    return path


def _payload(desk: WindowDesk, number: str) -> str:
    code = code_from_pdf_metadata(desk.hall.documents.archived_pdf(number))
    assert code is not None
    return code


def _flip(code: str) -> str:
    pos = 4 + 13 + 10  # "OW1.", the key id, into the claims
    return code[:pos] + ("B" if code[pos] != "B" else "C") + code[pos + 1 :]


def test_an_issued_document_is_valid(desk: WindowDesk, outcome: Outcome, tmp_path: Path) -> None:
    slip = outcome.documents[1]
    code, report, err = run("verify-document", str(_archived(desk, slip.number, tmp_path)))
    assert code == 0, err
    assert report["status"] == "valid" and report["signature"] == "valid"
    assert report["claims"]["number"] == slip.number
    assert report["claims"]["case_number"] == outcome.number
    assert report["issued"]["station"] == CLERK.station and report["issued"]["revoked_at"] is None
    assert outcome.number in report["detail"]
    # The signer's key is in the database, once, whatever it signed.
    with desk.hall.db.begin() as s:
        assert s.scalars(select(SigningKey.key_id)).all() == [desk.hall.keys.key_id]


def test_a_revoked_document_is_revoked(desk: WindowDesk, outcome: Outcome, tmp_path: Path) -> None:
    slip = outcome.documents[1]
    pdf = _archived(desk, slip.number, tmp_path)
    desk.revoke_document(SUPERVISOR, slip.number, "登记地址有误")
    code, report, _ = run("verify-document", str(pdf))
    assert code == 1
    assert report["status"] == "revoked" and report["signature"] == "valid"
    assert report["issued"]["revoked_reason"] == "登记地址有误"
    assert report["issued"]["revoked_by"] == SUPERVISOR.user
    # The other document of the case is untouched.
    notice = outcome.documents[0]
    code, report, _ = run("verify-document", "--payload", _payload(desk, notice.number))
    assert code == 0 and report["status"] == "valid"


def test_one_flipped_byte_is_tampered(desk: WindowDesk, outcome: Outcome) -> None:
    code, report, _ = run(
        "verify-document", "--payload", _flip(_payload(desk, outcome.documents[1].number))
    )
    assert code == 1
    assert report["status"] == "tampered" and "claims" not in report


def test_a_well_signed_code_never_issued_is_unknown(desk: WindowDesk, outcome: Outcome) -> None:
    hall = desk.hall
    issued = DocumentVerifier([hall.keys.public_key]).verify(
        _payload(desk, outcome.documents[1].number)
    )
    assert issued.claims is not None
    forged = hall.keys.signer().sign(replace(issued.claims, number=f"{outcome.number}XX"))
    code, report, _ = run("verify-document", "--payload", forged)
    assert code == 1
    assert report["status"] == "unknown" and report["signature"] == "valid"
    assert "No document numbered" in report["detail"] and "issued" not in report


def test_a_code_re_signed_with_another_registered_key_is_unknown(
    desk: WindowDesk, outcome: Outcome
) -> None:
    """Another station's key is known (it issued a document); it re-signs this document's
    claims with another holder: correctly signed, but not what was issued under the number."""
    hall = desk.hall
    other = HallKeys(Ed25519PrivateKey.generate(), os.urandom(32))
    slip = outcome.documents[1]
    claims = DocumentVerifier([hall.keys.public_key]).verify(_payload(desk, slip.number)).claims
    assert claims is not None
    own_doc = replace(claims, number="OTHER-1", case_number="")
    hall.documents.issue(
        DocumentToIssue(
            kind=own_doc.kind,
            number="OTHER-1",
            holder_hash=own_doc.holder_hash,
            paper="A4",
            pdf=hall.documents.archived_pdf(slip.number),
            payload=other.signer().sign(own_doc),
            public_key_pem=other.public_key_pem(),
        ),
        CLERK.actor,
    )
    assert len(hall.documents.public_keys()) == 2
    resigned = other.signer().sign(replace(claims, holder_hash=other.signer().holder_hash("X")))
    code, report, _ = run("verify-document", "--payload", resigned)
    assert code == 1
    assert report["signature"] == "valid" and report["key_id"] == other.key_id
    assert report["status"] == "unknown" and "another verification code" in report["detail"]


def test_the_register_refuses_a_code_that_does_not_verify(
    desk: WindowDesk, outcome: Outcome
) -> None:
    hall = desk.hall
    slip = outcome.documents[1]
    with pytest.raises(DocumentError) as caught:
        hall.documents.issue(
            DocumentToIssue(
                kind="residence_registration_slip",
                number="ELSE-1",  # the code names the slip's number, not this one
                holder_hash="h",
                paper="A4",
                pdf=hall.documents.archived_pdf(slip.number),
                case_number=outcome.number,
                payload=_payload(desk, slip.number),
                public_key_pem=hall.keys.public_key_pem(),
            ),
            CLERK.actor,
        )
    assert caught.value.code.value == "document.bad_input"
    assert hall.documents.status("ELSE-1") is DocumentState.UNKNOWN


def test_a_station_that_never_signed_verifies_from_the_database(
    desk: WindowDesk, outcome: Outcome, tmp_path: Path, memory_keyring: Any
) -> None:
    pdf = _archived(desk, outcome.documents[0].number, tmp_path)
    memory_keyring.passwords.clear()  # another station: no key of its own
    code, report, err = run("verify-document", str(pdf))
    assert code == 0, err
    assert report["status"] == "valid"
    assert not memory_keyring.passwords  # verifying created no key
    code, report, _ = run(
        "verify-document", "--payload", _flip(_payload(desk, outcome.documents[0].number))
    )
    assert code == 1 and report["status"] == "tampered"


def _events(db: Database, action: str, subject: str) -> list[AuditEvent]:
    with db.begin() as s:
        rows = s.scalars(
            select(AuditEvent).where(AuditEvent.action == action, AuditEvent.subject == subject)
        ).all()
        s.expunge_all()
        return list(rows)


def test_revoking_is_a_supervisors_case_action(desk: WindowDesk, outcome: Outcome) -> None:
    hall = desk.hall
    slip = outcome.documents[1]
    subject = f"document:{slip.number}"
    with pytest.raises(PermissionDenied):
        desk.revoke_document(CLERK, slip.number, "写错了")
    [denied] = _events(hall.db, "auth.denied", subject)
    assert denied.actor == CLERK.user and denied.detail["permission"] == "document.revoke"
    assert hall.documents.status(slip.number) is DocumentState.VALID
    assert not _events(hall.db, "document.revoke", subject)
    before = hall.cases.detail(SUPERVISOR, outcome.number)

    record = desk.revoke_document(SUPERVISOR, slip.number, "登记地址有误")
    assert record.revoked and record.revoked_by == SUPERVISOR.user
    assert hall.documents.status(slip.number) is DocumentState.REVOKED
    [revoked] = _events(hall.db, "document.revoke", subject)
    assert revoked.actor == SUPERVISOR.user and revoked.purpose == "登记地址有误"
    after = hall.cases.detail(SUPERVISOR, outcome.number)
    step = after.steps[-1]
    assert len(after.steps) == len(before.steps) + 1
    assert (step.event, step.handler, step.station, step.opinion) == (
        "revoke_document",
        SUPERVISOR.user,
        SUPERVISOR.station,
        "登记地址有误",
    )
    assert step.from_state == step.to_state == before.state.value
    assert after.state is before.state and after.version == before.version + 1
    jobs = hall.print_queue.jobs(CLERK.station)
    assert {j.status for j in jobs if j.document_number == slip.number} == {JobStatus.CANCELLED}
    with pytest.raises(DocumentError) as again:
        desk.revoke_document(SUPERVISOR, slip.number, "again")
    assert again.value.code.value == "document.already_revoked"
    assert len(hall.cases.detail(SUPERVISOR, outcome.number).steps) == len(after.steps)


def test_the_command_line_revokes_through_the_same_path(desk: WindowDesk, outcome: Outcome) -> None:
    hall = desk.hall
    notice = outcome.documents[0]
    out, err = io.StringIO(), io.StringIO()
    code = admin(["documents", "revoke", notice.number, "--reason", "重复出具"], out=out, err=err)
    assert code == 0, err.getvalue()
    assert hall.documents.status(notice.number) is DocumentState.REVOKED
    step = hall.cases.detail(SUPERVISOR, outcome.number).steps[-1]
    assert step.event == "revoke_document" and step.opinion == "重复出具"
    assert step.handler.startswith("admin:")
    [event] = _events(hall.db, "document.revoke", f"document:{notice.number}")
    assert event.actor == step.handler


def _overwrite_name(genuine: Path, out: Path) -> None:
    """What a forger does: a white box over the visible text, a new name on it; the PDF's
    metadata (the verification code included) kept as issued."""
    import io as _io

    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    reader = PdfReader(genuine)
    box = _io.BytesIO()
    c = canvas.Canvas(box, pagesize=A4)
    c.setFillColorRGB(1, 1, 1)
    c.rect(60, 560, 300, 180, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(80, 700, "Name: ZHANG SAN (forged)")
    c.save()
    overlay = PdfReader(_io.BytesIO(box.getvalue())).pages[0]
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        page.merge_page(overlay)
    assert reader.metadata is not None
    writer.add_metadata(dict(reader.metadata))
    with out.open("wb") as fh:
        writer.write(fh)


def test_a_pdf_with_overwritten_text_is_altered(
    desk: WindowDesk, outcome: Outcome, tmp_path: Path
) -> None:
    slip = outcome.documents[1]
    genuine = _archived(desk, slip.number, tmp_path)
    forged = tmp_path / "forged.pdf"
    _overwrite_name(genuine, forged)
    # The forgery keeps the genuine, correctly signed code in its metadata...
    assert code_from_pdf_metadata(forged.read_bytes()) == _payload(desk, slip.number)
    code, report, err = run("verify-document", str(forged))
    # ...and is refused all the same: it is not the file that was issued.
    assert code == 1, err
    assert report["status"] == "altered" and report["signature"] == "valid"
    assert report["source"] == "pdf-metadata"
    register_copy = Path(report["register_copy"])
    assert register_copy.read_bytes() == genuine.read_bytes()
    assert report["register_sha256"] != report["file_sha256"]
    check = desk.hall.documents.verify_code(
        _payload(desk, slip.number), file_sha256=report["file_sha256"]
    )
    assert check.state is DocumentState.ALTERED and "档案" in check.detail_zh
    # The genuine file still verifies.
    code, report, _ = run("verify-document", str(genuine))
    assert code == 0 and report["status"] == "valid" and "register_copy" not in report
