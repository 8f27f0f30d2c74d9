"""A throwaway PostgreSQL server for the tests.

:class:`PostgresServer` runs ``initdb`` into a temporary directory, starts the server on a free
port of 127.0.0.1 (no other address; the Unix socket lives in the temporary directory and is not
in ``pg_hba.conf``), creates the application's role and database, and on exit stops the server
(``pg_ctl stop -m immediate``) and removes the directory. Every login is checked with
SCRAM-SHA-256 — the same authentication a hall's server uses.

A process killed outright (SIGKILL, an out-of-memory kill, a CI timeout) runs no clean-up, and
its server would run on: each server has a **watchdog**, a small shell loop in a session of its
own that stops the server and removes its directory within two seconds of the process that
started it going away (a normal exit stops the watchdog first).

PostgreSQL refuses to run as root. When the tests run as root, ``initdb`` and ``pg_ctl`` run as
the unprivileged ``postgres`` user through ``runuser`` (or ``su``); otherwise they run as the
current user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL

HOST = "127.0.0.1"
ADMIN_USER = "postgres"
APP_USER = "onewindow"
APP_DATABASE = "onewindow"
#: Overrides the search for the server binaries (a directory holding initdb and pg_ctl).
ENV_BINDIR = "ONEWINDOW_TEST_PG_BINDIR"

MISSING_BINARIES = (
    "PostgreSQL server binaries not found; install the 'postgresql' package "
    "(the README's test command does)"
)


class PostgresUnavailable(Exception):
    """No PostgreSQL server can be run here; the message says why and what to install."""


def _has_server_binaries(bindir: Path) -> bool:
    return all((bindir / name).is_file() for name in ("initdb", "pg_ctl", "postgres"))


def _version_key(path: str) -> tuple[int, ...]:
    parts = Path(path).parent.name.split(".")
    return tuple(int(p) for p in parts if p.isdigit())


def find_bindir() -> Path | None:
    """The directory of ``initdb``/``pg_ctl``/``postgres``, or None when none is installed."""
    candidates: list[Path] = []
    if override := os.environ.get(ENV_BINDIR, "").strip():
        candidates.append(Path(override))
    if pg_config := shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
            if out:
                candidates.append(Path(out))
    # Debian/Ubuntu keep the server outside PATH, one directory per major version: newest first.
    candidates += [
        Path(p)
        for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    ]
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).parent)
    return next((c for c in candidates if _has_server_binaries(c)), None)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """A PostgreSQL server in a temporary directory, for the duration of a ``with`` block.

    Raises :class:`PostgresUnavailable` on construction when no server can be run here.
    """

    def __init__(self, *, os_user: str = "postgres", start_timeout_s: int = 60) -> None:
        bindir = find_bindir()
        if bindir is None:
            raise PostgresUnavailable(MISSING_BINARIES)
        self.bindir = bindir
        self._runas: list[str] = []
        self._owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            try:
                self._owner = pwd.getpwnam(os_user)
            except KeyError:
                raise PostgresUnavailable(
                    f"The tests run as root, and PostgreSQL refuses to; there is no '{os_user}' "
                    "user to run it as (the 'postgresql' package creates it)"
                ) from None
            self._runas = ["runuser", "-u", os_user, "--"]
            if shutil.which("runuser") is None:  # pragma: no cover - util-linux has runuser
                self._runas = ["su", os_user, "-s", "/bin/sh", "-c"]
        self.start_timeout_s = start_timeout_s
        self.admin_password = secrets.token_urlsafe(24)
        self.app_user = APP_USER
        self.app_password = secrets.token_urlsafe(24)
        self.app_database = APP_DATABASE
        self.port = 0
        self.base_dir: Path | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None

    # ---- URLs ----------------------------------------------------------------------------

    def url(self, user: str, password: str | None = None, *, database: str | None = None) -> str:
        """A SQLAlchemy URL (psycopg 3) for ``user`` on ``database`` (default: the app's)."""
        return URL.create(
            "postgresql+psycopg",
            username=user,
            password=password,
            host=HOST,
            port=self.port,
            database=database or self.app_database,
        ).render_as_string(hide_password=False)

    @property
    def admin_url(self) -> str:
        """The superuser on the ``postgres`` maintenance database."""
        return self.url(ADMIN_USER, self.admin_password, database="postgres")

    @property
    def app_url(self) -> str:
        """The application's role, with its password, on the application's database."""
        return self.url(self.app_user, self.app_password)

    def admin_connect(self, database: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        """An autocommit psycopg connection as the superuser (CREATE/DROP DATABASE need that)."""
        return psycopg.connect(
            host=HOST,
            port=self.port,
            user=ADMIN_USER,
            password=self.admin_password,
            dbname=database,
            autocommit=True,
            connect_timeout=10,
        )

    # ---- lifecycle -----------------------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        assert self.base_dir is not None, "the server is not started"
        return self.base_dir / "data"

    @property
    def log_file(self) -> Path:
        assert self.base_dir is not None, "the server is not started"
        return self.base_dir / "server.log"

    def __enter__(self) -> PostgresServer:
        try:
            self._create_dirs()
            self._initdb()
            self._start()
            self._create_app_database()
        except BaseException:
            self._cleanup()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._cleanup()

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run a server binary as the server's user; raise with its output if it fails."""
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self._runas and self._runas[0] == "su":
            cmd = [*self._runas, shlex.join(cmd)]
        else:
            cmd = [*self._runas, *cmd]
        result = subprocess.run(
            cmd,
            cwd=self.base_dir,  # a directory the server's user can enter
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
            check=False,
        )
        if result.returncode != 0:
            log = ""
            with contextlib.suppress(OSError, AssertionError):
                log = self.log_file.read_text(errors="replace")[-4000:]
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}\n{log}"
            )
        return result

    def _chown(self, path: Path) -> None:
        if self._owner is not None:
            os.chown(path, self._owner.pw_uid, self._owner.pw_gid)

    def _create_dirs(self) -> None:
        # Not under pytest's tmp_path: /tmp/pytest-of-root is not traversable by 'postgres'.
        self.base_dir = Path(tempfile.mkdtemp(prefix="onewindow-pg-"))
        self.base_dir.chmod(0o700)
        self._chown(self.base_dir)

    def _initdb(self) -> None:
        assert self.base_dir is not None
        pwfile = self.base_dir / "pwfile"
        pwfile.write_text(self.admin_password + "\n")
        pwfile.chmod(0o600)
        self._chown(pwfile)
        try:
            self._run(
                "initdb",
                "--pgdata",
                str(self.data_dir),
                "--username",
                ADMIN_USER,
                "--pwfile",
                str(pwfile),
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            )
        finally:
            pwfile.unlink(missing_ok=True)
        # Only TCP from 127.0.0.1, only with a password.
        (self.data_dir / "pg_hba.conf").write_text(
            "# TYPE  DATABASE  USER  ADDRESS       METHOD\n"
            "host    all       all   127.0.0.1/32  scram-sha-256\n"
        )
        with (self.data_dir / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# --- OneWindow tests ---\n"
                f"listen_addresses = '{HOST}'\n"
                f"unix_socket_directories = '{self.base_dir}'\n"
                "password_encryption = 'scram-sha-256'\n"
                "fsync = off\n"
                "synchronous_commit = off\n"
                "full_page_writes = off\n"
                "max_connections = 50\n"
                "shared_buffers = '32MB'\n"
            )

    def _start(self) -> None:
        # The port is free when picked but may be taken before the server binds it: retry.
        for attempt in range(3):
            self.port = free_port()
            try:
                self._pg_ctl_start()
            except RuntimeError:
                log = ""
                with contextlib.suppress(OSError):
                    log = self.log_file.read_text(errors="replace")
                if attempt == 2 or "could not bind" not in log:
                    raise
                self.log_file.unlink(missing_ok=True)
                continue
            self._start_watchdog()
            return

    def _start_watchdog(self) -> None:
        """Stop the server when this process is gone without cleaning up (see the module)."""
        assert self.base_dir is not None
        stop = [
            str(self.bindir / "pg_ctl"),
            "stop",
            "--pgdata",
            str(self.data_dir),
            "-m",
            "immediate",
        ]
        if self._runas and self._runas[0] == "su":
            stop = [*self._runas, shlex.join(stop)]
        else:
            stop = [*self._runas, *stop]
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
            f"{shlex.join(stop)} >/dev/null 2>&1; rm -rf {shlex.quote(str(self.base_dir))}"
        )
        self._watchdog = subprocess.Popen(
            ["/bin/sh", "-c", script],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not killed with the test's process group
            cwd="/",
        )

    def start_again(self) -> None:
        """Start the server again after :meth:`stop`, on the same port (the end of an outage)."""
        self._pg_ctl_start()

    def _pg_ctl_start(self) -> None:
        """``pg_ctl start`` on ``self.port``, waiting until the server accepts connections."""
        self._run(
            "pg_ctl",
            "start",
            "--pgdata",
            str(self.data_dir),
            "--wait",
            f"--timeout={self.start_timeout_s}",
            "--log",
            str(self.log_file),
            "-o",
            f"-p {self.port}",
            timeout=self.start_timeout_s + 30,
        )

    def _create_app_database(self) -> None:
        with self.admin_connect() as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(self.app_user), sql.Literal(self.app_password)
                )
            )
            self.create_database(self.app_database, conn=conn)

    def create_database(
        self, name: str, *, conn: psycopg.Connection[tuple[object, ...]] | None = None
    ) -> None:
        """Create an empty database owned by the application's role."""
        with contextlib.ExitStack() as stack:
            if conn is None:
                conn = stack.enter_context(self.admin_connect())
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(name), sql.Identifier(self.app_user)
                )
            )

    def drop_database(self, name: str) -> None:
        """Drop a database, disconnecting whoever is still connected to it."""
        with self.admin_connect() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def stop(self) -> None:
        """Stop the server now (fast shutdown: open connections are cut), as an outage would."""
        self._run("pg_ctl", "stop", "--pgdata", str(self.data_dir), "--wait", "-m", "fast")

    def _cleanup(self) -> None:
        if self._watchdog is not None:  # a normal exit: the watchdog's work is done here
            self._watchdog.kill()
            self._watchdog.wait()
            self._watchdog = None
        try:
            # Stop whatever runs from the data directory, even after a failed start.
            if self.base_dir is not None and (self.data_dir / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "--pgdata", str(self.data_dir), "-m", "immediate")
        finally:
            if self.base_dir is not None:
                shutil.rmtree(self.base_dir, ignore_errors=True)
                self.base_dir = None
