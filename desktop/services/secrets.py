"""The station's keys, from one provider: the hall's secret and the document-signing keys.

**The hall's secret** is 32 random bytes, the key of every keyed hash the hall stores: the audit
chain's MACs (:mod:`desktop.services.audit`) and the person pseudonyms
(:mod:`desktop.services.pseudonyms`). It is never kept in the database — someone who can write
the database must not be able to recompute either. It lives in the OS keyring (service
``onewindow-hall``, user ``secret``) or, on a computer without a usable keyring (the embedded
demo, a station without a Secret Service), in an owner-only key file (``<data>/keys/hall-secret``,
file 0600, folder 0700).

Every station that shares one database needs the *same* secret: the first station creates it
(``onewindow-admin secret init``, or its first start on a database whose chain is not keyed yet),
the others import it (``secret export`` on the first, ``secret import`` on each other). The
database records only the secret's *id* (a keyed fingerprint, :attr:`HallSecret.key_id`) at the
chain's anchor, so a station with a different secret is told so (``audit.secret_mismatch``)
instead of seeing a "tampered" chain.

**The signing keys** (:mod:`desktop.services.signing_keys`) come from the same provider
(:class:`StationKeys`): the OS keyring, or — only for the embedded demo — a key file. The window
and the command line ask the provider, so both sign with the same key.

A service finds the secret through the database engine it works on: the composition root binds
the station's secret to the engine once (:func:`bind_hall_secret`), and :func:`hall_secret_for`
returns it for any connection of that engine. An engine with no secret bound refuses (coded
error) rather than falling back to an unkeyed hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets as _random
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Connection, Engine

from desktop.config.files import write_atomic
from desktop.config.paths import AppPaths
from desktop.domain.errors import CodedError
from desktop.services.signing_keys import (
    HallKeys,
    SigningKeyError,
    SigningKeyErrorCode,
    load_demo_keys,
    load_hall_keys,
)

__all__ = [
    "SECRET_KEYRING_SERVICE",
    "SECRET_KEYRING_USER",
    "HallSecret",
    "HallSecretError",
    "HallSecretErrorCode",
    "StationKeys",
    "bind_hall_secret",
    "hall_secret_for",
    "is_bound",
    "parse_exported_secret",
]

log = logging.getLogger(__name__)

SECRET_KEYRING_SERVICE = "onewindow-hall"
SECRET_KEYRING_USER = "secret"
_PREFIX = "ow-hall-secret-v1"
SECRET_BYTES = 32


class HallSecretErrorCode(StrEnum):
    NOT_BOUND = "secret.not_bound"
    MISSING = "secret.missing"
    CORRUPT = "secret.corrupt"
    EXISTS = "secret.exists"
    BAD_EXPORT = "secret.bad_export"
    UNWRITABLE = "secret.unwritable"


class HallSecretError(CodedError):
    code: HallSecretErrorCode

    def __init__(self, code: HallSecretErrorCode, message: str, message_zh: str = "") -> None:
        super().__init__(message, message_zh, code=code)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True, slots=True)
class HallSecret:
    """The hall's 32-byte secret and where this station got it (``created`` / ``imported``)."""

    key: bytes
    origin: str = "created"

    def __post_init__(self) -> None:
        if len(self.key) != SECRET_BYTES:
            raise ValueError("the hall secret is 32 bytes")

    def __repr__(self) -> str:  # never print the key itself
        return f"HallSecret(key_id={self.key_id!r}, origin={self.origin!r})"

    @property
    def key_id(self) -> str:
        """A public fingerprint (16 hex digits): names the secret without revealing it."""
        return hmac.new(self.key, b"onewindow-hall-secret-id", hashlib.sha256).hexdigest()[:16]

    def mac(self, data: bytes) -> str:
        """HMAC-SHA256 of ``data`` as 64 hex digits."""
        return hmac.new(self.key, data, hashlib.sha256).hexdigest()

    def export_text(self) -> str:
        """The text ``secret export`` writes and ``secret import`` reads."""
        return f"{_PREFIX}:{_b64(self.key)}"

    def _serialise(self) -> str:
        return f"{_PREFIX}:{_b64(self.key)}:{self.origin}"

    @classmethod
    def generate(cls) -> HallSecret:
        return cls(_random.token_bytes(SECRET_BYTES), "created")

    @classmethod
    def _parse(cls, text: str, where: str) -> HallSecret:
        try:
            parts = text.strip().split(":")
            if parts[0] != _PREFIX or len(parts) not in (2, 3):
                raise ValueError(parts[0])
            origin = parts[2] if len(parts) == 3 else "imported"
            if origin not in ("created", "imported"):
                raise ValueError(origin)
            return cls(_unb64(parts[1]), origin)
        except (ValueError, IndexError):
            raise HallSecretError(
                HallSecretErrorCode.CORRUPT,
                f"{where} does not hold a OneWindow hall secret; it was left untouched. Restore "
                "it from a backup, or import the hall's secret (onewindow-admin secret import).",
            ) from None


def parse_exported_secret(text: str) -> HallSecret:
    """A secret as ``secret export`` wrote it (comment lines starting with ``#`` ignored)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if len(lines) != 1 or not lines[0].startswith(_PREFIX + ":"):
        raise HallSecretError(
            HallSecretErrorCode.BAD_EXPORT,
            "Not an exported OneWindow hall secret (expected one line ow-hall-secret-v1:…).",
        )
    try:
        secret = HallSecret._parse(lines[0], "it")
    except HallSecretError:
        raise HallSecretError(
            HallSecretErrorCode.BAD_EXPORT, "The exported hall secret is damaged."
        ) from None
    return HallSecret(secret.key, "imported")


# ---- binding a secret to a database engine ---------------------------------------------------

#: A secret, or a loader given the connection (or engine) that first needs it.
SecretSource = HallSecret | Callable[[Connection | Engine], HallSecret]

_bound: weakref.WeakKeyDictionary[Engine, SecretSource] = weakref.WeakKeyDictionary()
_bound_lock = threading.Lock()


def bind_hall_secret(engine: Engine, secret: SecretSource) -> None:
    """Make ``secret`` the one every service uses on ``engine`` (the composition root's job).

    ``secret`` may be a loader, called on first use (so a command that appends nothing never
    opens the keyring); what it raises is raised to every user until it succeeds.
    """
    with _bound_lock:
        _bound[engine] = secret


def _engine(bind: Connection | Engine) -> Engine:
    return bind.engine if isinstance(bind, Connection) else bind


def hall_secret_for(bind: Connection | Engine) -> HallSecret:
    """The secret bound to this connection's engine.

    An engine nobody bound (a script, a benchmark) gets this station's secret from the default
    home (``ONEWINDOW_HOME`` or the platform's folders), as the window would load it.
    """
    engine = _engine(bind)
    source = _bound.get(engine)
    if source is None:
        from desktop.config.paths import app_paths

        with _bound_lock:
            source = _bound.setdefault(engine, station_loader(StationKeys(app_paths())))
    if isinstance(source, HallSecret):
        return source
    with _bound_lock:
        current = _bound.get(engine)
        if isinstance(current, HallSecret):
            return current
        secret = source(bind)
        _bound[engine] = secret
        return secret


def is_bound(bind: Connection | Engine) -> bool:
    return _engine(bind) in _bound


def _chain_key_id(conn: Connection) -> str | None:
    from sqlalchemy import select

    from desktop.persistence.models import AuditHead

    return conn.execute(
        select(AuditHead.key_id)
        .where(AuditHead.key_id.is_not(None))
        .order_by(AuditHead.id)
        .limit(1)
    ).scalar_one_or_none()


def station_loader(keys: StationKeys) -> Callable[[Connection | Engine], HallSecret]:
    """Load this station's secret when a database first needs it.

    A secret is created on this station only for a database whose chain names none yet (a new
    database, or one of an earlier version to be re-keyed); a database keyed already needs the
    hall's secret imported (``secret.missing`` says how).
    """

    def load(bind: Connection | Engine) -> HallSecret:
        if isinstance(bind, Connection):
            create = _chain_key_id(bind) is None
        else:
            with bind.connect() as conn:
                create = _chain_key_id(conn) is None
        return keys.hall_secret(create=create)

    return load


# ---- the provider ------------------------------------------------------------------------------

_lock = threading.Lock()


def _write_owner_only(file: Path, text: str) -> None:
    """Write ``text`` to ``file`` atomically, readable by the owner only (folder 0700)."""
    try:
        write_atomic(file, (text + "\n").encode("ascii"))
        if os.name == "posix":
            os.chmod(file.parent, 0o700)  # also when the folder existed already
    except OSError as exc:
        raise HallSecretError(
            HallSecretErrorCode.UNWRITABLE, f"Cannot write {file}: {exc.strerror}."
        ) from None


class StationKeys:
    """This station's keys: the hall's secret and the document-signing keys.

    ``demo`` says (lazily: it may open the database) whether this station runs the embedded demo,
    the only case where the signing keys may live in a file.
    """

    def __init__(self, paths: AppPaths, *, demo: Callable[[], bool] = lambda: False) -> None:
        self.paths = paths
        self._demo = demo

    # -- the hall's secret --

    @property
    def secret_file(self) -> Path:
        return self.paths.data_dir / "keys" / "hall-secret"

    def _keyring_get(self) -> tuple[bool, str | None]:
        """(keyring usable, stored value)."""
        try:
            import keyring
            from keyring.errors import KeyringError
        except ImportError:  # pragma: no cover - keyring is a dependency
            return False, None
        try:
            return True, keyring.get_password(SECRET_KEYRING_SERVICE, SECRET_KEYRING_USER)
        except (KeyringError, RuntimeError) as exc:
            log.debug("no usable keyring for the hall secret: %s", exc)
            return False, None

    def _keyring_set(self, value: str) -> bool:
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(SECRET_KEYRING_SERVICE, SECRET_KEYRING_USER, value)
            return keyring.get_password(SECRET_KEYRING_SERVICE, SECRET_KEYRING_USER) == value
        except (KeyringError, RuntimeError) as exc:
            log.warning("the keyring refused the hall secret (%s): using a key file", exc)
            return False

    def _stored_secret(self) -> tuple[HallSecret | None, str]:
        """The stored secret (or None) and where it is kept ("keyring" / the file)."""
        usable, value = self._keyring_get()
        if value is not None:
            return HallSecret._parse(value, "The keyring entry onewindow-hall/secret"), "keyring"
        if self.secret_file.exists():
            text = self.secret_file.read_text(encoding="ascii", errors="replace")
            return HallSecret._parse(text, str(self.secret_file)), str(self.secret_file)
        return None, "keyring" if usable else str(self.secret_file)

    def hall_secret(self, *, create: bool = False) -> HallSecret:
        """The hall's secret on this station; with ``create`` a new one if there is none."""
        with _lock:
            secret, _where = self._stored_secret()
            if secret is not None:
                return secret
            if not create:
                raise HallSecretError(
                    HallSecretErrorCode.MISSING,
                    "This station has no hall secret. On the hall's first station run "
                    "`onewindow-admin secret init`; on every other station import the same "
                    "secret: `onewindow-admin secret export --out FILE` there, then "
                    "`onewindow-admin secret import FILE` here.",
                    "本工作站没有大厅密钥。请在大厅的第一台工作站执行 onewindow-admin secret "
                    "init；其他工作站导入同一密钥（在那台执行 secret export --out 文件，在本机执行 "
                    "secret import 文件）。",
                )
            secret = HallSecret.generate()
            self._store(secret)
            log.info("created the hall secret %s", secret.key_id)
            return secret

    def where(self) -> str:
        """Where the secret is (or would be) kept: ``keyring`` or the key file's path."""
        with _lock:
            return self._stored_secret()[1]

    def _store(self, secret: HallSecret) -> None:
        usable, _ = self._keyring_get()
        if usable and self._keyring_set(secret._serialise()):
            return
        _write_owner_only(self.secret_file, secret._serialise())
        log.warning(
            "no OS keyring: the hall secret %s is kept in %s", secret.key_id, self.secret_file
        )

    def import_secret(self, secret: HallSecret, *, replace: bool = False) -> bool:
        """Install ``secret`` on this station; False if it was already installed.

        A different secret already here is refused unless ``replace`` (replacing it makes the
        chain and pseudonyms written with the old one unverifiable from this station).
        """
        with _lock:
            current, where = self._stored_secret()
            if current is not None and current.key == secret.key:
                return False
            if current is not None and not replace:
                raise HallSecretError(
                    HallSecretErrorCode.EXISTS,
                    f"This station already has a different hall secret ({current.key_id}, in "
                    f"{where}); the new one ({secret.key_id}) was not installed. Pass --replace "
                    "to replace it.",
                )
            self._store(HallSecret(secret.key, "imported"))
            if self.secret_file.exists() and where == "keyring":
                self.secret_file.unlink()
            return True

    # -- the signing keys --

    def signing_keys(self, *, create: bool = True) -> HallKeys:
        """The document-signing keys: the OS keyring; a key file only for the embedded demo."""
        try:
            return load_hall_keys(create=create)
        except SigningKeyError as exc:
            if exc.code is SigningKeyErrorCode.NO_KEYRING and self._demo():
                file = self.paths.data_dir / "demo-signing-key"
                if create or file.exists():
                    return load_demo_keys(file)
                raise SigningKeyError(
                    SigningKeyErrorCode.NO_KEY, "This demo station has no signing key yet."
                ) from None
            raise
