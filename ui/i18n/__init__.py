"""Interface translations: Qt Linguist ``.ts`` sources in this folder, ``.qm`` built from them.

Source strings are English; Simplified Chinese (``zh_CN``) is the default interface language.
``python -m ui.i18n.build`` compiles the ``.qm`` files (``--update`` first refreshes the ``.ts``
files from the sources); every build of the package does too (the build hook in ``setup.py``), so
an installed OneWindow has them. The ``.qm`` files are build products: without them the window
still runs, in the English source strings, and a warning is logged.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parent
CATALOGUE = "onewindow"
#: Interface languages shipped with OneWindow (Qt locale names).
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
SOURCE_LANGUAGE = "en"


def ts_path(language: str) -> Path:
    return I18N_DIR / f"{CATALOGUE}_{language}.ts"


def qm_path(language: str) -> Path:
    return I18N_DIR / f"{CATALOGUE}_{language}.qm"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install OneWindow's translator for ``language`` (and Qt's own, for standard buttons).

    Returns the installed translators: keep them alive and pass them to
    :func:`remove_translators` when done. A missing ``.qm`` is logged as a warning and the
    English source strings are shown instead.
    """
    installed: list[QTranslator] = []
    path = qm_path(language)
    ours = QTranslator(app)
    if ours.load(str(path)):
        app.installTranslator(ours)
        installed.append(ours)
    elif language != SOURCE_LANGUAGE or path.exists():
        log.warning(
            "no usable translation for %r (%s); showing English. Build it with "
            "'python -m ui.i18n.build'.",
            language,
            path,
        )
    if language != SOURCE_LANGUAGE:
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(app)
        if qt.load(QLocale(language), "qtbase", "_", qt_dir):
            app.installTranslator(qt)
            installed.append(qt)
        else:
            log.info("no Qt translation for %r in %s", language, qt_dir)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
