"""A sound server of the test's own: PulseAudio with a null sink, and speech-dispatcher on it.

:class:`HallAudio` starts ``pulseaudio`` (no default script: a null sink ``hall`` and a native
socket in the test's folder, anonymous access) and ``speech-dispatcher`` in single mode on a
socket of its own, both as children in their own process groups, and stops both groups with
SIGTERM (SIGKILL after a grace period) — at the fixture's end, and at the interpreter's exit if
the run is interrupted. Should the test runner itself be killed, both daemons exit on their own
20 s after their last client (``--exit-idle-time``, ``-t``). :attr:`HallAudio.env` is what a
display process needs to speak through them (and never to start another speech-dispatcher);
:meth:`HallAudio.record` captures the sink's monitor with ``parec``.

:func:`unavailable_reason` says why the rig cannot run here (a package missing).
"""

from __future__ import annotations

import array
import atexit
import contextlib
import math
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

RATE = 16000  # the recording's sample rate (parec resamples the sink's monitor)
INSTALL_HINT = (
    "install the Debian packages libpulse0 pulseaudio pulseaudio-utils speech-dispatcher "
    "speech-dispatcher-espeak-ng espeak-ng (scripts/setup.sh test does)"
)
_PROGRAMS = ("pulseaudio", "parec", "pactl", "speech-dispatcher", "espeak-ng")


def unavailable_reason() -> str | None:
    missing = [p for p in _PROGRAMS if shutil.which(p) is None]
    if missing:
        return f"no {', '.join(missing)}: {INSTALL_HINT}"
    try:
        import PySide6.QtMultimedia
        import PySide6.QtTextToSpeech  # noqa: F401
    except ImportError as exc:
        return f"Qt's multimedia or text-to-speech add-on does not load ({exc}): {INSTALL_HINT}"
    return None


class AudioRigError(RuntimeError):
    """A daemon of the rig did not come up; the message carries its log."""


class HallAudio:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pulse_socket = folder / "pulse" / "native"
        self.speech_socket = folder / "speechd.sock"
        self._procs: list[subprocess.Popen[bytes]] = []

    @property
    def env(self) -> dict[str, str]:
        """A process's environment that plays on this rig only."""
        env = dict(os.environ)
        env.update(
            PULSE_SERVER=f"unix:{self.pulse_socket}",
            SPEECHD_ADDRESS=f"unix_socket:{self.speech_socket}",
            SPEECHD_CMD="/bin/false",  # never autospawn another speech-dispatcher
            XDG_RUNTIME_DIR=str(self.folder),
            XDG_CONFIG_HOME=str(self.folder / "config"),
            HOME=str(self.folder),
        )
        return env

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("wb")
        proc = subprocess.Popen(
            argv,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: its children (speech modules) stop with it
        )
        log.close()
        self._procs.append(proc)
        return proc

    def _wait(self, name: str, ready: Path, proc: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if ready.exists():
                return
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        log = (self.folder / f"{name}.log").read_text(errors="replace")[-2000:]
        self.stop()
        raise AudioRigError(f"{name} did not start:\n{log}")

    def start(self) -> HallAudio:
        self.pulse_socket.parent.mkdir(parents=True, exist_ok=True)
        (self.folder / "config").mkdir(exist_ok=True)
        atexit.register(self.stop)
        pulse = self._spawn(
            "pulseaudio",
            [
                "pulseaudio",
                "-n",  # no default script: only the modules below
                "--daemonize=no",
                "--use-pid-file=no",
                "--exit-idle-time=20",
                "--log-target=stderr",
                "-L",
                f"module-native-protocol-unix socket={self.pulse_socket} auth-anonymous=1",
                "-L",
                "module-null-sink sink_name=hall rate=22050",
            ],
        )
        self._wait("pulseaudio", self.pulse_socket, pulse)
        speech = self._spawn(
            "speech-dispatcher",
            [
                "speech-dispatcher",
                "--run-single",
                "--timeout=20",
                "--communication-method=unix_socket",
                f"--socket-path={self.speech_socket}",
                f"--pid-file={self.folder / 'speechd.pid'}",
                f"--log-dir={self.folder}",
            ],
        )
        self._wait("speech-dispatcher", self.speech_socket, speech)
        return self

    @contextlib.contextmanager
    def record(self, path: Path) -> Iterator[Path]:
        """Record the sink's monitor (16-bit mono, :data:`RATE`) into ``path`` meanwhile."""
        with path.open("wb") as out:
            proc = subprocess.Popen(
                [
                    "parec",
                    "--device=hall.monitor",
                    "--format=s16le",
                    f"--rate={RATE}",
                    "--channels=1",
                    "--latency-msec=20",
                ],
                env=self.env,
                stdout=out,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            self._procs.append(proc)
            try:
                time.sleep(0.3)  # parec connected before anything plays
                yield path
                time.sleep(0.5)  # the tail through the sink's latency
            finally:
                self._end(proc)

    def _end(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        if proc in self._procs:
            self._procs.remove(proc)

    def stop(self) -> None:
        for proc in reversed(list(self._procs)):
            self._end(proc)
        atexit.unregister(self.stop)


# ---- reading a recording ---------------------------------------------------------------------


def samples(path: Path) -> array.array[int]:
    data = path.read_bytes()
    return array.array("h", data[: len(data) // 2 * 2])


def sound_runs(
    pcm: array.array[int], *, window_s: float = 0.05, level: int = 500, gap_s: float = 0.3
) -> list[tuple[float, float]]:
    """(start, end) in seconds of stretches louder than ``level``, joined across short gaps."""
    win = int(RATE * window_s)
    loud = [max(map(abs, pcm[i : i + win])) > level for i in range(0, len(pcm) - win + 1, win)]
    runs: list[list[float]] = []
    for n, on in enumerate(loud):
        if not on:
            continue
        t = n * window_s
        if runs and t - runs[-1][1] <= gap_s:
            runs[-1][1] = t + window_s
        else:
            runs.append([t, t + window_s])
    return [(a, b) for a, b in runs]


def tone_power(pcm: array.array[int], start_s: float, end_s: float, freq: float) -> float:
    """The Goertzel power of ``freq`` between two times (relative to the others compared)."""
    part = pcm[int(start_s * RATE) : int(end_s * RATE)]
    coeff = 2 * math.cos(2 * math.pi * freq / RATE)
    s1 = s2 = 0.0
    for x in part:
        s1, s2 = x + coeff * s1 - s2, s1
    return s1 * s1 + s2 * s2 - coeff * s1 * s2
