"""Re-keying a database of an earlier version: the audit chain and the person pseudonyms.

Earlier versions chained the audit log with an unkeyed sha256 and stored unkeyed pseudonyms
(``sha256("onewindow-subject:" + number)``) in the cases and in audit events' ``id_hash``. The
schema migration (0007) cannot see the hall's secret, so the re-keying is done here, once, in
one transaction, at the first start with a secret (the window's start, ``onewindow-admin init``
and ``onewindow-admin audit rekey``):

1. the unkeyed chain is verified (nothing is re-keyed from a broken chain);
2. every unkeyed pseudonym is mapped back to its number through the numbers the hall holds in
   clear: the application forms kept with the cases (``form_values``), then the registry's
   persons; it is replaced by the keyed pseudonym of that number;
3. the chain is re-computed with the keyed MAC, from the first event on.

A pseudonym in an audit event whose number the hall no longer holds (a look-up of a number not
in the registry, a case deleted since) cannot be re-keyed; leaving it would leave a reversible
hash in the log, so it is removed from the event (``id_hash`` becomes ``""``, and
``id_hash_unresolved: true`` is recorded); so is the unkeyed hash of an unknown user name typed
at a failed sign-in (``name_hash``). Such an event is still found by its masked subject
(``person:110105********002X``), no longer by the person's pseudonym. A case whose applicant's
number is not in its form keeps an empty pseudonym for the same reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import cast

from sqlalchemy import Connection, Engine, Table, select, update

from desktop.config.paths import AppPaths
from desktop.domain.identity import normalise_id_text
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent, Case, Person
from desktop.services.audit import (
    AuditError,
    AuditErrorCode,
    ChainReport,
    chain_is_legacy,
    rekey_chain,
    verify_chain,
)
from desktop.services.audit_checkpoints import Checkpoint, CheckpointReport, CheckpointStore
from desktop.services.pseudonyms import legacy_pseudonym, pseudonym
from desktop.services.secrets import (
    HallSecret,
    HallSecretError,
    StationKeys,
    bind_hall_secret,
    hall_secret_for,
    is_bound,
    station_loader,
)
from desktop.services.signing_keys import HallKeys, SigningKeyError

__all__ = [
    "AuditCheck",
    "AuditKeeper",
    "RekeyReport",
    "attach_hall_secret",
    "rekey_database",
    "rekey_if_needed",
]

log = logging.getLogger(__name__)

_cases = cast(Table, Case.__table__)
_events = cast(Table, AuditEvent.__table__)
_persons = cast(Table, Person.__table__)


@dataclass(frozen=True, slots=True)
class RekeyReport:
    events: int = 0
    cases: int = 0
    pseudonyms_rekeyed: int = 0
    pseudonyms_unresolved: int = 0

    @property
    def done(self) -> bool:
        return self.events > 0


def attach_hall_secret(engine: Engine, keys: StationKeys, *, eager: bool = False) -> None:
    """Bind this station's hall secret to ``engine`` (unless one is bound already).

    See :func:`~desktop.services.secrets.station_loader` for when a secret is created. Without
    ``eager`` the keyring is only opened when a service first needs the secret.
    """
    if is_bound(engine):
        return
    load = station_loader(keys)
    bind_hall_secret(engine, load(engine) if eager else load)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def rekey_database(conn: Connection, secret: HallSecret) -> RekeyReport:
    """Re-key an unkeyed chain and every stored pseudonym, inside the caller's transaction.

    Does nothing (an empty report) when the chain is keyed already or empty.
    """
    if not chain_is_legacy(conn):
        return RekeyReport()
    known: dict[str, str] = {}  # unkeyed pseudonym -> number

    # The cases: the numbers are in their forms.
    case_rows = conn.execute(
        select(
            _cases.c.id, _cases.c.applicant_id_hash, _cases.c.agent_id_hash, _cases.c.form_values
        )
    ).all()
    for row in case_rows:
        for text in _strings(row.form_values or {}):
            number = normalise_id_text(text)
            if 0 < len(number) <= 40:
                known.setdefault(legacy_pseudonym(number), number)

    # The audit events' pseudonyms: resolve what the cases did not through the registry.
    wanted = {
        str(ev.detail["id_hash"])
        for ev in conn.execute(select(_events.c.detail))
        if isinstance(ev.detail, dict) and ev.detail.get("id_hash")
    }
    wanted |= {str(r.applicant_id_hash) for r in case_rows if r.applicant_id_hash}
    wanted |= {str(r.agent_id_hash) for r in case_rows if r.agent_id_hash}
    missing = wanted - known.keys()
    if missing:
        result = conn.execution_options(yield_per=20_000).execute(select(_persons.c.id_number))
        try:
            for (number,) in result:
                h = legacy_pseudonym(number)
                if h in missing:
                    known[h] = number
                    missing.discard(h)
                    if not missing:
                        break
        finally:
            result.close()

    rekeyed = unresolved = 0

    def new(old: str) -> str:
        nonlocal rekeyed, unresolved
        if not old:
            return old
        number = known.get(old)
        if number is None:
            unresolved += 1
            return ""
        rekeyed += 1
        return pseudonym(secret, number)

    for row in case_rows:
        conn.execute(
            update(_cases)
            .where(_cases.c.id == row.id)
            .values(
                applicant_id_hash=new(row.applicant_id_hash or ""),
                agent_id_hash=new(row.agent_id_hash or ""),
            )
        )

    def rewrite(detail: dict[str, object]) -> dict[str, object]:
        out = dict(detail)
        old = detail.get("id_hash")
        if isinstance(old, str) and old:
            out["id_hash"] = new(old)
            if not out["id_hash"]:
                out["id_hash_unresolved"] = True
        if isinstance(detail.get("name_hash"), str) and detail["name_hash"]:
            # An unknown user name typed at a failed sign-in: no clear copy to re-key from.
            out["name_hash"] = ""
            out["name_hash_unresolved"] = True
        return out

    events = rekey_chain(conn, secret, rewrite_detail=rewrite)
    report = RekeyReport(events, len(case_rows), rekeyed, unresolved)
    log.info(
        "re-keyed the audit chain and pseudonyms with the hall secret %s: %s", secret.key_id, report
    )
    return report


def rekey_if_needed(db: Database, checkpoints: CheckpointStore) -> RekeyReport:
    """Re-key the database of an earlier version with the secret bound to ``engine``.

    Refused when this station holds checkpoints of this database: they were taken of a keyed
    chain, so an unkeyed one now means the chain was rewritten or the database replaced by a
    copy from before the upgrade — re-keying would launder that.
    """
    with uow.connection(db) as conn:
        if not chain_is_legacy(conn):
            return RekeyReport()
    if checkpoints.exists():
        raise AuditError(
            AuditErrorCode.REKEY_REFUSED,
            "The audit chain is unkeyed, but this station holds checkpoints of it keyed "
            f"({checkpoints.folder}): it was rewritten, or the database was replaced by a copy "
            "from before the upgrade. It was not re-keyed; restore the database from a backup.",
            "审计链未使用密钥，但本工作站保存有其已使用密钥时的检查点：审计链被改写，或数据库被替换为"
            "升级前的副本。未重新计算；请从备份恢复数据库。",
        )
    secret = hall_secret_for(db.engine)
    with uow.transaction(db) as conn:
        return rekey_database(conn, secret)


@dataclass(frozen=True, slots=True)
class AuditCheck:
    """``audit verify``: the chain, the checkpoints (None: not checked, ``why``), a new one."""

    chain: ChainReport
    checkpoints: CheckpointReport | None
    why_no_checkpoints: str = ""
    taken: Path | None = None

    @property
    def ok(self) -> bool:
        return (
            self.chain.ok and self.chain.keyed and (self.checkpoints is None or self.checkpoints.ok)
        )


class AuditKeeper:
    """One station's view of the audit chain's integrity: re-keying, verifying, checkpoints."""

    def __init__(
        self,
        db: Database,
        paths: AppPaths,
        keys: StationKeys,
        station: str,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.db = db
        self.keys = keys
        self.store = CheckpointStore(paths.archive_dir, db.target.display_url, station, now=now)
        attach_hall_secret(db.engine, keys)

    @cached_property
    def _signing(self) -> HallKeys:
        return self.keys.signing_keys(create=True)

    def rekey(self) -> RekeyReport:
        """Re-key a chain of an earlier version (and the pseudonyms); a checkpoint after."""
        report = rekey_if_needed(self.db, self.store)
        if report.done:
            self.try_checkpoint()
        return report

    def checkpoint(self, out: Path | None = None) -> tuple[Checkpoint, Path]:
        """Record the chain's head, signed, in the archive folder (and ``out``)."""
        secret = hall_secret_for(self.db.engine)
        with uow.connection(self.db) as conn:
            return self.store.take(conn, secret, self._signing, out=out)

    def try_checkpoint(self) -> Path | None:
        """A checkpoint if one can be taken (no signing key, a broken anchor: logged, None)."""
        try:
            return self.checkpoint()[1]
        except (SigningKeyError, AuditError, HallSecretError, OSError) as exc:
            log.warning("no audit checkpoint taken: %s", exc)
            return None

    def verify(self, *, checkpoint: bool = True) -> AuditCheck:
        """Verify the chain with the hall secret and every checkpoint of this database.

        With ``checkpoint``, a chain found intact (keyed, every checkpoint matching) is
        checkpointed again.
        """
        secret = hall_secret_for(self.db.engine)
        why = ""
        try:
            trusted = [self.keys.signing_keys(create=False).public_key]
        except SigningKeyError as exc:
            trusted, why = [], str(exc)
        with uow.connection(self.db) as conn:
            chain = verify_chain(conn, secret=secret)
            cps = self.store.check(conn, trusted) if trusted else None
        result = AuditCheck(chain, cps, why)
        if checkpoint and result.ok:
            return AuditCheck(chain, cps, why, self.try_checkpoint())
        return result
