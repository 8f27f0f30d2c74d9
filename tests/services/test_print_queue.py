"""The print queue: jobs in the database, one state change at a time, kept until done."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from desktop.config.paths import AppPaths
from desktop.config.settings import (
    PrintingSettings,
    Settings,
    SettingsError,
    dump_settings,
    load_settings,
    save_settings,
    settings_from_mapping,
)
from desktop.domain.registry import Actor
from desktop.persistence.database import Database, open_database
from desktop.persistence.models import AuditEvent
from desktop.services.documents import DocumentService, DocumentToIssue
from desktop.services.print_queue import (
    INTERRUPTED_CODE,
    JobStatus,
    PrintQueue,
    PrintQueueError,
    PrintQueueErrorCode,
    printer_for,
)

CLERK = Actor(user="clerk-7", station="window-2")


def make_pdf() -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    canvas.drawString(72, 700, "notice")
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


@pytest.fixture
def documents(db: Database, app_home: AppPaths) -> DocumentService:
    service = DocumentService(db, app_home.archive_dir)
    for number, kind, paper in (
        ("SL-1", "acceptance_notice", "A4"),
        ("Q-1", "queue_ticket", "receipt80"),
    ):
        service.issue(
            DocumentToIssue(
                kind=kind, number=number, holder_hash="h" * 64, paper=paper, pdf=make_pdf()
            ),
            CLERK,
        )
    return service


@pytest.fixture
def queue(db: Database, documents: DocumentService) -> PrintQueue:
    return PrintQueue(db)


def test_enqueue_records_the_job_with_its_document(queue: PrintQueue) -> None:
    job = queue.enqueue("SL-1", "window-2", "HP-LaserJet")
    assert job.status is JobStatus.QUEUED
    assert (job.document_number, job.kind, job.paper) == ("SL-1", "acceptance_notice", "A4")
    assert (job.station, job.printer, job.attempts, job.is_reprint) == (
        "window-2",
        "HP-LaserJet",
        0,
        False,
    )
    assert job.last_error_code is None and job.created_at.tzinfo is UTC
    assert queue.get(job.id) == job


def test_next_jobs_and_pending_are_per_station_and_in_order(queue: PrintQueue) -> None:
    a = queue.enqueue("SL-1", "window-2")
    b = queue.enqueue("Q-1", "window-2")
    other = queue.enqueue("SL-1", "window-3")
    assert [j.id for j in queue.next_jobs("window-2")] == [a.id, b.id]
    queue.mark_printing(a)
    queue.mark_failed(a, "print.printer_missing", "no printer")
    assert [j.id for j in queue.next_jobs("window-2")] == [b.id]
    assert [j.id for j in queue.pending("window-2")] == [a.id, b.id]
    queue.mark_printing(b)
    queue.mark_done(b, 1)
    assert [j.id for j in queue.pending("window-2")] == [a.id]
    assert [j.id for j in queue.pending("window-3")] == [other.id]


def test_a_failed_job_keeps_its_error_and_a_retry_queues_it_once(
    queue: PrintQueue, documents: DocumentService
) -> None:
    job = queue.enqueue("SL-1", "window-2", "Gone")
    taken = queue.mark_printing(job)
    assert (taken.status, taken.attempts) == (JobStatus.PRINTING, 1)
    failed = queue.mark_failed(job, "print.printer_missing", "printer 'Gone' is not installed")
    assert failed.status is JobStatus.FAILED
    assert failed.last_error_code == "print.printer_missing"
    assert failed.last_error == "printer 'Gone' is not installed"

    again = queue.retry(job, printer="HP")
    assert (again.status, again.printer, again.attempts) == (JobStatus.QUEUED, "HP", 1)
    with pytest.raises(PrintQueueError) as caught:
        queue.retry(job)  # already queued
    assert caught.value.code is PrintQueueErrorCode.WRONG_STATE

    assert queue.mark_printing(job).attempts == 2
    with pytest.raises(PrintQueueError):
        queue.mark_printing(job)  # a second dispatcher cannot take it too
    done = queue.mark_done(job, 1)
    assert (done.status, done.pages, done.last_error_code) == (JobStatus.DONE, 1, None)
    assert documents.require("SL-1").print_count == 1
    with pytest.raises(PrintQueueError) as caught:
        queue.retry(job)  # a printed job is reprinted, not retried
    assert caught.value.code is PrintQueueErrorCode.WRONG_STATE
    assert "done" in str(caught.value) and caught.value.message_zh


def test_jobs_survive_a_restart(app_home: AppPaths) -> None:
    db = open_database(app_home)
    try:
        DocumentService(db, app_home.archive_dir).issue(
            DocumentToIssue(
                kind="acceptance_notice",
                number="SL-1",
                holder_hash="h" * 64,
                paper="A4",
                pdf=make_pdf(),
            ),
            CLERK,
        )
        job = PrintQueue(db).enqueue("SL-1", "window-2", "Gone")
        PrintQueue(db).mark_printing(job)
        PrintQueue(db).mark_failed(job, "print.printer_missing", "not installed")
    finally:
        db.dispose()
    reopened = open_database(app_home)
    try:
        kept = PrintQueue(reopened).pending("window-2")
        assert [(j.id, j.status, j.last_error_code) for j in kept] == [
            (job.id, JobStatus.FAILED, "print.printer_missing")
        ]
    finally:
        reopened.dispose()


def test_a_job_interrupted_mid_print_becomes_a_failed_job(queue: PrintQueue) -> None:
    job = queue.enqueue("SL-1", "window-2")
    queue.mark_printing(job)
    elsewhere = queue.enqueue("SL-1", "window-3")
    queue.mark_printing(elsewhere)
    recovered = queue.recover_interrupted("window-2")
    assert [(j.id, j.status, j.last_error_code) for j in recovered] == [
        (job.id, JobStatus.FAILED, INTERRUPTED_CODE)
    ]
    assert queue.get(elsewhere).status is JobStatus.PRINTING


def test_cancel_and_retry_of_a_cancelled_job(queue: PrintQueue) -> None:
    job = queue.enqueue("SL-1", "window-2")
    assert queue.cancel(job, "clerk cancelled").status is JobStatus.CANCELLED
    assert queue.next_jobs("window-2") == []
    assert queue.retry(job).status is JobStatus.QUEUED


def test_enqueue_refuses_unknown_and_revoked_documents(
    queue: PrintQueue, documents: DocumentService
) -> None:
    with pytest.raises(PrintQueueError) as caught:
        queue.enqueue("NOPE", "window-2")
    assert caught.value.code is PrintQueueErrorCode.DOCUMENT_UNKNOWN
    job = queue.enqueue("SL-1", "window-2")
    documents.revoke("SL-1", "wrong applicant", CLERK)
    with pytest.raises(PrintQueueError) as caught:
        queue.enqueue("SL-1", "window-2")
    assert caught.value.code is PrintQueueErrorCode.DOCUMENT_REVOKED
    with pytest.raises(PrintQueueError) as caught:
        queue.retry(job)
    assert caught.value.code is PrintQueueErrorCode.DOCUMENT_REVOKED


def test_a_reprint_job_is_audited_and_needs_an_actor(queue: PrintQueue, db: Database) -> None:
    with pytest.raises(PrintQueueError) as caught:
        queue.enqueue("SL-1", "window-2", reprint=True)
    assert caught.value.code is PrintQueueErrorCode.ACTOR_REQUIRED
    job = queue.enqueue("SL-1", "window-2", "HP", reprint=True, actor=CLERK)
    assert job.is_reprint
    with db.begin() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "document.reprint")).one()
    assert event.subject == "document:SL-1" and event.actor == "clerk-7"
    assert event.detail["job"] == job.id


def test_unknown_job(queue: PrintQueue) -> None:
    with pytest.raises(PrintQueueError) as caught:
        queue.get(999)
    assert caught.value.code is PrintQueueErrorCode.JOB_UNKNOWN


def test_state_changes_are_timestamped(db: Database, documents: DocumentService) -> None:
    times = iter(
        [datetime(2026, 11, 23, 9, 0, tzinfo=UTC), datetime(2026, 11, 23, 9, 5, tzinfo=UTC)]
    )
    queue = PrintQueue(db, now=lambda: next(times))
    job = queue.enqueue("SL-1", "window-2")
    taken = queue.mark_printing(job)
    assert job.updated_at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert (taken.created_at, taken.updated_at) == (
        job.created_at,
        datetime(2026, 11, 23, 9, 5, tzinfo=UTC),
    )


# ---- which printer -------------------------------------------------------------------------


def test_printer_for_uses_the_kind_override_then_the_paper() -> None:
    settings = PrintingSettings(
        a4_printer="HP-A4", receipt_printer="Xprinter-80", by_kind={"queue_ticket": "Kiosk-80"}
    )
    assert printer_for(settings, "acceptance_notice", "A4") == "HP-A4"
    assert printer_for(settings, "receipt_rental_tax", "receipt80") == "Xprinter-80"
    assert printer_for(settings, "queue_ticket", "receipt80") == "Kiosk-80"
    assert printer_for(PrintingSettings(), "acceptance_notice", "A4") == ""  # system default


def test_printing_settings_round_trip_through_the_file(app_home: AppPaths) -> None:
    settings = Settings(
        printing=PrintingSettings(
            a4_printer="HP LaserJet",
            receipt_printer="",
            by_kind={"queue_ticket": "Kiosk-80", "notice.refusal": "@pdf-files"},
            pdf_output_dir="/srv/printed",
        )
    )
    save_settings(app_home, settings)
    assert load_settings(app_home) == settings
    assert 'by_kind = { queue_ticket = "Kiosk-80", "notice.refusal" = "@pdf-files" }' in (
        dump_settings(settings)
    )
    assert load_settings(app_home).printing.by_kind["notice.refusal"] == "@pdf-files"


@pytest.mark.parametrize(
    ("printing", "fragment"),
    [
        ({"a4_printer": 3}, "'a4_printer' must be of type str"),
        ({"by_kind": "HP"}, "'by_kind' must be of type dict"),
        ({"by_kind": {"queue_ticket": 80}}, "every entry of 'by_kind' must be a string"),
        ({"colour": True}, "unknown setting 'colour'"),
    ],
)
def test_bad_printing_settings_are_refused(printing: dict[str, object], fragment: str) -> None:
    with pytest.raises(SettingsError, match=fragment):
        settings_from_mapping({"printing": printing})


def test_a_retry_never_requeues_a_job_a_concurrent_revoke_just_cancelled(
    db: Database, queue: PrintQueue, documents: DocumentService
) -> None:
    """The revoke commits after the retry looked at the job but before it moves it: the
    retry's own UPDATE must see the revocation (one conditional statement), not an earlier
    read."""
    from sqlalchemy import event

    job = queue.enqueue("SL-1", "window-2", "HP-LaserJet")
    queue.mark_printing(job)
    queue.mark_failed(job, "print.offline", "the printer is offline")
    fired = []

    def revoke_first(conn, cursor, statement: str, params, context, executemany) -> None:  # type: ignore[no-untyped-def]
        # Just before the retry's UPDATE runs, another station revokes the document (its own
        # connection and transaction, committed).
        if fired or not statement.lstrip().upper().startswith("UPDATE PRINT_JOBS"):
            return
        fired.append(statement)
        documents.revoke("SL-1", "登记地址有误", Actor(user="lead", station="值班台"))

    event.listen(db.engine, "before_cursor_execute", revoke_first)
    try:
        with pytest.raises(PrintQueueError) as caught:
            queue.retry(job)
    finally:
        event.remove(db.engine, "before_cursor_execute", revoke_first)
    assert fired, "the retry issued no UPDATE"
    assert caught.value.code is PrintQueueErrorCode.DOCUMENT_REVOKED
    after = queue.get(job)
    assert after.status is JobStatus.CANCELLED  # as the revoke left it; never queued again
    assert queue.next_jobs("window-2") == []
