"""The kiosk's station: what a self-service kiosk (``[station] kind = "kiosk"``) builds.

Once the registry is up: get the kiosk's services from the composition root (a
:class:`KioskStationBackend`, which ``desktop.app`` provides over the hall) off the GUI thread,
sign the kiosk account in once (the administrator types its password in the sign-in dialog; a
demo scene uses the documented demo account), then cover the screen with the
:class:`~ui.kiosk.window.KioskWindow` and connect the card reader to it. The main window stays
behind it (hidden): the public never sees a menu.

``--scene`` (demo registry only): ``kiosk-welcome`` (the welcome page), ``kiosk-cases`` (a demo
card tapped: my cases), ``kiosk-declare`` (the self-declaration, pre-filled), ``kiosk-ended``
(the card pulled: the welcome page again, nothing of the person left).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ui.main_window import MainWindow
from ui.reader.adapter import ReaderAdapter
from ui.stations.session import SignInStation
from ui.tasks import run_task

if TYPE_CHECKING:
    from ui.kiosk.window import KioskWindow

log = logging.getLogger(__name__)

SCENES = ("kiosk-welcome", "kiosk-cases", "kiosk-declare", "kiosk-ended")


@dataclass(frozen=True, slots=True)
class KioskConfig:
    station: str
    hall_name: str
    idle_seconds: int
    admin_hold_seconds: int
    pdf_dir: Path
    #: The interface language the app started in (the kiosk's default: Chinese).
    language: str = "zh_CN"


@dataclass(frozen=True, slots=True)
class KioskServices:
    """``hall``: auth, print_queue, documents, demo; ``desk``: the core's kiosk calls;
    ``demo_cases``: gives a demo card cases (the scenes), None outside the demo."""

    hall: Any
    desk: Any
    demo_cases: Callable[[Any], int] | None = None


class KioskStationBackend(Protocol):
    def kiosk_config(self) -> KioskConfig: ...

    def kiosk_services(self) -> KioskServices: ...

    def demo_password(self) -> str: ...


class KioskSession(SignInStation, QObject):
    """The kiosk's station (see the module docstring)."""

    sig_desk_ready = Signal(object)
    sig_scene_ready = Signal(bool)
    # The main window (hidden behind the kiosk) gets no reader panel: it would keep the last
    # card's name.
    main_reader_panel = False
    services_failure = "the kiosk's services cannot start"
    desk_kind = "kiosk"

    def __init__(
        self,
        window: MainWindow,
        backend: KioskStationBackend,
        *,
        language: str,
        scene: str | None = None,
    ) -> None:
        QObject.__init__(self, window)
        SignInStation.__init__(self, window, backend, language=language, scene=scene)
        # Every scene is a demo here (the kiosk's sign-in waits for the services: no ``login``).
        self.scene, self.ready_at_login = scene, False
        self.backend: KioskStationBackend = backend
        self.config: KioskConfig = backend.kiosk_config()
        self.services: KioskServices | None = None
        self.kiosk: KioskWindow | None = None
        self.reader: ReaderAdapter | None = None
        self.dispatcher: Any = None
        self._override: list[Any] = []
        self._asked = False

    # ---- start (the sign-in once the services are up) ----------------------------------------

    def start(self) -> None:
        self.window.sig_status_shown.connect(self._on_status_shown)

    def _on_status_shown(self, _status: object) -> None:
        if self._asked:
            return
        self._asked = True
        run_task(self.backend.kiosk_services, self._on_services)

    def _on_services(self, services: KioskServices | None, error: BaseException | None) -> None:
        if error is not None or services is None:
            self._services_failed(error)
            return
        self.services = services
        if self.scene is not None:
            self._sign_in_demo()
        else:
            self._show_login()

    def _show_login(self) -> None:
        services, station = self.services, self.config.station
        assert services is not None

        def sign_in(user: str, password: str) -> Any:
            return services.hall.auth.sign_in(user, password, station, kiosk=True)

        self._open_login(sign_in, database_ready=True)

    def _sign_in_demo(self) -> None:
        services, backend, station = self.services, self.backend, self.config.station
        assert services is not None

        hall = services.hall
        self._sign_in_demo_as(
            hall, lambda: hall.auth.sign_in("kiosk", backend.demo_password(), station, kiosk=True)
        )

    # ---- the kiosk ---------------------------------------------------------------------------

    def _on_signed_in(self, principal: Any) -> None:
        from printing.dispatch import PrintDispatcher, SystemPrinters
        from ui.kiosk.window import KioskWindow

        services = self.services
        assert services is not None
        self.principal = principal
        if self.login is not None:  # nothing typed stays behind the kiosk (not even undo)
            self.login.hide()
            self.login.deleteLater()
            self.login = None
        hall = services.hall
        self.dispatcher = PrintDispatcher(
            hall.print_queue, hall.documents, SystemPrinters(self.config.pdf_dir)
        )
        kiosk = KioskWindow(
            services.desk,
            principal,
            hall_name=self.config.hall_name,
            printer=self.dispatcher,
            idle_seconds=self.config.idle_seconds,
            admin_hold_seconds=self.config.admin_hold_seconds,
            check_password=lambda password: hall.auth.unlock_screen(principal, password),
            switch_language=self._switch_language,
        )
        self.kiosk = kiosk
        kiosk.sig_admin_exit.connect(self._on_admin_exit)
        if self.scene is not None:
            kiosk.setGeometry(self.window.geometry())
            kiosk.show()
        else:
            kiosk.show_kiosk()
        self.window.hide()
        if self.reader is not None:
            self._connect(self.reader)
        self.sig_desk_ready.emit(principal)
        if self.scene is not None:
            self._play_scene()

    def _switch_language(self, language: str) -> None:
        from ui.i18n import install_translators, remove_translators

        app = QApplication.instance()
        if app is None:
            return
        remove_translators(app, self._override)
        self._override = []
        if language != self.language:
            self._override = install_translators(app, language)

    def attach_reader(self, adapter: ReaderAdapter, demo_tap: Callable[[], None] | None) -> None:
        self.reader = adapter
        self.demo_tap = demo_tap
        if self.kiosk is not None:
            self._connect(adapter)

    def _connect(self, adapter: ReaderAdapter) -> None:
        kiosk = self.kiosk
        assert kiosk is not None
        adapter.sig_card_read.connect(self._on_card_read)
        adapter.sig_state_changed.connect(kiosk.on_reader_state)
        adapter.sig_read_failed.connect(kiosk.on_read_failed)

    def _on_card_read(self, card: Any) -> None:
        kiosk, services = self.kiosk, self.services
        if kiosk is None or services is None:
            return
        if self.scene is not None and services.demo_cases is not None:
            seed = services.demo_cases
            run_task(lambda: seed(card), lambda _n, _e: kiosk.on_card_read(card))
            return
        kiosk.on_card_read(card)

    def _on_admin_exit(self) -> None:
        log.info("the administrator left the kiosk mode")

    # ---- scenes ------------------------------------------------------------------------------

    def _play_scene(self) -> None:
        kiosk = self.kiosk
        assert kiosk is not None
        if self.scene == "kiosk-welcome":
            self._ready_when_painted(kiosk.welcome)
            return

        def on_cases() -> None:
            kiosk.sig_cases_shown.disconnect(on_cases)
            person = kiosk.person
            assert person is not None
            if self.scene == "kiosk-cases":
                self._ready_when_painted(person)
            elif self.scene == "kiosk-declare":
                page: Any = person.open("declare")

                def confirmed(tries: int = 200) -> None:  # the dwelling confirmed: the keypad
                    if page.declaration is None and tries > 0:
                        QTimer.singleShot(50, lambda: confirmed(tries - 1))
                        return
                    if page.declaration is not None:
                        page.yes.click()
                    self._ready_when_painted(page)

                confirmed()
            elif self.scene == "kiosk-ended":
                remove = getattr(self.reader.backend if self.reader else None, "remove", None)
                if remove is not None:
                    remove()
                else:
                    kiosk.on_reader_state("card_removed")

        def on_ended(_reason: str) -> None:
            kiosk.sig_session_ended.disconnect(on_ended)
            self._ready_when_painted(kiosk.welcome)

        kiosk.sig_cases_shown.connect(on_cases)
        if self.scene == "kiosk-ended":
            kiosk.sig_session_ended.connect(on_ended)
        self._tap_when_ready()

    def close(self) -> None:
        if self.kiosk is not None:
            if self.kiosk.session is not None:
                self.kiosk.end_session("done")
            self.kiosk.leave_kiosk_quietly()
        if self.dispatcher is not None:
            self.dispatcher.close(wait=True)
