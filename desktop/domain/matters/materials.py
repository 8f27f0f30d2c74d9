"""Materials: the checklist of a matter, and what the window may do with what was brought.

Rules (domain §2):

- a certificate the hall already issued to the applicant counts as received (no copies of what
  the hall already holds): status ``reused``;
- a proof the matter lets the applicant replace by a signed promise (告知承诺): ``promised``;
- a missing *essential* material → the case cannot be accepted; a one-time notification
  (一次性告知) lists *everything* missing at once;
- a missing *non-essential* material → accept with a signed promise (容缺受理) and a supplement
  deadline no later than the matter's promised limit: status ``owed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop.domain.matters.model import MaterialSpec, Matter

__all__ = [
    "MaterialLine",
    "MaterialStatus",
    "MaterialsDecision",
    "MaterialsOutcome",
    "applicable_materials",
    "evaluate_materials",
]


class MaterialStatus(StrEnum):
    RECEIVED = "received"  # brought and checked
    REUSED = "reused"  # a certificate the hall already issued to the applicant
    PROMISED = "promised"  # replaced by the applicant's signed promise (告知承诺)
    OWED = "owed"  # 容缺: accepted without it, to be supplied by a deadline
    MISSING = "missing"  # not brought


class MaterialsDecision(StrEnum):
    ACCEPT = "accept"  # everything is there
    ACCEPT_WITH_SHORTFALL = "accept_with_shortfall"  # 容缺: only non-essential items missing
    NOTIFY_MISSING = "notify_missing"  # essential items missing: one-time notification


@dataclass(frozen=True, slots=True)
class MaterialLine:
    code: str
    name_zh: str
    name_en: str
    essential: bool
    status: MaterialStatus
    certificate_number: str = ""  # for REUSED: the certificate that stands for it

    @property
    def satisfied(self) -> bool:
        return self.status in (
            MaterialStatus.RECEIVED,
            MaterialStatus.REUSED,
            MaterialStatus.PROMISED,
        )


@dataclass(frozen=True, slots=True)
class MaterialsOutcome:
    decision: MaterialsDecision
    lines: tuple[MaterialLine, ...]
    missing_essential: tuple[MaterialLine, ...]  # for the one-time notification: all of them
    owed: tuple[MaterialLine, ...]  # 容缺: what is owed

    @property
    def can_accept(self) -> bool:
        return self.decision is not MaterialsDecision.NOTIFY_MISSING

    @property
    def missing(self) -> tuple[MaterialLine, ...]:
        """Everything not satisfied (essential first): what a one-time notification lists."""
        return self.missing_essential + self.owed


def applicable_materials(matter: Matter, values: Mapping[str, object]) -> tuple[MaterialSpec, ...]:
    """The matter's materials that apply to this application (``when_field`` conditions)."""
    out: list[MaterialSpec] = []
    for spec in matter.materials:
        if spec.when_field and str(values.get(spec.when_field, "")) != spec.when_equals:
            continue
        out.append(spec)
    return tuple(out)


def evaluate_materials(
    matter: Matter,
    values: Mapping[str, object],
    marked: Mapping[str, MaterialStatus],
    *,
    held_certificates: Mapping[str, str] | None = None,
) -> MaterialsOutcome:
    """Decide what the window may do with the materials as the clerk marked them.

    ``marked``: material code → status the clerk set (unmarked means missing).
    ``held_certificates``: certificate type → number of valid certificates the hall already
    issued to the applicant; a material whose ``reusable_cert_type`` is held counts as reused
    whatever the clerk marked. A ``promised`` mark on a material that does not allow promises,
    and an ``owed`` mark on an essential material, count as missing.
    """
    held = held_certificates or {}
    lines: list[MaterialLine] = []
    for spec in applicable_materials(matter, values):
        status = marked.get(spec.code, MaterialStatus.MISSING)
        cert_number = ""
        if spec.reusable_cert_type and spec.reusable_cert_type in held:
            status = MaterialStatus.REUSED
            cert_number = held[spec.reusable_cert_type]
        elif status is MaterialStatus.REUSED:
            status = MaterialStatus.MISSING  # nothing on file stands for it
        if status is MaterialStatus.PROMISED and not spec.promise_allowed:
            status = MaterialStatus.MISSING
        if status is MaterialStatus.MISSING and not spec.essential:
            status = MaterialStatus.OWED
        if status is MaterialStatus.OWED and spec.essential:
            status = MaterialStatus.MISSING
        lines.append(
            MaterialLine(
                code=spec.code,
                name_zh=spec.name_zh,
                name_en=spec.name_en,
                essential=spec.essential,
                status=status,
                certificate_number=cert_number,
            )
        )
    missing_essential = tuple(ln for ln in lines if ln.status is MaterialStatus.MISSING)
    owed = tuple(ln for ln in lines if ln.status is MaterialStatus.OWED)
    if missing_essential:
        decision = MaterialsDecision.NOTIFY_MISSING
    elif owed:
        decision = MaterialsDecision.ACCEPT_WITH_SHORTFALL
    else:
        decision = MaterialsDecision.ACCEPT
    return MaterialsOutcome(decision, tuple(lines), missing_essential, owed)


def latest_supplement_date(promised_due: date, requested: date | None) -> date:
    """The 容缺 supplement deadline: the requested date, never later than the promised limit."""
    if requested is None or requested > promised_due:
        return promised_due
    return requested
