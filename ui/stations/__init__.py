"""The stations: which windows a station builds, by its ``[station] kind`` setting.

A station is the Qt wiring of one kind of workplace over the main window: the clerk's service
window and the approvers' review desk today; the self-service kiosk, the queue display and the
supervisor's screen slot in here as they are built. The composition root (``desktop.app``)
picks the builder with :func:`builder_for` and hands it the window, a backend (which gives the
station its configuration and its services, as objects that satisfy the station's protocols: no
database code and no settings module is imported here), the language and the demo scene.
Builders import their station's module when called.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import SignalInstance

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.reader.adapter import ReaderAdapter

__all__ = ["STATIONS", "Station", "StationBuilder", "builder_for"]

log = logging.getLogger(__name__)

#: The station every kind not built yet falls back to (as every station did before kinds).
DEFAULT_KIND = "window"


class Station(Protocol):
    """What the composition root drives of a station, whatever its kind."""

    #: Its work screen is on screen for this principal (the reader is built after it in a scene).
    sig_desk_ready: SignalInstance
    #: A ``--scene`` is fully painted (True) or failed (False).
    sig_scene_ready: SignalInstance

    def start(self) -> None:
        """At launch, with the window on screen and before the database is open."""
        ...

    def attach_reader(self, adapter: ReaderAdapter, demo_tap: Callable[[], None] | None) -> None:
        """The card reader is up (built off the GUI thread after the registry)."""
        ...

    def close(self) -> None:
        """The app is closing: keep unsaved work, stop the station's threads."""
        ...


class StationBuilder(Protocol):
    def __call__(
        self,
        window: MainWindow,
        backend: Any,
        *,
        language: str,
        scene: str | None = None,
    ) -> Station: ...


def _lazy(module: str, name: str) -> StationBuilder:
    """The builder of the station class ``name`` of ``module``, imported when called."""

    def build(
        window: MainWindow,
        backend: Any,
        *,
        language: str,
        scene: str | None = None,
    ) -> Station:
        station: Station = getattr(importlib.import_module(module), name)(
            window, backend, language=language, scene=scene
        )
        return station

    return build


#: ``[station] kind`` → the station's builder (see ``desktop.config.settings.STATION_KINDS``).
STATIONS: dict[str, StationBuilder] = {
    "window": _lazy("ui.stations.clerk", "ClerkSession"),
    "review": _lazy("ui.stations.review", "ReviewSession"),
    "kiosk": _lazy("ui.stations.kiosk", "KioskSession"),
    "display": _lazy("ui.stations.display", "DisplayStation"),
    "supervisor": _lazy("ui.stations.supervisor", "SupervisorSession"),
}


def builder_for(kind: str) -> StationBuilder:
    """The builder of a station kind; a kind not built yet gets the clerk's window, logged."""
    builder = STATIONS.get(kind)
    if builder is None:
        log.warning("no %r station yet: this computer shows the %r station", kind, DEFAULT_KIND)
        builder = STATIONS[DEFAULT_KIND]
    return builder
