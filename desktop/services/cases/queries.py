"""Reading cases: one case in detail (an audited view), the hall's work list, and the cases of
the card holder at a kiosk."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from desktop.domain.cases import CaseDetail, CaseState, CaseSummary
from desktop.domain.identity import mask_id_number, normalise_id_text
from desktop.domain.permissions import Permission, Principal
from desktop.persistence import uow
from desktop.services.audit import append_event
from desktop.services.cases import tables as t
from desktop.services.cases.base import CaseBase, Facts
from desktop.services.pseudonyms import person_pseudonym


class Queries(CaseBase):
    """detail, list_cases, cases_for_card_holder."""

    def detail(self, principal: Principal, number: str) -> CaseDetail:
        """One case with its materials, steps, tasks, pauses and rating (audited view)."""
        facts = self._facts(principal, number)
        self._authorize_view(principal, facts)
        with uow.transaction(self._db) as conn:
            append_event(
                conn,
                principal.actor,
                "case.view",
                f"case:{number}",
                facts.matter_code,
                {},
            )
        return self._detail_by_number(number)

    def list_cases(
        self,
        principal: Principal,
        *,
        states: Sequence[CaseState] = (),
        matter_code: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[CaseSummary, ...]:
        """The hall's cases, newest first (the work list; not audited per row)."""
        self._authorize(principal, Permission.CASE_VIEW, "cases:list")
        stmt = select(t.cases).order_by(t.cases.c.received_at.desc(), t.cases.c.id.desc())
        if states:
            stmt = stmt.where(t.cases.c.state.in_([s.value for s in states]))
        if matter_code:
            stmt = stmt.where(t.cases.c.matter_code == matter_code)
        with uow.connection(self._db) as conn:
            rows = conn.execute(stmt.limit(limit).offset(offset)).all()
            spans = self._clock.spans(conn, (r.id for r in rows))
        return tuple(self._clock.summary(r, spans.get(r.id, ())) for r in rows)

    def cases_for_card_holder(
        self, principal: Principal, id_number: str
    ) -> tuple[CaseSummary, ...]:
        """The cases of the person whose card is in front of a kiosk (and only theirs)."""
        number = normalise_id_text(id_number)
        subject = f"person:{mask_id_number(number)}"
        if principal.has(Permission.CASE_VIEW):
            self._authorize(principal, Permission.CASE_VIEW, subject)
        else:
            self._authorize(principal, Permission.CASE_VIEW_OWN, subject, card_holder_id=number)
        key = person_pseudonym(self._db.engine, number)
        with uow.transaction(self._db) as conn:
            rows = conn.execute(
                select(t.cases)
                .where(t.cases.c.applicant_id_hash == key)
                .order_by(t.cases.c.received_at.desc(), t.cases.c.id.desc())
            ).all()
            spans = self._clock.spans(conn, (r.id for r in rows))
            append_event(
                conn,
                principal.actor,
                "case.list_own",
                subject,
                "case status",
                {"id_hash": key, "results": len(rows)},
            )
        return tuple(self._clock.summary(r, spans.get(r.id, ())) for r in rows)

    def _authorize_view(self, principal: Principal, facts: Facts) -> None:
        if principal.has(Permission.CASE_VIEW):
            self._authorize(principal, Permission.CASE_VIEW, f"case:{facts.number}")
            return
        self._authorize(
            principal,
            Permission.CASE_VIEW_OWN,
            f"case:{facts.number}",
            card_holder_id=self._card_holder_for(principal, facts),
        )
