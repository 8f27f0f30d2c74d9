"""The desk's drafts: what a visit's draft holds, saving it (the database, else this computer),
and reading one back to resume the visit. No widgets: the page gathers the values and runs
:func:`save_draft` on the worker.

A draft's ``form`` maps each open matter's code to its form values, plus
:data:`~desktop.services.local_drafts.VISIT_KEY` for the visit itself (the card, the typed id
number, the matters in their order); its ``materials`` map ``"<matter>|<material>"`` to a
status.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.permissions import Principal
from desktop.domain.visit import CardSnapshot, Visit
from desktop.services.local_drafts import VISIT_KEY, drop_local_draft_of, write_local_draft
from ui.clerk.desk_backend import DeskBackend

__all__ = ["DraftPayload", "MatterWork", "SavedDraft", "draft_payload", "resumed", "save_draft"]


@dataclass(frozen=True)
class MatterWork:
    """One open matter's work as the page holds it."""

    short_zh: str
    values: Mapping[str, str]
    marked: Mapping[str, MaterialStatus]


@dataclass(frozen=True)
class DraftPayload:
    codes: list[str]
    form: dict[str, object]
    marks: dict[str, str]
    title: str


@dataclass(frozen=True)
class SavedDraft:
    """Where a draft went: the database (its id), or this computer (the database's error)."""

    draft_id: str | None
    db_error: BaseException | None


def draft_payload(visit: Visit, open_matters: Mapping[str, MatterWork]) -> DraftPayload:
    """The draft of a visit's matters not yet submitted (``open_matters``, in tab order)."""
    codes = list(open_matters)
    marks = {
        f"{c}|{m}": status.value
        for c, work in open_matters.items()
        for m, status in work.marked.items()
    }
    card = CardSnapshot.of(visit.card).to_json() if visit.card is not None else None
    form: dict[str, object] = {
        VISIT_KEY: {"card": card, "id_number": visit.id_number, "matters": codes},
        **{c: dict(work.values) for c, work in open_matters.items()},
    }
    title = f"{visit.masked_id} " + "、".join(work.short_zh for work in open_matters.values())
    return DraftPayload(codes, form, marks, title)


def save_draft(
    backend: DeskBackend,
    principal: Principal,
    draft_id: str | None,
    payload: DraftPayload,
    *,
    local: Path | None,
    id_number: str,
) -> SavedDraft:
    """Save in the database; when it cannot take it, keep it on this computer (if the page
    has a local file; a failure to keep it there raises). Runs on the worker."""
    try:
        record = backend.save_draft(
            principal,
            draft_id=draft_id,
            matter_codes=payload.codes,
            form=payload.form,
            materials=payload.marks,
            title=payload.title,
        )
    except Exception as exc:
        if local is None:
            raise
        write_local_draft(
            local, id_number, payload.codes, payload.form, payload.marks, payload.title, draft_id
        )
        return SavedDraft(None, exc)
    if local is not None:  # (other visits' drafts kept there stay)
        drop_local_draft_of(local, id_number)
    return SavedDraft(str(record.id), None)


def resumed(draft: Any) -> tuple[CardSnapshot | None, str | None, list[str], dict[str, Any]]:
    """What re-opens a saved visit exactly: (card, typed id number, matter codes, saved), where
    ``saved`` is ``{"forms": code → values, "materials": code → material → status}``."""
    form = dict(draft.form)
    meta = form.pop(VISIT_KEY, {}) or {}
    card_data = meta.get("card")
    card = CardSnapshot.from_json(card_data) if card_data else None
    codes = list(meta.get("matters") or draft.matter_codes)
    marks: dict[str, dict[str, str]] = {}
    for key, status in dict(draft.materials).items():
        code, _, material = str(key).partition("|")
        marks.setdefault(code, {})[material] = str(status)
    number = None if card else meta.get("id_number")
    return card, number, codes, {"forms": form, "materials": marks}
