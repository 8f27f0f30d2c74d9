"""``onewindow-admin``: the command line for a hall's IT staff.

Every failure prints one line, ``error [code]: message``, naming the problem and the fix, and
exits non-zero (2 for errors; 1 where a check found something wrong, e.g. an invalid number or
a broken audit chain). Nothing is changed by a command that fails.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO, cast

from desktop.cli import audit as audit_cli
from desktop.cli import calendar, cards, documents, matters, rental_tax, users
from desktop.cli import cases as cases_cli
from desktop.cli import printing as printing_cli
from desktop.cli import queue as queue_cli
from desktop.cli import ratings as ratings_cli
from desktop.cli import review as review_cli
from desktop.cli.argtypes import MAX_DB_INT, bounded_int
from desktop.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_ERROR,
    EXIT_OK,
    CliError,
    cli_actor,
    cli_supervisor,
)
from desktop.config.paths import AppPaths, app_paths
from desktop.config.settings import Settings, load_settings, save_settings
from desktop.domain.errors import CodedError
from desktop.domain.identity import check_number
from desktop.domain.registry import Actor, to_jsonable
from desktop.persistence.database import Database, open_database
from desktop.persistence.engine import (
    DatabaseErrorCode,
    create_db_engine,
    resolve_target,
    store_password,
)
from desktop.persistence.migrate import head_revision
from desktop.services.keying import attach_hall_secret
from desktop.services.secrets import StationKeys
from desktop.services.status import is_synthetic

log = logging.getLogger(__name__)

#: The code of a failure no check foresaw (a bug): the property tests fail on it.
EXIT_INTERNAL_CODE = "internal.unexpected"


class _Context:
    """What every command needs, resolved lazily (a command that needs no database opens none)."""

    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out = out
        self.err = err
        self.paths: AppPaths = app_paths().secure()
        self.settings: Settings = load_settings(self.paths)
        self._db: Database | None = None
        #: This station's keys: the same provider (and the same files) as the window's.
        self.keys = StationKeys(self.paths, demo=self._demo)

    def db(self, *, migrate: bool = True) -> Database:
        if self._db is None:
            db = open_database(self.paths, self.settings, migrate=migrate)
            attach_hall_secret(db.engine, self.keys)  # loaded when a command first needs it
            self._db = db
        return self._db

    def _demo(self) -> bool:
        """The embedded demo database (the only station whose signing key may be a file)."""
        target = resolve_target(self.settings.database, self.paths)
        if not target.embedded or not self.paths.default_database.exists():
            return False
        return is_synthetic(self.db().meta())

    def actor(self) -> Actor:
        return cli_actor()

    def emit(self, obj: Any) -> None:
        self.out.write(json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2) + "\n")

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


# ---- commands ------------------------------------------------------------------------------


def cmd_init(ctx: _Context, _args: argparse.Namespace) -> int:
    from desktop.services.keying import AuditKeeper

    db = ctx.db(migrate=True)
    ctx.out.write(
        f"database ready: {db.target.display_url}\nschema revision: {db.revision()} (head)\n"
    )
    keeper = AuditKeeper(db, ctx.paths, ctx.keys, ctx.settings.station.audit_label())
    report = keeper.rekey()
    if report.done:
        ctx.out.write(
            f"audit chain re-keyed with the hall secret: {report.events:,} events, "
            f"{report.pseudonyms_rekeyed:,} pseudonyms re-keyed, "
            f"{report.pseudonyms_unresolved:,} removed\n"
        )
    return EXIT_OK


def cmd_db_info(ctx: _Context, args: argparse.Namespace) -> int:
    db = ctx.db(migrate=False)
    info: dict[str, Any] = {
        "url": db.target.display_url,
        "backend": db.target.backend,
        "embedded_default": db.target.embedded,
        "schema_revision": db.revision(),
        "schema_head": head_revision(),
        "row_counts": db.row_counts() if db.revision() else {},
        "registry": db.meta() if db.revision() else {},
    }
    if args.json:
        ctx.emit(info)
        return EXIT_OK
    ctx.out.write(f"url:              {info['url']}\n")
    ctx.out.write(f"backend:          {info['backend']}")
    ctx.out.write(" (embedded default)\n" if db.target.embedded else "\n")
    rev = info["schema_revision"] or "none (run 'onewindow-admin init')"
    ctx.out.write(f"schema revision:  {rev} (this app's head: {info['schema_head']})\n")
    if is_synthetic(db.meta()):
        ctx.out.write("registry:         SYNTHETIC demo data (not real people)\n")
    for table, n in info["row_counts"].items():
        ctx.out.write(f"  {table:<22}{n:>14,}\n")
    return EXIT_OK


def cmd_db_set_password(ctx: _Context, args: argparse.Namespace) -> int:
    target = resolve_target(ctx.settings.database, ctx.paths)
    if target.backend != "postgresql":
        raise CliError(
            "db.no_server",
            f"The active database ({target.display_url}) is not a PostgreSQL server; set its URL "
            "first with 'onewindow-admin db set-url postgresql://USER@HOST:PORT/DB'.",
        )
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        try:
            password = getpass.getpass(f"Password for {target.keyring_user}: ")
        except EOFError:
            password = ""
    if not password:
        raise CliError("db.empty_password", "The password is empty; nothing was stored.")
    if not args.no_check:
        # Prove it works before storing it; a wrong password is reported and not stored.
        create_db_engine(target, ctx.settings.database, password=password).dispose()
    store_password(target, password)
    ctx.out.write(f"password stored in the OS keyring for {target.keyring_user}\n")
    return EXIT_OK


def cmd_db_set_url(ctx: _Context, args: argparse.Namespace) -> int:
    from dataclasses import replace

    new = replace(ctx.settings, database=replace(ctx.settings.database, url=args.url.strip()))
    target = resolve_target(new.database, ctx.paths)  # validates before anything is written
    path = save_settings(ctx.paths, new)
    ctx.out.write(f"database url set to {target.display_url} in {path}\n")
    if target.backend == "postgresql":
        ctx.out.write("next: store its password with 'onewindow-admin db set-password'\n")
    return EXIT_OK


class _ProgressBar:
    """A text progress bar on stderr: redrawn in place on a terminal, a line every 5 s in a log."""

    WIDTH = 30

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.interactive = err.isatty()
        self.phase = ""
        self.drawn = 0.0
        self.printed = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        finished = total > 0 and done >= total
        if phase == self.phase and not finished and now - self.drawn < 0.2:
            return
        if phase != self.phase and self.phase and self.interactive:
            self.err.write("\n")
        self.phase, self.drawn = phase, now
        frac = done / total if total else 1.0
        filled = int(frac * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        line = f"{phase:<12} [{bar}] {done:>10,}/{total:,} {frac:6.1%}"
        if self.interactive:
            self.err.write("\r" + line + ("\n" if finished else ""))
        elif finished or now - self.printed > 5:
            self.printed = now
            self.err.write(line + "\n")
        self.err.flush()


def cmd_seed(ctx: _Context, args: argparse.Namespace) -> int:
    from desktop.demo.seeding import SeedError, seed_registry

    if args.persons < 1:
        raise CliError("seed.bad_count", "--persons must be at least 1.")
    db = ctx.db(migrate=True)
    try:
        summary = seed_registry(
            db,
            persons=args.persons,
            random_seed=args.random_seed,
            progress=_ProgressBar(ctx.err),
            replace=args.replace,
        )
    except SeedError as exc:
        raise CliError("seed.refused", str(exc)) from None
    ctx.out.write(
        "seeded a SYNTHETIC registry (not real people): "
        + ", ".join(f"{k}={v:,}" for k, v in to_jsonable(summary).items() if k != "seconds")
        + f" in {summary.seconds:.1f} s\n"
    )
    return EXIT_OK


def cmd_lookup(ctx: _Context, args: argparse.Namespace) -> int:
    from desktop.services.registry import RegistryService

    # IT support looks people up as the hall's supervisor would (audited with the purpose).
    dossier = RegistryService(ctx.db()).window_dossier(
        args.id_number, principal=cli_supervisor(ctx), purpose=args.purpose
    )
    if dossier is None:
        raise CliError("registry.not_found", "No person with that ID number is in the registry.")
    ctx.emit(dossier)
    return EXIT_OK


def cmd_check_id(ctx: _Context, args: argparse.Namespace) -> int:
    status = EXIT_OK
    for number in args.numbers:
        result = check_number(number)
        if not result.get("valid"):
            status = EXIT_CHECK_FAILED
        ctx.out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return status


# ---- parser --------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, whose usage errors (which repeat what was typed) stay on one line."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {one_line(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="onewindow-admin",
        description="OneWindow administration: database, registry, identity numbers, audit log. "
        "ONEWINDOW_HOME relocates all files; ONEWINDOW_DATABASE_URL overrides the database.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("init", help="create the database or migrate it to this version's schema")
    sp = sub.add_parser("seed", help="fill the registry with SYNTHETIC people, dwellings and units")
    sp.add_argument(
        "--persons",
        type=bounded_int(-MAX_DB_INT, 50_000_000),
        required=True,
        help="number of persons (e.g. 20000)",
    )
    sp.add_argument(
        "--random-seed",
        type=bounded_int(-MAX_DB_INT, MAX_DB_INT),
        default=2026,
        help="seed; same seed, same data",
    )
    sp.add_argument("--replace", action="store_true", help="delete the registry's rows first")

    sp = sub.add_parser("lookup", help="print everything a window needs about a person, as JSON")
    sp.add_argument("id_number")
    sp.add_argument(
        "--purpose",
        default="IT support: onewindow-admin lookup",
        help="why this person is looked up (recorded in the audit log)",
    )

    sp = sub.add_parser(
        "check-id", help="check identity numbers / credit codes; one JSON line each"
    )
    sp.add_argument("numbers", nargs="+", metavar="NUMBER")

    db = sub.add_parser("db", help="database connection").add_subparsers(
        dest="db_command", required=True, metavar="SUBCOMMAND"
    )
    sp = db.add_parser("info", help="URL (password masked), schema revision and row counts")
    sp.add_argument("--json", action="store_true")
    sp = db.add_parser("set-password", help="store the PostgreSQL password in the OS keyring")
    sp.add_argument("--password-stdin", action="store_true", help="read it from standard input")
    sp.add_argument("--no-check", action="store_true", help="store without trying it first")
    sp = db.add_parser("set-url", help="set the database URL (without password) in the config")
    sp.add_argument("url", help="postgresql://USER@HOST:PORT/DATABASE or sqlite:///PATH")

    audit_cli.add_parsers(sub)

    cards.add_parsers(sub)
    matters.add_parsers(sub)
    calendar.add_parsers(sub)
    rental_tax.add_parsers(sub)
    users.add_parsers(sub)
    documents.add_parsers(sub)
    printing_cli.add_parsers(sub)
    cases_cli.add_parsers(sub)
    review_cli.add_parsers(sub)
    queue_cli.add_parsers(sub)
    ratings_cli.add_parsers(sub)
    return p


_COMMANDS: dict[tuple[str, str | None], Callable[[_Context, argparse.Namespace], int]] = {
    ("init", None): cmd_init,
    ("seed", None): cmd_seed,
    ("lookup", None): cmd_lookup,
    ("check-id", None): cmd_check_id,
    ("db", "info"): cmd_db_info,
    ("db", "set-password"): cmd_db_set_password,
    ("db", "set-url"): cmd_db_set_url,
    **audit_cli.commands(),
    ("read-card", None): cards.cmd_read_card,
    ("readers", None): cards.cmd_readers,
    ("matters", None): matters.cmd_matters,
    ("calendar", "add-working-days"): calendar.cmd_add_working_days,
    ("calendar", "show"): calendar.cmd_show,
    ("calendar", "set"): calendar.cmd_set,
    ("calendar", "unset"): calendar.cmd_unset,
    ("rental-tax", None): rental_tax.cmd_rental_tax,
    ("user", "add"): users.cmd_user_add,
    ("user", "list"): users.cmd_user_list,
    ("user", "passwd"): users.cmd_user_passwd,
    ("user", "unlock"): users.cmd_user_unlock,
    ("user", "disable"): users.cmd_user_disable,
    ("user", "enable"): users.cmd_user_enable,
    ("documents", "show"): documents.cmd_documents_show,
    ("documents", "revoke"): documents.cmd_documents_revoke,
    ("documents", "reprint"): documents.cmd_documents_reprint,
    ("print-queue", "list"): documents.cmd_print_queue_list,
    ("print-queue", "retry"): documents.cmd_print_queue_retry,
    ("print-samples", None): printing_cli.cmd_print_samples,
    ("verify-document", None): printing_cli.cmd_verify_document,
    ("export-signing-key", None): printing_cli.cmd_export_signing_key,
    ("cases", "overdue"): cases_cli.cmd_cases_overdue,
    ("cases", "terminate-overdue"): cases_cli.cmd_cases_terminate_overdue,
    ("demo", "cases"): review_cli.cmd_demo_cases,
    ("review", "queue"): review_cli.cmd_review_queue,
    ("review", "next"): review_cli.cmd_review_next,
    ("review", "claim"): review_cli.cmd_review_claim,
    ("review", "unclaim"): review_cli.cmd_review_unclaim,
    ("review", "decide"): review_cli.cmd_review_decide,
    ("review", "reassign"): review_cli.cmd_review_reassign,
    ("review", "release-lapsed"): review_cli.cmd_review_release_lapsed,
    ("queue", "take"): queue_cli.cmd_queue_take,
    ("queue", "call-next"): queue_cli.cmd_queue_call_next,
    ("queue", "list"): queue_cli.cmd_queue_list,
    ("queue", "stats"): queue_cli.cmd_queue_stats,
    ("queue", "book"): queue_cli.cmd_queue_book,
    ("queue", "check-in"): queue_cli.cmd_queue_check_in,
    ("queue", "bookings"): queue_cli.cmd_queue_bookings,
    **ratings_cli.commands(),
}


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """A message as one printable line: control characters (a typed line break, a carriage
    return that would overwrite the line) shown escaped, as Python writes them."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class _SafeText:
    """An output stream that never fails on what the user typed: a command-line argument that
    was not UTF-8 reaches Python as lone surrogates, written back as ``\\udcff`` escapes."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.encode("utf-8", "backslashreplace").decode("utf-8"))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _not_text(args: argparse.Namespace) -> str | None:
    """The option whose value holds bytes that were not UTF-8 (lone surrogates) or a NUL.
    File names (paths) may be any bytes; text that reaches the database or a log may not."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, os.PathLike | str) and "\x00" in os.fspath(item):
                return name.replace("_", "-")  # no file name, and no database text, holds NUL
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return name.replace("_", "-")
    return None


def _log_unexpected(ctx: _Context | None, command: str) -> None:
    """The traceback of an unforeseen failure goes to the log file, never to the terminal."""
    import traceback

    if ctx is None:
        return
    from desktop.config.private_files import private_file

    try:
        with private_file(ctx.paths.log_file).open("a", encoding="utf-8") as fh:
            fh.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} ERROR onewindow-admin {command}:\n")
            fh.write(traceback.format_exc())
    except OSError:
        pass


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = cast(TextIO, _SafeText(out or sys.stdout))
    err = cast(TextIO, _SafeText(err or sys.stderr))
    args = build_parser().parse_args(argv)
    sub = (
        getattr(args, "db_command", None)
        or getattr(args, "audit_command", None)
        or getattr(args, "secret_command", None)
        or getattr(args, "calendar_command", None)
        or getattr(args, "user_command", None)
        or getattr(args, "documents_command", None)
        or getattr(args, "print_queue_command", None)
        or getattr(args, "cases_command", None)
        or getattr(args, "demo_command", None)
        or getattr(args, "review_command", None)
        or getattr(args, "queue_command", None)
        or getattr(args, "ratings_command", None)
    )
    handler = _COMMANDS[(args.command, sub)]
    garbled = _not_text(args)
    if garbled is not None:
        err.write(
            f"error [args.not_text]: {garbled} is not valid text (bytes that are not UTF-8 in "
            "the terminal's encoding); type it again. Nothing was changed.\n"
        )
        return EXIT_ERROR
    ctx: _Context | None = None
    try:
        ctx = _Context(out, err)
        return handler(ctx, args)
    except CodedError as exc:  # settings, database, identity, audit, catalog, own errors…
        err.write(f"error [{exc.code}]: {one_line(str(exc))}\n")
        return EXIT_ERROR
    except OSError as exc:  # a file or folder named on the command line that cannot be used
        where = f"{exc.filename}: " if exc.filename is not None else ""
        err.write(f"error [file.unusable]: {one_line(where + (exc.strerror or str(exc)))}\n")
        return EXIT_ERROR
    except EOFError:  # a prompt (a password) with no terminal and nothing on standard input
        err.write(
            "error [cli.no_input]: nothing was typed (no terminal?); give it on standard input "
            "where the command offers that. Nothing was changed.\n"
        )
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("interrupted; nothing further was changed\n")
        return 130
    except Exception as exc:  # the last net: one coded line, the traceback only in the log
        _log_unexpected(ctx, args.command)
        err.write(
            f"error [{EXIT_INTERNAL_CODE}]: unexpected {type(exc).__name__}; nothing was "
            "changed by this command's unfinished step. Please report it with the log.\n"
        )
        return EXIT_ERROR
    finally:
        if ctx is not None:
            ctx.close()


__all__ = ["DatabaseErrorCode", "build_parser", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
