"""The district's shape: communities, building kinds, estates, origins, members and tuning."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from desktop.demo.seeding import names as N
from desktop.demo.seeding._common import (
    _YEAR,
    HOST_REGION,
)
from desktop.demo.seeding._random import _Pick, _stream_seed
from desktop.demo.seeding.ids import (
    _region_full_name,
)
from desktop.domain.identity import (
    IdKind,
)

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
