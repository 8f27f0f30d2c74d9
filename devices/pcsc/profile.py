"""Vendor profiles: the APDUs a PC/SC ID-card reader answers, kept as data.

A certified ID reader decrypts the card itself and hands the text block and the photo over
through vendor pseudo-APDUs; which ones differs per vendor. A profile names them — the text
command and the header bytes before the 256-byte text block, the photo commands with the length
of every chunk, optional fingerprint commands — and says which readers or cards it applies to
(a reader-name pattern, an ATR pattern). The built-in profiles live in ``profiles/*.toml`` next
to this module (``default.toml`` documents every key); a hall adds its own by dropping ``*.toml``
files in a folder handed to :func:`load_profiles`. Every problem in a file is a
:class:`CardReadError` with code ``PROFILE_INVALID`` whose message names the file, the key and
the problem.
"""

from __future__ import annotations

import fnmatch
import logging
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

from devices.idcard.errors import CardErrorCode, CardReadError

__all__ = [
    "DEFAULT_GET_RESPONSE",
    "FINGERPRINT_LENGTH",
    "FORMAT_VERSION",
    "PHOTO_LENGTH",
    "TEXT_LENGTH",
    "ApduStep",
    "AtrPattern",
    "NamePattern",
    "VendorProfile",
    "builtin_profiles",
    "load_profile_file",
    "load_profiles",
    "parse_profile",
    "select_profile",
]

_log = logging.getLogger(__name__)

FORMAT_VERSION: Final = 1
TEXT_LENGTH: Final = 256
PHOTO_LENGTH: Final = 1024
FINGERPRINT_LENGTH: Final = 1024  # two 512-byte templates
DEFAULT_GET_RESPONSE: Final = bytes.fromhex("00C00000")
#: A command APDU: 4-byte header, at most Lc (1) + 255 data bytes + Le (1).
_MIN_APDU: Final = 4
_MAX_APDU: Final = 4 + 1 + 255 + 1
#: The most data bytes one profile step may expect (an extended-length answer).
_MAX_STEP: Final = 65536

_BUILTIN_PACKAGE: Final = "devices.pcsc"
_BUILTIN_FOLDER: Final = "profiles"
_REGEX_PREFIX: Final = "re:"
_GLOB_CHARS: Final = frozenset("*?[")


def _invalid(source: str, key: str, problem: str) -> CardReadError:
    where = f"{source}: {key}" if key else source
    return CardReadError(CardErrorCode.PROFILE_INVALID, f"Vendor profile {where}: {problem}.")


# ---- patterns -------------------------------------------------------------------------------


class NamePattern:
    """A reader-name pattern.

    ``re:<regex>`` is a regular expression searched in the name; anything else is a glob
    (``*``, ``?``, ``[...]``) matched against the whole name; a glob without wildcards matches
    when it is a part of the name ("ACR122" matches "ACS ACR122U PICC Interface 00 00").
    Matching ignores case. Raises :class:`ValueError` for an empty pattern or a bad regex.
    """

    __slots__ = ("_match", "text")

    def __init__(self, text: str) -> None:
        if not text.strip():
            raise ValueError("the pattern is empty")
        self.text = text
        if text.startswith(_REGEX_PREFIX):
            try:
                self._match = re.compile(text[len(_REGEX_PREFIX) :], re.IGNORECASE).search
            except re.error as exc:
                raise ValueError(f"not a regular expression ({exc})") from None
        elif _GLOB_CHARS.isdisjoint(text):
            self._match = re.compile(re.escape(text), re.IGNORECASE).search
        else:
            self._match = re.compile(fnmatch.translate(text), re.IGNORECASE).fullmatch

    def matches(self, name: str) -> bool:
        return self._match(name) is not None

    def __repr__(self) -> str:
        return f"NamePattern({self.text!r})"


class AtrPattern:
    """An ATR pattern: hex bytes (spaces and colons ignored), ``??`` for any byte, and a final
    ``*`` for any further bytes ("3B 8? ..." is not supported: whole bytes only).
    Raises :class:`ValueError` when the text is not such a pattern."""

    __slots__ = ("_bytes", "_open_end", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        compact = "".join(text.split()).replace(":", "").upper()
        self._open_end = compact.endswith("*")
        if self._open_end:
            compact = compact[:-1]
        if not compact or len(compact) % 2:
            raise ValueError("expected hex bytes like '3B 88 80 01 ?? *'")
        parsed: list[int | None] = []
        for i in range(0, len(compact), 2):
            pair = compact[i : i + 2]
            if pair == "??":
                parsed.append(None)
                continue
            try:
                parsed.append(int(pair, 16))
            except ValueError:
                raise ValueError(f"{pair!r} is not a hex byte or '??'") from None
        self._bytes = tuple(parsed)

    def matches(self, atr: bytes) -> bool:
        if len(atr) < len(self._bytes) or (not self._open_end and len(atr) != len(self._bytes)):
            return False
        return all(want is None or want == got for want, got in zip(self._bytes, atr, strict=False))

    def __repr__(self) -> str:
        return f"AtrPattern({self.text!r})"


# ---- the profile ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApduStep:
    """One command of a read: its answer holds ``skip`` header bytes, then ``length`` bytes."""

    command: bytes
    length: int
    skip: int = 0

    @property
    def expected(self) -> int:
        """The number of data bytes the answer must carry (status word excluded)."""
        return self.skip + self.length


@dataclass(frozen=True, slots=True)
class VendorProfile:
    name: str
    text: ApduStep
    photo: tuple[ApduStep, ...] = ()
    fingerprint: tuple[ApduStep, ...] = ()
    #: Status words of a fingerprint command that mean "this card carries no fingerprint".
    fingerprint_absent: frozenset[int] = frozenset()
    reader_pattern: NamePattern | None = None
    atr_pattern: AtrPattern | None = None
    priority: int = 0
    get_response: bytes = DEFAULT_GET_RESPONSE
    description: str = ""
    #: Where the profile came from (a file path), for messages and the log.
    source: str = ""
    #: True for a hall's own profile (it wins over a built-in one of the same priority).
    hall: bool = False

    def matches(self, reader: str, atr: bytes) -> bool:
        if self.reader_pattern is not None and not self.reader_pattern.matches(reader):
            return False
        return self.atr_pattern is None or self.atr_pattern.matches(atr)

    @property
    def specificity(self) -> int:
        return (self.reader_pattern is not None) + (self.atr_pattern is not None)

    @property
    def reads_fingerprint(self) -> bool:
        return bool(self.fingerprint)


# ---- parsing --------------------------------------------------------------------------------

_TOP_KEYS: Final = frozenset(
    {
        "format",
        "name",
        "description",
        "priority",
        "match",
        "get_response",
        "text",
        "photo",
        "fingerprint",
    }
)
_MATCH_KEYS: Final = frozenset({"reader", "atr"})
_STEP_KEYS: Final = frozenset({"command", "length", "skip"})
_PHOTO_KEYS: Final = frozenset({"chunks"})
_FINGERPRINT_KEYS: Final = frozenset({"chunks", "absent_status"})


class _Parser:
    """Reads one profile table, turning every problem into a PROFILE_INVALID error."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> CardReadError:
        return _invalid(self.source, key, problem)

    def table(self, value: object, key: str, allowed: frozenset[str]) -> Mapping[str, object]:
        if not isinstance(value, Mapping):
            raise self.fail(key, f"must be a table, not {_kind(value)}")
        for name in value:
            if name not in allowed:
                where = f"{key}.{name}" if key else str(name)
                raise self.fail(where, f"unknown key (known keys: {', '.join(sorted(allowed))})")
        return value

    def string(self, value: object, key: str) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"must be a string, not {_kind(value)}")
        return value

    def integer(self, value: object, key: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, not {_kind(value)}")
        if not low <= value <= high:
            raise self.fail(key, f"must be between {low} and {high}, not {value}")
        return value

    def hex_bytes(self, value: object, key: str) -> bytes:
        text = self.string(value, key)
        try:
            return bytes.fromhex(text.replace(":", " "))
        except ValueError:
            raise self.fail(key, f"{text!r} is not hex bytes like 'FF B0 00 00 00'") from None

    def apdu(self, value: object, key: str) -> bytes:
        data = self.hex_bytes(value, key)
        if not _MIN_APDU <= len(data) <= _MAX_APDU:
            raise self.fail(
                key, f"a command APDU has {_MIN_APDU} to {_MAX_APDU} bytes, not {len(data)}"
            )
        return data

    def status_word(self, value: object, key: str) -> int:
        data = self.hex_bytes(value, key)
        if len(data) != 2:
            raise self.fail(key, f"a status word has 2 bytes (like '6A 82'), not {len(data)}")
        return int.from_bytes(data, "big")

    def step(self, value: object, key: str) -> ApduStep:
        table = self.table(value, key, _STEP_KEYS)
        if "command" not in table:
            raise self.fail(f"{key}.command", "is missing")
        if "length" not in table:
            raise self.fail(f"{key}.length", "is missing")
        return ApduStep(
            command=self.apdu(table["command"], f"{key}.command"),
            length=self.integer(table["length"], f"{key}.length", 1, _MAX_STEP),
            skip=self.integer(table.get("skip", 0), f"{key}.skip", 0, _MAX_STEP),
        )

    def chunks(self, value: object, key: str, total: int) -> tuple[ApduStep, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(key, "must be a non-empty list of {command, length} tables")
        steps = tuple(self.step(item, f"{key}[{i}]") for i, item in enumerate(value))
        got = sum(s.length for s in steps)
        if got != total:
            lengths = " + ".join(str(s.length) for s in steps)
            raise self.fail(key, f"the chunk lengths add up to {lengths} = {got}, not {total}")
        return steps


def _kind(value: object) -> str:
    names = {
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def parse_profile(data: Mapping[str, object], source: str, *, hall: bool = False) -> VendorProfile:
    """Validate one profile (the parsed TOML of one file) and build it."""
    p = _Parser(source)
    top = p.table(data, "", _TOP_KEYS)
    if "format" not in top:
        raise p.fail("format", f"is missing (write format = {FORMAT_VERSION})")
    fmt = p.integer(top["format"], "format", 0, 1 << 31)
    if fmt != FORMAT_VERSION:
        raise p.fail("format", f"version {fmt} is not supported (expected {FORMAT_VERSION})")
    if "name" not in top:
        raise p.fail("name", "is missing")
    name = p.string(top["name"], "name").strip()
    if not name:
        raise p.fail("name", "is empty")
    description = p.string(top.get("description", ""), "description")
    priority = p.integer(top.get("priority", 0), "priority", -1000, 1000)

    reader_pattern: NamePattern | None = None
    atr_pattern: AtrPattern | None = None
    if "match" in top:
        match = p.table(top["match"], "match", _MATCH_KEYS)
        if "reader" in match:
            text = p.string(match["reader"], "match.reader")
            try:
                reader_pattern = NamePattern(text)
            except ValueError as exc:
                raise p.fail("match.reader", str(exc)) from None
        if "atr" in match:
            text = p.string(match["atr"], "match.atr")
            try:
                atr_pattern = AtrPattern(text)
            except ValueError as exc:
                raise p.fail("match.atr", str(exc)) from None

    get_response = DEFAULT_GET_RESPONSE
    if "get_response" in top:
        get_response = p.hex_bytes(top["get_response"], "get_response")
        if len(get_response) != 4:
            raise p.fail("get_response", f"a command header has 4 bytes, not {len(get_response)}")

    if "text" not in top:
        raise p.fail("text", "is missing (the command that returns the text block)")
    text_step = p.step(top["text"], "text")
    if text_step.length != TEXT_LENGTH:
        raise p.fail(
            "text.length", f"the text block has {TEXT_LENGTH} bytes, not {text_step.length}"
        )

    photo: tuple[ApduStep, ...] = ()
    if "photo" in top:
        table = p.table(top["photo"], "photo", _PHOTO_KEYS)
        if "chunks" not in table:
            raise p.fail("photo.chunks", "is missing")
        photo = p.chunks(table["chunks"], "photo.chunks", PHOTO_LENGTH)

    fingerprint: tuple[ApduStep, ...] = ()
    absent: frozenset[int] = frozenset()
    if "fingerprint" in top:
        table = p.table(top["fingerprint"], "fingerprint", _FINGERPRINT_KEYS)
        if "chunks" not in table:
            raise p.fail("fingerprint.chunks", "is missing")
        fingerprint = p.chunks(table["chunks"], "fingerprint.chunks", FINGERPRINT_LENGTH)
        raw_absent = table.get("absent_status", [])
        if not isinstance(raw_absent, list):
            raise p.fail("fingerprint.absent_status", "must be a list of status words")
        absent = frozenset(
            p.status_word(v, f"fingerprint.absent_status[{i}]") for i, v in enumerate(raw_absent)
        )

    return VendorProfile(
        name=name,
        text=text_step,
        photo=photo,
        fingerprint=fingerprint,
        fingerprint_absent=absent,
        reader_pattern=reader_pattern,
        atr_pattern=atr_pattern,
        priority=priority,
        get_response=get_response,
        description=description,
        source=source,
        hall=hall,
    )


def _parse_text(text: str, source: str, *, hall: bool) -> VendorProfile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _invalid(source, "", f"not valid TOML ({exc})") from None
    except RecursionError:  # tomllib recurses once per level of nesting
        raise _invalid(source, "", "nested too deeply to be a profile") from None
    return parse_profile(data, source, hall=hall)


def load_profile_file(path: Path, *, hall: bool = True) -> VendorProfile:
    """Read and validate one profile file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _invalid(str(path), "", "not UTF-8 text") from None
    except OSError as exc:
        raise _invalid(str(path), "", f"cannot be read ({exc.strerror or exc})") from None
    return _parse_text(text, str(path), hall=hall)


def builtin_profiles() -> tuple[VendorProfile, ...]:
    """The profiles shipped with the application (``devices/pcsc/profiles/*.toml``)."""
    folder = resources.files(_BUILTIN_PACKAGE).joinpath(_BUILTIN_FOLDER)
    found = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".toml")),
        key=lambda entry: entry.name,
    )
    return tuple(
        _parse_text(entry.read_text(encoding="utf-8"), f"<built-in>/{entry.name}", hall=False)
        for entry in found
    )


def _precedence(profile: VendorProfile) -> tuple[int, int, int, str]:
    return (-profile.priority, 0 if profile.hall else 1, -profile.specificity, profile.name)


def _unique(profiles: Iterable[VendorProfile]) -> dict[str, VendorProfile]:
    by_name: dict[str, VendorProfile] = {}
    for profile in profiles:
        if (other := by_name.get(profile.name)) is not None:
            raise _invalid(
                profile.source,
                "name",
                f"{profile.name!r} is also the name of the profile in {other.source}",
            )
        by_name[profile.name] = profile
    return by_name


def load_profiles(extra_dir: Path | None = None) -> tuple[VendorProfile, ...]:
    """The built-in profiles plus the hall's ``*.toml`` files in ``extra_dir``, best first.

    A hall profile replaces a built-in one of the same name. Order: higher ``priority`` first,
    then hall profiles before built-in ones, then profiles with more ``[match]`` patterns, then
    by name — :func:`select_profile` takes the first that matches. Raises
    :class:`CardReadError` (``PROFILE_INVALID``) for the first bad file, or when ``extra_dir``
    is not a folder.
    """
    profiles = _unique(builtin_profiles())
    if extra_dir is not None:
        if not extra_dir.is_dir():
            raise _invalid(str(extra_dir), "", "the profile folder does not exist")
        hall = _unique(
            load_profile_file(path, hall=True) for path in sorted(extra_dir.glob("*.toml"))
        )
        for name, profile in hall.items():
            if name in profiles:
                _log.info(
                    "vendor profile %s from %s replaces the built-in one", name, profile.source
                )
            profiles[name] = profile
    return tuple(sorted(profiles.values(), key=_precedence))


def select_profile(
    profiles: Sequence[VendorProfile], reader: str, atr: bytes
) -> VendorProfile | None:
    """The profile for a card with ``atr`` on ``reader``: the first of ``profiles`` (ordered
    as :func:`load_profiles` orders them) that matches, or None."""
    return next((p for p in profiles if p.matches(reader, atr)), None)
