"""Registry look-ups (一标三实) as a service: frozen records out, every person look-up audited.

Queries are SQLAlchemy Core statements built once at import (so their compiled form is cached)
and run on a plain connection: a window asks for a dossier many times an hour, and the work per
call is a handful of indexed reads plus one audit append.

A look-up of a person needs a purpose (the matter it serves); the number is checked with the
identity rules before the database is touched, so an invalid number is a typed
:class:`~desktop.domain.identity.IdentityError`, never an empty result.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, bindparam, select
from sqlalchemy.sql import Select

from desktop.domain.housecode import parse_house_code
from desktop.domain.identity import (
    IdentityNumber,
    mask_id_number,
    parse_credit_code,
    parse_id_number,
)
from desktop.domain.permissions import Permission, Principal, Role
from desktop.domain.registry import (
    Actor,
    CertificateRecord,
    DwellingRecord,
    EmploymentRecord,
    LetDwelling,
    PartyRecord,
    PartyRole,
    PersonDossier,
    PersonRecord,
    PersonSummary,
    UnitRecord,
)
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import (
    Building,
    Dwelling,
    DwellingParty,
    Employment,
    IssuedCertificate,
    Person,
    StandardAddress,
    Unit,
)
from desktop.persistence.prepared import Prepared, as_date, as_decimal
from desktop.services.audit import append_event, require_purpose
from desktop.services.guard import authorize
from desktop.services.pseudonyms import person_pseudonym

_p = Person.__table__
_d = Dwelling.__table__
_a = StandardAddress.__table__
_b = Building.__table__
_dp = DwellingParty.__table__
_u = Unit.__table__
_e = Employment.__table__
_c = IssuedCertificate.__table__

_PERSON_COLS = (
    _p.c.id,
    _p.c.id_type,
    _p.c.id_number,
    _p.c.name,
    _p.c.sex,
    _p.c.ethnicity,
    _p.c.nationality,
    _p.c.birth_date,
    _p.c.household_address,
    _p.c.is_migrant,
    _p.c.arrival_date,
    _p.c.arrival_reason,
    _p.c.phone,
    _p.c.photo_ref,
    _p.c.relation_to_householder,
    _p.c.current_dwelling_id,
)
_DWELLING_COLS = (
    _d.c.house_code,
    _a.c.full_address,
    _a.c.region_code,
    _a.c.region_name,
    _b.c.building_code,
    _b.c.name.label("building_name"),
    _d.c.use,
    _d.c.ownership,
    _d.c.rooms,
    _d.c.area_m2,
    _d.c.rental_status,
    _d.c.risk_class,
)
_dwelling_join = _d.join(_a, _a.c.id == _d.c.address_id).join(_b, _b.c.id == _d.c.building_id)

# One query: the person, their dwelling, its address and building.
_PERSON_WITH_DWELLING: Select[Any] = select(*_PERSON_COLS, *_DWELLING_COLS).select_from(
    # A flat chain of LEFT JOINs (not a LEFT JOIN to a nested join, which SQLite materialises
    # by scanning every building): each step is a primary-key look-up.
    _p.outerjoin(_d, _d.c.id == _p.c.current_dwelling_id)
    .outerjoin(_a, _a.c.id == _d.c.address_id)
    .outerjoin(_b, _b.c.id == _d.c.building_id)
)
_PERSON_BY_NUMBER = Prepared(_PERSON_WITH_DWELLING.where(_p.c.id_number == bindparam("number")))
_PERSONS_BY_NAME_BIRTH = Prepared(
    _PERSON_WITH_DWELLING.where(
        and_(_p.c.name == bindparam("name"), _p.c.birth_date == bindparam("birth"))
    ).order_by(_p.c.id_number)
)

# Current parties (owners, tenants, occupants) of one dwelling, with the persons' summaries.
_PARTIES = Prepared(
    select(
        _dp.c.role,
        _dp.c.since,
        _dp.c.until,
        _p.c.id_type,
        _p.c.id_number,
        _p.c.name,
        _p.c.phone,
        _p.c.id,
        _p.c.relation_to_householder,
    )
    .select_from(_dp.join(_p, _p.c.id == _dp.c.person_id))
    .where(_dp.c.dwelling_id == bindparam("dwelling_id"), _dp.c.until.is_(None))
    .order_by(_dp.c.role, _dp.c.since, _p.c.id)
)
# Dwellings a person owns but does not live in (what a landlord lets out), with their address.
_OWNED_ELSEWHERE = Prepared(
    select(_d.c.id.label("dwelling_id"), *_DWELLING_COLS)
    .select_from(
        _dp.join(_d, _d.c.id == _dp.c.dwelling_id)
        .join(_a, _a.c.id == _d.c.address_id)
        .join(_b, _b.c.id == _d.c.building_id)
    )
    .where(
        _dp.c.person_id == bindparam("person_id"),
        _dp.c.role == "owner",
        _dp.c.until.is_(None),
        _dp.c.dwelling_id != bindparam("current_id"),
    )
    .order_by(_dp.c.since.desc(), _dp.c.id.desc())
    .limit(50)
)
_EMPLOYMENT = Prepared(
    select(_e.c.occupation_code, _e.c.since, *_u.c)
    .select_from(_e.join(_u, _u.c.id == _e.c.unit_id))
    .where(_e.c.person_id == bindparam("person_id"), _e.c.until.is_(None))
    .order_by(_e.c.since.desc(), _e.c.id.desc())
    .limit(1)
)
_CERTIFICATES = Prepared(
    select(
        _c.c.cert_type,
        _c.c.cert_number,
        _c.c.issuer,
        _c.c.issued_on,
        _c.c.valid_until,
        _c.c.revoked,
    )
    .where(_c.c.person_id == bindparam("person_id"))
    .order_by(_c.c.issued_on.desc(), _c.c.id.desc())
)
_DWELLING_BY_CODE = Prepared(
    select(*_DWELLING_COLS).select_from(_dwelling_join).where(_d.c.house_code == bindparam("code"))
)
_DWELLINGS_BY_PREFIX = Prepared(
    select(*_DWELLING_COLS)
    .select_from(_dwelling_join)
    .where(_a.c.full_address >= bindparam("lo"), _a.c.full_address < bindparam("hi"))
    .order_by(_a.c.full_address, _d.c.house_code)
    .limit(bindparam("limit"))
)
_UNIT_BY_CODE = Prepared(select(*_u.c).where(_u.c.credit_code == bindparam("code")))

#: Past the last code point: ``prefix + _TOP`` bounds a prefix range on binary-ordered text.
_TOP = "\U0010ffff"


def _person(row: Mapping[str, Any]) -> PersonRecord:
    return PersonRecord(
        id_type=row["id_type"],
        id_number=row["id_number"],
        name=row["name"],
        sex=row["sex"],
        ethnicity=row["ethnicity"],
        nationality=row["nationality"],
        birth_date=as_date(row["birth_date"]),  # type: ignore[arg-type]
        household_address=row["household_address"],
        is_migrant=bool(row["is_migrant"]),
        arrival_date=as_date(row["arrival_date"]),
        arrival_reason=row["arrival_reason"],
        phone=row["phone"],
        photo_ref=row["photo_ref"],
        current_house_code=row["house_code"],
        relation_to_householder=row["relation_to_householder"],
    )


def _dwelling(row: Mapping[str, Any]) -> DwellingRecord | None:
    if row["house_code"] is None:
        return None
    return DwellingRecord(
        house_code=row["house_code"],
        address=row["full_address"],
        region_code=row["region_code"],
        region_name=row["region_name"],
        building_code=row["building_code"],
        building_name=row["building_name"],
        use=row["use"],
        ownership=row["ownership"],
        rooms=row["rooms"],
        area_m2=as_decimal(row["area_m2"]),
        rental_status=row["rental_status"],
        risk_class=row["risk_class"],
    )


def _unit(row: Mapping[str, Any]) -> UnitRecord:
    return UnitRecord(
        credit_code=row["credit_code"],
        name=row["name"],
        address=row["address"],
        legal_representative=row["legal_representative"],
        industry=row["industry"],
    )


def _party(role: PartyRole, row: Mapping[str, Any]) -> PartyRecord:
    """A party row of ``_PARTIES`` (a person's role in a dwelling) as its record."""
    return PartyRecord(
        role=role,
        person=PersonSummary(
            row["id_type"],
            row["id_number"],
            row["name"],
            row["phone"],
            row["relation_to_householder"],
        ),
        since=as_date(row["since"]),
        until=as_date(row["until"]),
    )


class RegistryService:
    """Read-only access to the registry for windows, kiosks and the command line."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # ---- persons (audited) ------------------------------------------------------------------

    def person_by_id_number(
        self, number: str, *, principal: Principal, purpose: str
    ) -> PersonRecord | None:
        ident = parse_id_number(number)
        purpose = require_purpose(purpose)
        actor = self._allow(principal, ident)
        with uow.transaction(self._db) as conn:
            row = _PERSON_BY_NUMBER.one_or_none(conn, number=ident.number)
            self._audit(conn, actor, "registry.person", ident, purpose, found=row is not None)
            return _person(row) if row is not None else None

    def persons_by_name_and_birth(
        self, name: str, birth_date: date, *, principal: Principal, purpose: str
    ) -> tuple[PersonRecord, ...]:
        purpose = require_purpose(purpose)
        actor = self._allow(principal, None)
        with uow.transaction(self._db) as conn:
            rows = _PERSONS_BY_NAME_BIRTH.all(conn, name=name.strip(), birth=birth_date)
            append_event(
                conn,
                actor,
                "registry.search_name_birth",
                f"name+birth:{birth_date.isoformat()}",
                purpose,
                {"results": len(rows)},
            )
            return tuple(_person(r) for r in rows)

    def window_dossier(
        self, number: str, *, principal: Principal, purpose: str
    ) -> PersonDossier | None:
        """Everything a window needs about this person: one call, one audit event."""
        ident = parse_id_number(number)
        purpose = require_purpose(purpose)
        actor = self._allow(principal, ident)
        with uow.transaction(self._db) as conn:
            row = _PERSON_BY_NUMBER.one_or_none(conn, number=ident.number)
            self._audit(conn, actor, "registry.dossier", ident, purpose, found=row is not None)
            if row is None:
                return None
            person_id = row["id"]
            owners: list[PartyRecord] = []
            tenants: list[PartyRecord] = []
            occupants: list[PartyRecord] = []
            own_role: PartyRole | None = None
            if row["current_dwelling_id"] is not None:
                for p in _PARTIES.all(conn, dwelling_id=row["current_dwelling_id"]):
                    role = PartyRole(p["role"])
                    if p["id"] == person_id:
                        own_role = own_role or role
                        continue
                    record = _party(role, p)
                    {PartyRole.OWNER: owners, PartyRole.TENANT: tenants}.get(
                        role, occupants
                    ).append(record)
            let_dwellings: list[LetDwelling] = []
            for owned in _OWNED_ELSEWHERE.all(
                conn, person_id=person_id, current_id=row["current_dwelling_id"] or -1
            ):
                let_tenants = tuple(
                    _party(PartyRole.TENANT, p)
                    for p in _PARTIES.all(conn, dwelling_id=owned["dwelling_id"])
                    if p["role"] == PartyRole.TENANT.value
                )
                dwelling = _dwelling(owned)
                if dwelling is not None:
                    let_dwellings.append(LetDwelling(dwelling, let_tenants))
            emp = _EMPLOYMENT.one_or_none(conn, person_id=person_id)
            certs = _CERTIFICATES.all(conn, person_id=person_id)
        return PersonDossier(
            person=_person(row),
            dwelling=_dwelling(row),
            role_in_dwelling=own_role,
            owners=tuple(owners),
            tenants=tuple(tenants),
            occupants=tuple(occupants),
            employment=(
                EmploymentRecord(_unit(emp), emp["occupation_code"], as_date(emp["since"]))
                if emp
                else None
            ),
            certificates=tuple(
                CertificateRecord(
                    c["cert_type"],
                    c["cert_number"],
                    c["issuer"],
                    as_date(c["issued_on"]),  # type: ignore[arg-type]
                    as_date(c["valid_until"]),
                    bool(c["revoked"]),
                )
                for c in certs
            ),
            let_dwellings=tuple(let_dwellings),
        )

    # ---- housing and units (no personal data) -----------------------------------------------

    def dwelling_by_house_code(self, code: str) -> DwellingRecord | None:
        house = parse_house_code(code)
        with uow.connection(self._db) as conn:
            row = _DWELLING_BY_CODE.one_or_none(conn, code=house.code)
        return _dwelling(row) if row is not None else None

    def dwellings_by_address_prefix(
        self, prefix: str, *, limit: int = 50
    ) -> tuple[DwellingRecord, ...]:
        prefix = prefix.strip()
        if not prefix:
            return ()
        with uow.connection(self._db) as conn:
            rows = _DWELLINGS_BY_PREFIX.all(conn, lo=prefix, hi=prefix + _TOP, limit=limit)
        return tuple(d for d in map(_dwelling, rows) if d is not None)

    def unit_by_credit_code(self, code: str) -> UnitRecord | None:
        ident = parse_credit_code(code)
        with uow.connection(self._db) as conn:
            row = _UNIT_BY_CODE.one_or_none(conn, code=ident.number)
        return _unit(row) if row is not None else None

    # ---- helpers ----------------------------------------------------------------------------

    def _allow(self, principal: Principal, ident: IdentityNumber | None) -> Actor:
        """Every look-up of a person checks the caller's permission; a refusal is audited and
        raised. A kiosk session reads only its own card holder's record (self-declaration),
        never anyone else's."""
        if (
            ident is not None
            and Role.KIOSK in principal.roles
            and principal.card_holder_id is not None
            and principal.card_holder_id == ident.number
        ):
            return principal.actor
        subject = f"person:{mask_id_number(ident.number)}" if ident is not None else "registry"
        authorize(self._db, principal, Permission.REGISTRY_LOOKUP, subject=subject)
        return principal.actor

    @staticmethod
    def _audit(
        conn: Connection,
        actor: Actor,
        action: str,
        ident: IdentityNumber,
        purpose: str,
        *,
        found: bool,
    ) -> None:
        append_event(
            conn,
            actor,
            action,
            f"person:{mask_id_number(ident.number)}",
            purpose,
            {"found": found, "id_hash": person_pseudonym(conn, ident.number)},
        )
