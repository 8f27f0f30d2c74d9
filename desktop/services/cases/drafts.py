"""What the clerk types before a case exists: drafts, saved as they type (one committed
transaction per save), per station and user."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from desktop.domain.cases import DraftNotFound, DraftRecord
from desktop.domain.permissions import Permission, PermissionDenied, Principal
from desktop.persistence import uow
from desktop.services.audit import append_event
from desktop.services.cases import tables as t
from desktop.services.cases.base import CaseBase
from desktop.services.guard import audit_refusal
from desktop.services.local_drafts import VISIT_KEY

#: What a draft's visit meta says of where the draft came from (a kiosk declaration: its
#: channel, and from which kiosk a clerk claimed it), kept when the window saves it again.
_ORIGIN_KEYS = ("channel", "awaiting", "claimed_from", "claimed_from_user")


class Drafts(CaseBase):
    """save_draft, load_draft, list_drafts, discard_draft (the acceptance deletes its draft)."""

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
            "form": t.jsonable(form or {}),
            "materials": {str(k): str(v) for k, v in (materials or {}).items()},
            "updated_at": moment,
        }
        with uow.transaction(self._db) as conn:
            if draft_id is None:
                draft_id = str(uuid.uuid4())
                conn.execute(
                    insert(t.drafts).values(
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
                values["form"] = _keep_origin(row.form, values["form"])
                conn.execute(update(t.drafts).where(t.drafts.c.id == draft_id).values(**values))
            row = self._draft_row(conn, draft_id)
        return t.draft_record(row)

    def load_draft(self, principal: Principal, draft_id: str) -> DraftRecord:
        self._authorize(principal, Permission.CASE_DRAFT, f"draft:{draft_id}")
        with uow.connection(self._db) as conn:
            row = self._draft_row(conn, draft_id)
        self._check_draft_owner(principal, row)
        return t.draft_record(row)

    def list_drafts(self, principal: Principal) -> tuple[DraftRecord, ...]:
        """The drafts of this station and of this user, newest first."""
        self._authorize(principal, Permission.CASE_DRAFT, f"station:{principal.station}")
        with uow.connection(self._db) as conn:
            rows = conn.execute(
                select(t.drafts)
                .where(
                    (t.drafts.c.station == principal.station)
                    | (t.drafts.c.user_name == principal.user)
                )
                .order_by(t.drafts.c.updated_at.desc(), t.drafts.c.id)
            ).all()
        return tuple(t.draft_record(r) for r in rows)

    def discard_draft(self, principal: Principal, draft_id: str) -> None:
        self._authorize(principal, Permission.CASE_DRAFT, f"draft:{draft_id}")
        with uow.transaction(self._db) as conn:
            row = self._draft_row(conn, draft_id)
            self._check_draft_owner(principal, row)
            conn.execute(delete(t.drafts).where(t.drafts.c.id == draft_id))
            append_event(
                conn, principal.actor, "draft.discarded", f"draft:{draft_id}", "case draft", {}
            )

    @staticmethod
    def _draft_row(conn: Connection, draft_id: str) -> Row[Any]:
        row = conn.execute(select(t.drafts).where(t.drafts.c.id == draft_id)).one_or_none()
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


def _keep_origin(before: Any, after: Any) -> Any:
    """``after`` (a form as the window saves it) with the origin ``before`` recorded in its
    visit meta, where ``after`` does not say otherwise."""
    old = (before or {}).get(VISIT_KEY) if isinstance(before, Mapping) else None
    if not isinstance(old, Mapping) or not isinstance(after, Mapping):
        return after
    origin = {k: old[k] for k in _ORIGIN_KEYS if k in old}
    if not origin:
        return after
    meta = after.get(VISIT_KEY)
    meta = dict(meta) if isinstance(meta, Mapping) else {}
    return {**after, VISIT_KEY: {**origin, **meta}}
