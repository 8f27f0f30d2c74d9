"""Exactly-once acceptance (issue 12, point 3): a submit retried after the commit's
acknowledgement was lost finds the case it made; it makes no second case and no second
audit event.

On PostgreSQL the loss is real: the station talks to the server through a TCP proxy that, at
the accepting transaction's COMMIT, lets the server commit and then cuts the connection before
the client reads the server's "COMMIT" reply (the client sees the connection die; the case is
in the database). ``REPLAYS_MADE_A_SECOND_CASE`` is printed for the issue's closing note.
"""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import DBAPIError

import desktop.services.cases.tables as case_tables
from desktop.config.paths import AppPaths
from desktop.config.settings import DatabaseSettings, Settings
from desktop.domain.cases import RequestIdInvalid, RequestIdReused
from desktop.persistence.database import Database, open_database
from desktop.persistence.engine import DatabaseError
from desktop.persistence.models import AuditEvent, Case
from services.case_factory import (  # type: ignore[import-not-found]
    APPLICANT_ID,
    CLERK,
    OTHER_ID,
    PROMISED,
    application,
    make_service,
)

REPLAYS = {"tried": 0, "second_case": 0}


# ---- the proxy that loses the COMMIT's acknowledgement ------------------------------------


class CommitCutter:
    """A TCP proxy to PostgreSQL. Armed, it forwards the server's messages until the reply to
    a COMMIT (CommandComplete "COMMIT"), which it swallows, closing both sides: the server has
    committed, the client never learns it."""

    def __init__(self, host: str, port: int) -> None:
        self._target = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.armed = threading.Event()
        self.cut = threading.Event()
        self._open: list[socket.socket] = []
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True, name="commit-cutter").start()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self._target)
            self._open += [client, server]
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._replies, args=(server, client), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with _quiet():
                    s.close()

    def _replies(self, server: socket.socket, client: socket.socket) -> None:
        """Server to client, message by message (type byte, int32 length, body)."""
        buf = b""
        try:
            while data := server.recv(65536):
                buf += data
                out = b""
                while len(buf) >= 5:
                    length = int.from_bytes(buf[1:5], "big")
                    if len(buf) < 1 + length:
                        break
                    message, buf = buf[: 1 + length], buf[1 + length :]
                    if self.armed.is_set() and message[:1] == b"C" and message[5:11] == b"COMMIT":
                        self.armed.clear()
                        client.sendall(out)  # everything before the reply, not the reply
                        self.cut.set()
                        raise ConnectionAbortedError("cut after COMMIT")
                    out += message
                if out:
                    client.sendall(out)
        except OSError:
            pass
        finally:
            for s in (server, client):
                with _quiet():
                    s.shutdown(socket.SHUT_RDWR)
                with _quiet():
                    s.close()

    def close(self) -> None:
        self._stopped = True
        self._listener.close()
        for s in self._open:
            with _quiet():
                s.close()


class _quiet:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return exc[0] is not None and issubclass(exc[0], OSError)  # type: ignore[arg-type]


# ---- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def proxied_pg(app_home: AppPaths, pg_db: Database, pg_database: Any) -> Iterator[Any]:
    """The migrated test database (``pg_db``), opened a second time through the cutter."""
    url = pg_db.target.url
    cutter = CommitCutter(url.host or "127.0.0.1", url.port or 5432)
    through = url.set(
        host="127.0.0.1",
        port=cutter.port,
        query={"sslmode": "disable", "gssencmode": "disable"},
        password=None,
    )
    settings = Settings(
        database=DatabaseSettings(url=through.render_as_string(hide_password=False))
    )
    db = open_database(app_home, settings, password=pg_database.password, migrate=False)
    try:
        yield db, cutter
    finally:
        db.dispose()
        cutter.close()


def _cut_the_accepting_commit(db: Database, cutter: CommitCutter, monkeypatch: Any) -> None:
    """Arm the cutter just before the COMMIT of the transaction that inserted a case (the
    insert runs on the driver's cursor, so it is marked by wrapping the prepared statement)."""
    insert = case_tables.INSERT_CASE

    class Marking:
        def one_or_none(self, conn: Any, **params: Any) -> Any:
            conn.info["inserted_case"] = True
            return insert.one_or_none(conn, **params)

    monkeypatch.setattr(case_tables, "INSERT_CASE", Marking())

    @event.listens_for(db.engine, "commit")
    def arm(conn: Any) -> None:
        if conn.info.pop("inserted_case", False) and not cutter.cut.is_set():  # once
            cutter.armed.set()


def _cases(db: Database, request_id: str) -> list[str]:
    with db.begin() as s:
        return list(s.scalars(select(Case.number).where(Case.request_id == request_id)))


def _audited(db: Database, number: str) -> list[str]:
    with db.begin() as s:
        return list(
            s.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.subject == f"case:{number}")
                .order_by(AuditEvent.seq)
            )
        )


# ---- PostgreSQL: the connection is cut after the COMMIT -------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize("attempt", range(5))
def test_a_retry_after_a_lost_commit_acknowledgement_returns_the_same_case(
    proxied_pg: Any, monkeypatch: pytest.MonkeyPatch, attempt: int
) -> None:
    db, cutter = proxied_pg
    service = make_service(db)
    _cut_the_accepting_commit(db, cutter, monkeypatch)
    request_id = str(uuid.uuid4())
    app = application(PROMISED, request_id=request_id)

    with pytest.raises((DBAPIError, DatabaseError)):  # the connection died at the COMMIT
        service.accept(CLERK, app)
    assert cutter.cut.is_set()
    [number] = _cases(db, request_id)  # ...after the server had committed the case

    again = service.accept(CLERK, app)  # the window sends the same application again
    REPLAYS["tried"] += 1
    assert again.case.number == number
    assert _cases(db, request_id) == [number]  # one row
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 1
    audited = _audited(db, number)
    assert audited.count("case.accept") == 1, audited  # no second audit 'accept'
    if len(_cases(db, request_id)) != 1:
        REPLAYS["second_case"] += 1


@pytest.mark.postgres
def test_without_a_request_id_the_same_loss_makes_a_second_case(
    proxied_pg: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: the proxy does lose the acknowledgement, and a retry without an id is a
    second case — which is what the request id prevents."""
    db, cutter = proxied_pg
    service = make_service(db)
    _cut_the_accepting_commit(db, cutter, monkeypatch)
    with pytest.raises((DBAPIError, DatabaseError)):
        service.accept(CLERK, application(PROMISED))
    service.accept(CLERK, application(PROMISED))
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 2


# ---- on every backend: replays, concurrent replays, misuse ----------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


def test_replaying_an_application_returns_its_case(db: Database) -> None:
    service = make_service(db)
    app = application(PROMISED, request_id=str(uuid.uuid4()))
    first = service.accept(CLERK, app)
    for _ in range(3):
        again = service.accept(CLERK, app)
        REPLAYS["tried"] += 1
        assert again.case == first.case and again.event is first.event
    assert _cases(db, app.request_id or "") == [first.case.number]
    assert _audited(db, first.case.number).count("case.accept") == 1
    # Another application (another id) is another case.
    other = service.accept(CLERK, application(PROMISED, request_id=str(uuid.uuid4())))
    assert other.case.number != first.case.number


def test_concurrent_replays_make_one_case(db: Database) -> None:
    service = make_service(db)
    app = application(PROMISED, request_id=str(uuid.uuid4()))
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def submit() -> None:
        barrier.wait()
        try:
            results.append(service.accept(CLERK, app).case.number)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    REPLAYS["tried"] += 4
    assert not errors, errors
    assert len(set(results)) == 1 and len(results) == 4
    assert _cases(db, app.request_id or "") == results[:1]
    if len(_cases(db, app.request_id or "")) != 1:
        REPLAYS["second_case"] += 1


def test_a_request_id_is_not_a_key_to_someone_elses_case(db: Database) -> None:
    service = make_service(db)
    rid = str(uuid.uuid4())
    service.accept(CLERK, application(PROMISED, request_id=rid))
    with pytest.raises(RequestIdReused):
        service.accept(CLERK, application(PROMISED, request_id=rid, id_number=OTHER_ID))
    with pytest.raises(RequestIdInvalid):
        service.accept(CLERK, application(PROMISED, request_id="not-a-uuid"))
    assert APPLICANT_ID != OTHER_ID


def test_figures() -> None:
    print(
        f"\nISSUE12_FIGURES replays tried={REPLAYS['tried']} "
        f"made a second case={REPLAYS['second_case']}"
    )
    assert REPLAYS["second_case"] == 0
