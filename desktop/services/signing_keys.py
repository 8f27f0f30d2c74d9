"""The hall's document-signing key, kept in the OS keyring and created on first use.

Two secrets, stored together as one keyring entry (service ``onewindow-signing``, user
``documents``): the Ed25519 private key that signs verification codes and the 32-byte key of the
holder hash (:func:`printing.verification.holder_hash`). The public key can be exported as PEM
for other stations and for verifiers that hold no secret.

The entry's value is ``ow-signing-v1:<base64url private key>:<base64url holder key>``; anything
else there is refused rather than silently replaced, since replacing it would make every
document signed so far unverifiable.
"""

from __future__ import annotations

import base64
import logging
import os
import threading
from dataclasses import dataclass
from enum import StrEnum

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_public_key,
)

from desktop.config.files import write_atomic
from desktop.domain.errors import CodedError
from printing.verification import DocumentSigner, DocumentVerifier, key_id

__all__ = [
    "KEYRING_SERVICE",
    "KEYRING_USER",
    "HallKeys",
    "SigningKeyError",
    "SigningKeyErrorCode",
    "load_hall_keys",
    "load_public_key_pem",
]

log = logging.getLogger(__name__)

KEYRING_SERVICE = "onewindow-signing"
KEYRING_USER = "documents"
_PREFIX = "ow-signing-v1"


class SigningKeyErrorCode(StrEnum):
    NO_KEYRING = "signing.no_keyring"
    NO_KEY = "signing.no_key"
    CORRUPT = "signing.corrupt_key"
    BAD_PUBLIC_KEY = "signing.bad_public_key"


class SigningKeyError(CodedError):
    code: SigningKeyErrorCode

    def __init__(self, code: SigningKeyErrorCode, message: str) -> None:
        super().__init__(message, code=code)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True, slots=True)
class HallKeys:
    """The station's signing key pair and holder-hash key."""

    private_key: Ed25519PrivateKey
    holder_key: bytes

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    def signer(self) -> DocumentSigner:
        return DocumentSigner(self.private_key, self.holder_key)

    def verifier(self, *extra_public_keys: Ed25519PublicKey) -> DocumentVerifier:
        return DocumentVerifier([self.public_key, *extra_public_keys], holder_key=self.holder_key)

    def public_key_pem(self) -> str:
        return self.public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode(
            "ascii"
        )

    def _serialise(self) -> str:
        raw = self.private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return f"{_PREFIX}:{_b64(raw)}:{_b64(self.holder_key)}"

    @classmethod
    def _parse(cls, text: str) -> HallKeys:
        try:
            prefix, priv, holder = text.split(":")
            if prefix != _PREFIX:
                raise ValueError(prefix)
            keys = cls(Ed25519PrivateKey.from_private_bytes(_unb64(priv)), _unb64(holder))
            if len(keys.holder_key) != 32:
                raise ValueError("holder key length")
        except ValueError:
            raise SigningKeyError(
                SigningKeyErrorCode.CORRUPT,
                f"The keyring entry {KEYRING_SERVICE}/{KEYRING_USER} is not a OneWindow signing "
                "key; it was left untouched. Restore it from a backup, or delete it to create a "
                "new key (documents signed with the old key then no longer verify).",
            ) from None
        return keys


_lock = threading.Lock()


def _keyring_failure(exc: Exception) -> SigningKeyError:
    return SigningKeyError(
        SigningKeyErrorCode.NO_KEYRING,
        f"No usable OS keyring for the document-signing key ({type(exc).__name__}: {exc}). On "
        "Linux install and unlock a Secret Service keyring (for example gnome-keyring).",
    )


def load_hall_keys(*, create: bool = True) -> HallKeys:
    """The station's keys from the OS keyring; created and stored on first use if ``create``."""
    import keyring
    from keyring.errors import KeyringError

    with _lock:
        try:
            stored = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
        except (KeyringError, RuntimeError) as exc:
            raise _keyring_failure(exc) from None
        if stored is not None:
            return HallKeys._parse(stored)
        if not create:
            raise SigningKeyError(
                SigningKeyErrorCode.NO_KEY,
                "This station has no document-signing key yet (one is created when the first "
                "document is printed).",
            )
        keys = HallKeys(Ed25519PrivateKey.generate(), os.urandom(32))
        try:
            keyring.set_password(KEYRING_SERVICE, KEYRING_USER, keys._serialise())
            # Read back: a keyring that silently drops entries would sign with a lost key.
            again = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
        except (KeyringError, RuntimeError) as exc:
            raise _keyring_failure(exc) from None
        if again is None or HallKeys._parse(again).key_id != keys.key_id:
            raise _keyring_failure(RuntimeError("the stored key did not read back"))
        log.info("created the document-signing key %s in the OS keyring", keys.key_id)
        return keys


def load_public_key_pem(pem: str | bytes) -> Ed25519PublicKey:
    """An exported public key (PEM, as :meth:`HallKeys.public_key_pem` writes it)."""
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    try:
        key = load_pem_public_key(data)
    except ValueError as exc:
        raise SigningKeyError(
            SigningKeyErrorCode.BAD_PUBLIC_KEY, f"Not a PEM public key: {exc}"
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyError(
            SigningKeyErrorCode.BAD_PUBLIC_KEY,
            f"Not an Ed25519 public key ({type(key).__name__}).",
        )
    return key


def load_demo_keys(path: os.PathLike[str] | str) -> HallKeys:
    """Keys kept in a file (mode 0600) — only for the embedded demo on a computer with no keyring.

    A newcomer's first start on a headless or minimal desktop has no Secret Service; the demo
    must still print signed documents. A hall's station (shared database) never uses this: it
    needs the OS keyring (:func:`load_hall_keys`).
    """
    from pathlib import Path

    file = Path(path)
    with _lock:
        if file.exists():
            return HallKeys._parse(file.read_text(encoding="ascii").strip())
        keys = HallKeys(Ed25519PrivateKey.generate(), os.urandom(32))
        write_atomic(file, keys._serialise().encode("ascii"))
        log.warning("no OS keyring: the DEMO signing key %s is kept in %s", keys.key_id, file)
        return keys
