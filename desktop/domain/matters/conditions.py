"""Eligibility conditions of matters, checked at pre-fill time against the registry.

A condition never blocks on its own: it produces a finding the clerk sees (the registry may be
out of date; the applicant may bring proof). Each rule names the parameters it takes; the
catalog loader refuses a file with an unknown rule or parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from desktop.domain.matters.findings import Finding, FindingCode, Severity
from desktop.domain.matters.model import Condition, Matter

if TYPE_CHECKING:
    from desktop.domain.matters.prefill import PrefillContext

__all__ = ["RULES", "check_conditions", "months_before"]

_Check = Callable[[Condition, "PrefillContext"], Finding | None]


def _not_met(cond: Condition, severity: Severity = Severity.WARNING, **params: str) -> Finding:
    return Finding(FindingCode.CONDITION_NOT_MET, severity, params, rule=cond.rule)


def _unknown(cond: Condition, **params: str) -> Finding:
    return Finding(FindingCode.CONDITION_UNKNOWN, Severity.INFO, params, rule=cond.rule)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier; the month's last day when it has no such day
    (31 March minus one month: 28 or 29 February)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    while True:
        try:
            return day.replace(year=y, month=m + 1)
        except ValueError:
            day -= timedelta(days=1)


def _has_dwelling(cond: Condition, ctx: PrefillContext) -> Finding | None:
    if ctx.dossier is None:
        return _unknown(cond)
    return None if ctx.dossier.dwelling is not None else _not_met(cond)


def _lived_months(cond: Condition, ctx: PrefillContext) -> Finding | None:
    months = int(cond.param("months", "6"))
    if ctx.dossier is None:
        return _unknown(cond, months=str(months))
    person = ctx.dossier.person
    since = person.arrival_date
    reg = ctx.certificate("居住登记凭证")
    if reg is not None and (since is None or reg.issued_on < since):
        since = reg.issued_on
    if since is None:
        return _unknown(cond, months=str(months))
    if since <= months_before(ctx.today, months):
        return None
    return _not_met(cond, months=str(months), since=since.isoformat())


def _job_residence_or_study(cond: Condition, ctx: PrefillContext) -> Finding | None:
    if ctx.dossier is None:
        return _unknown(cond)
    if ctx.dossier.employment is not None or ctx.dossier.dwelling is not None:
        return None
    return _not_met(cond)


def _holds_certificate(cond: Condition, ctx: PrefillContext) -> Finding | None:
    cert_type = cond.param("cert_type")
    optional = cond.param("optional", "false") == "true"
    cert = ctx.certificate(cert_type)
    if cert is not None:
        return None
    if ctx.dossier is None:
        return _unknown(cond, cert_type=cert_type)
    return _not_met(cond, Severity.INFO if optional else Severity.WARNING, cert_type=cert_type)


def _endorsement_due(cond: Condition, ctx: PrefillContext) -> Finding | None:
    cert = ctx.certificate(cond.param("cert_type"))
    if cert is None or cert.valid_until is None:
        return None  # holds_certificate reports the absence
    window = int(cond.param("window_days", "30"))
    opens = cert.valid_until - timedelta(days=window)
    if ctx.today < opens:
        return Finding(
            FindingCode.ENDORSEMENT_NOT_YET_DUE,
            Severity.WARNING,
            {"opens": opens.isoformat(), "due": cert.valid_until.isoformat()},
            rule=cond.rule,
        )
    if ctx.today > cert.valid_until:
        return Finding(
            FindingCode.ENDORSEMENT_OVERDUE,
            Severity.WARNING,
            {"due": cert.valid_until.isoformat()},
            rule=cond.rule,
        )
    return None


#: rule name → (parameters it takes, the check)
RULES: dict[str, tuple[frozenset[str], _Check]] = {
    "has_dwelling": (frozenset(), _has_dwelling),
    "lived_months_at_least": (frozenset({"months"}), _lived_months),
    "has_job_residence_or_study": (frozenset(), _job_residence_or_study),
    "holds_certificate": (frozenset({"cert_type", "optional"}), _holds_certificate),
    "endorsement_due": (frozenset({"cert_type", "window_days"}), _endorsement_due),
}


def check_conditions(matter: Matter, ctx: PrefillContext) -> tuple[Finding, ...]:
    out: list[Finding] = []
    for cond in matter.conditions:
        finding = RULES[cond.rule][1](cond, ctx)
        if finding is not None:
            out.append(finding)
    return tuple(out)
