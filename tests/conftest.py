"""Shared fixtures: an application home, keyrings, an SQLite database and a PostgreSQL server."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt
# The suite is quiet: no test chimes or speaks on this computer's sound server or starts a
# speech-dispatcher (the tests that listen run a sound server of their own, tests/ui/audio_rig).
os.environ.update(
    PULSE_SERVER="unix:/nonexistent/onewindow-tests-no-sound",
    SPEECHD_ADDRESS="unix_socket:/nonexistent/onewindow-tests-no-sound",
    SPEECHD_CMD="/bin/false",
)

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest

from desktop.config.paths import ENV_HOME, AppPaths, app_paths
from desktop.config.settings import ENV_DATABASE_URL, DatabaseSettings, Settings
from desktop.persistence.database import Database, open_database

try:  # tests/ is on sys.path (rootdir-relative conftest) unless it becomes a package
    from pgserver import PostgresServer, PostgresUnavailable
except ImportError:  # pragma: no cover
    from tests.pgserver import PostgresServer, PostgresUnavailable  # type: ignore[no-redef]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# ---- application home ----------------------------------------------------------------------


@pytest.fixture
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """A fresh ``ONEWINDOW_HOME`` (config, data, logs, archive) with no database URL override.

    Returns the resolved :class:`AppPaths`; the home folder is ``app_home.config_dir.parent``.
    """
    home = tmp_path / "home"
    monkeypatch.setenv(ENV_HOME, str(home))
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)
    return app_paths().ensure()


def _with_hall_secret(db: Database, paths: AppPaths) -> Database:
    """Bind the station's hall secret (as the window and the command line do).

    The secret is also written to ``paths``' key file: a test that swaps the keyring later
    (``memory_keyring``) still finds the same secret there, as the command line looks it up.
    """
    from desktop.services.keying import attach_hall_secret
    from desktop.services.secrets import StationKeys, _write_owner_only, hall_secret_for

    keys = StationKeys(paths)
    attach_hall_secret(db.engine, keys, eager=True)
    if not keys.secret_file.exists():
        _write_owner_only(keys.secret_file, hall_secret_for(db.engine)._serialise())
    return db


@pytest.fixture
def sqlite_db(app_home: AppPaths) -> Iterator[Database]:
    """The embedded SQLite database of ``app_home``, opened and migrated to head, with the
    station's hall secret (created in ``app_home``: no keyring in tests) bound to it."""
    db = _with_hall_secret(open_database(app_home), app_home)
    try:
        yield db
    finally:
        db.dispose()


# ---- keyrings ------------------------------------------------------------------------------


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps passwords in a dict, for tests only."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(f"no password for {username}@{service}")


@contextmanager
def _keyring_installed(backend: keyring.backend.KeyringBackend) -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring in place of the OS keyring; yields it to inspect ``passwords``."""
    backend = MemoryKeyring()
    with _keyring_installed(backend):
        yield backend


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No usable keyring, as on a Linux station without a Secret Service."""
    with _keyring_installed(keyring.backends.fail.Keyring()):
        yield


# ---- PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the session (skipped without one; failed in CI)."""
    try:
        server = PostgresServer()
    except PostgresUnavailable as exc:
        if _in_ci():
            pytest.fail(f"{exc} (CI is set: PostgreSQL tests must not be skipped)")
        pytest.skip(str(exc))
    with server:
        yield server


@dataclass(frozen=True, slots=True)
class PgDatabase:
    """An empty database on :func:`pg_server`, owned by the application's role."""

    name: str
    user: str
    password: str
    #: SQLAlchemy URL with the password (for tests that connect directly).
    url: str
    #: The same URL without the password (what a settings file holds).
    url_without_password: str


@pytest.fixture
def pg_database(pg_server: PostgresServer) -> Iterator[PgDatabase]:
    """A fresh, empty database for one test, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    pg_server.create_database(name)
    try:
        yield PgDatabase(
            name=name,
            user=pg_server.app_user,
            password=pg_server.app_password,
            url=pg_server.url(pg_server.app_user, pg_server.app_password, database=name),
            url_without_password=pg_server.url(pg_server.app_user, database=name),
        )
    finally:
        pg_server.drop_database(name)


@pytest.fixture
def pg_db(app_home: AppPaths, pg_database: PgDatabase) -> Iterator[Database]:
    """A fresh PostgreSQL database, opened like the app opens it and migrated to head.

    The settings hold the URL without a password; the password is handed over directly. The
    station's hall secret is bound to it like :func:`sqlite_db`'s.
    """
    settings = Settings(database=DatabaseSettings(url=pg_database.url_without_password))
    db = _with_hall_secret(
        open_database(app_home, settings, password=pg_database.password), app_home
    )
    try:
        yield db
    finally:
        db.dispose()


# ---- PC/SC: a real pcscd with vpcd's virtual readers, virtual ID cards -------------------
#
# Shared by tests/devices and tests/ui (the clerk window end to end): pcscd listens on one
# global socket, so a test session runs exactly one daemon, defined here once.

_DEVICES_DIR = Path(__file__).resolve().parent / "devices"


def _device_helpers() -> None:
    """Make tests/devices' helper modules (pcscd_fixture, virtual_reader) importable."""
    import sys

    if str(_DEVICES_DIR) not in sys.path:
        sys.path.append(str(_DEVICES_DIR))


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The daemon, started once; skipped with the reason when pcscd, the vpcd driver or pyscard
    is missing — failed instead when ``CI`` is set."""
    _device_helpers()
    from pcscd_fixture import PcscDaemon, PcscdError, unavailable_reason

    reason = unavailable_reason()
    if reason is not None:
        if _in_ci():
            pytest.fail(f"{reason} (CI is set: the PC/SC tests must not be skipped)")
        pytest.skip(reason)
    daemon = PcscDaemon(log_dir=Path(tmp_path_factory.mktemp("pcscd")))
    try:
        daemon.start()
    except PcscdError as exc:
        daemon.release()
        pytest.fail(str(exc))
    try:
        yield daemon
    finally:
        daemon.release()


@pytest.fixture
def pcscd_running(pcscd: Any) -> Any:
    """The daemon, (re)started if an earlier test stopped it."""
    if not pcscd.running:
        pcscd.start()
    return pcscd


@pytest.fixture
def virtual_card(pcscd_running: Any) -> Iterator[Any]:
    """A factory of ``VirtualIdCard`` (same arguments); every card it made is removed after
    the test."""
    _device_helpers()
    from pcscd_fixture import wait_for_card
    from virtual_reader import VirtualIdCard

    made: list[Any] = []

    def make(*args: Any, **kwargs: Any) -> Any:
        card = VirtualIdCard(*args, **kwargs)
        made.append(card)
        return card

    yield make
    for card in made:
        card.remove()
    # The next test starts with empty readers (pcscd notices a removal at its next poll).
    if pcscd_running.running:
        for reader in {card.reader_name for card in made}:
            assert wait_for_card(reader, present=False), f"{reader} still reports a card"
    failures = [(card.reader_name, exc) for card in made for exc in card.errors]
    assert not failures, f"the virtual card emulator failed: {failures}"


# ---- Qt teardown ---------------------------------------------------------------------------


def pin_bools_for_exit() -> None:
    """Work around a PySide6 reference-count bug on Python 3.11 (see ``desktop.app``)."""
    from desktop.app import pin_bools_for_exit as pin

    pin()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Take Qt down while the interpreter is whole.

    Left to interpreter finalisation, PySide6 objects (widgets kept alive by pytest-qt's session
    QApplication, pending deferred deletes) are destroyed in arbitrary order during the final
    garbage collection, which intermittently aborted the run after every test had passed
    ("bool_dealloc: deallocating True or False"). Closing and deleting every widget, flushing
    deferred deletes and collecting here makes the order deterministic.
    """
    import gc
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    QThreadPool.globalInstance().waitForDone(5000)
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    gc.collect()
    pin_bools_for_exit()
