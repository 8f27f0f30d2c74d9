"""The window clerk's desk: a visit from card to printed paper, as plain calls.

The clerk window (``ui/clerk``) calls these through the background-task helper; each call is one
use case with its permission checks and audit events in the services below it:

* :meth:`WindowDesk.open_visit` — the card read: the person, findings, pre-filled matters;
* :meth:`WindowDesk.save_draft` — what is typed so far (crash-safe);
* :meth:`WindowDesk.submit` — accept / accept with 容缺 / one-time notification, from the
  materials the clerk marked; the documents of the outcome are rendered, signed, archived and
  queued for printing (an immediate matter's certificate at once);
* :meth:`WindowDesk.refuse` — 不予受理 with its notice;
* :meth:`WindowDesk.rate` — the applicant's rating;
* :meth:`WindowDesk.revoke_document` — revoke an issued document (a supervisor's case action).

Printing itself (QtPrintSupport) is the window's: it dispatches the queued jobs on its print
thread, so a printer failure never loses an accepted case.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial

from sqlalchemy import Connection, func, select

from desktop.domain.cases import CaseDetail, CaseEvent, CaseState, CaseSummary, DraftRecord
from desktop.domain.errors import CodedError
from desktop.domain.identity import IdKind
from desktop.domain.matters.loader import load_code_lists
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.matters.model import Matter
from desktop.domain.matters.prefill import CardFacts, FieldValue, value_sources
from desktop.domain.permissions import Permission, Principal
from desktop.domain.rental_tax import RentalTaxResult, compute_rental_tax
from desktop.domain.visit import DeskDocument, Outcome, Visit
from desktop.persistence import uow
from desktop.persistence.models import Case
from desktop.services.cases import Application, Party, ResultInfo
from desktop.services.documents import IssuedDocumentRecord
from desktop.services.guard import authorize, may
from desktop.services.hall import Hall
from desktop.services.print_queue import printer_for
from printing.model import (
    AcceptanceNotice,
    BirthRegistrationSlip,
    DeferredMaterialsNotice,
    Document,
    DocumentKind,
    Material,
    Person,
    RefusalNotice,
    RentalFilingCertificate,
    RentalTaxReceipt,
    ResidenceRegistrationSlip,
    SupplementNotice,
    TaxLine,
)

log = logging.getLogger(__name__)

__all__ = ["DeskDocument", "Outcome", "WindowDesk"]

_CERTIFICATES = frozenset(
    {
        DocumentKind.RESIDENCE_REGISTRATION_SLIP,
        DocumentKind.RENTAL_FILING_CERTIFICATE,
        DocumentKind.BIRTH_REGISTRATION_SLIP,
        DocumentKind.RENTAL_TAX_RECEIPT,
    }
)
_CERT_SUFFIX = {
    DocumentKind.RESIDENCE_REGISTRATION_SLIP: "DJ",
    DocumentKind.RENTAL_FILING_CERTIFICATE: "BA",
    DocumentKind.BIRTH_REGISTRATION_SLIP: "SY",
    DocumentKind.RENTAL_TAX_RECEIPT: "SP",
}


class WindowDesk:
    def __init__(self, hall: Hall) -> None:
        self.hall = hall
        self._id_types = {o.code: o.name_zh for o in load_code_lists()["id_type"]}

    @property
    def matters(self) -> tuple[Matter, ...]:
        """The catalog in display order (the matter picker's list)."""
        return self.hall.catalog.matters

    # ---- the visit ---------------------------------------------------------------------------

    def open_visit(
        self,
        principal: Principal,
        card: CardFacts | None,
        *,
        id_number: str | None = None,
        matter_codes: Sequence[str] = (),
    ) -> Visit:
        return self.hall.visits.open(
            principal, card, id_number=id_number, matter_codes=matter_codes
        )

    def prefill(self, visit: Visit, matter_codes: Sequence[str]) -> Visit:
        return self.hall.visits.prefill(visit, matter_codes)

    def cases_of(self, principal: Principal, visit: Visit) -> tuple[CaseSummary, ...]:
        """The person's open and past cases (for the person panel)."""
        if not visit.id_number:
            return ()
        return self.hall.cases.cases_for_card_holder(principal, visit.id_number)

    def usage_counts(self, days: int = 90) -> dict[str, int]:
        """Cases per matter over the last ``days``: the picker shows the most used first."""
        since = self.hall.now() - timedelta(days=days)
        with uow.connection(self.hall.db) as conn:
            rows = conn.execute(
                select(Case.matter_code, func.count())
                .where(Case.received_at >= since)
                .group_by(Case.matter_code)
            ).all()
        return {str(code): int(n) for code, n in rows}

    # ---- drafts ------------------------------------------------------------------------------

    def save_draft(
        self,
        principal: Principal,
        *,
        draft_id: str | None,
        matter_codes: Sequence[str],
        form: Mapping[str, object],
        materials: Mapping[str, str],
        title: str = "",
    ) -> DraftRecord:
        return self.hall.cases.save_draft(
            principal,
            draft_id=draft_id,
            matter_codes=matter_codes,
            form=form,
            materials=materials,
            title=title,
        )

    def drafts(self, principal: Principal) -> tuple[DraftRecord, ...]:
        return self.hall.cases.list_drafts(principal)

    def discard_draft(self, principal: Principal, draft_id: str) -> None:
        self.hall.cases.discard_draft(principal, draft_id)

    # ---- rental tax --------------------------------------------------------------------------

    def tax_preview(self, values: Mapping[str, str]) -> RentalTaxResult | None:
        """The itemised tax for the form as typed; None until rent and months are valid."""
        try:
            months = int(values.get("months", "") or "0")
            rent = Decimal(values.get("monthly_rent", "") or "0")
            lump = values.get("lump_sum", "")
            lump_sum = Decimal(lump) if lump else None
        except (ValueError, InvalidOperation):
            return None
        if months < 1 or (rent <= 0 and not lump_sum):
            return None
        return compute_rental_tax(
            None if lump_sum else rent,
            months,
            values.get("use", "residential") or "residential",
            lump_sum=lump_sum,
            city=self.hall.settings.station.tax_city or None,
            on=self.hall.today(),
            book=self.hall.rental_rules,
        )

    # ---- outcomes ----------------------------------------------------------------------------

    def submit(
        self,
        principal: Principal,
        visit: Visit,
        matter_code: str,
        values: Mapping[str, str],
        marked: Mapping[str, MaterialStatus],
        *,
        promise_signed: bool = False,
        supplement_by: date | None = None,
        draft_id: str | None = None,
        request_id: str | None = None,
    ) -> Outcome:
        """Accept (or 容缺, or one-time notification) and issue the documents of the outcome.

        ``request_id``: the application's id (default: the visit's, for this matter): the
        same submit sent again after its commit was not acknowledged returns the case it made.
        """
        matter = self.hall.catalog.get(matter_code)
        tax = self.tax_preview(values) if matter.fee.kind == "rental_tax" else None
        application = replace(
            self._application(
                visit, matter, values, marked, promise_signed, supplement_by, draft_id
            ),
            request_id=request_id or visit.request_id("accept", matter.code),
        )
        result = None
        cert_kinds = [DocumentKind(k) for k in matter.documents if DocumentKind(k) in _CERTIFICATES]
        if cert_kinds:
            result = ResultInfo(
                name=cert_kinds[0].title_zh,
                issuing_unit=self.hall.settings.station.hall_name,
            )
        acceptance = self.hall.cases.accept(principal, application, result=result)
        case = acceptance.case
        self._link_ticket(principal, case.number)
        kinds: list[DocumentKind] = []
        if acceptance.event is CaseEvent.NOTIFY_MISSING:
            kinds.append(DocumentKind.SUPPLEMENT_NOTICE)
        elif acceptance.event is CaseEvent.ACCEPT_WITH_SHORTFALL:
            kinds.append(DocumentKind.DEFERRED_MATERIALS_NOTICE)
        elif DocumentKind.ACCEPTANCE_NOTICE.value in matter.documents:
            kinds.append(DocumentKind.ACCEPTANCE_NOTICE)
        if case.state is CaseState.ISSUED:
            kinds.extend(cert_kinds)
        docs, errors = self._issue_each(
            principal,
            case,
            [partial(self._document, kind, case, matter, visit, values, tax) for kind in kinds],
        )
        return Outcome(case, acceptance.event, docs, tax, document_errors=errors)

    def _link_ticket(self, principal: Principal, case_number: str) -> None:
        """Link the case to the queue ticket being served at this window, if one is (wait and
        service time per case); a failure here never undoes the accepted case."""
        window = self.hall.settings.station.window_number
        try:
            if self.hall.queue.config.queues_of_window(window) and may(
                principal, Permission.QUEUE_CALL
            ):
                self.hall.queue.link_case(principal, window, case_number)
        except CodedError:
            log.warning("case %s not linked to a queue ticket", case_number, exc_info=True)

    def refuse(
        self,
        principal: Principal,
        visit: Visit,
        matter_code: str,
        values: Mapping[str, str],
        reason: str,
        *,
        draft_id: str | None = None,
    ) -> Outcome:
        matter = self.hall.catalog.get(matter_code)
        application = replace(
            self._application(visit, matter, values, {}, False, None, draft_id),
            request_id=visit.request_id("refuse", matter.code),
        )
        case = self.hall.cases.refuse(principal, application, reason)
        docs, errors = self._issue_each(
            principal,
            case,
            [
                lambda: RefusalNotice(
                    number=case.notice_number,
                    issued_on=self.hall.today(),
                    issuer=self.hall.issuer(),
                    case_number=case.number,
                    clerk=principal.display_name or principal.user,
                    matter=matter.name_zh,
                    applicant=self._applicant(visit),
                    reason=reason,
                )
            ],
        )
        return Outcome(case, CaseEvent.REFUSE, docs, document_errors=errors)

    def reprint(self, principal: Principal, number: str) -> int:
        """Queue a duplicate (补打) of an issued document; audited. Returns the print job's id."""
        from desktop.domain.permissions import Permission
        from desktop.services.guard import authorize

        authorize(
            self.hall.db, principal, Permission.DOCUMENT_REPRINT, subject=f"document:{number}"
        )
        record = self.hall.documents.require(number)
        printer = printer_for(self.hall.settings.printing, record.kind, record.paper)
        job = self.hall.print_queue.enqueue(
            number, principal.station, printer, reprint=True, actor=principal.actor
        )
        return job.id

    def rate(self, principal: Principal, case_number: str, score: int, comment: str = "") -> None:
        from desktop.domain.cases import RatingChannel

        self.hall.cases.rate(
            principal, case_number, score, comment=comment, channel=RatingChannel.PAD
        )

    def revoke_document(
        self, principal: Principal, number: str, reason: str
    ) -> IssuedDocumentRecord:
        """Revoke an issued document (needs ``document.revoke``; a refusal is audited).

        One transaction revokes it (audited, its unfinished print jobs cancelled) and records
        the step on its case; the case's state does not change.
        """
        authorize(self.hall.db, principal, Permission.DOCUMENT_REVOKE, subject=f"document:{number}")

        def on_case(conn: Connection, record: IssuedDocumentRecord) -> None:
            if record.case_number:
                self.hall.cases.record_document_revoked(
                    conn, principal, record.case_number, record.number, record.kind, reason
                )

        return self.hall.documents.revoke(number, reason, principal.actor, also=on_case)

    # ---- helpers -----------------------------------------------------------------------------

    def _application(
        self,
        visit: Visit,
        matter: Matter,
        values: Mapping[str, str],
        marked: Mapping[str, MaterialStatus],
        promise_signed: bool,
        supplement_by: date | None,
        draft_id: str | None,
    ) -> Application:
        holder = self._applicant(visit)
        held: dict[str, str] = {}
        prefilled: Mapping[str, FieldValue] = {}
        with contextlib.suppress(KeyError):  # a matter the visit did not pre-fill
            prefill = visit.for_matter(matter.code)
            held = dict(prefill.held_certificates)
            prefilled = prefill.values
        id_type = self._holder_id_type(visit)
        return Application(
            matter_code=matter.code,
            applicant=Party(holder.name, id_type, holder.id_number),
            form_values=dict(values),
            form_sources=value_sources(values, prefilled),
            materials=dict(marked),
            held_certificates=held,
            phone=_first(values, "phone", "emergency_phone", "landlord_phone"),
            address=_first(values, "residence_address", "address", "house_address"),
            shortfall_promise_signed=promise_signed,
            supplement_by=supplement_by,
            draft_id=draft_id,
        )

    @staticmethod
    def _holder_id_type(visit: Visit) -> str:
        if visit.dossier is not None:
            return visit.dossier.person.id_type
        card = visit.card
        if card is None:
            return IdKind.CITIZEN.value
        return {
            "hmt_permit": IdKind.HMT_PERMIT.value,
            "foreigner_2017": IdKind.FOREIGNER_2017.value,
            "foreigner_2023": IdKind.FOREIGNER_2023.value,
        }.get(str(card.card_type), IdKind.CITIZEN.value)

    def _applicant(self, visit: Visit) -> Person:
        if visit.card is not None:
            name, number = visit.card.name, visit.card.id_number
        elif visit.dossier is not None:
            name, number = visit.dossier.person.name, visit.dossier.person.id_number
        else:
            raise ValueError("a visit without a card or a registry record has no applicant")
        return Person(
            name=name,
            id_number=number,
            id_type=self._id_types.get(self._holder_id_type(visit), "居民身份证"),
        )

    def _person(self, values: Mapping[str, str], prefix: str) -> Person:
        id_type = values.get(f"{prefix}id_type", "citizen")
        return Person(
            name=values.get(f"{prefix}name", ""),
            id_number=values.get(f"{prefix}id_number", ""),
            id_type=self._id_types.get(id_type, id_type),
        )

    def _document(
        self,
        kind: DocumentKind,
        case: CaseDetail,
        matter: Matter,
        visit: Visit,
        values: Mapping[str, str],
        tax: RentalTaxResult | None,
    ) -> Document:
        today = self.hall.today()
        clerk = case.accepted_by
        common = {
            "issued_on": today,
            "issuer": self.hall.issuer(),
            "case_number": case.number,
            "clerk": clerk,
        }
        satisfied = tuple(
            Material(name=m.name_zh, note=_material_note(m.status, m.certificate_number))
            for m in case.materials
            if m.status
            in (
                MaterialStatus.RECEIVED.value,
                MaterialStatus.REUSED.value,
                MaterialStatus.PROMISED.value,
            )
        )
        promised = case.summary.promised_date or today
        if kind is DocumentKind.ACCEPTANCE_NOTICE:
            return AcceptanceNotice(
                number=case.notice_number,
                matter=matter.name_zh,
                applicant=self._applicant(visit),
                materials=satisfied,
                promised_date=promised,
                **common,  # type: ignore[arg-type]
            )
        if kind is DocumentKind.SUPPLEMENT_NOTICE:
            return SupplementNotice(
                number=case.notice_number,
                matter=matter.name_zh,
                applicant=self._applicant(visit),
                missing=tuple(
                    Material(name=m.name_zh, note="必须提交" if m.essential else "可容缺后补")
                    for m in case.missing
                ),
                received=satisfied,
                supply_by=case.supplement_deadline,
                **common,  # type: ignore[arg-type]
            )
        if kind is DocumentKind.DEFERRED_MATERIALS_NOTICE:
            owed_by = case.supplement_deadline or promised
            return DeferredMaterialsNotice(
                number=case.notice_number,
                matter=matter.name_zh,
                applicant=self._applicant(visit),
                owed=tuple(Material(name=m.name_zh, note="容缺后补") for m in case.owed),
                owed_by=owed_by,
                promised_date=max(promised, owed_by),
                **common,  # type: ignore[arg-type]
            )
        number = f"{case.number}{_CERT_SUFFIX[kind]}"
        # The slots of the document, filled from the fields the matter file names for them.
        form = _PrintedForm(matter, kind.value, values, today)
        if kind is DocumentKind.RESIDENCE_REGISTRATION_SLIP:
            return ResidenceRegistrationSlip(
                number=number,
                reporter=self._applicant(visit),
                residents=tuple(self._person(values, p) for p in form.entries("residents")),
                address=form.text("address"),
                house_code=form.text("house_code"),
                move_in_date=form.date("move_in_date"),
                reason=form.text("reason"),
                **common,  # type: ignore[arg-type]
            )
        if kind is DocumentKind.RENTAL_FILING_CERTIFICATE:
            return RentalFilingCertificate(
                number=number,
                landlord=self._person(values, form.path("landlord")),
                tenants=(self._person(values, form.path("tenant")),),
                address=form.text("address"),
                house_code=form.text("house_code"),
                use=form.label("use"),
                monthly_rent=Decimal(form.text("monthly_rent") or "0").quantize(Decimal("0.01")),
                term_start=form.date("term_start"),
                term_end=form.date("term_end"),
                **common,  # type: ignore[arg-type]
            )
        if kind is DocumentKind.BIRTH_REGISTRATION_SLIP:
            applicant = self._applicant(visit)
            spouse = self._person(values, form.path("spouse"))
            female = form.text("applicant_sex") == "2"  # GB/T 2261.1
            mother, father = (applicant, spouse) if female else (spouse, applicant)
            return BirthRegistrationSlip(
                number=number,
                mother=mother,
                father=father,
                child_order=int(form.text("child_order") or "1"),
                address=form.text("address"),
                expected_due=_optional_date(form.text("expected_due")),
                **common,  # type: ignore[arg-type]
            )
        if kind is DocumentKind.RENTAL_TAX_RECEIPT:
            if tax is None:
                raise ValueError("a rental-tax receipt needs the computed tax")
            months = tax.months
            start = today
            end = _add_months(start, months) - timedelta(days=1)
            return RentalTaxReceipt(
                number=number,
                taxpayer=self._person(values, form.path("taxpayer")),
                address=form.text("address"),
                period_start=start,
                period_end=end,
                rent=tax.term.rent,
                rule_set=tax.rule_set.name_zh,
                lines=tuple(
                    TaxLine(name=ln.name_zh, base=ln.base, rate=ln.rate, amount=ln.amount)
                    for ln in tax.term.lines
                ),
                payment_method=form.label("payment_method"),
                **common,  # type: ignore[arg-type]
            )
        raise ValueError(f"no document of kind {kind} for a case")

    def _issue_each(
        self, principal: Principal, case: CaseDetail, documents: Sequence[Callable[[], Document]]
    ) -> tuple[tuple[DeskDocument, ...], tuple[BaseException, ...]]:
        """Issue each document of a case already saved: a failure is reported with the outcome,
        not raised (raising would offer the clerk to accept the same application again)."""
        issued: list[DeskDocument] = []
        errors: list[BaseException] = []
        for build in documents:
            try:
                issued.append(self._issue(principal, build(), case))
            except Exception as exc:
                log.exception("case %s is saved, but a document of it was not issued", case.number)
                errors.append(exc)
        return tuple(issued), tuple(errors)

    def _issue(self, principal: Principal, doc: Document, case: CaseDetail) -> DeskDocument:
        issued = self.hall.documents.get(doc.number)
        if issued is not None and issued.case_number == case.number and issued.kind == doc.kind:
            # A replayed submit (its first answer was lost): the document stands as issued then,
            # printed by the job queued then; it is neither issued nor queued again.
            return DeskDocument(
                kind=doc.kind.value,
                number=issued.number,
                title_zh=doc.kind.title_zh,
                title_en=doc.kind.title_en,
                pdf=self.hall.documents.archived_pdf(issued.number),
                print_job_id=None,
            )
        issued_now = self.hall.issue_document(principal, doc, case_number=case.number)
        return DeskDocument(
            kind=doc.kind.value,
            number=issued_now.record.number,
            title_zh=doc.kind.title_zh,
            title_en=doc.kind.title_en,
            pdf=issued_now.pdf,
            print_job_id=issued_now.job.id,
        )


def _first(values: Mapping[str, str], *keys: str) -> str:
    for key in keys:
        if values.get(key):
            return values[key]
    return ""


def _date(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


def _optional_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    return day  # pragma: no cover


def _material_note(status: str, cert: str) -> str:
    if status == MaterialStatus.REUSED.value:
        return f"系统调取（{cert}）" if cert else "系统调取"
    if status == MaterialStatus.PROMISED.value:
        return "告知承诺"
    return "已核验"


class _PrintedForm:
    """A document's slots read from a case's form values, through the matter's ``print_fields``
    (which field fills which slot is declared in the matter file, not here)."""

    def __init__(self, matter: Matter, document: str, values: Mapping[str, str], today: date):
        self._matter = matter
        self._fields = matter.printed_from(document)
        self._values = values
        self._today = today

    def path(self, slot: str) -> str:
        """The form path (or, for a person, the field prefix) the matter names for ``slot``."""
        return self._fields.path(slot)

    def text(self, slot: str) -> str:
        return self._values.get(self.path(slot), "")

    def date(self, slot: str) -> date:
        """The slot's date; today when it is empty or not a date."""
        return _date(self._values.get(self.path(slot)), self._today)

    def label(self, slot: str) -> str:
        """A choice slot as printed: its option's Chinese name (the value itself if unknown)."""
        path = self.path(slot)
        code = self._values.get(path, "")
        option = self._matter.field(path.rsplit(".", 1)[-1]).option(code)
        return code if option is None else option.name_zh

    def entries(self, slot: str) -> tuple[str, ...]:
        """A repeated section's slot: the field prefix of each entry that has a name."""
        section = self._matter.section(self.path(slot))
        prefixes = (f"{section.key}.{i}." for i in range(section.repeat_max))
        return tuple(p for p in prefixes if self._values.get(f"{p}name"))
