"""Drafts kept on this computer: one per person, newest first, the file gone with the last one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop.services.local_drafts import (
    VISIT_KEY,
    drop_local_draft_of,
    read_local_drafts,
    write_local_draft,
)


def test_drafts_kept_on_this_computer_are_kept_per_person(tmp_path: Path) -> None:
    path = tmp_path / "local-draft.json"
    for number, title in (("A", "first"), ("B", "second")):
        form = {VISIT_KEY: {"id_number": number}}
        write_local_draft(path, number, ["JZ"], form, {}, title, None)
    assert [d.title for d in read_local_drafts(path)] == ["second", "first"]  # newest first
    if os.name == "posix":  # personal data: the owner's only
        assert path.stat().st_mode & 0o777 == 0o600
    write_local_draft(path, "A", ["JZ"], {VISIT_KEY: {"id_number": "A"}}, {}, "again", None)
    assert [d.title for d in read_local_drafts(path)] == ["again", "second"]
    drop_local_draft_of(path, "A")
    assert [d.title for d in read_local_drafts(path)] == ["second"]
    drop_local_draft_of(path, "B")
    assert not path.exists()
    assert not path.with_suffix(".tmp").exists()


def test_a_draft_keeps_what_was_typed_and_the_first_format_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "local-draft.json"
    form = {VISIT_KEY: {"id_number": "A", "matters": ["JZ"]}, "JZ": {"name": "张三"}}
    write_local_draft(path, "A", ["JZ"], form, {"JZ|id_card": "received"}, "A 居住登记", "d-1")
    (draft,) = read_local_drafts(path)
    assert (draft.id, draft.matter_codes, draft.title) == ("d-1", ("JZ",), "A 居住登记")
    assert draft.form == form and draft.materials == {"JZ|id_card": "received"}

    old = tmp_path / "old.json"  # one draft, as the first version wrote it
    old.write_text(json.dumps({"id": "", "form": form, "title": "old"}), encoding="utf-8")
    assert [d.title for d in read_local_drafts(old)] == ["old"]
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert read_local_drafts(tmp_path / "broken.json") == ()
    assert read_local_drafts(tmp_path / "missing.json") == ()


def test_the_local_drafts_module_imports_no_qt() -> None:
    code = (
        "import sys, desktop.services.local_drafts; "
        "sys.exit(any(m.startswith(('PySide6', 'shiboken6', 'ui')) for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
