"""The one translator from an error to the sentence a person reads: :func:`error_text`.

The core raises :class:`~desktop.domain.errors.CodedError` (a stable ``code``, an English and a
Chinese message, ``detail``). The interface says, in this order:

1. its own words for the code, where it has them: some codes read differently where they are
   shown (:class:`Place`: at sign-in a missing database means the sign-in cannot be checked,
   at the desk that what was typed is kept on this computer), others the same everywhere;
2. else the error's own message in the interface language (``message_zh`` in Chinese,
   ``str(error)`` in English);
3. else a generic sentence with the code, so that support can look it up.

Any other exception is a bug: a generic "unexpected error" sentence, never its text (the
caller logs it with its traceback). Each string is written out in a
``QCoreApplication.translate`` call so that lupdate finds it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QLocale

from desktop.domain.errors import CodedError
from devices.idcard.errors import CardErrorCode
from ui.reader.texts import card_error_text

__all__ = ["Place", "error_code", "error_text", "lock_end_text"]


class Place(StrEnum):
    """Where an error is shown, for the codes that read differently there."""

    ANYWHERE = "anywhere"
    STARTUP = "startup"  # the main window's error panel: the registry cannot be opened
    SIGN_IN = "sign_in"  # the sign-in dialog, the lock screen and the password change
    DESK = "desk"  # the clerk's desk: a draft is kept on this computer while the db is away
    REVIEW = "review"  # the approver's desk: nothing was decided while the db is away


_CARD_CODES = frozenset(code.value for code in CardErrorCode)


def error_code(error: BaseException | None) -> str:
    """The error's stable code; empty for anything that is not a :class:`CodedError`."""
    return str(error.code) if isinstance(error, CodedError) else ""


def error_text(
    error: BaseException | None, *, place: Place = Place.ANYWHERE, language: str | None = None
) -> str:
    """One translated sentence for ``error`` shown at ``place``.

    ``language`` is the interface language (a Qt locale name); None: the current default
    locale, which the application sets to the interface language at start.
    """
    if not isinstance(error, CodedError):
        return _unexpected(place)
    code = str(error.code)
    own = _place_text(place, code) or _code_text(code, error)
    if own:
        return own
    if place is Place.STARTUP:  # the panel shows the error's message as its detail already
        return _unexpected(place)
    chinese = (language or QLocale().name()).lower().startswith("zh")
    message = error.message_zh if chinese else str(error)
    if message:
        return message
    return QCoreApplication.translate(
        "Errors", "This could not be done (error code {code}). Ask the hall's administrator."
    ).format(code=code)


def lock_end_text(until: datetime, now: datetime | None = None) -> str:
    """When a lock-out ends, in local time: ``HH:MM`` today, ``MM-DD HH:MM`` on another day."""
    local = until.astimezone()
    today = (now or datetime.now(local.tzinfo)).astimezone(local.tzinfo).date()
    return f"{local:%H:%M}" if local.date() == today else f"{local:%m-%d %H:%M}"


def _unexpected(place: Place) -> str:
    if place is Place.STARTUP:
        return QCoreApplication.translate("StartupErrors", "OneWindow could not open the registry.")
    if place is Place.SIGN_IN:
        return QCoreApplication.translate(
            "AuthErrors",
            "The sign-in could not be checked; try again or ask the hall's administrator.",
        )
    return QCoreApplication.translate(
        "Errors",
        "An unexpected error occurred. Try again; if it happens again, tell technical support.",
    )


def _place_text(place: Place, code: str) -> str:
    """The words a place has for a code that reads differently there; empty if none."""
    if place is Place.SIGN_IN and code.startswith("db."):
        return QCoreApplication.translate(
            "AuthErrors", "The sign-in cannot be checked: the database is not available."
        )
    if place is Place.DESK and code.startswith("db."):
        return QCoreApplication.translate(
            "DeskPage",
            "The database cannot be reached. Nothing typed is lost: the draft is kept on this "
            "computer. Try again when the connection is back.",
        )
    if place is Place.REVIEW and code.startswith("db."):
        return QCoreApplication.translate(
            "ReviewErrors",
            "The database cannot be reached: nothing was recorded. Try again when the "
            "connection is back.",
        )
    if place is Place.REVIEW:
        return _review_case_text(code)
    return ""


def _code_text(code: str, error: CodedError) -> str:
    """The interface's own words for a code, wherever it is shown; empty if none."""
    if code.startswith("auth."):
        return _auth_text(code, error)
    if code.startswith("review."):
        return _review_text(code, error)
    if code in _CARD_CODES:
        return QCoreApplication.translate("Errors", "The card could not be used: {reason}.").format(
            reason=card_error_text(code)
        )
    return _startup_text(code)


def _auth_text(code: str, error: CodedError) -> str:
    if code == "auth.bad_credentials":
        return QCoreApplication.translate("AuthErrors", "Wrong user name or password.")
    if code == "auth.locked":
        until = error.detail.get("until")
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
    if code == "auth.permission_denied":
        return QCoreApplication.translate(
            "AuthErrors", "Your account is not allowed to do this; ask the hall's administrator."
        )
    return ""


def _review_text(code: str, error: CodedError) -> str:
    """The review desk's codes (claims, decisions, the case clock)."""
    detail = error.detail
    if code == "review.already_claimed":
        holder = str(detail.get("claimed_by", "") or "")
        if holder:
            return QCoreApplication.translate(
                "ReviewErrors", "{user} has just claimed this task; choose another one."
            ).format(user=holder)
        return QCoreApplication.translate(
            "ReviewErrors", "Someone has just claimed this task; choose another one."
        )
    if code == "review.not_claimant":
        return QCoreApplication.translate(
            "ReviewErrors",
            "This task is no longer yours (your claim expired or it was reassigned); claim it "
            "again to decide.",
        )
    if code == "review.claim_lapsed":
        return QCoreApplication.translate(
            "ReviewErrors",
            "Your claim on this task has expired; claim it again to decide (nothing was changed).",
        )
    if code == "review.task_not_found":
        return QCoreApplication.translate(
            "ReviewErrors", "This task is no longer in the queue (the case changed meanwhile)."
        )
    if code in ("review.already_decided", "review.decided"):
        return QCoreApplication.translate(
            "ReviewErrors", "This task has already been decided; nothing was changed."
        )
    if code == "review.opinion_required":
        return QCoreApplication.translate(
            "ReviewErrors", "An opinion (a reason) is required for this decision."
        )
    return ""


def _review_case_text(code: str) -> str:
    """Case codes as the approver meets them (at the clerk's desk they read otherwise)."""
    if code == "case.reason_required":
        return QCoreApplication.translate(
            "ReviewErrors", "An opinion (a reason) is required for this decision."
        )
    if code == "case.stale":
        return QCoreApplication.translate(
            "ReviewErrors", "The case was changed by someone else meanwhile; it has been reloaded."
        )
    if code == "case.illegal_transition":
        return QCoreApplication.translate(
            "ReviewErrors", "The case is no longer in review; this decision cannot be taken now."
        )
    return ""


def _startup_text(code: str) -> str:
    """Opening the registry: the database's codes (``DatabaseErrorCode``) and seeding."""
    texts = {
        "db.bad_url": QCoreApplication.translate(
            "StartupErrors", "The configured database address is not valid."
        ),
        "db.unsupported_backend": QCoreApplication.translate(
            "StartupErrors", "The configured database type is not supported."
        ),
        "db.unreachable": QCoreApplication.translate(
            "StartupErrors", "The database cannot be reached."
        ),
        "db.auth_failed": QCoreApplication.translate(
            "StartupErrors", "The database server refused the password."
        ),
        "db.no_password": QCoreApplication.translate(
            "StartupErrors", "No password is stored for the database."
        ),
        "db.no_keyring": QCoreApplication.translate(
            "StartupErrors", "The system keyring is not available to read the database password."
        ),
        "db.schema_too_new": QCoreApplication.translate(
            "StartupErrors", "The database was created by a newer version of OneWindow."
        ),
        "db.schema_unknown": QCoreApplication.translate(
            "StartupErrors", "The database schema is not one this version of OneWindow knows."
        ),
        "db.not_initialised": QCoreApplication.translate(
            "StartupErrors", "The database has not been initialised yet."
        ),
        "db.not_a_database": QCoreApplication.translate(
            "StartupErrors", "The database file is not a OneWindow database or is damaged."
        ),
        "db.failed": QCoreApplication.translate(
            "StartupErrors", "The database refused the request."
        ),
        "seed.failed": QCoreApplication.translate(
            "StartupErrors", "The synthetic demo registry could not be created."
        ),
    }
    return texts.get(code, "")
