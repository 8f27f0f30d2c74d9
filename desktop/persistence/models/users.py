"""Accounts that sign in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.persistence.models.base import Base

# --------------------------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------------------------


class User(Base):
    """A person who signs in at a station (or a kiosk's account); see desktop.services.auth.

    ``password_hash`` is an argon2id string that carries its own parameters and salt
    (``$argon2id$v=19$m=…,t=…,p=…$salt$hash``). ``roles`` and ``departments`` are JSON lists of
    :class:`desktop.domain.permissions.Role` values and department codes.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    departments: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("failed_attempts >= 0", name="failed_attempts_not_negative"),)
