"""The composition root: ``onewindow`` reads the settings, builds the services and the window.

This is the one place that knows every layer, and the one module of ``desktop`` that imports
Qt and ``ui`` (an import-linter contract says so). It opens the database (off the GUI thread,
through the one background-task helper), seeds the embedded default with a synthetic registry at
first start, builds the station of the configured ``[station] kind`` (``ui.stations``) and hands
the windows plain callables, service objects behind protocols and frozen records; no window
holds a database or a session.

    onewindow [--lang zh_CN|en] [--smoke-test] [--screenshot PATH]

``--smoke-test`` exits 0 as soon as the registry's status is on screen (1 if an error is shown
instead), for CI, printing ``ready`` on stdout first; ``--screenshot PATH`` saves the screen at
that moment, then exits likewise (with ``--scene``: once the scene is painted).
``QT_QPA_PLATFORM`` is honoured as usual; a smoke test without any display uses ``offscreen``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.config.logging_setup import configure_logging
from desktop.config.paths import APP_AUTHOR, APP_NAME, AppPaths, app_paths
from desktop.config.settings import (
    REVIEW_STATION_NAME,
    LoggingSettings,
    Settings,
    SettingsError,
    hall_timezone,
    load_settings,
)
from desktop.domain.errors import CodedError
from desktop.services.status import RegistryStatus
from devices.reader import ReaderBackend
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, install_translators, remove_translators
from ui.main_window import MainWindow, ProgressReport

if TYPE_CHECKING:  # the database stack is imported on the worker, after the window is up
    from desktop.domain.queueing import HallBoard
    from desktop.persistence.database import Database
    from desktop.services.changes import ChangeListener
    from desktop.services.hall import Hall
    from desktop.services.keying import AuditKeeper
    from desktop.services.review import ReviewDesk
    from ui.live import LiveFeed
    from ui.stations import Station
    from ui.stations.clerk import ClerkBackend, ClerkConfig, ClerkServices
    from ui.stations.display import DisplayConfig
    from ui.stations.kiosk import KioskConfig, KioskServices
    from ui.stations.review import ReviewConfig, ReviewServices, ReviewStationBackend
    from ui.stations.supervisor import (
        SupervisorConfig,
        SupervisorServices,
        SupervisorStationBackend,
    )
from ui.panels.header import StationInfo
from ui.reader.adapter import ReaderAdapter
from ui.tasks import run_task, wait_for_tasks
from ui.texts import PHASE_OPEN, PHASE_SEED_PREFIX, PHASE_STATUS
from ui.theme import apply_app_font

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1  # smoke test / screenshot: an error was shown instead of the status
EXIT_CONFIG = 2  # the configuration cannot be used

#: Milliseconds between the status appearing and the screenshot (lets the screen repaint).
SCREENSHOT_DELAY_MS = 400


class StartupError(CodedError):
    """A start-up step other than opening the database failed; ``code`` names which."""

    code = "startup.error"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


class RegistryConnection:
    """Owns the application's database; the window's status provider and the station's backend.

    The first call opens the database (migrating it to head) and, for the embedded default with
    no people in it, seeds the synthetic demo registry (``demo_seed_persons``; 0 turns this
    off) and its demo accounts (``desktop.demo.users``); every call then reads the
    status. :meth:`clerk_services` gives the clerk's station (``ui.stations.clerk``) its
    services over the open database.
    Called on the background worker; a lock keeps calls from overlapping.
    """

    def __init__(self, paths: AppPaths, settings: Settings) -> None:
        self._paths = paths
        self._settings = settings
        self._db: Database | None = None
        self._lock = threading.Lock()
        self._demo_users_checked = False
        self._hall: Hall | None = None
        self._clerk: ClerkServices | None = None
        self._review: ReviewDesk | None = None
        self._review_services: ReviewServices | None = None
        self._kiosk: KioskServices | None = None
        self._supervisor: SupervisorServices | None = None
        self._last_status: RegistryStatus | None = None
        self._audit: AuditKeeper | None = None

    def __call__(self, report: ProgressReport) -> RegistryStatus:
        from desktop.persistence.database import open_database
        from desktop.services.status import registry_status

        with self._lock:
            if self._db is None:
                report(PHASE_OPEN, 0, 0)
                db = open_database(self._paths, self._settings)
                try:
                    self._key_audit_chain(db)
                except BaseException:
                    db.dispose()
                    raise
                self._db = db
            db = self._db
            report(PHASE_STATUS, 0, 0)
            status = registry_status(db)
            if self._needs_seeding(db, status):
                # A seeding that was interrupted (the seeder commits in chunks and marks the
                # data set "incomplete" until it is done) is replaced, not left half-done.
                self._seed(db, report, replace=status.seed_info.get("status") == "incomplete")
                report(PHASE_STATUS, 0, 0)
                status = registry_status(db)
            if not self._demo_users_checked and db.target.embedded and status.synthetic:
                from desktop.demo.users import ensure_demo_users

                # One account per role with the documented demo password (demo data only).
                ensure_demo_users(db)
                self._demo_users_checked = True
            self._last_status = status
            return status

    def _key_audit_chain(self, db: Database) -> None:
        """The hall secret for this database; a chain of an earlier version re-keyed, then a
        checkpoint of the chain as it is at the start (before anything is seeded or appended).
        """
        from desktop.services.keying import AuditKeeper
        from desktop.services.secrets import StationKeys, hall_secret_for
        from desktop.services.status import is_synthetic

        def demo() -> bool:
            return db.target.embedded and is_synthetic(db.meta())

        keys = StationKeys(self._paths, demo=demo)
        # Coded errors (secret.missing, audit.rekey_refused, …) stop the start with their words.
        keeper = AuditKeeper(db, self._paths, keys, self._settings.station.audit_label())
        hall_secret_for(db.engine)  # a station without the hall's secret says so now
        keeper.rekey()
        keeper.try_checkpoint()
        self._audit = keeper

    def _needs_seeding(self, db: Database, status: RegistryStatus) -> bool:
        if not db.target.embedded or self._settings.database.demo_seed_persons < 1:
            return False  # a hall's database is never seeded; 0 persons turns seeding off
        incomplete = status.synthetic and status.seed_info.get("status") == "incomplete"
        return incomplete or status.counts.get("persons", 0) == 0

    def _seed(self, db: Database, report: ProgressReport, *, replace: bool) -> None:
        from desktop.demo.seeding import SeedError, seed_registry

        settings = self._settings.database
        log.info(
            "%s embedded registry: seeding %d synthetic persons",
            "incomplete" if replace else "empty",
            settings.demo_seed_persons,
        )

        def progress(phase: str, done: int, total: int) -> None:
            report(PHASE_SEED_PREFIX + phase, done, total)

        try:
            summary = seed_registry(
                db,
                persons=settings.demo_seed_persons,
                random_seed=settings.demo_random_seed,
                progress=progress,
                replace=replace,
            )
        except SeedError as exc:
            raise StartupError("seed.failed", str(exc)) from exc
        log.info("seeded the synthetic demo registry: %s", summary)

    def hall(self) -> Hall:
        """The station's services over the open database (built once, on the worker thread)."""
        from desktop.services.hall import Hall

        with self._lock:
            if self._db is None:
                raise StartupError("hall.no_database", "the database is not open")
            if self._hall is None:
                self._hall = Hall(self._db, self._paths, self._settings)
                self._hall.print_queue.recover_interrupted(self._settings.station.audit_label())
            return self._hall

    def clerk_config(self) -> ClerkConfig:
        """The clerk's station's settings (on the GUI thread: no database needed)."""
        from ui.stations.clerk import ClerkConfig

        settings, data_dir = self._settings, self._paths.data_dir
        return ClerkConfig(
            station=settings.station.audit_label(),
            idle_lock_minutes=settings.security.idle_lock_minutes,
            pdf_dir=Path(settings.printing.pdf_output_dir or data_dir / "printed"),
            local_draft_file=data_dir / "local-draft.json",
            hall_tz=hall_timezone(settings.cases),
            window_number=settings.station.window_number,
            mode=settings.station.mode,
        )

    def clerk_services(self) -> ClerkServices:
        """The hall and the clerk's desk over it (built once, on the worker thread)."""
        from desktop.services.desk import WindowDesk
        from desktop.services.kiosk import KioskDesk
        from ui.stations.clerk import ClerkServices

        hall = self.hall()
        with self._lock:
            if self._clerk is None:
                self._clerk = ClerkServices(
                    hall=hall,
                    desk=WindowDesk(hall),
                    declarations=KioskDesk(hall),
                    changes=hall.change_listener,
                )
            return self._clerk

    def review_desk(self) -> ReviewDesk:
        """The approver's review desk over the hall (built once, on the worker thread): what the
        review station (``[station] kind = "review"``) is handed."""
        from desktop.services.review import ReviewDesk

        hall = self.hall()
        with self._lock:
            if self._review is None:
                self._review = ReviewDesk(hall)
            return self._review

    def review_config(self) -> ReviewConfig:
        """The review station's settings (on the GUI thread: no database needed)."""
        from ui.stations.review import ReviewConfig

        settings = self._settings
        name = settings.station.shown_name("review")
        return ReviewConfig(
            station=settings.station.audit_label("review"),
            idle_lock_minutes=settings.security.idle_lock_minutes,
            desk_name="" if name == REVIEW_STATION_NAME else name,
        )

    def review_services(self) -> ReviewServices:
        """The hall and its review desk, for the review station (built once, on the worker)."""
        from ui.stations.review import ReviewServices

        desk = self.review_desk()
        with self._lock:
            if self._review_services is None:
                self._review_services = ReviewServices(hall=desk.hall, desk=desk)
            return self._review_services

    def review_feed(self) -> LiveFeed:
        """The other stations' changes, live (on the GUI thread, after sign-in): a started
        ``LiveFeed`` over the hall's change listener; the station stops it when it closes."""
        from ui.live import LiveFeed

        feed = LiveFeed(self.hall().change_listener())
        feed.start()
        return feed

    def review_demo_cases(self, count: int) -> int:
        """Demo only: at least ``count`` cases in review, accepted by the demo clerk."""
        from desktop.demo.cases import ensure_review_cases

        return ensure_review_cases(self.hall(), count)

    def supervisor_config(self) -> SupervisorConfig:
        """The supervisor's station's settings (on the GUI thread: no database needed)."""
        from ui.stations.supervisor import SupervisorConfig

        settings = self._settings
        return SupervisorConfig(
            station=settings.station.audit_label(),
            idle_lock_minutes=settings.security.idle_lock_minutes,
            tz=hall_timezone(settings.cases),
            export_dir=Path.home(),
        )

    def supervisor_services(self) -> SupervisorServices:
        """The hall and its oversight service (the dashboard's figures), built once, on the
        worker thread."""
        from desktop.services.audit_viewer import AuditViewer
        from desktop.services.oversight import for_hall
        from ui.stations.supervisor import SupervisorServices

        hall = self.hall()
        with self._lock:
            if self._supervisor is None:
                audit = AuditViewer.for_station(
                    hall.db,
                    self._paths,
                    hall.station_keys,
                    self._settings.station.audit_label(),
                    hall.tz,
                )
                self._supervisor = SupervisorServices(
                    hall=hall,
                    oversight=for_hall(hall),
                    ratings=hall.ratings,
                    audit=audit,
                    deadlines=hall.deadlines,
                    cases=hall.cases,
                    matter_names_en={m.code: m.name_en for m in hall.catalog},
                )
            return self._supervisor

    def supervisor_feed(self) -> LiveFeed:
        """The other stations' changes, live (on the GUI thread, after sign-in)."""
        return self.review_feed()

    def supervisor_demo_activity(self, days: int) -> int:
        """Demo only: ``days`` days of synthetic activity, unless the hall already has some
        cases of the last ``days`` days; returns how many cases were accepted."""
        from datetime import timedelta

        from desktop.demo.activity import DemoActivityError, fill_activity, recent_cases
        from desktop.services.status import is_synthetic

        hall = self.hall()
        if not (hall.db.target.embedded and is_synthetic(hall.db.meta())):
            raise DemoActivityError()
        if recent_cases(hall, hall.today() - timedelta(days=days)) >= 50:
            return 0
        return fill_activity(hall, days).accepted

    def display_config(self) -> DisplayConfig:
        """The calling display's settings (on the GUI thread: no database needed)."""
        from ui.stations.display import DisplayConfig

        return DisplayConfig(hall_name=self._settings.station.hall_name)

    def display_board(self) -> HallBoard:
        """The hall's calling board (on the worker): no principal, no personal data."""
        return self.hall().queue.board()

    def display_listener(self) -> ChangeListener:
        """A change listener (not started) for the display's live feed (on the worker)."""
        return self.hall().change_listener()

    def kiosk_config(self) -> KioskConfig:
        """The kiosk's settings (on the GUI thread: no database needed)."""
        from ui.stations.kiosk import KioskConfig

        settings, data_dir = self._settings, self._paths.data_dir
        return KioskConfig(
            station=settings.station.audit_label(),
            hall_name=settings.station.hall_name,
            idle_seconds=settings.kiosk.idle_seconds,
            admin_hold_seconds=settings.kiosk.admin_hold_seconds,
            pdf_dir=Path(settings.printing.pdf_output_dir or data_dir / "printed"),
            language=settings.ui.language or DEFAULT_LANGUAGE,
        )

    def kiosk_services(self) -> KioskServices:
        """The hall and the kiosk's desk over it (built once, on the worker thread)."""
        from functools import partial as bind

        from desktop.demo.kiosk import seed_demo_cases
        from desktop.services.kiosk import KioskDesk
        from ui.stations.kiosk import KioskServices

        hall = self.hall()
        with self._lock:
            if self._kiosk is None:
                demo = bind(seed_demo_cases, hall) if hall.demo else None
                self._kiosk = KioskServices(hall=hall, desk=KioskDesk(hall), demo_cases=demo)
            return self._kiosk

    def demo_password(self) -> str:
        """The documented password of the demo accounts (shown only on the synthetic demo)."""
        from desktop.demo.users import DEMO_PASSWORD

        return DEMO_PASSWORD

    def reader_backend(self) -> ReaderBackend | None:
        """Build the configured card reader (on the worker thread); None for ``backend = none``.

        ``auto`` is the demo reader when the database is the embedded default holding the
        synthetic registry (a newcomer's first start), otherwise PC/SC.
        """
        from desktop.demo.deck import demo_deck
        from devices.factory import create_backend

        settings = self._settings.reader
        with self._lock:
            db = self._db
            if db is None:
                raise StartupError("reader.no_database", "the database is not open")
            kind = settings.backend
            if kind == "none":
                return None
            if kind == "auto":
                synthetic = self._last_status is not None and self._last_status.synthetic
                kind = "demo" if db.target.embedded and synthetic else "pcsc"
            deck = demo_deck(db) if kind == "demo" else None
        return create_backend(
            kind,  # type: ignore[arg-type]
            reader_pattern=settings.reader_pattern or None,
            port=settings.serial_port or None,
            baudrate=settings.baudrate,
            deck=deck,
        )

    def close(self) -> None:
        with self._lock:
            if self._audit is not None:
                self._audit.try_checkpoint()  # the chain as this station leaves it
                self._audit = None
            if self._db is not None:
                self._db.dispose()
                self._db = None


@dataclass
class RunningApp:
    """What :func:`launch` built; :meth:`close` takes it down again."""

    app: QApplication
    window: MainWindow
    connection: RegistryConnection
    translators: list[QTranslator] = field(default_factory=list)
    previous_locale: QLocale = field(default_factory=QLocale)
    reader: ReaderAdapter | None = None
    session: Station | None = None
    closed: bool = False

    def start_reader(self) -> None:
        """Build the card reader off the GUI thread once the registry is up, then show it."""
        if self.reader is not None or self.closed:
            return

        def on_built(backend: ReaderBackend | None, error: BaseException | None) -> None:
            if error is not None:
                log.warning("the card reader cannot be used: %s", error)
                code = str(error.code) if isinstance(error, CodedError) else ""
                self.window.show_reader_error(code, str(error))
                return
            if backend is None or self.reader is not None or self.closed:
                return  # (a backend is not started until it is attached: nothing to stop)
            self.reader = ReaderAdapter(backend)
            demo_tap = getattr(backend, "tap", None) if backend.name == "demo" else None
            # A kiosk's main window stays hidden and must never hold a card holder's name.
            if getattr(self.session, "main_reader_panel", True):
                self.window.attach_reader(self.reader, demo_tap=demo_tap)
            if self.session is not None:
                self.session.attach_reader(self.reader, demo_tap)
            self.reader.start()

        run_task(self.connection.reader_backend, on_built)

    def close(self) -> None:
        self.closed = True  # a reader whose build finishes after this is never started
        if self.reader is not None:
            self.reader.stop()
        if self.session is not None:
            self.session.close()
        self.window.close()
        if not wait_for_tasks(0):
            # Seeding is not interrupted halfway: wait for it to finish (or fail) cleanly.
            log.info("waiting for the background task to finish before exiting")
            wait_for_tasks()
        self.connection.close()
        remove_translators(self.app, self.translators)
        QLocale.setDefault(self.previous_locale)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="onewindow", description="OneWindow (一窗通)")
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="interface language (default: the 'language' setting in [ui], else zh_CN)",
    )
    p.add_argument(
        "--smoke-test",
        action="store_true",
        help="exit 0 once the registry's status is shown (1 if an error is shown instead)",
    )
    p.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help="save a PNG of the screen once the status (or an error) is shown, then exit",
    )
    p.add_argument(
        "--scene",
        choices=(
            "login",
            "waiting",
            "prefilled",
            "accepted",
            "review",
            "kiosk-welcome",
            "kiosk-cases",
            "kiosk-declare",
            "kiosk-ended",
            "queue-display",
            "supervisor",
            "supervisor-deadlines",
            "reception",
        ),
        default=None,
        help="login: the sign-in, ready once painted (any database); the others are demo only: "
        "sign in as the demo clerk and play a scene (waiting for a card, a pre-filled residence "
        "registration, the accepted case; review: the demo approver's queue with a claimed task "
        "open, on the review station whatever the configured kind; kiosk-*: the self-service "
        "kiosk's welcome page, a card's cases, the self-declaration, the welcome page after the "
        "card was pulled; queue-display: the hall's calling display with synthetic calls, no "
        "database needed; supervisor: the demo supervisor's dashboard over a month of synthetic "
        "activity; supervisor-deadlines: the supervisor's deadline board on the overdue cases, "
        "the first one opened; reception: the reception desk after taking a priority ticket); with "
        "--screenshot or --smoke-test the app exits once the scene is painted",
    )
    p.add_argument(
        "--no-desk",
        action="store_true",
        help="show the registry's status only (no sign-in, no window desk)",
    )
    return p


def _ensure_platform(args: argparse.Namespace) -> None:
    """Honour QT_QPA_PLATFORM; a smoke test on a Linux box without a display goes offscreen."""
    if os.environ.get("QT_QPA_PLATFORM") or not args.smoke_test:
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _application() -> QApplication:
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(APP_AUTHOR)
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    return QApplication([sys.argv[0] if sys.argv else "onewindow"])


def _interactive(args: argparse.Namespace) -> bool:
    return not (args.smoke_test or args.screenshot)


def _report_config_error(
    app: QApplication, args: argparse.Namespace, paths: AppPaths, message: str
) -> int:
    configure_logging(paths, LoggingSettings(), console=sys.stderr is not None)
    log.error("configuration cannot be used: %s", message)
    if _interactive(args):
        translators = install_translators(app, args.lang or DEFAULT_LANGUAGE)
        QMessageBox.critical(
            None,
            "OneWindow 一窗通",
            QCoreApplication.translate(
                "Startup", "OneWindow cannot start: the configuration file cannot be used."
            )
            + "\n\n"
            + message,
        )
        remove_translators(app, translators)
    elif sys.stderr is not None:
        sys.stderr.write(f"onewindow: {message}\n")
    return EXIT_CONFIG


def _save_screenshot(window: MainWindow, path: Path) -> bool:
    """Grab the screen the window is on (what a user sees); the window alone as a fallback."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    pixmap = screen.grabWindow(0) if screen is not None else None
    if pixmap is None or pixmap.isNull():
        pixmap = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = pixmap.save(str(path), "PNG")
    if ok:
        log.info("screenshot saved to %s (%dx%d)", path, pixmap.width(), pixmap.height())
    else:
        log.error("cannot save the screenshot to %s", path)
    return ok


def _wire_exit_on_ready(running: RunningApp, args: argparse.Namespace) -> None:
    """For --smoke-test and --screenshot: leave the event loop once something is on screen."""
    app, window = running.app, running.window

    def finish(code: int) -> None:
        if args.screenshot and not _save_screenshot(window, args.screenshot):
            code = EXIT_FAILED
        if code == EXIT_OK and sys.stdout is not None:
            print("ready", flush=True)  # benchmarks/desk_bench.py times the start to this line
        app.exit(code)

    def on_done(code: int) -> None:
        delay = SCREENSHOT_DELAY_MS if args.screenshot else 0
        QTimer.singleShot(delay, lambda: finish(code))

    if running.session is not None and args.scene is not None:
        running.session.sig_scene_ready.connect(lambda ok: on_done(EXIT_OK if ok else EXIT_FAILED))
    else:
        window.sig_status_shown.connect(lambda _status: on_done(EXIT_OK))
    window.sig_error_shown.connect(lambda _code, _detail: on_done(EXIT_FAILED))


def launch(args: argparse.Namespace, app: QApplication) -> RunningApp | int:
    """Build and show the window and start loading the registry; an exit code on failure."""
    try:
        paths = app_paths().secure()
    except OSError as exc:
        if sys.stderr is not None:
            sys.stderr.write(f"onewindow: cannot create the application folders: {exc}\n")
        return EXIT_CONFIG
    try:
        settings = load_settings(paths)
    except SettingsError as exc:
        return _report_config_error(app, args, paths, str(exc))
    configure_logging(paths, settings.logging, console=sys.stderr is not None)

    language = args.lang or settings.ui.language or DEFAULT_LANGUAGE
    previous_locale = QLocale()
    QLocale.setDefault(QLocale(language))
    translators = install_translators(app, language)
    apply_app_font(app)
    log.info("OneWindow starting (language %s, home %s)", language, paths.data_dir)

    connection = RegistryConnection(paths, settings)
    kind = settings.station.kind  # a kiosk or review scene plays on its own station
    if args.scene is not None and args.scene.startswith("kiosk-"):
        kind = "kiosk"
    elif args.scene == "review":
        kind = "review"
    elif args.scene == "queue-display":
        kind = "display"
    elif args.scene in ("supervisor", "supervisor-deadlines"):
        kind = "supervisor"
    station = StationInfo(
        hall_name=settings.station.hall_name,
        station_name=settings.station.shown_name(kind),
        window_number=settings.station.shown_window_number(kind),
    )
    window = MainWindow(connection, station=station)
    running = RunningApp(app, window, connection, translators, previous_locale)
    window.sig_language_chosen.connect(partial(remember_language, paths))
    if not args.no_desk and (args.scene is not None or _interactive(args)):
        from ui.stations import builder_for

        # (checked here: a station takes its backend as Any)
        backend: ClerkBackend | ReviewStationBackend | SupervisorStationBackend = connection
        if kind == "review":
            review_backend: ReviewStationBackend = connection
            backend = review_backend
        elif kind == "supervisor":
            supervisor_backend: SupervisorStationBackend = connection
            backend = supervisor_backend
        build = builder_for(kind)
        running.session = build(window, backend, language=language, scene=args.scene)
    # An approver and a supervisor read no cards.
    if settings.reader.backend != "none" and kind not in ("review", "supervisor"):
        if running.session is not None and args.scene is not None:
            # A scene signs the demo clerk in at once: its reader is built after that, so that
            # the demo deck's registry reads do not delay the sign-in on the one worker thread.
            # (Interactively the reader is up while the clerk types the password.)
            running.session.sig_desk_ready.connect(lambda _principal: running.start_reader())
        else:
            window.sig_status_shown.connect(lambda _status: running.start_reader())
    if not _interactive(args):
        _wire_exit_on_ready(running, args)
    _show(window, screenshot=args.screenshot is not None)
    if running.session is not None:
        running.session.start()  # the sign-in is on screen while the database opens
    if args.scene != "queue-display":  # the display's scene is synthetic: no database
        window.load_status()
    return running


def remember_language(paths: AppPaths, code: str) -> None:
    """Remember the interface language in the settings file (read at the next start)."""
    from dataclasses import replace

    from desktop.config.settings import save_settings

    try:
        current = load_settings(paths, environment=False)
        save_settings(paths, replace(current, ui=replace(current.ui, language=code)))
    except Exception:  # the setting is a convenience; the window keeps working
        log.exception("cannot save the language setting")


def _show(window: MainWindow, *, screenshot: bool) -> None:
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.show()
        return
    available = screen.availableGeometry()
    if screenshot:
        # Fill the (virtual) screen exactly: under Xvfb there is no window manager to maximise.
        window.setGeometry(available)
        window.show()
    elif available.width() <= 1440 or available.height() <= 900:
        window.showMaximized()
    else:
        window.resize(1280, 800)
        window.show()


def pin_bools_for_exit() -> None:
    """Give ``True``/``False`` references that interpreter shutdown can never use up.

    On Python 3.11 the bools are ordinary reference-counted objects. Somewhere in PySide6's
    teardown of Qt objects a reference to a bool is released once too often, and when the final
    garbage collection at interpreter exit drops the last legitimate one the interpreter aborts
    ("bool_dealloc: deallocating True or False"), after the app (or the test run) has finished.
    Holding a large number of extra references makes that impossible; Python 3.12+ makes the
    bools immortal, so there this does nothing.
    """
    if sys.version_info >= (3, 12):
        return
    import ctypes

    extra = 1_000_000
    for obj in (True, False, None):
        if hasattr(sys, "gettotalrefcount"):  # a debug build: the object header differs
            for _ in range(extra):
                ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))
        else:  # ob_refcnt is the header's first field; one addition, not a 0.7 s loop
            ctypes.c_ssize_t.from_address(id(obj)).value += extra


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    _ensure_platform(args)
    app = _application()
    running = launch(args, app)
    if isinstance(running, int):
        return running
    try:
        return app.exec()
    finally:
        running.close()
        pin_bools_for_exit()


if __name__ == "__main__":
    sys.exit(main())
