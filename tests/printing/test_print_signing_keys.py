"""The hall's signing key: created once in the keyring, the same afterwards, never replaced."""

from __future__ import annotations

from datetime import date
from typing import Any

import keyring
import pytest

from desktop.services.signing_keys import (
    KEYRING_SERVICE,
    KEYRING_USER,
    SigningKeyError,
    SigningKeyErrorCode,
    load_hall_keys,
    load_public_key_pem,
)
from printing.verification import DocumentClaims, DocumentVerifier

CLAIMS = DocumentClaims(
    "acceptance_notice", "N1", "C1", "AAECAwQFBgcICQoLDA0ODw", date(2026, 11, 23)
)


def test_created_on_first_use_then_reused(memory_keyring: Any) -> None:
    with pytest.raises(SigningKeyError) as info:
        load_hall_keys(create=False)
    assert info.value.code is SigningKeyErrorCode.NO_KEY
    first = load_hall_keys()
    stored = memory_keyring.passwords[(KEYRING_SERVICE, KEYRING_USER)]
    assert stored.startswith("ow-signing-v1:")
    again = load_hall_keys(create=False)
    assert again.key_id == first.key_id and again.holder_key == first.holder_key
    assert memory_keyring.passwords[(KEYRING_SERVICE, KEYRING_USER)] == stored
    code = first.signer().sign(CLAIMS)
    assert again.verifier().verify(code).valid


def test_public_key_export_verifies_without_the_secret(memory_keyring: Any) -> None:
    keys = load_hall_keys()
    pem = keys.public_key_pem()
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert "PRIVATE" not in pem
    verifier = DocumentVerifier([load_public_key_pem(pem)])
    assert verifier.verify(keys.signer().sign(CLAIMS)).valid
    with pytest.raises(SigningKeyError) as info:
        load_public_key_pem("not a key")
    assert info.value.code is SigningKeyErrorCode.BAD_PUBLIC_KEY


def test_a_foreign_entry_is_refused_and_left_alone(memory_keyring: Any) -> None:
    keyring.set_password(KEYRING_SERVICE, KEYRING_USER, "something else")
    with pytest.raises(SigningKeyError) as info:
        load_hall_keys()
    assert info.value.code is SigningKeyErrorCode.CORRUPT
    assert memory_keyring.passwords[(KEYRING_SERVICE, KEYRING_USER)] == "something else"


@pytest.mark.usefixtures("no_keyring")
def test_no_keyring_is_a_typed_error() -> None:
    with pytest.raises(SigningKeyError) as info:
        load_hall_keys()
    assert info.value.code is SigningKeyErrorCode.NO_KEYRING
    assert "keyring" in str(info.value).lower()
