"""Matters a person's situation suggests, for the window's matter picker.

A suggestion is a hint, never a decision: the clerk sees it on top of the picker with its reason
(a stable code the interface translates) and picks or ignores it. Rules (domain §4):

- a migrant living in a dwelling with no residence registration receipt (居住登记凭证) → ``JZ``;
- a residence permit (居住证) due for its endorsement within ``window_days`` or overdue → ``QZ``;
- a migrant who has lived here at least six months with no valid residence permit → ``ZZ``;
- an owner whose dwelling is rented out with no rental filing certificate (房屋租赁登记备案凭证)
  → ``ZL``; with one on file, the rental tax may be due → ``NS``.

Matters are named by their category (the two letters of case numbers); the picker maps them to
the catalog's matters.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from desktop.domain.matters.conditions import months_before
from desktop.domain.registry import CertificateRecord, PartyRole, PersonDossier

__all__ = [
    "ENDORSEMENT_WINDOW_DAYS",
    "RESIDENCE_MONTHS",
    "SuggestionReason",
    "suggest_matters",
]

REGISTRATION_CERT = "居住登记凭证"
PERMIT_CERT = "居住证"
RENTAL_FILING_CERT = "房屋租赁登记备案凭证"
#: Days before the permit's anniversary from which the endorsement is suggested.
ENDORSEMENT_WINDOW_DAYS = 30
#: Months of residence after which a residence permit is suggested.
RESIDENCE_MONTHS = 6


class SuggestionReason(StrEnum):
    NO_RESIDENCE_REGISTRATION = "suggest.no_residence_registration"
    ENDORSEMENT_DUE = "suggest.endorsement_due"
    ENDORSEMENT_OVERDUE = "suggest.endorsement_overdue"
    RESIDENCE_PERMIT_ELIGIBLE = "suggest.residence_permit_eligible"
    RENTAL_NOT_FILED = "suggest.rental_not_filed"
    RENTAL_TAX = "suggest.rental_tax"


def _newest(dossier: PersonDossier, cert_type: str) -> CertificateRecord | None:
    """The newest certificate of this type not revoked (certificates come newest first)."""
    return next(
        (c for c in dossier.certificates if c.cert_type == cert_type and not c.revoked), None
    )


def _valid(cert: CertificateRecord | None, today: date) -> bool:
    return cert is not None and (cert.valid_until is None or cert.valid_until >= today)


def suggest_matters(
    dossier: PersonDossier | None,
    today: date,
    *,
    window_days: int = ENDORSEMENT_WINDOW_DAYS,
) -> list[tuple[str, SuggestionReason]]:
    """``(category, reason)`` for each matter the registry suggests, most pressing first."""
    if dossier is None:
        return []
    out: list[tuple[str, SuggestionReason]] = []
    person = dossier.person
    registration = _newest(dossier, REGISTRATION_CERT)
    permit = _newest(dossier, PERMIT_CERT)

    if permit is not None and permit.valid_until is not None:
        if today > permit.valid_until:
            out.append(("QZ", SuggestionReason.ENDORSEMENT_OVERDUE))
        elif today >= permit.valid_until - timedelta(days=window_days):
            out.append(("QZ", SuggestionReason.ENDORSEMENT_DUE))

    if person.is_migrant and dossier.dwelling is not None and registration is None:
        out.append(("JZ", SuggestionReason.NO_RESIDENCE_REGISTRATION))

    if person.is_migrant and permit is None:
        since = person.arrival_date
        if registration is not None and (since is None or registration.issued_on < since):
            since = registration.issued_on
        if since is not None and since <= months_before(today, RESIDENCE_MONTHS):
            out.append(("ZZ", SuggestionReason.RESIDENCE_PERMIT_ELIGIBLE))

    dwelling = dossier.dwelling
    if (
        dwelling is not None
        and dossier.role_in_dwelling is PartyRole.OWNER
        and (dwelling.rental_status == "rented" or dossier.tenants)
    ):
        if _valid(_newest(dossier, RENTAL_FILING_CERT), today):
            out.append(("NS", SuggestionReason.RENTAL_TAX))
        else:
            out.append(("ZL", SuggestionReason.RENTAL_NOT_FILED))
    return out
