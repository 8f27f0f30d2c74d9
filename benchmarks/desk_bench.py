"""The clerk window's benchmarks: card → painted pre-filled form, and the window's cold start.

    .venv/bin/python benchmarks/desk_bench.py card-to-form     # the 5.3 M registry (a copy)
    .venv/bin/python benchmarks/desk_bench.py cold-start --runs 15
    .venv/bin/python benchmarks/desk_bench.py all

``card-to-form``: a real :class:`~ui.clerk.desk_page.DeskPage` on a real
:class:`~desktop.services.hall.Hall` over the seeded 5.3 M-person SQLite registry (made by
``registry_bench.py``; *copied* to ``--db`` and migrated there, the source is never opened),
in a 1366×768 main window. One sample: an ``IdentityDocument`` of a random registry citizen is
handed to ``DeskPage.on_card_read(card, matter_codes=[居住登记])``; the clock stops when the
pre-filled form has been painted (a ``Paint`` event on the form, then the event loop is let
finish that paint pass). Split: *service* = ``WindowDesk.open_visit`` + ``cases_of`` on the
worker thread (the look-up with its audit append, the pre-fill, the person's cases); *GUI* =
the rest (hand-off to the GUI thread, person panel, tab and form built and loaded, layout,
paint). Between samples F12 (``next_person``) clears the page, its draft save finishing
untimed. Floors, alternating with the page in blocks over the same persons:
``RegistryService.window_dossier`` alone (the look-up), and a bare ``QWidget`` with as many
filled ``QLineEdit`` rows as the form has fields, built, laid out and painted the same way.
Each sample and floor also records the process's CPU time (``time.process_time``, both
threads): on a machine busy with other jobs the wall clock adds waiting for a core, the CPU
time is what the work costs.

``cold-start``: process start → ``ready`` on stdout, for ``python -m desktop.app --scene
login --smoke-test`` (the sign-in painted, taking keys: what a clerk waits for; the database
opens behind it) and ``--scene waiting --smoke-test`` (signed in as the demo clerk, the desk
painted, waiting for a card), on a demo home seeded once before timing, and for
``benchmarks/bare_window.py`` (a ``QMainWindow`` with a label, ready after its first paint) —
the floor: same interpreter, environment and Qt
platform, runs alternating. Also, to show where the time goes: the floor importing the
libraries the app cannot start without (``LIBRARIES``: the ORM, Alembic, argon2) before its
window, and the app with ``--no-desk`` (the registry's status painted, no sign-in, no desk).

Qt platform: ``offscreen`` by default; ``--xvfb`` runs both on a private Xvfb server (xcb).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

RESULTS = Path(__file__).with_name("results")
PYTHON = sys.executable


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))]


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 2),
        "p95": round(_percentile(values, 0.95), 2),
        "min": round(min(values), 2),
    }


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


@contextmanager
def _xvfb(display: str) -> Iterator[None]:
    socket = Path("/tmp/.X11-unix") / f"X{display.lstrip(':')}"
    if socket.exists():
        raise SystemExit(f"display {display} is in use; pick another with --display")
    proc = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while not socket.exists():
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("Xvfb did not start")
            time.sleep(0.05)
        yield
    finally:
        proc.terminate()
        proc.wait(10)


def _platform_env(args: argparse.Namespace) -> dict[str, str]:
    if args.xvfb:
        return {"QT_QPA_PLATFORM": "xcb", "DISPLAY": args.display}
    return {"QT_QPA_PLATFORM": "offscreen"}


# ---- card → painted form ---------------------------------------------------------------------


def copy_registry(source: Path, target: Path) -> Path:
    """The seeded registry is copied, never opened: everything below works on the copy."""
    source, target = source.resolve(), target.resolve()
    if source == target:
        raise SystemExit("--db must be a copy, not the seeded registry itself")
    if not target.exists():
        free = shutil.disk_usage(target.parent).free
        if free < source.stat().st_size * 1.3:
            raise SystemExit(f"not enough space in {target.parent} for a copy of {source}")
        print(f"copying {source} → {target}", file=sys.stderr, flush=True)
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(source, target)
    return target


def _citizens(path: Path, n: int, seed: int) -> list[tuple[Any, ...]]:
    """``n`` random citizens of the registry (fixed seed): what their cards would hold."""
    raw = sqlite3.connect(str(path))
    try:
        count = raw.execute("SELECT max(id) FROM persons").fetchone()[0]
        rng = random.Random(seed)
        ids = rng.sample(range(1, count + 1), n * 2)
        rows: list[tuple[Any, ...]] = []
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            rows += raw.execute(
                "SELECT name, sex, birth_date, id_number, household_address, ethnicity "
                "FROM persons WHERE id_type = 'citizen' AND id IN "
                f"({','.join('?' * len(part))})",
                part,
            ).fetchall()
    finally:
        raw.close()
    rng.shuffle(rows)
    return rows[:n]


def card_to_form(args: argparse.Namespace) -> dict[str, Any]:
    os.environ.update(_platform_env(args))
    from PySide6.QtCore import (
        QEvent,
        QEventLoop,
        QMessageLogContext,
        QObject,
        QTimer,
        QtMsgType,
        qInstallMessageHandler,
    )
    from PySide6.QtWidgets import (
        QApplication,
        QFormLayout,
        QLabel,
        QLineEdit,
        QMainWindow,
        QWidget,
    )

    from desktop.config.paths import AppPaths, app_paths
    from desktop.config.settings import DatabaseSettings, Settings
    from desktop.domain.permissions import Principal, Role
    from desktop.domain.registry import Actor
    from desktop.persistence.database import open_database
    from desktop.services.desk import WindowDesk
    from desktop.services.hall import Hall
    from desktop.services.registry import RegistryService
    from desktop.services.secrets import StationKeys
    from devices.idcard.document import CardType, IdentityDocument
    from ui.clerk.desk_page import DeskPage
    from ui.tasks import wait_for_tasks
    from ui.theme import apply_app_font

    target = copy_registry(Path(args.source), Path(args.db))
    home = target.parent / (target.stem + "-home")
    paths = AppPaths(home / "config", home / "data", home / "logs", home / "archive").ensure()
    settings = Settings(database=DatabaseSettings(url=f"sqlite:///{target}"))
    # the registry's audit chain is keyed with the secret of the station that seeded it (this
    # user's default home): the copy's home gets the same one, as a second station would
    StationKeys(paths).import_secret(StationKeys(app_paths()).hall_secret())
    db = open_database(paths, settings)  # migrates the copy to head
    hall = Hall(db, paths, settings)
    jz = hall.catalog.by_category("JZ").code
    clerk = Principal.of("bench", "bench-station", [Role.CLERK], display_name="bench")
    registry = RegistryService(db)
    actor = Actor("bench", "bench-station")
    people = _citizens(target, args.samples, args.seed)
    cards = [
        IdentityDocument(
            card_type=CardType.RESIDENT,
            name=name,
            sex=sex,
            birth_date=date.fromisoformat(str(birth)[:10]),
            id_number=number,
            valid_from=date(2020, 1, 1),
            valid_to=date(2040, 1, 1),
            address=address,
            ethnicity=ethnicity or "01",
            nationality="CHN",
        )
        for name, sex, birth, number, address, ethnicity in people
    ]

    class TimedDesk(WindowDesk):
        """The real desk; notes when the worker's part of a card read starts and ends."""

        started = 0.0
        finished = 0.0

        def open_visit(self, *a: Any, **kw: Any) -> Any:
            TimedDesk.started = time.perf_counter()
            return super().open_visit(*a, **kw)

        def cases_of(self, *a: Any, **kw: Any) -> Any:
            try:
                return super().cases_of(*a, **kw)
            finally:
                TimedDesk.finished = time.perf_counter()

    def quiet(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if "propagateSizeHints" not in message:  # the offscreen platform's one complaint
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(quiet)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    apply_app_font(app)
    desk = TimedDesk(hall)
    page = DeskPage(desk, language="zh_CN", today=hall.today)
    window = QMainWindow()
    window.setCentralWidget(page)
    window.resize(1366, 768)
    window.show()
    floor_window = QMainWindow()
    floor_window.resize(1366, 768)
    floor_window.show()
    page.set_principal(clerk)
    wait_for_tasks()
    app.processEvents()

    loop = QEventLoop()
    guard = QTimer()
    guard.setSingleShot(True)
    guard.setInterval(30_000)
    guard.timeout.connect(loop.quit)
    painted: list[float] = []

    class PaintSpy(QObject):
        """Notes the first paint of ``target`` (only: a cursor blinking elsewhere is not it)."""

        target: QObject | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if watched is self.target and event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
                QTimer.singleShot(0, loop.quit)  # let this paint pass finish first
            return False

    spy = PaintSpy()
    opened: list[float] = []
    profiler = cProfile.Profile() if args.profile else None  # the page's samples only

    def on_opened(_visit: object) -> None:
        opened.append(time.perf_counter())
        spy.target = page.matter_tab(jz).form
        spy.target.installEventFilter(spy)

    page.sig_visit_opened.connect(on_opened)

    def settle() -> None:
        """Untimed: F12, its draft saved, the old tabs deleted, nothing pending."""
        page.next_person()
        wait_for_tasks()
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()

    def one_card(card: IdentityDocument, *, clear: bool = True) -> dict[str, float]:
        painted.clear()
        opened.clear()
        guard.start()
        t0, c0 = time.perf_counter(), time.process_time()
        if profiler is not None:
            profiler.enable()
        page.on_card_read(card, matter_codes=[jz])
        loop.exec()
        if profiler is not None:
            profiler.disable()
        t1, c1 = time.perf_counter(), time.process_time()
        guard.stop()
        if spy.target is not None:
            spy.target.removeEventFilter(spy)
            spy.target = None
        if not painted or not opened:
            raise SystemExit(f"no painted form (status: {page.status_label.text()!r})")
        sample = {
            "total": (t1 - t0) * 1e3,
            "total_cpu": (c1 - c0) * 1e3,
            "service": (TimedDesk.finished - TimedDesk.started) * 1e3,
            "gui": (t1 - t0 - (TimedDesk.finished - TimedDesk.started)) * 1e3,
            "build": (opened[0] - TimedDesk.finished) * 1e3,
            "layout_paint": (t1 - opened[0]) * 1e3,
        }
        if clear:
            settle()
        return sample

    fields = 0

    def floor_widget() -> tuple[float, float]:
        # the widgets' construction counts too
        t0, c0 = time.perf_counter(), time.process_time()
        host = QWidget()
        form = QFormLayout(host)
        edits = [QLineEdit(f"值 {i} 广东省深圳市宝安区", host) for i in range(fields)]
        for i, edit in enumerate(edits):
            form.addRow(QLabel(f"字段 {i}", host), edit)
        painted.clear()
        spy.target = edits[0]
        edits[0].installEventFilter(spy)
        guard.start()
        floor_window.setCentralWidget(host)
        loop.exec()
        t1, c1 = time.perf_counter(), time.process_time()
        guard.stop()
        edits[0].removeEventFilter(spy)
        spy.target = None
        if not painted:
            raise SystemExit("the floor's widget was not painted")
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return (t1 - t0) * 1e3, (c1 - c0) * 1e3

    def floor_lookup(card: IdentityDocument) -> tuple[float, float]:
        t0, c0 = time.perf_counter(), time.process_time()
        registry.window_dossier(
            card.id_number,
            principal=Principal.of(actor.user, actor.station, [Role.CLERK]),
            purpose="window visit: 居住登记",
        )
        return (time.perf_counter() - t0) * 1e3, (time.process_time() - c0) * 1e3

    print(f"warming up on {args.warmup} cards …", file=sys.stderr, flush=True)
    for card in cards[: args.warmup]:
        one_card(card)
    one_card(cards[0], clear=False)
    tab = page.matter_tab(jz)
    fields = len(tab.form.values())
    line_edits = len(tab.form.findChildren(QLineEdit))
    settle()
    for card in cards[: args.warmup]:
        floor_widget()
        floor_lookup(card)

    measured = cards[args.warmup :]
    if not args.cold:
        print("warming the page cache for every person …", file=sys.stderr, flush=True)
        for card in measured:
            floor_lookup(card)
    samples: list[dict[str, float]] = []
    lookups: list[tuple[float, float]] = []  # (wall, CPU)
    widgets: list[tuple[float, float]] = []
    for start in range(0, len(measured), args.block):
        chunk = measured[start : start + args.block]

        def floors(chunk: list[IdentityDocument] = chunk) -> None:
            for card in chunk:
                lookups.append(floor_lookup(card))
                widgets.append(floor_widget())

        if args.cold or (start // args.block) % 2:  # cold: the page touches each person first
            samples.extend(one_card(card) for card in chunk)
            floors()
        else:
            floors()
            samples.extend(one_card(card) for card in chunk)
        done = len(samples)
        print(
            f"  {done}/{len(measured)}: total median "
            f"{statistics.median(s['total'] for s in samples):.1f} ms",
            file=sys.stderr,
            flush=True,
        )
    window.close()
    floor_window.close()
    wait_for_tasks()
    if profiler is not None:
        profiler.dump_stats(args.profile)
        print(f"profile of the page's samples: {args.profile}", file=sys.stderr, flush=True)
    parts = {k: _stats([s[k] for s in samples]) for k in samples[0]}
    look, wid = _stats([w for w, _ in lookups]), _stats([w for w, _ in widgets])
    look_cpu, wid_cpu = _stats([c for _, c in lookups]), _stats([c for _, c in widgets])
    result = {
        "samples": len(samples),
        "warmup": args.warmup,
        "persons_first_touched_by": "the page" if args.cold else "a warm-up pass",
        "matter": jz,
        "form_fields": fields,
        "form_line_edits": line_edits,
        "registry_rows": {"persons": _count(target, "persons")},
        "page_ms": parts,
        "floor_lookup_ms": look,
        "floor_widget_ms": wid,
        "floor_sum_median_ms": round(look["median"] + wid["median"], 2),
        "ratio_total_to_floor_sum_median": round(
            parts["total"]["median"] / (look["median"] + wid["median"]), 2
        ),
        "ratio_service_to_lookup_median": round(parts["service"]["median"] / look["median"], 2),
        "ratio_gui_to_widget_median": round(parts["gui"]["median"] / wid["median"], 2),
        # CPU time of the process (both threads): what the work costs on a busy machine
        "floor_lookup_cpu_ms": look_cpu,
        "floor_widget_cpu_ms": wid_cpu,
        "ratio_total_to_floor_sum_cpu_median": round(
            parts["total_cpu"]["median"] / (look_cpu["median"] + wid_cpu["median"]), 2
        ),
        "target_p95_ms": 50,
        "target_ratio": 2.0,
        "met": {
            "p95": parts["total"]["p95"] <= 50,
            "ratio_wall": parts["total"]["median"] <= 2 * (look["median"] + wid["median"]),
            "ratio_cpu": parts["total_cpu"]["median"]
            <= 2 * (look_cpu["median"] + wid_cpu["median"]),
        },
    }
    db.dispose()
    return result


def _count(path: Path, table: str) -> int:
    raw = sqlite3.connect(str(path))
    try:
        return int(raw.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0])
    finally:
        raw.close()


# ---- cold start ------------------------------------------------------------------------------

APP = [PYTHON, "-m", "desktop.app", "--lang", "zh_CN", "--smoke-test"]
#: What the app cannot start without: the ORM, the migration check, the password hash.
LIBRARIES = "sqlalchemy.orm,alembic.command,alembic.script,argon2"
VARIANTS: dict[str, list[str]] = {
    "floor": [PYTHON, str(REPO / "benchmarks" / "bare_window.py")],
    "floor_with_libraries": [
        PYTHON,
        str(REPO / "benchmarks" / "bare_window.py"),
        "--import",
        LIBRARIES,
    ],
    "app_login": [*APP, "--scene", "login"],
    "app_desk": [*APP, "--scene", "waiting"],
    "app_status_only": [*APP, "--no-desk"],
}


def _run_to_ready(command: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """(ms to the ``ready`` line, ms to the process's exit) from just before the spawn."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    ready = None
    for line in proc.stdout:
        if line.strip() == "ready":
            ready = time.perf_counter()
    _, err = proc.communicate()
    end = time.perf_counter()
    if proc.returncode != 0 or ready is None:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}): {err[-2000:]}")
    return (ready - t0) * 1e3, (end - t0) * 1e3


def cold_start(args: argparse.Namespace) -> dict[str, Any]:
    home = Path(args.home)
    env = {
        **os.environ,
        **_platform_env(args),
        "ONEWINDOW_HOME": str(home),
        "PYTHONPATH": str(REPO),
        "PYTHONDONTWRITEBYTECODE": "",
    }
    env.pop("PYTHONDONTWRITEBYTECODE")
    print(f"seeding the demo home {home} (untimed) …", file=sys.stderr, flush=True)
    _run_to_ready(VARIANTS["app_desk"], env)
    times: dict[str, list[float]] = {k: [] for k in VARIANTS}
    exits: dict[str, list[float]] = {k: [] for k in VARIANTS}
    for _ in range(2):  # warm the page cache and the bytecode caches
        for command in VARIANTS.values():
            _run_to_ready(command, env)
    for i in range(args.runs):
        order = list(VARIANTS.items())
        if i % 2:
            order.reverse()
        for name, command in order:
            ready, end = _run_to_ready(command, env)
            times[name].append(ready)
            exits[name].append(end)
        print(
            f"  run {i + 1}/{args.runs}: "
            + ", ".join(f"{k} {v[-1]:.0f} ms" for k, v in times.items()),
            file=sys.stderr,
            flush=True,
        )
    floor = statistics.median(times["floor"])
    out: dict[str, Any] = {
        "runs": args.runs,
        "ready_ms": {k: _stats(v) for k, v in times.items()},
        "exit_ms": {k: _stats(v) for k, v in exits.items()},
        "ratio_median": {
            k: round(statistics.median(v) / floor, 2) for k, v in times.items() if k != "floor"
        },
        "target_ratio": 2.0,
    }
    out["met"] = {
        "sign_in_ready": out["ratio_median"]["app_login"] <= 2.0,
        "desk_ready": out["ratio_median"]["app_desk"] <= 2.0,
    }
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("what", choices=("card-to-form", "cold-start", "all"))
    p.add_argument("--source", default="/tmp/onewindow-bench/registry.sqlite3")
    p.add_argument("--db", default="/tmp/onewindow-desk-bench/registry.sqlite3")
    p.add_argument("--samples", type=int, default=500)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--block", type=int, default=40)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--home", default=None, help="the demo home (default: a temporary folder)")
    p.add_argument(
        "--cold",
        action="store_true",
        help="card-to-form: no warm-up pass over the persons; the page reads each one first",
    )
    p.add_argument(
        "--profile",
        default=None,
        metavar="FILE",
        help="card-to-form: cProfile the page's samples (not the floors) into FILE (pstats)",
    )
    p.add_argument("--runs", type=int, default=15)
    p.add_argument("--xvfb", action="store_true", help="run Qt on a private Xvfb (xcb)")
    p.add_argument("--display", default=":97")
    args = p.parse_args()
    args.samples += args.warmup
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "qt_platform": "xcb (Xvfb)" if args.xvfb else "offscreen",
            "load_before": _load(),
        },
    }
    with _xvfb(args.display) if args.xvfb else _nothing():
        if args.what in ("card-to-form", "all"):
            result["card_to_form"] = card_to_form(args)
            print(json.dumps(result["card_to_form"], indent=2), file=sys.stderr, flush=True)
        if args.what in ("cold-start", "all"):
            with tempfile.TemporaryDirectory(prefix="onewindow-desk-home-") as tmp:
                if args.home is None:
                    args.home = tmp
                result["cold_start"] = cold_start(args)
    result["machine"]["load_after"] = _load()
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    suffix = "-xvfb" if args.xvfb else ""
    name = {"card-to-form": "desk-card-to-form", "cold-start": "desk-cold-start"}.get(
        args.what, "desk"
    )
    if args.cold:
        suffix += "-cold"
    (RESULTS / f"{name}{suffix}.json").write_text(text + "\n")
    from desktop.app import pin_bools_for_exit

    pin_bools_for_exit()  # PySide6's teardown on Python 3.11 (see there)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


if __name__ == "__main__":
    main()
