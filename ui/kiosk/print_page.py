"""Documents issued to the holder, each printed again (补打) with one touch; a printer out of
paper or offline is said, the print kept, and "Try again" offered."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.domain.kiosk import KioskDocument
from desktop.domain.printjobs import JobStatus, PrintJobRecord
from ui.kiosk.ports import KioskPages
from ui.kiosk.texts import print_failure_text
from ui.kiosk.widgets import ContentPage, card_frame, chinese, day_text, text_label, touch_button

__all__ = ["PrintPage", "print_result_text"]


class PrintPage(ContentPage):
    """Documents issued to the holder, each printed again (补打) with one touch."""

    def __init__(self, pages: KioskPages, parent: QWidget | None = None) -> None:
        super().__init__(pages, self.tr("Print your papers again"), parent)
        self.buttons: dict[str, QPushButton] = {}
        self.retry = touch_button(self.tr("Try again"), "kioskRetry", self)
        self.retry.hide()
        self.retry.clicked.connect(self._retry)
        self.page_layout.addWidget(self.retry)
        self._failed_job: PrintJobRecord | int | None = None
        self.loading()
        pages.run(lambda s: pages.backend.documents(s), self._show)

    def _show(
        self, documents: tuple[KioskDocument, ...] | None, error: BaseException | None
    ) -> None:
        if error is not None or documents is None:
            self.failed(error)
            return
        self.say(
            self.tr("Copies are marked 补打 (duplicate).")
            if documents
            else self.tr("No papers of yours can be printed here.")
        )
        zh = chinese()
        for doc in documents:
            frame, layout = card_frame(self.body)
            row = QHBoxLayout()
            text = text_label(
                f"{doc.title_zh if zh else doc.title_en}\n"
                + self.tr("Case {n} · issued {d}").format(
                    n=doc.case_number, d=day_text(doc.issued_on)
                ),
                "kioskDocTitle",
                frame,
            )
            button = touch_button(self.tr("Print"), "kioskPrint", frame)
            button.setMinimumWidth(180)
            button.clicked.connect(lambda _c=False, n=doc.number: self.print_one(n))
            row.addWidget(text, 1)
            row.addWidget(button)
            layout.addLayout(row)
            self.buttons[doc.number] = button
            self.add(frame)

    def print_one(self, number: str) -> None:
        for button in self.buttons.values():
            button.setEnabled(False)
        self.retry.hide()
        self.say(self.tr("Printing…"))
        self.pages.run(
            lambda s: self.pages.backend.reprint(s, number),
            lambda job, error: self._queued(job, error),
        )

    def _queued(self, job: PrintJobRecord | None, error: BaseException | None) -> None:
        if error is not None or job is None:
            self._enable()
            self.failed(error)
            return
        self.pages.print_job(job, self._printed)

    def _printed(self, text: str, failed: bool, job: PrintJobRecord | int) -> None:
        self._enable()
        self.say(text, alert=failed)
        self._failed_job = job if failed else None
        self.retry.setVisible(failed)

    def _retry(self) -> None:
        job = self._failed_job
        if job is None:
            return
        self.retry.hide()
        self.say(self.tr("Printing…"))
        job_id = job if isinstance(job, int) else job.id
        self.pages.run(
            lambda s: self.pages.backend.retry_print(s, job_id),
            lambda again, error: self._queued(again, error),
        )

    def _enable(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)


def print_result_text(job: PrintJobRecord) -> tuple[str, bool]:
    """A finished print job in words: (text, failed)."""
    if job.status == JobStatus.DONE:
        return QCoreApplication.translate("KioskTexts", "Printed. Please take your paper."), False
    return print_failure_text(job.last_error_code or ""), True
