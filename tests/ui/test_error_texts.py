"""ui/errors.py, the one translator: the interface's own words by code and place, else the
error's message in the interface language, else a generic sentence with the code; a bug's text
is never shown. Both interface languages: Simplified Chinese (the default) and English."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from desktop.domain.cases import CaseNotFound
from desktop.domain.identity import IdentityError, IdErrorCode
from desktop.domain.permissions import Permission, PermissionDenied, Principal, Role
from desktop.persistence.engine import DatabaseError, DatabaseErrorCode
from desktop.services.auth import AuthError, AuthErrorCode
from devices.idcard.errors import CardErrorCode, CardReadError
from ui.clerk import desk_page
from ui.errors import Place, error_code, error_text, lock_end_text
from ui.i18n import qm_path
from ui.i18n.build import release

UI_DIR = Path(__file__).resolve().parents[2] / "ui"
BUG = RuntimeError("Traceback (most recent call last): secret internals")
UNREACHABLE = DatabaseError(DatabaseErrorCode.UNREACHABLE, "Cannot reach the database server.")
NO_CASE = CaseNotFound("44030720261123JZ00001")
BAD_ID = IdentityError(IdErrorCode.BAD_CHECK_CHARACTER, "The check character is wrong.")


def _use(qapp: QApplication, language: str) -> Iterator[None]:
    """The interface as desktop/app.py sets it up: the translator and the default locale."""
    previous = QLocale()
    translator = QTranslator()
    if language != "en":
        release([language])  # the .qm from the current .ts
        assert translator.load(str(qm_path(language)))
        qapp.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    yield
    QLocale.setDefault(previous)
    qapp.removeTranslator(translator)


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[None]:
    yield from _use(qapp, "zh_CN")


@pytest.fixture
def en(qapp: QApplication) -> Iterator[None]:
    yield from _use(qapp, "en")


# ---- Chinese, the default --------------------------------------------------------------------


def test_the_interfaces_own_words_come_first(zh: None) -> None:
    wrong = AuthError(AuthErrorCode.BAD_CREDENTIALS, "core English", "核心的中文")
    assert error_text(wrong) == "用户名或密码错误。"
    assert error_text(UNREACHABLE) == "无法连接数据库。"


def test_a_code_reads_differently_where_it_is_shown(zh: None) -> None:
    texts = {place: error_text(UNREACHABLE, place=place) for place in Place}
    assert len(set(texts.values())) == 4  # the desks and the sign-in have their own words
    assert "草稿已保存在本机" in texts[Place.DESK]
    assert "未记录任何操作" in texts[Place.REVIEW]
    assert texts[Place.SIGN_IN] == "暂时无法核验登录：数据库不可用。"
    assert texts[Place.STARTUP] == texts[Place.ANYWHERE] == "无法连接数据库。"


def test_else_the_errors_chinese_message(zh: None) -> None:
    assert error_text(NO_CASE) == "未找到办件“44030720261123JZ00001”"
    assert error_text(NO_CASE, place=Place.DESK) == NO_CASE.message_zh


def test_else_a_generic_chinese_sentence_with_the_code(zh: None) -> None:
    text = error_text(BAD_ID)
    assert "id.bad_check_character" in text and "错误代码" in text
    assert "check character" not in text  # no English sentence in a Chinese window


def test_a_bug_gets_a_generic_sentence_never_its_text(zh: None) -> None:
    for place in Place:
        text = error_text(BUG, place=place)
        assert text and "Traceback" not in text and "secret" not in text
        assert re.search(r"[\u4e00-\u9fff]", text), text
    assert error_text(BUG) == "发生意外错误，请重试；如再次出现，请联系技术支持。"
    assert error_text(None) == error_text(BUG)
    assert error_text(BUG, place=Place.STARTUP) == "一窗通无法打开登记库。"


def test_only_coded_errors_are_translated_no_duck_typing(zh: None) -> None:
    impostor = ValueError("looks coded")
    impostor.code = "auth.bad_credentials"  # type: ignore[attr-defined]
    impostor.message_zh = "冒充的中文"  # type: ignore[attr-defined]
    assert error_code(impostor) == ""
    assert error_text(impostor) == error_text(BUG)


def test_a_lock_out_names_when_it_ends(zh: None) -> None:
    until = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=15)
    locked = AuthError(AuthErrorCode.LOCKED, "locked", "已锁定", until=until)
    assert error_text(locked, place=Place.SIGN_IN) == (
        f"密码错误次数过多，账户已锁定，请于 {lock_end_text(until)} 后再试。"
    )


def test_card_and_permission_errors_have_their_own_words(zh: None) -> None:
    card = CardReadError(CardErrorCode.TRUNCATED, "The text block is 100 bytes.")
    assert error_text(card) == "无法使用该证件：证件数据不完整。"
    denied = PermissionDenied(Principal.of("li", "w1", [Role.CLERK]), Permission.USER_ADMIN)
    assert error_text(denied) == "您的账户无权执行此操作，请联系大厅管理员。"


def test_the_desk_translates_through_the_one_function(zh: None) -> None:
    assert desk_page.error_text(UNREACHABLE, "zh_CN") == error_text(UNREACHABLE, place=Place.DESK)
    assert desk_page.error_text(NO_CASE, "zh_CN") == NO_CASE.message_zh
    assert desk_page.error_text(NO_CASE, "en") == str(NO_CASE)  # the desk's own language


# ---- English ---------------------------------------------------------------------------------


def test_english_own_words_message_and_generic(en: None) -> None:
    wrong = AuthError(AuthErrorCode.BAD_CREDENTIALS, "core English", "核心的中文")
    assert error_text(wrong) == "Wrong user name or password."
    assert error_text(UNREACHABLE, place=Place.SIGN_IN) == (
        "The sign-in cannot be checked: the database is not available."
    )
    assert error_text(NO_CASE) == str(NO_CASE) == "no case '44030720261123JZ00001'"
    assert error_text(BAD_ID) == "The check character is wrong."
    assert error_text(BUG) == (
        "An unexpected error occurred. Try again; if it happens again, tell technical support."
    )


def test_english_generic_sentence_when_an_error_has_no_message(en: None) -> None:
    silent = IdentityError(IdErrorCode.EMPTY, "")
    assert error_text(silent) == (
        "This could not be done (error code id.empty). Ask the hall's administrator."
    )


# ---- the tree ----------------------------------------------------------------------------------


def test_the_ui_matches_no_class_names_and_reads_no_error_attributes_by_name() -> None:
    forbidden = re.compile(
        r"getattr\((?:error|exc|e|err)\b|__name__ in \(|\"message_(?:zh|en)\"|'message_(?:zh|en)'"
    )
    offenders = [
        f"{path.relative_to(UI_DIR)}:{number}: {line.strip()}"
        for path in UI_DIR.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert offenders == []
