"""Issued documents and the electronic archive.

Every document the hall issues (notices, receipts, queue tickets, …) is registered here with the
PDF that was handed out. The PDF is archived under the archive directory as
``<yyyy>/<mm>/<number>.pdf`` (written to a temporary file, fsynced, renamed into place) and its
SHA-256 is kept with the row, so a printout can always be reproduced from the archive and an
archive copy that was altered or lost is reported instead of printed.

A reprint is the archived PDF with "补打 / DUPLICATE" and the time stamped on every page; the
archive copy itself never changes. Issuing, revoking and reprinting are audited in the same
transaction as the change they record.

Revoking is a case action: :meth:`desktop.services.cases.CaseService.revoke_document` checks
the permission, records the step on the case and calls :meth:`DocumentService.revoke` with the
reason. The document's unfinished print jobs are cancelled with it.

Verifying (:meth:`DocumentService.verify_code`) checks a scanned code's signature against every
public key the hall has signed with (registered in ``signing_keys`` by :meth:`issue`, so any
station can verify without the signer's secret), then the register: the number must have been
issued with exactly this code and not revoked.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)
from sqlalchemy import Connection, CursorResult, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.config.files import write_atomic
from desktop.domain.documents import IssuedDocumentRecord
from desktop.domain.errors import CodedError
from desktop.domain.paper import Paper
from desktop.domain.registry import Actor
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import DocumentBlob, IssuedDocument, PrintJob, SigningKey
from desktop.services.audit import append_event
from printing.verification import (
    CODE_PREFIX,
    DocumentVerifier,
    VerificationResult,
    VerificationStatus,
    key_id,
)

log = logging.getLogger(__name__)

__all__ = [
    "DUPLICATE_MARK",
    "CodeCheck",
    "DocumentError",
    "DocumentErrorCode",
    "DocumentService",
    "DocumentState",
    "DocumentToIssue",
    "IssuedDocumentRecord",
    "stamp_duplicate",
]

#: The words stamped on a reprint (补打 = printed again).
DUPLICATE_MARK = "补打 / DUPLICATE"

_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,59}")
_PAPERS = tuple(p.value for p in Paper)


class DocumentErrorCode(StrEnum):
    BAD_INPUT = "document.bad_input"
    DUPLICATE_NUMBER = "document.duplicate_number"
    UNKNOWN = "document.unknown"
    ARCHIVE_MISSING = "document.archive_missing"
    ARCHIVE_TAMPERED = "document.archive_tampered"
    ARCHIVE_WRITE_FAILED = "document.archive_write_failed"
    REVOKED = "document.revoked"
    ALREADY_REVOKED = "document.already_revoked"
    REASON_REQUIRED = "document.reason_required"


class DocumentError(CodedError):
    """A document cannot be issued, found, reproduced or revoked; ``code`` says why."""

    code: DocumentErrorCode

    def __init__(self, code: DocumentErrorCode, message: str, message_zh: str) -> None:
        super().__init__(message, message_zh, code=code)


class DocumentState(StrEnum):
    """What a verifier learns about a document number (:meth:`DocumentService.status`) or a
    scanned code (:meth:`DocumentService.verify_code`, which alone says ``tampered``)."""

    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    TAMPERED = "tampered"


@dataclass(frozen=True, slots=True)
class DocumentToIssue:
    """A rendered document, ready to be issued."""

    kind: str  # e.g. "acceptance_notice", "receipt_rental_tax", "queue_ticket"
    number: str
    holder_hash: str
    paper: Paper | str  # a Paper value; checked when issued
    pdf: bytes
    case_number: str | None = None
    payload: str | None = None  # the signed verification payload printed as a QR code
    #: The signer's public key (PEM): registered so that every station can verify the code.
    public_key_pem: str | None = None


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """What :meth:`DocumentService.verify_code` found: the verdict and why (English, Chinese).

    ``signature`` is the signature check alone; ``document`` is the register's record, only when
    the code is the one issued under its number (valid or revoked).
    """

    state: DocumentState
    detail: str
    detail_zh: str
    signature: VerificationResult
    document: IssuedDocumentRecord | None = None

    @property
    def valid(self) -> bool:
        return self.state is DocumentState.VALID


def _record(row: IssuedDocument) -> IssuedDocumentRecord:
    return IssuedDocumentRecord(
        id=row.id,
        kind=row.kind,
        number=row.number,
        case_number=row.case_number,
        holder_hash=row.holder_hash,
        payload=row.payload,
        sha256=row.sha256,
        archive_path=row.archive_path,
        paper=Paper(row.paper),
        issued_at=as_utc(row.issued_at),
        issued_by=row.issued_by,
        station=row.station,
        revoked=row.revoked,
        revoked_at=as_utc(row.revoked_at),
        revoked_by=row.revoked_by,
        revoked_reason=row.revoked_reason,
        print_count=row.print_count,
    )


def _subject(number: str) -> str:
    return f"document:{number}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _bad(message: str, message_zh: str) -> DocumentError:
    return DocumentError(DocumentErrorCode.BAD_INPUT, message, message_zh)


def _check(doc: DocumentToIssue) -> None:
    if not _NUMBER.fullmatch(doc.number):
        raise _bad(
            f"Document number {doc.number!r} is not valid: 1-60 letters, digits, '.', '_' or "
            "'-', starting with a letter or digit.",
            f"文书编号“{doc.number}”无效：只能由字母、数字、“.”“_”“-”组成，最长 60 位。",
        )
    if not doc.kind.strip() or len(doc.kind) > 40:
        raise _bad("The document kind is empty or too long.", "文书种类为空或过长。")
    if doc.paper not in _PAPERS:
        raise _bad(
            f"Paper {doc.paper!r} is not known; use one of {', '.join(_PAPERS)}.",
            f"纸张“{doc.paper}”未知，应为 {'、'.join(_PAPERS)}。",
        )
    if not doc.pdf.startswith(b"%PDF-"):
        raise _bad("The document is not a PDF.", "文书内容不是 PDF 文件。")
    if not doc.holder_hash or len(doc.holder_hash) > 64:
        raise _bad("The holder hash is empty or too long.", "持有人标识为空或过长。")
    if doc.case_number is not None and len(doc.case_number) > 60:
        raise _bad("The case number is too long.", "办件编号过长。")
    if doc.public_key_pem is not None:
        public_key = _public_key(doc.public_key_pem)
        if doc.payload is None:
            raise _bad("A signing key was given without a code.", "有签名公钥但无核验码。")
        # The register only ever holds codes that verify, and say what the row says.
        result = DocumentVerifier([public_key]).verify(doc.payload)
        claims = result.claims
        if (
            claims is None
            or claims.number != doc.number
            or claims.case_number != (doc.case_number or "")
            or claims.kind != doc.kind
        ):
            raise _bad(
                f"The verification code of document {doc.number} does not verify with the "
                f"given key or names another document ({result.detail}).",
                f"文书 {doc.number} 的核验码与签名公钥或文书信息不符。",
            )


def _public_key(pem: str) -> Ed25519PublicKey:
    try:
        key = load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        key = None
    if not isinstance(key, Ed25519PublicKey):
        raise _bad("The signing key is not an Ed25519 public key (PEM).", "签名公钥格式无效。")
    return key


def _pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode("ascii")


_signing_keys = cast(Table, SigningKey.__table__)
_REGISTER_KEY = {
    name: dialect_insert(_signing_keys).on_conflict_do_nothing(index_elements=["key_id"])
    for name, dialect_insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}


class DocumentService:
    """Issue, look up, reproduce and revoke documents; the PDFs live in ``archive_dir``."""

    def __init__(
        self,
        db: Database,
        archive_dir: Path,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._db = db
        self.archive_dir = Path(archive_dir)
        self._now = now
        self._registered_keys: set[str] = set()  # known to be in ``signing_keys``

    # ---- issuing ---------------------------------------------------------------------------

    def issue(self, doc: DocumentToIssue, actor: Actor) -> IssuedDocumentRecord:
        """Archive the PDF and register the document (with its audit event) in one go.

        The row is inserted first (a duplicate number fails before any file is touched), then
        the file is written and checked, then everything commits. If anything fails after the
        file was written, the file is removed again; a file left by a crash between the two is
        never referenced and is overwritten if the number is issued later.
        """
        _check(doc)
        issued_at = as_utc(self._now())
        local = issued_at.astimezone()
        rel = f"{local:%Y}/{local:%m}/{doc.number}.pdf"
        path = self.archive_dir / rel
        digest = _sha256(doc.pdf)
        # Set before the file is written: from then on, a failure removes whatever is at
        # ``path`` (the number is ours after the flush; an older file there is an orphan).
        touched = False
        new_key: str | None = None
        try:
            with uow.session(self._db) as session:
                if session.scalar(
                    select(IssuedDocument.id).where(IssuedDocument.number == doc.number)
                ):
                    raise self._duplicate(doc.number)
                row = IssuedDocument(
                    kind=doc.kind,
                    number=doc.number,
                    case_number=doc.case_number,
                    holder_hash=doc.holder_hash,
                    payload=doc.payload,
                    sha256=digest,
                    archive_path=rel,
                    paper=doc.paper,
                    issued_at=issued_at,
                    issued_by=actor.user,
                    station=actor.station,
                    revoked=False,
                    print_count=0,
                )
                session.add(row)
                session.flush()  # a concurrent issue of the same number fails here
                # The PDF in the database too: every station of the hall can reprint it.
                session.add(DocumentBlob(document_id=row.id, pdf=doc.pdf))
                new_key = self._register_key(session, doc, issued_at, actor)
                append_event(
                    session.connection(),
                    actor,
                    "document.issue",
                    _subject(doc.number),
                    f"issue {doc.kind}",
                    {
                        "kind": doc.kind,
                        "case_number": doc.case_number,
                        "paper": doc.paper,
                        "sha256": digest,
                        "archive_path": rel,
                    },
                    now=lambda: issued_at,
                )
                try:
                    touched = True
                    write_atomic(path, doc.pdf)
                    if _sha256(path.read_bytes()) != digest:
                        raise OSError("the archived copy reads back different bytes")
                except OSError as exc:
                    raise DocumentError(
                        DocumentErrorCode.ARCHIVE_WRITE_FAILED,
                        f"Cannot archive document {doc.number} at {path}: {exc}",
                        f"文书 {doc.number} 无法写入电子档案（{path}）：{exc}",
                    ) from exc
                record = _record(row)
        except IntegrityError:
            if touched:
                path.unlink(missing_ok=True)
            raise self._duplicate(doc.number) from None
        except BaseException:
            if touched:
                path.unlink(missing_ok=True)
            raise
        if new_key is not None:
            self._registered_keys.add(new_key)
        log.info("issued %s %s, archived at %s", doc.kind, doc.number, rel)
        return record

    def _register_key(
        self, session: Session, doc: DocumentToIssue, at: datetime, actor: Actor
    ) -> str | None:
        """Record the signer's public key (once per key; a concurrent insert is no conflict)."""
        if doc.public_key_pem is None:
            return None
        public_key = _public_key(doc.public_key_pem)
        kid = key_id(public_key)
        if kid in self._registered_keys:
            return None
        conn = session.connection()
        conn.execute(
            _REGISTER_KEY[conn.dialect.name].values(
                key_id=kid, public_key_pem=_pem(public_key), first_used_at=at, station=actor.station
            )
        )
        return kid

    # ---- verifying -------------------------------------------------------------------------

    def public_keys(self) -> tuple[Ed25519PublicKey, ...]:
        """Every public key the hall has issued documents with."""
        with uow.session(self._db) as session:
            pems = session.scalars(select(SigningKey.public_key_pem).order_by(SigningKey.key_id))
            keys = []
            for pem in pems:
                try:
                    keys.append(_public_key(pem))
                except DocumentError:
                    log.warning("signing_keys holds a row that is not an Ed25519 public key")
            return tuple(keys)

    def verify_code(self, code: str, *, extra_keys: Iterable[Ed25519PublicKey] = ()) -> CodeCheck:
        """A scanned verification code: valid, tampered, revoked or unknown.

        The signature is checked against :meth:`public_keys` and ``extra_keys``; then the code
        must be the one the register holds for its document number, of the same case, and the
        document not revoked. A correctly signed code the hall never issued (a sample, another
        hall's key, a code re-signed with another key) is unknown.
        """
        result = DocumentVerifier([*self.public_keys(), *extra_keys]).verify(code)
        text = code.strip().upper()

        def check(
            state: DocumentState, en: str, zh: str, record: IssuedDocumentRecord | None = None
        ) -> CodeCheck:
            return CodeCheck(state, en, zh, result, record)

        if result.status is VerificationStatus.TAMPERED:
            return check(
                DocumentState.TAMPERED,
                "The signature does not match the content: the code was altered.",
                "签名与内容不符：核验码已被改动。",
            )
        if result.status is VerificationStatus.UNKNOWN_KEY:
            return check(
                DocumentState.UNKNOWN,
                f"Signed by a key this hall never issued documents with ({result.key_id}).",
                "签名密钥不属于本大厅：非本大厅出具的文书。",
            )
        if result.status is VerificationStatus.MALFORMED or result.claims is None:
            if text.startswith(CODE_PREFIX + "."):
                return check(
                    DocumentState.TAMPERED,
                    f"The code is damaged ({result.detail}).",
                    "核验码已损坏，无法读取。",
                )
            return check(
                DocumentState.UNKNOWN,
                "Not a OneWindow verification code.",
                "不是本系统的文书核验码。",
            )
        claims = result.claims
        if claims.sample:
            return check(
                DocumentState.UNKNOWN,
                "A SAMPLE printed for setting up printers: never issued.",
                "打印机调试样本，并非正式出具的文书。",
            )
        record = self.get(claims.number)
        if record is None:
            return check(
                DocumentState.UNKNOWN,
                f"No document numbered {claims.number} was issued here.",
                f"未查到编号为 {claims.number} 的文书出具记录。",
            )
        if record.payload is None or record.payload.strip().upper() != text:
            return check(
                DocumentState.UNKNOWN,
                f"Document {claims.number} was issued with another verification code: this "
                "one was never issued.",
                f"文书 {claims.number} 出具时的核验码与此不同：此码并非本大厅出具。",
            )
        if (record.case_number or "") != claims.case_number or record.kind != claims.kind:
            return check(
                DocumentState.UNKNOWN,
                f"The register's document {claims.number} is of another case or kind.",
                f"登记的文书 {claims.number} 的办件或种类与核验码不符。",
            )
        if record.revoked:
            when = record.revoked_at.date().isoformat() if record.revoked_at else "?"
            return check(
                DocumentState.REVOKED,
                f"Document {claims.number} was revoked on {when}: {record.revoked_reason}.",
                f"文书 {claims.number} 已于 {when} 作废：{record.revoked_reason}。",
                record,
            )
        return check(
            DocumentState.VALID,
            f"Issued by this hall on {claims.issued_on.isoformat()} for case "
            f"{claims.case_number}; not revoked.",
            f"本大厅于 {claims.issued_on.isoformat()} 出具（办件 {claims.case_number}），有效。",
            record,
        )

    @staticmethod
    def _duplicate(number: str) -> DocumentError:
        return DocumentError(
            DocumentErrorCode.DUPLICATE_NUMBER,
            f"A document numbered {number} was already issued.",
            f"编号为 {number} 的文书已出具。",
        )

    # ---- looking up ------------------------------------------------------------------------

    def get(self, number: str) -> IssuedDocumentRecord | None:
        with uow.session(self._db) as session:
            row = session.scalar(select(IssuedDocument).where(IssuedDocument.number == number))
            return _record(row) if row is not None else None

    def of_case(self, case_number: str) -> tuple[IssuedDocumentRecord, ...]:
        """The documents issued for a case, oldest first (revoked ones too)."""
        with uow.session(self._db) as session:
            rows = session.scalars(
                select(IssuedDocument)
                .where(IssuedDocument.case_number == case_number)
                .order_by(IssuedDocument.id)
            ).all()
            return tuple(_record(r) for r in rows)

    def require(self, number: str) -> IssuedDocumentRecord:
        record = self.get(number)
        if record is None:
            raise DocumentError(
                DocumentErrorCode.UNKNOWN,
                f"No document numbered {number} was issued here.",
                f"未查到编号为 {number} 的文书。",
            )
        return record

    def status(self, number: str) -> DocumentState:
        """For verification: valid, revoked, or unknown (never issued here)."""
        record = self.get(number)
        if record is None:
            return DocumentState.UNKNOWN
        return DocumentState.REVOKED if record.revoked else DocumentState.VALID

    def archive_file(self, record: IssuedDocumentRecord) -> Path:
        return self.archive_dir.joinpath(*record.archive_path.split("/"))

    def archived_pdf(self, number: str) -> bytes:
        """The PDF exactly as issued, checked against its SHA-256."""
        return self._archived(self.require(number))

    def _archived(self, record: IssuedDocumentRecord) -> bytes:
        path = self.archive_file(record)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            stored = self._blob(record)  # issued at another station: the database's copy
            if stored is not None:
                if _sha256(stored) != record.sha256:
                    raise DocumentError(
                        DocumentErrorCode.ARCHIVE_TAMPERED,
                        f"The stored copy of document {record.number} was altered: it no "
                        "longer matches the SHA-256 recorded when it was issued.",
                        f"文书 {record.number} 的存档已被改动，与出具时记录的校验值不符。",
                    ) from None
                return stored
            raise DocumentError(
                DocumentErrorCode.ARCHIVE_MISSING,
                f"The archived copy of document {record.number} is missing ({path}); restore it "
                "from the archive backup.",
                f"文书 {record.number} 的电子档案缺失（{path}），请从档案备份中恢复。",
            ) from None
        except OSError as exc:
            raise DocumentError(
                DocumentErrorCode.ARCHIVE_MISSING,
                f"The archived copy of document {record.number} cannot be read ({path}): {exc}",
                f"文书 {record.number} 的电子档案无法读取（{path}）：{exc}",
            ) from None
        if _sha256(data) != record.sha256:
            raise DocumentError(
                DocumentErrorCode.ARCHIVE_TAMPERED,
                f"The archived copy of document {record.number} was altered: it no longer "
                f"matches the SHA-256 recorded when it was issued ({path}).",
                f"文书 {record.number} 的电子档案已被改动，与出具时记录的校验值不符（{path}）。",
            )
        return data

    def _blob(self, record: IssuedDocumentRecord) -> bytes | None:
        """The PDF kept in the database (``document_blobs``), None if there is none."""
        with uow.connection(self._db) as conn:
            data = conn.execute(
                select(DocumentBlob.pdf).where(DocumentBlob.document_id == record.id)
            ).scalar_one_or_none()
        return bytes(data) if data is not None else None

    # ---- reprints --------------------------------------------------------------------------

    def reprint_pdf(
        self,
        number: str,
        actor: Actor,
        *,
        purpose: str = "reprint",
        when: datetime | None = None,
    ) -> bytes:
        """The archived PDF with "补打 / DUPLICATE" and the time on every page; audited.

        A revoked document is not reprinted. The archive copy is left unchanged.
        """
        record = self.require(number)
        self._refuse_revoked(record)
        when = when or self._now()
        stamped = stamp_duplicate(self._archived(record), when)
        with uow.session(self._db) as session:
            append_event(
                session.connection(),
                actor,
                "document.reprint",
                _subject(number),
                purpose,
                {"kind": record.kind, "stamped_at": when.isoformat(timespec="seconds")},
            )
        return stamped

    def printable_pdf(self, number: str, *, duplicate_at: datetime | None = None) -> bytes:
        """What the print dispatcher prints: the archived PDF (stamped as a duplicate with
        ``duplicate_at``); a revoked document is refused. Not audited: a reprint is audited
        when it is asked for (:meth:`reprint_pdf`, ``PrintQueue.enqueue(reprint=True)``)."""
        record = self.require(number)
        self._refuse_revoked(record)
        pdf = self._archived(record)
        return pdf if duplicate_at is None else stamp_duplicate(pdf, duplicate_at)

    @staticmethod
    def _refuse_revoked(record: IssuedDocumentRecord) -> None:
        if record.revoked:
            raise DocumentError(
                DocumentErrorCode.REVOKED,
                f"Document {record.number} was revoked ({record.revoked_reason}); it is not "
                "printed again.",
                f"文书 {record.number} 已作废（{record.revoked_reason}），不能再打印。",
            )

    # ---- revoking --------------------------------------------------------------------------

    def revoke(
        self,
        number: str,
        reason: str,
        actor: Actor,
        *,
        also: Callable[[Connection, IssuedDocumentRecord], None] | None = None,
    ) -> IssuedDocumentRecord:
        """Mark the document revoked (audited) and cancel its unfinished print jobs.

        ``also`` runs in the same transaction with the revoked record (the case service records
        the step on the document's case there); if it raises, nothing is revoked.
        """
        reason = reason.strip()
        if not reason:
            raise DocumentError(
                DocumentErrorCode.REASON_REQUIRED,
                "Revoking a document needs a reason.",
                "作废文书必须填写原因。",
            )
        if len(reason) > 300:
            raise _bad("The reason is longer than 300 characters.", "作废原因超过 300 字。")
        now = as_utc(self._now())
        with uow.session(self._db) as session:
            row = session.scalar(
                select(IssuedDocument).where(IssuedDocument.number == number).with_for_update()
            )
            if row is None:
                raise DocumentError(
                    DocumentErrorCode.UNKNOWN,
                    f"No document numbered {number} was issued here.",
                    f"未查到编号为 {number} 的文书。",
                )
            if row.revoked:
                raise DocumentError(
                    DocumentErrorCode.ALREADY_REVOKED,
                    f"Document {number} was already revoked ({row.revoked_reason}).",
                    f"文书 {number} 已于此前作废（{row.revoked_reason}）。",
                )
            row.revoked = True
            row.revoked_at = now
            row.revoked_by = actor.user
            row.revoked_reason = reason
            result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                update(PrintJob)
                .where(
                    PrintJob.document_id == row.id,
                    PrintJob.status.in_(("queued", "failed")),
                )
                .values(
                    status="cancelled",
                    last_error_code=DocumentErrorCode.REVOKED.value,
                    last_error=f"the document was revoked: {reason}",
                    updated_at=now,
                )
            )
            cancelled = result.rowcount
            append_event(
                session.connection(),
                actor,
                "document.revoke",
                _subject(number),
                reason,
                {"kind": row.kind, "case_number": row.case_number, "jobs_cancelled": cancelled},
                now=lambda: now,
            )
            session.flush()
            record = _record(row)
            if also is not None:
                also(session.connection(), record)
            return record


# ---- the duplicate stamp -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _stamp_font_name() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    from printing.fonts import FontError, default_fonts

    # The documents' own body font (registered once by printing.fonts, subset-embedded).
    try:
        return default_fonts().body.name
    except FontError as exc:
        # Last resort: a standard Adobe CID font (not embedded; the viewer supplies the glyphs).
        log.warning("no TrueType CJK font (%s): the duplicate stamp uses STSong-Light", exc)
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light"


def stamp_duplicate(pdf: bytes, when: datetime) -> bytes:
    """``pdf`` with "补打 / DUPLICATE" and ``when`` (local time) at the top right of every page."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.canvas import Canvas

    font = _stamp_font_name()
    reader = PdfReader(io.BytesIO(pdf))
    overlay_buf = io.BytesIO()
    canvas = Canvas(overlay_buf)
    red = Color(0.8, 0.0, 0.0)
    stamp_time = when.astimezone().strftime("%Y-%m-%d %H:%M")
    for page in reader.pages:
        box = page.mediabox
        left, bottom = float(box.left), float(box.bottom)
        width, height = float(box.width), float(box.height)
        canvas.setPageSize((left + width, bottom + height))
        size = max(7.0, min(14.0, width / 20))
        margin = min(18.0, width * 0.04)
        right = left + width - margin
        top = bottom + height - margin
        text_width = max(
            canvas.stringWidth(DUPLICATE_MARK, font, size),
            canvas.stringWidth(stamp_time, font, size * 0.8),
        )
        pad = size * 0.35
        canvas.setStrokeColor(red)
        canvas.setFillColor(red)
        canvas.setLineWidth(1.2)
        canvas.rect(
            right - text_width - 2 * pad,
            top - size * 2.1 - 2 * pad,
            text_width + 2 * pad,
            size * 2.1 + 2 * pad,
            stroke=1,
            fill=0,
        )
        canvas.setFont(font, size)
        canvas.drawRightString(right - pad, top - pad - size * 0.9, DUPLICATE_MARK)
        canvas.setFont(font, size * 0.8)
        canvas.drawRightString(right - pad, top - pad - size * 1.95, stamp_time)
        canvas.showPage()
    canvas.save()
    overlay = PdfReader(io.BytesIO(overlay_buf.getvalue()))
    writer = PdfWriter(clone_from=reader)
    for page, stamp in zip(writer.pages, overlay.pages, strict=True):
        page.merge_page(stamp)
    writer.add_metadata({"/Subject": f"{DUPLICATE_MARK} {stamp_time}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
