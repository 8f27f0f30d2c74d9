"""Registry records as plain, frozen data: what services hand to the UI and the command line.

These never carry a database session or an ORM row; widgets can hold them across threads.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any


class PartyRole(StrEnum):
    OWNER = "owner"
    TENANT = "tenant"
    OCCUPANT = "occupant"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts, and from which station: recorded with every audited action."""

    user: str
    station: str


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id_type: str
    id_number: str
    name: str
    sex: str
    ethnicity: str
    nationality: str
    birth_date: date
    household_address: str
    is_migrant: bool
    arrival_date: date | None
    arrival_reason: str
    phone: str
    photo_ref: str
    current_house_code: str | None
    relation_to_householder: str


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """Enough of another person (a landlord, a tenant) to show and to pre-fill a form."""

    id_type: str
    id_number: str
    name: str
    phone: str
    relation_to_householder: str = ""  # GB/T 4761 code, as in the person's record


@dataclass(frozen=True, slots=True)
class DwellingRecord:
    house_code: str
    address: str
    region_code: str
    region_name: str
    building_code: str
    building_name: str
    use: str
    ownership: str
    rooms: int
    area_m2: Decimal
    rental_status: str
    risk_class: str


@dataclass(frozen=True, slots=True)
class PartyRecord:
    role: PartyRole
    person: PersonSummary
    since: date | None
    until: date | None


@dataclass(frozen=True, slots=True)
class UnitRecord:
    credit_code: str
    name: str
    address: str
    legal_representative: str
    industry: str


@dataclass(frozen=True, slots=True)
class EmploymentRecord:
    unit: UnitRecord
    occupation_code: str
    since: date | None


@dataclass(frozen=True, slots=True)
class CertificateRecord:
    cert_type: str
    cert_number: str
    issuer: str
    issued_on: date
    valid_until: date | None
    revoked: bool


@dataclass(frozen=True, slots=True)
class LetDwelling:
    """A dwelling the person owns but does not live in, with its current tenants."""

    dwelling: DwellingRecord
    tenants: tuple[PartyRecord, ...]


@dataclass(frozen=True, slots=True)
class PersonDossier:
    """Everything a window needs about one person, from one call."""

    person: PersonRecord
    dwelling: DwellingRecord | None
    #: The person's own role in that dwelling (owner / tenant / occupant), if recorded.
    role_in_dwelling: PartyRole | None
    #: Owners of the dwelling the person lives in (for a tenant: the landlord).
    owners: tuple[PartyRecord, ...]
    #: Current tenants of that dwelling (for a landlord living there, or co-tenants).
    tenants: tuple[PartyRecord, ...]
    #: Other current occupants.
    occupants: tuple[PartyRecord, ...]
    employment: EmploymentRecord | None
    certificates: tuple[CertificateRecord, ...]
    #: Dwellings the person owns elsewhere (a landlord letting them out), newest first.
    let_dwellings: tuple[LetDwelling, ...] = ()


def to_jsonable(value: Any) -> Any:
    """Dataclasses, dates and Decimals → JSON-ready values (for the command line)."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
