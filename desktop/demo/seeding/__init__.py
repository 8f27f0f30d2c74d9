"""The synthetic registry generator (used by ``onewindow-admin seed`` and the app's first start).

A whole district of SYNTHETIC people, dwellings, buildings, standard addresses, units,
dwelling relations, employments and certificates, realistic enough to exercise every window
and look-up, and labelled as synthetic in ``registry_meta``. Deterministic: the same
``(persons, random_seed)`` gives the same rows.

    summary = seed_registry(db, persons=20_000, random_seed=2026, progress=print)
"""

from __future__ import annotations

from desktop.demo.seeding.generator import (
    GENERATOR_ID,
    HOST_REGION,
    REFERENCE_DATE,
    SeedError,
    plan_for,
)
from desktop.demo.seeding.loader import (
    PHASE_CLEARING,
    PHASE_FINISHING,
    PHASE_PERSONS,
    PHASE_UNITS,
    ProgressFn,
    SeedSummary,
    seed_registry,
)

__all__ = [
    "GENERATOR_ID",
    "HOST_REGION",
    "PHASE_CLEARING",
    "PHASE_FINISHING",
    "PHASE_PERSONS",
    "PHASE_UNITS",
    "REFERENCE_DATE",
    "ProgressFn",
    "SeedError",
    "SeedSummary",
    "plan_for",
    "seed_registry",
]
