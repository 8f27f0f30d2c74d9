"""Verification codes: signed claims, read back by a real QR decoder from the rendered pages."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from print_helpers import need

from printing.model import Document, DocumentKind
from printing.render import RenderedDocument
from printing.scan import codes_in_image, codes_in_pdf, rasterise_pdf
from printing.verification import (
    KIND_CODES,
    DocumentClaims,
    DocumentSigner,
    DocumentVerifier,
    VerificationStatus,
    holder_hash,
)

Rendered = dict[DocumentKind, tuple[RenderedDocument, Path]]
CLAIMS = DocumentClaims(
    kind="rental_filing_certificate",
    number="示租备〔2026〕第008812号",
    case_number="44030720261123100006",
    holder_hash="AAECAwQFBgcICQoLDA0ODw",
    issued_on=date(2026, 11, 23),
)


def _raw(code: str) -> bytes:
    body = code.split(".", 1)[1]
    return base64.b32decode(body + "=" * (-len(body) % 8))


def _code(raw: bytes) -> str:
    return "OW1." + base64.b32encode(raw).rstrip(b"=").decode()


def _flip_payload_byte(code: str, index: int) -> str:
    """Flip one bit of byte ``index`` of the claims (after the 8-byte key id)."""
    raw = bytearray(_raw(code))
    raw[8 + index] ^= 0x01
    return _code(bytes(raw))


def test_sign_and_verify_round_trip(signer: DocumentSigner) -> None:
    code = signer.sign(CLAIMS)
    assert code.startswith("OW1.") and len(code) < 260
    # QR alphanumeric mode: upper-case letters, digits and the dot only.
    assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567.1O")
    result = signer.verifier().verify(code)
    assert result.status is VerificationStatus.VALID and result.valid
    assert result.claims == CLAIMS and result.key_id == signer.key_id


def test_every_flipped_payload_byte_is_tampered(signer: DocumentSigner) -> None:
    code = signer.sign(CLAIMS)
    verifier = signer.verifier()
    payload_len = len(_raw(code)) - 8 - 64
    assert payload_len > 40
    for i in range(payload_len):
        result = verifier.verify(_flip_payload_byte(code, i))
        assert result.status is VerificationStatus.TAMPERED, i
        assert result.claims is None


def test_a_changed_character_or_signature_is_tampered(signer: DocumentSigner) -> None:
    code = signer.sign(CLAIMS)
    verifier = signer.verifier()
    # A character of the claims' part of the text (base32: 8 bytes of key id = 13 characters).
    pos = 4 + 20
    swapped = code[:pos] + ("A" if code[pos] != "A" else "B") + code[pos + 1 :]
    assert verifier.verify(swapped).status == "tampered"
    raw = bytearray(_raw(code))
    raw[-1] ^= 0x80  # the signature
    assert verifier.verify(_code(bytes(raw))).status == "tampered"
    assert verifier.verify(_code(_raw(code) + b"x")).status == "tampered"
    # Lower case (some scanners) reads the same.
    assert verifier.verify(code.lower()).valid


def test_unknown_key_and_malformed(signer: DocumentSigner) -> None:
    other = DocumentSigner(Ed25519PrivateKey.generate(), b"o" * 32)
    code = other.sign(CLAIMS)
    assert signer.verifier().verify(code).status is VerificationStatus.UNKNOWN_KEY
    # The other hall's exported public key makes it verifiable.
    both = DocumentVerifier([signer.public_key, other.public_key])
    assert both.verify(code).valid
    for text in ("", "hello", "OW2.AAAA", "OW1.A", "OW1.18!", "https://example.com/?OW1.AAAA"):
        assert signer.verifier().verify(text).status is VerificationStatus.MALFORMED


def test_holder_hash_is_keyed_and_matches_only_the_holder(signer: DocumentSigner) -> None:
    number = "44030719900314123X"
    h = signer.holder_hash(number)
    assert number not in h and len(h) == 22
    assert h == signer.holder_hash(" 44030719900314123x ")
    assert h != holder_hash(number, b"another hall's key 32 bytes long")
    claims = DocumentClaims("k", "n", "c", h, date(2026, 1, 1))
    verifier = signer.verifier()
    assert verifier.holder_matches(claims, number)
    assert not verifier.holder_matches(claims, "440307199003141220")
    with pytest.raises(ValueError, match="holder key"):
        DocumentVerifier([signer.public_key]).holder_matches(claims, number)


def test_every_signed_kind_has_a_code_and_codes_are_append_only() -> None:
    assert {k.value for k in DocumentKind if k.signed} == set(KIND_CODES)
    # A kind's code is its index here, inside every signed code already printed: a new kind is
    # appended (here too), nothing is reordered or removed.
    assert KIND_CODES == (
        "acceptance_notice",
        "supplement_notice",
        "refusal_notice",
        "deferred_materials_notice",
        "residence_registration_slip",
        "rental_filing_certificate",
        "birth_registration_slip",
        "rental_tax_receipt",
        "permit_decision",
        "denial_decision",
    )


def test_claims_round_trip_through_bytes() -> None:
    from dataclasses import replace

    holder = "A" * 21 + "Q"  # 16 bytes in base64url
    for claims in (
        replace(CLAIMS, holder_hash=holder),
        replace(CLAIMS, holder_hash=holder, sample=True, issued_on=date(2099, 12, 31)),
    ):
        assert DocumentClaims.from_bytes(claims.to_bytes()) == claims
    with pytest.raises(ValueError, match="kind"):
        replace(CLAIMS, kind="queue_ticket").to_bytes()


def test_sample_flag_is_signed(signer: DocumentSigner) -> None:
    from dataclasses import replace

    code = signer.sign(replace(CLAIMS, sample=True))
    result = signer.verifier().verify(code)
    assert result.claims is not None and result.claims.sample


# ---- the real thing: pixels → zxing-cpp → verifier -----------------------------------------


@pytest.fixture(scope="module")
def scanned(
    rendered: Rendered, tmp_path_factory: pytest.TempPathFactory
) -> dict[DocumentKind, list[str]]:
    """The codes zxing-cpp reads on each document's page 1 rendered by pdftoppm at 150 dpi."""
    need("pdftoppm")
    pytest.importorskip("zxingcpp")
    folder = tmp_path_factory.mktemp("scans")
    out = {}
    for kind, (_, path) in rendered.items():
        pngs = rasterise_pdf(path, folder / kind.value, dpi=150, first_page_only=True)
        assert len(pngs) == 1
        out[kind] = codes_in_image(pngs[0])
    return out


@pytest.mark.parametrize("kind", [k for k in DocumentKind if k.signed])
def test_qr_code_on_the_page_decodes_and_verifies(
    kind: DocumentKind,
    scanned: dict[DocumentKind, list[str]],
    rendered: Rendered,
    samples: dict[DocumentKind, Document],
    signer: DocumentSigner,
) -> None:
    result, _ = rendered[kind]
    assert scanned[kind] == [result.verification_code]
    verdict = signer.verifier().verify(scanned[kind][0])
    assert verdict.status is VerificationStatus.VALID
    doc = samples[kind]
    claims = verdict.claims
    assert claims is not None
    assert claims.kind == kind.value and claims.number == doc.number
    assert claims.case_number == doc.case_number  # type: ignore[union-attr]
    assert claims.issued_on == doc.issued_on and not claims.sample
    assert signer.verifier().holder_matches(claims, doc.holder.id_number)  # type: ignore[union-attr]
    # One flipped byte of the scanned payload is reported as tampered.
    assert signer.verifier().verify(_flip_payload_byte(scanned[kind][0], 5)).status == "tampered"


def test_queue_ticket_has_no_code(scanned: dict[DocumentKind, list[str]]) -> None:
    assert scanned[DocumentKind.QUEUE_TICKET] == []


def test_qr_survives_a_coarse_scan(rendered: Rendered) -> None:
    """At 100 dpi (a cheap scanner, a phone at a distance) the code still reads."""
    need("pdftoppm")
    pytest.importorskip("zxingcpp")
    result, path = rendered[DocumentKind.RENTAL_TAX_RECEIPT]
    assert codes_in_pdf(path, dpi=100) == [result.verification_code]
