"""The exit guard against PySide6's extra bool release on Python 3.11 (``pin_bools_for_exit``)."""

from __future__ import annotations

import sys

import pytest

from desktop.app import pin_bools_for_exit


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="bools are immortal from 3.12")
def test_the_pin_adds_a_million_references_to_true_false_and_none() -> None:
    before = [sys.getrefcount(obj) for obj in (True, False, None)]
    pin_bools_for_exit()
    after = [sys.getrefcount(obj) for obj in (True, False, None)]
    assert all(a - b >= 1_000_000 for a, b in zip(after, before, strict=True))
