"""The kiosk's records and refusals, as plain values (no I/O): what the core's
:class:`~desktop.services.kiosk.KioskDesk` returns and what the kiosk's window and the clerk's
declarations list read.

Kept in the domain so that ``ui/`` can type its ports with them (it imports no service that
holds a database).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from desktop.domain.cases import CaseState
from desktop.domain.errors import CodedError
from desktop.domain.identity import mask_id_number, normalise_id_text
from desktop.domain.permissions import Principal
from desktop.domain.visit import CardSnapshot

__all__ = [
    "CHANNEL",
    "DECLARATIONS_TOPIC",
    "DECLARATION_CLAIMED",
    "DECLARATION_WAITING",
    "PHONE_DIGITS",
    "Declaration",
    "DeclarationReceipt",
    "EndReason",
    "KioskCase",
    "KioskDocument",
    "KioskError",
    "KioskErrorCode",
    "KioskSession",
    "OwedMaterial",
    "PendingDeclaration",
    "TicketTaken",
    "declarant_key",
]

#: The channel a kiosk's declarations and ratings are recorded under.
CHANNEL = "kiosk"
#: The live feed's topic for "the kiosk declarations waiting for a clerk changed" (one was
#: made, claimed or handed back): the clerks' lists refresh on it.
DECLARATIONS_TOPIC = "kiosk:declarations"
#: A kiosk declaration's state, in its draft's ``declaration_state`` column (NULL: a window's
#: own draft): waiting for a clerk, or claimed by one (the draft then has the clerk's user).
DECLARATION_WAITING = "waiting"
DECLARATION_CLAIMED = "claimed"


def declarant_key(number: str) -> str:
    """What a declaration's draft is found by for its declaring person (``declarant_masked``):
    the number masked (region and last four, as a case's ``applicant_id_masked``). Not unique,
    so the look-up checks the number kept in the draft's form; the keyed pseudonym is not
    used because a migration cannot compute it (the hall secret is kept outside the
    database) and existing drafts are filled in by one."""
    return mask_id_number(normalise_id_text(number))[:32]


#: The lengths a phone number may have at the kiosk: a mobile (11), a landline (7, or 12 with
#: its area code).
PHONE_DIGITS = (7, 11, 12)


class EndReason(StrEnum):
    """Why a kiosk session ended (audited with the end)."""

    CARD_REMOVED = "card_removed"
    DONE = "done"
    IDLE = "idle"


class KioskErrorCode(StrEnum):
    NO_DWELLING = "kiosk.no_dwelling"
    DWELLING_NOT_CONFIRMED = "kiosk.dwelling_not_confirmed"
    BAD_PHONE = "kiosk.bad_phone"
    MATTER_NOT_ALLOWED = "kiosk.matter_not_allowed"
    RARE_CHARACTERS = "kiosk.rare_characters"
    DECLARATION_GONE = "kiosk.declaration_gone"
    NOT_CLAIMANT = "kiosk.not_claimant"


_MESSAGES: dict[str, tuple[str, str]] = {
    "kiosk.no_dwelling": (
        "The registry knows no dwelling of yours: please declare at a window.",
        "登记系统中没有您的住所信息，请到窗口办理。",
    ),
    "kiosk.dwelling_not_confirmed": (
        "The dwelling was not confirmed: please declare at a window.",
        "未确认住所，请到窗口办理。",
    ),
    "kiosk.bad_phone": (
        "Please enter a phone number of 11 digits (or a landline of 7 or 12).",
        "请输入11位手机号码（或7位、12位固定电话）。",
    ),
    "kiosk.matter_not_allowed": (
        "This matter cannot be declared at the kiosk: please go to a window.",
        "该事项不能在自助终端申报，请到窗口办理。",
    ),
    "kiosk.rare_characters": (
        "Your name has a rare character: please declare at a window.",
        "您的姓名含生僻字，请到窗口办理。",
    ),
    "kiosk.declaration_gone": (
        "This declaration is no longer waiting (taken by another clerk).",
        "该申报已不在待确认列表中（可能已由其他工作人员处理）。",
    ),
    "kiosk.not_claimant": (
        "This declaration is not held by you (or is no longer a declaration).",
        "该申报不在您名下（或已不是待确认的申报）。",
    ),
}


class KioskError(CodedError):
    """Something the kiosk cannot do for this person; ``code`` says what."""

    code: KioskErrorCode

    def __init__(self, code: KioskErrorCode) -> None:
        en, zh = _MESSAGES[code.value]
        super().__init__(en, zh, code=code)


@dataclass(frozen=True, slots=True)
class KioskSession:
    """One card holder at the kiosk: the principal acting for them, and what the screen greets."""

    principal: Principal
    #: The name as on the card (the greeting); the number is only ever shown masked.
    name: str
    masked_id: str
    #: The card's name has characters a font may not render (生僻字): the kiosk sends the
    #: person to a window for printing and declaring.
    rare_characters: bool
    opened_at: datetime
    card: CardSnapshot


@dataclass(frozen=True, slots=True)
class OwedMaterial:
    name_zh: str
    name_en: str
    #: Bring it by this day (容缺: the supplement deadline); None when none is set.
    deadline: date | None


@dataclass(frozen=True, slots=True)
class KioskCase:
    """A case as the card holder reads it at the kiosk (the UI words the state).

    A self-declaration still waiting for a clerk is listed too, in state ``DRAFT`` with no
    number yet (``declared`` is True).
    """

    number: str
    matter_zh: str
    matter_en: str
    state: CaseState
    received_on: date
    promised_date: date | None
    #: Materials still owed after a 容缺 acceptance, or missing after a one-time notification.
    owed: tuple[OwedMaterial, ...]
    #: The result (certificate) waits at the window.
    ready: bool
    #: Where to go for it ("" when nothing is to be done at the hall).
    where: str
    #: Finished, and its latest visit not rated yet (一次一评).
    rateable: bool
    overdue: bool = False
    #: A self-declaration made at the kiosk, not yet confirmed by a clerk.
    declared: bool = False


@dataclass(frozen=True, slots=True)
class KioskDocument:
    number: str
    kind: str
    title_zh: str
    title_en: str
    case_number: str
    issued_on: date


@dataclass(frozen=True, slots=True)
class Declaration:
    """A self-declaration ready to confirm: the matter and what the registry pre-filled."""

    matter_code: str
    matter_zh: str
    matter_en: str
    #: The dwelling the registry knows (the citizen confirms it: input one).
    address: str
    house_code: str
    #: The phone the registry knows, if any (the citizen confirms or types one: input two).
    phone: str
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DeclarationReceipt:
    draft_id: str
    matter_zh: str
    matter_en: str
    where: str


@dataclass(frozen=True, slots=True)
class TicketTaken:
    number: str
    queue_name_zh: str
    waiting_before: int
    print_job_id: int | None
    #: A checked-in booking's slot start, in the hall's time (None for an ordinary ticket).
    booked_for: datetime | None = None


@dataclass(frozen=True, slots=True)
class PendingDeclaration:
    """A kiosk declaration waiting for a clerk, as the clerks' list shows it: what, when,
    where, and whose — the number and the name masked (the desk shows the person once
    claimed)."""

    draft_id: str
    matter_code: str
    matter_zh: str
    matter_en: str
    masked_id: str
    masked_name: str
    #: The kiosk (station) it was declared at.
    station: str
    declared_at: datetime


def masked_name(name: str) -> str:
    """The surname shown, the rest hidden (others may be looking); a foreign name: its first
    letter."""
    name = name.strip()
    if not name:
        return ""
    if " " in name or name.isascii():
        return name.split()[0][:1] + "***"
    return name[0] + "*" * (len(name) - 1)
