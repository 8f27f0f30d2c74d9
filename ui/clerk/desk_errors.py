"""The desk's words for an error (a worker's exception, shown in the status line): the one
translator (:func:`ui.errors.error_text`) with the desk's own place."""

from __future__ import annotations

from ui import errors

__all__ = ["error_text"]


def error_text(error: BaseException | None, language: str) -> str:
    """A clerk-readable line for an error: the one translator, with the desk's own words."""
    return errors.error_text(error, place=errors.Place.DESK, language=language)
