"""The shared database schema (SQLAlchemy 2.0 typed models).

The registry (一标三实: standard address, actual population, actual housing, actual units) is
read-mostly: it is loaded from the district's shared data (or seeded synthetically) and read at
every window. Relationships are ``lazy="raise"``: code that needs related rows says so in its
query, and an accidental lazy load fails loudly instead of querying from the wrong place.

Services never hand these rows out; they return frozen dataclasses (``desktop.domain``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desktop.domain.paper import Paper

#: The papers a document may be printed on, as SQL (the same list as migration 0005's).
_PAPER_VALUES = ", ".join(repr(p.value) for p in Paper)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _text_key(length: int) -> String:
    """A string column compared by code point on every backend.

    Prefix searches are range scans (``col >= p AND col < p || U+10FFFF``) on a plain B-tree
    index; that needs binary ordering, which SQLite has by default and PostgreSQL gets from
    the "C" collation.
    """
    return String(length).with_variant(String(length, collation="C"), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


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


# --------------------------------------------------------------------------------------------
# Audit log
# --------------------------------------------------------------------------------------------


class AuditEvent(Base):
    """An append-only audit event, chained to its predecessor in its lane by a keyed MAC.

    ``hash = HMAC-SHA256(hall secret, prev_hash || canonical(seq, occurred_at, actor, station,
    action, subject, purpose, detail))``; see :mod:`desktop.services.audit`. The log is
    several chains (lanes, one :class:`AuditHead` row each) so that concurrent stations do not
    queue on one anchor: ``lane`` names the chain, ``prev_seq`` the event before this one in it
    (0 for a lane's first). ``seq`` is unique over all lanes and grows with time (PostgreSQL:
    the sequence ``audit_event_numbers``; a rolled-back append leaves a gap, which is not a
    break: the chains link by MAC, not by number). (Chains of earlier versions used an unkeyed
    sha256 until re-keyed: ``AuditHead.key_id`` is NULL.)
    """

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(60))
    station: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject: Mapped[str] = mapped_column(String(120), index=True)
    purpose: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    lane: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    prev_seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), default=0, server_default="0"
    )

    __table_args__ = (Index("ix_audit_events_lane_seq", "lane", "seq"),)


class AuditHead(Base):
    """The anchor of one lane of the audit log: its newest event's ``seq`` and MAC.

    Appending locks one lane's row (``FOR UPDATE SKIP LOCKED`` on PostgreSQL: any lane nobody
    holds; SQLite, one writer anyway: lane 1) and links the event to that lane's newest, so
    concurrent stations append side by side, and a deleted last event of a lane is still
    detected. Lane 1 holds the single chain of earlier versions.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    last_hash: Mapped[str] = mapped_column(String(64))
    #: The id (a public fingerprint) of the hall secret the chain is keyed with; NULL for a lane
    #: nobody appended to yet, or a chain of an earlier version not re-keyed yet (unkeyed sha256).
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)

    __table_args__ = (CheckConstraint("id >= 1", name="lane_number"),)


# --------------------------------------------------------------------------------------------
# Working-day calendar
# --------------------------------------------------------------------------------------------


class CalendarDay(Base):
    """A hall's override of one day of the national working-day calendar.

    ``kind`` says what the day is here, whatever the national schedule says: ``holiday`` (a
    local holiday or closure) or ``workday`` (an extra working day). See
    :mod:`desktop.domain.workcalendar` and :mod:`desktop.services.calendar`.
    """

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    changed_by: Mapped[str] = mapped_column(String(60))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("kind IN ('holiday', 'workday')", name="kind_known"),)


# --------------------------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------------------------


class User(Base):
    """A person who signs in at a station (or a kiosk's account); see desktop.services.auth.

    ``password_hash`` is an argon2id string that carries its own parameters and salt
    (``$argon2id$v=19$m=…,t=…,p=…$salt$hash``). ``roles`` and ``departments`` are JSON lists of
    :class:`desktop.domain.permissions.Role` values and department codes.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    departments: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("failed_attempts >= 0", name="failed_attempts_not_negative"),)


# --------------------------------------------------------------------------------------------
# Issued documents (electronic archive) and the print queue
# --------------------------------------------------------------------------------------------


class IssuedDocument(Base):
    """A document the hall issued: its PDF is archived under the archive directory.

    ``sha256`` is the digest of the archived file (``archive_path``, relative to the archive
    directory, with forward slashes); a copy that no longer matches it is reported as tampered.
    """

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    case_number: Mapped[str | None] = mapped_column(String(60), index=True)
    holder_hash: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    archive_path: Mapped[str] = mapped_column(String(300))
    paper: Mapped[str] = mapped_column(String(12))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    issued_by: Mapped[str] = mapped_column(String(60))
    station: Mapped[str] = mapped_column(String(60))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(60))
    revoked_reason: Mapped[str | None] = mapped_column(String(300))
    print_count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        CheckConstraint(
            f"paper IN ({', '.join(repr(p.value) for p in Paper)})", name="paper_known"
        ),
    )


class DocumentBlob(Base):
    """The PDF of an issued document, kept in the database beside the archive file.

    Every station of the hall shares the database, not necessarily the archive folder: a
    station that did not issue a document (a kiosk reprinting a receipt a window issued) reads
    the PDF from here when the file is not in its own archive (checked against the register's
    SHA-256 like the file).
    """

    __tablename__ = "document_blobs"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("issued_documents.id", ondelete="CASCADE"), primary_key=True
    )
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class SigningKey(Base):
    """A public key the hall has signed documents with: any station verifies against all of them.

    Registered with the first document a key signs (``key_id`` as printed in the codes); the
    private key never leaves the signing station's OS keyring.
    """

    __tablename__ = "signing_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    public_key_pem: Mapped[str] = mapped_column(Text)
    first_used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    station: Mapped[str] = mapped_column(String(60))


class PrintJob(Base):
    """One print of an issued document at a station; kept (with its error) until it is done."""

    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), index=True)
    station: Mapped[str] = mapped_column(String(60))
    #: The printer's system name; empty = the station's default (or PDF files without one).
    printer: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error_code: Mapped[str | None] = mapped_column(String(60))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    is_reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Pages the printer accepted on the successful attempt.
    pages: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'printing', 'done', 'failed', 'cancelled')", name="status_known"
        ),
        Index("ix_print_jobs_station_status", "station", "status"),
    )


# Cases (办件): the application, its materials, steps, review tasks, clock pauses, rating
# --------------------------------------------------------------------------------------------

_CASE_STATES = (
    "'accepted', 'refused', 'awaiting_supplement', 'in_review', 'returned', 'approved', "
    "'rejected', 'ready_to_issue', 'issued', 'withdrawn', 'terminated'"
)


class Case(Base):
    """One application (GB/T 39046 case record): applicant, acceptance, completion.

    The applicant's identity number is held in clear only inside ``form_values`` (the application
    as signed: the hall must keep it, and the certificate and notices print it). The indexed
    columns hold the masked number (for lists and notices) and a hash (to find a person's cases,
    e.g. at a kiosk), so list screens, exports and the audit log never need the number.
    """

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(50), unique=True)
    number_source: Mapped[str] = mapped_column(String(10))  # generated / upstream
    matter_code: Mapped[str] = mapped_column(String(24), index=True)
    matter_name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(10))
    case_type: Mapped[str] = mapped_column(String(1))  # 1 immediate, 2 promised
    state: Mapped[str] = mapped_column(String(24), index=True)
    applicant_name: Mapped[str] = mapped_column(String(120))
    applicant_id_type: Mapped[str] = mapped_column(String(20))
    applicant_id_masked: Mapped[str] = mapped_column(String(30))
    applicant_id_hash: Mapped[str] = mapped_column(String(64), index=True)
    agent_name: Mapped[str] = mapped_column(String(120), default="")
    agent_id_type: Mapped[str] = mapped_column(String(20), default="")
    agent_id_masked: Mapped[str] = mapped_column(String(30), default="")
    agent_id_hash: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    channel: Mapped[str] = mapped_column(String(20))
    form_values: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    #: Form path → where its value came from at the window (``card.name``, ``person.*``, …,
    #: ``typed``): the evidence the approver weighs. Empty for cases accepted before 0016.
    form_sources: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    received_by: Mapped[str] = mapped_column(String(60))
    received_station: Mapped[str] = mapped_column(String(60))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by: Mapped[str] = mapped_column(String(60), default="")
    accepted_station: Mapped[str] = mapped_column(String(60), default="")
    accepting_unit: Mapped[str] = mapped_column(String(120), default="")
    notice_number: Mapped[str] = mapped_column(String(60), default="")
    promised_date: Mapped[date | None] = mapped_column(Date, index=True)
    supplement_deadline: Mapped[date | None] = mapped_column(Date)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    result_name: Mapped[str] = mapped_column(String(120), default="")
    result_number: Mapped[str] = mapped_column(String(60), default="")
    result_valid_until: Mapped[date | None] = mapped_column(Date)
    issuing_unit: Mapped[str] = mapped_column(String(120), default="")
    delivered_by_post: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: Bumped by every change; a change locks the row by bumping it first.
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: The window's id of the application (a UUID made when the form was opened): a submit
    #: retried after a lost commit acknowledgement finds its case instead of making another.
    request_id: Mapped[str | None] = mapped_column(String(36), unique=True, nullable=True)

    #: The queue ticket being served at the window when the case was accepted (wait and
    #: service time per case); None for cases accepted without a ticket.
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("queue_tickets.id"), index=True)

    __table_args__ = (
        CheckConstraint(f"state IN ({_CASE_STATES})", name="state_known"),
        CheckConstraint("case_type IN ('1', '2')", name="case_type_known"),
        CheckConstraint("number_source IN ('generated', 'upstream')", name="number_source_known"),
    )


class CaseMaterial(Base):
    """One material line of a case, as the window marked it (and when an owed one came)."""

    __tablename__ = "case_materials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    code: Mapped[str] = mapped_column(String(40))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    essential: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(12))
    certificate_number: Mapped[str] = mapped_column(String(60), default="")
    due: Mapped[date | None] = mapped_column(Date)
    supplied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("uq_case_materials_case_id_code", "case_id", "code", unique=True),
        CheckConstraint(
            "status IN ('received', 'reused', 'promised', 'owed', 'missing')", name="status_known"
        ),
    )


class CaseStep(Base):
    """One processing step (GB/T 39046): every transition of a case, one row each."""

    __tablename__ = "case_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    seq: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(30))
    action: Mapped[str] = mapped_column(String(10))  # pass / return / other
    step: Mapped[str] = mapped_column(String(60))
    handler: Mapped[str] = mapped_column(String(60))
    station: Mapped[str] = mapped_column(String(60))
    opinion: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(1))  # 1 pending, 2 done
    from_state: Mapped[str] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("uq_case_steps_case_id_seq", "case_id", "seq", unique=True),)


#: A review task nobody decided yet (the queue's tasks).
OPEN_TASKS = "status IN ('open', 'claimed')"


class ReviewTask(Base):
    """One department's review of a promised case (并联审批: one per department).

    A task is claimed by one approver (a conditional ``UPDATE … WHERE claimed_by = ''``); only
    the claimant decides it. A return reopens the returning department's task on resubmission.
    """

    __tablename__ = "review_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    department_code: Mapped[str] = mapped_column(String(20), index=True)
    department_name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(12))
    claimed_by: Mapped[str] = mapped_column(String(60), default="")
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: A claim lapses at this moment (``[review] claim_minutes``): the task counts as open again.
    claim_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str] = mapped_column(String(60), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    opinion: Mapped[str] = mapped_column(Text, default="")
    round: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("uq_review_tasks_case_id_department_code", "case_id", "department_code", unique=True),
        Index("ix_review_tasks_department_code_status", "department_code", "status"),
        # The queue's counts visit every open task, never the decided history (migration 0016).
        Index(
            "ix_review_tasks_open",
            "case_id",
            postgresql_where=text(OPEN_TASKS),
            sqlite_where=text(OPEN_TASKS),
        ),
        CheckConstraint(
            "status IN ('open', 'claimed', 'approved', 'rejected', 'returned', 'cancelled')",
            name="status_known",
        ),
    )


class ClockPause(Base):
    """A special procedure (extension, hearing, inspection, expert review…) stopping the clock."""

    __tablename__ = "clock_pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_by: Mapped[str] = mapped_column(String(60))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_by: Mapped[str] = mapped_column(String(60), default="")
    working_days: Mapped[int | None] = mapped_column(Integer)


class CaseNumberSequence(Base):
    """The last case number handed out per scope (region, day, category as the pattern uses).

    Allocation bumps the row (``UPDATE … RETURNING``) inside the accepting transaction: the row
    lock queues concurrent stations, and a rolled-back acceptance gives its number back, so the
    numbers of a day have no gaps.
    """

    __tablename__ = "case_number_sequences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(12))
    day: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(16))
    last_value: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index(
            "uq_case_number_sequences_region_day_category",
            "region",
            "day",
            "category",
            unique=True,
        ),
    )


class CaseDraft(Base):
    """An application being typed: saved as it is typed, one committed transaction per save,
    so it survives a crash of the app."""

    __tablename__ = "case_drafts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station: Mapped[str] = mapped_column(String(60), index=True)
    user_name: Mapped[str] = mapped_column(String(60))
    matter_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    title: Mapped[str] = mapped_column(String(200), default="")
    form: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    materials: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CaseRating(Base):
    """One rating of one visit of a case (好差评, 一次一评): the visit is the case step it
    rates (``visit_seq``), so a case takes one rating at acceptance, another at issue."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    visit_seq: Mapped[int] = mapped_column(Integer)
    visit_event: Mapped[str] = mapped_column(String(24))
    #: The station that served the visit (its step's station): the window rated.
    window: Mapped[str] = mapped_column(String(60), index=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(10))
    rated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    recorded_by: Mapped[str] = mapped_column(String(60))
    station: Mapped[str] = mapped_column(String(60))

    __table_args__ = (
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
        Index("uq_ratings_case_id_visit_seq", "case_id", "visit_seq", unique=True),
    )


_FOLLOWUP_STATES = (
    "'open', 'assigned', 'called_back', 'rectified', 'replied', 'closed', 'appealed', 'voided'"
)


class RatingFollowUp(Base):
    """What a bad rating sets going (see :mod:`desktop.domain.ratings`): its deadline, the
    assignee, the call-back, the rectification, the reply, the closing, an appeal."""

    __tablename__ = "rating_followups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    state: Mapped[str] = mapped_column(String(12))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: The last day (hall working days after the rating's day).
    due_date: Mapped[date] = mapped_column(Date)
    assignee: Mapped[str] = mapped_column(String(60), default="")
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assigned_by: Mapped[str] = mapped_column(String(60), default="")
    callback_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    callback_by: Mapped[str] = mapped_column(String(60), default="")
    callback_outcome: Mapped[str] = mapped_column(Text, default="")
    rectification: Mapped[str] = mapped_column(Text, default="")
    rectified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rectified_by: Mapped[str] = mapped_column(String(60), default="")
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    replied_by: Mapped[str] = mapped_column(String(60), default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str] = mapped_column(String(60), default="")
    appeal_reason: Mapped[str] = mapped_column(Text, default="")
    appealed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    appealed_by: Mapped[str] = mapped_column(String(60), default="")
    appealed_from: Mapped[str] = mapped_column(String(12), default="")
    appeal_decision: Mapped[str] = mapped_column(String(10), default="")
    appeal_decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    appeal_decided_by: Mapped[str] = mapped_column(String(60), default="")
    appeal_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: Bumped by every step; a step locks the row by bumping it first.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        CheckConstraint(f"state IN ({_FOLLOWUP_STATES})", name="state_known"),
        CheckConstraint(
            "appeal_decision IN ('', 'upheld', 'rejected')", name="appeal_decision_known"
        ),
        Index("ix_rating_followups_state_due_date", "state", "due_date"),
    )


# --------------------------------------------------------------------------------------------
# Live updates between stations
# --------------------------------------------------------------------------------------------


class ChangeFeedEntry(Base):
    """One topic a committed transaction changed (``case:<number>``, ``cases``,
    ``review:<department>``), for the other stations' listeners; see
    :mod:`desktop.services.changes`.

    Written inside the changing transaction (a rolled-back change leaves no row); the newest
    hour (at least the newest rows) is kept, older rows are pruned now and then. ``seq`` only
    grows (SQLite: ``AUTOINCREMENT``, never reused after a prune).
    """

    __tablename__ = "change_feed"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = ({"sqlite_autoincrement": True},)


# --------------------------------------------------------------------------------------------
# Queue tickets and calling (叫号)
# --------------------------------------------------------------------------------------------


class QueueDay(Base):
    """One queue's day: the last number handed out and the calling rule's state.

    Taking a ticket and calling one bump this row first (``UPDATE … RETURNING``): PostgreSQL's
    row lock, SQLite's write lock; numbers restart every day and have no gaps.
    """

    __tablename__ = "queue_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    queue_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)
    #: Normal calls since the last priority call (the interleave ratio).
    normal_streak: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)


class QueueTicket(Base):
    """One ticket: unique per (day, the queue that numbered it, number); kept after a transfer."""

    __tablename__ = "queue_tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    #: The queue that gave the number (the prefix); ``queue_code`` is where it waits now.
    origin_queue: Mapped[str] = mapped_column(String(4))
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(12))
    queue_code: Mapped[str] = mapped_column(String(4))
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    category: Mapped[str] = mapped_column(String(20), default="")
    state: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(10))
    #: The card holder's keyed hash when the ticket was taken with an ID card ("" without).
    holder_hash: Mapped[str] = mapped_column(String(64), default="")
    waiting_before: Mapped[int] = mapped_column(Integer, default=0)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    taken_by: Mapped[str] = mapped_column(String(60))
    booked_for: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Only this window calls it (a transfer to a window).
    target_window: Mapped[int | None] = mapped_column(Integer)
    window: Mapped[int | None] = mapped_column(Integer)
    first_called_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    called_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    called_by: Mapped[str] = mapped_column(String(60), default="")
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("uq_queue_tickets_day_origin_number", "day", "origin_queue", "number", unique=True),
        Index("ix_queue_tickets_day_queue_state", "day", "queue_code", "state"),
        Index("ix_queue_tickets_day_called_at", "day", "called_at"),
        CheckConstraint(
            "state IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')",
            name="state_known",
        ),
    )


class QueueWindow(Base):
    """A window's calling state: paused windows call nobody."""

    __tablename__ = "queue_windows"

    window: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_by: Mapped[str] = mapped_column(String(60))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class QueueBooking(Base):
    """A booked slot (预约) of a queue: held until checked in (its ticket then waits for the
    slot) or until it lapses. ``code`` is the reference the citizen shows."""

    __tablename__ = "queue_bookings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    #: The slot's day (hall time): its queue's row of that day is the booking's lock.
    day: Mapped[date] = mapped_column(Date)
    queue_code: Mapped[str] = mapped_column(String(4))
    slot_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(10))
    #: The card holder's keyed hash when booked with an ID number ("" without).
    holder_hash: Mapped[str] = mapped_column(String(64), default="")
    booked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    booked_by: Mapped[str] = mapped_column(String(60))
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("queue_tickets.id"))

    __table_args__ = (
        Index("ix_queue_bookings_day_queue_slot", "day", "queue_code", "slot_start"),
        CheckConstraint(
            "state IN ('booked', 'checked_in', 'lapsed', 'cancelled')", name="state_known"
        ),
    )
