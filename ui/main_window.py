"""The main window: header, demo-data banner, and one of three views — starting, the registry's
status, or what went wrong (with Retry).

The window knows nothing of databases. It is handed a *status provider*, a plain callable the
composition root (``desktop/app.py``) builds; it runs the provider off the GUI thread through
:func:`ui.tasks.run_task` and shows what comes back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.status import RegistryStatus
from ui.errors import Place, error_code, error_text
from ui.panels.counts_panel import RegistryCountsPanel
from ui.panels.database_panel import DatabasePanel
from ui.panels.demo_banner import DemoBanner
from ui.panels.error_panel import ErrorPanel
from ui.panels.header import HeaderPanel, StationInfo
from ui.panels.reader_panel import ReaderPanel
from ui.panels.startup_panel import StartupPanel
from ui.reader.adapter import ReaderAdapter
from ui.tasks import run_task

log = logging.getLogger(__name__)

WINDOW_TITLE = "OneWindow 一窗通"

#: ``report(phase, done, total)``: thread-safe progress reporting for the provider.
ProgressReport = Callable[[str, int, int], None]
#: Opens the registry if needed and reads its status; runs on the worker thread. Raises an
#: exception with a ``code`` attribute (e.g. ``DatabaseError``) when the registry cannot be used.
StatusProvider = Callable[[ProgressReport], RegistryStatus]


def desk_name(kind: str) -> str:
    """The name of a station's own page, per station kind (View menu, start-up errors):
    ``window`` (a service window's desk), ``reception``, ``review``, ``supervisor``, ``kiosk``."""
    names = {
        "window": QCoreApplication.translate("MainWindow", "Window desk"),
        "reception": QCoreApplication.translate("MainWindow", "Reception desk"),
        "review": QCoreApplication.translate("MainWindow", "Review desk"),
        "supervisor": QCoreApplication.translate("MainWindow", "Supervision"),
        "kiosk": QCoreApplication.translate("MainWindow", "Self-service kiosk"),
    }
    return names.get(kind, names["window"])


class MainWindow(QMainWindow):
    #: The registry's status is on screen (after each successful load).
    sig_status_shown = Signal(object)
    #: An error is on screen: its code ("" when the exception carried none) and detail.
    sig_error_shown = Signal(str, str)
    #: The user chose an interface language (a Qt locale name: "zh_CN" or "en").
    sig_language_chosen = Signal(str)

    def __init__(
        self,
        status_provider: StatusProvider,
        *,
        station: StationInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._status_provider = status_provider
        self._loading = False
        self._status: RegistryStatus | None = None
        self._status_action: QAction | None = None
        self._desk_action: QAction | None = None
        self.setWindowTitle(WINDOW_TITLE)
        self.setMinimumSize(960, 600)

        self.header = HeaderPanel(station or StationInfo(), self)
        self.demo_banner = DemoBanner(self)
        self.demo_banner.hide()
        self.startup_panel = StartupPanel(self)
        self.database_panel = DatabasePanel(self)
        self.counts_panel = RegistryCountsPanel(self)
        self.error_panel = ErrorPanel(self)
        self.error_panel.sig_retry_requested.connect(self._on_retry_requested)

        status_page = QWidget(self)
        status_page.setObjectName("statusPage")
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(self.database_panel, 1, Qt.AlignmentFlag.AlignTop)
        columns.addWidget(self.counts_panel, 1, Qt.AlignmentFlag.AlignTop)
        page_layout = QVBoxLayout(status_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(columns)
        page_layout.addStretch(1)
        self.status_page = status_page

        self.reader_panel = ReaderPanel(self)
        self.reader_panel.hide()
        self.desk_page: QWidget | None = None
        self.user_label = QLabel(self)
        self.user_label.setObjectName("signedInUser")
        self.user_label.hide()

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.startup_panel)
        self.pages.addWidget(self.status_page)
        self.pages.addWidget(self.error_panel)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(14)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.user_label, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.reader_panel)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

    # ---- public --------------------------------------------------------------------------

    @property
    def status(self) -> RegistryStatus | None:
        """The status on screen, None while starting or after an error."""
        return self._status

    @property
    def is_loading(self) -> bool:
        return self._loading

    def load_status(self) -> None:
        """(Re)load the registry's status in the background; the window shows progress."""
        if self._loading:
            return
        self._loading = True
        self._status = None
        self.demo_banner.hide()
        self.startup_panel.reset()
        self.pages.setCurrentWidget(self.startup_panel)
        self.statusBar().showMessage(self.tr("Connecting to the database…"))
        run_task(self._status_provider, self._on_status_loaded, on_progress=self._on_progress)

    def attach_reader(
        self, adapter: ReaderAdapter, *, demo_tap: Callable[[], None] | None = None
    ) -> None:
        """Show the card reader's panel, following ``adapter``."""
        self.reader_panel.attach(adapter, demo_tap=demo_tap)
        self.reader_panel.show()

    def show_desk(self, page: QWidget, user_text: str, *, kind: str = "window") -> None:
        """Someone signed in: the station's page becomes the window's page (the status stays a
        menu away: View → Database status; View → the page's name, :func:`desk_name` of the
        station ``kind``, comes back to it)."""
        if self.desk_page is not None:
            self.pages.removeWidget(self.desk_page)
            self.desk_page.deleteLater()
        self.desk_page = page
        self.reader_panel.set_compact(True)
        self.demo_banner.set_compact(True)
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        self.user_label.setText(user_text)
        self.user_label.show()
        self.statusBar().showMessage(self.tr("Signed in: {user}").format(user=user_text))
        if self._status_action is None:
            menu = self.menuBar().addMenu(self.tr("View"))
            self._desk_action = menu.addAction(desk_name(kind))
            self._desk_action.triggered.connect(self._on_show_desk)
            self._status_action = menu.addAction(self.tr("Database status"))
            self._status_action.triggered.connect(self._on_show_status)
            languages = menu.addMenu(self.tr("Language"))
            for code, label in (("zh_CN", "简体中文"), ("en", "English")):
                action = languages.addAction(label)  # each in its own language, never translated
                action.triggered.connect(lambda _=False, c=code: self._on_language(c))
        elif self._desk_action is not None:
            self._desk_action.setText(desk_name(kind))

    def _on_language(self, code: str) -> None:
        self.sig_language_chosen.emit(code)
        self.statusBar().showMessage(
            self.tr("The language changes when OneWindow is started again (your work is kept).")
        )

    def show_desk_error(self, error: BaseException, *, kind: str = "window") -> None:
        self.statusBar().showMessage(
            self.tr("{desk} cannot start: {error}").format(
                desk=desk_name(kind), error=error_text(error)
            )
        )

    def ask_resume(self, title: str) -> bool:
        """Offer the unfinished application saved at this station (after a crash or a kill)."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            self.tr("Unfinished work"),
            self.tr("Resume the unfinished application “{title}”?").format(title=title),
        )
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def _on_show_desk(self) -> None:
        if self.desk_page is not None:
            self.pages.setCurrentWidget(self.desk_page)

    @Slot()
    def _on_show_status(self) -> None:
        if self._status is not None:
            self.pages.setCurrentWidget(self.status_page)

    def show_reader_error(self, code: str, detail: str) -> None:
        """The reader could not be set up: say so in its panel; the rest of the window works."""
        log.info("card reader unavailable (%s): %s", code, detail)
        self.reader_panel.show_error(code)
        self.reader_panel.show()

    # ---- handlers ------------------------------------------------------------------------

    def _on_progress(self, phase: str, done: int, total: int) -> None:
        if self._loading:
            self.startup_panel.show_progress(phase, done, total)

    def _on_status_loaded(self, status: RegistryStatus | None, error: BaseException | None) -> None:
        self._loading = False
        if error is not None or status is None:
            self._show_error(error)
            return
        self._status = status
        self.demo_banner.setVisible(status.synthetic)
        self.database_panel.set_status(status)
        self.counts_panel.set_counts(status.counts, status.estimated)
        self.pages.setCurrentWidget(self.desk_page or self.status_page)
        self.statusBar().showMessage(self.tr("Ready"))
        self.sig_status_shown.emit(status)

    def _show_error(self, error: BaseException | None) -> None:
        code = error_code(error)
        detail = str(error) if error is not None and str(error) else type(error).__name__
        if code:
            log.warning("cannot open the registry (%s): %s", code, detail)
        else:
            log.error("cannot open the registry", exc_info=error)
        self.demo_banner.hide()
        self.error_panel.show_error(error_text(error, place=Place.STARTUP), detail)
        self.pages.setCurrentWidget(self.error_panel)
        self.statusBar().showMessage(self.tr("The registry is not available"))
        self.sig_error_shown.emit(code, detail)

    @Slot()
    def _on_retry_requested(self) -> None:
        self.load_status()
