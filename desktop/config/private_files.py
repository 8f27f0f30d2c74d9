"""Files and folders for the owner only.

What OneWindow writes — the database (the whole registry) and its ``-wal``/``-shm``, the logs,
the configuration, printed PDFs, the electronic archive, key files — is created owner-only on
POSIX: folders 0700, files 0600, set explicitly (whatever the umask), and what an older version
left readable by everyone is tightened at start (:func:`tighten_tree`).

On Windows the modes mean nothing: the files live in the user's profile folders
(``%LOCALAPPDATA%``/``%APPDATA%``), whose ACLs (the user, SYSTEM, Administrators) are inherited;
these functions then only create and write.
"""

from __future__ import annotations

import logging
import os
import stat
from contextlib import suppress
from pathlib import Path

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600
POSIX = os.name == "posix"


def private_dir(path: Path, *, tighten_existing: bool = True) -> Path:
    """Create ``path`` (and missing parents) as owner-only folders; with ``tighten_existing``
    also make ``path`` owner-only if it was there (not for a folder the user chose, e.g.
    ``/tmp`` holding a configured SQLite file)."""
    path = Path(path)
    missing: list[Path] = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    path.mkdir(parents=True, exist_ok=True)
    if POSIX:
        for made in missing:  # only the folders we created: never chmod a user's $HOME
            with suppress(OSError):
                os.chmod(made, DIR_MODE)
        if tighten_existing or missing:
            _chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists as an owner-only file (created empty if absent)."""
    path = Path(path)
    private_dir(path.parent, tighten_existing=False)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    try:
        if POSIX:
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def restrict(path: Path) -> None:
    """Owner-only mode on an existing file or folder (POSIX; a missing path is no error)."""
    if POSIX and os.path.lexists(path):
        _chmod(Path(path), DIR_MODE if Path(path).is_dir() else FILE_MODE)


def tighten_tree(root: Path) -> int:
    """Owner-only modes on ``root`` and everything under it; returns how many were changed.

    Symbolic links are not followed (a link is not ours to change, nor what it points to).
    """
    if not POSIX or not Path(root).is_dir():
        return 0
    changed = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        changed += _tighten(Path(dirpath), DIR_MODE)
        for name in filenames:
            changed += _tighten(Path(dirpath) / name, FILE_MODE)
        dirnames[:] = [d for d in dirnames if not os.path.islink(os.path.join(dirpath, d))]
    if changed:
        log.warning(
            "%d files or folders under %s were readable by others: now owner-only", changed, root
        )
    return changed


def _tighten(path: Path, mode: int) -> int:
    try:
        st = os.lstat(path)
    except OSError:
        return 0
    if stat.S_ISLNK(st.st_mode) or st.st_uid != os.getuid():
        return 0
    if stat.S_IMODE(st.st_mode) & 0o077:
        _chmod(path, stat.S_IMODE(st.st_mode) & ~0o077 & 0o7777 | (mode & 0o700))
        return 1
    return 0


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError as exc:  # e.g. a folder on a file system without modes
        log.warning("cannot make %s owner-only: %s", path, exc)
