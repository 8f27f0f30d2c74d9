"""The approver's review desk as plain calls (issue 13; the contract is REVIEW_API.md).

The review window (``ui/review``) calls these through the background-task helper; each call is
one use case with its permission check and audit, in the services below it:

* :meth:`ReviewDesk.queue` — a page of the principal's departments' queue, filtered, sorted by
  due date, with the count of every filter (all in SQL);
* :meth:`ReviewDesk.claim_next` / :meth:`ReviewDesk.claim` / :meth:`ReviewDesk.unclaim` /
  :meth:`ReviewDesk.reassign` — who holds a task (a claim never touches the case row);
* :meth:`ReviewDesk.evidence` — the case as evidence; :meth:`ReviewDesk.dossier` — the
  applicant's registry dossier, only on request, with the purpose recorded;
* :meth:`ReviewDesk.decide` — approve / reject / return through the case's transition template;
  the last department's approval makes the case ready to issue in the same transaction, and the
  decision notice (准予许可决定书, or 不予许可决定书 on a rejection, where the matter prints one)
  is rendered, signed, archived and queued like every document of the hall;
* :meth:`ReviewDesk.pause_clock` / :meth:`ReviewDesk.resume_clock` — special procedures.
"""

from __future__ import annotations

import logging

from desktop.domain.cases import CaseDetail, CaseEvent, CaseState, PauseKind
from desktop.domain.documents import IssuedDocumentRecord
from desktop.domain.identity import normalise_id_text
from desktop.domain.matters.model import Matter
from desktop.domain.permissions import Permission, Principal
from desktop.domain.registry import PersonDossier
from desktop.domain.review import (
    CaseEvidence,
    DecisionResult,
    QueuePage,
    QueueQuery,
    QueueRow,
)
from desktop.services.cases import ResultInfo
from desktop.services.guard import authorize
from desktop.services.hall import Hall
from desktop.services.registry import RegistryService
from printing.model import (
    DenialDecision,
    Document,
    DocumentKind,
    PermitDecision,
    Person,
)

log = logging.getLogger(__name__)

__all__ = ["ReviewDesk"]

#: Decision notices are numbered after their case, like the window's notices (-SL, -BZ, -BY).
_SUFFIX = {DocumentKind.PERMIT_DECISION: "-ZY", DocumentKind.DENIAL_DECISION: "-BX"}


class ReviewDesk:
    def __init__(self, hall: Hall) -> None:
        self.hall = hall
        self._registry = RegistryService(hall.db)

    # ---- the queue and claims ----------------------------------------------------------------

    def queue(self, principal: Principal, query: QueueQuery) -> QueuePage:
        return self.hall.cases.queue_page(principal, query)

    def claim_next(self, principal: Principal) -> QueueRow | None:
        return self.hall.cases.claim_next(principal)

    def claim(self, principal: Principal, task_id: int) -> QueueRow:
        return self.hall.cases.claim_row(principal, task_id)

    def unclaim(self, principal: Principal, task_id: int, reason: str) -> None:
        self.hall.cases.unclaim(principal, task_id, reason)

    def reassign(self, principal: Principal, task_id: int, to_user: str, reason: str) -> QueueRow:
        return self.hall.cases.reassign(principal, task_id, to_user, reason)

    def release_lapsed_claims(self, principal: Principal) -> int:
        return self.hall.cases.release_lapsed_claims(principal)

    # ---- the case as evidence ----------------------------------------------------------------

    def evidence(self, principal: Principal, case_number: str) -> CaseEvidence:
        """The case as the approver weighs it (the view is audited by the case service)."""
        case = self.hall.cases.detail(principal, case_number)
        matter = self._matter(case.summary.matter_code)
        return CaseEvidence(
            case=case,
            form_sources=_form_sources(case),
            documents=self._documents_of(case_number),
            common_opinions=matter.review_opinions if matter is not None else (),
        )

    def dossier(self, principal: Principal, case_number: str, purpose: str) -> PersonDossier | None:
        """The applicant's registry dossier: only on request, the purpose on the record."""
        authorize(
            self.hall.db,
            principal,
            Permission.REGISTRY_LOOKUP,
            subject=f"case:{case_number}",
        )
        case = self.hall.cases.detail(principal, case_number)
        number = self._applicant_number(case)
        if not number:
            return None
        return self._registry.window_dossier(number, principal=principal, purpose=purpose)

    # ---- deciding ----------------------------------------------------------------------------

    def decide(
        self, principal: Principal, task_id: int, decision: CaseEvent, opinion: str
    ) -> DecisionResult:
        """Decide a claimed task. The last department's approval makes the case ready to issue
        (prepare_result through the template, in the deciding transaction) and issues the
        准予许可决定书; a rejection issues the 不予许可决定书 — where the matter prints one.

        A document that fails after the decision is committed is logged and left out of the
        result (the decision stands; the notice can be issued again from the case)."""
        prepare = ResultInfo(issuing_unit=self.hall.settings.station.hall_name)
        case = self.hall.cases.decide(principal, task_id, decision, opinion, prepare=prepare)
        matter = self._matter(case.summary.matter_code)
        fan_in = decision is CaseEvent.APPROVE and case.state in (
            CaseState.APPROVED,
            CaseState.READY_TO_ISSUE,
        )
        kind: DocumentKind | None = None
        if fan_in:
            kind = DocumentKind.PERMIT_DECISION
        elif decision is CaseEvent.REJECT and case.state is CaseState.REJECTED:
            kind = DocumentKind.DENIAL_DECISION
        documents: tuple[IssuedDocumentRecord, ...] = ()
        if kind is not None and matter is not None and kind.value in matter.documents:
            try:
                doc = self._decision_notice(kind, case, matter, principal, opinion)
                documents = (self._issue(principal, doc, case),)
            except Exception:
                log.exception(
                    "case %s is decided, but its decision notice was not issued", case.number
                )
        return DecisionResult(case=case, fan_in_complete=fan_in, documents=documents)

    def pause_clock(
        self, principal: Principal, case_number: str, kind: PauseKind, reason: str
    ) -> CaseDetail:
        return self.hall.cases.pause_clock(principal, case_number, kind, reason)

    def resume_clock(self, principal: Principal, case_number: str) -> CaseDetail:
        return self.hall.cases.resume_clock(principal, case_number)

    # ---- helpers -----------------------------------------------------------------------------

    def _matter(self, code: str) -> Matter | None:
        try:
            return self.hall.catalog.get(code)
        except KeyError:
            return None

    def _documents_of(self, case_number: str) -> tuple[IssuedDocumentRecord, ...]:
        return self.hall.documents.of_case(case_number)

    @staticmethod
    def _applicant_number(case: CaseDetail) -> str:
        """The applicant's identity number in clear: in the application's form values (the
        legal record), under the field the matter pre-fills from the card."""
        values = case.form_values
        for key in ("id_number", "applicant.id_number", "applicant_id_number"):
            raw = values.get(key)
            if isinstance(raw, str) and raw.strip():
                return normalise_id_text(raw)
        return ""

    def _decision_notice(
        self,
        kind: DocumentKind,
        case: CaseDetail,
        matter: Matter,
        principal: Principal,
        opinion: str,
    ) -> Document:
        applicant = Person(
            name=case.summary.applicant_name,
            id_number=self._applicant_number(case),
        )
        filed_on = (case.accepted_at or case.summary.received_at).astimezone(self.hall.tz).date()
        common = {
            "number": f"{case.number}{_SUFFIX[kind]}",
            "issued_on": self.hall.today(),
            "issuer": self.hall.issuer(),
            "case_number": case.number,
            "clerk": principal.display_name or principal.user,
            "matter": matter.name_zh,
            "applicant": applicant,
            "filed_on": filed_on,
        }
        if kind is DocumentKind.PERMIT_DECISION:
            return PermitDecision(
                result=case.result_name or matter.short_zh,
                opinions=tuple(
                    f"{t.department_name}：{t.opinion or '同意'}" for t in case.tasks if t.opinion
                ),
                **common,  # type: ignore[arg-type]
            )
        rejecting = next((t for t in case.tasks if t.status.value == "rejected"), None)
        return DenialDecision(
            reason=opinion.strip(),
            department=rejecting.department_name if rejecting is not None else "",
            **common,  # type: ignore[arg-type]
        )

    def _issue(self, principal: Principal, doc: Document, case: CaseDetail) -> IssuedDocumentRecord:
        """Render, sign, archive and queue for printing: the same path as the window's."""
        return self.hall.issue_document(principal, doc, case_number=case.number).record


def _form_sources(case: CaseDetail) -> dict[str, str]:
    """Each form path → where its value came from at the window, as stored with the case
    (``card.name``, ``person.*``, …, ``typed``; "" for an empty value, and for every value of
    a case accepted before the sources were kept: unknown, never guessed from the matter)."""
    return {path: case.form_sources.get(path, "") for path in case.form_values}
