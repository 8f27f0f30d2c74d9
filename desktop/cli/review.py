"""``onewindow-admin review …`` and ``onewindow-admin demo cases``: the review desk from outside.

    onewindow-admin demo cases --count 40                       # synthetic registry only
    echo "$PW" | onewindow-admin review queue --as approver-police --password-stdin [--filter F]
    echo "$PW" | onewindow-admin review next --as approver-police --password-stdin
    echo "$PW" | onewindow-admin review claim 17 --as approver-police --password-stdin
    echo "$PW" | onewindow-admin review unclaim 17 --reason 需回避 --as … --password-stdin
    echo "$PW" | onewindow-admin review decide 17 approve --opinion 同意 --as … --password-stdin
    echo "$PW" | onewindow-admin review reassign 17 approver-x --reason 请假 --as supervisor …
    onewindow-admin review release-lapsed          # the daily sweep, as the hall's supervisor

Each ``review`` command signs in as the named user (``--as``; the password on standard input
with ``--password-stdin``, else asked for) at the station ``cli:<host>``, exactly like a review
window: the same permission checks, audit events and errors (``error [code]: message``, exit
2). The output is JSON: a queue page, the claimed task (``null`` when nothing is free), or the
decision's result. A second decision on a decided task is ``review.already_decided``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop.cli.argtypes import MAX_DB_INT, bounded_int
from desktop.cli.common import EXIT_OK, CliError, add_acting_user, cli_supervisor, signed_in_as
from desktop.cli.documents import DocumentsContext
from desktop.domain.cases import CaseEvent
from desktop.domain.review import QueueFilter, QueueQuery, QueueSort

if TYPE_CHECKING:
    from desktop.domain.permissions import Principal
    from desktop.services.review import ReviewDesk

__all__ = [
    "add_parsers",
    "cmd_demo_cases",
    "cmd_review_claim",
    "cmd_review_decide",
    "cmd_review_next",
    "cmd_review_queue",
    "cmd_review_reassign",
    "cmd_review_release_lapsed",
    "cmd_review_unclaim",
]

_DECISIONS = {
    "approve": CaseEvent.APPROVE,
    "reject": CaseEvent.REJECT,
    "return": CaseEvent.RETURN_FOR_CORRECTION,
}


#: A task's number (a row id the database can hold) and a count of cases or rows.
_ROW_ID = bounded_int(1, MAX_DB_INT)
_COUNT = bounded_int(1, 100_000)


def add_parsers(sub: Any) -> None:
    demo = sub.add_parser("demo", help="demo data on the SYNTHETIC registry")
    dsub = demo.add_subparsers(dest="demo_command", required=True, metavar="SUBCOMMAND")
    sp = dsub.add_parser(
        "cases", help="accepted cases of promised matters with their review tasks (synthetic only)"
    )
    sp.add_argument("--count", type=_COUNT, default=20, help="how many cases (default 20)")
    sp.add_argument("--seed", type=int, default=13, help="random seed")
    from desktop.cli.report import add_demo_parser

    add_demo_parser(dsub)

    review = sub.add_parser("review", help="the review desk, acting as a named approver")
    rsub = review.add_subparsers(dest="review_command", required=True, metavar="SUBCOMMAND")

    sp = rsub.add_parser("queue", help="a page of the queue with the filter counts, as JSON")
    add_acting_user(sp)
    sp.add_argument("--filter", choices=[f.value for f in QueueFilter], default="all")
    sp.add_argument("--matter", help="only this matter (implementation code)")
    sp.add_argument("--search", default="", help="case number (prefix) or applicant ID number")
    sp.add_argument("--sort", choices=[s.value for s in QueueSort], default="due")
    sp.add_argument("--limit", type=_COUNT, default=50)
    sp.add_argument("--offset", type=int, default=0)
    sp = rsub.add_parser("next", help="claim the most urgent free task; prints it or null")
    add_acting_user(sp)
    sp = rsub.add_parser("claim", help="claim a chosen task")
    add_acting_user(sp)
    sp.add_argument("task", type=_ROW_ID)
    sp = rsub.add_parser("unclaim", help="give a claimed task back (with a reason)")
    add_acting_user(sp)
    sp.add_argument("task", type=_ROW_ID)
    sp.add_argument("--reason", required=True)
    sp = rsub.add_parser("decide", help="approve / reject / return a claimed task")
    add_acting_user(sp)
    sp.add_argument("task", type=_ROW_ID)
    sp.add_argument("decision", choices=sorted(_DECISIONS))
    sp.add_argument("--opinion", required=True)
    sp = rsub.add_parser("reassign", help="give a task to another approver (supervisor)")
    add_acting_user(sp)
    sp.add_argument("task", type=_ROW_ID)
    sp.add_argument("to_user", metavar="USER")
    sp.add_argument("--reason", required=True)
    rsub.add_parser(
        "release-lapsed",
        help="the daily sweep: lapsed claims back to open (as the hall's supervisor, audited)",
    )


# ---- demo ----------------------------------------------------------------------------------


def cmd_demo_cases(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    from desktop.demo.cases import DemoCasesError, create_demo_cases
    from desktop.services.hall import Hall

    hall = Hall(ctx.db(), ctx.paths, ctx.settings)
    try:
        made = create_demo_cases(hall, args.count, random_seed=args.seed)
    except DemoCasesError as exc:
        raise CliError(exc.code, str(exc)) from None
    ctx.emit({"cases": list(made.numbers), "tasks": made.tasks, "skipped": dict(made.skipped)})
    return EXIT_OK


# ---- review --------------------------------------------------------------------------------


def _desk(ctx: DocumentsContext, args: argparse.Namespace) -> tuple[ReviewDesk, Principal]:
    from desktop.services.review import ReviewDesk

    hall, principal = signed_in_as(ctx, args)
    return ReviewDesk(hall), principal


def cmd_review_queue(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    desk, who = _desk(ctx, args)
    page = desk.queue(
        who,
        QueueQuery(
            filter=QueueFilter(args.filter),
            matter_code=args.matter or None,
            search=args.search,
            sort=QueueSort(args.sort),
            limit=args.limit,
            offset=max(0, args.offset),
        ),
    )
    ctx.emit(
        {
            "total": page.total,
            "counts": {f.value: n for f, n in page.counts.items()},
            "rows": list(page.rows),
        }
    )
    return EXIT_OK


def cmd_review_next(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    desk, who = _desk(ctx, args)
    ctx.emit(desk.claim_next(who))
    return EXIT_OK


def cmd_review_claim(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    desk, who = _desk(ctx, args)
    ctx.emit(desk.claim(who, args.task))
    return EXIT_OK


def cmd_review_unclaim(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    desk, who = _desk(ctx, args)
    desk.unclaim(who, args.task, args.reason)
    ctx.emit({"task": args.task, "unclaimed": True})
    return EXIT_OK


def cmd_review_decide(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    desk, who = _desk(ctx, args)
    result = desk.decide(who, args.task, _DECISIONS[args.decision], args.opinion)
    case = result.case
    ctx.emit(
        {
            "task": args.task,
            "decision": args.decision,
            "case": case.number,
            "state": case.state.value,
            "fan_in_complete": result.fan_in_complete,
            "documents": [{"kind": d.kind, "number": d.number} for d in result.documents],
        }
    )
    return EXIT_OK


def cmd_review_reassign(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    desk, who = _desk(ctx, args)
    ctx.emit(desk.reassign(who, args.task, args.to_user, args.reason))
    return EXIT_OK


def cmd_review_release_lapsed(ctx: DocumentsContext, _args: argparse.Namespace) -> int:
    from desktop.services.hall import Hall

    hall = Hall(ctx.db(), ctx.paths, ctx.settings)
    ctx.emit({"released": hall.cases.release_lapsed_claims(cli_supervisor(ctx))})
    return EXIT_OK
