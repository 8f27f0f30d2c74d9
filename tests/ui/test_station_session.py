"""The sign-in half the stations share (``ui.stations.session.SignInStation``), on its own."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from desktop.domain.errors import CodedError
from ui.stations.session import SignInStation


class _Auth:
    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self.signed_out: list[object] = []

    def sign_in(self, username: str, password: str, station: str) -> str:
        return f"{username}@{station}"

    def sign_out(self, principal: object) -> None:
        if self.fail:
            raise CodedError("gone", code="db.unavailable")
        self.signed_out.append(principal)


class _Hall:
    def __init__(self, *, demo: bool, fail: bool = False) -> None:
        self.auth = _Auth(fail=fail)
        self.demo = demo


class _Config:
    station = "test window"


class _Station(SignInStation, QObject):
    sig_scene_ready = Signal(bool)

    def __init__(self, parent: QObject, scene: str | None = None) -> None:
        QObject.__init__(self, parent)
        SignInStation.__init__(self, parent, None, language="zh_CN", scene=scene)  # type: ignore[arg-type]
        self.config = _Config()
        self.signed_in: list[Any] = []

    def _on_signed_in(self, principal: Any) -> None:
        self.signed_in.append(principal)


def test_login_is_the_interactive_start_and_no_demo_scene(qapp: QApplication) -> None:
    parent = QObject()
    at_login = _Station(parent, scene="login")
    assert at_login.ready_at_login and at_login.scene is None
    demo = _Station(parent, scene="waiting")
    assert not demo.ready_at_login and demo.scene == "waiting"


def test_the_sign_out_is_recorded_once_and_never_for_a_scene(
    qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    parent = QObject()
    station = _Station(parent)
    station.hall = _Hall(demo=False)
    station.principal = "clerk"  # type: ignore[assignment]
    station._sign_out()
    station._sign_out()
    assert station.hall.auth.signed_out == ["clerk"]  # type: ignore[attr-defined]

    scene = _Station(parent, scene="waiting")
    scene.hall = _Hall(demo=True)
    scene.principal = "clerk"  # type: ignore[assignment]
    scene._sign_out()
    assert scene.hall.auth.signed_out == []  # type: ignore[attr-defined]

    gone = _Station(parent)
    gone.hall = _Hall(demo=False, fail=True)
    gone.principal = "clerk"  # type: ignore[assignment]
    with caplog.at_level(logging.WARNING, logger="ui.stations.session"):
        gone._sign_out()  # a database gone: logged, the window still closes
    assert "sign-out not recorded: db.unavailable" in caplog.text
    assert gone.principal is None


def test_a_demo_sign_in_runs_only_on_the_demo_registry(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    parent = QObject()
    station = _Station(parent, scene="waiting")
    hall = _Hall(demo=True)
    with qtbot.assertNotEmitted(station.sig_scene_ready, wait=0):
        station._sign_in_demo_as(hall, lambda: hall.auth.sign_in("clerk", "pw", "w"))
        qtbot.waitUntil(lambda: station.signed_in == ["clerk@w"], timeout=5_000)

    refused = _Station(parent, scene="waiting")
    real = _Hall(demo=False)
    with qtbot.waitSignal(refused.sig_scene_ready, timeout=5_000) as blocker:
        refused._sign_in_demo_as(real, lambda: real.auth.sign_in("clerk", "pw", "w"))
    assert blocker.args == [False]
    assert refused.signed_in == []
