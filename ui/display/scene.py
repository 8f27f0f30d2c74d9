"""Synthetic calls for ``onewindow --scene queue-display`` (screenshots, the README): a board
as a hall would show it mid-morning, with no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop.domain.queueing import HallBoard, HallCall, WaitingCount

__all__ = ["scene_board"]


def scene_board(now: datetime | None = None) -> HallBoard:
    now = now or datetime.now(UTC)
    calls = [
        ("A005", 3, "A"),
        ("B012", 4, "B"),
        ("A004", 1, "A"),
        ("C003", 5, "C"),
        ("A003", 2, "A"),
        ("D007", 6, "D"),
    ]
    return HallBoard(
        calls=tuple(
            HallCall(number, window, queue, now - timedelta(seconds=40 * i), 0)
            for i, (number, window, queue) in enumerate(calls)
        ),
        waiting=(
            WaitingCount("A", "户籍业务", 12, "Household registration"),
            WaitingCount("B", "居住证业务", 7, "Residence permits"),
            WaitingCount("C", "房屋租赁", 3, "Rental housing"),
            WaitingCount("D", "综合业务", 5, "Other services"),
        ),
    )
