"""The error contract: every error of the core is a CodedError with a stable dotted code.

The classes are found by walking the packages, so a new error class that forgets the contract
fails here without anyone having to list it.
"""

from __future__ import annotations

import importlib
import pickle
import pkgutil
import sys
import typing
from collections.abc import Iterator
from datetime import UTC, datetime
from enum import StrEnum
from types import ModuleType

import pytest

from desktop.domain.cases import CaseEvent, CaseState, CaseTransitionError
from desktop.domain.errors import CODE_PATTERN, CodedError
from desktop.domain.permissions import Permission, PermissionDenied, Principal, Role
from desktop.domain.rental_tax.errors import RentalTaxErrorCode, RuleFileError

PACKAGES = ("desktop", "printing", "devices")
#: Not imported: Alembic's env.py runs a migration when imported; __main__ starts the program.
SKIPPED = ("desktop.persistence.migrations", "__main__")
#: Control flow inside one module, never raised past it (each is caught a few lines away).
PRIVATE_CONTROL_FLOW = frozenset(
    {
        "devices.pcsc.backend._TransmissionFailed",  # retried, then its CardReadError is used
        "devices.serial.backend._Stopped",  # stop() while the worker waited
        # the one-transaction decision rolls back and takes the checked path, which raises
        # the coded error (caught in the same method, never leaves the module)
        "desktop.services.cases.review._LongWay",
    }
)


def _modules() -> Iterator[ModuleType]:
    for name in PACKAGES:
        package = importlib.import_module(name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, name + "."):
            if any(skip in info.name for skip in SKIPPED):
                continue
            yield importlib.import_module(info.name)


def _error_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for module in _modules():
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, BaseException)
                and obj.__module__ == module.__name__
            ):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


ERRORS = _error_classes()
CODED = {
    name: cls
    for name, cls in ERRORS.items()
    if name not in PRIVATE_CONTROL_FLOW and cls is not CodedError
}


def test_the_walk_finds_the_errors_of_every_package() -> None:
    assert len(CODED) > 40
    for package in PACKAGES:
        assert any(name.startswith(package + ".") for name in CODED), package
    assert ERRORS.keys() >= PRIVATE_CONTROL_FLOW, "a private exception was renamed or removed"


@pytest.mark.parametrize("name", sorted(CODED))
def test_every_error_is_a_coded_error(name: str) -> None:
    assert issubclass(CODED[name], CodedError), f"{name} must derive from CodedError"


def _codes_of(cls: type[CodedError]) -> list[str]:
    """The codes a class can carry: its class default, or every member of its code enum."""
    if cls.code:
        return [str(cls.code)]
    hint = typing.get_type_hints(cls, vars(sys.modules[cls.__module__])).get("code")
    assert isinstance(hint, type) and issubclass(hint, StrEnum), (
        f"{cls.__qualname__}: set a dotted class-level code, or annotate code with its StrEnum"
    )
    return [member.value for member in hint]


@pytest.mark.parametrize("name", sorted(CODED))
def test_every_error_has_dotted_codes(name: str) -> None:
    cls = CODED[name]
    if not issubclass(cls, CodedError):
        pytest.skip("not a CodedError (reported by the test above)")
    codes = _codes_of(cls)
    assert codes
    for code in codes:
        assert CODE_PATTERN.fullmatch(code), f"{name}: {code!r} is not a dotted code"


def test_the_base_has_no_code_so_that_a_class_that_forgets_is_caught() -> None:
    class Forgetful(CodedError):
        pass

    assert Forgetful.code == ""
    with pytest.raises(AssertionError):
        _codes_of(Forgetful)


def test_messages_code_and_detail_of_an_error() -> None:
    error = CaseTransitionError(CaseState.ISSUED, CaseEvent.ACCEPT, number="X1")
    assert error.code == "case.illegal_transition"
    assert str(error) == error.message_en and "X1" in error.message_en
    assert "已办结" in error.message_zh and "X1" in error.message_zh
    assert error.detail == {"state": "issued", "event": "accept", "kind": None}


def test_a_family_passes_its_code_per_instance() -> None:
    error = RuleFileError("rules.toml", "rate", "must be a number", problem_zh="须为数字")
    assert error.code is RentalTaxErrorCode.RULES_INVALID
    assert "须为数字" in error.message_zh


def test_errors_keep_their_base_classes_for_existing_callers() -> None:
    denied = PermissionDenied(Principal.of("li", "w1", [Role.CLERK]), Permission.USER_ADMIN, "x")
    assert isinstance(denied, PermissionError) and isinstance(denied, CodedError)
    assert denied.detail == {"user": "li", "permission": "user.admin", "reason": "x"}
    assert isinstance(RuleFileError("f", "k", "bad"), ValueError)


@pytest.mark.parametrize(
    "error",
    [
        CaseTransitionError(CaseState.DRAFT, CaseEvent.ISSUE, number="N"),
        PermissionDenied(Principal.of("li", "w1", [Role.CLERK]), Permission.USER_ADMIN, "x"),
        RuleFileError("rules.toml", "rate", "bad", problem_zh="错"),
    ],
    ids=type,
)
def test_an_error_survives_pickling_with_code_messages_and_detail(error: CodedError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert (again.code, str(again), again.message_zh, again.detail) == (
        error.code,
        str(error),
        error.message_zh,
        error.detail,
    )
    assert vars(again) == vars(error)


def test_detail_holds_times_as_given() -> None:
    from desktop.services.auth import AuthError, AuthErrorCode

    until = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    error = AuthError(AuthErrorCode.LOCKED, "locked", "已锁定", until=until)
    assert error.detail == {"until": until} and error.until == until
