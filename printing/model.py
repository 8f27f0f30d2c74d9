"""The data of every printed document: frozen dataclasses filled from the case, never from widgets.

Each document class lists what it prints. Fields without a default are required:
:func:`validate` (called by :func:`printing.render.render` before anything is drawn) raises a
typed :class:`DocumentDataError` naming the first missing or inconsistent field, e.g.
``applicant.name``, with an English and a Chinese message.

Identity numbers are held in full because the signed verification code carries a keyed hash of
the holder's number; the documents print them masked only.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from desktop.domain.errors import CodedError
from desktop.domain.identity import mask_id_number
from desktop.domain.paper import Paper

__all__ = [
    "AcceptanceNotice",
    "BirthRegistrationSlip",
    "DeferredMaterialsNotice",
    "DenialDecision",
    "Document",
    "DocumentDataError",
    "DocumentKind",
    "Issuer",
    "Material",
    "OfficialDocument",
    "Paper",
    "PermitDecision",
    "Person",
    "QueueTicket",
    "RefusalNotice",
    "RentalFilingCertificate",
    "RentalTaxReceipt",
    "ResidenceRegistrationSlip",
    "SupplementNotice",
    "TaxLine",
    "validate",
]


class DocumentKind(StrEnum):
    ACCEPTANCE_NOTICE = "acceptance_notice"
    SUPPLEMENT_NOTICE = "supplement_notice"
    REFUSAL_NOTICE = "refusal_notice"
    DEFERRED_MATERIALS_NOTICE = "deferred_materials_notice"
    RESIDENCE_REGISTRATION_SLIP = "residence_registration_slip"
    RENTAL_FILING_CERTIFICATE = "rental_filing_certificate"
    BIRTH_REGISTRATION_SLIP = "birth_registration_slip"
    RENTAL_TAX_RECEIPT = "rental_tax_receipt"
    QUEUE_TICKET = "queue_ticket"
    PERMIT_DECISION = "permit_decision"
    DENIAL_DECISION = "denial_decision"

    @property
    def title_zh(self) -> str:
        return _TITLES[self][0]

    @property
    def title_en(self) -> str:
        return _TITLES[self][1]

    @property
    def paper(self) -> Paper:
        return Paper.RECEIPT_80MM if self is DocumentKind.QUEUE_TICKET else Paper.A4

    @property
    def signed(self) -> bool:
        """Whether the document carries a signed verification code (all but the queue ticket)."""
        return self is not DocumentKind.QUEUE_TICKET


_TITLES: dict[DocumentKind, tuple[str, str]] = {
    DocumentKind.ACCEPTANCE_NOTICE: ("受理通知书", "Acceptance notice"),
    DocumentKind.SUPPLEMENT_NOTICE: ("补正材料通知书", "Notice of materials to supplement"),
    DocumentKind.REFUSAL_NOTICE: ("不予受理通知书", "Refusal notice"),
    DocumentKind.DEFERRED_MATERIALS_NOTICE: ("容缺受理通知书", "Notice of deferred materials"),
    DocumentKind.RESIDENCE_REGISTRATION_SLIP: ("居住登记凭条", "Residence registration slip"),
    DocumentKind.RENTAL_FILING_CERTIFICATE: (
        "房屋租赁登记备案凭证",
        "Rental filing certificate",
    ),
    DocumentKind.BIRTH_REGISTRATION_SLIP: ("生育登记服务单", "Birth registration service slip"),
    DocumentKind.RENTAL_TAX_RECEIPT: ("出租房屋税款缴纳明细凭证", "Itemised rental-tax receipt"),
    DocumentKind.QUEUE_TICKET: ("排队号票", "Queue ticket"),
    DocumentKind.PERMIT_DECISION: ("准予许可决定书", "Decision to grant"),
    DocumentKind.DENIAL_DECISION: ("不予许可决定书", "Decision to deny"),
}


class DocumentDataError(CodedError, ValueError):
    """A document's data is incomplete or inconsistent; nothing was rendered."""

    code = "print.bad_data"

    def __init__(self, code: str, field: str, message: str, message_zh: str) -> None:
        super().__init__(message, message_zh, code=code, detail={"field": field})
        self.field = field


# ---- parts ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Issuer:
    """The hall as it appears on its documents (configured per hall)."""

    #: The hall's name, printed at the top of every document, e.g. "××区政务服务中心".
    name: str
    address: str = ""
    phone: str = ""
    #: Where an applicant checks a case's progress (web address or app); printed on notices.
    progress_url: str = ""
    #: The text in the seal area (where the stamp goes); empty: no seal area.
    seal_label: str = "（盖章）"


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    name: str
    id_number: str
    id_type: str = "居民身份证"

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)


@dataclass(frozen=True, slots=True, kw_only=True)
class Material:
    name: str
    #: e.g. "原件1份、复印件1份", or for a missing one what is wrong or required.
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxLine:
    """One line of a rental-tax receipt, as the tax engine computed it."""

    name: str
    base: Decimal
    rate: Decimal  # a fraction: 0.025 is 2.5 %
    amount: Decimal
    note: str = ""


# ---- documents -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficialDocument:
    """What every document but the queue ticket has: the A4 frame (title, number, date,
    signatures, issuing unit, seal) and a signed verification code."""

    kind: ClassVar[DocumentKind]

    #: The document's own number (printed as 编号), unique per kind.
    number: str
    issued_on: date
    issuer: Issuer
    case_number: str
    #: The issuing unit when not the hall itself (e.g. the housing bureau's filing office).
    unit: str = ""
    #: The clerk's name, printed beside the clerk's signature line.
    clerk: str = ""

    @property
    def issuing_unit(self) -> str:
        return self.unit or self.issuer.name

    @property
    def holder(self) -> Person:
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class _Notice(OfficialDocument):
    matter: str
    applicant: Person

    @property
    def holder(self) -> Person:
        return self.applicant


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptanceNotice(_Notice):
    kind: ClassVar[DocumentKind] = DocumentKind.ACCEPTANCE_NOTICE
    materials: tuple[Material, ...]
    promised_date: date

    def _check(self) -> None:
        if self.promised_date < self.issued_on:
            _invalid("promised_date", "is before the issue date", "承诺办结日期早于发文日期")
        if not (self.issuer.progress_url or self.issuer.phone):
            _missing(
                "issuer.progress_url",
                "an acceptance notice says how to check progress: set the hall's progress "
                "address or phone",
                "受理通知书须告知进度查询方式：请配置进度查询网址或电话",
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplementNotice(_Notice):
    """补正材料通知书: everything missing, told at once (一次性告知)."""

    kind: ClassVar[DocumentKind] = DocumentKind.SUPPLEMENT_NOTICE
    missing: tuple[Material, ...]
    received: tuple[Material, ...] = ()
    supply_by: date | None = None

    def _check(self) -> None:
        if self.supply_by is not None and self.supply_by < self.issued_on:
            _invalid("supply_by", "is before the issue date", "补正期限早于发文日期")


DEFAULT_REMEDY = (
    "如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class RefusalNotice(_Notice):
    kind: ClassVar[DocumentKind] = DocumentKind.REFUSAL_NOTICE
    reason: str
    legal_basis: str = ""
    remedy: str = DEFAULT_REMEDY


@dataclass(frozen=True, slots=True, kw_only=True)
class DeferredMaterialsNotice(_Notice):
    """容缺受理通知书: accepted with non-essential materials owed by a date."""

    kind: ClassVar[DocumentKind] = DocumentKind.DEFERRED_MATERIALS_NOTICE
    owed: tuple[Material, ...]
    owed_by: date
    promised_date: date

    def _check(self) -> None:
        if self.owed_by < self.issued_on:
            _invalid("owed_by", "is before the issue date", "补交期限早于发文日期")
        if self.owed_by > self.promised_date:
            _invalid(
                "owed_by",
                "is after the promised completion date (the deadline may not exceed it)",
                "补交期限不得超过承诺办结日期",
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class PermitDecision(_Notice):
    """准予许可决定书: every reviewing department approved (the fan-in of 并联审批)."""

    kind: ClassVar[DocumentKind] = DocumentKind.PERMIT_DECISION
    filed_on: date
    #: What the applicant gets (e.g. 居住证) and where to collect it.
    result: str
    collect: str = "请凭本决定书及本人身份证件到政务服务中心任一综合窗口领取办理结果。"
    #: The reviewing departments' opinions, one line each ("公安：同意").
    opinions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DenialDecision(_Notice):
    """不予许可决定书: a reviewing department rejected the application, with its reason."""

    kind: ClassVar[DocumentKind] = DocumentKind.DENIAL_DECISION
    filed_on: date
    reason: str
    department: str = ""
    legal_basis: str = ""
    remedy: str = DEFAULT_REMEDY


@dataclass(frozen=True, slots=True, kw_only=True)
class ResidenceRegistrationSlip(OfficialDocument):
    kind: ClassVar[DocumentKind] = DocumentKind.RESIDENCE_REGISTRATION_SLIP
    #: Who reported (a resident, the landlord or the employer).
    reporter: Person
    #: Up to three people of one dwelling.
    residents: tuple[Person, ...]
    address: str
    house_code: str
    move_in_date: date
    reason: str = ""

    @property
    def holder(self) -> Person:
        return self.reporter

    def _check(self) -> None:
        if len(self.residents) > 3:
            _invalid("residents", "has more than 3 people", "一张居住登记表最多登记3人")


@dataclass(frozen=True, slots=True, kw_only=True)
class RentalFilingCertificate(OfficialDocument):
    kind: ClassVar[DocumentKind] = DocumentKind.RENTAL_FILING_CERTIFICATE
    landlord: Person
    tenants: tuple[Person, ...]
    address: str
    house_code: str
    use: str
    monthly_rent: Decimal
    term_start: date
    term_end: date
    area_m2: Decimal | None = None

    @property
    def holder(self) -> Person:
        return self.landlord

    def _check(self) -> None:
        if self.term_end <= self.term_start:
            _invalid("term_end", "is not after the term's start", "租赁终止日期须晚于起始日期")
        _money("monthly_rent", self.monthly_rent)


@dataclass(frozen=True, slots=True, kw_only=True)
class BirthRegistrationSlip(OfficialDocument):
    kind: ClassVar[DocumentKind] = DocumentKind.BIRTH_REGISTRATION_SLIP
    mother: Person
    father: Person
    child_order: int
    address: str
    expected_due: date | None = None

    @property
    def holder(self) -> Person:
        return self.mother

    def _check(self) -> None:
        if self.child_order < 1:
            _invalid("child_order", "must be 1 or more", "生育子女孩次须为正整数")


@dataclass(frozen=True, slots=True, kw_only=True)
class RentalTaxReceipt(OfficialDocument):
    kind: ClassVar[DocumentKind] = DocumentKind.RENTAL_TAX_RECEIPT
    taxpayer: Person
    address: str
    period_start: date
    period_end: date
    rent: Decimal
    #: The name of the rule set (rate table) the amounts were computed with.
    rule_set: str
    lines: tuple[TaxLine, ...]
    payment_method: str = ""

    @property
    def holder(self) -> Person:
        return self.taxpayer

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def _check(self) -> None:
        if self.period_end < self.period_start:
            _invalid("period_end", "is before the period's start", "计税期间终止日期早于起始日期")
        _money("rent", self.rent)
        for i, line in enumerate(self.lines):
            _money(f"lines[{i}].amount", line.amount)
            _money(f"lines[{i}].base", line.base)


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueTicket:
    """A queue ticket on 80 mm thermal paper (no personal data, no verification code)."""

    kind: ClassVar[DocumentKind] = DocumentKind.QUEUE_TICKET
    #: The ticket number, e.g. "A005".
    number: str
    issuer: Issuer
    queue_name: str
    taken_at: datetime
    matters: tuple[str, ...]
    waiting_ahead: int
    booked: bool = False
    #: A booked ticket's slot (start, end) in the hall's time, printed so the citizen knows
    #: when it is called.
    booked_slot: tuple[datetime, datetime] | None = None
    note: str = "请留意叫号，过号请重新取号。"

    @property
    def issued_on(self) -> date:
        return self.taken_at.date()

    def _check(self) -> None:
        if self.waiting_ahead < 0:
            _invalid("waiting_ahead", "is negative", "等候人数不能为负数")
        if self.booked_slot is not None:
            start, end = self.booked_slot
            if not self.booked:
                _invalid("booked_slot", "is given for a ticket not booked", "非预约号没有预约时段")
            if end <= start:
                _invalid("booked_slot", "ends before it starts", "预约时段的结束早于开始")


Document = (
    AcceptanceNotice
    | SupplementNotice
    | RefusalNotice
    | DeferredMaterialsNotice
    | ResidenceRegistrationSlip
    | RentalFilingCertificate
    | BirthRegistrationSlip
    | RentalTaxReceipt
    | QueueTicket
    | PermitDecision
    | DenialDecision
)


# ---- validation ----------------------------------------------------------------------------


def _missing(field: str, what: str = "is required", zh: str = "") -> None:
    raise DocumentDataError(
        "print.missing_field",
        field,
        f"The document cannot be printed: {field} {what}.",
        zh or f"缺少必填项（{field}），无法打印。",
    )


def _invalid(field: str, what: str, zh: str) -> None:
    raise DocumentDataError(
        "print.invalid_field", field, f"The document cannot be printed: {field} {what}.", zh
    )


def _money(field: str, value: Decimal) -> None:
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        _invalid(field, f"is not an amount in yuan and fen ({value})", "金额须为非负且精确到分")


def _walk(obj: Any, prefix: str) -> None:
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        path = f"{prefix}{f.name}"
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                _missing(path)
            continue
        if isinstance(value, tuple):
            if required and not value:
                _missing(path, "needs at least one entry", f"{path} 至少须有一项，无法打印。")
            for i, item in enumerate(value):
                if dataclasses.is_dataclass(item):
                    _walk(item, f"{path}[{i}].")
                elif isinstance(item, str) and not item.strip():
                    _missing(f"{path}[{i}]")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            _walk(value, f"{path}.")


def validate(doc: Document) -> None:
    """Raise :class:`DocumentDataError` for the first missing or inconsistent field of ``doc``."""
    _walk(doc, "")
    check = getattr(doc, "_check", None)
    if check is not None:
        check()
