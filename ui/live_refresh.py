"""A page's refresh on the live feed: the changes it cares about, coalesced, and a slow poll.

Every page that follows the hall's changes (``ui.live``) wants the same two timers: a burst of
changes is one refresh, ``coalesce_ms`` after the first of them (a busy hall changes every
second, the page need not follow each), and a fallback poll for a feed that went quiet without
saying so (or a station with no feed at all). :class:`LiveRefresh` is those two timers::

    self.live = LiveRefresh(self.refresh, wants=of_kinds("case", "review"),
                            coalesce_ms=2000, poll_ms=60_000, parent=self)
    self.live.follow(feed)       # the station's feed (None: the poll only)
    ...
    self.live.restart_poll()     # in refresh(): the fallback counts from the last load
    ...
    self.live.stop()             # the page goes away: no more refreshes

The page keeps its own answer guards (sequence numbers, "stopped"); this only decides *when*
to refresh. The feed is the station's: the page never stops it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from ui.live import RESYNC, ChangeFeed

__all__ = ["LiveRefresh", "of_kinds"]


def of_kinds(*kinds: str) -> Callable[[frozenset[str]], bool]:
    """Wants topics of these kinds (``case`` for ``case:<number>``, or the bare ``cases``) and
    the resync ``*``."""
    wanted = frozenset(kinds)

    def wants(topics: frozenset[str]) -> bool:
        return any(t == RESYNC or t.split(":", 1)[0] in wanted for t in topics)

    return wants


class LiveRefresh(QObject):
    """Calls ``refresh`` once per burst of wanted changes, and every ``poll_ms`` as fallback.

    ``wants(topics)`` says whether a set of topics (as the feed emits it) concerns the page;
    it may also look at the page's state (no principal yet: nothing wanted). ``on_poll`` is
    what the poll calls when it is not ``refresh``. With ``debounce`` a change restarts the wait
    (one refresh after the last change of a burst) instead of leaving it running (one refresh
    ``coalesce_ms`` after the first) — but never past ``max_wait_ms`` from the burst's first
    change: a steady stream of changes closer together than the wait still refreshes the page
    once every ``max_wait_ms`` (not only on the poll), and no oftener.
    """

    def __init__(
        self,
        refresh: Callable[[], None],
        *,
        wants: Callable[[frozenset[str]], bool],
        coalesce_ms: int,
        poll_ms: int,
        on_poll: Callable[[], None] | None = None,
        debounce: bool = False,
        max_wait_ms: int = 1_000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._wants = wants
        self._debounce = debounce
        self._max_wait_s = max(coalesce_ms, max_wait_ms) / 1000
        self._burst_from = 0.0  # when the running wait's burst began (monotonic seconds)
        self._stopped = False
        self.coalesce = QTimer(self)
        self.coalesce.setSingleShot(True)
        self.coalesce.setInterval(max(0, coalesce_ms))
        self.coalesce.timeout.connect(refresh)
        self.poll = QTimer(self)
        self.poll.setInterval(max(1, poll_ms))
        self.poll.timeout.connect(on_poll or refresh)

    def follow(self, feed: ChangeFeed | None) -> None:
        """Refresh on ``feed``'s changes (None: no feed, the poll only)."""
        if feed is not None:
            feed.sig_changed.connect(self.on_changes)

    @Slot(object)
    def on_changes(self, topics: object) -> None:
        """A set of changed topics (from the feed, or a test): a refresh soon if wanted."""
        if self._stopped or not isinstance(topics, set | frozenset | list | tuple):
            return
        if self._wants(frozenset(str(t) for t in topics)):
            if not self._debounce or not self.coalesce.isActive():
                self.soon()
            elif (
                time.monotonic() - self._burst_from + self.coalesce.interval() / 1000
                <= self._max_wait_s
            ):
                self.coalesce.start()  # later, after this change — within the burst's limit

    def soon(self) -> None:
        """A refresh after the coalescing wait (unless one is already waiting)."""
        if not self._stopped and not self.coalesce.isActive():
            self._burst_from = time.monotonic()
            self.coalesce.start()

    def restart_poll(self) -> None:
        """Start the fallback poll, or count it again from now (after a load)."""
        if not self._stopped:
            self.poll.start()

    def stop(self) -> None:
        """No more refreshes: both timers stop and later changes are ignored."""
        self._stopped = True
        self.poll.stop()
        self.coalesce.stop()

    @property
    def is_stopped(self) -> bool:
        return self._stopped
