"""The kiosk's benchmark: card in → my cases painted, card out → welcome painted, nothing left.

    .venv/bin/python benchmarks/kiosk_bench.py [--persons 3000] [--people 40] [--rounds 5]
        [--drafts 2000] [--declare-every 4]

A real :class:`~ui.kiosk.window.KioskWindow` (1366×768, Qt ``offscreen``) over a real
:class:`~desktop.services.kiosk.KioskDesk` on a :class:`~desktop.services.hall.Hall` over a
freshly seeded synthetic registry (embedded SQLite, in a temporary home), signed in as the demo
kiosk account. ``--people`` tenants of the registry get two cases each from a window first
(``desktop.demo.kiosk.seed_demo_cases``, untimed); every ``--declare-every``-th of them also
declares a matter at the kiosk (a draft awaiting a clerk, which "my cases" lists), and the hall
holds ``--drafts`` drafts being typed at the windows for other people (what the declaration
look-up must not read through). One round takes every one of them in turn:

* **card in**: the card's ``IdentityDocument`` handed to ``KioskWindow.on_card_read`` (what the
  reader adapter's ``sig_card_read`` does) until the cases page has been filled and painted
  (its ``Paint`` event, then the rest of that paint pass). *Service* = ``open_session`` (the
  audited kiosk session) + ``my_cases`` (the holder's cases with the audited views) on the
  worker; *GUI* = the rest. The reader's own time (the card's APDUs) comes before this and is
  measured by ``card_read_bench.py``;
* **card out**: ``on_reader_state("card_removed")`` until the welcome page has been painted and
  the person's view has been destroyed; then (untimed) a walk over every widget of the
  application checks that none holds the person's name, number, address or a case number.

Each sample also records the process's CPU time (``time.process_time``, both threads).

**Floor**, measured right after each card-in sample for the same person (so floor and kiosk
alternate): *service floor* = the holder's keyed pseudonym and two plain ``sqlite3`` reads on
the same database file (the holder's case rows by pseudonym, the holder's drafts by the masked
number); *GUI floor* = a bare ``QWidget`` of the window's size with one plain ``QLabel`` per
text the cases page showed (the same texts, no frames, no style), built, laid out and painted
(its ``Paint`` event and the rest of that pass), then deleted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RESULTS = Path(__file__).with_name("results")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))]


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 2),
        "p95": round(_percentile(values, 0.95), 2),
        "max": round(max(values), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=3000, help="registry size")
    parser.add_argument("--people", type=int, default=40, help="card holders with cases")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the card holders")
    parser.add_argument("--drafts", type=int, default=2000, help="window drafts of others")
    parser.add_argument(
        "--declare-every", type=int, default=4, help="every n-th holder declares (0: none)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "kiosk.json")
    args = parser.parse_args(argv)

    home = Path(tempfile.mkdtemp(prefix="onewindow-kiosk-bench-"))
    os.environ["ONEWINDOW_HOME"] = str(home)
    os.environ.pop("ONEWINDOW_DATABASE_URL", None)

    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

    from desktop.config.paths import app_paths
    from desktop.config.settings import Settings
    from desktop.demo.cases import tenant_cards
    from desktop.demo.kiosk import seed_demo_cases
    from desktop.demo.seeding import seed_registry
    from desktop.demo.users import DEMO_PASSWORD, ensure_demo_users
    from desktop.domain.kiosk import declarant_key
    from desktop.domain.permissions import Principal, Role
    from desktop.persistence.database import open_database
    from desktop.services.hall import Hall
    from desktop.services.kiosk import EndReason, KioskDesk
    from desktop.services.local_drafts import VISIT_KEY
    from desktop.services.pseudonyms import pseudonym
    from desktop.services.secrets import hall_secret_for
    from devices.idcard.document import IdentityDocument
    from ui.i18n import install_translators
    from ui.kiosk.window import KioskWindow
    from ui.theme import apply_app_font

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_app_font(app)
    keep = install_translators(app, "zh_CN")
    paths = app_paths().ensure()
    db = open_database(paths)
    seed_registry(db, persons=args.persons, random_seed=2026)
    ensure_demo_users(db)
    hall = Hall(db, paths, Settings())
    desk = KioskDesk(hall)
    principal = hall.auth.sign_in("kiosk", DEMO_PASSWORD, "自助终端 #1", kiosk=True)

    cards: list[IdentityDocument] = []
    for card in tenant_cards(hall, args.people * 2):
        try:
            if seed_demo_cases(hall, card):
                cards.append(card)
        except Exception:  # a person a matter's rules refuse: take the next
            continue
        if len(cards) >= args.people:
            break
    print(f"{len(cards)} card holders with cases", flush=True)
    declared = 0
    for i, card in enumerate(cards):
        if not args.declare_every or i % args.declare_every:
            continue
        session = desk.open_session(principal, card)
        try:
            matter = desk.declare_matters()[0]
            offer = desk.declaration(session, matter)
            desk.declare(session, offer, dwelling_confirmed=True, phone="13912345678")
            declared += 1
        except Exception:  # no dwelling known, a rare-character name: a window's case
            pass
        desk.end_session(session, EndReason.DONE)
    clerk = Principal.of("clerk", "窗口 #1", [Role.CLERK])
    matter = desk.declare_matters()[0]
    for i in range(args.drafts):
        number = f"4403051990{i % 10000:04d}{i % 997:03d}X"[:18]
        fields = {f"field_{k}": f"值 {i} {k}" for k in range(20)}
        hall.cases.save_draft(
            clerk,
            matter_codes=[matter],
            form={VISIT_KEY: {"id_number": number, "matters": [matter]}, matter: fields},
            title=f"draft {i}",
        )
    print(f"{declared} declarations, {args.drafts} window drafts", flush=True)

    import sqlite3

    from PySide6.QtWidgets import QVBoxLayout

    secret = hall_secret_for(db.engine)
    plain = sqlite3.connect(str(db.engine.url.database))

    def service_floor(number: str) -> int:
        key = pseudonym(secret, number)
        found = plain.execute("SELECT * FROM cases WHERE applicant_id_hash = ?", (key,)).fetchall()
        drafts = plain.execute(
            "SELECT * FROM case_drafts WHERE declarant_masked = ? ORDER BY created_at DESC",
            (declarant_key(number),),
        ).fetchall()
        return len(found) + len(drafts)

    def gui_floor(texts: list[str]) -> None:
        bare = QWidget()
        bare.resize(1366, 768)
        column = QVBoxLayout(bare)
        for words in texts:
            column.addWidget(QLabel(words, bare))
        spy = FirstPaint(bare)
        bare.show()
        wait(lambda: spy.done)
        bare.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    service_ms: list[float] = []

    class Timed:
        """The core, with the worker's time in open_session + my_cases recorded."""

        def __init__(self, inner: KioskDesk) -> None:
            self._inner = inner
            self.spent = 0.0

        def __getattr__(self, name: str) -> Any:
            return getattr(self._inner, name)

        def open_session(self, p: Any, card: Any) -> Any:
            t = time.perf_counter()
            try:
                return self._inner.open_session(p, card)
            finally:
                self.spent += time.perf_counter() - t

        def my_cases(self, session: Any) -> Any:
            t = time.perf_counter()
            try:
                return self._inner.my_cases(session)
            finally:
                self.spent += time.perf_counter() - t

    timed = Timed(desk)
    window = KioskWindow(timed, principal, hall_name=hall.settings.station.hall_name)
    window.resize(1366, 768)
    window.show()

    def wait(pred: Callable[[], bool], timeout: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout
        while not pred():
            if time.perf_counter() > deadline:
                raise TimeoutError("the kiosk did not answer in time")
            app.processEvents()
            time.sleep(0.0005)

    class FirstPaint(QObject):
        def __init__(self, widget: QWidget) -> None:
            super().__init__(widget)
            self.done = False
            widget.installEventFilter(self)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, self._mark)
            return False

        def _mark(self) -> None:
            self.done = True

    card_in: list[float] = []
    card_in_cpu: list[float] = []
    floor: list[float] = []
    floor_cpu: list[float] = []
    floor_service: list[float] = []
    floor_gui: list[float] = []
    card_out: list[float] = []
    card_out_cpu: list[float] = []
    leaks = 0
    shown: list[bool] = []
    window.sig_cases_shown.connect(lambda: shown.append(True))
    for round_no in range(args.rounds + 1):  # round 0 warms up, untimed
        for card in cards:
            shown.clear()
            timed.spent = 0.0
            t0, c0 = time.perf_counter(), time.process_time()
            window.on_card_read(card)
            wait(lambda: bool(shown))
            person = window.person
            assert person is not None
            page = person.page("cases")
            assert page is not None
            spy = FirstPaint(page)
            page.update()
            wait(lambda spy=spy: spy.done)  # type: ignore[misc]
            t1, c1 = time.perf_counter(), time.process_time()
            texts = [w.text() for w in page.findChildren(QLabel) if w.isVisible() and w.text()]
            gone: list[bool] = []
            person.destroyed.connect(lambda *_a, gone=gone: gone.append(True))
            spy2 = FirstPaint(window.welcome)
            t2, c2 = time.perf_counter(), time.process_time()
            window.on_reader_state("card_removed")
            window.welcome.update()

            def ended(spy2: FirstPaint = spy2, gone: list[bool] = gone) -> bool:
                QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
                return spy2.done and bool(gone)

            wait(ended)
            t3, c3 = time.perf_counter(), time.process_time()
            if round_no:
                card_in.append((t1 - t0) * 1000)
                card_in_cpu.append((c1 - c0) * 1000)
                service_ms.append(timed.spent * 1000)
                card_out.append((t3 - t2) * 1000)
                card_out_cpu.append((c3 - c2) * 1000)
                f0, g0 = time.perf_counter(), time.process_time()
                service_floor(card.id_number)
                f1 = time.perf_counter()
                gui_floor(texts)
                f2, g2 = time.perf_counter(), time.process_time()
                floor.append((f2 - f0) * 1000)
                floor_cpu.append((g2 - g0) * 1000)
                floor_service.append((f1 - f0) * 1000)
                floor_gui.append((f2 - f1) * 1000)
            secrets = (card.name, card.id_number, card.address)
            for widget in QApplication.allWidgets():
                texts = [widget.toolTip(), widget.accessibleName()]
                if isinstance(widget, QLabel | QPushButton):
                    texts.append(widget.text())
                leaks += sum(1 for s in secrets for t in texts if s and s in t)
    gui = [t - s for t, s in zip(card_in, service_ms, strict=True)]
    plain.close()
    result = {
        "when": time.strftime("%Y-%m-%d %H:%M"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load": [round(x, 2) for x in os.getloadavg()],
        "registry_persons": args.persons,
        "card_holders": len(cards),
        "declarations": declared,
        "window_drafts": args.drafts,
        "samples": len(card_in),
        "card_in_ms": _stats(card_in),
        "card_in_cpu_ms": _stats(card_in_cpu),
        "card_in_service_ms": _stats(service_ms),
        "card_in_gui_ms": _stats(gui),
        "floor_ms": _stats(floor),
        "floor_cpu_ms": _stats(floor_cpu),
        "floor_service_ms": _stats(floor_service),
        "floor_gui_ms": _stats(floor_gui),
        "ratio_to_floor_median": round(statistics.median(card_in) / statistics.median(floor), 2),
        "ratio_to_floor_cpu_median": round(
            statistics.median(card_in_cpu) / statistics.median(floor_cpu), 2
        ),
        "card_out_ms": _stats(card_out),
        "card_out_cpu_ms": _stats(card_out_cpu),
        "leaks": leaks,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    window.leave_kiosk_quietly()
    del keep
    from ui.tasks import wait_for_tasks

    wait_for_tasks(10_000)
    db.dispose()
    return 0 if leaks == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
