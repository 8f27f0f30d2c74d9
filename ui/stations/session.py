"""What the signed-in stations share: the sign-in, the own password, the idle lock, sign-out.

:class:`SignInStation` is a plain-Python mixin for the stations where someone signs in (the
clerk's window, the review desk, the kiosk): the sign-in dialog (on screen while the database
opens, or once the services are up), the demo sign-in of the scenes, the change of a password an
administrator set, the idle lock with the ``auth.screen_locked`` audit, the scenes' "painted"
signal and demo tap, and the sign-out at close. Each station keeps its own desk and its own
services; it mixes this in before ``QObject`` (``class ClerkSession(SignInStation, QObject)``)
and calls both ``__init__``. A station has one live feed for all its pages
(:meth:`SignInStation._follow_hall`), stopped when the session ends.

:class:`PageStation` is the rest of what the review desk and the supervisor's station share
(one page or window of pages, no card reader, no print thread): the demo sign-in of a named
account after the demo data it needs, the page after sign-in, the scene's failure, and the close.
Like the stations, this module imports no database code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from desktop.domain.errors import CodedError
from ui.dialogs.login_dialog import LoginDialog
from ui.tasks import run_task

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from desktop.domain.permissions import Principal
    from desktop.services.status import RegistryStatus
    from ui.live import LiveFeed
    from ui.main_window import MainWindow
    from ui.reader.adapter import ReaderAdapter

__all__ = [
    "FirstPaint",
    "PageStation",
    "SignInHall",
    "SignInStation",
    "StationAuth",
    "log_failure",
]

log = logging.getLogger(__name__)


class StationAuth(Protocol):
    """Sign-in, the idle lock and the own password (``desktop.services.auth.AuthService``)."""

    def sign_in(self, username: str, password: str, station: str) -> Principal: ...

    def unlock_screen(self, principal: Principal, password: str) -> None: ...

    def screen_locked(self, principal: Principal) -> None: ...

    def sign_out(self, principal: Principal) -> None: ...

    def needs_password_change(self, principal: Principal) -> bool: ...

    def change_password(
        self, principal: Principal, old_password: str, new_password: str
    ) -> None: ...


class SignInHall(Protocol):
    """What every signed-in station uses of the hall (``desktop.services.hall.Hall``)."""

    @property
    def auth(self) -> StationAuth: ...

    @property
    def demo(self) -> bool: ...


class SignInStation:
    """The sign-in half of a station (a mixin: the station is the ``QObject`` after it).

    The station provides ``sig_scene_ready`` (a ``Signal(bool)``) and ``_on_signed_in``; a station
    whose sign-in dialog opens before the database does (:meth:`start`) also provides
    ``_station_services`` (on the worker: the services, ``hall`` and ``desk``) and may override
    ``_warm_up`` (on the worker, behind the sign-in) and ``_on_services``'s demo sign-in.
    """

    sig_scene_ready: SignalInstance
    #: The station's settings (its ``station``: how the audit log names this station).
    config: Any
    hall: SignInHall | None
    desk: Any
    #: Logged when a demo scene's services cannot start.
    services_failure = "the station's services cannot start"
    #: What the station's page is called (``ui.main_window.desk_name``: View menu, errors).
    desk_kind = "window"

    def __init__(
        self, window: MainWindow, backend: Any, *, language: str, scene: str | None
    ) -> None:
        self.window = window
        self.backend = backend
        self.language = language
        #: ``login`` is no demo: the interactive start, ready once the sign-in has been painted.
        self.ready_at_login = scene == "login"
        self.scene = None if self.ready_at_login else scene
        #: The hall's services, once signed in (or the demo scene has them): all of them as the
        #: backend gave them, and the two every station uses.
        self.services: Any = None
        self.hall = None
        self.desk = None
        self.principal: Principal | None = None
        self.login: LoginDialog | None = None
        self.password_dialog: Any = None
        self.demo_tap: Callable[[], None] | None = None
        #: ``(monitor, lock screen)`` once the idle lock is installed.
        self._idle: Any = None
        self._warming = False
        #: The station's live feed (``_follow_hall``), shared by its pages; None: they poll.
        self.feed: LiveFeed | None = None

    # ---- hooks of the station ------------------------------------------------------------------

    def _on_signed_in(self, principal: Principal) -> None:
        raise NotImplementedError

    def _station_services(self) -> Any:
        """The station's services (``hall`` and ``desk``), built once; on the worker."""
        raise NotImplementedError

    def _warm_up(self) -> None:
        """On the worker behind the sign-in, while the user types: load the desk's modules."""

    def _sign_in_demo(self) -> None:
        raise NotImplementedError

    # ---- the sign-in while the database opens --------------------------------------------------

    def start(self) -> None:
        """At launch, before the database is open: the user can type while it opens."""
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
            if not self.login.isVisible():  # back after the error's Retry
                self.login.clear_error()
                self.login.open()
            if status.embedded and status.synthetic:  # (on screen: the dialog grows to fit it)
                self.login.set_demo_password(self.backend.demo_password())
            if not self._warming:
                self._warming = True

                def warm() -> None:  # behind the sign-in, while the user types
                    self._warm_up()
                    self._station_services()  # (a failure is the sign-in's to report)

                run_task(
                    warm, lambda _none, error: log.info("warm-up: %s", error) if error else None
                )
        elif self.scene is not None and self.hall is None:
            run_task(self._station_services, self._on_services)

    def _on_status_error(self, _code: str, _detail: str) -> None:
        # The window shows the error and its Retry: the sign-in waits for the database.
        if self.login is not None and self.principal is None:
            self.login.hide()

    def _show_login(self) -> None:
        station: str = self.config.station

        def sign_in(user: str, password: str) -> Principal:
            services = self._station_services()  # on the worker, once the database is open
            self._take(services)
            hall: SignInHall = services.hall
            return hall.auth.sign_in(user, password, station)

        self._open_login(sign_in, database_ready=False)

    def _open_login(
        self, sign_in: Callable[[str, str], Any], *, database_ready: bool
    ) -> LoginDialog:
        """The sign-in dialog over the window; a sign-in goes to ``_on_signed_in``."""
        login = LoginDialog(sign_in, self.window.header.station_label.text(), parent=self.window)
        self.login = login
        login.set_database_ready(database_ready)
        login.sig_signed_in.connect(self._on_signed_in)
        login.open()
        return login

    def _on_services(self, services: Any, error: BaseException | None) -> None:
        """A demo scene: the services are up; sign the demo user in."""
        if error is not None or services is None:
            self._services_failed(error)
            return
        self._take(services)
        self._sign_in_demo()

    def _services_failed(self, error: BaseException | None) -> None:
        log.error(self.services_failure, exc_info=error)
        self.window.show_desk_error(error or RuntimeError("no services"), kind=self.desk_kind)
        self.sig_scene_ready.emit(False)

    def _take(self, services: Any) -> None:
        self.services = services
        self.hall, self.desk = services.hall, services.desk

    def _sign_in_demo_as(self, hall: Any, sign_in: Callable[[], Any]) -> None:
        """A demo scene signs its demo account in (on the worker; ``hall`` must be the demo's)."""

        def work() -> Any:
            if not hall.demo:
                raise RuntimeError("--scene runs only on the embedded synthetic demo registry")
            return sign_in()

        def done(principal: Any, error: BaseException | None) -> None:
            if error is not None or principal is None:
                log.error("demo sign-in failed: %s", error, exc_info=error)
                self.sig_scene_ready.emit(False)
                return
            self._on_signed_in(principal)

        run_task(work, done)

    # ---- signed in -----------------------------------------------------------------------------

    def _check_own_password(self, principal: Principal) -> None:
        """Outside the scenes: an administrator set this password? Ask for the user's own."""
        hall = self.hall
        assert hall is not None
        if self.scene is None:
            run_task(
                lambda: hall.auth.needs_password_change(principal),
                lambda must, _e: self._ask_new_password(principal) if must else None,
            )

    def _ask_new_password(self, principal: Principal) -> None:
        """An administrator set this password: the user chooses their own before working."""
        from ui.dialogs.change_password_dialog import ChangePasswordDialog

        hall = self.hall
        assert hall is not None
        dialog = ChangePasswordDialog(
            lambda old, new: hall.auth.change_password(principal, old, new), self.window
        )
        self.password_dialog = dialog
        dialog.open()

    def _install_idle_lock(self, principal: Principal, minutes: int) -> None:
        """Outside the scenes, lock the screen after ``minutes`` idle (0: never)."""
        from ui.idle_lock import install_idle_lock

        hall = self.hall
        assert hall is not None
        if minutes <= 0 or self.scene is not None:
            return
        self._idle = install_idle_lock(
            self.window,
            lambda password: hall.auth.unlock_screen(principal, password),
            idle_minutes=minutes,
            user_text=principal.display_name or principal.user,
        )
        # On the record: the work was hidden (the unlock is audited by unlock_screen).
        self._idle[1].sig_locked.connect(
            lambda: run_task(lambda: hall.auth.screen_locked(principal), log_failure)
        )

    def _is_locked(self) -> bool:
        return self._idle is not None and bool(self._idle[1].is_locked())

    def _follow_hall(self, make: Callable[[], LiveFeed | None]) -> LiveFeed | None:
        """The station's one live feed for all its pages, started once (``make`` builds and
        starts it); None: the pages refresh on their slow timers only (a failure is logged)."""
        if self.feed is None:
            try:
                self.feed = make()
            except Exception:  # the pages still refresh on their slow timers
                log.exception("no live updates for the %s station", self.desk_kind)
        return self.feed

    def _sign_out(self) -> None:
        """The session ends with the window: the live feed stops; the sign-out is on the record,
        once (a database gone is logged)."""
        if self.feed is not None:
            self.feed.stop()
        principal, self.principal = self.principal, None
        if principal is None or self.hall is None or self.scene is not None:
            return
        try:
            self.hall.auth.sign_out(principal)
        except CodedError as exc:
            log.warning("sign-out not recorded: %s", exc.code)

    # ---- demo scenes ---------------------------------------------------------------------------

    def _ready_when_painted(self, widget: QWidget) -> None:
        """The scene is ready once ``widget`` has been painted (and that paint pass is over)."""
        spy = FirstPaint(widget, lambda: self.sig_scene_ready.emit(True))
        widget.installEventFilter(spy)
        widget.update()

    def _tap_when_ready(self, tries: int = 200) -> None:
        """Tap the demo card once the demo reader is there (10 s at most)."""
        if self.demo_tap is not None:
            self.demo_tap()
            return
        if tries <= 0:
            log.error("demo scene: no demo reader")
            self.sig_scene_ready.emit(False)
            return
        QTimer.singleShot(50, lambda: self._tap_when_ready(tries - 1))


class PageStation(SignInStation):
    """A station that shows one page (or window of pages) and reads no cards: the review desk,
    the supervisor's station.

    The station provides ``_open_page(principal)`` (after sign-in; it sets ``page``, which has
    ``stop()``), ``scene_user`` (the demo account its scenes sign in with) and may override
    ``_demo_data`` (on the worker, before the demo sign-in: the demo data the scene needs).
    """

    #: The demo account a scene signs in with.
    scene_user = ""
    #: The page on screen after sign-in (its ``stop()`` is called at close).
    page: Any = None

    def _open_page(self, principal: Principal) -> None:
        raise NotImplementedError

    def _demo_data(self) -> None:
        """On the worker before a scene's sign-in: make sure the demo data is there."""

    def _sign_in_demo(self) -> None:
        hall, backend, station, user = self.hall, self.backend, self.config.station, self.scene_user
        assert hall is not None

        def sign_in() -> Principal:
            self._demo_data()
            principal: Principal = hall.auth.sign_in(user, backend.demo_password(), station)
            return principal

        self._sign_in_demo_as(hall, sign_in)

    def _on_signed_in(self, principal: Principal) -> None:
        assert self.hall is not None
        self._check_own_password(principal)
        self.principal = principal
        self._open_page(principal)

    def _on_scene_error(self, text: str) -> None:
        log.error("%s scene failed: %s", self.desk_kind, text)
        self.sig_scene_ready.emit(False)

    def attach_reader(self, adapter: ReaderAdapter, demo_tap: Callable[[], None] | None) -> None:
        """This station reads no cards (the reader panel still shows its state)."""

    def close(self) -> None:
        if self.page is not None:
            self.page.stop()
        self._sign_out()


def log_failure(_result: object, error: BaseException | None) -> None:
    """A ``run_task`` callback for audit events: a failure is logged, never shown."""
    if error is not None:
        code = error.code if isinstance(error, CodedError) else type(error).__name__
        log.warning("audit event not recorded: %s", code)


class FirstPaint(QObject):
    """Calls ``then`` (from the event loop) after the watched widget's first paint."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # the rest of this paint pass first
        return False
