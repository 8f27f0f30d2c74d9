"""Logging: a rotating file in the user log directory (and stderr for the command line)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desktop.config.paths import AppPaths
from desktop.config.private_files import private_dir, private_file
from desktop.config.settings import LoggingSettings


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file (the current one and each one opened after a rotation) owner-only."""

    def _open(self):  # type: ignore[no-untyped-def]
        private_file(Path(self.baseFilename))
        return super()._open()


_FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"


def configure_logging(paths: AppPaths, settings: LoggingSettings, *, console: bool = False) -> None:
    """Install the rotating log file handler once (idempotent)."""
    root = logging.getLogger()
    if any(getattr(h, "_onewindow", False) for h in root.handlers):
        return
    private_dir(paths.log_dir)
    handler = _PrivateRotatingFileHandler(
        paths.log_file, maxBytes=settings.max_bytes, backupCount=settings.backups, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._onewindow = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        stream.setLevel(logging.WARNING)
        stream._onewindow = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(getattr(logging, settings.level.upper(), logging.INFO))
