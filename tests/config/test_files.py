"""The one atomic file write: whole or not at all, owner-only by default."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop.config import files
from desktop.config.files import ensure_dir, write_atomic

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_the_data_and_replaces_an_old_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    assert write_atomic(target, b"new data") == target
    assert target.read_bytes() == b"new data"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


@posix_only
def test_owner_only_by_default_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        target = tmp_path / "new" / "deeper" / "secret.bin"
        write_atomic(target, b"x")
    finally:
        os.umask(old)
    assert _mode(target) == 0o600
    assert _mode(tmp_path / "new") == 0o700 and _mode(tmp_path / "new" / "deeper") == 0o700


@posix_only
def test_the_mode_is_the_callers_to_choose_and_existing_folders_keep_theirs(
    tmp_path: Path,
) -> None:
    tmp_path.chmod(0o755)
    target = tmp_path / "shared.pdf"
    write_atomic(target, b"%PDF", mode=0o644)
    assert _mode(target) == 0o644
    assert _mode(tmp_path) == 0o755
    ensure_dir(tmp_path)
    assert _mode(tmp_path) == 0o755


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "settings.toml"
    target.write_bytes(b"old")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", fail)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]


def test_without_a_folder_mode_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "typo" / "out.pdf", b"%PDF", dir_mode=None)
    assert not (tmp_path / "typo").exists()
