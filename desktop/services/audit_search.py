"""Searching the audit log: the supervisor's viewer, ``audit search`` and ``audit find``.

One search path. Every read of the log — a page of the viewer, ``onewindow-admin audit search``
or ``audit find``, an export — goes through :class:`AuditSearch`, which

- checks the permission (``audit.search``, the supervisor's) through ``guard.authorize``, so a
  refusal is an audited ``auth.denied``;
- needs a purpose (:func:`~desktop.services.audit.require_purpose`) and records the search as an
  audit event of its own (``audit.search`` / ``audit.export``) *before* it reads: the purpose,
  the filters, and the person searched for as the keyed pseudonym and masked number only. The
  identity number typed is turned into the pseudonym at once and is never stored nor logged;
- reads newest first, a page at a time (keyset: ``seq < before``), with every filter on an index
  (migration 0018; ``tests/services/test_audit_search.py`` checks the plans on both backends).

The search event is committed on its own before the read: the read may take a while (an
export) and must not hold the chain's anchor, which every look-up of the hall appends through.
A search whose read then fails is still on the record, which errs on the safe side.

By person: events recording the person's pseudonym (look-ups, cases, kiosk sessions, earlier
searches for the same person), and events whose subject is the person's masked number but which
hold no pseudonym (re-keyed from an earlier version without one), flagged ``same_person=False``:
the masked number is shared by other people.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Row,
    Select,
    Table,
    and_,
    func,
    or_,
    select,
    text,
)

from desktop.domain.audit_log import (
    MAX_PAGE_SIZE,
    AuditChoices,
    AuditOutcome,
    AuditPage,
    AuditQuery,
    AuditRecord,
    ExportReport,
    outcome_of,
)
from desktop.domain.identity import mask_id_number, parse_id_number
from desktop.domain.permissions import Permission, Principal
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent, AuditPersonKey
from desktop.services import guard
from desktop.services.audit import append_event, require_purpose
from desktop.services.exports import Cell, ExportFormat, export_table
from desktop.services.pseudonyms import person_pseudonym

__all__ = ["EXPORT_COLUMNS", "MAX_EXPORT_ROWS", "AuditSearch", "PersonFilter"]

_events = cast(Table, AuditEvent.__table__)
_person_key = AuditPersonKey(_events.c.detail)

#: The most rows one export (or ``audit find``) holds; the newest are kept.
MAX_EXPORT_ROWS = 100_000
_BATCH = 1_000

#: The columns of an export, in order (the caller gives their headers, in its language).
EXPORT_COLUMNS = (
    "seq",
    "time",
    "staff",
    "station",
    "action",
    "subject",
    "person",
    "purpose",
    "outcome",
)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class PersonFilter:
    """The person a search is about, as the log may hold them: never the number itself."""

    key: str
    subject: str  # person:<masked number>

    @classmethod
    def of(cls, db: Database, typed: str) -> PersonFilter:
        ident = parse_id_number(typed)  # IdentityError (coded; its message holds no number)
        return cls(
            person_pseudonym(db.engine, ident.number), f"person:{mask_id_number(ident.number)}"
        )


class AuditSearch:
    """The supervisor's searches of the audit log (Qt-free; frozen records out)."""

    def __init__(
        self,
        db: Database,
        *,
        hall_tz: tzinfo = UTC,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._db = db
        self._tz = hall_tz
        self._now = now

    # ---- the use cases -------------------------------------------------------------------

    def search(self, principal: Principal, query: AuditQuery, purpose: str) -> AuditPage:
        """One page of events matching ``query``, newest first; the search is audited first."""
        limit = max(1, min(query.limit, MAX_PAGE_SIZE))
        purpose, person, detail = self._admit(principal, query, purpose, "audit.search")
        if query.before_seq is not None:
            detail["before"] = query.before_seq
        seq = self._record(principal, "audit.search", person, purpose, detail)
        with uow.connection(self._db) as conn:
            rows = conn.execute(
                self._select(query, person, before=self._before(query, seq)).limit(limit + 1)
            ).all()
        more = len(rows) > limit
        records = tuple(self._record_of(r, person) for r in rows[:limit])
        return AuditPage(records, records[-1].seq if more and records else None, seq)

    def find_all(
        self,
        principal: Principal,
        query: AuditQuery,
        purpose: str,
        *,
        max_rows: int = MAX_EXPORT_ROWS,
    ) -> tuple[tuple[AuditRecord, ...], int]:
        """Every matching event (up to ``max_rows``, newest first) and the search's own seq."""
        purpose, person, detail = self._admit(principal, query, purpose, "audit.search")
        detail["all"] = True
        seq = self._record(principal, "audit.search", person, purpose, detail)
        return tuple(self._iterate(query, person, self._before(query, seq), max_rows)), seq

    def export(
        self,
        principal: Principal,
        query: AuditQuery,
        purpose: str,
        path: Path | str,
        headers: Sequence[str],
        *,
        outcome_labels: Mapping[AuditOutcome, str] | None = None,
        max_rows: int = MAX_EXPORT_ROWS,
    ) -> ExportReport:
        """Write every matching event (newest first, up to ``max_rows``) as CSV or XLSX (by the
        file's suffix) through :func:`~desktop.services.exports.export_table`; audited as
        ``audit.export`` before anything is read or written."""
        if len(headers) != len(EXPORT_COLUMNS):
            raise ValueError(f"an export has {len(EXPORT_COLUMNS)} columns: {EXPORT_COLUMNS}")
        fmt = ExportFormat.for_path(path)  # a bad suffix is refused before anything happens
        purpose, person, detail = self._admit(principal, query, purpose, "audit.export")
        detail.update({"format": fmt.value, "file": Path(path).name})
        seq = self._record(principal, "audit.export", person, purpose, detail)
        labels = outcome_labels or {}
        records = list(self._iterate(query, person, self._before(query, seq), max_rows + 1))
        truncated = len(records) > max_rows
        rows = (self._export_row(r, labels) for r in records[:max_rows])
        written = export_table(path, headers, rows, fmt=fmt, sheet_title="Audit log")
        return ExportReport(str(written), min(len(records), max_rows), truncated, seq)

    def choices(self, principal: Principal) -> AuditChoices:
        """The actions, staff and stations the log holds (each an index skip-scan)."""
        guard.authorize(self._db, principal, Permission.AUDIT_SEARCH, subject="audit:log")
        with uow.connection(self._db) as conn:
            return AuditChoices(
                _distinct(conn, "action"), _distinct(conn, "actor"), _distinct(conn, "station")
            )

    # ---- steps -----------------------------------------------------------------------------

    def _admit(
        self, principal: Principal, query: AuditQuery, purpose: str, action: str
    ) -> tuple[str, PersonFilter | None, dict[str, object]]:
        """Purpose, permission (refusal audited), the person as a pseudonym, the event detail."""
        purpose = require_purpose(purpose)
        person = PersonFilter.of(self._db, query.person) if query.person.strip() else None
        detail = _filters(query, person)
        guard.authorize(
            self._db,
            principal,
            Permission.AUDIT_SEARCH,
            subject=person.subject if person else "audit:log",
            purpose=purpose,
            detail={"attempted": action, **detail},
            now=self._now,
        )
        return purpose, person, detail

    def _record(
        self,
        principal: Principal,
        action: str,
        person: PersonFilter | None,
        purpose: str,
        detail: dict[str, object],
    ) -> int:
        with uow.transaction(self._db) as conn:
            return append_event(
                conn,
                principal.actor,
                action,
                person.subject if person else "audit:log",
                purpose,
                detail,
                now=self._now,
            )

    @staticmethod
    def _before(query: AuditQuery, search_seq: int) -> int:
        # The log as it was when searched: the search's own event and later ones are not shown.
        return min(query.before_seq, search_seq) if query.before_seq is not None else search_seq

    def _iterate(
        self, query: AuditQuery, person: PersonFilter | None, before: int, max_rows: int
    ) -> Iterator[AuditRecord]:
        produced = 0
        while produced < max_rows:
            with uow.connection(self._db) as conn:
                rows = conn.execute(
                    self._select(query, person, before=before).limit(
                        min(_BATCH, max_rows - produced)
                    )
                ).all()
            if not rows:
                return
            for row in rows:
                yield self._record_of(row, person)
            produced += len(rows)
            before = int(rows[-1].seq)

    @staticmethod
    def _select(query: AuditQuery, person: PersonFilter | None, *, before: int) -> Select[Any]:
        e = _events.c
        stmt = select(_events).where(e.seq < before).order_by(e.seq.desc())
        if person is not None:
            stmt = stmt.where(
                or_(
                    _person_key == person.key,
                    and_(e.subject == person.subject, func.coalesce(_person_key, "") == ""),
                )
            )
        if query.user:
            stmt = stmt.where(e.actor == query.user)
        if query.action:
            stmt = stmt.where(e.action == query.action)
        if query.station:
            stmt = stmt.where(e.station == query.station)
        # Stored as UTC (SQLite keeps the wall time of the UTC value): compare in UTC.
        if query.since is not None:
            stmt = stmt.where(e.occurred_at >= _utc(query.since))
        if query.until is not None:
            stmt = stmt.where(e.occurred_at < _utc(query.until))
        return stmt

    def _record_of(self, row: Row[Any], person: PersonFilter | None) -> AuditRecord:
        detail: Mapping[str, object] = row.detail if isinstance(row.detail, dict) else {}
        key = detail.get("id_hash")
        key = key if isinstance(key, str) else ""
        return AuditRecord(
            seq=int(row.seq),
            occurred_at=as_utc(row.occurred_at).astimezone(self._tz),
            actor=row.actor,
            station=row.station,
            action=row.action,
            subject=row.subject,
            purpose=row.purpose,
            person_key=key,
            outcome=outcome_of(row.action, detail),
            detail_json=json.dumps(detail, ensure_ascii=False, sort_keys=True),
            same_person=person is None or key == person.key,
        )

    @staticmethod
    def _export_row(record: AuditRecord, labels: Mapping[AuditOutcome, str]) -> list[Cell]:
        return [
            record.seq,
            record.occurred_at.replace(tzinfo=None),  # the hall's time (a sheet has no zones)
            record.actor,
            record.station,
            record.action,
            record.subject,
            record.person_key,
            record.purpose,
            labels.get(record.outcome, record.outcome.value),
        ]


def _filters(query: AuditQuery, person: PersonFilter | None) -> dict[str, object]:
    """The filters as the search's audit event records them (the person pseudonymised)."""
    filters: dict[str, object] = {
        k: v
        for k, v in {
            "user": query.user,
            "action": query.action,
            "station": query.station,
            "since": _utc(query.since).isoformat() if query.since else "",
            "until": _utc(query.until).isoformat() if query.until else "",
        }.items()
        if v
    }
    detail: dict[str, object] = {"filters": filters}
    if person is not None:
        detail["id_hash"] = person.key  # found again by a search for the same person
    return detail


def _distinct(conn: Connection, column: str) -> tuple[str, ...]:
    """Distinct values of an indexed column by a recursive skip-scan: one index seek per value,
    not a scan of the whole log (PostgreSQL has no loose index scan of its own)."""
    assert column in ("action", "actor", "station")
    sql = text(
        f"""
        WITH RECURSIVE v(val) AS (
            SELECT min({column}) FROM audit_events
            UNION ALL
            SELECT (SELECT min({column}) FROM audit_events WHERE {column} > v.val)
            FROM v WHERE v.val IS NOT NULL
        )
        SELECT val FROM v WHERE val IS NOT NULL
        """
    )
    return tuple(str(v) for (v,) in conn.execute(sql))
