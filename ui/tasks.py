"""The one helper for background work: run a function off the GUI thread, get
``(result, error)`` back on it.

Modelled on Picard's ``run_task(func, callback)`` and Anki's ``QueryOp``::

    run_task(lambda: service.lookup(number), self._on_lookup_done)

    def _on_lookup_done(self, result, error):   # always called on the GUI thread
        if error is not None:
            ...                                 # errors are delivered, never raised
        else:
            ...

With ``on_progress`` the function receives one argument, a thread-safe ``report(*args)``
callable; ``on_progress(*args)`` is then called on the GUI thread. Reports are coalesced: when
the GUI is busy, only the newest report is delivered (a progress bar needs no history), and the
last one is always delivered before ``on_done``.

Tasks run one at a time, in the order they were submitted, on one worker thread: database work
is serialised on a single worker as Anki serialises collection access. Nothing here touches a
widget from the worker thread; callbacks run on the thread that owns the application.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")

#: ``on_done(result, error)``: exactly one of the two is meaningful (``error`` None on success).
DoneCallback = Callable[[T | None, BaseException | None], None]
ProgressCallback = Callable[..., None]

_pool: QThreadPool | None = None
#: Deliveries whose task has not finished yet (keeps their Python wrappers alive).
_pending: set[_Delivery] = set()


def thread_pool() -> QThreadPool:
    """The worker pool behind :func:`run_task`: one thread, tasks in submission order."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setObjectName("onewindow-tasks")
        _pool.setMaxThreadCount(1)
    return _pool


def wait_for_tasks(timeout_ms: int = -1) -> bool:
    """Block until all submitted tasks have run (at shutdown); False on timeout."""
    if _pool is None:
        return True
    return _pool.waitForDone(timeout_ms)


class _Delivery(QObject):
    """Lives on the GUI thread; the worker emits its signals, Qt queues them to the GUI thread."""

    sig_done = Signal(object, object)
    sig_progress = Signal()

    def __init__(
        self,
        on_done: Callable[[Any, BaseException | None], None],
        on_progress: ProgressCallback | None,
    ) -> None:
        super().__init__()
        self._done_callback = on_done
        self._progress_callback = on_progress
        self._lock = threading.Lock()
        self._latest: tuple[Any, ...] | None = None
        self._progress_queued = False
        # Queued even when emitted on the GUI thread: on_done never runs inside run_task().
        self.sig_done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self.sig_progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)

    def report(self, *args: Any) -> None:
        """Called on the worker thread by the task's function."""
        with self._lock:
            self._latest = args
            if self._progress_queued:
                return  # the queued delivery will pick up these newer values
            self._progress_queued = True
        self.sig_progress.emit()

    @Slot()
    def _on_progress(self) -> None:
        with self._lock:
            args, self._latest = self._latest, None
            self._progress_queued = False
        if args is not None and self._progress_callback is not None:
            self._progress_callback(*args)

    @Slot(object, object)
    def _on_done(self, result: Any, error: BaseException | None) -> None:
        _pending.discard(self)
        self._on_progress()  # a report that raced the end of the task is not lost
        done, self._done_callback = self._done_callback, _done_func
        self._progress_callback = None
        # The callbacks (and the widgets their closures hold) are released here, on the GUI
        # thread: the worker's task may drop the last reference to this delivery after this
        # ran, and a widget whose last reference a callback held would be destroyed there.
        done(result, error)


class _Task(QRunnable):
    def __init__(self, func: Callable[..., Any], delivery: _Delivery, with_progress: bool) -> None:
        super().__init__()
        self._func = func
        self._delivery = delivery
        self._with_progress = with_progress

    def run(self) -> None:
        threading.current_thread().name = "onewindow-task"  # names the worker in the log
        try:
            result = self._func(self._delivery.report) if self._with_progress else self._func()
        except BaseException as exc:  # delivered to on_done, which decides what to say
            log.debug("background task %r failed: %r", self._func, exc)
            self._delivery.sig_done.emit(None, exc)
        else:
            self._delivery.sig_done.emit(result, None)
        finally:
            self._func = _done_func  # drop references held by the closure promptly


def _done_func(*_args: Any) -> None:
    return None


def while_open(
    owner: QObject, is_open: Callable[[], bool], done: DoneCallback[T], what: str
) -> DoneCallback[T]:
    """``done``, unless ``owner`` is gone (its window closed) or no longer ``is_open()`` by the
    time the answer arrives; a dropped answer is logged as for ``what`` (a closed page's)."""

    def deliver(result: T | None, error: BaseException | None) -> None:
        if shiboken6.isValid(owner) and is_open():
            done(result, error)
        else:
            log.debug("dropped a worker answer for %s", what)

    return deliver


def run_task(
    func: Callable[..., T],
    on_done: DoneCallback[T],
    *,
    on_progress: ProgressCallback | None = None,
) -> None:
    """Run ``func`` on the worker thread; call ``on_done(result, error)`` on the GUI thread.

    ``func()`` is called without arguments, or as ``func(report)`` when ``on_progress`` is
    given. Any exception ``func`` raises is passed to ``on_done`` as ``error``.
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("run_task() needs a QApplication")
    delivery = _Delivery(on_done, on_progress)
    delivery.moveToThread(app.thread())  # a no-op on the GUI thread; from a worker, answer there
    _pending.add(delivery)
    thread_pool().start(_Task(func, delivery, on_progress is not None))
