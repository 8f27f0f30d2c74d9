"""Queue tickets and calling (叫号): the hall's queues as data, the records, the calling rule.

The queues are data (``desktop/domain/matters/data/queues.toml``; a hall replaces it with its
own ``<data dir>/queues.toml``), checked at load like the matters: unknown keys, types, prefixes,
matter codes (against the catalog) and window numbers. A broken file fails at start, naming file,
field and problem.

:func:`pick_next` is the calling rule, without I/O: a ticket transferred to this window first,
then a booked ticket (预约) whose slot has come, then per queue one priority ticket per
``normal_per_priority`` normal ones while both wait (the queue whose oldest ticket has waited
longest goes first). ``desktop.services.queueing`` runs it under the queue's lock.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from desktop.domain.errors import CodedError

__all__ = [
    "Booking",
    "BookingRules",
    "BookingState",
    "CallCandidate",
    "HallCall",
    "PriorityCategory",
    "QueueConfig",
    "QueueConfigError",
    "QueueDef",
    "QueueError",
    "QueueInfo",
    "QueueStats",
    "SlotInfo",
    "StatsRow",
    "Ticket",
    "TicketState",
    "WaitingCount",
    "format_number",
    "load_queue_config",
    "parse_queue_config",
    "pick_next",
]

QUEUE_FILE = "queues.toml"
_PREFIX = re.compile(r"[A-Z]{1,2}")


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


#: A ticket in one of these states holds its card holder's place (no second ticket).
OPEN_STATES = (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING)


# ---- errors ------------------------------------------------------------------------------------


class QueueConfigError(CodedError, ValueError):
    """The queue file cannot be used: names the file, the field and the problem."""

    code = "queue.config_invalid"

    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source, self.field, self.problem = source, field, problem
        super().__init__(
            f"{source}: {field}: {problem}",
            f"叫号配置文件有误：{source}：{field}：{problem}",
            detail={"source": source, "field": field, "problem": problem},
        )


class QueueError(CodedError):
    """A queue action refused; ``code`` names why (``queue.already_waiting``, …)."""

    code = "queue.error"

    def __init__(self, code: str, message: str, message_zh: str, **detail: object) -> None:
        super().__init__(message, message_zh, code=code, detail=detail)


# ---- configuration ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueDef:
    code: str
    name_zh: str
    name_en: str
    start: int
    digits: int
    matter_codes: tuple[str, ...]
    windows: tuple[int, ...]
    #: Bookings (预约) per slot; 0: the queue takes none.
    booking_capacity: int = 0


@dataclass(frozen=True, slots=True)
class BookingRules:
    """When bookings (预约) may be made: a slot every ``slot_minutes`` within the opening
    ``hours`` (hall time, minutes from midnight), up to ``days_ahead`` of the hall's working
    days ahead (the last bookable day is the ``days_ahead``-th working day after today); a
    booking not checked in by ``late_minutes`` after its slot began lapses."""

    slot_minutes: int = 30
    hours: tuple[tuple[int, int], ...] = ((9 * 60, 12 * 60), (13 * 60 + 30, 17 * 60))
    late_minutes: int = 15
    days_ahead: int = 7

    def slot_starts(self) -> tuple[int, ...]:
        """Every slot's start, in minutes from midnight."""
        return tuple(
            m
            for start, end in self.hours
            for m in range(start, end - self.slot_minutes + 1, self.slot_minutes)
        )


@dataclass(frozen=True, slots=True)
class PriorityCategory:
    code: str
    name_zh: str
    name_en: str = ""  # the English interface's name ("": the Chinese one)


@dataclass(frozen=True, slots=True)
class QueueConfig:
    queues: tuple[QueueDef, ...]
    priority_categories: tuple[PriorityCategory, ...]
    #: Normal calls per priority call while both wait (0: priority always first).
    normal_per_priority: int = 2
    recalls_before_no_show: int = 2
    booked_early_minutes: int = 5
    source: str = ""
    booking: BookingRules = BookingRules()

    def get(self, code: str) -> QueueDef:
        for q in self.queues:
            if q.code == code:
                return q
        raise QueueError(
            "queue.unknown_queue",
            f"No queue {code!r} in this hall.",
            f"没有 {code} 队列。",
            queue=code,
        )

    def for_service(self, service: str) -> QueueDef:
        """A queue by its code, or the queue serving a matter code."""
        for q in self.queues:
            if q.code == service.upper() or service in q.matter_codes:
                return q
        raise QueueError(
            "queue.unknown_queue",
            f"No queue serves {service!r} in this hall.",
            f"本厅没有办理 {service} 的队列。",
            queue=service,
        )

    def queues_of_window(self, window: int) -> tuple[QueueDef, ...]:
        return tuple(q for q in self.queues if window in q.windows)


_TOP_KEYS = {"calling", "booking", "priority", "queue"}
_CALLING_KEYS = {"normal_per_priority", "recalls_before_no_show", "booked_early_minutes"}
_BOOKING_KEYS = {"slot_minutes", "hours", "late_minutes", "days_ahead"}
_QUEUE_KEYS = {
    "code",
    "name_zh",
    "name_en",
    "start",
    "digits",
    "matters",
    "windows",
    "booking_capacity",
}
_HOURS = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)")


def _int(source: str, field: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise QueueConfigError(source, field, f"must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise QueueConfigError(source, field, f"must be between {low} and {high}, got {value}")
    return value


def _str(source: str, field: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise QueueConfigError(source, field, f"must be a non-empty text, got {value!r}")
    return value.strip()


def _unknown(source: str, where: str, keys: Iterable[str], allowed: set[str]) -> None:
    extra = sorted(set(keys) - allowed)
    if extra:
        raise QueueConfigError(source, where, f"unknown key(s): {', '.join(extra)}")


def _booking_rules(source: str, raw: object) -> BookingRules:
    if not isinstance(raw, Mapping):
        raise QueueConfigError(source, "booking", "must be a table")
    _unknown(source, "booking", raw, _BOOKING_KEYS)
    slot = _int(source, "booking.slot_minutes", raw.get("slot_minutes", 30), 5, 240)
    late = _int(source, "booking.late_minutes", raw.get("late_minutes", 15), 0, 240)
    ahead = _int(source, "booking.days_ahead", raw.get("days_ahead", 7), 0, 90)
    hours_raw = raw.get("hours", ["09:00-12:00", "13:30-17:00"])
    if not isinstance(hours_raw, list) or not hours_raw:
        raise QueueConfigError(source, "booking.hours", 'must list opening hours ("09:00-12:00")')
    hours: list[tuple[int, int]] = []
    for text in hours_raw:
        m = _HOURS.fullmatch(text) if isinstance(text, str) else None
        if m is None:
            raise QueueConfigError(source, "booking.hours", f'not "HH:MM-HH:MM": {text!r}')
        start = int(m[1]) * 60 + int(m[2])
        end = int(m[3]) * 60 + int(m[4])
        if end - start < slot or (hours and start < hours[-1][1]):
            raise QueueConfigError(
                source,
                "booking.hours",
                f"{text}: shorter than a slot, or not after the hours before it",
            )
        hours.append((start, end))
    return BookingRules(slot, tuple(hours), late, ahead)


def parse_queue_config(
    data: Mapping[str, Any], source: str, *, matter_codes: Iterable[str] | None = None
) -> QueueConfig:
    """Check a parsed queue file; ``matter_codes``: the catalog's (None: not checked)."""
    _unknown(source, "(top level)", data, _TOP_KEYS)
    calling = data.get("calling", {})
    if not isinstance(calling, Mapping):
        raise QueueConfigError(source, "calling", "must be a table")
    _unknown(source, "calling", calling, _CALLING_KEYS)
    ratio = _int(
        source, "calling.normal_per_priority", calling.get("normal_per_priority", 2), 0, 50
    )
    recalls = _int(
        source, "calling.recalls_before_no_show", calling.get("recalls_before_no_show", 2), 0, 10
    )
    early = _int(
        source, "calling.booked_early_minutes", calling.get("booked_early_minutes", 5), 0, 120
    )
    booking = _booking_rules(source, data.get("booking", {}))
    cats: list[PriorityCategory] = []
    for i, raw in enumerate(data.get("priority", [])):
        where = f"priority[{i}]"
        if not isinstance(raw, Mapping):
            raise QueueConfigError(source, where, "must be a table")
        _unknown(source, where, raw, {"code", "name_zh", "name_en"})
        code = _str(source, f"{where}.code", raw.get("code"))
        if any(c.code == code for c in cats):
            raise QueueConfigError(source, f"{where}.code", f"{code} appears twice")
        name_zh = _str(source, f"{where}.name_zh", raw.get("name_zh"))
        name_en = _str(source, f"{where}.name_en", raw.get("name_en", name_zh))
        cats.append(PriorityCategory(code, name_zh, name_en))
    known = set(matter_codes) if matter_codes is not None else None
    queues: list[QueueDef] = []
    served: dict[str, str] = {}
    raw_queues = data.get("queue", [])
    if not isinstance(raw_queues, list) or not raw_queues:
        raise QueueConfigError(source, "queue", "at least one [[queue]] is needed")
    for i, raw in enumerate(raw_queues):
        where = f"queue[{i}]"
        if not isinstance(raw, Mapping):
            raise QueueConfigError(source, where, "must be a table")
        _unknown(source, where, raw, _QUEUE_KEYS)
        code = _str(source, f"{where}.code", raw.get("code"))
        if not _PREFIX.fullmatch(code):
            raise QueueConfigError(
                source, f"{where}.code", f"must be one or two capital letters, got {code!r}"
            )
        if any(q.code == code for q in queues):
            raise QueueConfigError(source, f"{where}.code", f"{code} appears twice")
        digits = _int(source, f"{where}.digits", raw.get("digits", 3), 2, 5)
        start = _int(source, f"{where}.start", raw.get("start", 1), 0, 10**digits - 1)
        matters = raw.get("matters", [])
        if not isinstance(matters, list) or not all(isinstance(m, str) for m in matters):
            raise QueueConfigError(source, f"{where}.matters", "must be a list of matter codes")
        for m in matters:
            if known is not None and m not in known:
                raise QueueConfigError(source, f"{where}.matters", f"no matter {m} in the catalog")
            if m in served:
                raise QueueConfigError(
                    source, f"{where}.matters", f"{m} is also served by queue {served[m]}"
                )
            served[m] = code
        windows = raw.get("windows", [])
        if not isinstance(windows, list) or not windows:
            raise QueueConfigError(source, f"{where}.windows", "must list at least one window")
        wins = tuple(_int(source, f"{where}.windows", w, 1, 999) for w in windows)
        name_zh = _str(source, f"{where}.name_zh", raw.get("name_zh"))
        queues.append(
            QueueDef(
                code=code,
                name_zh=name_zh,
                # A hall's own file may leave it out: the English interface then shows the
                # Chinese name (the shipped file names every queue in English).
                name_en=_str(source, f"{where}.name_en", raw.get("name_en", name_zh)),
                start=start,
                digits=digits,
                matter_codes=tuple(matters),
                windows=wins,
                booking_capacity=_int(
                    source, f"{where}.booking_capacity", raw.get("booking_capacity", 0), 0, 100
                ),
            )
        )
    return QueueConfig(
        queues=tuple(queues),
        priority_categories=tuple(cats),
        normal_per_priority=ratio,
        recalls_before_no_show=recalls,
        booked_early_minutes=early,
        source=source,
        booking=booking,
    )


def load_queue_config(
    data_dir: Path | None = None, *, matter_codes: Iterable[str] | None = None
) -> QueueConfig:
    """The hall's ``<data_dir>/queues.toml`` if there is one, else the shipped queues."""
    hall_file = data_dir / QUEUE_FILE if data_dir is not None else None
    if hall_file is not None and hall_file.is_file():
        source, raw = str(hall_file), hall_file.read_bytes()
    else:
        ref = resources.files("desktop.domain.matters") / "data" / QUEUE_FILE
        source, raw = f"(shipped) {QUEUE_FILE}", ref.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise QueueConfigError(source, "(file)", f"not valid TOML: {exc}") from None
    return parse_queue_config(data, source, matter_codes=matter_codes)


def format_number(queue: QueueDef | str, number: int, digits: int = 3) -> str:
    if isinstance(queue, QueueDef):
        return f"{queue.code}{number:0{queue.digits}d}"
    return f"{queue}{number:0{digits}d}"


# ---- records -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueInfo:
    code: str  # e.g. "A" (the ticket prefix)
    name_zh: str
    name_en: str
    matter_codes: tuple[str, ...]
    waiting: int  # tickets waiting now


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    number: str  # "A005"
    queue_code: str
    queue_name_zh: str
    day: date
    priority: bool
    state: str  # waiting / called / serving / done / no_show / cancelled
    waiting_before: int  # tickets ahead at the time of taking
    taken_at: datetime
    check_url: str  # what the ticket's QR code encodes (queue check + later rating)
    # --- beyond the kiosk contract (defaults keep it compatible) ---
    queue_name_en: str = ""
    category: str = ""  # the priority category's code
    window: int | None = None  # the window that called it (or it was transferred to)
    called_at: datetime | None = None
    recalls: int = 0
    booked_for: datetime | None = None
    channel: str = "kiosk"


class BookingState(StrEnum):
    BOOKED = "booked"  # a slot held, not checked in yet
    CHECKED_IN = "checked_in"  # at the hall: its ticket waits for the slot
    LAPSED = "lapsed"  # not checked in by the slot's start + late_minutes
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Booking:
    """A booked slot (预约): the reference the citizen shows, the slot, and its ticket once
    checked in."""

    code: str  # e.g. "A12070930-1": queue, slot (hall time), seat in the slot
    queue_code: str
    queue_name_zh: str
    queue_name_en: str
    slot_start: datetime
    slot_end: datetime
    state: str
    booked_at: datetime
    ticket_number: str = ""  # once checked in
    channel: str = "booking"


@dataclass(frozen=True, slots=True)
class SlotInfo:
    """A slot of a queue's day: its start and the bookings it still takes."""

    start: datetime
    capacity: int
    free: int


@dataclass(frozen=True, slots=True)
class HallCall:
    """One call as the hall's display shows it (no personal data)."""

    number: str
    window: int
    queue_code: str
    called_at: datetime
    recalls: int

    @property
    def key(self) -> tuple[str, int, int]:
        """Changes with every call and recall (the display announces each once)."""
        return (self.number, self.window, self.recalls)


@dataclass(frozen=True, slots=True)
class WaitingCount:
    queue_code: str
    name_zh: str
    waiting: int
    name_en: str = ""

    def name(self, language: str) -> str:
        """The queue's name in the interface language (Chinese where English is missing)."""
        return (
            self.name_zh
            if language.lower().startswith("zh") or not self.name_en
            else (self.name_en)
        )


@dataclass(frozen=True, slots=True)
class HallBoard:
    """What the calling display shows: the latest calls (newest first) and who waits."""

    calls: tuple[HallCall, ...]
    waiting: tuple[WaitingCount, ...]


@dataclass(frozen=True, slots=True)
class StatsRow:
    """One queue's or one window's day: counts and times in seconds (None: nothing measured)."""

    key: str
    taken: int
    served: int
    no_shows: int
    wait_median_s: float | None
    wait_p90_s: float | None
    service_median_s: float | None
    service_p90_s: float | None
    cases: int


@dataclass(frozen=True, slots=True)
class QueueStats:
    day: date
    queues: tuple[StatsRow, ...]
    windows: tuple[StatsRow, ...]


# ---- the calling rule ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CallCandidate:
    """A waiting ticket as the calling rule sees it."""

    id: int
    queue_code: str
    priority: bool
    taken_at: datetime
    booked_for: datetime | None = None
    target_window: int | None = None


def pick_next(
    candidates: Sequence[CallCandidate],
    *,
    window: int,
    streaks: Mapping[str, int],
    normal_per_priority: int,
    now: datetime,
    booked_early: timedelta = timedelta(minutes=5),
) -> CallCandidate | None:
    """The ticket ``window`` calls next (see the module's text), or None.

    ``streaks``: per queue, the normal calls since its last priority call. Candidates
    transferred to another window are not this window's.
    """
    mine = [c for c in candidates if c.target_window in (None, window)]
    if not mine:
        return None
    transferred = [c for c in mine if c.target_window == window]
    if transferred:
        return min(transferred, key=lambda c: (c.taken_at, c.id))
    due = [c for c in mine if c.booked_for is not None and c.booked_for - booked_early <= now]
    if due:
        return min(due, key=lambda c: (c.booked_for or c.taken_at, c.id))
    walk_in = [c for c in mine if c.booked_for is None]
    if not walk_in:
        return None
    by_queue: dict[str, list[CallCandidate]] = {}
    for c in walk_in:
        by_queue.setdefault(c.queue_code, []).append(c)
    heads: list[CallCandidate] = []
    for code, tickets in by_queue.items():
        pri = [c for c in tickets if c.priority]
        normal = [c for c in tickets if not c.priority]
        streak = streaks.get(code, normal_per_priority)
        if pri and (not normal or streak >= normal_per_priority):
            heads.append(min(pri, key=lambda c: (c.taken_at, c.id)))
        else:
            heads.append(min(normal, key=lambda c: (c.taken_at, c.id)))
    # Across queues: the one whose oldest ticket has waited longest.
    oldest = {code: min(c.taken_at for c in ts) for code, ts in by_queue.items()}
    return min(heads, key=lambda c: (oldest[c.queue_code], c.queue_code))
