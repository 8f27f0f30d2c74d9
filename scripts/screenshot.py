"""Take the README screenshots of the main window, in Chinese and in English.

    .venv/bin/python scripts/screenshot.py [--persons N] [--display :99]

Starts a virtual X screen (``Xvfb :99 -screen 0 1366x768x24``), then runs OneWindow on it twice
(``--lang zh_CN`` and ``--lang en``) with a fresh temporary ``ONEWINDOW_HOME``: the first run
creates and seeds the embedded database, the second reuses it. OneWindow itself saves the screen
once the registry's status is shown (its ``--screenshot PATH`` option) and exits; with
``--scene`` it signs in as the demo clerk and plays a scene first (waiting for a card, a
pre-filled residence registration, the accepted case; ``review``: the demo approver's queue with a
claimed task open; ``supervisor``: the demo supervisor's dashboard over a month of synthetic
activity; ``supervisor-deadlines``: its deadline board on the overdue cases, the first one
open; ``reception``: the reception desk after a priority ticket). ``--scene review`` takes
only those. The PNGs go to ``docs/screenshots/``.

Needs Debian's ``xvfb`` and the X libraries Qt's xcb platform uses (``scripts/setup.sh``
installs them) and a built translation (``python -m ui.i18n.build``; this script builds it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "docs" / "screenshots"
SCREEN = "1366x768x24"
#: (language, scene or None for the registry status) → file name
SHOTS = {
    ("zh_CN", None): "main-window-zh.png",
    ("en", None): "main-window-en.png",
    ("zh_CN", "waiting"): "desk-waiting-zh.png",
    ("zh_CN", "prefilled"): "desk-prefilled-zh.png",
    ("zh_CN", "accepted"): "desk-accepted-zh.png",
    ("en", "prefilled"): "desk-prefilled-en.png",
    ("en", "accepted"): "desk-accepted-en.png",
    ("zh_CN", "review"): "review-queue-zh.png",
    ("en", "review"): "review-queue-en.png",
    ("zh_CN", "queue-display"): "queue-display-zh.png",
    ("zh_CN", "supervisor"): "supervisor-dashboard-zh.png",
    ("en", "supervisor"): "supervisor-dashboard-en.png",
    ("zh_CN", "supervisor-deadlines"): "supervisor-deadlines-zh.png",
    ("en", "supervisor-deadlines"): "supervisor-deadlines-en.png",
    ("zh_CN", "reception"): "reception-zh.png",
    ("en", "reception"): "reception-en.png",
}
#: The calling display again on a full-HD screen (the usual hall TV), in a second Xvfb.
LARGE_SCREEN = "1920x1080x24"
LARGE_SHOTS = {("zh_CN", "queue-display"): "queue-display-1920-zh.png"}
#: The kiosk's scenes, on the screens halls mount them on (landscape and portrait).
KIOSK_SCREENS = {"1366x768": "", "1920x1080": "-1080p", "1080x1920": "-portrait"}
KIOSK_SCENES = ("kiosk-welcome", "kiosk-cases", "kiosk-declare", "kiosk-ended")


@contextmanager
def xvfb(display: str, screen: str = SCREEN) -> Iterator[None]:
    """Run an Xvfb server on ``display`` for the duration of the block."""
    xvfb_bin = shutil.which("Xvfb")
    if xvfb_bin is None:
        raise SystemExit("Xvfb is not installed (Debian: apt-get install xvfb)")
    socket = Path("/tmp/.X11-unix") / f"X{display.lstrip(':')}"
    if socket.exists():
        raise SystemExit(f"display {display} is in use; pick another with --display")
    proc = subprocess.Popen(
        [xvfb_bin, display, "-screen", "0", screen, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while not socket.exists():
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                raise SystemExit(f"Xvfb exited with {proc.returncode}: {err}")
            if time.monotonic() > deadline:
                raise SystemExit("Xvfb did not come up within 15 s")
            time.sleep(0.1)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def take(
    language: str, scene: str | None, out: Path, *, env: dict[str, str], timeout: float
) -> int:
    cmd = [sys.executable, "-m", "desktop.app", "--lang", language, "--screenshot", str(out)]
    if scene is not None:
        cmd += ["--scene", scene]
    print(f"==> {' '.join(cmd[1:])}", flush=True)
    return subprocess.run(cmd, env=env, cwd=REPO_ROOT, timeout=timeout, check=False).returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--persons", type=int, default=None, help="demo persons to seed (default: the setting's)"
    )
    parser.add_argument("--display", default=":99", help="X display for Xvfb (default :99)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per run")
    parser.add_argument(
        "--scene",
        action="append",
        dest="scenes",
        metavar="SCENE",
        help="take only this scene's shots (repeatable; 'status' for the registry's status)",
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="the kiosk's scenes at 1366x768, 1920x1080 and 1080x1920 (docs/screenshots/kiosk-*)",
    )
    args = parser.parse_args(argv)
    if args.kiosk:
        return kiosk_shots(args)

    def wanted(scene: str | None) -> bool:
        return not args.scenes or (scene or "status") in args.scenes

    subprocess.run([sys.executable, "-m", "ui.i18n.build"], cwd=REPO_ROOT, check=True)
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="onewindow-shots-") as home, xvfb(args.display):
        if args.persons is not None:
            config = Path(home) / "config" / "onewindow.toml"
            config.parent.mkdir(parents=True)
            config.write_text(f"[database]\ndemo_seed_persons = {args.persons}\n", "utf-8")
        env = {
            **os.environ,
            "ONEWINDOW_HOME": home,
            "DISPLAY": args.display,
            "QT_QPA_PLATFORM": "xcb",
        }
        env.pop("ONEWINDOW_DATABASE_URL", None)
        env.pop("WAYLAND_DISPLAY", None)
        for (language, scene), name in SHOTS.items():
            if args.scenes and (scene or "status") not in args.scenes:
                continue
            code = take(language, scene, args.out / name, env=env, timeout=args.timeout)
            status = "ok" if code == 0 else f"exit {code} (an error was on screen)"
            print(f"    {args.out / name}: {status}", flush=True)
            failed += code != 0
    large = {k: v for k, v in LARGE_SHOTS.items() if wanted(k[1])}
    if large:
        with (
            tempfile.TemporaryDirectory(prefix="onewindow-shots-") as home,
            xvfb(args.display, LARGE_SCREEN),
        ):
            env = {**env, "ONEWINDOW_HOME": home}
            for (language, scene), name in large.items():
                code = take(language, scene, args.out / name, env=env, timeout=args.timeout)
                print(f"    {args.out / name}: {'ok' if code == 0 else code}", flush=True)
                failed += code != 0
    return 1 if failed else 0


def kiosk_shots(args: argparse.Namespace) -> int:
    """kiosk-<scene>[-1080p|-portrait].png: one Xvfb screen per size, one home for all."""
    subprocess.run([sys.executable, "-m", "ui.i18n.build"], cwd=REPO_ROOT, check=True)
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="onewindow-kiosk-shots-") as home:
        config = Path(home) / "config" / "onewindow.toml"
        config.parent.mkdir(parents=True)
        persons = args.persons if args.persons is not None else 2000
        config.write_text(
            f'[database]\ndemo_seed_persons = {persons}\n\n[station]\nkind = "kiosk"\n', "utf-8"
        )
        for size, suffix in KIOSK_SCREENS.items():
            with xvfb(args.display, f"{size}x24"):
                env = {
                    **os.environ,
                    "ONEWINDOW_HOME": home,
                    "DISPLAY": args.display,
                    "QT_QPA_PLATFORM": "xcb",
                }
                env.pop("ONEWINDOW_DATABASE_URL", None)
                env.pop("WAYLAND_DISPLAY", None)
                for scene in KIOSK_SCENES:
                    name = f"{scene}{suffix}.png"
                    code = take("zh_CN", scene, args.out / name, env=env, timeout=args.timeout)
                    print(f"    {args.out / name}: {'ok' if code == 0 else code}", flush=True)
                    failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
