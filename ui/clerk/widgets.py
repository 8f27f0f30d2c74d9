"""Small shared pieces of the clerk widgets: a flow layout for chips, a chip label, code lists."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget

from desktop.domain.matters.loader import load_code_lists
from ui.clerk.texts import pick

__all__ = ["Chip", "FlowLayout", "code_name"]


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
