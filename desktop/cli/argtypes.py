"""Argument types for the command line that refuse what the rest cannot hold."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

#: The largest row id / count a database column holds (a signed 64-bit integer).
MAX_DB_INT = 2**63 - 1


def bounded_int(lo: int, hi: int) -> Callable[[str], int]:
    """An ``argparse`` type: a whole number from ``lo`` to ``hi`` (else the usage error, exit 2)."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is not from {lo} to {hi}")
        return value

    parse.__name__ = "whole number"
    return parse


def iso_day(text: str) -> date:
    """An ``argparse`` type: a day as ``YYYY-MM-DD`` (else the usage error, exit 2)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
