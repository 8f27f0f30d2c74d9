"""The card reader in the window: the Qt adapter over a reader backend and its status widget.

Backends (:mod:`devices`) report from their own threads through a plain callable;
:class:`~ui.reader.adapter.ReaderAdapter` turns that into Qt signals delivered on the GUI thread,
and :class:`~ui.reader.status_widget.ReaderStatusWidget` shows the state in a clerk's words.
"""

from ui.reader.adapter import ReaderAdapter
from ui.reader.status_widget import ReaderStatusWidget

__all__ = ["ReaderAdapter", "ReaderStatusWidget"]
