"""Typed runtime settings, declared once with their defaults.

Settings live in ``onewindow.toml`` in the configuration directory. Every key has a default, so
an absent or partial file is fine. The file carries a ``config_version``; :data:`UPGRADES` holds
the steps that bring an older file up to date (Picard's ``config_upgrade`` habit).

Nothing secret is ever stored here: a PostgreSQL password lives in the OS keyring
(``onewindow-admin db set-password``) and a URL that carries one is refused on save.
"""

from __future__ import annotations

import logging
import math
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

from desktop.config.files import write_atomic
from desktop.config.paths import AppPaths
from desktop.domain.errors import CodedError

log = logging.getLogger(__name__)

CONFIG_FILE_NAME = "onewindow.toml"
CONFIG_VERSION = 1
ENV_DATABASE_URL = "ONEWINDOW_DATABASE_URL"


class SettingsError(CodedError):
    """The configuration file cannot be used; the message names the file, key and fix."""

    code = "settings.invalid"


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    #: SQLAlchemy URL without a password. Empty: the embedded SQLite database in the data dir.
    url: str = ""
    #: Seconds a statement waits on a locked SQLite database before giving up.
    busy_timeout_s: float = 10.0
    #: Seconds to wait for a PostgreSQL server to answer a connection.
    connect_timeout_s: int = 5
    #: Persons the embedded default is seeded with at first start (synthetic, clearly labelled).
    demo_seed_persons: int = 20_000
    demo_random_seed: int = 2026


#: What a station is: a service window, a back-office review desk, or a self-service kiosk.
STATION_KINDS = ("window", "review", "kiosk", "display", "supervisor")
#: What a window station's clerk does: serve at a window ("desk"), or hand out tickets and check
#: bookings in at the hall's reception desk (导服台, "reception").
STATION_MODES = ("desk", "reception")


#: The default ``[station] name``: a service window's.
WINDOW_STATION_NAME = "综合受理窗口"
#: What a review station is called when its ``[station] name`` was left at the window default.
REVIEW_STATION_NAME = "并联审批（后台审查）"
#: The supervisor station's header when ``name`` was left at the window's default.
SUPERVISOR_STATION_NAME = "效能监察"


@dataclass(frozen=True, slots=True)
class StationSettings:
    name: str = WINDOW_STATION_NAME
    window_number: int = 1
    hall_name: str = "示范区政务服务中心"
    #: Printed under the hall's name on every document, and on notices as where to ask.
    hall_address: str = ""
    hall_phone: str = "12345"  # the national government-service hotline
    #: Where applicants check a case's progress (printed on acceptance notices).
    progress_url: str = ""
    #: Text of the seal area on documents (empty: no seal area).
    seal_label: str = "（盖章）"
    #: The city whose rental-tax rule set applies ("" : the national itemised rules).
    tax_city: str = ""
    #: One of :data:`STATION_KINDS`; a kiosk signs in only as a kiosk user, and a kiosk user
    #: only at a kiosk.
    kind: str = "window"
    #: One of :data:`STATION_MODES` (a window station only).
    mode: str = "desk"

    def audit_label(self, kind: str | None = None) -> str:
        """How the audit log names this station (at most 60 characters)."""
        return f"{self.shown_name(kind).strip() or 'station'} #{self.window_number}"[:60]

    def shown_name(self, kind: str | None = None) -> str:
        """The station's name as its header shows it, for the station ``kind`` it runs as
        (default: its own): a review station whose name was left at the window's default is
        the review desk, not a service window."""
        shown_as = kind or self.kind
        if self.name.strip() in ("", WINDOW_STATION_NAME):
            if shown_as == "review":
                return REVIEW_STATION_NAME
            if shown_as == "supervisor":
                return SUPERVISOR_STATION_NAME
        return self.name

    def shown_window_number(self, kind: str | None = None) -> int | None:
        """The window number the header shows: none for a review desk, a supervisor or a
        reception desk (they serve at no window)."""
        if (kind or self.kind) in ("review", "supervisor") or self.mode == "reception":
            return None
        return self.window_number


@dataclass(frozen=True, slots=True)
class UiSettings:
    #: Qt locale name of the interface language: "zh_CN" (default) or "en".
    language: str = "zh_CN"


#: Card-reader backends: "auto" = the demo reader on the embedded synthetic registry, else PC/SC.
READER_BACKENDS = ("auto", "pcsc", "serial", "demo", "none")


@dataclass(frozen=True, slots=True)
class ReaderSettings:
    backend: str = "auto"
    #: PC/SC: use only readers whose name matches (glob); empty = any reader.
    reader_pattern: str = ""
    #: Serial GA/T 467 reader: the port (e.g. /dev/ttyUSB0, COM3) and its speed.
    serial_port: str = ""
    baudrate: int = 115200


@dataclass(frozen=True, slots=True)
class PrintingSettings:
    """Which printer prints what at this station.

    A printer is named as the system knows it (CUPS queue, Windows printer name). Empty means
    the system's default printer; on a computer with no printer at all, documents are written
    as PDF files to ``pdf_output_dir`` (the embedded default). The printer name ``"@pdf-files"``
    (``printing.dispatch.PDF_FILES_PRINTER``) always means that folder.
    """

    #: Printer for A4 documents (notices, receipts of the tax office, …).
    a4_printer: str = ""
    #: Printer for 80 mm receipt-roll documents (queue tickets, short receipts).
    receipt_printer: str = ""
    #: Per-document-kind overrides, e.g. ``by_kind = { acceptance_notice = "HP-2" }``.
    by_kind: dict[str, str] = field(default_factory=dict)
    #: Folder for the PDF-file printer; empty = ``<data dir>/printed``.
    pdf_output_dir: str = ""


@dataclass(frozen=True, slots=True)
class DeadlineSettings:
    """Warning thresholds of case time limits, in working days (local configuration).

    Red when the remaining working days are at or below ``red_remaining_days`` (-1: overdue);
    yellow when at or below ``yellow_remaining_days``, or — if ``yellow_percent`` is above 0 —
    when no more than that percentage of the limit is left.
    """

    yellow_remaining_days: int = 2
    red_remaining_days: int = -1
    yellow_percent: int = 0


@dataclass(frozen=True, slots=True)
class SecuritySettings:
    #: Wrong passwords in a row after which an account is locked.
    max_failed_attempts: int = 5
    #: How long a lock-out lasts.
    lockout_minutes: int = 15
    #: Minutes without keyboard or mouse input after which the screen locks (0: never).
    idle_lock_minutes: int = 10


@dataclass(frozen=True, slots=True)
class LoggingSettings:
    level: str = "INFO"
    max_bytes: int = 5_000_000
    backups: int = 5


@dataclass(frozen=True, slots=True)
class CasesSettings:
    #: Case numbers (``str.format``): fields region, date (``{date:%Y%m%d}``), category, type, seq.
    number_pattern: str = "{region}{date:%Y%m%d}{category}{seq:05d}"
    #: The hall's region code (GB/T 2260) used in case numbers.
    region_code: str = "440307"
    #: Accept a case number issued by the provincial platform as is (≤ 50 characters).
    upstream_numbers_allowed: bool = True
    #: The accepting unit printed on notices (受理单位).
    accepting_unit: str = "示范区政务服务中心"
    #: The hall's offset from UTC in minutes (China: +480, no daylight saving): decides the day
    #: a case is numbered and dated on.
    utc_offset_minutes: int = 480


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """The review desk (back office)."""

    #: A claimed task goes back to the queue after this many minutes (an approver who leaves
    #: does not hold work); the daily sweep releases the lapsed claims on the record.
    claim_minutes: int = 30

    def __post_init__(self) -> None:
        if not 1 <= self.claim_minutes <= 24 * 60:
            raise SettingsError(
                f"[review] claim_minutes must be 1 to 1440 minutes, got {self.claim_minutes}"
            )


@dataclass(frozen=True, slots=True)
class RatingSettings:
    """好差评: what follows a bad rating."""

    #: A bad rating's follow-up (call-back, rectification, reply) is due this many hall
    #: working days after the rating.
    followup_working_days: int = 15


@dataclass(frozen=True, slots=True)
class SweepSettings:
    """The hall's daily sweeps (``onewindow-admin sweep run``)."""

    #: A print job still ``printing`` after this many minutes is stuck: the sweep fails it (the
    #: clerk decides whether to retry; nobody knows whether the paper came out).
    print_stuck_minutes: int = 30
    #: On the embedded database, a sweep's lock row older than this was left by a crash and is
    #: taken over (PostgreSQL's advisory lock ends with its session).
    lock_minutes: int = 120
    #: Days the sweep rolls up into the dashboard's ``daily_figures`` in one run at most (the
    #: newest first; the next run goes on).
    rollup_days: int = 400


@dataclass(frozen=True, slots=True)
class KioskSettings:
    """A self-service kiosk (``[station] kind = "kiosk"``)."""

    #: Seconds without a touch before the session ends (a countdown is shown for the last 15).
    idle_seconds: int = 60
    #: Matters a card holder may declare at the kiosk (自主申报), comma-separated matter codes.
    declare_matters: str = "440306GA0001720010001"
    #: Where a person is sent (to collect a result, bring owed materials, or anything the kiosk
    #: cannot do), printed on the screen as is.
    service_place: str = "综合受理窗口"
    #: Seconds the hall's corner must be held before the administrator's exit asks a password.
    admin_hold_seconds: int = 5


@dataclass(frozen=True, slots=True)
class Settings:
    config_version: int = CONFIG_VERSION
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    station: StationSettings = field(default_factory=StationSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    reader: ReaderSettings = field(default_factory=ReaderSettings)
    deadlines: DeadlineSettings = field(default_factory=DeadlineSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    printing: PrintingSettings = field(default_factory=PrintingSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    cases: CasesSettings = field(default_factory=CasesSettings)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    ratings: RatingSettings = field(default_factory=RatingSettings)
    sweeps: SweepSettings = field(default_factory=SweepSettings)


# Upgrade steps: UPGRADES[n] turns a version-n mapping into a version-(n+1) mapping.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

_T = TypeVar("_T")

#: Numbers a setting may take (beyond them a station would misbehave, or overflow).
_RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("DatabaseSettings", "busy_timeout_s"): (0, 3600),
    ("DatabaseSettings", "connect_timeout_s"): (1, 600),
    ("DatabaseSettings", "demo_seed_persons"): (0, 10_000_000),
    ("DatabaseSettings", "demo_random_seed"): (-(2**63), 2**63 - 1),
    ("StationSettings", "window_number"): (0, 9999),
    ("ReaderSettings", "baudrate"): (300, 4_000_000),
    ("DeadlineSettings", "yellow_remaining_days"): (-1000, 1000),
    ("DeadlineSettings", "red_remaining_days"): (-1000, 1000),
    ("SecuritySettings", "max_failed_attempts"): (1, 1000),
    ("SecuritySettings", "lockout_minutes"): (1, 1_000_000),
    ("SecuritySettings", "idle_lock_minutes"): (0, 100_000),
    ("LoggingSettings", "max_bytes"): (1000, 10**12),
    ("LoggingSettings", "backups"): (0, 1000),
    ("CasesSettings", "utc_offset_minutes"): (-720, 840),
    ("RatingSettings", "followup_working_days"): (1, 250),
    ("SweepSettings", "print_stuck_minutes"): (1, 7 * 24 * 60),
    ("SweepSettings", "lock_minutes"): (1, 7 * 24 * 60),
    ("SweepSettings", "rollup_days"): (0, 10_000),
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _build(cls: type[_T], data: dict[str, Any], where: str) -> _T:
    """Build dataclass ``cls`` from a TOML table, checking names and types of every key."""
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        f = known.get(key)
        if f is None:
            raise SettingsError(
                f"{where}: unknown setting '{key}' (remove it or check the spelling)"
            )
        default = getattr(cls(), key)
        if is_dataclass(default):
            if not isinstance(value, dict):
                raise SettingsError(f"{where}: '{key}' must be a table ([{key}])")
            kwargs[key] = _build(type(default), value, f"{where} [{key}]")
            continue
        expected = type(default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, float) and not math.isfinite(value):
            raise SettingsError(f"{where}: '{key}' must be a finite number, got {value!r}")
        bounds = _RANGES.get((cls.__name__, key))
        if bounds is not None and isinstance(value, int | float) and not isinstance(value, bool):
            lo, hi = bounds
            if not lo <= value <= hi:
                raise SettingsError(f"{where}: '{key}' must be from {lo} to {hi}, got {value!r}")
        texts = value.items() if isinstance(value, dict) else [(key, value)]
        for k, v in texts:
            if any(isinstance(t, str) and _CONTROL.search(t) for t in (k, v)):
                raise SettingsError(
                    f"{where}: '{key}' holds a control character (a line break, NUL, …); "
                    "write it on one line"
                )
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise SettingsError(
                f"{where}: '{key}' must be of type {expected.__name__}, got {value!r}"
            )
        if isinstance(value, dict) and not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise SettingsError(f"{where}: every entry of '{key}' must be a string")
        kwargs[key] = value
    return cls(**kwargs)


def settings_from_mapping(data: dict[str, Any], where: str = "settings") -> Settings:
    version = data.get("config_version", CONFIG_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SettingsError(f"{where}: config_version must be a positive integer")
    if version > CONFIG_VERSION:
        raise SettingsError(
            f"{where}: written by a newer OneWindow (config_version {version}, this one reads "
            f"{CONFIG_VERSION}); upgrade OneWindow"
        )
    while version < CONFIG_VERSION:
        data = UPGRADES[version](dict(data))
        version += 1
        data["config_version"] = version
    settings = _build(Settings, data, where)
    _refuse_password_in_url(settings.database.url, where)
    if settings.reader.backend not in READER_BACKENDS:
        raise SettingsError(
            f"{where} [reader]: backend must be one of {', '.join(READER_BACKENDS)}, "
            f"got {settings.reader.backend!r}"
        )
    _check_deadlines(settings.deadlines, f"{where} [deadlines]")
    if settings.station.kind not in STATION_KINDS:
        raise SettingsError(
            f"{where} [station]: kind must be one of {', '.join(STATION_KINDS)}, "
            f"got {settings.station.kind!r}"
        )
    if settings.station.mode not in STATION_MODES:
        raise SettingsError(
            f"{where} [station]: mode must be one of {', '.join(STATION_MODES)}, "
            f"got {settings.station.mode!r}"
        )
    _check_security(settings.security, where)
    _check_cases(settings.cases, where)
    if not 10 <= settings.kiosk.idle_seconds <= 3600:
        raise SettingsError(f"{where} [kiosk]: idle_seconds must be from 10 to 3600")
    return settings


def hall_timezone(cases: CasesSettings) -> timezone:
    """The hall's time zone: a fixed offset from UTC (China keeps no daylight saving)."""
    return timezone(timedelta(minutes=cases.utc_offset_minutes))


def _check_deadlines(deadlines: DeadlineSettings, where: str) -> None:
    if deadlines.red_remaining_days >= deadlines.yellow_remaining_days:
        raise SettingsError(
            f"{where}: red_remaining_days ({deadlines.red_remaining_days}) must be below "
            f"yellow_remaining_days ({deadlines.yellow_remaining_days})"
        )
    if not 0 <= deadlines.yellow_percent <= 100:
        raise SettingsError(
            f"{where}: yellow_percent must be from 0 (off) to 100, got {deadlines.yellow_percent}"
        )


def _check_security(security: SecuritySettings, where: str) -> None:
    if security.max_failed_attempts < 1:
        raise SettingsError(f"{where} [security]: max_failed_attempts must be at least 1")
    if security.lockout_minutes < 1:
        raise SettingsError(f"{where} [security]: lockout_minutes must be at least 1")
    if security.idle_lock_minutes < 0:
        raise SettingsError(f"{where} [security]: idle_lock_minutes must be 0 (never lock) or more")


def _check_cases(cases: CasesSettings, where: str) -> None:
    from desktop.domain.cases import NumberPattern, NumberPatternError  # local: light import

    try:
        NumberPattern(cases.number_pattern)
    except NumberPatternError as exc:
        raise SettingsError(f"{where} [cases]: {exc}") from None
    if not cases.region_code.isdigit() or not 6 <= len(cases.region_code) <= 12:
        raise SettingsError(
            f"{where} [cases]: region_code must be 6 to 12 digits, got {cases.region_code!r}"
        )
    if not -720 <= cases.utc_offset_minutes <= 840:
        raise SettingsError(f"{where} [cases]: utc_offset_minutes out of range")


def _refuse_password_in_url(url: str, where: str) -> None:
    if not url:
        return
    from sqlalchemy.engine import make_url  # local: keep config import cheap
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: a non-numeric port
        raise SettingsError(f"{where}: database url is not a valid URL: {exc}") from None
    if parsed.password:
        raise SettingsError(
            f"{where}: the database url contains a password. Remove it from the file and store "
            "it with 'onewindow-admin db set-password' (it goes to the OS keyring)."
        )


def load_settings(paths: AppPaths, *, environment: bool = True) -> Settings:
    """Read the configuration file (defaults where it is absent), then apply the environment
    (``environment=False``: the file alone, e.g. to change one setting and write it back)."""
    path = paths.config_file
    settings = Settings()
    if path.exists():
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"{path}: cannot read the configuration: {exc}") from None
        except UnicodeDecodeError:
            raise SettingsError(f"{path}: the configuration is not UTF-8 text") from None
        except RecursionError:  # tomllib recurses once per level of nesting
            raise SettingsError(f"{path}: the configuration is nested too deeply") from None
        settings = settings_from_mapping(data, str(path))
    env_url = os.environ.get(ENV_DATABASE_URL, "").strip() if environment else ""
    if env_url:
        settings = replace(settings, database=replace(settings.database, url=env_url))
    return settings


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        escaped = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", escaped)
        return f'"{escaped}"'
    if isinstance(value, dict):  # an inline table of strings (e.g. [printing] by_kind)
        items = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    raise TypeError(f"cannot write {value!r} to TOML")


def _toml_key(key: str) -> str:
    if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key):
        return key
    return _toml_value(key)


def dump_settings(settings: Settings) -> str:
    data = asdict(settings)
    lines = [f"config_version = {data.pop('config_version')}"]
    for section, table in data.items():
        lines.append("")
        lines.append(f"[{section}]")
        for key, value in table.items():
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def save_settings(paths: AppPaths, settings: Settings) -> Path:
    """Write the settings file atomically (owner-only). A URL with a password is refused, and
    so is anything that would not read back as these settings: a written file always loads."""
    _refuse_password_in_url(settings.database.url, str(paths.config_file))
    text = dump_settings(settings)
    try:
        raw = text.encode("utf-8")
        again = settings_from_mapping(tomllib.loads(text), str(paths.config_file))
    except UnicodeEncodeError:
        raise SettingsError(
            f"{paths.config_file}: a setting is not valid text (bytes that are not UTF-8)"
        ) from None
    if again != settings:
        raise SettingsError(f"{paths.config_file}: the settings would not read back as written")
    return write_atomic(paths.config_file, raw)
