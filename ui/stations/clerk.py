"""The clerk's station: the windows a service window (``[station] kind = "window"``) builds.

Once the registry is up: get the station's services from the composition root (a
:class:`ClerkBackend`, which ``desktop.app`` provides over :class:`~desktop.services.hall.Hall`)
off the GUI thread, sign the clerk in (the login dialog; for the demo scenes the documented demo
account), show the desk, connect the card reader to it, start the print thread, lock the screen
after idle time, and offer to resume unfinished work (a draft in the database, or one kept on
this computer while the database was away). This module imports no database code: the
composition root hands it the services as objects that satisfy the protocols below.

``--scene`` drives the demo for screenshots and benchmarks: ``login`` (the sign-in painted and
taking keys, which it does while the database is still opening), ``waiting`` (signed in, waiting for
a card), ``prefilled`` (a demo card tapped, residence registration pre-filled), ``accepted``
(that case accepted, its notice printed to PDF and previewed).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.live import ChangeSource, LiveFeed
from ui.main_window import MainWindow
from ui.reader.adapter import ReaderAdapter
from ui.stations.session import SignInHall, SignInStation, StationAuth
from ui.tasks import run_task

if TYPE_CHECKING:  # the desk and the print thread load on the worker
    from desktop.domain.cases import DraftRecord
    from desktop.domain.matters.loader import MatterCatalog
    from desktop.domain.permissions import Principal
    from printing.dispatch import DocumentArchive, JobQueue, PrintDispatcher
    from ui.clerk.calling_strip import CallingStrip
    from ui.clerk.declarations import DeclarationDesk, DeclarationsControl
    from ui.clerk.desk_page import DeskBackend, DeskPage
    from ui.clerk.reception import ReceptionPage

log = logging.getLogger(__name__)

SCENES = ("waiting", "prefilled", "accepted", "reception")


#: The station's auth (kept under the clerk's name: ``ui.stations.session.StationAuth``).
ClerkAuth = StationAuth


class ClerkHall(SignInHall, Protocol):
    """What the station uses of the hall's services (``desktop.services.hall.Hall``)."""

    @property
    def catalog(self) -> MatterCatalog: ...

    @property
    def today(self) -> Callable[[], date]: ...

    @property
    def print_queue(self) -> JobQueue[Any]: ...

    @property
    def documents(self) -> DocumentArchive: ...


@dataclass(frozen=True, slots=True)
class ClerkServices:
    """The station's services over the open database: the hall and the clerk's desk on it."""

    hall: ClerkHall
    desk: DeskBackend
    #: The kiosk declarations waiting for a clerk (``KioskDesk``); None: no list.
    declarations: DeclarationDesk | None = None
    #: A change listener (not started) for the live count of declarations; None: polls only.
    changes: Callable[[], ChangeSource] | None = None


@dataclass(frozen=True, slots=True)
class ClerkConfig:
    """The station's settings, as the clerk's station uses them."""

    #: How the audit log names this station (``[station]``'s name and window number).
    station: str
    #: Minutes without input before the screen locks (0: never).
    idle_lock_minutes: int
    #: Where documents go as PDF files when the computer has no printer.
    pdf_dir: Path
    #: Drafts kept on this computer while the database is away (one entry per person).
    local_draft_file: Path
    #: The hall's time zone (``[cases] utc_offset_minutes``): dates in PDF file names.
    hall_tz: tzinfo | None = None
    #: The window's number (the calling strip calls the queues this window serves; 0: none).
    window_number: int = 0
    #: "desk" (a service window) or "reception" (the hall's reception desk: tickets, check-in).
    mode: str = "desk"


class ClerkBackend(Protocol):
    """What the composition root (``desktop.app.RegistryConnection``) gives a clerk's station."""

    def clerk_config(self) -> ClerkConfig: ...

    def clerk_services(self) -> ClerkServices:
        """The services, built once; called on the worker (it may open them)."""
        ...

    def demo_password(self) -> str:
        """The demo accounts' password (only asked once the registry is the synthetic demo)."""
        ...


class ClerkSession(SignInStation, QObject):
    """A clerk's session at a service window: sign-in, desk, reader, print thread, idle lock.

    Built by ``ui.stations.builder_for("window")``; ``backend`` is the composition root's.
    """

    #: The desk is on screen for this principal.
    sig_desk_ready = Signal(object)
    #: A ``--scene`` is fully painted (or failed: False).
    sig_scene_ready = Signal(bool)
    services_failure = "the hall's services cannot start"

    def __init__(
        self,
        window: MainWindow,
        backend: ClerkBackend,
        *,
        language: str,
        scene: str | None = None,
    ) -> None:
        QObject.__init__(self, window)
        SignInStation.__init__(self, window, backend, language=language, scene=scene)
        self.backend: ClerkBackend = backend
        self.config: ClerkConfig = backend.clerk_config()
        #: The hall's services, once the clerk has signed in (or the demo scene has them).
        self.hall: ClerkHall | None = None
        self.desk: DeskBackend | None = None
        self.dispatcher: PrintDispatcher[Any] | None = None
        self.page: DeskPage | None = None
        self.calling_strip: CallingStrip | None = None
        self.declarations: DeclarationsControl | None = None
        #: The services as the backend gave them (the declarations list reads its parts).
        self.services: ClerkServices | None = None
        #: The reception desk's page (``[station] mode = "reception"``) instead of the desk.
        self.reception: ReceptionPage | None = None
        self._scene_called = False
        self.reader: ReaderAdapter | None = None

    @property
    def local_draft_file(self) -> Path:
        return self.config.local_draft_file

    # ---- sign-in (``SignInStation``) -------------------------------------------------------------

    def _station_services(self) -> ClerkServices:
        return self.backend.clerk_services()

    def _warm_up(self) -> None:
        _load_desk_modules()

    def _sign_in_demo(self) -> None:
        hall, backend, station = self.hall, self.backend, self.config.station
        assert hall is not None
        self._sign_in_demo_as(
            hall, lambda: hall.auth.sign_in("clerk", backend.demo_password(), station)
        )

    def _services(self) -> None:
        """The print thread over the hall's print queue (on the GUI thread, once)."""
        from printing.dispatch import PrintDispatcher, SystemPrinters

        hall = self.hall
        assert hall is not None
        if self.dispatcher is None:
            self.dispatcher = PrintDispatcher(
                hall.print_queue,
                hall.documents,
                SystemPrinters(self.config.pdf_dir, tz=self.config.hall_tz),
            )

    # ---- the desk ------------------------------------------------------------------------------

    def _on_signed_in(self, principal: Principal) -> None:
        assert self.hall is not None
        self._services()
        self._check_own_password(principal)
        if self.config.mode == "reception" or self.scene == "reception":
            self._open_reception(principal)
        else:
            self._open_desk(principal)

    def _open_reception(self, principal: Principal) -> None:
        """The hall's reception desk: tickets and booking check-in (``ui.clerk.reception``)."""
        from ui.clerk.reception import ReceptionPage

        self.principal = principal
        queue: Any = getattr(self.hall, "queue", None)
        page = ReceptionPage(
            queue,
            principal,
            language=self.language,
            printer=self.dispatcher,
            feed=self._hall_feed(),
        )
        self.reception = page
        self.window.show_desk(page, principal.display_name or principal.user, kind="reception")
        self._install_idle_lock(principal, self.config.idle_lock_minutes)
        page.setFocus()
        self.sig_desk_ready.emit(principal)
        if self.scene == "reception":
            self._play_reception_scene(page)

    def _hall_feed(self) -> LiveFeed | None:
        """The station's live feed (the reception's waiting counts, the declarations' count),
        started once; None in the demo scenes or without a change listener: the pages poll."""
        services = self.services
        changes = None if services is None or self.scene is not None else services.changes
        if changes is None:
            return None

        def make() -> LiveFeed:
            feed = LiveFeed(changes(), self)
            feed.start()
            return feed

        return self._follow_hall(make)

    def _play_reception_scene(self, page: ReceptionPage) -> None:
        """``--scene reception``: an elderly citizen's ticket for the first service, printed."""

        def taken(_ticket: object) -> None:
            QTimer.singleShot(500, lambda: self.sig_scene_ready.emit(True))

        page.sig_ticket.connect(taken)
        page.select_queue(0)
        page.next_category()
        QTimer.singleShot(300, page.take)

    def _open_desk(self, principal: Principal) -> None:
        from ui.clerk.desk_page import DeskPage

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
        self.window.show_desk(
            self._with_calling_strip(page, principal), principal.display_name or principal.user
        )
        self._install_idle_lock(principal, self.config.idle_lock_minutes)
        self._attach_declarations(principal)
        self.sig_desk_ready.emit(principal)
        if self.scene is None:
            self._offer_resume()
        else:
            self._play_scene()

    def _with_calling_strip(self, page: DeskPage, principal: Principal) -> QWidget:
        """The desk under the calling strip when this window calls a queue (else the desk)."""
        from ui.clerk.calling_strip import CallingStrip

        queue = getattr(self.hall, "queue", None)
        window = self.config.window_number
        config = getattr(queue, "config", None)
        if queue is None or config is None or not config.queues_of_window(window):
            return page
        strip = CallingStrip(queue, principal, window, language=self.language)
        strip.sig_called.connect(lambda _ticket: page.next_person())
        self.calling_strip = strip
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(strip)
        layout.addWidget(page, 1)
        strip.refresh()
        return box

    def _attach_declarations(self, principal: Principal) -> None:
        """The kiosk declarations' list (F8, menu, toolbar badge), when the hall has one."""
        from ui.clerk.declarations import DeclarationsControl

        services = self.services
        if services is None or services.declarations is None or self.declarations is not None:
            return
        self.declarations = DeclarationsControl(
            self.window,
            services.declarations,
            principal,
            self.open_declaration,
            feed=self._hall_feed(),
            english=self.language == "en",
            tz=self.config.hall_tz,
            is_open=lambda draft_id: self.page is not None and self.page.draft_id == draft_id,
        )

    def open_declaration(self, draft: DraftRecord) -> None:
        """A claimed kiosk declaration at the desk: pre-filled from it, the materials to check;
        the person on screen before is put away first (their work kept in its draft)."""
        page = self.page
        if page is None:
            return
        if page.visit is not None:
            page.next_person()
        page.resume(draft)
        if self.window.desk_page is not None:
            self.window.pages.setCurrentWidget(self.window.desk_page)

    def _on_card_read(self, card: object) -> None:
        """A card for the desk, unless the screen is locked (no look-up in the clerk's name)."""
        if self.reception is not None and not self._is_locked():
            self.reception.on_card_read(card)
            return
        if self.page is None:
            return
        if self._is_locked():
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
        strip = self.calling_strip
        if strip is not None and not self._scene_called:
            self._scene_called = True
            self._call_for_scene(strip)
            return
        self._play_desk_scene()

    def _call_for_scene(self, strip: CallingStrip) -> None:
        """A demo scene at a calling window: a ticket is taken and called first (the called
        ticket opens the visit), then the scene goes on (after 5 s at the latest)."""
        queue = getattr(self.hall, "queue", None)
        principal = self.principal
        went_on = False

        def go_on(*_args: object) -> None:
            nonlocal went_on
            if not went_on:
                went_on = True
                QTimer.singleShot(0, self._play_desk_scene)

        def taken(_ticket: object, error: BaseException | None) -> None:
            if error is not None:
                log.warning("demo scene: no ticket taken: %s", error)
                go_on()
                return
            strip.sig_called.connect(go_on)
            strip.call_next()

        QTimer.singleShot(5000, go_on)
        run_task(lambda: queue.take(principal, "A", channel="reception"), taken)  # type: ignore[union-attr]

    def _play_desk_scene(self) -> None:
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

    def close(self) -> None:
        if self.declarations is not None:
            self.declarations.close()
        if self.reception is not None:
            self.reception.close_page()
        if self.page is not None:
            self.page.save_draft_now()
        if self.dispatcher is not None:
            self.dispatcher.close(wait=True)
        self._sign_out()


#: The desk's own modules (the services are the backend's to load, in ``clerk_services``).
DESK_MODULES = ("printing.dispatch", "ui.clerk.desk_page", "ui.idle_lock")


def _load_desk_modules() -> None:
    """Import the desk and its print thread on the worker while the clerk types the password."""
    for name in DESK_MODULES:
        importlib.import_module(name)
