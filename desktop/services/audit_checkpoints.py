"""Audit checkpoints: the chain's head, signed by the station and kept outside the database.

A keyed chain (:mod:`desktop.services.audit`) cannot be edited or extended without the hall's
secret, but two things leave a chain that still verifies: cutting its newest events and moving
the anchor back, and restoring an older copy of the whole database. A checkpoint records what
the chain looked like at a moment — ``{database, key id, last seq, last MAC, count, time,
station}`` and every lane's newest event (``lanes``: ``[lane, seq, MAC]``) — signed with the
station's Ed25519 document-signing key and written to the archive folder
(``<archive>/audit-checkpoints/<database tag>/``, owner-only), never to the database. A later
check finds every checkpoint of this database: an event a checkpoint recorded that is missing
now, or whose MAC differs, is a truncation or a rollback, and the checkpoint is named.
Recording every lane's head is what catches a lane's tail cut (and its anchor moved back)
after a checkpoint, whichever lane it is; a checkpoint of an earlier version (v1, one chain)
records its last event, which migration 0016 kept in lane 1 with its number and MAC, so it is
still checked.

When checkpoints are taken: by ``onewindow-admin audit checkpoint`` (also to ``--out FILE``),
after every ``audit verify`` that finds the chain and all checkpoints intact, after a re-keying,
and by the window at its start and when the clerk signs out or closes it. Events appended after
the newest checkpoint are protected by the MACs only: cutting them (and moving the anchor) is
not detectable from the database alone.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, Table, func, select

from desktop.config.files import write_atomic
from desktop.persistence.models import AuditEvent, AuditHead
from desktop.services.audit import GENESIS_HASH, AuditError, AuditErrorCode, chain_key_id
from desktop.services.secrets import HallSecret
from desktop.services.signing_keys import HallKeys, SigningKeyError, load_public_key_pem

__all__ = [
    "FORMAT",
    "Checkpoint",
    "CheckpointReport",
    "CheckpointStore",
    "database_tag",
]

FORMAT = "onewindow-audit-checkpoint-v2"
#: One chain, no lanes (before migration 0016): still read and checked.
FORMAT_V1 = "onewindow-audit-checkpoint-v1"

_events = cast(Table, AuditEvent.__table__)
_head = cast(Table, AuditHead.__table__)


def database_tag(database: str) -> str:
    """The folder name of a database's checkpoints (its display URL, hashed)."""
    return hashlib.sha256(database.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Checkpoint:
    database: str
    key_id: str
    seq: int
    mac: str
    count: int
    time: str
    station: str
    signer: str
    public_key: str
    signature: str = ""
    format: str = FORMAT
    #: Every lane's newest event at the checkpoint: (lane, seq, MAC); empty lanes left out.
    lanes: tuple[tuple[int, int, str], ...] = ()

    def signed_bytes(self) -> bytes:
        body = {k: v for k, v in asdict(self).items() if k != "signature"}
        if self.format == FORMAT_V1:
            del body["lanes"]
        return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") not in (FORMAT, FORMAT_V1):
            raise ValueError("not a OneWindow audit checkpoint")
        lanes = tuple((int(lane), int(seq), str(mac)) for lane, seq, mac in data.get("lanes", ()))
        return cls(
            database=str(data["database"]),
            key_id=str(data["key_id"]),
            seq=int(data["seq"]),
            mac=str(data["mac"]),
            count=int(data["count"]),
            time=str(data["time"]),
            station=str(data["station"]),
            signer=str(data["signer"]),
            public_key=str(data["public_key"]),
            signature=str(data["signature"]),
            format=str(data["format"]),
            lanes=lanes,
        )


@dataclass(slots=True)
class CheckpointReport:
    """What the checkpoints of this database say about the chain now."""

    #: Checkpoints whose signature is this station's (or a trusted key's) and that match.
    matched: int = 0
    #: (file, problem) of every checkpoint that no longer matches the chain, oldest first.
    mismatched: list[tuple[Path, str]] = field(default_factory=list)
    #: (file, why) of files that could not be used (unreadable, unsigned, another key).
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatched


class CheckpointStore:
    """The checkpoints of one database in one station's archive folder."""

    def __init__(
        self,
        archive_dir: Path,
        database: str,
        station: str,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.root = archive_dir / "audit-checkpoints"
        self.folder = self.root / database_tag(database)
        self.database = database
        self.station = station
        self._now = now

    def files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("*.json") if p.is_file())

    def exists(self) -> bool:
        return bool(self.files())

    def take(
        self,
        conn: Connection,
        secret: HallSecret,
        keys: HallKeys,
        *,
        out: Path | None = None,
    ) -> tuple[Checkpoint, Path]:
        """Record the chain's current head; returns the checkpoint and the archive file.

        Refuses (:class:`AuditError`) a chain keyed with another secret, or whose anchor does
        not point at its last event (checkpointing that would certify a broken state).
        """
        heads = conn.execute(
            select(_head.c.id, _head.c.last_seq, _head.c.last_hash, _head.c.key_id).order_by(
                _head.c.id
            )
        ).all()
        used = [h for h in heads if int(h.last_seq) > 0]
        key_ids = {h.key_id for h in used}
        if used and key_ids != {secret.key_id}:
            raise AuditError(
                AuditErrorCode.SECRET_MISMATCH if None not in key_ids else AuditErrorCode.NOT_KEYED,
                "No checkpoint taken: the chain is not keyed with this station's hall secret.",
            )
        macs = {
            int(r.seq): (int(r.lane), str(r.hash))
            for r in conn.execute(
                select(_events.c.seq, _events.c.lane, _events.c.hash).where(
                    _events.c.seq.in_([int(h.last_seq) for h in used])
                )
            )
        }
        for h in used:
            if macs.get(int(h.last_seq)) != (int(h.id), h.last_hash):
                raise AuditError(
                    AuditErrorCode.CHECKPOINT_REFUSED,
                    f"No checkpoint taken: the anchor of lane {h.id} (event {h.last_seq}) does "
                    "not match the lane's last event; run `onewindow-admin audit verify`.",
                )
        newest = max(used, key=lambda h: int(h.last_seq), default=None)
        seq = int(newest.last_seq) if newest is not None else 0
        lanes = tuple((int(h.id), int(h.last_seq), str(h.last_hash)) for h in used)
        count = int(conn.execute(select(func.count()).select_from(_events)).scalar_one())
        moment = self._now().astimezone(UTC)
        unsigned = Checkpoint(
            database=self.database,
            key_id=secret.key_id,
            seq=seq,
            mac=str(newest.last_hash) if newest is not None else GENESIS_HASH,
            count=count,
            time=moment.isoformat(timespec="microseconds"),
            station=self.station,
            signer=keys.key_id,
            public_key=keys.public_key_pem(),
            lanes=lanes,
        )
        signature = keys.private_key.sign(unsigned.signed_bytes())
        checkpoint = Checkpoint(
            **{
                **asdict(unsigned),
                "signature": base64.urlsafe_b64encode(signature).decode("ascii"),
            }
        )
        text = checkpoint.to_json()
        name = f"{moment:%Y%m%dT%H%M%S%fZ}-{seq}.json"
        file = self.folder / name
        write_atomic(file, text.encode("utf-8"))  # owner-only file, folders 0700
        if out is not None:
            write_atomic(out, text.encode("utf-8"), dir_mode=None)
        return checkpoint, file

    def check(self, conn: Connection, trusted: list[Ed25519PublicKey]) -> CheckpointReport:
        """Check every checkpoint of this database against the chain as it is now."""
        report = CheckpointReport()
        trusted_ids = {_raw(k) for k in trusted}
        chain_key = chain_key_id(conn)
        last_seq = int(conn.execute(select(func.max(_head.c.last_seq))).scalar() or 0)
        for file in self.files():
            try:
                cp = Checkpoint.from_json(file.read_text(encoding="utf-8"))
                key = load_public_key_pem(cp.public_key)
                key.verify(base64.urlsafe_b64decode(cp.signature), cp.signed_bytes())
            except (OSError, ValueError, KeyError, TypeError, SigningKeyError, InvalidSignature):
                report.skipped.append((file, "not a validly signed checkpoint"))
                continue
            if _raw(key) not in trusted_ids:
                report.skipped.append((file, f"signed by another station's key ({cp.signer})"))
                continue
            if cp.database != self.database:
                report.skipped.append((file, f"a checkpoint of another database ({cp.database})"))
                continue
            problem = self._compare(conn, cp, chain_key, last_seq)
            if problem:
                report.mismatched.append((file, problem))
            else:
                report.matched += 1
        return report

    @staticmethod
    def _compare(conn: Connection, cp: Checkpoint, chain_key: str | None, last_seq: int) -> str:
        where = f"the checkpoint of {cp.time} ({cp.station}, event {cp.seq})"
        if cp.seq == 0:
            return ""
        if chain_key != cp.key_id:
            return (
                f"{where} was taken on a chain keyed with {cp.key_id}; the chain now names "
                f"{chain_key or 'no key (unkeyed)'}: it was rewritten or replaced"
            )
        # v1: the one chain's last event; v2: every lane's newest (the first that differs)
        for lane, seq, mac in cp.lanes or ((1, cp.seq, cp.mac),):
            found = conn.execute(
                select(_events.c.hash, _events.c.lane).where(_events.c.seq == seq)
            ).one_or_none()
            if found is None:
                return (
                    f"{where}: event {seq} is gone, the chain now ends at event {last_seq} "
                    f"(truncated, or rolled back to an older copy of the database; lane {lane})"
                )
            if found.hash != mac or (cp.lanes and found.lane != lane):
                return (
                    f"{where}: event {seq} is not the one checkpointed (rolled back to an older "
                    f"copy of the database, or the chain was rewritten; lane {lane})"
                )
        return ""


def _raw(key: Ed25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def checkpoint_summary(cp: Checkpoint) -> dict[str, Any]:
    return {"seq": cp.seq, "count": cp.count, "time": cp.time, "key_id": cp.key_id}
