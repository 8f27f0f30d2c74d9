"""``onewindow-admin rental-tax``: the tax on a lease, itemised, as JSON.

``rental-tax --monthly-rent R --months M --use residential|non-residential [--city C] [--date D]``
(or ``--lump-sum S`` instead of ``--monthly-rent``) prints the result of
:func:`desktop.domain.rental_tax.compute_rental_tax` — the function the window uses — with
amounts as strings (``"274.00"``). ``rental-tax rules [--date D]`` lists the rule sets loaded
(shipped ones, overridden or extended by ``<data dir>/rental_tax/*.toml``, or ``--rules-dir``).

Failures are one line ``error [code]: message`` (exit status 2), the code a
:class:`~desktop.domain.rental_tax.RentalTaxErrorCode` value or ``rental_tax.bad_option``.
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol, TextIO

from desktop.cli.argtypes import MAX_DB_INT, bounded_int
from desktop.cli.common import EXIT_OK, CliError
from desktop.config.paths import AppPaths
from desktop.domain.rental_tax import (
    RentalTaxError,
    RuleBook,
    compute_rental_tax,
    hall_rules_dir,
    load_rule_book,
)

__all__ = ["add_parsers", "cmd_rental_tax"]


class RentalTaxContext(Protocol):
    out: TextIO
    paths: AppPaths

    def emit(self, obj: Any) -> None: ...


def add_parsers(sub: Any) -> None:
    sp = sub.add_parser(
        "rental-tax",
        help="compute the tax on a lease (itemised, JSON); 'rental-tax rules' lists the rule sets",
        description="Compute the tax on a lease as the window does and print it as JSON.",
    )
    sp.add_argument(
        "action", nargs="?", choices=["rules"], help="'rules': list the rule sets instead"
    )
    sp.add_argument("--monthly-rent", metavar="R", help="monthly rent in yuan, VAT included")
    sp.add_argument("--lump-sum", metavar="S", help="rent for the whole term, paid at once")
    sp.add_argument(
        "--months",
        type=bounded_int(-MAX_DB_INT, MAX_DB_INT),
        metavar="M",
        help="lease months (1-240)",
    )
    sp.add_argument("--use", metavar="{residential,non-residential}")
    sp.add_argument("--city", metavar="C", help="city key or name; national rules if it has none")
    sp.add_argument("--date", metavar="YYYY-MM-DD", help="rules in force on this day (today)")
    sp.add_argument(
        "--rules-dir",
        type=Path,
        metavar="DIR",
        help="hall rule folder (default: <data dir>/rental_tax)",
    )


def _amount(text: str | None, option: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        raise CliError("rental_tax.bad_option", f"{option} {text!r} is not a number.") from None


def _day(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(
            "rental_tax.bad_option", f"--date {text!r} is not a date such as 2026-06-30."
        ) from None


def _book(ctx: RentalTaxContext, args: argparse.Namespace) -> RuleBook:
    folder = args.rules_dir if args.rules_dir is not None else hall_rules_dir(ctx.paths.data_dir)
    if args.rules_dir is not None and not folder.is_dir():
        raise CliError("rental_tax.bad_option", f"--rules-dir {folder} is not a folder.")
    return load_rule_book(folder)


def cmd_rental_tax(ctx: RentalTaxContext, args: argparse.Namespace) -> int:
    try:
        if args.action == "rules":
            return _list_rules(ctx, args)
        missing = [
            option
            for option, value in (("--months", args.months), ("--use", args.use))
            if value is None
        ]
        if missing:
            raise CliError("rental_tax.bad_option", f"{' and '.join(missing)} required.")
        result = compute_rental_tax(
            _amount(args.monthly_rent, "--monthly-rent"),
            args.months,
            args.use,
            lump_sum=_amount(args.lump_sum, "--lump-sum"),
            city=args.city,
            on=_day(args.date),
            book=_book(ctx, args),
        )
    except RentalTaxError as exc:
        raise CliError(exc.code.value, exc.message_en) from None
    ctx.emit(result.to_json())
    return EXIT_OK


def _list_rules(ctx: RentalTaxContext, args: argparse.Namespace) -> int:
    book = _book(ctx, args)
    on = _day(args.date) if args.date else None
    ctx.emit(
        [
            {
                "id": rs.id,
                "name_zh": rs.name_zh,
                "name_en": rs.name_en,
                "method": rs.method,
                "city": rs.city,
                "uses": [u.value for u in rs.uses],
                "effective_from": rs.effective_from,
                "effective_to": rs.effective_to,
                "local_example": rs.local_example,
                "origin": rs.origin,
            }
            for rs in book.rule_sets
            if on is None or rs.in_force_on(on)
        ]
    )
    return EXIT_OK
