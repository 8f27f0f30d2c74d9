"""A real pcscd for the tests, with vpcd's virtual readers.

:class:`PcscDaemon` runs ``pcscd --foreground`` (plus ``--disable-polkit`` when this pcscd
knows the option: pcsc-lite ≥ 2.0.1 enables polkit by default, which a container lacks) as a
child process, waits until vpcd's readers "Virtual PCD 00 00" and "Virtual PCD 00 01" are
listed, and stops it with SIGTERM (SIGKILL after a grace period). :meth:`PcscDaemon.stop` and
:meth:`PcscDaemon.start` can be called during a test to take the service away and bring it back.

pcscd listens on one global socket (``/run/pcscd/pcscd.comm``) and vpcd on fixed TCP ports, so
only one can run on a machine. Test sessions running at the same time (several engineers, or
several checkouts) take turns: :class:`PcscDaemon` holds an exclusive lock file from its first
start until :meth:`PcscDaemon.release` (the session fixture's end), and a second session waits
for it (``ONEWINDOW_TEST_PCSCD_WAIT`` seconds, default 300) before failing with a message that
names the holder. Before starting, a running pcscd that no test session started fails the tests
with a message saying how to stop it (``systemctl stop pcscd.socket pcscd``); one left behind
by a test session that died (its pid file names a session process that no longer exists) is
stopped. :func:`unavailable_reason`
says why the daemon cannot run here at all (pcscd, the vpcd driver or pyscard not installed).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Self

VIRTUAL_READERS = ("Virtual PCD 00 00", "Virtual PCD 00 01")
SOCKET_PATH = Path("/run/pcscd/pcscd.comm")
PID_FILE = Path(tempfile.gettempdir()) / "onewindow-tests-pcscd.pid"
LOCK_FILE = Path(tempfile.gettempdir()) / "onewindow-tests-pcscd.lock"
ENV_WAIT = "ONEWINDOW_TEST_PCSCD_WAIT"
_DRIVER_GLOBS = (
    "/usr/lib/pcsc/drivers/serial/libifdvpcd.so*",
    "/usr/lib/*/pcsc/drivers/serial/libifdvpcd.so*",
    "/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so*",
)
_READER_CONF_DIRS = (Path("/etc/reader.conf.d"), Path("/usr/local/etc/reader.conf.d"))

INSTALL_HINT = "install the Debian packages 'pcscd' and 'vsmartcard-vpcd' (scripts/setup does)"


class PcscdError(RuntimeError):
    """pcscd could not be started or stopped; the message says why (with its log)."""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def find_pcscd() -> str | None:
    found = shutil.which("pcscd")
    if found:
        return found
    return next(
        (p for p in ("/usr/sbin/pcscd", "/usr/local/sbin/pcscd") if Path(p).is_file()), None
    )


def _vpcd_configured() -> bool:
    for folder in _READER_CONF_DIRS:
        if folder.is_dir():
            for conf in folder.iterdir():
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    if "libifdvpcd" in conf.read_text(encoding="utf-8"):
                        return True
    return False


def unavailable_reason() -> str | None:
    """Why the virtual-reader tests cannot run here, or None when they can."""
    if find_pcscd() is None:
        return f"pcscd is not installed; {INSTALL_HINT}"
    from glob import glob

    if not any(glob(pattern) for pattern in _DRIVER_GLOBS) or not _vpcd_configured():
        return f"the vpcd reader driver is not installed; {INSTALL_HINT}"
    try:
        import smartcard.scard  # noqa: F401
    except ImportError as exc:
        return f"pyscard is not installed ({exc}); pip install -e '.[pcsc]'"
    return None


# ---- processes ----------------------------------------------------------------------------


def _pcscd_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if (entry / "comm").read_text().strip() == "pcscd":
                stat = (entry / "stat").read_text()
                if stat.rsplit(")", 1)[1].split()[0] != "Z":  # a zombie is no daemon
                    pids.append(int(entry.name))
    return pids


def _start_time(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22: start time in clock ticks


def _socket_answers(path: Path) -> bool:
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        try:
            sock.connect(str(path))
        except OSError:
            return False
    return True


def _leftover_pid() -> int | None:
    """A pcscd that a test session started and did not stop because the session died."""
    try:
        pid_text, started, owner_text = PID_FILE.read_text().split()
        pid, owner = int(pid_text), int(owner_text)
    except (OSError, ValueError):
        return None
    if _start_time(pid) != started or Path(f"/proc/{owner}").exists():
        return None  # not that process any more, or its session still runs
    return pid


class _SessionLock:
    """The exclusive right of one test session to run pcscd on this machine."""

    def __init__(self) -> None:
        self._file: int | None = None

    def acquire(self) -> None:
        if self._file is not None:
            return
        fd = os.open(LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
        wait = float(os.environ.get(ENV_WAIT, "300"))
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
                    os.close(fd)
                    raise PcscdError(
                        f"another test session (pid {holder}) has been using pcscd and the "
                        f"virtual readers for {wait:g} s; run the PC/SC tests when it is done "
                        f"(or raise {ENV_WAIT})"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._file = fd

    def release(self) -> None:
        fd, self._file = self._file, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid not in _pcscd_pids():
            return True
        time.sleep(0.05)
    return False


def list_readers(timeout_ms: int = 0) -> list[str] | None:
    """The readers pcscd lists now; None when the service does not answer."""
    from smartcard import scard

    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return None
    try:
        hresult, readers = scard.SCardListReaders(context, [])
        if hresult == scard.SCARD_S_SUCCESS:
            return [str(r) for r in readers]
        if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        return None
    finally:
        scard.SCardReleaseContext(context)


def wait_for_card(reader: str, present: bool, timeout: float = 5.0) -> bool:
    """Wait until pcscd reports a card on ``reader`` (or none, with ``present=False``)."""
    from smartcard import scard

    deadline = time.monotonic() + timeout
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return False
    try:
        state = scard.SCARD_STATE_UNAWARE
        while (remaining := deadline - time.monotonic()) > 0:
            hresult, states = scard.SCardGetStatusChange(
                context, max(1, int(remaining * 1000)), [(reader, state)]
            )
            if hresult == scard.SCARD_E_TIMEOUT:
                return False
            if hresult != scard.SCARD_S_SUCCESS:
                return False
            _, state, _ = states[0]
            if bool(state & scard.SCARD_STATE_PRESENT) == present:
                return True
            state &= ~scard.SCARD_STATE_CHANGED
        return False
    finally:
        scard.SCardReleaseContext(context)


class PcscDaemon:
    """One pcscd child process; a context manager that starts and stops it."""

    def __init__(
        self, log_dir: Path | None = None, readers: Iterable[str] = VIRTUAL_READERS
    ) -> None:
        binary = find_pcscd()
        if binary is None:
            raise PcscdError(f"pcscd is not installed; {INSTALL_HINT}")
        self.binary = binary
        self.readers = tuple(readers)
        self.log_dir = log_dir or Path(tempfile.mkdtemp(prefix="onewindow-pcscd-"))
        self.log_path = self.log_dir / "pcscd.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.options = ["--foreground"]
        self._lock = _SessionLock()
        if self._supports("--disable-polkit"):
            self.options.append("--disable-polkit")

    def _supports(self, option: str) -> bool:
        try:
            out = subprocess.run(
                [self.binary, "--help"], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return False
        return re.search(rf"(^|\s){re.escape(option)}\b", out.stdout + out.stderr) is not None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"

    # ---- start / stop ---------------------------------------------------------------------

    def _clear_the_way(self) -> None:
        ours = self.process.pid if self.running and self.process else None
        others = [pid for pid in _pcscd_pids() if pid != ours]
        leftover = _leftover_pid()
        for pid in others:
            if pid == leftover:
                os.kill(pid, signal.SIGTERM)
                if not _wait_gone(pid, 5.0):
                    os.kill(pid, signal.SIGKILL)
                    _wait_gone(pid, 5.0)
                continue
            raise PcscdError(
                f"a pcscd (pid {pid}) that no test session started is running; the tests need "
                "their own daemon with the virtual readers. Stop it first "
                "(systemctl stop pcscd.socket pcscd.service, or kill it) and run the tests again."
            )
        if ours is None and _socket_answers(SOCKET_PATH):
            raise PcscdError(
                f"something answers on {SOCKET_PATH} but no pcscd runs (systemd's pcscd.socket?). "
                "Stop it (systemctl stop pcscd.socket) and run the tests again."
            )

    def start(self, timeout: float = 15.0) -> None:
        """Start the daemon (first taking this machine's test lock, waiting for it if another
        session holds it) and wait for the virtual readers."""
        if self.running:
            return
        self._lock.acquire()
        self._clear_the_way()
        with self.log_path.open("ab") as log:
            log.write(f"---- {' '.join([self.binary, *self.options])}\n".encode())
            log.flush()
            try:
                self.process = subprocess.Popen(
                    [self.binary, *self.options],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            except OSError as exc:
                raise PcscdError(f"cannot run {self.binary}: {exc}") from exc
        pid = self.process.pid
        PID_FILE.write_text(f"{pid} {_start_time(pid)} {os.getpid()}\n")
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 15.0) -> None:
        """Wait until the daemon lists every expected virtual reader."""
        deadline = time.monotonic() + timeout
        seen: list[str] | None = None
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                code = None if self.process is None else self.process.returncode
                raise PcscdError(
                    f"pcscd exited at start (code {code}); its log:\n{self.log_tail()}"
                )
            seen = list_readers()
            if seen is not None and all(r in seen for r in self.readers):
                return
            time.sleep(0.1)
        raise PcscdError(
            f"pcscd did not list the readers {self.readers} within {timeout:g} s (it lists "
            f"{seen}); is vsmartcard-vpcd installed? Its log:\n{self.log_tail()}"
        )

    def stop(self, timeout: float = 10.0) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout)
        with contextlib.suppress(OSError):
            PID_FILE.unlink()
        # The next start needs the socket gone (pcscd removes it on a clean exit).
        deadline = time.monotonic() + timeout
        while SOCKET_PATH.exists() and time.monotonic() < deadline:
            if not _socket_answers(SOCKET_PATH):
                break
            time.sleep(0.05)

    def restart(self) -> None:
        self.stop()
        self.start()

    def release(self) -> None:
        """Stop the daemon and let another test session have pcscd."""
        self.stop()
        self._lock.release()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
