"""``onewindow-admin documents …`` and ``print-queue …``: issued documents and print jobs.

* ``documents show NUMBER``: the document's record and state (valid / revoked / unknown).
* ``documents revoke NUMBER --reason R``: revoke it as a supervisor would at a window
  (:meth:`~desktop.services.desk.WindowDesk.revoke_document`: audited, the step recorded on its
  case, its unfinished jobs cancelled). The command line acts as the hall's supervisor: whoever
  runs it holds the database's credentials anyway.
* ``documents reprint NUMBER --out FILE``: write the archived PDF stamped "补打 / DUPLICATE"
  (audited as a reprint); the archive copy is checked against its SHA-256 first.
* ``print-queue list [--station S] [--all]``: the jobs still pending (or all), as JSON.
* ``print-queue retry JOB [--printer NAME]``: queue a failed job again; the station's print
  dispatcher prints it.

Failures are one line ``error [code]: message`` and exit status 2, like every command.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TextIO

from desktop.cli.argtypes import MAX_DB_INT, bounded_int
from desktop.cli.common import EXIT_OK, CliError, cli_supervisor
from desktop.config.files import write_atomic
from desktop.config.paths import AppPaths
from desktop.config.settings import Settings, hall_timezone
from desktop.domain.permissions import PermissionDenied
from desktop.domain.registry import Actor
from desktop.persistence.database import Database
from desktop.services.documents import DocumentError, DocumentService
from desktop.services.print_queue import JobStatus, PrintQueue, PrintQueueError

__all__ = [
    "add_parsers",
    "cmd_documents_reprint",
    "cmd_documents_revoke",
    "cmd_documents_show",
    "cmd_print_queue_list",
    "cmd_print_queue_retry",
]


class DocumentsContext(Protocol):
    out: TextIO
    err: TextIO
    paths: AppPaths
    settings: Settings

    def db(self) -> Database: ...

    def actor(self) -> Actor: ...

    def emit(self, obj: Any) -> None: ...


@contextmanager
def _as_cli_errors() -> Iterator[None]:
    try:
        yield
    except (DocumentError, PrintQueueError) as exc:
        raise CliError(exc.code.value, str(exc)) from None
    except PermissionDenied as exc:
        raise CliError(exc.code, str(exc)) from None


def add_parsers(sub: Any) -> None:
    docs = sub.add_parser("documents", help="issued documents and the electronic archive")
    dsub = docs.add_subparsers(dest="documents_command", required=True, metavar="SUBCOMMAND")
    sp = dsub.add_parser("show", help="a document's record and state, as JSON")
    sp.add_argument("number")
    sp = dsub.add_parser("revoke", help="revoke a document (audited)")
    sp.add_argument("number")
    sp.add_argument("--reason", required=True, help="why it is revoked (recorded)")
    sp = dsub.add_parser(
        "reprint", help="write the archived PDF stamped 补打 / DUPLICATE to a file (audited)"
    )
    sp.add_argument("number")
    sp.add_argument("--out", required=True, type=Path, metavar="FILE")
    sp.add_argument("--purpose", default="reprint: onewindow-admin", help="recorded in the audit")

    queue = sub.add_parser("print-queue", help="print jobs of the stations")
    qsub = queue.add_subparsers(dest="print_queue_command", required=True, metavar="SUBCOMMAND")
    sp = qsub.add_parser("list", help="pending jobs (queued, printing, failed) as JSON")
    sp.add_argument("--station", help="only this station's jobs")
    sp.add_argument("--all", action="store_true", help="also done and cancelled jobs")
    sp = qsub.add_parser("retry", help="queue a failed job again")
    sp.add_argument("job", type=bounded_int(1, MAX_DB_INT))
    sp.add_argument("--printer", help="print it on this printer instead")


def _documents(ctx: DocumentsContext) -> DocumentService:
    return DocumentService(ctx.db(), ctx.paths.archive_dir, tz=hall_timezone(ctx.settings.cases))


def cmd_documents_show(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    service = _documents(ctx)
    ctx.emit({"state": service.status(args.number).value, "document": service.get(args.number)})
    return EXIT_OK


def cmd_documents_revoke(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    from desktop.services.desk import WindowDesk
    from desktop.services.hall import Hall

    desk = WindowDesk(Hall(ctx.db(), ctx.paths, ctx.settings))
    with _as_cli_errors():
        record = desk.revoke_document(cli_supervisor(ctx), args.number, args.reason)
    ctx.out.write(f"document {record.number} revoked: {record.revoked_reason}\n")
    return EXIT_OK


def cmd_documents_reprint(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    out: Path = args.out
    if not out.parent.is_dir():  # checked first: a reprint is audited when it is made
        raise CliError("documents.out_unwritable", f"Cannot write {out}: no folder {out.parent}.")
    with _as_cli_errors():
        pdf = _documents(ctx).reprint_pdf(args.number, ctx.actor(), purpose=args.purpose)
    try:
        write_atomic(out, pdf, dir_mode=None)  # a folder mistyped is an error
    except OSError as exc:
        raise CliError("documents.out_unwritable", f"Cannot write {out}: {exc}") from None
    ctx.out.write(f"duplicate of {args.number} written to {out}\n")
    return EXIT_OK


def cmd_print_queue_list(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    queue = PrintQueue(ctx.db())
    statuses = None if args.all else (JobStatus.QUEUED, JobStatus.PRINTING, JobStatus.FAILED)
    ctx.emit(queue.jobs(args.station, statuses))
    return EXIT_OK


def cmd_print_queue_retry(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    with _as_cli_errors():
        job = PrintQueue(ctx.db()).retry(args.job, printer=args.printer)
    printer = job.printer or "the station's default printer"
    ctx.out.write(f"job {job.id} ({job.document_number}) queued again on {printer}\n")
    return EXIT_OK
