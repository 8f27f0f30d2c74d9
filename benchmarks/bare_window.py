"""The cold-start floor of ``desk_bench.py cold-start``: a bare PySide6 main window.

Opens a ``QMainWindow`` with one label, and once it has been painted prints ``ready`` (the same
line ``onewindow --smoke-test`` prints) and exits — what any PySide6 window costs to start on this
machine, with the same interpreter, environment and Qt platform as the app.
"""

from __future__ import annotations

import importlib
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, _ready)
        return False


def _ready() -> None:
    print("ready", flush=True)
    QApplication.exit(0)


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--import":
        for name in sys.argv[2].split(","):
            importlib.import_module(name)
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("floor")
    label = QLabel("OneWindow 一窗通", window)
    window.setCentralWidget(label)
    spy = _FirstPaint(label)
    label.installEventFilter(spy)
    window.resize(1280, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
