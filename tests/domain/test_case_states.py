"""The case lifecycle: every (state, event, case type) — legal ones lead where the issue says,
all others are typed errors; case-number patterns; the weekday stand-in calendar."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from desktop.domain.cases import (
    FINAL_STATES,
    TRANSITIONS,
    CaseError,
    CaseEvent,
    CaseState,
    CaseTransitionError,
    NumberPattern,
    NumberPatternError,
    WeekdaysOnly,
    check_upstream_number,
    is_bad_rating,
    next_state,
)
from desktop.domain.matters.model import MatterKind

S, E = CaseState, CaseEvent
IMM, PRO = MatterKind.IMMEDIATE, MatterKind.PROMISED
BOTH = (IMM, PRO)
OPEN_AFTER_ACCEPT = (S.ACCEPTED, S.IN_REVIEW, S.RETURNED, S.APPROVED, S.READY_TO_ISSUE)
FINAL = (S.REFUSED, S.REJECTED, S.ISSUED, S.WITHDRAWN, S.TERMINATED)

# Written out by hand from the issue (not derived from the table under test):
# (from-state, event) → (to-state, case types it applies to).
_LEGAL: dict[tuple[CaseState, CaseEvent], tuple[CaseState, tuple[MatterKind, ...]]] = {
    (S.DRAFT, E.ACCEPT): (S.ACCEPTED, BOTH),
    (S.DRAFT, E.ACCEPT_WITH_SHORTFALL): (S.ACCEPTED, BOTH),
    (S.DRAFT, E.NOTIFY_MISSING): (S.AWAITING_SUPPLEMENT, BOTH),
    (S.DRAFT, E.REFUSE): (S.REFUSED, BOTH),
    (S.AWAITING_SUPPLEMENT, E.REFUSE): (S.REFUSED, BOTH),
    (S.AWAITING_SUPPLEMENT, E.SUPPLEMENT): (S.ACCEPTED, BOTH),
    (S.ACCEPTED, E.START_REVIEW): (S.IN_REVIEW, (PRO,)),
    (S.ACCEPTED, E.ISSUE_AT_WINDOW): (S.ISSUED, (IMM,)),
    (S.IN_REVIEW, E.APPROVE): (S.APPROVED, BOTH),
    (S.IN_REVIEW, E.REJECT): (S.REJECTED, BOTH),
    (S.IN_REVIEW, E.RETURN_FOR_CORRECTION): (S.RETURNED, BOTH),
    (S.RETURNED, E.RESUBMIT): (S.IN_REVIEW, BOTH),
    (S.APPROVED, E.PREPARE_RESULT): (S.READY_TO_ISSUE, BOTH),
    (S.READY_TO_ISSUE, E.ISSUE): (S.ISSUED, BOTH),
    **{
        (s, E.WITHDRAW): (S.WITHDRAWN, BOTH)
        for s in (S.AWAITING_SUPPLEMENT, S.ACCEPTED, S.IN_REVIEW, S.RETURNED)
    },
    **{(s, E.TERMINATE): (S.TERMINATED, BOTH) for s in (S.AWAITING_SUPPLEMENT, *OPEN_AFTER_ACCEPT)},
    **{(s, E.SUPPLY_OWED): (s, BOTH) for s in OPEN_AFTER_ACCEPT},
    **{(s, E.PAUSE_CLOCK): (s, BOTH) for s in (S.ACCEPTED, S.IN_REVIEW, S.RETURNED)},
    **{(s, E.RESUME_CLOCK): (s, BOTH) for s in (S.ACCEPTED, S.IN_REVIEW, S.RETURNED)},
    # 一次一评: every visit of a case takes a rating, so every state a case exists in
    **{(s, E.RATE): (s, BOTH) for s in (S.AWAITING_SUPPLEMENT, *OPEN_AFTER_ACCEPT, *FINAL)},
    # A document is revoked: every state a case with documents can be in (all but the draft,
    # which has none), the state kept.
    **{
        (s, E.REVOKE_DOCUMENT): (s, BOTH)
        for s in (S.AWAITING_SUPPLEMENT, *OPEN_AFTER_ACCEPT, *FINAL)
    },
}

_ALL = list(itertools.product(CaseState, CaseEvent, MatterKind))
_LEGAL_CASES = [(s, e, k) for s, e, k in _ALL if k in _LEGAL.get((s, e), (None, ()))[1]]
_ILLEGAL_CASES = [c for c in _ALL if c not in _LEGAL_CASES]


def _id(case: tuple[CaseState, CaseEvent, MatterKind]) -> str:
    s, e, k = case
    return f"{s.value}-{e.value}-{k.value}"


@pytest.mark.parametrize("case", _LEGAL_CASES, ids=_id)
def test_legal_transition_goes_where_the_issue_says(
    case: tuple[CaseState, CaseEvent, MatterKind],
) -> None:
    state, event, kind = case
    assert next_state(state, event, kind) is _LEGAL[(state, event)][0]


@pytest.mark.parametrize("case", _ILLEGAL_CASES, ids=_id)
def test_illegal_transition_is_a_typed_error(
    case: tuple[CaseState, CaseEvent, MatterKind],
) -> None:
    state, event, kind = case
    with pytest.raises(CaseTransitionError) as caught:
        next_state(state, event, kind, number="44030720261123JZ00001")
    err = caught.value
    assert err.code == "case.illegal_transition"
    assert (err.state, err.event, err.kind) == (state, event, kind)
    assert state.value in str(err) and event.value in str(err)
    assert "44030720261123JZ00001" in str(err) and "44030720261123JZ00001" in err.message_zh
    assert err.detail == {"state": state.value, "event": event.value, "kind": kind.value}


def test_the_matrix_is_complete_and_both_halves_are_non_trivial() -> None:
    assert len(_LEGAL_CASES) + len(_ILLEGAL_CASES) == len(CaseState) * len(CaseEvent) * 2
    # + revoke_document from the 11 states with a row; rate from those 11 (was: the 5 final)
    assert len(_LEGAL_CASES) == 78 + 11 * 2 + (11 - 5) * 2
    # every event is legal somewhere, every non-final state has a way out
    assert {e for _, e, _ in _LEGAL_CASES} == set(CaseEvent)
    moving = {s for s, e, _ in _LEGAL_CASES if _LEGAL[(s, e)][0] is not s}
    assert moving == set(CaseState) - FINAL_STATES
    assert set(TRANSITIONS) == set(CaseEvent)


def test_final_states_only_take_a_rating_or_a_revoked_document() -> None:
    for state in FINAL_STATES:
        allowed = {e for s, e, _ in _LEGAL_CASES if s is state}
        assert allowed == {E.RATE, E.REVOKE_DOCUMENT}
        assert all(next_state(state, e) is state for e in allowed)  # nothing moves a final case


def test_without_a_kind_only_the_state_is_checked() -> None:
    assert next_state(S.ACCEPTED, E.START_REVIEW) is S.IN_REVIEW
    with pytest.raises(CaseTransitionError):
        next_state(S.ISSUED, E.ISSUE)


# ---- case numbers ----------------------------------------------------------------------------


def test_default_pattern_region_date_category_sequence() -> None:
    p = NumberPattern()
    assert p.render("440307", date(2026, 11, 23), "JZ", 42, "2") == "44030720261123JZ00042"
    assert p.scope("440307", date(2026, 11, 23), "JZ", "2") == ("440307", "20261123", "JZ")


def test_the_sequence_scope_follows_the_fields_the_pattern_uses() -> None:
    no_date = NumberPattern("{region}-{category}-{seq:07d}")
    assert no_date.scope("440307", date(2026, 11, 23), "JZ", "1") == ("440307", "", "JZ")
    shared = NumberPattern("SZ{date:%y%m%d}{type}{seq:04d}")
    assert shared.scope("440307", date(2026, 11, 23), "JZ", "1") == ("", "20261123", "/1")
    assert shared.render("440307", date(2026, 11, 23), "JZ", 3, "1") == "SZ26112310003"


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("{region}{date:%Y%m%d}{category}", "needs a {seq}"),
        ("{region}{when}{seq}", "unknown field {when}"),
        ("{region}{seq:05q}", "Unknown format code"),
        ("{region}{date:%Y%m%d}{category}{seq:05d}" + "X" * 40, "at most 50"),
        ("{region}{seq", "expected '}'"),
        (" {seq}", "surrounding spaces"),
    ],
)
def test_a_bad_pattern_is_refused_when_loaded(pattern: str, problem: str) -> None:
    with pytest.raises(NumberPatternError, match=problem.replace("{", r"\{")):
        NumberPattern(pattern)


@pytest.mark.parametrize("number", ["粤0307-2026-000001", "A" * 50, "SZ/2026(1).x_y"])
def test_upstream_numbers_are_taken_as_is(number: str) -> None:
    assert check_upstream_number(number) == number


@pytest.mark.parametrize("number", ["", "A" * 51, "has space", "semi;colon", "new\nline"])
def test_unusable_upstream_numbers(number: str) -> None:
    with pytest.raises(CaseError) as caught:
        check_upstream_number(number)
    assert caught.value.code == "case.bad_upstream_number"


# ---- working days, ratings -------------------------------------------------------------------


def test_weekdays_only_calendar() -> None:
    cal = WeekdaysOnly()
    friday = date(2026, 11, 27)
    assert cal.add_working_days(friday, 1) == date(2026, 11, 30)  # start not counted
    assert cal.add_working_days(date(2026, 11, 23), 15) == date(2026, 12, 14)
    assert cal.working_days_between(friday, date(2026, 11, 30)) == 1
    assert cal.working_days_between(date(2026, 11, 30), friday) == -1
    assert cal.working_days_between(friday, friday) == 0


def test_bad_ratings_are_four_and_five() -> None:
    assert [is_bad_rating(s) for s in range(1, 6)] == [False, False, False, True, True]
