"""The matter picker: find the citizen's matters fast, pick several for one visit.

    picker = MatterPicker(catalog, usage_counts={"440306GA0001720010001": 120}, language="zh_CN")
    picker.set_suggestions([("JZ", "suggest.no_residence_registration")])
    picker.sig_selection_changed.connect(...)   # list of matter codes, in the order picked
    picker.sig_confirmed.connect(...)           # Enter: go on with the picked matters

Search by Chinese name (substring), pinyin initials (prefix or substring, any case), the
implementation or basic code, or the category letters. Without a search the hall's most used
matters come first; the matters the person's situation suggests are always on top, with the
reason. Keyboard: type to search, ↑/↓ to move, Space to tick, Enter to confirm, Esc to clear
the search.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.matters.model import Matter
from ui.clerk.texts import pick, suggestion_text

__all__ = ["MatterPicker", "match_rank"]

_CODE_ROLE = Qt.ItemDataRole.UserRole
_SUGGESTED_BACKGROUND = "#fef3c7"
_NAV_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def match_rank(matter: Matter, query: str) -> int | None:
    """How well ``query`` matches ``matter`` (0 best), None when it does not match at all."""
    q = query.strip()
    if not q:
        return 0
    folded = q.casefold()
    initials = matter.pinyin_initials.casefold()
    codes = (matter.code.casefold(), matter.basic_code.casefold())
    if folded == matter.category.casefold() or folded in codes:
        return 0
    if initials.startswith(folded) or any(c.startswith(folded) for c in codes):
        return 1
    names = (matter.name_zh, matter.short_zh)
    if any(n.startswith(q) for n in names):
        return 1
    if any(q in n for n in names) or folded in initials:
        return 2
    if folded in matter.name_en.casefold() or any(folded in c for c in codes):
        return 3
    if any(folded == tag.casefold() for tag in matter.tags):
        return 4
    return None


class MatterPicker(QWidget):
    """See the module docstring."""

    #: The ticked matters changed: their codes, in the order they were ticked.
    sig_selection_changed = Signal(list)
    #: Enter: the clerk goes on with these matters (never empty).
    sig_confirmed = Signal(list)

    def __init__(
        self,
        catalog_matters: Iterable[Matter],
        usage_counts: Mapping[str, int] | None = None,
        parent: QWidget | None = None,
        *,
        language: str = "zh_CN",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("matterPicker")
        self._language = language
        self._matters = list(catalog_matters)
        self._index = {m.code: i for i, m in enumerate(self._matters)}
        self._usage: dict[str, int] = dict(usage_counts or {})
        self._suggested: dict[str, list[str]] = {}  # code → reason codes, in suggestion order
        self._checked: list[str] = []
        self._filling = False

        self.search = QLineEdit(self)
        self.search.setObjectName("matterSearch")
        self.search.setPlaceholderText(self.tr("Search: name, pinyin initials or code"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._refill)
        self.search.installEventFilter(self)

        self.list = QListWidget(self)
        self.list.setObjectName("matterList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.installEventFilter(self)

        self.hint = QLabel(
            self.tr("↑↓ move · Space tick · Enter continue · Esc clear search"), self
        )
        self.hint.setObjectName("pickerHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #6b7280;")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("pickerCount")
        self.count_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.search)
        self._refill()

    # ---- public ------------------------------------------------------------------------------

    def selected(self) -> list[str]:
        """The ticked matters' codes, in the order they were ticked."""
        return list(self._checked)

    def set_selected(self, codes: Iterable[str]) -> None:
        wanted = [c for c in codes if c in self._index]
        if wanted == self._checked:
            return
        self._checked = list(dict.fromkeys(wanted))
        self._refill()
        self._emit_selection()

    def clear_selection(self) -> None:
        self.set_selected([])

    def set_usage_counts(self, usage_counts: Mapping[str, int]) -> None:
        self._usage = dict(usage_counts)
        self._refill()

    def set_suggestions(self, suggestions: Sequence[tuple[str, str]]) -> None:
        """Matters to show on top with their reason: ``(matter code or category, reason code)``."""
        self._suggested = {}
        for key, reason in suggestions:
            code = self._resolve(key)
            if code is not None:
                self._suggested.setdefault(code, []).append(str(reason))
        self._refill()

    def set_visit(
        self, suggestions: Sequence[tuple[str, str]], selected: Iterable[str] = ()
    ) -> None:
        """A new visit: its suggestions and the matters already picked, the list filled once
        (:meth:`set_suggestions` then :meth:`set_selected`, without filling it twice)."""
        self._suggested = {}
        for key, reason in suggestions:
            code = self._resolve(key)
            if code is not None:
                self._suggested.setdefault(code, []).append(str(reason))
        wanted = list(dict.fromkeys(c for c in selected if c in self._index))
        changed = wanted != self._checked
        self._checked = wanted
        self._refill()
        if changed:
            self._emit_selection()

    def suggested(self) -> list[str]:
        return list(self._suggested)

    def reset(self) -> None:
        """Next citizen: no search, no ticks, no suggestions."""
        if not self._suggested and not self._checked and not self.search.text():
            return  # already so: the list need not be filled again
        self._suggested = {}
        self.search.clear()
        self.clear_selection()
        self._refill()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def shown_codes(self) -> list[str]:
        """The matters listed now, top to bottom."""
        return [self._code(self.list.item(i)) for i in range(self.list.count())]

    def current_code(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else self._code(item)

    def toggle_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def confirm(self) -> None:
        """Go on with the ticked matters (or with the current one when none is ticked)."""
        if not self._checked:
            self.toggle_current()
        if self._checked:
            self.sig_confirmed.emit(self.selected())

    # ---- list --------------------------------------------------------------------------------

    def _resolve(self, key: str) -> str | None:
        if key in self._index:
            return key
        return next((m.code for m in self._matters if m.category == key), None)

    @staticmethod
    def _code(item: QListWidgetItem | None) -> str:
        return "" if item is None else str(item.data(_CODE_ROLE))

    def _ordered(self) -> list[Matter]:
        query = self.search.text()
        ranked: list[tuple[tuple[int, int, int, int], Matter]] = []
        suggested = list(self._suggested)
        for m in self._matters:
            rank = match_rank(m, query)
            if rank is None:
                continue
            top = suggested.index(m.code) if m.code in self._suggested else len(suggested)
            ranked.append(((top, rank, -self._usage.get(m.code, 0), self._index[m.code]), m))
        ranked.sort(key=lambda pair: pair[0])
        return [m for _, m in ranked]

    def _item_text(self, m: Matter) -> str:
        name = pick(self._language, m.name_zh, m.name_en)
        text = f"{name}    {m.pinyin_initials} · {m.category}"
        reasons = self._suggested.get(m.code)
        if reasons:
            text += "\n★ " + "；".join(suggestion_text(r) for r in reasons)
        return text

    def _refill(self) -> None:
        current = self.current_code()
        self._filling = True
        try:
            ordered = self._ordered()
            if [m.code for m in ordered] == self.shown_codes():
                # the same matters in the same order (a new visit, mostly): the items are
                # refreshed where they are, not rebuilt
                for i, m in enumerate(ordered):
                    self._fill_item(self.list.item(i), m)
            else:
                self.list.clear()
                for m in ordered:
                    item = QListWidgetItem()
                    item.setData(_CODE_ROLE, m.code)
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled
                        | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsUserCheckable
                    )
                    item.setToolTip(f"{m.name_zh}\n{m.name_en}\n{m.code}")
                    self._fill_item(item, m)
                    self.list.addItem(item)
        finally:
            self._filling = False
        codes = self.shown_codes()
        row = codes.index(current) if current in codes and self.search.text() == "" else 0
        if codes:
            self.list.setCurrentRow(row)
        self._update_count()

    def _fill_item(self, item: QListWidgetItem, m: Matter) -> None:
        """What of an item changes with the visit: text, tick, the suggestion's highlight."""
        text = self._item_text(m)
        if item.text() != text:
            item.setText(text)
        check = Qt.CheckState.Checked if m.code in self._checked else Qt.CheckState.Unchecked
        if item.checkState() != check:
            item.setCheckState(check)
        suggested = m.code in self._suggested
        if item.font().bold() != suggested:
            if suggested:
                item.setBackground(QBrush(QColor(_SUGGESTED_BACKGROUND)))
                font = QFont(self.list.font())
                font.setBold(True)
                item.setFont(font)
            else:  # back to the list's own
                item.setData(Qt.ItemDataRole.BackgroundRole, None)
                item.setData(Qt.ItemDataRole.FontRole, None)

    def _update_count(self) -> None:
        if not self._checked:
            self.count_label.setText(self.tr("No matter ticked"))
            return
        names = [
            pick(self._language, m.short_zh or m.name_zh, m.name_en)
            for m in (self._matters[self._index[c]] for c in self._checked)
        ]
        self.count_label.setText(
            self.tr("Ticked ({count}): {names}").format(count=len(names), names="、".join(names))
        )

    def _emit_selection(self) -> None:
        self._update_count()
        self.sig_selection_changed.emit(self.selected())

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        code = self._code(item)
        checked = item.checkState() == Qt.CheckState.Checked
        if checked and code not in self._checked:
            self._checked.append(code)
        elif not checked and code in self._checked:
            self._checked.remove(code)
        else:
            return
        self._emit_selection()

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.list.setCurrentItem(item)
        self.confirm()

    # ---- keyboard ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if key == Qt.Key.Key_Space and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.toggle_current()
            return True
        if key in _ENTER_KEYS:
            self.confirm()
            return True
        if watched is self.search:
            if key in _NAV_KEYS:
                self._move(key)
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        elif watched is self.list and event.text() and event.text().isprintable():
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.insert(event.text())
            return True
        return super().eventFilter(watched, event)

    def _move(self, key: int) -> None:
        n = self.list.count()
        if n == 0:
            return
        row = max(self.list.currentRow(), 0)
        step = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -5,
            Qt.Key.Key_PageDown: 5,
        }[Qt.Key(key)]
        self.list.setCurrentRow(min(max(row + step, 0), n - 1))
