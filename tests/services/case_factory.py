"""Small hand-built matters, principals and a settable clock for the case tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Table, func, select

from desktop.config.settings import CasesSettings
from desktop.domain.cases import WeekdaysOnly
from desktop.domain.identity import make_citizen_number
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.matters.model import (
    Department,
    FeeRule,
    FieldSpec,
    FieldType,
    LimitUnit,
    MaterialSpec,
    Matter,
    MatterKind,
    SectionSpec,
    TrustLevel,
)
from desktop.domain.permissions import Principal, Role
from desktop.persistence import models
from desktop.persistence.database import Database
from desktop.services.cases import Application, CaseService, Party

POLICE = Department("GA", "公安分局", "Police")
JUSTICE = Department("SF", "司法局", "Justice bureau")
HOUSING = Department("ZJ", "住建局", "Housing bureau")

S = MaterialStatus


def _materials() -> tuple[MaterialSpec, ...]:
    return (
        MaterialSpec("id_card", "身份证", "ID card", essential=True, trust=TrustLevel.A),
        MaterialSpec("lease", "租赁合同", "Lease", essential=True, trust=TrustLevel.C),
        MaterialSpec(
            "permit",
            "居住证",
            "Residence permit",
            essential=True,
            trust=TrustLevel.A,
            reusable_cert_type="居住证",
        ),
        MaterialSpec("photo", "照片", "Photo", essential=False, trust=TrustLevel.C),
        MaterialSpec("employer_proof", "就业证明", "Employment proof", False, TrustLevel.C),
    )


def make_matter(
    code: str = "M-IMM",
    *,
    category: str = "JZ",
    kind: MatterKind = MatterKind.IMMEDIATE,
    promised_limit: int = 0,
    departments: tuple[Department, ...] = (),
    supplement_pauses_clock: bool = False,
    limit_unit: LimitUnit = LimitUnit.WORKING_DAYS,
    required_field: bool = True,
) -> Matter:
    return Matter(
        code=code,
        basic_code=code[:10],
        name_zh=f"测试事项{code}",
        name_en=f"Test matter {code}",
        short_zh="测试",
        pinyin_initials="CS",
        category=category,
        matter_type="public_service",
        kind=kind,
        promised_limit=promised_limit,
        statutory_limit=promised_limit * 2,
        limit_unit=limit_unit,
        departments=departments,
        sections=(
            SectionSpec(
                "main",
                "基本信息",
                "Main",
                (
                    FieldSpec(
                        "address", FieldType.TEXT, "地址", "Address", required=required_field
                    ),
                    FieldSpec("note", FieldType.TEXT, "备注", "Note"),
                ),
            ),
        ),
        materials=_materials(),
        fee=FeeRule("free", Decimal("0")),
        documents=("acceptance_notice",),
        supplement_pauses_clock=supplement_pauses_clock,
    )


IMMEDIATE = make_matter("M-IMM", category="ZL")
PROMISED = make_matter(
    "M-PRO",
    category="JZ",
    kind=MatterKind.PROMISED,
    promised_limit=15,
    departments=(POLICE, HOUSING),
)
LEGAL_AID = make_matter(
    "M-AID",
    category="FY",
    kind=MatterKind.PROMISED,
    promised_limit=7,
    departments=(JUSTICE,),
    supplement_pauses_clock=True,
)
#: Counted in calendar days (like the ID-card renewal, 60 calendar days).
CALENDAR_DAYS = make_matter(
    "M-CAL",
    category="JZ",
    kind=MatterKind.PROMISED,
    promised_limit=20,
    departments=(POLICE,),
    limit_unit=LimitUnit.NATURAL_DAYS,
)
MATTERS = {m.code: m for m in (IMMEDIATE, PROMISED, LEGAL_AID, CALENDAR_DAYS)}


def lookup(code: str) -> Matter:
    return MATTERS[code]


def citizen(seq: int, birth: date = date(1990, 5, 17)) -> str:
    return make_citizen_number("440307", birth, seq)


APPLICANT_ID = citizen(11)
OTHER_ID = citizen(23)

CLERK = Principal.of("clerk01", "窗口1", [Role.CLERK])
CLERK2 = Principal.of("clerk02", "窗口2", [Role.CLERK])
POLICE_APPROVER = Principal.of("police01", "审批1", [Role.APPROVER], ["GA"])
POLICE_APPROVER2 = Principal.of("police02", "审批2", [Role.APPROVER], ["GA"])
HOUSING_APPROVER = Principal.of("housing01", "审批3", [Role.APPROVER], ["ZJ"])
JUSTICE_APPROVER = Principal.of("justice01", "审批4", [Role.APPROVER], ["SF"])
SUPERVISOR = Principal.of("boss", "值班长", [Role.SUPERVISOR])
ADMIN = Principal.of("admin", "机房", [Role.ADMINISTRATOR])


def kiosk(card_holder: str = APPLICANT_ID) -> Principal:
    return Principal.of("kiosk-1", "自助机1", [Role.KIOSK], card_holder_id=card_holder)


ALL_RECEIVED = {
    "id_card": S.RECEIVED,
    "lease": S.RECEIVED,
    "permit": S.RECEIVED,
    "photo": S.RECEIVED,
    "employer_proof": S.RECEIVED,
}


def application(
    matter: Matter = IMMEDIATE,
    *,
    id_number: str = APPLICANT_ID,
    materials: dict[str, MaterialStatus] | None = None,
    **kwargs: object,
) -> Application:
    values: dict[str, object] = {
        "matter_code": matter.code,
        "applicant": Party("张三", "citizen", id_number),
        "form_values": {"address": "示范区东风路18号", "id_number": id_number},
        "materials": dict(ALL_RECEIVED if materials is None else materials),
        "phone": "13800138000",
    }
    values.update(kwargs)
    return Application(**values)  # type: ignore[arg-type]


@dataclass
class Clock:
    """A settable 'now' (aware, UTC); starts on a Monday morning in the hall's time zone."""

    moment: datetime = field(default_factory=lambda: datetime(2026, 11, 23, 1, 30, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **kwargs: float) -> None:
        self.moment += timedelta(**kwargs)

    @property
    def today(self) -> date:
        return (self.moment + timedelta(hours=8)).date()


def make_service(
    db: Database,
    clock: Clock | None = None,
    *,
    settings: CasesSettings | None = None,
    service_class: type[CaseService] = CaseService,
) -> CaseService:
    return service_class(db, lookup, WeekdaysOnly(), settings, now=clock or Clock())


CASE_TABLES: tuple[type[models.Base], ...] = (
    models.Case,
    models.CaseMaterial,
    models.CaseStep,
    models.ReviewTask,
    models.ClockPause,
    models.CaseNumberSequence,
    models.CaseDraft,
    models.CaseRating,
    models.RatingFollowUp,
)


def snapshot(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the case tables (to show that a refused action changed nothing)."""
    with db.engine.connect() as conn:
        out = {}
        for model in CASE_TABLES:
            table: Table = model.__table__  # type: ignore[assignment]
            out[table.name] = [
                tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
        return out


def audit_actions(db: Database, since: int = 0) -> list[tuple[str, str, dict[str, object]]]:
    """(action, subject, detail) of the audit events after sequence number ``since``."""
    t = models.AuditEvent.__table__
    with db.engine.connect() as conn:
        return [
            (r.action, r.subject, r.detail)
            for r in conn.execute(select(t).where(t.c.seq > since).order_by(t.c.seq))
        ]


def last_seq(db: Database) -> int:
    t = models.AuditHead.__table__
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.max(t.c.last_seq))).scalar_one())
