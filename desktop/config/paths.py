"""Where OneWindow writes: configuration, database, logs and the electronic archive.

By default the platform's user directories (platformdirs). ``ONEWINDOW_HOME`` relocates all of
them under one folder: ``$ONEWINDOW_HOME/{config,data,logs,archive}``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop.config.private_files import private_dir, tighten_tree

APP_NAME = "OneWindow"
APP_AUTHOR = "OneWindow"
ENV_HOME = "ONEWINDOW_HOME"


@dataclass(frozen=True, slots=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    log_dir: Path
    archive_dir: Path

    @property
    def config_file(self) -> Path:
        from desktop.config.settings import CONFIG_FILE_NAME

        return self.config_dir / CONFIG_FILE_NAME

    @property
    def default_database(self) -> Path:
        return self.data_dir / "onewindow.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "onewindow.log"

    @property
    def roots(self) -> tuple[Path, ...]:
        return (self.config_dir, self.data_dir, self.log_dir, self.archive_dir)

    def ensure(self) -> AppPaths:
        """Create the folders, owner-only (0700 on POSIX; :mod:`desktop.config.private_files`)."""
        for p in self.roots:
            private_dir(p)
        return self

    def secure(self) -> AppPaths:
        """:meth:`ensure`, then make everything already in the folders owner-only (at start:
        files an older version created readable by everyone are tightened)."""
        self.ensure()
        for p in self.roots:
            tighten_tree(p)
        return self


def app_paths(environ: dict[str, str] | None = None) -> AppPaths:
    env = os.environ if environ is None else environ
    home = env.get(ENV_HOME, "").strip()
    if home:
        root = Path(home).expanduser().resolve()
        return AppPaths(
            config_dir=root / "config",
            data_dir=root / "data",
            log_dir=root / "logs",
            archive_dir=root / "archive",
        )
    data = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    return AppPaths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
        data_dir=data,
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        archive_dir=data / "archive",
    )
