"""Verification codes: a signed, compact statement of what a document is, printed as a QR code.

The code is ``OW1.`` followed by base32 (RFC 4648, no padding) of three binary parts::

    key id (8 bytes) | claims (~80 bytes) | Ed25519 signature (64 bytes)

* ``key id`` — the first 8 bytes of SHA-256 over the raw public key: which hall key signed (a
  verifier holding several public keys picks the right one);
* ``claims`` — flags (bit 0: sample), document kind (one byte, an index into
  :data:`KIND_CODES`), issue date (days since 2000-01-01, two bytes), the holder hash (16 bytes),
  then the document number and the case number (each a length byte and UTF-8);
* ``signature`` — over ``b"OW1"`` + key id + claims.

Every character is in the QR code's alphanumeric set (upper-case letters, digits, ``.``), which
packs 5.5 bits per character instead of 8: a version-9 symbol (53 modules) instead of version 12
with JSON in base64url — larger modules at the same printed size, and a quarter of the encoding
time.

The holder hash is a keyed hash (HMAC-SHA-256, truncated to 128 bits) of the holder's identity
number: the code proves which person a document belongs to when the number is presented, and
gives nothing away to anyone scanning it without the hall's key (identity numbers are few enough
to be guessed against a plain hash).

The signature is checked over the bytes exactly as scanned before the claims are parsed, so any
changed byte of the claims is :attr:`VerificationStatus.TAMPERED`. Where the keys live is not
this module's business: signer and verifier take key objects.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

__all__ = [
    "CODE_PREFIX",
    "KIND_CODES",
    "DocumentClaims",
    "DocumentSigner",
    "DocumentVerifier",
    "VerificationResult",
    "VerificationStatus",
    "holder_hash",
    "key_id",
]

CODE_PREFIX = "OW1"
HOLDER_KEY_BYTES = 32
_KEY_ID_BYTES = 8
_SIG_BYTES = 64
_HOLDER_BYTES = 16
_EPOCH = date(2000, 1, 1)

#: The document kinds a code can name; the index is printed in every code, so this list is
#: append-only (never reorder or remove an entry).
KIND_CODES: tuple[str, ...] = (
    "acceptance_notice",
    "supplement_notice",
    "refusal_notice",
    "deferred_materials_notice",
    "residence_registration_slip",
    "rental_filing_certificate",
    "birth_registration_slip",
    "rental_tax_receipt",
    "permit_decision",  # new kinds only at the end: a code carries the index
    "denial_decision",
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key_id_bytes(public_key: Ed25519PublicKey) -> bytes:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).digest()[:_KEY_ID_BYTES]


def key_id(public_key: Ed25519PublicKey) -> str:
    """The key's id as text (base64url of the 8 bytes a code carries)."""
    return _b64(_key_id_bytes(public_key))


def holder_hash(id_number: str, key: bytes) -> str:
    """The keyed hash of an identity number (case and surrounding space ignored), base64url."""
    if len(key) < 16:
        raise ValueError("the holder-hash key must have at least 16 bytes")
    normal = id_number.strip().upper().encode("utf-8")
    digest = hmac.new(key, b"onewindow-holder:" + normal, hashlib.sha256).digest()
    return _b64(digest[:_HOLDER_BYTES])


@dataclass(frozen=True, slots=True)
class DocumentClaims:
    """What a verification code states about its document."""

    kind: str
    number: str
    case_number: str
    holder_hash: str
    issued_on: date
    sample: bool = False

    def to_bytes(self) -> bytes:
        try:
            kind = KIND_CODES.index(self.kind)
        except ValueError:
            raise ValueError(f"no verification code for documents of kind {self.kind!r}") from None
        holder = _unb64(self.holder_hash)
        days = (self.issued_on - _EPOCH).days
        number = self.number.encode("utf-8")
        case = self.case_number.encode("utf-8")
        if len(holder) != _HOLDER_BYTES or not 0 <= days < 1 << 16:
            raise ValueError("holder hash or issue date out of range")
        if len(number) > 255 or len(case) > 255:
            raise ValueError("document or case number too long for a verification code")
        head = bytes([1 if self.sample else 0, kind]) + days.to_bytes(2, "big") + holder
        return head + bytes([len(number)]) + number + bytes([len(case)]) + case

    @classmethod
    def from_bytes(cls, data: bytes) -> DocumentClaims:
        if len(data) < 4 + _HOLDER_BYTES + 2 or data[0] > 1 or data[1] >= len(KIND_CODES):
            raise ValueError("not a claims block")
        issued_on = _EPOCH + timedelta(days=int.from_bytes(data[2:4], "big"))
        pos = 4 + _HOLDER_BYTES
        holder = _b64(data[4:pos])
        texts = []
        for _ in range(2):
            n = data[pos]
            text = data[pos + 1 : pos + 1 + n]
            if len(text) != n:
                raise ValueError("truncated claims")
            texts.append(text.decode("utf-8"))
            pos += 1 + n
        if pos != len(data):
            raise ValueError("trailing bytes in claims")
        return cls(KIND_CODES[data[1]], texts[0], texts[1], holder, issued_on, data[0] == 1)


def _b32(data: bytes) -> str:
    return base64.b32encode(data).rstrip(b"=").decode("ascii")


class DocumentSigner:
    """Signs verification codes with a hall's Ed25519 key and hashes holders with its holder key."""

    def __init__(self, private_key: Ed25519PrivateKey, holder_key: bytes) -> None:
        if len(holder_key) < 16:
            raise ValueError("the holder-hash key must have at least 16 bytes")
        self._private_key = private_key
        self._holder_key = holder_key
        self.public_key = private_key.public_key()
        self.key_id = key_id(self.public_key)
        self._kid = _key_id_bytes(self.public_key)

    def holder_hash(self, id_number: str) -> str:
        return holder_hash(id_number, self._holder_key)

    def sign(self, claims: DocumentClaims) -> str:
        body = self._kid + claims.to_bytes()
        signature = self._private_key.sign(CODE_PREFIX.encode("ascii") + body)
        return f"{CODE_PREFIX}.{_b32(body + signature)}"

    def verifier(self) -> DocumentVerifier:
        return DocumentVerifier([self.public_key], holder_key=self._holder_key)


class VerificationStatus(StrEnum):
    VALID = "valid"
    #: Well-formed and from a known key, but the signature does not match: altered.
    TAMPERED = "tampered"
    #: Signed by a key this verifier does not know (another hall, or a forged key id).
    UNKNOWN_KEY = "unknown_key"
    #: Not a OneWindow verification code at all.
    MALFORMED = "malformed"


@dataclass(frozen=True, slots=True)
class VerificationResult:
    status: VerificationStatus
    detail: str
    key_id: str | None = None
    #: Only on a valid code: what it states.
    claims: DocumentClaims | None = None

    @property
    def valid(self) -> bool:
        return self.status is VerificationStatus.VALID


class DocumentVerifier:
    """Checks verification codes against known public keys (and holders, given the holder key)."""

    def __init__(
        self,
        public_keys: Iterable[Ed25519PublicKey] | Mapping[str, Ed25519PublicKey],
        *,
        holder_key: bytes | None = None,
    ) -> None:
        if isinstance(public_keys, Mapping):
            self._keys = dict(public_keys)
        else:
            self._keys = {key_id(k): k for k in public_keys}
        self._holder_key = holder_key

    def verify(self, code: str) -> VerificationResult:
        text = code.strip().upper()
        prefix = CODE_PREFIX + "."
        if not text.startswith(prefix):
            return VerificationResult(
                VerificationStatus.MALFORMED, f"not a {CODE_PREFIX} verification code"
            )
        body = text[len(prefix) :]
        try:
            raw = base64.b32decode(body + "=" * (-len(body) % 8))
        except (binascii.Error, ValueError):
            return VerificationResult(
                VerificationStatus.MALFORMED, "damaged: not a readable verification code"
            )
        if len(raw) < _KEY_ID_BYTES + _SIG_BYTES + 4:
            return VerificationResult(VerificationStatus.MALFORMED, "damaged: too short")
        kid_raw, claims_raw, signature = (
            raw[:_KEY_ID_BYTES],
            raw[_KEY_ID_BYTES:-_SIG_BYTES],
            raw[-_SIG_BYTES:],
        )
        kid = _b64(kid_raw)
        key = self._keys.get(kid)
        if key is None:
            return VerificationResult(
                VerificationStatus.UNKNOWN_KEY, f"signed by an unknown key ({kid})", kid
            )
        try:
            key.verify(signature, CODE_PREFIX.encode("ascii") + kid_raw + claims_raw)
        except InvalidSignature:
            return VerificationResult(
                VerificationStatus.TAMPERED, "the signature does not match the content", kid
            )
        try:
            claims = DocumentClaims.from_bytes(claims_raw)
        except (ValueError, IndexError, UnicodeDecodeError):
            # Correctly signed but unreadable: a newer format or a signing bug, not forgery.
            return VerificationResult(
                VerificationStatus.MALFORMED, "signed, but the claims cannot be read", kid
            )
        return VerificationResult(VerificationStatus.VALID, "signature valid", kid, claims)

    def holder_matches(self, claims: DocumentClaims, id_number: str) -> bool:
        """Whether ``id_number`` is the holder's (needs the hall's holder key)."""
        if self._holder_key is None:
            raise ValueError("this verifier has no holder key")
        return hmac.compare_digest(holder_hash(id_number, self._holder_key), claims.holder_hash)
