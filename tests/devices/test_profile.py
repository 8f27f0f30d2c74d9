"""Vendor profiles as data: the built-in FF B0 profile, a hall's own folder, validation errors,
reader-name and ATR patterns, the choice of a profile."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from devices.idcard.errors import CardErrorCode, CardReadError
from devices.pcsc.profile import (
    AtrPattern,
    NamePattern,
    VendorProfile,
    builtin_profiles,
    load_profile_file,
    load_profiles,
    select_profile,
)

VALID = """
format = 1
name = "acme"
description = "ACME reader"
priority = 5

[match]
reader = "ACME*"
atr = "3B 88 80 01 ?? *"

[text]
command = "80 CA 00 01 00"
length = 256

[photo]
chunks = [
    { command = "80 CA 00 02 00", length = 512 },
    { command = "80 CA 00 03 00", length = 512, skip = 2 },
]

[fingerprint]
chunks = [{ command = "80 CA 00 04 00", length = 1024 }]
absent_status = ["6A 82", "6A88"]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def invalid(path: Path) -> CardReadError:
    with pytest.raises(CardReadError) as caught:
        load_profile_file(path)
    assert caught.value.code is CardErrorCode.PROFILE_INVALID
    return caught.value


# ---- the built-in profile -------------------------------------------------------------------


def test_the_default_profile_is_the_ff_b0_profile() -> None:
    (profile,) = builtin_profiles()
    assert profile.name == "ffb0"
    assert profile.text.command == bytes.fromhex("FFB0000000")
    assert (profile.text.skip, profile.text.length, profile.text.expected) == (4, 256, 260)
    assert [s.command for s in profile.photo] == [
        bytes.fromhex(f"FFB00{i}0000") for i in range(1, 6)
    ]
    assert [s.length for s in profile.photo] == [252, 256, 256, 256, 4]
    assert profile.fingerprint == ()
    assert profile.reader_pattern is None and profile.atr_pattern is None
    assert profile.get_response == bytes.fromhex("00C00000")
    assert profile.matches("any reader", b"\x3b\x00") and not profile.hall


def test_load_profiles_without_a_folder_gives_the_builtin_ones() -> None:
    assert [p.name for p in load_profiles()] == ["ffb0"]
    assert [p.name for p in load_profiles(None)] == ["ffb0"]


# ---- a hall's folder ------------------------------------------------------------------------


def test_a_hall_profile_is_loaded_from_its_folder(tmp_path: Path) -> None:
    write(tmp_path, "acme.toml", VALID)
    write(tmp_path, "notes.txt", "not a profile")
    profiles = load_profiles(tmp_path)
    assert [p.name for p in profiles] == ["acme", "ffb0"]  # priority 5 first
    acme = profiles[0]
    assert acme.hall and acme.source == str(tmp_path / "acme.toml")
    assert acme.description == "ACME reader" and acme.priority == 5
    assert acme.text.command == bytes.fromhex("80CA000100") and acme.text.skip == 0
    assert [(s.length, s.skip) for s in acme.photo] == [(512, 0), (512, 2)]
    assert acme.fingerprint[0].length == 1024
    assert acme.fingerprint_absent == frozenset({0x6A82, 0x6A88})
    assert acme.matches("ACME Reader 00 00", bytes.fromhex("3B88800142"))
    assert not acme.matches("Other Reader", bytes.fromhex("3B88800142"))
    assert not acme.matches("ACME Reader", bytes.fromhex("3B8F8001"))


def test_a_hall_profile_replaces_the_builtin_one_of_the_same_name(tmp_path: Path) -> None:
    write(tmp_path, "mine.toml", VALID.replace('name = "acme"', 'name = "ffb0"'))
    (profile,) = load_profiles(tmp_path)
    assert profile.hall and profile.text.command == bytes.fromhex("80CA000100")


def test_two_hall_profiles_with_one_name_are_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", VALID)
    write(tmp_path, "b.toml", VALID)
    with pytest.raises(CardReadError) as caught:
        load_profiles(tmp_path)
    assert caught.value.code is CardErrorCode.PROFILE_INVALID
    assert "b.toml: name" in str(caught.value) and "a.toml" in str(caught.value)


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CardReadError, match="folder does not exist") as caught:
        load_profiles(tmp_path / "nope")
    assert caught.value.code is CardErrorCode.PROFILE_INVALID


def test_precedence_priority_then_hall_then_specificity(tmp_path: Path) -> None:
    base = VALID.replace("priority = 5", "priority = 0")
    write(
        tmp_path,
        "a.toml",
        base.replace('name = "acme"', 'name = "a-generic"').replace(
            'reader = "ACME*"\natr = "3B 88 80 01 ?? *"', ""
        ),
    )
    write(tmp_path, "b.toml", base.replace('name = "acme"', 'name = "b-specific"'))
    profiles = load_profiles(tmp_path)
    assert [p.name for p in profiles] == ["b-specific", "a-generic", "ffb0"]
    chosen = select_profile(profiles, "ACME 1", bytes.fromhex("3B88800100"))
    assert chosen is not None and chosen.name == "b-specific"
    other = select_profile(profiles, "Other", bytes.fromhex("3B88800100"))
    assert other is not None and other.name == "a-generic"


def test_no_profile_fits() -> None:
    (default,) = builtin_profiles()
    picky = VendorProfile(name="picky", text=default.text, atr_pattern=AtrPattern("3B FF *"))
    assert select_profile([picky], "r", bytes.fromhex("3B88")) is None


# ---- validation errors name the file, the key and the problem -------------------------------

BROKEN = [
    pytest.param(VALID.replace("format = 1", "format = 2"), "format", "version 2", id="format"),
    pytest.param(VALID.replace("format = 1\n", ""), "format", "is missing", id="no-format"),
    pytest.param(VALID.replace('name = "acme"', 'name = " "'), "name", "is empty", id="name"),
    pytest.param(
        VALID.replace("priority = 5", 'priority = "high"'),
        "priority",
        "whole number",
        id="priority-type",
    ),
    pytest.param(VALID.replace("priority = 5", "priorty = 5"), "priorty", "unknown key", id="typo"),
    pytest.param(
        VALID.replace('command = "80 CA 00 01 00"', 'command = "80 CA 0G"'),
        "text.command",
        "not hex",
        id="hex",
    ),
    pytest.param(
        VALID.replace('command = "80 CA 00 01 00"', 'command = "80 CA"'),
        "text.command",
        "4 to 261 bytes",
        id="short-apdu",
    ),
    pytest.param(
        VALID.replace("length = 256", "length = 255"),
        "text.length",
        "256 bytes, not 255",
        id="text-length",
    ),
    pytest.param(
        VALID.replace("length = 256", "length = 0"),
        "text.length",
        "between 1 and",
        id="zero-length",
    ),
    pytest.param(
        VALID.replace("length = 512, skip = 2", "length = 500, skip = 2"),
        "photo.chunks",
        "512 + 500 = 1012, not 1024",
        id="photo-sum",
    ),
    pytest.param(
        VALID.replace(
            '{ command = "80 CA 00 02 00", length = 512 }', '{ command = "80 CA 00 02 00" }'
        ),
        "photo.chunks[0].length",
        "is missing",
        id="chunk-length",
    ),
    pytest.param(
        VALID.replace("skip = 2", "skip = -1"), "photo.chunks[1].skip", "between 0 and", id="skip"
    ),
    pytest.param(
        VALID.replace("length = 1024 }", "length = 1024, lenght = 3 }"),
        "fingerprint.chunks[0].lenght",
        "unknown key",
        id="chunk-key",
    ),
    pytest.param(
        VALID.replace('"6A 82"', '"6A"'), "fingerprint.absent_status[0]", "2 bytes", id="status"
    ),
    pytest.param(
        VALID.replace('reader = "ACME*"', 'reader = "re:ACME("'),
        "match.reader",
        "not a regular expression",
        id="regex",
    ),
    pytest.param(
        VALID.replace('atr = "3B 88 80 01 ?? *"', 'atr = "3B 8"'),
        "match.atr",
        "hex bytes",
        id="atr",
    ),
    pytest.param(
        VALID.replace("[text]\ncommand", "[txt]\ncommand"), "txt", "unknown key", id="no-text"
    ),
    pytest.param(
        VALID.replace("chunks = [\n", "chunks = 3\nx = [\n"), "photo", "unknown key", id="photo-key"
    ),
    pytest.param(
        VALID.replace("[fingerprint]\nchunks = [", "[fingerprint]\nchunks = []\nx = ["),
        "fingerprint",
        "unknown key",
        id="fingerprint-key",
    ),
    pytest.param('name = "x"\nformat = 1\n', "text", "is missing", id="text-missing"),
    pytest.param("format = 1\nname = ", "", "not valid TOML", id="toml"),
]


@pytest.mark.parametrize(("text", "key", "problem"), BROKEN)
def test_validation_errors_name_file_key_and_problem(
    tmp_path: Path, text: str, key: str, problem: str
) -> None:
    path = write(tmp_path, "hall.toml", text)
    message = str(invalid(path))
    assert f"{path}: {key}" in message if key else str(path) in message
    assert problem in message


def test_an_empty_chunk_list_is_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path, "p.toml", VALID.replace("[photo]\nchunks = [", "[photo]\nchunks = []\nx = [")
    )
    assert "photo" in str(invalid(path))
    text = VALID.split("[photo]")[0] + "[photo]\nchunks = []\n"
    message = str(invalid(write(tmp_path, "q.toml", text)))
    assert "photo.chunks: must be a non-empty list" in message


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('name = "café"'.encode("latin-1"))
    assert "not UTF-8" in str(invalid(bad))
    assert "cannot be read" in str(invalid(tmp_path / "missing.toml"))


def test_a_bad_file_in_the_hall_folder_stops_loading(tmp_path: Path) -> None:
    write(tmp_path, "good.toml", VALID)
    write(
        tmp_path,
        "zz-bad.toml",
        VALID.replace('name = "acme"', 'name = "b"').replace("length = 256", "length = 300"),
    )
    with pytest.raises(CardReadError, match=r"zz-bad\.toml: text\.length"):
        load_profiles(tmp_path)


# ---- patterns -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "name", "expected"),
    [
        ("Virtual PCD 00 01", "Virtual PCD 00 01", True),
        ("Virtual PCD 00 01", "Virtual PCD 00 00", False),
        ("ACR122", "ACS ACR122U PICC Interface 00 00", True),  # a part of the name
        ("acs*picc*", "ACS ACR122U PICC Interface 00 00", True),  # glob, any case
        ("ACS*", "Generic ACS 00 00", False),  # a glob matches the whole name
        ("*00 01", "Virtual PCD 00 01", True),
        ("re:00 0[1]$", "Virtual PCD 00 01", True),
        ("re:^virtual", "Virtual PCD 00 00", True),
        ("re:^PCD", "Virtual PCD 00 00", False),
    ],
)
def test_reader_name_patterns(pattern: str, name: str, expected: bool) -> None:
    assert NamePattern(pattern).matches(name) is expected


@pytest.mark.parametrize("pattern", ["", "  ", "re:(unclosed"])
def test_bad_reader_name_patterns(pattern: str) -> None:
    with pytest.raises(ValueError, match=r"empty|regular expression"):
        NamePattern(pattern)


@pytest.mark.parametrize(
    ("pattern", "atr", "expected"),
    [
        ("3B 88 80 01", "3B888001", True),
        ("3B 88 80 01", "3B88800100", False),
        ("3B:88:80:01 *", "3B88800100FF", True),
        ("3b ?? 80 01", "3BFF8001", True),
        ("3B ?? 80 01 *", "3BFF80", False),
        ("3B88*", "3B", False),
    ],
)
def test_atr_patterns(pattern: str, atr: str, expected: bool) -> None:
    assert AtrPattern(pattern).matches(bytes.fromhex(atr)) is expected


@pytest.mark.parametrize("pattern", ["", "*", "3B 8", "3B 8G", "3B ?8"])
def test_bad_atr_patterns(pattern: str) -> None:
    with pytest.raises(ValueError, match="hex byte"):
        AtrPattern(pattern)
