"""Demo review work: accepted cases of promised matters waiting in review, made the real way.

Only on a registry marked synthetic (:class:`DemoCasesError` ``demo.not_synthetic`` otherwise,
nothing changed). Two makers, for two audiences:

* :func:`create_demo_cases` (``onewindow-admin demo cases --count N``): cases of every promised
  matter in turn. The demo clerk opens a visit for a registry person (the audited look-up and
  the pre-filled form), the fields a clerk would type are filled with plausible values, every
  material is marked received, and the case service accepts it — numbering, the promised date,
  one review task per department, the step and the audit event. No document is rendered (the
  acceptance notices are not needed for the desk).
* :func:`ensure_review_cases` (the approver's window, ``onewindow --scene review``; the embedded
  demo only): tops the queue up to a number of residence permits (居住证: police and community
  review in parallel) of tenants of the registry, accepted through the clerk's own desk
  (``WindowDesk.submit``: the same rules, documents and audit as at a window) on days spread
  over the last three weeks, so that the queue shows every clock — normal, yellow, red, overdue.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select, text

from desktop.demo.users import DEMO_PASSWORD
from desktop.domain.cases import CaseState
from desktop.domain.errors import CodedError
from desktop.domain.identity import IdKind
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.matters.model import FieldSpec, FieldType, Matter, MatterKind
from desktop.domain.matters.prefill import field_path, value_sources
from desktop.domain.permissions import Principal, Role
from desktop.persistence import uow
from desktop.persistence.models import Person
from desktop.services.cases import Application, Party
from desktop.services.desk import WindowDesk
from desktop.services.hall import Hall
from desktop.services.status import is_synthetic
from devices.idcard.document import CardType, IdentityDocument

__all__ = [
    "DEMO_CLERK",
    "DemoCasesError",
    "DemoCasesResult",
    "create_demo_cases",
    "ensure_review_cases",
    "tenant_cards",
]

log = logging.getLogger(__name__)

#: The demo clerk (the ``clerk`` demo account) at the demo window.
DEMO_CLERK = Principal.of("clerk", "demo", [Role.CLERK], display_name="演示窗口人员 DEMO clerk")


class DemoCasesError(CodedError):
    code = "demo.not_synthetic"

    def __init__(self) -> None:
        super().__init__(
            "demo cases are created only on a registry marked synthetic",
            "演示办件只能在标记为模拟数据的人口库上生成",
        )


def _require_synthetic(hall: Hall, *, embedded: bool = False) -> None:
    if (embedded and not hall.db.target.embedded) or not is_synthetic(hall.db.meta()):
        raise DemoCasesError()


@dataclass(frozen=True, slots=True)
class DemoCasesResult:
    numbers: tuple[str, ...]
    tasks: int
    #: matter code → problems of a matter whose form the demo could not fill (skipped).
    skipped: Mapping[str, str]


def promised_matters(hall: Hall) -> tuple[Matter, ...]:
    return tuple(m for m in hall.catalog if m.kind is MatterKind.PROMISED and m.departments)


def create_demo_cases(
    hall: Hall, count: int, *, random_seed: int = 13, clerk: Principal = DEMO_CLERK
) -> DemoCasesResult:
    _require_synthetic(hall)
    rng = random.Random(random_seed)
    matters = list(promised_matters(hall))
    with uow.connection(hall.db) as conn:
        numbers = list(
            conn.execute(
                select(Person.id_number)
                .where(Person.id_type == IdKind.CITIZEN.value)
                .order_by(Person.id)
                .limit(max(count * 2, 50))
            ).scalars()
        )
    rng.shuffle(numbers)
    made: list[str] = []
    tasks = 0
    skipped: dict[str, str] = {}
    today = hall.today()
    i = 0
    while len(made) < count and matters and numbers:
        matter = matters[i % len(matters)]
        number = numbers[i % len(numbers)]
        i += 1
        if i > count * 4 + 20:
            break
        visit = hall.visits.open(clerk, None, id_number=number, matter_codes=[matter.code])
        if visit.dossier is None:
            continue
        person = visit.dossier.person
        prefill = visit.for_matter(matter.code)
        values = dict(prefill.as_strings())
        _fill(matter, values, rng, today)
        application = Application(
            matter_code=matter.code,
            applicant=Party(person.name, person.id_type, person.id_number),
            form_values=values,
            form_sources=value_sources(values, prefill.values),
            materials={m.code: MaterialStatus.RECEIVED for m in matter.materials},
            phone=values.get("phone", ""),
            channel="window",
        )
        try:
            accepted = hall.cases.accept(clerk, application)
        except CodedError as exc:  # a form the filler cannot satisfy: that matter is skipped
            skipped[matter.code] = str(exc)
            matters.remove(matter)
            continue
        made.append(accepted.case.number)
        tasks += len(accepted.case.tasks)
    return DemoCasesResult(tuple(made), tasks, skipped)


def _fill(matter: Matter, values: dict[str, str], rng: random.Random, today: date) -> None:
    """What a clerk types: a plausible value for every required field still empty."""
    for section in matter.sections:
        rows = [None] if not section.repeated else list(range(max(1, section.repeat_min)))
        for index in rows:
            for spec in section.fields:
                path = field_path(section.key, index, spec.key)
                if values.get(path) or not spec.required:
                    continue
                value = _value(spec, rng, today)
                if value:
                    values[path] = value


def _value(spec: FieldSpec, rng: random.Random, today: date) -> str:
    if spec.type is FieldType.CHOICE:
        return spec.default or (spec.options[0].code if spec.options else "")
    if spec.type is FieldType.PHONE:
        return f"138{rng.randrange(10**8):08d}"
    if spec.type is FieldType.DATE:
        return (today - timedelta(days=rng.randrange(200, 400))).isoformat()
    if spec.type in (FieldType.INTEGER, FieldType.MONEY):
        low = int(spec.min_value) if spec.min_value is not None else 1
        return str(max(low, 1))
    if spec.type is FieldType.BOOL:
        return "true"
    if spec.type in (FieldType.TEXT, FieldType.LONG_TEXT):
        text = "演示填写内容：申请人情况属实，请予审查。"
        while spec.min_length and len(text) < spec.min_length:
            text += text
        return text[: spec.max_length] if spec.max_length else text
    return ""


# ---- the review scene: residence permits of every age ------------------------------------

#: Days back each new case is accepted on (cycled): a spread of clocks.
AGES = (0, 2, 12, 16, 18, 22, 1, 5, 14, 19, 24, 3)


def tenant_cards(hall: Hall, limit: int) -> list[IdentityDocument]:
    """The cards of the first ``limit`` citizens renting where they live (valid 2020–2040):
    who asks for a residence permit, at the window or at a kiosk."""
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
    _require_synthetic(hall, embedded=True)
    clerk = hall.auth.sign_in("clerk", DEMO_PASSWORD, station)
    waiting = len(hall.cases.list_cases(clerk, states=(CaseState.IN_REVIEW,), limit=count))
    if waiting >= count:
        return 0
    code = hall.catalog.by_category("ZZ").code
    matter = hall.catalog.get(code)
    made = 0
    now = hall.now()
    for i, card in enumerate(tenant_cards(hall, (count - waiting) * 4)):
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
