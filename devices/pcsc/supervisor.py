"""Keeping the worker's PC/SC context alive while the smart-card service comes and goes.

pcscd can stop (an update, a crash, ``systemctl restart``); Windows stops its smart-card service
when the last reader is unplugged. A context then stays dead for good: every call on it fails.
:class:`ContextSupervisor` owns the one context of the worker thread: it establishes it, drops it
when a call reports the service gone, and tries again at once and then every ``retry_interval``
seconds until the service answers — so the backend resumes without restarting the application.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from devices.pcsc.winscard import PcscApi, PcscError

__all__ = ["ContextSupervisor"]

_log = logging.getLogger(__name__)


class ContextSupervisor:
    """The PC/SC context of one worker thread.

    :meth:`ensure`, :meth:`lost` and :meth:`close` belong to the worker thread; :meth:`cancel`
    may be called from any thread to wake the worker out of a blocking wait.
    """

    def __init__(
        self,
        api: PcscApi,
        *,
        retry_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._api = api
        self._retry = retry_interval
        self._clock = clock
        self._lock = threading.Lock()  # guards _context against cancel() from other threads
        self._context: int | None = None
        self._since = 0.0
        self._next_attempt = 0.0
        self.last_error: PcscError | None = None

    @property
    def context(self) -> int | None:
        return self._context

    def ensure(self) -> int | None:
        """The live context, establishing one when the time has come; None while the service
        is unavailable (``last_error`` says why)."""
        if self._context is not None:
            return self._context
        now = self._clock()
        if now < self._next_attempt:
            return None
        try:
            context = self._api.establish()
        except PcscError as err:
            if self.last_error is None or self.last_error.rc != err.rc:
                _log.warning("smart-card service unavailable: %s", err)
            self.last_error = err
            self._next_attempt = now + self._retry
            return None
        with self._lock:
            self._context = context
        if self.last_error is not None:
            _log.info("smart-card service is back")
        self.last_error = None
        self._since = now
        return context

    def seconds_until_retry(self) -> float:
        return max(0.0, self._next_attempt - self._clock())

    def lost(self, err: PcscError | None = None) -> None:
        """Drop the context after a call reported the service gone (or an unexpected failure).

        The next :meth:`ensure` tries again at once — unless the context died within one retry
        interval of being made, which would otherwise spin."""
        with self._lock:
            context, self._context = self._context, None
        if context is not None:
            self._api.release(context)
        now = self._clock()
        self._next_attempt = now if now - self._since >= self._retry else now + self._retry
        if err is not None:
            _log.info("PC/SC context lost: %s", err)

    def cancel(self) -> None:
        """Wake the owner thread out of a blocking status wait (any thread)."""
        with self._lock:
            context = self._context
        if context is not None:
            self._api.cancel(context)

    def close(self) -> None:
        with self._lock:
            context, self._context = self._context, None
        if context is not None:
            self._api.release(context)
