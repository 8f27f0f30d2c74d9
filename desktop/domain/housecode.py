"""House codes (Shenzhen style): 25 digits in 8 levels.

province 2 + city 2 + district 2 + sub-district 3 + community 3 + base grid 2 + building 5 +
room 6, e.g. ``4403070030030400042000003``. The first 19 digits identify the building.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.errors import CodedError

HOUSE_CODE_LENGTH = 25
BUILDING_CODE_LENGTH = 19
LEVELS: tuple[tuple[str, int], ...] = (
    ("province", 2),
    ("city", 2),
    ("district", 2),
    ("sub_district", 3),
    ("community", 3),
    ("grid", 2),
    ("building", 5),
    ("room", 6),
)


class HouseCodeErrorCode(StrEnum):
    BAD_LENGTH = "house_code.bad_length"
    NOT_DIGITS = "house_code.not_digits"
    ZERO_LEVEL = "house_code.zero_level"


class HouseCodeError(CodedError, ValueError):
    code: HouseCodeErrorCode

    def __init__(self, code: HouseCodeErrorCode, message: str) -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True, slots=True)
class HouseCode:
    code: str
    province: str
    city: str
    district: str
    sub_district: str
    community: str
    grid: str
    building: str
    room: str

    @property
    def region_code(self) -> str:
        """The 6-digit administrative division (GB/T 2260) of the dwelling."""
        return self.code[:6]

    @property
    def building_code(self) -> str:
        return self.code[:BUILDING_CODE_LENGTH]


def parse_house_code(text: str) -> HouseCode:
    code = text.strip()
    if len(code) != HOUSE_CODE_LENGTH:
        raise HouseCodeError(
            HouseCodeErrorCode.BAD_LENGTH,
            f"A house code has {HOUSE_CODE_LENGTH} digits; got {len(code)} characters.",
        )
    if not (code.isascii() and code.isdigit()):
        raise HouseCodeError(HouseCodeErrorCode.NOT_DIGITS, "A house code has digits only.")
    parts: dict[str, str] = {}
    pos = 0
    for name, width in LEVELS:
        parts[name] = code[pos : pos + width]
        pos += width
    for name in ("province", "city", "building"):
        if set(parts[name]) == {"0"}:
            raise HouseCodeError(
                HouseCodeErrorCode.ZERO_LEVEL, f"The {name.replace('_', ' ')} level is all zeros."
            )
    return HouseCode(code=code, **parts)


def make_house_code(
    region6: str, sub_district: int, community: int, grid: int, building: int, room: int
) -> str:
    """Assemble a house code from its levels (the synthetic generator uses this)."""
    code = f"{region6}{sub_district:03d}{community:03d}{grid:02d}{building:05d}{room:06d}"
    return parse_house_code(code).code
