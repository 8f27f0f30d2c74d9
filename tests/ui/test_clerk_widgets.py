"""The clerk widgets' shared pieces that are cheap to paint: the form's section box, the
panels' scroll area."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.clerk.widgets import FLAT_SCROLL_BAR, SectionBox, panel_scroll_area


def _box(cls: type[QGroupBox], title: str) -> QGroupBox:
    box = cls(title)
    layout = QVBoxLayout(box)
    layout.addWidget(QLineEdit("值"))
    box.resize(320, 160)
    return box


def test_section_box_lays_out_like_a_group_box(qtbot) -> None:
    plain, section = _box(QGroupBox, "申请人 Applicant"), _box(SectionBox, "申请人 Applicant")
    for box in (plain, section):
        qtbot.addWidget(box)
        box.show()
    qtbot.waitExposed(section)
    assert section.contentsRect() == plain.contentsRect()
    assert section.layout().geometry() == plain.layout().geometry()
    assert section.sizeHint() == plain.sizeHint()


def test_section_box_paints_its_title_and_a_frame_below_it(qtbot) -> None:
    box = _box(SectionBox, "申请人")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    image = box.grab().toImage()
    window = box.palette().color(box.backgroundRole())
    edit = box.findChild(QLineEdit)
    assert edit is not None
    below_edit = QPoint(box.width() // 2, edit.geometry().bottom() + 4)
    # inside the frame: the frame's fill, a shade darker than the window
    assert image.pixelColor(below_edit).rgb() == window.darker(102).rgb()
    # the outline at the left edge, level with the field
    outline = image.pixelColor(QPoint(0, edit.geometry().center().y()))
    assert outline.rgb() == window.darker(111).rgb()
    # the title's row has ink (dark pixels) at its left
    title_row = [image.pixelColor(QPoint(x, 8)) for x in range(40)]
    assert any(c.lightness() < 128 for c in title_row)
    # an empty title: the frame starts at the top, nothing is written
    empty = _box(SectionBox, "")
    qtbot.addWidget(empty)
    empty.show()
    qtbot.waitExposed(empty)
    top = empty.grab().toImage().pixelColor(QPoint(empty.width() // 2, 20))
    assert top.rgb() == window.darker(102).rgb()


def test_panel_scroll_area_is_frameless_unfilled_and_flat(qtbot) -> None:
    content = QWidget()
    QVBoxLayout(content).addWidget(QLabel("x"))
    host = QWidget()
    qtbot.addWidget(host)
    area = panel_scroll_area(content, host, horizontal=False)
    assert area.widget() is content and area.widgetResizable()
    assert area.frameShape() == area.Shape.NoFrame
    assert not area.viewport().autoFillBackground()
    assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert area.verticalScrollBar().styleSheet() == FLAT_SCROLL_BAR
    assert area.styleSheet() == "" and content.styleSheet() == ""  # nothing cascades to fields
    both = panel_scroll_area(QWidget(), host)
    assert both.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
