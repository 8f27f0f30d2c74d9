"""Names, places and papers: the word lists and region tables the generator draws from."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from desktop.demo.seeding import names as N
from desktop.demo.seeding._common import (
    _HOST_CITY,
    HOST_REGION,
    REASON_BUSINESS,
    REASON_OTHER,
    REASON_RELATIVES,
    REASON_STUDY,
    REASON_WORK,
)
from desktop.demo.seeding._random import _Pick
from desktop.demo.seeding.district import (
    _HK_STREETS,
    _KINDS,
    _MIGRANT_PROVINCE_WEIGHTS,
    _OLDER_SHENZHEN_DISTRICTS,
    _build_communities,
    _Origin,
)
from desktop.demo.seeding.ids import (
    NumberSpec,
    _region_full_name,
)
from desktop.domain import regions
from desktop.domain.identity import (
    CREDIT_CODE_ALPHABET,
    IdKind,
)


class _Vocabulary:
    """Names, places and papers: word lists and region tables with weighted pickers.

    Stateless apart from its tables: every method takes the caller's ``random.Random``.
    """

    def __init__(self, random_seed: int) -> None:
        self.communities = _build_communities(random_seed)

        # region tables
        counties = regions.all_region_codes("county")
        historical = sorted(
            set(regions.all_region_codes("county", include_historical=True)) - set(counties)
        )
        self._by_province: dict[str, tuple[str, ...]] = {}
        for code in counties:
            if code.startswith(_HOST_CITY):
                continue  # Shenzhen household registrations are locals, not migrants
            self._by_province.setdefault(code[:2], ())
            self._by_province[code[:2]] += (code,)
        self._historical_by_province: dict[str, tuple[str, ...]] = {}
        for code in historical:
            if not code.startswith(_HOST_CITY):
                self._historical_by_province.setdefault(code[:2], ())
                self._historical_by_province[code[:2]] += (code,)
        # Shenzhen household registrations: mostly the host district, some from the districts
        # that existed before 1993 (龙华, 坪山, 光明 date from 2016-2018: too young for most).
        self._local_region = _Pick(
            [(HOST_REGION, 70.0)] + [(c, 7.5) for c in _OLDER_SHENZHEN_DISTRICTS if c in counties]
        )
        weights = dict(_MIGRANT_PROVINCE_WEIGHTS)
        self._migrant_province = _Pick(
            [(p, weights.get(p, 0.2)) for p in sorted(self._by_province)]
        )

        self._national_surname = _Pick(N.NATIONAL_SURNAMES)
        self._guangdong_surname = _Pick(N.GUANGDONG_SURNAMES)
        self.rare = _Pick(N.RARE_CHARACTERS)
        self._ethnicity = {p: _Pick(t) for p, t in N.ETHNICITIES_BY_PROVINCE.items()}
        self._default_ethnicity = _Pick(N.DEFAULT_ETHNICITIES)
        self.nationality = _Pick([((a, n, s), w) for a, n, w, s in N.NATIONALITIES])
        self.occupation = _Pick(N.OCCUPATIONS)
        self.industry = _Pick([((name, words), w) for name, w, words in N.INDUSTRIES])
        self.kind = _Pick([(k, w) for k, w, _, _ in _KINDS])
        self.arrival_reason = _Pick(
            [
                (REASON_WORK, 68.0),
                (REASON_BUSINESS, 14.0),
                (REASON_RELATIVES, 6.0),
                (REASON_STUDY, 4.0),
                (REASON_OTHER, 8.0),
            ]
        )

    def trade_name(self, rng: random.Random) -> str:
        chars = N.TRADE_CHARS
        n = 2 if rng.random() < 0.85 else 3
        return "".join(rng.choice(chars) for _ in range(n))

    @staticmethod
    def new_body(rng: random.Random) -> str:
        if rng.random() < 0.7:  # registered since 2015: MA + 6 characters
            return "MA5" + "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(5))
        return f"7{rng.randrange(10**7):07d}"  # an older organisation code

    # ---- names -------------------------------------------------------------------------------

    def given(self, rng: random.Random, sex: str, birth_year: int) -> str:
        r = rng.random()
        male = sex == "1"
        if r < 0.28:
            cohort = N.COHORT_NAMES[0]
            for entry in N.COHORT_NAMES:
                if birth_year >= entry[0]:
                    cohort = entry
            given = rng.choice(cohort[1] if male else cohort[2])
        elif r < (0.40 if 1960 <= birth_year < 2000 else 0.34):
            given = rng.choice(N.MALE_SINGLE if male else N.FEMALE_SINGLE)
        else:
            first = N.MALE_FIRST if male else N.FEMALE_FIRST
            second = N.MALE_SECOND if male else N.FEMALE_SECOND
            given = rng.choice(first) + rng.choice(second)
        if rng.random() < 0.006:  # a rare character (生僻字) in place of the last one
            given = given[:-1] + self.rare(rng.random)
        return given

    def surname(self, rng: random.Random, province: str) -> str:
        table = (
            self._guangdong_surname if province in ("44", "81", "82") else self._national_surname
        )
        return table(rng.random)

    def han_name(self, rng: random.Random, sex: str, birth_year: int, province: str) -> str:
        return self.surname(rng, province) + self.given(rng, sex, birth_year)

    def minority_given(
        self, rng: random.Random, sex: str, ethnicity: str, father_given: str | None
    ) -> tuple[str, str] | None:
        """(name, own given part) for names not of the Han surname+given pattern, else None."""
        male = sex == "1"
        if ethnicity in (N.UYGHUR, N.KAZAKH):
            if ethnicity == N.UYGHUR:
                own = rng.choice(N.UYGHUR_MALE if male else N.UYGHUR_FEMALE)
                father = father_given or rng.choice(N.UYGHUR_MALE)
            else:
                own = rng.choice(N.KAZAKH_MALE if male else N.KAZAKH_FEMALE)
                father = father_given or rng.choice(N.KAZAKH_MALE)
            return f"{own}·{father}", own
        if ethnicity == N.TIBETAN:
            parts = N.TIBETAN_PARTS_MALE if male else N.TIBETAN_PARTS_FEMALE
            a, b = rng.sample(parts, 2)
            return a + b, a + b
        if ethnicity == N.MONGOL and rng.random() < 0.5:
            own = rng.choice(N.MONGOLIAN_MALE if male else N.MONGOLIAN_FEMALE)
            return own, own
        return None

    def foreign_name(
        self, rng: random.Random, origin: _Origin, sex: str, surname: str
    ) -> tuple[str, str]:
        """(name, family name in Latin letters); the family name passes to the children."""
        male = sex == "1"
        style = origin.style
        tables: dict[str, tuple[Any, Any, Any]] = {
            "western": (N.WESTERN_SURNAMES, N.WESTERN_MALE, N.WESTERN_FEMALE),
            "korean": (N.KOREAN_SURNAMES, N.KOREAN_MALE, N.KOREAN_FEMALE),
            "japanese": (N.JAPANESE_SURNAMES, N.JAPANESE_MALE, N.JAPANESE_FEMALE),
            "chinese_latin": (
                N.CHINESE_LATIN_SURNAMES,
                N.CHINESE_LATIN_MALE,
                N.CHINESE_LATIN_FEMALE,
            ),
            "indian": (N.INDIAN_SURNAMES, N.INDIAN_MALE, N.INDIAN_FEMALE),
        }
        surnames, males, females = tables[style]
        family: tuple[str, str] = next(
            (s for s in surnames if s[0] == surname), None
        ) or rng.choice(surnames)
        given: tuple[str, str] = rng.choice(males if male else females)
        if origin.kind is IdKind.FOREIGNER_2017:  # the card's English name
            return f"{family[0]}, {given[0]}", family[0]
        if style in ("western", "indian"):  # the 2023 card's Chinese name
            return f"{given[1]}·{family[1]}", family[0]
        return family[1] + given[1], family[0]

    # ---- origins -----------------------------------------------------------------------------

    def street_address(self, rng: random.Random) -> str:
        comm = self.communities[rng.randrange(len(self.communities))]
        streets = comm.roads + comm.lanes
        return f"{comm.region_name}{rng.choice(streets)}{rng.randint(1, 300)}号"

    def local_origin(self, rng: random.Random, region: str | None = None) -> _Origin:
        region = region or self._local_region(rng.random)
        if region == HOST_REGION:
            address = self.street_address(rng)
        else:
            address = (
                f"{_region_full_name(region)}{rng.choice(N.URBAN_STREET_WORDS)}"
                f"{rng.randint(1, 400)}号"
            )
        return _Origin(IdKind.CITIZEN, region=region, local=True, household_address=address)

    def migrant_origin(self, rng: random.Random, birth_year: int, near: str = "") -> _Origin:
        if near and rng.random() < 0.7:
            region = near
        else:
            province = (
                near[:2] if near and rng.random() < 0.65 else self._migrant_province(rng.random)
            )
            pool = self._by_province[province]
            old = self._historical_by_province.get(province)
            if old and birth_year < 1995 and rng.random() < 0.04:
                pool = old  # a code abolished since: still valid in the number
            region = pool[rng.randrange(len(pool))]
        name = _region_full_name(region)
        if name.endswith("区") or rng.random() < 0.25:
            detail = f"{rng.choice(N.URBAN_STREET_WORDS)}{rng.randint(1, 500)}号"
        else:
            pc = N.PLACE_CHARS
            detail = (
                f"{rng.choice(pc)}{rng.choice(pc)}镇{rng.choice(pc)}{rng.choice(pc)}村"
                f"{rng.randint(1, 12)}组{rng.randint(1, 80)}号"
            )
        return _Origin(IdKind.CITIZEN, region=region, household_address=name + detail)

    def hmt_origin(self, rng: random.Random) -> _Origin:
        r = rng.random()
        if r < 0.72:
            region = "810000"
            district = rng.choice(N.HONG_KONG_DISTRICTS)
            detail = f"{district}{rng.choice(_HK_STREETS)}{rng.randint(1, 400)}号"
        elif r < 0.82:
            region = "820000"
            detail = f"{rng.choice(N.MACAO_PARISHES)}新马路{rng.randint(1, 200)}号"
        else:
            region = "830000"
            detail = f"{rng.choice(N.TAIWAN_CITIES)}中正路{rng.randint(1, 600)}号"
        return _Origin(
            IdKind.HMT_PERMIT,
            region=region,
            household_address=_region_full_name(region) + detail,
        )

    def foreign_origin(self, rng: random.Random) -> _Origin:
        alpha3, numeric, style = self.nationality(rng.random)
        kind = IdKind.FOREIGNER_2017 if rng.random() < 0.5 else IdKind.FOREIGNER_2023
        return _Origin(kind, nationality=alpha3, nat_numeric=numeric, style=style)

    def origin_for(self, rng: random.Random, mix: tuple[float, float, float], year: int) -> _Origin:
        """An origin drawn from (local, hmt, foreign) shares; the rest are migrants."""
        r = rng.random()
        local, hmt, foreign = mix
        if r < local:
            return self.local_origin(rng)
        if r < local + hmt:
            return self.hmt_origin(rng)
        if r < local + hmt + foreign:
            return self.foreign_origin(rng)
        return self.migrant_origin(rng, year)

    # ---- persons -----------------------------------------------------------------------------

    def number_spec(self, rng: random.Random, origin: _Origin, sex: str, birth: date) -> NumberSpec:
        if origin.kind is IdKind.FOREIGNER_2017:
            authority = "4403" if rng.random() < 0.75 else rng.choice(("4401", "1100", "3100"))
            return NumberSpec(origin.kind, origin.nationality, authority, birth, rng.randrange(10))
        seq = 2 * rng.randrange(500) + (1 if sex == "1" else 0)
        if origin.kind is IdKind.FOREIGNER_2023:
            province = "44" if rng.random() < 0.8 else rng.choice(("11", "31", "32"))
            return NumberSpec(origin.kind, province, origin.nat_numeric, birth, seq)
        return NumberSpec(origin.kind, origin.region, "", birth, seq)

    def phone(self, rng: random.Random) -> str:
        return rng.choice(N.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"

    def ethnicity_for(self, rng: random.Random, origin: _Origin) -> str:
        if origin.kind is not IdKind.CITIZEN:
            return ""
        pick = self._ethnicity.get(origin.region[:2], self._default_ethnicity)
        return pick(rng.random)
