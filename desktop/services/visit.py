"""A visit at a window: one card read → the person's dossier → every picked matter pre-filled.

The clerk taps the card once. :meth:`VisitService.open` looks the holder up in the registry (one
audited look-up, its purpose naming the visit's matters) and pre-fills whatever matters are
already picked; :meth:`VisitService.prefill` pre-fills more matters of the same visit later
without asking the registry again (the clerk picks matters after seeing the person).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date

from desktop.domain.identity import IdentityError, mask_id_number
from desktop.domain.matters.loader import MatterCatalog
from desktop.domain.matters.model import Matter
from desktop.domain.matters.prefill import (
    CardFacts,
    MatterPrefill,
    PrefillContext,
    person_findings,
    prefill_matter,
)
from desktop.domain.permissions import Permission, Principal
from desktop.domain.registry import PersonDossier
from desktop.domain.visit import Visit
from desktop.persistence.database import Database
from desktop.services.guard import authorize
from desktop.services.registry import RegistryService

log = logging.getLogger(__name__)

__all__ = ["Visit", "VisitService"]  # Visit lives in desktop.domain.visit


class VisitService:
    def __init__(
        self,
        db: Database,
        catalog: MatterCatalog,
        *,
        registry: RegistryService | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._db = db
        self._catalog = catalog
        self._registry = registry or RegistryService(db)
        self._today = today

    @property
    def catalog(self) -> MatterCatalog:
        return self._catalog

    def open(
        self,
        principal: Principal,
        card: CardFacts | None,
        *,
        id_number: str | None = None,
        matter_codes: Sequence[str] = (),
    ) -> Visit:
        """Start a visit from a card (or a typed number when the card is lost)."""
        number = card.id_number if card is not None else (id_number or "")
        subject = f"person:{mask_id_number(number)}" if number else "visit"
        authorize(self._db, principal, Permission.REGISTRY_LOOKUP, subject=subject)
        matters = [self._catalog.get(code) for code in matter_codes]
        purpose = "window visit: " + (
            ", ".join(m.name_zh for m in matters) if matters else "identify the applicant"
        )
        dossier: PersonDossier | None
        try:
            dossier = self._registry.window_dossier(number, principal=principal, purpose=purpose)
        except IdentityError:
            if card is None:
                raise
            # A card whose number the registry's rules refuse (a test card, a new region code):
            # the visit goes on from the card alone, and the clerk sees "person unknown".
            log.warning("card number refused by the identity rules: %s", mask_id_number(number))
            dossier = None
        today = self._today()
        ctx = PrefillContext(card, dossier, today)
        return Visit(
            card=card,
            dossier=dossier,
            today=today,
            findings=person_findings(ctx),
            matters=tuple(prefill_matter(m, ctx) for m in matters),
        )

    def prefill(self, visit: Visit, matter_codes: Sequence[str]) -> Visit:
        """The same visit with these matters (in this order) pre-filled; no new look-up."""
        known = {m.matter.code: m for m in visit.matters}
        ctx = visit.context
        out: list[MatterPrefill] = []
        for code in matter_codes:
            matter: Matter = self._catalog.get(code)
            out.append(known.get(code) or prefill_matter(matter, ctx))
        return Visit(
            visit.card, visit.dossier, visit.today, visit.findings, tuple(out), visit.visit_id
        )
