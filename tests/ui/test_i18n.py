"""Translations: the .qm build, Chinese by default, nothing left untranslated."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

import ui.i18n
from ui.i18n import LANGUAGES, install_translators, qm_path, remove_translators, ts_path
from ui.i18n.build import REPO_ROOT, find_tool, release, source_files, unfinished_messages
from ui.texts import table_label

BANNER_EN = "DEMO DATA · synthetic registry, not real people"
BANNER_ZH = "演示数据 · 合成人口库，非真实个人信息"


@pytest.fixture(scope="module")
def built_qm() -> list[Path]:
    return release()


def test_the_build_writes_a_qm_next_to_each_ts(built_qm: list[Path]) -> None:
    assert built_qm == [qm_path(lang) for lang in LANGUAGES]
    for qm in built_qm:
        assert qm.parent == ts_path("zh_CN").parent
        assert qm.stat().st_size > 100


def test_chinese_translates_known_strings(built_qm: list[Path], qapp: QApplication) -> None:
    translator = QTranslator()
    assert translator.load(str(qm_path("zh_CN")))
    assert translator.translate("DemoBanner", BANNER_EN) == BANNER_ZH
    installed = install_translators(qapp, "zh_CN")
    try:
        assert table_label("persons") == "实有人口"
        assert qapp.translate("ErrorPanel", "Retry") == "重试"
    finally:
        remove_translators(qapp, installed)
    assert table_label("persons") == "Persons"


def test_no_chinese_string_is_unfinished() -> None:
    assert unfinished_messages(ts_path("zh_CN")) == []


def _messages(ts: Path) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            out[(name, message.findtext("source", default=""))] = message.findtext(
                "translation", default=""
            )
    return out


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language: str) -> None:
    for (context, source), translation in _messages(ts_path(language)).items():
        wanted = sorted(re.findall(r"\{\w*\}", source))
        assert sorted(re.findall(r"\{\w*\}", translation)) == wanted, (context, source)


def test_the_ts_files_hold_every_string_of_the_sources(tmp_path: Path) -> None:
    """lupdate over the sources finds nothing that the Chinese catalogue lacks."""
    fresh = tmp_path / "onewindow_zh_CN.ts"
    shutil.copy(ts_path("zh_CN"), fresh)
    files = [str(f) for f in source_files()]
    subprocess.run(
        [str(find_tool("lupdate")), "-silent", "-no-obsolete", *files, "-ts", str(fresh)],
        check=True,
        cwd=REPO_ROOT,
    )
    assert unfinished_messages(fresh) == [], "run 'python -m ui.i18n.build --update', translate"
    assert set(_messages(fresh)) == set(_messages(ts_path("zh_CN")))


def test_a_missing_qm_falls_back_to_english_with_a_warning(
    qapp: QApplication, tmp_path: Path, monkeypatch, caplog
) -> None:
    monkeypatch.setattr(ui.i18n, "I18N_DIR", tmp_path)
    with caplog.at_level(logging.WARNING, logger="ui.i18n"):
        installed = install_translators(qapp, "zh_CN")
    try:
        assert any("ui.i18n.build" in r.getMessage() for r in caplog.records)
        assert qapp.translate("DemoBanner", BANNER_EN) == BANNER_EN
    finally:
        remove_translators(qapp, installed)
