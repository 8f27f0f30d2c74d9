"""Words for the sign-in's error codes (``auth.*`` from desktop.services.auth), translated.

The core raises errors with a stable ``code`` (and, for a lock-out, ``until``: when it ends);
the sign-in dialog and the lock screen show these sentences instead of the core's English.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication


def lock_end_text(until: datetime, now: datetime | None = None) -> str:
    """When a lock-out ends, in local time: ``HH:MM`` today, ``MM-DD HH:MM`` on another day."""
    local = until.astimezone()
    today = (now or datetime.now(local.tzinfo)).astimezone(local.tzinfo).date()
    return f"{local:%H:%M}" if local.date() == today else f"{local:%m-%d %H:%M}"


def auth_error_text(error: BaseException) -> str:
    """One translated sentence for a failed sign-in or screen unlock."""
    code = str(getattr(error, "code", "") or "")
    if code == "auth.bad_credentials":
        return QCoreApplication.translate("AuthErrors", "Wrong user name or password.")
    if code == "auth.locked":
        until = getattr(error, "until", None)
        if isinstance(until, datetime):
            return QCoreApplication.translate(
                "AuthErrors",
                "The account is locked after too many wrong passwords; try again after {time}.",
            ).format(time=lock_end_text(until))
        return QCoreApplication.translate(
            "AuthErrors", "The account is locked after too many wrong passwords; try again later."
        )
    if code == "auth.inactive":
        return QCoreApplication.translate(
            "AuthErrors", "This account is disabled; ask the hall's administrator."
        )
    if code == "auth.wrong_station":
        return QCoreApplication.translate(
            "AuthErrors", "This account cannot sign in at this station."
        )
    if code.startswith("db."):
        return QCoreApplication.translate(
            "AuthErrors", "The sign-in cannot be checked: the database is not available."
        )
    return QCoreApplication.translate(
        "AuthErrors", "The sign-in could not be checked; try again or ask the hall's administrator."
    )
