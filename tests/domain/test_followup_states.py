"""The follow-up's own table (好差评整改): every move written out by hand, everything else a
coded error; the ends take nothing; a rejected appeal goes back where it came from."""

from __future__ import annotations

import itertools

import pytest

from desktop.domain.ratings import (
    FOLLOWUP_MOVES,
    OPEN_FOLLOWUP_STATES,
    FollowUpEvent,
    FollowUpState,
    FollowUpTransitionError,
    next_followup_state,
)

F, E = FollowUpState, FollowUpEvent
WORKING = (F.OPEN, F.ASSIGNED, F.CALLED_BACK, F.RECTIFIED, F.REPLIED)

# Written out from the issue, not derived from the table under test.
LEGAL: dict[tuple[FollowUpState, FollowUpEvent], FollowUpState] = {
    (F.OPEN, E.ASSIGN): F.ASSIGNED,
    (F.ASSIGNED, E.ASSIGN): F.ASSIGNED,
    (F.CALLED_BACK, E.ASSIGN): F.CALLED_BACK,
    (F.RECTIFIED, E.ASSIGN): F.RECTIFIED,
    (F.REPLIED, E.ASSIGN): F.REPLIED,
    (F.ASSIGNED, E.CALLBACK): F.CALLED_BACK,
    (F.CALLED_BACK, E.CALLBACK): F.CALLED_BACK,
    (F.CALLED_BACK, E.RECTIFY): F.RECTIFIED,
    (F.RECTIFIED, E.RECTIFY): F.RECTIFIED,
    (F.RECTIFIED, E.REPLY): F.REPLIED,
    (F.REPLIED, E.CLOSE): F.CLOSED,
    **{(s, E.APPEAL): F.APPEALED for s in WORKING},
    (F.APPEALED, E.UPHOLD_APPEAL): F.VOIDED,
}
ALL = list(itertools.product(FollowUpState, FollowUpEvent))


@pytest.mark.parametrize(("state", "event"), [k for k in ALL if k in LEGAL])
def test_a_legal_move_goes_where_the_issue_says(state: FollowUpState, event: FollowUpEvent) -> None:
    assert next_followup_state(7, state, event) is LEGAL[(state, event)]


@pytest.mark.parametrize(
    ("state", "event"),
    [k for k in ALL if k not in LEGAL and k != (F.APPEALED, E.REJECT_APPEAL)],
)
def test_anything_else_is_a_coded_error(state: FollowUpState, event: FollowUpEvent) -> None:
    with pytest.raises(FollowUpTransitionError) as caught:
        next_followup_state(7, state, event)
    assert caught.value.code == "followup.illegal_transition"
    assert caught.value.detail == {"followup": 7, "state": state.value, "event": event.value}
    assert "7" in caught.value.message_zh


@pytest.mark.parametrize("before", WORKING)
def test_a_rejected_appeal_goes_back_where_it_was(before: FollowUpState) -> None:
    assert next_followup_state(7, F.APPEALED, E.REJECT_APPEAL, appealed_from=before) is before


def test_the_ends_take_nothing_and_every_working_state_has_a_way_on() -> None:
    assert set(FOLLOWUP_MOVES) == set(LEGAL) | {(F.APPEALED, E.REJECT_APPEAL)}
    for end in (F.CLOSED, F.VOIDED):
        assert end not in OPEN_FOLLOWUP_STATES
        assert not any(s is end for s, _ in FOLLOWUP_MOVES)
    for state in OPEN_FOLLOWUP_STATES:
        assert any(s is state for s, _ in FOLLOWUP_MOVES)
