"""Shared page furniture and building blocks of the A4 documents (reportlab platypus).

One sober layout for every official document: the hall's name at the top left, the verification
QR code at the top right, a centred title in the Hei face, the number and date, then the
document's body in the Ming face (12 pt on 20 pt lines), the signature lines, the issuing unit
and date over a seal area at the bottom right; a footer with the number and page. Samples get a
diagonal 样本 SAMPLE watermark on every page.

All text goes through :meth:`Kit.para`, which escapes it and splits it into per-font runs
(:meth:`printing.fonts.FontSet.runs`), so rare characters fall back to a font that has them and
a character no font has stops the document before it renders. Paragraphs wrap CJK text anywhere,
so an over-long address wraps inside its cell.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from printing.fonts import FontRole, FontSet
from printing.model import Material, OfficialDocument

__all__ = [
    "QR_CAPTION",
    "Kit",
    "PageInfo",
    "build_a4",
    "cn_date",
    "draw_qr",
    "framed",
    "money",
    "percent",
]

INK = colors.black
GREY = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.94, 0.94, 0.94)
WATERMARK = colors.Color(0.80, 0.80, 0.80)

PAGE_W, PAGE_H = A4
MARGIN_X = 24 * mm
MARGIN_TOP = 46 * mm
MARGIN_BOTTOM = 24 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
QR_SIZE = 24 * mm
QR_CAPTION = "扫码核验真伪"
#: Who signs for a document on the line beside the clerk's, unless its builder says otherwise.
DEFAULT_PARTY = "申请人（签收）"


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


def percent(rate: Decimal) -> str:
    text = f"{(rate * 100).normalize():f}"
    return f"{text}%"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def draw_qr(canv: Canvas, code: str, x: float, y: float, size: float) -> None:
    """Draw ``code`` as a QR code (level M) with its lower-left corner at ``(x, y)``.

    The mask pattern is fixed (0) rather than chosen by scoring all eight: the scoring is four
    fifths of the encoding time, and a signed code is random-looking data, for which every mask
    reads equally well. The quiet zone is left to the caller's whitespace (≥ 4 modules).
    """
    qr = segno.make_qr(code, error="m", boost_error=False, mask=0)
    matrix = qr.matrix
    n = len(matrix)
    # One filled path of row runs in module units (integers: no float formatting per rect).
    ops: list[str] = []
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{start} {r} {c - start} 1 re")
            else:
                c += 1
    canv.saveState()
    canv.translate(x, y + size)
    canv.scale(size / n, -size / n)
    canv.setFillColor(INK)
    canv.addLiteral("\n".join(ops) + "\nf")
    canv.restoreState()


def draw_runs(
    canv: Canvas,
    fonts: FontSet,
    text: str,
    x: float,
    y: float,
    size: float,
    role: FontRole = FontRole.BODY,
    align: str = "left",
) -> None:
    """Draw one line of text with per-character font fallback (left, centre or right at x)."""
    runs = list(fonts.runs(text, role))
    if align != "left":
        from reportlab.pdfbase.pdfmetrics import stringWidth

        width = sum(stringWidth(t, f, size) for f, t in runs)
        x -= width / 2 if align == "center" else width
    obj = canv.beginText(x, y)
    for font, part in runs:
        obj.setFont(font, size)
        obj.textOut(part)
    canv.drawText(obj)


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What the page furniture shows on every page."""

    hall_name: str
    title: str
    number: str
    code: str | None
    sample: bool
    footer_note: str = ""
    #: The hall's address and phone, under its name.
    hall_contact: str = ""


class _Closing(Flowable):  # type: ignore[misc]
    """The foot of a document, kept on one page.

    Left: the clerk's signature line (with the clerk's name in small print), the other party's
    signature line and a date line. Right: the issuing unit and the date, over a dashed circle
    where the seal goes (its label configurable; no circle when the label is empty).
    """

    def __init__(
        self, kit: Kit, clerk: str, party: str, unit: str, issued_on: date, seal_label: str
    ) -> None:
        super().__init__()
        self.kit = kit
        self.clerk = clerk
        self.party = party
        self.unit = unit
        self.issued_on = issued_on
        self.seal_label = seal_label
        self.width = FRAME_W
        self.height = 44 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _line(self, label: str, x: float, y: float, length: float) -> float:
        fonts = self.kit.fonts
        draw_runs(self.canv, fonts, label, x, y, 12)
        start: float = x + fonts.string_width(label, 12) + 1 * mm
        self.canv.line(start, y - 2, start + length, y - 2)
        return start

    def draw(self) -> None:
        canv: Canvas = self.canv
        fonts = self.kit.fonts
        canv.saveState()
        canv.setLineWidth(0.5)
        top = self.height - 6 * mm
        start = self._line("经办人（签名）：", 0, top, 30 * mm)
        if self.clerk:
            canv.setFillColor(GREY)
            draw_runs(
                canv, fonts, f"（{self.clerk}）", start + 15 * mm, top - 6 * mm, 9, align="center"
            )
            canv.setFillColor(INK)
        y = top - 16 * mm
        self._line(f"{self.party}：", 0, y, 30 * mm)
        y -= 11 * mm
        x = self._line("日期：", 0, y, 14 * mm)
        for i, unit in enumerate(("年", "月", "日")):
            ux = x + 15 * mm + i * 12 * mm
            if i:
                canv.line(ux - 11 * mm, y - 2, ux - 1 * mm, y - 2)
            draw_runs(canv, fonts, unit, ux, y, 12)
        right = self.width - 2 * mm
        cx, cy, r = right - 24 * mm, self.height / 2, 19 * mm
        if self.seal_label:
            canv.setStrokeColor(RULE)
            canv.setDash(2, 2)
            canv.circle(cx, cy, r, stroke=1, fill=0)
            canv.setFillColor(GREY)
            draw_runs(canv, fonts, self.seal_label, cx, cy - r + 4 * mm, 9, align="center")
            canv.setFillColor(INK)
        draw_runs(canv, fonts, self.unit, right, cy + 2 * mm, 13, align="right")
        draw_runs(canv, fonts, cn_date(self.issued_on), right, cy - 6 * mm, 13, align="right")
        canv.restoreState()


class Kit:
    """Styles and building blocks bound to one font set."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        body = fonts.body_name
        head = fonts.heading_name
        self.title = ParagraphStyle(
            "title", fontName=head, fontSize=22, leading=30, alignment=TA_CENTER, spaceAfter=4
        )
        self.subtitle = ParagraphStyle(
            "subtitle", fontName=body, fontSize=10.5, leading=14, alignment=TA_CENTER
        )
        self.body = ParagraphStyle(
            "body", fontName=body, fontSize=12, leading=20, wordWrap="CJK", alignment=TA_LEFT
        )
        self.indented = ParagraphStyle("indented", parent=self.body, firstLineIndent=24)
        self.heading = ParagraphStyle(
            "heading", fontName=head, fontSize=12.5, leading=20, spaceBefore=6, spaceAfter=2
        )
        self.label = ParagraphStyle("label", fontName=head, fontSize=11, leading=16)
        self.cell = ParagraphStyle("cell", fontName=body, fontSize=11.5, leading=16, wordWrap="CJK")
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.meta = ParagraphStyle("meta", fontName=body, fontSize=11, leading=16)
        self.meta_right = ParagraphStyle("meta_right", parent=self.meta, alignment=TA_RIGHT)
        # Tables set a cell font even around paragraphs: ours, or Helvetica would be referenced.
        font = [("FONTNAME", (0, 0), (-1, -1), body)]
        self._plain = TableStyle([*_PLAIN, *font])
        self._grid = TableStyle([*_GRID, *font])
        self._grid_headed = TableStyle([*_GRID_HEADED, *font])
        self.small = ParagraphStyle(
            "small", fontName=body, fontSize=9, leading=13, textColor=GREY, wordWrap="CJK"
        )

    # ---- text --------------------------------------------------------------------------

    def markup(self, text: str, style: ParagraphStyle) -> str:
        """``text`` as paragraph markup: escaped, with a font tag on every fallback run."""
        role = FontRole.HEADING if style.fontName == self.fonts.heading_name else FontRole.BODY
        parts = []
        for font, run in self.fonts.runs(text, role):
            escaped = _escape(run)
            parts.append(
                escaped if font == style.fontName else f'<font face="{font}">{escaped}</font>'
            )
        return "".join(parts)

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        style = style or self.body
        lines = text.split("\n")
        return Paragraph("<br/>".join(self.markup(line, style) for line in lines), style)

    def rich(
        self, pieces: Sequence[tuple[str, bool]], style: ParagraphStyle | None = None
    ) -> Paragraph:
        """A paragraph of pieces, ``(text, emphasised)``; emphasis is the Hei face."""
        style = style or self.body
        out = []
        for text, strong in pieces:
            if strong:
                inner = self.markup(text, self.label)
                out.append(f'<font face="{self.fonts.heading_name}">{inner}</font>')
            else:
                out.append(self.markup(text, style))
        return Paragraph("".join(out), style)

    # ---- blocks ------------------------------------------------------------------------

    def header(self, title: str, number: str, issued_on: date) -> list[Flowable]:
        meta = Table(
            [
                [
                    self.para(f"编号：{number}", self.meta),
                    self.para(cn_date(issued_on), self.meta_right),
                ]
            ],
            colWidths=[FRAME_W * 0.65, FRAME_W * 0.35],
        )
        meta.setStyle(self._plain)
        return [self.para(title, self.title), Spacer(1, 3 * mm), meta, Spacer(1, 4 * mm)]

    def fields(self, rows: Sequence[tuple[str, str]], label_width: float = 34 * mm) -> Table:
        """A two-column table of labelled values; long values wrap inside their cell."""
        data = [[self.para(k, self.label), self.para(v, self.cell)] for k, v in rows]
        table = Table(data, colWidths=[label_width, FRAME_W - label_width])
        table.setStyle(self._grid)
        return table

    def materials(self, items: Sequence[Material], note_header: str = "说明") -> Table:
        data: list[list[Any]] = [
            [
                self.para("序号", self.label),
                self.para("材料名称", self.label),
                self.para(note_header, self.label),
            ]
        ]
        for i, m in enumerate(items, 1):
            data.append(
                [
                    self.para(str(i), self.cell),
                    self.para(m.name, self.cell),
                    self.para(m.note, self.cell),
                ]
            )
        table = Table(
            data, colWidths=[14 * mm, FRAME_W * 0.5, FRAME_W * 0.5 - 14 * mm], repeatRows=1
        )
        table.setStyle(self._grid_headed)
        return table

    def grid(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        right: Sequence[int] = (),
    ) -> Table:
        data: list[list[Any]] = [[self.para(h, self.label) for h in header]]
        for row in rows:
            data.append(
                [
                    self.para(v, self.cell_right if i in right else self.cell)
                    for i, v in enumerate(row)
                ]
            )
        table = Table(data, colWidths=list(widths), repeatRows=1)
        table.setStyle(self._grid_headed)
        return table

    def closing(
        self,
        clerk: str,
        unit: str,
        issued_on: date,
        seal_label: str,
        party: str = DEFAULT_PARTY,
    ) -> Flowable:
        """Signature lines (clerk; the other party, with a date), then unit and date, seal."""
        return KeepTogether(
            [Spacer(1, 6 * mm), _Closing(self, clerk, party, unit, issued_on, seal_label)]
        )


def framed(
    kit: Kit, doc: OfficialDocument, body: Sequence[Flowable], *, party: str = DEFAULT_PARTY
) -> list[Flowable]:
    """``body`` in the frame every A4 document shares: the title block (title, number, date)
    above it, the closing (signatures, ``party`` signing for it, issuing unit, date, seal) below."""
    return [
        *kit.header(doc.kind.title_zh, doc.number, doc.issued_on),
        *body,
        kit.closing(doc.clerk, doc.issuing_unit, doc.issued_on, doc.issuer.seal_label, party),
    ]


_PLAIN = (
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 1),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
)
_GRID = (
    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
    ("BACKGROUND", (0, 0), (0, -1), SHADE),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
)
_GRID_HEADED = (
    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
)


def _furniture(kit: Kit, info: PageInfo) -> Any:
    fonts = kit.fonts

    def on_page(canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        if info.sample:
            canv.saveState()
            canv.setFillColor(WATERMARK)
            canv.translate(PAGE_W / 2, PAGE_H / 2)
            canv.rotate(35)
            draw_runs(canv, fonts, "样本  SAMPLE", 0, -20, 64, FontRole.HEADING, "center")
            draw_runs(
                canv, fonts, "仅供打印机调试，不具效力", 0, -60, 20, FontRole.HEADING, "center"
            )
            canv.restoreState()
        rule_y = PAGE_H - MARGIN_TOP + 6 * mm
        draw_runs(canv, fonts, info.hall_name, MARGIN_X, rule_y + 12 * mm, 14, FontRole.HEADING)
        if info.hall_contact:
            canv.setFillColor(GREY)
            draw_runs(canv, fonts, info.hall_contact, MARGIN_X, rule_y + 5 * mm, 9)
            canv.setFillColor(INK)
        if info.code:
            qx = PAGE_W - MARGIN_X - QR_SIZE
            qy = rule_y + 5.5 * mm
            draw_qr(canv, info.code, qx, qy, QR_SIZE)
            canv.setFillColor(GREY)
            draw_runs(
                canv, fonts, QR_CAPTION, qx + QR_SIZE / 2, rule_y + 2 * mm, 7.5, align="center"
            )
            canv.setFillColor(INK)
        canv.setStrokeColor(INK)
        canv.setLineWidth(1.2)
        canv.line(MARGIN_X, rule_y, PAGE_W - MARGIN_X, rule_y)
        canv.setLineWidth(0.4)
        canv.line(MARGIN_X, rule_y - 1.2, PAGE_W - MARGIN_X, rule_y - 1.2)
        # footer
        fy = MARGIN_BOTTOM - 10 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(MARGIN_X, fy + 4 * mm, PAGE_W - MARGIN_X, fy + 4 * mm)
        canv.setFillColor(GREY)
        draw_runs(canv, fonts, f"{info.title}　编号：{info.number}", MARGIN_X, fy, 8)
        draw_runs(canv, fonts, f"第 {doc.page} 页", PAGE_W - MARGIN_X, fy, 8, align="right")
        if info.footer_note:
            draw_runs(canv, fonts, info.footer_note, MARGIN_X, fy - 4 * mm, 7.5)
        canv.restoreState()

    return on_page


def build_a4(
    kit: Kit, info: PageInfo, flowables: list[Flowable], *, keywords: str = "", author: str = ""
) -> bytes:
    """Lay out ``flowables`` on A4 pages with the shared furniture; returns the PDF."""
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{info.title} {info.number}",
        author=author,
        subject=info.title,
        keywords=keywords,
        creator="OneWindow 一窗通",
        initialFontName=kit.fonts.body_name,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        FRAME_W,
        PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_furniture(kit, info))])
    doc.build(flowables)
    return buf.getvalue()
