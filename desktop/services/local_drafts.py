"""Drafts kept on this computer when the database cannot take them (``<data>/local-draft.json``).

The desk saves what the clerk types as a draft in the database; when that fails the draft is
kept here instead, one entry per person (the applicant's id number), so that a second visit's
fallback does not overwrite the first's. The next start offers them, the newest first
(:func:`read_local_drafts`); a visit that is submitted or saved to the database again drops
its entry (:func:`drop_local_draft_of`). No Qt: the desk page and the station use it from the
worker thread.

The file is replaced whole or not at all, owner-only (:func:`~desktop.config.files.write_atomic`);
no drafts left, no file.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.config.files import write_atomic

__all__ = [
    "VISIT_KEY",
    "LocalDraft",
    "drop_local_draft_of",
    "read_local_drafts",
    "write_local_draft",
]

#: The key of a draft's form that holds the visit itself (card, matters), not a field.
VISIT_KEY = "__visit__"


@dataclass(frozen=True)
class LocalDraft:
    """A draft kept on this computer, shaped like the database's drafts for the resume offer."""

    id: str
    matter_codes: tuple[str, ...]
    form: Mapping[str, object]
    materials: Mapping[str, str]
    title: str


def read_local_drafts(path: Path) -> tuple[LocalDraft, ...]:
    """The drafts kept on this computer, the newest first."""
    kept = sorted(_read_file(path).values(), key=lambda d: str(d.get("saved_at", "")), reverse=True)
    return tuple(
        LocalDraft(
            id=str(data.get("id", "")),
            matter_codes=tuple(data.get("matter_codes", ())),
            form=dict(data.get("form", {})),
            materials=dict(data.get("materials", {})),
            title=str(data.get("title", "")),
        )
        for data in kept
    )


def write_local_draft(
    path: Path,
    id_number: str,
    codes: Sequence[str],
    form: Mapping[str, object],
    marks: Mapping[str, str],
    title: str,
    draft_id: str | None,
) -> None:
    """Keep this visit's draft on this computer when the database cannot take it; the drafts of
    other visits kept there stay."""
    drafts = _read_file(path)
    drafts[id_number] = {
        "id": draft_id or "",
        "matter_codes": list(codes),
        "form": form,
        "materials": dict(marks),
        "title": title,
        "saved_at": datetime.now(UTC).isoformat(),
    }
    _write_file(path, drafts)


def drop_local_draft_of(path: Path, id_number: str) -> None:
    """Forget the draft kept on this computer for the visit of ``id_number`` (if any)."""
    drafts = _read_file(path)
    if drafts.pop(id_number, None) is not None:
        _write_file(path, drafts)


def _read_file(path: Path) -> dict[str, dict[str, Any]]:
    """The drafts kept on this computer, by the applicant's id number ({} if none or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    if "form" in data:  # the first format: one draft
        meta = data["form"].get(VISIT_KEY) if isinstance(data["form"], dict) else None
        key = str(meta.get("id_number", "")) if isinstance(meta, dict) else ""
        return {key: data}
    drafts = data.get("drafts")
    return {str(k): v for k, v in drafts.items() if isinstance(v, dict)} if drafts else {}


def _write_file(path: Path, drafts: Mapping[str, Mapping[str, Any]]) -> None:
    """Replace the file atomically (owner-only); no drafts left: no file."""
    if not drafts:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        return
    write_atomic(path, json.dumps({"drafts": drafts}, ensure_ascii=False).encode("utf-8"))
