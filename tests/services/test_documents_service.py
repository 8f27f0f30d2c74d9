"""Issued documents: the archive round trip, tamper detection, revoking and the duplicate stamp."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import delete, func, select, update

import desktop.services.documents as documents_module
from desktop.config.paths import AppPaths
from desktop.domain.registry import Actor
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent, DocumentBlob, IssuedDocument
from desktop.services.audit import verify_chain
from desktop.services.documents import (
    DUPLICATE_MARK,
    DocumentError,
    DocumentErrorCode,
    DocumentService,
    DocumentState,
    DocumentToIssue,
    stamp_duplicate,
)
from desktop.services.print_queue import JobStatus, PrintQueue

CLERK = Actor(user="clerk-7", station="window-2")
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
RECEIPT80 = (80 * mm, 120 * mm)


def make_pdf(pages: int = 1, size: tuple[float, float] = A4, text: str = "page") -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=size)
    for n in range(1, pages + 1):
        canvas.drawString(20, size[1] / 2, f"{text} {n}")
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def doc(number: str = "SL-2026-000001", **kw: object) -> DocumentToIssue:
    fields: dict[str, object] = {
        "kind": "acceptance_notice",
        "number": number,
        "holder_hash": "ab" * 32,
        "paper": "A4",
        "pdf": make_pdf(2, text=f"notice {number}"),
        "case_number": "C-2026-0042",
        "payload": "v1.signed-payload",
    }
    fields.update(kw)
    return DocumentToIssue(**fields)  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


@pytest.fixture
def service(db: Database, app_home: AppPaths) -> DocumentService:
    return DocumentService(db, app_home.archive_dir, now=lambda: NOW)


def audit_actions(db: Database, subject: str) -> list[tuple[str, str]]:
    with db.begin() as s:
        rows = s.execute(
            select(AuditEvent.action, AuditEvent.purpose)
            .where(AuditEvent.subject == subject)
            .order_by(AuditEvent.seq)
        )
        return [(r.action, r.purpose) for r in rows]


# ---- archive round trip ----------------------------------------------------------------------


def test_issue_archives_the_pdf_and_reproduces_it_byte_for_byte(
    service: DocumentService, db: Database, app_home: AppPaths
) -> None:
    original = doc()
    record = service.issue(original, CLERK)

    local = NOW.astimezone()
    assert record.archive_path == f"{local:%Y}/{local:%m}/SL-2026-000001.pdf"
    path = app_home.archive_dir / f"{local:%Y}" / f"{local:%m}" / "SL-2026-000001.pdf"
    assert path.read_bytes() == original.pdf
    assert record.sha256 == hashlib.sha256(original.pdf).hexdigest()
    assert [p.name for p in path.parent.iterdir()] == ["SL-2026-000001.pdf"]  # no temp left
    assert service.archived_pdf("SL-2026-000001") == original.pdf

    got = service.get("SL-2026-000001")
    assert got == record
    assert (got.kind, got.case_number, got.holder_hash, got.payload, got.paper) == (
        "acceptance_notice",
        "C-2026-0042",
        "ab" * 32,
        "v1.signed-payload",
        "A4",
    )
    assert (got.issued_by, got.station, got.revoked, got.print_count) == (
        "clerk-7",
        "window-2",
        False,
        0,
    )
    assert service.status("SL-2026-000001") is DocumentState.VALID
    assert audit_actions(db, "document:SL-2026-000001") == [
        ("document.issue", "issue acceptance_notice")
    ]


def test_a_number_is_issued_once_and_the_first_archive_copy_stays(
    service: DocumentService, db: Database
) -> None:
    first = doc()
    service.issue(first, CLERK)
    with pytest.raises(DocumentError) as caught:
        service.issue(doc(pdf=make_pdf(1, text="another")), CLERK)
    assert caught.value.code is DocumentErrorCode.DUPLICATE_NUMBER
    assert "SL-2026-000001" in caught.value.message_zh
    assert service.archived_pdf("SL-2026-000001") == first.pdf


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"number": "../../etc/passwd"}, "number"),
        ({"number": ""}, "number"),
        ({"paper": "A3"}, "Paper"),
        ({"pdf": b"not a pdf"}, "not a PDF"),
        ({"kind": " "}, "kind"),
        ({"holder_hash": ""}, "holder"),
    ],
)
def test_bad_documents_are_refused_before_anything_is_written(
    service: DocumentService, app_home: AppPaths, change: dict[str, object], fragment: str
) -> None:
    with pytest.raises(DocumentError, match=fragment) as caught:
        service.issue(doc(**change), CLERK)
    assert caught.value.code is DocumentErrorCode.BAD_INPUT
    assert caught.value.message_zh
    assert list(app_home.archive_dir.rglob("*")) == []


def test_a_failed_database_write_leaves_no_archive_file(
    service: DocumentService, db: Database, app_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_write(path: Path, data: bytes) -> Path:
        real_write(path, data)
        raise OSError("disk full")

    real_write = documents_module.write_atomic
    monkeypatch.setattr(documents_module, "write_atomic", broken_write)
    with pytest.raises(DocumentError) as caught:
        service.issue(doc(), CLERK)
    assert caught.value.code is DocumentErrorCode.ARCHIVE_WRITE_FAILED
    assert "disk full" in str(caught.value)
    assert [p for p in app_home.archive_dir.rglob("*") if p.is_file()] == []
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(IssuedDocument)) == 0
    assert audit_actions(db, "document:SL-2026-000001") == []
    # The number is still free: issuing it again works.
    monkeypatch.setattr(documents_module, "write_atomic", real_write)
    assert service.issue(doc(), CLERK).number == "SL-2026-000001"


def test_an_error_after_the_file_was_written_removes_it_and_the_row(
    service: DocumentService, db: Database, app_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_record = documents_module._record

    def failing_record(row: IssuedDocument) -> object:
        assert any(p.is_file() for p in app_home.archive_dir.rglob("*.pdf"))  # written by now
        raise RuntimeError("the database went away")

    monkeypatch.setattr(documents_module, "_record", failing_record)
    with pytest.raises(RuntimeError, match="went away"):
        service.issue(doc(), CLERK)
    monkeypatch.setattr(documents_module, "_record", real_record)
    assert [p for p in app_home.archive_dir.rglob("*") if p.is_file()] == []
    assert service.status("SL-2026-000001") is DocumentState.UNKNOWN


# ---- tamper detection ------------------------------------------------------------------------


def test_an_altered_archive_copy_is_reported_not_returned(
    service: DocumentService, app_home: AppPaths
) -> None:
    record = service.issue(doc(), CLERK)
    path = service.archive_file(record)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(DocumentError) as caught:
        service.archived_pdf(record.number)
    assert caught.value.code is DocumentErrorCode.ARCHIVE_TAMPERED
    assert str(path) in str(caught.value)
    with pytest.raises(DocumentError) as caught:
        service.reprint_pdf(record.number, CLERK)
    assert caught.value.code is DocumentErrorCode.ARCHIVE_TAMPERED


def test_a_copy_missing_from_the_folder_is_read_from_the_database(
    service: DocumentService, db: Database, tmp_path: Path
) -> None:
    original = doc()
    record = service.issue(original, CLERK)
    # Another station: the same database, its own archive folder (empty).
    other = DocumentService(db, tmp_path / "other-station-archive")
    assert other.archived_pdf(record.number) == original.pdf
    service.archive_file(record).unlink()
    assert service.archived_pdf(record.number) == original.pdf
    with uow.session(db) as s:  # the database's copy altered: reported like the file's
        s.execute(update(DocumentBlob).values(pdf=b"%PDF-1.7 forged"))
    with pytest.raises(DocumentError) as caught:
        other.archived_pdf(record.number)
    assert caught.value.code is DocumentErrorCode.ARCHIVE_TAMPERED


def test_a_missing_archive_copy_is_reported(service: DocumentService, db: Database) -> None:
    record = service.issue(doc(), CLERK)
    service.archive_file(record).unlink()
    with uow.session(db) as s:
        s.execute(delete(DocumentBlob))
    with pytest.raises(DocumentError) as caught:
        service.archived_pdf(record.number)
    assert caught.value.code is DocumentErrorCode.ARCHIVE_MISSING


def test_an_unknown_number(service: DocumentService) -> None:
    assert service.status("NOPE-1") is DocumentState.UNKNOWN
    assert service.get("NOPE-1") is None
    with pytest.raises(DocumentError) as caught:
        service.archived_pdf("NOPE-1")
    assert caught.value.code is DocumentErrorCode.UNKNOWN


# ---- revoking --------------------------------------------------------------------------------


def test_revoke_is_audited_cancels_pending_jobs_and_happens_once(
    service: DocumentService, db: Database
) -> None:
    original = doc()
    service.issue(original, CLERK)
    queue = PrintQueue(db)
    queued = queue.enqueue("SL-2026-000001", "window-2", "HP")
    failed = queue.enqueue("SL-2026-000001", "window-2", "HP")
    queue.mark_printing(failed)
    queue.mark_failed(failed, "print.printer_missing", "no such printer")
    finished = queue.enqueue("SL-2026-000001", "window-2", "HP")
    queue.mark_printing(finished)
    queue.mark_done(finished, 2)

    record = service.revoke("SL-2026-000001", "  issued to the wrong applicant ", CLERK)
    assert record.revoked and record.revoked_by == "clerk-7"
    assert record.revoked_reason == "issued to the wrong applicant"
    assert record.revoked_at is not None
    assert service.status("SL-2026-000001") is DocumentState.REVOKED
    assert audit_actions(db, "document:SL-2026-000001")[-1] == (
        "document.revoke",
        "issued to the wrong applicant",
    )
    assert queue.get(queued).status is JobStatus.CANCELLED
    assert queue.get(queued).last_error_code == "document.revoked"
    assert queue.get(failed).status is JobStatus.CANCELLED
    assert queue.get(finished).status is JobStatus.DONE

    with pytest.raises(DocumentError) as caught:
        service.revoke("SL-2026-000001", "again", CLERK)
    assert caught.value.code is DocumentErrorCode.ALREADY_REVOKED
    # The archive still reproduces what was issued; a reprint is refused.
    assert service.archived_pdf("SL-2026-000001") == original.pdf
    with pytest.raises(DocumentError) as caught:
        service.reprint_pdf("SL-2026-000001", CLERK)
    assert caught.value.code is DocumentErrorCode.REVOKED
    with db.begin() as s:
        assert verify_chain(s.connection()).ok


def test_revoke_needs_a_reason_and_a_known_number(service: DocumentService) -> None:
    service.issue(doc(), CLERK)
    with pytest.raises(DocumentError) as caught:
        service.revoke("SL-2026-000001", "   ", CLERK)
    assert caught.value.code is DocumentErrorCode.REASON_REQUIRED
    assert caught.value.message_zh == "作废文书必须填写原因。"
    with pytest.raises(DocumentError) as caught:
        service.revoke("NOPE-1", "wrong", CLERK)
    assert caught.value.code is DocumentErrorCode.UNKNOWN
    assert service.status("SL-2026-000001") is DocumentState.VALID


# ---- reprints --------------------------------------------------------------------------------


def test_the_stamp_uses_the_documents_embedded_font() -> None:
    from desktop.services.documents import _stamp_font_name
    from printing.fonts import default_fonts

    assert _stamp_font_name() == default_fonts().body.name != "STSong-Light"


def test_reprint_stamps_every_page_and_leaves_the_archive_unchanged(
    service: DocumentService, db: Database
) -> None:
    original = doc()
    record = service.issue(original, CLERK)
    when = datetime(2026, 11, 24, 8, 15, tzinfo=UTC)
    stamped = service.reprint_pdf(record.number, CLERK, purpose="applicant lost it", when=when)

    pages = PdfReader(io.BytesIO(stamped)).pages
    assert len(pages) == 2
    stamp_time = when.astimezone().strftime("%Y-%m-%d %H:%M")
    for n, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert "补打" in text and "DUPLICATE" in text and stamp_time in text
        assert f"notice SL-2026-000001 {n}" in text  # the original content is still there
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4)
    assert "补打" not in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(original.pdf)).pages
    )
    assert service.archived_pdf(record.number) == original.pdf
    assert service.get(record.number) == record
    assert audit_actions(db, "document:SL-2026-000001")[-1] == (
        "document.reprint",
        "applicant lost it",
    )


def test_the_stamp_fits_on_a_receipt_roll_page() -> None:
    stamped = stamp_duplicate(make_pdf(1, RECEIPT80, "ticket"), NOW)
    page = PdfReader(io.BytesIO(stamped)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(RECEIPT80)
    xs: list[float] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if DUPLICATE_MARK in text:
            xs.append(tm[4])

    page.extract_text(visitor_text=visit)
    assert xs and all(0 < x < RECEIPT80[0] for x in xs)  # right-aligned, starts on the page


def test_printable_pdf_is_the_archive_copy_or_a_stamped_duplicate(
    service: DocumentService, db: Database
) -> None:
    original = doc()
    service.issue(original, CLERK)
    before = audit_actions(db, "document:SL-2026-000001")
    assert service.printable_pdf("SL-2026-000001") == original.pdf
    dup = service.printable_pdf("SL-2026-000001", duplicate_at=NOW)
    assert "补打" in PdfReader(io.BytesIO(dup)).pages[0].extract_text()
    assert audit_actions(db, "document:SL-2026-000001") == before  # audited when asked for


def test_signing_keys_are_registered_once_and_codes_verify_on_every_backend(
    db: Database, app_home: AppPaths
) -> None:
    import os

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from desktop.services.signing_keys import HallKeys
    from printing.verification import DocumentClaims, key_id

    keys = HallKeys(Ed25519PrivateKey.generate(), os.urandom(32))
    signer = keys.signer()

    def signed(number: str) -> DocumentToIssue:
        claims = DocumentClaims(
            "acceptance_notice", number, "C-2026-0042", signer.holder_hash("X1"), NOW.date()
        )
        return doc(number, payload=signer.sign(claims), public_key_pem=keys.public_key_pem())

    first, second = signed("SL-1"), signed("SL-2")
    DocumentService(db, app_home.archive_dir, now=lambda: NOW).issue(first, CLERK)
    # A second station (a fresh service) signing with the same key: no conflict, one row.
    service = DocumentService(db, app_home.archive_dir, now=lambda: NOW)
    service.issue(second, CLERK)
    assert [key_id(k) for k in service.public_keys()] == [keys.key_id]
    assert first.payload is not None and second.payload is not None
    assert service.verify_code(first.payload).state is DocumentState.VALID
    service.revoke("SL-2", "wrong applicant", CLERK)
    check = service.verify_code(second.payload)
    assert check.state is DocumentState.REVOKED and check.document is not None
    assert service.verify_code(first.payload.lower()).state is DocumentState.VALID
    assert service.verify_code("not a code").state is DocumentState.UNKNOWN
    assert service.verify_code(first.payload[:-8]).state is DocumentState.TAMPERED
