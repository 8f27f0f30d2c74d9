"""What the UI tests share: nothing a test started may outlive it — no background task, no
log handler, font or locale that ``desktop.app.launch`` set."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale
from PySide6.QtWidgets import QApplication

from ui.tasks import wait_for_tasks


@pytest.fixture(autouse=True)
def _no_leaks(qapp: QApplication) -> Iterator[None]:
    """Fail the test whose background task (``ui.tasks.run_task``) is still running after it —
    a late answer would land in the next test's widgets — and take away the windows it left
    open (a modal dialog left showing would block the next test's)."""
    before = set(QApplication.topLevelWidgets())
    yield
    assert wait_for_tasks(30_000), "a background task outlived its test"
    left = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
    for widget in left:
        widget.hide()
        widget.deleteLater()
    if left:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def app_state(qapp: QApplication) -> Iterator[None]:
    """Undo what launch() does to the process: log handlers, application font, locale."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    font, locale = qapp.font(), QLocale()
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    qapp.setFont(font)
    QLocale.setDefault(locale)
