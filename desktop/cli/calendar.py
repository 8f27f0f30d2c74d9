"""``onewindow-admin calendar``: the working-day calendar on the command line.

- ``calendar add-working-days DATE N`` prints only the ISO date that is N working days after
  DATE (DATE itself not counted, as the law counts periods; a negative N counts back).
- ``calendar show YEAR [--json]`` lists the year's holidays and swapped working days, the
  hall's overrides marked, and says whether the year's national schedule is published.
- ``calendar set DATE holiday|workday --name NAME`` and ``calendar unset DATE`` edit the hall's
  overrides (audited), and move the open cases' deadline dates in the same transaction. The
  command line acts as the hall's administrator (as ``documents`` does: whoever runs it holds
  the database's credentials anyway).

Which calendar the two reading commands use: the hall's (national schedule + overrides of the
configured database) whenever that database exists — so the answer is the one the windows see.
If there is none yet (the embedded SQLite file was never created, or its schema predates the
calendar) they use the national schedule alone and say so on stderr; they never create or
migrate a database. ``--national`` skips the database on purpose. A configured server that
cannot be reached is an error, not a silent fallback: the hall's days might change the answer.

A result that touches a year without a published national schedule is *provisional*
(weekdays counted): ``add-working-days`` still prints the date and warns on stderr.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from desktop.cli.common import EXIT_OK, CliError, cli_supervisor
from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.domain.registry import Actor
from desktop.domain.workcalendar import (
    CalendarError,
    DayKind,
    DaySource,
    WorkCalendar,
    check_count,
    parse_day,
)
from desktop.persistence.database import Database
from desktop.persistence.engine import resolve_target

if TYPE_CHECKING:
    from desktop.services.calendar import CalendarService

__all__ = [
    "add_parsers",
    "cmd_add_working_days",
    "cmd_set",
    "cmd_show",
    "cmd_unset",
]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class CalendarContext(Protocol):
    """What these commands use of the command line's context (``desktop.cli.main._Context``)."""

    out: TextIO
    err: TextIO
    paths: AppPaths
    settings: Settings

    def db(self, *, migrate: bool = True) -> Database: ...

    def actor(self) -> Actor: ...

    def emit(self, obj: Any) -> None: ...


# ---- parsers ------------------------------------------------------------------------------


def add_parsers(sub: Any) -> None:
    """Add ``calendar`` and its subcommands to the ``onewindow-admin`` subcommands."""
    cal = sub.add_parser(
        "calendar", help="working-day calendar: holidays, swapped working days, hall overrides"
    ).add_subparsers(dest="calendar_command", required=True, metavar="SUBCOMMAND")

    sp = cal.add_parser(
        "add-working-days",
        help="print the date N working days after DATE (DATE itself not counted)",
    )
    sp.add_argument("date", metavar="DATE", help="YYYY-MM-DD")
    sp.add_argument("n", metavar="N", help="number of working days (negative: count back)")
    sp.add_argument(
        "--national", action="store_true", help="national schedule only, ignore the hall's days"
    )

    sp = cal.add_parser("show", help="the year's holidays and swapped working days")
    sp.add_argument("year", metavar="YEAR")
    sp.add_argument("--json", action="store_true")
    sp.add_argument(
        "--national", action="store_true", help="national schedule only, ignore the hall's days"
    )

    sp = cal.add_parser("set", help="make a day a holiday or a working day for this hall")
    sp.add_argument("date", metavar="DATE", help="YYYY-MM-DD")
    sp.add_argument("kind", choices=[k.value for k in DayKind])
    sp.add_argument("--name", required=True, help="the holiday, or why the hall works/closes")

    sp = cal.add_parser("unset", help="drop the hall's override of a day (national rules apply)")
    sp.add_argument("date", metavar="DATE", help="YYYY-MM-DD")


# ---- commands -----------------------------------------------------------------------------


def cmd_add_working_days(ctx: CalendarContext, args: argparse.Namespace) -> int:
    start = _day(args.date)
    try:
        n = int(args.n.strip())
    except ValueError:
        raise CliError(
            "calendar.bad_count", f"N must be a whole number of working days, got {args.n!r}."
        ) from None
    try:
        check_count(n)  # before the database is opened
    except CalendarError as exc:
        raise CliError(exc.code, str(exc)) from None
    calendar = _calendar(ctx, national_only=args.national)
    try:
        result = calendar.add_working_days(start, n)
    except CalendarError as exc:
        raise CliError(exc.code, str(exc)) from None
    ctx.out.write(result.day.isoformat() + "\n")
    if result.provisional:
        ctx.err.write(
            "warning: provisional — the national holiday schedule of "
            f"{_unpublished(calendar, start.year, result.day.year)} is not published yet; "
            "Monday to Friday were counted as working days\n"
        )
    return EXIT_OK


def cmd_show(ctx: CalendarContext, args: argparse.Namespace) -> int:
    try:
        year = int(args.year.strip())
    except ValueError:
        year = 0
    if not 1900 <= year <= 2200:
        raise CliError("calendar.bad_year", f"YEAR must be a year like 2026, got {args.year!r}.")
    calendar = _calendar(ctx, national_only=args.national)
    provisional = year not in calendar.published_years
    days = calendar.special_days(year)
    if args.json:
        ctx.emit(
            {
                "year": year,
                "provisional": provisional,
                "national_source": calendar.national.source,
                "days": [
                    {
                        "date": d.day.isoformat(),
                        "weekday": _WEEKDAYS[d.day.weekday()],
                        "kind": d.kind.value,
                        "name": d.name,
                        "name_en": d.name_en,
                        "source": d.source.value,
                    }
                    for d in days
                ],
            }
        )
        return EXIT_OK
    if provisional:
        ctx.out.write(
            f"{year}: PROVISIONAL — no published national schedule "
            f"({calendar.national.source}); Monday to Friday count as working days\n"
        )
    else:
        ctx.out.write(f"{year}: national schedule published ({calendar.national.source})\n")
    for d in days:
        swapped = d.kind is DayKind.WORKDAY and d.day.weekday() >= 5
        note = " (swapped working day)" if swapped else ""
        name = f"{d.name} {d.name_en}" if d.name_en else d.name
        mark = "  [hall override]" if d.source is DaySource.HALL else ""
        ctx.out.write(
            f"{d.day.isoformat()} {_WEEKDAYS[d.day.weekday()]}  {d.kind.value:<8} {name}"
            f"{note}{mark}\n"
        )
    if not days:
        ctx.out.write("(no holidays or swapped working days)\n")
    return EXIT_OK


def _hall_calendar(ctx: CalendarContext) -> CalendarService:
    """The hall's calendar service: its edits move the open cases' deadline dates too."""
    from desktop.services.hall import Hall

    return Hall(ctx.db(), ctx.paths, ctx.settings).calendar


def cmd_set(ctx: CalendarContext, args: argparse.Namespace) -> int:
    day = _day(args.date)
    service = _hall_calendar(ctx)
    try:
        o = service.set_day(day, args.kind, args.name, cli_supervisor(ctx))
    except CalendarError as exc:
        raise CliError(exc.code, str(exc)) from None
    ctx.out.write(f"{o.day.isoformat()} is now a {o.kind.value} for this hall: {o.name}\n")
    return EXIT_OK


def cmd_unset(ctx: CalendarContext, args: argparse.Namespace) -> int:
    day = _day(args.date)
    service = _hall_calendar(ctx)
    try:
        service.clear_day(day, cli_supervisor(ctx))
    except CalendarError as exc:
        raise CliError(exc.code, str(exc)) from None
    status = service.calendar().status(day)
    what = "a working day" if status.working else "not a working day"
    ctx.out.write(f"{day.isoformat()}: hall override removed; it is {what} again\n")
    return EXIT_OK


# ---- helpers ------------------------------------------------------------------------------


def _day(text: str) -> date:
    try:
        return parse_day(text)
    except CalendarError as exc:
        raise CliError(exc.code, str(exc)) from None


def _calendar(ctx: CalendarContext, *, national_only: bool) -> WorkCalendar:
    """The hall's calendar if its database exists, else the national one (see the module)."""
    if national_only:
        return WorkCalendar()
    target = resolve_target(ctx.settings.database, ctx.paths)
    if target.embedded and not ctx.paths.default_database.exists():
        ctx.err.write("note: no database yet; using the national schedule only\n")
        return WorkCalendar()
    from desktop.services.calendar import CalendarService, hall_calendar_available

    db = ctx.db(migrate=False)
    if not hall_calendar_available(db):
        ctx.err.write(
            "note: the database has no calendar yet (run 'onewindow-admin init'); "
            "using the national schedule only\n"
        )
        return WorkCalendar()
    return CalendarService(db).calendar()


def _unpublished(calendar: WorkCalendar, first: int, last: int) -> str:
    lo, hi = min(first, last), max(first, last)
    years = [str(y) for y in range(lo, hi + 1) if y not in calendar.published_years]
    return ", ".join(years)
