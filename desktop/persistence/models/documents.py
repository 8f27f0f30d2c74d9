"""Issued documents (the electronic archive), their blobs, signing keys and the print queue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.paper import Paper
from desktop.persistence.models.base import Base

#: The papers a document may be printed on, as SQL (the same list as migration 0005's).
_PAPER_VALUES = ", ".join(repr(p.value) for p in Paper)


# --------------------------------------------------------------------------------------------
# Issued documents (electronic archive) and the print queue
# --------------------------------------------------------------------------------------------


class IssuedDocument(Base):
    """A document the hall issued: its PDF is archived under the archive directory.

    ``sha256`` is the digest of the archived file (``archive_path``, relative to the archive
    directory, with forward slashes); a copy that no longer matches it is reported as tampered.
    """

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    case_number: Mapped[str | None] = mapped_column(String(60), index=True)
    holder_hash: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    archive_path: Mapped[str] = mapped_column(String(300))
    paper: Mapped[str] = mapped_column(String(12))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    issued_by: Mapped[str] = mapped_column(String(60))
    station: Mapped[str] = mapped_column(String(60))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(60))
    revoked_reason: Mapped[str | None] = mapped_column(String(300))
    print_count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        CheckConstraint(
            f"paper IN ({', '.join(repr(p.value) for p in Paper)})", name="paper_known"
        ),
    )


class DocumentBlob(Base):
    """The PDF of an issued document, kept in the database beside the archive file.

    Every station of the hall shares the database, not necessarily the archive folder: a
    station that did not issue a document (a kiosk reprinting a receipt a window issued) reads
    the PDF from here when the file is not in its own archive (checked against the register's
    SHA-256 like the file).
    """

    __tablename__ = "document_blobs"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("issued_documents.id", ondelete="CASCADE"), primary_key=True
    )
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class SigningKey(Base):
    """A public key the hall has signed documents with: any station verifies against all of them.

    Registered with the first document a key signs (``key_id`` as printed in the codes); the
    private key never leaves the signing station's OS keyring.
    """

    __tablename__ = "signing_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    public_key_pem: Mapped[str] = mapped_column(Text)
    first_used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    station: Mapped[str] = mapped_column(String(60))


class PrintJob(Base):
    """One print of an issued document at a station; kept (with its error) until it is done."""

    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), index=True)
    station: Mapped[str] = mapped_column(String(60))
    #: The printer's system name; empty = the station's default (or PDF files without one).
    printer: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error_code: Mapped[str | None] = mapped_column(String(60))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    is_reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Pages the printer accepted on the successful attempt.
    pages: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'printing', 'done', 'failed', 'cancelled')", name="status_known"
        ),
        Index("ix_print_jobs_station_status", "station", "status"),
    )
