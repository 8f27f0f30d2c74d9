"""The itemised rental-tax receipt: one line per tax, the total in figures and in words."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printing.layout import FRAME_W, Kit, cn_date, framed, money, percent
from printing.model import RentalTaxReceipt

__all__ = ["build_rental_tax_receipt", "cn_amount"]

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_GROUPS = ("", "万", "亿", "万亿")


def _group(g: int) -> str:
    out, zero = "", False
    for unit, name in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        d = g // unit % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[d] + name
    return out


def _integer(n: int) -> str:
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    if len(groups) > len(_GROUPS):
        raise ValueError("amount too large")
    out, gap = "", False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            gap = bool(out)
            continue
        if out and (g < 1000 or gap):
            out += "零"
        out += _group(g) + _GROUPS[i]
        gap = False
    return out


def cn_amount(value: Decimal) -> str:
    """An amount in yuan in capital figures (大写): 1,205.50 → 壹仟贰佰零伍元伍角整."""
    fen_total = int((value * 100).to_integral_value())
    if fen_total < 0:
        raise ValueError("negative amount")
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    if fen_total == 0:
        return "零元整"
    out = _integer(yuan) + "元" if yuan else ""
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif yuan and fen:
        out += "零"
    out += _DIGITS[fen] + "分" if fen else "整"
    return out


def build_rental_tax_receipt(doc: RentalTaxReceipt, kit: Kit) -> list[Flowable]:
    t = doc.taxpayer
    rows = [
        ("受理编号", doc.case_number),
        ("纳税人", t.name),
        ("证件类型及号码", f"{t.id_type}　{t.masked_id}"),
        ("房屋坐落", doc.address),
        ("计税期间", f"{cn_date(doc.period_start)} 至 {cn_date(doc.period_end)}"),
        ("租金收入", f"{money(doc.rent)} 元"),
        ("适用规则", doc.rule_set),
    ]
    if doc.payment_method:
        rows.append(("缴款方式", doc.payment_method))
    lines = [
        [
            line.name + (f"（{line.note}）" if line.note else ""),
            money(line.base),
            percent(line.rate),
            money(line.amount),
        ]
        for line in doc.lines
    ]
    lines.append(["合计", "", "", money(doc.total)])
    out: list[Flowable] = [
        kit.fields(rows),
        kit.para("税费明细", kit.heading),
        kit.grid(
            ["税费项目", "计税依据（元）", "税率（征收率）", "税额（元）"],
            lines,
            [FRAME_W - 118 * mm, 42 * mm, 34 * mm, 42 * mm],
            right=(1, 2, 3),
        ),
        Spacer(1, 2 * mm),
        kit.rich(
            [
                ("合计金额（大写）：", True),
                (f"人民币{cn_amount(doc.total)}", False),
                ("　（小写）：", True),
                (f"¥{money(doc.total)}", False),
            ]
        ),
        Spacer(1, 2 * mm),
        kit.para(
            f"本凭证按“{doc.rule_set}”计算，仅作为已缴纳出租房屋相关税费的明细证明。",
            kit.small,
        ),
    ]
    return framed(kit, doc, out, party="纳税人（签收）")
