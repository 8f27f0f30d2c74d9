"""What the window hands to the case service and gets back (frozen records). (The pseudonym of
an identity number is :mod:`desktop.services.pseudonyms`', keyed with the hall's secret.)"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.cases import CaseDetail, CaseEvent
from desktop.domain.matters.materials import MaterialsOutcome, MaterialStatus
from desktop.domain.matters.model import Matter

__all__ = [
    "Acceptance",
    "Application",
    "CatalogLookup",
    "FormValidator",
    "Party",
    "ResultInfo",
    "default_validator",
]

#: The matter catalog, by implementation code (raises ``KeyError`` for an unknown code).
CatalogLookup = Callable[[str], Matter]
#: Extra checks of the form values: returns (English, Chinese) problems; empty = fine.
FormValidator = Callable[[Matter, Mapping[str, object]], Sequence[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class Party:
    """The applicant or the agent (帮办代办): name, ID type (an ``IdKind`` value or another
    document type such as ``passport``) and number."""

    name: str
    id_type: str
    id_number: str


@dataclass(frozen=True, slots=True)
class Application:
    """What the window hands over to accept (or refuse) a case."""

    matter_code: str
    applicant: Party
    form_values: Mapping[str, object] = field(default_factory=dict)
    #: Form path → where its value came from at the window: the pre-fill's source
    #: (``card.name``, ``dwelling.house_code``, …) when the value handed over is the pre-filled
    #: one, ``typed`` when the clerk typed or changed it. Stored with the case (evidence).
    form_sources: Mapping[str, str] = field(default_factory=dict)
    #: Material code → status as the clerk marked it (unmarked = missing).
    materials: Mapping[str, MaterialStatus] = field(default_factory=dict)
    #: Certificate type → number of certificates the hall already issued to the applicant.
    held_certificates: Mapping[str, str] = field(default_factory=dict)
    agent: Party | None = None
    phone: str = ""
    address: str = ""
    channel: str = "window"
    #: A number issued by the provincial platform, taken as is.
    upstream_number: str | None = None
    #: 容缺: the applicant signed the promise to supply the owed materials. Without it a
    #: shortfall cannot be accepted and the window gives the one-time notification instead.
    shortfall_promise_signed: bool = False
    #: 容缺: the supplement deadline asked for (capped at the promised date).
    supplement_by: date | None = None
    #: The draft this application was typed in: discarded in the accepting transaction.
    draft_id: str | None = None
    #: The window's id of this application (a UUID made when the form was opened), stored
    #: unique on the case: sending the same application again — a retry after the commit's
    #: acknowledgement was lost — returns the case it made, and makes no second one.
    request_id: str | None = None


@dataclass(frozen=True, slots=True)
class ResultInfo:
    """The result handed out (GB/T 39046 completion): certificate name, number, validity."""

    name: str = ""
    number: str = ""
    valid_until: date | None = None
    issuing_unit: str = ""


@dataclass(frozen=True, slots=True)
class Acceptance:
    """What happened at the window: the case as stored and the materials outcome."""

    case: CaseDetail
    outcome: MaterialsOutcome
    event: CaseEvent  # accept, accept_with_shortfall or notify_missing


def default_validator(matter: Matter, values: Mapping[str, object]) -> list[tuple[str, str]]:
    """Required fields of single (not repeated) sections must have a value."""
    problems: list[tuple[str, str]] = []
    for section in matter.sections:
        if section.repeated:
            continue
        for f in section.fields:
            if f.required and values.get(f.key) in (None, "", [], {}):
                problems.append((f"{f.label_en} is required", f"{f.label_zh}为必填项"))
    return problems
