"""The case lifecycle as a service: drafts, acceptance, review, issue, rating.

Rules the service keeps (see :mod:`desktop.domain.cases` for the state machine):

* Every change is one transaction holding the change, its step row (GB/T 39046: one row per
  step) and its audit event, so they commit or roll back together.
* A change to an existing case first *bumps the case's version* (``UPDATE … RETURNING``): that
  is its row lock on PostgreSQL and takes SQLite's write lock before anything is read, so two
  stations cannot both act on what they each read (e.g. the last two approvals).
* Every refusal is on the record: a permission refused is audited by
  :func:`desktop.services.guard.authorize` before the writing transaction starts; an illegal
  transition (or any other :class:`~desktop.domain.cases.CaseError`) rolls the transaction
  back and is then audited in a transaction of its own. Either way nothing else changes.
* Case numbers come from a pattern (``[cases] number_pattern``) and a per-scope sequence row
  bumped inside the accepting transaction: unique under concurrency, and a rolled-back
  acceptance gives its number back (no gaps). Or an upstream number, taken as is.
* Identity numbers: the clear number stays in the application's form values (the legal
  record); the case row has the masked number and a hash (lists, kiosk match, audit search).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import groupby
from typing import Any, TypeVar, cast

from sqlalchemy import (
    Connection,
    Row,
    String,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from desktop.config.settings import CasesSettings
from desktop.domain.cases import (
    CLOCK_STATES,
    FINAL_STATES,
    CaseDetail,
    CaseError,
    CaseEvent,
    CaseMaterialRecord,
    CaseNotFound,
    CaseNumberTaken,
    CaseState,
    CaseStepRecord,
    CaseSummary,
    ClockError,
    ClockPauseRecord,
    DraftNotFound,
    DraftRecord,
    InvalidApplication,
    MaterialsOwed,
    MaterialsStillMissing,
    NotOwed,
    NumberPattern,
    OverdueSupplement,
    PauseKind,
    RatingChannel,
    RatingError,
    RatingRecord,
    ReasonRequired,
    ReviewTaskRecord,
    StaleCase,
    SupplementNotOverdue,
    TaskAlreadyClaimed,
    TaskNotClaimed,
    TaskNotFound,
    TaskStatus,
    UnknownMatter,
    UpstreamNumbersDisabled,
    WorkingDays,
    check_upstream_number,
    is_bad_rating,
    next_state,
    transition_for,
)
from desktop.domain.identity import (
    IdentityError,
    IdKind,
    mask_id_number,
    normalise_id_text,
    parse_id_number,
)
from desktop.domain.matters.materials import (
    MaterialsDecision,
    MaterialsOutcome,
    MaterialStatus,
    evaluate_materials,
)
from desktop.domain.matters.model import LimitUnit, Matter, MatterKind
from desktop.domain.permissions import Permission, PermissionDenied, Principal, Role
from desktop.domain.registry import to_jsonable
from desktop.domain.workcalendar import DeadlineThresholds
from desktop.persistence.database import Database
from desktop.persistence.models import (
    Case,
    CaseDraft,
    CaseMaterial,
    CaseNumberSequence,
    CaseRating,
    CaseStep,
    ClockPause,
    ReviewTask,
)
from desktop.persistence.prepared import Prepared
from desktop.services.audit import append_event
from desktop.services.guard import audit_refusal, authorize
from desktop.services.pseudonyms import person_pseudonym

__all__ = [
    "Acceptance",
    "Application",
    "CaseService",
    "CatalogLookup",
    "Party",
    "ResultInfo",
]

_cases = cast(Table, Case.__table__)
_materials = cast(Table, CaseMaterial.__table__)
_steps = cast(Table, CaseStep.__table__)
_tasks = cast(Table, ReviewTask.__table__)
_pauses = cast(Table, ClockPause.__table__)
_seqs = cast(Table, CaseNumberSequence.__table__)
_drafts = cast(Table, CaseDraft.__table__)
_ratings = cast(Table, CaseRating.__table__)


def _bound(table: Table) -> dict[str, Any]:
    """Every column but the key as a typed bind parameter named ``v_<column>``."""
    return {c.name: bindparam(f"v_{c.name}", type_=c.type) for c in table.c if c.name != "id"}


def _v(**values: object) -> dict[str, object]:
    return {f"v_{k}": v for k, v in values.items()}


# The acceptance path runs at every window many times a day: its statements are compiled once
# per dialect and run on the driver's cursor (see desktop.persistence.prepared).
_INSERT_CASE = Prepared(insert(_cases).values(_bound(_cases)).returning(_cases.c.id))
_INSERT_MATERIAL = Prepared(insert(_materials).values(_bound(_materials)))
_INSERT_STEP = Prepared(insert(_steps).values(_bound(_steps)))
_INSERT_TASK = Prepared(insert(_tasks).values(_bound(_tasks)))
_NEXT_STEP = Prepared(
    select((func.coalesce(func.max(_steps.c.seq), 0) + 1).label("seq")).where(
        _steps.c.case_id == bindparam("case_id")
    )
)
_NUMBER_USED = Prepared(select(_cases.c.id).where(_cases.c.number == bindparam("number")))
_SET_STATE = Prepared(
    update(_cases)
    .where(_cases.c.id == bindparam("case_id"))
    .values(state=bindparam("new_state", type_=String))
)
_SET_ISSUED = Prepared(
    update(_cases)
    .where(_cases.c.id == bindparam("case_id"))
    .values(
        {
            name: bindparam(f"v_{name}", type_=_cases.c[name].type)
            for name in (
                "state",
                "completed_at",
                "result_name",
                "result_number",
                "result_valid_until",
                "issuing_unit",
            )
        }
    )
)
_SEQ_WHERE = and_(
    _seqs.c.region == bindparam("r", type_=String),
    _seqs.c.day == bindparam("d", type_=String),
    _seqs.c.category == bindparam("c", type_=String),
)
_SEQ_BUMP = Prepared(
    update(_seqs)
    .where(_SEQ_WHERE)
    .values(last_value=_seqs.c.last_value + 1)
    .returning(_seqs.c.last_value)
)
_SEQ_CREATE = {
    name: Prepared(
        dialect_insert(_seqs)
        .values(
            region=bindparam("r", type_=String),
            day=bindparam("d", type_=String),
            category=bindparam("c", type_=String),
            last_value=1,
        )
        .on_conflict_do_nothing(index_elements=["region", "day", "category"])
        .returning(_seqs.c.last_value)
    )
    for name, dialect_insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}
_CASE_BY_NUMBER = select(_cases).where(_cases.c.number == bindparam("number"))
_MATERIALS_OF = (
    select(_materials).where(_materials.c.case_id == bindparam("case_id")).order_by(_materials.c.id)
)
_STEPS_OF = select(_steps).where(_steps.c.case_id == bindparam("case_id")).order_by(_steps.c.seq)
_TASKS_OF = select(_tasks).where(_tasks.c.case_id == bindparam("case_id")).order_by(_tasks.c.id)
_PAUSES_OF = select(_pauses).where(_pauses.c.case_id == bindparam("case_id")).order_by(_pauses.c.id)
_RATING_OF = select(_ratings).where(_ratings.c.case_id == bindparam("case_id"))

#: The matter catalog, by implementation code (raises ``KeyError`` for an unknown code).
CatalogLookup = Callable[[str], Matter]
#: Extra checks of the form values: returns (English, Chinese) problems; empty = fine.
FormValidator = Callable[[Matter, Mapping[str, object]], Sequence[tuple[str, str]]]

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Party:
    """The applicant or the agent (帮办代办): name, ID type (an ``IdKind`` value or another
    document type such as ``passport``) and number."""

    name: str
    id_type: str
    id_number: str


@dataclass(frozen=True, slots=True)
class Application:
    """What the window hands over to accept (or refuse) a case."""

    matter_code: str
    applicant: Party
    form_values: Mapping[str, object] = field(default_factory=dict)
    #: Material code → status as the clerk marked it (unmarked = missing).
    materials: Mapping[str, MaterialStatus] = field(default_factory=dict)
    #: Certificate type → number of certificates the hall already issued to the applicant.
    held_certificates: Mapping[str, str] = field(default_factory=dict)
    agent: Party | None = None
    phone: str = ""
    address: str = ""
    channel: str = "window"
    #: A number issued by the provincial platform, taken as is.
    upstream_number: str | None = None
    #: 容缺: the applicant signed the promise to supply the owed materials. Without it a
    #: shortfall cannot be accepted and the window gives the one-time notification instead.
    shortfall_promise_signed: bool = False
    #: 容缺: the supplement deadline asked for (capped at the promised date).
    supplement_by: date | None = None
    #: The draft this application was typed in: discarded in the accepting transaction.
    draft_id: str | None = None


@dataclass(frozen=True, slots=True)
class ResultInfo:
    """The result handed out (GB/T 39046 completion): certificate name, number, validity."""

    name: str = ""
    number: str = ""
    valid_until: date | None = None
    issuing_unit: str = ""


@dataclass(frozen=True, slots=True)
class Acceptance:
    """What happened at the window: the case as stored and the materials outcome."""

    case: CaseDetail
    outcome: MaterialsOutcome
    event: CaseEvent  # accept, accept_with_shortfall or notify_missing


@dataclass(frozen=True, slots=True)
class _Facts:
    """What authorization needs to know about a case (none of it ever changes)."""

    id: int
    number: str
    matter_code: str
    matter_name: str
    applicant_id_hash: str
    applicant_id_masked: str
    departments: tuple[str, ...]


_NOTICE_SUFFIX = {
    CaseEvent.ACCEPT: "SL",  # 受理通知书
    CaseEvent.ACCEPT_WITH_SHORTFALL: "SL",
    CaseEvent.SUPPLEMENT: "SL",
    CaseEvent.NOTIFY_MISSING: "BZ",  # 补正材料通知书
    CaseEvent.REFUSE: "BY",  # 不予受理通知书
}

_ACTION = {  # GB/T 39046 step action: pass / return / other
    CaseEvent.RETURN_FOR_CORRECTION: "return",
    CaseEvent.NOTIFY_MISSING: "return",
    CaseEvent.REFUSE: "other",
    CaseEvent.REJECT: "other",
    CaseEvent.WITHDRAW: "other",
    CaseEvent.TERMINATE: "other",
    CaseEvent.PAUSE_CLOCK: "other",
    CaseEvent.RESUME_CLOCK: "other",
    CaseEvent.RATE: "other",
}


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if isinstance(moment, str):  # pragma: no cover - drivers give datetimes
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _kind(case_type: str) -> MatterKind:
    return MatterKind.IMMEDIATE if case_type == "1" else MatterKind.PROMISED


def _jsonable(values: Mapping[str, object]) -> dict[str, object]:
    return cast(dict[str, object], to_jsonable(dict(values)))


def _default_validator(matter: Matter, values: Mapping[str, object]) -> list[tuple[str, str]]:
    """Required fields of single (not repeated) sections must have a value."""
    problems: list[tuple[str, str]] = []
    for section in matter.sections:
        if section.repeated:
            continue
        for f in section.fields:
            if f.required and values.get(f.key) in (None, "", [], {}):
                problems.append((f"{f.label_en} is required", f"{f.label_zh}为必填项"))
    return problems


class CaseService:
    """Cases of the hall, for windows, review desks, supervisors and kiosks."""

    def __init__(
        self,
        db: Database,
        catalog_lookup: CatalogLookup,
        calendar: WorkingDays,
        settings: CasesSettings | None = None,
        *,
        validator: FormValidator | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        thresholds: DeadlineThresholds | None = None,
    ) -> None:
        self._db = db
        self._thresholds = thresholds or DeadlineThresholds()
        self._lookup = catalog_lookup
        self._calendar = calendar
        self._settings = settings or CasesSettings()
        self._pattern = NumberPattern(self._settings.number_pattern)
        self._tz = timezone(timedelta(minutes=self._settings.utc_offset_minutes))
        self._validator = validator or _default_validator
        self._now = now
        dbapi = db.engine.dialect.dbapi
        self._integrity_errors: tuple[type[Exception], ...] = (
            (IntegrityError, dbapi.IntegrityError) if dbapi is not None else (IntegrityError,)
        )

    # ================================================================ drafts

    def save_draft(
        self,
        principal: Principal,
        *,
        draft_id: str | None = None,
        matter_codes: Sequence[str] = (),
        form: Mapping[str, object] | None = None,
        materials: Mapping[str, str] | None = None,
        title: str = "",
    ) -> DraftRecord:
        """Save what is typed so far: one committed transaction per save (survives a crash).

        A new draft (``draft_id`` None) is audited; later saves of it are not (the window saves
        as the clerk types; the acceptance or the discard is the event on record).
        """
        self._authorize(principal, Permission.CASE_DRAFT, f"draft:{draft_id or 'new'}")
        moment = self._now()
        values = {
            "matter_codes": list(matter_codes),
            "title": title[:200],
            "form": _jsonable(form or {}),
            "materials": {str(k): str(v) for k, v in (materials or {}).items()},
            "updated_at": moment,
        }
        with self._db.engine.begin() as conn:
            if draft_id is None:
                draft_id = str(uuid.uuid4())
                conn.execute(
                    insert(_drafts).values(
                        id=draft_id,
                        station=principal.station,
                        user_name=principal.user,
                        created_at=moment,
                        **values,
                    )
                )
                append_event(
                    conn,
                    principal.actor,
                    "draft.created",
                    f"draft:{draft_id}",
                    "case draft",
                    {"matters": list(matter_codes)},
                )
            else:
                row = self._draft_row(conn, draft_id)
                self._check_draft_owner(principal, row)
                conn.execute(update(_drafts).where(_drafts.c.id == draft_id).values(**values))
            row = self._draft_row(conn, draft_id)
        return self._draft(row)

    def load_draft(self, principal: Principal, draft_id: str) -> DraftRecord:
        self._authorize(principal, Permission.CASE_DRAFT, f"draft:{draft_id}")
        with self._db.engine.connect() as conn:
            row = self._draft_row(conn, draft_id)
        self._check_draft_owner(principal, row)
        return self._draft(row)

    def list_drafts(self, principal: Principal) -> tuple[DraftRecord, ...]:
        """The drafts of this station and of this user, newest first."""
        self._authorize(principal, Permission.CASE_DRAFT, f"station:{principal.station}")
        with self._db.engine.connect() as conn:
            rows = conn.execute(
                select(_drafts)
                .where(
                    (_drafts.c.station == principal.station)
                    | (_drafts.c.user_name == principal.user)
                )
                .order_by(_drafts.c.updated_at.desc(), _drafts.c.id)
            ).all()
        return tuple(self._draft(r) for r in rows)

    def discard_draft(self, principal: Principal, draft_id: str) -> None:
        self._authorize(principal, Permission.CASE_DRAFT, f"draft:{draft_id}")
        with self._db.engine.begin() as conn:
            row = self._draft_row(conn, draft_id)
            self._check_draft_owner(principal, row)
            conn.execute(delete(_drafts).where(_drafts.c.id == draft_id))
            append_event(
                conn, principal.actor, "draft.discarded", f"draft:{draft_id}", "case draft", {}
            )

    def _draft_row(self, conn: Connection, draft_id: str) -> Row[Any]:
        row = conn.execute(select(_drafts).where(_drafts.c.id == draft_id)).one_or_none()
        if row is None:
            raise DraftNotFound(draft_id)
        return row

    def _check_draft_owner(self, principal: Principal, row: Row[Any]) -> None:
        if row.station != principal.station and row.user_name != principal.user:
            exc = PermissionDenied(
                principal, Permission.CASE_DRAFT, "a draft of another station and user"
            )
            audit_refusal(
                self._db,
                principal,
                "auth.denied",
                f"draft:{row.id}",
                {"permission": Permission.CASE_DRAFT.value, "reason": exc.reason},
            )
            raise exc

    @staticmethod
    def _draft(row: Row[Any]) -> DraftRecord:
        return DraftRecord(
            id=row.id,
            station=row.station,
            user=row.user_name,
            matter_codes=tuple(row.matter_codes or ()),
            title=row.title,
            form=dict(row.form or {}),
            materials=dict(row.materials or {}),
            created_at=_aware(row.created_at),  # type: ignore[arg-type]
            updated_at=_aware(row.updated_at),  # type: ignore[arg-type]
        )

    # ================================================================ acceptance

    def accept(
        self,
        principal: Principal,
        application: Application,
        *,
        result: ResultInfo | None = None,
    ) -> Acceptance:
        """Take an application at the window; the materials decide what happens.

        * everything there → accepted (acceptance notice, promised date); an immediate matter is
          then issued at once (``result``), a promised one goes to review with one task per
          department;
        * only non-essential materials missing and the promise signed → 容缺: accepted, the
          owed materials listed with a deadline no later than the promised date;
        * anything else missing → a case awaiting supplement whose one-time notification lists
          every missing material.
        """
        subject = f"case:{application.upstream_number or 'new'}"
        self._authorize(principal, Permission.CASE_ACCEPT, subject)
        matter = self._matter(principal, application.matter_code, subject)
        outcome = evaluate_materials(
            matter,
            application.form_values,
            application.materials,
            held_certificates=application.held_certificates,
        )
        if (
            outcome.decision is MaterialsDecision.ACCEPT_WITH_SHORTFALL
            and not application.shortfall_promise_signed
        ):
            outcome = MaterialsOutcome(
                MaterialsDecision.NOTIFY_MISSING,
                outcome.lines,
                outcome.missing_essential,
                outcome.owed,
            )
        event = {
            MaterialsDecision.ACCEPT: CaseEvent.ACCEPT,
            MaterialsDecision.ACCEPT_WITH_SHORTFALL: CaseEvent.ACCEPT_WITH_SHORTFALL,
            MaterialsDecision.NOTIFY_MISSING: CaseEvent.NOTIFY_MISSING,
        }[outcome.decision]
        case = self._open_case(principal, matter, application, event, outcome, result=result)
        return Acceptance(case, outcome, event)

    def refuse(self, principal: Principal, application: Application, reason: str) -> CaseDetail:
        """不予受理 at the window: a case record with the reason and a refusal notice."""
        subject = f"case:{application.upstream_number or 'new'}"
        self._authorize(principal, Permission.CASE_ACCEPT, subject)
        matter = self._matter(principal, application.matter_code, subject)
        if not reason.strip():
            self._refused(principal, subject, ReasonRequired("a refusal"))
        outcome = evaluate_materials(
            matter,
            application.form_values,
            application.materials,
            held_certificates=application.held_certificates,
        )
        return self._open_case(
            principal, matter, application, CaseEvent.REFUSE, outcome, reason=reason.strip()
        )

    def _open_case(
        self,
        principal: Principal,
        matter: Matter,
        app: Application,
        event: CaseEvent,
        outcome: MaterialsOutcome,
        *,
        reason: str = "",
        result: ResultInfo | None = None,
    ) -> CaseDetail:
        subject = f"case:{app.upstream_number or 'new'}"
        # A refusal ends the application as it stands: the form need not be complete.
        applicant, agent = self._check_application(
            principal, matter, app, subject, check_form=event is not CaseEvent.REFUSE
        )
        if app.upstream_number is not None:
            if not self._settings.upstream_numbers_allowed:
                self._refused(principal, subject, UpstreamNumbersDisabled())
            try:
                check_upstream_number(app.upstream_number)
            except CaseError as exc:
                self._refused(principal, subject, exc)
        moment = self._now()
        today = self._day(moment)
        kind = matter.kind
        state = next_state(CaseState.DRAFT, event, kind)
        promised = self._promised_date(matter, today) if event is not CaseEvent.REFUSE else None
        deadline = None
        if event is CaseEvent.ACCEPT_WITH_SHORTFALL and promised is not None:
            deadline = promised
            if app.supplement_by is not None and app.supplement_by < promised:
                deadline = max(app.supplement_by, today)
        accepted = state is CaseState.ACCEPTED

        def work(conn: Connection) -> str:
            if app.upstream_number is not None:
                number, source = app.upstream_number, "upstream"
                if _NUMBER_USED.one_or_none(conn, number=number) is not None:
                    raise CaseNumberTaken(number)
            else:
                number = self._allocate(conn, today, matter.category, kind.case_type_code)
                source = "generated"
            case_row = _INSERT_CASE.one_or_none(
                conn,
                **_v(
                    number=number,
                    number_source=source,
                    matter_code=matter.code,
                    matter_name=matter.name_zh,
                    category=matter.category,
                    case_type=kind.case_type_code,
                    state=state.value,
                    applicant_name=app.applicant.name.strip(),
                    applicant_id_type=app.applicant.id_type,
                    applicant_id_masked=mask_id_number(applicant),
                    applicant_id_hash=person_pseudonym(conn, applicant),
                    agent_name=app.agent.name.strip() if app.agent else "",
                    agent_id_type=app.agent.id_type if app.agent else "",
                    agent_id_masked=mask_id_number(agent) if agent else "",
                    agent_id_hash=person_pseudonym(conn, agent) if agent else "",
                    phone=app.phone.strip(),
                    address=app.address.strip(),
                    channel=app.channel,
                    form_values=_jsonable(app.form_values),
                    received_at=moment,
                    received_by=principal.user,
                    received_station=principal.station,
                    accepted_at=moment if accepted else None,
                    accepted_by=principal.user if accepted else "",
                    accepted_station=principal.station if accepted else "",
                    accepting_unit=self._settings.accepting_unit,
                    notice_number=f"{number}-{_NOTICE_SUFFIX[event]}",
                    promised_date=promised if accepted else None,
                    supplement_deadline=deadline,
                    refusal_reason=reason,
                    completed_at=moment if state in FINAL_STATES else None,
                    result_name="",
                    result_number="",
                    result_valid_until=None,
                    issuing_unit="",
                    delivered_by_post=False,
                    updated_at=moment,
                    version=1,
                ),
            )
            assert case_row is not None
            case_id = int(case_row["id"])
            for ln in outcome.lines:
                _INSERT_MATERIAL.run(
                    conn,
                    **_v(
                        case_id=case_id,
                        code=ln.code,
                        name_zh=ln.name_zh,
                        name_en=ln.name_en,
                        essential=ln.essential,
                        status=ln.status.value,
                        certificate_number=ln.certificate_number,
                        due=deadline if ln.status is MaterialStatus.OWED else None,
                        supplied_at=None,
                    ),
                )
            detail: dict[str, object] = {"matter": matter.code, "source": source}
            if event is CaseEvent.NOTIFY_MISSING:
                detail["missing"] = [ln.code for ln in outcome.missing]
            if event is CaseEvent.ACCEPT_WITH_SHORTFALL:
                detail["owed"] = [ln.code for ln in outcome.owed]
                detail["supplement_by"] = deadline.isoformat() if deadline else None
            self._record(
                conn,
                principal,
                case_id,
                number,
                matter,
                event,
                CaseState.DRAFT,
                state,
                moment,
                opinion=reason,
                detail=detail,
                seq=1,
            )
            if app.draft_id is not None:
                conn.execute(delete(_drafts).where(_drafts.c.id == app.draft_id))
            if accepted:
                self._after_accept(
                    conn,
                    principal,
                    case_id,
                    number,
                    matter,
                    moment,
                    result,
                    owed=bool(deadline),
                    next_seq=2,
                )
            return number

        try:
            return self._change(principal, subject, work)
        except self._integrity_errors:
            # Another station took the same upstream number between our check and insert.
            self._refused(principal, subject, CaseNumberTaken(app.upstream_number or "?"))
            raise  # pragma: no cover

    def _after_accept(
        self,
        conn: Connection,
        principal: Principal,
        case_id: int,
        number: str,
        matter: Matter,
        moment: datetime,
        result: ResultInfo | None,
        *,
        owed: bool,
        next_seq: int | None = None,
    ) -> None:
        """Immediate matters are issued at once (unless materials are owed); promised ones go
        to review with one task per department."""
        if matter.kind is MatterKind.IMMEDIATE:
            if owed:
                return
            result = result or ResultInfo()
            _SET_ISSUED.run(
                conn,
                case_id=case_id,
                **_v(
                    state=CaseState.ISSUED.value,
                    completed_at=moment,
                    result_name=result.name,
                    result_number=result.number,
                    result_valid_until=result.valid_until,
                    issuing_unit=result.issuing_unit or self._settings.accepting_unit,
                ),
            )
            self._record(
                conn,
                principal,
                case_id,
                number,
                matter,
                CaseEvent.ISSUE_AT_WINDOW,
                CaseState.ACCEPTED,
                CaseState.ISSUED,
                moment,
                seq=next_seq,
            )
            return
        target = next_state(CaseState.ACCEPTED, CaseEvent.START_REVIEW, matter.kind, number=number)
        _SET_STATE.run(conn, case_id=case_id, new_state=target.value)
        for d in matter.departments:
            _INSERT_TASK.run(
                conn,
                **_v(
                    case_id=case_id,
                    department_code=d.code,
                    department_name=d.name_zh,
                    status=TaskStatus.OPEN.value,
                    claimed_by="",
                    claimed_at=None,
                    decided_by="",
                    decided_at=None,
                    opinion="",
                    round=1,
                    created_at=moment,
                ),
            )
        self._record(
            conn,
            principal,
            case_id,
            number,
            matter,
            CaseEvent.START_REVIEW,
            CaseState.ACCEPTED,
            target,
            moment,
            detail={"departments": list(matter.department_codes)},
            seq=next_seq,
        )

    def _complete(
        self,
        conn: Connection,
        case_id: int,
        moment: datetime,
        result: ResultInfo | None,
        *,
        by_post: bool = False,
    ) -> None:
        values: dict[str, object] = {
            "state": CaseState.ISSUED.value,
            "completed_at": moment,
            "updated_at": moment,
            "delivered_by_post": by_post,
        }
        if result is not None:
            values.update(
                result_name=result.name,
                result_number=result.number,
                result_valid_until=result.valid_until,
                issuing_unit=result.issuing_unit or self._settings.accepting_unit,
            )
        conn.execute(update(_cases).where(_cases.c.id == case_id).values(**values))

    def _check_application(
        self,
        principal: Principal,
        matter: Matter,
        app: Application,
        subject: str,
        *,
        check_form: bool = True,
    ) -> tuple[str, str | None]:
        problems: list[tuple[str, str]] = []
        if not app.applicant.name.strip():
            problems.append(("the applicant's name is required", "申请人姓名为必填项"))
        applicant = self._id_number(app.applicant, "applicant", "申请人", problems)
        agent = None
        if app.agent is not None:
            if not app.agent.name.strip():
                problems.append(("the agent's name is required", "代办人姓名为必填项"))
            agent = self._id_number(app.agent, "agent", "代办人", problems)
        if len(app.phone.strip()) > 20:
            problems.append(("the phone number is too long", "联系电话过长"))
        if not app.channel or len(app.channel) > 20:
            problems.append(("the channel is required (≤ 20 characters)", "申请渠道有误"))
        if check_form:
            problems.extend(self._validator(matter, app.form_values))
        if problems:
            self._refused(
                principal,
                subject,
                InvalidApplication(tuple(p[0] for p in problems), tuple(p[1] for p in problems)),
            )
        return applicant, agent

    @staticmethod
    def _id_number(party: Party, who: str, who_zh: str, problems: list[tuple[str, str]]) -> str:
        text = normalise_id_text(party.id_number)
        known = {k.value for k in IdKind}
        if party.id_type in known:
            try:
                return parse_id_number(text, kind=IdKind(party.id_type)).number
            except IdentityError as exc:
                problems.append((f"the {who}'s ID number: {exc}", f"{who_zh}证件号码有误"))
                return text
        if not text or len(text) > 30 or not party.id_type:
            problems.append(
                (f"the {who}'s ID type and number are required", f"{who_zh}证件类型和号码为必填项")
            )
        return text

    def _promised_date(self, matter: Matter, today: date) -> date:
        if matter.kind is MatterKind.IMMEDIATE or matter.promised_limit <= 0:
            return today
        return self._add_days(matter.limit_unit, today, matter.promised_limit)

    def _limit_of(self, matter_code: str) -> tuple[LimitUnit, int]:
        """The matter's limit unit and promised limit; working days and 0 for a matter since
        removed from the catalog."""
        try:
            matter = self._lookup(matter_code)
        except KeyError:
            return LimitUnit.WORKING_DAYS, 0
        return matter.limit_unit, matter.promised_limit

    def _add_days(self, unit: LimitUnit, start: date, n: int) -> date:
        """``n`` days after ``start`` in the matter's unit (calendar or working days)."""
        if unit is LimitUnit.NATURAL_DAYS:
            return start + timedelta(days=n)
        return self._calendar.add_working_days(start, n)

    def _days_between(self, unit: LimitUnit, a: date, b: date) -> int:
        """Days in ``(a, b]`` in the matter's unit; negative when ``b`` is before ``a``."""
        if unit is LimitUnit.NATURAL_DAYS:
            return (b - a).days
        return self._calendar.working_days_between(a, b)

    def _allocate(self, conn: Connection, day: date, category: str, case_type: str) -> str:
        """The next number of the scope, bumped inside the caller's transaction (row lock)."""
        region = self._settings.region_code
        r, d, c = self._pattern.scope(region, day, category, case_type)
        row = _SEQ_BUMP.one_or_none(conn, r=r, d=d, c=c)
        if row is None:
            create = _SEQ_CREATE["postgresql" if conn.dialect.name == "postgresql" else "sqlite"]
            row = create.one_or_none(conn, r=r, d=d, c=c)
            if row is None:  # another station created it meanwhile (we waited for it): bump
                row = _SEQ_BUMP.one_or_none(conn, r=r, d=d, c=c)
        assert row is not None
        return self._pattern.render(region, day, category, int(row["last_value"]), case_type)

    # ================================================================ supplements

    def supplement(
        self,
        principal: Principal,
        number: str,
        materials: Mapping[str, MaterialStatus],
        *,
        held_certificates: Mapping[str, str] | None = None,
        shortfall_promise_signed: bool = False,
        result: ResultInfo | None = None,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """The applicant brings what the one-time notification listed: the case is accepted.

        ``materials`` marks the materials now (those not mentioned keep their earlier mark).
        If anything essential is still missing, nothing changes and every missing material is
        named (:class:`MaterialsStillMissing`).
        """
        facts = self._facts(principal, number)
        self._authorize(principal, Permission.CASE_SUPPLEMENT, f"case:{number}")
        matter = self._matter(principal, facts.matter_code, f"case:{number}")

        def work(conn: Connection) -> None:
            row = self._lock(conn, number, expected_version)
            transition_for(
                CaseState(row.state), CaseEvent.SUPPLEMENT, _kind(row.case_type), number=number
            )
            earlier = {
                m.code: MaterialStatus(m.status)
                for m in conn.execute(select(_materials).where(_materials.c.case_id == row.id))
            }
            marked = {**earlier, **materials}
            outcome = evaluate_materials(
                matter, row.form_values or {}, marked, held_certificates=held_certificates
            )
            if outcome.decision is MaterialsDecision.NOTIFY_MISSING or (
                outcome.decision is MaterialsDecision.ACCEPT_WITH_SHORTFALL
                and not shortfall_promise_signed
            ):
                missing = outcome.missing
                raise MaterialsStillMissing(
                    number, tuple(m.code for m in missing), tuple(m.name_zh for m in missing)
                )
            moment = self._now()
            today = self._day(moment)
            promised = self._promised_date(matter, today)
            deadline = promised if outcome.owed else None
            conn.execute(delete(_materials).where(_materials.c.case_id == row.id))
            conn.execute(
                insert(_materials),
                [
                    {
                        "case_id": row.id,
                        "code": ln.code,
                        "name_zh": ln.name_zh,
                        "name_en": ln.name_en,
                        "essential": ln.essential,
                        "status": ln.status.value,
                        "certificate_number": ln.certificate_number,
                        "due": deadline if ln.status is MaterialStatus.OWED else None,
                        "supplied_at": moment if earlier.get(ln.code) != ln.status else None,
                    }
                    for ln in outcome.lines
                ],
            )
            conn.execute(
                update(_cases)
                .where(_cases.c.id == row.id)
                .values(
                    state=CaseState.ACCEPTED.value,
                    accepted_at=moment,
                    accepted_by=principal.user,
                    accepted_station=principal.station,
                    notice_number=f"{number}-{_NOTICE_SUFFIX[CaseEvent.SUPPLEMENT]}",
                    promised_date=promised,
                    supplement_deadline=deadline,
                    updated_at=moment,
                )
            )
            self._record(
                conn,
                principal,
                row.id,
                number,
                matter,
                CaseEvent.SUPPLEMENT,
                CaseState(row.state),
                CaseState.ACCEPTED,
                moment,
                detail={"owed": [ln.code for ln in outcome.owed]},
            )
            self._after_accept(
                conn, principal, row.id, number, matter, moment, result, owed=bool(outcome.owed)
            )

        self._in_transaction(principal, f"case:{number}", work)
        return self._detail_by_number(number)

    def supply_owed(
        self,
        principal: Principal,
        number: str,
        codes: Sequence[str],
        *,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """容缺: the applicant brought owed materials (the case's state does not change)."""
        facts = self._facts(principal, number)
        self._authorize(principal, Permission.CASE_SUPPLEMENT, f"case:{number}")
        matter = self._matter(principal, facts.matter_code, f"case:{number}")

        def work(conn: Connection) -> None:
            row = self._lock(conn, number, expected_version)
            state = CaseState(row.state)
            transition_for(state, CaseEvent.SUPPLY_OWED, _kind(row.case_type), number=number)
            owed = {
                m.code
                for m in conn.execute(
                    select(_materials.c.code).where(
                        _materials.c.case_id == row.id, _materials.c.status == "owed"
                    )
                )
            }
            for code in codes:
                if code not in owed:
                    raise NotOwed(number, code)
            moment = self._now()
            conn.execute(
                update(_materials)
                .where(_materials.c.case_id == row.id, _materials.c.code.in_(list(codes)))
                .values(status=MaterialStatus.RECEIVED.value, supplied_at=moment)
            )
            still = sorted(owed - set(codes))
            conn.execute(
                update(_cases)
                .where(_cases.c.id == row.id)
                .values(
                    updated_at=moment,
                    supplement_deadline=row.supplement_deadline if still else None,
                )
            )
            self._record(
                conn,
                principal,
                row.id,
                number,
                matter,
                CaseEvent.SUPPLY_OWED,
                state,
                state,
                moment,
                detail={"supplied": list(codes), "still_owed": still},
            )

        self._in_transaction(principal, f"case:{number}", work)
        return self._detail_by_number(number)

    def refuse_pending(
        self,
        principal: Principal,
        number: str,
        reason: str,
        *,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """不予受理 of a case that was awaiting supplement."""
        return self._simple(
            principal,
            number,
            Permission.CASE_ACCEPT,
            CaseEvent.REFUSE,
            reason=reason,
            reason_name="a refusal",
            expected_version=expected_version,
            final=True,
            extra={"refusal_reason": reason.strip()},
        )

    # ================================================================ review

    def review_queue(self, principal: Principal) -> tuple[ReviewTaskRecord, ...]:
        """Open and claimed tasks of the principal's departments (a supervisor sees all)."""
        self._authorize(principal, Permission.REVIEW_DECIDE, "review:queue")
        stmt = (
            select(_tasks, _cases.c.number)
            .select_from(_tasks.join(_cases, _cases.c.id == _tasks.c.case_id))
            .where(
                _tasks.c.status.in_([TaskStatus.OPEN.value, TaskStatus.CLAIMED.value]),
                _cases.c.state == CaseState.IN_REVIEW.value,
            )
            .order_by(_tasks.c.created_at, _tasks.c.id)
        )
        if Role.SUPERVISOR not in principal.roles:
            stmt = stmt.where(_tasks.c.department_code.in_(sorted(principal.departments)))
        with self._db.engine.connect() as conn:
            return tuple(self._task(r, r.number) for r in conn.execute(stmt))

    def claim(self, principal: Principal, task_id: int) -> ReviewTaskRecord:
        """Claim a review task: one approver only; a second claim is :class:`TaskAlreadyClaimed`."""
        task, number = self._task_facts(principal, task_id)
        self._authorize(
            principal,
            Permission.REVIEW_DECIDE,
            f"case:{number}",
            department=task.department_code,
        )

        def work(conn: Connection) -> ReviewTaskRecord:
            row = self._lock(conn, number, None)
            if CaseState(row.state) is not CaseState.IN_REVIEW:
                # Same error as deciding: the case is not in review.
                transition_for(CaseState(row.state), CaseEvent.APPROVE, number=number)
            moment = self._now()
            done = conn.execute(
                update(_tasks)
                .where(_tasks.c.id == task_id, _tasks.c.status == TaskStatus.OPEN.value)
                .values(
                    status=TaskStatus.CLAIMED.value, claimed_by=principal.user, claimed_at=moment
                )
            ).rowcount
            current = conn.execute(select(_tasks).where(_tasks.c.id == task_id)).one()
            if done != 1:
                if current.status == TaskStatus.CLAIMED.value and current.claimed_by:
                    raise TaskAlreadyClaimed(task_id, current.claimed_by)
                raise TaskNotClaimed(task_id, current.status, current.claimed_by)
            append_event(
                conn,
                principal.actor,
                "review.claim",
                f"case:{number}",
                self._purpose(row),
                {"task": task_id, "department": current.department_code},
            )
            return self._task(current, number)

        return self._in_transaction(principal, f"case:{number}", work)

    def decide(
        self, principal: Principal, task_id: int, decision: CaseEvent, opinion: str
    ) -> CaseDetail:
        """Decide a claimed task: ``APPROVE`` (the case is approved when every department has),
        ``REJECT`` (the case is rejected, other tasks cancelled) or ``RETURN_FOR_CORRECTION``
        (the case goes back to the applicant; for matters whose supplement time does not count,
        the clock pauses until resubmission)."""
        if decision not in (
            CaseEvent.APPROVE,
            CaseEvent.REJECT,
            CaseEvent.RETURN_FOR_CORRECTION,
        ):
            raise ValueError(f"not a review decision: {decision}")
        task, number = self._task_facts(principal, task_id)
        self._authorize(
            principal,
            Permission.REVIEW_DECIDE,
            f"case:{number}",
            department=task.department_code,
        )
        facts = self._facts(principal, number)
        matter = self._matter(principal, facts.matter_code, f"case:{number}")
        if decision is not CaseEvent.APPROVE and not opinion.strip():
            self._refused(principal, f"case:{number}", ReasonRequired("a rejection or return"))

        def work(conn: Connection) -> None:
            row = self._lock(conn, number, None)
            state = CaseState(row.state)
            kind = _kind(row.case_type)
            transition_for(state, decision, kind, number=number)
            current = conn.execute(select(_tasks).where(_tasks.c.id == task_id)).one()
            if current.status != TaskStatus.CLAIMED.value or current.claimed_by != principal.user:
                raise TaskNotClaimed(task_id, current.status, current.claimed_by)
            moment = self._now()
            task_status = {
                CaseEvent.APPROVE: TaskStatus.APPROVED,
                CaseEvent.REJECT: TaskStatus.REJECTED,
                CaseEvent.RETURN_FOR_CORRECTION: TaskStatus.RETURNED,
            }[decision]
            conn.execute(
                update(_tasks)
                .where(_tasks.c.id == task_id)
                .values(
                    status=task_status.value,
                    decided_by=principal.user,
                    decided_at=moment,
                    opinion=opinion.strip(),
                )
            )
            pending = conn.execute(
                select(func.count())
                .select_from(_tasks)
                .where(
                    _tasks.c.case_id == row.id,
                    _tasks.c.status != TaskStatus.APPROVED.value,
                    _tasks.c.status != TaskStatus.CANCELLED.value,
                )
            ).scalar_one()
            step = f"review:{current.department_code}"
            if decision is CaseEvent.APPROVE and pending:
                # One department's approval: a step of its own, the case stays in review.
                self._record(
                    conn,
                    principal,
                    row.id,
                    number,
                    matter,
                    CaseEvent.APPROVE,
                    state,
                    state,
                    moment,
                    opinion=opinion,
                    step=step,
                    detail={"task": task_id, "department": current.department_code},
                    audit_action="review.approve",
                )
                return
            target = next_state(state, decision, kind, number=number)
            values: dict[str, object] = {"state": target.value, "updated_at": moment}
            if target is CaseState.REJECTED:
                values["completed_at"] = moment
                self._cancel_tasks(conn, row.id)
            conn.execute(update(_cases).where(_cases.c.id == row.id).values(**values))
            if target not in CLOCK_STATES:  # decided: a special procedure still open ends
                self._close_pause(conn, principal, row, moment)
            elif (
                target is CaseState.RETURNED
                and matter.supplement_pauses_clock
                and not self._paused(conn, [row.id])  # a special procedure already stopped it
            ):
                self._open_pause(
                    conn, principal, row.id, number, PauseKind.SUPPLEMENT, opinion, moment
                )
            self._record(
                conn,
                principal,
                row.id,
                number,
                matter,
                decision,
                state,
                target,
                moment,
                opinion=opinion,
                step=step,
                detail={"task": task_id, "department": current.department_code},
            )

        self._in_transaction(principal, f"case:{number}", work)
        return self._detail_by_number(number)

    def resubmit(
        self,
        principal: Principal,
        number: str,
        *,
        form_values: Mapping[str, object] | None = None,
        note: str = "",
        expected_version: int | None = None,
    ) -> CaseDetail:
        """The applicant corrected a returned case: back to review; the returning departments'
        tasks open again (next round)."""
        facts = self._facts(principal, number)
        self._authorize(principal, Permission.CASE_SUPPLEMENT, f"case:{number}")
        matter = self._matter(principal, facts.matter_code, f"case:{number}")

        def work(conn: Connection) -> None:
            row = self._lock(conn, number, expected_version)
            state = CaseState(row.state)
            target = next_state(state, CaseEvent.RESUBMIT, _kind(row.case_type), number=number)
            moment = self._now()
            values: dict[str, object] = {"state": target.value, "updated_at": moment}
            if form_values is not None:
                values["form_values"] = _jsonable(form_values)
            conn.execute(update(_cases).where(_cases.c.id == row.id).values(**values))
            conn.execute(
                update(_tasks)
                .where(_tasks.c.case_id == row.id, _tasks.c.status == TaskStatus.RETURNED.value)
                .values(
                    status=TaskStatus.OPEN.value,
                    claimed_by="",
                    claimed_at=None,
                    decided_by="",
                    decided_at=None,
                    round=_tasks.c.round + 1,
                )
            )
            self._close_pause(conn, principal, row, moment, only_kind=PauseKind.SUPPLEMENT)
            self._record(
                conn,
                principal,
                row.id,
                number,
                matter,
                CaseEvent.RESUBMIT,
                state,
                target,
                moment,
                opinion=note,
            )

        self._in_transaction(principal, f"case:{number}", work)
        return self._detail_by_number(number)

    # ================================================================ results

    def prepare_result(
        self,
        principal: Principal,
        number: str,
        result: ResultInfo,
        *,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """The approved result reached the window: ready to issue."""
        return self._simple(
            principal,
            number,
            Permission.CASE_ISSUE,
            CaseEvent.PREPARE_RESULT,
            expected_version=expected_version,
            extra={
                "result_name": result.name,
                "result_number": result.number,
                "result_valid_until": result.valid_until,
                "issuing_unit": result.issuing_unit or self._settings.accepting_unit,
            },
        )

    def issue(
        self,
        principal: Principal,
        number: str,
        *,
        by_post: bool = False,
        result: ResultInfo | None = None,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """Hand out the result: a ready promised case, or an accepted immediate one whose owed
        materials have all come. Owed materials outstanding → :class:`MaterialsOwed`."""
        facts = self._facts(principal, number)
        self._authorize(principal, Permission.CASE_ISSUE, f"case:{number}")
        matter = self._matter(principal, facts.matter_code, f"case:{number}")

        def work(conn: Connection) -> None:
            row = self._lock(conn, number, expected_version)
            state = CaseState(row.state)
            kind = _kind(row.case_type)
            event = CaseEvent.ISSUE_AT_WINDOW if state is CaseState.ACCEPTED else CaseEvent.ISSUE
            target = next_state(state, event, kind, number=number)
            owed = tuple(
                conn.execute(
                    select(_materials.c.code).where(
                        _materials.c.case_id == row.id, _materials.c.status == "owed"
                    )
                ).scalars()
            )
            if owed:
                raise MaterialsOwed(number, owed)
            moment = self._now()
            self._close_pause(conn, principal, row, moment)  # issued: the clock stops for good
            self._complete(conn, row.id, moment, result, by_post=by_post)
            self._record(
                conn,
                principal,
                row.id,
                number,
                matter,
                event,
                state,
                target,
                moment,
                detail={"by_post": by_post},
            )

        self._in_transaction(principal, f"case:{number}", work)
        return self._detail_by_number(number)

    def withdraw(
        self,
        principal: Principal,
        number: str,
        reason: str,
        *,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """The applicant withdraws (before a decision)."""
        return self._simple(
            principal,
            number,
            Permission.CASE_WITHDRAW,
            CaseEvent.WITHDRAW,
            reason=reason,
            reason_name="a withdrawal",
            expected_version=expected_version,
            final=True,
        )

    def terminate(
        self,
        principal: Principal,
        number: str,
        reason: str,
        *,
        expected_version: int | None = None,
    ) -> CaseDetail:
        """The hall ends the case (e.g. an owed 容缺 material never came)."""
        return self._simple(
            principal,
            number,
            Permission.CASE_TERMINATE,
            CaseEvent.TERMINATE,
            reason=reason,
            reason_name="a termination",
            expected_version=expected_version,
            final=True,
        )

    # ================================================================ 容缺 overdue

    def overdue_supplements(
        self, principal: Principal, today: date | None = None
    ) -> tuple[OverdueSupplement, ...]:
        """Open cases that owe 容缺 materials past their supplement deadline (oldest first).

        The deadline is the last day to bring them: a case is overdue from the day after.
        """
        self._authorize(principal, Permission.CASE_TERMINATE, "cases:overdue_supplements")
        day = today or self._day(self._now())
        owed = (
            select(_materials.c.case_id, _materials.c.code)
            .where(_materials.c.status == MaterialStatus.OWED.value)
            .subquery()
        )
        stmt = (
            select(
                _cases.c.number,
                _cases.c.matter_code,
                _cases.c.applicant_name,
                _cases.c.supplement_deadline,
                owed.c.code,
            )
            .select_from(_cases.join(owed, owed.c.case_id == _cases.c.id))
            .where(
                _cases.c.supplement_deadline.is_not(None),
                _cases.c.supplement_deadline < day,
                _cases.c.state.not_in(sorted(s.value for s in FINAL_STATES)),
            )
            .order_by(_cases.c.supplement_deadline, _cases.c.number, owed.c.code)
        )
        with self._db.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        found: list[OverdueSupplement] = []
        for number, group in groupby(rows, key=lambda r: r.number):  # a case's rows are adjacent
            first, *rest = group
            found.append(
                OverdueSupplement(
                    number=number,
                    matter_code=first.matter_code,
                    applicant_name=first.applicant_name,
                    deadline=first.supplement_deadline,
                    owed=(first.code, *(r.code for r in rest)),
                )
            )
        return tuple(found)

    def terminate_overdue_supplement(
        self, principal: Principal, overdue: OverdueSupplement, today: date | None = None
    ) -> CaseDetail:
        """Terminate one overdue 容缺 case (its owed materials never came), with the reason.

        Re-checked under the case's lock: a material supplied meanwhile, or a case already
        finished, is :class:`SupplementNotOverdue` and nothing changes.
        """
        day = today or self._day(self._now())

        def still_overdue(conn: Connection, row: Row[Any]) -> None:
            owes = conn.scalar(
                select(func.count())
                .select_from(_materials)
                .where(
                    _materials.c.case_id == row.id,
                    _materials.c.status == MaterialStatus.OWED.value,
                )
            )
            deadline = row.supplement_deadline
            finished = CaseState(row.state) in FINAL_STATES
            if finished or not owes or deadline is None or deadline >= day:
                raise SupplementNotOverdue(overdue.number)

        zh, en = overdue.termination_reason()
        return self._simple(
            principal,
            overdue.number,
            Permission.CASE_TERMINATE,
            CaseEvent.TERMINATE,
            reason=f"{zh} / {en}",
            reason_name="a termination",
            expected_version=None,
            final=True,
            guard=still_overdue,
        )

    def _simple(
        self,
        principal: Principal,
        number: str,
        permission: Permission,
        event: CaseEvent,
        *,
        reason: str | None = None,
        reason_name: str = "",
        expected_version: int | None,
        final: bool = False,
        extra: Mapping[str, object] | None = None,
        guard: Callable[[Connection, Row[Any]], None] | None = None,
    ) -> CaseDetail:
        facts = self._facts(principal, number)
        self._authorize(principal, permission, f"case:{number}")
        matter = self._matter(principal, facts.matter_code, f"case:{number}")
        if reason is not None and not reason.strip():
            self._refused(principal, f"case:{number}", ReasonRequired(reason_name))

        def work(conn: Connection) -> None:
            row = self._lock(conn, number, expected_version)
            if guard is not None:
                guard(conn, row)  # re-checked under the case's lock
            state = CaseState(row.state)
            target = next_state(state, event, _kind(row.case_type), number=number)
            moment = self._now()
            values: dict[str, object] = {"state": target.value, "updated_at": moment}
            values.update(extra or {})
            if final:
                values["completed_at"] = moment
                self._cancel_tasks(conn, row.id)
                self._close_pause(conn, principal, row, moment)
            conn.execute(update(_cases).where(_cases.c.id == row.id).values(**values))
            self._record(
                conn,
                principal,
                row.id,
                number,
                matter,
                event,
                state,
                target,
                moment,
                opinion=(reason or "").strip(),
            )

        self._in_transaction(principal, f"case:{number}", work)
        return self._detail_by_number(number)

    # ================================================================ clock

    def pause_clock(
        self, principal: Principal, number: str, kind: PauseKind, reason: str
    ) -> CaseDetail:
        """A special procedure starts: the clock stops until :meth:`resume_clock`."""
        facts = self._facts(principal, number)
        self._authorize(
            principal,
            Permission.CLOCK_PAUSE,
            f"case:{number}",
            department=self._department_for(principal, facts),
        )
        matter = self._matter(principal, facts.matter_code, f"case:{number}")
        if not reason.strip():
            self._refused(principal, f"case:{number}", ReasonRequired("a special procedure"))

        def work(conn: Connection) -> None:
            row = self._lock(conn, number, None)
            state = CaseState(row.state)
            transition_for(state, CaseEvent.PAUSE_CLOCK, _kind(row.case_type), number=number)
            moment = self._now()
            self._open_pause(conn, principal, row.id, number, kind, reason, moment)
            self._record(
                conn,
                principal,
                row.id,
                number,
                matter,
                CaseEvent.PAUSE_CLOCK,
                state,
                state,
                moment,
                opinion=reason,
                detail={"kind": kind.value},
            )

        self._in_transaction(principal, f"case:{number}", work)
        return self._detail_by_number(number)

    def resume_clock(self, principal: Principal, number: str) -> CaseDetail:
        """The special procedure ends: the promised date moves by the working days it took."""
        facts = self._facts(principal, number)
        self._authorize(
            principal,
            Permission.CLOCK_PAUSE,
            f"case:{number}",
            department=self._department_for(principal, facts),
        )
        matter = self._matter(principal, facts.matter_code, f"case:{number}")

        def work(conn: Connection) -> None:
            row = self._lock(conn, number, None)
            state = CaseState(row.state)
            transition_for(state, CaseEvent.RESUME_CLOCK, _kind(row.case_type), number=number)
            moment = self._now()
            days = self._close_pause(conn, principal, row, moment)
            if days is None:
                raise ClockError(
                    "clock.not_paused",
                    number,
                    f"the clock of case {number} is not paused",
                    f"办件{number}未暂停计时",
                )
            self._record(
                conn,
                principal,
                row.id,
                number,
                matter,
                CaseEvent.RESUME_CLOCK,
                state,
                state,
                moment,
                detail={"working_days": days},
            )

        self._in_transaction(principal, f"case:{number}", work)
        return self._detail_by_number(number)

    def _open_pause(
        self,
        conn: Connection,
        principal: Principal,
        case_id: int,
        number: str,
        kind: PauseKind,
        reason: str,
        moment: datetime,
    ) -> None:
        if self._paused(conn, [case_id]):
            raise ClockError(
                "clock.already_paused",
                number,
                f"the clock of case {number} is already paused",
                f"办件{number}已暂停计时",
            )
        conn.execute(
            insert(_pauses).values(
                case_id=case_id,
                kind=kind.value,
                reason=reason.strip(),
                started_at=moment,
                started_by=principal.user,
                ended_by="",
            )
        )

    def _close_pause(
        self,
        conn: Connection,
        principal: Principal,
        row: Row[Any],
        moment: datetime,
        *,
        only_kind: PauseKind | None = None,
    ) -> int | None:
        """End the open pause, if any; the promised date moves by its days, counted in the
        matter's limit unit (working days, or calendar days for a calendar-day matter)."""
        pause = conn.execute(
            select(_pauses).where(_pauses.c.case_id == row.id, _pauses.c.ended_at.is_(None))
        ).one_or_none()
        if pause is None or (only_kind is not None and pause.kind != only_kind.value):
            return None
        unit, _ = self._limit_of(row.matter_code)
        start_day = self._day(_aware(pause.started_at))  # type: ignore[arg-type]
        days = max(0, self._days_between(unit, start_day, self._day(moment)))
        conn.execute(
            update(_pauses)
            .where(_pauses.c.id == pause.id)
            .values(ended_at=moment, ended_by=principal.user, working_days=days)
        )
        if row.promised_date is not None and days:
            promised = self._add_days(unit, row.promised_date, days)
            conn.execute(update(_cases).where(_cases.c.id == row.id).values(promised_date=promised))
        return days

    def _department_for(self, principal: Principal, facts: _Facts) -> str | None:
        """The case's department the principal acts for (the first one, if none of theirs)."""
        for code in facts.departments:
            if code in principal.departments:
                return code
        return facts.departments[0] if facts.departments else "-"

    # ================================================================ rating

    def rate(
        self,
        principal: Principal,
        number: str,
        score: int,
        *,
        comment: str = "",
        channel: RatingChannel = RatingChannel.PAD,
    ) -> RatingRecord:
        """好差评: one rating per finished case (1 非常满意 … 5 非常不满意; 4–5 are bad)."""
        facts = self._facts(principal, number)
        self._authorize(
            principal,
            Permission.RATING_RECORD,
            f"case:{number}",
            card_holder_id=self._card_holder_for(principal, facts),
        )
        matter_code = facts.matter_code
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
            self._refused(
                principal,
                f"case:{number}",
                RatingError(
                    "rating.bad_score",
                    number,
                    f"a rating is 1 to 5, got {score!r}",
                    "评价须为1至5",
                ),
            )

        def work(conn: Connection) -> RatingRecord:
            row = self._lock(conn, number, None)
            state = CaseState(row.state)
            transition_for(state, CaseEvent.RATE, _kind(row.case_type), number=number)
            moment = self._now()
            # The case row is locked: checking first cannot race (the unique key stays as a
            # last line of defence).
            if conn.execute(_RATING_OF, {"case_id": row.id}).first() is not None:
                raise RatingError(
                    "rating.already_rated",
                    number,
                    f"case {number} is already rated",
                    f"办件{number}已评价",
                )
            conn.execute(
                insert(_ratings).values(
                    case_id=row.id,
                    score=score,
                    comment=comment.strip(),
                    channel=RatingChannel(channel).value,
                    rated_at=moment,
                    recorded_by=principal.user,
                    station=principal.station,
                )
            )
            append_event(
                conn,
                principal.actor,
                "case.rate",
                f"case:{number}",
                matter_code,
                {
                    "score": score,
                    "bad": is_bad_rating(score),
                    "channel": RatingChannel(channel).value,
                },
            )
            return RatingRecord(score, comment.strip(), RatingChannel(channel), moment)

        return self._in_transaction(principal, f"case:{number}", work)

    # ================================================================ documents

    def record_document_revoked(
        self,
        conn: Connection,
        principal: Principal,
        case_number: str,
        document_number: str,
        document_kind: str,
        reason: str,
    ) -> bool:
        """The step "document revoked" on its case, in the caller's transaction (the one that
        revokes the document: :meth:`DocumentService.revoke` with ``also=``). The state does not
        change. False if the case is not in this database (a document of an upstream case)."""
        if _NUMBER_USED.one_or_none(conn, number=case_number) is None:
            return False
        row = self._lock(conn, case_number, None)
        found = _NEXT_STEP.one_or_none(conn, case_id=row.id)
        moment = self._now()
        _INSERT_STEP.run(
            conn,
            **_v(
                case_id=row.id,
                seq=int(found["seq"]) if found is not None else 1,
                event="revoke_document",
                action="other",
                step="revoke_document",
                handler=principal.user,
                station=principal.station,
                opinion=reason.strip(),
                started_at=moment,
                ended_at=moment,
                status="2",
                from_state=row.state,
                to_state=row.state,
                detail={"document": document_number, "kind": document_kind},
            ),
        )
        return True

    # ================================================================ queries

    def detail(self, principal: Principal, number: str) -> CaseDetail:
        """One case with its materials, steps, tasks, pauses and rating (audited view)."""
        facts = self._facts(principal, number)
        self._authorize_view(principal, facts)
        with self._db.engine.begin() as conn:
            append_event(
                conn,
                principal.actor,
                "case.view",
                f"case:{number}",
                facts.matter_code,
                {},
            )
        return self._detail_by_number(number)

    def list_cases(
        self,
        principal: Principal,
        *,
        states: Sequence[CaseState] = (),
        matter_code: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[CaseSummary, ...]:
        """The hall's cases, newest first (the work list; not audited per row)."""
        self._authorize(principal, Permission.CASE_VIEW, "cases:list")
        stmt = select(_cases).order_by(_cases.c.received_at.desc(), _cases.c.id.desc())
        if states:
            stmt = stmt.where(_cases.c.state.in_([s.value for s in states]))
        if matter_code:
            stmt = stmt.where(_cases.c.matter_code == matter_code)
        with self._db.engine.connect() as conn:
            rows = conn.execute(stmt.limit(limit).offset(offset)).all()
            paused = self._paused(conn, [r.id for r in rows])
        return tuple(self._summary(r, paused.get(r.id)) for r in rows)

    def cases_for_card_holder(
        self, principal: Principal, id_number: str
    ) -> tuple[CaseSummary, ...]:
        """The cases of the person whose card is in front of a kiosk (and only theirs)."""
        number = normalise_id_text(id_number)
        subject = f"person:{mask_id_number(number)}"
        if principal.has(Permission.CASE_VIEW):
            self._authorize(principal, Permission.CASE_VIEW, subject)
        else:
            self._authorize(principal, Permission.CASE_VIEW_OWN, subject, card_holder_id=number)
        key = person_pseudonym(self._db.engine, number)
        with self._db.engine.begin() as conn:
            rows = conn.execute(
                select(_cases)
                .where(_cases.c.applicant_id_hash == key)
                .order_by(_cases.c.received_at.desc(), _cases.c.id.desc())
            ).all()
            paused = self._paused(conn, [r.id for r in rows])
            append_event(
                conn,
                principal.actor,
                "case.list_own",
                subject,
                "case status",
                {"id_hash": key, "results": len(rows)},
            )
        return tuple(self._summary(r, paused.get(r.id)) for r in rows)

    # ================================================================ internals

    def _authorize(
        self,
        principal: Principal,
        permission: Permission,
        subject: str,
        *,
        department: str | None = None,
        card_holder_id: str | None = None,
    ) -> None:
        authorize(
            self._db,
            principal,
            permission,
            subject=subject,
            department=department,
            card_holder_id=card_holder_id,
        )

    def _authorize_view(self, principal: Principal, facts: _Facts) -> None:
        if principal.has(Permission.CASE_VIEW):
            self._authorize(principal, Permission.CASE_VIEW, f"case:{facts.number}")
            return
        self._authorize(
            principal,
            Permission.CASE_VIEW_OWN,
            f"case:{facts.number}",
            card_holder_id=self._card_holder_for(principal, facts),
        )

    def _card_holder_for(self, principal: Principal, facts: _Facts) -> str | None:
        """For a kiosk: the card holder if the case is theirs, else a stand-in that is not."""
        if principal.card_holder_id is None:
            return None
        own = (
            person_pseudonym(self._db.engine, normalise_id_text(principal.card_holder_id))
            == facts.applicant_id_hash
        )
        return principal.card_holder_id if own else f"case-applicant:{facts.applicant_id_masked}"

    def _refused(self, principal: Principal, subject: str, exc: CaseError) -> None:
        audit_refusal(
            self._db,
            principal,
            exc.code,
            subject,
            {"message": str(exc), **to_jsonable(exc.detail)},
        )
        raise exc

    def _in_transaction(
        self, principal: Principal, subject: str, work: Callable[[Connection], _T]
    ) -> _T:
        """Run ``work`` in one transaction; a case error rolls it back, then is audited."""
        try:
            with self._db.engine.begin() as conn:
                return work(conn)
        except CaseError as exc:
            self._refused(principal, subject, exc)
            raise  # pragma: no cover - _refused raises

    def _change(
        self, principal: Principal, subject: str, work: Callable[[Connection], str]
    ) -> CaseDetail:
        """Like :meth:`_in_transaction` for a ``work`` returning a case number; the case is
        read back on the same connection after the commit (one checkout, not two)."""
        try:
            with self._db.engine.connect() as conn:
                with conn.begin():
                    number = work(conn)
                return self._read_detail(conn, number)
        except CaseError as exc:
            self._refused(principal, subject, exc)
            raise  # pragma: no cover - _refused raises

    def _matter(self, principal: Principal, code: str, subject: str) -> Matter:
        try:
            return self._lookup(code)
        except KeyError:
            self._refused(principal, subject, UnknownMatter(code))
            raise  # pragma: no cover

    def _facts(self, principal: Principal, number: str) -> _Facts:
        with self._db.engine.connect() as conn:
            row = conn.execute(
                select(
                    _cases.c.id,
                    _cases.c.matter_code,
                    _cases.c.matter_name,
                    _cases.c.applicant_id_hash,
                    _cases.c.applicant_id_masked,
                ).where(_cases.c.number == number)
            ).one_or_none()
            if row is None:
                depts: tuple[str, ...] = ()
            else:
                depts = tuple(
                    conn.execute(
                        select(_tasks.c.department_code)
                        .where(_tasks.c.case_id == row.id)
                        .order_by(_tasks.c.id)
                    ).scalars()
                )
        if row is None:
            self._refused(principal, f"case:{number}", CaseNotFound(number))
            raise AssertionError  # pragma: no cover
        if not depts:
            try:
                depts = self._lookup(row.matter_code).department_codes
            except KeyError:
                depts = ()
        return _Facts(
            row.id,
            number,
            row.matter_code,
            row.matter_name,
            row.applicant_id_hash,
            row.applicant_id_masked,
            depts,
        )

    def _task_facts(self, principal: Principal, task_id: int) -> tuple[Row[Any], str]:
        with self._db.engine.connect() as conn:
            row = conn.execute(
                select(_tasks, _cases.c.number)
                .select_from(_tasks.join(_cases, _cases.c.id == _tasks.c.case_id))
                .where(_tasks.c.id == task_id)
            ).one_or_none()
        if row is None:
            self._refused(principal, f"task:{task_id}", TaskNotFound(task_id))
            raise AssertionError  # pragma: no cover
        return row, row.number

    def _lock(self, conn: Connection, number: str, expected_version: int | None) -> Row[Any]:
        """Bump the case's version first: its row lock (PostgreSQL) / the write lock (SQLite)."""
        row = conn.execute(
            update(_cases)
            .where(_cases.c.number == number)
            .values(version=_cases.c.version + 1)
            .returning(*_cases.c)
        ).one_or_none()
        if row is None:
            raise CaseNotFound(number)
        if expected_version is not None and row.version - 1 != expected_version:
            raise StaleCase(number, expected_version, row.version - 1)
        return row

    def _record(
        self,
        conn: Connection,
        principal: Principal,
        case_id: int,
        number: str,
        matter: Matter,
        event: CaseEvent,
        from_state: CaseState,
        to_state: CaseState,
        moment: datetime,
        *,
        opinion: str = "",
        step: str = "",
        detail: Mapping[str, object] | None = None,
        audit_action: str = "",
        seq: int | None = None,
    ) -> None:
        """The step row (who, when, station) and the audit event of one transition."""
        if seq is None:
            found = _NEXT_STEP.one_or_none(conn, case_id=case_id)
            seq = int(found["seq"]) if found is not None else 1
        _INSERT_STEP.run(
            conn,
            **_v(
                case_id=case_id,
                seq=seq,
                event=event.value,
                action=_ACTION.get(event, "pass"),
                step=step or event.value,
                handler=principal.user,
                station=principal.station,
                opinion=opinion.strip(),
                started_at=moment,
                ended_at=moment,
                status="2",
                from_state=from_state.value,
                to_state=to_state.value,
                detail=dict(detail or {}),
            ),
        )
        append_event(
            conn,
            principal.actor,
            audit_action or f"case.{event.value}",
            f"case:{number}",
            f"{matter.code} {matter.name_zh}"[:200],
            {"from": from_state.value, "to": to_state.value, **(detail or {})},
        )

    @staticmethod
    def _cancel_tasks(conn: Connection, case_id: int) -> None:
        conn.execute(
            update(_tasks)
            .where(
                _tasks.c.case_id == case_id,
                _tasks.c.status.in_([TaskStatus.OPEN.value, TaskStatus.CLAIMED.value]),
            )
            .values(status=TaskStatus.CANCELLED.value)
        )

    def _day(self, moment: datetime) -> date:
        return moment.astimezone(self._tz).date()

    @staticmethod
    def _purpose(row: Row[Any]) -> str:
        return f"{row.matter_code} {row.matter_name}"[:200]

    @staticmethod
    def _paused(conn: Connection, case_ids: Sequence[int]) -> dict[int, datetime]:
        if not case_ids:
            return {}
        rows = conn.execute(
            select(_pauses.c.case_id, _pauses.c.started_at).where(
                _pauses.c.case_id.in_(list(case_ids)), _pauses.c.ended_at.is_(None)
            )
        )
        return {r.case_id: _aware(r.started_at) for r in rows}  # type: ignore[misc]

    def _summary(self, row: Row[Any], paused_since: datetime | None) -> CaseSummary:
        state = CaseState(row.state)
        remaining: int | None = None
        warning = ""
        if state not in FINAL_STATES and row.promised_date is not None:
            unit, limit = self._limit_of(row.matter_code)
            as_of = self._day(paused_since if paused_since is not None else self._now())
            remaining = self._days_between(unit, as_of, row.promised_date)
            warning = self._thresholds.level(remaining, limit).value
        return CaseSummary(
            number=row.number,
            matter_code=row.matter_code,
            matter_name=row.matter_name,
            case_type=row.case_type,
            state=state,
            applicant_name=row.applicant_name,
            applicant_id_masked=row.applicant_id_masked,
            received_at=_aware(row.received_at),  # type: ignore[arg-type]
            promised_date=row.promised_date,
            remaining_working_days=remaining,
            paused=paused_since is not None,
            warning=warning,
        )

    def _detail_by_number(self, number: str) -> CaseDetail:
        with self._db.engine.connect() as conn:
            return self._read_detail(conn, number)

    def _read_detail(self, conn: Connection, number: str) -> CaseDetail:
        with conn.begin():
            row = conn.execute(_CASE_BY_NUMBER, {"number": number}).one()
            key = {"case_id": row.id}
            materials = conn.execute(_MATERIALS_OF, key).all()
            steps = conn.execute(_STEPS_OF, key).all()
            tasks = conn.execute(_TASKS_OF, key).all()
            pauses = conn.execute(_PAUSES_OF, key).all()
            rating = conn.execute(_RATING_OF, key).one_or_none()
        open_pause = next((p for p in pauses if p.ended_at is None), None)
        return CaseDetail(
            summary=self._summary(row, _aware(open_pause.started_at) if open_pause else None),
            version=row.version,
            number_source=row.number_source,
            channel=row.channel,
            applicant_id_type=row.applicant_id_type,
            agent_name=row.agent_name,
            agent_id_masked=row.agent_id_masked,
            phone=row.phone,
            address=row.address,
            form_values=dict(row.form_values or {}),
            accepted_at=_aware(row.accepted_at),
            accepted_by=row.accepted_by,
            accepted_station=row.accepted_station,
            accepting_unit=row.accepting_unit,
            notice_number=row.notice_number,
            supplement_deadline=row.supplement_deadline,
            refusal_reason=row.refusal_reason,
            completed_at=_aware(row.completed_at),
            result_name=row.result_name,
            result_number=row.result_number,
            result_valid_until=row.result_valid_until,
            delivered_by_post=bool(row.delivered_by_post),
            materials=tuple(
                CaseMaterialRecord(
                    code=m.code,
                    name_zh=m.name_zh,
                    name_en=m.name_en,
                    essential=bool(m.essential),
                    status=m.status,
                    certificate_number=m.certificate_number,
                    due=m.due,
                    supplied_at=_aware(m.supplied_at),
                )
                for m in materials
            ),
            steps=tuple(
                CaseStepRecord(
                    seq=s.seq,
                    event=s.event,
                    action=s.action,
                    step=s.step,
                    handler=s.handler,
                    station=s.station,
                    opinion=s.opinion,
                    started_at=_aware(s.started_at),  # type: ignore[arg-type]
                    ended_at=_aware(s.ended_at),
                    status=s.status,
                    from_state=s.from_state,
                    to_state=s.to_state,
                )
                for s in steps
            ),
            tasks=tuple(self._task(t, row.number) for t in tasks),
            pauses=tuple(
                ClockPauseRecord(
                    id=p.id,
                    kind=PauseKind(p.kind),
                    reason=p.reason,
                    started_at=_aware(p.started_at),  # type: ignore[arg-type]
                    ended_at=_aware(p.ended_at),
                    working_days=p.working_days,
                )
                for p in pauses
            ),
            rating=(
                RatingRecord(
                    rating.score,
                    rating.comment,
                    RatingChannel(rating.channel),
                    _aware(rating.rated_at),  # type: ignore[arg-type]
                )
                if rating is not None
                else None
            ),
        )

    @staticmethod
    def _task(row: Row[Any], number: str) -> ReviewTaskRecord:
        return ReviewTaskRecord(
            id=row.id,
            case_number=number,
            department_code=row.department_code,
            department_name=row.department_name,
            status=TaskStatus(row.status),
            claimed_by=row.claimed_by,
            decided_by=row.decided_by,
            opinion=row.opinion,
            round=row.round,
        )
