"""The chime and the voice: Qt's QSoundEffect and QTextToSpeech, where the platform has them.

Both live in PySide6's add-ons (QtMultimedia, QtTextToSpeech) and need the platform's audio
and speech libraries; a computer without them (no sound card, no speech engine, no Chinese
voice, a missing ``libpulse``) still shows every call: the announcer then logs once what is
missing and stays quiet. Announcements are queued: chime, then the sentence, one call after the
other.
"""

from __future__ import annotations

import logging
import math
import struct
import tempfile
import wave
from collections import deque
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QLocale, QObject, QTimer, QUrl

from desktop.domain.queueing import HallCall
from ui.display.model import speech_text

__all__ = ["Announcer", "Voice", "chime_file"]

log = logging.getLogger(__name__)

#: Milliseconds from the chime's start to the voice.
CHIME_MS = 900
#: Milliseconds allowed per announcement before the next one starts (the voice's own queue
#: keeps sentences apart; this only spaces the chimes).
SLOT_MS = 4200


class Voice(Protocol):
    """The part of QTextToSpeech the announcer uses (a test passes its own)."""

    def say(self, text: str) -> Any: ...


class Chime(Protocol):
    def play(self) -> Any: ...


def chime_file(folder: Path | None = None) -> Path:
    """A two-tone chime (880 Hz then 660 Hz, fading), written once as a 16-bit mono WAV."""
    path = (folder or Path(tempfile.gettempdir())) / "onewindow-chime.wav"
    if path.is_file():
        return path
    rate = 22050
    frames = bytearray()
    for freq, seconds in ((880.0, 0.35), (660.0, 0.55)):
        n = int(rate * seconds)
        for i in range(n):
            fade = math.exp(-3.0 * i / n)
            sample = 0.45 * fade * math.sin(2 * math.pi * freq * i / rate)
            frames += struct.pack("<h", int(sample * 32767))
    tmp = path.with_suffix(".tmp")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    tmp.replace(path)
    return path


def _qt_voice(parent: QObject) -> Voice | None:
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:  # the add-on or the platform's libraries are missing
        log.info("no voice announcements: Qt text-to-speech unavailable (%s)", exc)
        return None
    try:
        if not QTextToSpeech.availableEngines():
            log.info("no voice announcements: no text-to-speech engine on this computer")
            return None
        tts = QTextToSpeech(parent)
        if tts.state() == QTextToSpeech.State.Error:
            log.info("no voice announcements: %s", tts.errorString())
            return None
        chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        if chinese in tts.availableLocales():
            tts.setLocale(chinese)
        else:
            log.info("no Chinese voice: announcements use the engine's default voice")
        return tts
    except Exception:  # an engine plugin failing to start must not stop the display
        log.exception("no voice announcements: the speech engine failed")
        return None


def _qt_chime(parent: QObject) -> Chime | None:
    try:
        from PySide6.QtMultimedia import QSoundEffect
    except ImportError as exc:
        log.info("no chime: Qt multimedia unavailable (%s)", exc)
        return None
    try:
        effect = QSoundEffect(parent)
        effect.setSource(QUrl.fromLocalFile(str(chime_file())))
        effect.setVolume(0.8)
        return effect
    except Exception:
        log.exception("no chime: the sound effect failed")
        return None


class Announcer(QObject):
    """Chime + voice for each call, one after the other; silent where the platform has none."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        voice: Voice | bool | None = True,
        chime: Chime | bool | None = True,
    ) -> None:
        super().__init__(parent)
        self.voice: Voice | None = _qt_voice(self) if voice is True else voice or None
        self.chime: Chime | None = _qt_chime(self) if chime is True else chime or None
        self._pending: deque[HallCall] = deque()
        self._busy = False
        self.spoken: list[str] = []  # what was said (for the tests and the log)

    @property
    def silent(self) -> bool:
        return self.voice is None and self.chime is None

    def announce(self, call: HallCall) -> None:
        self._pending.append(call)
        if not self._busy:
            self._next()

    def _next(self) -> None:
        if not self._pending:
            self._busy = False
            return
        self._busy = True
        call = self._pending.popleft()
        text = speech_text(call)
        self.spoken.append(text)
        if self.chime is not None:
            try:
                self.chime.play()
            except Exception:
                log.exception("the chime failed")
        QTimer.singleShot(CHIME_MS if self.chime is not None else 0, lambda: self._say(text))
        QTimer.singleShot(SLOT_MS if not self.silent else 0, self._next)

    def _say(self, text: str) -> None:
        if self.voice is None:
            return
        try:
            enqueue = getattr(self.voice, "enqueue", None)
            (enqueue or self.voice.say)(text)
        except Exception:
            log.exception("the voice failed")
