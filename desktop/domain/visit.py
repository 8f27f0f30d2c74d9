"""A visit at a window, and what submitting one of its matters produced — plain data that the
services return and the clerk window shows (no database, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.domain.cases import CaseDetail, CaseEvent
from desktop.domain.identity import mask_id_number
from desktop.domain.matters.findings import Finding
from desktop.domain.matters.prefill import CardFacts, MatterPrefill, PrefillContext, VisitPrefill
from desktop.domain.registry import PersonDossier
from desktop.domain.rental_tax import RentalTaxResult

__all__ = ["DeskDocument", "Outcome", "Visit"]


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

    def as_prefill(self) -> VisitPrefill:
        return VisitPrefill(self.findings, self.matters)

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
    print_errors: tuple[str, ...] = field(default=())

    @property
    def number(self) -> str:
        return self.case.number
