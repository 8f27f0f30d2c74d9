"""``onewindow-admin``: bad input gives one clear line and a non-zero exit, and changes nothing."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desktop.cli.main import main as admin
from desktop.config.paths import AppPaths
from desktop.domain.identity import make_citizen_number
from desktop.persistence.engine import KEYRING_SERVICE
from desktop.persistence.migrate import head_revision


def run(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        old = sys.stdin
        sys.stdin = io.StringIO(stdin)
    try:
        code = admin(list(argv), out=out, err=err)
    finally:
        if stdin is not None:
            sys.stdin = old
    return code, out.getvalue(), err.getvalue()


def test_init_then_db_info(app_home: AppPaths) -> None:
    code, out, _ = run("init")
    assert code == 0 and head_revision() in out
    code, out, _ = run("db", "info", "--json")
    info = json.loads(out)
    assert code == 0
    assert info["backend"] == "sqlite" and info["embedded_default"] is True
    assert info["schema_revision"] == info["schema_head"] == head_revision()
    assert info["row_counts"]["persons"] == 0
    assert str(app_home.data_dir) in info["url"]


def test_check_id_prints_one_json_line_per_number(app_home: AppPaths) -> None:
    code, out, _ = run("check-id", "11010519491231002X", "110105194912310021", "91350100M000100Y43")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # one of them is invalid
    assert [x["valid"] for x in lines] == [True, False, True]
    assert lines[0]["kind"] == "citizen"
    assert lines[1]["error"] == "id.bad_check_character" or lines[1]["error"]
    assert lines[2]["kind"] == "credit_code"
    assert run("check-id", "11010519491231002X")[0] == 0


def test_lookup_invalid_number_is_one_clear_error(app_home: AppPaths) -> None:
    code, out, err = run("lookup", "110105194912310021")
    assert code == 2 and out == ""
    assert err.startswith("error [id.") and err.count("\n") == 1
    assert "110105194912310021" not in err  # numbers are masked in messages


def test_lookup_unknown_person(app_home: AppPaths) -> None:
    code, _, err = run("lookup", "11010519491231002X")
    assert code == 2 and "registry.not_found" in err


def test_malformed_database_url(app_home: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONEWINDOW_DATABASE_URL", "postgresql://user:secret@host:notaport/db")
    code, _, err = run("db", "info")
    assert code == 2 and "db.bad_url" in err and "secret" not in err


def test_unsupported_backend(app_home: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONEWINDOW_DATABASE_URL", "mysql://u@h/db")
    code, _, err = run("init")
    assert code == 2 and "db.unsupported_backend" in err


def test_password_in_config_file_is_refused(app_home: AppPaths) -> None:
    app_home.config_file.write_text(
        '[database]\nurl = "postgresql://u:pw@h/db"\n', encoding="utf-8"
    )
    code, _, err = run("db", "info")
    assert code == 2 and "settings.invalid" in err and "set-password" in err


def test_set_url_refuses_password_and_writes_nothing(app_home: AppPaths) -> None:
    code, _, err = run("db", "set-url", "postgresql://u:pw@127.0.0.1/db")
    assert code == 2 and "password" in err
    assert not app_home.config_file.exists()


def test_database_at_newer_schema_is_left_alone(sqlite_db, app_home: AppPaths) -> None:  # type: ignore[no-untyped-def]
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    before = Path(sqlite_db.target.url.database).read_bytes()
    for argv in (("init",), ("db", "info"), ("lookup", "11010519491231002X")):
        code, _, err = run(*argv)
        assert code == 2 and "db.schema_too_new" in err and "Upgrade OneWindow" in err
    with sqlite_db.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "ffffffffffff"
        )
    assert Path(sqlite_db.target.url.database).read_bytes() == before


@pytest.mark.postgres
def test_postgres_password_goes_to_the_keyring(
    app_home: AppPaths,
    pg_database,
    memory_keyring,  # type: ignore[no-untyped-def]
) -> None:
    code, out, err = run("db", "set-url", pg_database.url_without_password)
    assert code == 0, err
    assert pg_database.password not in app_home.config_file.read_text()
    code, _, err = run("db", "set-password", "--password-stdin", stdin="wrong\n")
    assert code == 2 and "db.auth_failed" in err
    assert memory_keyring.passwords == {}
    code, out, err = run(
        "db", "set-password", "--password-stdin", stdin=pg_database.password + "\n"
    )
    assert code == 0, err
    assert list(memory_keyring.passwords.values()) == [pg_database.password]
    assert next(iter(memory_keyring.passwords))[0] == KEYRING_SERVICE
    code, out, err = run("init")
    assert code == 0, err
    code, out, _ = run("db", "info")
    assert code == 0 and "postgresql" in out and pg_database.password not in out
    for log in app_home.log_dir.glob("*.log"):
        assert pg_database.password not in log.read_text()


@pytest.mark.postgres
def test_env_url_password_is_masked(app_home: AppPaths, pg_database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ONEWINDOW_DATABASE_URL", pg_database.url)
    code, out, err = run("db", "info", "--json")
    assert code == 0, err
    assert pg_database.password not in out and "***" in json.loads(out)["url"]


def test_no_keyring_names_the_fix(app_home: AppPaths, no_keyring) -> None:  # type: ignore[no-untyped-def]
    run("db", "set-url", "postgresql://onewindow@127.0.0.1:9/onewindow")
    code, _, err = run("db", "set-password", "--password-stdin", "--no-check", stdin="pw\n")
    assert code == 2 and "db.no_keyring" in err and "Secret Service" in err
    code, _, err = run("init")
    assert code == 2 and "db.no_keyring" in err


def test_unreachable_server(app_home: AppPaths, memory_keyring, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ONEWINDOW_DATABASE_URL", "postgresql://onewindow:pw@127.0.0.1:9/onewindow")
    code, _, err = run("init")
    assert code == 2 and "db.unreachable" in err and "pw@" not in err


@pytest.mark.slow
def test_must_show_init_seed_lookup_on_an_empty_home(tmp_path: Path) -> None:
    """The issue's acceptance line, through the installed console script."""
    env = {**os.environ, "ONEWINDOW_HOME": str(tmp_path / "home")}
    env.pop("ONEWINDOW_DATABASE_URL", None)
    exe = Path(sys.executable).with_name("onewindow-admin")
    subprocess.run([exe, "init"], env=env, check=True, capture_output=True)
    seeded = subprocess.run(
        [exe, "seed", "--persons", "20000"], env=env, check=True, capture_output=True, text=True
    )
    assert "SYNTHETIC" in seeded.stdout
    db = tmp_path / "home" / "data" / "onewindow.sqlite3"
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        number = conn.execute(
            text("SELECT id_number FROM persons ORDER BY id LIMIT 1 OFFSET 777")
        ).scalar()
    engine.dispose()
    looked = subprocess.run([exe, "lookup", str(number)], env=env, capture_output=True, text=True)
    assert looked.returncode == 0, looked.stderr
    dossier = json.loads(looked.stdout)
    assert dossier["person"]["id_number"] == number
    verify = subprocess.run([exe, "audit", "verify"], env=env, capture_output=True, text=True)
    assert verify.returncode == 0 and "1 events" in verify.stdout


def test_make_citizen_number_round_trip() -> None:
    assert (
        run("check-id", make_citizen_number("440306", __import__("datetime").date(2000, 1, 1), 7))[
            0
        ]
        == 0
    )
