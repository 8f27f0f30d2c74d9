"""What the window shows while it connects to the database (and seeds it at first start)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from ui.texts import PHASE_SEED_PREFIX, phase_text, seed_step_text
from ui.theme import scaled_font

#: Width of the centred column that holds the text and the progress bar.
COLUMN_WIDTH = 560


class StartupPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startupPanel")
        column = QWidget(self)
        column.setFixedWidth(COLUMN_WIDTH)
        self.headline_label = self._label(column, "startupHeadline")
        self.headline_label.setText(self.tr("Preparing the registry…"))
        self.headline_label.setFont(scaled_font(self.font(), 1.3, bold=True))
        self.phase_label = self._label(column, "startupPhase")
        self.progress_bar = QProgressBar(column)
        self.progress_bar.setObjectName("seedProgress")
        self.progress_bar.setTextVisible(False)
        self.step_label = self._label(column, "seedStep")

        inner = QVBoxLayout(column)
        inner.setSpacing(10)
        for widget in (self.headline_label, self.phase_label, self.progress_bar, self.step_label):
            inner.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addLayout(row)
        layout.addStretch(3)
        self.reset()

    @staticmethod
    def _label(parent: QWidget, name: str) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        return label

    def reset(self) -> None:
        self.phase_label.setText(self.tr("Connecting to the database…"))
        self.step_label.setText("")
        self.progress_bar.setRange(0, 0)  # busy until the first report with a total

    def show_progress(self, phase: str, done: int, total: int) -> None:
        self.phase_label.setText(phase_text(phase))
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))
        else:
            self.progress_bar.setRange(0, 0)
        if phase.startswith(PHASE_SEED_PREFIX) and total > 0:
            self.step_label.setText(
                self.tr("{step}: {done} of {total}").format(
                    step=seed_step_text(phase), done=f"{done:,}", total=f"{total:,}"
                )
            )
        else:
            self.step_label.setText("")
