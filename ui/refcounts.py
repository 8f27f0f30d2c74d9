"""Keeps ``None``, ``True`` and ``False`` alive while PySide6 gives their references away.

On Python 3.11 these are ordinary reference-counted objects. PySide6 (6.12, an abi3 build made
with the headers of a Python where they are immortal) hands them back from C++ calls without
taking a reference: every call of a method that returns nothing (``label.clear()``,
``widget.hide()``) releases one reference of ``None`` that it never took. A page that refills
its widgets instead of building new ones makes hundreds of such calls per visit and nothing
else gives the references back, so after a few hundred visits the interpreter aborts
("none_dealloc: deallocating None"). :func:`keep_singletons_alive`, called once per visit, tops
their counts up long before that; on Python 3.12+ they are immortal and it does nothing.
(``desktop.app.pin_bools_for_exit`` does the same once, for the teardown at exit.)
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["keep_singletons_alive"]

#: Below this many references a singleton is topped up (a visit uses up a few hundred).
LOW_WATER = 200_000
#: References added at a time.
TOP_UP = 1_000_000


def keep_singletons_alive() -> None:
    """Give ``None``/``True``/``False`` a million more references when they run low."""
    if sys.version_info >= (3, 12):
        return
    for obj in (None, True, False):
        if sys.getrefcount(obj) < LOW_WATER:
            _add_references(obj, TOP_UP)


def _add_references(obj: object, count: int) -> None:
    if hasattr(sys, "gettotalrefcount"):  # a debug build: the object header differs
        for _ in range(count):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))
    else:  # ob_refcnt is the header's first field
        ctypes.c_ssize_t.from_address(id(obj)).value += count
