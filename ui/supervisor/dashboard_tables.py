"""The dashboard's tables, as shown and as exported: plain rows built from the
:class:`~desktop.domain.oversight.Dashboard` record (numbers stay numbers, units in the headers)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from desktop.domain.oversight import CaseFigures, Dashboard
from desktop.services.exports import Cell
from ui.supervisor.figures import TableData

__all__ = ["dashboard_tables", "table_title"]

translate = QCoreApplication.translate


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60.0, 1)


def table_title(key: str) -> str:
    return {
        "matters": translate("Dashboard", "By matter"),
        "windows": translate("Dashboard", "By window"),
        "departments": translate("Dashboard", "Review load"),
        "queue": translate("Dashboard", "Queue"),
        "faults": translate("Dashboard", "Print faults"),
        "ratings_matter": translate("Dashboard", "Ratings by matter"),
        "ratings_window": translate("Dashboard", "Ratings by window"),
        "followups": translate("Dashboard", "Follow-ups"),
        "daily": translate("Dashboard", "Day by day"),
    }[key]


def dashboard_tables(
    board: Dashboard,
    local: Callable[[datetime | None], datetime | None],
    matter_name: Callable[[str, str], str] = lambda _code, name: name,
) -> tuple[TableData, ...]:
    """Every table of ``board``, as shown and as exported."""
    counts = (
        translate("Dashboard", "Accepted"),
        translate("Dashboard", "Issued"),
        translate("Dashboard", "Refused"),
        translate("Dashboard", "Rejected"),
        translate("Dashboard", "Finished with a promise"),
        translate("Dashboard", "In time"),
        translate("Dashboard", "In-time rate (%)"),
    )

    def case_rows(figures: Sequence[CaseFigures], named: bool) -> tuple[tuple[Cell, ...], ...]:
        return tuple(
            (
                matter_name(f.key, f.name) if named else f.key,
                f.counts.accepted,
                f.counts.issued,
                f.counts.refused,
                f.counts.rejected,
                f.counts.finished,
                f.counts.in_time,
                _percent(f.counts.in_time, f.counts.finished),
                *((f.key,) if named else ()),  # (the code last: the one read least)
            )
            for f in figures
        )

    queue = board.queue
    queue_rows: tuple[tuple[Cell, ...], ...] = ()
    if queue is not None:
        queue_rows = tuple(
            (
                kind,
                row.key,
                row.taken,
                row.served,
                row.no_shows,
                _minutes(row.wait_median_s),
                _minutes(row.wait_p90_s),
                _minutes(row.service_median_s),
                row.cases,
            )
            for kind, rows in (
                (translate("Dashboard", "Queue"), queue.queues),
                (translate("Dashboard", "Window"), queue.windows),
            )
            for row in rows
        )
    return (
        TableData(
            "matters",
            table_title("matters"),
            (translate("Dashboard", "Matter"), *counts, translate("Dashboard", "Code")),
            case_rows(board.by_matter, True),
        ),
        TableData(
            "windows",
            table_title("windows"),
            (translate("Dashboard", "Window"), *counts),
            case_rows(board.by_window, False),
        ),
        TableData(
            "departments",
            table_title("departments"),
            (
                translate("Dashboard", "Department"),
                translate("Dashboard", "Open"),
                translate("Dashboard", "Claimed"),
                translate("Dashboard", "Oldest waiting since"),
                translate("Dashboard", "Decided in period"),
                translate("Dashboard", "Median to claim (min)"),
                translate("Dashboard", "Median to decide (min)"),
            ),
            tuple(
                (
                    d.name,
                    d.open,
                    d.claimed,
                    local(d.oldest_at),
                    d.decided_in_period,
                    _minutes(d.median_claim_s),
                    _minutes(d.median_decide_s),
                )
                for d in board.departments
            ),
        ),
        TableData(
            "queue",
            table_title("queue"),
            (
                translate("Dashboard", "Kind"),
                translate("Dashboard", "Queue or window"),
                translate("Dashboard", "Taken"),
                translate("Dashboard", "Served"),
                translate("Dashboard", "No-shows"),
                translate("Dashboard", "Median wait (min)"),
                translate("Dashboard", "90% waited at most (min)"),
                translate("Dashboard", "Median service (min)"),
                translate("Dashboard", "Cases"),
            ),
            queue_rows,
        ),
        TableData(
            "faults",
            table_title("faults"),
            (
                translate("Dashboard", "Station"),
                translate("Dashboard", "Error"),
                translate("Dashboard", "Failed jobs"),
                translate("Dashboard", "Latest"),
            ),
            tuple(
                (f.station, f.error_code, f.jobs, local(f.latest_at)) for f in board.print_faults
            ),
        ),
        TableData(
            "ratings_matter",
            table_title("ratings_matter"),
            (
                translate("Dashboard", "Matter"),
                translate("Dashboard", "Ratings"),
                translate("Dashboard", "Mean score (1 best)"),
                translate("Dashboard", "Bad"),
                translate("Dashboard", "Found malicious"),
            ),
            tuple(
                (
                    matter_name(r.key, r.name),
                    r.ratings,
                    None if r.average is None else round(r.average, 2),
                    r.bad,
                    r.voided,
                )
                for r in board.ratings_by_matter
            ),
        ),
        TableData(
            "ratings_window",
            table_title("ratings_window"),
            (
                translate("Dashboard", "Window"),
                translate("Dashboard", "Ratings"),
                translate("Dashboard", "Mean score (1 best)"),
                translate("Dashboard", "Bad"),
                translate("Dashboard", "Found malicious"),
            ),
            tuple(
                (
                    r.name,
                    r.ratings,
                    None if r.average is None else round(r.average, 2),
                    r.bad,
                    r.voided,
                )
                for r in board.ratings_by_window
            ),
        ),
        TableData(
            "followups",
            table_title("followups"),
            (
                translate("Dashboard", "Kind"),
                translate("Dashboard", "Matter or window"),
                translate("Dashboard", "Open follow-ups"),
                translate("Dashboard", "Late"),
            ),
            ()
            if board.followups is None
            else tuple(
                (kind, g.name or g.key, g.open, g.late)
                for kind, groups in (
                    (translate("Dashboard", "Matter"), board.followups.by_matter),
                    (translate("Dashboard", "Window"), board.followups.by_window),
                )
                for g in groups
            ),
        ),
        TableData(
            "daily",
            table_title("daily"),
            (translate("Dashboard", "Day"), *counts),
            tuple(
                (
                    d.day,
                    d.counts.accepted,
                    d.counts.issued,
                    d.counts.refused,
                    d.counts.rejected,
                    d.counts.finished,
                    d.counts.in_time,
                    _percent(d.counts.in_time, d.counts.finished),
                )
                for d in board.daily
            ),
        ),
    )
