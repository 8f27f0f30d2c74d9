"""Live updates between the stations of one hall: what one station changes, the others see
within a second.

**Publishing.** :func:`publish` is called inside the transaction that makes the change. It
appends one ``change_feed`` row per topic and, on PostgreSQL, sends
``pg_notify('onewindow_changes', …)`` with the rows' sequence numbers and topics. Both are part
of the transaction: a change that rolls back publishes nothing, and PostgreSQL delivers the
notification only at commit. A topic already published in the same transaction is not written
twice. Topics: ``case:<number>`` (any change of a case), ``cases`` (a case was created),
``review:<department>`` (a review task of that department was created, claimed, unclaimed,
decided, reassigned or cancelled, or its case changed while in review). The feed keeps the
newest hour (and at least the newest :data:`KEEP_ROWS` rows); older rows are pruned by one
publish in :data:`PRUNE_EVERY`, a range delete on the primary key.

**Listening.** :class:`ChangeListener` runs on a thread of its own and calls a sink with the
set of topics that changed, coalesced (a burst of changes → one call per ~100 ms):

* PostgreSQL: a dedicated psycopg connection (not one of the pool's: ``LISTEN`` holds it for
  good) built from the same URL and password as the station's engine, waiting for
  notifications; every few seconds, and after every reconnect, it also reads the feed since
  the last sequence number it saw, so a missed notification or an outage costs a delay, never a
  change. A lost server is reconnected with backoff.
* SQLite: a read-only poll on a connection of its own: ``PRAGMA data_version`` every 250 ms
  (it changes only when another connection committed) and, only then, the feed since the last
  sequence number.

On PostgreSQL two transactions may commit in the other order than they took their sequence
numbers; the listener remembers the numbers it skipped for :data:`HOLE_TTL_S` seconds and
picks them up when they commit. It starts at the feed's newest row (no replay of old changes);
when it finds that rows it never saw were pruned, or that the feed went backwards (a restored
database), it sends :data:`RESYNC`: refresh everything.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, cast

import psycopg
from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, text

from desktop.persistence.engine import DatabaseTarget
from desktop.persistence.models import ChangeFeedEntry

__all__ = [
    "CASES",
    "CHANNEL",
    "RESYNC",
    "ChangeListener",
    "Sink",
    "case_topic",
    "prune",
    "publish",
    "review_topic",
]

log = logging.getLogger(__name__)

#: The PostgreSQL notification channel.
CHANNEL = "onewindow_changes"
#: A case was created (accepted, taken in for supplement, or refused at the window).
CASES = "cases"
#: Sent by the listener when it cannot tell what changed: refresh everything.
RESYNC = "*"

#: The feed keeps rows younger than :data:`KEEP_FOR`, and at least the newest ``KEEP_ROWS``.
KEEP_ROWS = 10_000
KEEP_FOR = timedelta(hours=1)
#: One publish in this many (by sequence number) prunes the feed.
PRUNE_EVERY = 512
#: How long a skipped sequence number is waited for (a transaction still running on PostgreSQL).
HOLE_TTL_S = 30.0
#: NOTIFY payloads are limited to 8000 bytes; longer ones go without topics (read from the feed).
_MAX_PAYLOAD = 7000
_MAX_TOPIC = 120

_feed = cast(Table, ChangeFeedEntry.__table__)
_TX_KEY = "onewindow.change_feed.published"

Sink = Callable[[frozenset[str]], None]


def case_topic(number: str) -> str:
    return f"case:{number}"


def review_topic(department_code: str) -> str:
    return f"review:{department_code}"


# ---- publishing ------------------------------------------------------------------------------


#: A topic: 1–120 characters, none of them white space or a comma (one regular expression:
#: every publish checks every topic).
_TOPIC = re.compile(rf"[^\s,]{{1,{_MAX_TOPIC}}}")


def _check_topic(topic: str) -> str:
    if not _TOPIC.fullmatch(topic):
        raise ValueError(
            f"a change topic is 1–{_MAX_TOPIC} characters without spaces or commas: {topic!r}"
        )
    return topic


def _unpublished(conn: Connection, topics: Iterable[str]) -> list[str]:
    """The topics not yet published in ``conn``'s current transaction (remembered on the
    connection, keyed by the transaction object itself)."""
    tx = conn.get_nested_transaction() or conn.get_transaction()
    if tx is None:
        raise RuntimeError("publish() belongs inside the transaction that makes the change")
    seen = conn.info.get(_TX_KEY)
    if seen is None or seen[0] is not tx:
        seen = (tx, set())
        conn.info[_TX_KEY] = seen
    done: set[str] = seen[1]
    fresh = [t for t in dict.fromkeys(_check_topic(t) for t in topics) if t not in done]
    done.update(fresh)
    return fresh


def publish(conn: Connection, *topics: str, now: datetime | None = None) -> tuple[int, ...]:
    """Publish ``topics`` as changed by the transaction ``conn`` is in; returns the feed's new
    sequence numbers (none when every topic was already published in this transaction)."""
    fresh = _unpublished(conn, topics)
    if not fresh:
        return ()
    return publish_now(conn, fresh, now or datetime.now(UTC))


def publish_now(conn: Connection, fresh: Sequence[str], at: datetime) -> tuple[int, ...]:
    """:func:`publish` of topics known to be unpublished in the transaction."""
    if not fresh:
        return ()
    if conn.dialect.name == "postgresql":
        seqs = tuple(
            s
            for i in range(0, len(fresh), _PG_CHUNK)
            for s in _publish_postgresql(conn, fresh[i : i + _PG_CHUNK], at)
        )
    else:
        seqs = tuple(
            int(s)
            for s in conn.execute(
                insert(_feed).returning(_feed.c.seq, sort_by_parameter_order=True),
                [{"topic": t, "at": at} for t in fresh],
            ).scalars()
        )
    fed(conn, seqs)
    return seqs


def take_unpublished(conn: Connection, topics: Iterable[str]) -> list[str]:
    """For a statement of the caller's that publishes in passing (the audit append on
    PostgreSQL, see :data:`FEED_ROWS` and :func:`feed_params`): the topics of ``topics`` not yet
    published in ``conn``'s transaction, counted as published from now on."""
    return _unpublished(conn, topics)


def fed(conn: Connection, seqs: Sequence[int]) -> None:
    """After such a statement: the feed rows it wrote (the pruning every :data:`PRUNE_EVERY`)."""
    if seqs and seqs[-1] // PRUNE_EVERY != (seqs[0] - 1) // PRUNE_EVERY:
        prune(conn, newest=seqs[-1])


#: PostgreSQL: the feed rows and their notification as two CTEs another statement carries
#: (``fed``, then ``told``, whose ``seqs`` it returns): :func:`publish` in the same round trip
#: as that statement. Parameters: :func:`feed_params`. At most :data:`PG_CHUNK` topics.
FEED_ROWS = (
    "INSERT INTO change_feed (topic, at) "
    "SELECT t, :feed_at FROM unnest(CAST(:feed_topics AS text[])) AS u(t) RETURNING seq, topic"
)
FEED_TOLD = (
    "SELECT seqs, pg_notify(:feed_channel, CASE WHEN octet_length(numbers || ' ' || topics) "
    "<= :feed_limit THEN numbers || ' ' || topics ELSE numbers END) AS sent FROM ("
    "SELECT array_agg(seq ORDER BY seq) AS seqs, string_agg(seq::text, ',' ORDER BY seq) "
    "AS numbers, string_agg(topic, ' ' ORDER BY seq) AS topics FROM fed) AS agg"
)


def feed_params(topics: Sequence[str], at: datetime | None = None) -> dict[str, object]:
    return {
        "feed_topics": list(topics),
        "feed_at": at or datetime.now(UTC),
        "feed_channel": CHANNEL,
        "feed_limit": _MAX_PAYLOAD,
    }


#: PostgreSQL: the rows and their notification in one statement (one round trip). The payload
#: is ``"<seq>,<seq>… <topic> <topic>…"`` (paired in order), or only the numbers when it would
#: be too long for a notification (the listener then reads the feed).
_PG_PUBLISH = text(
    """
    WITH ins AS (
        INSERT INTO change_feed (topic, at)
        SELECT t, :at FROM unnest(CAST(:topics AS text[])) AS u(t)
        RETURNING seq, topic
    ), agg AS (
        SELECT array_agg(seq ORDER BY seq) AS seqs,
               string_agg(seq::text, ',' ORDER BY seq) AS numbers,
               string_agg(topic, ' ' ORDER BY seq) AS topics
        FROM ins
    )
    SELECT seqs, pg_notify(
        :channel,
        CASE WHEN octet_length(numbers || ' ' || topics) <= :limit
             THEN numbers || ' ' || topics ELSE numbers END
    ) FROM agg
    """
)
#: Topics per statement on PostgreSQL (keeps even a numbers-only payload far below 8000 bytes).
PG_CHUNK = _PG_CHUNK = 200


def _publish_postgresql(conn: Connection, topics: Sequence[str], at: datetime) -> list[int]:
    row = conn.execute(
        _PG_PUBLISH,
        {"topics": list(topics), "at": at, "channel": CHANNEL, "limit": _MAX_PAYLOAD},
    ).one()
    return [int(s) for s in row.seqs]


def _parse_payload(payload: str) -> tuple[list[int], list[str]]:
    numbers, _, rest = payload.partition(" ")
    try:
        seqs = [int(s) for s in numbers.split(",") if s]
    except ValueError:
        return [], []
    return seqs, rest.split()


def prune(
    conn: Connection,
    *,
    newest: int | None = None,
    now: datetime | None = None,
    keep_rows: int | None = None,
    keep_for: timedelta | None = None,
) -> int:
    """Delete feed rows older than ``keep_for`` (default :data:`KEEP_FOR`) that are not among
    the newest ``keep_rows`` (default :data:`KEEP_ROWS`); returns how many."""
    keep_rows = KEEP_ROWS if keep_rows is None else keep_rows
    keep_for = KEEP_FOR if keep_for is None else keep_for
    if newest is None:
        newest = int(conn.execute(select(func.max(_feed.c.seq))).scalar() or 0)
    cut = newest - keep_rows
    if cut <= 0:
        return 0
    moment = now or datetime.now(UTC)
    result = conn.execute(delete(_feed).where(_feed.c.seq <= cut, _feed.c.at < moment - keep_for))
    return int(result.rowcount or 0)


# ---- listening: where the changes come from ------------------------------------------------


class _Database(Protocol):
    @property
    def target(self) -> DatabaseTarget: ...

    @property
    def engine(self) -> Engine: ...


@dataclass(slots=True)
class _Wake:
    """What one wait brought: notifications as ``(seq, topic)`` pairs, and whether the feed
    should be read (something changed that the notifications did not spell out)."""

    pairs: list[tuple[int, str]] = field(default_factory=list)
    read_feed: bool = False


class _Source(Protocol):
    errors: tuple[type[Exception], ...]

    def connect(self) -> None: ...
    def close(self) -> None: ...
    def bounds(self) -> tuple[int, int]: ...  # (min seq, max seq); (0, 0) when empty
    def read(self, after: int, holes: Sequence[int]) -> list[tuple[int, str]]: ...
    def wait(self, timeout: float) -> _Wake: ...


_READ = "SELECT seq, topic FROM change_feed WHERE seq > {p}{holes} ORDER BY seq LIMIT 5000"
_BOUNDS = "SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM change_feed"


class _PostgresSource:
    """``LISTEN`` on a connection of its own; :meth:`wait` returns the notifications."""

    errors: tuple[type[Exception], ...] = (psycopg.Error, OSError)

    def __init__(self, engine_url: Any, connect_timeout_s: float) -> None:
        args = engine_url.translate_connect_args(username="user", database="dbname")
        args.update({k: v for k, v in engine_url.query.items() if isinstance(v, str)})
        self._kwargs: dict[str, Any] = {
            **args,
            "connect_timeout": max(1, round(connect_timeout_s)),
            "application_name": "onewindow-live",
            # A silently dropped link is noticed by the fallback poll at the latest.
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
        }
        self._conn: psycopg.Connection[tuple[Any, ...]] | None = None

    def connect(self) -> None:
        self.close()
        conn = psycopg.connect(autocommit=True, **self._kwargs)
        try:
            conn.execute(f"LISTEN {CHANNEL}")
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None

    def _live(self) -> psycopg.Connection[tuple[Any, ...]]:
        if self._conn is None or self._conn.closed:
            raise psycopg.OperationalError("the listening connection is closed")
        return self._conn

    def bounds(self) -> tuple[int, int]:
        row = self._live().execute(_BOUNDS).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def read(self, after: int, holes: Sequence[int]) -> list[tuple[int, str]]:
        extra = " OR seq = ANY(%s)" if holes else ""
        params: list[Any] = [after, list(holes)] if holes else [after]
        cur = self._live().execute(_READ.format(p="%s", holes=extra), params)
        return [(int(s), str(t)) for s, t in cur.fetchall()]

    def wait(self, timeout: float) -> _Wake:
        wake = _Wake()
        for n in self._live().notifies(timeout=max(timeout, 0.001), stop_after=1):
            if n.channel != CHANNEL:
                continue
            seqs, topics = _parse_payload(n.payload)
            if len(seqs) == len(topics) and seqs:
                wake.pairs.extend(zip(seqs, topics, strict=True))
            else:  # too long for a payload, or not ours: the feed has it
                wake.read_feed = True
        return wake


class _SqliteSource:
    """A poll on a connection of its own: ``PRAGMA data_version``, then the feed if it moved."""

    errors: tuple[type[Exception], ...] = (sqlite3.Error, OSError)

    def __init__(self, path: str, interval_s: float, busy_timeout_s: float) -> None:
        self._path = path
        self._interval = interval_s
        self._busy_timeout = busy_timeout_s
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None
        self._next = 0.0

    def connect(self) -> None:
        self.close()
        # Autocommit: every read is its own short read transaction, no snapshot kept open.
        # mode=rw: a missing file is an error here, never a new empty database.
        uri = Path(self._path).resolve().as_uri() + "?mode=rw"
        conn = sqlite3.connect(uri, uri=True, timeout=self._busy_timeout, isolation_level=None)
        conn.execute("PRAGMA query_only = ON")
        self._conn = conn
        self._version = self._data_version()
        self._next = time.monotonic() + self._interval

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None

    def _live(self) -> sqlite3.Connection:
        if self._conn is None:
            raise sqlite3.OperationalError("the polling connection is closed")
        return self._conn

    def _data_version(self) -> int:
        return int(self._live().execute("PRAGMA data_version").fetchone()[0])

    def bounds(self) -> tuple[int, int]:
        row = self._live().execute(_BOUNDS).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def read(self, after: int, holes: Sequence[int]) -> list[tuple[int, str]]:
        extra = f" OR seq IN ({','.join('?' * len(holes))})" if holes else ""
        rows = self._live().execute(_READ.format(p="?", holes=extra), [after, *holes])
        return [(int(s), str(t)) for s, t in rows.fetchall()]

    def wait(self, timeout: float) -> _Wake:
        now = time.monotonic()
        if now < self._next:
            time.sleep(min(timeout, self._next - now))
            if time.monotonic() < self._next:
                return _Wake()
        self._next = time.monotonic() + self._interval
        version = self._data_version()
        changed = version != self._version
        self._version = version
        return _Wake(read_feed=changed)


# ---- listening: the thread -------------------------------------------------------------------


@dataclass(slots=True)
class _Cursor:
    """Which sequence numbers were seen: everything up to ``last`` but the ``holes`` (numbers
    skipped, maybe still to commit, with the moment they were first missed)."""

    last: int
    holes: dict[int, float] = field(default_factory=dict)

    def take(self, seq: int, now: float) -> bool:
        """True the first time ``seq`` is seen."""
        if seq > self.last:
            if seq - self.last <= 1000:  # a wider jump: those rows were read in order anyway
                for s in range(self.last + 1, seq):
                    self.holes[s] = now
            self.last = seq
            return True
        return self.holes.pop(seq, None) is not None

    def expire(self, now: float, ttl: float) -> None:
        for s in [s for s, since in self.holes.items() if now - since > ttl]:
            del self.holes[s]


class ChangeListener:
    """Calls ``sink(frozenset[str])`` on its own thread with the topics other stations (and
    this one) changed; see the module's doc. ``start(sink)`` / ``stop()``."""

    def __init__(
        self,
        db: _Database,
        *,
        poll_interval_s: float = 0.25,
        fallback_poll_s: float = 5.0,
        gather_s: float = 0.02,
        min_interval_s: float = 0.1,
        connect_timeout_s: float = 5.0,
        max_backoff_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        target = db.target
        self._source: _Source
        if target.backend == "postgresql":
            self._source = _PostgresSource(db.engine.url, connect_timeout_s)
            self._fallback_s = fallback_poll_s
        elif target.backend == "sqlite":
            self._source = _SqliteSource(
                str(target.url.database), poll_interval_s, connect_timeout_s
            )
            self._fallback_s = float("inf")  # data_version is exact: no blind poll needed
        else:  # pragma: no cover - resolve_target admits only these two
            raise ValueError(f"no live updates for {target.backend}")
        self._tick = poll_interval_s
        self._gather = gather_s
        self._min_interval = min_interval_s
        self._max_backoff = max_backoff_s
        self._clock = clock
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._sink: Sink | None = None
        self._cursor: _Cursor | None = None
        self._pending: set[str] = set()
        self._pending_since = 0.0
        self._last_emit = float("-inf")
        self.connected = False
        self.reconnects = 0

    # ---- control -----------------------------------------------------------------------------

    def start(self, sink: Sink) -> None:
        """Start listening on a thread of its own; ``sink`` is called from that thread."""
        if self._thread is not None:
            if self._thread.is_alive():
                raise RuntimeError("the listener is running (or still stopping)")
            self._thread = None
        self._sink = sink
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="onewindow-live", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the listener knows where the feed stands (first connection made)."""
        return self._ready.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread and close its connection. It ends within about one poll interval,
        or after a connection attempt under way (``connect_timeout_s``); this waits at most
        ``timeout`` seconds for it (the thread is a daemon: it never holds the process)."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if not thread.is_alive():
                self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # ---- the thread --------------------------------------------------------------------------

    def _run(self) -> None:
        backoff = 0.25
        try:
            while not self._stop.is_set():
                try:
                    self._source.connect()
                    self.connected = True
                    self._catch_up()
                    self._ready.set()
                    backoff = 0.25
                    self._listen()
                except self._source.errors as exc:
                    if self.connected:
                        log.warning("live updates: lost the database (%s); reconnecting", exc)
                    else:
                        log.info("live updates: cannot connect (%s); retrying", exc)
                    self.connected = False
                    self.reconnects += 1
                    self._source.close()
                    self._flush(force=True)
                    self._stop.wait(backoff)
                    backoff = min(backoff * 2, self._max_backoff)
        except Exception:  # pragma: no cover - a bug: say so, never take the station down
            log.exception("live updates stopped")
        finally:
            self.connected = False
            self._source.close()
            self._flush(force=True)

    def _catch_up(self) -> None:
        """At start: begin at the newest row. After a reconnect: read what was missed."""
        low, high = self._source.bounds()
        if self._cursor is None:
            self._cursor = _Cursor(high)
            return
        cursor = self._cursor
        if high < cursor.last or low > cursor.last + 1:  # restored, or pruned past us
            log.info("live updates: the feed moved past this station (%s..%s)", low, high)
            self._cursor = _Cursor(high)
            self._add({RESYNC})
            return
        self._read_feed()

    def _listen(self) -> None:
        next_poll = self._clock() + self._fallback_s
        while not self._stop.is_set():
            now = self._clock()
            timeout = min(self._tick, max(next_poll - now, 0.0))
            if self._pending:
                timeout = min(timeout, max(self._due() - now, 0.0))
            wake = self._source.wait(timeout)
            now = self._clock()
            cursor = self._cursor
            assert cursor is not None
            fresh = {topic for seq, topic in wake.pairs if cursor.take(seq, now)}
            self._add(fresh)
            if wake.read_feed or now >= next_poll:
                self._read_feed()
                next_poll = now + self._fallback_s
            self._flush()

    def _read_feed(self) -> None:
        cursor = self._cursor
        assert cursor is not None
        now = self._clock()
        cursor.expire(now, HOLE_TTL_S)
        holes = sorted(cursor.holes)[-500:]
        rows = self._source.read(cursor.last, holes)
        self._add({topic for seq, topic in rows if cursor.take(seq, now)})

    # ---- coalescing --------------------------------------------------------------------------

    def _add(self, topics: set[str]) -> None:
        if topics:
            if not self._pending:
                self._pending_since = self._clock()
            self._pending |= topics

    def _due(self) -> float:
        return max(self._pending_since + self._gather, self._last_emit + self._min_interval)

    def _flush(self, *, force: bool = False) -> None:
        if not self._pending or (not force and self._clock() < self._due()):
            return
        topics, self._pending = frozenset(self._pending), set()
        self._last_emit = self._clock()
        sink = self._sink
        if sink is None:  # pragma: no cover - start() sets it
            return
        try:
            sink(topics)
        except Exception:
            log.exception("live updates: the receiver failed on %s", sorted(topics))
