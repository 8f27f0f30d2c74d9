"""The desk's words for an error from the core (a worker's exception, shown in the status line)."""

from __future__ import annotations

from ui.clerk.texts import pick

__all__ = ["db_unreachable_text", "error_text"]


def error_text(error: BaseException, language: str) -> str:
    """A clerk-readable line for an error from the core (its Chinese message when it has one)."""
    zh = getattr(error, "message_zh", "")
    code = str(getattr(error, "code", "") or "")
    if code.startswith("db.") or type(error).__name__ in ("OperationalError", "InterfaceError"):
        return db_unreachable_text()
    if pick(language, "zh", "en") == "zh" and zh:
        return str(zh)
    return str(error) or type(error).__name__


def db_unreachable_text() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "DeskPage",
        "The database cannot be reached. Nothing typed is lost: the draft is kept on this "
        "computer. Try again when the connection is back.",
    )
