"""Fixtures for the reader tests.

The PC/SC fixtures (``pcscd``, ``pcscd_running``, ``virtual_card``) live in ``tests/conftest.py``
so the clerk window's end-to-end tests (tests/ui) share the one daemon of a test session.

* ``thread_failures`` (autouse): fails a test during which any thread died of an exception.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def thread_failures() -> Iterator[list[threading.ExceptHookArgs]]:
    seen: list[threading.ExceptHookArgs] = []
    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        seen.append(args)
        previous(args)

    threading.excepthook = hook
    try:
        yield seen
    finally:
        threading.excepthook = previous
    assert not seen, f"a thread died: {[(a.thread, a.exc_value) for a in seen]}"
