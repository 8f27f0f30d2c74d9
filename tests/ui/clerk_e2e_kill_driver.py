"""A clerk half-way through a form when the power goes: run as a child process by
``test_clerk_e2e.py``, never collected by pytest.

    python clerk_e2e_kill_driver.py <matter category> <field path> <text>

Starts the real app (``ONEWINDOW_HOME`` holds a seeded registry and ``[reader] backend =
"demo"``), signs the demo clerk in through the login dialog, taps the first demo card (the
tenant), picks the matter by its pinyin initials, types ``text`` into the field, waits until
that draft is in the database, prints one JSON line (the person, matter, title, values, draft id)
and kills itself with SIGKILL: no clean-up, no last save. Exits 3 when it gets stuck.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop import app as app_module
from desktop.demo.users import DEMO_PASSWORD

TIMEOUT_MS = 90_000


def main(category: str, path: str, text: str) -> int:
    app = QApplication([sys.argv[0]])
    running = app_module.launch(app_module.build_parser().parse_args(["--lang", "en"]), app)
    assert isinstance(running, app_module.RunningApp)
    session = running.session
    assert session is not None
    state: dict[str, Any] = {"typed": False}

    def fail(why: str) -> None:
        sys.stderr.write(f"driver stuck: {why}\n")
        app.exit(3)

    def poll_login() -> None:
        login = session.login
        if login is None or not login.isVisible():
            QTimer.singleShot(50, poll_login)
            return
        login.username_edit.setText("clerk")
        login.password_edit.setText(DEMO_PASSWORD)
        login.sign_in_button.click()

    def on_desk(_principal: object) -> None:
        page = session.page
        assert page is not None and session.hall is not None
        code = session.hall.catalog.by_category(category).code
        matter = session.hall.catalog.get(code)

        def on_visit(_visit: object) -> None:
            page.picker.search.setText(matter.pinyin_initials)
            while page.picker.current_code() != code:
                page.picker.list.setCurrentRow(page.picker.list.currentRow() + 1)
            page.picker.confirm()

        def on_saved(draft_id: str) -> None:
            if code not in page.matter_codes():
                return
            form = page.matter_tab(code).form
            if not state["typed"]:
                state["typed"] = True
                editor = form.editor_widget(path)
                editor.setFocus()
                editor.clear()  # type: ignore[attr-defined]
                editor.insert(text)  # type: ignore[attr-defined]
                return
            if form.value(path) != text or not draft_id:
                return
            visit = page.visit
            assert visit is not None and visit.card is not None
            _codes, _form, _marks, title = page.draft_payload()
            facts = {
                "id_number": visit.id_number,
                "name": visit.card.name,
                "matter": code,
                "title": title,
                "values": form.values(),
                "draft_id": draft_id,
            }
            print(json.dumps(facts, ensure_ascii=False), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

        page.sig_visit_opened.connect(on_visit)
        page.sig_draft_saved.connect(on_saved)
        page.sig_error.connect(lambda message: fail(f"desk error: {message}"))
        tap_when_ready(200)

    def tap_when_ready(tries: int) -> None:
        if session.demo_tap is not None:
            session.demo_tap()
        elif tries > 0:
            QTimer.singleShot(50, lambda: tap_when_ready(tries - 1))
        else:
            fail("no demo reader")

    session.sig_desk_ready.connect(on_desk)
    QTimer.singleShot(0, poll_login)
    QTimer.singleShot(TIMEOUT_MS, lambda: fail("timeout"))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
