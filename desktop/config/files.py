"""Files written whole or not at all, readable by their owner only (unless asked otherwise).

:func:`write_atomic` is the one way OneWindow replaces a file it owns (settings, archived
documents, the demo signing key, local drafts, PDF output): the data goes to a temporary file in
the same folder, is flushed to disk, and is renamed over the target, so a crash or a full disk
leaves the old file or the new one, never half of one. On POSIX the folder is flushed too, so
the rename itself survives a power cut.

Permissions are owner-only by default (files ``0o600``, folders it creates ``0o700``): what
OneWindow writes holds personal data or secrets. The mode is set on the temporary file before
any data is in it, whatever the umask, and is a parameter so that a caller with a reason (a
file another account must read) says so where it writes.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

__all__ = ["PRIVATE_DIR_MODE", "PRIVATE_FILE_MODE", "ensure_dir", "write_atomic"]

#: Owner read/write: the default of every file OneWindow writes.
PRIVATE_FILE_MODE = 0o600
#: Owner only: the default of the folders OneWindow creates.
PRIVATE_DIR_MODE = 0o700

_POSIX = os.name == "posix"


def ensure_dir(folder: Path, mode: int = PRIVATE_DIR_MODE) -> None:
    """Create ``folder`` and any missing parents with ``mode``; existing folders are left as
    they are (a folder the user made keeps the permissions the user gave it)."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        with suppress(FileExistsError):  # another process made it meanwhile
            path.mkdir(mode=mode)
            if _POSIX:
                os.chmod(path, mode)  # mkdir's mode is filtered by the umask


def write_atomic(
    path: Path | str,
    data: bytes,
    *,
    mode: int = PRIVATE_FILE_MODE,
    dir_mode: int | None = PRIVATE_DIR_MODE,
) -> Path:
    """Replace ``path`` with ``data``: afterwards it is the old file or complete, never part.

    Missing parent folders are created with ``dir_mode`` (``None``: a missing folder is an
    error, for a path the user typed). The file gets exactly ``mode`` on POSIX (on Windows
    permissions come from the folder's ACL). Returns the path written.
    """
    target = Path(path)
    if dir_mode is not None:
        ensure_dir(target.parent, dir_mode)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if _POSIX:
                os.fchmod(fh.fileno(), mode)  # before any data is in it
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    if _POSIX:  # make the rename itself durable
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return target
