"""The package builds its translations: a wheel of OneWindow carries the compiled ``.qm`` files.

Builds a wheel from a copy of the sources that has no ``.qm`` in it (so they can only come from
the build hook in ``setup.py``), as ``pip wheel`` does for ``pip install .``, and checks that the
Chinese catalogue inside translates the sign-in.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from ui.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
#: What a build needs of the checkout.
SOURCES = ("pyproject.toml", "setup.py", "README.md", "desktop", "ui", "devices", "printing")


def _copy_sources(into: Path) -> Path:
    into.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.qm", "*.egg-info", "build")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=skip)
        else:
            shutil.copy2(source, into / name)
    return into


@pytest.mark.slow
def test_a_wheel_carries_the_compiled_translations(tmp_path: Path) -> None:
    sources = _copy_sources(tmp_path / "src")
    assert not list(sources.rglob("*.qm"))
    out = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [*pip, str(sources), "-w", str(out)],
        check=True,
        cwd=tmp_path,
        timeout=300,
    )
    (wheel,) = out.glob("onewindow-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for language in LANGUAGES:
            assert f"ui/i18n/onewindow_{language}.qm" in names, language
        qm = tmp_path / "onewindow_zh_CN.qm"
        qm.write_bytes(archive.read("ui/i18n/onewindow_zh_CN.qm"))
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("LoginDialog", "Sign in") == "登录"
