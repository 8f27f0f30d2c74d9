"""The calling display heard: a display process announces A005 → window 3 on a sound server
of the test's own (PulseAudio's null sink, speech-dispatcher with espeak-ng's Mandarin voice),
and the sink's recording holds the chime (880 Hz then 660 Hz) and then a voice as long as
espeak-ng's Mandarin reading of the sentence (an English voice takes nearly twice as long).

Skipped only where the packages are missing (``scripts/setup.sh test`` installs them); in CI
(``CI`` set) a missing rig fails instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from audio_rig import HallAudio, samples, sound_runs, tone_power, unavailable_reason

from desktop.config.paths import AppPaths
from desktop.persistence.database import Database

PROBE = Path(__file__).with_name("announce_probe.py")
ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "请A零零五号到3号窗口办理"


@pytest.fixture
def hall_audio(tmp_path: Path) -> Iterator[HallAudio]:
    reason = unavailable_reason()
    if reason is not None:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{reason} (CI is set: the audio tests must not be skipped)")
        pytest.skip(reason)
    rig = HallAudio(tmp_path / "audio").start()
    try:
        yield rig
    finally:
        rig.stop()


def _run_probe(rig: HallAudio, env: dict[str, str] | None = None) -> dict[str, object]:
    env = dict(env if env is not None else rig.env)
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, str(PROBE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=True,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    assert lines, done.stdout + done.stderr
    result: dict[str, object] = json.loads(lines[-1])
    result["log"] = done.stderr
    return result


def _mandarin_seconds(tmp_path: Path) -> float:
    """How long espeak-ng's own Mandarin voice speaks the sentence (sound only)."""
    wav = tmp_path / "cmn.wav"
    subprocess.run(["espeak-ng", "-v", "cmn", "-w", str(wav), SENTENCE], check=True, timeout=30)
    import wave

    with wave.open(str(wav)) as w:
        rate, raw = w.getframerate(), w.readframes(w.getnframes())
    import array

    pcm = array.array("h", raw)
    win = int(rate * 0.05)
    loud = [
        n
        for n, i in enumerate(range(0, len(pcm) - win + 1, win))
        if max(map(abs, pcm[i : i + win])) > 500
    ]
    return (loud[-1] - loud[0] + 1) * 0.05


def test_the_display_plays_the_chime_and_says_the_call_in_mandarin(
    hall_audio: HallAudio, tmp_path: Path
) -> None:
    with hall_audio.record(tmp_path / "hall.raw") as recording:
        result = _run_probe(hall_audio)
    assert result["number"] == "A005"
    assert result["spoken"] == [SENTENCE]
    assert result["chime"] is True
    assert "Mandarin" in str(result["voice"]), result["log"]
    pcm = samples(recording)
    runs = sound_runs(pcm)
    assert runs, "the recording is silence"
    # The chime: 880 Hz for 0.35 s, then 660 Hz.
    chime_start = runs[0][0]
    high = {f: tone_power(pcm, chime_start, chime_start + 0.3, f) for f in (440, 660, 880, 1200)}
    low = {
        f: tone_power(pcm, chime_start + 0.4, chime_start + 0.8, f) for f in (440, 660, 880, 1200)
    }
    assert max(high, key=high.__getitem__) == 880, high
    assert max(low, key=low.__getitem__) == 660, low
    # The voice: sound from the chime's end on, as long as the Mandarin reading.
    voiced = sum(min(b, 1e9) - max(a, chime_start + 0.9) for a, b in runs if b > chime_start + 0.9)
    mandarin = _mandarin_seconds(tmp_path)
    assert 0.7 * mandarin <= voiced <= 1.3 * mandarin, (voiced, mandarin, runs)


def test_without_a_voice_or_a_sound_server_the_display_shows_the_call_and_logs_why(
    hall_audio: HallAudio, tmp_path: Path
) -> None:
    env = hall_audio.env
    env["SPEECHD_ADDRESS"] = f"unix_socket:{tmp_path / 'nobody.sock'}"
    env["PULSE_SERVER"] = f"unix:{tmp_path / 'nobody'}"
    env["PROBE_END_MS"] = "2500"
    with hall_audio.record(tmp_path / "hall.raw") as recording:
        result = _run_probe(hall_audio, env)
    assert result["number"] == "A005"  # shown all the same
    assert result["spoken"] == [SENTENCE]  # the announcement was due, only not audible
    assert result["voice"] is None and result["chime"] is False
    log = str(result["log"])
    assert "no voice announcements" in log and "no chime" in log
    assert "the calling display is silent" in log
    assert sound_runs(samples(recording)) == []


def test_a_call_at_a_window_is_heard_from_the_display_process(
    hall_audio: HallAudio, tmp_path: Path, sqlite_db: Database, app_home: AppPaths
) -> None:
    """End to end: the display process polls the queue service's board over the hall's
    database; a clerk's call-next at window 3 is shown and heard (chime and voice)."""
    from datetime import timedelta, timezone

    from desktop.domain.permissions import Principal, Role
    from desktop.domain.queueing import load_queue_config
    from desktop.services.queueing import QueueService

    clerk = Principal.of("clerk03", "窗口3", [Role.CLERK])
    svc = QueueService(sqlite_db, load_queue_config(None), tz=timezone(timedelta(hours=8)))
    kiosk = Principal.of("kiosk01", "自助机1", [Role.KIOSK])
    for _ in range(5):
        svc.take(kiosk, "A")
    for _ in range(4):
        svc.call_next(clerk, 1)  # A001…A004 at window 1 (each call finishes the one before)
    env = hall_audio.env
    env.update(PYTHONPATH=str(ROOT), PROBE_DB="1", ONEWINDOW_HOME=os.environ["ONEWINDOW_HOME"])
    with hall_audio.record(tmp_path / "hall.raw") as recording:
        probe = subprocess.Popen(
            [sys.executable, str(PROBE)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert probe.stdout is not None
            assert probe.stdout.readline().strip() == "ready"
            called = svc.call_next(clerk, 3)
            assert called is not None and called.number == "A005"
            out, err = probe.communicate(timeout=90)
        finally:
            if probe.poll() is None:
                probe.kill()
                probe.wait()
    result = json.loads(out.strip().splitlines()[-1])
    assert result["number"] == "A005", err
    assert result["spoken"] == [SENTENCE]  # A004, on screen at the start, is not called out
    runs = sound_runs(samples(recording))
    assert runs and runs[-1][1] - runs[0][0] > 2.0, runs  # the chime, then the voice
