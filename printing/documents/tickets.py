"""The queue ticket on 80 mm thermal paper (72 mm printable), drawn directly on the canvas."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing.fonts import FontRole, FontSet
from printing.layout import draw_runs
from printing.model import QueueTicket

__all__ = ["TICKET_WIDTH", "render_queue_ticket"]

TICKET_WIDTH = 80 * mm
_MARGIN = 4 * mm


def _wrap(fonts: FontSet, text: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (CJK: anywhere)."""
    lines: list[str] = []
    line = ""
    for ch in text:
        if line and fonts.string_width(line + ch, size) > width:
            lines.append(line)
            line = ""
        line += ch
    if line:
        lines.append(line)
    return lines


def _slot_text(doc: QueueTicket) -> str:
    """A booked ticket's slot, e.g. "预约时段：2026-11-23 10:00 至 10:30" (hall time)."""
    if doc.booked_slot is None:
        return ""
    start, end = doc.booked_slot
    return f"预约时段：{start:%Y-%m-%d %H:%M} 至 {end:%H:%M}"


def render_queue_ticket(doc: QueueTicket, fonts: FontSet, *, sample: bool = False) -> bytes:
    inner = TICKET_WIDTH - 2 * _MARGIN
    matter_lines = [ln for m in doc.matters for ln in _wrap(fonts, "· " + m, 10.5, inner)]
    note_lines = _wrap(fonts, doc.note, 9, inner) if doc.note else []
    slot_line = _slot_text(doc)
    extra = (5.5 if slot_line else 0) + (8 if sample else 0)
    height = (70 + 5.2 * len(matter_lines) + 4.8 * len(note_lines) + extra + 6) * mm
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(TICKET_WIDTH, height), initialFontName=fonts.body_name)
    canv.setTitle(f"{doc.kind.title_zh} {doc.number}")
    canv.setAuthor(doc.issuer.name)
    canv.setCreator("OneWindow 一窗通")
    mid = TICKET_WIDTH / 2
    y = height - 9 * mm
    draw_runs(canv, fonts, doc.issuer.name, mid, y, 12, FontRole.HEADING, "center")
    y -= 6 * mm
    draw_runs(
        canv,
        fonts,
        doc.queue_name + ("（预约）" if doc.booked else ""),
        mid,
        y,
        10.5,
        align="center",
    )
    y -= 4 * mm
    canv.setLineWidth(0.8)
    canv.setDash(2, 2)
    canv.line(_MARGIN, y, TICKET_WIDTH - _MARGIN, y)
    y -= 18 * mm
    draw_runs(canv, fonts, doc.number, mid, y, 44, FontRole.HEADING, "center")
    y -= 8 * mm
    draw_runs(
        canv,
        fonts,
        f"您前面还有 {doc.waiting_ahead} 人等候",
        mid,
        y,
        11,
        FontRole.HEADING,
        "center",
    )
    y -= 6 * mm
    canv.line(_MARGIN, y, TICKET_WIDTH - _MARGIN, y)
    y -= 6 * mm
    draw_runs(canv, fonts, "办理事项：", _MARGIN, y, 10.5, FontRole.HEADING)
    for ln in matter_lines:
        y -= 5.2 * mm
        draw_runs(canv, fonts, ln, _MARGIN, y, 10.5)
    y -= 7 * mm
    draw_runs(canv, fonts, f"取号时间：{doc.taken_at:%Y-%m-%d %H:%M}", _MARGIN, y, 10)
    if slot_line:
        y -= 5.5 * mm
        draw_runs(canv, fonts, slot_line, _MARGIN, y, 10.5, FontRole.HEADING)
    for ln in note_lines:
        y -= 4.8 * mm
        draw_runs(canv, fonts, ln, _MARGIN, y, 9)
    if sample:
        y -= 8 * mm
        draw_runs(
            canv, fonts, "【样本 SAMPLE · 仅供打印机调试】", mid, y, 10, FontRole.HEADING, "center"
        )
    canv.showPage()
    canv.save()
    return buf.getvalue()
