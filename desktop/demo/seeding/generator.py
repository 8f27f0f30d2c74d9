"""The synthetic registry, generated as a stream of row batches (no database here).

One host district (宝安区, 440306) is built building by building: each building gets its
standard address and house-code level numbers, its dwellings, and at once the households living
in them, their owners, tenants and occupants, employments and certificates. Everything comes from
``random.Random`` instances seeded from ``random_seed`` (never the global generator, never
``hash()``), and every date is relative to :data:`REFERENCE_DATE`, so the same
``(persons, random_seed)`` gives the same rows in the same order.

Memory stays bounded: the generator keeps only the current batch, per-community counters and two
small ring buffers of earlier person ids (landlords who own several dwellings, shopkeepers).
Primary keys are assigned here (1..N per table), so relations are written without reading back.

Identity numbers and credit codes are drawn at random and may collide. The loader checks each
batch against the database and asks :func:`next_number_spec` / :func:`next_credit_spec` for a
deterministic replacement (the next sequence number of the same region, birth date and sex).

Counts follow one real district: 5.28 M people, 170 k buildings and 2.96 M dwellings (see
:func:`plan_for`); the unit count is one per 30 people.

This module keeps the entry points (:class:`RegistryGenerator`, :func:`plan_for`, the units);
the work is split by job across the package: ``ids`` (identity-number and credit-code specs),
``district`` (communities, building kinds, estates, origins, tuning), ``vocabulary`` (names,
places, papers), ``run`` (the pass over the buildings) and ``people`` (households, persons,
employments, certificates), with ``_common`` (constants, batches) and ``_random`` (seeded
streams, weighted picks). Their names stay importable from here.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from desktop.demo.seeding import names as N
from desktop.demo.seeding._common import DWELLING_BATCH as DWELLING_BATCH
from desktop.demo.seeding._common import (
    GENERATOR_ID,
    HOST_REGION,
    PERSONS_PER_UNIT,
    REFERENCE_DATE,
    REFERENCE_DISTRICT,
    UNIT_BATCH,
    RegistryBatch,
    Row,
    UnitBatch,
)
from desktop.demo.seeding._common import PERSON_BATCH as PERSON_BATCH
from desktop.demo.seeding._common import REASON_BUSINESS as REASON_BUSINESS
from desktop.demo.seeding._common import REASON_FAMILY as REASON_FAMILY
from desktop.demo.seeding._common import REASON_OTHER as REASON_OTHER
from desktop.demo.seeding._common import REASON_RELATIVES as REASON_RELATIVES
from desktop.demo.seeding._common import REASON_STUDY as REASON_STUDY
from desktop.demo.seeding._common import REASON_WORK as REASON_WORK
from desktop.demo.seeding._random import _stream_seed
from desktop.demo.seeding.district import _SHOP_INDUSTRY
from desktop.demo.seeding.ids import (
    CreditSpec,
    NumberSpec,
    make_credit_from_spec,
    make_number_from_spec,
    next_credit_spec,
    next_number_spec,
)
from desktop.demo.seeding.run import _RegistryRun as _RegistryRun
from desktop.demo.seeding.vocabulary import _Vocabulary as _Vocabulary
from desktop.domain.errors import CodedError

__all__ = [
    "GENERATOR_ID",
    "HOST_REGION",
    "REFERENCE_DATE",
    "CreditSpec",
    "NumberSpec",
    "RegistryBatch",
    "RegistryGenerator",
    "SeedError",
    "UnitBatch",
    "make_credit_from_spec",
    "make_number_from_spec",
    "next_credit_spec",
    "next_number_spec",
    "plan_for",
]


class SeedError(CodedError):
    """The registry cannot be seeded as asked; the message names the fix."""

    code = "seed.refused"


def plan_for(persons: int) -> dict[str, int]:
    """Row counts the generator produces for ``persons`` people (exact, not estimates).

    At 5,300,000 persons: about 170,600 buildings, 2,971,000 dwellings and 176,700 units.
    ``addresses`` counts one standard address per building and one per dwelling.
    """
    if persons < 1:
        raise SeedError("The number of persons must be at least 1.")
    ref = REFERENCE_DISTRICT
    buildings = max(1, round(persons * ref["buildings"] / ref["persons"]))
    dwellings = max(buildings, round(persons * ref["dwellings"] / ref["persons"]))
    units = max(1, round(persons / PERSONS_PER_UNIT))
    return {
        "persons": persons,
        "buildings": buildings,
        "dwellings": dwellings,
        "addresses": buildings + dwellings,
        "units": units,
    }


# ---- small helpers ---------------------------------------------------------------------------


class RegistryGenerator:
    """Generates the registry for ``persons`` people from ``random_seed``.

    Use :meth:`unit_batches` first (employments refer to units), then :meth:`registry_batches`.
    """

    def __init__(self, persons: int, random_seed: int) -> None:
        self.plan = plan_for(persons)
        self.persons = persons
        self.random_seed = random_seed
        self._words = _Vocabulary(random_seed)

    # ---- batches -------------------------------------------------------------------------

    def registry_batches(self) -> Iterator[RegistryBatch]:
        """Addresses, buildings, dwellings, persons and their relations, in batches."""
        return _RegistryRun(self.plan, self.random_seed, self._words).run()

    # ---- units ---------------------------------------------------------------------------

    def unit_batches(self) -> Iterator[UnitBatch]:
        rng = random.Random(_stream_seed(self.random_seed, "units"))
        total = self.plan["units"]
        batch = UnitBatch()
        for unit_id in range(1, total + 1):
            row, spec = self._unit(rng, unit_id, total)
            batch.units.append(row)
            batch.specs.append(spec)
            if len(batch.units) >= UNIT_BATCH:
                batch.units_done = unit_id
                yield batch
                batch = UnitBatch()
        if batch.units:
            batch.units_done = total
            yield batch

    def _unit(self, rng: random.Random, unit_id: int, total: int) -> tuple[Row, CreditSpec]:
        rnd = rng.random
        comm = self._words.communities[rng.randrange(len(self._words.communities))]
        sub_short = comm.sub_name.removesuffix("街道")
        rank = (unit_id - 1) / total  # employments favour low ids: big employers come first
        r = rnd()
        if r < 0.04:
            authority, unit_type, pattern, industry = rng.choice(N.PUBLIC_UNIT_PATTERNS)
            name = pattern.format(
                sub=sub_short, n=rng.randint(1, 9), trade=self._words.trade_name(rng)
            )
            region, body = HOST_REGION, f"{rng.choice('0345')}{rng.randrange(10**7):07d}"
        elif rank > 0.2 and r < 0.40:
            shop = rng.choice(N.SHOP_KINDS)
            name = f"深圳市宝安区{sub_short}{self._words.trade_name(rng)}{shop}"
            industry = _SHOP_INDUSTRY.get(shop, "批发和零售业")
            authority, unit_type, region = "9", "2", "440300"
            body = self._words.new_body(rng)
        else:
            industry, words = self._words.industry(rnd)
            word = rng.choice(words)
            trade = self._words.trade_name(rng)
            form = rnd()
            if form < 0.78:
                name = f"深圳市{trade}{word}有限公司"
            elif form < 0.85:
                name = f"深圳{trade}{word}股份有限公司"
            else:
                name = f"{trade}{word}（深圳）有限公司"
            authority, unit_type, region = "9", "1", "440300"
            body = self._words.new_body(rng)
        street = rng.choice(comm.roads)
        detail = (
            f"{rng.choice(N.ESTATE_STEMS)}{rng.choice(N.OFFICE_SUFFIXES)}{rng.randint(1, 30)}楼"
            if rnd() < 0.5
            else f"{rng.choice(N.ESTATE_STEMS)}{rng.choice(N.INDUSTRIAL_SUFFIXES)}"
            f"{rng.randint(1, 12)}栋"
        )
        address = f"{comm.region_name}{street}{rng.randint(1, 600)}号{detail}"
        spec = CreditSpec(authority, unit_type, region, body)
        row: Row = {
            "id": unit_id,
            "credit_code": make_credit_from_spec(spec),
            "name": name,
            "address": address,
            "legal_representative": self._words.han_name(
                rng, "1" if rnd() < 0.7 else "2", 1975, "44"
            ),
            "industry": industry,
        }
        return row, spec
