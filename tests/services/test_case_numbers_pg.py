"""Case numbers under concurrency: 16 threads accepting at once produce unique numbers with no
gaps per day — also when some acceptances roll back after taking a number — on PostgreSQL and
on the embedded SQLite."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import select

from desktop.domain.cases import CaseState
from desktop.persistence import models
from desktop.persistence.database import Database
from desktop.services.audit import verify_chain
from desktop.services.cases import CaseService
from services.case_factory import (  # type: ignore[import-not-found]
    CLERK,
    IMMEDIATE,
    PROMISED,
    Clock,
    application,
    make_service,
)

THREADS = 16


class _FlakyService(CaseService):
    """Fails every ``nth`` acceptance after its number was taken (a crash mid-transaction)."""

    nth = 5

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._calls = 0
        self._lock = threading.Lock()
        self.failed = 0

    def _after_accept(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        with self._lock:
            self._calls += 1
            fail = self._calls % self.nth == 0
            if fail:
                self.failed += 1
        if fail:
            raise RuntimeError("simulated crash after the number was taken")
        super()._after_accept(*args, **kwargs)  # type: ignore[arg-type]


def _run(db: Database, per_thread: int, clock: Clock) -> tuple[list[str], int]:
    svc = make_service(db, clock, service_class=_FlakyService)
    assert isinstance(svc, _FlakyService)
    numbers: list[str] = []
    errors: list[BaseException] = []
    guard = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker(i: int) -> None:
        matter = IMMEDIATE if i % 4 else PROMISED  # two sequences in parallel
        start.wait()
        for _ in range(per_thread):
            try:
                case = svc.accept(CLERK, application(matter)).case
            except RuntimeError:
                continue
            except BaseException as exc:  # pragma: no cover - reported below
                with guard:
                    errors.append(exc)
                return
            with guard:
                numbers.append(case.number)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors[:3]
    return numbers, svc.failed


def _check(db: Database, numbers: list[str], failed: int, total: int, day: str) -> None:
    assert failed > 0
    assert len(numbers) == total - failed
    assert len(set(numbers)) == len(numbers)  # unique
    by_category: dict[str, list[int]] = {}
    for n in numbers:
        assert n.startswith(f"440307{day}")
        category, seq = n[14:16], int(n[16:])
        by_category.setdefault(category, []).append(seq)
    # gap-free per day and category: the rolled-back ones gave their numbers back
    for seqs in by_category.values():
        assert sorted(seqs) == list(range(1, len(seqs) + 1))
    assert set(by_category) == {"ZL", "JZ"}
    with db.engine.connect() as conn:
        stored = conn.execute(select(models.Case.number, models.Case.state)).all()
        assert sorted(n for n, _ in stored) == sorted(numbers)
        assert Counter(s for _, s in stored) == {
            CaseState.ISSUED.value: sum(n[14:16] == "ZL" for n in numbers),
            CaseState.IN_REVIEW.value: sum(n[14:16] == "JZ" for n in numbers),
        }
        assert verify_chain(conn).ok


@pytest.mark.postgres
def test_sixteen_threads_on_postgresql(pg_db: Database) -> None:
    clock = Clock()
    numbers, failed = _run(pg_db, 25, clock)
    _check(pg_db, numbers, failed, THREADS * 25, f"{clock.today:%Y%m%d}")
    # the next day starts again at 1
    clock.advance(days=1)
    svc = make_service(pg_db, clock)
    assert svc.accept(CLERK, application(IMMEDIATE)).case.number == (
        f"440307{clock.today:%Y%m%d}ZL00001"
    )


def test_sixteen_threads_on_sqlite(sqlite_db: Database) -> None:
    clock = Clock()
    numbers, failed = _run(sqlite_db, 10, clock)
    _check(sqlite_db, numbers, failed, THREADS * 10, f"{clock.today:%Y%m%d}")
