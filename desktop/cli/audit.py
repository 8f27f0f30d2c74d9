"""``onewindow-admin audit …`` and ``onewindow-admin secret …``: the audit chain and its key.

``audit verify`` checks the keyed chain and every checkpoint of this database (exit 1 naming the
first broken event or the checkpoint that no longer matches), and checkpoints an intact chain.
``audit checkpoint [--out FILE]`` records the chain's head, signed by this station, in the
archive folder (and FILE). ``audit rekey`` re-keys a chain of an earlier version (``init`` and
the window do it too). ``audit search [--person N] [--user U] [--action A] [--station S]
[--since D] [--until D] --purpose TEXT [--json]`` reads the log a page at a time, newest first,
and ``audit find ID_NUMBER --purpose TEXT`` lists every event about a person (by the keyed
pseudonym of the number typed, or its masked number where an event holds no pseudonym); both go
through the supervisor's one search path (:mod:`desktop.services.audit_search`), so each search
is itself an audit event with its purpose, the number never stored in clear.

``secret init`` creates the hall's secret on its first station; ``secret export [--out FILE]``
and ``secret import FILE`` copy it to every other station sharing the database; ``secret show``
prints its id (never the secret) and where it is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, Protocol, TextIO

from desktop.cli.common import EXIT_CHECK_FAILED, EXIT_OK, CliError, cli_supervisor
from desktop.config.paths import AppPaths
from desktop.config.settings import Settings, hall_timezone
from desktop.domain.audit_log import MAX_PAGE_SIZE, AuditQuery, AuditRecord
from desktop.domain.registry import Actor, to_jsonable
from desktop.persistence.database import Database
from desktop.services.audit_search import AuditSearch
from desktop.services.audit_status import VerificationLog
from desktop.services.keying import AuditKeeper
from desktop.services.secrets import StationKeys, parse_exported_secret

__all__ = ["add_parsers", "commands"]


class AuditContext(Protocol):
    out: TextIO
    err: TextIO
    paths: AppPaths
    settings: Settings
    keys: StationKeys

    def db(self, *, migrate: bool = True) -> Database: ...

    def actor(self) -> Actor: ...


def _keeper(ctx: AuditContext, *, migrate: bool = True) -> AuditKeeper:
    db = ctx.db(migrate=migrate)
    return AuditKeeper(db, ctx.paths, ctx.keys, ctx.settings.station.audit_label())


def add_parsers(sub: Any) -> None:
    audit = sub.add_parser("audit", help="audit log").add_subparsers(
        dest="audit_command", required=True, metavar="SUBCOMMAND"
    )
    audit.add_parser(
        "verify",
        help="check the keyed chain and the checkpoints; exits 1 naming the first broken event "
        "or the checkpoint that no longer matches",
    )
    sp = audit.add_parser(
        "checkpoint", help="record the chain's head, signed, in the archive folder (and FILE)"
    )
    sp.add_argument("--out", type=Path, metavar="FILE", help="also write the checkpoint here")
    audit.add_parser("rekey", help="re-key a chain of an earlier version with the hall secret")
    sp = audit.add_parser(
        "find", help="every event about one person (by ID number); the search is audited"
    )
    sp.add_argument("id_number")
    sp.add_argument("--purpose", required=True, help="why you search (recorded in the log)")
    sp = audit.add_parser(
        "search",
        help="search the log, newest first, a page at a time; the search is audited",
    )
    sp.add_argument("--person", metavar="ID_NUMBER", default="", help="events about this person")
    sp.add_argument("--user", default="", help="events by this staff member (user name)")
    sp.add_argument("--action", default="", help="events of this action (e.g. registry.dossier)")
    sp.add_argument("--station", default="", help="events at this station")
    sp.add_argument(
        "--since", metavar="D", help="from this day (YYYY-MM-DD, the hall's) or moment (ISO)"
    )
    sp.add_argument(
        "--until", metavar="D", help="up to and including this day, or before this moment"
    )
    sp.add_argument("--before", type=int, metavar="SEQ", help="the page before this event")
    sp.add_argument("--limit", type=int, default=50, help=f"events per page (1-{MAX_PAGE_SIZE})")
    sp.add_argument("--purpose", required=True, help="why you search (recorded in the log)")
    sp.add_argument("--json", action="store_true", help="the page as JSON")

    secret = sub.add_parser("secret", help="the hall's secret (audit chain, pseudonyms)")
    ss = secret.add_subparsers(dest="secret_command", required=True, metavar="SUBCOMMAND")
    ss.add_parser("init", help="create the hall's secret on its first station")
    ss.add_parser("show", help="the secret's id (never the secret) and where it is kept")
    sp = ss.add_parser("export", help="print the secret (or write FILE, 0600) for other stations")
    sp.add_argument("--out", type=Path, metavar="FILE")
    sp = ss.add_parser("import", help="install the hall's secret exported on another station")
    sp.add_argument("file", metavar="FILE", help="the exported secret; - for standard input")
    sp.add_argument("--replace", action="store_true", help="replace a different secret here")


# ---- audit ---------------------------------------------------------------------------------


def cmd_audit_verify(ctx: AuditContext, _args: argparse.Namespace) -> int:
    keeper = _keeper(ctx, migrate=False)  # checking creates no database, migrates none
    check = keeper.verify()
    try:  # the supervisor's viewer shows the last verification
        VerificationLog.for_keeper(keeper, ctx.paths.data_dir).record(check)
    except OSError as exc:
        ctx.err.write(f"(the result could not be kept for the audit viewer: {exc})\n")
    chain = check.chain
    status = EXIT_OK
    if not chain.ok:
        where = f"event {chain.first_broken_seq}" if chain.first_broken_seq else "its anchor"
        ctx.err.write(
            f"audit chain BROKEN at {where}: {chain.problem} "
            f"({chain.checked:,} events before it verified)\n"
        )
        status = EXIT_CHECK_FAILED
    elif not chain.keyed:
        ctx.err.write(
            f"audit chain of an earlier version (unkeyed), {chain.checked:,} events verify with "
            "the old rule: it is NOT keyed yet; run `onewindow-admin audit rekey`\n"
        )
        status = EXIT_CHECK_FAILED
    else:
        ctx.out.write(f"audit chain intact: {chain.checked:,} events (keyed)\n")
    cps = check.checkpoints
    if cps is None:
        ctx.err.write(f"checkpoints NOT checked: {check.why_no_checkpoints}\n")
    else:
        for file, problem in cps.mismatched:
            ctx.err.write(f"checkpoint {file.name} NO LONGER MATCHES: {problem}\n")
        for file, why in cps.skipped:
            ctx.err.write(f"checkpoint {file.name} ignored: {why}\n")
        if cps.mismatched:
            status = EXIT_CHECK_FAILED
        elif status == EXIT_OK:
            ctx.out.write(f"checkpoints matching: {cps.matched}\n")
    if check.taken is not None:
        ctx.out.write(f"new checkpoint: {check.taken}\n")
    return status


def cmd_audit_checkpoint(ctx: AuditContext, args: argparse.Namespace) -> int:
    if args.out is not None:  # checked first: a failed command records no checkpoint
        out = Path(args.out)
        if str(args.out) == "" or out.is_dir() or not out.parent.is_dir():
            raise CliError(
                "audit.checkpoint_unwritable",
                f"Cannot write the checkpoint to {str(args.out)!r}: name a file in a folder "
                "that exists.",
            )
    try:
        cp, file = _keeper(ctx).checkpoint(out=args.out)
    except OSError as exc:  # (a SigningKeyError is a coded error: main prints it)
        raise CliError(
            "audit.checkpoint_unwritable", f"Cannot write the checkpoint: {exc.strerror or exc}."
        ) from None
    ctx.out.write(
        f"checkpoint: event {cp.seq}, {cp.count:,} events, {cp.time}\nwritten to {file}\n"
    )
    if args.out:
        ctx.out.write(f"and to {args.out}\n")
    return EXIT_OK


def cmd_audit_rekey(ctx: AuditContext, _args: argparse.Namespace) -> int:
    report = _keeper(ctx).rekey()
    if not report.done:
        ctx.out.write("the audit chain is keyed already (or empty): nothing to re-key\n")
        return EXIT_OK
    ctx.out.write(
        f"re-keyed {report.events:,} audit events and {report.cases:,} cases: "
        f"{report.pseudonyms_rekeyed:,} pseudonyms re-keyed, "
        f"{report.pseudonyms_unresolved:,} removed (their numbers are not held in clear)\n"
    )
    return EXIT_OK


def _search(ctx: AuditContext) -> AuditSearch:
    return AuditSearch(ctx.db(), hall_tz=hall_timezone(ctx.settings.cases))


def _moment(text: str | None, tz: tzinfo, *, end: bool) -> datetime | None:
    """A day (the hall's; ``end``: up to and including it) or an ISO moment (naive: the hall's)."""
    if text is None:
        return None
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            return datetime.combine(day + timedelta(days=1 if end else 0), time(), tz)
        moment = datetime.fromisoformat(text.strip())
    except (ValueError, OverflowError):
        raise CliError(
            "audit.bad_date",
            f"{text!r} is not a day (YYYY-MM-DD) nor a moment (YYYY-MM-DDTHH:MM).",
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def _event_json(record: AuditRecord) -> dict[str, Any]:
    return {
        "seq": record.seq,
        "occurred_at": record.occurred_at.isoformat(),
        "actor": record.actor,
        "station": record.station,
        "action": record.action,
        "subject": record.subject,
        "purpose": record.purpose,
        "outcome": record.outcome.value,
        "person_key": record.person_key,
        "same_person": record.same_person,
        "detail": record.detail,
    }


def cmd_audit_search(ctx: AuditContext, args: argparse.Namespace) -> int:
    tz = hall_timezone(ctx.settings.cases)
    if not 1 <= args.limit <= MAX_PAGE_SIZE:
        raise CliError("audit.bad_limit", f"--limit is from 1 to {MAX_PAGE_SIZE}.")
    query = AuditQuery(
        person=args.person,
        user=args.user,
        action=args.action,
        station=args.station,
        since=_moment(args.since, tz, end=False),
        until=_moment(args.until, tz, end=True),
        before_seq=args.before,
        limit=args.limit,
    )
    page = _search(ctx).search(cli_supervisor(ctx), query, args.purpose)
    if args.json:
        body = {
            "search_event": page.search_seq,
            "next_before": page.next_before,
            "events": [_event_json(r) for r in page.records],
        }
        ctx.out.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    for r in page.records:
        ctx.out.write(
            f"{r.seq:>8}  {r.occurred_at:%Y-%m-%d %H:%M:%S}  {r.actor:<12} {r.station:<14} "
            f"{r.action:<24} {r.subject:<32} {r.outcome.value}\n"
        )
    more = f"; older: --before {page.next_before}" if page.next_before is not None else ""
    ctx.out.write(
        f"{len(page.records)} events (this search is audit event {page.search_seq}){more}\n"
    )
    return EXIT_OK


def cmd_audit_find(ctx: AuditContext, args: argparse.Namespace) -> int:
    records, _seq = _search(ctx).find_all(
        cli_supervisor(ctx), AuditQuery(person=args.id_number), args.purpose
    )
    found = [
        {
            "seq": r.seq,
            "occurred_at": r.occurred_at,
            "actor": r.actor,
            "station": r.station,
            "action": r.action,
            "subject": r.subject,
            "purpose": r.purpose,
            "same_person": r.same_person,
        }
        for r in reversed(records)  # oldest first, as it always listed them
    ]
    ctx.out.write(json.dumps(to_jsonable(found), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


# ---- secret --------------------------------------------------------------------------------


def cmd_secret_init(ctx: AuditContext, _args: argparse.Namespace) -> int:
    from desktop.services.secrets import HallSecretError

    try:
        secret = ctx.keys.hall_secret(create=False)
    except HallSecretError:
        secret = ctx.keys.hall_secret(create=True)
        ctx.out.write(f"created the hall secret {secret.key_id} ({ctx.keys.where()})\n")
        return EXIT_OK
    ctx.out.write(
        f"this station has the hall secret {secret.key_id} already ({ctx.keys.where()})\n"
    )
    return EXIT_OK


def cmd_secret_show(ctx: AuditContext, _args: argparse.Namespace) -> int:
    secret = ctx.keys.hall_secret(create=False)
    ctx.out.write(f"hall secret {secret.key_id} ({secret.origin}), kept in {ctx.keys.where()}\n")
    return EXIT_OK


def cmd_secret_export(ctx: AuditContext, args: argparse.Namespace) -> int:
    secret = ctx.keys.hall_secret(create=False)
    text = (
        f"# OneWindow hall secret {secret.key_id}: keep it secret; install it on every station "
        "of this hall with `onewindow-admin secret import FILE`, then delete this file\n"
        f"{secret.export_text()}\n"
    )
    if args.out:
        try:
            fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CliError("secret.file_exists", f"{args.out} exists; not overwritten.") from None
        except OSError as exc:
            raise CliError(
                "secret.unwritable", f"Cannot write {args.out}: {exc.strerror}."
            ) from None
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(text)
        ctx.out.write(f"hall secret {secret.key_id} written to {args.out} (mode 0600)\n")
    else:
        ctx.out.write(text)
    return EXIT_OK


def cmd_secret_import(ctx: AuditContext, args: argparse.Namespace) -> int:
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError("secret.unreadable", f"Cannot read {args.file}: {exc}.") from None
    secret = parse_exported_secret(text)
    if ctx.keys.import_secret(secret, replace=args.replace):
        ctx.out.write(f"installed the hall secret {secret.key_id} ({ctx.keys.where()})\n")
    else:
        ctx.out.write(f"this station has the hall secret {secret.key_id} already\n")
    return EXIT_OK


def commands() -> dict[tuple[str, str | None], Any]:
    return {
        ("audit", "verify"): cmd_audit_verify,
        ("audit", "checkpoint"): cmd_audit_checkpoint,
        ("audit", "rekey"): cmd_audit_rekey,
        ("audit", "find"): cmd_audit_find,
        ("audit", "search"): cmd_audit_search,
        ("secret", "init"): cmd_secret_init,
        ("secret", "show"): cmd_secret_show,
        ("secret", "export"): cmd_secret_export,
        ("secret", "import"): cmd_secret_import,
    }
