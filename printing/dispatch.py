"""Print dispatch: issued documents from the print queue onto paper (or PDF files).

The only module of :mod:`printing` that touches Qt (QtPrintSupport and QtGui; no widgets: a
preview shows :func:`page_images` in ``ui``).

* :class:`Printer` is what prints a PDF. :class:`QtPdfPrinter` rasterises every page (pdfium,
  at the printer's resolution up to 300 dpi) and then paints them with a QPainter onto a
  QPrinter chosen by its system name, each page on paper of the PDF page's size (A4 or an 80 mm
  receipt); a job that fails half-way is aborted, so no part of it comes out and a retry
  prints it whole. :class:`PdfFilePrinter` writes the PDF to a folder: the embedded default on
  a computer with no printer.
* :class:`SystemPrinters` turns the printer name stored with a job into a :class:`Printer`:
  ``""`` is the system's default printer, or the PDF folder when there is none;
  ``"@pdf-files"`` is always the folder.
* :class:`PrintDispatcher` runs queued jobs: ``queued → printing → done``, or ``failed`` with
  the :class:`PrintError`'s code and cause (the job is kept and can be retried).

Threads. :meth:`PrintDispatcher.dispatch` blocks; the window calls :meth:`PrintDispatcher.submit`,
which runs it on the dispatcher's own single print thread and returns a Future, so the GUI never
waits for a printer. Painting onto a QPrinter outside the GUI thread is supported by Qt ("QPainter
can be used in a thread to paint onto QImage, QPrinter, and QPicture paint devices"), for real
printers as for PDF output; a QGuiApplication must exist (created on the GUI thread). One thread
also serialises pdfium, which is not thread-safe, and keeps one station's jobs in order.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desktop.config.files import ensure_dir, write_atomic
from desktop.domain.errors import CodedError

log = logging.getLogger(__name__)

__all__ = [
    "PDF_FILES_PRINTER",
    "DocumentArchive",
    "JobQueue",
    "PdfFilePrinter",
    "PrintDispatcher",
    "PrintError",
    "PrintErrorCode",
    "PrintResult",
    "Printer",
    "QtPdfPrinter",
    "QueuedJob",
    "SystemPrinters",
    "available_printers",
    "page_images",
]

#: The printer name that means "write PDF files to the output folder" (no printer needed);
#: usable wherever a printer is named in the ``[printing]`` settings.
PDF_FILES_PRINTER = "@pdf-files"
#: Resolution pages are rasterised at, at most (a 300 dpi A4 page is 2480 x 3508 pixels).
MAX_DPI = 300
_PDFIUM_LOCK = threading.Lock()  # pdfium is not thread-safe


class PrintErrorCode(StrEnum):
    PRINTER_MISSING = "print.printer_missing"
    PRINTER_FAILED = "print.printer_failed"
    BAD_DOCUMENT = "print.bad_document"
    OUTPUT_UNWRITABLE = "print.output_unwritable"
    UNEXPECTED = "print.unexpected"


class PrintError(CodedError):
    """A print failed; ``code`` is stable, ``cause`` says what the system reported."""

    code: PrintErrorCode

    def __init__(self, code: PrintErrorCode, message: str, cause: str = "") -> None:
        super().__init__(message, code=code, detail={"cause": cause} if cause else None)
        self.cause = cause

    def describe(self) -> str:
        """The message and its cause, as stored with a failed job."""
        text = str(self)
        return f"{text} (cause: {self.cause})" if self.cause else text


@dataclass(frozen=True, slots=True)
class PrintResult:
    pages: int
    #: Where it went: the printer's name, or the file written.
    target: str


class Printer(Protocol):
    @property
    def name(self) -> str: ...

    def print_pdf(self, pdf: bytes, *, title: str) -> PrintResult: ...


# ---- rendering -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Page:
    width_pt: float
    height_pt: float
    image: QImage


def _pages(pdf: bytes, dpi: float, max_pages: int | None = None) -> Iterator[_Page]:
    """Each page of ``pdf`` (the first ``max_pages``) rasterised at ``dpi`` on white, one at a
    time."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise PrintError(
                PrintErrorCode.BAD_DOCUMENT, "The document cannot be read as a PDF.", str(exc)
            ) from None
    try:
        count = len(document) if max_pages is None else min(len(document), max_pages)
        for index in range(count):
            with _PDFIUM_LOCK:
                page = document[index]
                try:
                    width, height = page.get_size()
                    bitmap = page.render(
                        scale=dpi / 72.0,
                        fill_color=(255, 255, 255, 255),
                        force_bitmap_format=pdfium_c.FPDFBitmap_BGRA,
                    )
                    # BGRA bytes in memory are QImage's ARGB32 on little-endian machines; the
                    # one copy: the image outlives pdfium's bitmap.
                    image = QImage(
                        bitmap.buffer,
                        bitmap.width,
                        bitmap.height,
                        bitmap.stride,
                        QImage.Format.Format_ARGB32,
                    ).copy()
                    bitmap.close()
                except pdfium.PdfiumError as exc:
                    raise PrintError(
                        PrintErrorCode.BAD_DOCUMENT,
                        f"Page {index + 1} of the document cannot be rendered.",
                        str(exc),
                    ) from None
                finally:
                    page.close()
            yield _Page(float(width), float(height), image)
    finally:
        with _PDFIUM_LOCK:
            document.close()


def page_images(pdf: bytes, dpi: float = 96.0, *, max_pages: int | None = None) -> list[QImage]:
    """The pages as images at ``dpi``, for a print preview: every page, or the first
    ``max_pages``.

    Safe to call off the GUI thread (a worker rendering a preview): it makes only QImages, which
    any thread may create (no QPixmap; turn an image into one on the GUI thread), and it takes
    the module's pdfium lock, so it may run while the print thread prints.
    """
    if max_pages is not None and max_pages < 0:
        raise ValueError(f"max_pages must be >= 0, not {max_pages}")
    return [page.image for page in _pages(pdf, dpi, max_pages)]


def available_printers() -> list[str]:
    """The printers the system knows (CUPS queues, Windows printers), default first."""
    names = list(QPrinterInfo.availablePrinterNames())
    default = QPrinterInfo.defaultPrinterName()
    if default in names:
        names.remove(default)
        names.insert(0, default)
    return names


# ---- printers ------------------------------------------------------------------------------


class QtPdfPrinter:
    """Prints a PDF through QtPrintSupport, on the named printer or into a PDF file.

    ``printer_name`` is the system's name of the printer (empty: the default printer).
    ``output_file`` instead makes the QPrinter write a PDF file (``QPrinter.PdfFormat``): the
    same painting path, with no printer needed (used by the tests and for diagnostics).
    """

    def __init__(self, printer_name: str = "", *, output_file: Path | None = None) -> None:
        self._printer_name = printer_name
        self._output_file = output_file

    @property
    def name(self) -> str:
        if self._output_file is not None:
            return f"pdf:{self._output_file}"
        return self._printer_name or "(default printer)"

    def _qprinter(self) -> QPrinter:
        if self._output_file is not None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(self._output_file))
            return printer
        info = (
            QPrinterInfo.printerInfo(self._printer_name)
            if self._printer_name
            else QPrinterInfo.defaultPrinter()
        )
        if info.isNull():
            installed = available_printers()
            wanted = f"printer {self._printer_name!r}" if self._printer_name else "default printer"
            raise PrintError(
                PrintErrorCode.PRINTER_MISSING,
                f"The {wanted} is not installed on this computer; choose another printer in "
                "the station's print settings, or install it, then retry the job.",
                "the system's printers are: " + ", ".join(installed)
                if installed
                else "no printer is installed on this computer",
            )
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        return printer

    @staticmethod
    def _set_page(printer: QPrinter, page: _Page) -> None:
        size = QPageSize(
            QSizeF(page.width_pt, page.height_pt),
            QPageSize.Unit.Point,
            "",
            QPageSize.SizeMatchPolicy.FuzzyMatch,
        )
        orientation = QPageLayout.Orientation.Portrait
        printer.setPageLayout(
            QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        )

    def print_pdf(self, pdf: bytes, *, title: str) -> PrintResult:
        printer = self._qprinter()
        printer.setDocName(title)
        printer.setFullPage(True)
        dpi = float(min(printer.resolution(), MAX_DPI))
        # Every page is rasterised before the job opens, so a page pdfium cannot render fails
        # the job before anything reaches the printer (at 300 dpi an A4 page is ~35 MB).
        pages = list(_pages(pdf, dpi))
        if not pages:
            raise PrintError(PrintErrorCode.BAD_DOCUMENT, "The document has no pages.")
        painter = QPainter()
        self._set_page(printer, pages[0])
        if not painter.begin(printer):
            raise PrintError(
                PrintErrorCode.PRINTER_FAILED,
                f"The printer {self.name} did not accept the job.",
                _state_text(printer),
            )
        try:
            for count, page in enumerate(pages):
                if count:
                    self._set_page(printer, page)
                    if not printer.newPage():
                        raise PrintError(
                            PrintErrorCode.PRINTER_FAILED,
                            f"The printer {self.name} stopped after page {count}.",
                            _state_text(printer),
                        )
                target = printer.paperRect(QPrinter.Unit.DevicePixel)
                painter.drawImage(QRectF(0, 0, target.width(), target.height()), page.image)
        except BaseException:
            self._abort(printer, painter)
            raise
        painter.end()
        if printer.printerState() == QPrinter.PrinterState.Error:
            raise PrintError(
                PrintErrorCode.PRINTER_FAILED,
                f"The printer {self.name} reported an error.",
                _state_text(printer),
            )
        return PrintResult(len(pages), str(self._output_file) if self._output_file else self.name)

    def _abort(self, printer: QPrinter, painter: QPainter) -> None:
        """Cancels a job that failed half-way, so no page of it comes out: a failed job is
        retried, and the retry prints every page again.

        ``QPrinter.abort()`` cancels the job on Windows and macOS. Qt's PDF engine (PDF files,
        and CUPS on Linux) cannot abort: ending the painter writes the file, or hands it to
        CUPS. The PDF file is then deleted; for CUPS, only a failing ``newPage()`` (which Qt's
        PDF engine never reports) could get here after a page was painted, since the pages are
        rasterised before the job opens.
        """
        aborted = printer.abort()
        if painter.isActive():
            painter.end()
        if not aborted and self._output_file is not None:
            self._output_file.unlink(missing_ok=True)


def _state_text(printer: QPrinter) -> str:
    state = printer.printerState()
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return f"printer state {state.name}; output file {printer.outputFileName()}"
    return f"printer state {state.name}"


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class PdfFilePrinter:
    """Writes each job as a PDF file into a folder: printing with no printer installed."""

    def __init__(
        self,
        output_dir: Path,
        *,
        now: Callable[[], datetime] | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        self.output_dir = Path(output_dir)
        self._now = now or (lambda: datetime.now(UTC))
        #: The hall's time zone, for the date and time in the file names (None: this computer's).
        self._tz = tz

    @property
    def name(self) -> str:
        return PDF_FILES_PRINTER

    def print_pdf(self, pdf: bytes, *, title: str) -> PrintResult:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        try:
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
        except (PyPdfError, ValueError) as exc:
            raise PrintError(
                PrintErrorCode.BAD_DOCUMENT, "The document cannot be read as a PDF.", str(exc)
            ) from None
        moment = self._now().astimezone(self._tz)
        stem = f"{moment:%Y%m%d-%H%M%S}-{_UNSAFE.sub('_', title).strip('_')}"
        try:
            ensure_dir(self.output_dir)  # printed PDFs hold personal data: owner-only
            path = self.output_dir / f"{stem}.pdf"
            n = 1
            while path.exists():
                n += 1
                path = self.output_dir / f"{stem}-{n}.pdf"
            write_atomic(path, pdf)
        except OSError as exc:
            raise PrintError(
                PrintErrorCode.OUTPUT_UNWRITABLE,
                f"Cannot write the PDF into {self.output_dir}; set [printing] pdf_output_dir to "
                "a writable folder, then retry the job.",
                str(exc),
            ) from None
        return PrintResult(pages, str(path))


class SystemPrinters:
    """Printer names (as stored with jobs) to printers, on this computer."""

    def __init__(self, pdf_output_dir: Path, *, tz: tzinfo | None = None) -> None:
        self.pdf_output_dir = Path(pdf_output_dir)
        self.tz = tz  # the hall's time zone, for PDF file names

    def __call__(self, name: str) -> Printer:
        if name == PDF_FILES_PRINTER:
            return PdfFilePrinter(self.pdf_output_dir, tz=self.tz)
        if not name:
            default = QPrinterInfo.defaultPrinter()
            if default.isNull():  # no printer at all: the embedded default prints to files
                return PdfFilePrinter(self.pdf_output_dir, tz=self.tz)
            return QtPdfPrinter(default.printerName())
        return QtPdfPrinter(name)


# ---- dispatching ---------------------------------------------------------------------------


class QueuedJob(Protocol):
    """What the dispatcher reads of a job (``desktop.services.print_queue.PrintJobRecord``)."""

    @property
    def id(self) -> int: ...

    @property
    def document_number(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def printer(self) -> str: ...

    @property
    def is_reprint(self) -> bool: ...


J = TypeVar("J", bound=QueuedJob)


class JobQueue(Protocol[J]):
    """The print queue as the dispatcher uses it (``desktop.services.print_queue.PrintQueue``)."""

    def mark_printing(self, job: J | int) -> J: ...

    def mark_done(self, job: J | int, pages: int) -> J: ...

    def mark_failed(self, job: J | int, code: str, message: str) -> J: ...

    def next_jobs(self, station: str, limit: int = ...) -> list[J]: ...


class DocumentArchive(Protocol):
    """Where the PDFs come from (``desktop.services.documents.DocumentService``)."""

    def printable_pdf(self, number: str, *, duplicate_at: datetime | None = None) -> bytes: ...


class PrintDispatcher(Generic[J]):
    """Prints queued jobs and records the outcome on each job; a job is never lost.

    The dispatcher knows the queue and the archive only by their protocols (so this module,
    which the UI may import for the preview, pulls in no database code). A job whose printing
    fails is marked failed with the error's code and text. If even that cannot be written (the
    database went away), the job stays ``printing`` in the database and
    ``PrintQueue.recover_interrupted`` turns it into a failed job at the next start.
    """

    def __init__(
        self,
        queue: JobQueue[J],
        documents: DocumentArchive,
        printers: Callable[[str], Printer],
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.queue = queue
        self.documents = documents
        self.printers = printers
        self._now = now
        self._executor: ThreadPoolExecutor | None = None
        self._executor_lock = threading.Lock()

    def dispatch(self, job: J | int) -> J:
        """Print one queued job now (blocking); returns the job in its final state.

        Raises only if the job cannot be taken (it is not queued: another dispatcher took it);
        every failure after that is recorded on the job instead.
        """
        taken = self.queue.mark_printing(job)
        try:
            duplicate_at = self._now() if taken.is_reprint else None
            pdf = self.documents.printable_pdf(taken.document_number, duplicate_at=duplicate_at)
            printer = self.printers(taken.printer)
            result = printer.print_pdf(pdf, title=f"{taken.kind} {taken.document_number}")
        except PrintError as exc:
            log.warning("print job %s failed: [%s] %s", taken.id, exc.code, exc.describe())
            return self.queue.mark_failed(taken, exc.code.value, exc.describe())
        except CodedError as exc:  # a typed error of the core, e.g. document.archive_tampered
            log.warning("print job %s failed: [%s] %s", taken.id, exc.code, exc)
            return self.queue.mark_failed(taken, str(exc.code), str(exc))
        except Exception as exc:  # not one of ours: keep the traceback in the log
            log.exception("print job %s failed unexpectedly", taken.id)
            text = f"{type(exc).__name__}: {exc}"
            return self.queue.mark_failed(taken, PrintErrorCode.UNEXPECTED.value, text)
        log.info("print job %s: %d page(s) to %s", taken.id, result.pages, result.target)
        return self.queue.mark_done(taken, result.pages)

    def dispatch_pending(self, station: str) -> list[J]:
        """Print the station's queued jobs in order; returns them in their final states."""
        finished: list[J] = []
        for job in self.queue.next_jobs(station):
            try:
                finished.append(self.dispatch(job))
            except Exception as exc:  # taken meanwhile by another dispatcher
                log.warning("print job %s skipped: %s", job.id, exc)
        return finished

    # ---- off the GUI thread ----------------------------------------------------------------

    def submit(self, job: J | int) -> Future[J]:
        """Run :meth:`dispatch` on the print thread; the Future holds the final job."""
        return self._pool().submit(self.dispatch, job)

    def submit_pending(self, station: str) -> Future[list[J]]:
        return self._pool().submit(self.dispatch_pending, station)

    def _pool(self) -> ThreadPoolExecutor:
        with self._executor_lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="onewindow-print"
                )
            return self._executor

    def close(self, *, wait: bool = True) -> None:
        """Stop the print thread (after the jobs already submitted, with ``wait``)."""
        with self._executor_lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait)

    def __enter__(self) -> PrintDispatcher[J]:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
