"""Words for the clerk window's codes: findings, value sources, material statuses, decisions,
suggestion reasons, photo sources, dwelling roles.

The core speaks in stable codes; this is the one place that turns them into translated text.
Each string is written out in a ``QCoreApplication.translate`` call so that lupdate finds it.
Matter data (labels, names) carries its own Chinese and English: :func:`pick` chooses.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QCoreApplication

from desktop.domain.matters.findings import Finding, FindingCode, Severity
from desktop.domain.matters.materials import MaterialsDecision, MaterialStatus
from desktop.domain.matters.prefill import SourceKind
from desktop.domain.matters.suggestions import SuggestionReason

__all__ = [
    "DECISION_COLOURS",
    "SEVERITY_COLOURS",
    "decision_text",
    "edited_tag_text",
    "finding_detail",
    "finding_text",
    "is_chinese",
    "material_status_text",
    "photo_source_text",
    "pick",
    "rental_status_text",
    "role_text",
    "source_description",
    "source_tag_text",
    "suggestion_text",
]

#: Chip colours (background, text) per finding severity; contrast ratio ≥ 4.5:1.
SEVERITY_COLOURS: Final[dict[Severity, tuple[str, str]]] = {
    Severity.INFO: ("#e0f2fe", "#075985"),
    Severity.WARNING: ("#fef3c7", "#92400e"),
    Severity.BLOCKING: ("#fee2e2", "#991b1b"),
}
#: Outcome line colours (text) per materials decision.
DECISION_COLOURS: Final[dict[MaterialsDecision, str]] = {
    MaterialsDecision.ACCEPT: "#15803d",
    MaterialsDecision.ACCEPT_WITH_SHORTFALL: "#b45309",
    MaterialsDecision.NOTIFY_MISSING: "#b91c1c",
}


def is_chinese(language: str) -> bool:
    return language.lower().startswith("zh")


def pick(language: str, zh: str, en: str) -> str:
    """The matter data's text in the interface language (Chinese when English is missing)."""
    return zh if is_chinese(language) or not en else en


# ---- findings ------------------------------------------------------------------------------


def _condition_text(finding: Finding) -> str:
    p = finding.params
    rule = finding.rule
    if rule == "has_dwelling":
        return QCoreApplication.translate("ClerkTexts", "No dwelling on record")
    if rule == "lived_months_at_least":
        return QCoreApplication.translate("ClerkTexts", "Lived here under {months} months").format(
            months=p.get("months", "6")
        )
    if rule == "has_job_residence_or_study":
        return QCoreApplication.translate("ClerkTexts", "No job, residence or study on record")
    if rule == "holds_certificate":
        return QCoreApplication.translate("ClerkTexts", "No {certificate} on record").format(
            certificate=p.get("cert_type", "")
        )
    return QCoreApplication.translate("ClerkTexts", "A condition of the matter is not met")


def finding_text(finding: Finding) -> str:
    """A short line for a finding's chip."""
    code = finding.code
    if code is FindingCode.CONDITION_NOT_MET:
        return _condition_text(finding)
    texts = {
        FindingCode.CARD_EXPIRED: QCoreApplication.translate("ClerkTexts", "Card expired"),
        FindingCode.RARE_CHARACTERS: QCoreApplication.translate("ClerkTexts", "Rare characters"),
        FindingCode.PERSON_UNKNOWN: QCoreApplication.translate("ClerkTexts", "Not in the registry"),
        FindingCode.NAME_DIFFERS: QCoreApplication.translate(
            "ClerkTexts", "Name differs from the registry"
        ),
        FindingCode.ADDRESS_DIFFERS: QCoreApplication.translate(
            "ClerkTexts", "Address differs from the registry"
        ),
        FindingCode.NO_DWELLING: QCoreApplication.translate("ClerkTexts", "No dwelling on record"),
        FindingCode.CONDITION_UNKNOWN: QCoreApplication.translate(
            "ClerkTexts", "The registry cannot tell whether a condition is met"
        ),
        FindingCode.ENDORSEMENT_NOT_YET_DUE: QCoreApplication.translate(
            "ClerkTexts", "Endorsement not due yet"
        ),
        FindingCode.ENDORSEMENT_OVERDUE: QCoreApplication.translate(
            "ClerkTexts", "Endorsement overdue"
        ),
    }
    return texts.get(code, code.value)


def finding_detail(finding: Finding) -> str:
    """The finding's particulars (its tooltip): dates, both versions of a differing value."""
    p = finding.params
    code = finding.code
    if code is FindingCode.CARD_EXPIRED:
        return QCoreApplication.translate("ClerkTexts", "The card was valid until {date}.").format(
            date=p.get("valid_to", "")
        )
    if code is FindingCode.RARE_CHARACTERS:
        return QCoreApplication.translate(
            "ClerkTexts", "The card holds characters a normal font cannot show: {characters}"
        ).format(characters=p.get("characters", ""))
    if code is FindingCode.PERSON_UNKNOWN:
        return QCoreApplication.translate(
            "ClerkTexts", "Nothing could be pre-filled from the registry: check every field."
        )
    if code in (FindingCode.NAME_DIFFERS, FindingCode.ADDRESS_DIFFERS):
        return QCoreApplication.translate(
            "ClerkTexts", "Card: {card}\nRegistry: {registry}"
        ).format(card=p.get("card", ""), registry=p.get("registry", ""))
    if code is FindingCode.ENDORSEMENT_NOT_YET_DUE:
        return QCoreApplication.translate(
            "ClerkTexts", "The endorsement can be done from {opens} (due {due})."
        ).format(opens=p.get("opens", ""), due=p.get("due", ""))
    if code is FindingCode.ENDORSEMENT_OVERDUE:
        return QCoreApplication.translate(
            "ClerkTexts", "The endorsement was due on {date}."
        ).format(date=p.get("due", ""))
    if code is FindingCode.CONDITION_NOT_MET and p.get("since"):
        return QCoreApplication.translate("ClerkTexts", "Here since {date}.").format(
            date=p["since"]
        )
    return finding_text(finding)


# ---- value sources -------------------------------------------------------------------------


def source_tag_text(source: str) -> str:
    """The short tag beside a pre-filled field: where its value came from."""
    head = source.split(".", 1)[0]
    if not source:
        return QCoreApplication.translate("ClerkTexts", "Default")
    if head == SourceKind.CARD:
        return QCoreApplication.translate("ClerkTexts", "Card")
    if head == SourceKind.CERTIFICATE:
        return QCoreApplication.translate("ClerkTexts", "Certificate")
    if head == SourceKind.TODAY:
        return QCoreApplication.translate("ClerkTexts", "Today")
    return QCoreApplication.translate("ClerkTexts", "Registry")


def edited_tag_text() -> str:
    return QCoreApplication.translate("ClerkTexts", "Edited")


def source_description(source: str) -> str:
    """The exact source, for the tag's tooltip (e.g. "Registry: the dwelling (house_code)")."""
    parts = source.split(".")
    head, attr = parts[0], parts[-1]
    names: dict[str, str] = {
        SourceKind.CARD: QCoreApplication.translate("ClerkTexts", "the identity card just read"),
        SourceKind.PERSON: QCoreApplication.translate(
            "ClerkTexts", "Registry: the person's record"
        ),
        SourceKind.DWELLING: QCoreApplication.translate(
            "ClerkTexts", "Registry: the person's dwelling"
        ),
        SourceKind.RENTAL: QCoreApplication.translate(
            "ClerkTexts", "Registry: the rented dwelling"
        ),
        SourceKind.LANDLORD: QCoreApplication.translate(
            "ClerkTexts", "Registry: the dwelling's owner"
        ),
        SourceKind.TENANT: QCoreApplication.translate(
            "ClerkTexts", "Registry: the dwelling's tenant"
        ),
        SourceKind.SPOUSE: QCoreApplication.translate("ClerkTexts", "Registry: the spouse"),
        SourceKind.EMPLOYER: QCoreApplication.translate("ClerkTexts", "Registry: the employer"),
        SourceKind.EMPLOYMENT: QCoreApplication.translate("ClerkTexts", "Registry: the employment"),
    }
    if not source:
        return QCoreApplication.translate("ClerkTexts", "The matter's default value")
    if head == SourceKind.TODAY:
        return QCoreApplication.translate("ClerkTexts", "The date of the visit")
    if head == SourceKind.CERTIFICATE and len(parts) == 3:
        return QCoreApplication.translate(
            "ClerkTexts", "A certificate the hall issued: {certificate} ({field})"
        ).format(certificate=parts[1], field=attr)
    name = names.get(head)
    if name is None:
        return source
    return QCoreApplication.translate("ClerkTexts", "{source} ({field})").format(
        source=name, field=attr
    )


# ---- materials -----------------------------------------------------------------------------


def material_status_text(status: MaterialStatus) -> str:
    texts = {
        MaterialStatus.RECEIVED: QCoreApplication.translate("ClerkTexts", "Received"),
        MaterialStatus.REUSED: QCoreApplication.translate("ClerkTexts", "Reused certificate"),
        MaterialStatus.PROMISED: QCoreApplication.translate("ClerkTexts", "Promise"),
        MaterialStatus.OWED: QCoreApplication.translate("ClerkTexts", "Owed (容缺)"),
        MaterialStatus.MISSING: QCoreApplication.translate("ClerkTexts", "Missing"),
    }
    return texts[status]


def decision_text(decision: MaterialsDecision) -> str:
    texts = {
        MaterialsDecision.ACCEPT: QCoreApplication.translate(
            "ClerkTexts", "Materials complete: the case can be accepted"
        ),
        MaterialsDecision.ACCEPT_WITH_SHORTFALL: QCoreApplication.translate(
            "ClerkTexts", "Accept with items owed (容缺), signed promise"
        ),
        MaterialsDecision.NOTIFY_MISSING: QCoreApplication.translate(
            "ClerkTexts", "Cannot accept: one-time notification of what is missing"
        ),
    }
    return texts[decision]


# ---- suggestions, photos, dwellings --------------------------------------------------------


def suggestion_text(reason: str) -> str:
    texts: dict[str, str] = {
        SuggestionReason.NO_RESIDENCE_REGISTRATION: QCoreApplication.translate(
            "ClerkTexts", "Lives here without a residence registration"
        ),
        SuggestionReason.ENDORSEMENT_DUE: QCoreApplication.translate(
            "ClerkTexts", "Residence permit endorsement falls due"
        ),
        SuggestionReason.ENDORSEMENT_OVERDUE: QCoreApplication.translate(
            "ClerkTexts", "Residence permit endorsement is overdue"
        ),
        SuggestionReason.RESIDENCE_PERMIT_ELIGIBLE: QCoreApplication.translate(
            "ClerkTexts", "Lived here 6 months or more without a residence permit"
        ),
        SuggestionReason.RENTAL_NOT_FILED: QCoreApplication.translate(
            "ClerkTexts", "Rents out a dwelling that is not filed"
        ),
        SuggestionReason.RENTAL_TAX: QCoreApplication.translate(
            "ClerkTexts", "Rents out a dwelling: rental tax"
        ),
    }
    return texts.get(reason, QCoreApplication.translate("ClerkTexts", "Suggested"))


def photo_source_text(source: str) -> str:
    texts = {
        "card": QCoreApplication.translate("ClerkTexts", "Photo from the card"),
        "registry": QCoreApplication.translate("ClerkTexts", "Photo from the registry"),
        "none": QCoreApplication.translate("ClerkTexts", "No photo"),
        "undecodable": QCoreApplication.translate("ClerkTexts", "Photo could not be shown"),
    }
    return texts.get(source, texts["none"])


def role_text(role: str) -> str:
    texts = {
        "owner": QCoreApplication.translate("ClerkTexts", "Owner"),
        "tenant": QCoreApplication.translate("ClerkTexts", "Tenant"),
        "occupant": QCoreApplication.translate("ClerkTexts", "Occupant"),
    }
    return texts.get(role, role)


def rental_status_text(status: str) -> str:
    texts = {
        "rented": QCoreApplication.translate("ClerkTexts", "rented out"),
        "vacant": QCoreApplication.translate("ClerkTexts", "vacant"),
        "owner_occupied": QCoreApplication.translate("ClerkTexts", "owner-occupied"),
    }
    return texts.get(status, status)
