"""The one contract of the core's errors: a stable code, two messages and the facts.

Every error the core raises on purpose (``desktop``, ``printing``, ``devices``) derives from
:class:`CodedError`; ``tests/domain/test_error_contract.py`` walks the packages to keep it so.
Families that callers already catch as ``ValueError`` or ``PermissionError`` keep that base too
(``class IdentityError(CodedError, ValueError)``). The interface translates one way
(``ui/errors.py``): its own words for a code where it has them, else the message in the
interface's language, else a generic sentence naming the code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

__all__ = ["CODE_PATTERN", "CodedError"]

#: What a code looks like: dotted lower-case words, e.g. ``db.unreachable``, ``card.bad_date``.
CODE_PATTERN: Final = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")


class CodedError(Exception):
    """An error with a stable ``code``, its English and Chinese message, and ``detail``.

    ``code`` is what the interface, the command line, the logs and the tests match on; a class
    sets its default (``case.not_found``), a family whose code varies per instance passes
    ``code=`` (usually a ``StrEnum`` member). ``str(exc)`` is the English message (logs, the
    command line); ``message_zh`` the Chinese one for the window, empty where the error has
    none. ``detail`` holds the facts as plain values (numbers, names, times) for the log and the
    interface's own wording. Each subclass writes its messages once, in its constructor.
    """

    #: Empty here on purpose: a subclass that forgets its code fails the contract test.
    code: str = ""
    message_zh: str
    detail: dict[str, object]

    def __init__(
        self,
        message: str,
        message_zh: str = "",
        *,
        code: str | None = None,
        detail: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message_zh = message_zh
        self.detail = dict(detail) if detail else {}

    @property
    def message_en(self) -> str:
        """The English message (the same as ``str(exc)``)."""
        return str(self)

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses' constructors differ; rebuild from the message and the attributes instead,
        # so that an error keeps its code, messages and detail across processes.
        return (_restore, (type(self), self.args), self.__dict__)


def _restore(cls: type[CodedError], args: tuple[Any, ...]) -> CodedError:
    error = cls.__new__(cls, *args)
    error.args = args  # OSError-derived errors leave args unset when their __init__ is not run
    return error
