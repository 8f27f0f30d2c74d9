"""``onewindow-admin read-card`` and ``onewindow-admin readers``: try a card reader by hand.

For IT staff setting up a station. ``read-card`` waits for one card and prints what was read as
JSON, with the identity number masked and no address unless ``--full`` is given, and never the
photo's or fingerprints' bytes (only whether they were read and whether the photo was decoded).
``readers`` lists the readers a backend sees.

The backend is ``pcsc`` unless ``--backend`` says otherwise (the settings have no reader section
yet). ``--backend demo`` works on any computer: it reads the demo card deck drawn from the
configured database, which must hold the synthetic registry (``onewindow-admin seed``).

Failures are one line ``error [code]: message`` and exit status 2, like every command; the code
is a :class:`~devices.idcard.errors.CardErrorCode` value for reader and card failures.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any, Protocol, TextIO

from desktop.cli.argtypes import MAX_DB_INT, bounded_int
from desktop.cli.common import EXIT_OK, CliError
from desktop.domain.identity import mask_id_number
from desktop.domain.registry import Actor
from desktop.persistence.database import Database
from devices.factory import BACKEND_KINDS, BackendKind, create_backend
from devices.idcard.document import IdentityDocument
from devices.idcard.errors import CardReadError
from devices.reader import ReaderBackend

__all__ = ["DEFAULT_BACKEND", "add_parsers", "cmd_read_card", "cmd_readers", "describe_document"]

DEFAULT_BACKEND: BackendKind = "pcsc"
DEFAULT_TIMEOUT = 10.0


class CardsContext(Protocol):
    """What these commands use of the command line's context (``desktop.cli.main._Context``)."""

    out: TextIO
    err: TextIO

    def db(self) -> Database: ...

    def actor(self) -> Actor: ...

    def emit(self, obj: Any) -> None: ...


# ---- parsers ------------------------------------------------------------------------------


def _backend_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backend",
        default=DEFAULT_BACKEND,
        metavar="{" + ",".join(BACKEND_KINDS) + "}",
        help=f"reader kind (default {DEFAULT_BACKEND}); 'demo' needs no hardware: it reads the "
        "demo card deck of the synthetic registry",
    )
    parser.add_argument("--reader", metavar="PATTERN", help="pcsc: only readers whose name matches")
    parser.add_argument("--port", metavar="DEV", help="serial: the port, e.g. /dev/ttyUSB0, COM3")
    parser.add_argument(
        "--baudrate",
        type=bounded_int(300, 4_000_000),
        default=115200,
        help="serial: default 115200",
    )


def add_parsers(sub: Any) -> None:
    """Add ``read-card`` and ``readers`` to the ``onewindow-admin`` subcommands."""
    sp = sub.add_parser(
        "read-card",
        help="wait for one card and print what was read as JSON (number masked, no address)",
    )
    _backend_options(sp)
    sp.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds to wait for a card (default {DEFAULT_TIMEOUT:g})",
    )
    sp.add_argument(
        "--full", action="store_true", help="also print the identity number and the address"
    )
    sp.add_argument(
        "--fingerprint",
        action="store_true",
        help="also read the fingerprints (biometric data: only whether they were read is shown)",
    )
    sp.add_argument(
        "--demo-card",
        type=bounded_int(-MAX_DB_INT, MAX_DB_INT),
        metavar="N",
        help="demo: read card N of the deck (1-8) instead of the first",
    )
    sp = sub.add_parser("readers", help="list the card readers a backend sees, as JSON")
    _backend_options(sp)


# ---- commands -----------------------------------------------------------------------------


def cmd_read_card(ctx: CardsContext, args: argparse.Namespace) -> int:
    _check_backend(args)
    if not args.timeout > 0:
        raise CliError("reader.bad_option", "--timeout must be a positive number of seconds.")
    if args.demo_card is not None and args.backend != "demo":
        raise CliError("reader.bad_option", "--demo-card works only with --backend demo.")
    deck: list[IdentityDocument] | None = None
    if args.backend == "demo":
        deck = _demo_deck(ctx)
        if args.demo_card is not None:
            if not 1 <= args.demo_card <= len(deck):
                raise CliError(
                    "reader.bad_option",
                    f"--demo-card must be between 1 and {len(deck)} (the deck's cards).",
                )
            deck = deck[args.demo_card - 1 :] + deck[: args.demo_card - 1]
    backend = _backend(args, deck)
    try:
        document = backend.read_once(timeout=args.timeout, fingerprint=args.fingerprint)
    except CardReadError as exc:
        raise CliError(exc.code.value, str(exc)) from None
    ctx.emit(
        {
            "backend": backend.name,
            **describe_document(
                document, full=args.full, fingerprint_asked=args.fingerprint, today=date.today()
            ),
        }
    )
    return EXIT_OK


def cmd_readers(ctx: CardsContext, args: argparse.Namespace) -> int:
    backend = _backend(args, None)
    try:
        readers = backend.list_readers()
    except CardReadError as exc:
        raise CliError(exc.code.value, str(exc)) from None
    ctx.emit(
        [
            {"name": r.name, "backend": r.backend, "detail": r.detail, "demo": r.demo}
            for r in readers
        ]
    )
    if not readers:
        hint = {
            "pcsc": "is a reader plugged in and the smart-card service (pcscd) running?",
            "serial": f"does {args.port} exist, and does a GA/T 467 module answer on it?",
        }.get(args.backend, "")
        ctx.err.write(f"no {args.backend} reader found; {hint}\n")
    return EXIT_OK


# ---- helpers ------------------------------------------------------------------------------


def _demo_deck(ctx: CardsContext) -> list[IdentityDocument]:
    from desktop.demo.deck import DemoDeckError, demo_deck

    try:
        return demo_deck(ctx.db(), actor=ctx.actor())
    except DemoDeckError as exc:
        raise CliError(exc.code, str(exc)) from None


def _check_backend(args: argparse.Namespace) -> None:
    if args.backend not in BACKEND_KINDS:
        raise CliError(
            "reader.unknown_backend",
            f"Unknown reader backend {args.backend!r}; choose one of {', '.join(BACKEND_KINDS)} "
            "('demo' needs no hardware).",
        )


def _backend(args: argparse.Namespace, deck: list[IdentityDocument] | None) -> ReaderBackend:
    _check_backend(args)
    if args.backend == "serial" and not args.port:
        raise CliError(
            "reader.bad_option",
            "--backend serial needs --port (e.g. --port /dev/ttyUSB0, or COM3 on Windows).",
        )
    try:
        return create_backend(
            args.backend,
            reader_pattern=args.reader,
            port=args.port,
            baudrate=args.baudrate,
            deck=deck,
        )
    except CardReadError as exc:
        raise CliError(exc.code.value, str(exc)) from None
    except ValueError as exc:
        raise CliError("reader.bad_option", str(exc)) from None


def describe_document(
    document: IdentityDocument, *, full: bool, fingerprint_asked: bool, today: date
) -> dict[str, Any]:
    """What ``read-card`` prints: JSON-ready, numbers masked and no address unless ``full``,
    no photo or fingerprint bytes."""
    out: dict[str, Any] = {
        "demo": document.demo,
        "card_type": document.card_type.value,
        "name": document.name,
    }
    if document.english_name:
        out["english_name"] = document.english_name
    out["sex"] = document.sex
    if document.ethnicity:
        out["ethnicity"] = document.ethnicity
    if document.nationality:
        out["nationality"] = document.nationality
    out["birth_date"] = document.birth_date.isoformat()
    out["id_number"] = document.id_number if full else mask_id_number(document.id_number)
    out["id_number_masked"] = not full
    if document.pass_number:
        pass_number = document.pass_number
        out["pass_number"] = pass_number if full else mask_id_number(pass_number)
    out["valid_from"] = document.valid_from.isoformat()
    out["valid_to"] = document.valid_to.isoformat() if document.valid_to else None
    out["long_term"] = document.valid_to is None
    if document.authority:
        out["authority"] = document.authority
    if document.authority_code:
        out["authority_code"] = document.authority_code
    if document.issue_count is not None:
        out["issue_count"] = document.issue_count
    if document.card_version:
        out["card_version"] = document.card_version
    if full and document.address:
        out["address"] = document.address
    out["findings"] = [finding.value for finding in document.findings(today)]
    out["rare_characters"] = [
        {"character": c, "code_point": f"U+{ord(c):04X}"} for c in document.rare_characters
    ]
    out["region_known"] = document.region_known
    out["photo"] = {
        "read": bool(document.raw_photo),
        "bytes": len(document.raw_photo),
        "decoded": document.photo_bmp is not None,
    }
    if fingerprint_asked:
        out["fingerprint"] = {"read": document.fingerprint is not None}
    return out
