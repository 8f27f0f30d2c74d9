"""Build hook: every build of OneWindow compiles its interface translations.

Everything about the package is declared in ``pyproject.toml``; this file only adds one step to
``build_py``: Qt's ``lrelease`` (shipped with PySide6, a build requirement) compiles
``ui/i18n/*.ts`` to the ``.qm`` files the window loads, before the package data is copied. So a
plain ``pip install .`` (editable or not) or a wheel speaks Simplified Chinese by default,
without a separate set-up step. A build where lrelease cannot run fails, naming the problem,
rather than shipping an interface that silently falls back to English.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def compile_translations() -> list[Path]:
    """``python -m ui.i18n.build``'s release step on this source tree (``.qm`` beside ``.ts``)."""
    sys.path.insert(0, str(ROOT))
    try:
        from ui.i18n import build
    finally:
        sys.path.remove(str(ROOT))
    if Path(build.__file__).resolve().parent != ROOT / "ui" / "i18n":
        raise RuntimeError(f"the translations' build came from {build.__file__}, not {ROOT}")
    return build.release()


class BuildPyWithTranslations(build_py):
    """``build_py`` that first compiles the translations (also for an editable install)."""

    def run(self) -> None:
        for qm in compile_translations():
            self.announce(f"compiled {qm.relative_to(ROOT)}", level=2)
        super().run()


setup(cmdclass={"build_py": BuildPyWithTranslations})
