"""``onewindow-admin queue …``: queue tickets and calling on the command line (scripts, tests).

* ``queue take SERVICE [--priority] [--category C] [--json]``: take a ticket for a queue (its
  code, e.g. ``A``) or for the queue serving a matter code — as the hall's supervisor at
  reception.
* ``queue call-next --window W --as USER --password-stdin [--json]``: sign in as USER (the
  password on standard input) and call the window's next ticket; prints the ticket or ``null``.
* ``queue list [--date D] [--json]``: the queues (waiting counts) and the day's tickets.
* ``queue stats [--date D] [--json]``: taken, served, no-shows, median and p90 wait and service
  time per queue and per window.
* ``queue book SERVICE --at TIME [--card ID] [--json]``: book a slot (预约); TIME is the slot's
  start, hall time unless it carries an offset (``2026-12-07 09:30``).
* ``queue check-in (CODE | --card ID [--queue Q]) [--json]``: the booking's ticket of the day.
* ``queue bookings [--date D] [--json]``: the day's bookings, by slot.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from desktop.cli.argtypes import iso_day
from desktop.cli.common import EXIT_OK, CliError, cli_supervisor
from desktop.cli.documents import DocumentsContext
from desktop.domain.queueing import Booking, QueueStats, StatsRow, Ticket
from desktop.domain.registry import to_jsonable

if TYPE_CHECKING:
    from desktop.services.hall import Hall

__all__ = [
    "add_parsers",
    "cmd_queue_book",
    "cmd_queue_bookings",
    "cmd_queue_call_next",
    "cmd_queue_check_in",
    "cmd_queue_list",
    "cmd_queue_stats",
    "cmd_queue_take",
]


def _time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a time (YYYY-MM-DD HH:MM, hall time): {text!r}"
        ) from None


def add_parsers(sub: Any) -> None:
    queue = sub.add_parser("queue", help="queue tickets and calling (叫号)")
    qsub = queue.add_subparsers(dest="queue_command", required=True, metavar="SUBCOMMAND")
    sp = qsub.add_parser("take", help="take a ticket for a queue or a matter")
    sp.add_argument("service", help="a queue's code (e.g. A) or a matter code")
    sp.add_argument("--priority", action="store_true", help="a priority ticket")
    sp.add_argument("--category", default="", help="the priority category (e.g. elderly)")
    sp.add_argument("--json", action="store_true")
    sp = qsub.add_parser("call-next", help="call the next ticket at a window (signs in)")
    sp.add_argument("--window", type=int, required=True)
    sp.add_argument("--as", dest="user", required=True, help="the clerk's user name")
    sp.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    sp.add_argument("--json", action="store_true")
    sp = qsub.add_parser("list", help="the queues and the day's tickets")
    sp.add_argument("--date", type=iso_day, help="the day (default: today in the hall)")
    sp.add_argument("--json", action="store_true")
    sp = qsub.add_parser("stats", help="the day's figures per queue and per window")
    sp.add_argument("--date", type=iso_day, help="the day (default: today in the hall)")
    sp.add_argument("--json", action="store_true")
    sp = qsub.add_parser("book", help="book a slot (预约) of a queue or a matter")
    sp.add_argument("service", help="a queue's code (e.g. A) or a matter code")
    sp.add_argument(
        "--at", type=_time, required=True, help="the slot's start (hall time: 2026-12-07 09:30)"
    )
    sp.add_argument("--card", default=None, help="the ID number the booking is tied to")
    sp.add_argument("--json", action="store_true")
    sp = qsub.add_parser("check-in", help="check a booking in: its ticket of the day")
    sp.add_argument("code", nargs="?", default=None, help="the booking's code (A12070930-1)")
    sp.add_argument("--card", default=None, help="or the ID number it was booked with")
    sp.add_argument("--queue", default=None, help="with --card: the queue (if several)")
    sp.add_argument("--json", action="store_true")
    sp = qsub.add_parser("bookings", help="the day's bookings")
    sp.add_argument("--date", type=iso_day, help="the day (default: today in the hall)")
    sp.add_argument("--json", action="store_true")


def _hall(ctx: DocumentsContext) -> Hall:
    from desktop.services.hall import Hall

    return Hall(ctx.db(), ctx.paths, ctx.settings)


def _ticket_json(t: Ticket) -> dict[str, Any]:
    out: dict[str, Any] = to_jsonable(t)
    return out


def _ticket_line(t: Ticket) -> str:
    window = f" → {t.window} 号窗口" if t.window is not None else ""
    prio = " (priority)" if t.priority else ""
    return f"{t.number}  {t.queue_name_zh}  {t.state}{window}{prio}\n"


def cmd_queue_take(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    hall = _hall(ctx)
    ticket = hall.queue.take(
        cli_supervisor(ctx),
        args.service,
        priority=args.priority,
        category=args.category,
        channel="reception",
    )
    if args.json:
        ctx.emit(_ticket_json(ticket))
    else:
        ctx.out.write(f"{ticket.number}: {ticket.waiting_before} waiting before it\n")
    return EXIT_OK


def cmd_queue_call_next(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    if not args.password_stdin:
        raise CliError(
            "cli.password_stdin", "Pass the password on standard input: --password-stdin."
        )
    password = sys.stdin.readline().rstrip("\r\n")
    hall = _hall(ctx)
    principal = hall.auth.sign_in(args.user, password, ctx.settings.station.audit_label())
    ticket = hall.queue.call_next(principal, args.window)
    if args.json:
        ctx.emit(None if ticket is None else _ticket_json(ticket))
    elif ticket is None:
        ctx.out.write("nobody is waiting\n")
    else:
        ctx.out.write(f"请 {ticket.number} 号到 {args.window} 号窗口办理\n")
    return EXIT_OK


def cmd_queue_list(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    hall = _hall(ctx)
    principal = cli_supervisor(ctx)
    day: date = args.date or hall.today()
    queues = hall.queue.queues(principal)
    tickets = hall.queue.tickets(principal, day)
    if args.json:
        ctx.emit(
            {
                "date": day.isoformat(),
                "queues": [
                    {
                        **to_jsonable(q),
                        "windows": list(hall.queue.config.get(q.code).windows),
                    }
                    for q in queues
                ],
                "tickets": [_ticket_json(t) for t in tickets],
            }
        )
        return EXIT_OK
    for q in queues:
        ctx.out.write(f"{q.code}  {q.name_zh:<10} waiting {q.waiting}\n")
    for t in tickets:
        ctx.out.write(_ticket_line(t))
    return EXIT_OK


def _row_json(row: StatsRow) -> dict[str, Any]:
    out: dict[str, Any] = to_jsonable(row)
    return out


def stats_json(stats: QueueStats) -> dict[str, Any]:
    return {
        "date": stats.day.isoformat(),
        "queues": [_row_json(r) for r in stats.queues],
        "windows": [_row_json(r) for r in stats.windows],
    }


def cmd_queue_stats(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    hall = _hall(ctx)
    day: date = args.date or hall.today()
    stats = hall.queue.stats(cli_supervisor(ctx), day)
    if args.json:
        ctx.emit(stats_json(stats))
        return EXIT_OK

    def fmt(v: float | None) -> str:
        return "-" if v is None else f"{v / 60:.1f}m"

    ctx.out.write(f"{day.isoformat()}\n")
    for label, rows in (("queue", stats.queues), ("window", stats.windows)):
        for r in rows:
            ctx.out.write(
                f"{label} {r.key:<4} taken {r.taken:>4} served {r.served:>4} "
                f"no-show {r.no_shows:>3}  wait {fmt(r.wait_median_s)}/{fmt(r.wait_p90_s)}  "
                f"service {fmt(r.service_median_s)}/{fmt(r.service_p90_s)}\n"
            )
    return EXIT_OK


def _booking_json(b: Booking) -> dict[str, Any]:
    out: dict[str, Any] = to_jsonable(b)
    return out


def cmd_queue_book(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    hall = _hall(ctx)
    booking = hall.queue.book(
        cli_supervisor(ctx), args.service, args.at, card_holder_id=args.card, channel="booking"
    )
    if args.json:
        ctx.emit(_booking_json(booking))
    else:
        ctx.out.write(f"{booking.code}: {booking.queue_name_zh} {args.at:%Y-%m-%d %H:%M}\n")
    return EXIT_OK


def cmd_queue_check_in(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    if not args.code and not args.card:
        raise CliError("cli.usage", "Give the booking's code or --card ID_NUMBER.")
    hall = _hall(ctx)
    ticket = hall.queue.check_in(
        cli_supervisor(ctx), code=args.code, card_holder_id=args.card, queue_code=args.queue
    )
    if args.json:
        ctx.emit(_ticket_json(ticket))
    else:
        ctx.out.write(_ticket_line(ticket))
    return EXIT_OK


def cmd_queue_bookings(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    hall = _hall(ctx)
    day: date = args.date or hall.today()
    bookings = hall.queue.bookings(cli_supervisor(ctx), day)
    if args.json:
        ctx.emit({"date": day.isoformat(), "bookings": [_booking_json(b) for b in bookings]})
        return EXIT_OK
    for b in bookings:
        ticket = f" → {b.ticket_number}" if b.ticket_number else ""
        ctx.out.write(f"{b.code}  {b.queue_name_zh}  {b.state}{ticket}\n")
    return EXIT_OK
