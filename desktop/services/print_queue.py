"""The print queue: every print of an issued document is a job kept in the database.

A job goes ``queued → printing → done``; a print that fails goes to ``failed`` with the error's
code and text and stays there until it is retried (``failed → queued``) or cancelled. Jobs live
in the database, so they survive a restart; a job found ``printing`` at start-up was interrupted
(the program stopped mid-print) and is turned into a failed job, because nobody knows whether the
paper came out: the clerk decides whether to retry.

Each state change is one conditional ``UPDATE`` (``WHERE status = …``), so two dispatchers can
never print the same job twice, and a retry prints exactly once.

Which printer prints a document is decided per station by the ``[printing]`` settings
(:func:`printer_for`); the chosen name is stored with the job, and a retry may name another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, CursorResult, select, update
from sqlalchemy.orm import Session

from desktop.config.settings import PrintingSettings
from desktop.domain.errors import CodedError
from desktop.domain.paper import Paper
from desktop.domain.printjobs import JobStatus, PrintJobRecord
from desktop.domain.registry import Actor
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import IssuedDocument, PrintJob
from desktop.services.audit import append_event

__all__ = [
    "JobStatus",
    "PrintJobRecord",
    "PrintQueue",
    "PrintQueueError",
    "PrintQueueErrorCode",
    "printer_for",
]


#: Jobs that still need someone's attention (shown in the station's queue).
PENDING_STATUSES = (JobStatus.QUEUED, JobStatus.PRINTING, JobStatus.FAILED)
INTERRUPTED_CODE = "print.interrupted"


class PrintQueueErrorCode(StrEnum):
    JOB_UNKNOWN = "print.job_unknown"
    WRONG_STATE = "print.job_wrong_state"
    DOCUMENT_UNKNOWN = "document.unknown"
    DOCUMENT_REVOKED = "document.revoked"
    ACTOR_REQUIRED = "print.actor_required"


class PrintQueueError(CodedError):
    code: PrintQueueErrorCode

    def __init__(self, code: PrintQueueErrorCode, message: str, message_zh: str) -> None:
        super().__init__(message, message_zh, code=code)


def printer_for(settings: PrintingSettings, kind: str, paper: str) -> str:
    """The printer a station uses for a document: the kind's override, else by paper."""
    override = settings.by_kind.get(kind)
    if override is not None:
        return override
    return settings.receipt_printer if paper == Paper.RECEIPT_80MM else settings.a4_printer


_SELECT_JOB = select(
    PrintJob, IssuedDocument.number, IssuedDocument.kind, IssuedDocument.paper
).join(IssuedDocument, IssuedDocument.id == PrintJob.document_id)


def _record(job: PrintJob, number: str, kind: str, paper: str) -> PrintJobRecord:
    return PrintJobRecord(
        id=job.id,
        document_id=job.document_id,
        document_number=number,
        kind=kind,
        paper=Paper(paper),
        station=job.station,
        printer=job.printer,
        status=JobStatus(job.status),
        attempts=job.attempts,
        last_error_code=job.last_error_code,
        last_error=job.last_error,
        created_at=as_utc(job.created_at),
        updated_at=as_utc(job.updated_at),
        is_reprint=job.is_reprint,
        pages=job.pages,
    )


def _job_id(job: PrintJobRecord | int) -> int:
    return job if isinstance(job, int) else job.id


class PrintQueue:
    """The print jobs of every station, in the shared database."""

    def __init__(
        self, db: Database, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self._db = db
        self._now = now

    # ---- adding ----------------------------------------------------------------------------

    def enqueue(
        self,
        document_number: str,
        station: str,
        printer: str = "",
        *,
        reprint: bool = False,
        actor: Actor | None = None,
    ) -> PrintJobRecord:
        """Queue a print of an issued document at ``station`` on ``printer``.

        A reprint (``reprint=True``) is printed with the duplicate stamp and needs the ``actor``
        who asked for it: it is audited as ``document.reprint`` with the job.
        """
        if reprint and actor is None:
            raise PrintQueueError(
                PrintQueueErrorCode.ACTOR_REQUIRED,
                "A reprint is audited: say who asks for it.",
                "补打需记录操作人。",
            )
        now = as_utc(self._now())
        with uow.session(self._db) as session:
            doc = session.scalar(
                select(IssuedDocument).where(IssuedDocument.number == document_number)
            )
            if doc is None:
                raise PrintQueueError(
                    PrintQueueErrorCode.DOCUMENT_UNKNOWN,
                    f"No document numbered {document_number} was issued here.",
                    f"未查到编号为 {document_number} 的文书。",
                )
            if doc.revoked:
                raise PrintQueueError(
                    PrintQueueErrorCode.DOCUMENT_REVOKED,
                    f"Document {document_number} was revoked; it is not printed.",
                    f"文书 {document_number} 已作废，不能打印。",
                )
            job = PrintJob(
                document_id=doc.id,
                station=station,
                printer=printer,
                status=JobStatus.QUEUED.value,
                attempts=0,
                created_at=now,
                updated_at=now,
                is_reprint=reprint,
                pages=0,
            )
            session.add(job)
            session.flush()
            if reprint and actor is not None:
                append_event(
                    session.connection(),
                    actor,
                    "document.reprint",
                    f"document:{document_number}",
                    "reprint",
                    {"kind": doc.kind, "job": job.id, "printer": printer},
                    now=lambda: now,
                )
            return _record(job, doc.number, doc.kind, doc.paper)

    # ---- reading ---------------------------------------------------------------------------

    def get(self, job: PrintJobRecord | int) -> PrintJobRecord:
        with uow.session(self._db) as session:
            return self._get(session, _job_id(job))

    def _get(self, session: Session, job_id: int) -> PrintJobRecord:
        row = session.execute(_SELECT_JOB.where(PrintJob.id == job_id)).one_or_none()
        if row is None:
            raise PrintQueueError(
                PrintQueueErrorCode.JOB_UNKNOWN,
                f"There is no print job {job_id}.",
                f"没有编号为 {job_id} 的打印任务。",
            )
        return _record(*row)

    def jobs(
        self,
        station: str | None = None,
        statuses: Iterable[JobStatus] | None = None,
        *,
        limit: int = 200,
    ) -> list[PrintJobRecord]:
        """Jobs oldest first, optionally of one station and in some states."""
        query = _SELECT_JOB.order_by(PrintJob.id).limit(limit)
        if station is not None:
            query = query.where(PrintJob.station == station)
        if statuses is not None:
            query = query.where(PrintJob.status.in_([s.value for s in statuses]))
        with uow.session(self._db) as session:
            return [_record(*row) for row in session.execute(query)]

    def next_jobs(self, station: str, limit: int = 20) -> list[PrintJobRecord]:
        """The station's queued jobs, in the order they were queued."""
        return self.jobs(station, (JobStatus.QUEUED,), limit=limit)

    def pending(self, station: str) -> list[PrintJobRecord]:
        """The station's jobs that are not finished: queued, printing or failed."""
        return self.jobs(station, PENDING_STATUSES)

    # ---- state changes ---------------------------------------------------------------------

    def _move(
        self,
        job: PrintJobRecord | int,
        from_states: Sequence[JobStatus],
        to_state: JobStatus,
        *,
        also: Callable[[Session, PrintJobRecord], None] | None = None,
        only_if: ColumnElement[bool] | None = None,
        refused: Callable[[Session, PrintJobRecord], None] | None = None,
        **values: Any,
    ) -> PrintJobRecord:
        """One conditional UPDATE: the job moves only if it is in ``from_states`` (and
        ``only_if`` holds, checked by the same statement); else ``refused`` may say why, or
        the wrong state is reported."""
        job_id = _job_id(job)
        with uow.session(self._db) as session:
            condition = [PrintJob.id == job_id, PrintJob.status.in_([s.value for s in from_states])]
            if only_if is not None:
                condition.append(only_if)
            result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                update(PrintJob)
                .where(*condition)
                .values(status=to_state.value, updated_at=as_utc(self._now()), **values)
            )
            changed = result.rowcount
            current = self._get(session, job_id)
            if changed != 1 and refused is not None:
                refused(session, current)
            if changed != 1:
                allowed = " or ".join(s.value for s in from_states)
                raise PrintQueueError(
                    PrintQueueErrorCode.WRONG_STATE,
                    f"Print job {job_id} is {current.status.value}, not {allowed}: it cannot "
                    f"become {to_state.value}.",
                    f"打印任务 {job_id} 当前状态为“{current.status.value}”，不能改为"
                    f"“{to_state.value}”。",
                )
            if also is not None:
                also(session, current)
            return current

    def mark_printing(self, job: PrintJobRecord | int) -> PrintJobRecord:
        """Take a queued job for printing (counts an attempt); fails if someone else took it."""
        return self._move(
            job, (JobStatus.QUEUED,), JobStatus.PRINTING, attempts=PrintJob.attempts + 1
        )

    def mark_done(self, job: PrintJobRecord | int, pages: int) -> PrintJobRecord:
        """The printer accepted the job; the document's print count goes up by one."""

        def count_print(session: Session, record: PrintJobRecord) -> None:
            session.execute(
                update(IssuedDocument)
                .where(IssuedDocument.id == record.document_id)
                .values(print_count=IssuedDocument.print_count + 1)
            )

        return self._move(
            job,
            (JobStatus.PRINTING,),
            JobStatus.DONE,
            also=count_print,
            pages=pages,
            last_error_code=None,
            last_error=None,
        )

    def mark_failed(self, job: PrintJobRecord | int, code: str, message: str) -> PrintJobRecord:
        """The print failed: the job is kept with the error's code and text."""
        return self._move(
            job,
            (JobStatus.QUEUED, JobStatus.PRINTING),
            JobStatus.FAILED,
            last_error_code=code[:60],
            last_error=message,
        )

    def retry(self, job: PrintJobRecord | int, printer: str | None = None) -> PrintJobRecord:
        """Queue a failed (or cancelled) job again, optionally on another printer.

        The document must not be revoked, checked by the very UPDATE that re-queues the job: a
        revoke that commits just before cannot have its cancelled job queued again.
        """
        job_id = _job_id(job)
        values: dict[str, Any] = {}
        if printer is not None:
            values["printer"] = printer
        not_revoked = ~(
            select(IssuedDocument.id)
            .where(IssuedDocument.id == PrintJob.document_id, IssuedDocument.revoked.is_(True))
            .exists()
        )

        def why(session: Session, current: PrintJobRecord) -> None:
            if session.scalar(
                select(IssuedDocument.revoked).where(IssuedDocument.id == current.document_id)
            ):
                raise PrintQueueError(
                    PrintQueueErrorCode.DOCUMENT_REVOKED,
                    f"Document {current.document_number} was revoked; job {job_id} is not printed.",
                    f"文书 {current.document_number} 已作废，打印任务 {job_id} 不能重试。",
                )

        return self._move(
            job_id,
            (JobStatus.FAILED, JobStatus.CANCELLED),
            JobStatus.QUEUED,
            only_if=not_revoked,
            refused=why,
            **values,
        )

    def cancel(self, job: PrintJobRecord | int, reason: str = "cancelled") -> PrintJobRecord:
        return self._move(
            job,
            (JobStatus.QUEUED, JobStatus.FAILED),
            JobStatus.CANCELLED,
            last_error_code="print.cancelled",
            last_error=reason,
        )

    def recover_interrupted(self, station: str) -> list[PrintJobRecord]:
        """At start-up: the station's jobs left ``printing`` by a crash become failed jobs."""
        with uow.session(self._db) as session:
            ids = list(
                session.scalars(
                    select(PrintJob.id).where(
                        PrintJob.station == station, PrintJob.status == JobStatus.PRINTING.value
                    )
                )
            )
        return [
            self.mark_failed(
                job_id,
                INTERRUPTED_CODE,
                "the program stopped while this job was printing; check the printer's output "
                "before retrying",
            )
            for job_id in ids
        ]
