"""``onewindow-admin print-samples``, ``verify-document`` and ``export-signing-key``.

``print-samples --out DIR`` renders one document of every kind from synthetic data, signed with
this station's key like a real document and marked 样本 SAMPLE on every page (and in the signed
claims), for setting up printers: trays, margins, the 80 mm ticket printer.

``verify-document`` checks a verification code: given as text (``--payload``), or found in a
PDF (its metadata first, then its QR codes as a camera would read them), or in a scanned image.
It checks the signature against every public key the hall has issued documents with (kept in the
database, so a station that never signed anything verifies too), this station's key and any
``--public-key`` files, then the issued-documents register
(:meth:`~desktop.services.documents.DocumentService.verify_code`): the number must have been
issued with exactly this code, and not revoked. It prints one JSON object whose ``status`` is
``valid``, ``tampered``, ``revoked`` or ``unknown`` (never issued here: another hall's key, a
SAMPLE, a code re-signed with another key), with the details. Further checks plug in through
:data:`DOCUMENT_CHECKS`. Exit 0 only when valid (and the holder matches, if asked), else 1.

``export-signing-key`` prints this station's public key (PEM) for other stations' verifiers.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TextIO

from desktop.cli.common import EXIT_CHECK_FAILED, EXIT_OK, CliError
from desktop.config.paths import AppPaths
from desktop.domain.registry import to_jsonable
from desktop.persistence.database import Database
from desktop.services.documents import DocumentService
from desktop.services.secrets import StationKeys
from desktop.services.signing_keys import (
    HallKeys,
    SigningKeyError,
    SigningKeyErrorCode,
    load_public_key_pem,
)
from printing.fonts import FontError
from printing.model import DocumentDataError, DocumentKind
from printing.render import code_from_pdf_metadata, render
from printing.samples import sample_documents
from printing.scan import ScanError, codes_in_image, codes_in_pdf
from printing.verification import DocumentClaims, DocumentVerifier

__all__ = [
    "DOCUMENT_CHECKS",
    "CheckOutcome",
    "add_parsers",
    "cmd_export_signing_key",
    "cmd_print_samples",
    "cmd_verify_document",
]


class PrintingContext(Protocol):
    out: TextIO
    err: TextIO
    paths: AppPaths
    #: The station's key provider: the window's (keyring; the demo's key file).
    keys: StationKeys

    def db(self) -> Database: ...

    def emit(self, obj: Any) -> None: ...


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """What one further check says about a validly signed document."""

    name: str
    ok: bool
    detail: str


#: Further checks of a validly signed document, run in order after the register's. Each gets the
#: command's context and the claims.
DOCUMENT_CHECKS: list[Callable[[Any, DocumentClaims], CheckOutcome]] = []


def _keys(ctx: PrintingContext, create: bool) -> HallKeys:
    try:
        return ctx.keys.signing_keys(create=create)
    except SigningKeyError as exc:
        raise CliError(exc.code, str(exc)) from None


# ---- parsers ------------------------------------------------------------------------------


def add_parsers(sub: Any) -> None:
    sp = sub.add_parser(
        "print-samples",
        help="render one SAMPLE of every document type from synthetic data (printer set-up)",
    )
    sp.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    sp.add_argument(
        "--date", type=date.fromisoformat, metavar="YYYY-MM-DD", help="issue date (default today)"
    )
    sp.add_argument(
        "--png", action="store_true", help="also write a PNG of each first page (needs pdftoppm)"
    )
    sp = sub.add_parser(
        "verify-document",
        help="check a document's verification code (from text, a PDF or a scanned image)",
    )
    sp.add_argument("file", nargs="?", type=Path, help="a PDF, or a PNG/JPEG scan")
    sp.add_argument("--payload", metavar="TEXT", help="the code as text (OW1.…)")
    sp.add_argument(
        "--public-key",
        action="append",
        default=[],
        type=Path,
        metavar="PEM",
        help="also accept this exported public key (repeatable)",
    )
    sp.add_argument(
        "--id-number", metavar="NUMBER", help="also check that this person is the holder"
    )
    sp = sub.add_parser(
        "export-signing-key", help="print this station's document-signing public key (PEM)"
    )
    sp.add_argument("--out", type=Path, metavar="FILE", help="write it to FILE instead")


# ---- commands -----------------------------------------------------------------------------


def cmd_print_samples(ctx: PrintingContext, args: argparse.Namespace) -> int:
    signer = _keys(ctx, create=True).signer()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in sample_documents(args.date or date.today()):
        try:
            rendered = render(doc, signer, sample=True)
        except (DocumentDataError, FontError) as exc:
            raise CliError(exc.code, str(exc)) from None
        path = out / f"{doc.kind.value}.pdf"
        path.write_bytes(rendered.pdf)
        written.append(path)
        if args.png:
            from printing.scan import rasterise_pdf

            try:
                pngs = rasterise_pdf(
                    path, out / f".{doc.kind.value}", dpi=110, first_page_only=True
                )
            except ScanError as exc:
                raise CliError(exc.code, str(exc)) from None
            for png in pngs:
                png.replace(out / f"{doc.kind.value}.png")
        ctx.out.write(f"{doc.kind.title_zh}\t{doc.kind.paper}\t{path}\n")
    ctx.out.write(f"{len(written)} SAMPLE documents written to {out}\n")
    return EXIT_OK


def _find_code(args: argparse.Namespace) -> tuple[str, str]:
    """The code to check and where it came from."""
    if args.payload:
        if args.file:
            raise CliError("verify.bad_option", "Give either --payload or a FILE, not both.")
        return args.payload.strip(), "payload"
    if args.file is None:
        raise CliError("verify.bad_option", "Give --payload TEXT or a FILE (PDF or image).")
    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError("verify.unreadable", f"Cannot read {path}: {exc.strerror}.") from None
    try:
        if data.startswith(b"%PDF"):
            code = code_from_pdf_metadata(data)
            if code is not None:
                return code, "pdf-metadata"
            codes = codes_in_pdf(path)
            source = "pdf-qr"
        else:
            codes = codes_in_image(path)
            source = "image-qr"
    except ScanError as exc:
        raise CliError(exc.code, str(exc)) from None
    if not codes:
        raise CliError("verify.no_code", f"No OneWindow verification code found in {path}.")
    return codes[0], source


def cmd_verify_document(ctx: PrintingContext, args: argparse.Namespace) -> int:
    code, source = _find_code(args)
    keys = []
    for pem in args.public_key:
        try:
            keys.append(load_public_key_pem(Path(pem).read_bytes()))
        except OSError as exc:
            raise CliError("verify.unreadable", f"Cannot read {pem}: {exc.strerror}.") from None
        except SigningKeyError as exc:
            raise CliError(exc.code, f"{pem}: {exc}") from None
    own: HallKeys | None = None
    try:
        own = ctx.keys.signing_keys(create=False)
        keys.append(own.public_key)
    except SigningKeyError as exc:
        # Verifying needs no secret: the hall's public keys are in the database.
        if exc.code not in (SigningKeyErrorCode.NO_KEY, SigningKeyErrorCode.NO_KEYRING):
            raise CliError(exc.code, str(exc)) from None
    if args.id_number and own is None:
        raise CliError(
            "verify.no_holder_key",
            "Checking the holder needs the hall's holder key; this station has none.",
        )
    check = DocumentService(ctx.db(), ctx.paths.archive_dir).verify_code(code, extra_keys=keys)
    signature = check.signature
    report: dict[str, Any] = {
        "status": check.state.value,
        "detail": check.detail,
        "detail_zh": check.detail_zh,
        "signature": signature.status.value,
        "source": source,
        "key_id": signature.key_id,
    }
    ok = check.valid
    if check.document is not None:
        record = check.document
        report["issued"] = {
            "issued_at": record.issued_at,
            "station": record.station,
            "revoked_at": record.revoked_at,
            "revoked_by": record.revoked_by,
            "revoked_reason": record.revoked_reason,
        }
    if signature.claims is not None:
        claims = signature.claims
        report["claims"] = to_jsonable(claims)
        kind = _kind(claims.kind)
        report["document"] = kind.title_zh if kind else claims.kind
        if claims.sample:
            report["sample"] = True
        if args.id_number and own is not None:
            holder = DocumentVerifier([], holder_key=own.holder_key)
            report["holder_matches"] = holder.holder_matches(claims, args.id_number)
            ok = ok and report["holder_matches"]
        checks = [further(ctx, claims) for further in DOCUMENT_CHECKS]
        if checks:
            report["checks"] = [to_jsonable(c) for c in checks]
            ok = ok and all(c.ok for c in checks)
    ctx.out.write(json.dumps(to_jsonable(report), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK if ok else EXIT_CHECK_FAILED


def _kind(value: str) -> DocumentKind | None:
    try:
        return DocumentKind(value)
    except ValueError:
        return None


def cmd_export_signing_key(ctx: PrintingContext, args: argparse.Namespace) -> int:
    keys = _keys(ctx, create=True)
    pem = keys.public_key_pem()
    if args.out:
        args.out.write_text(pem, encoding="ascii")
        ctx.out.write(f"public key {keys.key_id} written to {args.out}\n")
    else:
        ctx.out.write(f"# key id {keys.key_id}\n{pem}")
    return EXIT_OK
