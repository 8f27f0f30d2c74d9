"""``onewindow-admin rental-tax``: the window's computation as JSON; one error line otherwise."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main as admin
from desktop.config.paths import AppPaths
from desktop.domain.rental_tax import compute_rental_tax, default_rule_book

CITY = """
schema = 1
id = "hall-city"
name_zh = "本市综合征收率"
name_en = "Our city combined rate"
city = "ours"
method = "combined"
uses = ["residential"]
effective_from = 2024-01-01
[combined]
name_zh = "综合征收率"
name_en = "Combined rate"
[[combined.bands]]
use = "residential"
rate = "0.03"
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = admin(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def ok(*argv: str) -> Any:
    code, out, err = run(*argv)
    assert code == 0, err
    return json.loads(out)


def test_monthly_rent_prints_the_same_result_as_the_function(app_home: AppPaths) -> None:
    data = ok(
        "rental-tax", "--monthly-rent", "3000", "--months", "12", "--use", "residential",
        "--date", "2026-06-01",
    )  # fmt: skip
    expected = compute_rental_tax(
        Decimal(3000), 12, "residential", on=date(2026, 6, 1), book=default_rule_book()
    )
    assert data == json.loads(json.dumps(expected.to_json()))
    # 274.00 a month, 3,288.00 for the year (worked in tests/domain/test_rental_tax.py).
    assert data["per_month"]["total"] == "274.00" and data["term"]["total"] == "3288.00"
    assert data["rule_set"]["id"] == "cn-national-itemised"


def test_lump_sum_and_city(app_home: AppPaths) -> None:
    # 1,200,000 over 12 months = 100,000 a month: City A's lower band, 2.5 % = 30,000.00.
    data = ok(
        "rental-tax", "--lump-sum", "1,200,000", "--months", "12", "--use", "non-residential",
        "--city", "example-a", "--date", "2026-06-01",
    )  # fmt: skip
    assert data["rule_set"]["local_example"] is True
    assert data["lump_sum"] == "1200000.00" and data["monthly_rent"] == "100000.00"
    assert data["term"]["lines"][0]["rate"] == "0.025"
    assert data["term"]["total"] == "30000.00"


def test_default_date_is_today(app_home: AppPaths) -> None:
    data = ok("rental-tax", "--monthly-rent", "10", "--months", "1", "--use", "residential")
    assert data["on"] == date.today().isoformat()


def test_hall_folder_in_the_data_dir_is_used(app_home: AppPaths) -> None:
    folder = app_home.data_dir / "rental_tax"
    folder.mkdir()
    (folder / "ours.toml").write_text(CITY, encoding="utf-8")
    args = ("rental-tax", "--monthly-rent", "3000", "--months", "2", "--use", "residential")
    data = ok(*args, "--city", "ours", "--date", "2026-01-01")
    assert data["rule_set"]["id"] == "hall-city" and data["term"]["total"] == "180.00"
    listed = ok("rental-tax", "rules")
    assert "hall-city" in {rs["id"] for rs in listed}


def test_rules_dir_option_and_listing_by_date(app_home: AppPaths, tmp_path: Path) -> None:
    (tmp_path / "ours.toml").write_text(CITY, encoding="utf-8")
    listed = ok("rental-tax", "rules", "--rules-dir", str(tmp_path), "--date", "2023-06-01")
    ids = {rs["id"] for rs in listed}
    assert "cn-national-itemised" in ids and "hall-city" not in ids  # hall-city starts 2024
    assert "hall-city" in {
        rs["id"] for rs in ok("rental-tax", "rules", "--rules-dir", str(tmp_path))
    }


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--monthly-rent", "-5", "--months", "1", "--use", "residential"], "rental_tax.bad_rent"),
        (["--monthly-rent", "abc", "--months", "1", "--use", "residential"],
         "rental_tax.bad_option"),
        (["--monthly-rent", "5", "--months", "0", "--use", "residential"], "rental_tax.bad_months"),
        (["--monthly-rent", "5", "--months", "1", "--use", "shop"], "rental_tax.unknown_use"),
        (["--monthly-rent", "5", "--lump-sum", "5", "--months", "1", "--use", "residential"],
         "rental_tax.rent_ambiguous"),
        (["--monthly-rent", "5", "--months", "1"], "rental_tax.bad_option"),
        (["--monthly-rent", "5", "--months", "1", "--use", "residential", "--date", "2020-01-01"],
         "rental_tax.no_rule_set"),
        (["--monthly-rent", "5", "--months", "1", "--use", "residential", "--date", "tomorrow"],
         "rental_tax.bad_option"),
        (["--monthly-rent", "5", "--months", "1", "--use", "residential", "--rules-dir", "/nope"],
         "rental_tax.bad_option"),
    ],
)  # fmt: skip
def test_errors_are_one_line_with_a_code(app_home: AppPaths, argv: list[str], code: str) -> None:
    status, out, err = run("rental-tax", *argv)
    assert status == 2 and out == ""
    assert err.startswith(f"error [{code}]: ") and err.count("\n") == 1


def test_broken_hall_file_names_file_and_field(app_home: AppPaths) -> None:
    folder = app_home.data_dir / "rental_tax"
    folder.mkdir()
    (folder / "ours.toml").write_text(CITY.replace('rate = "0.03"', "rate = 0.03"), "utf-8")
    status, _out, err = run(
        "rental-tax", "--monthly-rent", "5", "--months", "1", "--use", "residential"
    )
    assert status == 2
    assert err.startswith("error [rental_tax.rules_invalid]: ")
    assert str(folder / "ours.toml") in err and "combined.bands[0].rate" in err
