"""The registry (一标三实): standard addresses, buildings, dwellings, people, units.

Read-mostly: loaded from the district's shared data (or seeded synthetically) and read at
every window. Relationships are ``lazy="raise"``: code that needs related rows says so in its
query.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.persistence.models.base import Base, _text_key

# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


class StandardAddress(Base):
    """A standard address: region + street/lane + door number + detail (building, unit, room)."""

    __tablename__ = "standard_addresses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(
        String(12)
    )  # district (6) + sub-district (3) + community (3)
    region_name: Mapped[str] = mapped_column(String(100))
    street: Mapped[str] = mapped_column(String(100))
    door_number: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(String(100), default="")
    full_address: Mapped[str] = mapped_column(_text_key(300), index=True)


class Building(Base):
    __tablename__ = "buildings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    building_code: Mapped[str] = mapped_column(String(19), unique=True)  # first 19 of a house code
    address_id: Mapped[int] = mapped_column(ForeignKey("standard_addresses.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    floors: Mapped[int] = mapped_column(Integer, default=1)
    grid_code: Mapped[str] = mapped_column(String(20), default="")

    address: Mapped[StandardAddress] = relationship(lazy="raise")

    __table_args__ = (CheckConstraint("length(building_code) = 19", name="building_code_len"),)


class Dwelling(Base):
    """A dwelling (实有房屋), identified by its 25-digit house code."""

    __tablename__ = "dwellings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_code: Mapped[str] = mapped_column(String(25), unique=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("buildings.id"), index=True)
    address_id: Mapped[int] = mapped_column(ForeignKey("standard_addresses.id"), index=True)
    use: Mapped[str] = mapped_column(String(20), default="residential")
    ownership: Mapped[str] = mapped_column(String(20), default="private")
    rooms: Mapped[int] = mapped_column(Integer, default=1)
    area_m2: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    rental_status: Mapped[str] = mapped_column(String(20), default="owner_occupied")
    risk_class: Mapped[str] = mapped_column(String(20), default="normal")

    building: Mapped[Building] = relationship(lazy="raise")
    address: Mapped[StandardAddress] = relationship(lazy="raise")

    __table_args__ = (CheckConstraint("length(house_code) = 25", name="house_code_len"),)


class Person(Base):
    """A person of the actual population (实有人口)."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_type: Mapped[str] = mapped_column(String(20))  # desktop.domain.identity.IdKind value
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    sex: Mapped[str] = mapped_column(String(1))  # GB/T 2261.1
    ethnicity: Mapped[str] = mapped_column(String(2), default="")  # GB/T 3304, blank for foreigners
    nationality: Mapped[str] = mapped_column(String(3), default="CHN")
    birth_date: Mapped[date] = mapped_column(Date)
    household_address: Mapped[str] = mapped_column(String(200), default="")
    is_migrant: Mapped[bool] = mapped_column(Boolean, default=False)
    arrival_date: Mapped[date | None] = mapped_column(Date)
    arrival_reason: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    photo_ref: Mapped[str] = mapped_column(String(200), default="")
    current_dwelling_id: Mapped[int | None] = mapped_column(ForeignKey("dwellings.id"))
    relation_to_householder: Mapped[str] = mapped_column(String(2), default="")

    current_dwelling: Mapped[Dwelling | None] = relationship(lazy="raise")

    __table_args__ = (
        Index("ix_persons_name_birth_date", "name", "birth_date"),
        Index("ix_persons_current_dwelling_id", "current_dwelling_id"),
    )


class Unit(Base):
    """A unit (实有单位): an employer, identified by its unified social credit code."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(200), default="")
    legal_representative: Mapped[str] = mapped_column(String(120), default="")
    industry: Mapped[str] = mapped_column(String(40), default="")


class DwellingParty(Base):
    """Who owns, rents or lives in which dwelling, and since when."""

    __tablename__ = "dwelling_parties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dwelling_id: Mapped[int] = mapped_column(ForeignKey("dwellings.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # owner / tenant / occupant
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint("role IN ('owner', 'tenant', 'occupant')", name="role_known"),
    )


class Employment(Base):
    """Who works where."""

    __tablename__ = "employments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    occupation_code: Mapped[str] = mapped_column(String(10), default="")
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)


class IssuedCertificate(Base):
    """A certificate already issued to a person: later matters reuse it instead of a copy."""

    __tablename__ = "issued_certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    cert_type: Mapped[str] = mapped_column(String(40))
    cert_number: Mapped[str] = mapped_column(String(60))
    issuer: Mapped[str] = mapped_column(String(120))
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class RegistryMeta(Base):
    """Key/value facts about the data set, e.g. ``synthetic = true`` and the generator's seed."""

    __tablename__ = "registry_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
