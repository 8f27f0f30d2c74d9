"""The audit chain's verification status, for the supervisor's viewer and ``audit verify``.

What the viewer shows is the last thing this station knows about the chain:

- a **verification** (``onewindow-admin audit verify``, or "verify now" in the viewer), recorded
  here in a small owner-only file per database (``<data>/audit-verification/<tag>.json``): when,
  how far the chain verified, ok or broken and where, and the checkpoints that no longer match;
- else, or when it covers more events, the newest **checkpoint** this station took (the window's
  start and close, ``audit checkpoint``): the chain's head at that moment, signed.

A broken verification stays the status until a later verification passes: a checkpoint taken
since (it only checks that the anchor points at the last event) does not hide it.

The verification itself is :class:`~desktop.services.keying.AuditKeeper`'s, through its public
``verify`` (this module reads its report and nothing of the chain's internals). A "verify now"
is itself an event of the log (``audit.verify``: who, from which station, and the outcome),
appended once the verification is done, so the log says who looked at it and what they saw.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from desktop.config.files import write_atomic
from desktop.domain.audit_log import ChainStatus, ChainStatusSource
from desktop.domain.permissions import Permission, Principal
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.services import guard
from desktop.services.audit import append_event
from desktop.services.audit_checkpoints import Checkpoint, database_tag
from desktop.services.keying import AuditCheck, AuditKeeper

__all__ = ["ChainStatusService", "VerificationLog", "chain_status"]


class VerificationLog:
    """The last verification of one database's chain on this station."""

    def __init__(
        self,
        data_dir: Path,
        database: str,
        station: str,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.file = data_dir / "audit-verification" / f"{database_tag(database)}.json"
        self.station = station
        self._now = now

    @classmethod
    def for_keeper(cls, keeper: AuditKeeper, data_dir: Path) -> VerificationLog:
        return cls(data_dir, keeper.store.database, keeper.store.station)

    def record(self, check: AuditCheck) -> ChainStatus:
        """Keep the result of a verification (owner-only file); returns it as a status."""
        chain = check.chain
        problems = tuple(p for _, p in check.checkpoints.mismatched) if check.checkpoints else ()
        problem = chain.problem
        if chain.ok and not chain.keyed:
            problem = "the chain is of an earlier version and not keyed yet (audit rekey)"
        elif chain.ok and problems:
            problem = "a checkpoint no longer matches the chain"
        status = ChainStatus(
            source=ChainStatusSource.VERIFY,
            at=self._now().astimezone(UTC),
            ok=check.ok,
            verified_to=chain.checked,
            broken_at=chain.first_broken_seq if not chain.ok else None,
            problem="" if check.ok else problem,
            checkpoint_problems=problems,
            station=self.station,
        )
        body = {
            "at": status.at.isoformat() if status.at else None,
            "ok": status.ok,
            "verified_to": status.verified_to,
            "broken_at": status.broken_at,
            "problem": status.problem,
            "checkpoint_problems": list(status.checkpoint_problems),
            "station": status.station,
        }
        write_atomic(self.file, (json.dumps(body, ensure_ascii=False) + "\n").encode("utf-8"))
        return status

    def last(self) -> ChainStatus | None:
        """The recorded verification (None: none, or a file that cannot be read)."""
        try:
            body = json.loads(self.file.read_text(encoding="utf-8"))
            return ChainStatus(
                source=ChainStatusSource.VERIFY,
                at=datetime.fromisoformat(str(body["at"])),
                ok=bool(body["ok"]),
                verified_to=_int_or_none(body.get("verified_to")),
                broken_at=_int_or_none(body.get("broken_at")),
                problem=str(body.get("problem", "")),
                checkpoint_problems=tuple(str(p) for p in body.get("checkpoint_problems", ())),
                station=str(body.get("station", "")),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None


def _int_or_none(value: object) -> int | None:
    return int(value) if isinstance(value, int | str) and str(value).lstrip("-").isdigit() else None


def _newest_checkpoint(files: list[Path]) -> ChainStatus | None:
    for file in reversed(files):  # named by time: the newest last
        try:
            cp = Checkpoint.from_json(file.read_text(encoding="utf-8"))
            at = datetime.fromisoformat(cp.time)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        return ChainStatus(
            source=ChainStatusSource.CHECKPOINT,
            at=at,
            ok=True,
            verified_to=cp.seq,
            station=cp.station,
        )
    return None


def chain_status(log: VerificationLog, checkpoint_files: list[Path]) -> ChainStatus:
    """The status to show: see the module's docstring for which one wins."""
    verified = log.last()
    if verified is not None and not verified.ok:
        return verified
    checkpoint = _newest_checkpoint(checkpoint_files)
    if checkpoint is not None and (
        verified is None or (checkpoint.verified_to or 0) > (verified.verified_to or 0)
    ):
        return checkpoint  # it vouches for a longer chain than the last full verification
    return verified or ChainStatus(ChainStatusSource.NONE)


class ChainStatusService:
    """The status line of the audit viewer and its "verify now" (Qt-free)."""

    #: The action and purpose of the event a "verify now" appends.
    VERIFY_ACTION = "audit.verify"
    VERIFY_PURPOSE = "verify the audit chain (the supervisor's viewer)"

    def __init__(
        self,
        db: Database,
        keeper: AuditKeeper,
        data_dir: Path,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._db = db
        self._keeper = keeper
        self._log = VerificationLog.for_keeper(keeper, data_dir)
        self._now = now

    def chain_status(self, principal: Principal) -> ChainStatus:
        guard.authorize(self._db, principal, Permission.AUDIT_SEARCH, subject="audit:chain")
        return chain_status(self._log, self._keeper.store.files())

    def verify_now(self, principal: Principal) -> ChainStatus:
        """Run the whole verification (the chain and every checkpoint; a checkpoint after an
        intact one), record and return it. Takes as long as the chain is long: run it off the
        GUI thread. The verification is then appended to the log (``audit.verify``) with its
        outcome; a broken chain still takes the event (appending reads no predecessor but the
        lane's anchor)."""
        guard.authorize(self._db, principal, Permission.AUDIT_SEARCH, subject="audit:chain")
        status = self._log.record(self._keeper.verify())
        detail: dict[str, object] = {
            "ok": status.ok,
            "verified_to": status.verified_to,
            "broken_at": status.broken_at,
            "problem": status.problem,
            "checkpoint_problems": len(status.checkpoint_problems),
        }
        with uow.transaction(self._db) as conn:
            append_event(
                conn,
                principal.actor,
                self.VERIFY_ACTION,
                "audit:chain",
                self.VERIFY_PURPOSE,
                detail,
                now=self._now,
            )
        return status
