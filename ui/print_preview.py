"""Print preview: the document's pages as they will come out, then Print or Close.

The pages are the PDF that will be printed (for a reprint, with its duplicate stamp), rendered
by :func:`printing.dispatch.page_images`; the dialog prints nothing itself: "Print" accepts the
dialog and the caller queues the job, which the print thread prints.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from printing.dispatch import page_images

# Preview resolution: about the size of the page on a desktop screen.
PREVIEW_DPI = 80.0


class PrintPreviewDialog(QDialog):
    def __init__(
        self,
        pdf: bytes,
        title: str,
        printer_label: str,
        parent: QWidget | None = None,
        *,
        images: list[QImage] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.setWindowTitle(self.tr("Print preview: {title}").format(title=title))
        self.pages = images if images is not None else page_images(pdf, PREVIEW_DPI)

        pages_widget = QWidget(self)
        pages_layout = QVBoxLayout(pages_widget)
        pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels: list[QLabel] = []
        for image in self.pages:
            label = QLabel(pages_widget)
            label.setPixmap(QPixmap.fromImage(image))
            label.setFrameShape(QLabel.Shape.Box)
            pages_layout.addWidget(label)
            self.page_labels.append(label)
        scroll = QScrollArea(self)
        scroll.setWidget(pages_widget)
        scroll.setWidgetResizable(True)

        self.info_label = QLabel(
            self.tr("{pages} page(s), to be printed on: {printer}").format(
                pages=len(self.pages), printer=printer_label
            ),
            self,
        )
        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton(
            self.tr("Print"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.print_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.info_label)
        layout.addWidget(buttons)
        self.resize(720, 900)
