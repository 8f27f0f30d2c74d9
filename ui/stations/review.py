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
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

from ui.main_window import MainWindow
from ui.stations.session import PageStation, SignInHall

if TYPE_CHECKING:
    from desktop.domain.matters.loader import MatterCatalog
    from desktop.domain.permissions import Principal
    from ui.live import LiveFeed
    from ui.review.ports import ReviewBackend
    from ui.review.review_page import ReviewPage

log = logging.getLogger(__name__)

SCENES = ("review",)
#: The demo account a scene signs in with, and how many demo cases it makes sure exist.
SCENE_USER = "approver-police"
SCENE_CASES = 12


class ReviewHall(SignInHall, Protocol):
    """What the station uses of the hall (``desktop.services.hall.Hall``)."""

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
    #: The desk's name in the header after sign-in, when the hall named the station ("": the
    #: default name, the header says "Review desk" in the interface language).
    desk_name: str = ""


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


class ReviewSession(PageStation, QObject):
    """An approver's session: sign-in, the review page, idle lock, live refresh."""

    sig_desk_ready = Signal(object)
    sig_scene_ready = Signal(bool)
    services_failure = "the review desk's services cannot start"
    desk_kind = "review"
    scene_user = SCENE_USER

    def __init__(
        self,
        window: MainWindow,
        backend: ReviewStationBackend,
        *,
        language: str,
        scene: str | None = None,
    ) -> None:
        QObject.__init__(self, window)
        PageStation.__init__(self, window, backend, language=language, scene=scene)
        self.backend: ReviewStationBackend = backend
        self.config: ReviewConfig = backend.review_config()
        self.hall: ReviewHall | None = None
        self.desk: ReviewBackend | None = None
        self.page: ReviewPage | None = None

    # ---- sign-in (``SignInStation``) ------------------------------------------------------------

    def _station_services(self) -> ReviewServices:
        return self.backend.review_services()

    def _warm_up(self) -> None:
        import ui.review.review_page  # noqa: F401  (behind the sign-in)

    def _demo_data(self) -> None:
        self.backend.review_demo_cases(SCENE_CASES)

    # ---- the desk -----------------------------------------------------------------------------

    def _open_page(self, principal: Principal) -> None:
        from ui.clerk.texts import pick
        from ui.review.review_page import ReviewPage

        assert self.desk is not None and self.hall is not None
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
        self.window.show_desk(page, principal.display_name or principal.user, kind="review")
        self._name_the_desk(principal)
        feed = self._follow_hall(self.backend.review_feed)
        if feed is not None:
            page.attach_feed(feed)
        self._install_idle_lock(principal, self.config.idle_lock_minutes)
        if self.scene is not None:
            page.sig_task_opened.connect(self._on_scene_task)
            page.sig_error.connect(self._on_scene_error)
            page.sig_claimed_next.connect(self._on_scene_claimed)
        page.set_principal(principal)
        self.sig_desk_ready.emit(principal)
        if self.scene is not None:
            page.claim_next()

    def _name_the_desk(self, principal: Principal) -> None:
        """The header says whose desk this is: the desk and the approver's departments."""
        from ui.main_window import desk_name
        from ui.review.texts import department_names

        assert self.hall is not None
        header = self.window.header
        known = {d.code: d for m in self.hall.catalog for d in m.departments}
        header.set_station(
            replace(
                header.station,
                station_name=self.config.desk_name or desk_name("review"),
                detail=department_names(principal.departments, known, self.language),
            )
        )

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
