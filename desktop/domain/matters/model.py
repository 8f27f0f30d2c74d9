"""The matter catalog's data model: what a matter is, as loaded from its declarative file.

A matter (事项) is one kind of application the hall accepts. Its file (``data/*.toml``) declares
its codes, names, kind and time limits, the departments that review it in parallel, the form's
fields with the source each value is pre-filled from, the materials it needs, its fee or tax
rule, the documents it prints and where each printed value comes from in the form.
:mod:`desktop.domain.matters.loader` reads and checks the files; everything here is frozen plain
data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "CodeOption",
    "Condition",
    "Department",
    "FeeRule",
    "FieldSpec",
    "FieldType",
    "LimitUnit",
    "MaterialSpec",
    "Matter",
    "MatterKind",
    "PrintFields",
    "SectionSpec",
    "SlotKind",
    "TrustLevel",
]


class MatterKind(StrEnum):
    IMMEDIATE = "immediate"  # 即办件: finished at the window when the materials are complete
    PROMISED = "promised"  # 承诺件: reviewed in the back office within a promised limit

    @property
    def case_type_code(self) -> str:
        """GB/T 39046 case type: 1 immediate, 2 promised."""
        return "1" if self is MatterKind.IMMEDIATE else "2"


class LimitUnit(StrEnum):
    WORKING_DAYS = "working_days"
    NATURAL_DAYS = "natural_days"


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    INTEGER = "integer"
    MONEY = "money"  # yuan, two decimals
    BOOL = "bool"
    CHOICE = "choice"  # one of ``options`` (inline or a code list)
    ID_NUMBER = "id_number"  # checked against the field named by ``id_type_field`` (or citizen)
    PHONE = "phone"
    HOUSE_CODE = "house_code"
    CREDIT_CODE = "credit_code"


class TrustLevel(StrEnum):
    """How far a material can be trusted, and whether it can be reused later (domain §2)."""

    A = "A"  # issued by an authority: reusable as is
    B = "B"  # checked by a clerk against the original: reusable
    C = "C"  # uploaded by the applicant: the clerk must check the original
    D = "D"  # the applicant's own written promise

    @property
    def reusable(self) -> bool:
        return self in (TrustLevel.A, TrustLevel.B)


@dataclass(frozen=True, slots=True)
class CodeOption:
    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One form field.

    ``prefill`` names where the value comes from (see
    :data:`desktop.domain.matters.prefill.SOURCES`), e.g. ``card.name``,
    ``dwelling.house_code``, ``landlord.id_number``, ``employer.name``,
    ``certificate.residence_permit.number``, ``today``; empty means the clerk types it.
    """

    key: str
    type: FieldType
    label_zh: str
    label_en: str
    required: bool = False
    prefill: str = ""
    options: tuple[CodeOption, ...] = ()
    code_list: str = ""  # name of the shipped code list the options came from, if any
    #: The options' codes are national codes clerks know (GB/T sex, ethnicity): a form shows
    #: them beside the labels. Otherwise they are internal keys, and only the labels are shown.
    national_codes: bool = False
    pattern: str = ""  # a regular expression the whole value must match
    pattern_hint_zh: str = ""
    pattern_hint_en: str = ""
    min_length: int | None = None
    max_length: int | None = None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    not_before: str = ""  # date bound: ISO date, "today", or "today-30d" / "today+60d"
    not_after: str = ""
    id_type_field: str = ""  # for ID_NUMBER: the CHOICE field holding the ID type code
    default: str = ""
    help_zh: str = ""
    help_en: str = ""

    def option(self, code: str) -> CodeOption | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """A group of fields; ``repeat_max > 1`` makes it a list (up to 3 persons of a dwelling)."""

    key: str
    title_zh: str
    title_en: str
    fields: tuple[FieldSpec, ...]
    repeat_min: int = 1
    repeat_max: int = 1

    @property
    def repeated(self) -> bool:
        return self.repeat_max > 1


@dataclass(frozen=True, slots=True)
class MaterialSpec:
    """One required material (申请材料) of a matter.

    ``essential = False`` allows 容缺受理 (accept now, supply later); ``reusable_cert_type`` names
    the certificate type (as in the registry's issued certificates) that, when already issued to
    the applicant, counts as received; ``promise_allowed`` allows a signed promise (告知承诺)
    instead of the proof.
    """

    code: str
    name_zh: str
    name_en: str
    essential: bool
    trust: TrustLevel
    issuer: str = ""
    originals: int = 1
    copies: int = 0
    reusable_cert_type: str = ""
    promise_allowed: bool = False
    when_field: str = ""  # required only when this field …
    when_equals: str = ""  # … has this value (e.g. only for tenants, only for replacement)


@dataclass(frozen=True, slots=True)
class FeeRule:
    """What the matter costs: nothing, a fixed fee (possibly by a field's value), or a tax rule."""

    kind: str  # "free" | "fixed" | "rental_tax"
    amount: Decimal = Decimal("0")
    by_field: str = ""  # for fixed fees that depend on a field: the field's key …
    amounts: tuple[tuple[str, Decimal], ...] = ()  # … and the amount per value

    def amount_for(self, values: dict[str, object]) -> Decimal:
        if self.kind == "fixed" and self.by_field:
            chosen = str(values.get(self.by_field, ""))
            for value, amount in self.amounts:
                if value == chosen:
                    return amount
            return Decimal("0")
        return self.amount


class SlotKind(StrEnum):
    """What a printed document's slot names in the form (``[print_fields.<document>]``)."""

    FIELD = "field"  # a field's path: "house_code", "persons.0.arrival_reason"
    CHOICE = "choice"  # a choice field's path (printed as its option's name, or read as a code)
    PERSON = "person"  # a prefix of <prefix>name, <prefix>id_type, <prefix>id_number: "landlord_"
    PERSONS = "persons"  # a repeated section with name, id_type, id_number: each filled entry


@dataclass(frozen=True, slots=True)
class PrintFields:
    """Where the values a document prints come from in the matter's form: slot → form path.

    The slots of each document kind are fixed by the document (see
    :data:`desktop.domain.matters.loader.DOCUMENT_SLOTS`); the matter file says which of its
    fields fills each, so a hall's own matter prints from its own form.
    """

    document: str  # a document kind, e.g. "rental_filing_certificate"
    slots: tuple[tuple[str, str], ...]

    def path(self, slot: str) -> str:
        for name, path in self.slots:
            if name == slot:
                return path
        raise KeyError(f"{self.document} has no slot {slot!r}")


@dataclass(frozen=True, slots=True)
class Condition:
    """An eligibility rule checked at pre-fill time; a failure is a finding for the clerk.

    ``rule`` is one of :data:`desktop.domain.matters.conditions.RULES`, with its parameters.
    """

    rule: str
    params: tuple[tuple[str, str], ...] = ()

    def param(self, name: str, default: str = "") -> str:
        return dict(self.params).get(name, default)


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Matter:
    """One matter of the catalog, as declared in its file."""

    code: str  # implementation code (实施编码, ≤ 24) — the key of the catalog
    basic_code: str  # basic code (基本编码, ≤ 10)
    name_zh: str
    name_en: str
    short_zh: str
    pinyin_initials: str  # for the matter picker's search, e.g. "JZDJ"
    category: str  # 2 letters used in case numbers, e.g. "JZ"
    matter_type: str  # administrative permit / confirmation / public service …
    kind: MatterKind
    promised_limit: int  # 0 for immediate matters
    statutory_limit: int
    limit_unit: LimitUnit
    departments: tuple[Department, ...]  # reviewing in parallel; empty for immediate matters
    sections: tuple[SectionSpec, ...]
    materials: tuple[MaterialSpec, ...]
    fee: FeeRule
    documents: tuple[str, ...]  # document kinds printed for this matter
    conditions: tuple[Condition, ...] = ()
    #: For each document that prints form values (certificates, slips, receipts): where from.
    print_fields: tuple[PrintFields, ...] = ()
    supplement_pauses_clock: bool = (
        False  # legal aid: time spent supplying materials is not counted
    )
    max_persons: int = 1  # persons covered by one application (residence registration: 3)
    source: str = ""  # the file it was loaded from
    valid_from: date | None = None
    notes_zh: str = ""
    notes_en: str = ""
    tags: tuple[str, ...] = ()
    #: Common opinions offered at the review desk (``[review] opinions``), Chinese.
    review_opinions: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for s in self.sections for f in s.fields)

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def printed_from(self, document: str) -> PrintFields:
        """Where ``document``'s printed values come from in this matter's form."""
        for fields in self.print_fields:
            if fields.document == document:
                return fields
        raise KeyError(f"matter {self.code} does not print {document!r} from its form")

    def section(self, key: str) -> SectionSpec:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    @property
    def department_codes(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.departments)
