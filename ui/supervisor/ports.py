"""What the supervisor's pages know of the core: small protocols the services satisfy.

``DashboardBackend`` is :class:`desktop.services.oversight.OversightService`; tests hand in a
fake. Records are the frozen ones of :mod:`desktop.domain.oversight`.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from desktop.domain.oversight import Dashboard, Period
from desktop.domain.permissions import Principal

__all__ = ["DashboardBackend"]


class DashboardBackend(Protocol):
    """The dashboard's figures (called on the worker thread)."""

    def dashboard(self, principal: Principal, period: Period | None = None) -> Dashboard: ...

    def today(self) -> date:
        """Today in the hall (the period chooser's end)."""
        ...
