"""The deadline board's records (issue 16): what a supervisor sees of the hall's promised
dates — counts per colour per matter and window, and the cases behind them. Plain frozen
records, Qt-free; the service is :mod:`desktop.services.deadlines`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop.domain.workcalendar import WarningLevel

__all__ = [
    "BoardCase",
    "BoardFilter",
    "BoardGroup",
    "DeadlineBoard",
    "DeadlineCounts",
]


class BoardFilter(StrEnum):
    """Which cases the board's list shows."""

    AT_RISK = "at_risk"  # yellow, red or overdue
    YELLOW = "yellow"
    RED = "red"
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    RUNNING = "running"  # every case whose clock runs
    PAUSED = "paused"  # open cases whose clock a special procedure stops


@dataclass(frozen=True, slots=True)
class DeadlineCounts:
    """Open cases with a promised date, by their clock on the board's day.

    ``running`` = ``normal`` + ``yellow`` + ``red`` (the colours of :func:`case_clock`);
    ``overdue`` and ``due_today`` cut across them (overdue cases are red with the default
    thresholds); ``paused`` cases are not running out and have no colour.
    """

    running: int = 0
    normal: int = 0
    yellow: int = 0
    red: int = 0
    overdue: int = 0
    due_today: int = 0
    paused: int = 0


@dataclass(frozen=True, slots=True)
class BoardGroup:
    """The counts of one matter at one accepting window (station)."""

    matter_code: str
    matter_name: str
    window: str
    counts: DeadlineCounts


@dataclass(frozen=True, slots=True)
class BoardCase:
    """One case of the board's list (drill down to it by its number)."""

    case_number: str
    matter_code: str
    matter_name: str
    window: str
    state: str
    applicant_name: str
    due_on: date | None  # None while paused
    colour: WarningLevel | None  # None while paused
    overdue: bool
    days_left: int | None  # on the board's day, in the matter's unit; None while paused
    paused: bool


@dataclass(frozen=True, slots=True)
class DeadlineBoard:
    """The board on ``day``: totals, the groups (matter × window, most red first), and one
    page of the cases ``show`` selects (``total``: how many it selects in all)."""

    day: date
    totals: DeadlineCounts
    groups: tuple[BoardGroup, ...]
    show: BoardFilter
    cases: tuple[BoardCase, ...]
    total: int
    limit: int
    offset: int
