"""Constants shared by the generator's modules and the batches it yields."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, TypeVar

from desktop.demo.seeding.ids import CreditSpec, NumberSpec

T = TypeVar("T")
Row = dict[str, Any]

#: The generator's name and version, recorded in ``registry_meta``.
GENERATOR_ID: Final = "onewindow-synthetic/1"
#: Every date (ages, arrivals, leases, certificates) is relative to this day, never to "today".
REFERENCE_DATE: Final = date(2026, 1, 1)
#: The host district: 广东省深圳市宝安区.
HOST_REGION: Final = "440306"
_HOST_CITY: Final = "4403"

#: One real district's registry: people, buildings, dwellings.
REFERENCE_DISTRICT: Final = {"persons": 5_280_000, "buildings": 170_000, "dwellings": 2_960_000}
PERSONS_PER_UNIT: Final = 30

#: Rows per batch (persons or dwellings, whichever fills first; whole buildings per batch).
PERSON_BATCH: Final = 10_000
DWELLING_BATCH: Final = 10_000
UNIT_BATCH: Final = 10_000

#: Share of persons registered in the district but living in none of its dwellings.
_UNHOUSED_SHARE: Final = 0.01

#: Reasons for coming (来深原因) as the residence registration form words them.
REASON_WORK: Final = "务工"
REASON_BUSINESS: Final = "经商"
REASON_FAMILY: Final = "随迁"  # came with (or was born to) the family
REASON_RELATIVES: Final = "投靠亲友"
REASON_STUDY: Final = "就学"
REASON_OTHER: Final = "其他"
_REF_ORD: Final = REFERENCE_DATE.toordinal()
_YEAR: Final = 365.2425


# ---- batches ---------------------------------------------------------------------------------


@dataclass(slots=True)
class RegistryBatch:
    """Rows of whole buildings (or of the unhoused tail), in insertion order."""

    addresses: list[Row] = field(default_factory=list)
    buildings: list[Row] = field(default_factory=list)
    dwellings: list[Row] = field(default_factory=list)
    persons: list[Row] = field(default_factory=list)
    #: ``person_specs[i]`` made ``persons[i]["id_number"]``.
    person_specs: list[NumberSpec] = field(default_factory=list)
    parties: list[Row] = field(default_factory=list)
    employments: list[Row] = field(default_factory=list)
    certificates: list[Row] = field(default_factory=list)
    #: Persons generated so far, this batch included.
    persons_done: int = 0


@dataclass(slots=True)
class UnitBatch:
    units: list[Row] = field(default_factory=list)
    specs: list[CreditSpec] = field(default_factory=list)
    units_done: int = 0


# ---- the district ----------------------------------------------------------------------------
