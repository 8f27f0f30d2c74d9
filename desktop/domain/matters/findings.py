"""Findings: what the clerk should look at before accepting — never silent choices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Finding", "FindingCode", "Severity"]


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"  # the clerk must look; accepting is still possible
    BLOCKING = "blocking"  # the matter cannot be accepted as it stands


class FindingCode(StrEnum):
    CARD_EXPIRED = "card.expired"
    RARE_CHARACTERS = "card.rare_characters"
    PERSON_UNKNOWN = "person.unknown"  # not in the registry: nothing pre-filled from it
    NAME_DIFFERS = "person.name_differs"  # card name ≠ registry name
    ADDRESS_DIFFERS = "person.address_differs"  # card address ≠ registry household address
    NO_DWELLING = "person.no_dwelling"  # no current dwelling in the registry
    CONDITION_NOT_MET = "matter.condition_not_met"
    CONDITION_UNKNOWN = "matter.condition_unknown"  # the registry cannot tell
    ENDORSEMENT_NOT_YET_DUE = "matter.endorsement_not_yet_due"
    ENDORSEMENT_OVERDUE = "matter.endorsement_overdue"


@dataclass(frozen=True, slots=True)
class Finding:
    code: FindingCode
    severity: Severity
    params: Mapping[str, str] = field(default_factory=dict)
    rule: str = ""  # for matter conditions: the rule that produced it

    def describe(self) -> str:
        """An English line for logs and the command line (the UI translates by code)."""
        extra = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return (
            f"{self.code.value}"
            + (f" [{self.rule}]" if self.rule else "")
            + (f" ({extra})" if extra else "")
        )
