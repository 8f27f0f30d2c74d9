"""Pre-fill: card document + registry dossier → form values, each carrying its source.

One card read pre-fills several matters at once (:func:`prefill_visit`). Conflicts are not
settled silently: they come back as :class:`Finding` s for the clerk (card expired, card address
differs from the registry, person unknown to the registry, rare characters, a matter's condition
not met…). A value is never invented: a source with nothing to give leaves the field empty.

Sources are named ``<source>.<attribute>``:

==============  ==========================================================================
``card``        the identity document just read
``person``      the card holder's registry record
``dwelling``    the card holder's current dwelling
``rental``      the dwelling a lease concerns: the card holder's own if they rent it, else the
                first dwelling they own and let out elsewhere, else the one they own and live in
``landlord``    the owner in that lease (the card holder, or the rented dwelling's first owner)
``tenant``      the tenant in that lease (the card holder, or its first current tenant)
``spouse``      the householder's spouse (or the householder, for a spouse) in the dwelling
``employer``    the card holder's current employer (unit)
``employment``  the card holder's current employment (occupation code)
``certificate`` ``certificate.<type>.<number|issued_on|valid_until|issuer>``: the newest
                valid certificate of that type the hall issued to the card holder
``today``       the date of the visit
==============  ==========================================================================
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol

from desktop.domain.matters.conditions import check_conditions
from desktop.domain.matters.findings import Finding, FindingCode, Severity
from desktop.domain.matters.model import Matter
from desktop.domain.registry import (
    CertificateRecord,
    DwellingRecord,
    PartyRole,
    PersonDossier,
    PersonSummary,
)

__all__ = [
    "SOURCES",
    "CardFacts",
    "FieldValue",
    "MatterPrefill",
    "PrefillContext",
    "SourceKind",
    "VisitPrefill",
    "field_path",
    "is_known_source",
    "prefill_matter",
    "prefill_visit",
]


class CardFacts(Protocol):
    """What pre-fill reads of a card (:class:`devices.idcard.document.IdentityDocument` fits)."""

    @property
    def name(self) -> str: ...
    @property
    def sex(self) -> str: ...
    @property
    def birth_date(self) -> date: ...
    @property
    def id_number(self) -> str: ...
    @property
    def valid_to(self) -> date | None: ...
    @property
    def address(self) -> str: ...
    @property
    def ethnicity(self) -> str: ...
    @property
    def authority(self) -> str: ...
    @property
    def nationality(self) -> str: ...
    @property
    def rare_characters(self) -> tuple[str, ...]: ...
    @property
    def card_type(self) -> str: ...


class SourceKind(StrEnum):
    CARD = "card"
    PERSON = "person"
    DWELLING = "dwelling"
    RENTAL = "rental"
    LANDLORD = "landlord"
    TENANT = "tenant"
    SPOUSE = "spouse"
    EMPLOYER = "employer"
    EMPLOYMENT = "employment"
    CERTIFICATE = "certificate"
    TODAY = "today"


@dataclass(frozen=True, slots=True)
class FieldValue:
    """A pre-filled value (as the form shows it: text, ISO date, code) and where it came from."""

    value: str
    source: str  # e.g. "card.name", "dwelling.house_code"; "" for a matter's default

    @property
    def kind(self) -> SourceKind | None:
        head = self.source.split(".", 1)[0]
        return SourceKind(head) if head in SourceKind.__members__.values() else None


@dataclass(frozen=True, slots=True)
class PrefillContext:
    card: CardFacts | None
    dossier: PersonDossier | None
    today: date

    # ---- derived parties ---------------------------------------------------------------------

    @property
    def holder_summary(self) -> PersonSummary | None:
        if self.dossier is not None:
            p = self.dossier.person
            return PersonSummary(p.id_type, p.id_number, p.name, p.phone, p.relation_to_householder)
        if self.card is not None:
            return PersonSummary(_card_id_type(self.card), self.card.id_number, self.card.name, "")
        return None

    def rental(self) -> tuple[DwellingRecord, PersonSummary | None, PersonSummary | None] | None:
        """The lease the card holder is a party to: (dwelling, landlord, tenant)."""
        d = self.dossier
        if d is None:
            return None
        holder = self.holder_summary
        if d.dwelling is not None and d.role_in_dwelling is PartyRole.TENANT:
            return d.dwelling, (d.owners[0].person if d.owners else None), holder
        own_home = d.dwelling is not None and d.role_in_dwelling is PartyRole.OWNER
        if own_home and d.tenants and d.dwelling is not None:  # rooms let in their own home
            return d.dwelling, holder, d.tenants[0].person
        # a dwelling let elsewhere: one with tenants first (the registry lists newest first)
        for let in sorted(d.let_dwellings, key=lambda ld: not ld.tenants):
            return let.dwelling, holder, (let.tenants[0].person if let.tenants else None)
        if own_home and d.dwelling is not None:
            return d.dwelling, holder, None
        return None

    def party(self, role: PartyRole) -> PersonSummary | None:
        lease = self.rental()
        if lease is not None:
            return lease[1] if role is PartyRole.OWNER else lease[2]
        d = self.dossier
        if d is None:
            return None
        if d.role_in_dwelling is role:
            return self.holder_summary
        records = d.owners if role is PartyRole.OWNER else d.tenants
        return records[0].person if records else None

    def spouse(self) -> PersonSummary | None:
        d = self.dossier
        if d is None:
            return None
        mine = d.person.relation_to_householder
        want = {"02": "10", "10": "02"}.get(mine)
        if want is None:
            return None
        for rec in (*d.owners, *d.tenants, *d.occupants):
            if rec.person.relation_to_householder == want:
                return rec.person
        return None

    def certificate(self, cert_type: str) -> CertificateRecord | None:
        """The newest certificate of this type not revoked (expired ones count for the number)."""
        if self.dossier is None:
            return None
        for cert in self.dossier.certificates:  # newest first
            if cert.cert_type == cert_type and not cert.revoked:
                return cert
        return None


def _iso(d: date | None) -> str:
    return d.isoformat() if d is not None else ""


_CARD_ID_TYPES = {
    "resident": "citizen",
    "hmt_permit": "hmt_permit",
    "foreigner_2017": "foreigner_2017",
    "foreigner_2023": "foreigner_2023",
}


def _card_id_type(card: CardFacts) -> str:
    return _CARD_ID_TYPES.get(str(card.card_type), "citizen")


def _card(attr: str) -> Callable[[PrefillContext], str | None]:
    def get(ctx: PrefillContext) -> str | None:
        c = ctx.card
        if c is None:
            return None
        if attr == "id_type":
            return _card_id_type(c)
        value = getattr(c, attr)
        return _iso(value) if isinstance(value, date) or value is None else str(value)

    return get


def _person(attr: str) -> Callable[[PrefillContext], str | None]:
    def get(ctx: PrefillContext) -> str | None:
        if ctx.dossier is None:
            return None
        value = getattr(ctx.dossier.person, attr)
        return _iso(value) if isinstance(value, date) or value is None else str(value)

    return get


def _dwelling(attr: str) -> Callable[[PrefillContext], str | None]:
    def get(ctx: PrefillContext) -> str | None:
        if ctx.dossier is None or ctx.dossier.dwelling is None:
            return None
        return str(getattr(ctx.dossier.dwelling, attr))

    return get


def _summary(
    pick: Callable[[PrefillContext], PersonSummary | None], attr: str
) -> Callable[[PrefillContext], str | None]:
    def get(ctx: PrefillContext) -> str | None:
        who = pick(ctx)
        return None if who is None else str(getattr(who, attr))

    return get


def _rental(attr: str) -> Callable[[PrefillContext], str | None]:
    def get(ctx: PrefillContext) -> str | None:
        lease = ctx.rental()
        return None if lease is None else str(getattr(lease[0], attr))

    return get


def _employer(attr: str) -> Callable[[PrefillContext], str | None]:
    def get(ctx: PrefillContext) -> str | None:
        if ctx.dossier is None or ctx.dossier.employment is None:
            return None
        return str(getattr(ctx.dossier.employment.unit, attr))

    return get


def _occupation(ctx: PrefillContext) -> str | None:
    if ctx.dossier is None or ctx.dossier.employment is None:
        return None
    return ctx.dossier.employment.occupation_code


def _landlord(ctx: PrefillContext) -> PersonSummary | None:
    return ctx.party(PartyRole.OWNER)


def _tenant(ctx: PrefillContext) -> PersonSummary | None:
    return ctx.party(PartyRole.TENANT)


def _spouse(ctx: PrefillContext) -> PersonSummary | None:
    return ctx.spouse()


_SUMMARY_ATTRS = ("name", "id_type", "id_number", "phone")

#: Every fixed source name → how to read it. ``certificate.<type>.<attr>`` is resolved apart.
SOURCES: dict[str, Callable[[PrefillContext], str | None]] = {
    **{
        f"card.{a}": _card(a)
        for a in (
            "name",
            "sex",
            "ethnicity",
            "birth_date",
            "id_number",
            "id_type",
            "address",
            "valid_to",
            "authority",
            "nationality",
        )
    },
    **{
        f"person.{a}": _person(a)
        for a in (
            "name",
            "sex",
            "ethnicity",
            "birth_date",
            "id_number",
            "id_type",
            "phone",
            "household_address",
            "arrival_date",
            "arrival_reason",
            "relation_to_householder",
        )
    },
    **{
        f"dwelling.{a}": _dwelling(a)
        for a in ("house_code", "address", "use", "region_code", "region_name", "rooms")
    },
    **{f"rental.{a}": _rental(a) for a in ("house_code", "address", "use")},
    **{f"landlord.{a}": _summary(_landlord, a) for a in _SUMMARY_ATTRS},
    **{f"tenant.{a}": _summary(_tenant, a) for a in _SUMMARY_ATTRS},
    **{f"spouse.{a}": _summary(_spouse, a) for a in _SUMMARY_ATTRS},
    **{
        f"employer.{a}": _employer(a)
        for a in ("name", "credit_code", "address", "legal_representative")
    },
    "employment.occupation_code": _occupation,
    "today": lambda ctx: ctx.today.isoformat(),
}

_CERT_ATTRS = ("number", "issued_on", "valid_until", "issuer")


def is_known_source(name: str) -> bool:
    if name in SOURCES:
        return True
    parts = name.split(".")
    return (
        len(parts) == 3
        and parts[0] == "certificate"
        and bool(parts[1])
        and (parts[2] in _CERT_ATTRS)
    )


def resolve_source(name: str, ctx: PrefillContext) -> str | None:
    if name in SOURCES:
        return SOURCES[name](ctx)
    _, cert_type, attr = name.split(".")
    cert = ctx.certificate(cert_type)
    if cert is None:
        return None
    if attr == "number":
        return cert.cert_number
    if attr == "issuer":
        return cert.issuer
    return _iso(cert.issued_on if attr == "issued_on" else cert.valid_until)


def field_path(section_key: str, index: int | None, field_key: str) -> str:
    """The flat key of a field's value: ``field`` or ``section.<i>.field`` in a repeated section."""
    return field_key if index is None else f"{section_key}.{index}.{field_key}"


# ---- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatterPrefill:
    matter: Matter
    values: Mapping[str, FieldValue]  # flat path → value; only fields that got a value
    findings: tuple[Finding, ...]
    held_certificates: Mapping[str, str]  # certificate type → number, for reused materials

    def as_strings(self) -> dict[str, str]:
        return {k: v.value for k, v in self.values.items()}


@dataclass(frozen=True, slots=True)
class VisitPrefill:
    """One card read, several matters: shared findings once, then each matter's values."""

    findings: tuple[Finding, ...]  # about the person and the card
    matters: tuple[MatterPrefill, ...] = field(default=())

    def for_matter(self, code: str) -> MatterPrefill:
        for m in self.matters:
            if m.matter.code == code:
                return m
        raise KeyError(code)


# ---- findings about the person -------------------------------------------------------------


def _norm_address(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "，,。.-－")


def person_findings(ctx: PrefillContext) -> tuple[Finding, ...]:
    out: list[Finding] = []
    card, dossier = ctx.card, ctx.dossier
    if card is not None:
        if card.valid_to is not None and card.valid_to < ctx.today:
            out.append(
                Finding(
                    FindingCode.CARD_EXPIRED,
                    Severity.WARNING,
                    {"valid_to": card.valid_to.isoformat()},
                )
            )
        if card.rare_characters:
            out.append(
                Finding(
                    FindingCode.RARE_CHARACTERS,
                    Severity.WARNING,
                    {"characters": " ".join(card.rare_characters)},
                )
            )
    if dossier is None:
        if card is not None:
            out.append(Finding(FindingCode.PERSON_UNKNOWN, Severity.WARNING, {}))
        return tuple(out)
    person = dossier.person
    if card is not None:
        if card.name != person.name:
            out.append(
                Finding(
                    FindingCode.NAME_DIFFERS,
                    Severity.WARNING,
                    {"card": card.name, "registry": person.name},
                )
            )
        if (
            card.address
            and person.household_address
            and _norm_address(card.address) != _norm_address(person.household_address)
        ):
            out.append(
                Finding(
                    FindingCode.ADDRESS_DIFFERS,
                    Severity.WARNING,
                    {"card": card.address, "registry": person.household_address},
                )
            )
    if dossier.dwelling is None:
        out.append(Finding(FindingCode.NO_DWELLING, Severity.INFO, {}))
    return tuple(out)


# ---- pre-fill ------------------------------------------------------------------------------


def _held_certificates(ctx: PrefillContext) -> dict[str, str]:
    held: dict[str, str] = {}
    if ctx.dossier is None:
        return held
    for cert in ctx.dossier.certificates:  # newest first: keep the newest valid one per type
        if cert.revoked or cert.cert_type in held:
            continue
        if cert.valid_until is not None and cert.valid_until < ctx.today:
            continue
        held[cert.cert_type] = cert.cert_number
    return held


#: Without a card, these card sources are read from the registry's person record instead.
_CARD_FALLBACK = {
    "card.name": "person.name",
    "card.sex": "person.sex",
    "card.ethnicity": "person.ethnicity",
    "card.birth_date": "person.birth_date",
    "card.id_number": "person.id_number",
    "card.id_type": "person.id_type",
    "card.address": "person.household_address",
}


def prefill_matter(matter: Matter, ctx: PrefillContext) -> MatterPrefill:
    """Values for one matter's form. Repeated sections get their first row from the card holder."""
    values: dict[str, FieldValue] = {}
    for section in matter.sections:
        index = 0 if section.repeated else None
        for spec in section.fields:
            path = field_path(section.key, index, spec.key)
            source = spec.prefill
            if source.startswith("card.") and ctx.card is None:
                # No card (lost, or a number typed at the window): the registry stands in, and
                # the value says so.
                source = _CARD_FALLBACK.get(source, "")
            got = resolve_source(source, ctx) if source else None
            if got:
                values[path] = FieldValue(got, source)
            elif spec.default:
                values[path] = FieldValue(spec.default, "")
    findings = check_conditions(matter, ctx)
    return MatterPrefill(matter, values, findings, _held_certificates(ctx))


def prefill_visit(matters: Iterable[Matter], ctx: PrefillContext) -> VisitPrefill:
    """Pre-fill every matter of a visit from one card read."""
    return VisitPrefill(
        findings=person_findings(ctx),
        matters=tuple(prefill_matter(m, ctx) for m in matters),
    )


def value_sources(values: Mapping[str, str], prefilled: Mapping[str, FieldValue]) -> dict[str, str]:
    """Where each handed-over value came from: the pre-fill's source if the value is still the
    pre-filled one (a matter's default: ``default``), else ``typed`` (typed, or changed); an
    empty value has none ("")."""
    out: dict[str, str] = {}
    for path, value in values.items():
        given = prefilled.get(path)
        if given is not None and given.value == value:
            out[path] = given.source or "default"
        else:
            out[path] = "typed" if str(value).strip() else ""
    return out
