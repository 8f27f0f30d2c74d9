"""Logging: a rotating file in the user log directory (and stderr for the command line)."""

from __future__ import annotations

import logging
import logging.handlers

from desktop.config.paths import AppPaths
from desktop.config.settings import LoggingSettings

_FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"


def configure_logging(paths: AppPaths, settings: LoggingSettings, *, console: bool = False) -> None:
    """Install the rotating log file handler once (idempotent)."""
    root = logging.getLogger()
    if any(getattr(h, "_onewindow", False) for h in root.handlers):
        return
    paths.log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
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
