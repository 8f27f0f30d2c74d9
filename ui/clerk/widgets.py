"""Small shared pieces of the clerk widgets: a flow layout for chips, a chip label, code lists,
and the scroll area of the desk's panels."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QLabel,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionGroupBox,
    QWidget,
)

from desktop.domain.matters.loader import load_code_lists
from ui.clerk.texts import pick

__all__ = [
    "FLAT_SCROLL_BAR",
    "Chip",
    "FlowLayout",
    "SectionBox",
    "code_name",
    "panel_scroll_area",
]

#: A flat scroll bar drawn by the style sheet engine. Fusion paints its scroll bars with
#: gradients and antialiased outlines: ≈ 3 ms for the form's tall handle, every time the desk
#: is shown for the next person (a quarter of the card → form time); this one takes ≈ 0.03 ms.
#: Set on the scroll bars themselves: on the scroll area it would cascade to every field.
FLAT_SCROLL_BAR = """
QScrollBar { background: transparent; border: none; margin: 0; }
QScrollBar:vertical { width: 12px; }
QScrollBar:horizontal { height: 12px; }
QScrollBar::handle { background: #c4c8cf; border-radius: 4px; margin: 2px; }
QScrollBar::handle:hover, QScrollBar::handle:pressed { background: #9ca3af; }
QScrollBar::handle:vertical { min-height: 24px; }
QScrollBar::handle:horizontal { min-width: 24px; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; border: none; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
"""


@cache
def _code_lists() -> dict[str, dict[str, tuple[str, str]]]:
    return {
        name: {o.code: (o.name_zh, o.name_en) for o in options}
        for name, options in load_code_lists().items()
    }


def code_name(code_list: str, code: str, language: str) -> str:
    """The name of ``code`` in a shipped code list (sex, ethnicity…); the code itself if unknown."""
    names = _code_lists().get(code_list, {}).get(code)
    return code if names is None else pick(language, *names)


class Chip(QLabel):
    """A rounded, coloured label (a finding, a source tag)."""

    def __init__(
        self, text: str, background: str, foreground: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(text, parent)
        self._colours: tuple[str, str] | None = None
        self.set_colours(background, foreground)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_colours(self, background: str, foreground: str) -> None:
        if self._colours == (background, foreground):
            return  # a style sheet set again is parsed and the chip re-polished all the same
        self._colours = (background, foreground)
        self.setStyleSheet(
            f"background: {background}; color: {foreground}; border-radius: 8px; padding: 1px 7px;"
        )


class FlowLayout(QLayout):
    """Lays its items out left to right, wrapping to new lines (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._do_layout(QRect(0, 0, width, 0), test_only=True)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, test_only=False)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _do_layout(self, rect: QRect, *, test_only: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            width = min(hint.width(), max(area.width(), 1))
            if x + width > area.right() + 1 and line_height > 0:
                x = area.x()
                y += line_height + self._spacing
                line_height = 0
            if not test_only:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + m.bottom()


def panel_scroll_area(content: QWidget, parent: QWidget, *, horizontal: bool = True) -> QScrollArea:
    """A frameless scroll area over ``content`` that is cheap to show again for the next person.

    Its viewport is not filled (the window behind has the same colour: filling it again is paint
    for nothing) and its scroll bars are :data:`FLAT_SCROLL_BAR`.
    """
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    if not horizontal:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    area.viewport().setAutoFillBackground(False)
    area.verticalScrollBar().setStyleSheet(FLAT_SCROLL_BAR)
    area.horizontalScrollBar().setStyleSheet(FLAT_SCROLL_BAR)
    return area


class SectionBox(QGroupBox):
    """A group box that paints its frame as two flat rectangles.

    Fusion draws a group box's frame by stretching a small image over the whole box, smoothly
    scaled: ≈ 1 ms for a section of the form, painted again for every person. This draws the
    same light box — Fusion's colours, taken from the palette — with a solid fill and a
    one-pixel outline, and the title where the style puts it. Layout and margins stay the
    style's.
    """

    def paintEvent(self, _event: QPaintEvent) -> None:
        opt = QStyleOptionGroupBox()
        self.initStyleOption(opt)
        style = self.style()
        control = QStyle.ComplexControl.CC_GroupBox
        frame = style.subControlRect(control, opt, QStyle.SubControl.SC_GroupBoxFrame, self)
        label = style.subControlRect(control, opt, QStyle.SubControl.SC_GroupBoxLabel, self)
        painter = QPainter(self)
        window = opt.palette.color(QPalette.ColorRole.Window)
        if self.title():
            # the frame starts below the title, as Fusion's does
            frame.setTop(max(frame.top(), label.bottom() + 1))
        painter.fillRect(frame, window.darker(102))
        painter.setPen(window.darker(111))
        painter.drawRect(frame.adjusted(0, 0, -1, -1))
        if self.title():
            style.drawItemText(
                painter,
                label,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                | int(Qt.TextFlag.TextShowMnemonic),
                opt.palette,
                self.isEnabled(),
                self.title(),
                QPalette.ColorRole.WindowText,
            )
