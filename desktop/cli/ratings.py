"""``onewindow-admin ratings …``: the follow-ups of bad ratings (好差评) from outside.

    onewindow-admin ratings followups --json [--state S] [--late] [--open] [--matter M]
    onewindow-admin ratings counts [--from D --to D]      # open / late; ratings in a period
    echo "$PW" | onewindow-admin ratings assign 7 deputy --as supervisor --password-stdin
    echo "$PW" | onewindow-admin ratings callback 7 --outcome 已联系 [--at ISO] [--by NAME] --as …
    echo "$PW" | onewindow-admin ratings rectify 7 --text 增开窗口 --as …
    echo "$PW" | onewindow-admin ratings reply 7 --text 已答复 --as …
    echo "$PW" | onewindow-admin ratings close 7 --as …
    echo "$PW" | onewindow-admin ratings appeal 7 --reason 恶意差评 --as …
    echo "$PW" | onewindow-admin ratings decide-appeal 7 upheld --note 属实 --as …
    onewindow-admin ratings open-missing [--since D] [--dry-run]  # bad ratings before 0014

The list and the counts read as the named user (``--as``) or, without it, as the hall's
supervisor of this station (audited like every command-line action). Each step signs in as the
named user (the password on standard input with ``--password-stdin``, else asked for) at the
station ``cli:<host>``, with the same permission checks, audit events and coded errors as the
supervisor's window (``error [code]: message``, exit 2); it prints the follow-up as JSON.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING, Any

from desktop.cli.argtypes import MAX_DB_INT, bounded_int, iso_day
from desktop.cli.common import EXIT_OK, CliError, add_acting_user, cli_supervisor, signed_in_as
from desktop.cli.documents import DocumentsContext
from desktop.domain.ratings import AppealDecision, FollowUpRecord, FollowUpState

if TYPE_CHECKING:
    from desktop.domain.permissions import Principal
    from desktop.services.ratings import RatingFollowUps

__all__ = ["add_parsers", "commands"]

#: A follow-up's number: a row id the database can hold.
_ROW_ID = bounded_int(1, MAX_DB_INT)


def _moment(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date and time (ISO 8601): {text!r}") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(
            "give the time with its offset, e.g. 2026-12-01T10:30+08:00"
        )
    return value


def add_parsers(sub: Any) -> None:
    ratings = sub.add_parser("ratings", help="follow-ups of bad ratings (好差评)")
    rsub = ratings.add_subparsers(dest="ratings_command", required=True, metavar="SUBCOMMAND")

    sp = rsub.add_parser("followups", help="the follow-ups, late ones first")
    add_acting_user(sp, required=False)
    sp.add_argument("--json", action="store_true", help="as JSON (else one line each)")
    sp.add_argument("--state", choices=[s.value for s in FollowUpState])
    sp.add_argument("--late", action="store_true", help="only those past their last day")
    sp.add_argument("--open", action="store_true", help="only those not closed or voided")
    sp.add_argument("--matter", help="only this matter (implementation code)")
    sp.add_argument("--window", help="only ratings of this window (station)")
    sp.add_argument("--limit", type=bounded_int(1, 10_000), default=200)
    sp = rsub.add_parser(
        "counts",
        help="open, late and appealed follow-ups by matter and window; with --from/--to also "
        "the ratings given in that period",
    )
    add_acting_user(sp, required=False)
    sp.add_argument("--from", dest="since", type=iso_day, metavar="YYYY-MM-DD")
    sp.add_argument("--to", dest="until", type=iso_day, metavar="YYYY-MM-DD")

    sp = rsub.add_parser("assign", help="give a follow-up to a user")
    add_acting_user(sp)
    sp.add_argument("followup", type=_ROW_ID)
    sp.add_argument("assignee", metavar="USER")
    sp = rsub.add_parser("callback", help="record the call-back to the citizen")
    add_acting_user(sp)
    sp.add_argument("followup", type=_ROW_ID)
    sp.add_argument("--outcome", required=True)
    sp.add_argument("--at", type=_moment, help="when (ISO 8601 with offset; default now)")
    sp.add_argument("--by", default="", help="who called (default: the signed-in user)")
    sp = rsub.add_parser("rectify", help="record the rectification")
    add_acting_user(sp)
    sp.add_argument("followup", type=_ROW_ID)
    sp.add_argument("--text", required=True)
    sp = rsub.add_parser("reply", help="record the reply to the citizen")
    add_acting_user(sp)
    sp.add_argument("followup", type=_ROW_ID)
    sp.add_argument("--text", required=True)
    sp = rsub.add_parser("close", help="close a replied follow-up")
    add_acting_user(sp)
    sp.add_argument("followup", type=_ROW_ID)
    sp = rsub.add_parser("appeal", help="appeal the rating as malicious, with the reason")
    add_acting_user(sp)
    sp.add_argument("followup", type=_ROW_ID)
    sp.add_argument("--reason", required=True)
    sp = rsub.add_parser("decide-appeal", help="uphold or reject an appeal (not your own)")
    add_acting_user(sp)
    sp.add_argument("followup", type=_ROW_ID)
    sp.add_argument("decision", choices=[d.value for d in AppealDecision])
    sp.add_argument("--note", required=True)
    sp = rsub.add_parser(
        "open-missing",
        help="open the follow-ups bad ratings given before this version never opened "
        "(as the hall's supervisor; due counted from today; a second run finds none)",
    )
    sp.add_argument(
        "--since", type=iso_day, metavar="YYYY-MM-DD", help="only ratings from this day"
    )
    sp.add_argument("--dry-run", action="store_true", help="count them, open nothing")


def _service(ctx: DocumentsContext, args: argparse.Namespace) -> tuple[RatingFollowUps, Principal]:
    from desktop.services.hall import Hall

    if not args.as_user:
        return Hall(ctx.db(), ctx.paths, ctx.settings).ratings, cli_supervisor(ctx)
    hall, who = signed_in_as(ctx, args)
    return hall.ratings, who


def _line(f: FollowUpRecord) -> str:
    flag = "LATE" if f.late else "    "
    return (
        f"{f.id:>6} {flag} {f.state.value:<12} due {f.due.isoformat()} ({f.days_left:+d}) "
        f"{f.case_number} score {f.score} {f.window} {f.assignee or '-'}"
    )


def cmd_followups(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    service, who = _service(ctx, args)
    found = service.followups(
        who,
        state=FollowUpState(args.state) if args.state else None,
        late_only=args.late,
        open_only=args.open,
        matter_code=args.matter or None,
        window=args.window or None,
        limit=args.limit,
    )
    if args.json:
        ctx.emit({"today": service.today(), "followups": list(found)})
    else:
        for f in found:
            ctx.out.write(_line(f) + "\n")
    return EXIT_OK


def cmd_counts(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    if (args.since is None) != (args.until is None) or (
        args.since is not None and args.until < args.since
    ):
        raise CliError("cli.bad_period", "Give both --from and --to, --from not after --to.")
    service, who = _service(ctx, args)
    out: dict[str, object] = {"followups": service.counts(who)}
    if args.since is not None:
        by_matter, by_window = service.rating_counts(who, args.since, args.until)
        out["ratings"] = {
            "from": args.since,
            "to": args.until,
            "by_matter": list(by_matter),
            "by_window": list(by_window),
        }
    ctx.emit(out)
    return EXIT_OK


def cmd_assign(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    service, who = _service(ctx, args)
    ctx.emit(service.assign(who, args.followup, args.assignee))
    return EXIT_OK


def cmd_callback(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    service, who = _service(ctx, args)
    ctx.emit(service.record_callback(who, args.followup, args.outcome, at=args.at, by=args.by))
    return EXIT_OK


def cmd_rectify(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    service, who = _service(ctx, args)
    ctx.emit(service.record_rectification(who, args.followup, args.text))
    return EXIT_OK


def cmd_reply(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    service, who = _service(ctx, args)
    ctx.emit(service.reply(who, args.followup, args.text))
    return EXIT_OK


def cmd_close(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    service, who = _service(ctx, args)
    ctx.emit(service.close(who, args.followup))
    return EXIT_OK


def cmd_appeal(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    service, who = _service(ctx, args)
    ctx.emit(service.appeal(who, args.followup, args.reason))
    return EXIT_OK


def cmd_decide_appeal(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    service, who = _service(ctx, args)
    ctx.emit(service.decide_appeal(who, args.followup, AppealDecision(args.decision), args.note))
    return EXIT_OK


def cmd_open_missing(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    from desktop.services.hall import Hall
    from desktop.services.rating_backfill import open_missing_followups

    hall = Hall(ctx.db(), ctx.paths, ctx.settings)
    done = open_missing_followups(
        hall.db,
        cli_supervisor(ctx),
        hall.working_days,
        ctx.settings.ratings.followup_working_days,
        tz=hall.tz,
        now=hall.now,
        since=args.since,
        dry_run=args.dry_run,
    )
    ctx.emit(done)
    return EXIT_OK


def commands() -> dict[tuple[str, str | None], Any]:
    return {
        ("ratings", "followups"): cmd_followups,
        ("ratings", "counts"): cmd_counts,
        ("ratings", "assign"): cmd_assign,
        ("ratings", "callback"): cmd_callback,
        ("ratings", "rectify"): cmd_rectify,
        ("ratings", "reply"): cmd_reply,
        ("ratings", "close"): cmd_close,
        ("ratings", "appeal"): cmd_appeal,
        ("ratings", "decide-appeal"): cmd_decide_appeal,
        ("ratings", "open-missing"): cmd_open_missing,
    }
