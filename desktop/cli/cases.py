"""``onewindow-admin cases …``: the hall's sweeps over cases.

* ``cases overdue [--date D]``: open cases whose 容缺 materials were not all supplied by their
  deadline, as JSON.
* ``cases terminate-overdue [--date D] [--dry-run]``: terminate them (the reference's rule: an
  owed material never supplied ends the case), each in its own transaction with the reason
  recorded on the case and in the audit log. A case whose material was brought meanwhile is
  skipped, not terminated. Meant to run once a day (cron or a systemd timer, after closing).

The command line acts as the hall's supervisor, like ``documents revoke``.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.cli.argtypes import iso_day
from desktop.cli.common import EXIT_OK, cli_supervisor
from desktop.cli.documents import DocumentsContext
from desktop.domain.cases import CaseError, OverdueSupplement

if TYPE_CHECKING:
    from desktop.services.hall import Hall

__all__ = ["add_parsers", "cmd_cases_overdue", "cmd_cases_terminate_overdue"]


def add_parsers(sub: Any) -> None:
    cases = sub.add_parser("cases", help="sweeps over the hall's cases")
    csub = cases.add_subparsers(dest="cases_command", required=True, metavar="SUBCOMMAND")
    sp = csub.add_parser("overdue", help="容缺 cases past their supplement deadline, as JSON")
    sp.add_argument("--date", type=iso_day, help="as of this day (default: today in the hall)")
    sp = csub.add_parser(
        "terminate-overdue",
        help="terminate 容缺 cases whose owed materials never came (audited), as JSON",
    )
    sp.add_argument("--date", type=iso_day, help="as of this day (default: today in the hall)")
    sp.add_argument("--dry-run", action="store_true", help="list them, change nothing")


def _json(item: OverdueSupplement) -> dict[str, Any]:
    return {
        "number": item.number,
        "matter_code": item.matter_code,
        "applicant_name": item.applicant_name,
        "deadline": item.deadline.isoformat(),
        "owed": list(item.owed),
    }


def _overdue(
    ctx: DocumentsContext, args: argparse.Namespace
) -> tuple[Hall, date, tuple[OverdueSupplement, ...]]:
    from desktop.services.hall import Hall

    hall = Hall(ctx.db(), ctx.paths, ctx.settings)
    day: date = args.date or hall.today()
    return hall, day, hall.cases.overdue_supplements(cli_supervisor(ctx), day)


def cmd_cases_overdue(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    _, day, found = _overdue(ctx, args)
    ctx.emit({"date": day.isoformat(), "overdue": [_json(i) for i in found]})
    return EXIT_OK


def cmd_cases_terminate_overdue(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    hall, day, found = _overdue(ctx, args)
    terminated: list[str] = []
    skipped: list[dict[str, str]] = []
    if not args.dry_run:
        principal = cli_supervisor(ctx)
        for item in found:
            try:
                hall.cases.terminate_overdue_supplement(principal, item, day)
            except CaseError as exc:  # supplied meanwhile, finished, or changed: leave it
                skipped.append({"number": item.number, "code": exc.code, "reason": str(exc)})
            else:
                terminated.append(item.number)
    ctx.emit(
        {
            "date": day.isoformat(),
            "dry_run": bool(args.dry_run),
            "overdue": [_json(i) for i in found],
            "terminated": terminated,
            "skipped": skipped,
        }
    )
    return EXIT_OK
