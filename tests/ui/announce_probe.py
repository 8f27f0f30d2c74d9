"""A calling display in a process of its own, for the audio tests: it shows a board, then a new
call (A005 → window 3) arrives, and it announces it with the platform's chime and voice.

The board comes from a fake that changes after ``PROBE_CALL_MS``, or — with ``PROBE_DB`` set —
from the queue service over the embedded database of ``ONEWINDOW_HOME``, polled as the display
station polls it (the test calls the ticket at a window meanwhile; the probe prints ``ready``
once the first board is on screen).

Prints one JSON line: what was said, the voice's name, whether a chime played, the number on
screen. Run by ``tests/ui/test_display_audio.py`` with the environment of its sound server.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.domain.queueing import HallBoard, HallCall, WaitingCount
from ui.main_window import MainWindow
from ui.stations.display import DisplayConfig, DisplayStation

T0 = datetime(2026, 12, 6, 1, 30, tzinfo=UTC)


def board(*calls: HallCall) -> HallBoard:
    return HallBoard(tuple(reversed(calls)), (WaitingCount("A", "户籍业务", 4),))


class Backend:
    def __init__(self) -> None:
        self.board = board(HallCall("A004", 1, "A", T0, 0))
        self.service: Any = None
        if os.environ.get("PROBE_DB"):
            from desktop.config.paths import app_paths
            from desktop.domain.queueing import load_queue_config
            from desktop.persistence.database import open_database
            from desktop.services.queueing import QueueService

            hall_tz = timezone(timedelta(hours=8))
            db = open_database(app_paths(), migrate=False)
            self.service = QueueService(db, load_queue_config(None), tz=hall_tz)

    def display_config(self) -> DisplayConfig:
        return DisplayConfig(hall_name="示范区政务服务中心", poll_ms=50)

    def display_board(self) -> HallBoard:
        return self.service.board() if self.service is not None else self.board


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = MainWindow(lambda _report: None)  # type: ignore[arg-type,return-value]
    backend = Backend()
    station = DisplayStation(window, backend, language="zh_CN", full_screen=False)
    station.start()
    result: dict[str, object] = {}

    def call() -> None:
        backend.board = board(
            HallCall("A004", 1, "A", T0, 0), HallCall("A005", 3, "A", T0 + timedelta(seconds=5), 0)
        )

    def finish() -> None:
        if result:
            return
        voice = station.announcer.voice
        name = getattr(voice, "voice", None)
        result.update(
            spoken=station.announcer.spoken,
            voice=str(name().name()) if callable(name) else None,
            chime=station.announcer.chime is not None,
            number=station.page.number_label.text() if station.page else "",
        )
        station.close()
        app.quit()

    # The end: once the voice has spoken (back to Ready after Speaking), or at the latest.
    voice = station.announcer.voice
    state = getattr(voice, "stateChanged", None)
    if state is not None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        spoke: list[bool] = []

        def changed(new: QTextToSpeech.State) -> None:
            if new == QTextToSpeech.State.Speaking:
                spoke.append(True)
            elif new == QTextToSpeech.State.Ready and spoke:
                QTimer.singleShot(300, finish)

        state.connect(changed)
    if backend.service is None:
        QTimer.singleShot(int(os.environ.get("PROBE_CALL_MS", "800")), call)
    else:

        def ready(shown: HallBoard) -> None:
            if shown.calls and not result:
                print("ready", flush=True)
                station.model.sig_board.disconnect(ready)

        station.model.sig_board.connect(ready)
    QTimer.singleShot(int(os.environ.get("PROBE_END_MS", "30000")), finish)
    app.exec()
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
