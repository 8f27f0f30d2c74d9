"""Demo review work: accepted cases of promised matters, with their review tasks, for the
review desk to show (``onewindow-admin demo cases --count N``).

Only on a registry marked synthetic (:class:`DemoCasesError` ``demo.not_synthetic`` otherwise,
nothing changed). Each case goes the real way a window takes: the demo clerk opens a visit for
a registry person (the audited look-up and the pre-filled form), the fields a clerk would type
are filled with plausible values, every material is marked received, and the case service
accepts it — numbering, the promised date, one review task per department, the step and the
audit event. No document is rendered (the acceptance notices are not needed for the desk).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from desktop.domain.errors import CodedError
from desktop.domain.identity import IdKind
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.matters.model import FieldSpec, FieldType, Matter, MatterKind
from desktop.domain.matters.prefill import field_path, value_sources
from desktop.domain.permissions import Principal, Role
from desktop.persistence import uow
from desktop.persistence.models import Person
from desktop.services.cases import Application, Party
from desktop.services.hall import Hall
from desktop.services.status import is_synthetic

__all__ = ["DEMO_CLERK", "DemoCasesError", "DemoCasesResult", "create_demo_cases"]

#: The demo clerk (the ``clerk`` demo account) at the demo window.
DEMO_CLERK = Principal.of("clerk", "demo", [Role.CLERK], display_name="演示窗口人员 DEMO clerk")


class DemoCasesError(CodedError):
    code = "demo.not_synthetic"

    def __init__(self) -> None:
        super().__init__(
            "demo cases are created only on a registry marked synthetic",
            "演示办件只能在标记为模拟数据的人口库上生成",
        )


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
    if not is_synthetic(hall.db.meta()):
        raise DemoCasesError()
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
