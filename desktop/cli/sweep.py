"""``onewindow-admin sweep run [--date D] [--json]``: the hall's daily sweeps in one run.

Terminates overdue 容缺 cases, releases lapsed review claims, fails print jobs stuck in
``printing`` (``[sweeps] print_stuck_minutes``), recomputes the open cases' deadline dates and
snapshots the day's deadline board — see :mod:`desktop.services.sweeps`. Idempotent; under a
lock, so two stations starting it at once do the work once. Meant for a timer (the files under
``scripts/``: systemd, Windows Task Scheduler). The command line acts as the hall's supervisor.

Exit status: 0 done; 1 a step failed (the others ran; the JSON names it); 3 another run holds
the lock (``"status": "already_running"``, nothing was done); 2 the command could not run.
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.argtypes import iso_day
from desktop.cli.common import EXIT_CHECK_FAILED, EXIT_OK, cli_supervisor
from desktop.cli.documents import DocumentsContext

__all__ = ["EXIT_ALREADY_RUNNING", "add_parsers", "cmd_sweep_run"]

#: Another station's (or process's) sweep holds the lock: this run did nothing.
EXIT_ALREADY_RUNNING = 3


def add_parsers(sub: Any) -> None:
    sweep = sub.add_parser("sweep", help="the hall's daily sweeps (for a timer)")
    ssub = sweep.add_subparsers(dest="sweep_command", required=True, metavar="SUBCOMMAND")
    sp = ssub.add_parser(
        "run",
        help="terminate overdue 容缺 cases, release lapsed claims, fail stuck print jobs, "
        "snapshot the deadline board (idempotent, locked)",
    )
    sp.add_argument("--date", type=iso_day, help="as of this day (default: today in the hall)")
    sp.add_argument("--json", action="store_true", help="the report as JSON")


def cmd_sweep_run(ctx: DocumentsContext, args: argparse.Namespace) -> int:
    from desktop.services.hall import Hall
    from desktop.services.sweeps import SweepService

    hall = Hall(ctx.db(), ctx.paths, ctx.settings)
    report = SweepService(hall).run(cli_supervisor(ctx), day=args.date)
    if args.json:
        ctx.emit(report.as_json())
    elif report.status == "already_running":
        ctx.out.write(f"{report.day}: already running ({report.holder}); nothing done\n")
    else:
        ctx.out.write(f"{report.day}: {report.status}\n")
        for step in report.steps:
            figures = ", ".join(f"{k}={v}" for k, v in step.detail.items())
            state = "ok" if step.ok else f"FAILED [{step.error}]"
            ctx.out.write(f"  {step.name}: {state} {figures}\n")
    if report.status == "already_running":
        return EXIT_ALREADY_RUNNING
    return EXIT_OK if report.ok else EXIT_CHECK_FAILED
