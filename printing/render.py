"""``render(doc, signer)``: a document's data in, a finished PDF (and its verification code) out.

Order of work, so that a bad document never produces half a PDF:

1. :func:`printing.model.validate` — a missing or inconsistent field is a
   :class:`~printing.model.DocumentDataError` naming it;
2. the verification code is signed (every kind but the queue ticket needs a signer);
3. the flowables are built — every text is split into font runs here, so a character no font
   has raises :class:`~printing.fonts.MissingGlyphError` before layout;
4. layout and PDF.

The verification code is printed as a QR code and also stored in the PDF's keywords
(``onewindow-verification:<code>``), so a PDF file can be checked without a camera
(:func:`code_from_pdf_metadata`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable

from printing.documents.certificates import (
    build_birth_slip,
    build_rental_filing,
    build_residence_slip,
)
from printing.documents.notices import (
    build_acceptance,
    build_deferred,
    build_denial,
    build_permit,
    build_refusal,
    build_supplement,
)
from printing.documents.receipts import build_rental_tax_receipt
from printing.documents.tickets import render_queue_ticket
from printing.fonts import FontSet, default_fonts
from printing.layout import Kit, PageInfo, build_a4
from printing.model import Document, DocumentDataError, DocumentKind, QueueTicket, validate
from printing.verification import DocumentClaims, DocumentSigner

__all__ = [
    "KEYWORD_PREFIX",
    "RenderedDocument",
    "claims_for",
    "code_from_pdf_metadata",
    "render",
]

KEYWORD_PREFIX = "onewindow-verification:"

_BUILDERS: dict[DocumentKind, Callable[[Any, Kit], list[Flowable]]] = {
    DocumentKind.ACCEPTANCE_NOTICE: build_acceptance,
    DocumentKind.SUPPLEMENT_NOTICE: build_supplement,
    DocumentKind.REFUSAL_NOTICE: build_refusal,
    DocumentKind.DEFERRED_MATERIALS_NOTICE: build_deferred,
    DocumentKind.RESIDENCE_REGISTRATION_SLIP: build_residence_slip,
    DocumentKind.RENTAL_FILING_CERTIFICATE: build_rental_filing,
    DocumentKind.BIRTH_REGISTRATION_SLIP: build_birth_slip,
    DocumentKind.RENTAL_TAX_RECEIPT: build_rental_tax_receipt,
    DocumentKind.PERMIT_DECISION: build_permit,
    DocumentKind.DENIAL_DECISION: build_denial,
}


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    kind: DocumentKind
    number: str
    pdf: bytes
    #: The signed verification code printed on it (``None`` for a queue ticket).
    verification_code: str | None
    claims: DocumentClaims | None


def claims_for(doc: Document, signer: DocumentSigner, *, sample: bool = False) -> DocumentClaims:
    if isinstance(doc, QueueTicket):
        raise ValueError("a queue ticket carries no verification code")
    return DocumentClaims(
        kind=doc.kind.value,
        number=doc.number,
        case_number=doc.case_number,
        holder_hash=signer.holder_hash(doc.holder.id_number),
        issued_on=doc.issued_on,
        sample=sample,
    )


def render(
    doc: Document,
    signer: DocumentSigner | None = None,
    *,
    fonts: FontSet | None = None,
    sample: bool = False,
) -> RenderedDocument:
    """Render ``doc`` to PDF; ``sample`` marks every page 样本 SAMPLE (and the signed claims)."""
    validate(doc)
    fonts = fonts or default_fonts()
    if isinstance(doc, QueueTicket):
        return RenderedDocument(
            doc.kind, doc.number, render_queue_ticket(doc, fonts, sample=sample), None, None
        )
    if signer is None:
        raise DocumentDataError(
            "print.signer_required",
            "signer",
            f"A {doc.kind.title_en.lower()} carries a signed verification code: "
            "a signer is needed.",
            f"{doc.kind.title_zh}须带签名核验码，缺少签名密钥。",
        )
    claims = claims_for(doc, signer, sample=sample)
    code = signer.sign(claims)
    kit = Kit(fonts)
    flowables = _BUILDERS[doc.kind](doc, kit)
    info = PageInfo(
        hall_name=doc.issuer.name,
        title=doc.kind.title_zh,
        number=doc.number,
        code=code,
        sample=sample,
        hall_contact="　".join(
            x
            for x in (doc.issuer.address, f"电话 {doc.issuer.phone}" if doc.issuer.phone else "")
            if x
        ),
        footer_note=(
            f"本文书由{doc.issuing_unit}出具，扫描右上角二维码可核验真伪。"
            + ("　【样本，不具效力】" if sample else "")
        ),
    )
    pdf = build_a4(kit, info, flowables, keywords=KEYWORD_PREFIX + code, author=doc.issuer.name)
    return RenderedDocument(doc.kind, doc.number, pdf, code, claims)


_KEYWORD_RE = re.compile(re.escape(KEYWORD_PREFIX.encode()) + rb"(OW1\.[A-Z2-7]+)")


def code_from_pdf_metadata(pdf: bytes) -> str | None:
    """The verification code in a OneWindow PDF's keywords, if any.

    reportlab writes the document information dictionary uncompressed, and the code is plain
    ASCII, so it is found in the file's bytes; a PDF rewritten by another program may have lost
    it (then read the QR code).
    """
    m = _KEYWORD_RE.search(pdf)
    return m.group(1).decode("ascii") if m else None
