"""Owner-only files and folders (issue 12, point 5): what OneWindow creates is 0600/0700 on
POSIX whatever the umask, and what an older version left open is tightened at start."""

from __future__ import annotations

import io
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.cli.main import main as admin
from desktop.config.files import write_atomic
from desktop.config.logging_setup import configure_logging
from desktop.config.paths import AppPaths, app_paths
from desktop.config.settings import LoggingSettings
from desktop.persistence.database import open_database
from desktop.services.signing_keys import load_demo_keys
from printing.dispatch import PdfFilePrinter

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 72, "notice")
    c.save()
    return buf.getvalue()


MINIMAL_PDF = _pdf()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def permissive_umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("ONEWINDOW_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ONEWINDOW_DATABASE_URL", raising=False)
    return app_paths()


def run(*argv: str) -> int:
    return admin(list(argv), out=io.StringIO(), err=io.StringIO())


def test_everything_created_is_owner_only(
    home: AppPaths, permissive_umask: int, tmp_path: Path
) -> None:
    assert run("init") == 0
    assert run("db", "set-url", f"sqlite:///{home.default_database}") == 0
    db = open_database(home)
    try:
        with db.engine.begin() as conn:  # a write: the -wal and -shm files exist now
            conn.execute(text("INSERT INTO registry_meta (key, value) VALUES ('k', 'v')"))
        wal = Path(f"{home.default_database}-wal")
        shm = Path(f"{home.default_database}-shm")
        assert wal.exists() and shm.exists()
        for f in (home.default_database, wal, shm, home.config_file):
            assert mode(f) == 0o600, f
    finally:
        db.dispose()
    for d in home.roots:
        assert mode(d) == 0o700, d
    assert mode(home.config_dir.parent) == 0o700  # $ONEWINDOW_HOME itself, created by us

    # The log file, and the one opened after a rotation.
    root = logging.getLogger()
    before = list(root.handlers)
    configure_logging(home, LoggingSettings(max_bytes=200, backups=2))
    try:
        for i in range(20):
            logging.getLogger("test.modes").warning("line %d %s", i, "x" * 40)
    finally:
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
                h.close()
    logs = sorted(home.log_dir.iterdir())
    assert len(logs) >= 2
    assert all(mode(f) == 0o600 for f in logs), [(f.name, oct(mode(f))) for f in logs]

    # Printed PDFs (data/printed) and their folder.
    printed = home.data_dir / "printed"
    result = PdfFilePrinter(printed).print_pdf(MINIMAL_PDF, title="notice")
    assert mode(printed) == 0o700 and mode(Path(result.target)) == 0o600

    # The archive: year/month folders and the PDFs.
    archived = home.archive_dir / "2026" / "12" / "X1.pdf"
    write_atomic(archived, MINIMAL_PDF)
    assert mode(archived) == 0o600
    assert mode(archived.parent) == 0o700 and mode(archived.parent.parent) == 0o700

    # A key file.
    key_file = home.data_dir / "keys" / "demo-signing.key"
    load_demo_keys(key_file)
    assert mode(key_file) == 0o600 and mode(key_file.parent) == 0o700


def test_files_left_open_are_tightened_at_start(home: AppPaths, permissive_umask: int) -> None:
    assert run("init") == 0
    old_pdf = home.data_dir / "printed" / "old.pdf"
    old_pdf.parent.mkdir()
    old_pdf.write_bytes(MINIMAL_PDF)
    opened = [home.default_database, home.config_dir / "onewindow.toml", old_pdf]
    home.config_file.write_text("config_version = 1\n", encoding="utf-8")
    (home.log_dir / "onewindow.log").write_text("old\n", encoding="utf-8")
    opened.append(home.log_dir / "onewindow.log")
    for f in opened:
        os.chmod(f, 0o644)
    for d in (*home.roots, old_pdf.parent):
        os.chmod(d, 0o755)
    outside = home.config_dir.parent.parent / "not-ours.txt"
    outside.write_text("x", encoding="utf-8")
    os.chmod(outside, 0o644)

    assert run("check-id", "11010519491231002X") == 0  # any command: the start tightens

    for f in opened:
        assert mode(f) == 0o600, f
    for d in (*home.roots, old_pdf.parent):
        assert mode(d) == 0o700, d
    assert mode(outside) == 0o644  # nothing outside OneWindow's folders is touched
