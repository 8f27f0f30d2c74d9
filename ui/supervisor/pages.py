"""The supervisor's pages: the one place a page of the supervisor's window is registered.

The window (:class:`ui.supervisor.window.SupervisorWindow`) lists :data:`PAGES` in order, in a
side list, and builds each page the first time it is opened (the dashboard at once). A page is
a :class:`SupervisorPage`: a key, its translated title and a builder that gets the
:class:`PageContext` — the signed-in principal, the station's services (an object with one
attribute per service: ``oversight`` for the dashboard, ``deadlines`` and ``cases`` for the
deadline board, ``ratings`` for the follow-ups, ``audit`` for the audit log), the live feed, the
hall's time zone and the
language — and returns the page's widget. The builder imports its module when called (the
station starts without loading every page).

To add a page, append one entry::

    SupervisorPage("sweeps", page_title("sweeps"), _sweeps)

where ``_sweeps(context)`` builds the page's widget from ``context.services`` (give
``SupervisorServices`` the service it needs, and ``page_title`` its name). A page's widget may
have ``stop()`` (called when the window closes) and ``refresh()`` (F5 and when it is opened
again); both are optional.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop.domain.permissions import Principal
    from ui.live import LiveFeed

__all__ = ["PAGES", "PageContext", "SupervisorPage", "page_title"]


@dataclass(frozen=True, slots=True)
class PageContext:
    """What a page is built from."""

    principal: Principal
    #: The station's services (``ui.stations.supervisor.SupervisorServices``).
    services: Any
    feed: LiveFeed | None
    tz: tzinfo | None
    language: str
    #: Where exports are offered first.
    export_dir: Path | None = None
    #: Seconds between two refreshes when no live change arrives.
    poll_seconds: int = 60


@dataclass(frozen=True, slots=True)
class SupervisorPage:
    key: str
    #: The page's name in the side list (translated when called).
    title: Callable[[], str]
    build: Callable[[PageContext], QWidget]


def page_title(key: str) -> Callable[[], str]:
    """The translated name of a page of the supervisor's window (the planned ones too)."""

    def title() -> str:
        names = {
            "dashboard": QCoreApplication.translate("SupervisorPages", "Dashboard"),
            "deadlines": QCoreApplication.translate("SupervisorPages", "Deadlines"),
            "followups": QCoreApplication.translate("SupervisorPages", "Rating follow-ups"),
            "audit": QCoreApplication.translate("SupervisorPages", "Audit log"),
        }
        return names.get(key, key)

    return title


def _dashboard(context: PageContext) -> QWidget:
    from ui.supervisor.dashboard import DashboardPage

    page = DashboardPage(
        context.services.oversight,
        tz=context.tz,
        poll_seconds=context.poll_seconds,
        export_dir=context.export_dir,
        matter_names=_matter_names(context),
    )
    if context.feed is not None:
        page.attach_feed(context.feed)
    page.set_principal(context.principal)
    return page


def _matter_names(context: PageContext) -> dict[str, str]:
    """The matters' names in the interface language by code: English ones in English (the
    core's records name matters in Chinese), none in Chinese."""
    if context.language.startswith("zh"):
        return {}
    return dict(context.services.matter_names_en)


def _deadlines(context: PageContext) -> QWidget:
    from ui.supervisor.deadlines import DeadlinesPage

    page = DeadlinesPage(
        context.services.deadlines,
        context.services.cases,
        poll_seconds=context.poll_seconds,
        export_dir=context.export_dir,
        language=context.language,
        matter_names=_matter_names(context),
    )
    if context.feed is not None:
        page.attach_feed(context.feed)
    page.set_principal(context.principal)
    return page


def _followups(context: PageContext) -> QWidget:
    from ui.supervisor.followups import FollowUpsPage

    page = FollowUpsPage(context.services.ratings, language=context.language)
    if context.feed is not None:
        context.feed.sig_changed.connect(page.on_changes)
    page.set_principal(context.principal)
    return page


def _audit(context: PageContext) -> QWidget:
    from ui.supervisor.audit_page import AuditLogPage

    page = AuditLogPage(context.services.audit, tz=context.tz)
    page.set_principal(context.principal)
    return page


#: The supervisor's pages, in the side list's order.
PAGES: tuple[SupervisorPage, ...] = (
    SupervisorPage("dashboard", page_title("dashboard"), _dashboard),
    SupervisorPage("deadlines", page_title("deadlines"), _deadlines),
    SupervisorPage("followups", page_title("followups"), _followups),
    SupervisorPage("audit", page_title("audit"), _audit),
)
