"""The daily sweep's own tables: the deadline board snapshotted per day, and the lock row that
stands in for PostgreSQL's advisory lock on the embedded database."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.persistence.models.base import Base


class DeadlineSnapshot(Base):
    """The deadline board of one day, as the daily sweep found it: one row per matter and
    accepting window, and one row of totals (``matter_code = ''``, ``window = ''``) that also
    marks the day as taken (the sweep takes each day once)."""

    __tablename__ = "deadline_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    matter_code: Mapped[str] = mapped_column(String(24))
    window: Mapped[str] = mapped_column(String(60))
    running: Mapped[int] = mapped_column(Integer)
    normal: Mapped[int] = mapped_column(Integer)
    yellow: Mapped[int] = mapped_column(Integer)
    red: Mapped[int] = mapped_column(Integer)
    overdue: Mapped[int] = mapped_column(Integer)
    due_today: Mapped[int] = mapped_column(Integer)
    paused: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index(
            "uq_deadline_snapshots_day_matter_window", "day", "matter_code", "window", unique=True
        ),
    )


class SweepLock(Base):
    """Who runs the daily sweep now (the embedded database's stand-in for PostgreSQL's advisory
    lock): one row per sweep while it runs; a row past ``expires_at`` was left by a crash."""

    __tablename__ = "sweep_locks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DailyFigures(Base):
    """The dashboard's additive case figures of one hall day, matter and receiving window, as
    the daily sweep rolled them up (``desktop.services.daily_figures``): ``accepted`` by the day
    received, the rest by the day the case ended. A day's rows stand only with its
    :class:`DailyRollup` mark (a day without cases has the mark and no rows)."""

    __tablename__ = "daily_figures"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    matter_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    window: Mapped[str] = mapped_column(String(60), primary_key=True)
    accepted: Mapped[int] = mapped_column(Integer)
    issued: Mapped[int] = mapped_column(Integer)
    refused: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    finished: Mapped[int] = mapped_column(Integer)
    in_time: Mapped[int] = mapped_column(Integer)


class DailyRollup(Base):
    """A hall day whose :class:`DailyFigures` are rolled up: when, and at which UTC offset of
    the hall's time zone its day was cut (another offset's rollups are not used)."""

    __tablename__ = "daily_rollups"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    offset_minutes: Mapped[int] = mapped_column(Integer)
    rolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RollupWatermark(Base):
    """Until when the daily sweep has looked for late changes (cases whose ``updated_at`` is
    later): the days such cases touch are rolled up again; the dashboard computes them live
    meanwhile. One row (``name = 'cases'``)."""

    __tablename__ = "rollup_watermarks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    seen_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DailyReviewLoad(Base):
    """The review tasks decided on one hall day by one department, as the daily sweep rolled
    them up (``desktop.services.daily_review``), with the department's name that day (the
    greatest, as the live figures take it)."""

    __tablename__ = "daily_review_load"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    department_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    department_name: Mapped[str] = mapped_column(String(120))
    decided: Mapped[int] = mapped_column(Integer)


class DailyReviewBucket(Base):
    """How many of one day's decided tasks of a department took a time (``kind``: ``claim``
    from creation to claim, ``decide`` from creation to decision) in one coarse ``bucket``
    (``desktop.services.daily_review.bucket_of``): where a period's median lies."""

    __tablename__ = "daily_review_buckets"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    department_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    tasks: Mapped[int] = mapped_column(Integer)


class DailyReviewTime(Base):
    """The exact times (whole milliseconds) of one day's decided tasks of a department, per
    kind and bucket, with how many tasks took each: the median's value within its bucket. Keyed
    for reading one bucket over a period; indexed by day for the sweep."""

    __tablename__ = "daily_review_times"

    department_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    millis: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    tasks: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_daily_review_times_day", "day"),)


class DailyRatings(Base):
    """The ratings given on one hall day for one matter at one window (the window that served
    the visit rated), as the daily sweep rolled them up: counted ones (an upheld appeal's left
    out), bad ones (scores 4 and 5), their scores' sum, and the voided ones."""

    __tablename__ = "daily_ratings"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    matter_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    window: Mapped[str] = mapped_column(String(60), primary_key=True)
    rated: Mapped[int] = mapped_column(Integer)
    bad: Mapped[int] = mapped_column(Integer)
    score_sum: Mapped[int] = mapped_column(Integer)
    voided: Mapped[int] = mapped_column(Integer)
