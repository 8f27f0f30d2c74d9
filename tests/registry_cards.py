"""A resident card for a person of the seeded synthetic registry (tests across folders use it).

Import it as ``from registry_cards import registry_card`` (``tests/`` is on the import path: the
root ``conftest.py`` lives there).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import text

from desktop.persistence.database import Database
from devices.idcard.document import CardType, IdentityDocument


def registry_card(
    db: Database, sql: str, params: Mapping[str, object] | None = None
) -> IdentityDocument:
    """The card of the one person ``sql`` selects (columns ``name, sex, birth_date, id_number,
    household_address``), valid 2020–2040, ethnicity 01."""
    with db.engine.connect() as conn:
        p = conn.execute(text(sql), dict(params or {})).one()
    return IdentityDocument(
        card_type=CardType.RESIDENT,
        name=p.name,
        sex=p.sex,
        birth_date=date.fromisoformat(str(p.birth_date)),
        id_number=p.id_number,
        valid_from=date(2020, 1, 1),
        valid_to=date(2040, 1, 1),
        address=p.household_address,
        ethnicity="01",
    )
