"""The clerk's session at a window: part of the composition root (with ``desktop.app``).

Once the registry is up: build the station's services (:class:`~desktop.services.hall.Hall`)
off the GUI thread, sign the clerk in (the login dialog; for the demo scenes the documented demo
account), show the desk, connect the card reader to it, start the print thread, lock the screen
after idle time, and offer to resume unfinished work (a draft in the database, or one kept on
this computer while the database was away).

``--scene`` drives the demo for screenshots and benchmarks: ``login`` (the sign-in painted and
taking keys, which it does while the database is still opening), ``waiting`` (signed in, waiting for
a card), ``prefilled`` (a demo card tapped, residence registration pre-filled), ``accepted``
(that case accepted, its notice printed to PDF and previewed).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from ui.dialogs.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.reader.adapter import ReaderAdapter
from ui.tasks import run_task

if TYPE_CHECKING:  # the desk, its services and the print thread load on the worker
    from desktop.app import RegistryConnection
    from desktop.domain.permissions import Principal
    from desktop.services.desk import WindowDesk
    from desktop.services.hall import Hall
    from desktop.services.status import RegistryStatus
    from printing.dispatch import PrintDispatcher
    from ui.clerk.desk_page import DeskPage

log = logging.getLogger(__name__)

SCENES = ("waiting", "prefilled", "accepted")


class ClerkSession(QObject):
    #: The desk is on screen for this principal.
    sig_desk_ready = Signal(object)
    #: A ``--scene`` is fully painted (or failed: False).
    sig_scene_ready = Signal(bool)

    def __init__(
        self,
        window: MainWindow,
        connection: RegistryConnection,
        paths: AppPaths,
        settings: Settings,
        *,
        language: str,
        scene: str | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.connection = connection
        self.paths = paths
        self.settings = settings
        self.language = language
        #: ``login`` is no demo: the interactive start, ready once the sign-in has been painted.
        self.ready_at_login = scene == "login"
        self.scene = None if self.ready_at_login else scene
        self.hall: Hall | None = None
        self.desk: WindowDesk | None = None
        self.dispatcher: PrintDispatcher[Any] | None = None
        self.page: DeskPage | None = None
        self.principal: Principal | None = None
        self.reader: ReaderAdapter | None = None
        self.demo_tap: Callable[[], None] | None = None
        self.login: LoginDialog | None = None
        self.password_dialog: Any = None
        self._idle: Any = None
        self._warming = False

    @property
    def local_draft_file(self) -> Path:
        return self.paths.data_dir / "local-draft.json"

    # ---- start ---------------------------------------------------------------------------------

    def start(self) -> None:
        """At launch, before the database is open: the clerk can type while it opens."""
        self.window.sig_language_chosen.connect(self._on_language_chosen)
        self.window.sig_status_shown.connect(self._on_status_shown)
        self.window.sig_error_shown.connect(self._on_status_error)
        if self.scene is None:
            self._show_login()
            if self.ready_at_login and self.login is not None:
                self._ready_when_painted(self.login)

    def _on_status_shown(self, status: RegistryStatus) -> None:
        if self.principal is not None:
            return
        if self.login is not None:
            self.login.set_database_ready(True)
            if status.embedded and status.synthetic:
                from desktop.demo.users import DEMO_PASSWORD

                self.login.set_demo_password(DEMO_PASSWORD)
            if not self.login.isVisible():  # back after the error's Retry
                self.login.clear_error()
                self.login.open()
            if not self._warming:
                self._warming = True
                connection = self.connection

                def warm() -> None:  # behind the sign-in, while the clerk types
                    _load_desk_modules()
                    connection.hall()  # the services (a failure is the sign-in's to report)

                run_task(
                    warm, lambda _none, error: log.info("warm-up: %s", error) if error else None
                )
        elif self.scene is not None and self.hall is None:
            run_task(self.connection.hall, self._on_hall)

    def _on_status_error(self, _code: str, _detail: str) -> None:
        # The window shows the error and its Retry: the sign-in waits for the database.
        if self.login is not None and self.principal is None:
            self.login.hide()

    def _show_login(self) -> None:
        station = self.settings.station.audit_label()

        def sign_in(user: str, password: str) -> Principal:
            hall = self.connection.hall()  # on the worker, after the database has opened
            self.hall = hall
            return hall.auth.sign_in(user, password, station)

        self.login = LoginDialog(
            sign_in, self.window.header.station_label.text(), parent=self.window
        )
        self.login.set_database_ready(False)
        self.login.sig_signed_in.connect(self._on_signed_in)
        self.login.open()

    def _on_language_chosen(self, code: str) -> None:
        """Remember the interface language in the settings file (read at the next start)."""
        from dataclasses import replace

        from desktop.config.settings import load_settings, save_settings

        try:
            current = load_settings(self.paths, environment=False)
            save_settings(self.paths, replace(current, ui=replace(current.ui, language=code)))
        except Exception:  # the setting is a convenience; the window keeps working
            log.exception("cannot save the language setting")

    def _on_hall(self, hall: Hall | None, error: BaseException | None) -> None:
        """A demo scene: the services are up; sign the demo clerk in."""
        if error is not None or hall is None:
            log.error("the hall's services cannot start", exc_info=error)
            self.window.show_desk_error(error or RuntimeError("no services"))
            self.sig_scene_ready.emit(False)
            return
        self.hall = hall
        self._sign_in_demo(self.settings.station.audit_label())

    def _services(self) -> None:
        """The desk and the print thread over the hall (on the GUI thread, once)."""
        from desktop.services.desk import WindowDesk
        from printing.dispatch import PrintDispatcher, SystemPrinters

        hall = self.hall
        assert hall is not None
        if self.desk is None:
            self.desk = WindowDesk(hall)
        if self.dispatcher is None:
            pdf_dir = Path(self.settings.printing.pdf_output_dir or self.paths.data_dir / "printed")
            self.dispatcher = PrintDispatcher(
                hall.print_queue, hall.documents, SystemPrinters(pdf_dir)
            )

    def _sign_in_demo(self, station: str) -> None:
        hall = self.hall
        assert hall is not None

        def work() -> Principal:
            from desktop.demo.users import DEMO_PASSWORD

            if not hall.demo:
                raise RuntimeError("--scene runs only on the embedded synthetic demo registry")
            return hall.auth.sign_in("clerk", DEMO_PASSWORD, station)

        def done(principal: Principal | None, error: BaseException | None) -> None:
            if error is not None or principal is None:
                log.error("demo sign-in failed: %s", error)
                self.sig_scene_ready.emit(False)
                return
            self._on_signed_in(principal)

        run_task(work, done)

    # ---- the desk ------------------------------------------------------------------------------

    def _on_signed_in(self, principal: Principal) -> None:
        assert self.hall is not None
        self._services()
        hall = self.hall
        if self.scene is None:
            run_task(
                lambda: hall.auth.needs_password_change(principal),
                lambda must, _e: self._ask_new_password(principal) if must else None,
            )
        self._open_desk(principal)

    def _ask_new_password(self, principal: Principal) -> None:
        """An administrator set this password: the clerk chooses their own before serving."""
        from ui.dialogs.change_password_dialog import ChangePasswordDialog

        hall = self.hall
        assert hall is not None
        dialog = ChangePasswordDialog(
            lambda old, new: hall.auth.change_password(principal, old, new), self.window
        )
        self.password_dialog = dialog
        dialog.open()

    def _open_desk(self, principal: Principal) -> None:
        from ui.clerk.desk_page import DeskPage
        from ui.idle_lock import install_idle_lock

        assert self.desk is not None and self.hall is not None
        self.principal = principal
        page = DeskPage(
            self.desk,
            printer=self.dispatcher,
            language=self.language,
            today=self.hall.today,
            local_draft_file=self.local_draft_file,
        )
        self.page = page
        page.set_principal(principal)
        self.window.show_desk(page, principal.display_name or principal.user)
        hall = self.hall
        minutes = self.settings.security.idle_lock_minutes
        if minutes > 0 and self.scene is None:
            self._idle = install_idle_lock(
                self.window,
                lambda password: hall.auth.unlock_screen(principal, password),
                idle_minutes=minutes,
                user_text=principal.display_name or principal.user,
            )
        self.sig_desk_ready.emit(principal)
        if self.scene is None:
            self._offer_resume()
        else:
            self._play_scene()

    def _on_card_read(self, card: object) -> None:
        """A card for the desk, unless the screen is locked (no look-up in the clerk's name)."""
        if self.page is None:
            return
        if self._idle is not None and self._idle[1].is_locked():
            log.info("card read while the screen is locked: ignored")
            return
        self.page.on_card_read(card)

    def attach_reader(self, adapter: ReaderAdapter, demo_tap: Callable[[], None] | None) -> None:
        self.reader = adapter
        self.demo_tap = demo_tap
        adapter.sig_card_read.connect(self._on_card_read)  # cards before sign-in are dropped

    def _offer_resume(self) -> None:
        desk, principal, page = self.desk, self.principal, self.page
        assert desk is not None and principal is not None and page is not None
        local = self.local_draft_file

        def work() -> tuple[Any, ...]:
            from desktop.services.local_drafts import read_local_drafts

            found: list[Any] = list(read_local_drafts(local))
            found.extend(desk.drafts(principal))
            return tuple(found)

        def done(drafts: tuple[Any, ...] | None, error: BaseException | None) -> None:
            if error is not None or not drafts:
                return
            draft = drafts[0]
            if self.window.ask_resume(draft.title):
                page.resume(draft)

        run_task(work, done)

    # ---- demo scenes -----------------------------------------------------------------------------

    def _play_scene(self) -> None:
        from desktop.domain.matters.materials import MaterialStatus

        page = self.page
        assert page is not None and self.hall is not None
        if self.scene == "waiting":
            self._ready_when_painted(page)
            return
        jz = self.hall.catalog.by_category("JZ").code

        def on_visit(_visit: object) -> None:
            page.sig_visit_opened.disconnect(on_visit)
            page.set_matters([jz])

        def on_saved(_draft_id: str) -> None:
            if jz not in page.matter_codes():
                return
            page.sig_draft_saved.disconnect(on_saved)
            tab = page.matter_tab(jz)
            if self.scene == "prefilled":
                self._ready_when_painted(tab.form)
                return
            if not tab.form.value("emergency_phone"):
                tab.form.set_value("emergency_phone", "13800138000")
            if not tab.form.value("persons.0.arrival_reason"):
                tab.form.set_value("persons.0.arrival_reason", "务工")
            for spec in tab.matter.materials:
                tab.materials.mark(spec.code, MaterialStatus.RECEIVED)
            page.accept_current()

        def on_printed(_number: str, _text: str) -> None:
            page.sig_printed.disconnect(on_printed)
            self._ready_when_painted(page.matter_tab(jz).outcome_view)

        def on_error(text: str) -> None:
            log.error("demo scene failed: %s", text)
            self.sig_scene_ready.emit(False)

        page.sig_visit_opened.connect(on_visit)
        page.sig_draft_saved.connect(on_saved)
        page.sig_printed.connect(on_printed)
        page.sig_error.connect(on_error)
        self._tap_when_ready()

    def _ready_when_painted(self, widget: QWidget) -> None:
        """The scene is ready once ``widget`` has been painted (and that paint pass is over)."""
        spy = _FirstPaint(widget, lambda: self.sig_scene_ready.emit(True))
        widget.installEventFilter(spy)
        widget.update()

    def _tap_when_ready(self, tries: int = 200) -> None:
        if self.demo_tap is not None:
            self.demo_tap()
            return
        if tries <= 0:
            log.error("demo scene: no demo reader")
            self.sig_scene_ready.emit(False)
            return
        QTimer.singleShot(50, lambda: self._tap_when_ready(tries - 1))

    def close(self) -> None:
        if self.page is not None:
            self.page.save_draft_now()
        if self.dispatcher is not None:
            self.dispatcher.close(wait=True)


DESK_MODULES = ("desktop.services.desk", "printing.dispatch", "ui.clerk.desk_page", "ui.idle_lock")


def _load_desk_modules() -> None:
    """Import the desk and its services on the worker while the clerk types the password."""
    for name in DESK_MODULES:
        importlib.import_module(name)


class _FirstPaint(QObject):
    """Calls ``then`` (from the event loop) after the watched widget's first paint."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # the rest of this paint pass first
        return False
