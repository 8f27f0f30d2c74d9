"""``onewindow-admin report daily``: the supervisor's dashboard figures for the district's
reporting, as the hall's supervisor (``desktop.services.oversight``).

* ``demo activity [--days N] [--seed S]``: fills a synthetic registry's hall with ``N`` days of
  work through the real services (``desktop.demo.activity``); refuses any other registry.
* ``report daily [--date D] [--days N] [--json]``: the figures of the day ``D`` (default: today
  in the hall), or of the ``N`` days ending on it — cases accepted, issued, refused and rejected
  by matter, window and day; the in-time rate; each department's review load; the queue's day;
  print faults; ratings by matter and window. The same numbers as the dashboard.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from desktop.cli.argtypes import iso_day
from desktop.cli.common import EXIT_OK, CliError, cli_supervisor
from desktop.cli.documents import DocumentsContext
from desktop.domain.oversight import MAX_PERIOD_DAYS, CaseCounts, Dashboard, Period
from desktop.domain.registry import to_jsonable

__all__ = [
    "add_demo_parser",
    "add_parsers",
    "cmd_demo_activity",
    "cmd_report_daily",
    "dashboard_json",
]


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if not 1 <= value <= MAX_PERIOD_DAYS:
        raise argparse.ArgumentTypeError(f"the days must be 1 to {MAX_PERIOD_DAYS}")
    return value


def add_parsers(sub: Any) -> None:
    report = sub.add_parser("report", help="the hall's figures (the supervisor's dashboard)")
    rsub = report.add_subparsers(dest="report_command", required=True, metavar="SUBCOMMAND")
    sp = rsub.add_parser("daily", help="a day's (or the days ending on it) figures")
    sp.add_argument("--date", type=iso_day, help="the day (default: today in the hall)")
    sp.add_argument("--days", type=_days, default=1, help="days ending on --date (default 1)")
    sp.add_argument("--json", action="store_true", help="JSON for the district's reporting")


def add_demo_parser(dsub: Any) -> None:
    """``demo activity`` (beside ``demo cases``, under the ``demo`` command)."""
    sp = dsub.add_parser(
        "activity",
        help="days of a small hall's synthetic work: tickets, cases, decisions, ratings "
        "(synthetic registry only)",
    )
    sp.add_argument("--days", type=_days, default=30, help="days up to today (default 30)")
    sp.add_argument("--seed", type=int, default=7, help="random seed")


def _counts(c: CaseCounts) -> dict[str, Any]:
    out: dict[str, Any] = to_jsonable(c)
    out["in_time_rate"] = None if c.in_time_rate is None else round(c.in_time_rate, 4)
    return out


def dashboard_json(board: Dashboard) -> dict[str, Any]:
    """The dashboard as JSON-ready values (rates beside the counts they come from)."""

    def figures(rows: Any) -> list[dict[str, Any]]:
        return [{"key": f.key, "name": f.name, **_counts(f.counts)} for f in rows]

    return {
        "period": {"first": board.period.first.isoformat(), "last": board.period.last.isoformat()},
        "today": board.today.isoformat(),
        "generated_at": board.generated_at.isoformat(),
        "totals": _counts(board.totals),
        "today_totals": _counts(board.today_totals),
        "by_matter": figures(board.by_matter),
        "by_window": figures(board.by_window),
        "daily": [{"day": d.day.isoformat(), **_counts(d.counts)} for d in board.daily],
        "departments": to_jsonable(board.departments),
        "queue": to_jsonable(board.queue),
        "print_faults": to_jsonable(board.print_faults),
        "failed_print_jobs": board.failed_print_jobs,
        "ratings_by_matter": to_jsonable(board.ratings_by_matter),
        "ratings_by_window": to_jsonable(board.ratings_by_window),
        "followups": to_jsonable(board.followups),
    }


def _span(first: date | None, last: date) -> str:
    return str(last) if first is None or first == last else f"{first}..{last}"


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.1%}"


def _write_text(ctx: DocumentsContext, board: Dashboard) -> None:
    out = ctx.out
    t = board.totals
    out.write(f"period {board.period.first} … {board.period.last}\n")
    out.write(
        f"accepted {t.accepted}  issued {t.issued}  refused {t.refused}  rejected {t.rejected}"
        f"  in time {t.in_time}/{t.finished} ({_percent(t.in_time_rate)})\n"
    )
    out.write("by matter:\n")
    for f in board.by_matter:
        c = f.counts
        out.write(
            f"  {f.key:<16} {f.name:<12} accepted {c.accepted:>6}  issued {c.issued:>6}  "
            f"refused {c.refused:>4}  in time {_percent(c.in_time_rate)}\n"
        )
    out.write("by window:\n")
    for f in board.by_window:
        c = f.counts
        out.write(
            f"  {f.key:<24} accepted {c.accepted:>6}  issued {c.issued:>6}  "
            f"refused {c.refused:>4}  in time {_percent(c.in_time_rate)}\n"
        )
    out.write("review load:\n")
    for d in board.departments:
        out.write(f"  {d.code:<12} {d.name:<10} open {d.open:>5}  claimed {d.claimed:>4}\n")
    if board.queue is not None:
        q = board.queue
        out.write(
            f"queue {_span(q.first, q.day)}: taken {q.taken}  served {q.served}  "
            f"no-shows {q.no_shows}  waiting now {q.waiting_now}\n"
        )
    out.write(f"failed print jobs: {board.failed_print_jobs}\n")
    out.write(f"bad ratings: {board.bad_ratings}\n")
    if board.followups is not None:
        fu = board.followups
        out.write(f"follow-ups: open {fu.open}  late {fu.late}  appealed {fu.appealed}\n")


def cmd_report_daily(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    from desktop.domain.permissions import PermissionDenied
    from desktop.services.hall import Hall
    from desktop.services.oversight import OversightError, for_hall

    hall = Hall(ctx.db(), ctx.paths, ctx.settings)
    last: date = args.date or hall.today()
    try:
        period = Period.ending(last, args.days)
    except OverflowError:
        raise CliError(
            "oversight.bad_period", f"no figures for the {args.days} days ending on {last}"
        ) from None
    try:
        board = for_hall(hall).dashboard(cli_supervisor(ctx), period)
    except (PermissionDenied, OversightError) as exc:
        raise CliError(exc.code, str(exc)) from None
    if args.json:
        ctx.emit(dashboard_json(board))
    else:
        _write_text(ctx, board)
    return EXIT_OK


def cmd_demo_activity(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    from desktop.demo.activity import DemoActivityError, fill_activity
    from desktop.services.hall import Hall

    hall = Hall(ctx.db(), ctx.paths, ctx.settings)
    try:
        done = fill_activity(hall, args.days, random_seed=args.seed)
    except DemoActivityError as exc:
        raise CliError(exc.code, str(exc)) from None
    ctx.emit(to_jsonable(done))
    return EXIT_OK
