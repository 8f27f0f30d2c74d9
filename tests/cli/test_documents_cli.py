"""``onewindow-admin documents …`` and ``print-queue …``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from desktop.cli.main import main as admin
from desktop.config.paths import AppPaths
from desktop.domain.registry import Actor
from desktop.persistence.database import Database
from desktop.services.documents import DocumentService, DocumentState, DocumentToIssue
from desktop.services.print_queue import JobStatus, PrintQueue

CLERK = Actor(user="clerk-7", station="window-2")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = admin(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def documents(sqlite_db: Database, app_home: AppPaths) -> DocumentService:
    service = DocumentService(sqlite_db, app_home.archive_dir)
    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.drawString(72, 700, "acceptance notice")
    canvas.showPage()
    canvas.save()
    service.issue(
        DocumentToIssue(
            kind="acceptance_notice",
            number="SL-1",
            holder_hash="h" * 64,
            paper="A4",
            pdf=buf.getvalue(),
        ),
        CLERK,
    )
    return service


def test_show_revoke_and_reprint(documents: DocumentService, tmp_path: Path) -> None:
    code, out, _ = run("documents", "show", "SL-1")
    assert code == 0
    shown = json.loads(out)
    assert shown["state"] == "valid" and shown["document"]["kind"] == "acceptance_notice"

    target = tmp_path / "dup.pdf"
    code, out, err = run("documents", "reprint", "SL-1", "--out", str(target))
    assert code == 0, err
    assert "补打" in PdfReader(target).pages[0].extract_text()
    code, _, err = run("documents", "reprint", "SL-1", "--out", str(tmp_path / "no" / "x.pdf"))
    assert code == 2 and err.startswith("error [documents.out_unwritable]:")

    code, out, err = run("documents", "revoke", "SL-1", "--reason", "wrong applicant")
    assert code == 0, err
    assert documents.status("SL-1") is DocumentState.REVOKED

    code, _, err = run("documents", "reprint", "SL-1", "--out", str(tmp_path / "again.pdf"))
    assert code == 2 and err.startswith("error [document.revoked]:")
    assert not (tmp_path / "again.pdf").exists()
    code, _, err = run("documents", "revoke", "NOPE", "--reason", "x")
    assert code == 2 and err.startswith("error [document.unknown]:")


def test_print_queue_list_and_retry(documents: DocumentService, sqlite_db: Database) -> None:
    queue = PrintQueue(sqlite_db)
    job = queue.enqueue("SL-1", "window-2", "Gone")
    queue.mark_printing(job)
    queue.mark_failed(job, "print.printer_missing", "printer 'Gone' is not installed")

    code, out, _ = run("print-queue", "list")
    assert code == 0
    [listed] = json.loads(out)
    assert (listed["id"], listed["status"], listed["last_error_code"]) == (
        job.id,
        "failed",
        "print.printer_missing",
    )

    code, out, err = run("print-queue", "retry", str(job.id), "--printer", "@pdf-files")
    assert code == 0, err
    assert queue.get(job).status is JobStatus.QUEUED and queue.get(job).printer == "@pdf-files"
    code, _, err = run("print-queue", "retry", str(job.id))
    assert code == 2 and err.startswith("error [print.job_wrong_state]:")
    code, _, err = run("print-queue", "retry", "999")
    assert code == 2 and err.startswith("error [print.job_unknown]:")

    code, out, _ = run("print-queue", "list", "--station", "window-9")
    assert json.loads(out) == []
