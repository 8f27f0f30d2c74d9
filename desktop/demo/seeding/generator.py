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
"""

from __future__ import annotations

import hashlib
import math
import random
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any, Final, Generic, TypeVar

from desktop.demo.seeding import names as N
from desktop.domain import regions
from desktop.domain.errors import CodedError
from desktop.domain.housecode import make_house_code
from desktop.domain.identity import (
    CREDIT_CODE_ALPHABET,
    IdKind,
    make_citizen_number,
    make_credit_code,
    make_foreigner_2017_number,
    make_foreigner_2023_number,
)

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


def _stream_seed(random_seed: int, stream: str, index: int = 0) -> int:
    """A seed for one independent random stream (stable across runs and platforms)."""
    digest = hashlib.sha256(f"onewindow:{random_seed}:{stream}:{index}".encode()).digest()
    return int.from_bytes(digest[:16], "big")


class _Pick(Generic[T]):
    """Weighted choice with a precomputed cumulative table."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self._items = [item for item, _ in pairs]
        cum: list[float] = []
        total = 0.0
        for _, weight in pairs:
            total += weight
            cum.append(total)
        self._cum = cum
        self._total = total

    def __call__(self, rnd: Callable[[], float]) -> T:
        return self._items[bisect_right(self._cum, rnd() * self._total)]


class _Ring(Generic[T]):
    """The last ``size`` values seen, with O(1) random access (bounded bookkeeping)."""

    __slots__ = ("_items", "_next", "_size")

    def __init__(self, size: int) -> None:
        self._items: list[T] = []
        self._size = size
        self._next = 0

    def add(self, value: T) -> None:
        if len(self._items) < self._size:
            self._items.append(value)
        else:
            self._items[self._next] = value
            self._next = (self._next + 1) % self._size

    def pick(self, rng: random.Random) -> T | None:
        return self._items[rng.randrange(len(self._items))] if self._items else None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@lru_cache(maxsize=4096)
def _region_full_name(code: str) -> str:
    return regions.region_full_name(code) or ""


# ---- identity numbers ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NumberSpec:
    """What an identity number is made of, so that a collider can be made again.

    ``a``/``b``: citizen and HMT permit: region, ""; foreigner 2023: province (2 digits),
    nationality (3 digits); foreigner 2017: nationality (3 letters), authority region (4 digits).
    """

    kind: IdKind
    a: str
    b: str
    birth: date
    seq: int


def make_number_from_spec(spec: NumberSpec) -> str:
    if spec.kind is IdKind.FOREIGNER_2017:
        return make_foreigner_2017_number(spec.a, spec.b, spec.birth, spec.seq)
    if spec.kind is IdKind.FOREIGNER_2023:
        return make_foreigner_2023_number(spec.a, spec.b, spec.birth, spec.seq)
    return make_citizen_number(spec.a, spec.birth, spec.seq)


def next_number_spec(spec: NumberSpec) -> NumberSpec:
    """The deterministic replacement for a colliding number.

    The next sequence number of the same sex (step 2 mod 1000, keeping the 17th digit's parity);
    the 2017 foreigner card has a single sequence digit (step 1 mod 10). When the step wraps
    round to the first sequence number of the birth date, the birth date moves one day back
    (the person's row takes the new date too).
    """
    if spec.kind is IdKind.FOREIGNER_2017:
        seq = (spec.seq + 1) % 10
        wrapped = seq == 0
    else:
        seq = (spec.seq + 2) % 1000
        wrapped = seq < 2
    birth = date.fromordinal(spec.birth.toordinal() - 1) if wrapped else spec.birth
    return NumberSpec(spec.kind, spec.a, spec.b, birth, seq)


@dataclass(frozen=True, slots=True)
class CreditSpec:
    authority: str
    unit_type: str
    region: str
    body: str  # 8 characters of the credit code alphabet


def make_credit_from_spec(spec: CreditSpec) -> str:
    return make_credit_code(spec.authority, spec.unit_type, spec.region, spec.body)


def next_credit_spec(spec: CreditSpec) -> CreditSpec:
    """The deterministic replacement for a colliding credit code: the body counted up by one."""
    alphabet = CREDIT_CODE_ALPHABET
    chars = list(spec.body)
    for i in range(len(chars) - 1, -1, -1):
        pos = alphabet.index(chars[i]) + 1
        if pos < len(alphabet):
            chars[i] = alphabet[pos]
            break
        chars[i] = alphabet[0]
    return CreditSpec(spec.authority, spec.unit_type, spec.region, "".join(chars))


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


@dataclass(slots=True)
class _Community:
    index: int
    sub_code: int  # 1-based
    sub_name: str  # 新安街道
    code: int  # 1-based within the sub-district
    name: str  # 上川社区
    region_code: str  # 12 digits
    region_name: str  # 广东省深圳市宝安区新安街道上川社区
    roads: tuple[str, ...]
    lanes: tuple[str, ...]


def _build_communities(random_seed: int) -> list[_Community]:
    district = _region_full_name(HOST_REGION)
    out: list[_Community] = []
    for s, (sub_name, main_roads, community_names) in enumerate(N.SUB_DISTRICTS, start=1):
        for c, stem in enumerate(community_names, start=1):
            rng = random.Random(_stream_seed(random_seed, "community", len(out)))
            patterns = list(N.LOCAL_STREET_PATTERNS)
            rng.shuffle(patterns)
            own = [p.format(s=stem) for p in patterns[:6]]
            roads = tuple(rng.sample(main_roads, min(2, len(main_roads)))) + tuple(
                x for x in own if not x.endswith("巷")
            )
            lanes = tuple(x for x in own if x.endswith("巷")) or (f"{stem}新村一巷",)
            out.append(
                _Community(
                    index=len(out),
                    sub_code=s,
                    sub_name=sub_name,
                    code=c,
                    name=f"{stem}社区",
                    region_code=f"{HOST_REGION}{s:03d}{c:03d}",
                    region_name=f"{district}{sub_name}{stem}社区",
                    roads=roads,
                    lanes=lanes,
                )
            )
    return out


class _Kind(StrEnum):
    VILLAGE = "village"  # 城中村 self-built rental house, one landlord
    COMPOUND = "compound"  # commercial housing estate tower
    OLD = "old"  # older low-rise residential estate
    OFFICE = "office"
    INDUSTRIAL = "industrial"
    DORM = "dorm"  # staff dormitory of a factory


#: kind, weight (share of buildings), dwellings per building (low, high)
_KINDS: Final[tuple[tuple[_Kind, float, int, int], ...]] = (
    (_Kind.VILLAGE, 0.700, 3, 22),
    (_Kind.COMPOUND, 0.045, 60, 200),
    (_Kind.OLD, 0.070, 12, 40),
    (_Kind.OFFICE, 0.020, 20, 120),
    (_Kind.INDUSTRIAL, 0.100, 1, 8),
    (_Kind.DORM, 0.035, 20, 60),
)
_KIND_RANGE: Final = {k: (lo, hi) for k, _, lo, hi in _KINDS}
#: Mean of a raw dwelling-count draw; the draws are scaled so that the counts hit the plan.
_MEAN_DRAW: Final = sum(w * (lo + hi) / 2 for _, w, lo, hi in _KINDS) / sum(
    w for _, w, _, _ in _KINDS
)


@dataclass(slots=True)
class _Estate:
    """A group of buildings at one door number (an estate, a park, a tower)."""

    name: str
    street: str
    door: int
    next_number: int
    remaining: int


@dataclass(slots=True)
class _Origin:
    """Where a person's papers come from."""

    kind: IdKind
    region: str = ""  # citizen / HMT: the number's region
    nationality: str = "CHN"  # alpha-3
    nat_numeric: str = ""
    style: str = ""  # foreign naming style
    local: bool = False  # household registered in the host city
    household_address: str = ""


@dataclass(slots=True)
class _Member:
    id: int
    sex: str
    birth_ord: int
    relation: str
    surname: str
    given: str
    origin: _Origin
    ethnicity: str
    arrival_ord: int | None
    since_ord: int | None


# ---- the generator ---------------------------------------------------------------------------


class _Vocabulary:
    """Names, places and papers: word lists and region tables with weighted pickers.

    Stateless apart from its tables: every method takes the caller's ``random.Random``.
    """

    def __init__(self, random_seed: int) -> None:
        self.communities = _build_communities(random_seed)

        # region tables
        counties = regions.all_region_codes("county")
        historical = sorted(
            set(regions.all_region_codes("county", include_historical=True)) - set(counties)
        )
        self._by_province: dict[str, tuple[str, ...]] = {}
        for code in counties:
            if code.startswith(_HOST_CITY):
                continue  # Shenzhen household registrations are locals, not migrants
            self._by_province.setdefault(code[:2], ())
            self._by_province[code[:2]] += (code,)
        self._historical_by_province: dict[str, tuple[str, ...]] = {}
        for code in historical:
            if not code.startswith(_HOST_CITY):
                self._historical_by_province.setdefault(code[:2], ())
                self._historical_by_province[code[:2]] += (code,)
        # Shenzhen household registrations: mostly the host district, some from the districts
        # that existed before 1993 (龙华, 坪山, 光明 date from 2016-2018: too young for most).
        self._local_region = _Pick(
            [(HOST_REGION, 70.0)] + [(c, 7.5) for c in _OLDER_SHENZHEN_DISTRICTS if c in counties]
        )
        weights = dict(_MIGRANT_PROVINCE_WEIGHTS)
        self._migrant_province = _Pick(
            [(p, weights.get(p, 0.2)) for p in sorted(self._by_province)]
        )

        self._national_surname = _Pick(N.NATIONAL_SURNAMES)
        self._guangdong_surname = _Pick(N.GUANGDONG_SURNAMES)
        self.rare = _Pick(N.RARE_CHARACTERS)
        self._ethnicity = {p: _Pick(t) for p, t in N.ETHNICITIES_BY_PROVINCE.items()}
        self._default_ethnicity = _Pick(N.DEFAULT_ETHNICITIES)
        self.nationality = _Pick([((a, n, s), w) for a, n, w, s in N.NATIONALITIES])
        self.occupation = _Pick(N.OCCUPATIONS)
        self.industry = _Pick([((name, words), w) for name, w, words in N.INDUSTRIES])
        self.kind = _Pick([(k, w) for k, w, _, _ in _KINDS])
        self.arrival_reason = _Pick(
            [
                (REASON_WORK, 68.0),
                (REASON_BUSINESS, 14.0),
                (REASON_RELATIVES, 6.0),
                (REASON_STUDY, 4.0),
                (REASON_OTHER, 8.0),
            ]
        )

    def trade_name(self, rng: random.Random) -> str:
        chars = N.TRADE_CHARS
        n = 2 if rng.random() < 0.85 else 3
        return "".join(rng.choice(chars) for _ in range(n))

    @staticmethod
    def new_body(rng: random.Random) -> str:
        if rng.random() < 0.7:  # registered since 2015: MA + 6 characters
            return "MA5" + "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(5))
        return f"7{rng.randrange(10**7):07d}"  # an older organisation code

    # ---- names -------------------------------------------------------------------------------

    def given(self, rng: random.Random, sex: str, birth_year: int) -> str:
        r = rng.random()
        male = sex == "1"
        if r < 0.28:
            cohort = N.COHORT_NAMES[0]
            for entry in N.COHORT_NAMES:
                if birth_year >= entry[0]:
                    cohort = entry
            given = rng.choice(cohort[1] if male else cohort[2])
        elif r < (0.40 if 1960 <= birth_year < 2000 else 0.34):
            given = rng.choice(N.MALE_SINGLE if male else N.FEMALE_SINGLE)
        else:
            first = N.MALE_FIRST if male else N.FEMALE_FIRST
            second = N.MALE_SECOND if male else N.FEMALE_SECOND
            given = rng.choice(first) + rng.choice(second)
        if rng.random() < 0.006:  # a rare character (生僻字) in place of the last one
            given = given[:-1] + self.rare(rng.random)
        return given

    def surname(self, rng: random.Random, province: str) -> str:
        table = (
            self._guangdong_surname if province in ("44", "81", "82") else self._national_surname
        )
        return table(rng.random)

    def han_name(self, rng: random.Random, sex: str, birth_year: int, province: str) -> str:
        return self.surname(rng, province) + self.given(rng, sex, birth_year)

    def minority_given(
        self, rng: random.Random, sex: str, ethnicity: str, father_given: str | None
    ) -> tuple[str, str] | None:
        """(name, own given part) for names not of the Han surname+given pattern, else None."""
        male = sex == "1"
        if ethnicity in (N.UYGHUR, N.KAZAKH):
            if ethnicity == N.UYGHUR:
                own = rng.choice(N.UYGHUR_MALE if male else N.UYGHUR_FEMALE)
                father = father_given or rng.choice(N.UYGHUR_MALE)
            else:
                own = rng.choice(N.KAZAKH_MALE if male else N.KAZAKH_FEMALE)
                father = father_given or rng.choice(N.KAZAKH_MALE)
            return f"{own}·{father}", own
        if ethnicity == N.TIBETAN:
            parts = N.TIBETAN_PARTS_MALE if male else N.TIBETAN_PARTS_FEMALE
            a, b = rng.sample(parts, 2)
            return a + b, a + b
        if ethnicity == N.MONGOL and rng.random() < 0.5:
            own = rng.choice(N.MONGOLIAN_MALE if male else N.MONGOLIAN_FEMALE)
            return own, own
        return None

    def foreign_name(
        self, rng: random.Random, origin: _Origin, sex: str, surname: str
    ) -> tuple[str, str]:
        """(name, family name in Latin letters); the family name passes to the children."""
        male = sex == "1"
        style = origin.style
        tables: dict[str, tuple[Any, Any, Any]] = {
            "western": (N.WESTERN_SURNAMES, N.WESTERN_MALE, N.WESTERN_FEMALE),
            "korean": (N.KOREAN_SURNAMES, N.KOREAN_MALE, N.KOREAN_FEMALE),
            "japanese": (N.JAPANESE_SURNAMES, N.JAPANESE_MALE, N.JAPANESE_FEMALE),
            "chinese_latin": (
                N.CHINESE_LATIN_SURNAMES,
                N.CHINESE_LATIN_MALE,
                N.CHINESE_LATIN_FEMALE,
            ),
            "indian": (N.INDIAN_SURNAMES, N.INDIAN_MALE, N.INDIAN_FEMALE),
        }
        surnames, males, females = tables[style]
        family: tuple[str, str] = next(
            (s for s in surnames if s[0] == surname), None
        ) or rng.choice(surnames)
        given: tuple[str, str] = rng.choice(males if male else females)
        if origin.kind is IdKind.FOREIGNER_2017:  # the card's English name
            return f"{family[0]}, {given[0]}", family[0]
        if style in ("western", "indian"):  # the 2023 card's Chinese name
            return f"{given[1]}·{family[1]}", family[0]
        return family[1] + given[1], family[0]

    # ---- origins -----------------------------------------------------------------------------

    def street_address(self, rng: random.Random) -> str:
        comm = self.communities[rng.randrange(len(self.communities))]
        streets = comm.roads + comm.lanes
        return f"{comm.region_name}{rng.choice(streets)}{rng.randint(1, 300)}号"

    def local_origin(self, rng: random.Random, region: str | None = None) -> _Origin:
        region = region or self._local_region(rng.random)
        if region == HOST_REGION:
            address = self.street_address(rng)
        else:
            address = (
                f"{_region_full_name(region)}{rng.choice(N.URBAN_STREET_WORDS)}"
                f"{rng.randint(1, 400)}号"
            )
        return _Origin(IdKind.CITIZEN, region=region, local=True, household_address=address)

    def migrant_origin(self, rng: random.Random, birth_year: int, near: str = "") -> _Origin:
        if near and rng.random() < 0.7:
            region = near
        else:
            province = (
                near[:2] if near and rng.random() < 0.65 else self._migrant_province(rng.random)
            )
            pool = self._by_province[province]
            old = self._historical_by_province.get(province)
            if old and birth_year < 1995 and rng.random() < 0.04:
                pool = old  # a code abolished since: still valid in the number
            region = pool[rng.randrange(len(pool))]
        name = _region_full_name(region)
        if name.endswith("区") or rng.random() < 0.25:
            detail = f"{rng.choice(N.URBAN_STREET_WORDS)}{rng.randint(1, 500)}号"
        else:
            pc = N.PLACE_CHARS
            detail = (
                f"{rng.choice(pc)}{rng.choice(pc)}镇{rng.choice(pc)}{rng.choice(pc)}村"
                f"{rng.randint(1, 12)}组{rng.randint(1, 80)}号"
            )
        return _Origin(IdKind.CITIZEN, region=region, household_address=name + detail)

    def hmt_origin(self, rng: random.Random) -> _Origin:
        r = rng.random()
        if r < 0.72:
            region = "810000"
            district = rng.choice(N.HONG_KONG_DISTRICTS)
            detail = f"{district}{rng.choice(_HK_STREETS)}{rng.randint(1, 400)}号"
        elif r < 0.82:
            region = "820000"
            detail = f"{rng.choice(N.MACAO_PARISHES)}新马路{rng.randint(1, 200)}号"
        else:
            region = "830000"
            detail = f"{rng.choice(N.TAIWAN_CITIES)}中正路{rng.randint(1, 600)}号"
        return _Origin(
            IdKind.HMT_PERMIT,
            region=region,
            household_address=_region_full_name(region) + detail,
        )

    def foreign_origin(self, rng: random.Random) -> _Origin:
        alpha3, numeric, style = self.nationality(rng.random)
        kind = IdKind.FOREIGNER_2017 if rng.random() < 0.5 else IdKind.FOREIGNER_2023
        return _Origin(kind, nationality=alpha3, nat_numeric=numeric, style=style)

    def origin_for(self, rng: random.Random, mix: tuple[float, float, float], year: int) -> _Origin:
        """An origin drawn from (local, hmt, foreign) shares; the rest are migrants."""
        r = rng.random()
        local, hmt, foreign = mix
        if r < local:
            return self.local_origin(rng)
        if r < local + hmt:
            return self.hmt_origin(rng)
        if r < local + hmt + foreign:
            return self.foreign_origin(rng)
        return self.migrant_origin(rng, year)

    # ---- persons -----------------------------------------------------------------------------

    def number_spec(self, rng: random.Random, origin: _Origin, sex: str, birth: date) -> NumberSpec:
        if origin.kind is IdKind.FOREIGNER_2017:
            authority = "4403" if rng.random() < 0.75 else rng.choice(("4401", "1100", "3100"))
            return NumberSpec(origin.kind, origin.nationality, authority, birth, rng.randrange(10))
        seq = 2 * rng.randrange(500) + (1 if sex == "1" else 0)
        if origin.kind is IdKind.FOREIGNER_2023:
            province = "44" if rng.random() < 0.8 else rng.choice(("11", "31", "32"))
            return NumberSpec(origin.kind, province, origin.nat_numeric, birth, seq)
        return NumberSpec(origin.kind, origin.region, "", birth, seq)

    def phone(self, rng: random.Random) -> str:
        return rng.choice(N.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"

    def ethnicity_for(self, rng: random.Random, origin: _Origin) -> str:
        if origin.kind is not IdKind.CITIZEN:
            return ""
        pick = self._ethnicity.get(origin.region[:2], self._default_ethnicity)
        return pick(rng.random)


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


_MIGRANT_PROVINCE_WEIGHTS: Final[tuple[tuple[str, float], ...]] = (
    ("44", 36.0),
    ("43", 12.0),
    ("45", 8.0),
    ("36", 6.0),
    ("42", 6.0),
    ("41", 5.0),
    ("51", 4.0),
    ("35", 2.0),
    ("50", 2.0),
    ("34", 2.0),
    ("52", 1.5),
    ("61", 1.2),
    ("53", 1.0),
    ("37", 1.0),
    ("32", 1.0),
    ("33", 1.0),
    ("13", 0.8),
    ("46", 0.8),
    ("21", 0.6),
    ("65", 0.6),
    ("14", 0.5),
    ("23", 0.5),
    ("22", 0.4),
    ("62", 0.4),
    ("11", 0.3),
    ("31", 0.3),
    ("12", 0.2),
    ("15", 0.2),
    ("63", 0.1),
    ("64", 0.1),
    ("54", 0.05),
)

_OLDER_SHENZHEN_DISTRICTS: Final = ("440303", "440304", "440305", "440307")

_HK_STREETS: Final = ("弥敦道", "皇后大道", "英皇道", "德辅道", "轩尼诗道", "青山公路", "荔枝角道")

_SHOP_INDUSTRY: Final = {
    "餐饮店": "住宿和餐饮业",
    "粉面店": "住宿和餐饮业",
    "快餐店": "住宿和餐饮业",
    "早餐店": "住宿和餐饮业",
    "手机维修店": "居民服务、修理和其他服务业",
    "电器维修部": "居民服务、修理和其他服务业",
    "理发店": "居民服务、修理和其他服务业",
}


# ---- the registry run ------------------------------------------------------------------------

#: Household sizes (persons) by kind of household, as weights.
_OWNER_FAMILY: Final = _Pick([(1, 15.0), (2, 33.0), (3, 30.0), (4, 15.0), (5, 5.0), (6, 2.0)])
_TENANT_FAMILY: Final = _Pick([(1, 36.0), (2, 32.0), (3, 22.0), (4, 8.0), (5, 2.0)])
_VILLAGE_TENANTS: Final = _Pick([(1, 55.0), (2, 29.0), (3, 12.0), (4, 3.0), (5, 1.0)])

#: (local, HK/Macao/Taiwan, foreign) shares of households; the rest are migrants.
_OWNER_MIX: Final = (0.45, 0.025, 0.006)
_COMPOUND_TENANT_MIX: Final = (0.06, 0.04, 0.025)
_VILLAGE_TENANT_MIX: Final = (0.03, 0.005, 0.002)

_FOREIGNER_2017_EARLIEST: Final = date(1946, 1, 1).toordinal()  # YYMMDD stays unambiguous
_RING_SIZE: Final = 2048


def _years(value: float) -> int:
    return int(value * _YEAR)


@dataclass(frozen=True, slots=True)
class _Home:
    """Where a household lives: dwelling, sub-district, moving-in day (ordinal), and the
    household registration address of members who share ``origin`` (an owner-occupier's home)."""

    dwelling_id: int | None
    sub_name: str = ""
    since: int | None = None
    origin: _Origin | None = None
    address: str | None = None


#: Absent owners and persons registered here who live elsewhere.
_NOWHERE: Final = _Home(None)


@dataclass(slots=True)
class _Site:
    comm: _Community
    kind: _Kind
    building_id: int
    street: str
    door: int
    detail: str
    grid: int
    number: int


class _RegistryRun:
    """One pass over the district: the sequential state of :meth:`registry_batches`."""

    def __init__(self, plan: dict[str, int], random_seed: int, words: _Vocabulary) -> None:
        self.w = words
        self.rng = random.Random(_stream_seed(random_seed, "registry"))
        self.n_persons = plan["persons"]
        self.n_buildings = plan["buildings"]
        self.n_dwellings = plan["dwellings"]
        self.n_units = plan["units"]
        self.per_dwelling = self.n_persons * (1 - _UNHOUSED_SHARE) / self.n_dwellings
        self.slack = max(3, self.n_persons // 200)
        self.created = 0  # persons so far (= the last person id)
        self.dwellings_assigned = 0  # dwellings allotted to buildings so far
        self.dwellings_done = 0  # dwellings whose occupants are decided
        tables = ("address", "building", "dwelling", "party", "employment", "certificate")
        self.last_id = dict.fromkeys(tables, 0)  # ids are assigned here, 1..N per table
        self.cert_counter: dict[str, int] = {}
        self.owners: _Ring[tuple[int, int]] = _Ring(_RING_SIZE)  # (person id, birth ordinal)
        self.adults: _Ring[tuple[int, int]] = _Ring(_RING_SIZE)
        self.batch = RegistryBatch()
        self.community = -1
        self.estates: dict[str, _Estate] = {}
        self.doors: dict[str, int] = {}

    def _next(self, table: str) -> int:
        self.last_id[table] += 1
        return self.last_id[table]

    # ---- driving -----------------------------------------------------------------------------

    def run(self) -> Iterator[RegistryBatch]:
        for k in range(self.n_buildings):
            self._building(k)
            batch = self.batch
            if len(batch.persons) >= PERSON_BATCH or len(batch.dwellings) >= DWELLING_BATCH:
                yield self._flush()
        while self.created < self.n_persons:
            self._unhoused()
            if len(self.batch.persons) >= PERSON_BATCH:
                yield self._flush()
        if self.batch.persons or self.batch.addresses:
            yield self._flush()

    def _flush(self) -> RegistryBatch:
        batch = self.batch
        batch.persons_done = self.created
        self.batch = RegistryBatch()
        return batch

    def _tick(self) -> None:
        self.dwellings_done += 1

    def _control(self, drawn: int, redraw: Callable[[], int]) -> int:
        """Persons for the next household, steered toward the target line.

        ``drawn`` (0: vacant) comes from the household distribution; ahead of the line by more
        than the slack the dwelling stays vacant, behind it one more person moves in (or a
        vacant dwelling is let after all). Never more than the persons left.
        """
        gap = int(self.per_dwelling * self.dwellings_done) - self.created
        if gap < -self.slack:
            drawn = 0
        elif gap > self.slack:
            drawn = drawn + 1 if drawn else redraw()
        return max(0, min(drawn, self.n_persons - self.created))

    # ---- buildings ---------------------------------------------------------------------------

    def _locate(self, k: int) -> tuple[_Community, int, int]:
        """Community, grid and building number of the k-th building (contiguous blocks)."""
        communities = self.w.communities
        c_count, b_count = len(communities), self.n_buildings
        c = k * c_count // b_count
        first = (c * b_count + c_count - 1) // c_count
        following = ((c + 1) * b_count + c_count - 1) // c_count
        if c != self.community:
            self.community = c
            self.estates = {}
            self.doors = {}
        grid_size = max(50, math.ceil((following - first) / 99))
        local = k - first
        return communities[c], local // grid_size + 1, local % grid_size + 1

    def _size(self, k: int, draw: int) -> int:
        left = self.n_dwellings - self.dwellings_assigned
        buildings_left = self.n_buildings - k
        if buildings_left == 1:
            size = left
        else:
            size = round(draw * (left / buildings_left) / _MEAN_DRAW)
            size = max(1, min(size, left - (buildings_left - 1)))
        self.dwellings_assigned += size
        return size

    def _door(self, street: str) -> int:
        door = self.doors.get(street, 0) + self.rng.randint(1, 4)
        self.doors[street] = door
        return door

    def _estate(
        self, key: str, comm: _Community, namer: Callable[[], str], count: tuple[int, int]
    ) -> tuple[_Estate, int]:
        estate = self.estates.get(key)
        if estate is None or estate.remaining <= 0:
            street = self.rng.choice(comm.roads)
            estate = _Estate(namer(), street, self._door(street), 1, self.rng.randint(*count))
            self.estates[key] = estate
        estate.remaining -= 1
        number = estate.next_number
        estate.next_number += 1
        return estate, number

    def _site(self, kind: _Kind, comm: _Community) -> tuple[str, int, str, str]:
        """(street, door number, building name, address detail) of a new building."""
        rng = self.rng
        stem = comm.name.removesuffix("社区")
        if kind is _Kind.VILLAGE:
            street = rng.choice(comm.lanes if rng.random() < 0.8 else comm.roads)
            return street, self._door(street), "", ""
        if kind is _Kind.OFFICE:
            street = rng.choice(comm.roads)
            name = rng.choice(N.ESTATE_STEMS) + rng.choice(N.OFFICE_SUFFIXES)
            return street, self._door(street), name, name
        if kind is _Kind.COMPOUND:
            estate, n = self._estate(
                "compound",
                comm,
                lambda: rng.choice(N.ESTATE_STEMS) + rng.choice(N.ESTATE_SUFFIXES),
                (2, 12),
            )
            name = f"{estate.name}{n}栋"
            return estate.street, estate.door, name, name
        if kind is _Kind.OLD:
            estate, n = self._estate(
                "old", comm, lambda: stem + rng.choice(N.OLD_ESTATE_SUFFIXES), (3, 15)
            )
            name = f"{estate.name}{n}栋"
            return estate.street, estate.door, name, name
        estate, n = self._estate(
            "park", comm, lambda: stem + rng.choice(N.INDUSTRIAL_SUFFIXES), (3, 20)
        )
        detail = f"{estate.name}{n}栋"
        return (
            estate.street,
            estate.door,
            detail + ("宿舍" if kind is _Kind.DORM else "厂房"),
            detail,
        )

    def _layout(self, kind: _Kind, size: int) -> tuple[list[tuple[int, str, int]], int]:
        """(room code, address detail, floor) of each dwelling, and the number of floors."""
        rng = self.rng
        rooms: list[tuple[int, str, int]] = []
        if kind is _Kind.COMPOUND:
            units = 1 if size < 50 else rng.randint(1, 3)
            per = max(rng.randint(2, 4), math.ceil(size / (units * 99)))
            floor = 0
            while len(rooms) < size:
                floor += 1
                for unit in range(1, units + 1):
                    for idx in range(1, per + 1):
                        if len(rooms) < size:
                            detail = f"{floor}{idx:02d}"
                            if units > 1:
                                detail = f"{unit}单元{detail}"
                            rooms.append((unit * 10000 + floor * 100 + idx, detail, floor))
            return rooms, floor
        per, pattern = {
            _Kind.VILLAGE: (rng.randint(2, 5), "{f}{i:02d}房"),
            _Kind.OLD: (rng.randint(2, 4), "{f}{i:02d}"),
            _Kind.OFFICE: (rng.randint(4, 10), "{f}{i:02d}室"),
            _Kind.INDUSTRIAL: (rng.randint(1, 2), "{f}层{i:02d}"),
            _Kind.DORM: (rng.randint(6, 12), "{f}{i:02d}房"),
        }[kind]
        for n in range(size):
            f, i = n // per + 1, n % per + 1
            rooms.append((f * 100 + i, pattern.format(f=f, i=i), f))
        return rooms, rooms[-1][2]

    def _building(self, k: int) -> None:
        w, rng = self.w, self.rng
        comm, grid, number = self._locate(k)
        kind = w.kind(rng.random)
        lo, hi = _KIND_RANGE[kind]
        size = self._size(k, rng.randint(lo, hi))
        street, door, name, detail = self._site(kind, comm)
        rooms, floors = self._layout(kind, size)
        building_id = self._next("building")
        address_id, _ = self._address(comm, street, door, detail)
        self.batch.buildings.append(
            {
                "id": building_id,
                "building_code": f"{HOST_REGION}{comm.sub_code:03d}{comm.code:03d}"
                f"{grid:02d}{number:05d}",
                "address_id": address_id,
                "name": name,
                "floors": floors,
                # district + sub-district + community + grid; the 6-digit object-type prefix
                # of a CJ/T 349 grid code is left out (no authoritative value to use)
                "grid_code": f"{HOST_REGION}{comm.sub_code:03d}{comm.code:03d}{grid:02d}",
            }
        )
        site = _Site(comm, kind, building_id, street, door, detail, grid, number)
        dwellings: list[tuple[Row, str, int]] = []
        for room_code, room_detail, floor in rooms:
            row, full = self._dwelling(site, room_code, room_detail)
            dwellings.append((row, full, floor))
        {
            _Kind.VILLAGE: self._fill_village,
            _Kind.COMPOUND: self._fill_estate,
            _Kind.OLD: self._fill_estate,
            _Kind.OFFICE: self._fill_office,
            _Kind.INDUSTRIAL: self._fill_industrial,
            _Kind.DORM: self._fill_dorm,
        }[kind](site, dwellings)
        self.batch.dwellings.extend(row for row, _, _ in dwellings)

    def _address(self, comm: _Community, street: str, door: int, detail: str) -> tuple[int, str]:
        address_id = self._next("address")
        door_number = f"{door}号"
        full = f"{comm.region_name}{street}{door_number}{detail}"
        self.batch.addresses.append(
            {
                "id": address_id,
                "region_code": comm.region_code,
                "region_name": comm.region_name,
                "street": street,
                "door_number": door_number,
                "detail": detail,
                "full_address": full,
            }
        )
        return address_id, full

    def _dwelling(self, site: _Site, room_code: int, room_detail: str) -> tuple[Row, str]:
        dwelling_id = self._next("dwelling")
        address_id, full = self._address(
            site.comm, site.street, site.door, site.detail + room_detail
        )
        comm = site.comm
        row: Row = {
            "id": dwelling_id,
            "house_code": make_house_code(
                HOST_REGION, comm.sub_code, comm.code, site.grid, site.number, room_code
            ),
            "building_id": site.building_id,
            "address_id": address_id,
            "use": "residential",
            "ownership": "private",
            "rooms": 1,
            "area_m2": Decimal("0.00"),
            "rental_status": "vacant",
            "risk_class": "normal",
        }
        return row, full

    def _shape(self, row: Row, kind: _Kind, use: str) -> None:
        """Rooms and floor area by kind of building and use."""
        rng = self.rng
        rnd = rng.random
        if use == "commercial":
            rooms, lo, hi = 1, 15, 150
        elif use == "office":
            rooms = rng.randint(1, 3)
            lo, hi = 60 * rooms, 150 * rooms
        elif use == "industrial":
            rooms, lo, hi = 1, 300, 2500
        elif kind is _Kind.DORM:
            rooms, lo, hi = 1, 18, 40
        elif kind is _Kind.VILLAGE:
            r = rnd()
            rooms = 1 if r < 0.6 else 2 if r < 0.95 else 3
            lo, hi = (12, 30) if rooms == 1 else (30, 55) if rooms == 2 else (50, 80)
        elif kind is _Kind.COMPOUND:
            r = rnd()
            rooms = 1 if r < 0.1 else 2 if r < 0.4 else 3 if r < 0.8 else 4
            lo, hi = rooms * 25 + 10, rooms * 25 + 40
        else:
            r = rnd()
            rooms = 1 if r < 0.2 else 2 if r < 0.75 else 3
            lo, hi = rooms * 22 + 8, rooms * 22 + 25
        row["use"] = use
        row["rooms"] = rooms
        row["area_m2"] = Decimal(rng.randint(lo * 100, hi * 100)).scaleb(-2)

    def _risk(self, kind: _Kind, *, crowded: bool = False) -> str:
        r = self.rng.random()
        if crowded:
            key, watch = 0.35, 0.75
        elif kind in (_Kind.INDUSTRIAL, _Kind.DORM):
            key, watch = 0.04, 0.18
        elif kind is _Kind.VILLAGE:
            key, watch = 0.02, 0.10
        else:
            key, watch = 0.005, 0.035
        return "key" if r < key else "watch" if r < watch else "normal"

    # ---- filling buildings -------------------------------------------------------------------

    def _fill_village(self, site: _Site, dwellings: list[tuple[Row, str, int]]) -> None:
        """A self-built rental house (城中村): one landlord owns every room."""
        rng = self.rng
        rnd = rng.random
        n = len(dwellings)
        shops = 0
        if n > 4:
            shops = 1 if rnd() < 0.22 else 2 if rnd() < 0.1 else 0
        landlord: tuple[int, int] | None = None
        done = -1
        if n > shops and self.created < self.n_persons and rnd() < 0.35:
            # the landlord's family lives on the top floor
            self._tick()
            row, full, _ = dwellings[-1]
            size = max(1, self._control(_OWNER_FAMILY(rnd), lambda: _OWNER_FAMILY(rnd)))
            region = HOST_REGION if rnd() < 0.9 else None
            origin = self.w.local_origin(rng, region)
            members, since = self._family(
                site,
                row["id"],
                origin,
                size,
                (35.0, 80.0, 52.0),
                (1.0, 35.0, 15.0),
                address=full if origin.region == HOST_REGION else None,
            )
            landlord = (members[0].id, members[0].birth_ord)
            self.owners.add(landlord)
            self._parties(row["id"], members, since, owners=1)
            self._shape(row, site.kind, "residential")
            row["rooms"] = rng.randint(3, 5)
            row["area_m2"] = Decimal(rng.randint(6000, 14000)).scaleb(-2)
            row["rental_status"] = "owner_occupied"
            row["risk_class"] = self._risk(site.kind)
            done = n - 1
        if landlord is None:
            landlord = self._landlord(0.6, local=True)
        landlord_since = self._owner_since(landlord, (1.0, 35.0, 15.0))
        for j, (row, _full, _floor) in enumerate(dwellings):
            if j == done:
                continue
            self._tick()
            if j < shops:
                self._shop(site, row, landlord, landlord_since)
                continue
            self._shape(row, site.kind, "residential")
            row["risk_class"] = self._risk(site.kind)
            if landlord is None:
                continue
            self._owner_party(row["id"], landlord, landlord_since)
            drawn = _VILLAGE_TENANTS(rnd) if rnd() < 0.86 else 0
            size = self._control(drawn, lambda: _VILLAGE_TENANTS(rnd))
            if size:
                crowded = size >= 3 and rnd() < 0.25
                self._let(site, row, landlord, size, _VILLAGE_TENANT_MIX, crowded, 0.55)
                if crowded:
                    row["risk_class"] = self._risk(site.kind, crowded=size >= 4)

    def _fill_estate(self, site: _Site, dwellings: list[tuple[Row, str, int]]) -> None:
        """A residential estate building: owner-occupiers, landlords' flats let, vacant flats."""
        rng = self.rng
        rnd = rng.random
        kind = site.kind
        p_own, p_rent = (0.52, 0.32) if kind is _Kind.COMPOUND else (0.50, 0.38)
        shops = 0
        if kind is _Kind.COMPOUND and len(dwellings) > 40 and rnd() < 0.3:
            shops = rng.randint(2, 6)
        for j, (row, full, _floor) in enumerate(dwellings):
            self._tick()
            if j < shops:
                owner = self._landlord(0.65)
                self._shop(site, row, owner, self._owner_since(owner, (0.5, 20.0, 6.0)))
                continue
            self._shape(row, kind, "residential")
            row["risk_class"] = self._risk(kind)
            r = rnd()
            if r < p_own:
                status, drawn = "own", _OWNER_FAMILY(rnd)
            elif r < p_own + p_rent:
                status, drawn = "rent", _TENANT_FAMILY(rnd)
            else:
                status, drawn = "vacant", 0
            size = self._control(drawn, lambda: _TENANT_FAMILY(rnd))
            if not size:
                status = "vacant"
            elif status == "vacant":
                status = "rent"
            if status == "own":
                origin = self.w.origin_for(rng, _OWNER_MIX, 1980)
                home = full if origin.local and origin.region == HOST_REGION else None
                members, since = self._family(
                    site,
                    row["id"],
                    origin,
                    size,
                    (26.0, 80.0, 45.0),
                    (0.3, 25.0, 7.0),
                    address=home,
                )
                owners = 1
                if len(members) > 1 and members[1].relation == "10" and rnd() < 0.4:
                    owners = 2
                self._parties(row["id"], members, since, owners=owners)
                self.owners.add((members[0].id, members[0].birth_ord))
                self._property_cert([m.id for m in members[:owners]], since)
                row["rental_status"] = "owner_occupied"
                continue
            owner = self._landlord(0.65)
            if owner is None:
                continue
            since = self._owner_since(owner, (1.0, 25.0, 8.0))
            self._owner_party(row["id"], owner, since)
            self._property_cert([owner[0]], since)
            if status == "rent":
                shared = size >= 3 and rnd() < 0.12
                self._let(site, row, owner, size, _COMPOUND_TENANT_MIX, shared, 0.65)

    def _fill_office(self, site: _Site, dwellings: list[tuple[Row, str, int]]) -> None:
        """An office tower: one company's own, or units sold to investors and let to companies."""
        rng = self.rng
        rnd = rng.random
        enterprise = rnd() < 0.4
        for row, _full, floor in dwellings:
            self._tick()
            shop = floor == 1 and rnd() < 0.6
            if enterprise:
                self._shape(row, site.kind, "commercial" if shop else "office")
                row["ownership"] = "enterprise"
                row["rental_status"] = "owner_occupied"
                row["risk_class"] = self._risk(site.kind)
                continue
            owner = self._landlord(0.5)
            since = self._owner_since(owner, (0.5, 20.0, 6.0))
            if shop:
                self._shop(site, row, owner, since)
                continue
            self._shape(row, site.kind, "office")
            row["risk_class"] = self._risk(site.kind)
            self._owner_party(row["id"], owner, since)
            if owner is not None:
                self._property_cert([owner[0]], since)
                # let to a company (a unit, not a person: no tenant row)
                row["rental_status"] = "rented" if rnd() < 0.75 else "vacant"

    def _fill_industrial(self, site: _Site, dwellings: list[tuple[Row, str, int]]) -> None:
        """Factory floors: a village collective's (let to companies) or a company's own."""
        rnd = self.rng.random
        collective = rnd() < 0.6
        for row, _full, _floor in dwellings:
            self._tick()
            self._shape(row, site.kind, "industrial")
            row["ownership"] = "collective" if collective else "enterprise"
            if collective:
                row["rental_status"] = "rented" if rnd() < 0.85 else "vacant"
            else:
                row["rental_status"] = "owner_occupied"
            row["risk_class"] = self._risk(site.kind)

    def _fill_dorm(self, site: _Site, dwellings: list[tuple[Row, str, int]]) -> None:
        """A factory's staff dormitory: rooms of 3-6 workers of one employer."""
        rng = self.rng
        employer = 1 + int(self.n_units * 0.05 * rng.random())
        for row, _full, _floor in dwellings:
            self._tick()
            self._shape(row, site.kind, "residential")
            row["ownership"] = "enterprise"
            row["risk_class"] = self._risk(site.kind)
            size = self._control(rng.randint(3, 6), lambda: rng.randint(3, 6))
            if not size:
                continue
            members, since = self._dorm_room(site, row["id"], size, employer)
            self._parties(row["id"], members, since)
            row["rental_status"] = "owner_occupied"

    def _shop(self, site: _Site, row: Row, owner: tuple[int, int] | None, owner_since: int) -> None:
        """A shop on the ground floor, let to a shopkeeper who lives elsewhere."""
        rng = self.rng
        self._shape(row, site.kind, "commercial")
        row["risk_class"] = self._risk(site.kind)
        self._owner_party(row["id"], owner, owner_since)
        tenant = self.adults.pick(rng) if owner is not None and rng.random() < 0.75 else None
        if owner is None or tenant is None:
            return
        since = _REF_ORD - max(30, _years(rng.triangular(0.1, 6.0, 1.5)))
        since = min(max(since, tenant[1] + _years(18)), _REF_ORD - 1)
        self._party(row["id"], tenant[0], "tenant", since)
        row["rental_status"] = "rented"
        if rng.random() < 0.5:
            self._rental_cert(owner[0], since, site.comm)

    def _let(
        self,
        site: _Site,
        row: Row,
        owner: tuple[int, int],
        size: int,
        mix: tuple[float, float, float],
        shared: bool,
        filing: float,
    ) -> None:
        """Tenants move in: a family, or unrelated co-tenants (合租)."""
        rng = self.rng
        if shared:
            members, since = self._shared(site, row["id"], size, mix)
        else:
            origin = self.w.origin_for(rng, mix, 1995)
            members, since = self._family(
                site, row["id"], origin, size, (19.0, 60.0, 30.0), (0.08, 6.0, 1.0), address=None
            )
        self._parties(row["id"], members, since, tenants=1)
        row["rental_status"] = "rented"
        if rng.random() < filing:
            self._rental_cert(owner[0], since, site.comm)

    # ---- owners ------------------------------------------------------------------------------

    def _landlord(self, p_known: float, *, local: bool = False) -> tuple[int, int] | None:
        """An owner who lives elsewhere: someone in the district who owns another home (so
        owners of several dwellings appear), else a new owner living outside the district."""
        rng = self.rng
        if rng.random() < p_known:
            known = self.owners.pick(rng)
            if known is not None:
                return known
        if self.created >= self.n_persons:
            return self.owners.pick(rng)
        r = rng.random()
        w = self.w
        if r < (0.8 if local else 0.7):
            origin = w.local_origin(rng, HOST_REGION if local else None)
        elif r < (1.0 if local else 0.9):
            origin = w.hmt_origin(rng)
        else:
            origin = w.migrant_origin(rng, 1970)
        sex = "1" if rng.random() < 0.6 else "2"
        birth = self._birth(rng.triangular(30.0, 82.0, 52.0), origin)
        member = self._person(origin, sex, birth, "", _NOWHERE, None, "")
        owner = (member.id, member.birth_ord)
        self.owners.add(owner)
        return owner

    def _owner_since(self, owner: tuple[int, int] | None, years: tuple[float, float, float]) -> int:
        if owner is None:
            return _REF_ORD - 1
        since = _REF_ORD - max(30, _years(self.rng.triangular(*years)))
        return min(max(since, owner[1] + _years(20)), _REF_ORD - 1)

    def _owner_party(self, dwelling_id: int, owner: tuple[int, int] | None, since: int) -> None:
        if owner is not None:
            self._party(dwelling_id, owner[0], "owner", since)

    def _party(self, dwelling_id: int, person_id: int, role: str, since: int) -> None:
        self.batch.parties.append(
            {
                "id": self._next("party"),
                "dwelling_id": dwelling_id,
                "person_id": person_id,
                "role": role,
                "since": date.fromordinal(since),
                "until": None,
            }
        )

    def _parties(
        self,
        dwelling_id: int,
        members: list[_Member],
        since: int,
        *,
        owners: int = 0,
        tenants: int = 0,
    ) -> None:
        """Party rows of a household: the first ``owners`` own, the next ``tenants`` rent,
        everyone else lives there as an occupant."""
        for i, m in enumerate(members):
            role = "owner" if i < owners else "tenant" if i < owners + tenants else "occupant"
            start = m.since_ord if m.since_ord is not None else since
            self._party(dwelling_id, m.id, role, min(max(start, m.birth_ord), _REF_ORD - 1))

    # ---- households --------------------------------------------------------------------------

    def _birth(self, age: float, origin: _Origin) -> int:
        birth = _REF_ORD - max(1, _years(min(age, 100.0)))
        if origin.kind is IdKind.FOREIGNER_2017:
            birth = max(birth, _FOREIGNER_2017_EARLIEST)
        return birth

    def _since(self, birth: int, years: tuple[float, float, float], min_age: float) -> int:
        since = _REF_ORD - max(30, _years(self.rng.triangular(*years)))
        return min(max(since, birth + _years(min_age)), _REF_ORD - 1)

    def _arrival(self, birth: int, since: int) -> int:
        arrival = since - _years(self.rng.triangular(0.0, 10.0, 1.0))
        return min(max(arrival, birth + _years(16)), since)

    def _spouse_origin(self, origin: _Origin, year: int) -> _Origin:
        w, rng = self.w, self.rng
        r = rng.random()
        if origin.kind is IdKind.CITIZEN:
            if origin.local:
                if r < 0.5:
                    return origin
                return w.local_origin(rng) if r < 0.75 else w.migrant_origin(rng, year)
            return w.migrant_origin(rng, year, near=origin.region)
        return origin if r < 0.7 else w.migrant_origin(rng, year)

    def _family(
        self,
        site: _Site,
        dwelling_id: int,
        origin: _Origin,
        size: int,
        head_age: tuple[float, float, float],
        since_years: tuple[float, float, float],
        *,
        address: str | None,
    ) -> tuple[list[_Member], int]:
        """A household of exactly ``size`` persons: householder, spouse, children, a parent,
        then siblings or a domestic helper. Returns the members and the moving-in date.

        ``address``: the household registration of members who share the head's origin (an
        owner-occupier registered at home), else each member's own.
        """
        w, rng = self.w, self.rng
        rnd = rng.random
        foreign = origin.kind in (IdKind.FOREIGNER_2017, IdKind.FOREIGNER_2023)
        head_sex = "1" if rnd() < (0.62 if size > 1 else 0.55) else "2"
        head_birth = self._birth(rng.triangular(*head_age), origin)
        since = self._since(head_birth, since_years, 18.0)
        home = _Home(dwelling_id, site.comm.sub_name, since, origin, address)
        arrival = None if origin.local else self._arrival(head_birth, since)
        head = self._person(
            origin, head_sex, head_birth, "02", home, arrival, w.arrival_reason(rnd)
        )
        members = [head]
        left = size - 1
        if left and rnd() < 0.85:
            sex = "2" if head_sex == "1" else "1"
            gap = rng.gauss(2.5, 3.0)
            age = (_REF_ORD - head_birth) / _YEAR + (-gap if head_sex == "1" else gap)
            birth = self._birth(max(19.5, age), origin)
            s_origin = self._spouse_origin(origin, date.fromordinal(birth).year)
            s_arrival = None
            if not s_origin.local:
                s_arrival = min(since, (arrival or since) + rng.randint(0, 730))
            reason = REASON_FAMILY if rnd() < 0.55 else REASON_WORK
            spouse = self._person(s_origin, sex, birth, "10", home, s_arrival, reason)
            members.append(spouse)
            left -= 1
            self._marriage(head, spouse)
        father = next((m for m in members if m.sex == "1"), None)
        mother = next((m for m in members if m.sex == "2"), None)
        base = mother or head
        child_birth = base.birth_ord + rng.randint(_years(21), _years(36))
        children = 0
        while left and children < 3 and child_birth < _REF_ORD:
            parent = father if father is not None and father.origin.kind is origin.kind else head
            sex = "1" if rnd() < 0.52 else "2"
            eth = parent.ethnicity if rnd() < 0.8 else base.ethnicity
            surname = father.surname if father is not None and rnd() < 0.95 else base.surname
            c_arrival = None if parent.origin.local else max(child_birth, arrival or child_birth)
            patronym = father.given if father is not None and father.ethnicity == eth else None
            child = self._person(
                parent.origin, sex, child_birth, "20" if sex == "1" else "30", home, c_arrival,
                REASON_FAMILY, surname=surname, ethnicity=eth, father_given=patronym,
            )  # fmt: skip
            members.append(child)
            left -= 1
            children += 1
            child_birth += rng.randint(365, _years(6))
        if left and not foreign:
            p_birth = head_birth - rng.randint(_years(22), _years(36))
            if _REF_ORD - p_birth < _years(92):
                sex = "1" if rnd() < 0.4 else "2"
                p_arrival = None if origin.local else rng.randint(arrival or since, since)
                grandparent = self._person(
                    origin, sex, p_birth, "51" if sex == "1" else "52", home, p_arrival,
                    REASON_FAMILY, surname=head.surname if sex == "1" else None,
                    ethnicity=head.ethnicity or None,
                )  # fmt: skip
                members.append(grandparent)
                left -= 1
        while left:
            if rnd() < 0.5 and not foreign:  # a brother or sister
                birth = head_birth + rng.randint(-_years(6), _years(6))
                birth = min(birth, _REF_ORD - _years(16))
                sex = "1" if rnd() < 0.5 else "2"
                sibling = self._person(
                    origin, sex, birth, "70", home, arrival, REASON_FAMILY,
                    surname=head.surname, ethnicity=head.ethnicity or None,
                )  # fmt: skip
                members.append(sibling)
            else:  # a domestic helper (保姆)
                h_origin = w.migrant_origin(rng, 1975)
                birth = self._birth(rng.triangular(28.0, 60.0, 46.0), h_origin)
                sex = "2" if rnd() < 0.9 else "1"
                h_arrival = self._arrival(birth, since)
                members.append(
                    self._person(h_origin, sex, birth, "99", home, h_arrival, REASON_WORK)
                )
            left -= 1
        return members, since

    def _shared(
        self, site: _Site, dwelling_id: int, size: int, mix: tuple[float, float, float]
    ) -> tuple[list[_Member], int]:
        """Unrelated co-tenants sharing a flat (合租)."""
        w, rng = self.w, self.rng
        rnd = rng.random
        since = _REF_ORD - max(30, _years(rng.triangular(0.08, 4.0, 0.8)))
        home = _Home(dwelling_id, site.comm.sub_name, since)
        group_sex = "1" if rnd() < 0.6 else "2"
        same_sex = rnd() < 0.8
        members: list[_Member] = []
        for i in range(size):
            origin = w.origin_for(rng, mix, 1995)
            sex = group_sex if same_sex else ("1" if rnd() < 0.5 else "2")
            birth = self._birth(rng.triangular(18.0, 45.0, 25.0), origin)
            start = min(max(since, birth + _years(17)), _REF_ORD - 1)
            arrival = None if origin.local else self._arrival(birth, start)
            reason = (
                REASON_WORK if rnd() < 0.85 else REASON_STUDY if rnd() < 0.5 else REASON_BUSINESS
            )
            relation = "02" if i == 0 else "99"
            members.append(
                self._person(origin, sex, birth, relation, home, arrival, reason, since=start)
            )
        return members, since

    def _dorm_room(
        self, site: _Site, dwelling_id: int, size: int, employer: int
    ) -> tuple[list[_Member], int]:
        w, rng = self.w, self.rng
        since = _REF_ORD - max(30, _years(rng.triangular(0.05, 5.0, 1.0)))
        home = _Home(dwelling_id, site.comm.sub_name, since)
        sex = "1" if rng.random() < 0.55 else "2"  # rooms are single-sex
        members: list[_Member] = []
        for _ in range(size):
            origin = w.local_origin(rng) if rng.random() < 0.03 else w.migrant_origin(rng, 1998)
            birth = self._birth(rng.triangular(18.0, 45.0, 23.0), origin)
            start = min(max(since, birth + _years(18)), _REF_ORD - 1)
            arrival = None if origin.local else self._arrival(birth, start)
            members.append(
                self._person(
                    origin,
                    sex,
                    birth,
                    "",
                    home,
                    arrival,
                    REASON_WORK,
                    since=start,
                    employer=employer,
                )
            )
        return members, since

    def _unhoused(self) -> None:
        """A person registered in the district who lives in none of its dwellings."""
        rng = self.rng
        w = self.w
        origin = w.local_origin(rng) if rng.random() < 0.88 else w.hmt_origin(rng)
        birth = self._birth(rng.triangular(0.0, 90.0, 35.0), origin)
        self._person(origin, "1" if rng.random() < 0.5 else "2", birth, "", _NOWHERE, None, "")

    # ---- persons -----------------------------------------------------------------------------

    def _person(
        self,
        origin: _Origin,
        sex: str,
        birth_ord: int,
        relation: str,
        home: _Home,
        arrival_ord: int | None,
        reason: str,
        *,
        since: int | None = None,
        surname: str | None = None,
        father_given: str | None = None,
        ethnicity: str | None = None,
        employer: int | None = None,
    ) -> _Member:
        """One person's row, number, job and papers; ``since`` overrides ``home.since``."""
        dwelling_id, sub_name = home.dwelling_id, home.sub_name
        since_ord = since if since is not None else home.since
        address = home.address if origin is home.origin else None
        w, rng = self.w, self.rng
        person_id = self.created + 1
        self.created = person_id
        birth_ord = min(birth_ord, _REF_ORD - 1)
        kind = origin.kind
        if kind is IdKind.FOREIGNER_2017:
            birth_ord = max(birth_ord, _FOREIGNER_2017_EARLIEST)
        birth = date.fromordinal(birth_ord)
        age = (_REF_ORD - birth_ord) / _YEAR
        eth = (ethnicity or w.ethnicity_for(rng, origin)) if kind is IdKind.CITIZEN else ""
        given = ""
        if kind in (IdKind.FOREIGNER_2017, IdKind.FOREIGNER_2023):
            name, family = w.foreign_name(rng, origin, sex, surname or "")
        else:
            special = (
                w.minority_given(rng, sex, eth, father_given) if eth not in ("", N.HAN) else None
            )
            if special is not None:
                name, given = special
                family = ""
            else:
                family = surname or w.surname(rng, origin.region[:2])
                given = w.given(rng, sex, birth.year)
                name = family + given
        spec = w.number_spec(rng, origin, sex, birth)
        housed = dwelling_id is not None
        mover = housed and not origin.local
        arrival: int | None = None
        if mover:
            start = arrival_ord if arrival_ord is not None else (since_ord or _REF_ORD - 1)
            arrival = min(max(start, birth_ord), _REF_ORD - 1)
        self.batch.persons.append(
            {
                "id": person_id,
                "id_type": kind.value,
                "id_number": make_number_from_spec(spec),
                "name": name,
                "sex": sex,
                "ethnicity": eth,
                "nationality": origin.nationality,
                "birth_date": birth,
                "household_address": address or origin.household_address,
                "is_migrant": mover,
                "arrival_date": date.fromordinal(arrival) if arrival is not None else None,
                "arrival_reason": reason if mover else "",
                "phone": w.phone(rng) if age >= 12 else "",
                "photo_ref": f"synthetic://photo/{person_id}",
                "current_dwelling_id": dwelling_id,
                "relation_to_householder": relation,
            }
        )
        self.batch.person_specs.append(spec)
        self._employment(person_id, birth_ord, age, sex, origin, arrival, employer, housed)
        if mover and kind is IdKind.CITIZEN and since_ord is not None and arrival is not None:
            self._resident_certs(person_id, birth_ord, arrival, since_ord, sub_name)
        if housed and age >= 20:
            self.adults.add((person_id, birth_ord))
        return _Member(
            person_id, sex, birth_ord, relation, family, given, origin, eth, arrival, since_ord
        )

    def _employment(
        self,
        person_id: int,
        birth_ord: int,
        age: float,
        sex: str,
        origin: _Origin,
        arrival: int | None,
        employer: int | None,
        housed: bool,
    ) -> None:
        rng = self.rng
        rnd = rng.random
        if employer is None:
            if age < 18:
                return
            if age >= (60 if sex == "1" else 55):
                p = 0.08 if age < 70 else 0.0
            else:
                p = (
                    0.72
                    if origin.local
                    else 0.55
                    if origin.kind is IdKind.HMT_PERMIT
                    else 0.85
                    if origin.kind is not IdKind.CITIZEN
                    else 0.9
                )
                if age < 23:
                    p *= 0.6
            if not housed:
                p *= 0.4
            if rnd() >= p:
                return
            employer = 1 + int(self.n_units * rnd() ** 2)
        start = max(birth_ord + _years(18), arrival or 0, _REF_ORD - _years(20))
        end = _REF_ORD - 15
        since = min(start, end) if start >= end else rng.randint(start, end)
        if since - start > _years(2) and rnd() < 0.12:
            self._employment_row(
                person_id,
                1 + int(self.n_units * rnd() ** 2),
                rng.randint(start, since - 365),
                since,
            )
        self._employment_row(person_id, employer, since, None)

    def _employment_row(self, person_id: int, unit_id: int, since: int, until: int | None) -> None:
        self.batch.employments.append(
            {
                "id": self._next("employment"),
                "person_id": person_id,
                "unit_id": unit_id,
                "occupation_code": self.w.occupation(self.rng.random),
                "since": date.fromordinal(since),
                "until": date.fromordinal(until) if until is not None else None,
            }
        )

    # ---- certificates ------------------------------------------------------------------------

    def _serial(self, cert_type: str) -> int:
        n = self.cert_counter.get(cert_type, 0) + 1
        self.cert_counter[cert_type] = n
        return n

    def _cert(
        self,
        person_id: int,
        cert_type: str,
        number: str,
        issuer: str,
        issued: date,
        valid_until: date | None,
        revoked: bool = False,
    ) -> None:
        self.batch.certificates.append(
            {
                "id": self._next("certificate"),
                "person_id": person_id,
                "cert_type": cert_type,
                "cert_number": number,
                "issuer": issuer,
                "issued_on": issued,
                "valid_until": valid_until,
                "revoked": revoked,
            }
        )

    def _resident_certs(
        self, person_id: int, birth_ord: int, arrival: int, since: int, sub_name: str
    ) -> None:
        """A migrant's residence registration receipt (居住登记凭证) and residence permit (居住证).

        The permit needs six months' residence and age 16. Its ``valid_until`` is the next
        annual endorsement (签注) date; for about one holder in eight that date has passed
        (the endorsement was missed and the permit's functions are suspended).
        """
        rng = self.rng
        rnd = rng.random
        last = _REF_ORD - 1
        if rnd() < 0.85:
            issued = date.fromordinal(min(max(arrival, since) + rng.randint(0, 30), last))
            station = sub_name.removesuffix("街道")
            self._cert(
                person_id,
                "居住登记凭证",
                f"宝居登{issued.year}{self._serial('居住登记凭证'):08d}",
                f"深圳市公安局宝安分局{station}派出所",
                issued,
                None,
            )
        first = max(arrival + 183, birth_ord + _years(16))
        if first < last and rnd() < 0.6:
            issued = date.fromordinal(min(first + rng.randint(0, 360), last))
            years = (_REF_ORD - issued.toordinal()) // 365
            due = _add_years(issued, years + 1)
            if years >= 1 and rnd() < 0.12:
                due = _add_years(issued, years)
            self._cert(
                person_id,
                "居住证",
                f"深居证宝安{issued.year}{self._serial('居住证'):08d}",
                "深圳市公安局宝安分局",
                issued,
                due,
                rnd() < 0.01,
            )

    def _rental_cert(self, owner_id: int, since: int, comm: _Community) -> None:
        """The landlord's rental filing certificate (房屋租赁登记备案凭证) for one lease."""
        rng = self.rng
        issued = date.fromordinal(min(since + rng.randint(0, 25), _REF_ORD - 1))
        self._cert(
            owner_id,
            "房屋租赁登记备案凭证",
            f"深房租宝安{issued.year}{self._serial('房屋租赁登记备案凭证'):07d}",
            f"深圳市宝安区{comm.sub_name}出租屋综合管理所",
            issued,
            _add_years(issued, rng.randint(1, 3)),
        )

    def _property_cert(self, owner_ids: list[int], since: int) -> None:
        """One property certificate per dwelling, held by each co-owner: the 不动产权证书 of
        unified registration (2015 on), or the older 房地产证 for earlier purchases."""
        rng = self.rng
        if rng.random() >= 0.88:
            return
        issued = date.fromordinal(min(since + rng.randint(10, 120), _REF_ORD - 1))
        if issued.year >= 2015:
            cert_type, issuer = "不动产权证书", "深圳市规划和自然资源局"
            number = f"粤({issued.year})深圳市不动产权第{self._serial(cert_type):07d}号"
        else:
            cert_type, issuer = "房地产证", "深圳市房地产权登记中心"
            number = f"深房地字第{3000000000 + self._serial(cert_type)}号"
        for owner_id in owner_ids:
            self._cert(owner_id, cert_type, number, issuer, issued, None)

    def _marriage(self, a: _Member, b: _Member) -> None:
        """The marriage certificate (结婚证) of a citizen couple; each spouse holds one."""
        rng = self.rng
        if a.origin.kind is not IdKind.CITIZEN or b.origin.kind is not IdKind.CITIZEN:
            return
        if a.sex == b.sex or rng.random() >= 0.92:
            return
        husband, wife = (a, b) if a.sex == "1" else (b, a)
        lo = max(husband.birth_ord + _years(22), wife.birth_ord + _years(20))
        hi = _REF_ORD - 1
        if lo > hi:
            return
        issued = date.fromordinal(lo + rng.randint(0, min(hi - lo, _years(8))))
        region = husband.origin.region
        number = f"J{region}-{issued.year}-{self._serial('结婚证') % 1_000_000:06d}"
        issuer = f"{_region_full_name(region)}民政局"
        for person in (husband, wife):
            self._cert(person.id, "结婚证", number, issuer, issued, None)
