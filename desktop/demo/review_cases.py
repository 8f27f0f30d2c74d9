"""Demo cases waiting in review, for the approver's window (``onewindow --scene review``).

Residence permits (居住证: police and community review in parallel) of tenants of the synthetic
registry, accepted by the demo clerk through the clerk's own desk (``WindowDesk.submit``: the
same rules, documents and audit as at a window), on days spread over the last three weeks so that
the queue shows every clock — normal, yellow, red, overdue. Only on the synthetic demo registry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import text

from desktop.demo.users import DEMO_PASSWORD
from desktop.domain.cases import CaseState
from desktop.domain.errors import CodedError
from desktop.domain.matters.materials import MaterialStatus
from desktop.persistence import uow
from desktop.services.desk import WindowDesk
from desktop.services.hall import Hall
from desktop.services.status import is_synthetic
from devices.idcard.document import CardType, IdentityDocument

__all__ = ["DemoCasesError", "ensure_review_cases"]

log = logging.getLogger(__name__)

#: Days back each new case is accepted on (cycled): a spread of clocks.
AGES = (0, 2, 12, 16, 18, 22, 1, 5, 14, 19, 24, 3)


class DemoCasesError(CodedError):
    code = "demo.not_synthetic"

    def __init__(self) -> None:
        super().__init__(
            "demo cases are created only on the synthetic demo registry",
            "演示办件只能在合成演示数据上创建",
        )


def _cards(hall: Hall, limit: int) -> list[IdentityDocument]:
    with uow.connection(hall.db) as conn:
        rows = conn.execute(
            text(
                "SELECT p.name, p.sex, p.birth_date, p.id_number, p.household_address "
                "FROM persons p JOIN dwelling_parties dp ON dp.person_id = p.id "
                "WHERE p.id_type = 'citizen' AND dp.until IS NULL AND dp.role = 'tenant' "
                "AND dp.dwelling_id = p.current_dwelling_id ORDER BY p.id LIMIT :n"
            ),
            {"n": limit},
        ).all()
    return [
        IdentityDocument(
            card_type=CardType.RESIDENT,
            name=r.name,
            sex=r.sex,
            birth_date=date.fromisoformat(str(r.birth_date)),
            id_number=r.id_number,
            valid_from=date(2020, 1, 1),
            valid_to=date(2040, 1, 1),
            address=r.household_address,
            ethnicity="01",
        )
        for r in rows
    ]


def _fixed(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def ensure_review_cases(hall: Hall, count: int, station: str = "演示办件 DEMO") -> int:
    """At least ``count`` cases in review; creates what is missing; returns how many it made."""
    if not (hall.db.target.embedded and is_synthetic(hall.db.meta())):
        raise DemoCasesError()
    clerk = hall.auth.sign_in("clerk", DEMO_PASSWORD, station)
    waiting = len(hall.cases.list_cases(clerk, states=(CaseState.IN_REVIEW,), limit=count))
    if waiting >= count:
        return 0
    code = hall.catalog.by_category("ZZ").code
    matter = hall.catalog.get(code)
    made = 0
    now = hall.now()
    for i, card in enumerate(_cards(hall, (count - waiting) * 4)):
        if waiting + made >= count:
            break
        age = AGES[(waiting + made) % len(AGES)]
        day = hall.today() - timedelta(days=age)
        moment = datetime.combine(day, time(9, 30), tzinfo=UTC) + timedelta(minutes=7 * i)
        # The demo accepts on past days: the same hall's rules, with its clock set back.
        past = Hall(
            hall.db, hall.paths, hall.settings, catalog=hall.catalog, now=_fixed(min(moment, now))
        )
        desk = WindowDesk(past)
        try:
            visit = desk.open_visit(clerk, card, matter_codes=[code])
            values = {
                **visit.for_matter(code).as_strings(),
                "basis": "job",
                "phone": f"1380013{8000 + i:04d}",
            }
            marked = {m.code: MaterialStatus.RECEIVED for m in matter.materials}
            outcome = desk.submit(clerk, visit, code, values, marked)
        except CodedError as exc:  # this person does not qualify: the next one
            log.info("demo case for a tenant not accepted: %s", exc)
            continue
        if outcome.case.state is CaseState.IN_REVIEW:
            made += 1
    log.info("demo: %d residence-permit cases put in review", made)
    return made
