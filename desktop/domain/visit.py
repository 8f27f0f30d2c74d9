"""A visit at a window, and what submitting one of its matters produced — plain data that the
services return and the clerk window shows (no database, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.domain.cases import CaseDetail, CaseEvent
from desktop.domain.identity import mask_id_number
from desktop.domain.matters.findings import Finding
from desktop.domain.matters.prefill import CardFacts, MatterPrefill, PrefillContext
from desktop.domain.registry import PersonDossier
from desktop.domain.rental_tax import RentalTaxResult

__all__ = ["CardSnapshot", "DeskDocument", "Outcome", "Visit"]


@dataclass(frozen=True, slots=True)
class Visit:
    """What the window knows about the person in front of it, and the matters picked so far."""

    card: CardFacts | None
    dossier: PersonDossier | None
    today: date
    findings: tuple[Finding, ...]  # about the card and the person
    matters: tuple[MatterPrefill, ...] = field(default=())

    @property
    def id_number(self) -> str:
        if self.card is not None:
            return self.card.id_number
        return self.dossier.person.id_number if self.dossier is not None else ""

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else ""

    @property
    def context(self) -> PrefillContext:
        return PrefillContext(self.card, self.dossier, self.today)

    def for_matter(self, code: str) -> MatterPrefill:
        for m in self.matters:
            if m.matter.code == code:
                return m
        raise KeyError(code)


@dataclass(frozen=True, slots=True)
class DeskDocument:
    """A document issued for a case: archived, queued for printing."""

    kind: str
    number: str
    title_zh: str
    title_en: str
    pdf: bytes
    print_job_id: int | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the window shows after submitting one matter."""

    case: CaseDetail
    event: CaseEvent
    documents: tuple[DeskDocument, ...]
    tax: RentalTaxResult | None = None
    #: Documents that could not be issued (the case itself is saved): shown, never raised,
    #: so that the clerk does not accept the same application a second time.
    document_errors: tuple[BaseException, ...] = field(default=())

    @property
    def number(self) -> str:
        return self.case.number


@dataclass(frozen=True, slots=True)
class CardSnapshot:
    """What a draft keeps of the card it was started from, to resume the visit exactly.

    (Never the photo or fingerprints; the number is in the draft anyway, as in the form.)
    """

    card_type: str
    name: str
    sex: str
    birth_date: date
    id_number: str
    valid_to: date | None = None
    address: str = ""
    ethnicity: str = ""
    authority: str = ""
    nationality: str = ""
    rare_characters: tuple[str, ...] = ()

    @classmethod
    def of(cls, card: CardFacts) -> CardSnapshot:
        return cls(
            card_type=str(card.card_type),
            name=card.name,
            sex=card.sex,
            birth_date=card.birth_date,
            id_number=card.id_number,
            valid_to=card.valid_to,
            address=card.address,
            ethnicity=card.ethnicity,
            authority=card.authority,
            nationality=card.nationality,
            rare_characters=tuple(card.rare_characters),
        )

    def to_json(self) -> dict[str, object]:
        return {
            "card_type": self.card_type,
            "name": self.name,
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat(),
            "id_number": self.id_number,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "address": self.address,
            "ethnicity": self.ethnicity,
            "authority": self.authority,
            "nationality": self.nationality,
            "rare_characters": list(self.rare_characters),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> CardSnapshot:
        valid_to = data.get("valid_to")
        return cls(
            card_type=str(data["card_type"]),
            name=str(data["name"]),
            sex=str(data["sex"]),
            birth_date=date.fromisoformat(str(data["birth_date"])),
            id_number=str(data["id_number"]),
            valid_to=date.fromisoformat(str(valid_to)) if valid_to else None,
            address=str(data.get("address", "")),
            ethnicity=str(data.get("ethnicity", "")),
            authority=str(data.get("authority", "")),
            nationality=str(data.get("nationality", "")),
            rare_characters=tuple(str(c) for c in _as_list(data.get("rare_characters"))),
        )


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []
