"""The demo card deck: synthetic identity cards of people in the seeded (synthetic) registry.

The demo reader (:class:`devices.demo.DemoReaderBackend`) lays these cards on its reader, so a
window can be shown and trained on without hardware, and every card leads somewhere useful in
the registry. The deck holds, in this order (a role is left out when the registry has nobody
for it, and the next role moves up):

1. a tenant whose dwelling has a landlord and who has an employer;
2. a landlord who lets a dwelling;
3. a migrant (流动人口);
4. an HK/Macao/Taiwan residence permit holder;
5. a foreigner with a 2017 permanent residence card;
6. a foreigner with a 2023 permanent residence card;
7. an expired resident card (valid-to in the past) of a registry person;
8. a person who is NOT in the registry (a valid number no person has);

then, for a larger ``size``, a resident whose name has a rare character (生僻字) if one exists and
more residents. Each card is what a card issued to that person would hold: the household
registration address (an HMT permit: the address of residence in the mainland), the police
bureau of the region as issuing authority, a validity period consistent with the age at issue
(resident cards 5/10/20 years or 长期; permits and foreigner cards 5 or 10 years).

**Real people never go into a demo deck**: the registry must be marked synthetic
(``registry_meta``: ``synthetic = true``), otherwise :class:`DemoDeckError`. Building a deck reads
personal data of the (synthetic) registry, so it is recorded as one audit event
(``demo.deck``).

Every document went through :func:`~devices.idcard.textblock.build_text_block` and
:func:`~devices.idcard.textblock.parse_text_block` once, so a card that no real card could hold
never enters the deck, and each has ``demo=True``.
"""

from __future__ import annotations

import hashlib
import logging
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import partial
from typing import Any, Final

from sqlalchemy import ColumnElement, Connection, RowMapping, and_, exists, func, or_, select
from sqlalchemy.sql import Select

from desktop.demo.seeding import HOST_REGION
from desktop.demo.seeding import names as N
from desktop.domain import regions
from desktop.domain.errors import CodedError
from desktop.domain.identity import IdKind, make_citizen_number, mask_id_number
from desktop.domain.registry import Actor
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import (
    Dwelling,
    DwellingParty,
    Employment,
    Person,
    RegistryMeta,
    StandardAddress,
)
from desktop.persistence.prepared import as_date
from desktop.services.audit import append_event
from desktop.services.status import META_SYNTHETIC, is_synthetic_value
from devices.idcard.document import CardType, IdentityDocument
from devices.idcard.errors import CardReadError
from devices.idcard.textblock import build_text_block, parse_text_block

__all__ = [
    "DEMO_DECK_ACTION",
    "DEMO_DECK_PURPOSE",
    "DemoCard",
    "DemoDeckError",
    "DemoRole",
    "card_validity",
    "demo_cards",
    "demo_deck",
    "police_authority",
]

log = logging.getLogger(__name__)

DEMO_DECK_ACTION: Final = "demo.deck"
DEMO_DECK_PURPOSE: Final = "demo card deck"
DEFAULT_SIZE: Final = 8

#: Candidates read per role; the first whose card can be written is taken.
_CANDIDATES: Final = 25
#: The widths of the text block's fields, in UCS-2 characters.
_NAME_CHARS: Final = 15
_ADDRESS_CHARS: Final = 35
_AUTHORITY_CHARS: Final = 15
_ENGLISH_2017_CHARS: Final = 60
_ENGLISH_2023_CHARS: Final = 46

#: When the residence permits and the two foreigner cards were first issued.
_HMT_PERMIT_FROM: Final = date(2018, 9, 1)
_FOREIGNER_2017_FROM: Final = date(2017, 6, 28)
_FOREIGNER_2017_UNTIL: Final = date(2023, 11, 30)
_FOREIGNER_2023_FROM: Final = date(2023, 12, 1)

#: The person who is not in the registry: a fixed, plausible visitor.
_STRANGER_NAME: Final = "杜雨桐"
_STRANGER_SEX: Final = "2"
_STRANGER_REGION: Final = "430104"  # 湖南省长沙市岳麓区
_STRANGER_BIRTH: Final = date(1992, 3, 14)
_STRANGER_STREET: Final = "桃子湖路18号"

#: Name characters the card cannot hold in UCS-2 (the parser lists them as rare characters).
_RARE_NAME_CHARS: Final = tuple(c for c, _ in N.RARE_CHARACTERS if ord(c) > 0xFFFF)


class DemoDeckError(CodedError):
    """No demo deck can be made from this registry; the message says why and what to do."""

    code = "demo.error"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


class DemoRole(StrEnum):
    TENANT = "tenant"  # with a landlord and an employer
    LANDLORD = "landlord"
    MIGRANT = "migrant"
    HMT_PERMIT = "hmt_permit"
    FOREIGNER_2017 = "foreigner_2017"
    FOREIGNER_2023 = "foreigner_2023"
    EXPIRED = "expired"
    NOT_IN_REGISTRY = "not_in_registry"
    RARE_CHARACTER = "rare_character"
    RESIDENT = "resident"


@dataclass(frozen=True, slots=True)
class DemoCard:
    """One card of the deck and why it is there."""

    role: DemoRole
    document: IdentityDocument
    #: False only for the :attr:`DemoRole.NOT_IN_REGISTRY` card.
    in_registry: bool = True


# ---- validity, authority ----------------------------------------------------------------------


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _resident_years(age: int) -> int | None:
    """GB resident cards: under 16 five years, 16-25 ten, 26-45 twenty, from 46 长期 (None)."""
    if age < 16:
        return 5
    if age < 26:
        return 10
    if age < 46:
        return 20
    return None


def _periods(
    card_type: CardType, birth: date, offset_days: int
) -> Iterable[tuple[date, date | None]]:
    """The successive validity periods of the cards a person holds, first to last."""
    if card_type is CardType.RESIDENT:
        start = _add_years(birth, 16) + timedelta(days=offset_days)
        while True:
            years = _resident_years(_age(birth, start))
            end = None if years is None else _add_years(start, years)
            yield start, end
            if end is None:
                return
            start = end
    elif card_type is CardType.HMT_PERMIT:
        start = max(_HMT_PERMIT_FROM, _add_years(birth, 16)) + timedelta(days=offset_days)
        while True:
            end = _add_years(start, 5)
            yield start, end
            start = end
    else:
        if card_type is CardType.FOREIGNER_2017:
            span = (_FOREIGNER_2017_UNTIL - _FOREIGNER_2017_FROM).days
            start = _FOREIGNER_2017_FROM + timedelta(days=offset_days * 13 % span)
        else:
            start = _FOREIGNER_2023_FROM + timedelta(days=offset_days)
        start = max(start, birth + timedelta(days=30))
        while True:
            end = _add_years(start, 10 if _age(birth, start) >= 18 else 5)
            yield start, end
            if card_type is CardType.FOREIGNER_2017:
                return  # no 2017 cards after November 2023
            start = end


def card_validity(
    card_type: CardType, birth: date, today: date, *, offset_days: int = 0, expired: bool = False
) -> tuple[date, date | None, int]:
    """``(valid_from, valid_to, issue_number)`` of the card the person holds on ``today``
    (``valid_to`` None: 长期; ``issue_number`` 1 for the first card), or with ``expired`` the
    last card whose validity ended before ``today``.

    ``offset_days`` (0-179) moves the first issue after its earliest day, as real issue dates
    are spread. Raises :class:`ValueError` when there is no such card (the person was too young,
    or no card has expired yet).
    """
    previous: tuple[date, date | None, int] | None = None
    for number, (start, end) in enumerate(_periods(card_type, birth, offset_days), start=1):
        if start > today:
            break
        if end is None or end >= today:
            if expired:
                break
            return start, end, number
        previous = (start, end, number)
        if number > 50:  # pragma: no cover - a guard, not a case
            break
    if expired and previous is not None:
        return previous
    raise ValueError(f"no {'expired' if expired else 'current'} card on {today.isoformat()}")


def police_authority(region_code: str) -> str:
    """A plausible issuing authority for a 6-digit region: ``深圳市公安局宝安分局`` for a city
    district, ``浏阳市公安局`` / ``宁乡县公安局`` for a county, ``北京市公安局西城分局`` in a
    municipality; at most 15 characters (the card's field)."""
    region = regions.lookup_region(region_code)
    if region is None:
        return "公安局"
    if region.level == "province":
        return _fit(f"{region.name}公安厅", f"{region.name}公安局")
    if region.level == "prefecture":
        return _fit(f"{region.name}公安局", "公安局")
    prefecture = regions.lookup_region(region_code[:4] + "00")
    city = (
        prefecture.name
        if prefecture is not None and prefecture.name not in regions.PLACEHOLDER_NAMES
        else (regions.region_name(region_code[:2] + "0000") or "")
    )
    name = region.name
    if name.endswith("区") and len(name) > 2 and city.endswith("市"):
        return _fit(f"{city}公安局{name[:-1]}分局", f"{name}公安分局", f"{name}公安局")
    return _fit(f"{name}公安局", "公安局")


def _fit(*choices: str) -> str:
    for choice in choices:
        if len(choice) <= _AUTHORITY_CHARS:
            return choice
    return choices[-1][:_AUTHORITY_CHARS]


def _offset(number: str) -> int:
    """A stable spread (0-179 days) of issue dates, from the number."""
    return int(hashlib.sha256(number.encode()).hexdigest()[:8], 16) % 180


# ---- English names of 2023 foreigner cards ------------------------------------------------------

_LATIN_FAMILY: Final[Mapping[str, str]] = {
    cn: latin
    for table in (
        N.WESTERN_SURNAMES,
        N.KOREAN_SURNAMES,
        N.JAPANESE_SURNAMES,
        N.CHINESE_LATIN_SURNAMES,
        N.INDIAN_SURNAMES,
    )
    for latin, cn in table
}
_LATIN_GIVEN: Final[Mapping[str, str]] = {
    cn: latin
    for table in (
        N.WESTERN_MALE,
        N.WESTERN_FEMALE,
        N.KOREAN_MALE,
        N.KOREAN_FEMALE,
        N.JAPANESE_MALE,
        N.JAPANESE_FEMALE,
        N.CHINESE_LATIN_MALE,
        N.CHINESE_LATIN_FEMALE,
        N.INDIAN_MALE,
        N.INDIAN_FEMALE,
    )
    for latin, cn in table
}


def _english_name(chinese: str) -> str:
    """``FAMILY, GIVEN`` for a synthetic foreigner's Chinese name ("" when not known)."""
    if "·" in chinese:
        given, _, family = chinese.partition("·")
        if given in _LATIN_GIVEN and family in _LATIN_FAMILY:
            return f"{_LATIN_FAMILY[family]}, {_LATIN_GIVEN[given]}"
        return ""
    for cut in range(1, len(chinese)):
        family, given = chinese[:cut], chinese[cut:]
        if family in _LATIN_FAMILY and given in _LATIN_GIVEN:
            return f"{_LATIN_FAMILY[family]}, {_LATIN_GIVEN[given]}"
    return ""


def _pass_number(region: str, number: str) -> str:
    """The travel permit number on an HMT residence permit (H/M + 8 digits; Taiwan: 8)."""
    digits = f"{int(hashlib.sha256(('pass:' + number).encode()).hexdigest()[:12], 16) % 10**8:08d}"
    return {"810000": "H", "820000": "M"}.get(region, "") + digits


# ---- reading the registry ---------------------------------------------------------------------

_p = Person.__table__
_d = Dwelling.__table__
_a = StandardAddress.__table__
_dp = DwellingParty.__table__
_e = Employment.__table__
_m = RegistryMeta.__table__

_BASE: Final[Select[Any]] = select(
    _p.c.id,
    _p.c.id_type,
    _p.c.id_number,
    _p.c.name,
    _p.c.sex,
    _p.c.ethnicity,
    _p.c.nationality,
    _p.c.birth_date,
    _p.c.household_address,
    _a.c.full_address.label("dwelling_address"),
    _a.c.region_code.label("dwelling_region"),
).select_from(
    _p.outerjoin(_d, _d.c.id == _p.c.current_dwelling_id).outerjoin(_a, _a.c.id == _d.c.address_id)
)


def _tenant_with_landlord_and_employer() -> ColumnElement[bool]:
    tenant = _dp.alias("tenant_party")
    owner = _dp.alias("owner_party")
    landlord = exists().where(
        owner.c.dwelling_id == tenant.c.dwelling_id,
        owner.c.role == "owner",
        owner.c.until.is_(None),
        owner.c.person_id != _p.c.id,
    )
    employed = exists().where(_e.c.person_id == _p.c.id, _e.c.until.is_(None))
    return and_(
        exists().where(
            tenant.c.person_id == _p.c.id,
            tenant.c.role == "tenant",
            tenant.c.until.is_(None),
            landlord,
        ),
        employed,
    )


def _landlord_with_tenant() -> ColumnElement[bool]:
    owner = _dp.alias("owner_party")
    tenant = _dp.alias("tenant_party")
    return exists().where(
        owner.c.person_id == _p.c.id,
        owner.c.role == "owner",
        owner.c.until.is_(None),
        exists().where(
            tenant.c.dwelling_id == owner.c.dwelling_id,
            tenant.c.role == "tenant",
            tenant.c.until.is_(None),
            tenant.c.person_id != _p.c.id,
        ),
    )


class _DeckBuilder:
    def __init__(self, conn: Connection, today: date) -> None:
        self.conn = conn
        self.today = today
        self.cards: list[DemoCard] = []
        self.chosen: set[int] = set()

    def candidates(self, *conditions: ColumnElement[bool]) -> list[RowMapping]:
        query = _BASE.where(*conditions).order_by(_p.c.id).limit(_CANDIDATES)
        if self.chosen:
            query = query.where(_p.c.id.not_in(sorted(self.chosen)))
        return list(self.conn.execute(query).mappings())

    def add(self, role: DemoRole, *conditions: ColumnElement[bool], expired: bool = False) -> bool:
        for row in self.candidates(*conditions):
            document = self.card_of(row, expired=expired)
            if document is not None:
                self.cards.append(DemoCard(role, document))
                self.chosen.add(int(row["id"]))
                return True
        log.info("demo deck: no registry person for the %s card", role)
        return False

    def card_of(self, row: RowMapping, *, expired: bool = False) -> IdentityDocument | None:
        number = str(row["id_number"])
        birth = as_date(row["birth_date"])
        assert birth is not None
        kind = IdKind(row["id_type"])
        card_type = {
            IdKind.CITIZEN: CardType.RESIDENT,
            IdKind.HMT_PERMIT: CardType.HMT_PERMIT,
            IdKind.FOREIGNER_2017: CardType.FOREIGNER_2017,
            IdKind.FOREIGNER_2023: CardType.FOREIGNER_2023,
        }.get(kind)
        if card_type is None:
            return None
        try:
            valid_from, valid_to, issue = card_validity(
                card_type, birth, self.today, offset_days=_offset(number), expired=expired
            )
        except ValueError:
            return None
        name = str(row["name"])
        dwelling_region = str(row["dwelling_region"] or "")[:6]
        # What every card type holds alike; each adds its own fields below.
        card = partial(
            IdentityDocument,
            card_type=card_type,
            sex=row["sex"],
            birth_date=birth,
            id_number=number,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        if card_type is CardType.RESIDENT:
            document = card(
                name=name,
                authority=police_authority(number[:6]),
                address=str(row["household_address"]),
                ethnicity=row["ethnicity"] or "01",
                nationality="CHN",
            )
        elif card_type is CardType.HMT_PERMIT:
            address = str(row["dwelling_address"] or "")
            if not address or len(address) > _ADDRESS_CHARS:
                address = str(row["household_address"])
            document = card(
                name=name,
                authority=police_authority(dwelling_region or HOST_REGION),
                address=address,
                pass_number=_pass_number(number[:6], number),
                issue_count=issue,
            )
        elif card_type is CardType.FOREIGNER_2017:
            document = card(
                name=name,  # the English name: the registry has no Chinese name for them
                english_name=name,
                nationality=row["nationality"],
                card_version="01",
                authority_code=number[3:7],
            )
        else:
            document = card(
                name=name,
                english_name=_english_name(name),
                nationality=row["nationality"],
                issue_count=issue - 1,  # renewals
            )
        return _through_the_reader(document)

    def stranger(self) -> None:
        """A valid number nobody in the registry has."""
        taken = set(
            self.conn.scalars(
                select(_p.c.id_number).where(
                    _p.c.id_number.like(f"{_STRANGER_REGION}{_STRANGER_BIRTH:%Y%m%d}%")
                )
            )
        )
        for sequence in range(0, 1000, 2):  # even: female
            number = make_citizen_number(_STRANGER_REGION, _STRANGER_BIRTH, sequence)
            if number not in taken:
                break
        else:  # pragma: no cover - 500 persons born that day in that county
            log.info("demo deck: no free number for the person not in the registry")
            return
        valid_from, valid_to, _ = card_validity(
            CardType.RESIDENT, _STRANGER_BIRTH, self.today, offset_days=_offset(number)
        )
        address = (regions.region_full_name(_STRANGER_REGION) or "") + _STRANGER_STREET
        document = _through_the_reader(
            IdentityDocument(
                card_type=CardType.RESIDENT,
                name=_STRANGER_NAME,
                sex=_STRANGER_SEX,
                birth_date=_STRANGER_BIRTH,
                id_number=number,
                valid_from=valid_from,
                valid_to=valid_to,
                authority=police_authority(_STRANGER_REGION),
                address=address,
                ethnicity="01",
                nationality="CHN",
            )
        )
        if document is not None:
            self.cards.append(DemoCard(DemoRole.NOT_IN_REGISTRY, document, in_registry=False))


def _through_the_reader(document: IdentityDocument) -> IdentityDocument | None:
    """The document as a reader would hand it over, or None when no card could hold it."""
    try:
        return parse_text_block(build_text_block(document), demo=True)
    except (ValueError, CardReadError) as exc:
        log.debug("demo deck: a card was left out (%s)", exc)
        return None


def _is_synthetic(conn: Connection) -> bool:
    return is_synthetic_value(conn.scalar(select(_m.c.value).where(_m.c.key == META_SYNTHETIC)))


def _default_actor() -> Actor:
    return Actor(user="system:demo-deck", station=socket.gethostname()[:60])


# ---- the deck ------------------------------------------------------------------------------


def demo_cards(
    db: Database,
    *,
    size: int = DEFAULT_SIZE,
    actor: Actor | None = None,
    today: date | None = None,
) -> list[DemoCard]:
    """The deck with each card's role (see the module docstring), at most ``size`` cards.

    ``today`` (default: the system date) is the day the cards are valid on (the expired one
    expired before it). Raises :class:`DemoDeckError` (``demo.not_synthetic``) for a registry
    that is not marked synthetic, ``demo.bad_size`` for a size below 1, ``demo.empty`` when
    the registry yields no card at all.
    """
    if size < 1:
        raise DemoDeckError("demo.bad_size", "A demo deck needs at least one card.")
    today = today or date.today()
    adult = _p.c.birth_date <= _add_years(today, -18)
    citizen = _p.c.id_type == IdKind.CITIZEN.value
    fits = and_(
        func.length(_p.c.name) <= _NAME_CHARS,
        func.length(_p.c.household_address) <= _ADDRESS_CHARS,
        func.length(_p.c.household_address) > 0,
    )
    resident = and_(citizen, adult, fits)
    with uow.transaction(db) as conn:
        if not _is_synthetic(conn):
            raise DemoDeckError(
                "demo.not_synthetic",
                "The registry is not marked synthetic (registry_meta synthetic=true): a demo "
                "deck is made only from generated people, never from real ones. Use a "
                "database seeded with 'onewindow-admin seed'.",
            )
        deck = _DeckBuilder(conn, today)
        deck.add(DemoRole.TENANT, resident, _tenant_with_landlord_and_employer())
        deck.add(DemoRole.LANDLORD, resident, _landlord_with_tenant())
        deck.add(DemoRole.MIGRANT, resident, _p.c.is_migrant.is_(True))
        hmt = and_(_p.c.id_type == IdKind.HMT_PERMIT.value, adult, fits)
        # Preferably one living in the district: the permit shows the mainland address.
        deck.add(DemoRole.HMT_PERMIT, hmt, _p.c.current_dwelling_id.is_not(None)) or deck.add(
            DemoRole.HMT_PERMIT, hmt
        )
        deck.add(
            DemoRole.FOREIGNER_2017,
            _p.c.id_type == IdKind.FOREIGNER_2017.value,
            func.length(_p.c.name) <= _ENGLISH_2017_CHARS,
        )
        deck.add(
            DemoRole.FOREIGNER_2023,
            _p.c.id_type == IdKind.FOREIGNER_2023.value,
            func.length(_p.c.name) <= _NAME_CHARS,
        )
        # Aged 27-28: the 10-year card of 16 ran out in the last year or two (not renewed);
        # else anyone whose first card has run out.
        deck.add(
            DemoRole.EXPIRED,
            resident,
            _p.c.birth_date <= _add_years(today, -27),
            _p.c.birth_date > _add_years(today, -29),
            expired=True,
        ) or deck.add(
            DemoRole.EXPIRED, resident, _p.c.birth_date <= _add_years(today, -27), expired=True
        )
        deck.stranger()
        if len(deck.cards) < size and _RARE_NAME_CHARS:
            deck.add(DemoRole.RARE_CHARACTER, resident, _rare_name())
        while len(deck.cards) < size and deck.add(DemoRole.RESIDENT, resident):
            pass
        cards = deck.cards[:size]
        if not cards:
            raise DemoDeckError("demo.empty", "The registry holds nobody for a demo card.")
        append_event(
            conn,
            actor or _default_actor(),
            DEMO_DECK_ACTION,
            f"demo-deck:{len(cards)} cards",
            DEMO_DECK_PURPOSE,
            {
                "cards": len(cards),
                "roles": [card.role.value for card in cards],
                "subjects": [
                    mask_id_number(card.document.id_number) for card in cards if card.in_registry
                ],
            },
        )
    return cards


def _rare_name() -> ColumnElement[bool]:
    return or_(*(_p.c.name.contains(c, autoescape=True) for c in _RARE_NAME_CHARS))


def demo_deck(
    db: Database,
    *,
    size: int = DEFAULT_SIZE,
    actor: Actor | None = None,
    today: date | None = None,
) -> list[IdentityDocument]:
    """The demo deck's documents (see :func:`demo_cards`)."""
    return [card.document for card in demo_cards(db, size=size, actor=actor, today=today)]
