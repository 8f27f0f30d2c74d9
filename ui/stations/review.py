"""The approvers' station: the windows a back-office review desk (``[station] kind = "review"``)
builds.

Like the clerk's station: the sign-in dialog is on screen while the database opens; once the
registry is up the station's services come from the composition root (a
:class:`ReviewStationBackend`, which ``desktop.app`` provides over the hall and its
``ReviewDesk``) off the GUI thread; after sign-in the review page (the department's queue, the
case as evidence, the decision panel) is shown, the screen locks after idle time, and the queue
follows the live feed (``ui.live.LiveFeed``: ``review:<department>`` topics) with a slow poll as
fallback. No card reader and no print thread: an approver decides, the windows issue. This
module imports no database code.

``--scene review`` signs the demo approver (police) in on the synthetic demo registry, makes sure
there are demo cases in review (accepted through the core's own accept path by the demo clerk),
claims the most urgent task and opens it: a queue with a claimed task open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.domain.errors import CodedError
from ui.dialogs.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.reader.adapter import ReaderAdapter
from ui.stations.clerk import ClerkAuth, _FirstPaint, _log_failure
from ui.tasks import run_task

if TYPE_CHECKING:
    from desktop.domain.matters.loader import MatterCatalog
    from desktop.domain.permissions import Principal
    from desktop.services.status import RegistryStatus
    from ui.live import LiveFeed
    from ui.review.ports import ReviewBackend
    from ui.review.review_page import ReviewPage

log = logging.getLogger(__name__)

SCENES = ("review",)
#: The demo account a scene signs in with, and how many demo cases it makes sure exist.
SCENE_USER = "approver-police"
SCENE_CASES = 12


class ReviewHall(Protocol):
    """What the station uses of the hall (``desktop.services.hall.Hall``)."""

    @property
    def auth(self) -> ClerkAuth: ...

    @property
    def demo(self) -> bool: ...

    @property
    def catalog(self) -> MatterCatalog: ...


@dataclass(frozen=True, slots=True)
class ReviewServices:
    """The station's services over the open database: the hall and the review desk on it."""

    hall: ReviewHall
    desk: ReviewBackend


@dataclass(frozen=True, slots=True)
class ReviewConfig:
    """The station's settings, as the review desk uses them."""

    station: str
    idle_lock_minutes: int
    #: Seconds between two queue refreshes when no live change arrives.
    poll_seconds: int = 30


class ReviewStationBackend(Protocol):
    """What the composition root (``desktop.app.RegistryConnection``) gives a review station."""

    def review_config(self) -> ReviewConfig: ...

    def review_services(self) -> ReviewServices:
        """The services, built once; called on the worker (it may open them)."""
        ...

    def review_feed(self) -> LiveFeed | None:
        """The live feed of changes, started (on the GUI thread, after sign-in); None: the
        queue only polls."""
        ...

    def review_demo_cases(self, count: int) -> int:
        """Demo only (the synthetic registry): make sure ``count`` cases wait in review, accepted
        by the demo clerk through the core; returns how many were created. On the worker."""
        ...

    def demo_password(self) -> str: ...


class ReviewSession(QObject):
    """An approver's session: sign-in, the review page, idle lock, live refresh."""

    sig_desk_ready = Signal(object)
    sig_scene_ready = Signal(bool)

    def __init__(
        self,
        window: MainWindow,
        backend: ReviewStationBackend,
        *,
        language: str,
        scene: str | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.backend = backend
        self.config = backend.review_config()
        self.language = language
        self.ready_at_login = scene == "login"
        self.scene = None if self.ready_at_login else scene
        self.hall: ReviewHall | None = None
        self.desk: ReviewBackend | None = None
        self.page: ReviewPage | None = None
        self.principal: Principal | None = None
        self.login: LoginDialog | None = None
        self.feed: LiveFeed | None = None
        self._idle: Any = None
        self._warming = False

    # ---- start --------------------------------------------------------------------------------

    def start(self) -> None:
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
            if not self.login.isVisible():
                self.login.clear_error()
                self.login.open()
            if status.embedded and status.synthetic:
                self.login.set_demo_password(self.backend.demo_password())
            if not self._warming:
                self._warming = True
                backend = self.backend

                def warm() -> None:
                    import ui.review.review_page  # noqa: F401  (behind the sign-in)

                    backend.review_services()

                run_task(warm, lambda _n, e: log.info("warm-up: %s", e) if e else None)
        elif self.scene is not None and self.hall is None:
            run_task(self.backend.review_services, self._on_services)

    def _on_status_error(self, _code: str, _detail: str) -> None:
        if self.login is not None and self.principal is None:
            self.login.hide()

    def _show_login(self) -> None:
        station = self.config.station

        def sign_in(user: str, password: str) -> Principal:
            services = self.backend.review_services()
            self._take(services)
            return services.hall.auth.sign_in(user, password, station)

        self.login = LoginDialog(
            sign_in, self.window.header.station_label.text(), parent=self.window
        )
        self.login.set_database_ready(False)
        self.login.sig_signed_in.connect(self._on_signed_in)
        self.login.open()

    def _on_services(self, services: ReviewServices | None, error: BaseException | None) -> None:
        if error is not None or services is None:
            log.error("the review desk's services cannot start", exc_info=error)
            self.window.show_desk_error(error or RuntimeError("no services"))
            self.sig_scene_ready.emit(False)
            return
        self._take(services)
        self._sign_in_demo()

    def _take(self, services: ReviewServices) -> None:
        self.hall, self.desk = services.hall, services.desk

    def _sign_in_demo(self) -> None:
        hall, backend, station = self.hall, self.backend, self.config.station
        assert hall is not None

        def work() -> Principal:
            if not hall.demo:
                raise RuntimeError("--scene runs only on the embedded synthetic demo registry")
            backend.review_demo_cases(SCENE_CASES)
            return hall.auth.sign_in(SCENE_USER, backend.demo_password(), station)

        def done(principal: Principal | None, error: BaseException | None) -> None:
            if error is not None or principal is None:
                log.error("demo sign-in failed: %s", error, exc_info=error)
                self.sig_scene_ready.emit(False)
                return
            self._on_signed_in(principal)

        run_task(work, done)

    # ---- the desk -----------------------------------------------------------------------------

    def _on_signed_in(self, principal: Principal) -> None:
        assert self.hall is not None
        hall = self.hall
        if self.scene is None:
            run_task(
                lambda: hall.auth.needs_password_change(principal),
                lambda must, _e: self._ask_new_password(principal) if must else None,
            )
        self._open_desk(principal)

    def _ask_new_password(self, principal: Principal) -> None:
        from ui.dialogs.change_password_dialog import ChangePasswordDialog

        hall = self.hall
        assert hall is not None
        dialog = ChangePasswordDialog(
            lambda old, new: hall.auth.change_password(principal, old, new), self.window
        )
        self._password_dialog = dialog
        dialog.open()

    def _open_desk(self, principal: Principal) -> None:
        from ui.clerk.texts import pick
        from ui.idle_lock import install_idle_lock
        from ui.review.review_page import ReviewPage

        assert self.desk is not None and self.hall is not None
        self.principal = principal
        catalog = self.hall.catalog
        language = self.language

        def matter_of(code: str) -> Any:
            try:
                return catalog.get(code)
            except Exception:  # a matter this station's catalog does not know: codes shown
                return None

        matters = [
            (m.code, pick(language, m.short_zh or m.name_zh, m.name_en))
            for m in catalog
            if m.departments
        ]
        page = ReviewPage(
            self.desk,
            language=language,
            matter_of=matter_of,
            matters=matters,
            poll_seconds=self.config.poll_seconds,
        )
        self.page = page
        self.window.show_desk(page, principal.display_name or principal.user)
        try:
            feed = self.backend.review_feed()
        except Exception:  # the queue still refreshes on its slow timer
            log.exception("no live updates for the review desk")
            feed = None
        if feed is not None:
            self.feed = feed
            page.attach_feed(feed)
        hall = self.hall
        minutes = self.config.idle_lock_minutes
        if minutes > 0 and self.scene is None:
            self._idle = install_idle_lock(
                self.window,
                lambda password: hall.auth.unlock_screen(principal, password),
                idle_minutes=minutes,
                user_text=principal.display_name or principal.user,
            )
            # On the record: the work was hidden (the unlock is audited by unlock_screen).
            self._idle[1].sig_locked.connect(
                lambda: run_task(lambda: hall.auth.screen_locked(principal), _log_failure)
            )
        if self.scene is not None:
            page.sig_task_opened.connect(self._on_scene_task)
            page.sig_error.connect(self._on_scene_error)
            page.sig_claimed_next.connect(self._on_scene_claimed)
        page.set_principal(principal)
        self.sig_desk_ready.emit(principal)
        if self.scene is not None:
            page.claim_next()

    def _on_scene_task(self, _evidence: object) -> None:
        page = self.page
        assert page is not None
        page.sig_task_opened.disconnect(self._on_scene_task)
        page.sig_error.disconnect(self._on_scene_error)
        self._ready_when_painted(page.case_view)

    def _on_scene_claimed(self, row: object) -> None:
        page = self.page
        assert page is not None
        page.sig_claimed_next.disconnect(self._on_scene_claimed)
        if row is None:  # nothing open (every demo task decided): the queue is the scene
            log.warning("review scene: no open task to claim")
            page.sig_task_opened.disconnect(self._on_scene_task)
            page.sig_error.disconnect(self._on_scene_error)
            self._ready_when_painted(page.queue)

    def _on_scene_error(self, text: str) -> None:
        log.error("review scene failed: %s", text)
        self.sig_scene_ready.emit(False)

    def _ready_when_painted(self, widget: QWidget) -> None:
        spy = _FirstPaint(widget, lambda: self.sig_scene_ready.emit(True))
        widget.installEventFilter(spy)
        widget.update()

    def attach_reader(self, adapter: ReaderAdapter, demo_tap: Callable[[], None] | None) -> None:
        """An approver's desk reads no cards (the reader panel still shows its state)."""

    def close(self) -> None:
        if self.page is not None:
            self.page.stop()
        if self.feed is not None:
            self.feed.stop()
        self._sign_out()

    def _sign_out(self) -> None:
        """The session ends with the window: on the record, once (a database gone is logged)."""
        principal, self.principal = self.principal, None
        if principal is None or self.hall is None or self.scene is not None:
            return
        try:
            self.hall.auth.sign_out(principal)
        except CodedError as exc:
            log.warning("sign-out not recorded: %s", exc.code)
