"""Build the interface translations.

    python -m ui.i18n.build            # compile ui/i18n/*.ts to .qm (pyside6-lrelease)
    python -m ui.i18n.build --update   # first refresh the .ts files from the sources (lupdate)

``--update`` scans ``ui/`` and ``desktop/app.py`` for ``tr()`` / ``QCoreApplication.translate``
and merges new strings into every ``.ts`` (dropping vanished ones). In the English catalogue a
new string is filled with its source text, since the sources are English; in the others it stays
*unfinished* until a translator fills it (``tests/ui/test_i18n.py`` fails while any Chinese
string is unfinished).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from ui.i18n import I18N_DIR, LANGUAGES, SOURCE_LANGUAGE, qm_path, ts_path

log = logging.getLogger(__name__)

REPO_ROOT = I18N_DIR.parent.parent
#: What lupdate scans, relative to the repository root.
SOURCES = ("ui", "desktop/app.py")


class ToolMissing(RuntimeError):
    pass


def find_tool(name: str) -> Path:
    """Locate a Qt Linguist tool (``lrelease``/``lupdate``) shipped with PySide6."""
    import PySide6

    exe = ".exe" if os.name == "nt" else ""
    candidates = [Path(PySide6.__file__).resolve().parent / f"{name}{exe}"]
    for found in (shutil.which(f"pyside6-{name}"), shutil.which(name)):
        if found:
            candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ToolMissing(f"Qt's {name} was not found (install PySide6, which ships it)")


def source_files(root: Path = REPO_ROOT) -> list[Path]:
    files: list[Path] = []
    for entry in SOURCES:
        path = root / entry
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return [f for f in files if "__pycache__" not in f.parts]


def update_ts(languages: Sequence[str] = LANGUAGES) -> None:
    """Merge the strings found in the sources into the ``.ts`` files."""
    lupdate = find_tool("lupdate")
    files = [str(f.relative_to(REPO_ROOT)) for f in source_files()]
    for language in languages:
        ts = ts_path(language)
        cmd = [str(lupdate), "-silent", "-no-obsolete", "-locations", "relative"]
        cmd += ["-source-language", SOURCE_LANGUAGE, "-target-language", language]
        cmd += [*files, "-ts", str(ts.relative_to(REPO_ROOT))]
        subprocess.run(cmd, check=True, cwd=REPO_ROOT)
        if language == SOURCE_LANGUAGE and (filled := fill_from_source(ts)):
            log.info("%s: %d new English strings filled from the source text", ts.name, filled)
            subprocess.run(cmd, check=True, cwd=REPO_ROOT)  # lupdate's own layout again


def fill_from_source(ts: Path) -> int:
    """Give each unfinished message of ``ts`` its source text as translation (English)."""
    tree = ET.parse(ts)
    filled = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        source = message.find("source")
        if translation is None or source is None:
            continue
        if translation.get("type") == "unfinished" and message.get("numerus") != "yes":
            translation.text = source.text
            del translation.attrib["type"]
            filled += 1
    if filled:
        ET.indent(tree, space="    ")
        body = ET.tostring(tree.getroot(), encoding="unicode")
        ts.write_text(
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
            encoding="utf-8",
        )
    return filled


def unfinished_messages(ts: Path) -> list[str]:
    """Source texts of the messages in ``ts`` that have no finished translation."""
    missing: list[str] = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source", default="")
        kind = None if translation is None else translation.get("type")
        if kind in ("vanished", "obsolete"):
            continue  # no longer in the sources; lrelease leaves it out
        if translation is None or kind == "unfinished":
            missing.append(source)
            continue
        texts = [translation.text or ""] + [n.text or "" for n in translation.iter("numerusform")]
        if not any(t.strip() for t in texts):
            missing.append(source)
    return missing


def release(languages: Sequence[str] = LANGUAGES) -> list[Path]:
    """Compile each ``.ts`` to its ``.qm`` next to it; returns the files written."""
    lrelease = find_tool("lrelease")
    written: list[Path] = []
    for language in languages:
        ts, qm = ts_path(language), qm_path(language)
        if not ts.exists():
            raise FileNotFoundError(ts)
        subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
        written.append(qm)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ui.i18n.build", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--update", action="store_true", help="refresh the .ts files from the sources first"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        if args.update:
            update_ts()
        for qm in release():
            log.info("built %s", qm.relative_to(REPO_ROOT))
    except (ToolMissing, FileNotFoundError, subprocess.CalledProcessError) as exc:
        log.error("cannot build the translations: %s", exc)
        return 1
    for language in LANGUAGES:
        missing = unfinished_messages(ts_path(language))
        if missing and language != SOURCE_LANGUAGE:
            log.warning("%s: %d strings not translated yet", ts_path(language).name, len(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
