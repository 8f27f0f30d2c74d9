"""Households, persons, employments and certificates: the people half of the registry run."""

from __future__ import annotations

import random
from datetime import date

from desktop.demo.seeding import names as N
from desktop.demo.seeding._common import (
    _REF_ORD,
    _UNHOUSED_SHARE,
    _YEAR,
    REASON_BUSINESS,
    REASON_FAMILY,
    REASON_STUDY,
    REASON_WORK,
    RegistryBatch,
)
from desktop.demo.seeding._random import _add_years, _Ring, _stream_seed
from desktop.demo.seeding.district import (
    _FOREIGNER_2017_EARLIEST,
    _NOWHERE,
    _RING_SIZE,
    _Community,
    _Estate,
    _Home,
    _Member,
    _Origin,
    _Site,
    _years,
)
from desktop.demo.seeding.ids import (
    _region_full_name,
    make_number_from_spec,
)
from desktop.demo.seeding.vocabulary import _Vocabulary
from desktop.domain.identity import (
    IdKind,
)


class _People:
    """The registry run's state, and its people: households, persons, employments, certificates.

    :class:`~desktop.demo.seeding.run._RegistryRun` adds the buildings and drives the pass.
    """

    def __init__(self, plan: dict[str, int], random_seed: int, words: _Vocabulary) -> None:
        self.w = words
        self.rng = random.Random(_stream_seed(random_seed, "registry"))
        self.n_persons = plan["persons"]
        self.n_buildings = plan["buildings"]
        self.n_dwellings = plan["dwellings"]
        self.n_units = plan["units"]
        self.per_dwelling = self.n_persons * (1 - _UNHOUSED_SHARE) / self.n_dwellings
        self.slack = max(3, self.n_persons // 200)
        self.created = 0  # persons so far (= the last person id)
        self.dwellings_assigned = 0  # dwellings allotted to buildings so far
        self.dwellings_done = 0  # dwellings whose occupants are decided
        tables = ("address", "building", "dwelling", "party", "employment", "certificate")
        self.last_id = dict.fromkeys(tables, 0)  # ids are assigned here, 1..N per table
        self.cert_counter: dict[str, int] = {}
        self.owners: _Ring[tuple[int, int]] = _Ring(_RING_SIZE)  # (person id, birth ordinal)
        self.adults: _Ring[tuple[int, int]] = _Ring(_RING_SIZE)
        self.batch = RegistryBatch()
        self.community = -1
        self.estates: dict[str, _Estate] = {}
        self.doors: dict[str, int] = {}

    def _next(self, table: str) -> int:
        self.last_id[table] += 1
        return self.last_id[table]

    # ---- households --------------------------------------------------------------------------

    def _birth(self, age: float, origin: _Origin) -> int:
        birth = _REF_ORD - max(1, _years(min(age, 100.0)))
        if origin.kind is IdKind.FOREIGNER_2017:
            birth = max(birth, _FOREIGNER_2017_EARLIEST)
        return birth

    def _since(self, birth: int, years: tuple[float, float, float], min_age: float) -> int:
        since = _REF_ORD - max(30, _years(self.rng.triangular(*years)))
        return min(max(since, birth + _years(min_age)), _REF_ORD - 1)

    def _arrival(self, birth: int, since: int) -> int:
        arrival = since - _years(self.rng.triangular(0.0, 10.0, 1.0))
        return min(max(arrival, birth + _years(16)), since)

    def _spouse_origin(self, origin: _Origin, year: int) -> _Origin:
        w, rng = self.w, self.rng
        r = rng.random()
        if origin.kind is IdKind.CITIZEN:
            if origin.local:
                if r < 0.5:
                    return origin
                return w.local_origin(rng) if r < 0.75 else w.migrant_origin(rng, year)
            return w.migrant_origin(rng, year, near=origin.region)
        return origin if r < 0.7 else w.migrant_origin(rng, year)

    def _family(
        self,
        site: _Site,
        dwelling_id: int,
        origin: _Origin,
        size: int,
        head_age: tuple[float, float, float],
        since_years: tuple[float, float, float],
        *,
        address: str | None,
    ) -> tuple[list[_Member], int]:
        """A household of exactly ``size`` persons: householder, spouse, children, a parent,
        then siblings or a domestic helper. Returns the members and the moving-in date.

        ``address``: the household registration of members who share the head's origin (an
        owner-occupier registered at home), else each member's own.
        """
        w, rng = self.w, self.rng
        rnd = rng.random
        foreign = origin.kind in (IdKind.FOREIGNER_2017, IdKind.FOREIGNER_2023)
        head_sex = "1" if rnd() < (0.62 if size > 1 else 0.55) else "2"
        head_birth = self._birth(rng.triangular(*head_age), origin)
        since = self._since(head_birth, since_years, 18.0)
        home = _Home(dwelling_id, site.comm.sub_name, since, origin, address)
        arrival = None if origin.local else self._arrival(head_birth, since)
        head = self._person(
            origin, head_sex, head_birth, "02", home, arrival, w.arrival_reason(rnd)
        )
        members = [head]
        left = size - 1
        if left and rnd() < 0.85:
            sex = "2" if head_sex == "1" else "1"
            gap = rng.gauss(2.5, 3.0)
            age = (_REF_ORD - head_birth) / _YEAR + (-gap if head_sex == "1" else gap)
            birth = self._birth(max(19.5, age), origin)
            s_origin = self._spouse_origin(origin, date.fromordinal(birth).year)
            s_arrival = None
            if not s_origin.local:
                s_arrival = min(since, (arrival or since) + rng.randint(0, 730))
            reason = REASON_FAMILY if rnd() < 0.55 else REASON_WORK
            spouse = self._person(s_origin, sex, birth, "10", home, s_arrival, reason)
            members.append(spouse)
            left -= 1
            self._marriage(head, spouse)
        father = next((m for m in members if m.sex == "1"), None)
        mother = next((m for m in members if m.sex == "2"), None)
        base = mother or head
        child_birth = base.birth_ord + rng.randint(_years(21), _years(36))
        children = 0
        while left and children < 3 and child_birth < _REF_ORD:
            parent = father if father is not None and father.origin.kind is origin.kind else head
            sex = "1" if rnd() < 0.52 else "2"
            eth = parent.ethnicity if rnd() < 0.8 else base.ethnicity
            surname = father.surname if father is not None and rnd() < 0.95 else base.surname
            c_arrival = None if parent.origin.local else max(child_birth, arrival or child_birth)
            patronym = father.given if father is not None and father.ethnicity == eth else None
            child = self._person(
                parent.origin, sex, child_birth, "20" if sex == "1" else "30", home, c_arrival,
                REASON_FAMILY, surname=surname, ethnicity=eth, father_given=patronym,
            )  # fmt: skip
            members.append(child)
            left -= 1
            children += 1
            child_birth += rng.randint(365, _years(6))
        if left and not foreign:
            p_birth = head_birth - rng.randint(_years(22), _years(36))
            if _REF_ORD - p_birth < _years(92):
                sex = "1" if rnd() < 0.4 else "2"
                p_arrival = None if origin.local else rng.randint(arrival or since, since)
                grandparent = self._person(
                    origin, sex, p_birth, "51" if sex == "1" else "52", home, p_arrival,
                    REASON_FAMILY, surname=head.surname if sex == "1" else None,
                    ethnicity=head.ethnicity or None,
                )  # fmt: skip
                members.append(grandparent)
                left -= 1
        while left:
            if rnd() < 0.5 and not foreign:  # a brother or sister
                birth = head_birth + rng.randint(-_years(6), _years(6))
                birth = min(birth, _REF_ORD - _years(16))
                sex = "1" if rnd() < 0.5 else "2"
                sibling = self._person(
                    origin, sex, birth, "70", home, arrival, REASON_FAMILY,
                    surname=head.surname, ethnicity=head.ethnicity or None,
                )  # fmt: skip
                members.append(sibling)
            else:  # a domestic helper (保姆)
                h_origin = w.migrant_origin(rng, 1975)
                birth = self._birth(rng.triangular(28.0, 60.0, 46.0), h_origin)
                sex = "2" if rnd() < 0.9 else "1"
                h_arrival = self._arrival(birth, since)
                members.append(
                    self._person(h_origin, sex, birth, "99", home, h_arrival, REASON_WORK)
                )
            left -= 1
        return members, since

    def _shared(
        self, site: _Site, dwelling_id: int, size: int, mix: tuple[float, float, float]
    ) -> tuple[list[_Member], int]:
        """Unrelated co-tenants sharing a flat (合租)."""
        w, rng = self.w, self.rng
        rnd = rng.random
        since = _REF_ORD - max(30, _years(rng.triangular(0.08, 4.0, 0.8)))
        home = _Home(dwelling_id, site.comm.sub_name, since)
        group_sex = "1" if rnd() < 0.6 else "2"
        same_sex = rnd() < 0.8
        members: list[_Member] = []
        for i in range(size):
            origin = w.origin_for(rng, mix, 1995)
            sex = group_sex if same_sex else ("1" if rnd() < 0.5 else "2")
            birth = self._birth(rng.triangular(18.0, 45.0, 25.0), origin)
            start = min(max(since, birth + _years(17)), _REF_ORD - 1)
            arrival = None if origin.local else self._arrival(birth, start)
            reason = (
                REASON_WORK if rnd() < 0.85 else REASON_STUDY if rnd() < 0.5 else REASON_BUSINESS
            )
            relation = "02" if i == 0 else "99"
            members.append(
                self._person(origin, sex, birth, relation, home, arrival, reason, since=start)
            )
        return members, since

    def _dorm_room(
        self, site: _Site, dwelling_id: int, size: int, employer: int
    ) -> tuple[list[_Member], int]:
        w, rng = self.w, self.rng
        since = _REF_ORD - max(30, _years(rng.triangular(0.05, 5.0, 1.0)))
        home = _Home(dwelling_id, site.comm.sub_name, since)
        sex = "1" if rng.random() < 0.55 else "2"  # rooms are single-sex
        members: list[_Member] = []
        for _ in range(size):
            origin = w.local_origin(rng) if rng.random() < 0.03 else w.migrant_origin(rng, 1998)
            birth = self._birth(rng.triangular(18.0, 45.0, 23.0), origin)
            start = min(max(since, birth + _years(18)), _REF_ORD - 1)
            arrival = None if origin.local else self._arrival(birth, start)
            members.append(
                self._person(
                    origin,
                    sex,
                    birth,
                    "",
                    home,
                    arrival,
                    REASON_WORK,
                    since=start,
                    employer=employer,
                )
            )
        return members, since

    def _unhoused(self) -> None:
        """A person registered in the district who lives in none of its dwellings."""
        rng = self.rng
        w = self.w
        origin = w.local_origin(rng) if rng.random() < 0.88 else w.hmt_origin(rng)
        birth = self._birth(rng.triangular(0.0, 90.0, 35.0), origin)
        self._person(origin, "1" if rng.random() < 0.5 else "2", birth, "", _NOWHERE, None, "")

    # ---- persons -----------------------------------------------------------------------------

    def _person(
        self,
        origin: _Origin,
        sex: str,
        birth_ord: int,
        relation: str,
        home: _Home,
        arrival_ord: int | None,
        reason: str,
        *,
        since: int | None = None,
        surname: str | None = None,
        father_given: str | None = None,
        ethnicity: str | None = None,
        employer: int | None = None,
    ) -> _Member:
        """One person's row, number, job and papers; ``since`` overrides ``home.since``."""
        dwelling_id, sub_name = home.dwelling_id, home.sub_name
        since_ord = since if since is not None else home.since
        address = home.address if origin is home.origin else None
        w, rng = self.w, self.rng
        person_id = self.created + 1
        self.created = person_id
        birth_ord = min(birth_ord, _REF_ORD - 1)
        kind = origin.kind
        if kind is IdKind.FOREIGNER_2017:
            birth_ord = max(birth_ord, _FOREIGNER_2017_EARLIEST)
        birth = date.fromordinal(birth_ord)
        age = (_REF_ORD - birth_ord) / _YEAR
        eth = (ethnicity or w.ethnicity_for(rng, origin)) if kind is IdKind.CITIZEN else ""
        given = ""
        if kind in (IdKind.FOREIGNER_2017, IdKind.FOREIGNER_2023):
            name, family = w.foreign_name(rng, origin, sex, surname or "")
        else:
            special = (
                w.minority_given(rng, sex, eth, father_given) if eth not in ("", N.HAN) else None
            )
            if special is not None:
                name, given = special
                family = ""
            else:
                family = surname or w.surname(rng, origin.region[:2])
                given = w.given(rng, sex, birth.year)
                name = family + given
        spec = w.number_spec(rng, origin, sex, birth)
        housed = dwelling_id is not None
        mover = housed and not origin.local
        arrival: int | None = None
        if mover:
            start = arrival_ord if arrival_ord is not None else (since_ord or _REF_ORD - 1)
            arrival = min(max(start, birth_ord), _REF_ORD - 1)
        self.batch.persons.append(
            {
                "id": person_id,
                "id_type": kind.value,
                "id_number": make_number_from_spec(spec),
                "name": name,
                "sex": sex,
                "ethnicity": eth,
                "nationality": origin.nationality,
                "birth_date": birth,
                "household_address": address or origin.household_address,
                "is_migrant": mover,
                "arrival_date": date.fromordinal(arrival) if arrival is not None else None,
                "arrival_reason": reason if mover else "",
                "phone": w.phone(rng) if age >= 12 else "",
                "photo_ref": f"synthetic://photo/{person_id}",
                "current_dwelling_id": dwelling_id,
                "relation_to_householder": relation,
            }
        )
        self.batch.person_specs.append(spec)
        self._employment(person_id, birth_ord, age, sex, origin, arrival, employer, housed)
        if mover and kind is IdKind.CITIZEN and since_ord is not None and arrival is not None:
            self._resident_certs(person_id, birth_ord, arrival, since_ord, sub_name)
        if housed and age >= 20:
            self.adults.add((person_id, birth_ord))
        return _Member(
            person_id, sex, birth_ord, relation, family, given, origin, eth, arrival, since_ord
        )

    def _employment(
        self,
        person_id: int,
        birth_ord: int,
        age: float,
        sex: str,
        origin: _Origin,
        arrival: int | None,
        employer: int | None,
        housed: bool,
    ) -> None:
        rng = self.rng
        rnd = rng.random
        if employer is None:
            if age < 18:
                return
            if age >= (60 if sex == "1" else 55):
                p = 0.08 if age < 70 else 0.0
            else:
                p = (
                    0.72
                    if origin.local
                    else 0.55
                    if origin.kind is IdKind.HMT_PERMIT
                    else 0.85
                    if origin.kind is not IdKind.CITIZEN
                    else 0.9
                )
                if age < 23:
                    p *= 0.6
            if not housed:
                p *= 0.4
            if rnd() >= p:
                return
            employer = 1 + int(self.n_units * rnd() ** 2)
        start = max(birth_ord + _years(18), arrival or 0, _REF_ORD - _years(20))
        end = _REF_ORD - 15
        since = min(start, end) if start >= end else rng.randint(start, end)
        if since - start > _years(2) and rnd() < 0.12:
            self._employment_row(
                person_id,
                1 + int(self.n_units * rnd() ** 2),
                rng.randint(start, since - 365),
                since,
            )
        self._employment_row(person_id, employer, since, None)

    def _employment_row(self, person_id: int, unit_id: int, since: int, until: int | None) -> None:
        self.batch.employments.append(
            {
                "id": self._next("employment"),
                "person_id": person_id,
                "unit_id": unit_id,
                "occupation_code": self.w.occupation(self.rng.random),
                "since": date.fromordinal(since),
                "until": date.fromordinal(until) if until is not None else None,
            }
        )

    # ---- certificates ------------------------------------------------------------------------

    def _serial(self, cert_type: str) -> int:
        n = self.cert_counter.get(cert_type, 0) + 1
        self.cert_counter[cert_type] = n
        return n

    def _cert(
        self,
        person_id: int,
        cert_type: str,
        number: str,
        issuer: str,
        issued: date,
        valid_until: date | None,
        revoked: bool = False,
    ) -> None:
        self.batch.certificates.append(
            {
                "id": self._next("certificate"),
                "person_id": person_id,
                "cert_type": cert_type,
                "cert_number": number,
                "issuer": issuer,
                "issued_on": issued,
                "valid_until": valid_until,
                "revoked": revoked,
            }
        )

    def _resident_certs(
        self, person_id: int, birth_ord: int, arrival: int, since: int, sub_name: str
    ) -> None:
        """A migrant's residence registration receipt (居住登记凭证) and residence permit (居住证).

        The permit needs six months' residence and age 16. Its ``valid_until`` is the next
        annual endorsement (签注) date; for about one holder in eight that date has passed
        (the endorsement was missed and the permit's functions are suspended).
        """
        rng = self.rng
        rnd = rng.random
        last = _REF_ORD - 1
        if rnd() < 0.85:
            issued = date.fromordinal(min(max(arrival, since) + rng.randint(0, 30), last))
            station = sub_name.removesuffix("街道")
            self._cert(
                person_id,
                "居住登记凭证",
                f"宝居登{issued.year}{self._serial('居住登记凭证'):08d}",
                f"深圳市公安局宝安分局{station}派出所",
                issued,
                None,
            )
        first = max(arrival + 183, birth_ord + _years(16))
        if first < last and rnd() < 0.6:
            issued = date.fromordinal(min(first + rng.randint(0, 360), last))
            years = (_REF_ORD - issued.toordinal()) // 365
            due = _add_years(issued, years + 1)
            if years >= 1 and rnd() < 0.12:
                due = _add_years(issued, years)
            self._cert(
                person_id,
                "居住证",
                f"深居证宝安{issued.year}{self._serial('居住证'):08d}",
                "深圳市公安局宝安分局",
                issued,
                due,
                rnd() < 0.01,
            )

    def _rental_cert(self, owner_id: int, since: int, comm: _Community) -> None:
        """The landlord's rental filing certificate (房屋租赁登记备案凭证) for one lease."""
        rng = self.rng
        issued = date.fromordinal(min(since + rng.randint(0, 25), _REF_ORD - 1))
        self._cert(
            owner_id,
            "房屋租赁登记备案凭证",
            f"深房租宝安{issued.year}{self._serial('房屋租赁登记备案凭证'):07d}",
            f"深圳市宝安区{comm.sub_name}出租屋综合管理所",
            issued,
            _add_years(issued, rng.randint(1, 3)),
        )

    def _property_cert(self, owner_ids: list[int], since: int) -> None:
        """One property certificate per dwelling, held by each co-owner: the 不动产权证书 of
        unified registration (2015 on), or the older 房地产证 for earlier purchases."""
        rng = self.rng
        if rng.random() >= 0.88:
            return
        issued = date.fromordinal(min(since + rng.randint(10, 120), _REF_ORD - 1))
        if issued.year >= 2015:
            cert_type, issuer = "不动产权证书", "深圳市规划和自然资源局"
            number = f"粤({issued.year})深圳市不动产权第{self._serial(cert_type):07d}号"
        else:
            cert_type, issuer = "房地产证", "深圳市房地产权登记中心"
            number = f"深房地字第{3000000000 + self._serial(cert_type)}号"
        for owner_id in owner_ids:
            self._cert(owner_id, cert_type, number, issuer, issued, None)

    def _marriage(self, a: _Member, b: _Member) -> None:
        """The marriage certificate (结婚证) of a citizen couple; each spouse holds one."""
        rng = self.rng
        if a.origin.kind is not IdKind.CITIZEN or b.origin.kind is not IdKind.CITIZEN:
            return
        if a.sex == b.sex or rng.random() >= 0.92:
            return
        husband, wife = (a, b) if a.sex == "1" else (b, a)
        lo = max(husband.birth_ord + _years(22), wife.birth_ord + _years(20))
        hi = _REF_ORD - 1
        if lo > hi:
            return
        issued = date.fromordinal(lo + rng.randint(0, min(hi - lo, _years(8))))
        region = husband.origin.region
        number = f"J{region}-{issued.year}-{self._serial('结婚证') % 1_000_000:06d}"
        issuer = f"{_region_full_name(region)}民政局"
        for person in (husband, wife):
            self._cert(person.id, "结婚证", number, issuer, issued, None)
