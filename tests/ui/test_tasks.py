"""ui.tasks.run_task: work off the GUI thread, (result, error) delivered on it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from typing import Any

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from ui.tasks import run_task, wait_for_tasks


class Recorder:
    """Collects on_done calls with the thread they arrived on."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, BaseException | None]] = []
        self.threads: list[tuple[QThread, int]] = []

    def __call__(self, result: Any, error: BaseException | None) -> None:
        self.calls.append((result, error))
        self.threads.append((QThread.currentThread(), threading.get_ident()))


def _on_gui_thread(thread: tuple[QThread, int], app: QApplication) -> bool:
    qthread, ident = thread
    return qthread == app.thread() and ident == threading.main_thread().ident


def test_result_is_delivered_on_the_gui_thread(qtbot, qapp: QApplication) -> None:
    worker: list[tuple[QThread, int]] = []

    def work() -> int:
        worker.append((QThread.currentThread(), threading.get_ident()))
        return 42

    done = Recorder()
    run_task(work, done)
    qtbot.waitUntil(lambda: bool(done.calls))
    assert done.calls == [(42, None)]
    assert not _on_gui_thread(worker[0], qapp), "the work ran on the GUI thread"
    assert _on_gui_thread(done.threads[0], qapp)


def test_an_error_is_delivered_not_raised(qtbot, qapp: QApplication) -> None:
    def work() -> None:
        raise ValueError("broken on purpose")

    done = Recorder()
    run_task(work, done)
    qtbot.waitUntil(lambda: bool(done.calls))
    result, error = done.calls[0]
    assert result is None
    assert isinstance(error, ValueError)
    assert str(error) == "broken on purpose"
    assert _on_gui_thread(done.threads[0], qapp)


def test_on_done_never_runs_inside_run_task(qtbot) -> None:
    done = Recorder()
    run_task(lambda: "quick", done)
    assert wait_for_tasks(10_000)
    assert done.calls == []  # queued to the event loop, not called from run_task or the worker
    qtbot.waitUntil(lambda: bool(done.calls))
    assert done.calls == [("quick", None)]


def test_progress_reaches_the_gui_thread_and_the_last_report_is_kept(
    qtbot, qapp: QApplication
) -> None:
    reports: list[tuple[tuple[Any, ...], tuple[QThread, int]]] = []
    order: list[str] = []

    def on_progress(*args: Any) -> None:
        reports.append((args, (QThread.currentThread(), threading.get_ident())))
        order.append("progress")

    def work(report: Any) -> str:
        for i in range(1, 2001):
            report("persons", i, 2000)
        return "seeded"

    done = Recorder()

    def on_done(result: Any, error: BaseException | None) -> None:
        order.append("done")
        done(result, error)

    run_task(work, on_done, on_progress=on_progress)
    qtbot.waitUntil(lambda: bool(done.calls))
    assert done.calls == [("seeded", None)]
    assert reports, "no progress was delivered"
    assert reports[-1][0] == ("persons", 2000, 2000)
    assert all(_on_gui_thread(thread, qapp) for _args, thread in reports)
    assert order[-1] == "done"
    assert order.count("done") == 1
    dones = [args[1] for args, _thread in reports]
    assert dones == sorted(dones), "progress went backwards"


def test_tasks_run_one_at_a_time_in_submission_order(qtbot) -> None:
    running = threading.Lock()
    overlapped: list[int] = []
    ran: list[int] = []

    def make(i: int) -> Any:
        def work() -> int:
            if not running.acquire(blocking=False):
                overlapped.append(i)
                return i
            try:
                ran.append(i)
                return i
            finally:
                running.release()

        return work

    done = Recorder()
    for i in range(5):
        run_task(make(i), done)
    qtbot.waitUntil(lambda: len(done.calls) == 5)
    assert ran == [0, 1, 2, 3, 4]
    assert overlapped == []
    assert [r for r, _e in done.calls] == [0, 1, 2, 3, 4]


def test_a_task_submitted_from_another_thread_still_answers_on_the_gui_thread(
    qtbot, qapp: QApplication
) -> None:
    done = Recorder()
    submitter = threading.Thread(target=lambda: run_task(lambda: "from afar", done))
    submitter.start()
    submitter.join()
    qtbot.waitUntil(lambda: bool(done.calls))
    assert done.calls == [("from afar", None)]
    assert _on_gui_thread(done.threads[0], qapp)


def test_what_a_callback_holds_is_released_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A page whose last reference is its pending callback's closure must not be destroyed by
    the worker dropping the finished task (a QWidget destroyed off its thread crashes)."""
    released: list[int] = []

    class Held:
        def __del__(self) -> None:
            released.append(threading.get_ident())

    main = threading.get_ident()
    for _ in range(30):
        held = Held()
        done = threading.Event()

        def on_done(
            _result: Any,
            _error: BaseException | None,
            held: Held = held,
            done: threading.Event = done,
        ) -> None:
            done.set()

        run_task(lambda: None, on_done)
        del held, on_done  # the callback's closure is now the only holder
        qtbot.waitUntil(done.is_set, timeout=5_000)
        assert wait_for_tasks(5_000)
    qtbot.waitUntil(lambda: len(released) == 30, timeout=5_000)
    assert set(released) == {main}


def test_while_open_drops_an_answer_for_a_page_stopped_or_gone(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    from ui.tasks import while_open

    got: list[tuple[Any, Any]] = []
    page, open_ = QObject(), [True]
    run_task(lambda: 1, while_open(page, lambda: open_[0], lambda r, e: got.append((r, e)), "p"))
    qtbot.waitUntil(lambda: got == [(1, None)], timeout=5_000)
    open_[0] = False  # the page stopped: its answers are dropped
    run_task(lambda: 2, while_open(page, lambda: open_[0], lambda r, e: got.append((r, e)), "p"))
    assert wait_for_tasks(5_000)
    qtbot.wait(50)
    assert got == [(1, None)]
    open_[0] = True
    deliver = while_open(page, lambda: open_[0], lambda r, e: got.append((r, e)), "p")
    page.deleteLater()  # the window closed before the answer came
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    run_task(lambda: 3, deliver)
    assert wait_for_tasks(5_000)
    qtbot.wait(50)
    assert got == [(1, None)]
