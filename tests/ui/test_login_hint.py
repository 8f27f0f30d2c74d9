"""The sign-in dialog's demo hint is shown whole, in both languages, on a 1366×768 screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMainWindow

from ui.dialogs.login_dialog import LoginDialog
from ui.i18n import qm_path
from ui.i18n.build import release
from ui.theme import apply_app_font


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    font = QFont(qapp.font())
    apply_app_font(qapp)  # the app's font (a CJK family first, as launch sets it)
    translator = QTranslator()
    if request.param == "zh_CN":
        release(["zh_CN"])  # fresh: the catalogue may have changed since the last build
        assert translator.load(str(qm_path("zh_CN")))
        qapp.installTranslator(translator)
    yield request.param
    qapp.removeTranslator(translator)
    qapp.setFont(font)


def _window(qtbot) -> QMainWindow:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _assert_whole(dialog: LoginDialog) -> None:
    label = dialog.demo_label
    assert label.isVisible() and label.wordWrap()
    assert "demo1234" in label.text()
    # every wrapped line fits: the label is as tall as its text needs at its width …
    assert label.height() >= label.heightForWidth(label.width())
    # … and as wide as the dialog lets it be, and the dialog fits the screen.
    assert label.geometry().right() < dialog.width()
    assert label.geometry().bottom() < dialog.height()
    assert dialog.width() <= 1366 and dialog.height() <= 768


def test_the_demo_hint_shown_once_the_database_is_up_is_not_cut_off(
    qtbot,
    language: str,  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot)
    dialog = LoginDialog(lambda _u, _p: None, "示范区政务服务中心 · 综合受理窗口 #1", parent=window)
    dialog.set_database_ready(False)
    dialog.open()  # on screen before the database says it is the synthetic demo
    qtbot.waitExposed(dialog)
    dialog.set_demo_password("demo1234")
    qtbot.wait(50)
    if language == "zh_CN":
        assert dialog.demo_label.text().startswith("演示数据")
    _assert_whole(dialog)


def test_the_demo_hint_given_at_once_is_not_cut_off(
    qtbot,
    language: str,  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot)
    dialog = LoginDialog(
        lambda _u, _p: None, "综合受理窗口 #1", demo_password="demo1234", parent=window
    )
    dialog.open()
    qtbot.waitExposed(dialog)
    _assert_whole(dialog)


def test_the_demo_hint_after_a_retry_is_not_cut_off(
    qtbot,
    language: str,  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot)
    dialog = LoginDialog(lambda _u, _p: None, "综合受理窗口 #1", parent=window)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.hide()  # the registry could not open: the error and its Retry are shown instead
    dialog.open()  # back after the Retry, as the clerk's station does, then the hint
    dialog.set_demo_password("demo1234")
    qtbot.wait(50)
    _assert_whole(dialog)
