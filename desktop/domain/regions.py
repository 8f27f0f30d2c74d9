"""Administrative division codes (GB/T 2260): names for the region part of ID numbers.

The table lives in ``data/gb2260_regions.tsv`` (``code<TAB>name<TAB>status``; lines starting with
``#`` are comments naming the source and licence). It holds current *and* historical codes,
because an ID number keeps the code of the place where it was first issued, even after that county
was merged or renamed. It is read once, on first use.

Only the identity rules use it, and only as a soft check: an unknown code is a warning, never an
error (the table is a snapshot and the state renames counties every year).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Literal

RegionLevel = Literal["province", "prefecture", "county"]

_DATA_PACKAGE = "desktop.domain.data"
_DATA_FILE = "gb2260_regions.tsv"

#: Codes of the special administrative regions and Taiwan. Citizen numbers of people registered
#: there are rare; 810000/820000/830000 mark HK/Macao/Taiwan residence permits.
SPECIAL_PROVINCE_PREFIXES: frozenset[str] = frozenset({"71", "81", "82", "83"})

#: Names that stand for a grouping rather than a place ("districts under the city", "counties",
#: "county-level units directly under the province"). They are real codes, but nobody is born in
#: one today, so the synthetic-data helpers skip them and full names leave them out.
PLACEHOLDER_NAMES: frozenset[str] = frozenset(
    {
        "市辖区",
        "县",
        "市区",
        "省直辖县级行政单位",
        "省直辖县级行政区划",
        "自治区直辖县级行政区划",
    }
)


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    current: bool  # False: abolished or renamed since (still valid in older ID numbers)

    @property
    def level(self) -> RegionLevel:
        level = region_level(self.code)
        assert level is not None  # the loader only admits well-formed codes
        return level


def region_level(code: str) -> RegionLevel | None:
    """The level a 6-digit code denotes by its shape, or None if it is not 6 ASCII digits."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


@functools.cache
def _table() -> dict[str, Region]:
    text = resources.files(_DATA_PACKAGE).joinpath(_DATA_FILE).read_text(encoding="utf-8")
    table: dict[str, Region] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        code, name = fields[0].strip(), fields[1].strip() if len(fields) > 1 else ""
        status = fields[2].strip() if len(fields) > 2 else "current"
        if region_level(code) is None or not name or status not in ("current", "historical"):
            raise ValueError(f"{_DATA_FILE} line {lineno}: malformed row {line!r}")
        table[code] = Region(code, name, status == "current")
    return table


def lookup_region(code: str) -> Region | None:
    """The table row for ``code``, or None if the code is unknown."""
    return _table().get(code)


def region_name(code: str) -> str | None:
    """The (latest) name of ``code`` as listed in GB/T 2260, e.g. ``"朝阳区"``; None if unknown."""
    region = _table().get(code)
    return region.name if region is not None else None


def is_known_region(code: str) -> bool:
    """True when ``code`` is in the table (current or historical)."""
    return code in _table()


def region_full_name(code: str) -> str | None:
    """Province, prefecture and county names joined, e.g. ``"北京市朝阳区"``; None if unknown.

    Bare county names repeat across provinces (there are two 朝阳区), so this is what to show.
    Grouping entries such as 市辖区 are left out of the parents but kept when they are the code
    itself.
    """
    table = _table()
    region = table.get(code)
    if region is None:
        return None
    parents: list[str] = []
    level = region.level
    if level != "province":
        parents.append(code[:2] + "0000")
    if level == "county":
        parents.append(code[:4] + "00")
    names = [
        parent.name
        for parent in (table.get(c) for c in parents)
        if parent is not None and parent.name not in PLACEHOLDER_NAMES
    ]
    names.append(region.name)
    return "".join(names)


def all_region_codes(
    level: RegionLevel,
    *,
    include_historical: bool = False,
    include_special: bool = False,
) -> tuple[str, ...]:
    """Codes of one level, sorted, for generating realistic synthetic numbers.

    County level means codes not ending in ``00``. By default only codes in current use, without
    grouping entries (市辖区 …) and without Taiwan / Hong Kong / Macao (71/81/82/83: numbers with
    those regions are not ordinary citizen numbers).
    """
    if level not in ("province", "prefecture", "county"):
        raise ValueError(f"unknown region level {level!r}")
    return tuple(
        sorted(
            r.code
            for r in _table().values()
            if r.level == level
            and (include_historical or r.current)
            and (include_special or r.code[:2] not in SPECIAL_PROVINCE_PREFIXES)
            and r.name not in PLACEHOLDER_NAMES
        )
    )
