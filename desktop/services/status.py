"""What the window shows about the registry: which database, which schema, how many records.

:func:`registry_status` reads an open database into a :class:`RegistryStatus`, a frozen record
that crosses into ``ui/`` (widgets never see the database itself). This module deliberately
does not import :mod:`desktop.persistence`: it takes anything shaped like
:class:`~desktop.persistence.database.Database` (see :class:`StatusSource`), so the UI may import
:class:`RegistryStatus` without reaching into persistence, even indirectly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

#: ``registry_meta`` key that marks a generated (synthetic) registry.
META_SYNTHETIC = "synthetic"


class StatusTarget(Protocol):
    @property
    def display_url(self) -> str: ...

    @property
    def backend(self) -> str: ...

    @property
    def embedded(self) -> bool: ...


class StatusSource(Protocol):
    """What :func:`registry_status` needs of a database (``Database`` satisfies it)."""

    @property
    def target(self) -> StatusTarget: ...

    def revision(self) -> str | None: ...

    def quick_row_counts(self) -> tuple[dict[str, int], frozenset[str]]: ...

    def meta(self) -> dict[str, str]: ...


@dataclass(frozen=True, slots=True)
class RegistryStatus:
    #: The database URL as it may be shown: any password masked.
    display_url: str
    #: SQLAlchemy backend name: ``"sqlite"`` or ``"postgresql"``.
    backend: str
    #: True for the unconfigured default (SQLite in the user data directory).
    embedded: bool
    #: Alembic revision of the schema; None for a database that was never initialised.
    revision: str | None
    #: Rows per table, keyed by table name, in display order (``COUNTED_TABLES``).
    counts: dict[str, int] = field(default_factory=dict)
    #: The tables whose count is an estimate (large tables: a full count would slow each start).
    estimated: frozenset[str] = frozenset()
    #: True when the registry was generated (synthetic people, not real ones).
    synthetic: bool = False
    #: The generator's facts from ``registry_meta`` (seed, persons, generated_at, …).
    seed_info: dict[str, str] = field(default_factory=dict)


def is_synthetic(meta: Mapping[str, str]) -> bool:
    """Whether ``registry_meta`` marks the registry as generated (synthetic people)."""
    return is_synthetic_value(meta.get(META_SYNTHETIC))


def is_synthetic_value(value: object) -> bool:
    """The ``registry_meta`` value of :data:`META_SYNTHETIC` read as a flag (absent: no)."""
    return str(value or "").strip().lower() == "true"


def registry_status(db: StatusSource) -> RegistryStatus:
    """Read the status of an open database (short queries: large tables are estimated)."""
    revision = db.revision()
    counts, estimated = db.quick_row_counts() if revision else ({}, frozenset[str]())
    meta = db.meta() if revision else {}
    target = db.target
    return RegistryStatus(
        display_url=target.display_url,
        backend=target.backend,
        embedded=target.embedded,
        revision=revision,
        counts=dict(counts),
        estimated=estimated,
        synthetic=is_synthetic(meta),
        seed_info={k: v for k, v in meta.items() if k != META_SYNTHETIC},
    )
