"""The supervisor's station (效能监察, ``[station] kind = "supervisor"``): the hall's figures,
deadlines, rating follow-ups and the audit log, one page each (``ui.supervisor.pages``).

Like the review desk: the sign-in dialog is on screen while the database opens; the station's
services come from the composition root (a :class:`SupervisorStationBackend`, which
``desktop.app`` provides over the hall) off the GUI thread; after sign-in the supervisor's
window (a side list of pages, the dashboard first) is shown, the screen locks after idle time
and the pages follow the live feed with a slow timer as fallback. No card reader, no print
thread. This module imports no database code.

``--scene supervisor`` signs the demo supervisor in on the synthetic demo registry, makes sure
the hall has a month of synthetic activity (``onewindow-admin demo activity``'s) and is ready
once the dashboard has painted its figures; ``--scene supervisor-deadlines`` opens the deadline
board instead, on its overdue cases, and is ready once the first of them is shown beside the
list (its steps in words).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

from ui.main_window import MainWindow
from ui.stations.session import PageStation, SignInHall

if TYPE_CHECKING:
    from desktop.domain.permissions import Principal
    from ui.live import LiveFeed
    from ui.supervisor.audit_ports import AuditViewerBackend
    from ui.supervisor.deadlines import CaseLookup, DeadlinesBackend
    from ui.supervisor.followups import FollowUpBackend
    from ui.supervisor.ports import DashboardBackend
    from ui.supervisor.window import SupervisorWindow

log = logging.getLogger(__name__)

SCENES = ("supervisor", "supervisor-deadlines")
#: The deadline board's scene and the list it chooses.
DEADLINES_SCENE = "supervisor-deadlines"
#: The demo account a scene signs in with, and the days of activity it makes sure exist.
SCENE_USER = "supervisor"
SCENE_DAYS = 30


@dataclass(frozen=True, slots=True)
class SupervisorServices:
    """The station's services over the open database: the hall, the dashboard's figures, the
    deadline board (and the cases it drills down to), the follow-ups of bad ratings and the
    audit log viewer (``desk``, as every station names its main service, is the dashboard's)."""

    hall: SignInHall
    oversight: DashboardBackend
    ratings: FollowUpBackend
    audit: AuditViewerBackend
    deadlines: DeadlinesBackend
    cases: CaseLookup
    #: The matters' English names by code (the records name them in Chinese).
    matter_names_en: Mapping[str, str] = field(default_factory=dict)

    @property
    def desk(self) -> DashboardBackend:
        return self.oversight


@dataclass(frozen=True, slots=True)
class SupervisorConfig:
    """The station's settings, as the supervisor's window uses them."""

    station: str
    idle_lock_minutes: int
    tz: tzinfo | None = None
    export_dir: Path | None = None
    #: Seconds between two refreshes of a page when no live change arrives.
    poll_seconds: int = 60


class SupervisorStationBackend(Protocol):
    """What the composition root (``desktop.app.RegistryConnection``) gives this station."""

    def supervisor_config(self) -> SupervisorConfig: ...

    def supervisor_services(self) -> SupervisorServices:
        """The services, built once; called on the worker (it may open them)."""
        ...

    def supervisor_feed(self) -> LiveFeed | None:
        """The live feed of changes, started (on the GUI thread, after sign-in)."""
        ...

    def supervisor_demo_activity(self, days: int) -> int:
        """Demo only (the synthetic registry): make sure the hall has ``days`` days of synthetic
        activity; returns how many cases were made. On the worker."""
        ...

    def demo_password(self) -> str: ...


class SupervisorSession(PageStation, QObject):
    """A supervisor's session: sign-in, the supervisor's window, idle lock, live refresh."""

    sig_desk_ready = Signal(object)
    sig_scene_ready = Signal(bool)
    services_failure = "the supervisor's services cannot start"
    desk_kind = "supervisor"
    scene_user = SCENE_USER

    def __init__(
        self,
        window: MainWindow,
        backend: SupervisorStationBackend,
        *,
        language: str,
        scene: str | None = None,
    ) -> None:
        QObject.__init__(self, window)
        PageStation.__init__(self, window, backend, language=language, scene=scene)
        self.backend: SupervisorStationBackend = backend
        self.config: SupervisorConfig = backend.supervisor_config()
        self.services: SupervisorServices | None = None
        self.page: SupervisorWindow | None = None

    # ---- sign-in (``SignInStation``) ------------------------------------------------------------

    def _station_services(self) -> SupervisorServices:
        return self.backend.supervisor_services()

    def _warm_up(self) -> None:
        import ui.supervisor.dashboard  # noqa: F401  (behind the sign-in: Qt Charts loads)

    def _demo_data(self) -> None:
        self.backend.supervisor_demo_activity(SCENE_DAYS)

    # ---- the window ----------------------------------------------------------------------------

    def _open_page(self, principal: Principal) -> None:
        from ui.supervisor.pages import PageContext
        from ui.supervisor.window import SupervisorWindow

        assert self.services is not None
        feed = self._follow_hall(self.backend.supervisor_feed)
        context = PageContext(
            principal=principal,
            services=self.services,
            feed=feed,
            tz=self.config.tz,
            language=self.language,
            export_dir=self.config.export_dir,
            poll_seconds=self.config.poll_seconds,
        )
        page = SupervisorWindow(context)
        self.page = page
        dashboard = page.page("dashboard")
        if self.scene == DEADLINES_SCENE:
            self._play_deadlines_scene(page)
        elif self.scene is not None and dashboard is not None:
            # Ready once the dashboard shows its first figures (its first load is on the
            # worker: the answer comes after these connections).
            dashboard.sig_loaded.connect(self._on_scene_loaded)  # type: ignore[attr-defined]
            dashboard.sig_error.connect(self._on_scene_error)  # type: ignore[attr-defined]
        self.window.show_desk(page, principal.display_name or principal.user, kind="supervisor")
        self._install_idle_lock(principal, self.config.idle_lock_minutes)
        self.sig_desk_ready.emit(principal)

    def _on_scene_loaded(self, _board: object) -> None:
        page = self.page
        assert page is not None
        dashboard = page.page("dashboard")
        if dashboard is not None:
            dashboard.sig_loaded.disconnect(self._on_scene_loaded)  # type: ignore[attr-defined]
            self._ready_when_painted(dashboard)

    def _play_deadlines_scene(self, window: SupervisorWindow) -> None:
        """The deadline board on its overdue cases; ready once the first case is shown."""
        from desktop.domain.deadlines import BoardFilter
        from ui.supervisor.deadlines import DeadlinesPage

        keys = [spec.key for spec in window.specs]
        window.side.setCurrentRow(keys.index("deadlines"))
        board = window.page("deadlines")
        assert isinstance(board, DeadlinesPage)

        def loaded(_board: object) -> None:
            board.sig_loaded.disconnect(loaded)
            if board.board is not None and board.board.cases:
                board.list.table.selectRow(0)
                board.open_case(0)
            else:
                self._ready_when_painted(board)

        def shown(_detail: object) -> None:
            board.sig_case_shown.disconnect(shown)
            self._ready_when_painted(board)

        board.sig_loaded.connect(loaded)
        board.sig_case_shown.connect(shown)
        board.sig_error.connect(self._on_scene_error)
        board.choose(BoardFilter.OVERDUE)  # the first answer (at risk) is dropped
