"""The registry run: one pass over the district, building by building, yielding batches."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal

from desktop.demo.seeding import names as N
from desktop.demo.seeding._common import (
    _REF_ORD,
    DWELLING_BATCH,
    HOST_REGION,
    PERSON_BATCH,
    RegistryBatch,
    Row,
)
from desktop.demo.seeding.district import (
    _COMPOUND_TENANT_MIX,
    _KIND_RANGE,
    _MEAN_DRAW,
    _NOWHERE,
    _OWNER_FAMILY,
    _OWNER_MIX,
    _TENANT_FAMILY,
    _VILLAGE_TENANT_MIX,
    _VILLAGE_TENANTS,
    _Community,
    _Estate,
    _Kind,
    _Member,
    _Site,
    _years,
)
from desktop.demo.seeding.people import _People
from desktop.domain.housecode import make_house_code


class _RegistryRun(_People):
    """One pass over the district: the sequential state of :meth:`registry_batches`."""

    # ---- driving -----------------------------------------------------------------------------

    def run(self) -> Iterator[RegistryBatch]:
        for k in range(self.n_buildings):
            self._building(k)
            batch = self.batch
            if len(batch.persons) >= PERSON_BATCH or len(batch.dwellings) >= DWELLING_BATCH:
                yield self._flush()
        while self.created < self.n_persons:
            self._unhoused()
            if len(self.batch.persons) >= PERSON_BATCH:
                yield self._flush()
        if self.batch.persons or self.batch.addresses:
            yield self._flush()

    def _flush(self) -> RegistryBatch:
        batch = self.batch
        batch.persons_done = self.created
        self.batch = RegistryBatch()
        return batch

    def _tick(self) -> None:
        self.dwellings_done += 1

    def _control(self, drawn: int, redraw: Callable[[], int]) -> int:
        """Persons for the next household, steered toward the target line.

        ``drawn`` (0: vacant) comes from the household distribution; ahead of the line by more
        than the slack the dwelling stays vacant, behind it one more person moves in (or a
        vacant dwelling is let after all). Never more than the persons left.
        """
        gap = int(self.per_dwelling * self.dwellings_done) - self.created
        if gap < -self.slack:
            drawn = 0
        elif gap > self.slack:
            drawn = drawn + 1 if drawn else redraw()
        return max(0, min(drawn, self.n_persons - self.created))

    # ---- buildings ---------------------------------------------------------------------------

    def _locate(self, k: int) -> tuple[_Community, int, int]:
        """Community, grid and building number of the k-th building (contiguous blocks)."""
        communities = self.w.communities
        c_count, b_count = len(communities), self.n_buildings
        c = k * c_count // b_count
        first = (c * b_count + c_count - 1) // c_count
        following = ((c + 1) * b_count + c_count - 1) // c_count
        if c != self.community:
            self.community = c
            self.estates = {}
            self.doors = {}
        grid_size = max(50, math.ceil((following - first) / 99))
        local = k - first
        return communities[c], local // grid_size + 1, local % grid_size + 1

    def _size(self, k: int, draw: int) -> int:
        left = self.n_dwellings - self.dwellings_assigned
        buildings_left = self.n_buildings - k
        if buildings_left == 1:
            size = left
        else:
            size = round(draw * (left / buildings_left) / _MEAN_DRAW)
            size = max(1, min(size, left - (buildings_left - 1)))
        self.dwellings_assigned += size
        return size

    def _door(self, street: str) -> int:
        door = self.doors.get(street, 0) + self.rng.randint(1, 4)
        self.doors[street] = door
        return door

    def _estate(
        self, key: str, comm: _Community, namer: Callable[[], str], count: tuple[int, int]
    ) -> tuple[_Estate, int]:
        estate = self.estates.get(key)
        if estate is None or estate.remaining <= 0:
            street = self.rng.choice(comm.roads)
            estate = _Estate(namer(), street, self._door(street), 1, self.rng.randint(*count))
            self.estates[key] = estate
        estate.remaining -= 1
        number = estate.next_number
        estate.next_number += 1
        return estate, number

    def _site(self, kind: _Kind, comm: _Community) -> tuple[str, int, str, str]:
        """(street, door number, building name, address detail) of a new building."""
        rng = self.rng
        stem = comm.name.removesuffix("社区")
        if kind is _Kind.VILLAGE:
            street = rng.choice(comm.lanes if rng.random() < 0.8 else comm.roads)
            return street, self._door(street), "", ""
        if kind is _Kind.OFFICE:
            street = rng.choice(comm.roads)
            name = rng.choice(N.ESTATE_STEMS) + rng.choice(N.OFFICE_SUFFIXES)
            return street, self._door(street), name, name
        if kind is _Kind.COMPOUND:
            estate, n = self._estate(
                "compound",
                comm,
                lambda: rng.choice(N.ESTATE_STEMS) + rng.choice(N.ESTATE_SUFFIXES),
                (2, 12),
            )
            name = f"{estate.name}{n}栋"
            return estate.street, estate.door, name, name
        if kind is _Kind.OLD:
            estate, n = self._estate(
                "old", comm, lambda: stem + rng.choice(N.OLD_ESTATE_SUFFIXES), (3, 15)
            )
            name = f"{estate.name}{n}栋"
            return estate.street, estate.door, name, name
        estate, n = self._estate(
            "park", comm, lambda: stem + rng.choice(N.INDUSTRIAL_SUFFIXES), (3, 20)
        )
        detail = f"{estate.name}{n}栋"
        return (
            estate.street,
            estate.door,
            detail + ("宿舍" if kind is _Kind.DORM else "厂房"),
            detail,
        )

    def _layout(self, kind: _Kind, size: int) -> tuple[list[tuple[int, str, int]], int]:
        """(room code, address detail, floor) of each dwelling, and the number of floors."""
        rng = self.rng
        rooms: list[tuple[int, str, int]] = []
        if kind is _Kind.COMPOUND:
            units = 1 if size < 50 else rng.randint(1, 3)
            per = max(rng.randint(2, 4), math.ceil(size / (units * 99)))
            floor = 0
            while len(rooms) < size:
                floor += 1
                for unit in range(1, units + 1):
                    for idx in range(1, per + 1):
                        if len(rooms) < size:
                            detail = f"{floor}{idx:02d}"
                            if units > 1:
                                detail = f"{unit}单元{detail}"
                            rooms.append((unit * 10000 + floor * 100 + idx, detail, floor))
            return rooms, floor
        per, pattern = {
            _Kind.VILLAGE: (rng.randint(2, 5), "{f}{i:02d}房"),
            _Kind.OLD: (rng.randint(2, 4), "{f}{i:02d}"),
            _Kind.OFFICE: (rng.randint(4, 10), "{f}{i:02d}室"),
            _Kind.INDUSTRIAL: (rng.randint(1, 2), "{f}层{i:02d}"),
            _Kind.DORM: (rng.randint(6, 12), "{f}{i:02d}房"),
        }[kind]
        for n in range(size):
            f, i = n // per + 1, n % per + 1
            rooms.append((f * 100 + i, pattern.format(f=f, i=i), f))
        return rooms, rooms[-1][2]

    def _building(self, k: int) -> None:
        w, rng = self.w, self.rng
        comm, grid, number = self._locate(k)
        kind = w.kind(rng.random)
        lo, hi = _KIND_RANGE[kind]
        size = self._size(k, rng.randint(lo, hi))
        street, door, name, detail = self._site(kind, comm)
        rooms, floors = self._layout(kind, size)
        building_id = self._next("building")
        address_id, _ = self._address(comm, street, door, detail)
        self.batch.buildings.append(
            {
                "id": building_id,
                "building_code": f"{HOST_REGION}{comm.sub_code:03d}{comm.code:03d}"
                f"{grid:02d}{number:05d}",
                "address_id": address_id,
                "name": name,
                "floors": floors,
                # district + sub-district + community + grid; the 6-digit object-type prefix
                # of a CJ/T 349 grid code is left out (no authoritative value to use)
                "grid_code": f"{HOST_REGION}{comm.sub_code:03d}{comm.code:03d}{grid:02d}",
            }
        )
        site = _Site(comm, kind, building_id, street, door, detail, grid, number)
        dwellings: list[tuple[Row, str, int]] = []
        for room_code, room_detail, floor in rooms:
            row, full = self._dwelling(site, room_code, room_detail)
            dwellings.append((row, full, floor))
        {
            _Kind.VILLAGE: self._fill_village,
            _Kind.COMPOUND: self._fill_estate,
            _Kind.OLD: self._fill_estate,
            _Kind.OFFICE: self._fill_office,
            _Kind.INDUSTRIAL: self._fill_industrial,
            _Kind.DORM: self._fill_dorm,
        }[kind](site, dwellings)
        self.batch.dwellings.extend(row for row, _, _ in dwellings)

    def _address(self, comm: _Community, street: str, door: int, detail: str) -> tuple[int, str]:
        address_id = self._next("address")
        door_number = f"{door}号"
        full = f"{comm.region_name}{street}{door_number}{detail}"
        self.batch.addresses.append(
            {
                "id": address_id,
                "region_code": comm.region_code,
                "region_name": comm.region_name,
                "street": street,
                "door_number": door_number,
                "detail": detail,
                "full_address": full,
            }
        )
        return address_id, full

    def _dwelling(self, site: _Site, room_code: int, room_detail: str) -> tuple[Row, str]:
        dwelling_id = self._next("dwelling")
        address_id, full = self._address(
            site.comm, site.street, site.door, site.detail + room_detail
        )
        comm = site.comm
        row: Row = {
            "id": dwelling_id,
            "house_code": make_house_code(
                HOST_REGION, comm.sub_code, comm.code, site.grid, site.number, room_code
            ),
            "building_id": site.building_id,
            "address_id": address_id,
            "use": "residential",
            "ownership": "private",
            "rooms": 1,
            "area_m2": Decimal("0.00"),
            "rental_status": "vacant",
            "risk_class": "normal",
        }
        return row, full

    def _shape(self, row: Row, kind: _Kind, use: str) -> None:
        """Rooms and floor area by kind of building and use."""
        rng = self.rng
        rnd = rng.random
        if use == "commercial":
            rooms, lo, hi = 1, 15, 150
        elif use == "office":
            rooms = rng.randint(1, 3)
            lo, hi = 60 * rooms, 150 * rooms
        elif use == "industrial":
            rooms, lo, hi = 1, 300, 2500
        elif kind is _Kind.DORM:
            rooms, lo, hi = 1, 18, 40
        elif kind is _Kind.VILLAGE:
            r = rnd()
            rooms = 1 if r < 0.6 else 2 if r < 0.95 else 3
            lo, hi = (12, 30) if rooms == 1 else (30, 55) if rooms == 2 else (50, 80)
        elif kind is _Kind.COMPOUND:
            r = rnd()
            rooms = 1 if r < 0.1 else 2 if r < 0.4 else 3 if r < 0.8 else 4
            lo, hi = rooms * 25 + 10, rooms * 25 + 40
        else:
            r = rnd()
            rooms = 1 if r < 0.2 else 2 if r < 0.75 else 3
            lo, hi = rooms * 22 + 8, rooms * 22 + 25
        row["use"] = use
        row["rooms"] = rooms
        row["area_m2"] = Decimal(rng.randint(lo * 100, hi * 100)).scaleb(-2)

    def _risk(self, kind: _Kind, *, crowded: bool = False) -> str:
        r = self.rng.random()
        if crowded:
            key, watch = 0.35, 0.75
        elif kind in (_Kind.INDUSTRIAL, _Kind.DORM):
            key, watch = 0.04, 0.18
        elif kind is _Kind.VILLAGE:
            key, watch = 0.02, 0.10
        else:
            key, watch = 0.005, 0.035
        return "key" if r < key else "watch" if r < watch else "normal"

    # ---- filling buildings -------------------------------------------------------------------

    def _fill_village(self, site: _Site, dwellings: list[tuple[Row, str, int]]) -> None:
        """A self-built rental house (城中村): one landlord owns every room."""
        rng = self.rng
        rnd = rng.random
        n = len(dwellings)
        shops = 0
        if n > 4:
            shops = 1 if rnd() < 0.22 else 2 if rnd() < 0.1 else 0
        landlord: tuple[int, int] | None = None
        done = -1
        if n > shops and self.created < self.n_persons and rnd() < 0.35:
            # the landlord's family lives on the top floor
            self._tick()
            row, full, _ = dwellings[-1]
            size = max(1, self._control(_OWNER_FAMILY(rnd), lambda: _OWNER_FAMILY(rnd)))
            region = HOST_REGION if rnd() < 0.9 else None
            origin = self.w.local_origin(rng, region)
            members, since = self._family(
                site,
                row["id"],
                origin,
                size,
                (35.0, 80.0, 52.0),
                (1.0, 35.0, 15.0),
                address=full if origin.region == HOST_REGION else None,
            )
            landlord = (members[0].id, members[0].birth_ord)
            self.owners.add(landlord)
            self._parties(row["id"], members, since, owners=1)
            self._shape(row, site.kind, "residential")
            row["rooms"] = rng.randint(3, 5)
            row["area_m2"] = Decimal(rng.randint(6000, 14000)).scaleb(-2)
            row["rental_status"] = "owner_occupied"
            row["risk_class"] = self._risk(site.kind)
            done = n - 1
        if landlord is None:
            landlord = self._landlord(0.6, local=True)
        landlord_since = self._owner_since(landlord, (1.0, 35.0, 15.0))
        for j, (row, _full, _floor) in enumerate(dwellings):
            if j == done:
                continue
            self._tick()
            if j < shops:
                self._shop(site, row, landlord, landlord_since)
                continue
            self._shape(row, site.kind, "residential")
            row["risk_class"] = self._risk(site.kind)
            if landlord is None:
                continue
            self._owner_party(row["id"], landlord, landlord_since)
            drawn = _VILLAGE_TENANTS(rnd) if rnd() < 0.86 else 0
            size = self._control(drawn, lambda: _VILLAGE_TENANTS(rnd))
            if size:
                crowded = size >= 3 and rnd() < 0.25
                self._let(site, row, landlord, size, _VILLAGE_TENANT_MIX, crowded, 0.55)
                if crowded:
                    row["risk_class"] = self._risk(site.kind, crowded=size >= 4)

    def _fill_estate(self, site: _Site, dwellings: list[tuple[Row, str, int]]) -> None:
        """A residential estate building: owner-occupiers, landlords' flats let, vacant flats."""
        rng = self.rng
        rnd = rng.random
        kind = site.kind
        p_own, p_rent = (0.52, 0.32) if kind is _Kind.COMPOUND else (0.50, 0.38)
        shops = 0
        if kind is _Kind.COMPOUND and len(dwellings) > 40 and rnd() < 0.3:
            shops = rng.randint(2, 6)
        for j, (row, full, _floor) in enumerate(dwellings):
            self._tick()
            if j < shops:
                owner = self._landlord(0.65)
                self._shop(site, row, owner, self._owner_since(owner, (0.5, 20.0, 6.0)))
                continue
            self._shape(row, kind, "residential")
            row["risk_class"] = self._risk(kind)
            r = rnd()
            if r < p_own:
                status, drawn = "own", _OWNER_FAMILY(rnd)
            elif r < p_own + p_rent:
                status, drawn = "rent", _TENANT_FAMILY(rnd)
            else:
                status, drawn = "vacant", 0
            size = self._control(drawn, lambda: _TENANT_FAMILY(rnd))
            if not size:
                status = "vacant"
            elif status == "vacant":
                status = "rent"
            if status == "own":
                origin = self.w.origin_for(rng, _OWNER_MIX, 1980)
                home = full if origin.local and origin.region == HOST_REGION else None
                members, since = self._family(
                    site,
                    row["id"],
                    origin,
                    size,
                    (26.0, 80.0, 45.0),
                    (0.3, 25.0, 7.0),
                    address=home,
                )
                owners = 1
                if len(members) > 1 and members[1].relation == "10" and rnd() < 0.4:
                    owners = 2
                self._parties(row["id"], members, since, owners=owners)
                self.owners.add((members[0].id, members[0].birth_ord))
                self._property_cert([m.id for m in members[:owners]], since)
                row["rental_status"] = "owner_occupied"
                continue
            owner = self._landlord(0.65)
            if owner is None:
                continue
            since = self._owner_since(owner, (1.0, 25.0, 8.0))
            self._owner_party(row["id"], owner, since)
            self._property_cert([owner[0]], since)
            if status == "rent":
                shared = size >= 3 and rnd() < 0.12
                self._let(site, row, owner, size, _COMPOUND_TENANT_MIX, shared, 0.65)

    def _fill_office(self, site: _Site, dwellings: list[tuple[Row, str, int]]) -> None:
        """An office tower: one company's own, or units sold to investors and let to companies."""
        rng = self.rng
        rnd = rng.random
        enterprise = rnd() < 0.4
        for row, _full, floor in dwellings:
            self._tick()
            shop = floor == 1 and rnd() < 0.6
            if enterprise:
                self._shape(row, site.kind, "commercial" if shop else "office")
                row["ownership"] = "enterprise"
                row["rental_status"] = "owner_occupied"
                row["risk_class"] = self._risk(site.kind)
                continue
            owner = self._landlord(0.5)
            since = self._owner_since(owner, (0.5, 20.0, 6.0))
            if shop:
                self._shop(site, row, owner, since)
                continue
            self._shape(row, site.kind, "office")
            row["risk_class"] = self._risk(site.kind)
            self._owner_party(row["id"], owner, since)
            if owner is not None:
                self._property_cert([owner[0]], since)
                # let to a company (a unit, not a person: no tenant row)
                row["rental_status"] = "rented" if rnd() < 0.75 else "vacant"

    def _fill_industrial(self, site: _Site, dwellings: list[tuple[Row, str, int]]) -> None:
        """Factory floors: a village collective's (let to companies) or a company's own."""
        rnd = self.rng.random
        collective = rnd() < 0.6
        for row, _full, _floor in dwellings:
            self._tick()
            self._shape(row, site.kind, "industrial")
            row["ownership"] = "collective" if collective else "enterprise"
            if collective:
                row["rental_status"] = "rented" if rnd() < 0.85 else "vacant"
            else:
                row["rental_status"] = "owner_occupied"
            row["risk_class"] = self._risk(site.kind)

    def _fill_dorm(self, site: _Site, dwellings: list[tuple[Row, str, int]]) -> None:
        """A factory's staff dormitory: rooms of 3-6 workers of one employer."""
        rng = self.rng
        employer = 1 + int(self.n_units * 0.05 * rng.random())
        for row, _full, _floor in dwellings:
            self._tick()
            self._shape(row, site.kind, "residential")
            row["ownership"] = "enterprise"
            row["risk_class"] = self._risk(site.kind)
            size = self._control(rng.randint(3, 6), lambda: rng.randint(3, 6))
            if not size:
                continue
            members, since = self._dorm_room(site, row["id"], size, employer)
            self._parties(row["id"], members, since)
            row["rental_status"] = "owner_occupied"

    def _shop(self, site: _Site, row: Row, owner: tuple[int, int] | None, owner_since: int) -> None:
        """A shop on the ground floor, let to a shopkeeper who lives elsewhere."""
        rng = self.rng
        self._shape(row, site.kind, "commercial")
        row["risk_class"] = self._risk(site.kind)
        self._owner_party(row["id"], owner, owner_since)
        tenant = self.adults.pick(rng) if owner is not None and rng.random() < 0.75 else None
        if owner is None or tenant is None:
            return
        since = _REF_ORD - max(30, _years(rng.triangular(0.1, 6.0, 1.5)))
        since = min(max(since, tenant[1] + _years(18)), _REF_ORD - 1)
        self._party(row["id"], tenant[0], "tenant", since)
        row["rental_status"] = "rented"
        if rng.random() < 0.5:
            self._rental_cert(owner[0], since, site.comm)

    def _let(
        self,
        site: _Site,
        row: Row,
        owner: tuple[int, int],
        size: int,
        mix: tuple[float, float, float],
        shared: bool,
        filing: float,
    ) -> None:
        """Tenants move in: a family, or unrelated co-tenants (合租)."""
        rng = self.rng
        if shared:
            members, since = self._shared(site, row["id"], size, mix)
        else:
            origin = self.w.origin_for(rng, mix, 1995)
            members, since = self._family(
                site, row["id"], origin, size, (19.0, 60.0, 30.0), (0.08, 6.0, 1.0), address=None
            )
        self._parties(row["id"], members, since, tenants=1)
        row["rental_status"] = "rented"
        if rng.random() < filing:
            self._rental_cert(owner[0], since, site.comm)

    # ---- owners ------------------------------------------------------------------------------

    def _landlord(self, p_known: float, *, local: bool = False) -> tuple[int, int] | None:
        """An owner who lives elsewhere: someone in the district who owns another home (so
        owners of several dwellings appear), else a new owner living outside the district."""
        rng = self.rng
        if rng.random() < p_known:
            known = self.owners.pick(rng)
            if known is not None:
                return known
        if self.created >= self.n_persons:
            return self.owners.pick(rng)
        r = rng.random()
        w = self.w
        if r < (0.8 if local else 0.7):
            origin = w.local_origin(rng, HOST_REGION if local else None)
        elif r < (1.0 if local else 0.9):
            origin = w.hmt_origin(rng)
        else:
            origin = w.migrant_origin(rng, 1970)
        sex = "1" if rng.random() < 0.6 else "2"
        birth = self._birth(rng.triangular(30.0, 82.0, 52.0), origin)
        member = self._person(origin, sex, birth, "", _NOWHERE, None, "")
        owner = (member.id, member.birth_ord)
        self.owners.add(owner)
        return owner

    def _owner_since(self, owner: tuple[int, int] | None, years: tuple[float, float, float]) -> int:
        if owner is None:
            return _REF_ORD - 1
        since = _REF_ORD - max(30, _years(self.rng.triangular(*years)))
        return min(max(since, owner[1] + _years(20)), _REF_ORD - 1)

    def _owner_party(self, dwelling_id: int, owner: tuple[int, int] | None, since: int) -> None:
        if owner is not None:
            self._party(dwelling_id, owner[0], "owner", since)

    def _party(self, dwelling_id: int, person_id: int, role: str, since: int) -> None:
        self.batch.parties.append(
            {
                "id": self._next("party"),
                "dwelling_id": dwelling_id,
                "person_id": person_id,
                "role": role,
                "since": date.fromordinal(since),
                "until": None,
            }
        )

    def _parties(
        self,
        dwelling_id: int,
        members: list[_Member],
        since: int,
        *,
        owners: int = 0,
        tenants: int = 0,
    ) -> None:
        """Party rows of a household: the first ``owners`` own, the next ``tenants`` rent,
        everyone else lives there as an occupant."""
        for i, m in enumerate(members):
            role = "owner" if i < owners else "tenant" if i < owners + tenants else "occupant"
            start = m.since_ord if m.since_ord is not None else since
            self._party(dwelling_id, m.id, role, min(max(start, m.birth_ord), _REF_ORD - 1))
