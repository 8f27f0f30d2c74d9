"""Verification codes: a signed, compact statement of what a document is, printed as a QR code.

The code is ASCII text::

    OW1.<key id>.<payload>.<signature>

* ``key id`` — the first 8 bytes of SHA-256 over the raw Ed25519 public key, base64url: says
  which hall key signed (a verifier holding several public keys picks the right one);
* ``payload`` — base64url of compact JSON: document kind (``t``), number (``n``), case number
  (``c``), holder hash (``h``), issue date (``d``), and ``s: 1`` on samples;
* ``signature`` — Ed25519 over the ASCII bytes of ``OW1.<key id>.<payload>``.

The holder hash is a keyed hash (HMAC-SHA-256, truncated to 128 bits) of the holder's identity
number: the code proves which person a document belongs to when the number is presented, and
gives nothing away to anyone scanning it without the hall's key (identity numbers are few enough
to be guessed against a plain hash).

The signature is checked over the text exactly as scanned, before anything is decoded, so any
changed byte of the payload is reported as :attr:`VerificationStatus.TAMPERED`. Where the keys
live is not this module's business: signer and verifier take key objects.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

__all__ = [
    "CODE_PREFIX",
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


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not text or not all(c.isalnum() or c in "-_" for c in text) or not text.isascii():
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return _b64(hashlib.sha256(raw).digest()[:8])


def holder_hash(id_number: str, key: bytes) -> str:
    """The keyed hash of an identity number (case and surrounding space ignored)."""
    if len(key) < 16:
        raise ValueError("the holder-hash key must have at least 16 bytes")
    normal = id_number.strip().upper().encode("utf-8")
    return _b64(hmac.new(key, b"onewindow-holder:" + normal, hashlib.sha256).digest()[:16])


@dataclass(frozen=True, slots=True)
class DocumentClaims:
    """What a verification code states about its document."""

    kind: str
    number: str
    case_number: str
    holder_hash: str
    issued_on: date
    sample: bool = False

    def to_json(self) -> bytes:
        obj: dict[str, object] = {
            "t": self.kind,
            "n": self.number,
            "c": self.case_number,
            "h": self.holder_hash,
            "d": self.issued_on.isoformat(),
        }
        if self.sample:
            obj["s"] = 1
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> DocumentClaims:
        obj = json.loads(data.decode("utf-8"))
        if not isinstance(obj, dict):
            raise ValueError("payload is not an object")
        values = [obj.get(k) for k in ("t", "n", "c", "h", "d")]
        if not all(isinstance(v, str) for v in values):
            raise ValueError("payload lacks a field")
        t, n, c, h, d = (str(v) for v in values)
        return cls(t, n, c, h, date.fromisoformat(d), sample=obj.get("s") == 1)


class DocumentSigner:
    """Signs verification codes with a hall's Ed25519 key and hashes holders with its holder key."""

    def __init__(self, private_key: Ed25519PrivateKey, holder_key: bytes) -> None:
        if len(holder_key) < 16:
            raise ValueError("the holder-hash key must have at least 16 bytes")
        self._private_key = private_key
        self._holder_key = holder_key
        self.public_key = private_key.public_key()
        self.key_id = key_id(self.public_key)

    def holder_hash(self, id_number: str) -> str:
        return holder_hash(id_number, self._holder_key)

    def sign(self, claims: DocumentClaims) -> str:
        signed = f"{CODE_PREFIX}.{self.key_id}.{_b64(claims.to_json())}"
        return f"{signed}.{_b64(self._private_key.sign(signed.encode('ascii')))}"

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
        code = code.strip()
        parts = code.split(".")
        if len(parts) != 4 or parts[0] != CODE_PREFIX:
            return VerificationResult(
                VerificationStatus.MALFORMED, f"not a {CODE_PREFIX} verification code"
            )
        _, kid, payload, sig_text = parts
        key = self._keys.get(kid)
        if key is None:
            return VerificationResult(
                VerificationStatus.UNKNOWN_KEY, f"signed by an unknown key ({kid!r})", kid
            )
        try:
            signature = _unb64(sig_text)
            key.verify(signature, f"{CODE_PREFIX}.{kid}.{payload}".encode("ascii"))
        except (InvalidSignature, ValueError, binascii.Error, UnicodeEncodeError):
            return VerificationResult(
                VerificationStatus.TAMPERED, "the signature does not match the content", kid
            )
        try:
            claims = DocumentClaims.from_json(_unb64(payload))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            # Correctly signed but unreadable: a newer format or a signing bug, not forgery.
            return VerificationResult(
                VerificationStatus.MALFORMED, "signed, but the payload cannot be read", kid
            )
        return VerificationResult(VerificationStatus.VALID, "signature valid", kid, claims)

    def holder_matches(self, claims: DocumentClaims, id_number: str) -> bool:
        """Whether ``id_number`` is the holder's (needs the hall's holder key)."""
        if self._holder_key is None:
            raise ValueError("this verifier has no holder key")
        return hmac.compare_digest(holder_hash(id_number, self._holder_key), claims.holder_hash)
