"""One card holder's view: a column of big buttons and the page they open (my cases, print,
declare, ticket, rate), built for the session and destroyed when it ends. Each content page is
built when first opened and filled from the core through :class:`~ui.kiosk.ports.KioskPages`,
the window's calls; nothing here talks to the database or keeps a record after the view is
gone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.kiosk.case_pages import CasesPage, RatePage
from ui.kiosk.declare_page import DeclarePage
from ui.kiosk.ports import KioskPages
from ui.kiosk.print_page import PrintPage
from ui.kiosk.ticket_page import TicketPage
from ui.kiosk.widgets import text_label, touch_button

__all__ = ["PersonView"]


class PersonView(QWidget):
    """One card holder's pages: a column of big buttons and the page they open."""

    PAGES = ("cases", "print", "declare", "ticket", "rate")
    #: Pages read again each time they are opened anew.
    READ_AGAIN = frozenset({"cases", "rate"})

    def __init__(
        self,
        pages: KioskPages,
        *,
        greeting: str,
        rare_characters: bool,
        declare_matters: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kioskPerson")
        self._pages = pages
        self._rare = rare_characters
        self._declare_matters = declare_matters
        self.greeting = text_label(greeting, "kioskGreeting", self)
        self.countdown = text_label("", "kioskCountdown", self)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.warning = text_label("", "kioskIdleWarning", self)
        self.warning.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.warning.hide()
        self.rare_note = text_label(
            self.tr(
                "Your name has a rare character that this screen may not show correctly. To "
                "print or declare, please go to: {place}"
            ).format(place=pages.service_place),
            "kioskNote",
            self,
        )
        self.rare_note.setVisible(rare_characters)
        self.nav: dict[str, QPushButton] = {}
        self.nav_grid = QGridLayout()
        self.nav_grid.setSpacing(14)
        names = {
            "cases": self.tr("My cases"),
            "print": self.tr("Print again"),
            "declare": self.tr("Declare residence"),
            "ticket": self.tr("Take a ticket"),
            "rate": self.tr("Rate our service"),
        }
        for key in self.PAGES:
            button = touch_button(names[key], "kioskNav", self)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, k=key: self.open(k))
            self.nav[key] = button
        if rare_characters or not declare_matters:
            self.nav["declare"].setEnabled(False)
        if rare_characters:
            self.nav["print"].setEnabled(False)
        self.done = touch_button(self.tr("Done — end my session"), "kioskDone", self)
        self.done.clicked.connect(pages.finish)
        self.stack = QStackedWidget(self)
        self._built: dict[str, QWidget] = {}
        header = QHBoxLayout()
        header.addWidget(self.greeting, 1)
        header.addWidget(self.countdown)
        body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.setSpacing(28)
        body.addLayout(self.nav_grid, 0)
        body.addWidget(self.stack, 1)
        self.body = body
        self._portrait: bool | None = None
        self._arrange(portrait=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 24, 36, 24)
        layout.setSpacing(16)
        layout.addLayout(header)
        layout.addWidget(self.rare_note)
        layout.addLayout(body, 1)
        layout.addWidget(self.warning)

    def _arrange(self, *, portrait: bool) -> None:
        """Landscape: the buttons in a column beside the page; portrait: two rows above it."""
        if portrait == self._portrait:
            return
        self._portrait = portrait
        buttons = [*self.nav.values(), self.done]
        for button in buttons:
            self.nav_grid.removeWidget(button)
        self.nav_grid.setRowStretch(len(buttons) - 1, 0)
        if portrait:
            self.body.setDirection(QBoxLayout.Direction.TopToBottom)
            for i, button in enumerate(buttons):
                button.setProperty("portrait", True)
                self.nav_grid.addWidget(button, i // 3, i % 3)
        else:
            self.body.setDirection(QBoxLayout.Direction.LeftToRight)
            for i, button in enumerate(buttons[:-1]):
                button.setProperty("portrait", False)
                self.nav_grid.addWidget(button, i, 0)
            self.nav_grid.setRowStretch(len(buttons) - 1, 1)
            self.nav_grid.addWidget(self.done, len(buttons), 0)
        for button in buttons:
            button.style().unpolish(button)
            button.style().polish(button)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(portrait=self.height() > self.width())

    def open(self, key: str) -> QWidget:
        for name, button in self.nav.items():
            button.setChecked(name == key)
        page = self._built.get(key)
        if page is not None and key in self.READ_AGAIN and self.stack.currentWidget() is not page:
            # What it lists may have changed since (a declaration sent, a case rated): read
            # again rather than show what was true when it was first opened.
            self.stack.removeWidget(page)
            page.deleteLater()
            page = None
        if page is None:
            builders: dict[str, Callable[[], QWidget]] = {
                "cases": lambda: CasesPage(self._pages, self.stack),
                "print": lambda: PrintPage(self._pages, self.stack),
                "declare": lambda: DeclarePage(self._pages, self._declare_matters, self.stack),
                "ticket": lambda: TicketPage(self._pages, self.stack),
                "rate": lambda: RatePage(self._pages, self.stack),
            }
            page = builders[key]()
            self._built[key] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        return page

    def page(self, key: str) -> QWidget | None:
        return self._built.get(key)

    def set_countdown(self, seconds_left: int, warn: bool) -> None:
        self.countdown.setText(self.tr("Ends in {s} s").format(s=seconds_left))
        if warn:
            self.warning.setText(
                self.tr(
                    "Still there? Your session ends in {s} seconds. Touch the screen to go on."
                ).format(s=seconds_left)
            )
        self.warning.setVisible(warn)
