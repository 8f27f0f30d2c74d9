"""Fixtures for the reader tests: a real pcscd with vpcd's virtual readers, virtual ID cards.

* ``pcscd`` (session): the daemon, started once; skipped with the reason when pcscd, the vpcd
  driver or pyscard is missing — failed instead when ``CI`` is set.
* ``pcscd_running``: the daemon, (re)started if an earlier test stopped it.
* ``virtual_card``: a factory of :class:`VirtualIdCard` (same arguments); every card it made
  is removed after the test.
* ``thread_failures`` (autouse): fails a test during which any thread died of an exception.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pcscd_fixture import PcscDaemon, PcscdError, in_ci, unavailable_reason, wait_for_card
from virtual_reader import VirtualIdCard


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PcscDaemon]:
    reason = unavailable_reason()
    if reason is not None:
        if in_ci():
            pytest.fail(f"{reason} (CI is set: the PC/SC tests must not be skipped)")
        pytest.skip(reason)
    daemon = PcscDaemon(log_dir=Path(tmp_path_factory.mktemp("pcscd")))
    try:
        daemon.start()
    except PcscdError as exc:
        daemon.release()
        pytest.fail(str(exc))
    try:
        yield daemon
    finally:
        daemon.release()


@pytest.fixture
def pcscd_running(pcscd: PcscDaemon) -> PcscDaemon:
    if not pcscd.running:
        pcscd.start()
    return pcscd


@pytest.fixture
def virtual_card(pcscd_running: PcscDaemon) -> Iterator[Any]:
    made: list[VirtualIdCard] = []

    def make(*args: Any, **kwargs: Any) -> VirtualIdCard:
        card = VirtualIdCard(*args, **kwargs)
        made.append(card)
        return card

    yield make
    for card in made:
        card.remove()
    # The next test starts with empty readers (pcscd notices a removal at its next poll).
    if pcscd_running.running:
        for reader in {card.reader_name for card in made}:
            assert wait_for_card(reader, present=False), f"{reader} still reports a card"
    failures = [(card.reader_name, exc) for card in made for exc in card.errors]
    assert not failures, f"the virtual card emulator failed: {failures}"


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
