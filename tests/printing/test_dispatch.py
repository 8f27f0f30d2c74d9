"""Print dispatch: a failed print stays queued with its cause; a retry prints exactly once;
QtPrintSupport output works offscreen; with no printer, documents go to PDF files."""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.config.paths import AppPaths
from desktop.domain.registry import Actor
from desktop.persistence.database import Database
from desktop.services.documents import DocumentService, DocumentToIssue
from desktop.services.print_queue import JobStatus, PrintQueue, PrintQueueError
from printing.dispatch import (
    PDF_FILES_PRINTER,
    PdfFilePrinter,
    PrintDispatcher,
    PrintError,
    PrintErrorCode,
    PrintResult,
    QtPdfPrinter,
    SystemPrinters,
    page_images,
)

CLERK = Actor(user="clerk-7", station="window-2")
STATION = "window-2"
MISSING = "OneWindow-Test-No-Such-Printer"
RECEIPT80 = (80 * mm, 150 * mm)


def make_pdf(pages: int = 2, size: tuple[float, float] = A4, text: str = "page") -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=size)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica-Bold", 28)
        canvas.drawString(20, size[1] / 2, f"{text} {n}")
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


@dataclass
class FakePrinter:
    """Counts the pages it was given; fails while ``error`` is set."""

    name: str = "Fake"
    error: Exception | None = None
    delivered: list[int] = field(default_factory=list)
    threads: list[str] = field(default_factory=list)

    def print_pdf(self, pdf: bytes, *, title: str) -> PrintResult:
        self.threads.append(threading.current_thread().name)
        if self.error is not None:
            raise self.error
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        self.delivered.append(pages)
        return PrintResult(pages, self.name)


@dataclass
class Hall:
    db: Database
    documents: DocumentService
    queue: PrintQueue
    out_dir: Path

    def issue(self, number: str = "SL-1", pages: int = 2, paper: str = "A4") -> str:
        size = A4 if paper == "A4" else RECEIPT80
        self.documents.issue(
            DocumentToIssue(
                kind="acceptance_notice",
                number=number,
                holder_hash="h" * 64,
                paper=paper,
                pdf=make_pdf(pages, size, number),
            ),
            CLERK,
        )
        return number

    def printed_files(self) -> list[Path]:
        return sorted(self.out_dir.glob("*.pdf")) if self.out_dir.exists() else []


@pytest.fixture
def hall(sqlite_db: Database, app_home: AppPaths) -> Hall:
    return Hall(
        sqlite_db,
        DocumentService(sqlite_db, app_home.archive_dir),
        PrintQueue(sqlite_db),
        app_home.data_dir / "printed",
    )


# ---- the issue's demonstration ----------------------------------------------------------------


def test_a_missing_printer_keeps_the_job_and_a_retry_prints_it_once(
    qapp: object, hall: Hall
) -> None:
    hall.issue("SL-1", pages=2)
    dispatcher = PrintDispatcher(hall.queue, hall.documents, SystemPrinters(hall.out_dir))
    job = hall.queue.enqueue("SL-1", STATION, MISSING)

    failed = dispatcher.dispatch(job)
    assert failed.status is JobStatus.FAILED
    assert failed.last_error_code == PrintErrorCode.PRINTER_MISSING.value
    assert MISSING in (failed.last_error or "")
    assert "cause:" in (failed.last_error or "")  # with what the system has instead
    assert [j.id for j in hall.queue.pending(STATION)] == [job.id]
    assert hall.printed_files() == []
    assert hall.documents.require("SL-1").print_count == 0

    hall.queue.retry(job, printer=PDF_FILES_PRINTER)
    done = dispatcher.dispatch(job)
    assert (done.status, done.pages, done.attempts) == (JobStatus.DONE, 2, 2)
    assert done.last_error_code is None
    [printed] = hall.printed_files()
    assert printed.read_bytes() == hall.documents.archived_pdf("SL-1")
    assert hall.documents.require("SL-1").print_count == 1

    with pytest.raises(PrintQueueError):
        dispatcher.dispatch(job)  # done: it is not printed a second time
    assert dispatcher.dispatch_pending(STATION) == []
    assert len(hall.printed_files()) == 1
    assert hall.queue.pending(STATION) == []


def test_retry_prints_exactly_once_on_a_counting_printer(hall: Hall) -> None:
    hall.issue("SL-1", pages=3)
    printer = FakePrinter(error=PrintError(PrintErrorCode.PRINTER_FAILED, "paper jam", "tray 2"))
    dispatcher = PrintDispatcher(hall.queue, hall.documents, lambda _name: printer)
    job = hall.queue.enqueue("SL-1", STATION, "Fake")

    failed = dispatcher.dispatch(job)
    assert failed.status is JobStatus.FAILED
    assert failed.last_error == "paper jam (cause: tray 2)"
    assert printer.delivered == []

    printer.error = None
    hall.queue.retry(job)
    assert [j.status for j in dispatcher.dispatch_pending(STATION)] == [JobStatus.DONE]
    assert dispatcher.dispatch_pending(STATION) == []
    assert printer.delivered == [3]


def test_unexpected_and_core_errors_are_kept_on_the_job(hall: Hall) -> None:
    hall.issue("SL-1")
    printer = FakePrinter(error=RuntimeError("driver crashed"))
    dispatcher = PrintDispatcher(hall.queue, hall.documents, lambda _name: printer)
    job = dispatcher.dispatch(hall.queue.enqueue("SL-1", STATION))
    assert (job.status, job.last_error_code) == (JobStatus.FAILED, "print.unexpected")
    assert job.last_error == "RuntimeError: driver crashed"

    # A tampered archive copy is not printed: the job fails with the archive's error.
    record = hall.documents.require("SL-1")
    hall.documents.archive_file(record).write_bytes(make_pdf(1, text="forged"))
    printer.error = None
    job = dispatcher.dispatch(hall.queue.retry(job))
    assert (job.status, job.last_error_code) == (JobStatus.FAILED, "document.archive_tampered")
    assert printer.delivered == []


def test_a_reprint_job_prints_the_stamped_duplicate(hall: Hall) -> None:
    hall.issue("SL-1", pages=2)
    dispatcher = PrintDispatcher(
        hall.queue,
        hall.documents,
        SystemPrinters(hall.out_dir),
        now=lambda: datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
    )
    job = hall.queue.enqueue("SL-1", STATION, PDF_FILES_PRINTER, reprint=True, actor=CLERK)
    assert dispatcher.dispatch(job).status is JobStatus.DONE
    [printed] = hall.printed_files()
    texts = [page.extract_text() for page in PdfReader(printed).pages]
    assert len(texts) == 2 and all("补打" in t and "DUPLICATE" in t for t in texts)
    assert (
        "补打"
        not in PdfReader(io.BytesIO(hall.documents.archived_pdf("SL-1"))).pages[0].extract_text()
    )


def test_jobs_run_on_the_print_thread_not_the_callers(hall: Hall) -> None:
    hall.issue("SL-1")
    printer = FakePrinter()
    with PrintDispatcher(hall.queue, hall.documents, lambda _name: printer) as dispatcher:
        future = dispatcher.submit(hall.queue.enqueue("SL-1", STATION))
        assert future.result(timeout=30).status is JobStatus.DONE
    assert printer.threads and printer.threads[0].startswith("onewindow-print")
    assert printer.threads[0] != threading.current_thread().name


# ---- printers ---------------------------------------------------------------------------------


def _non_white_fraction(pdf: Path, index: int) -> float:
    document = pdfium.PdfDocument(str(pdf))
    try:
        image = document[index].render(scale=0.5, grayscale=True)
        data = bytes(image.buffer)
        return sum(1 for b in data if b < 128) / len(data)
    finally:
        document.close()


@pytest.mark.parametrize(
    ("size", "pages"),
    [(A4, 2), (RECEIPT80, 1)],
    ids=["A4", "receipt80"],
)
def test_qt_printer_paints_every_page_into_a_pdf_file_offscreen(
    qapp: object, tmp_path: Path, size: tuple[float, float], pages: int
) -> None:
    out = tmp_path / "qt-output.pdf"
    result = QtPdfPrinter(output_file=out).print_pdf(make_pdf(pages, size), title="test")
    assert result == PrintResult(pages, str(out))
    reader = PdfReader(out)
    assert len(reader.pages) == pages
    for n, page in enumerate(reader.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(size[0], abs=1.5)
        assert height == pytest.approx(size[1], abs=1.5)
        assert 0 < _non_white_fraction(out, n) < 0.2  # the text was painted, not a blank page


class FailingPdfQPrinter(QPrinter):
    """A PDF-file QPrinter whose ``newPage()`` fails from page ``fail_at``; records ``abort()``."""

    def __init__(self, out: Path, fail_at: int) -> None:
        super().__init__(QPrinter.PrinterMode.HighResolution)
        self.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.setOutputFileName(str(out))
        self.fail_at = fail_at
        self.pages = 1
        self.aborts = 0

    def newPage(self) -> bool:
        self.pages += 1
        return False if self.pages >= self.fail_at else super().newPage()

    def abort(self) -> bool:
        self.aborts += 1
        return super().abort()


def test_a_job_failing_on_page_two_is_aborted_and_nothing_comes_out(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "half.pdf"
    qprinter = FailingPdfQPrinter(out, fail_at=2)
    monkeypatch.setattr(QtPdfPrinter, "_qprinter", lambda self: qprinter)
    with pytest.raises(PrintError) as caught:
        QtPdfPrinter(output_file=out).print_pdf(make_pdf(3), title="x")
    assert caught.value.code is PrintErrorCode.PRINTER_FAILED
    assert "after page 1" in str(caught.value)
    assert qprinter.aborts == 1
    assert not out.exists()  # page 1 was painted, but no file with it was written


def test_a_page_pdfium_cannot_render_fails_the_job_before_any_page_is_printed(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_render = pdfium.PdfPage.render
    rendered: list[int] = []

    def render(page: pdfium.PdfPage, **kwargs: object) -> object:
        rendered.append(1)
        if len(rendered) == 2:
            raise pdfium.PdfiumError("Failed to render page")
        return real_render(page, **kwargs)

    monkeypatch.setattr(pdfium.PdfPage, "render", render)
    out = tmp_path / "half.pdf"
    with pytest.raises((PrintError, pdfium.PdfiumError)) as caught:
        QtPdfPrinter(output_file=out).print_pdf(make_pdf(3), title="x")
    assert len(rendered) == 2
    assert not out.exists()  # page 1 was not printed on its own
    assert isinstance(caught.value, PrintError)
    assert caught.value.code is PrintErrorCode.BAD_DOCUMENT
    assert "Page 2" in str(caught.value)


def test_qt_printer_works_from_the_print_thread(qapp: object, hall: Hall, tmp_path: Path) -> None:
    hall.issue("SL-1", pages=2)
    out = tmp_path / "from-thread.pdf"
    with PrintDispatcher(
        hall.queue, hall.documents, lambda _name: QtPdfPrinter(output_file=out)
    ) as dispatcher:
        done = dispatcher.submit(hall.queue.enqueue("SL-1", STATION)).result(timeout=120)
    assert (done.status, done.pages) == (JobStatus.DONE, 2)
    assert len(PdfReader(out).pages) == 2


def test_a_missing_printer_is_a_typed_error_with_its_cause(qapp: object) -> None:
    with pytest.raises(PrintError) as caught:
        QtPdfPrinter(MISSING).print_pdf(make_pdf(1), title="x")
    assert caught.value.code is PrintErrorCode.PRINTER_MISSING
    assert MISSING in str(caught.value)
    installed = QPrinterInfo.availablePrinterNames()
    if installed:
        assert installed[0] in caught.value.cause
    else:
        assert caught.value.cause == "no printer is installed on this computer"


def test_a_broken_pdf_is_a_typed_error(qapp: object, tmp_path: Path) -> None:
    with pytest.raises(PrintError) as caught:
        QtPdfPrinter(output_file=tmp_path / "x.pdf").print_pdf(b"%PDF-1.4 garbage", title="x")
    assert caught.value.code is PrintErrorCode.BAD_DOCUMENT
    with pytest.raises(PrintError) as caught:
        PdfFilePrinter(tmp_path).print_pdf(b"%PDF-1.4 garbage", title="x")
    assert caught.value.code is PrintErrorCode.BAD_DOCUMENT


def test_the_pdf_file_printer_names_files_uniquely_and_reports_an_unwritable_folder(
    tmp_path: Path,
) -> None:
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    printer = PdfFilePrinter(tmp_path / "out", now=lambda: moment)
    first = printer.print_pdf(make_pdf(2), title="acceptance_notice SL/1")
    second = printer.print_pdf(make_pdf(1), title="acceptance_notice SL/1")
    assert (first.pages, second.pages) == (2, 1)
    assert first.target != second.target
    assert Path(first.target).name.endswith("-acceptance_notice_SL_1.pdf")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        Path(r.target).name for r in (first, second)
    )

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(PrintError) as caught:
        PdfFilePrinter(blocker).print_pdf(make_pdf(1), title="x")
    assert caught.value.code is PrintErrorCode.OUTPUT_UNWRITABLE
    assert caught.value.cause  # the OS error


def test_with_no_printer_installed_the_default_prints_to_pdf_files(
    qapp: object, tmp_path: Path
) -> None:
    printers = SystemPrinters(tmp_path)
    assert isinstance(printers(PDF_FILES_PRINTER), PdfFilePrinter)
    assert isinstance(printers("HP"), QtPdfPrinter)
    default = printers("")
    if QPrinterInfo.defaultPrinter().isNull():
        assert isinstance(default, PdfFilePrinter)
    else:  # pragma: no cover - a workstation with a printer
        assert isinstance(default, QtPdfPrinter)


# ---- preview images ---------------------------------------------------------------------------


def _dark_pixels(image: QImage) -> int:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data, stride = bytes(gray.constBits()), gray.bytesPerLine()
    rows = (data[y * stride : y * stride + gray.width()] for y in range(gray.height()))
    return sum(1 for row in rows for b in row if b < 128)  # not the rows' padding


def test_page_images_render_every_page(qapp: object) -> None:
    images = page_images(make_pdf(3), dpi=36)
    assert len(images) == 3
    assert (images[0].width(), images[0].height()) == (
        pytest.approx(A4[0] / 2, abs=1),
        pytest.approx(A4[1] / 2, abs=1),
    )
    assert all(_dark_pixels(image) > 0 for image in images)  # the text, not blank pages


def test_page_images_render_at_most_max_pages(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_render = pdfium.PdfPage.render
    rendered: list[int] = []

    def render(page: pdfium.PdfPage, **kwargs: object) -> object:
        rendered.append(1)
        return real_render(page, **kwargs)

    monkeypatch.setattr(pdfium.PdfPage, "render", render)
    pdf = make_pdf(3)
    [first] = page_images(pdf, dpi=36, max_pages=1)
    assert len(rendered) == 1  # pages 2 and 3 were never rasterised
    assert first == page_images(pdf, dpi=36)[0]
    assert len(page_images(pdf, dpi=36, max_pages=5)) == 3
    assert page_images(pdf, dpi=36, max_pages=0) == []
    with pytest.raises(ValueError, match="max_pages"):
        page_images(pdf, max_pages=-1)


def test_page_images_work_off_the_gui_thread(qapp: object) -> None:
    with ThreadPoolExecutor(1) as pool:
        images = pool.submit(page_images, make_pdf(2), 36.0, max_pages=1).result(timeout=60)
    assert len(images) == 1 and not images[0].isNull()
    assert _dark_pixels(images[0]) > 0
