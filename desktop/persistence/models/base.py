"""The declarative base of the shared schema: its naming convention and shared column types."""

from __future__ import annotations

from sqlalchemy import (
    MetaData,
    String,
)
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _text_key(length: int) -> String:
    """A string column compared by code point on every backend.

    Prefix searches are range scans (``col >= p AND col < p || U+10FFFF``) on a plain B-tree
    index; that needs binary ordering, which SQLite has by default and PostgreSQL gets from
    the "C" collation.
    """
    return String(length).with_variant(String(length, collation="C"), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
