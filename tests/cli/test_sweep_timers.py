"""The timer files under scripts/timers run the command that exists, with the arguments it
takes, and treat "already running" (exit 3) as a success."""

from __future__ import annotations

import configparser
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop.cli.main import build_parser
from desktop.cli.sweep import EXIT_ALREADY_RUNNING

TIMERS = Path(__file__).resolve().parents[2] / "scripts" / "timers"
TASK = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(TIMERS / name, encoding="utf-8")
    return parser


def test_systemd_service_and_timers() -> None:
    service = _unit("onewindow-sweep.service")["Service"]
    argv = shlex.split(service["ExecStart"])
    assert Path(argv[0]).name == "onewindow-admin"
    args = build_parser().parse_args(argv[1:])
    assert (args.command, args.sweep_command, args.json) == ("sweep", "run", True)
    assert service["SuccessExitStatus"] == str(EXIT_ALREADY_RUNNING)
    for timer in ("onewindow-sweep.timer", "onewindow-sweep-claims.timer"):
        unit = _unit(timer)
        assert unit["Timer"]["Unit"] == "onewindow-sweep.service"
        assert unit["Timer"]["OnCalendar"]
        assert unit["Install"]["WantedBy"] == "timers.target"


def test_windows_task_scheduler_xml() -> None:
    raw = (TIMERS / "onewindow-sweep.xml").read_bytes()
    assert raw.startswith(b"\xff\xfe")  # UTF-16 with its byte-order mark, as schtasks reads it
    root = ET.fromstring(raw.decode("utf-16"))
    exec_ = root.find(f"{TASK}Actions/{TASK}Exec")
    assert exec_ is not None
    command = exec_.findtext(f"{TASK}Command") or ""
    assert command.endswith("onewindow-admin.exe")
    args = build_parser().parse_args(shlex.split(exec_.findtext(f"{TASK}Arguments") or ""))
    assert (args.command, args.sweep_command, args.json) == ("sweep", "run", True)
    assert len(root.findall(f"{TASK}Triggers/{TASK}CalendarTrigger")) == 2
    assert root.findtext(f"{TASK}Settings/{TASK}MultipleInstancesPolicy") == "IgnoreNew"
