"""``onewindow-admin read-card`` / ``readers``: JSON without the number or address unless asked,
one clear error line otherwise."""

from __future__ import annotations

import io
import json
import sys

import pytest

from desktop.cli.main import main as admin
from desktop.config.paths import AppPaths
from desktop.demo.deck import DemoRole, demo_cards
from desktop.demo.seeding import seed_registry
from desktop.domain.registry import Actor
from desktop.persistence.database import Database
from devices.demo import DEMO_READER_NAME

ACTOR = Actor(user="test", station="test")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = admin(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def seeded(sqlite_db: Database) -> Database:
    """The embedded database of ``app_home`` (the one the command opens), seeded."""
    seed_registry(sqlite_db, persons=2000)
    return sqlite_db


def test_read_card_demo_prints_the_card_without_number_or_address(seeded: Database) -> None:
    first = demo_cards(seeded, actor=ACTOR)[0].document
    code, out, err = run("read-card", "--backend", "demo")
    assert code == 0, err
    card = json.loads(out)
    assert card["backend"] == "demo" and card["demo"] is True
    assert card["card_type"] == "resident"
    assert card["name"] == first.name
    assert card["birth_date"] == first.birth_date.isoformat()
    assert card["sex"] == first.sex and card["ethnicity"] == first.ethnicity
    assert card["valid_from"] == first.valid_from.isoformat()
    assert card["authority"] == first.authority
    assert card["id_number_masked"] is True
    assert card["id_number"] != first.id_number and "*" in card["id_number"]
    assert card["id_number"][:6] == first.id_number[:6]
    assert "address" not in card
    assert first.id_number not in out and first.address not in out
    assert card["findings"] == [] and card["rare_characters"] == []
    assert card["photo"] == {"read": False, "bytes": 0, "decoded": False}
    assert "fingerprint" not in card


def test_read_card_full_adds_number_and_address(seeded: Database) -> None:
    first = demo_cards(seeded, actor=ACTOR)[0].document
    code, out, _ = run("read-card", "--backend", "demo", "--full", "--fingerprint")
    card = json.loads(out)
    assert code == 0
    assert card["id_number"] == first.id_number and card["id_number_masked"] is False
    assert card["address"] == first.address
    assert card["fingerprint"] == {"read": False}


def test_read_card_reports_findings_of_the_expired_card(seeded: Database) -> None:
    roles = [card.role for card in demo_cards(seeded, actor=ACTOR)]
    number = roles.index(DemoRole.EXPIRED) + 1
    code, out, _ = run("read-card", "--backend", "demo", "--demo-card", str(number))
    assert code == 0
    assert json.loads(out)["findings"] == ["card.expired"]


def test_read_card_foreigner_card_has_no_address_field(seeded: Database) -> None:
    roles = [card.role for card in demo_cards(seeded, actor=ACTOR)]
    number = roles.index(DemoRole.FOREIGNER_2023) + 1
    code, out, _ = run("read-card", "--backend", "demo", "--demo-card", str(number), "--full")
    card = json.loads(out)
    assert code == 0
    assert card["card_type"] == "foreigner_2023"
    assert card["english_name"] and card["nationality"] and "address" not in card


def test_readers_lists_the_demo_reader(app_home: AppPaths) -> None:
    code, out, _ = run("readers", "--backend", "demo")
    assert code == 0
    [reader] = json.loads(out)
    assert reader["name"] == DEMO_READER_NAME
    assert reader["backend"] == "demo" and reader["demo"] is True


def test_readers_on_a_missing_serial_port_finds_none(app_home: AppPaths) -> None:
    code, out, err = run("readers", "--backend", "serial", "--port", "/dev/ttyONEWINDOW-NONE")
    assert code == 0 and json.loads(out) == []
    assert "no serial reader found" in err


def _one_error_line(code: int, out: str, err: str, error_code: str) -> None:
    assert code == 2 and out == ""
    assert err.startswith(f"error [{error_code}]: ") and err.count("\n") == 1, err


def test_unknown_backend(app_home: AppPaths) -> None:
    code, out, err = run("read-card", "--backend", "nfc")
    _one_error_line(code, out, err, "reader.unknown_backend")
    assert "demo" in err
    _one_error_line(*run("readers", "--backend", "nfc"), "reader.unknown_backend")


def test_missing_pyscard_names_the_fix(app_home: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "smartcard", None)
    monkeypatch.setitem(sys.modules, "smartcard.scard", None)
    code, out, err = run("read-card")  # pcsc is the default backend
    _one_error_line(code, out, err, "reader.service_unavailable")
    assert "pip install 'onewindow[pcsc]'" in err
    _one_error_line(*run("readers"), "reader.service_unavailable")


def test_a_serial_port_that_does_not_exist(app_home: AppPaths) -> None:
    code, out, err = run(
        "read-card", "--backend", "serial", "--port", "/dev/ttyONEWINDOW-NONE", "--timeout", "1"
    )
    _one_error_line(code, out, err, "reader.not_found")
    assert "/dev/ttyONEWINDOW-NONE" in err


def test_serial_needs_a_port(app_home: AppPaths) -> None:
    _one_error_line(*run("read-card", "--backend", "serial"), "reader.bad_option")


def test_demo_refuses_a_registry_that_is_not_synthetic(sqlite_db: Database) -> None:
    code, out, err = run("read-card", "--backend", "demo")
    _one_error_line(code, out, err, "demo.not_synthetic")


def test_bad_options(seeded: Database) -> None:
    _one_error_line(*run("read-card", "--backend", "demo", "--timeout", "0"), "reader.bad_option")
    _one_error_line(
        *run("read-card", "--backend", "demo", "--demo-card", "99"), "reader.bad_option"
    )
    _one_error_line(*run("read-card", "--demo-card", "1"), "reader.bad_option")
