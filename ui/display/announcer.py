"""The chime and the voice: Qt's QSoundEffect and QTextToSpeech, where the platform has them.

Both live in PySide6's add-ons (QtMultimedia, QtTextToSpeech) and need the platform's audio
and speech libraries; a computer without them (no sound card, no speech engine, no Chinese
voice, a missing ``libpulse``) still shows every call: the announcer then logs once what is
missing and stays quiet (no voice but a chime: the chime alone). Announcements are queued:
chime, then the sentence, one call after the other.

On Linux the voice is Qt's ``speechd`` engine: speech-dispatcher (started on demand by its
client library) with espeak-ng's Mandarin voice, which it lists under the language ``cmn`` that
Qt cannot place — so the voice is found by locale first, then by name (Mandarin). The chime is
a QSoundEffect; both play through the PulseAudio server. ``scripts/setup.sh`` installs them;
``tests/ui/test_display_audio.py`` records what a display says on a sound server of its own.
"""

from __future__ import annotations

import logging
import math
import struct
import tempfile
import wave
from collections import deque
from pathlib import Path
from typing import Any, Protocol, cast

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


#: Engines that make no sound (Qt's test engine): a display never takes them for a voice.
_NOT_A_VOICE = frozenset({"mock"})
#: How a Mandarin voice is named where its locale means nothing to Qt: speech-dispatcher's
#: espeak-ng lists it as language ``cmn`` (QLocale: C), "Chinese (Mandarin, …)".
_MANDARIN_NAMES = ("mandarin", "cmn", "普通话")


def _choose_chinese_voice(tts: Any) -> str | None:
    """Set a Mandarin voice on ``tts``; returns its name (None: the engine has none).

    Simplified Chinese (zh_CN) by locale first, any Chinese locale but Cantonese next, then a
    voice named Mandarin under any locale (espeak-ng's ``cmn``, which Qt cannot place).
    """
    locales = list(tts.availableLocales())
    zh_cn = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    chinese = [loc for loc in locales if loc.language() == QLocale.Language.Chinese]
    for loc in ([zh_cn] if zh_cn in locales else []) + chinese:
        tts.setLocale(loc)
        voices = list(tts.availableVoices())
        if voices:
            tts.setVoice(voices[0])
            return str(voices[0].name())
    for loc in locales:
        tts.setLocale(loc)
        for voice in tts.availableVoices():
            name = str(voice.name())
            # The plain voice, not one of espeak-ng's variants ("…+Adam").
            if "+" not in name and any(m in name.lower() for m in _MANDARIN_NAMES):
                tts.setVoice(voice)
                return name
    return None


def _qt_voice(parent: QObject) -> Voice | None:
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:  # the add-on or the platform's libraries (libpulse) are missing
        log.warning("no voice announcements: Qt text-to-speech unavailable (%s)", exc)
        return None
    try:
        engines = [e for e in QTextToSpeech.availableEngines() if e not in _NOT_A_VOICE]
        if not engines:
            log.warning("no voice announcements: no text-to-speech engine on this computer")
            return None
        tts = QTextToSpeech(engines[0], parent)
        if tts.state() == QTextToSpeech.State.Error:
            log.warning("no voice announcements: the %s engine: %s", engines[0], tts.errorString())
            tts.deleteLater()
            return None
        name = _choose_chinese_voice(tts)
        if name is None:
            # Another language's voice reads 请A零零五号 as noise: better only the chime.
            log.warning(
                "no voice announcements: the %s engine has no Chinese (Mandarin) voice",
                engines[0],
            )
            tts.deleteLater()
            return None
        log.info("voice announcements: %s engine, voice %s", engines[0], name)
        return cast(Voice, tts)
    except Exception:  # an engine plugin failing to start must not stop the display
        log.exception("no voice announcements: the speech engine failed")
        return None


def _qt_chime(parent: QObject) -> Chime | None:
    try:
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
    except ImportError as exc:
        log.warning("no chime: Qt multimedia unavailable (%s)", exc)
        return None
    try:
        if not QMediaDevices.audioOutputs():
            log.warning("no chime: no audio output (no sound server or sound card)")
            return None
        effect = QSoundEffect(parent)
        effect.setSource(QUrl.fromLocalFile(str(chime_file())))
        effect.setVolume(0.8)
        return cast(Chime, effect)
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
        if self.silent:
            log.warning("the calling display is silent: calls are shown, not announced")

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
